"""`make bench` keeps working: the quick run produces every figure next to its baseline.
(It checks the harness, not the speed: timings are never asserted in tests.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


# Two halves of about the same length, run side by side (the figures of a quick run mean nothing,
# so they may share the machine): the harness test takes half as long.
HALVES = (("startup", "import", "search", "checkin", "filesafety", "hub", "hubgate", "consultations", "bookingprints",
           "studiogate"),
          ("printing", "traffic", "badges", "floorplan", "hubwindow", "hubgatewindow", "privacy", "accessrecords",
           "itineraries", "meetinggrid", "bookingresults", "bookings"))


@pytest.mark.slow
def test_quick_benchmark_run_reports_every_figure_with_a_baseline(tmp_path: Path) -> None:
    from benchmarks.__main__ import BENCHMARKS

    assert sorted(HALVES[0] + HALVES[1]) == sorted(BENCHMARKS)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    runs = [subprocess.Popen([sys.executable, "-m", "benchmarks", "--quick", "--only", ",".join(half),
                              "--out", str(tmp_path / str(n))], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for n, half in enumerate(HALVES)]
    outputs = [run.communicate(timeout=600) for run in runs]
    for run, (_out, err) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, err
    figures = [figure for n in range(len(HALVES))
               for figure in json.loads(next((tmp_path / str(n)).glob("bench-*.json")).read_text(encoding="utf-8"))["figures"]]
    names = " | ".join(f["name"] for f in figures)
    for expected in ("from CSV", "from XLSX", "keystroke p50", "keystroke p99", "초성", "cold start",
                     "badges rendered", "walk-in saved", "code verification", "committed verdict", "verdict painted",
                     "scan with hub capture",
                     "drag step", "full validation", "open the demo plan", "simulation through the scan service",
                     "refresh + snapshot median", "dashboard tick + repaint", "hub catch-up: window frame",
                     "gate on hub: Enter → verdict", "seen on desk B", "catch up", "hub scan → verdict p99", "verdicts taken on the hub",
                     "a line in → its answer out", "hub stopped (immediate) → first offline verdict",
                     "LAN stalled → first offline verdict", "secure_delete on", "erase one visitor",
                     "purge every visitor", "sign in (scrypt",
                     "access records: newest page of", "a day's unusual-pattern check",
                     "CP-SAT solve", "meetings placed", "exhibitors with a meeting",
                     "booking confirmations: every booking's into one PDF, per page", "studio running order: every day",
                     "itineraries: every buyer's into one PDF, per page", "drag a meeting in the schedule grid",
                     "results report with studio and photos: the PDF per page",
                     "bookings: exhibitors served", "bookings: placed"):
        assert expected in names
    for figure in figures:
        assert figure["value"] > 0 and figure["baseline"] > 0 and figure["ratio"] > 0
        assert figure["baseline_name"]
    assert all("ratio" in out for out, _err in outputs)
