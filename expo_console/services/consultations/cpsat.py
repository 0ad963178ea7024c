"""Running a CP-SAT model for a solver (the consultations', the bookings'): parameters, progress
and cancel."""

from __future__ import annotations

import threading
import time as clock
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ortools.sat.python import cp_model

from expo_console.services.progress import CancelFlag

_CANCEL_POLL = 0.05  # seconds between looks at the cancel flag while CP-SAT works


@dataclass(frozen=True)
class SolveProgress:
    solutions_found: int
    best_objective: float  # the goals in one number (see days.Objective): only its growth means anything
    seconds: float
    # The best schedule's figures so far, each solver filling its own (see Watch's `figures`).
    fair_share: int = 0  # consultations: every exhibitor has at least min(this, its cap)
    weight: int = 0  # consultations: the meetings' rank and mutuality
    served: int = 0  # bookings: exhibitors with at least one booking
    placed: int = 0  # bookings: bookings made


# Called from CP-SAT's search threads: the receiver must be thread-safe (a Qt signal emit is).
ProgressCallback = Callable[[SolveProgress], None]


class Watch(cp_model.CpSolverSolutionCallback):
    """Counts the improving solutions and reports each one, timed from the whole solve's start.
    `figures` names SolveProgress fields and the model's expressions whose values fill them."""

    def __init__(self, progress: ProgressCallback | None, started: float, found: int = 0,
                 figures: Mapping[str, cp_model.LinearExprT] | None = None) -> None:
        super().__init__()
        self.progress = progress
        self.started = started
        self.found = found
        self.figures = dict(figures or {})

    def on_solution_callback(self) -> None:
        self.found += 1
        if self.progress is not None:
            values = {name: int(self.value(expression)) for name, expression in self.figures.items()}
            self.progress(SolveProgress(self.found, self.objective_value, clock.perf_counter() - self.started,
                                        **values))


# CP-SAT's full-problem workers, the first ones first. The day model's LP relaxation is all but
# exact, and only the LP with every cut (linearization level 2, the "max_lp" worker) proves it:
# at the benchmark's size it closes the gap in ~2 s, where the default portfolio on two cores
# (one LP worker at level 1, the other on neighbourhood search) ran 25 s with the bound 5 % off.
_WORKERS_LP_FIRST = ["max_lp", "core", "default_lp", "quick_restart", "reduced_costs", "no_lp"]


def run(model: cp_model.CpModel, *, time_limit: float, workers: int, seed: int, cancel: CancelFlag | None,
        watch: Watch | None = None, tight_lp: bool = False) -> tuple[cp_model.CpSolver, cp_model.CpSolverStatus]:
    """Solve `model` (the solver, to read values from, and CP-SAT's status). `tight_lp` for a
    model whose LP relaxation is (almost) exact: the strongest LP is given the first worker."""
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(time_limit, 0.05)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    if tight_lp:
        solver.parameters.linearization_level = 2  # a single worker searches with these parameters
        solver.parameters.subsolvers.extend(_WORKERS_LP_FIRST)
    finished = threading.Event()
    watcher = threading.Thread(target=_stop_when_cancelled, args=(solver, cancel, finished), daemon=True)
    watcher.start()
    try:
        status = solver.solve(model, watch)
    finally:
        finished.set()
        watcher.join()
    return solver, status


def _stop_when_cancelled(solver: cp_model.CpSolver, cancel: CancelFlag | None, finished: threading.Event) -> None:
    # A solution callback only runs when a solution is found; a long presolve or a long stretch
    # without one must still answer the cancel button, so a small thread looks at the flag. CP-SAT
    # only hears stop_search once its search has begun, so it is asked again until it has ended.
    if cancel is None:
        return
    while not finished.wait(_CANCEL_POLL):
        if cancel.is_set:
            solver.stop_search()


def found_something(status: cp_model.CpSolverStatus) -> bool:
    return status in (cp_model.OPTIMAL, cp_model.FEASIBLE)


def hint_from(model: cp_model.CpModel, solver: cp_model.CpSolver) -> None:
    """The solver's last solution as the model's whole hint, for a search that goes on from it."""
    model.proto.clear_solution_hint()
    hint = model.proto.solution_hint
    hint.vars.extend(range(len(model.proto.variables)))
    hint.values.extend(solver.response_proto.solution)
