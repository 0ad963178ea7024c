"""Search latency per keystroke at N visitors, through the real model and an offscreen view.

Each keystroke is timed in the real registration workspace, from the search text changing to
the window repainted: index search, filters, sort by name, model reset, layout and paint. The baseline is the obvious implementation, measured in
the same run: a linear substring scan over one folded text per visitor (names, initials,
company, e-mail, phone), as a QSortFilterProxyModel or a loop would do it.
"""

from __future__ import annotations

import gc
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np

from benchmarks.data import index_rows
from benchmarks.harness import Figure, Report, percentile
from expo_console.domain.hangul import initial_consonants
from expo_console.domain.text import fold

# What desk staff type, one keystroke at a time.
TYPED = ("김기문", "ㄱㄱㅁ", "이서", "kim", "kang.do", "5678", "가온", "한빛메디칼", "ㅂㅅㅈ", "park min")


def keystrokes() -> list[str]:
    return [word[:n] for word in TYPED for n in range(1, len(word) + 1)]


def _haystack(rows: list[tuple]) -> list[str]:
    return [fold(" ".join((r[1], initial_consonants(r[1]), r[2], r[3], r[7], r[6]))) for r in rows]


def run(report: Report, count: int, repeats: int) -> None:
    from PySide6.QtWidgets import QApplication

    from expo_console.gui.hub import Hub
    from expo_console.gui.registration.workspace import RegistrationWorkspace
    from expo_console.services.events import EventDetails, create_event
    from expo_console.services.registration.visitor_index import VisitorIndex
    from expo_console.storage.connection import Stamp

    app = QApplication.instance() or QApplication([])
    rows = index_rows(count)
    start = time.perf_counter()
    index = VisitorIndex(rows)
    build = time.perf_counter() - start
    start = time.perf_counter()
    haystack = _haystack(rows)
    baseline_build = time.perf_counter() - start
    del rows
    gc.collect()

    # The real workspace on an empty event file, then given the big index as if it had loaded it.
    folder = tempfile.mkdtemp()
    store = create_event(Path(folder) / "bench.expo", EventDetails("bench", "2022-10-04", "2022-10-07"),
                         Stamp("bench", "bench", "organizer"))
    workspace = RegistrationWorkspace(store, Hub())
    workspace.resize(1360, 800)
    workspace.show()
    deadline = time.monotonic() + 30
    while not workspace.is_loaded and time.monotonic() < deadline:
        app.processEvents()
    workspace._on_index_loaded(index)
    app.processEvents()

    def type_all(times: int) -> tuple[list[float], list[float]]:
        every: list[float] = []
        initials: list[float] = []
        for _ in range(times):
            for query in keystrokes():
                start = time.perf_counter()
                workspace.search.setText(query)  # what a keystroke does: textChanged → search
                app.processEvents()  # layout and paint what changed
                elapsed = time.perf_counter() - start
                every.append(elapsed)
                if all("ㄱ" <= ch <= "ㅎ" for ch in query.replace(" ", "")):
                    initials.append(elapsed)
            workspace.search.clear()
            app.processEvents()
        return every, initials

    type_all(1)  # warm-up: caches, fonts, first layout
    ours, initials = type_all(repeats)

    def linear_matches(query: str, flt: object = None) -> np.ndarray:
        words = fold(query).split()
        return np.fromiter((all(w in text for w in words) for text in haystack), dtype=bool,
                           count=len(haystack))

    index.matches = linear_matches  # type: ignore[method-assign]  # the only thing swapped
    naive, naive_initials = type_all(1)  # slow at 1M: one pass is enough for its percentiles
    workspace.close()
    store.close()
    shutil.rmtree(folder, ignore_errors=True)

    label = f"{count:,} visitors"
    details = {"visitors": count, "keystrokes": len(ours), "queries": TYPED}
    report.add(Figure(f"search keystroke p50, {label}", percentile(ours, 50), "linear scan p50",
                      percentile(naive, 50), target="", details=details))
    report.add(Figure(f"search keystroke p99, {label}", percentile(ours, 99), "linear scan p99",
                      percentile(naive, 99), target="p99 < 30 ms at 1M", details=details))
    report.add(Figure(f"initials (초성) keystroke p99, {label}", percentile(initials, 99),
                      "linear scan p99", percentile(naive_initials, 99), target="p99 < 30 ms at 1M",
                      details={**details, "keystrokes": len(initials)}))
    report.add(Figure(f"index build, {label}", build, "haystack build", baseline_build,
                      target="(reported)", details=details))
