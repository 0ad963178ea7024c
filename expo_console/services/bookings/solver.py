"""The studio's and the photo corner's bookings, allocated by OR-Tools CP-SAT.

Goals, in order:
1. fairness: as many exhibitors as possible with a booking, then as many as possible with two,
   and so on up to the limit per exhibitor — every exhibitor's first booking before anyone's
   second (first come, first served hands an early firm its second slot while a later one gets
   none);
2. the organizer's order (request time, or priority): among allocations equally fair, the
   requests earlier in the order are preferred (each weighs by its position);
3. earlier slots, leaving the day's end free for late changes, and the earlier request in the
   earlier slot (as first come, first served books): not in the model but afterwards, by moves
   and swaps that keep the requests placed (the goals above do not depend on the slots).

Never worse than the first-come-first-served greedy (`greedy.py`) on exhibitors served and
bookings placed, even when stopped early: both its figures are constraints, and the search
starts (its hint) from the greedy or, when fairer and as good on both figures, the greedy in
rounds (every exhibitor's first booking before anyone's second) — what comes back, status
GREEDY, when the search finds nothing better in time. Fixed bookings are placed first and kept exactly; fixed
bookings that double-book stop the solve (status INVALID) and are described.

The resources of a kind (the studio's sets, the photo corners) are interchangeable, so the model
counts bookings per slot and the resource numbers are handed out afterwards, lowest free first,
in the problem's order; fixed bookings keep theirs.

Runs CP-SAT through the consultations' `cpsat.run` (the same parameters, progress reports and
cancel). `BookingSolution.details`: greedy_served, greedy_placed, rounds_served, rounds_placed,
start (which one the search began from), requests (not covered by a fixed booking), variables,
cp_sat (CP-SAT's status name), objective and bound.
"""

from __future__ import annotations

import itertools
import time as clock
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from ortools.sat.python import cp_model

from expo_console.domain.bookings import (
    Booking,
    BookingProblem,
    BookingRequest,
    BookingSolution,
    fits,
)
from expo_console.domain.consultations import Slot, Status
from expo_console.services.bookings.greedy import finished, solve_greedy, solve_rounds
from expo_console.services.bookings.waiting import Occupancy, in_order
from expo_console.services.consultations import cpsat
from expo_console.services.consultations.cpsat import ProgressCallback, SolveProgress
from expo_console.services.progress import CancelFlag

__all__ = ["DEFAULT_TIME_LIMIT", "ProgressCallback", "SolveProgress", "solve"]

DEFAULT_TIME_LIMIT = 10.0
# The objective's largest value. Beyond it the LP can no longer tell one place in the order from
# rounding and CP-SAT stops proving the best: on the photo corner's benchmark with 300 requests
# and 5 per exhibitor, proven in 2–3 s at up to 1e10, not in 20 s at 1e12 (and a slot tie-break
# in the objective, which multiplied it ~10⁴-fold, made even the benchmark's solve take 0.5–22 s).
_SCALE = 10**9


def solve(problem: BookingProblem, *, time_limit: float = DEFAULT_TIME_LIMIT, progress: ProgressCallback | None = None,
          cancel: CancelFlag | None = None, workers: int = 0, seed: int = 0) -> BookingSolution:
    """The fairest allocation found within `time_limit` seconds (or until `cancel` is set).

    `workers` = 0 lets CP-SAT use every core; `progress` is called from CP-SAT's threads. When
    the solver finds nothing better in time, the greedy's allocation comes back (status GREEDY,
    or CANCELLED when stopped)."""
    started = clock.perf_counter()
    greedy = solve_greedy(problem)
    if greedy.status is Status.INVALID:
        return greedy
    built = _build(problem, greedy)
    rounds = solve_rounds(problem)
    start = (rounds if rounds.exhibitors_served >= greedy.exhibitors_served and rounds.placed >= greedy.placed
             and built.value_of(rounds.bookings) > built.value_of(greedy.bookings) else greedy)
    details: dict[str, object] = {"greedy_served": greedy.exhibitors_served, "greedy_placed": greedy.placed,
                                  "rounds_served": rounds.exhibitors_served, "rounds_placed": rounds.placed,
                                  "start": "rounds" if start is rounds else "greedy",
                                  "requests": len(built.requests), "variables": len(built.take)}
    if not built.take:  # nothing to choose: what the fixed bookings leave is all there is
        return replace(greedy, status=Status.OPTIMAL, seconds=clock.perf_counter() - started, details=details)
    built.hint(start.bookings)
    if progress is not None:  # the start is the first solution: the operator sees an allocation exists
        progress(SolveProgress(1, built.value_of(start.bookings), clock.perf_counter() - started,
                               served=start.exhibitors_served, placed=start.placed))
    if cancel is not None and cancel.is_set:
        return replace(start, status=Status.CANCELLED, seconds=clock.perf_counter() - started, details=details)
    watch = cpsat.Watch(progress, started, found=1, figures={"served": built.served, "placed": built.placed})
    left = time_limit - (clock.perf_counter() - started)
    solver, outcome = cpsat.run(built.model, time_limit=left, workers=workers, seed=seed, cancel=cancel,
                                watch=watch, tight_lp=True)
    cancelled = cancel is not None and cancel.is_set
    details["cp_sat"] = solver.status_name(outcome)
    if not cpsat.found_something(outcome):
        return replace(start, status=Status.CANCELLED if cancelled else Status.GREEDY,
                       seconds=clock.perf_counter() - started, details=details)
    details |= {"objective": solver.objective_value, "bound": solver.best_objective_bound}
    if outcome != cp_model.OPTIMAL and solver.objective_value <= built.value_of(start.bookings):
        # stopped with nothing better than the start: the start's own allocation, said so
        return replace(start, status=Status.CANCELLED if cancelled else Status.GREEDY,
                       seconds=clock.perf_counter() - started, details=details)
    chosen = _tidy(problem, [(request, slot) for (request, slot), var in built.take.items() if solver.value(var)])
    bookings = list(problem.fixed) + _hand_out_resources(problem, chosen)
    # a cancel that came after the search proved its best cut nothing short
    status = (Status.OPTIMAL if outcome == cp_model.OPTIMAL
              else Status.CANCELLED if cancelled else Status.FEASIBLE)
    return finished(problem, status, bookings, clock.perf_counter() - started, details)


@dataclass
class _Model:
    model: cp_model.CpModel
    requests: list[BookingRequest]  # those the solve may place, in the problem's order
    take: dict[tuple[BookingRequest, Slot], cp_model.IntVar] = field(default_factory=dict)
    served: cp_model.LinearExprT = 0  # exhibitors with a booking, fixed ones included
    placed: cp_model.LinearExprT = 0  # bookings, fixed ones included
    rank: dict[str, int] = field(default_factory=dict)  # request id: its weight in the order, the first's highest
    level_weights: list[int] = field(default_factory=list)  # of an exhibitor's 1st, 2nd, … booking
    fixed_counts: dict[str, int] = field(default_factory=dict)  # the exhibitors' fixed bookings

    def hint(self, bookings: Sequence[Booking]) -> None:
        """Start the search from these bookings (the fixed ones and those of a greedy); once."""
        chosen = {(b.request, b.slot) for b in bookings if not b.fixed}
        for (request, slot), var in self.take.items():
            self.model.add_hint(var, (request.id, slot) in chosen)

    def value_of(self, bookings: Sequence[Booking]) -> float:
        """The objective's value for an allocation that keeps the fixed bookings (the greedy's:
        the first progress report, and what the search must beat)."""
        new: dict[str, int] = defaultdict(int)
        for booking in bookings:
            if not booking.fixed:
                new[booking.exhibitor] += 1
        top = len(self.level_weights)
        fairness = 0
        for exhibitor, n in new.items():
            already = self.fixed_counts.get(exhibitor, 0)
            fairness += sum(self.level_weights[k] for k in range(already, min(already + n, top)))
        return float(fairness + sum(self.rank.get(b.request, 0) for b in bookings if not b.fixed))


def _build(problem: BookingProblem, floor: BookingSolution) -> _Model:
    """The model, held to the floor's exhibitors served and bookings placed."""
    occupancy = Occupancy(problem.resources, problem.fixed)
    limit = problem.max_per_exhibitor
    slots = sorted(set(problem.slots), key=lambda slot: (slot.day, slot.start))
    room = {slot: len(occupancy.free_resources(slot)) for slot in slots}
    built = _Model(cp_model.CpModel(), [r for r in in_order(problem) if r.id not in occupancy.booked],
                   fixed_counts=dict(occupancy.count))
    model = built.model
    for request in built.requests:
        for slot in slots:
            if room[slot] and occupancy.may_take(request, slot, limit):
                built.take[request, slot] = model.new_bool_var(f"take_{request.id}_{slot.day}_{slot.start}")
    by_request: dict[str, list[cp_model.IntVar]] = defaultdict(list)
    by_slot: dict[Slot, list[cp_model.IntVar]] = defaultdict(list)
    by_exhibitor_slot: dict[tuple[str, Slot], list[cp_model.IntVar]] = defaultdict(list)
    by_exhibitor: dict[str, list[cp_model.IntVar]] = defaultdict(list)
    asked: dict[str, set[str]] = defaultdict(set)  # an exhibitor's requests that have a slot
    for (request, slot), var in built.take.items():
        asked[request.exhibitor].add(request.id)
        by_request[request.id].append(var)
        by_slot[slot].append(var)
        by_exhibitor_slot[request.exhibitor, slot].append(var)
        by_exhibitor[request.exhibitor].append(var)
    for group in [*by_request.values(), *by_exhibitor_slot.values()]:
        if len(group) > 1:
            model.add_at_most_one(group)
    for slot, group in by_slot.items():
        if len(group) > room[slot]:
            model.add(sum(group) <= room[slot])

    # Fairness levels: at_least[e][k] is 1 when exhibitor e has more than k bookings (fixed ones
    # count); only the levels its own fixed bookings do not already reach are variables.
    levels: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    firsts: list[cp_model.IntVar] = []
    for exhibitor, group in by_exhibitor.items():
        already = occupancy.count[exhibitor]
        reachable = min(limit, already + len(asked[exhibitor]))
        at_least = [model.new_bool_var(f"level_{exhibitor}_{k}") for k in range(already, reachable)]
        model.add(sum(group) == sum(at_least))
        for higher, lower in zip(at_least[1:], at_least, strict=False):
            model.add_implication(higher, lower)
        for k, var in zip(range(already, reachable), at_least, strict=True):
            levels[k].append(var)
        if already == 0 and at_least:
            firsts.append(at_least[0])
    served_before = len({booking.exhibitor for booking in problem.fixed})
    built.served = served_before + sum(firsts)
    built.placed = len(problem.fixed) + sum(built.take.values())
    model.add(built.served >= floor.exhibitors_served)
    model.add(built.placed >= floor.placed)

    built.rank, built.level_weights = _weights(built.requests, built.take, levels, limit)
    model.maximize(sum(built.level_weights[k] * sum(group) for k, group in levels.items())
                   + sum(built.rank[request.id] * var for (request, _slot), var in built.take.items()))
    return built


def _weights(requests: Sequence[BookingRequest], take: Mapping[tuple[BookingRequest, Slot], cp_model.IntVar],
             levels: Mapping[int, Sequence[cp_model.IntVar]], limit: int) -> tuple[dict[str, int], list[int]]:
    """Integer weights that make the goals lexicographic: one more exhibitor at level k outweighs
    anything at the levels above and the order. Should the whole exceed `_SCALE`, the top levels
    are merged (their bookings weigh alike) until it does not, or until only the first booking
    weighs more than the others."""
    rank = {request.id: len(requests) - n for n, request in enumerate(requests)}  # the first weighs most
    order_total = sum(rank[request.id] for request in {request for request, _slot in take})
    for merged_from in range(limit, 0, -1):
        rest = order_total
        weights = [0] * limit
        merged_size = sum(len(levels.get(k, ())) for k in range(merged_from - 1, limit))
        weights[merged_from - 1:] = [rest + 1] * (limit - merged_from + 1)
        rest += (rest + 1) * merged_size
        for k in range(merged_from - 2, -1, -1):
            weights[k] = rest + 1
            rest += weights[k] * len(levels.get(k, ()))
        if rest < _SCALE or merged_from <= 2:  # an exhibitor's first booking always weighs most
            break
    return rank, weights


def _tidy(problem: BookingProblem, chosen: Sequence[tuple[BookingRequest, Slot]]) -> list[tuple[BookingRequest, Slot]]:
    """The placed requests in the earliest slots they can have, the earlier request in the earlier
    slot: moves and swaps until neither changes anything (a swap can open a move again). Each
    move makes a slot earlier and each swap keeps the slots and puts an earlier request first,
    so they come to an end."""
    placed = list(chosen)
    while True:
        tidier = _earlier_first(problem, _earlier_slots(problem, placed))
        if set(tidier) == set(placed):
            return tidier
        placed = tidier


def _earlier_slots(problem: BookingProblem, chosen: Sequence[tuple[BookingRequest, Slot]]
                   ) -> list[tuple[BookingRequest, Slot]]:
    """Each placed request, in the problem's order, moved to the earliest slot with room that its
    windows hold and its exhibitor is free at: the day's end stays free for late changes. The
    requests placed stay the same, so the goals' values do too."""
    occupancy = Occupancy(problem.resources, problem.fixed)
    room = {slot: len(occupancy.free_resources(slot)) for slot in problem.slots}
    slots = sorted(room, key=lambda slot: (slot.day, slot.start))
    order = {request.id: n for n, request in enumerate(in_order(problem))}
    placed = sorted(chosen, key=lambda pair: order[pair[0].id])
    used: dict[Slot, int] = defaultdict(int)
    busy = {(b.exhibitor, b.slot) for b in problem.fixed}
    for request, slot in placed:
        used[slot] += 1
        busy.add((request.exhibitor, slot))
    moved = True
    while moved:  # a move frees a later slot that another request may want: until none moves
        moved = False
        for n, (request, slot) in enumerate(placed):
            earlier = next((other for other in slots if (other.day, other.start) < (slot.day, slot.start)
                            and used[other] < room[other] and (request.exhibitor, other) not in busy
                            and fits(request, other)), None)
            if earlier is not None:
                used[slot] -= 1
                used[earlier] += 1
                busy.discard((request.exhibitor, slot))
                busy.add((request.exhibitor, earlier))
                placed[n] = (request, earlier)
                moved = True
    return placed


def _earlier_first(problem: BookingProblem, chosen: Sequence[tuple[BookingRequest, Slot]]
                   ) -> list[tuple[BookingRequest, Slot]]:
    """Of two placed requests, the earlier in the problem's order takes the earlier slot when
    they can swap (each slot in the other's windows, neither exhibitor busy then), as first come,
    first served would have it. Swaps keep every slot's count, so the objective is unchanged;
    each one moves an earlier request earlier, so they come to an end."""
    order = {request.id: n for n, request in enumerate(in_order(problem))}
    placed = sorted(chosen, key=lambda pair: order[pair[0].id])
    busy = {(b.exhibitor, b.slot) for b in problem.fixed} | {(r.exhibitor, slot) for r, slot in placed}
    swapped = True
    while swapped:
        swapped = False
        for i, j in itertools.combinations(range(len(placed)), 2):
            (first, first_slot), (second, second_slot) = placed[i], placed[j]
            if ((second_slot.day, second_slot.start) >= (first_slot.day, first_slot.start)
                    or not (fits(first, second_slot) and fits(second, first_slot))):
                continue
            if first.exhibitor != second.exhibitor and ((first.exhibitor, second_slot) in busy
                                                        or (second.exhibitor, first_slot) in busy):
                continue
            busy -= {(first.exhibitor, first_slot), (second.exhibitor, second_slot)}
            busy |= {(first.exhibitor, second_slot), (second.exhibitor, first_slot)}
            placed[i], placed[j] = (first, second_slot), (second, first_slot)
            swapped = True
    return placed


def _hand_out_resources(problem: BookingProblem, chosen: Sequence[tuple[BookingRequest, Slot]]) -> list[Booking]:
    """Each slot's bookings get the free resources, lowest number first, in the problem's order."""
    occupancy = Occupancy(problem.resources, problem.fixed)
    order = {request.id: n for n, request in enumerate(in_order(problem))}
    bookings = []
    for request, slot in sorted(chosen, key=lambda pair: order[pair[0].id]):
        booking = Booking(request.id, request.exhibitor, slot, occupancy.free_resources(slot)[0])
        occupancy.book(booking)
        bookings.append(booking)
    return bookings

