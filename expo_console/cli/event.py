"""`expo-console demo` and `expo-console info`: making the demo event, describing an event.

    expo-console demo --db PATH [--visitors N] [--start YYYY-MM-DD]
    expo-console info --db PATH
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from expo_console.cli.common import CliError, open_signed_in, print_json
from expo_console.services.desk import local_stamp
from expo_console.services.events import event_info


def add_parsers(sub: Any) -> None:
    demo = sub.add_parser("demo", help="create a demo event file (2022 Smart Biz Expo)")
    demo.add_argument("--db", type=Path, required=True)
    demo.add_argument("--visitors", type=int, default=3000)
    demo.add_argument("--start", metavar="YYYY-MM-DD",
                      help="the first of the four days (default: yesterday, played already, so today's scans are "
                           "let in); 2022-10-04 gives the expo's own dates for reproducible runs")

    info = sub.add_parser("info", help="print the event as one JSON object")
    info.add_argument("--db", type=Path, required=True)


def cmd_demo(args: argparse.Namespace) -> int:
    from expo_console.services.demo.event import create_demo_event, demo_start_for

    if args.visitors < 0:
        raise CliError("--visitors must be 0 or more.")
    try:
        start = dt.date.fromisoformat(args.start) if args.start else demo_start_for(dt.date.today())
    except ValueError as error:
        raise CliError(f"--start '{args.start}' is not a date: write it like 2022-10-04.") from error
    store = create_demo_event(args.db, local_stamp(), visitors=args.visitors, simulate_first_day=True,
                              starts_on=start)
    print_json(event_info(store))
    store.close()
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    store = open_signed_in(args.db, read_only=True)
    print_json(event_info(store))
    store.close()
    return 0


COMMANDS = {"demo": cmd_demo, "info": cmd_info}
