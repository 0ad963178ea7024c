"""A realistic expo day as a list of gate passages, for the demo, training and tests.

Arrivals peak in the morning, dip at lunch and pick up again in the afternoon; people stay one
to three hours and visit a few zones on the way: the tasting zone draws most at lunch, the
live-commerce studio during its broadcasts, and buyers go to the consultation zone for their
appointments. Not every exit is scanned (that is what the occupancy has to infer). Times are
seconds after local midnight; the service turns them into scans through the real scan service.

How strongly each zone draws (the chance a visitor goes there when it draws most) and how many
visitors come are not fixed here: crowd_calibration.py derives them from the capacities.
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
    classes: frozenset[str] | None = None  # the gate's rule: who may enter (None: everyone)


DEFAULT_VISIT_CHANCE = 0.5  # before calibration: every other visitor drops in when a zone draws most


@dataclass(frozen=True)
class DayParameters:
    opens: float = 10 * HOUR
    closes: float = 18 * HOUR
    last_arrival: float | None = None  # the hall gates' closing for visitors, when earlier than closes
    morning_share: float = 0.55  # of arrivals around the morning peak
    morning_peak: float = 10.75 * HOUR
    afternoon_peak: float = 14.25 * HOUR
    lunch: tuple[float, float] = (12 * HOUR, 13 * HOUR)
    lunch_arrivals_kept: float = 0.5  # half of those who would arrive at lunch come later
    median_stay: float = 100 * 60
    buyer_median_stay: float = 140 * 60  # buyers come for their meetings and stay longer
    dwell: dict[str, float] = field(default_factory=lambda: {
        "tasting": 12 * 60, "studio": 20 * 60, "consultation": 30 * 60, "theme": 15 * 60})
    tasting_hours: tuple[float, float] = (11.5 * HOUR, 13.5 * HOUR)
    broadcasts: tuple[tuple[float, float], ...] = (
        (11 * HOUR, 11.75 * HOUR), (14 * HOUR, 14.75 * HOUR), (16 * HOUR, 16.75 * HOUR))
    # a zone's draw outside its busy hours, as a share of its draw in them (a theme zone draws alike
    # all day): a third of the lunchtime tasting crowd, a fifteenth of a broadcast's audience
    off_peak_draw: dict[str, float] = field(default_factory=lambda: {"tasting": 1 / 3, "studio": 1 / 15})
    visit_chance: dict[str, float] = field(default_factory=dict)  # zone id -> chance at its full draw
    appointments_per_buyer: float = 2.0  # on average (Poisson)
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
        if not p.opens <= at < min(p.closes - 30 * 60, p.last_arrival or p.closes):
            continue
        if p.lunch[0] <= at < p.lunch[1] and rng.random() > p.lunch_arrivals_kept:
            continue
        return at


def _draw(zone: SimZone, at: float, p: DayParameters) -> float:
    """How strongly the zone draws at `at`, as a share of its strongest (1.0 in its busy hours)."""
    if zone.role == "tasting":
        busy = p.tasting_hours[0] <= at < p.tasting_hours[1]
    elif zone.role == "studio":
        busy = any(start <= at < end for start, end in p.broadcasts)
    else:
        return 1.0
    return 1.0 if busy else p.off_peak_draw.get(zone.role, 1.0)


def _may_enter(zone: SimZone, visitor_class: str) -> bool:
    return zone.classes is None or visitor_class in zone.classes


def plan_day(classes: Sequence[str], zones: Sequence[SimZone], entrances: Sequence[str], exits: Sequence[str],
             params: DayParameters | None = None, seed: int = 2022) -> list[SimStep]:
    """Every visitor's passages for one day, in time order. `classes[i]` is visitor i's class.

    Each visitor may visit each open zone once, at a moment of their stay picked at random; the
    visit happens with the zone's chance times its draw at that moment, so a zone's crowd follows
    its busy hours and scales with its chance (what the calibration adjusts). Visitor i's day
    depends only on the seed, i, their class and the parameters.
    """
    p = params or DayParameters()
    open_zones = [z for z in zones if z.role != "consultation"]
    consultation = next((z for z in zones if z.role == "consultation"), None)
    steps: list[SimStep] = []
    for visitor, visitor_class in enumerate(classes):
        # a stream of chance per visitor: their day does not change when others are added or a
        # zone's chance moves a little, so the calibration's rounds compare like with like
        rng = random.Random((seed << 32) + visitor)
        arrive = _arrival(rng, p)
        buyer = visitor_class.endswith("buyer")
        stay = p.buyer_median_stay if buyer and consultation is not None else p.median_stay
        leave = min(p.closes, arrive + rng.lognormvariate(math.log(stay), 0.45))
        steps.append(SimStep(arrive, visitor, rng.choice(entrances), "in"))
        visits: list[tuple[float, SimZone, float]] = []
        if consultation is not None and buyer and _may_enter(consultation, visitor_class):
            for _ in range(_poisson(rng, p.appointments_per_buyer)):
                slot = arrive + 15 * 60 + rng.randrange(0, max(1, int((leave - arrive) / 1800))) * 1800
                if slot + p.dwell["consultation"] < leave:
                    visits.append((slot, consultation, p.dwell["consultation"]))
        for zone in open_zones:
            if not _may_enter(zone, visitor_class):
                continue
            at = rng.uniform(arrive + 5 * 60, max(arrive + 6 * 60, leave - 10 * 60))
            if rng.random() < p.visit_chance.get(zone.id, DEFAULT_VISIT_CHANCE) * _draw(zone, at, p):
                visits.append((at, zone, rng.expovariate(1 / p.dwell[zone.role])))
        clock = arrive
        counted_inside: set[str] = set()  # zones left without a scan: their gate would not admit again
        for start, zone, dwell in sorted(visits, key=lambda v: v[0]):
            if zone.id in counted_inside:
                continue
            start = max(start, clock + 60)
            end = min(start + max(60.0, dwell), leave - 60)
            if end <= start:
                continue
            steps.append(SimStep(start, visitor, zone.gate_id, "in"))
            if rng.random() < p.zone_exit_scanned:
                steps.append(SimStep(end, visitor, zone.gate_id, "out"))
            else:
                counted_inside.add(zone.id)
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
