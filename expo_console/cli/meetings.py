"""`expo-console meetings`: the buyer consultation zone from the command line.

    expo-console meetings import --db PATH REQUESTS.xlsx|csv [--dry-run] [--header-row N]
    expo-console meetings solve --db PATH [--day YYYY-MM-DD ...] [--time-limit S] [--greedy]
    expo-console meetings list --db PATH [--buyer ID | --exhibitor ID | --table N] [--day YYYY-MM-DD]
    expo-console meetings outcome --db PATH MEETING (--held | --no-show | --cancelled)
                                  [--amount X] [--contract X] [--usd] [--note TEXT]

`import` reads a request list (the shapes are in services/consultations/request_columns.py) and
prints what it added, updated and skipped, with each problem's row and the closest names;
`--dry-run` writes nothing. `solve` places the meetings of the days given (every day with a
session by default) and prints them, the requests left out and why, the fairness minimum and the
solver's status. `list` prints one meeting per line. `outcome` records what came of a meeting;
MEETING is its id or the last 8 or more characters of it. Amounts are won (1500만, 1.2억 and
15,000,000 are read), or dollars with --usd at the event's rate.

Names of buyers are printed to a role that may see the visitors; the others read their ids.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from expo_console.cli.common import (
    MIN_ID_SUFFIX,
    CliError,
    add_request_list_import,
    add_solve_parser,
    check_days_to_solve,
    clashes_refused,
    find_id,
    iso_day,
    open_signed_in,
    print_json,
)
from expo_console.cli.meetings_print import add_print_parser
from expo_console.cli.meetings_report import add_report_parser


def add_parsers(sub: Any) -> None:
    meetings = sub.add_parser("meetings", help="the buyer consultation zone: requests, the schedule, outcomes")
    actions = meetings.add_subparsers(dest="meetings_action", required=True)
    for add in ACTIONS:
        add(actions)


def cmd_meetings(args: argparse.Namespace) -> int:
    # imported here: the solver brings OR-Tools, which no other command needs to start
    from expo_console.domain.meeting_records import AmountError
    from expo_console.services.consultations.schedule import ScheduleError
    from expo_console.services.consultations.setup import SetupError

    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except (ScheduleError, SetupError, AmountError) as refused:  # sentences that say what to do
        raise CliError(str(refused)) from refused


# import ---------------------------------------------------------------------------------------

def _add_import(actions: Any) -> None:
    add_request_list_import(actions, "import consultation requests (희망기업 lists) from XLSX or CSV").set_defaults(
        run=_import)


def _import(args: argparse.Namespace) -> int:
    from expo_console.services.consultations.request_import import import_requests

    store = open_signed_in(args.db)
    try:
        report, _change, plan = import_requests(store, args.file, dry_run=args.dry_run, header_row=args.header_row)
    finally:
        store.close()
    print_json({**report.as_json(), "header_row": plan.header_row_number, "mapping": plan.describe()})
    return 0


# solve ----------------------------------------------------------------------------------------

def _add_solve(actions: Any) -> None:
    parser = add_solve_parser(actions, "place the meetings (CP-SAT), keeping those fixed or under way",
                              time_limit=30.0, greedy_help="the by-rank baseline only: instant, not optimised")
    parser.set_defaults(run=_solve)


def _solve(args: argparse.Namespace) -> int:
    from expo_console.domain.consultations import Status
    from expo_console.services.consultations import setup
    from expo_console.services.consultations.greedy import solve_greedy
    from expo_console.services.consultations.schedule import solve_schedule

    if args.time_limit <= 0:
        raise CliError("--time-limit is a number of seconds above 0, e.g. --time-limit 30.")
    store = open_signed_in(args.db)
    try:
        check_days_to_solve(args.day, {s.day for s in setup.sessions(store)}, "consultation")
        report = solve_schedule(store, args.day, time_limit=args.time_limit,
                                solver=solve_greedy if args.greedy else None)
        zone = setup.load(store)
        names = _Names(store, zone)
    finally:
        store.close()
    solution = report.solution
    if solution.status == Status.INVALID:
        raise clashes_refused("meetings", solution.clashes)
    print_json({
        "status": solution.status.value, "days": [d.isoformat() for d in report.days],
        "placed": sum(1 for m in solution.meetings if not m.fixed), "kept": report.kept,
        "replaced": report.replaced, "fairness_minimum": solution.fairness_minimum,
        "fair_share": solution.fair_share, "table_slots": solution.table_slots,
        "seconds": round(solution.seconds, 2), "problems": list(report.problems),
        "meetings": [{"day": m.slot.day.isoformat(), "start": f"{m.slot.start:%H:%M}", "end": f"{m.slot.end:%H:%M}",
                      "table": m.table, **names.buyer(m.buyer), **names.exhibitor(m.exhibitor),
                      **names.interpreter(m.interpreter), "fixed": m.fixed}
                     for m in sorted(solution.meetings, key=lambda m: (m.slot, m.table))],
        "left_out": [{**names.buyer(o.request.buyer), **names.exhibitor(o.request.exhibitor),
                      "reason": o.reason.value, "why": _WHY[o.reason.value]} for o in solution.left_out],
    })
    return 0


_WHY = {"no_common_day": "the buyer and the exhibitor attend no day in common",
        "no_interpreter": "no interpreter of the buyer's language works on a day both attend",
        "no_room": "the tables, the exhibitor's seats or the buyer's time ran out",
        "unknown_party": "the buyer or the exhibitor is no longer in the event"}


class _Names:
    """Ids with the names people read: buyers' only for a role that may see the visitors."""

    def __init__(self, store: Any, zone: Any) -> None:
        from expo_console.domain.access import Action
        from expo_console.services.access import allowed

        self.zone = zone
        self.show_buyers = allowed(store, Action.VIEW_VISITORS)

    def buyer(self, buyer_id: str) -> dict[str, Any]:
        known = self.zone.buyer_by_id.get(buyer_id)
        name = (known.name or known.name_en) if known is not None and self.show_buyers else None
        company = known.company if known is not None and self.show_buyers else None
        return {"buyer": buyer_id, "buyer_name": name, "buyer_company": company}

    def exhibitor(self, exhibitor_id: str) -> dict[str, Any]:
        known = self.zone.exhibitor_by_id.get(exhibitor_id)
        return {"exhibitor": exhibitor_id, "exhibitor_name": known.name if known is not None else None,
                "booth": known.booth if known is not None else None}

    def interpreter(self, interpreter_id: str | None) -> dict[str, Any]:
        known = self.zone.interpreter_by_id.get(interpreter_id) if interpreter_id else None
        return {"interpreter": interpreter_id, "interpreter_name": known.name if known is not None else None}


# list -----------------------------------------------------------------------------------------

def _add_list(actions: Any) -> None:
    parser = actions.add_parser("list", help="the meetings, one JSON object per line")
    parser.add_argument("--db", type=Path, required=True)
    whose = parser.add_mutually_exclusive_group()
    whose.add_argument("--buyer", metavar="ID", help="one buyer's meetings (their visitor id)")
    whose.add_argument("--exhibitor", metavar="ID", help="one exhibitor's meetings")
    whose.add_argument("--table", type=int, metavar="N", help="one table's meetings")
    parser.add_argument("--day", type=iso_day, metavar="YYYY-MM-DD", help="one day only")
    parser.set_defaults(run=_list)


def _list(args: argparse.Namespace) -> int:
    from expo_console.services.consultations import setup
    from expo_console.services.consultations.schedule import meetings

    store = open_signed_in(args.db, read_only=True)
    try:
        zone = setup.load(store)
        names = _Names(store, zone)
        if args.exhibitor is not None and args.exhibitor not in zone.exhibitor_by_id:
            raise CliError(f"There is no exhibitor {args.exhibitor} in this event.")
        found = meetings(store, day=args.day, buyer_id=args.buyer, exhibitor_id=args.exhibitor, table=args.table)
    finally:
        store.close()
    for m in found:
        print_json({"id": m.id, "day": m.day.isoformat(), "start": f"{m.starts:%H:%M}", "end": f"{m.ends:%H:%M}",
                    "table": m.table, **names.buyer(m.buyer_id), **names.exhibitor(m.exhibitor_id),
                    **names.interpreter(m.interpreter_id), "status": m.status.value, "fixed": m.fixed,
                    "amount_krw": m.amount_krw, "contract_krw": m.contract_krw})
    return 0


# outcome --------------------------------------------------------------------------------------

def _add_outcome(actions: Any) -> None:
    parser = actions.add_parser("outcome", help="record what came of a meeting (audited)")
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("meeting", metavar="MEETING", help=f"the meeting's id, or its last {MIN_ID_SUFFIX}+ characters")
    status = parser.add_mutually_exclusive_group()
    status.add_argument("--held", dest="status", action="store_const", const="held")
    status.add_argument("--no-show", dest="status", action="store_const", const="no_show")
    status.add_argument("--cancelled", dest="status", action="store_const", const="cancelled")
    parser.add_argument("--amount", metavar="KRW", help="the consultation amount (상담액), e.g. 15000000 or 1500만")
    parser.add_argument("--contract", metavar="KRW", help="the contract expected (계약추진액); 0 clears it")
    parser.add_argument("--usd", action="store_true", help="the amounts are US dollars (kept, and reported in KRW "
                                                           "at the event's rate)")
    parser.add_argument("--note", help="a follow-up note")
    parser.set_defaults(run=_outcome)


def _outcome(args: argparse.Namespace) -> int:
    from expo_console.domain.meeting_records import MeetingStatus
    from expo_console.services.consultations import outcomes
    from expo_console.services.consultations.schedule import meeting

    if args.status is None and args.amount is None and args.contract is None and args.note is None:
        raise CliError("Say what came of the meeting: --held, --no-show or --cancelled, with --amount, --contract "
                       "or --note if you like.")
    store = open_signed_in(args.db)
    try:
        meeting_id = _meeting_id(store, args.meeting)
        given: dict[str, Any] = {"currency": "USD" if args.usd else "KRW", "note": args.note}
        if args.status is not None:
            given["status"] = MeetingStatus(args.status)
        if args.amount is not None:
            given["amount"] = args.amount
        if args.contract is not None:
            given["contract"] = args.contract
            if args.contract.strip() in ("0", ""):
                given.update(contract=None, contract_expected=False)
        outcomes.record_outcome(store, meeting_id, outcomes.Outcome(**given))
        record = meeting(store, meeting_id)
    finally:
        store.close()
    print_json({"id": record.id, "day": record.day.isoformat(), "start": f"{record.starts:%H:%M}",
                "table": record.table, "status": record.status.value, "amount_krw": record.amount_krw,
                "amount_currency": record.amount_currency, "amount_original": record.amount_original,
                "contract_expected": record.contract_expected, "contract_krw": record.contract_krw,
                "note": record.note})
    return 0


def _meeting_id(store: Any, typed: str) -> str:
    from expo_console.services.consultations.schedule import meetings

    return find_id(typed, [m.id for m in meetings(store)], "meeting", "meetings list")


# Each action of `meetings` adds its parser here, and its handler with set_defaults(run=…); the
# schedules on paper (`meetings print`) and the results (`meetings report`) have modules of their own.
ACTIONS: list[Callable[[Any], Any]] = [_add_import, _add_solve, _add_list, _add_outcome, add_print_parser,
                                       add_report_parser]
COMMANDS = {"meetings": cmd_meetings}
