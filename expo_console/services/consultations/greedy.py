"""The greedy baseline: requests by weight (rank and mutuality), each in the first slot and the
lowest-numbered table that are free. It is what a coordinator with a spreadsheet does, so it
is the floor the solver must beat, the benchmark's baseline, and the solver's starting point."""

from __future__ import annotations

import time as clock
from collections import defaultdict

from expo_console.domain.consultations import (
    Buyer,
    Exhibitor,
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
    clashes,
    exhibitor_caps,
    fair_share,
    fairness_minimum,
    interpreters_for,
)


class Ledger:
    """Who is busy in which slot: the bookkeeping behind every placement."""

    def __init__(self, problem: Problem) -> None:
        self.tables = sorted(t.number for t in problem.tables)
        self.exhibitors = {e.id: e for e in problem.exhibitors}
        self.interpreters = problem.interpreters
        self.buyers_busy: set[tuple[Slot, str]] = set()
        self.tables_busy: dict[Slot, set[int]] = defaultdict(set)
        self.interpreters_busy: set[tuple[Slot, str]] = set()
        self.seats_used: dict[tuple[Slot, str], int] = defaultdict(int)

    def copy(self) -> Ledger:
        """A ledger to try placements on without touching this one."""
        other = Ledger.__new__(Ledger)
        other.tables, other.exhibitors, other.interpreters = self.tables, self.exhibitors, self.interpreters
        other.buyers_busy = set(self.buyers_busy)
        other.tables_busy = defaultdict(set, {slot: set(busy) for slot, busy in self.tables_busy.items()})
        other.interpreters_busy = set(self.interpreters_busy)
        other.seats_used = defaultdict(int, self.seats_used)
        return other

    def book(self, meeting: Meeting) -> None:
        self.buyers_busy.add((meeting.slot, meeting.buyer))
        self.tables_busy[meeting.slot].add(meeting.table)
        self.seats_used[(meeting.slot, meeting.exhibitor)] += 1
        if meeting.interpreter is not None:
            self.interpreters_busy.add((meeting.slot, meeting.interpreter))

    def free_table(self, slot: Slot) -> int | None:
        busy = self.tables_busy[slot]
        return next((t for t in self.tables if t not in busy), None)

    def free_interpreter(self, buyer: Buyer, slot: Slot) -> Interpreter | None:
        return next((i for i in interpreters_for(buyer, slot.day, self.interpreters)
                     if (slot, i.id) not in self.interpreters_busy), None)

    def free_tables(self, slot: Slot) -> int:
        return len(self.tables) - len(self.tables_busy[slot])

    def fits(self, buyer: Buyer, exhibitor: Exhibitor, slot: Slot) -> bool:
        """Whether `try_place` would place the meeting, without booking it."""
        if (slot, buyer.id) in self.buyers_busy or self.seats_used[(slot, exhibitor.id)] >= exhibitor.seats:
            return False
        if self.free_tables(slot) <= 0:
            return False
        return not buyer.needs_interpreter or self.free_interpreter(buyer, slot) is not None

    def try_place(self, buyer: Buyer, exhibitor: Exhibitor, slot: Slot) -> Meeting | None:
        if (slot, buyer.id) in self.buyers_busy or self.seats_used[(slot, exhibitor.id)] >= exhibitor.seats:
            return None
        table = self.free_table(slot)
        if table is None:
            return None
        interpreter: Interpreter | None = None
        if buyer.needs_interpreter:
            interpreter = self.free_interpreter(buyer, slot)
            if interpreter is None:
                return None
        meeting = Meeting(buyer.id, exhibitor.id, slot, table,
                          interpreter.id if interpreter is not None else None)
        self.book(meeting)
        return meeting


def solve_greedy(problem: Problem) -> Solution:
    started = clock.perf_counter()
    found = candidates(problem)
    caps = exhibitor_caps(problem, found.slots)
    exhibitors = {e.id: e for e in problem.exhibitors}
    double_booked = clashes(problem.fixed, exhibitors)
    ledger = Ledger(problem)
    for meeting in problem.fixed:
        ledger.book(meeting)
    buyers = {b.id: b for b in problem.buyers}
    meetings = list(problem.fixed)
    left_out = list(found.left_out)
    # sorted() is stable: among equal weights the import's order decides, as it would by hand
    ordered: list[Request] = sorted(found.slots, key=lambda r: -r.weight)
    for request in ordered:
        placed = None
        for slot in found.slots[request]:
            placed = ledger.try_place(buyers[request.buyer], exhibitors[request.exhibitor], slot)
            if placed is not None:
                meetings.append(placed)
                break
        if placed is None:
            left_out.append(LeftOut(request, LeftOutReason.NO_ROOM))
    return Solution(Status.GREEDY if not double_booked else Status.INVALID, tuple(meetings), tuple(left_out),
                    fairness_minimum(meetings, caps), fair_share(meetings, caps),
                    found.languages_nobody_speaks, len(problem.tables) * len(problem.slots),
                    tuple(double_booked), solutions_found=1, seconds=clock.perf_counter() - started)
