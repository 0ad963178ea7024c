"""`expo-console import`, `export visitors` and `visitors`: the visitor list in and out, and one visitor.

    expo-console import --db PATH FILE [--dry-run] [--map FILE.json] [--header-row N]
    expo-console export visitors --db PATH --out FILE.csv|FILE.xlsx [--unmask --reason TEXT] [--lang ko|en]
    expo-console visitors show --db PATH ID [--out FILE.pdf|FILE.json]
    expo-console visitors delete|block|unblock --db PATH ID [--reason TEXT]
    expo-console purge --db PATH [--yes] [--certificate FILE.pdf]
    expo-console purge --db PATH --again --certificate FILE.pdf

`show` is everything held about one person (their request to see their data; an organizer's
work, audited). `purge --again` makes the last purge's certificate of destruction again, from
its access record (when the one written then is lost). Deleting erases the person and keeps their badges known as cancelled: a scan
of one is refused at the gate.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from expo_console.cli.common import (
    CliError,
    open_signed_in,
    open_signed_in_or_read_only,
    print_json,
)
from expo_console.services.registration.export import EXPORT_LANGUAGES, export_visitors


def add_parsers(sub: Any) -> None:
    add_visitor_parsers(sub)
    add_purge_parser(sub)
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
    visitors.add_argument("--unmask", action="store_true", help="write full phone numbers (logged, with --reason)")
    visitors.add_argument("--reason", default="", help="why the phone numbers are needed in full (required with --unmask)")
    visitors.add_argument("--lang", choices=EXPORT_LANGUAGES, default="ko",
                          help="language of the class names (default ko); the class codes have a column of their own")


def add_purge_parser(sub: Any) -> None:
    purge = sub.add_parser("purge", help="erase every visitor's personal data after the event (on or after the "
                                         "retention date), keeping the figures; asks first unless --yes")
    purge.add_argument("--db", type=Path, required=True)
    purge.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    purge.add_argument("--certificate", type=Path, metavar="FILE.pdf", help="write the certificate of destruction")
    purge.add_argument("--again", action="store_true",
                       help="erase nothing: write the last purge's certificate again (with --certificate)")


def cmd_purge(args: argparse.Namespace) -> int:
    from expo_console.services.registration.purge import (
        PurgeError,
        certificate_again,
        check_certificate,
        check_purge,
        purge_personal_data,
        retention_date,
    )

    if args.again and args.certificate is None:
        raise CliError("purge --again writes the last purge's certificate again: give --certificate FILE.pdf.")
    store = open_signed_in(args.db)
    try:
        if args.again:
            print_json(certificate_again(store, args.certificate))
            return 0
        check_purge(store)  # before asking: a viewer, or a day too early, is told so without typing PURGE
        if args.certificate is not None:
            check_certificate(args.certificate)  # and nothing is erased without its certificate
        if not args.yes:
            if not sys.stdin.isatty():
                raise CliError("purge erases every visitor's personal data for good: run it in a terminal to confirm, "
                               "or give --yes.")
            answer = input(f"Erase the personal data of every visitor of {args.db.name} (kept until "
                           f"{retention_date(store).isoformat()})? This cannot be undone. Type PURGE to go on: ")
            if answer.strip() != "PURGE":
                raise CliError("Not purged: nothing was changed.")
        done = purge_personal_data(store, certificate=args.certificate)
    except PurgeError as error:
        raise CliError(str(error)) from error
    finally:
        store.close()
    print_json(done)
    return 0


def add_visitor_parsers(sub: Any) -> None:
    one = sub.add_parser("visitors", help="one visitor: everything held about them, or delete, block, unblock")
    actions = one.add_subparsers(dest="visitor_action", required=True)
    show = actions.add_parser("show", help="everything held about one person (JSON; --out FILE.pdf or .json for them)")
    show.add_argument("--db", type=Path, required=True)
    show.add_argument("visitor", metavar="ID")
    show.add_argument("--out", type=Path, help="write it to FILE.pdf (to hand to the person) or FILE.json")
    for action, told in (("delete", "delete the visitor (their badges stay known as cancelled)"),
                         ("block", "refuse the visitor at every gate"), ("unblock", "let the visitor in again")):
        parser = actions.add_parser(action, help=told)
        parser.add_argument("--db", type=Path, required=True)
        parser.add_argument("visitor", metavar="ID")
        parser.add_argument("--reason", default="", help="why (kept in the audit log; required to delete or block)")


def cmd_visitors(args: argparse.Namespace) -> int:
    from expo_console.services.registration.visitors import (
        VisitorNotFound,
        delete_visitor,
        set_blocked,
    )

    if args.visitor_action == "show":
        return _show(args)
    if args.visitor_action == "block" and not args.reason.strip():
        raise CliError("block needs --reason: gate staff read it when the visitor is refused.")
    store = open_signed_in(args.db)
    try:
        if args.visitor_action == "delete":
            delete_visitor(store, args.visitor, reason=args.reason)
        else:
            set_blocked(store, args.visitor, args.visitor_action == "block", args.reason.strip())
    except VisitorNotFound as error:
        raise CliError(f"There is no visitor {error} in this event.") from error
    finally:
        store.close()
    print_json({"visitor": args.visitor, "done": args.visitor_action, "reason": args.reason.strip()})
    return 0


def _show(args: argparse.Namespace) -> int:
    from expo_console.services.registration.person_data import export_person_data, person_data
    from expo_console.services.registration.visitors import VisitorNotFound

    store = open_signed_in(args.db)
    try:
        data = export_person_data(store, args.visitor, args.out) if args.out else person_data(store, args.visitor)
    except VisitorNotFound as error:
        raise CliError(f"There is no visitor {error} in this event.") from error
    except ValueError as error:
        raise CliError(str(error)) from error
    finally:
        store.close()
    print_json(data)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from expo_console.services.importing.importer import run_import
    from expo_console.services.importing.mappings import describe_mapping, prepare_plan

    store = open_signed_in(args.db)
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
    store = open_signed_in_or_read_only(args.db)
    try:
        count = export_visitors(store, args.out, unmask=args.unmask, language=args.lang, reason=args.reason)
    finally:
        store.close()
    print_json({"exported": count, "out": str(args.out), "unmasked": args.unmask, "logged": not store.read_only})
    return 0


COMMANDS = {"import": cmd_import, "export": cmd_export, "visitors": cmd_visitors, "purge": cmd_purge}
