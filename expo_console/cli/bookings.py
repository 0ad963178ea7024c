"""`expo-console studio` and `expo-console photos`: the live-commerce studio's broadcasts and the
photo corner's shoots from the command line, one module for both (the kind is the command's).

    expo-console studio|photos import --db PATH REQUESTS.xlsx|csv [--dry-run] [--header-row N]
    expo-console studio|photos solve --db PATH [--day YYYY-MM-DD ...] [--time-limit S] [--greedy]
    expo-console studio|photos list --db PATH [--day YYYY-MM-DD] [--exhibitor ID] [--waiting]
    expo-console studio outcome --db PATH --booking ID [--status held|no_show|cancelled]
                                [--viewers N] [--peak N] [--orders N] [--sales KRW] [--note TEXT]
    expo-console photos outcome --db PATH --booking ID [--status …] [--photos N] [--note TEXT]
    expo-console studio|photos print --db PATH --out FILE.pdf|FILE.xlsx … (cli/bookings_print.py)

`import` reads a request list (a row per request: services/bookings/request_columns.py) and prints
what it added, updated and skipped, each problem with its row, column and what to do; the same
list again updates rather than duplicates; `--dry-run` writes nothing. `solve` allocates the days
given (every day with a session by default), keeping bookings fixed by hand or already settled,
and prints the bookings and the waiting list with why each waits. `list` prints one booking per
line, or with `--waiting` the waiting list in the order it is offered a freed slot. `outcome`
records what came of a booking (a no-show frees its slot); ID is the booking's id or its last 8
or more characters. Sales are won (3,200,000, 320만 and 3.2억 are read).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from expo_console.cli import common
from expo_console.cli.bookings_print import add_print_parser
from expo_console.cli.common import CliError, open_signed_in, print_json

KINDS = {"studio": "studio", "photos": "photo"}  # command → BookingKind value
_WHAT = {"studio": ("broadcasts", "studio"), "photos": ("photo shoots", "photo corner")}  # what, whose sessions


def add_parsers(sub: Any) -> None:
    for command, (what, _where) in _WHAT.items():
        parser = sub.add_parser(command, help=f"the {what}: requests, the allocation, the waiting list, results")
        parser.set_defaults(kind=KINDS[command], command_name=command)
        actions = parser.add_subparsers(dest="bookings_action", required=True)
        for add in ACTIONS:
            add(actions, command)


def cmd_bookings(args: argparse.Namespace) -> int:
    # imported here: the solver brings OR-Tools, which no other command needs to start
    from expo_console.domain.meeting_records import AmountError
    from expo_console.services.bookings.outcomes import ResultError
    from expo_console.services.bookings.schedule import BookingError
    from expo_console.services.bookings.setup import SetupError

    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except (BookingError, SetupError, ResultError, AmountError) as refused:  # sentences that say what to do
        raise CliError(str(refused)) from refused


def _kind(args: argparse.Namespace) -> Any:
    from expo_console.domain.bookings import BookingKind

    return BookingKind(args.kind)


def _names(store: Any) -> dict[str, Any]:
    from expo_console.services.bookings.setup import exhibitor_names

    return exhibitor_names(store)


def _exhibitor(names: dict[str, Any], exhibitor_id: str) -> dict[str, Any]:
    known = names.get(exhibitor_id)
    return {"exhibitor": exhibitor_id, "exhibitor_name": known.name if known else None,
            "booth": known.booth if known else None}


# import ---------------------------------------------------------------------------------------

def _add_import(actions: Any, command: str) -> None:
    common.add_request_list_import(actions, f"import {_WHAT[command][0]} requests from XLSX or CSV").set_defaults(run=_import)


def _import(args: argparse.Namespace) -> int:
    from expo_console.services.bookings.request_import import import_booking_requests

    store = open_signed_in(args.db)
    try:
        report, _change, plan = import_booking_requests(store, _kind(args), args.file, dry_run=args.dry_run,
                                                        header_row=args.header_row)
    finally:
        store.close()
    print_json({"kind": args.kind, **report.as_json(), "header_row": plan.header_row_number,
                "mapping": plan.describe()})
    return 0


# solve ----------------------------------------------------------------------------------------

def _add_solve(actions: Any, command: str) -> None:
    parser = common.add_solve_parser(actions, "allocate the slots fairly, keeping those fixed or settled", time_limit=10.0,
                              greedy_help="first come, first served only: instant, not optimised")
    parser.set_defaults(run=_solve)


_WHY = {"no_slot_in_windows": "no slot of the sessions lies in the preferred times",
        "limit_reached": "the exhibitor already has as many slots as one may",
        "no_room": "every slot in the preferred times went to others"}


def _solve(args: argparse.Namespace) -> int:
    from expo_console.domain.consultations import Status
    from expo_console.services.bookings import setup
    from expo_console.services.bookings.allocation import solve_bookings
    from expo_console.services.bookings.greedy import solve_greedy

    if args.time_limit <= 0:
        raise CliError("--time-limit is a number of seconds above 0, e.g. --time-limit 10.")
    kind = _kind(args)
    store = open_signed_in(args.db)
    try:
        common.check_days_to_solve(args.day, {s.day for s in setup.sessions(store, kind)}, _WHAT[args.command_name][1])
        report = solve_bookings(store, kind, args.day, time_limit=args.time_limit,
                                solver=solve_greedy if args.greedy else None)
        names = _names(store)
    finally:
        store.close()
    solution = report.solution
    if solution.status == Status.INVALID:
        raise common.clashes_refused("bookings", solution.problems)
    print_json({
        "kind": args.kind, "status": solution.status.value, "days": [d.isoformat() for d in report.days],
        "placed": sum(1 for b in solution.bookings if not b.fixed), "kept": report.kept, "replaced": report.replaced,
        "exhibitors_served": solution.exhibitors_served, "seconds": round(solution.seconds, 2),
        "problems": list(report.problems),
        "bookings": [{"day": b.slot.day.isoformat(), "start": f"{b.slot.start:%H:%M}", "end": f"{b.slot.end:%H:%M}",
                      "resource": b.resource, "request": b.request, **_exhibitor(names, b.exhibitor), "fixed": b.fixed}
                     for b in sorted(solution.bookings, key=lambda b: (b.slot, b.resource))],
        "waiting": [{"request": w.request.id, **_exhibitor(names, w.request.exhibitor), "reason": w.reason.value,
                     "why": _WHY[w.reason.value]} for w in solution.waiting],
    })
    return 0


# list -----------------------------------------------------------------------------------------

def _add_list(actions: Any, command: str) -> None:
    parser = actions.add_parser("list", help=f"the {_WHAT[command][0]}, one JSON object per line")
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--day", type=common.iso_day, metavar="YYYY-MM-DD", help="one day only")
    parser.add_argument("--exhibitor", metavar="ID", help="one exhibitor's bookings")
    parser.add_argument("--waiting", action="store_true",
                        help="the waiting list instead, in the order a freed slot is offered")
    parser.set_defaults(run=_list)


def _list(args: argparse.Namespace) -> int:
    from expo_console.services.bookings import setup
    from expo_console.services.bookings.schedule import bookings, waiting_list

    kind = _kind(args)
    store = open_signed_in(args.db, read_only=True)
    try:
        loaded = setup.load(store, kind)
        if args.exhibitor is not None and args.exhibitor not in loaded.exhibitors:
            raise CliError(f"There is no exhibitor {args.exhibitor} in this event.")
        if args.waiting:
            rows = [_waiting_row(entry) for entry in waiting_list(store, kind, loaded)
                    if args.exhibitor in (None, entry.request.exhibitor_id)
                    and (args.day is None or not entry.request.windows
                         or any(w.day == args.day for w in entry.request.windows))]
        else:
            found = bookings(store, kind, day=args.day, exhibitor_id=args.exhibitor)
            rows = [_booking_row(b, loaded) for b in found]
    finally:
        store.close()
    for row in rows:
        print_json(row)
    return 0


def _booking_row(record: Any, loaded: Any) -> dict[str, Any]:
    request = loaded.request(record.request_id) if record.request_id else None
    return {"id": record.id, "request": record.request_id, "day": record.day.isoformat(), "start": f"{record.starts:%H:%M}",
            "end": f"{record.ends:%H:%M}", "resource": record.resource, **_exhibitor(loaded.exhibitors,
                                                                                    record.exhibitor_id),
            "products": request.products if request else None, "host": request.host if request else None,
            "channel": request.channel if request else None, "status": record.status.value, "fixed": record.fixed,
            "viewers": record.viewers, "peak_viewers": record.peak_viewers, "orders": record.orders,
            "sales_krw": record.sales_krw, "photos_delivered": record.photos_delivered, "note": record.note}


def _waiting_row(entry: Any) -> dict[str, Any]:
    from expo_console.domain.bookings import window_text

    request = entry.request
    return {"request": request.id, "exhibitor": request.exhibitor_id, "exhibitor_name": request.exhibitor_name,
            "booth": request.booth, "preferred": window_text(request.windows) or None, "products": request.products,
            "priority": request.priority,
            "requested_at": request.requested_at.isoformat() if request.requested_at else None,
            "reason": entry.reason.value, "why": _WHY[entry.reason.value]}


# outcome --------------------------------------------------------------------------------------

def _add_outcome(actions: Any, command: str) -> None:
    parser = actions.add_parser("outcome", help="record what came of a booking (audited)")
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--booking", required=True, metavar="ID", help="the booking's id, or its last 8+ characters")
    parser.add_argument("--status", choices=("booked", "held", "no_show", "cancelled"),
                        help="no_show or cancelled frees the slot for the waiting list")
    if command == "studio":
        parser.add_argument("--viewers", metavar="N", help="viewers, as the channel reports them")
        parser.add_argument("--peak", metavar="N", help="the peak concurrent viewers")
        parser.add_argument("--orders", metavar="N", help="orders during the broadcast")
        parser.add_argument("--sales", metavar="KRW", help="sales in won, e.g. 3200000 or 320만")
    else:
        parser.add_argument("--photos", metavar="N", help="the number of photos delivered")
    parser.add_argument("--note", help="a note")
    parser.set_defaults(run=_outcome)


def _outcome(args: argparse.Namespace) -> int:
    from expo_console.domain.booking_records import BookingStatus
    from expo_console.services.bookings import outcomes, setup
    from expo_console.services.bookings.schedule import booking, bookings

    kind = _kind(args)
    results = {name: getattr(args, name, None) for name in ("viewers", "peak", "orders", "sales", "photos")}
    if args.status is None and args.note is None and all(v is None for v in results.values()):
        raise CliError("Say what came of the booking: --status held, no_show or cancelled, or its results ("
                       + ("--viewers, --peak, --orders, --sales" if args.command_name == "studio" else "--photos")
                       + ").")
    store = open_signed_in(args.db)
    try:
        booking_id = common.find_id(args.booking, [b.id for b in bookings(store, kind)], "booking",
                             f"{args.command_name} list")
        # one write: a figure that is not one refuses the status too; a figure not given stays as it is
        given = {name: value for name, value in (("viewers", results["viewers"]), ("peak_viewers", results["peak"]),
                                                 ("orders", results["orders"]), ("sales", results["sales"]),
                                                 ("photos_delivered", results["photos"])) if value is not None}
        if args.note is not None:
            given["note"] = args.note
        outcomes.record_results(store, booking_id, outcomes.Results(**given),
                                BookingStatus(args.status) if args.status is not None else None)
        record = booking(store, booking_id)
        loaded = setup.load(store, kind)
    finally:
        store.close()
    print_json(_booking_row(record, loaded))
    return 0


# Each action adds its parser here (for both commands), and its handler with set_defaults(run=…); the
# prints (`print`) have a module of their own.
ACTIONS: list[Callable[[Any, str], Any]] = [_add_import, _add_solve, _add_list, _add_outcome, add_print_parser]
COMMANDS = {"studio": cmd_bookings, "photos": cmd_bookings}
