"""`expo-console gates` and `expo-console scan`: the event's gates, and checking badge codes in at one.

    expo-console gates --db PATH
    expo-console scan --db PATH --gate GATE [--station NAME] [--direction in|out] [--at TIME] [CODE ...]
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from expo_console.cli.common import CliError, print_json
from expo_console.services.desk import local_stamp
from expo_console.services.events import open_event


def add_parsers(sub: Any) -> None:
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


def cmd_gates(args: argparse.Namespace) -> int:
    from expo_console.services.checkin.scanning import list_gates

    store = open_event(args.db, local_stamp(), read_only=True)
    try:
        print_json(list_gates(store))
    finally:
        store.close()
    return 0


def cmd_scan(args: argparse.Namespace) -> int:
    from expo_console.services.checkin.scanning import ScanContext, Station, find_gate, scan

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
                print_json(result.as_json())
                sys.stdout.flush()  # a gate script reads each verdict as it comes
    finally:
        store.close()
    return 0


COMMANDS = {"gates": cmd_gates, "scan": cmd_scan}
