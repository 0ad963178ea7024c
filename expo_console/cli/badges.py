"""`expo-console code|verify|key|badges`: badge codes, the event's badge key, and badges as a PDF.

    expo-console code --db PATH --visitor ID
    expo-console verify --db PATH CODE
    expo-console key export|import|rotate --db PATH [--out FILE | FILE]
    expo-console badges --db PATH --out FILE.pdf [--format a6|4x3in|4x6in|cr80|a4-8up]
                        [--class CLASS] [--visitor ID ...] [--all] [--not-printed] [--romanize]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from expo_console.cli.common import open_signed_in, print_json
from expo_console.cli.printing import add_badge_selection_arguments


def add_parsers(sub: Any) -> None:
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


def cmd_code(args: argparse.Namespace) -> int:
    from expo_console.services.badges.codes import issue_badge

    store = open_signed_in(args.db)
    try:
        badge, _change = issue_badge(store, args.visitor)
    finally:
        store.close()
    sys.stdout.write(badge.code + "\n")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from expo_console.services.badges.codes import verify_code

    store = open_signed_in(args.db, read_only=True)
    try:
        print_json(verify_code(store, args.code).as_json())
    finally:
        store.close()
    return 0


def cmd_key(args: argparse.Namespace) -> int:
    from expo_console.services.badges import key_files

    store = open_signed_in(args.db)  # an organizer's: the key signs badges (key_files checks the role)
    try:
        if args.action == "export":
            event_name = key_files.export_event_key(store, args.out)
            print_json({"exported": str(args.out), "event": event_name})
        elif args.action == "import":
            keys = key_files.import_event_key(store, args.file)
            print_json({"imported": str(args.file), "event": _event_name(store), "key_ids": sorted(keys.secrets)})
        else:
            keys = key_files.rotate_event_key(store)
            print_json({"current_key_id": keys.current, "event": _event_name(store)})
    finally:
        store.close()
    return 0


def _event_name(store: Any) -> str:
    from expo_console.services.events import event_row

    return str(event_row(store)["name"])


def cmd_badges(args: argparse.Namespace) -> int:
    from expo_console.services.badge_print.batch import select_visitors, write_badges_pdf

    store = open_signed_in(args.db)
    try:
        chosen = select_visitors(store, visitor_ids=args.visitor, visitor_class=args.visitor_class,
                                 everyone=args.all, not_printed=args.not_printed)
        result = write_badges_pdf(store, args.out, chosen, format_id=args.format, romanize=args.romanize)
    finally:
        store.close()
    print_json({"badges": result.count, "out": str(result.out), "format": args.format})
    return 0


COMMANDS = {"code": cmd_code, "verify": cmd_verify, "key": cmd_key, "badges": cmd_badges}
