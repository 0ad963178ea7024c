"""Demo events built once per session and copied per test (import as `from event_templates import ...`).

Building a demo event with a played first day and issued badges takes seconds; a test that only
needs such a file to work on gets a copy instead. The template is closed cleanly before it is
copied (the file, and its -wal and -shm when SQLite left them), and its badge key is imported into
the test's own desk folder, as another desk would import it. No Qt here.
"""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest

from expo_console.services.badge_print.batch import select_visitors
from expo_console.services.badges import keys as badge_keys
from expo_console.services.badges.codes import issue_badges
from expo_console.services.demo.event import create_demo_event
from expo_console.services.events import event_row
from support import TEST_STAMP

SIDE_FILES = ("-wal", "-shm")


@dataclass(frozen=True)
class EventTemplate:
    path: Path
    event_id: str
    key_file: Path  # the event's key, exported as one desk hands it to another

    def copy_to(self, target: Path, config_dir: Path | None = None) -> Path:
        """A copy of the event at `target`, its key in this test's desk folder (EXPO_CONSOLE_CONFIG_DIR),
        or in `config_dir` (the desk folder of the console a test starts)."""
        target.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", *SIDE_FILES):
            source = self.path.with_name(self.path.name + suffix)
            if source.exists():
                shutil.copyfile(source, target.with_name(target.name + suffix))
        with pytest.MonkeyPatch.context() as patch:
            if config_dir is not None:
                patch.setenv("EXPO_CONSOLE_CONFIG_DIR", str(config_dir))
            badge_keys.import_keys(self.key_file, self.event_id)
        return target


class EventTemplates:
    """Session-wide: each kind of demo event is built the first time a test asks for it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._built: dict[tuple[int, bool, bool, bool, bool], EventTemplate] = {}

    def demo(self, *, visitors: int, simulate_first_day: bool = False, badges: bool = False,
             consultations: bool = True, bookings: bool = True) -> EventTemplate:
        """The demo event as `expo-console demo --visitors N` makes it (simulate_first_day as the
        command does), with every visitor's badge issued when `badges`; without its consultation
        zone's buyers, requests and schedule unless `consultations`; without the studio's and the photo
        corner's setup, requests and bookings unless `bookings` (tests that set up their own)."""
        kind = (visitors, simulate_first_day, badges, consultations, bookings)
        if kind not in self._built:
            self._built[kind] = self._build(*kind)
        return self._built[kind]

    def _build(self, visitors: int, simulate_first_day: bool, badges: bool, consultations: bool,
               bookings: bool) -> EventTemplate:
        folder = self.folder / (f"demo-{visitors}{'-simulated' if simulate_first_day else ''}"
                                f"{'-badges' if badges else ''}{'' if consultations else '-no-consultations'}"
                                f"{'' if bookings else '-no-bookings'}")
        folder.mkdir()
        with pytest.MonkeyPatch.context() as patch:  # the key is made in the template's own desk folder
            patch.setenv("EXPO_CONSOLE_CONFIG_DIR", str(folder / "config"))
            path = folder / "template.expo"
            store = create_demo_event(path, TEST_STAMP, visitors=visitors, simulate_first_day=simulate_first_day,
                                      consultations=consultations, bookings=bookings)
            try:
                if badges:  # as `expo-console badges --all` issues them, without drawing the PDF
                    issue_badges(store, select_visitors(store, everyone=True))
                event = event_row(store)
                badge_keys.export_keys(event["id"], event["name"], folder / "key.json")
            finally:
                store.close()
        _checkpoint(path)
        return EventTemplate(path, str(event["id"]), folder / "key.json")


def _checkpoint(path: Path) -> None:
    """Fold the WAL into the file (SQLite keeps the emptied -wal and -shm beside it: PERSIST_WAL)."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
