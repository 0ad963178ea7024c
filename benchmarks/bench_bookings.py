"""The studio's and the photo corner's allocation at the 2022 event's size, solved by CP-SAT
against first come first served (the greedy baseline) in the same run.

- studio: 2 sets, 4 days × 7 broadcasts of 40 min with a 10 min changeover (lunch 12–13),
  95 exhibitors, ~150 requests, one broadcast per exhibitor;
- photo corner: 1 corner, 4 days × 21 shoots of 20 min, ~120 requests, two shoots per exhibitor.

Figures: exhibitors served and bookings placed, solver against greedy (the ratio must stay
≥ 1), and the solve's wall time (median of a few runs with different seeds) against the greedy's.

The instance is random but seeded and shaped like the spreadsheets of 2022: a fifth of the
exhibitors ask several times and ask early (the large firms that know the event), most
requests name a day or a half day, some any time; the requests come in over four weeks.
"""

from __future__ import annotations

import random
import statistics
from collections import Counter
from datetime import date, datetime, time, timedelta

from benchmarks.harness import Figure, Report, seeded_runs, timed
from expo_console.domain.bookings import (
    KIND_DEFAULTS,
    BookingKind,
    BookingProblem,
    BookingRequest,
    BookingSolution,
    Window,
    order_key,
)
from expo_console.domain.consultations import Session, Status, build_slots
from expo_console.services.bookings.greedy import solve_greedy
from expo_console.services.bookings.solver import solve

FIRST_DAY = date(2022, 11, 2)
OPENED = datetime(2022, 9, 26, 9)  # requests open four weeks before the event


def instance(kind: BookingKind, resources: int, days: int, exhibitors: int, requests: int,
             seed: int = 18) -> BookingProblem:
    rng = random.Random(seed)
    defaults = KIND_DEFAULTS[kind]
    all_days = [FIRST_DAY + timedelta(days=n) for n in range(days)]
    lunch = ((time(12), time(13)),) if kind is BookingKind.STUDIO else ()
    slots = tuple(s for d in all_days for s in build_slots(
        Session(d, time(10), time(17), slot_minutes=defaults.slot_minutes, breaks=lunch,
                gap_minutes=defaults.gap_minutes)))
    firms = [f"e{n}" for n in range(exhibitors)]
    keen = set(rng.sample(firms, exhibitors // 5))  # ask several times, and early
    made: list[BookingRequest] = []
    while len(made) < requests:
        firm = rng.choice(firms)
        if firm not in keen and any(r.exhibitor == firm for r in made):
            continue  # the others ask once
        day = rng.choice(all_days)
        shape = rng.random()
        if shape < 0.35:
            windows: tuple[Window, ...] = (Window(day),)
        elif shape < 0.55:
            windows = (Window(day, time(10), time(12)),)
        elif shape < 0.75:
            windows = (Window(day, time(13), time(17)),)
        elif shape < 0.85:
            windows = (Window(day), Window(rng.choice(all_days)))
        else:
            windows = ()
        days_in = rng.uniform(0, 6) if firm in keen else rng.uniform(0, 27)
        made.append(BookingRequest(f"r{len(made)}", firm, windows, None, OPENED + timedelta(days=days_in)))
    return BookingProblem(slots, tuple(range(1, resources + 1)), tuple(made), defaults.max_per_exhibitor)


def run(report: Report, kind: BookingKind, size: tuple[int, int, int, int], time_limit: float,
        runs: int = 3) -> None:
    problem = instance(kind, *size)
    greedy_times = [timed(lambda: solve_greedy(problem)) for _ in range(runs)]
    greedy = solve_greedy(problem)
    done = seeded_runs(lambda seed, progress: solve(problem, time_limit=time_limit, progress=progress, seed=seed),
                       runs)
    solutions, solve_times, last_improvement = done.solutions, done.seconds, done.last_improvement
    # the figures of the run that did worst: the time limit must be enough every time
    worst = min(solutions, key=lambda s: (s.exhibitors_served, s.placed))
    resources, days, exhibitors, requests = size
    slot_resources = resources * len(problem.slots)
    label = f"{kind.value} {resources}×{days}d×{len(problem.slots) // days} slots, {requests} requests"
    asked = len({r.exhibitor for r in problem.requests})
    details = {"time_limit": time_limit, "runs": runs, "slot_resources": slot_resources,
               "exhibitors_asking": asked, "max_per_exhibitor": problem.max_per_exhibitor,
               "statuses": [s.status.value for s in solutions], "solve_times_s": [round(t, 3) for t in solve_times],
               "last_improvement_s": last_improvement,
               "solver": {"served": worst.exhibitors_served, "placed": worst.placed,
                          "latest_place_booked": _latest_place(problem, worst), "waiting": _reasons(worst)},
               "greedy": {"served": greedy.exhibitors_served, "placed": greedy.placed,
                          "latest_place_booked": _latest_place(problem, greedy), "waiting": _reasons(greedy)},
               **dict(worst.details)}
    optimal = sum(s.status is Status.OPTIMAL for s in solutions)
    report.add(Figure(f"bookings: CP-SAT solve {label}", statistics.median(solve_times), "first come first served",
                      statistics.median(greedy_times), target=f"< 10 s (limit {time_limit:g} s; optimal in "
                      f"{optimal}/{runs} runs; median)", details=details))
    report.add(Figure(f"bookings: exhibitors served {label}", worst.exhibitors_served, "first come first served",
                      greedy.exhibitors_served, unit="firms",
                      target=f"≥ 1× ({asked} asked, {slot_resources} slots)", details=details))
    report.add(Figure(f"bookings: placed {label}", worst.placed, "first come first served", greedy.placed,
                      unit="bkgs", target=f"≥ 1× ({slot_resources} slots)", details=details))


def _reasons(solution: BookingSolution) -> dict[str, int]:
    """How many wait, by reason."""
    return dict(Counter(waiting.reason.value for waiting in solution.waiting))


def _latest_place(problem: BookingProblem, solution: BookingSolution) -> int:
    """The latest place in the organizer's order (1 = first) that got a booking: with one booking
    per exhibitor, the lower the better the order was honoured."""
    booked = {booking.request for booking in solution.bookings}
    ordered = sorted(problem.requests, key=lambda request: order_key(request, problem.order))
    return max((n for n, request in enumerate(ordered, 1) if request.id in booked), default=0)
