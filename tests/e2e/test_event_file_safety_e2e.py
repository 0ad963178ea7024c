"""The event-file safety sequence of issue 11, item 1, in a real window under Xvfb (xcb)."""

from __future__ import annotations

from pathlib import Path

import pytest
from event_file_sequence import run_sequence

from e2e_support import Display

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_the_real_window_keeps_the_event_file_sound(display: Display, tmp_path: Path, event_templates) -> None:
    shots = tmp_path / "shots"
    shots.mkdir()
    seen = run_sequence(tmp_path, {**display.env, "HOME": str(tmp_path / "home"),
                                   "EXPO_SEQUENCE_SHOTS": str(shots)}, event_templates)
    assert "dialogs-shown" in seen
    assert sorted(p.name for p in shots.iterdir()) == ["export-dialog.png", "report-dialog.png"]
