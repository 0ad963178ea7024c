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


@pytest.mark.slow
def test_quick_benchmark_run_reports_every_figure_with_a_baseline(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "benchmarks", "--quick", "--out", str(tmp_path)],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    figures = json.loads(next(tmp_path.glob("bench-*.json")).read_text(encoding="utf-8"))["figures"]
    names = " | ".join(f["name"] for f in figures)
    for expected in ("from CSV", "from XLSX", "keystroke p50", "keystroke p99", "초성", "cold start",
                     "badges rendered", "walk-in saved", "code verification", "committed verdict", "verdict painted",
                     "drag step", "full validation", "open the demo plan", "simulation through the scan service",
                     "refresh + snapshot median", "dashboard tick + repaint"):
        assert expected in names
    for figure in figures:
        assert figure["value"] > 0 and figure["baseline"] > 0 and figure["ratio"] > 0
        assert figure["baseline_name"]
    assert "ratio" in result.stdout
