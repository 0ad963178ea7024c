"""The crowd a hall is meant for: how many visitors a simulated day brings and how strongly each
zone draws them, derived from the hall's and the zones' capacities.

Targets, as shares of capacity:

- the hall at its busiest minute, HALL_PEAK: a capacity is COEX's real-time cap (one person per
  4 m²), and the fullest a Korean exhibition hall was measured at is 6.1–6.3 m² a person
  (shared/EXPO-FACTS.md): a busy day peaks at about 4 / 6.2 ≈ 65 % of the cap, and the hall never
  raises an alert;
- every counted zone at its busy time, ZONE_PEAK: into the amber band (80–100 %). The busy time
  is when it draws most (the tasting zone at lunch, the studio on air) and a little after (those
  who left without a scan are counted a while longer); a zone that draws alike all day (theme
  zones, the consultation zone) is busy around the hall's busiest minute;
- every counted zone outside its busy time, at most OFF_PEAK: below the 80 % alert, with room for
  a minute's ups and downs. The hall's afternoon is nearly as full as its noon, so without this a
  theme zone filled at noon sits at the alert line all afternoon.

The figures calibrated are the ones the dashboard will show, not the plan's own: a pilot day is
played through the same OccupancyTracker, so the exits nobody scanned (counted until the next
zone, the hall exit or the dwell timeout) are in them. The hall's count is proportional to the
number of visitors and a zone's nearly proportional to its chance, so a few rounds of scaling
both to their targets converge; the round that came nearest is the day the service then plays.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from expo_console.domain.day_simulation import (
    DEFAULT_VISIT_CHANCE,
    DayParameters,
    SimZone,
    plan_day,
)
from expo_console.domain.occupancy import HALL, MINUTES, OccupancyTracker, Passage, ZoneRule

HALL_PEAK = 0.65
ZONE_PEAK = 0.9
OFF_PEAK = 0.75
BUSY_TAIL_S = 20 * 60  # after a zone's draw ends, the people who left it unscanned are still counted
MIDDAY_S = 60 * 60  # an all-day zone is busy this long either side of the hall's busiest minute
ROUNDS = 6  # a pilot of a 3,000-visitor day takes about 0.1 s
MAX_APPOINTMENTS = 8.0  # a buyer's meetings in a day, at most on average
_ENTRANCE, _EXIT = "~entrance", "~exit"  # the pilot's stand-ins for the hall's gates


@dataclass(frozen=True)
class Crowd:
    visitors: int
    params: DayParameters
    peaks: dict[str, int]  # zone id (HALL for the hall) -> the most at once in its busy time, on the pilot day
    off_peaks: dict[str, int]  # zone id -> the most at once outside its busy time


def busy_windows(zone: SimZone, params: DayParameters, hall_busiest_s: float) -> list[tuple[float, float]]:
    """When the zone is meant to fill (seconds after midnight)."""
    if zone.role == "tasting":
        windows = [params.tasting_hours]
    elif zone.role == "studio":
        windows = list(params.broadcasts)
    else:
        return [(hall_busiest_s - MIDDAY_S, hall_busiest_s + MIDDAY_S)]
    return [(start, end + BUSY_TAIL_S) for start, end in windows]


def pilot_peaks(classes: Sequence[str], zones: Sequence[SimZone], rules: Sequence[ZoneRule], hall_capacity: int,
                closes_at: float | None, params: DayParameters,
                seed: int) -> tuple[dict[str, int], dict[str, int]]:
    """The most people at once that the tracker counts on the planned day, per zone in its busy
    time (and the hall all day), and per zone outside its busy time."""
    steps = plan_day(classes, zones, [_ENTRANCE], [_EXIT], params, seed)
    tracker = OccupancyTracker(rules, ZoneRule(HALL, hall_capacity, None), 0.0, closes_at)
    zone_of = {z.gate_id: z.id for z in zones}
    for step in steps:
        tracker.apply(Passage(step.at, str(step.visitor), zone_of.get(step.gate_id, HALL), step.direction == "in",
                              classes[step.visitor]))
    tracker.advance(MINUTES * 60 - 1)
    hall = tracker.series(HALL).peak
    busiest = hall.index(max(hall)) * 60.0
    peaks, off_peaks = {HALL: max(hall)}, {}
    for zone in zones:
        windows = busy_windows(zone, params, busiest)
        busy = [any(start <= m * 60 < end for start, end in windows) for m in range(MINUTES)]
        line = tracker.series(zone.id).peak
        peaks[zone.id] = max((n for m, n in enumerate(line) if busy[m]), default=0)
        off_peaks[zone.id] = max((n for m, n in enumerate(line) if not busy[m]), default=0)
    return peaks, off_peaks


def _miss(crowd: Crowd, targets: dict[str, float], limits: dict[str, float]) -> float:
    """How far the worst figure is from its target, or over its limit (0.1: by 10 %)."""
    return max([abs(crowd.peaks.get(zone_id, 0) / target - 1) for zone_id, target in targets.items()]
               + [crowd.off_peaks.get(zone_id, 0) / limit - 1 for zone_id, limit in limits.items()])


def calibrate(class_mix: Sequence[str], zones: Sequence[SimZone], rules: Sequence[ZoneRule], hall_capacity: int,
              closes_at: float | None, params: DayParameters | None = None, seed: int = 2022,
              rounds: int = ROUNDS) -> Crowd:
    """The visitors and zone chances that bring the hall and the zones nearest their targets.

    `class_mix` gives visitor i's class (cycled: buyers book the consultation zone); `rules` are
    the tracker's zone rules, with the capacities. The crowd returned is one a pilot measured,
    not an extrapolation: planned with the same seed and classes, the day holds exactly `peaks`.
    """
    p = params or DayParameters()
    capacity = {r.id: r.capacity for r in rules}
    filled = [z for z in zones if capacity.get(z.id, 0) > 0]
    targets = {z.id: ZONE_PEAK * capacity[z.id] for z in filled}
    targets[HALL] = HALL_PEAK * max(1, hall_capacity)
    limits = {z.id: OFF_PEAK * capacity[z.id] for z in filled}
    count = max(1, hall_capacity)  # the first guess: as many visitors as the hall holds
    best: Crowd | None = None
    for _ in range(rounds):
        classes = [class_mix[i % len(class_mix)] for i in range(count)] if class_mix else ["visitor"] * count
        crowd = Crowd(count, p, *pilot_peaks(classes, zones, rules, hall_capacity, closes_at, p, seed))
        if best is None or _miss(crowd, targets, limits) < _miss(best, targets, limits):
            best = crowd
        new_count = max(1, round(count * targets[HALL] / max(1, crowd.peaks[HALL])))
        chances = dict(p.visit_chance)
        appointments = p.appointments_per_buyer
        for zone in filled:
            # a zone's count is about proportional to visitors × chance: aim its busy time at the
            # target, unless that would take the rest of its day over the limit
            factor = min(targets[zone.id] / max(1, crowd.peaks[zone.id]),
                         limits[zone.id] / max(1, crowd.off_peaks[zone.id])) * count / new_count
            if zone.role == "consultation":
                appointments = min(MAX_APPOINTMENTS, appointments * factor)
            else:
                chances[zone.id] = min(1.0, chances.get(zone.id, DEFAULT_VISIT_CHANCE) * factor)
        p = replace(p, visit_chance=chances, appointments_per_buyer=appointments)
        count = new_count
    assert best is not None
    return best
