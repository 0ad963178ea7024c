"""`expo-console studio print` and `expo-console photos print`: the bookings on paper, or as a workbook.

    expo-console studio|photos print --db PATH --out FILE.pdf (--confirmations [--exhibitor ID …] |
        --running-order) [--day YYYY-MM-DD]
    expo-console studio|photos print --db PATH --out FILE.xlsx

A PDF holds each exhibitor's confirmations (a page a booking: time, place, what to bring) or each
day's running order (services/bookings/prints); an .xlsx every booking and the waiting list.
Prints JSON: the file, what it holds, how many documents and pages, and the bookings listed.

cli/bookings.py adds this action to both commands (`add_print_parser`) and runs it.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from expo_console.cli.common import CliError, iso_day, open_signed_in, print_json

SAY_WHAT = "Say what to print: --confirmations (with --exhibitor ID for some only) or --running-order."


def add_print_parser(actions: Any, command: str) -> None:
    parser = actions.add_parser("print", help="print confirmations or the running order (PDF), or export the "
                                              "bookings with the waiting list (XLSX)")
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True, help="FILE.pdf on paper; FILE.xlsx for the workbook")
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--confirmations", action="store_true", help="each exhibitor's confirmations, a page a booking")
    what.add_argument("--running-order", action="store_true", help="each day's running order")
    parser.add_argument("--exhibitor", action="append", metavar="ID",
                        help="with --confirmations: this exhibitor's only (repeat for several)")
    parser.add_argument("--day", type=iso_day, metavar="YYYY-MM-DD", help="only that day's bookings")
    parser.set_defaults(run=cmd_print)


def cmd_print(args: argparse.Namespace) -> int:
    from expo_console.domain.bookings import BookingKind
    from expo_console.services.bookings.prints import files

    suffix = args.out.suffix.lower()
    chosen = "confirmations" if args.confirmations else "running-order" if args.running_order else None
    if suffix not in (".pdf", ".xlsx"):
        raise CliError(f"--out must end in .pdf (on paper) or .xlsx (the workbook), not "
                       f"'{args.out.suffix or args.out.name}'.")
    if suffix == ".xlsx" and (chosen or args.day or args.exhibitor):
        raise CliError("--out FILE.xlsx exports every booking and the waiting list: leave out --" + (
            chosen or ("day" if args.day else "exhibitor")) + ", or give --out FILE.pdf to print.")
    if suffix == ".pdf" and chosen is None:
        raise CliError(SAY_WHAT)
    if args.exhibitor and chosen != "confirmations":
        raise CliError("--exhibitor chooses whose confirmations to print: give it with --confirmations.")
    kind = BookingKind(args.kind)
    store = open_signed_in(args.db)
    try:
        try:
            if suffix == ".xlsx":
                result = files.export_bookings(store, kind, args.out)
            elif chosen == "confirmations":
                result = files.write_confirmations(store, kind, args.out, args.exhibitor, day=args.day)
            else:
                result = files.write_running_order(store, kind, args.out, args.day)
        except files.PrintError as error:
            raise CliError(str(error)) from error
    finally:
        store.close()
    print_json({**result.as_json(), "bookings_of": kind.value})
    return 0
