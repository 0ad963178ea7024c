"""`expo-console meetings print`: the consultation schedule on paper, or as a workbook.

    expo-console meetings print --db PATH --out FILE.pdf (--buyer ID … | --all-buyers | --exhibitor ID … |
        --all-exhibitors | --tables [N …] | --interpreters [ID …]) [--day YYYY-MM-DD]
    expo-console meetings print --db PATH --out FILE.xlsx|FILE.csv [--day YYYY-MM-DD]

A PDF holds buyers' itineraries, exhibitors' schedules, the tables' door sheets or interpreters'
schedules (services/consultations/prints); an .xlsx the whole schedule (every meeting, by buyer,
by exhibitor, the tables' grid), a .csv its meetings. Prints JSON: the file, what it holds, how
many people (or table-days) and pages, and the meetings listed.

cli/meetings.py adds this command to the `meetings` group (`add_print_parser`) and runs it.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from expo_console.cli.common import CliError, open_signed_in, print_json

SELECTORS = ("buyer", "all_buyers", "exhibitor", "all_exhibitors", "tables", "interpreters")
SAY_WHAT = ("Say what to print: --buyer ID, --all-buyers, --exhibitor ID, --all-exhibitors, --tables or "
            "--interpreters (or --out FILE.xlsx for the whole schedule).")


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a day: write it as YYYY-MM-DD, e.g. 2022-10-04.") from None


def add_print_parser(meetings_sub: Any) -> None:
    parser = meetings_sub.add_parser(
        "print", help="print itineraries, exhibitors' or interpreters' schedules, door sheets (PDF), or export the "
                      "schedule (XLSX, CSV)")
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True,
                        help="FILE.pdf for schedules on paper; FILE.xlsx (or .csv) for the whole schedule")
    who = parser.add_mutually_exclusive_group()
    who.add_argument("--buyer", action="append", metavar="ID", help="a buyer's itinerary (repeat for several)")
    who.add_argument("--all-buyers", action="store_true", help="every buyer's itinerary, one after another")
    who.add_argument("--exhibitor", action="append", metavar="ID", help="an exhibitor's schedule (repeat for several)")
    who.add_argument("--all-exhibitors", action="store_true", help="every exhibitor's schedule")
    who.add_argument("--tables", nargs="*", type=int, metavar="N",
                     help="door sheets: a page per table per day (every table, or those numbered)")
    who.add_argument("--interpreters", nargs="*", metavar="ID",
                     help="interpreters' schedules (every interpreter, or those given)")
    parser.add_argument("--day", type=_day, metavar="YYYY-MM-DD", help="only that day's meetings")
    parser.set_defaults(run=cmd_print)


def _chosen(args: argparse.Namespace) -> str | None:
    given = [name for name in SELECTORS if getattr(args, name) not in (None, False)]
    return given[0] if given else None


def cmd_print(args: argparse.Namespace) -> int:
    from expo_console.services.consultations.prints import schedule_files as files

    suffix = args.out.suffix.lower()
    chosen = _chosen(args)
    if suffix in (".xlsx", ".csv") and chosen is not None:
        raise CliError(f"--out FILE{suffix} exports the whole schedule: leave out --{chosen.replace('_', '-')}, or "
                       "give --out FILE.pdf to print it.")
    if suffix not in (".pdf", ".xlsx", ".csv"):
        raise CliError(f"--out must end in .pdf (schedules on paper), .xlsx or .csv (the schedule), not "
                       f"'{args.out.suffix or args.out.name}'.")
    if suffix == ".pdf" and chosen is None:
        raise CliError(SAY_WHAT)
    store = open_signed_in(args.db)
    try:
        try:
            if suffix != ".pdf":
                result = files.export_schedule(store, args.out, day=args.day)
            elif chosen in ("buyer", "all_buyers"):
                result = files.write_itineraries(store, args.out, args.buyer, day=args.day)
            elif chosen in ("exhibitor", "all_exhibitors"):
                result = files.write_exhibitor_schedules(store, args.out, args.exhibitor, day=args.day)
            elif chosen == "tables":
                result = files.write_door_sheets(store, args.out, args.tables or None, day=args.day)
            else:
                result = files.write_interpreter_schedules(store, args.out, args.interpreters or None, day=args.day)
        except files.PrintError as error:
            raise CliError(str(error)) from error
        print_json(result.as_json())
    finally:
        store.close()
    return 0
