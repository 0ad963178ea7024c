"""`expo-console print`: badges to an operating-system printer, through the same path as the window.

    expo-console print --db PATH [--printer NAME] [--format a6|…] (--all | --not-printed |
                       --class CLASS | --visitor ID …) [--wait [SECONDS]]

One JSON line per badge: visitor, serial, printer, job id and state (sent, printed or failed,
with the reason). With --wait, the command follows the jobs until each has completed or failed
(or the seconds are up) and prints each badge again as its job ends. It exits non-zero if any
badge failed.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from expo_console.cli.common import EXIT_FAILED, CliError, open_signed_in, print_json


def add_badge_selection_arguments(parser: argparse.ArgumentParser) -> None:
    """Format and whom: shared by `print` and `badges` (a PDF)."""
    parser.add_argument("--format", default="a6", help="a6, 4x3in, 4x6in, cr80 or a4-8up (default a6)")
    parser.add_argument("--class", dest="visitor_class", help="only visitors of this class")
    parser.add_argument("--visitor", action="append", default=[], metavar="ID", help="a visitor id (repeatable)")
    parser.add_argument("--all", action="store_true", help="everyone (blocked visitors excepted)")
    parser.add_argument("--not-printed", action="store_true", help="only visitors whose badge was never printed")
    parser.add_argument("--romanize", action="store_true", help="a romanised second line under Korean names")


def add_parsers(sub: Any) -> None:
    parser = sub.add_parser("print", help="print badges on a printer of this computer (JSON line per badge)")
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--printer", help="the printer's name (default: the system's default printer)")
    add_badge_selection_arguments(parser)
    parser.add_argument("--wait", type=float, nargs="?", const=600.0, metavar="SECONDS",
                        help="follow the jobs until they end (default at most 600 s)")


def cmd_print(args: argparse.Namespace) -> int:
    from expo_console.services.badge_print.batch import select_visitors
    from expo_console.services.badge_print.print_jobs import BadgeOutcome, follow_jobs, send_badges
    from expo_console.services.print_system import PrintRefused, system_print_system

    system = system_print_system()
    printer = args.printer or system.default_printer()
    if not printer:
        known = system.printers()
        raise CliError("No printer was named and this computer has no default printer. "
                   + (f"Name one with --printer ({', '.join(known)})." if known else
                      "No printer is set up: add one in the system's printer settings (on Linux: the CUPS "
                      "page at http://localhost:631 or lpadmin), or write the badges to a PDF with 'expo-console "
                      "badges --out FILE.pdf'."))
    store = open_signed_in(args.db)
    failed = False

    def show(outcome: BadgeOutcome) -> None:
        nonlocal failed
        failed = failed or outcome.state == "failed"
        print_json(outcome.as_json())

    try:
        chosen = select_visitors(store, visitor_ids=args.visitor, visitor_class=args.visitor_class,
                                 everyone=args.all, not_printed=args.not_printed)
        try:
            outcomes, _change = send_badges(store, system, chosen, printer=printer, format_id=args.format,
                                            romanize=args.romanize, on_outcome=show)
        except PrintRefused as error:
            raise CliError(str(error)) from error
        if args.wait is not None:
            jobs = {o.job_id for o in outcomes if o.job_id}
            ended, _change = follow_jobs(store, system, wait=args.wait, only_jobs=jobs)
            for outcome in ended:
                show(outcome)
    finally:
        store.close()
    return EXIT_FAILED if failed else 0


COMMANDS = {"print": cmd_print}
