"""A realistic expo day as a list of gate passages, for the demo, training and tests.

Arrivals peak in the morning, dip at lunch and pick up again in the afternoon; people stay one
to three hours and visit a few zones on the way: the tasting zone draws most at lunch, the
live-commerce studio during its broadcasts, and buyers go to the consultation zone for their
appointments. Not every exit is scanned (that is what the occupancy has to infer). Times are
seconds after local midnight; the service turns them into scans through the real scan service.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

HOUR = 3600.0


@dataclass(frozen=True, slots=True)
class SimZone:
    id: str
    role: str  # tasting, studio, consultation, theme
    gate_id: str


@dataclass(frozen=True)
class DayParameters:
    opens: float = 10 * HOUR
    closes: float = 18 * HOUR
    morning_share: float = 0.55  # of arrivals around the morning peak
    morning_peak: float = 10.75 * HOUR
    afternoon_peak: float = 14.25 * HOUR
    lunch: tuple[float, float] = (12 * HOUR, 13 * HOUR)
    lunch_arrivals_kept: float = 0.5  # half of those who would arrive at lunch come later
    median_stay: float = 100 * 60
    zones_per_visitor: float = 1.8
    dwell: dict[str, float] = field(default_factory=lambda: {
        "tasting": 12 * 60, "studio": 20 * 60, "consultation": 30 * 60, "theme": 15 * 60})
    broadcasts: tuple[tuple[float, float], ...] = (
        (11 * HOUR, 11.75 * HOUR), (14 * HOUR, 14.75 * HOUR), (16 * HOUR, 16.75 * HOUR))
    appointments_per_buyer: int = 2
    zone_exit_scanned: float = 0.6
    hall_exit_scanned: float = 0.9


@dataclass(frozen=True, slots=True)
class SimStep:
    at: float
    visitor: int  # index into the visitors given
    gate_id: str
    direction: str  # in / out


def _arrival(rng: random.Random, p: DayParameters) -> float:
    while True:
        if rng.random() < p.morning_share:
            at = rng.gauss(p.morning_peak, 0.75 * HOUR)
        else:
            at = rng.gauss(p.afternoon_peak, 1.0 * HOUR)
        if not p.opens <= at < p.closes - 30 * 60:
            continue
        if p.lunch[0] <= at < p.lunch[1] and rng.random() > p.lunch_arrivals_kept:
            continue
        return at


def _zone_weight(zone: SimZone, at: float, p: DayParameters) -> float:
    if zone.role == "tasting":
        return 3.0 if 11.5 * HOUR <= at < 13.5 * HOUR else 1.0
    if zone.role == "studio":
        return 3.0 if any(start <= at < end for start, end in p.broadcasts) else 0.2
    return 1.0


def plan_day(classes: Sequence[str], zones: Sequence[SimZone], entrances: Sequence[str], exits: Sequence[str],
             params: DayParameters | None = None, seed: int = 2022) -> list[SimStep]:
    """Every visitor's passages for one day, in time order. `classes[i]` is visitor i's class."""
    p = params or DayParameters()
    rng = random.Random(seed)
    open_zones = [z for z in zones if z.role != "consultation"]
    consultation = next((z for z in zones if z.role == "consultation"), None)
    steps: list[SimStep] = []
    for visitor, visitor_class in enumerate(classes):
        arrive = _arrival(rng, p)
        leave = min(p.closes, arrive + rng.lognormvariate(math.log(p.median_stay), 0.45))
        steps.append(SimStep(arrive, visitor, rng.choice(entrances), "in"))
        visits: list[tuple[float, SimZone, float]] = []
        if consultation is not None and visitor_class.endswith("buyer"):
            for _ in range(p.appointments_per_buyer):
                slot = arrive + 15 * 60 + rng.randrange(0, max(1, int((leave - arrive) / 1800))) * 1800
                if slot + p.dwell["consultation"] < leave:
                    visits.append((slot, consultation, p.dwell["consultation"]))
        count = min(len(open_zones), _poisson(rng, p.zones_per_visitor)) if open_zones else 0
        for _ in range(count):
            at = rng.uniform(arrive + 5 * 60, max(arrive + 6 * 60, leave - 10 * 60))
            zone = rng.choices(open_zones, [_zone_weight(z, at, p) for z in open_zones])[0]
            visits.append((at, zone, rng.expovariate(1 / p.dwell[zone.role])))
        clock = arrive
        for start, zone, dwell in sorted(visits, key=lambda v: v[0]):
            start = max(start, clock + 60)
            end = min(start + max(60.0, dwell), leave - 60)
            if end <= start:
                continue
            steps.append(SimStep(start, visitor, zone.gate_id, "in"))
            if rng.random() < p.zone_exit_scanned:
                steps.append(SimStep(end, visitor, zone.gate_id, "out"))
            clock = end
        if rng.random() < p.hall_exit_scanned:
            steps.append(SimStep(max(leave, clock + 60), visitor, rng.choice(exits), "out"))
    steps.sort(key=lambda s: s.at)
    return steps


def _poisson(rng: random.Random, mean: float) -> int:
    limit, k, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k
