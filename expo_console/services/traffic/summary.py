"""A day's traffic summed up for the sponsors' report, from the same snapshot the dashboard shows.

Everything here is read from one TrafficDay at one minute, so the report's figures are the
dashboard's figures for that minute, not a second calculation that could drift from them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from expo_console.domain.occupancy import BUYER_CLASSES, HALL
from expo_console.domain.traffic_stats import Alert, clock
from expo_console.services.checkin.admission_conflicts import AdmissionConflict, list_conflicts
from expo_console.services.traffic import counting
from expo_console.services.traffic.day import Snapshot, TrafficDay, ZoneFigures

HALL_COLOUR = "#37474f"


@dataclass(frozen=True, slots=True)
class ZoneLine:
    figures: ZoneFigures
    peak: int  # the most inside at once
    peak_at: str  # HH:MM it first happened
    median_stay_min: float | None
    alerts: int


@dataclass(frozen=True, slots=True)
class DeskLine:
    station: str
    scans: int
    busiest_minute: int  # scans in the desk's busiest minute
    busiest_at: str


@dataclass(frozen=True)
class DaySummary:
    snapshot: Snapshot
    hall: ZoneLine
    zones: list[ZoneLine]
    classes: dict[str, int]  # first admissions by class
    buyers_admitted: int
    inferred_exits: int
    exits: int
    alerts: list[Alert]
    head_counts: list[counting.HeadCount]
    desks: list[DeskLine]
    timeline: tuple[list[int], list[int]]  # the hall's entries and exits per 15 minutes
    hours: tuple[int, int]  # the clock hours the charts span
    occupancy: dict[str, tuple[str, list[float]]]  # zone -> (colour, % of capacity each minute)
    local_times: dict[str, str]  # head counts' and conflicting scans' UTC stamps -> HH:MM
    conflicts: list[AdmissionConflict] = field(default_factory=list)  # badges admitted at two desks apart, so far

    @property
    def inferred_share(self) -> float | None:
        return self.inferred_exits / self.exits if self.exits else None


def summarise(day: TrafficDay, minute: int | None = None) -> DaySummary:
    snapshot = day.snapshot(minute)
    m = snapshot.minute

    def line(figures: ZoneFigures) -> ZoneLine:
        peak, peak_minute = day.peak_of(figures.id, m)
        stay = day.median_dwell_s(figures.id, m)
        return ZoneLine(figures, peak, clock(peak_minute), None if stay is None else stay / 60,
                        sum(1 for a in snapshot.alerts if a.zone == figures.id))

    classes = day.classes_admitted(m)
    zones = [line(z) for z in snapshot.zones]
    every = [snapshot.hall, *snapshot.zones]
    desks = []
    for station, per_minute in sorted(day.tracker.stations.items()):
        upto = per_minute[:m + 1]
        busiest = max(range(len(upto)), key=lambda i: (upto[i], -i)) if upto else 0
        desks.append(DeskLine(station, sum(upto), upto[busiest] if upto else 0, clock(busiest)))
    occupancy = {}
    for figures in every:
        values = day.occupancy_line(figures.id, m)
        occupancy[figures.id] = (HALL_COLOUR if figures.id == HALL else figures.colour,
                                 [100 * v / figures.capacity if figures.capacity else 0.0 for v in values])
    counts = [h for h in counting.head_counts(day.store, day.start, day.end)
              if day.local_time(h.counted_at) <= snapshot.clock]
    conflicts = [c for c in list_conflicts(day.store, day.day)
                 if day.local_time(c.second.scanned_at) <= snapshot.clock]
    return DaySummary(snapshot, line(snapshot.hall), zones, classes,
                      sum(classes.get(c, 0) for c in BUYER_CLASSES),
                      sum(f.inferred_exits for f in every), sum(f.exits for f in every), snapshot.alerts,
                      counts, desks, day.timeline(HALL, m, 15), day.active_hours(), occupancy,
                      {stamp: day.local_time(stamp) for stamp in [h.counted_at for h in counts] + [
                          scan.scanned_at for c in conflicts for scan in (c.first, c.second)]}, conflicts)


def zone_name(summary: DaySummary, zone_id: str, english: bool = False) -> str:
    if zone_id == HALL:
        return "Whole hall" if english else "홀 전체"
    for zone in summary.zones:
        if zone.figures.id == zone_id:
            return zone.figures.name_en if english and zone.figures.name_en else zone.figures.name
    return zone_id
