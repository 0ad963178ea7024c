"""`expo-console import` and `expo-console export visitors`: the visitor list in and out.

    expo-console import --db PATH FILE [--dry-run] [--map FILE.json] [--header-row N]
    expo-console export visitors --db PATH --out FILE.csv|FILE.xlsx [--unmask] [--lang ko|en]
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from expo_console.cli.common import print_json
from expo_console.services.desk import local_stamp
from expo_console.services.events import open_event, open_event_or_read_only
from expo_console.services.registration.export import EXPORT_LANGUAGES, export_visitors


def add_parsers(sub: Any) -> None:
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


def cmd_import(args: argparse.Namespace) -> int:
    from expo_console.services.importing.importer import run_import
    from expo_console.services.importing.mappings import describe_mapping, prepare_plan

    store = open_event(args.db, local_stamp())
    try:
        # The mapping file wins, then the mapping remembered for this header, then its words.
        plan, source = prepare_plan(store, args.file, header_row=args.header_row, mapping_file=args.map)
        report, _change = run_import(store, plan, dry_run=args.dry_run)
    finally:
        store.close()
    print_json({**report.as_json(), "header_row": plan.header_row_number, "mapping_source": source,
                 "mapping": describe_mapping(plan)})
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    # writable only to log the export (read-only media: exported, not logged)
    store = open_event_or_read_only(args.db, local_stamp(), record_desk=False)
    try:
        count = export_visitors(store, args.out, unmask=args.unmask, language=args.lang)
    finally:
        store.close()
    print_json({"exported": count, "out": str(args.out), "unmasked": args.unmask, "logged": not store.read_only})
    return 0


COMMANDS = {"import": cmd_import, "export": cmd_export}
