"""`python -m benchmarks [--quick] [--only import,search,startup]`: print the table, write JSON."""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from benchmarks import (
    bench_access_records,
    bench_badges,
    bench_booking_prints,
    bench_booking_results,
    bench_bookings,
    bench_checkin,
    bench_consultation_prints,
    bench_consultations,
    bench_file_safety,
    bench_floorplan,
    bench_hub,
    bench_hub_gate,
    bench_hub_gate_window,
    bench_hub_window,
    bench_import,
    bench_meeting_grid,
    bench_printing,
    bench_privacy,
    bench_search,
    bench_startup,
    bench_studio_gate,
    bench_traffic,
)
from benchmarks.harness import HEADER, Report
from expo_console.domain.bookings import BookingKind

RESULTS = Path(__file__).resolve().parent / "results"
BENCHMARKS = ("import", "search", "startup", "badges", "checkin", "floorplan", "traffic", "filesafety", "printing",
              "hub", "hubwindow", "hubgate", "hubgatewindow", "privacy", "accessrecords", "consultations", "bookingprints",
              "itineraries", "meetinggrid", "bookingresults", "studiogate", "bookings")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--quick", action="store_true", help="small sizes: checks the harness, not the figures")
    parser.add_argument("--only", default=",".join(BENCHMARKS), help="comma-separated benchmarks to run")
    parser.add_argument("--out", type=Path, default=RESULTS, help="folder for the JSON results")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # Benchmarks create events: their badge keys and desk ids go to a throwaway desk home,
    # never into the user's own config folder.
    home = Path(tempfile.mkdtemp(prefix="expo-bench-"))
    os.environ["EXPO_CONSOLE_CONFIG_DIR"] = str(home / "config")
    os.environ["EXPO_CONSOLE_DATA_DIR"] = str(home / "data")
    chosen = set(args.only.split(","))
    report = Report()
    print(HEADER)
    if "import" in chosen:
        bench_import.run(report, 2_000 if args.quick else 100_000, 1 if args.quick else 3)
    if "search" in chosen:
        for size in ((2_000,) if args.quick else (100_000, 1_000_000)):
            bench_search.run(report, size, 1 if args.quick else 3)
    if "startup" in chosen:
        if args.quick:  # a small demo and no warm-up run: the figure is there, not meaningful
            bench_startup.run(report, 1, visitors=300, warm_up=False)
        else:
            bench_startup.run(report, 5)
    if "badges" in chosen:
        bench_badges.run(report, 50 if args.quick else 1_000, 5 if args.quick else 50)
    if "checkin" in chosen:
        if args.quick:
            bench_checkin.run(report, 2_000, 5_000, 50)
            bench_checkin.run_captured(report, 2_000, 5_000, 40)
            bench_checkin.run_window(report, 2_000, 30)
            bench_checkin.run_zone_gate(report, 2_000, 60)
        else:
            bench_checkin.run(report, 1_000_000, 5_000_000, 1_000)
            bench_checkin.run_captured(report, 100_000, 500_000, 800)
            bench_checkin.run_window(report, 100_000, 300)
            bench_checkin.run_zone_gate(report, 100_000, 300)
    if "filesafety" in chosen:
        bench_file_safety.run(report, 100 if args.quick else 500, 2 if args.quick else 6)
    if "printing" in chosen:
        bench_printing.run(report, (10, 50) if args.quick else (50, 500), 1 if args.quick else 3)
    if "floorplan" in chosen:
        bench_floorplan.run(report, 200 if args.quick else 1_000, 60 if args.quick else 400)
    if "traffic" in chosen:
        if args.quick:
            bench_traffic.run(report, (2_000, 20_000), 30, 300)
        else:
            bench_traffic.run(report, (100_000, 10_000_000), 300, 12_000)
    if "accessrecords" in chosen:
        bench_access_records.run(report, 5_000 if args.quick else 100_000, 5 if args.quick else 50)
    if "hubwindow" in chosen:
        bench_hub_window.run(report, 2_000 if args.quick else 20_000)
    if "hubgatewindow" in chosen:
        bench_hub_gate_window.run(report, 2_000 if args.quick else 100_000, 50 if args.quick else 400)
    if "hub" in chosen:
        if args.quick:
            bench_hub.run_latency(report, 5, intervals=(bench_hub.MIN_EVERY,))
            bench_hub.run_catch_up(report, 500)
        else:
            bench_hub.run_latency(report, 30)
            bench_hub.run_catch_up(report, 20_000)
    if "hubgate" in chosen:
        if args.quick:
            bench_hub_gate.run(report, 200, 5_000, bench_hub_gate.QUICK_LEVELS, repetitions=1, losses=2)
        else:
            bench_hub_gate.run(report)
    if "privacy" in chosen:
        bench_privacy.run(report, 500 if args.quick else 10_000, 12 if args.quick else 200)
    if "consultations" in chosen:
        if args.quick:
            bench_consultations.run(report, (60, 20, 300, 2, 5), time_limit=3, runs=1)
        else:
            bench_consultations.run(report, (300, 95, 2_500, 4, 20), time_limit=25)
    if "itineraries" in chosen:
        bench_consultation_prints.run(report, 300 if args.quick else 2_000, 1 if args.quick else 5)
    if "bookingprints" in chosen:
        bench_booking_prints.run(report, 300, 1 if args.quick else 3, 1 if args.quick else 7)
    if "meetinggrid" in chosen:
        if args.quick:
            bench_meeting_grid.run(report, visitors=300, tables=6, moves=40, time_limit=2)
        else:
            bench_meeting_grid.run(report, visitors=3_000, tables=20, moves=400, time_limit=10)
    if "bookings" in chosen:
        if args.quick:
            bench_bookings.run(report, BookingKind.STUDIO, (1, 2, 20, 30), time_limit=2, runs=1)
            bench_bookings.run(report, BookingKind.PHOTO, (1, 1, 20, 30), time_limit=2, runs=1)
        else:
            bench_bookings.run(report, BookingKind.STUDIO, (2, 4, 95, 150), time_limit=10)
            bench_bookings.run(report, BookingKind.PHOTO, (1, 4, 95, 120), time_limit=10)
    if "bookingresults" in chosen:
        bench_booking_results.run(report, 300 if args.quick else 2_000, 1 if args.quick else 5)
    if "studiogate" in chosen:
        bench_studio_gate.run(report, 2_000 if args.quick else 100_000, 60 if args.quick else 300)
    print(f"\nwritten: {report.write(args.out)}")


if __name__ == "__main__":
    main()
