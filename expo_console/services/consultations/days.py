"""Which requests meet on which day: the CP-SAT model the solver searches.

Within a day every slot is the same to everyone (buyers, exhibitors and interpreters come for
whole days), so the model does not choose slots: a yes/no variable per (request, day) and, per
day, counts that must fit: a buyer's meetings within the slots the buyer has free, an
exhibitor's within its free seat-slots, all of them within the free table-slots, and the
meetings needing each language within what the interpreters speaking it can cover (a small
transport: how many meetings of each language each interpreter takes that day).

A slot-level model (a variable per request and slot) has every day's slots as interchangeable
copies: at the benchmark's size it is 67k variables whose presolve alone took 20 s, and its
search never left the greedy's schedule. This one has ~6k variables, and its LP relaxation is
all but exact: CP-SAT proves the best in ~2 s of search. Slots are handed out afterwards, day by
day (`timetable.py`); for buyers and exhibitors alone, with no fixed meetings, that always
succeeds (a bipartite graph whose degrees fit the slots can be coloured with that many slots,
each slot used about equally: König, de Werra; an exhibitor with two seats counts as two), so
the day counts lose nothing. Interpreters and fixed meetings can make a day's counts fit while
the slots do not; what then finds no slot is left to the fill that follows.

Objective, lexicographic through big coefficients: first the fair share m (every exhibitor with
a placeable request gets at least min(m, what its requests and seats allow)), then the sum of the
meetings' weights (rank and mutuality), then the busiest day as light as possible: among equally
good schedules the one that leaves each day room for walk-ins and moves, rather than one that
fills the first day to the last table and leaves the last day empty.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from ortools.sat.python import cp_model

from expo_console.domain.consultations import Buyer, Meeting, Problem, Request, Slot, fair_share
from expo_console.services.consultations.greedy import Ledger


@dataclass(frozen=True)
class Floors:
    """What the schedule must reach: another schedule's figures, so that one exists."""

    placed: int  # meetings, fixed ones included
    share: int
    minimum: int  # every exhibitor with a placeable request has at least this many


@dataclass(frozen=True)
class Objective:
    """The three goals in one number, each step of one outweighing any change of those after it."""

    total_weight: int  # of every placeable request: no schedule's weight reaches it
    busiest_day_max: int  # the most meetings a day can hold

    @property
    def per_weight(self) -> int:
        return self.busiest_day_max + 1

    @property
    def per_share(self) -> int:
        return self.per_weight * (self.total_weight + 1)

    def of(self, share: int, weight: int, busiest_day: int) -> int:
        return self.per_share * share + self.per_weight * weight - busiest_day


@dataclass
class DayModel:
    model: cp_model.CpModel
    meets_on: dict[tuple[Request, date], cp_model.IntVar]
    share: cp_model.IntVar
    weight: cp_model.LinearExprT
    objective: Objective


def busiest_day(meetings: Iterable[Meeting]) -> int:
    return max(Counter(m.slot.day for m in meetings).values(), default=0)


class Room:
    """What the fixed meetings leave free, counted per day."""

    def __init__(self, problem: Problem, ledger: Ledger) -> None:
        self.ledger = ledger
        self.interpreters = problem.interpreters
        self.slots: dict[date, list[Slot]] = defaultdict(list)
        for slot in problem.slots:
            if ledger.free_tables(slot) > 0:
                self.slots[slot.day].append(slot)

    def tables(self, day: date) -> int:
        return sum(self.ledger.free_tables(s) for s in self.slots[day])

    def seats(self, exhibitor_id: str, seats: int, day: date) -> int:
        return sum(max(0, seats - self.ledger.seats_used[(s, exhibitor_id)]) for s in self.slots[day])

    def buyer(self, buyer: Buyer, day: date) -> int:
        """The buyer's free slots that day (with an interpreter free too, when one is needed)."""
        return sum(1 for s in self.slots[day] if (s, buyer.id) not in self.ledger.buyers_busy
                   and (not buyer.needs_interpreter or self.ledger.free_interpreter(buyer, s) is not None))

    def interpreter(self, interpreter_id: str, day: date) -> int:
        return sum(1 for s in self.slots[day] if (s, interpreter_id) not in self.ledger.interpreters_busy)


def build(problem: Problem, offered: Mapping[Request, tuple[Slot, ...]], caps: Mapping[str, int], ledger: Ledger,
          floors: Floors, hint: Iterable[Meeting]) -> DayModel:
    model = cp_model.CpModel()
    room = Room(problem, ledger)
    buyers = {b.id: b for b in problem.buyers}
    exhibitors = {e.id: e for e in problem.exhibitors}
    meets_on: dict[tuple[Request, date], cp_model.IntVar] = {}
    by_request: dict[Request, list[cp_model.IntVar]] = defaultdict(list)
    by_buyer: dict[tuple[str, date], list[cp_model.IntVar]] = defaultdict(list)
    by_exhibitor: dict[tuple[str, date], list[cp_model.IntVar]] = defaultdict(list)
    by_day: dict[date, list[cp_model.IntVar]] = defaultdict(list)
    by_language: dict[tuple[str, date], list[cp_model.IntVar]] = defaultdict(list)
    per_exhibitor: dict[str, list[cp_model.IntVar]] = defaultdict(list)
    buyer_room: dict[tuple[str, date], int] = {}
    seat_room: dict[tuple[str, date], int] = {}
    for request, slots in offered.items():
        buyer, exhibitor = buyers[request.buyer], exhibitors[request.exhibitor]
        for day in sorted({s.day for s in slots}):
            if (buyer.id, day) not in buyer_room:
                buyer_room[(buyer.id, day)] = room.buyer(buyer, day)
            if (exhibitor.id, day) not in seat_room:
                seat_room[(exhibitor.id, day)] = room.seats(exhibitor.id, exhibitor.seats, day)
            if buyer_room[(buyer.id, day)] == 0 or seat_room[(exhibitor.id, day)] == 0:
                continue
            if problem.fixed and not any(ledger.fits(buyer, exhibitor, s) for s in slots if s.day == day):
                continue  # both have time that day, but fixed meetings leave them no slot in common
            var = model.new_bool_var(f"d_{buyer.id}_{exhibitor.id}_{day}")
            meets_on[(request, day)] = var
            by_request[request].append(var)
            by_buyer[(buyer.id, day)].append(var)
            by_exhibitor[(exhibitor.id, day)].append(var)
            by_day[day].append(var)
            per_exhibitor[exhibitor.id].append(var)
            if buyer.needs_interpreter:
                by_language[(buyer.language, day)].append(var)

    for variables in by_request.values():
        model.add_at_most_one(variables)
    for (buyer_id, day), variables in by_buyer.items():
        model.add(sum(variables) <= buyer_room[(buyer_id, day)])
    for (exhibitor_id, day), variables in by_exhibitor.items():
        model.add(sum(variables) <= seat_room[(exhibitor_id, day)])
    fixed_on: Counter[date] = Counter(m.slot.day for m in problem.fixed)
    every_day = {s.day for s in problem.slots} | set(fixed_on)
    day_max = max((room.tables(day) + fixed_on[day] for day in every_day), default=0)
    busiest = model.new_int_var(0, day_max, "busiest_day")
    for day, variables in by_day.items():
        model.add(sum(variables) <= room.tables(day))
        model.add(sum(variables) + fixed_on[day] <= busiest)
    model.add(busiest >= max(fixed_on.values(), default=0))
    amounts = _interpreters(model, problem, room, by_language)

    fixed: dict[str, int] = defaultdict(int)
    for m in problem.fixed:
        fixed[m.exhibitor] += 1
    share = model.new_int_var(0, max(caps.values(), default=0), "fair_share")
    hinted_share = fair_share(list(hint), caps)
    for exhibitor_id, cap in caps.items():
        count = sum(per_exhibitor[exhibitor_id]) + fixed[exhibitor_id]
        floor = model.new_int_var(0, cap, f"floor_{exhibitor_id}")
        model.add_min_equality(floor, [share, cap])
        model.add_hint(floor, min(hinted_share, cap))
        model.add(count >= floor)
        model.add(count >= floors.minimum)
    model.add(share >= floors.share)
    model.add(sum(meets_on.values()) + len(problem.fixed) >= floors.placed)

    objective = Objective(sum(r.weight for r in offered), day_max)
    total_weight = sum(request.weight * var for (request, _day), var in meets_on.items())
    model.maximize(objective.per_share * share + objective.per_weight * total_weight - busiest)  # as .of()
    kept = set(problem.fixed)
    taken = {(m.buyer, m.exhibitor, m.slot.day) for m in hint if m not in kept}
    for (request, day), var in meets_on.items():
        model.add_hint(var, (request.buyer, request.exhibitor, day) in taken)
    # a complete hint: CP-SAT starts from it as it is instead of trying to repair it
    interpreted: dict[tuple[str, str, date], int] = defaultdict(int)
    for m in hint:
        if m not in kept and m.interpreter is not None:
            interpreted[(m.interpreter, buyers[m.buyer].language, m.slot.day)] += 1
    for key, amount in amounts.items():
        model.add_hint(amount, interpreted[key])
    model.add_hint(share, hinted_share)
    model.add_hint(busiest, busiest_day(hint))
    return DayModel(model, meets_on, share, total_weight, objective)


def _interpreters(model: cp_model.CpModel, problem: Problem, room: Room,
                  by_language: Mapping[tuple[str, date], list[cp_model.IntVar]]
                  ) -> dict[tuple[str, str, date], cp_model.IntVar]:
    """Each day, the meetings needing a language fit what its interpreters can take, each
    interpreter's slots shared among the languages it speaks."""
    takes: dict[tuple[str, date], list[cp_model.IntVar]] = defaultdict(list)
    covers: dict[tuple[str, date], list[cp_model.IntVar]] = defaultdict(list)
    free: dict[tuple[str, date], int] = {}
    amounts: dict[tuple[str, str, date], cp_model.IntVar] = {}
    for (language, day), _meetings in by_language.items():
        for interpreter in problem.interpreters:
            if language not in interpreter.languages or day not in interpreter.days:
                continue
            if (interpreter.id, day) not in free:
                free[(interpreter.id, day)] = room.interpreter(interpreter.id, day)
            if free[(interpreter.id, day)] == 0:
                continue
            amount = model.new_int_var(0, free[(interpreter.id, day)], f"t_{interpreter.id}_{language}_{day}")
            amounts[(interpreter.id, language, day)] = amount
            takes[(interpreter.id, day)].append(amount)
            covers[(language, day)].append(amount)
    for key, taken in takes.items():
        model.add(sum(taken) <= free[key])
    for key, meetings in by_language.items():
        model.add(sum(meetings) <= sum(covers[key]))
    return amounts


def read(built: DayModel, solver: cp_model.CpSolver) -> dict[date, list[Request]]:
    plan: dict[date, list[Request]] = defaultdict(list)
    for (request, day), var in built.meets_on.items():
        if solver.boolean_value(var):
            plan[day].append(request)
    return dict(plan)
