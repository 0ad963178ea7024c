"""Play a simulated expo day through the real scan service: badges, gates, verdicts, all recorded.

Without a speed the day is written as fast as the file takes it; the connection then commits
with synchronous=NORMAL (still atomic and consistent in WAL, it only skips the fsync that makes
a shown-green scan survive a power cut, which a simulation does not need) and goes back to FULL.
With a speed (60: a minute a second) the scans arrive in scaled real time, with full durability,
so the live dashboard can be watched.

How many come and where they go is calibrated to the event's capacities (crowd_calibration.py);
a number of visitors given overrides the count, not the zones' draw. The event's visitors come
first; when there are fewer, synthetic ones are added with source 'simulated', which the
registration list hides and remove_simulated_visitors deletes again.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from expo_console.domain.access import Action
from expo_console.domain.booked_entry import BOOKED_CLASS
from expo_console.domain.crowd_calibration import Crowd, calibrate
from expo_console.domain.day_simulation import DayParameters, SimZone, plan_day
from expo_console.services.access import require
from expo_console.services.badges.codes import issue_badges
from expo_console.services.changes import VisitorsChanged
from expo_console.services.checkin import gate_rules
from expo_console.services.checkin.scanning import ScanContext, Station, scan
from expo_console.services.demo.visitors import SIMULATED, add_demo_visitors, demo_classes
from expo_console.services.events import event_row
from expo_console.services.progress import CancelFlag, ProgressCallback, no_progress
from expo_console.services.traffic import counting
from expo_console.storage import audit_repo, gates_repo, visitors_repo
from expo_console.storage.connection import EventStore, set_durable

_BADGE_BATCH = 2_000
# A simulated day registers people, issues their badges and scans them: a role must be allowed
# all three before anything is written (a gate desk would otherwise add visitors, then be refused).
SIMULATING = (Action.REGISTER, Action.PRINT_BADGES, Action.SCAN)
# The reason a deletion needs (services/access.py), always true of these: nobody's personal data.
SIMULATED_REASON = "simulated visitors: made up by a simulated day"


class SimulationError(ValueError):
    """The day cannot be simulated in this event; the message says what to do."""


@dataclass(frozen=True, slots=True)
class SimulationResult:
    visitors: int
    scans: int
    seconds: float
    added: int = 0  # synthetic visitors added to the event for the day (source 'simulated')


def _role(zone: counting.CountedZone) -> str:
    if zone.kind in ("studio", "consultation"):
        return zone.kind
    return "tasting" if "시식" in zone.name or "tasting" in zone.name_en.lower() else "theme"


def _stations(store: EventStore) -> tuple[list[str], list[str], list[SimZone]]:
    gates = gates_repo.for_simulation(store.conn)
    entrances = [g[0] for g in gates if g[1] == "hall_entrance" and g[3] in ("in", "both")]
    exits = [g[0] for g in gates if g[1] == "hall_exit" or (g[1] == "hall_entrance" and g[3] in ("out", "both"))]
    gate_of = {g[2]: g[0] for g in gates if g[1] == "zone_gate" and g[2]}
    # a zone's visitors are those its gate lets in: the simulated day keeps the gate rules
    zones = [SimZone(z.id, _role(z), gate_of[z.id], _who_may_come(store, gate_of[z.id]))
             for z in counting.counted_zones(store) if z.id in gate_of]
    if not entrances or not exits:
        raise SimulationError("The event needs a hall entrance and an exit gate to simulate a day. Add them in the "
                              "check-in set-up first.")
    return entrances, exits, zones


def _who_may_come(store: EventStore, gate_id: str) -> frozenset[str] | None:
    """The classes a zone's gate lets in (None: all). Under a booking rule an exhibitor's staff
    come only for their company's slot, which a simulated day does not book: they stay away."""
    rule = gate_rules.rule_for(store.conn, gate_id)
    if rule.booking is None:
        return rule.classes
    return (rule.classes if rule.classes is not None else frozenset(gate_rules.CLASSES)) - {BOOKED_CLASS}


def calibrated_crowd(store: EventStore, day: dt.date, *, seed: int = 2022,
                     params: DayParameters | None = None) -> Crowd:
    """The day's crowd derived from the hall's and the zones' capacities (the default `simulate`)."""
    entrances, _exits, zones = _stations(store)
    counted = counting.counted_zones(store)
    hall_capacity = counting.hall_capacity(store)
    closes = counting.closing_time(store)
    params = _within_hall_hours(store, entrances, params)
    # the pilot's visitors are the ones simulate_day will take: the event's own, then those it
    # would add (buyers book the consultation zone, so the class mix matters)
    classes = visitors_repo.classes_in_order(store.conn)
    classes += demo_classes(store, max(0, 2 * hall_capacity - len(classes)), seed=seed + day.toordinal())
    return calibrate(classes, zones, counting.zone_rules(counted), hall_capacity,
                     closes.hour * 3600 + closes.minute * 60, params, seed + day.toordinal())


def _within_hall_hours(store: EventStore, entrances: list[str], params: DayParameters | None) -> DayParameters:
    """Visitors arrive while the hall gates let visitors in (their rule's hours, when it has some)."""
    p = params or DayParameters()
    hours = gate_rules.rule_for(store.conn, entrances[0]).hours_of("visitor") if entrances else None
    if hours is None:
        return p
    return replace(p, opens=max(p.opens, hours.opens.hour * 3600 + hours.opens.minute * 60),
                   last_arrival=hours.closes.hour * 3600 + hours.closes.minute * 60)


def simulate_day(store: EventStore, day: dt.date, visitors: int | None = None, *, speed: float | None = None,
                 seed: int = 2022, params: DayParameters | None = None, progress: ProgressCallback = no_progress,
                 cancel: CancelFlag | None = None, sleep: Callable[[float], None] = time.sleep) -> SimulationResult:
    """Play `day`: the calibrated crowd, or `visitors` people with the calibrated zones' draw."""
    for action in SIMULATING:
        require(store, action)
    event = event_row(store)
    first, last = dt.date.fromisoformat(event["starts_on"]), dt.date.fromisoformat(event["ends_on"])
    if not first <= day <= last:
        raise SimulationError(f"{day} is not a day of this event ({first} – {last}). Choose one of its days.")
    if visitors is not None and visitors <= 0:
        raise SimulationError("Simulate at least one visitor.")
    entrances, exits, zones = _stations(store)
    crowd = calibrated_crowd(store, day, seed=seed, params=params)
    count = crowd.visitors if visitors is None else visitors
    have = visitors_repo.count(store.conn)
    added = 0
    if have < count:
        added = add_demo_visitors(store, count - have, seed=seed + day.toordinal(), source=SIMULATED)
    # in the order they were written (ids of one millisecond sort at random): the people, and so
    # the day, are the ones the calibration planned
    people = visitors_repo.first_written(store.conn, count)
    codes: list[str] = []
    for start in range(0, len(people), _BADGE_BATCH):
        badges, _changed = issue_badges(store, [p[0] for p in people[start:start + _BADGE_BATCH]])
        codes += [b.code for b in badges]
    steps = plan_day([p[1] for p in people], zones, entrances, exits, crowd.params, seed + day.toordinal())
    contexts: dict[tuple[str, str], ScanContext] = {}
    names = gates_repo.names(store.conn)
    midnight = dt.datetime.combine(day, dt.time(), counting.event_zone(store))
    began, first_at = time.monotonic(), steps[0].at if steps else 0.0
    durable = speed is not None
    scanned = 0
    if not durable:
        set_durable(store.conn, False)
    try:
        for done, step in enumerate(steps):
            key = (step.gate_id, step.direction)
            if key not in contexts:
                label = "입구" if step.direction == "in" else "출구"
                contexts[key] = ScanContext(store, Station(f"{names[step.gate_id]} {label} (sim)", *key))
            if speed:
                wait = began + (step.at - first_at) / speed - time.monotonic()
                if wait > 0:
                    sleep(wait)
            scan(contexts[key], codes[step.visitor], now=midnight + dt.timedelta(seconds=step.at))
            scanned += 1
            if done % 500 == 0:
                progress(done, len(steps))
                if cancel is not None and cancel.is_set:
                    break
        progress(scanned, len(steps))
    finally:
        if not durable:
            set_durable(store.conn, True)
    return SimulationResult(len(people), scanned, time.monotonic() - began, added)


def simulated_visitors(store: EventStore) -> int:
    """How many visitors simulations made up (source 'simulated')."""
    return visitors_repo.simulated_count(store.conn)


def remove_simulated_visitors(store: EventStore) -> tuple[int, VisitorsChanged]:
    """Delete the visitors simulations made up, and their badges. Logged.

    Their scans stay: scans are append-only, and they are the simulated days' traffic the
    dashboard and the reports show. They keep the visitor's id, and the class is kept with it
    (removed_visitors), so every figure of those days stays as it was: occupancy, entries and
    unique visitors count ids, buyers on site and admissions by class read the class.
    """
    require(store, Action.DELETE_VISITOR, SIMULATED_REASON)
    with store.write() as conn:
        removed = visitors_repo.delete_simulated(conn, store.stamps())
        if removed:
            audit_repo.append(conn, store.stamp, "delete", "visitor", None, {"source": SIMULATED, "rows": removed})
    return removed, VisitorsChanged(reload=bool(removed))
