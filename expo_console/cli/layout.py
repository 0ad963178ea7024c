"""`expo-console layout export|import|check`: the floor plan from the command line.

    expo-console layout export --db PATH --out FILE.pdf|FILE.png|FILE.json [--directory]
    expo-console layout import --db PATH FILE.json
    expo-console layout check --db PATH

`check` prints the violations as JSON and exits 0 whether or not there are any (a plan with
violations was still checked); only a file that cannot be read or checked exits non-zero.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from expo_console.cli.common import CliError, open_signed_in, print_json

FORMATS = (".pdf", ".png", ".json")


def add_parsers(sub: Any) -> None:
    parser = sub.add_parser("layout", help="the floor plan: export (PDF, PNG, JSON), import, check")
    layout_sub = parser.add_subparsers(dest="layout_command", required=True)
    export = layout_sub.add_parser("export", help="the A3 plan PDF, a PNG of it, or the layout JSON")
    export.add_argument("--db", type=Path, required=True)
    export.add_argument("--out", type=Path, required=True, help="FILE.pdf, FILE.png or FILE.json")
    export.add_argument("--directory", action="store_true",
                        help="with FILE.pdf: the exhibitor directory (booth ↔ company) instead of the plan")
    imp = layout_sub.add_parser("import", help="replace the plan with a layout JSON (all or nothing)")
    imp.add_argument("--db", type=Path, required=True)
    imp.add_argument("file", type=Path)
    check = layout_sub.add_parser("check", help="print the plan's rule violations as JSON")
    check.add_argument("--db", type=Path, required=True)


def cmd_layout(args: argparse.Namespace) -> int:
    from expo_console.domain.floor_plan import PlanError
    from expo_console.services.layout import floor_plan, plan_json, plan_pdf

    if args.layout_command == "export" and args.out.suffix.lower() not in FORMATS:
        raise CliError(f"--out must end in .pdf, .png or .json, not '{args.out.suffix}'.")
    if args.layout_command == "export" and args.directory and args.out.suffix.lower() != ".pdf":
        raise CliError("--directory writes a PDF: give --out FILE.pdf.")
    store = open_signed_in(args.db, read_only=args.layout_command != "import")
    try:
        if args.layout_command == "check":
            check = floor_plan.check_plan(store)
            numbers = {b.id: b.number for b in floor_plan.load_plan(store).booths}
            violations = []
            for violation in check.violations:
                item = violation.to_dict()
                item["booth_numbers"] = [numbers.get(b, b) for b in violation.booths]
                if item["measured"] == float("inf"):
                    item["measured"] = None  # JSON has no infinity: floor with no way out at all
                violations.append(item)
            print_json({"violations": violations, "count": len(violations),
                    "worst_egress_m": round(check.worst_egress, 1), "booths": len(numbers)})
        elif args.layout_command == "import":
            try:
                plan_json.import_layout(store, args.file)
            except PlanError as error:
                raise CliError(f"{error}. Nothing was imported.") from error
            print_json({"imported": str(args.file), "booths": len(floor_plan.load_plan(store).booths)})
        else:
            suffix = args.out.suffix.lower()
            if suffix == ".json":
                plan_json.export_layout(store, args.out)
            elif suffix == ".png":
                plan_pdf.write_plan_png(store, args.out)
            elif args.directory:
                plan_pdf.write_directory_pdf(store, args.out)
            else:
                plan_pdf.write_plan_pdf(store, args.out)
            print_json({"out": str(args.out)})
    finally:
        store.close()
    return 0


COMMANDS = {"layout": cmd_layout}
