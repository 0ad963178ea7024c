"""The event file survives what the window does around it (issue 11, item 1), offscreen.

Qt's file dialogs used to open every file they listed to sniff its type; closing those
descriptors dropped SQLite's POSIX locks, another process then deleted the WAL under the window,
and the file was corrupted at quit. tests/e2e/test_event_file_safety_e2e.py runs the same
sequence in a real window under Xvfb.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from event_file_sequence import run_sequence

pytestmark = pytest.mark.slow  # a window and two other writers, each a process


def test_window_dialogs_report_and_other_writers_leave_a_sound_file_with_every_write(tmp_path: Path,
                                                                                    event_templates) -> None:
    run_sequence(tmp_path, {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path / "home")},
                 event_templates)
