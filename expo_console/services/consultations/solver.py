"""The consultation schedule, solved by OR-Tools CP-SAT.

Goals, in order: the fair share m (every exhibitor with a placeable request gets at least
min(m, what its requests and seats allow): an SME with no meeting is the complaint these events
hear most), then the sum of the meetings' weights (rank and mutuality). Never worse than the
greedy by-rank baseline on meetings placed or on the fairness minimum, even when stopped early.

Steps:
1. the greedy by rank (the baseline and floor) and the fair greedy in rounds (`rounds.py`); the
   better of the two (fair share, then weight) that keeps the baseline's meetings placed and
   fairness minimum is the start;
2. CP-SAT chooses each request's day (`days.py`), started from that schedule and held to the
   baseline's figures;
3. each day's slots, tables and interpreters are handed out (`timetable.py`);
4. the rounds fill whatever room is left with the requests not yet placed;
5. the better of that and the start is returned.

Fixed meetings are booked before anything else, so what they occupy is never offered again;
fixed meetings that double-book someone stop the solve (status INVALID) and are described.

When the day model is proven optimal and every meeting found a slot, the schedule is optimal
for the whole problem: any schedule's day counts satisfy the day model, so none can beat it.
At the benchmark's size (300 buyers, 95 exhibitors, 2,500 requests, 4 days, 20 tables) that
takes about 3 s on two idle cores, 15–20 s when other work loads them several times over.

`Solution.details` says how the schedule came about, for a log or a curious operator:
greedy_* and rounds_* (placed, fairness_minimum, fair_share of the two greedy schedules),
placeable_requests (requests with a slot the data allows, to set against table_slots), start
(which greedy the search began from), cp_sat (CP-SAT's status for the day model), variables,
day_model_done_s, objective and bound (fair share, meetings' weights and busiest day in one number),
no_slot_after_day_model (meetings the day counts allowed that found no slot), and kept_start
(the solved schedule was not better than the start, which is returned).
"""

from __future__ import annotations

import time as clock
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date

from ortools.sat.python import cp_model

from expo_console.domain.consultations import (
    LeftOut,
    LeftOutReason,
    Meeting,
    Problem,
    Request,
    Slot,
    Solution,
    Status,
    candidates,
    exhibitor_caps,
    fair_share,
    fairness_minimum,
    meetings_per_exhibitor,
)
from expo_console.services.consultations import cpsat, days, timetable
from expo_console.services.consultations.cpsat import ProgressCallback, SolveProgress
from expo_console.services.consultations.greedy import Ledger, solve_greedy
from expo_console.services.consultations.rounds import place_in_rounds, solve_rounds
from expo_console.services.progress import CancelFlag

__all__ = ["DEFAULT_TIME_LIMIT", "ProgressCallback", "SolveProgress", "solve"]

DEFAULT_TIME_LIMIT = 25.0
# Of the time left after the day model, what each day's slots may take at most; the first-fit
# placement usually places every meeting and CP-SAT is not called at all.
_TIMETABLE_SHARE = 0.15
_TIMETABLE_MAX = 4.0
# Of the day model's time, what its first, single-worker search may take (see _search_days).
_ONE_WORKER_SHARE = 0.7


def solve(problem: Problem, *, time_limit: float = DEFAULT_TIME_LIMIT, progress: ProgressCallback | None = None,
          cancel: CancelFlag | None = None, workers: int = 0, seed: int = 0) -> Solution:
    """The best schedule found within `time_limit` seconds (or until `cancel` is set).

    `workers` = 0 lets CP-SAT use every core. Never worse than the greedy baseline on meetings
    placed and the fairness minimum; when the solver finds nothing better in time, the better
    greedy schedule is returned with status GREEDY. `progress` is called from CP-SAT's threads.
    """
    started = clock.perf_counter()
    greedy = solve_greedy(problem)
    if greedy.clashes:  # fixed meetings that double-book: the operator must fix them first
        return replace(greedy, status=Status.INVALID, meetings=problem.fixed,
                       seconds=clock.perf_counter() - started)
    found = candidates(problem)
    caps = exhibitor_caps(problem, found.slots)
    weights = {request.pair: request.weight for request in found.slots}

    def value(meetings: Sequence[Meeting]) -> tuple[int, int, int]:
        return (fair_share(meetings, caps), sum(weights.get((m.buyer, m.exhibitor), 0) for m in meetings),
                -days.busiest_day(meetings))

    def keeps_floor(meetings: Sequence[Meeting]) -> bool:
        return len(meetings) >= greedy.placed and fairness_minimum(meetings, caps) >= greedy.fairness_minimum

    rounds = solve_rounds(problem)
    start = rounds if keeps_floor(rounds.meetings) and value(rounds.meetings) > value(greedy.meetings) else greedy
    details: dict[str, object] = {
        "greedy_placed": greedy.placed, "greedy_fairness_minimum": greedy.fairness_minimum,
        "greedy_fair_share": greedy.fair_share, "rounds_placed": rounds.placed,
        "rounds_fairness_minimum": rounds.fairness_minimum, "rounds_fair_share": rounds.fair_share,
        "placeable_requests": len(found.slots), "start": "rounds" if start is rounds else "greedy"}

    ledger = Ledger(problem)
    for meeting in problem.fixed:
        ledger.book(meeting)
    floors = days.Floors(greedy.placed, greedy.fair_share, greedy.fairness_minimum)
    built = days.build(problem, found.slots, caps, ledger, floors, start.meetings)
    watch = cpsat.Watch(progress, started, found=1, figures={"fair_share": built.share, "weight": built.weight})
    if progress is not None:  # the start is the first solution: the operator sees a schedule exists
        share, weight, lightness = value(start.meetings)
        progress(SolveProgress(1, built.objective.of(share, weight, -lightness), clock.perf_counter() - started,
                               share, weight))
    if cancel is not None and cancel.is_set:
        return replace(start, status=Status.CANCELLED, solutions_found=1, seconds=clock.perf_counter() - started,
                       details=details)
    left = time_limit - (clock.perf_counter() - started)
    reserve = min(left * _TIMETABLE_SHARE, _TIMETABLE_MAX)
    solver, outcome, bound = _search_days(built, left - reserve, workers, seed, cancel, watch)
    details |= {"cp_sat": solver.status_name(outcome), "variables": len(built.meets_on),
                "day_model_done_s": round(clock.perf_counter() - started, 3)}
    cancelled = cancel is not None and cancel.is_set
    if not cpsat.found_something(outcome):
        return replace(start, status=Status.CANCELLED if cancelled else Status.GREEDY, solutions_found=watch.found,
                       seconds=clock.perf_counter() - started, details=details)
    details |= {"objective": solver.objective_value, "bound": bound}

    plan = days.read(built, solver)
    meetings, missed = _timetable(problem, found.slots, ledger, plan, solver.value(built.share), started,
                                  time_limit, workers, seed, cancel)
    placed_pairs = {(m.buyer, m.exhibitor) for m in meetings}
    meetings += place_in_rounds(problem, found.slots, ledger, meetings,
                                [r for r in found.slots if r.pair not in placed_pairs])
    details |= {"no_slot_after_day_model": len(missed)}
    cancelled = cancel is not None and cancel.is_set
    if not keeps_floor(meetings) or value(meetings) < value(start.meetings):
        details["kept_start"] = True
        return replace(start, status=Status.CANCELLED if cancelled else Status.GREEDY, solutions_found=watch.found,
                       seconds=clock.perf_counter() - started, details=details)
    placed_pairs = {(m.buyer, m.exhibitor) for m in meetings}
    left_out = list(found.left_out) + [LeftOut(r, LeftOutReason.NO_ROOM) for r in found.slots
                                       if r.pair not in placed_pairs]
    # a cancel that came after the day model was proven cut nothing short
    status = (Status.OPTIMAL if outcome == cp_model.OPTIMAL and not missed
              else Status.CANCELLED if cancelled else Status.FEASIBLE)
    return Solution(status, tuple(meetings), tuple(left_out), fairness_minimum(meetings, caps),
                    fair_share(meetings, caps), found.languages_nobody_speaks,
                    len(problem.tables) * len(problem.slots), solutions_found=watch.found,
                    seconds=clock.perf_counter() - started, details=details)


def _search_days(built: days.DayModel, time_limit: float, workers: int, seed: int, cancel: CancelFlag | None,
                 watch: cpsat.Watch) -> tuple[cp_model.CpSolver, cp_model.CpSolverStatus, float]:
    """The day model searched by one worker with the strongest LP first, then, if that has not
    proven the best within its share of the time, by every worker from where it got to.

    One worker alone proves the benchmark's instance fastest (≈2 s idle, ≈7 s on two cores
    shared by several busy sessions); two or three workers, the LP one among them, took 13–25 s
    on the busy machine and sometimes never proved it. The other workers (neighbourhood search
    above all) are there for instances whose LP is less exact.
    """
    started = clock.perf_counter()
    alone = time_limit if workers == 1 else time_limit * _ONE_WORKER_SHARE
    first, outcome = cpsat.run(built.model, time_limit=alone, workers=1, seed=seed, cancel=cancel, watch=watch,
                               tight_lp=True)
    if (workers == 1 or outcome not in (cp_model.FEASIBLE, cp_model.UNKNOWN)
            or (cancel is not None and cancel.is_set)):
        return first, outcome, first.best_objective_bound
    if outcome == cp_model.FEASIBLE:
        cpsat.hint_from(built.model, first)
    left = time_limit - (clock.perf_counter() - started)
    second, then = cpsat.run(built.model, time_limit=left, workers=workers, seed=seed, cancel=cancel, watch=watch,
                             tight_lp=True)
    bound = min(first.best_objective_bound, second.best_objective_bound)
    if cpsat.found_something(then) or outcome == cp_model.UNKNOWN:
        return second, then, bound
    return first, outcome, bound


def _timetable(problem: Problem, offered: Mapping[Request, tuple[Slot, ...]], ledger: Ledger,
               plan: Mapping[date, list[Request]], share: int, started: float, time_limit: float, workers: int,
               seed: int, cancel: CancelFlag | None) -> tuple[list[Meeting], list[Request]]:
    """Every day of the plan in slots: the meetings (fixed ones first) and the requests that
    found no slot."""
    counts: dict[str, int] = defaultdict(int, meetings_per_exhibitor(problem.fixed))
    for requests in plan.values():
        for request in requests:
            counts[request.exhibitor] += 1
    protected = frozenset(e for e, n in counts.items() if n <= share)
    meetings = list(problem.fixed)
    missed: list[Request] = []
    ordered = sorted(plan.items())
    for n, (day, requests) in enumerate(ordered):
        left = time_limit - (clock.perf_counter() - started)
        placed, lost = timetable.place_day(problem, offered, ledger, day, requests, protected,
                                           time_limit=max(left / (len(ordered) - n), 0.1), workers=workers,
                                           seed=seed, cancel=cancel)
        meetings += placed
        missed += lost
    return meetings, missed
