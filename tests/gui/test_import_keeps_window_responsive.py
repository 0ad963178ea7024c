"""A 100,000-row import runs in the worker: the window keeps handling events throughout."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from expo_console.gui.registration.import_dialog import ImportDialog

ROWS = 100_000


@pytest.mark.slow
def test_large_import_never_blocks_the_event_loop(qtbot, store, tmp_path: Path, english) -> None:
    source = tmp_path / "big.csv"
    with source.open("w", encoding="utf-8-sig") as handle:
        handle.write("성명,회사명,휴대폰,이메일\n")
        for i in range(ROWS):
            handle.write(f"방문자{i},회사{i % 500},010-{i // 10000:04d}-{i % 10000:04d},v{i}@example.com\n")
    dialog = ImportDialog(store, source)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=60_000)

    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(20)
    started = time.monotonic()
    with qtbot.waitSignal(dialog.imported, timeout=180_000):
        dialog.import_button.click()
    timer.stop()
    took = time.monotonic() - started

    gaps = [b - a for a, b in zip(ticks, ticks[1:], strict=False)]
    print(f"import {took:.2f} s, {len(ticks)} ticks, longest gap {max(gaps) * 1000:.0f} ms")
    assert took > 1.0, "the import was too quick for this test to mean anything"
    assert max(gaps) < 1.0, f"the window stalled for {max(gaps):.2f} s during the import"
    assert dialog.progress.value() == dialog.progress.maximum()
    assert store.conn.execute("SELECT count(*) FROM visitors").fetchone()[0] == ROWS
