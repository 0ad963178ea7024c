"""Who is where: zone and hall occupancy from the scans, with exits inferred where nobody scanned out.

Visitors often walk out of a zone without scanning, so a count of entries minus scanned exits
only grows. The tracker ends a visit without a scan in four ways, and counts each as inferred:

- PASSBACK: the visitor entered another zone that cannot be occupied at the same time (two
  zones can only both hold someone when one lies inside the other);
- LEFT_HALL: the visitor left the hall (or came in through a hall entrance again, which means
  they left it unseen);
- TIMEOUT: the visit is older than the zone's dwell timeout;
- CORRECTION: an operator counted the zone by hand and found fewer people; the visits that
  started first end (the likeliest to have left). A count above ours adds unnamed occupants who
  time out like anyone else, so a correction is carried forward instead of being a fixed offset
  that later exits would count twice.

Times are seconds since the epoch (floats: the tracker replays millions of scans). Everything a
dashboard or a report shows at a moment of the day is kept per minute, so scrubbing through a
day is an array lookup and a refresh costs the same at 100 thousand scans as at 10 million.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

HALL = "hall"  # the whole hall's key beside the zone ids
MINUTES = 24 * 60
BUYER_CLASSES = frozenset({"domestic_buyer", "overseas_buyer"})


class Cause(StrEnum):
    SCANNED = "scanned"
    PASSBACK = "passback"
    LEFT_HALL = "left_hall"
    TIMEOUT = "timeout"
    CORRECTION = "correction"
    CLOSING = "closing"  # the hall closed with them still counted inside


OBSERVED_ENDS = frozenset({Cause.SCANNED, Cause.PASSBACK, Cause.LEFT_HALL})  # a visit's length is known


@dataclass(frozen=True, slots=True)
class ZoneRule:
    id: str
    capacity: int
    timeout_s: float | None  # None: no dwell timeout (the hall: everyone leaves at closing)
    overlaps: frozenset[str] = frozenset()  # zones that can be occupied together with this one


@dataclass(frozen=True, slots=True)
class Passage:
    """One scan that let someone through, or recorded them leaving."""

    at: float
    visitor: str
    zone: str  # HALL for hall doors
    entering: bool
    visitor_class: str = ""


@dataclass
class Series:
    """One zone's day, minute by minute."""

    entries: list[int] = field(default_factory=lambda: [0] * MINUTES)
    exits: list[int] = field(default_factory=lambda: [0] * MINUTES)  # scanned and inferred
    inferred: list[int] = field(default_factory=lambda: [0] * MINUTES)
    occupancy: list[int] = field(default_factory=lambda: [0] * MINUTES)  # at the end of the minute
    peak: list[int] = field(default_factory=lambda: [0] * MINUTES)  # the most at once in the minute
    new_visitors: list[int] = field(default_factory=lambda: [0] * MINUTES)  # first visit today


@dataclass
class _Zone:
    rule: ZoneRule
    inside: dict[str, float] = field(default_factory=dict)  # visitor -> entered at
    seen: set[str] = field(default_factory=set)
    dwell: list[tuple[float, float]] = field(default_factory=list)  # (ended at, seconds): observed ends only
    causes: dict[Cause, int] = field(default_factory=lambda: dict.fromkeys(Cause, 0))
    series: Series = field(default_factory=Series)


class OccupancyTracker:
    """Feed it a day's passages in the order they were recorded; read the figures at any minute."""

    def __init__(self, zones: Iterable[ZoneRule], hall: ZoneRule, day_start: float,
                 closes_at: float | None = None) -> None:
        self.day_start = day_start
        self.closes_at = closes_at
        self.zones: dict[str, _Zone] = {HALL: _Zone(hall)}
        for rule in zones:
            self.zones[rule.id] = _Zone(rule)
        self.where: dict[str, set[str]] = {}  # visitor -> zones (not the hall) they are in
        self.class_of: dict[str, str] = {}
        self.classes: dict[str, list[int]] = {}  # visitors admitted for the first time today, a minute, by class
        self.buyers = [0] * MINUTES  # buyers in the hall at the end of each minute
        self._buyers_inside = 0
        self.stations: dict[str, list[int]] = {}  # scans a minute per station (every verdict)
        self.inferred_hall_entries = 0
        self._expiries: list[tuple[float, int, str, str, float]] = []
        self._seq = 0
        self._minute = 0  # the minutes before this one are final
        self.now = day_start

    # --- time --------------------------------------------------------------------------------

    def minute_of(self, at: float) -> int:
        return min(MINUTES - 1, max(0, int((at - self.day_start) // 60)))

    def advance(self, now: float) -> None:
        """Let time pass to `now`: visits that time out end, and the minutes behind are filled."""
        while self._expiries and self._expiries[0][0] <= now:
            expires, _seq, zone_id, visitor, entered = heapq.heappop(self._expiries)
            if self.zones[zone_id].inside.get(visitor) == entered:
                self._fill_to(self.minute_of(expires))
                self._end_visit(zone_id, visitor, expires, Cause.TIMEOUT)
        if self.closes_at is not None and now >= self.closes_at:
            self._close()
        self._fill_to(self.minute_of(now))
        self.now = max(self.now, now)

    def _close(self) -> None:
        """Closing time: whoever is still counted inside left unseen."""
        at = self.closes_at
        assert at is not None
        self.closes_at = None
        self._fill_to(self.minute_of(at))
        for zone_id, zone in self.zones.items():
            if zone_id != HALL:
                for visitor in list(zone.inside):
                    self._end_visit(zone_id, visitor, at, Cause.CLOSING)
        for visitor in list(self.zones[HALL].inside):
            self._end_visit(HALL, visitor, at, Cause.CLOSING)

    def _fill_to(self, minute: int) -> None:
        """Carry every count forward into the minutes up to `minute` in which nothing happened."""
        if minute <= self._minute:
            return
        for zone in self.zones.values():
            count = len(zone.inside)
            occupancy, peak = zone.series.occupancy, zone.series.peak
            occupancy[self._minute] = count
            for m in range(self._minute + 1, minute + 1):
                occupancy[m] = peak[m] = count
        self.buyers[self._minute:minute + 1] = [self._buyers_inside] * (minute + 1 - self._minute)
        self._minute = minute

    def _touch(self, zone: _Zone) -> None:
        count = len(zone.inside)
        m = self._minute
        zone.series.occupancy[m] = count
        if count > zone.series.peak[m]:
            zone.series.peak[m] = count

    # --- passages ----------------------------------------------------------------------------

    def note_scan(self, station: str, at: float) -> None:
        """Every recorded scan, let through or not: the desks' throughput."""
        per_minute = self.stations.get(station)
        if per_minute is None:
            per_minute = self.stations[station] = [0] * MINUTES
        per_minute[self.minute_of(at)] += 1

    def apply(self, passage: Passage) -> None:
        self.advance(passage.at)
        if passage.visitor_class:
            self.class_of.setdefault(passage.visitor, passage.visitor_class)
        zone = self.zones.get(passage.zone)
        if zone is None:
            return  # a gate of a zone that is no longer on the plan
        if passage.zone == HALL:
            if passage.entering:
                self._enter_hall(passage.visitor, passage.at)
            else:
                self._leave_hall(passage.visitor, passage.at, Cause.SCANNED)
        elif passage.entering:
            self._enter_zone(zone, passage.visitor, passage.at)
        else:
            if passage.visitor in zone.inside:
                self._end_visit(passage.zone, passage.visitor, passage.at, Cause.SCANNED)
            else:
                zone.causes[Cause.SCANNED] += 1  # out without a counted visit: nothing to take away
                zone.series.exits[self.minute_of(passage.at)] += 1

    def _enter_hall(self, visitor: str, at: float) -> None:
        hall = self.zones[HALL]
        if visitor in hall.inside:
            for zone_id in list(self.where.get(visitor, ())):
                self._end_visit(zone_id, visitor, at, Cause.LEFT_HALL)  # came in again: left unseen
            return
        self._admit_to_hall(visitor, at)

    def _admit_to_hall(self, visitor: str, at: float) -> None:
        self._start_visit(HALL, visitor, at)
        if self.class_of.get(visitor, "") in BUYER_CLASSES:
            self._buyers_inside += 1

    def _leave_hall(self, visitor: str, at: float, cause: Cause) -> None:
        for zone_id in list(self.where.get(visitor, ())):
            self._end_visit(zone_id, visitor, at, Cause.LEFT_HALL)
        hall = self.zones[HALL]
        if visitor in hall.inside:
            self._end_visit(HALL, visitor, at, cause)
        else:
            hall.causes[cause] += 1
            hall.series.exits[self.minute_of(at)] += 1

    def _enter_zone(self, zone: _Zone, visitor: str, at: float) -> None:
        zone_id = zone.rule.id
        for other in list(self.where.get(visitor, ())):
            if other == zone_id or other not in zone.rule.overlaps:
                self._end_visit(other, visitor, at, Cause.PASSBACK)
        if visitor not in self.zones[HALL].inside:
            self.inferred_hall_entries += 1  # in a zone, so in the hall: the entrance scan was missed
            self._admit_to_hall(visitor, at)
        self._start_visit(zone_id, visitor, at)
        self.where.setdefault(visitor, set()).add(zone_id)

    def _start_visit(self, zone_id: str, visitor: str, at: float) -> None:
        zone = self.zones[zone_id]
        zone.inside[visitor] = at
        minute = self.minute_of(at)
        zone.series.entries[minute] += 1
        if visitor not in zone.seen:
            zone.seen.add(visitor)
            zone.series.new_visitors[minute] += 1
            if zone_id == HALL:
                visitor_class = self.class_of.get(visitor, "") or "unknown"
                per_minute = self.classes.get(visitor_class)
                if per_minute is None:
                    per_minute = self.classes[visitor_class] = [0] * MINUTES
                per_minute[minute] += 1
        self._expire_later(zone, visitor, at)
        self._touch(zone)

    def _expire_later(self, zone: _Zone, visitor: str, at: float) -> None:
        """Queue the end of the visit at the zone's dwell timeout (if it has one)."""
        self._seq += 1
        if zone.rule.timeout_s is not None:
            heapq.heappush(self._expiries, (at + zone.rule.timeout_s, self._seq, zone.rule.id, visitor, at))

    def _end_visit(self, zone_id: str, visitor: str, at: float, cause: Cause) -> None:
        zone = self.zones[zone_id]
        entered = zone.inside.pop(visitor)
        minute = self.minute_of(at)
        zone.series.exits[minute] += 1
        zone.causes[cause] += 1
        if cause is not Cause.SCANNED:
            zone.series.inferred[minute] += 1
        if cause in OBSERVED_ENDS:
            zone.dwell.append((at, max(0.0, at - entered)))
        if zone_id == HALL:
            if self.class_of.get(visitor, "") in BUYER_CLASSES:
                self._buyers_inside -= 1
        else:
            places = self.where.get(visitor)
            if places is not None:
                places.discard(zone_id)
                if not places:
                    del self.where[visitor]
        self._touch(zone)

    # --- corrections -------------------------------------------------------------------------

    def correct(self, zone_id: str, at: float, count: int) -> None:
        """An operator counted `count` people in the zone at `at`."""
        self.advance(at)
        zone = self.zones.get(zone_id)
        if zone is None:
            return
        surplus = len(zone.inside) - max(0, count)
        if surplus > 0:
            first_in = sorted(zone.inside.items(), key=lambda item: item[1])[:surplus]
            for visitor, _entered in first_in:
                if zone_id == HALL:
                    self._leave_hall(visitor, at, Cause.CORRECTION)
                else:
                    self._end_visit(zone_id, visitor, at, Cause.CORRECTION)
        for n in range(-surplus):
            unnamed = f"~counted-{zone_id}-{self._seq}-{n}"  # someone counted, never scanned: not a unique visitor
            zone.inside[unnamed] = at
            self._expire_later(zone, unnamed, at)
        self._touch(zone)

    # --- reading ----------------------------------------------------------------------------

    def occupancy(self, zone_id: str) -> int:
        return len(self.zones[zone_id].inside)

    def unique_visitors(self, zone_id: str) -> int:
        return len(self.zones[zone_id].seen)

    def causes(self, zone_id: str) -> Mapping[Cause, int]:
        return self.zones[zone_id].causes

    def dwell(self, zone_id: str, until: float | None = None) -> list[float]:
        """Lengths of the visits whose end was seen, ended by `until` (default: all so far)."""
        return [seconds for ended, seconds in self.zones[zone_id].dwell if until is None or ended <= until]

    def series(self, zone_id: str) -> Series:
        return self.zones[zone_id].series

    @property
    def buyers_inside(self) -> int:
        return self._buyers_inside
