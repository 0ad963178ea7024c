"""`expo-console access-records`: the access records (an organizer's), and their daily check.

    expo-console access-records --db PATH [--by NAME] [--action A] [--person P] [--since T] [--until T]
                                [--limit N] [--out FILE.csv|FILE.xlsx]
    expo-console access-records --db PATH --unusual [--day YYYY-MM-DD]

Lists the entries newest first as JSON (the newest --limit, 200 by default; 0 for every one), or
writes every matching entry to --out (recorded in the log itself). --by names the operator who
did it: --operator, as everywhere, is who signs in to run the command. --person is a name, a phone
number, an e-mail, a visitor id or an erased visitor's pseudonym. A time is a date (the event's
day: --until includes it) or a moment (2022-10-04T14:30, in the event's time unless it has an
offset). --unusual prints what the day's log holds that an organizer should look at (default:
today on the event's clock).
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from expo_console.cli.common import CliError, open_signed_in, print_json


def add_parsers(sub: Any) -> None:
    records = sub.add_parser("access-records", help="the access records (who did what, when, about whom) and their "
                                                    "daily check; an organizer's")
    records.add_argument("--db", type=Path, required=True)
    records.add_argument("--by", metavar="NAME", help="only what this operator did")
    records.add_argument("--action", help="only this action (e.g. reveal_phone, export, delete, sign_in_failed)")
    records.add_argument("--person", help="only entries about this person: a name, phone, e-mail, visitor id or "
                                          "pseudonym")
    records.add_argument("--since", metavar="T", help="from this date or moment")
    records.add_argument("--until", metavar="T", help="up to this date (included) or moment (excluded)")
    records.add_argument("--limit", type=int, default=200, help="how many to print, newest first (0: every one)")
    records.add_argument("--out", type=Path, help="write every matching entry to FILE.csv or FILE.xlsx (recorded)")
    records.add_argument("--unusual", action="store_true", help="what the day's log holds that is unusual")
    records.add_argument("--day", help="the day to check with --unusual (YYYY-MM-DD; default: today at the event)")


def _moment(text: str | None, zone: ZoneInfo, *, end: bool, flag: str) -> dt.datetime | None:
    if not text:
        return None
    try:
        if len(text) == 10:  # a date: the event's day, from its midnight (to the next, for --until)
            day = dt.date.fromisoformat(text)
            return dt.datetime.combine(day + dt.timedelta(days=1 if end else 0), dt.time(), zone)
        moment = dt.datetime.fromisoformat(text)
    except ValueError as error:
        raise CliError(f"{flag}: '{text}' is not a date or a moment; write it like 2022-10-04 or "
                       "2022-10-04T14:30.") from error
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def cmd_access_records(args: argparse.Namespace) -> int:
    from expo_console.services.access_records import RecordFilter, RecordsRefused
    from expo_console.services.traffic.counting import event_zone

    if args.limit < 0:
        raise CliError("--limit must be 0 (every entry) or more.")
    if args.unusual and (args.out or args.by or args.action or args.person or args.since or args.until):
        raise CliError("--unusual takes only --day: it checks a whole day's log.")
    if args.day and not args.unusual:
        raise CliError("--day goes with --unusual; to list a day's entries, give --since and --until that day.")
    # an export is recorded in the log, so it needs the file writable; reading needs nothing written
    store = open_signed_in(args.db, read_only=not args.out)
    try:
        zone = event_zone(store)
        if args.unusual:
            return _unusual(store, args.day, zone)
        record_filter = RecordFilter(operator=args.by, action=args.action, person=args.person or "",
                                     since=_moment(args.since, zone, end=False, flag="--since"),
                                     until=_moment(args.until, zone, end=True, flag="--until"))
        try:
            return _export(store, record_filter, args.out) if args.out else _list(store, record_filter, args.limit)
        except RecordsRefused as error:
            raise CliError(str(error)) from error
    finally:
        store.close()


def _list(store: Any, record_filter: Any, limit: int) -> int:
    from expo_console.services.access_records import (
        count_records,
        every_record,
        list_records,
        prepare,
    )

    prepared = prepare(store, record_filter)
    total = count_records(store, prepared)
    if limit:
        records = list_records(store, prepared, limit=limit)
    else:
        records = [record for batch in every_record(store, prepared) for record in batch]
    print_json({"total": total, "shown": len(records), "filter": record_filter.as_json(),
                "records": [record.as_json() for record in records]})
    return 0


def _export(store: Any, record_filter: Any, out: Path) -> int:
    from expo_console.services.access_records import export_records

    written = export_records(store, record_filter, out)
    print_json({"exported": written, "out": str(out), "filter": record_filter.as_json()})
    return 0


def _unusual(store: Any, day_text: str | None, zone: ZoneInfo) -> int:
    from expo_console.services.access_watch import unusual_access

    try:
        day = dt.date.fromisoformat(day_text) if day_text else dt.datetime.now(zone).date()
    except ValueError as error:
        raise CliError(f"--day: '{day_text}' is not a date; write it like 2022-10-04.") from error
    print_json(unusual_access(store, day).as_json())
    return 0


COMMANDS = {"access-records": cmd_access_records}
