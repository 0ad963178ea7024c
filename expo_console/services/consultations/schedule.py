"""The consultation schedule in the event file: solving it, reading it, changing it by hand.

A solve reads the setup (services/consultations/setup.py), keeps every meeting an operator
fixed or that something happened to (an arrival, an outcome) and replaces the rest of the days
it solves with the solver's meetings. Hand edits (move, lock, add, remove) check the same
clashes the solver avoids and refuse a double booking with what collides; a moved meeting is
fixed, so the next solve keeps it where the operator put it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from expo_console.domain.access import Action
from expo_console.domain.consultations import (
    LeftOut,
    Meeting,
    Problem,
    Slot,
    Solution,
    Status,
    Table,
    build_slots,
    clashes,
)
from expo_console.domain.ids import new_id
from expo_console.domain.meeting_records import MeetingRecord, MeetingStatus, Origin
from expo_console.services.access import require
from expo_console.services.changes import MeetingsChanged
from expo_console.services.consultations import setup as setup_service
from expo_console.services.consultations.setup import Setup
from expo_console.services.consultations.solver import DEFAULT_TIME_LIMIT, ProgressCallback, solve
from expo_console.services.progress import CancelFlag
from expo_console.storage import audit_repo, meetings_repo
from expo_console.storage.connection import EventStore


class ScheduleError(ValueError):
    """A schedule edit refused (a clash, a slot or table that does not exist), with what to do."""


@dataclass(frozen=True)
class SolveReport:
    days: tuple[dt.date, ...]
    solution: Solution
    replaced: int  # the solver's earlier meetings of those days that gave way
    kept: int  # fixed, arrived or settled meetings kept as they were
    change: MeetingsChanged
    problems: tuple[str, ...] = ()  # why the session cannot hold what was asked, in sentences


# Reading --------------------------------------------------------------------------------------

def record_of(row: dict[str, Any]) -> MeetingRecord:
    return MeetingRecord(
        row["id"], dt.date.fromisoformat(row["day"]), dt.time.fromisoformat(row["starts"]),
        dt.time.fromisoformat(row["ends"]), int(row["table_number"]), row["buyer_id"], row["exhibitor_id"],
        row["interpreter_id"], row["buyer_country"], Origin(row["origin"]), bool(row["fixed"]),
        MeetingStatus(row["status"]), row["arrived_at"], row["amount_krw"], row["amount_currency"],
        row["amount_original"], bool(row["contract_expected"]), row["contract_krw"], row["note"])


def meetings(store: EventStore, *, day: dt.date | None = None, buyer_id: str | None = None,
             exhibitor_id: str | None = None, table: int | None = None,
             interpreter_id: str | None = None) -> list[MeetingRecord]:
    rows = meetings_repo.every(store.conn, day=day.isoformat() if day else None, buyer_id=buyer_id,
                               exhibitor_id=exhibitor_id, table=table, interpreter_id=interpreter_id)
    return [record_of(r) for r in rows]


def meeting(store: EventStore, meeting_id: str) -> MeetingRecord:
    row = meetings_repo.get(store.conn, meeting_id)
    if row is None:
        raise ScheduleError(f"No meeting {meeting_id}: it was removed, perhaps on another desk. Reload the schedule.")
    return record_of(row)


def slots_of(setup: Setup, days: Iterable[dt.date] | None = None) -> tuple[Slot, ...]:
    wanted = set(days) if days is not None else None
    return tuple(slot for session in setup.sessions if wanted is None or session.day in wanted
                 for slot in build_slots(session))


# Solving --------------------------------------------------------------------------------------

def problem_of(setup: Setup, days: Sequence[dt.date], kept: Sequence[MeetingRecord]) -> Problem:
    return Problem(tuple(b.record for b in setup.buyers), tuple(e.record for e in setup.exhibitors),
                   tuple(i.record for i in setup.interpreters), tuple(Table(t.number) for t in setup.tables),
                   slots_of(setup, days), setup.requests,
                   tuple(replace(m.as_placement(), fixed=True) for m in kept))


def infeasibility(setup: Setup, problem: Problem, solution: Solution) -> tuple[str, ...]:
    """Why the zone cannot hold what was asked, in sentences an organizer can act on."""
    found: list[str] = []
    if not setup.sessions:
        found.append("No consultation session is set: set each day's hours (start, end, slot length) first.")
    if not setup.tables:
        found.append("The zone has no tables: place the consultation tables on the floor plan first.")
    if not setup.requests:
        found.append("There are no requests: import the buyers' and exhibitors' requests first.")
    capacity = len(problem.tables) * len(problem.slots)
    if setup.requests and capacity and len(setup.requests) > capacity:
        found.append(f"There are {len(setup.requests)} requests but only {capacity} table-slots "
                     f"({len(problem.tables)} tables × {len(problem.slots)} slots): add tables or hours, "
                     "or some requests stay unmet.")
    for language in solution.languages_nobody_speaks:
        found.append(f"No interpreter speaks '{language}': buyers who speak it cannot be placed. Add an "
                     "interpreter for it.")
    return tuple(found)


def solve_schedule(store: EventStore, days: Sequence[dt.date] | None = None, *,
                   time_limit: float = DEFAULT_TIME_LIMIT, progress: ProgressCallback | None = None,
                   cancel: CancelFlag | None = None,
                   solver: Callable[[Problem], Solution] | None = None) -> SolveReport:
    """Solve the days given (every day with a session when None) and save the schedule. A
    cancelled solve still saves the best schedule found (at least the greedy one).
    `solver` replaces CP-SAT: solve_greedy, the by-rank baseline, answers in well under a second
    and the same for the same requests (`meetings solve --greedy`, the demo event's schedule)."""
    require(store, Action.PLAN_MEETINGS)
    setup = setup_service.load(store)
    days = tuple(sorted(days)) if days else tuple(s.day for s in setup.sessions)
    kept = [m for m in meetings(store) if m.day in days and (m.fixed or m.settled)]
    # meetings on other days still take their buyer and exhibitor's pair: not met twice
    elsewhere = [m for m in meetings(store) if m.day not in days and m.status != MeetingStatus.CANCELLED]
    problem = problem_of(setup, days, kept + elsewhere)
    solution = solver(problem) if solver is not None else solve(problem, time_limit=time_limit, progress=progress,
                                                                cancel=cancel)
    problems = infeasibility(setup, problem, solution)
    if solution.status == Status.INVALID:
        return SolveReport(days, solution, 0, len(kept), MeetingsChanged(), problems + solution.clashes)
    new = [m for m in solution.meetings if not m.fixed]
    country = {b.id: b.country for b in setup.buyers}
    with store.write() as conn:
        replaced = meetings_repo.delete_replaceable(conn, [d.isoformat() for d in days])
        meetings_repo.insert_many(conn, (_row(store, m, Origin.SOLVER, country.get(m.buyer, "")) for m in new))
        audit_repo.append(conn, store.stamp, "consultations_solved", "schedule", None,
                          {"days": [d.isoformat() for d in days], "placed": len(new), "kept": len(kept),
                           "status": solution.status.value, "fairness_minimum": solution.fairness_minimum})
    return SolveReport(days, replace(solution, meetings=tuple(m for m in solution.meetings if m.slot.day in days)),
                       len(replaced), len(kept), MeetingsChanged(reload=True), problems)


def _row(store: EventStore, m: Meeting, origin: Origin, country: str) -> dict[str, object]:
    return {"id": new_id(), "day": m.slot.day.isoformat(), "starts": m.slot.start.strftime("%H:%M"),
            "ends": m.slot.end.strftime("%H:%M"), "table_number": m.table, "buyer_id": m.buyer,
            "exhibitor_id": m.exhibitor, "interpreter_id": m.interpreter, "buyer_country": country,
            "origin": origin.value, "fixed": int(m.fixed or origin != Origin.SOLVER), **store.stamps()}


def left_out_reasons(solution: Solution) -> list[LeftOut]:
    return list(solution.left_out)


# Hand edits -----------------------------------------------------------------------------------

def conflicts_at(store: EventStore, record: MeetingRecord, slot: Slot, table: int,
                 setup: Setup | None = None) -> list[str]:
    """What a meeting would collide with at (slot, table): empty when it fits. The grid asks this
    while a meeting is dragged."""
    setup = setup or setup_service.load(store)
    others = [m.as_placement() for m in meetings(store, day=slot.day)
              if m.id != record.id and m.status != MeetingStatus.CANCELLED]
    moved = Meeting(record.buyer_id, record.exhibitor_id, slot, table, record.interpreter_id)
    return clash_list(setup, others, moved)


def clash_list(setup: Setup, others: Sequence[Meeting], moved: Meeting) -> list[str]:
    found: list[str] = []
    if moved.table not in {t.number for t in setup.tables}:
        found.append(f"There is no table {moved.table} in the zone.")
    if moved.slot not in set(slots_of(setup, [moved.slot.day])):
        found.append(f"{moved.slot.start.strftime('%H:%M')} on {moved.slot.day.isoformat()} is not a slot of "
                     "the session.")
    exhibitors = {e.id: e.record for e in setup.exhibitors}
    mine = set(clashes(others, exhibitors))
    found += [c for c in clashes([*others, moved], exhibitors) if c not in mine]
    return found


def move_meeting(store: EventStore, meeting_id: str, slot: Slot, table: int) -> MeetingsChanged:
    """Move a meeting to another slot or table; it becomes fixed (a new solve keeps it there)."""
    require(store, Action.PLAN_MEETINGS)
    record = meeting(store, meeting_id)
    problems = conflicts_at(store, record, slot, table)
    if problems:
        raise ScheduleError(" ".join(problems))
    with store.write() as conn:
        meetings_repo.update(conn, meeting_id, {"day": slot.day.isoformat(), "starts": slot.start.strftime("%H:%M"),
                                                "ends": slot.end.strftime("%H:%M"), "table_number": table,
                                                "fixed": 1, "origin": Origin.OPERATOR.value,
                                                **store.stamps(created=False)})
        audit_repo.append(conn, store.stamp, "meeting_moved", "meeting", meeting_id,
                          {"from": f"{record.day} {record.starts:%H:%M} #{record.table}",
                           "to": f"{slot.day} {slot.start:%H:%M} #{table}"})
    return MeetingsChanged(meetings=(meeting_id,))


def set_fixed(store: EventStore, meeting_id: str, fixed: bool) -> MeetingsChanged:
    """Lock a meeting where it is (kept by a new solve) or let a solve move it again."""
    require(store, Action.PLAN_MEETINGS)
    meeting(store, meeting_id)
    with store.write() as conn:
        meetings_repo.update(conn, meeting_id, {"fixed": int(fixed), **store.stamps(created=False)})
        audit_repo.append(conn, store.stamp, "meeting_locked" if fixed else "meeting_unlocked", "meeting",
                          meeting_id)
    return MeetingsChanged(meetings=(meeting_id,))


def add_meeting(store: EventStore, buyer_id: str, exhibitor_id: str, slot: Slot, table: int,
                interpreter_id: str | None = None, *, origin: Origin = Origin.OPERATOR,
                action: Action = Action.PLAN_MEETINGS) -> tuple[str, MeetingsChanged]:
    """A meeting placed by hand (fixed). A walk-in placed from the live board passes its origin
    and the coordinator's action."""
    require(store, action)
    setup = setup_service.load(store)
    buyer = setup.buyer_by_id.get(buyer_id)
    if buyer is None:
        raise ScheduleError("That person is not a buyer: give them a buyer class (or consultation details) first.")
    if exhibitor_id not in setup.exhibitor_by_id:
        raise ScheduleError("No such exhibitor in the event.")
    if interpreter_id is None and buyer.record.needs_interpreter:
        free = _free_interpreter(store, setup, buyer.record.language, slot)
        interpreter_id = free
    record = MeetingRecord("", slot.day, slot.start, slot.end, table, buyer_id, exhibitor_id, interpreter_id)
    problems = conflicts_at(store, record, slot, table, setup)
    if problems:
        raise ScheduleError(" ".join(problems))
    meeting_id = new_id()
    with store.write() as conn:
        row = _row(store, Meeting(buyer_id, exhibitor_id, slot, table, interpreter_id, fixed=True), origin,
                   buyer.country)
        row["id"] = meeting_id
        meetings_repo.insert(conn, row)
        audit_repo.append(conn, store.stamp, "meeting_added", "meeting", meeting_id,
                          {"origin": origin.value, "at": f"{slot.day} {slot.start:%H:%M} #{table}"})
    return meeting_id, MeetingsChanged(meetings=(meeting_id,))


def _free_interpreter(store: EventStore, setup: Setup, language: str, slot: Slot) -> str | None:
    busy = {m.interpreter_id for m in meetings(store, day=slot.day)
            if m.starts == slot.start and m.status != MeetingStatus.CANCELLED}
    return next((i.id for i in setup.interpreters
                 if language in i.languages and slot.day in i.days and i.id not in busy), None)


def remove_meeting(store: EventStore, meeting_id: str) -> MeetingsChanged:
    """Take a meeting out of the schedule. One with an outcome is cancelled instead (its record
    stays for the report)."""
    require(store, Action.PLAN_MEETINGS)
    record = meeting(store, meeting_id)
    with store.write() as conn:
        if record.settled:
            raise ScheduleError("This meeting has an arrival or an outcome: mark it cancelled instead of removing it.")
        meetings_repo.delete(conn, meeting_id)
        audit_repo.append(conn, store.stamp, "meeting_removed", "meeting", meeting_id,
                          {"at": f"{record.day} {record.starts:%H:%M} #{record.table}"})
    return MeetingsChanged(meetings=(meeting_id,))


def restore_meeting(store: EventStore, record: MeetingRecord) -> MeetingsChanged:
    """Put a removed meeting back as it was (the grid's undo of a removal)."""
    require(store, Action.PLAN_MEETINGS)
    problems = conflicts_at(store, record, record.slot, record.table)
    if problems:
        raise ScheduleError(" ".join(problems))
    with store.write() as conn:
        row = _row(store, record.as_placement(), record.origin, record.buyer_country)
        row.update(id=record.id, fixed=int(record.fixed))
        meetings_repo.insert(conn, row)
        audit_repo.append(conn, store.stamp, "meeting_added", "meeting", record.id, {"origin": "undo"})
    return MeetingsChanged(meetings=(record.id,))
