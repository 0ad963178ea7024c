"""`expo-console simulate` and `expo-console traffic`: zone traffic from the command line.

    expo-console simulate --db PATH --day 2022-10-04 [--visitors N] [--speed 60]
    expo-console simulate --db PATH --remove
    expo-console traffic --db PATH [--at TIMESTAMP]
    expo-console report --db PATH --day DATE --out FILE.pdf [--at HH:MM] [--series FILE.csv|.xlsx]

`simulate` plays a day through the real scan service (with --speed, in scaled real time so the
live dashboard can be watched) and prints what it wrote; `simulate --remove` deletes the visitors
simulations made up (their scans stay, and the days' figures with them). `traffic` prints the
zone figures at a moment (default: now) as JSON: the same TrafficDay snapshot the dashboard and
the report show.
`report` writes the day's PDF report (and, with --series, the per-minute series) as of the end
of the day or --at, and prints the report's headline figures as JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from expo_console.cli.common import (
    CliError,
    open_signed_in,
    open_signed_in_or_read_only,
    print_json,
)
from expo_console.domain.traffic_stats import clock


def add_parsers(sub: Any) -> None:
    simulate = sub.add_parser("simulate", help="play a realistic expo day through the gates' scan service")
    simulate.add_argument("--db", type=Path, required=True)
    simulate.add_argument("--day", help="a day of the event, e.g. 2022-10-04")
    simulate.add_argument("--visitors", type=int,
                          help="how many come (default: the crowd the hall's and the zones' capacities are meant for)")
    simulate.add_argument("--speed", type=float, help="play in real time × SPEED (60: a minute a second)")
    simulate.add_argument("--seed", type=int, default=2022)
    simulate.add_argument("--remove", action="store_true",
                          help="delete the visitors simulations made up, with their badges (their scans stay)")
    traffic = sub.add_parser("traffic", help="zone occupancy and traffic figures as JSON")
    traffic.add_argument("--db", type=Path, required=True)
    traffic.add_argument("--at", help="as of this moment (ISO 8601, e.g. 2022-10-04T12:30:00+09:00); default now")
    report = sub.add_parser("report", help="the daily traffic report (PDF) and the time series (CSV/XLSX)")
    report.add_argument("--db", type=Path, required=True)
    report.add_argument("--day", required=True, help="a day of the event, e.g. 2022-10-04")
    report.add_argument("--out", type=Path, required=True, help="the PDF to write")
    report.add_argument("--at", help="as of this local time of the day (HH:MM); default: the latest")
    report.add_argument("--series", type=Path, help="also write the per-minute series to this .csv or .xlsx")


def _moment(text: str | None) -> dt.datetime:
    if not text:
        return dt.datetime.now(dt.UTC)
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError as error:
        raise CliError(f"--at: '{text}' is not a time; write it like 2022-10-04T12:30:00+09:00.") from error
    if moment.tzinfo is None:
        raise CliError("--at needs a time zone offset, e.g. 2022-10-04T12:30:00+09:00.")
    return moment


def _day(text: str) -> dt.date:
    if text == "today":
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise CliError(f"--day: '{text}' is not a date; write it like 2022-10-04, or 'today'.") from error


def cmd_simulate(args: argparse.Namespace) -> int:
    from expo_console.services.demo.simulation import (
        SimulationError,
        remove_simulated_visitors,
        simulate_day,
    )

    if args.remove:
        if args.day or args.visitors is not None or args.speed is not None:
            raise CliError("--remove takes no --day, --visitors or --speed: it only deletes simulated visitors.")
        store = open_signed_in(args.db)
        try:
            removed, _change = remove_simulated_visitors(store)
        finally:
            store.close()
        print_json({"removed_visitors": removed})
        return 0
    if not args.day:
        raise CliError("simulate needs --day (a day of the event, e.g. 2022-10-04), or --remove.")
    day = _day(args.day)
    if args.speed is not None and args.speed <= 0:
        raise CliError("--speed must be more than 0.")
    store = open_signed_in(args.db)
    try:
        def show(done: int, total: int) -> None:
            if total:
                sys.stderr.write(f"\r{done:,} / {total:,} scans")
                sys.stderr.flush()

        result = simulate_day(store, day, args.visitors, speed=args.speed, seed=args.seed, progress=show)
        sys.stderr.write("\n")
    except SimulationError as error:
        raise CliError(str(error)) from error
    finally:
        store.close()
    print_json({"day": day.isoformat(), "visitors": result.visitors, "scans": result.scans,
                "seconds": round(result.seconds, 2), "simulated_visitors_added": result.added})
    return 0


def traffic_json(snapshot: Any, day: Any) -> dict[str, Any]:
    """The figures as the CLI prints them (and as tests compare them with the report's)."""
    def zone(figures: Any) -> dict[str, Any]:
        return {"id": figures.id, "name": figures.name, "name_en": figures.name_en, "capacity": figures.capacity,
                "occupancy": figures.occupancy, "ratio": round(figures.ratio, 3), "level": figures.level,
                "entries": figures.entries, "exits": figures.exits, "inferred_exits": figures.inferred_exits,
                "unique_visitors": figures.unique_visitors,
                "median_dwell_min": None if (d := day.median_dwell_s(figures.id, snapshot.minute)) is None
                else round(d / 60, 1)}

    peak = snapshot.peak_hour
    return {"day": snapshot.day.isoformat(), "at": snapshot.clock, "hall": zone(snapshot.hall),
            "buyers_on_site": snapshot.buyers_on_site, "zones": [zone(z) for z in snapshot.zones],
            "peak_hour": None if peak is None else {"hour": f"{peak[0]:02d}:00", "entries": peak[1]},
            "alerts": [{"zone": a.zone, "level": a.level, "start": clock(a.start),
                        "end": None if a.end is None else clock(a.end), "peak": a.peak}
                       for a in snapshot.alerts]}


def cmd_traffic(args: argparse.Namespace) -> int:
    from expo_console.services.traffic import counting
    from expo_console.services.traffic.day import TrafficDay

    moment = _moment(args.at)
    store = open_signed_in(args.db, read_only=True)
    try:
        day = TrafficDay(store, moment.astimezone(counting.event_zone(store)).date(), now=moment)
        minute = day.tracker.minute_of(moment.timestamp())
        print_json(traffic_json(day.snapshot(minute), day))
    finally:
        store.close()
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from expo_console.services.badge_print.fonts import KoreanFontMissing
    from expo_console.services.table_files import ExportError
    from expo_console.services.traffic import counting
    from expo_console.services.traffic.export import export_series
    from expo_console.services.traffic.report import ReportError, write_day_report

    day = _day(args.day)
    minute = None
    if args.at:
        try:
            at = dt.time.fromisoformat(args.at)
        except ValueError as error:
            raise CliError(f"--at: '{args.at}' is not a time of day; write it like 14:30.") from error
        minute = at.hour * 60 + at.minute
    # the report only reads; a series export is logged where the file can be written
    store = (open_signed_in_or_read_only(args.db) if args.series
             else open_signed_in(args.db, read_only=True))
    try:
        if day not in counting.event_days(store):
            raise CliError(f"{day} is not a day of this event. Choose one of: "
                       f"{', '.join(d.isoformat() for d in counting.event_days(store))}.")
        try:
            summary = write_day_report(store, day, args.out, minute=minute)
            if args.series:
                export_series(store, day, args.series, minute=summary.snapshot.minute)
        except (ReportError, ExportError, KoreanFontMissing) as error:
            raise CliError(str(error)) from error
    finally:
        store.close()
    hall = summary.hall.figures
    print_json({"day": day.isoformat(), "at": summary.snapshot.clock, "out": str(args.out),
                "admitted": hall.unique_visitors, "entries": hall.entries, "most_in_hall": summary.hall.peak,
                "most_in_hall_at": summary.hall.peak_at, "alerts": len(summary.alerts),
                "series": str(args.series) if args.series else None})
    return 0


COMMANDS = {"simulate": cmd_simulate, "traffic": cmd_traffic, "report": cmd_report}
