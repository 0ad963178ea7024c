"""The command line. Subcommands call the same services as the GUI; no Qt is imported for them.

    expo-console [--db PATH] [--workspace NAME] [--lang ko|en] [--screenshot FILE.png]
    expo-console demo --db PATH [--visitors N]
    expo-console info --db PATH
    expo-console import --db PATH FILE [--dry-run] [--map FILE.json] [--header-row N]
    expo-console export visitors --db PATH --out FILE.csv|FILE.xlsx [--unmask] [--lang ko|en]
    expo-console code --db PATH --visitor ID
    expo-console verify --db PATH CODE
    expo-console key export|import|rotate --db PATH [--out FILE | FILE]
    expo-console badges --db PATH --out FILE.pdf [--format a6|4x3in|4x6in|cr80|a4-8up]
                        [--class CLASS] [--visitor ID ...] [--all] [--not-printed] [--romanize]
    expo-console gates --db PATH
    expo-console scan --db PATH --gate GATE [--station NAME] [--direction in|out] [CODE ...]
    expo-console layout export|import|check --db PATH ...   (see cli_layout.py)
    expo-console print --db PATH [--printer NAME] (--all | --not-printed | --class C | --visitor ID…) [--wait]
    expo-console simulate|traffic|report --db PATH ...      (see cli_traffic.py)

Errors go to stderr with a sentence that says what to do, and a non-zero exit code.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from expo_console.cli_layout import add_layout_parser, cmd_layout
from expo_console.cli_print import add_badge_selection_arguments, add_print_parser, cmd_print
from expo_console.cli_traffic import add_traffic_parsers, cmd_report, cmd_simulate, cmd_traffic
from expo_console.services.badge_keys import MissingKey
from expo_console.services.badge_print.batch import BatchError
from expo_console.services.badge_print.fonts import KoreanFontMissing
from expo_console.services.badge_print.templates import TemplateError
from expo_console.services.badges import BadgeError
from expo_console.services.checkin import GateNotFound
from expo_console.services.desk import local_stamp
from expo_console.services.events import event_info, open_event, open_event_or_read_only
from expo_console.services.export import EXPORT_LANGUAGES, ExportError, export_visitors
from expo_console.services.importing.sniff import ImportFileError
from expo_console.services.store import EventFileError, explained

WORKSPACES = ("floorplan", "registration", "checkin", "dashboard")
EXIT_FAILED = 1
EXIT_USAGE = 2


class CliError(Exception):
    pass


def _print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False) + "\n")


def gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="expo-console",
        description="Expo Console: floor plan, registration and badges, check-in, live traffic.",
        epilog="Subcommands: demo, info, import, export, code, verify, key, badges, gates, scan, layout, simulate, traffic "
               "(see 'expo-console COMMAND --help').",
    )
    parser.add_argument("--db", type=Path, help="event file to open (default: your default event)")
    parser.add_argument("--workspace", choices=WORKSPACES, help="workspace shown first")
    parser.add_argument("--lang", choices=("ko", "en"), help="interface language (default: Korean)")
    parser.add_argument("--screenshot", type=Path, metavar="FILE.png",
                        help="open the window, save a screenshot once it has painted, and exit")
    return parser


def command_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="expo-console")
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="create a demo event file (2022 Smart Biz Expo)")
    demo.add_argument("--db", type=Path, required=True)
    demo.add_argument("--visitors", type=int, default=3000)

    info = sub.add_parser("info", help="print the event as one JSON object")
    info.add_argument("--db", type=Path, required=True)

    imp = sub.add_parser("import", help="import pre-registered visitors from CSV or XLSX")
    imp.add_argument("--db", type=Path, required=True)
    imp.add_argument("file", type=Path)
    imp.add_argument("--dry-run", action="store_true", help="check the file; store nothing")
    imp.add_argument("--map", type=Path, metavar="FILE.json",
                     help="header row, columns and classes to use (format: README.md, Command line)")
    imp.add_argument("--header-row", type=int, metavar="N", help="the spreadsheet row number of the header")

    export = sub.add_parser("export", help="export data")
    export_sub = export.add_subparsers(dest="what", required=True)
    visitors = export_sub.add_parser("visitors", help="the visitor list as CSV or XLSX")
    visitors.add_argument("--db", type=Path, required=True)
    visitors.add_argument("--out", type=Path, required=True)
    visitors.add_argument("--unmask", action="store_true", help="write full phone numbers (logged)")
    visitors.add_argument("--lang", choices=EXPORT_LANGUAGES, default="ko",
                          help="language of the class names (default ko); the class codes have a column of their own")

    code = sub.add_parser("code", help="print a visitor's badge code (issued now if they have none)")
    code.add_argument("--db", type=Path, required=True)
    code.add_argument("--visitor", required=True, metavar="ID")

    verify = sub.add_parser("verify", help="decode a badge code and check its signature (JSON)")
    verify.add_argument("--db", type=Path, required=True)
    verify.add_argument("code")

    key = sub.add_parser("key", help="the event's badge key: share it between desks")
    key_sub = key.add_subparsers(dest="action", required=True)
    key_export = key_sub.add_parser("export", help="write the key file for another desk")
    key_export.add_argument("--db", type=Path, required=True)
    key_export.add_argument("--out", type=Path, required=True)
    key_import = key_sub.add_parser("import", help="take a key file exported on another desk")
    key_import.add_argument("--db", type=Path, required=True)
    key_import.add_argument("file", type=Path)
    key_rotate = key_sub.add_parser("rotate", help="a new key for new badges (old badges stay valid)")
    key_rotate.add_argument("--db", type=Path, required=True)

    badges = sub.add_parser("badges", help="write badges into one PDF (issuing codes where missing)")
    badges.add_argument("--db", type=Path, required=True)
    badges.add_argument("--out", type=Path, required=True)
    add_badge_selection_arguments(badges)

    gates = sub.add_parser("gates", help="the event's gates as JSON")
    gates.add_argument("--db", type=Path, required=True)

    scan = sub.add_parser("scan", help="check badge codes in at a gate; one JSON object per line")
    scan.add_argument("--db", type=Path, required=True)
    scan.add_argument("--gate", required=True, help="a gate's id or name")
    scan.add_argument("--station", default="cli", help="the station's name (default: cli)")
    scan.add_argument("--direction", choices=("in", "out"), default="in")
    scan.add_argument("--at", help="scan as of this time (ISO 8601, e.g. 2022-10-04T10:00:00+09:00): "
                                   "for rehearsals and replays")
    scan.add_argument("codes", nargs="*", help="codes; without any, one per line from standard input")
    add_layout_parser(sub)
    add_print_parser(sub)
    add_traffic_parsers(sub)
    return parser


def _cmd_demo(args: argparse.Namespace) -> int:
    from expo_console.services.demo import create_demo_event

    if args.visitors < 0:
        raise CliError("--visitors must be 0 or more.")
    store = create_demo_event(args.db, local_stamp(), visitors=args.visitors, simulate_first_day=True)
    _print_json(event_info(store))
    store.close()
    return 0


def _cmd_info(args: argparse.Namespace) -> int:
    store = open_event(args.db, local_stamp(), read_only=True)
    _print_json(event_info(store))
    store.close()
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    from expo_console.services.importing.importer import run_import
    from expo_console.services.importing.mappings import describe_mapping, prepare_plan

    store = open_event(args.db, local_stamp())
    try:
        # The mapping file wins, then the mapping remembered for this header, then its words.
        plan, source = prepare_plan(store, args.file, header_row=args.header_row, mapping_file=args.map)
        report, _change = run_import(store, plan, dry_run=args.dry_run)
    finally:
        store.close()
    _print_json({**report.as_json(), "header_row": plan.header_row_number, "mapping_source": source,
                 "mapping": describe_mapping(plan)})
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    # writable only to log the export (read-only media: exported, not logged)
    store = open_event_or_read_only(args.db, local_stamp(), record_desk=False)
    try:
        count = export_visitors(store, args.out, unmask=args.unmask, language=args.lang)
    finally:
        store.close()
    _print_json({"exported": count, "out": str(args.out), "unmasked": args.unmask, "logged": not store.read_only})
    return 0


def _cmd_code(args: argparse.Namespace) -> int:
    from expo_console.services.badges import issue_badge

    store = open_event(args.db, local_stamp())
    try:
        badge, _change = issue_badge(store, args.visitor)
    finally:
        store.close()
    sys.stdout.write(badge.code + "\n")
    return 0


def _cmd_verify(args: argparse.Namespace) -> int:
    from expo_console.services.badges import verify_code

    store = open_event(args.db, local_stamp(), read_only=True)
    try:
        _print_json(verify_code(store, args.code).as_json())
    finally:
        store.close()
    return 0


def _cmd_key(args: argparse.Namespace) -> int:
    from expo_console.services import badge_keys
    from expo_console.services.events import event_row

    store = open_event(args.db, local_stamp())
    event = event_row(store)
    store.close()
    if args.action == "export":
        badge_keys.export_keys(event["id"], event["name"], args.out)
        _print_json({"exported": str(args.out), "event": event["name"]})
    elif args.action == "import":
        keys = badge_keys.import_keys(args.file, event["id"])
        _print_json({"imported": str(args.file), "event": event["name"], "key_ids": sorted(keys.secrets)})
    else:
        keys = badge_keys.rotate_key(event["id"], event["name"])
        _print_json({"current_key_id": keys.current, "event": event["name"]})
    return 0


def _cmd_badges(args: argparse.Namespace) -> int:
    from expo_console.services.badge_print.batch import select_visitors, write_badges_pdf

    store = open_event(args.db, local_stamp())
    try:
        chosen = select_visitors(store, visitor_ids=args.visitor, visitor_class=args.visitor_class,
                                 everyone=args.all, not_printed=args.not_printed)
        result = write_badges_pdf(store, args.out, chosen, format_id=args.format, romanize=args.romanize)
    finally:
        store.close()
    _print_json({"badges": result.count, "out": str(result.out), "format": args.format})
    return 0


def _cmd_gates(args: argparse.Namespace) -> int:
    from expo_console.services.checkin import list_gates

    store = open_event(args.db, local_stamp(), read_only=True)
    try:
        _print_json(list_gates(store))
    finally:
        store.close()
    return 0


def _cmd_scan(args: argparse.Namespace) -> int:
    from expo_console.services.checkin import ScanContext, Station, find_gate, scan

    at = None
    if args.at:
        try:
            at = datetime.fromisoformat(args.at)
        except ValueError as exc:
            raise CliError(f"--at '{args.at}' is not a time: use ISO 8601, e.g. 2022-10-04T10:00:00+09:00.") from exc
        if at.tzinfo is None:
            raise CliError("--at needs a time zone, e.g. 2022-10-04T10:00:00+09:00.")
    store = open_event(args.db, local_stamp())
    try:
        context = ScanContext(store, Station(args.station, find_gate(store, args.gate)["id"], args.direction))
        lines = args.codes or (line.rstrip("\n") for line in sys.stdin)
        for line in lines:
            for result in scan(context, line, now=at):
                _print_json(result.as_json())
                sys.stdout.flush()  # a gate script reads each verdict as it comes
    finally:
        store.close()
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "demo": _cmd_demo, "info": _cmd_info, "import": _cmd_import, "export": _cmd_export,
    "code": _cmd_code, "verify": _cmd_verify, "key": _cmd_key, "badges": _cmd_badges,
    "gates": _cmd_gates, "scan": _cmd_scan, "layout": lambda args: cmd_layout(args, CliError),
    "simulate": lambda args: cmd_simulate(args, CliError), "traffic": lambda args: cmd_traffic(args, CliError),
    "report": lambda args: cmd_report(args, CliError), "print": lambda args: cmd_print(args, CliError),
}


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in COMMANDS:
        args = command_parser().parse_args(argv)
        try:
            return COMMANDS[args.command](args)
        except (EventFileError, ImportFileError, ExportError, CliError, MissingKey, BadgeError, BatchError,
                TemplateError, KoreanFontMissing, GateNotFound) as exc:
            sys.stderr.write(f"expo-console: {exc}\n")
            return EXIT_FAILED
        except sqlite3.OperationalError as exc:  # a lock held too long, a full disk: words, not a traceback
            explanation = explained(exc, getattr(args, "db", None) or Path("the event file"))
            sys.stderr.write(f"expo-console: {explanation}\n")
            return EXIT_FAILED
    args = gui_parser().parse_args(argv)
    from expo_console.gui.app import run_gui  # Qt is imported only for the window

    return run_gui(args)
