"""Badges to a real CUPS queue: peak memory and time to queue, against `lp` of the same badges.

A private cupsd (tests/print_server.py) with a cups-pdf queue, held (cupsdisable) so that the
jobs only queue and CUPS's own conversion does not share the two cores with the measurement.
Each run is `expo-console print` in a process of its own, whose peak RSS the kernel reports
(wait4). The baseline, in the same run: `expo-console badges` writing the same badges into one
PDF, then `lp` of that PDF, the two timed together (what printing the same PDF by hand costs)
and `lp` alone. Peak memory is reported at two batch sizes (it must not grow with the batch),
beside the peak of `expo-console badges` writing the same badges into one PDF.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.harness import Figure, Report

TESTS = Path(__file__).resolve().parent.parent / "tests"


def _run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds and peak resident memory (MB) of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{command[3:5]} failed: {process.stderr.read().decode() if process.stderr else ''}")
    return elapsed, usage.ru_maxrss / 1024


def run(report: Report, sizes: tuple[int, int], rounds: int) -> None:
    sys.path.insert(0, str(TESTS))
    from print_server import private_cups, why_cups_cannot_run

    reason = why_cups_cannot_run()
    if reason:
        print(f"printing: skipped ({reason})")
        return
    from expo_console.services.demo.event import create_demo_event
    from expo_console.storage.connection import Stamp

    with tempfile.TemporaryDirectory() as folder, private_cups(Path(folder)) as server:
        event = Path(folder) / "print.expo"
        create_demo_event(event, Stamp("bench", "bench", "organizer"), visitors=max(sizes)).close()
        env = {**server.env, "QT_QPA_PLATFORM": "offscreen"}
        server.admin("cupsdisable", "expo-pdf")  # queue only: CUPS converts nothing meanwhile
        cli = [sys.executable, "-m", "expo_console"]
        conn = sqlite3.connect(event)
        ids = [row[0] for row in conn.execute("SELECT id FROM visitors ORDER BY rowid")]
        conn.close()
        peaks = {}
        for size in sizes:
            chosen = [arg for vid in ids[:size] for arg in ("--visitor", vid)]
            ours, by_hand, lp_only, memory, pdf_memory = [], [], [], [], []
            for _ in range(rounds):
                seconds, peak = _run([*cli, "print", "--db", str(event), "--printer", "expo-pdf", *chosen], env)
                ours.append(seconds)
                memory.append(peak)
                pdf = Path(folder) / "same.pdf"
                written, written_peak = _run([*cli, "badges", "--db", str(event), "--out", str(pdf), *chosen], env)
                pdf_memory.append(written_peak)
                queued, _ = _run(["lp", "-d", "expo-pdf", str(pdf)], env)
                by_hand.append(written + queued)
                lp_only.append(queued)
                server.admin("cancel", "-a", "expo-pdf")
            peaks[size] = statistics.median(memory)
            report.add(Figure(f"print {size} A6 badges to CUPS: time to queue (median)", statistics.median(ours),
                              "badges PDF + lp of it", statistics.median(by_hand), target="≤ 2×",
                              details={"lp_alone": statistics.median(lp_only), "rounds": rounds}))
            report.add(Figure(f"print {size} A6 badges: peak memory", peaks[size], "writing them to one PDF",
                              statistics.median(pdf_memory), unit="MB", target="< 400 MB"))
        small, large = sizes
        report.add(Figure(f"peak memory, {large} vs {small} badges", peaks[large], f"{small} badges", peaks[small],
                          unit="MB", target="≈ 1× (flat)"))
