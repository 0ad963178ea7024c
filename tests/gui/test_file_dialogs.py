"""Every file dialog leaves SQLite's locks on the open event in place (Linux: /proc/locks).

Each dialog is opened through its real call site, moved to the event's own folder, left until
the folder is listed (when Qt would sniff the files), then cancelled; the process must still
hold its locks on the event file and its -shm.
"""

from __future__ import annotations

import ast
import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QFileSystemModel

import expo_console
from expo_console.storage.connection import EventStore

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/locks")


def held_locks(store: EventStore) -> set[str]:
    """Which of the event's files this process holds a POSIX lock on."""
    files = {os.stat(p).st_ino: p.name for p in (store.path, Path(f"{store.path}-shm")) if p.exists()}
    held = set()
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if "->" in fields or len(fields) < 6:
            continue  # a waiting request, not a lock held
        pid, inode = int(fields[4]), int(fields[5].split(":")[2])
        if pid == os.getpid() and inode in files:
            held.add(files[inode])
    return held


def show_in_event_folder(app: QApplication, store: EventStore, open_dialog: Callable[[], object]) -> list[str]:
    """Open a dialog through `open_dialog`, list the event's folder in it, cancel it. Returns the
    folder the dialog listed, then what it showed of it (its filter hides files of other types,
    but Qt's gatherer used to read them all the same)."""
    listed: list[str] = []

    def find(tries: int = 0) -> None:
        dialog = app.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            if tries < 500:  # 10 s: a loaded machine (the suite's other worker) can be slow
                QTimer.singleShot(20, lambda: find(tries + 1))
            return
        model = dialog.findChild(QFileSystemModel)
        assert model is not None
        done: list[bool] = []
        folder = store.path.parent.resolve()
        # The folder the dialog opened in may finish loading after this: only the event's counts.
        model.directoryLoaded.connect(lambda path: done.append(True) if Path(path).resolve() == folder else None)
        dialog.setDirectory(str(store.path.parent))

        def finish(waited: int = 0) -> None:
            if not done and waited < 500:  # the listing waits as long as it takes, up to 10 s
                QTimer.singleShot(20, lambda: finish(waited + 1))
                return
            root = model.index(model.rootPath())
            # The event's folder was loaded: Qt's gatherer read every file in it, whatever the
            # filter shows (which may be none of them: the names follow after the folder).
            listed.append(model.rootPath() if done else "(not loaded)")
            listed.extend(model.index(row, 0, root).data() for row in range(model.rowCount(root)))
            # the icon gatherer works on after the listing: give it time to reach every file
            QTimer.singleShot(400, dialog.reject)

        finish()

    QTimer.singleShot(0, find)
    open_dialog()
    return listed


@pytest.fixture
def window(qtbot, demo_store: EventStore, hub, english):  # type: ignore[no-untyped-def]
    from expo_console.gui.main_window import MainWindow

    shown = MainWindow(demo_store, hub, "registration")
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitUntil(lambda: shown.registration.is_loaded, timeout=10_000)
    demo_store.conn.execute("SELECT count(*) FROM visitors").fetchone()
    return shown


def persons_data(window):  # type: ignore[no-untyped-def]
    window.registration.select_visitor(window.registration.model.visitor_id(0))
    return window.registration.save_selected_persons_data()


def certificate_of_destruction(window):  # type: ignore[no-untyped-def]
    from expo_console.gui.personal_data.purge_dialog import PurgeDialog

    dialog = PurgeDialog(window.store, window.hub, window)
    dialog.facts = {"event": "demo", "counts": {}}  # as after a purge: the certificate is asked for
    try:
        return dialog.save_certificate()
    finally:
        dialog.deleteLater()


CALL_SITES: dict[str, Callable[..., object]] = {
    "open event": lambda w: w.open_event(),
    "import badge key": lambda w: w.import_badge_key(),
    "export badge key": lambda w: w.export_badge_key(),
    "import visitors": lambda w: w.registration.import_file(),
    "export visitors": lambda w: w.registration.export_list(),
    "venue drawing": lambda w: w.floorplan.hall_actions.load_background(),
    "hall file": lambda w: w.floorplan.hall_actions.load_hall_file(),
    "export plan": lambda w: w.floorplan.plan_files.export("pdf"),
    "import layout": lambda w: w.floorplan.plan_files.import_layout(),
    "daily report": lambda w: w.dashboard.files.save_report(w.dashboard.chosen_day, 600),
    "export series": lambda w: w.dashboard.files.export_series(w.dashboard.chosen_day, 600),
    "join a hub: this desk's copy": lambda w: w.sync.connector.choose_copy_path("2022 스마트비즈엑스포"),
    "person's data": persons_data,
    "certificate of destruction": certificate_of_destruction,
    "export access records": lambda w: (w.show_access_records(), w.access_records_dialog.export()),
}


@pytest.mark.parametrize("site", CALL_SITES)
def test_a_file_dialog_listing_the_event_folder_keeps_the_events_locks(window, qapp, demo_store, site) -> None:
    # a file of an unknown type beside the event: the kind Qt used to open to sniff
    (demo_store.path.parent / "notes.unknown").write_bytes(b"\x00" * 64)
    assert held_locks(demo_store) == {demo_store.path.name, f"{demo_store.path.name}-shm"}
    listed = show_in_event_folder(qapp, demo_store, lambda: CALL_SITES[site](window))
    assert Path(listed[0]).resolve() == demo_store.path.parent.resolve()
    assert held_locks(demo_store) == {demo_store.path.name, f"{demo_store.path.name}-shm"}


def test_the_batch_dialogs_pdf_picker_keeps_the_events_locks(qtbot, qapp, demo_store) -> None:
    from expo_console.gui.badges.batch_dialog import BatchPrintDialog
    from expo_console.gui.badges.desk_printer import DeskPrinter
    from expo_console.gui.hub import Hub

    dialog = BatchPrintDialog(demo_store, DeskPrinter(demo_store, Hub()), "a6", [], False)
    qtbot.addWidget(dialog)
    demo_store.conn.execute("SELECT 1").fetchone()
    listed = show_in_event_folder(qapp, demo_store, dialog._browse)
    assert Path(listed[0]).resolve() == demo_store.path.parent.resolve()
    assert held_locks(demo_store) == {demo_store.path.name, f"{demo_store.path.name}-shm"}


def test_save_dialogs_do_not_start_in_the_event_folder(window, qapp, demo_store, monkeypatch) -> None:
    seen: list[str] = []

    def look() -> None:
        dialog = qapp.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(20, look)
            return
        seen.append(dialog.directory().absolutePath())
        dialog.reject()

    monkeypatch.chdir(demo_store.path.parent)  # where an operator who typed `expo-console --db demo.expo` stands
    QTimer.singleShot(0, look)
    window.floorplan.plan_files.export("pdf")
    assert seen and Path(seen[0]).resolve() != demo_store.path.parent.resolve()


def test_an_open_events_own_files_are_not_offered_to_a_reader(window, qapp, demo_store, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warned.append(args[2]))

    def choose_wal() -> None:
        dialog = qapp.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(20, choose_wal)
            return
        dialog.setDirectory(str(demo_store.path.parent))
        dialog.selectFile(f"{demo_store.path.name}-wal")
        dialog.accept()

    QTimer.singleShot(0, choose_wal)
    assert window.floorplan.hall_actions.load_background() is False
    assert warned and "open event's own file" in warned[0]


def test_no_module_but_the_helper_builds_a_file_or_print_dialog() -> None:
    package = Path(expo_console.__file__).parent
    offenders = []
    for source in package.rglob("*.py"):
        if source.name == "file_dialogs.py":
            continue
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Name | ast.Attribute):
                name = node.id if isinstance(node, ast.Name) else node.attr
                if name in ("QFileDialog", "QPrintDialog", "getOpenFileName", "getSaveFileName",
                            "getExistingDirectory", "getOpenFileNames"):
                    offenders.append(f"{source.relative_to(package)}: {name}")
    assert offenders == []
