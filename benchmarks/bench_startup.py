"""Cold start to a painted main window on the demo event, against a bare PySide6 window.

Both are fresh processes (interpreter start, imports, Qt start-up), offscreen, timed from spawn
until the window was painted, grabbed and saved: for the console that includes opening the
event file (quick_check), building the visitor search index and filling the list.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.harness import Figure, Report, timed

_BARE_WINDOW = """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow, QTableWidget
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QTableWidget(30, 8))
window.resize(1360, 820)
window.show()
app.processEvents()
window.grab().save(sys.argv[1], "PNG")
"""


def run(report: Report, repeats: int, *, visitors: int | None = None, warm_up: bool = True) -> None:
    """`visitors`: the demo's size (None: the demo as `expo-console demo` makes it)."""
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
               "EXPO_CONSOLE_CONFIG_DIR": str(work / "config"), "EXPO_CONSOLE_DATA_DIR": str(work / "data"),
               # the window signs in as the demo's organizer without asking (gui/sign_in.py)
               "EXPO_CONSOLE_OPERATOR": "organizer", "EXPO_CONSOLE_PIN": "0000"}
        event = work / "demo.expo"
        size = [] if visitors is None else ["--visitors", str(visitors)]
        subprocess.run([sys.executable, "-m", "expo_console", "demo", "--db", str(event), *size], env=env,
                       check=True, capture_output=True)

        def console() -> None:
            subprocess.run([sys.executable, "-m", "expo_console", "--db", str(event), "--screenshot",
                            str(work / "console.png")], env=env, check=True, capture_output=True)

        def bare() -> None:
            subprocess.run([sys.executable, "-c", _BARE_WINDOW, str(work / "bare.png")], env=env,
                           check=True, capture_output=True)

        if warm_up:
            console()
            bare()  # warm the OS file cache for both before measuring
        ours, baseline = [], []
        for _ in range(repeats):
            ours.append(timed(console))
            baseline.append(timed(bare))
    report.add(Figure("cold start to painted window, demo event (median)", statistics.median(ours),
                      "bare PySide6 window", statistics.median(baseline), target="< 2 s",
                      details={"samples": ours, "baseline_samples": baseline, "visitors": visitors or "demo"}))
