"""`expo-console meetings report`: the results report (성과 보고서) to a PDF or XLSX: the
consultations', and the studio's and photo shoots' when the event has bookings.

    expo-console meetings report --db FILE --out FILE.pdf|FILE.xlsx [--day DATE]

Writes the report of the whole event, or of one day, and prints its headline figures as JSON:
the same Results the window's Results page shows. cli/meetings.py adds this command to the
`meetings` group (`add_report_parser`) and runs it.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from expo_console.cli.common import CliError, open_signed_in, print_json


def add_report_parser(subparsers: Any) -> argparse.ArgumentParser:
    report: argparse.ArgumentParser = subparsers.add_parser("report", help="the results report: consultations, studio and "
                                                                         "photo shoots (PDF or XLSX)")
    report.add_argument("--db", type=Path, required=True)
    report.add_argument("--out", type=Path, required=True, help="the .pdf or .xlsx to write")
    report.add_argument("--day", help="one day of the event, e.g. 2022-10-05 (default: the whole event)")
    report.set_defaults(run=cmd_meetings_report)
    return report


def results_json(results: Any) -> dict[str, Any]:
    t = results.totals
    return {"day": None if results.day is None else results.day.isoformat(),
            "days": [d.isoformat() for d in results.days], "usd_rate": results.usd_rate,
            "planned": t.planned, "held": t.held, "no_show": t.no_show, "cancelled": t.cancelled,
            "scheduled": t.scheduled, "amount_krw": t.amount_krw, "contracts": t.contracts,
            "contract_krw": t.contract_krw, "usd_amount": results.usd_amount,
            "exhibitors": results.exhibitors, "exhibitors_met": results.exhibitors_met,
            "exhibitors_without_meeting": len(results.without_meeting),
            "requested_none_held": results.requested_unmet, "buyers_met": results.buyers_met,
            **{kind: bookings_json(getattr(results, kind)) for kind in ("studio", "photo")
               if getattr(results, kind) is not None}}


def bookings_json(results: Any) -> dict[str, Any]:
    """The studio's or the photo corner's headline figures (in the report when it has bookings)."""
    t = results.totals
    return {"planned": t.planned, "held": t.held, "no_show": t.no_show, "cancelled": t.cancelled,
            "booked": t.booked, "viewers": t.viewers, "peak_viewers": t.peak_viewers, "orders": t.orders,
            "sales_krw": t.sales_krw, "photos_delivered": t.photos, "exhibitors_asked": results.asked,
            "exhibitors_served": results.served, "exhibitors_not_served": len(results.not_served)}


def cmd_meetings_report(args: argparse.Namespace) -> int:
    from expo_console.services.badge_print.fonts import KoreanFontMissing
    from expo_console.services.consultations.results import ResultsError
    from expo_console.services.consultations.results_files import write_results_file
    from expo_console.services.consultations.results_pdf import ResultsFileError
    from expo_console.services.table_files import ExportError

    day = None
    if args.day:
        try:
            day = dt.date.fromisoformat(args.day)
        except ValueError as error:
            raise CliError(f"--day: '{args.day}' is not a date; write it like 2022-10-05.") from error
    store = open_signed_in(args.db, read_only=True)  # the report only reads
    try:
        results = write_results_file(store, args.out, day)
    except (ResultsError, ResultsFileError, ExportError, KoreanFontMissing) as error:
        raise CliError(str(error)) from error
    finally:
        store.close()
    print_json({"out": str(args.out), **results_json(results)})
    return 0
