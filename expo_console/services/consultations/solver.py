"""The consultation schedule, solved by OR-Tools CP-SAT.

The model has a yes/no variable per (request, slot) for the slots the data allows (a day both
attend; an interpreter of the buyer's language that day when the buyer needs one), and per
(request, slot, interpreter) for the requests that need one. Tables are interchangeable, so the
model only counts them (meetings in a slot ≤ free tables) and numbers are handed out afterwards,
lowest first: a variable per table would multiply the model by 20 for nothing.

Per slot: one meeting per buyer, at most `seats` per exhibitor, at most the free tables, one per
interpreter; each request at most once. Fixed meetings are booked before the model is built, so
what they occupy is simply not offered.

Objective, lexicographic through a big coefficient: first the fair share m (every exhibitor with a
placeable request gets at least min(m, what its requests and seats allow)), then the sum of the
meetings' weights (rank and mutuality). The greedy baseline is solved first and given as the hint,
and the model is told to do at least as well on meetings placed, the fairness minimum and the fair
share: the greedy is a floor the solver cannot fall under, even when stopped early.

Known limit (next step): at the benchmark's full size (≈67k booleans) CP-SAT's presolve alone
takes ~20 s on two cores and the search rarely improves on the hint within 25 s, so the fair
share stays the greedy's. Planned: a fairness-aware greedy (round-robin by exhibitor, fewest
meetings first) as a second, better hint and floor; then a lighter presolve
(max_presolve_iterations=1, probing 0) or a two-phase solve (share first, then weight).
"""

from __future__ import annotations

import threading
import time as clock
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from expo_console.domain.consultations import (
    Interpreter,
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
    interpreters_for,
)
from expo_console.services.consultations.greedy import solve_greedy
from expo_console.services.progress import CancelFlag

DEFAULT_TIME_LIMIT = 30.0
_CANCEL_POLL = 0.05  # seconds between looks at the cancel flag while CP-SAT searches


@dataclass(frozen=True)
class SolveProgress:
    solutions_found: int
    best_objective: float
    seconds: float


# Called from CP-SAT's search threads: the receiver must be thread-safe (a Qt signal emit is).
ProgressCallback = Callable[[SolveProgress], None]


class _Watch(cp_model.CpSolverSolutionCallback):
    def __init__(self, progress: ProgressCallback | None, started: float) -> None:
        super().__init__()
        self.progress = progress
        self.started = started
        self.found = 0

    def on_solution_callback(self) -> None:
        self.found += 1
        if self.progress is not None:
            self.progress(SolveProgress(self.found, self.objective_value, clock.perf_counter() - self.started))


@dataclass
class _Model:
    model: cp_model.CpModel
    placed: dict[tuple[Request, Slot], cp_model.IntVar]
    interpreter: dict[tuple[Request, Slot, str], cp_model.IntVar]
    share: cp_model.IntVar


def solve(problem: Problem, *, time_limit: float = DEFAULT_TIME_LIMIT, progress: ProgressCallback | None = None,
          cancel: CancelFlag | None = None, workers: int = 0, seed: int = 0) -> Solution:
    """The best schedule found within `time_limit` seconds (or until `cancel` is set).

    `workers` = 0 lets CP-SAT use every core. Never worse than the greedy baseline; when the
    solver finds nothing in time, the greedy schedule is returned with status GREEDY.
    """
    started = clock.perf_counter()
    greedy = solve_greedy(problem)
    if greedy.clashes:  # fixed meetings that double-book: the operator must fix them first
        return replace(greedy, status=Status.INVALID, meetings=problem.fixed,
                       seconds=clock.perf_counter() - started)
    found = candidates(problem)
    caps = exhibitor_caps(problem, found.slots)
    built = _build(problem, found.slots, caps, greedy)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(time_limit - (clock.perf_counter() - started), 0.1)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    watch = _Watch(progress, started)
    finished = threading.Event()
    watcher = threading.Thread(target=_stop_when_cancelled, args=(solver, cancel, finished), daemon=True)
    watcher.start()
    try:
        outcome = solver.solve(built.model, watch)
    finally:
        finished.set()
        watcher.join()
    cancelled = cancel is not None and cancel.is_set
    if outcome not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return replace(greedy, status=Status.CANCELLED if cancelled else Status.GREEDY,
                       seconds=clock.perf_counter() - started,
                       details={"cp_sat": solver.status_name(outcome)})
    meetings = _read(problem, built, solver)
    placed_pairs = {(m.buyer, m.exhibitor) for m in meetings}
    left_out = list(found.left_out) + [LeftOut(r, LeftOutReason.NO_ROOM) for r in found.slots
                                       if r.pair not in placed_pairs]
    status = Status.OPTIMAL if outcome == cp_model.OPTIMAL else Status.CANCELLED if cancelled else Status.FEASIBLE
    return Solution(status, tuple(meetings), tuple(left_out), fairness_minimum(meetings, caps),
                    fair_share(meetings, caps), found.languages_nobody_speaks,
                    len(problem.tables) * len(problem.slots), solutions_found=watch.found,
                    seconds=clock.perf_counter() - started,
                    details={"cp_sat": solver.status_name(outcome), "objective": solver.objective_value,
                             "bound": solver.best_objective_bound, "variables": len(built.placed),
                             "greedy_placed": greedy.placed, "greedy_fairness_minimum": greedy.fairness_minimum})


def _stop_when_cancelled(solver: cp_model.CpSolver, cancel: CancelFlag | None, finished: threading.Event) -> None:
    # A solution callback only runs when a solution is found; a long stretch without one must
    # still answer the cancel button, so a small thread looks at the flag.
    if cancel is None:
        return
    while not finished.wait(_CANCEL_POLL):
        if cancel.is_set:
            solver.stop_search()
            return


def _build(problem: Problem, offered: Mapping[Request, tuple[Slot, ...]], caps: dict[str, int],
           greedy: Solution) -> _Model:
    model = cp_model.CpModel()
    exhibitors = {e.id: e for e in problem.exhibitors}
    buyers = {b.id: b for b in problem.buyers}
    # what the fixed meetings already occupy
    buyer_busy = {(m.slot, m.buyer) for m in problem.fixed}
    interpreter_busy = {(m.slot, m.interpreter) for m in problem.fixed if m.interpreter is not None}
    seats_used: dict[tuple[Slot, str], int] = defaultdict(int)
    tables_used: dict[Slot, int] = defaultdict(int)
    for m in problem.fixed:
        seats_used[(m.slot, m.exhibitor)] += 1
        tables_used[m.slot] += 1

    placed: dict[tuple[Request, Slot], cp_model.IntVar] = {}
    chosen: dict[tuple[Request, Slot, str], cp_model.IntVar] = {}
    by_request: dict[Request, list[cp_model.IntVar]] = defaultdict(list)
    by_buyer: dict[tuple[Slot, str], list[cp_model.IntVar]] = defaultdict(list)
    by_exhibitor: dict[tuple[Slot, str], list[cp_model.IntVar]] = defaultdict(list)
    by_slot: dict[Slot, list[cp_model.IntVar]] = defaultdict(list)
    by_interpreter: dict[tuple[Slot, str], list[cp_model.IntVar]] = defaultdict(list)
    exhibitor_total: dict[str, list[cp_model.IntVar]] = defaultdict(list)
    table_count = len(problem.tables)
    for request, slots in offered.items():
        buyer, exhibitor = buyers[request.buyer], exhibitors[request.exhibitor]
        for slot in slots:
            if ((slot, buyer.id) in buyer_busy or seats_used[(slot, exhibitor.id)] >= exhibitor.seats
                    or tables_used[slot] >= table_count):
                continue
            free: list[Interpreter] = []
            if buyer.needs_interpreter:
                free = [i for i in interpreters_for(buyer, slot.day, problem.interpreters)
                        if (slot, i.id) not in interpreter_busy]
                if not free:
                    continue
            var = model.new_bool_var(f"m_{buyer.id}_{exhibitor.id}_{slot.day}_{slot.start}")
            placed[(request, slot)] = var
            by_request[request].append(var)
            by_buyer[(slot, buyer.id)].append(var)
            by_exhibitor[(slot, exhibitor.id)].append(var)
            by_slot[slot].append(var)
            exhibitor_total[exhibitor.id].append(var)
            if free:
                options = []
                for interpreter in free:
                    pick = model.new_bool_var(f"i_{interpreter.id}_{buyer.id}_{exhibitor.id}_{slot.day}_{slot.start}")
                    chosen[(request, slot, interpreter.id)] = pick
                    by_interpreter[(slot, interpreter.id)].append(pick)
                    options.append(pick)
                model.add(sum(options) == var)

    for variables in by_request.values():
        model.add_at_most_one(variables)
    for variables in by_buyer.values():
        model.add_at_most_one(variables)
    for variables in by_interpreter.values():
        model.add_at_most_one(variables)
    for (slot, exhibitor_id), variables in by_exhibitor.items():
        model.add(sum(variables) <= exhibitors[exhibitor_id].seats - seats_used[(slot, exhibitor_id)])
    for slot, variables in by_slot.items():
        model.add(sum(variables) <= table_count - tables_used[slot])

    fixed_per_exhibitor: dict[str, int] = defaultdict(int)
    for m in problem.fixed:
        fixed_per_exhibitor[m.exhibitor] += 1
    share = model.new_int_var(0, max(caps.values(), default=0), "fair_share")
    for exhibitor_id, cap in caps.items():
        count = sum(exhibitor_total[exhibitor_id]) + fixed_per_exhibitor[exhibitor_id]
        floor = model.new_int_var(0, cap, f"floor_{exhibitor_id}")
        model.add_min_equality(floor, [share, cap])
        model.add(count >= floor)
        # never below the greedy's fairness minimum (the greedy schedule itself satisfies this)
        model.add(count >= greedy.fairness_minimum)
    model.add(share >= greedy.fair_share)
    model.add(sum(placed.values()) + len(problem.fixed) >= greedy.placed)

    weights = {request: request.weight for request in offered}
    total_weight = sum(weights[request] * var for (request, _slot), var in placed.items())
    big = sum(weights.values()) + 1
    model.maximize(big * share + total_weight)
    _hint(model, greedy, problem, placed, chosen, offered)
    model.add_hint(share, greedy.fair_share)
    return _Model(model, placed, chosen, share)


def _hint(model: cp_model.CpModel, greedy: Solution, problem: Problem,
          placed: dict[tuple[Request, Slot], cp_model.IntVar], chosen: dict[tuple[Request, Slot, str], cp_model.IntVar],
          offered: Mapping[Request, tuple[Slot, ...]]) -> None:
    """The greedy schedule as CP-SAT's starting point: a full, feasible hint."""
    by_pair = {request.pair: request for request in offered}
    taken: set[tuple[Request, Slot]] = set()
    interpreted: set[tuple[Request, Slot, str]] = set()
    fixed = set(problem.fixed)
    for meeting in greedy.meetings:
        if meeting in fixed:
            continue
        request = by_pair[(meeting.buyer, meeting.exhibitor)]
        taken.add((request, meeting.slot))
        if meeting.interpreter is not None:
            interpreted.add((request, meeting.slot, meeting.interpreter))
    for placement, var in placed.items():
        model.add_hint(var, placement in taken)
    for choice, pick in chosen.items():
        model.add_hint(pick, choice in interpreted)


def _read(problem: Problem, built: _Model, solver: cp_model.CpSolver) -> list[Meeting]:
    meetings = list(problem.fixed)
    tables_busy: dict[Slot, set[int]] = defaultdict(set)
    for m in problem.fixed:
        tables_busy[m.slot].add(m.table)
    numbers = sorted(t.number for t in problem.tables)
    interpreter_of = {(request, slot): interpreter_id for (request, slot, interpreter_id), var
                      in built.interpreter.items() if solver.boolean_value(var)}
    for (request, slot), var in sorted(built.placed.items(), key=lambda kv: kv[0][1]):
        if not solver.boolean_value(var):
            continue
        table = next(t for t in numbers if t not in tables_busy[slot])
        tables_busy[slot].add(table)
        meetings.append(Meeting(request.buyer, request.exhibitor, slot, table, interpreter_of.get((request, slot))))
    return meetings
