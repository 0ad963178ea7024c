"""One day's slots for the meetings the day model put on it, tables and interpreters included.

A small CP-SAT model per day (a variable per meeting and slot of that day, and per interpreter
who could sit in), started from a first-fit placement. Buyers and exhibitors alone always fit
(see days.py); when interpreters or fixed meetings make the day's counts fit but not its slots,
the model keeps the meetings that matter most: those of exhibitors at or under the fair share
first (losing one lowers it), then the better-ranked. Whatever finds no slot is returned for
the fill that follows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date

from ortools.sat.python import cp_model

from expo_console.domain.consultations import (
    Buyer,
    Exhibitor,
    Meeting,
    Problem,
    Request,
    Slot,
    interpreters_for,
)
from expo_console.services.consultations import cpsat
from expo_console.services.consultations.greedy import Ledger
from expo_console.services.progress import CancelFlag

_KEEP = 1_000  # every meeting kept outweighs any choice among them
_PROTECT = 500  # a meeting of an exhibitor at or under the fair share


def place_day(problem: Problem, offered: Mapping[Request, tuple[Slot, ...]], ledger: Ledger, day: date,
              requests: Sequence[Request], protected: frozenset[str], *, time_limit: float, workers: int,
              seed: int, cancel: CancelFlag | None) -> tuple[list[Meeting], list[Request]]:
    """The day's meetings, booked in `ledger`, and the requests that found no slot."""
    buyers = {b.id: b for b in problem.buyers}
    exhibitors = {e.id: e for e in problem.exhibitors}
    first_fit = _first_fit(ledger.copy(), buyers, exhibitors, offered, day, requests)
    if len(first_fit) == len(requests) or (cancel is not None and cancel.is_set):
        chosen = first_fit
    else:
        chosen = _solve(ledger, buyers, exhibitors, offered, day, requests, protected, first_fit,
                        time_limit=time_limit, workers=workers, seed=seed, cancel=cancel) or first_fit
    meetings: list[Meeting] = []
    for request, (slot, interpreter) in sorted(chosen.items(), key=lambda kv: (kv[1][0], kv[0].buyer)):
        table = ledger.free_table(slot)
        assert table is not None  # the model counted the free tables
        meeting = Meeting(request.buyer, request.exhibitor, slot, table, interpreter)
        ledger.book(meeting)
        meetings.append(meeting)
    return meetings, [r for r in requests if r not in chosen]


Choice = dict[Request, tuple[Slot, str | None]]


def _first_fit(ledger: Ledger, buyers: Mapping[str, Buyer], exhibitors: Mapping[str, Exhibitor],
               offered: Mapping[Request, tuple[Slot, ...]], day: date, requests: Sequence[Request]) -> Choice:
    """The busiest buyers and exhibitors first, each meeting in the roomiest slot that fits."""
    load: dict[str, int] = defaultdict(int)
    for request in requests:
        load[request.buyer] += 1
        load[request.exhibitor] += 1
    chosen: Choice = {}
    for request in sorted(requests, key=lambda r: (-load[r.buyer] - load[r.exhibitor], r.buyer, r.exhibitor)):
        buyer, exhibitor = buyers[request.buyer], exhibitors[request.exhibitor]
        fitting = [s for s in offered[request] if s.day == day and ledger.fits(buyer, exhibitor, s)]
        if not fitting:
            continue
        slot = max(fitting, key=lambda s: (ledger.free_tables(s), s))
        meeting = ledger.try_place(buyer, exhibitor, slot)
        assert meeting is not None  # it fits
        chosen[request] = (slot, meeting.interpreter)
    return chosen


def _solve(ledger: Ledger, buyers: Mapping[str, Buyer], exhibitors: Mapping[str, Exhibitor],
           offered: Mapping[Request, tuple[Slot, ...]], day: date, requests: Sequence[Request],
           protected: frozenset[str], hint: Choice, *, time_limit: float, workers: int, seed: int,
           cancel: CancelFlag | None) -> Choice | None:
    model = cp_model.CpModel()
    at: dict[tuple[Request, Slot], cp_model.IntVar] = {}
    with_interpreter: dict[tuple[Request, Slot, str], cp_model.IntVar] = {}
    by_buyer: dict[tuple[Slot, str], list[cp_model.IntVar]] = defaultdict(list)
    by_exhibitor: dict[tuple[Slot, str], list[cp_model.IntVar]] = defaultdict(list)
    by_slot: dict[Slot, list[cp_model.IntVar]] = defaultdict(list)
    by_interpreter: dict[tuple[Slot, str], list[cp_model.IntVar]] = defaultdict(list)
    objective = []
    for request in requests:
        buyer, exhibitor = buyers[request.buyer], exhibitors[request.exhibitor]
        options = []
        for slot in offered[request]:
            if slot.day != day or not ledger.fits(buyer, exhibitor, slot):
                continue
            var = model.new_bool_var("")
            at[(request, slot)] = var
            options.append(var)
            by_buyer[(slot, buyer.id)].append(var)
            by_exhibitor[(slot, exhibitor.id)].append(var)
            by_slot[slot].append(var)
            if buyer.needs_interpreter:
                picks = []
                for interpreter in interpreters_for(buyer, day, ledger.interpreters):
                    if (slot, interpreter.id) in ledger.interpreters_busy:
                        continue
                    pick = model.new_bool_var("")
                    with_interpreter[(request, slot, interpreter.id)] = pick
                    by_interpreter[(slot, interpreter.id)].append(pick)
                    picks.append(pick)
                model.add(sum(picks) == var)
        model.add_at_most_one(options)
        value = _KEEP + (_PROTECT if exhibitor.id in protected else 0) + request.weight
        objective += [value * var for var in options]
    for variables in [*by_buyer.values(), *by_interpreter.values()]:
        model.add_at_most_one(variables)
    for (slot, exhibitor_id), variables in by_exhibitor.items():
        model.add(sum(variables) <= exhibitors[exhibitor_id].seats - ledger.seats_used[(slot, exhibitor_id)])
    for slot, variables in by_slot.items():
        model.add(sum(variables) <= ledger.free_tables(slot))
    model.maximize(sum(objective))
    for (request, slot), var in at.items():
        model.add_hint(var, hint.get(request, (None, None))[0] == slot)
    for (request, slot, interpreter_id), pick in with_interpreter.items():
        model.add_hint(pick, hint.get(request) == (slot, interpreter_id))
    solver, status = cpsat.run(model, time_limit=time_limit, workers=workers, seed=seed, cancel=cancel)
    if not cpsat.found_something(status):
        return None
    chosen: Choice = {}
    for (request, slot), var in at.items():
        if solver.boolean_value(var):
            chosen[request] = (slot, None)
    for (request, slot, interpreter_id), pick in with_interpreter.items():
        if solver.boolean_value(pick):
            chosen[request] = (slot, interpreter_id)
    return chosen
