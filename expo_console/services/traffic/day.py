"""One day's traffic read from the event file: replayed once, then kept up to date.

`TrafficDay(store, day)` replays the day's scans (by time, through the scans_time index) and the
operators' head counts into an OccupancyTracker. `refresh()` reads only what was recorded since
(rows after the last rowid seen), so a refresh costs the same at 10 million scans as at 100
thousand. `snapshot(minute)` gives every figure the dashboard, the CLI and the report show, at
any minute of the day: the report and the screen cannot disagree because they read the same.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from expo_console.domain.access import Action
from expo_console.domain.checkin import ENTRIES, Verdict
from expo_console.domain.occupancy import HALL, MINUTES, Cause, OccupancyTracker, Passage, ZoneRule
from expo_console.domain.traffic_stats import (
    Alert,
    QueueEstimate,
    alerts,
    buckets,
    clock,
    implied_queue,
    median,
    peak_hour,
)
from expo_console.services.access import require
from expo_console.services.progress import ProgressCallback, no_progress
from expo_console.services.traffic import counting
from expo_console.storage import event_repo, scans_repo
from expo_console.storage.connection import EventStore, parse_utc_stamp, utc_stamp

_BATCH = 20_000
LATE_S = 10 * 60  # a scan this much older than the figures' clock makes the day replay
PLAYBACK_QUIET_S = 10.0  # a past day whose scans stopped arriving this long ago is finished
REPLAY_NEEDED = -1  # refresh(replay_here=False): the day must be replayed from the start


def _epoch(stamp: str) -> float:
    return parse_utc_stamp(stamp).timestamp()


@dataclass(frozen=True, slots=True)
class ZoneFigures:
    id: str
    name: str
    name_en: str
    colour: str
    capacity: int
    occupancy: int
    entries: int  # today, up to the minute
    exits: int  # scanned and inferred
    inferred_exits: int
    inferred_by_cause: dict[str, int]
    unique_visitors: int

    @property
    def ratio(self) -> float:
        return self.occupancy / self.capacity if self.capacity else 0.0

    @property
    def level(self) -> float:
        """0, 0.8 or 1.0: the alert level the zone is at."""
        return 1.0 if self.ratio >= 1.0 else 0.8 if self.ratio >= 0.8 else 0.0


@dataclass(frozen=True, slots=True)
class StationFigures:
    station: str
    scans_last_minute: int
    queue: QueueEstimate


@dataclass(frozen=True)
class Snapshot:
    day: dt.date
    minute: int
    hall: ZoneFigures
    zones: list[ZoneFigures]
    buyers_on_site: int
    inferred_hall_entries: int
    alerts: list[Alert]
    peak_hour: tuple[int, int] | None  # (hour, hall entries)
    stations: list[StationFigures] = field(default_factory=list)

    @property
    def clock(self) -> str:
        return clock(self.minute)


class TrafficDay:
    def __init__(self, store: EventStore, day: dt.date, progress: ProgressCallback = no_progress,
                 cancelled: Callable[[], bool] = lambda: False, now: dt.datetime | None = None) -> None:
        require(store, Action.VIEW_TRAFFIC)
        self.store = store
        self.day = day
        self.zone = counting.event_zone(store)
        start = dt.datetime.combine(day, dt.time(), self.zone)
        self.start, self.end = utc_stamp(start), utc_stamp(start + dt.timedelta(days=1))
        self.counted = counting.counted_zones(store)
        self.names = {z.id: (z.name, z.name_en, z.colour) for z in self.counted}
        self.names[HALL] = (event_repo.hall_name(store.conn) or "Hall", "Hall", "#37474f")
        self.capacities = {z.id: z.capacity for z in self.counted}
        self.capacities[HALL] = counting.hall_capacity(store)
        self.lane_per_minute = counting.lane_per_minute(store)
        self.gates = counting.gate_places(store)
        self._closes = dt.datetime.combine(day, counting.closing_time(store), self.zone).timestamp()
        self._day_start, self._day_end = start.timestamp(), start.timestamp() + MINUTES * 60
        self._last_arrival = -PLAYBACK_QUIET_S  # monotonic time new scans of this day last came in
        self._build(progress, cancelled)
        self.refresh(now)

    def use_store(self, store: EventStore) -> None:
        """Read from `store` from now on (the day is replayed on a worker's own connection)."""
        self.store = store

    def _build(self, progress: ProgressCallback = no_progress,
               cancelled: Callable[[], bool] = lambda: False) -> None:
        self.tracker = OccupancyTracker(counting.zone_rules(self.counted),
                                        ZoneRule(HALL, self.capacities[HALL], None), self._day_start, self._closes)
        self.cursor = 0
        self.scans_taken = 0  # of this day, read so far
        self.latest_scan = self._day_start  # the time of the latest scan of the day (the playback clock)
        self._seen_corrections: set[str] = set()
        self._annulments = scans_repo.annulment_count(self.store.conn, self.start, self.end)  # taken back: replayed without them
        self._replay(progress, cancelled)

    # --- reading scans -----------------------------------------------------------------------

    def _replay(self, progress: ProgressCallback, cancelled: Callable[[], bool]) -> None:
        pending = [(c[2], c) for c in counting.corrections(self.store, self.start, self.end)]
        total = scans_repo.count_between(self.store.conn, self.start, self.end)
        # rowids only grow (scans are never deleted): everything after `top` is left to refresh()
        top = scans_repo.max_rowid(self.store.conn)
        done = 0
        for rows in scans_repo.traffic_batches(self.store.conn, self.start, self.end, top, _BATCH):
            for row in rows:
                while pending and pending[0][0] <= row[1]:
                    self._correct(pending.pop(0)[1])
                self._take(row)
            done += len(rows)
            progress(done, total)
            if cancelled():
                return
        for _at, correction in pending:
            self._correct(correction)
        self.cursor = top

    def _take(self, row: scans_repo.TrafficScan) -> None:
        rowid, scanned_at, station, gate_id, direction, visitor_id, verdict, visitor_class = row
        self.cursor = max(self.cursor, rowid)
        self.scans_taken += 1
        at = _epoch(scanned_at)
        self.latest_scan = max(self.latest_scan, at)
        self.tracker.note_scan(station, at)
        place = self.gates.get(gate_id)
        if place is None or visitor_id is None:
            return
        kind, where = place
        if verdict in ENTRIES and direction != "out" and kind != "hall_exit":
            self.tracker.apply(Passage(at, visitor_id, where, True, visitor_class or ""))
        elif verdict == Verdict.EXIT_RECORDED:
            self.tracker.apply(Passage(at, visitor_id, where, False, visitor_class or ""))

    def _correct(self, correction: tuple[str, str, str, int]) -> None:
        correction_id, zone_id, counted_at, count = correction
        self._seen_corrections.add(correction_id)
        self.tracker.correct(zone_id, _epoch(counted_at), count)

    def refresh(self, now: dt.datetime | None = None, *, replay_here_up_to: int | None = None) -> int:
        """Take the scans and head counts recorded since the last refresh; returns how many scans.

        A scan stamped more than LATE_S before the tracker's clock (a desk that was offline, or
        a day being simulated after it was shown as finished) cannot be slotted in after the
        minutes it belongs to were closed, so the day is replayed from the start instead; so is
        a day whose scans were annulled. A day of more than `replay_here_up_to` scans is left as
        it was and REPLAY_NEEDED returned: the caller replays it elsewhere (the window, on a
        worker: a day of a hundred thousand scans takes a second or more, and a desk catching up
        with the hub brings late scans at every refresh).
        """
        def too_big(new: int = 0) -> bool:
            return replay_here_up_to is not None and self.scans_taken + new > replay_here_up_to

        if scans_repo.annulment_count(self.store.conn, self.start, self.end) != self._annulments:  # a scan counted before was annulled
            if too_big():
                return REPLAY_NEEDED
            self._build()
            self.tracker.advance(self._clock(now))
            return 0
        rows = scans_repo.traffic_after(self.store.conn, self.cursor)
        ours = [row for row in rows if self.start <= row[1] < self.end]
        if ours:
            self._last_arrival = time.monotonic()
            if min(_epoch(row[1]) for row in ours) < self.tracker.now - LATE_S:
                if too_big(len(ours)):
                    return REPLAY_NEEDED
                self._build()
                self.tracker.advance(self._clock(now))
                return len(ours)
        for row in ours:
            self._take(row)
        if rows:
            self.cursor = max(self.cursor, rows[-1][0])
        for correction in counting.corrections(self.store, self.start, self.end):
            if correction[0] not in self._seen_corrections:
                self._correct(correction)
        self.tracker.advance(self._clock(now))
        return len(ours)

    @property
    def live(self) -> bool:
        """Whether the day is happening: today, or a day whose scans are being played back now."""
        moment = time.time()
        return self._day_start <= moment < self._day_end or (moment >= self._day_end and self._playing())

    def _playing(self) -> bool:
        """Scans of this (past) day came in lately: something is playing it back."""
        return time.monotonic() - self._last_arrival < PLAYBACK_QUIET_S

    def moment(self) -> dt.datetime:
        """The figures' clock as a time (a head count taken now is stamped with it)."""
        return dt.datetime.fromtimestamp(self.tracker.now, dt.UTC)

    def _clock(self, now: dt.datetime | None) -> float:
        """The moment the figures are at: `now`; for a day gone by, its end, unless its scans are
        still coming in (a simulation playing it back), when the latest scan's time is the clock."""
        last = self._day_end - 1
        if now is not None:
            return min(now.timestamp(), last)
        moment = time.time()
        if moment < self._day_end:
            return moment
        if self._playing():
            return self.latest_scan
        return last

    # --- figures -----------------------------------------------------------------------------

    @property
    def minute_now(self) -> int:
        return self.tracker.minute_of(self.tracker.now)

    def snapshot(self, minute: int | None = None) -> Snapshot:
        m = self.minute_now if minute is None else max(0, min(minute, self.minute_now))
        tracker = self.tracker
        found_alerts: list[Alert] = []
        figures = {}
        for zone_id in [HALL, *(z.id for z in self.counted)]:
            figures[zone_id] = self._figures(zone_id, m)
            series = tracker.series(zone_id)
            found_alerts += alerts(zone_id, series.peak, series.occupancy, self.capacities[zone_id], m)
        stations = [StationFigures(name, per_minute[m], implied_queue(per_minute, m, self.lane_per_minute))
                    for name, per_minute in sorted(tracker.stations.items())]
        return Snapshot(self.day, m, figures[HALL], [figures[z.id] for z in self.counted],
                        tracker.buyers[m] if m < self.minute_now else tracker.buyers_inside,
                        tracker.inferred_hall_entries, sorted(found_alerts, key=lambda a: (a.start, a.level)),
                        peak_hour(tracker.series(HALL).entries, m), stations)

    def _figures(self, zone_id: str, m: int) -> ZoneFigures:
        series = self.tracker.series(zone_id)
        upto = m + 1
        occupancy = series.occupancy[m] if m < self.minute_now else self.tracker.occupancy(zone_id)
        name, name_en, colour = self.names[zone_id]
        by_cause = {c.value: n for c, n in self.tracker.causes(zone_id).items() if c is not Cause.SCANNED and n} \
            if m == self.minute_now else {}
        return ZoneFigures(zone_id, name, name_en, colour, self.capacities[zone_id], occupancy,
                           sum(series.entries[:upto]), sum(series.exits[:upto]), sum(series.inferred[:upto]),
                           by_cause, sum(series.new_visitors[:upto]))

    def active_hours(self) -> tuple[int, int]:
        """The clock hours the charts span: from the first scan's hour to the last's or closing."""
        hall = self.tracker.series(HALL)
        busy = [m for m in range(MINUTES) if hall.entries[m] or hall.exits[m]]
        closing_hour = -(-int(self._closes - self._day_start) // 3600)
        if not busy:
            return min(9, closing_hour - 1), closing_hour
        return busy[0] // 60, min(24, max(busy[-1] // 60 + 1, closing_hour))

    def peak_of(self, zone_id: str, minute: int) -> tuple[int, int]:
        """The most people at once in the zone up to `minute`, and the first minute it happened."""
        peak = self.tracker.series(zone_id).peak[:minute + 1]
        if minute >= self.minute_now:
            peak[-1] = max(peak[-1], self.tracker.occupancy(zone_id))
        most = max(peak, default=0)
        return most, peak.index(most) if most else 0

    def local_time(self, stamp: str) -> str:
        """A UTC stamp as the event's local HH:MM."""
        return dt.datetime.fromtimestamp(_epoch(stamp), self.zone).strftime("%H:%M")

    def timeline(self, zone_id: str, minute: int, size: int) -> tuple[list[int], list[int]]:
        """Entries and exits (scanned and inferred) per `size`-minute bucket up to `minute`."""
        series = self.tracker.series(zone_id)
        return buckets(series.entries, size, minute), buckets(series.exits, size, minute)

    def occupancy_line(self, zone_id: str, minute: int) -> list[int]:
        """People inside at the end of each minute, from midnight to `minute`."""
        series = self.tracker.series(zone_id)
        line = list(series.occupancy[:minute + 1])
        if minute >= self.minute_now:  # the live minute is not closed yet: show the count now
            line[-1] = self.tracker.occupancy(zone_id)
        return line

    def classes_admitted(self, minute: int) -> dict[str, int]:
        """Visitors admitted for the first time today, by class, up to `minute`."""
        totals = {cls: sum(per_minute[:minute + 1]) for cls, per_minute in self.tracker.classes.items()}
        return {cls: n for cls, n in sorted(totals.items(), key=lambda kv: -kv[1]) if n}

    def median_dwell_s(self, zone_id: str, minute: int | None = None) -> float | None:
        """Visits whose end was seen (scanned out, into another zone, out of the hall) by the end of
        `minute`; timeouts say nothing about how long people stayed."""
        until = None if minute is None else self.tracker.day_start + (minute + 1) * 60
        return median(self.tracker.dwell(zone_id, until))
