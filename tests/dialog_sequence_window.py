"""The window side of the event-file safety sequence (see event_file_sequence.py).

Run as its own process: `python dialog_sequence_window.py EVENT OUT_DIR`. It opens the real main
window on EVENT and follows the operator of the defect report, waiting on standard input where
the test lets another process write to the same file:

1. shows the floor plan's export dialog, browsed to the event's folder, and saves the A3 plan
   to OUT_DIR (on a worker, waiting for it); says "dialogs-shown" and waits for a line on stdin
   (another process writes and closes meanwhile);
2. shows the dashboard's daily-report dialog in the event's folder and writes the report on the
   dashboard's worker;
3. registers WINDOW_WRITES walk-ins through the registration service on its own connection;
4. quits the way the window quits (closing the store), and says "done".

Every file dialog is driven through the real call site: a timer finds the modal dialog, moves it
to the event's folder, waits until the folder is listed (that is when Qt sniffs the files), then
accepts it with a name in OUT_DIR.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QFileDialog, QFileSystemModel, QLineEdit, QMessageBox  # noqa: E402

WINDOW_WRITES = 20


def take_shot(dialog: QFileDialog, name: str) -> None:
    folder = os.environ.get("EXPO_SEQUENCE_SHOTS")
    if folder:
        dialog.grab().save(str(Path(folder) / f"{name}.png"))


def choose(dialog: QFileDialog, target: Path) -> None:
    dialog.setDirectory(str(target.parent))
    name = dialog.findChild(QLineEdit, "fileNameEdit")
    name.setText(target.name)  # typed, as a person would
    dialog.accept()


def answer_next_dialog(app: QApplication, folder: Path, target: Path, shot: str) -> None:
    """When the next file dialog opens: list `folder` in it, then accept it with `target`.

    With EXPO_SEQUENCE_SHOTS set, the dialog listing the event's folder is saved there as
    `shot`.png first, for a person to look at.
    """

    def find() -> None:
        dialog = app.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(20, find)
            return
        model = dialog.findChild(QFileSystemModel)
        listed: list[bool] = []
        if model is not None:
            model.directoryLoaded.connect(lambda _path: listed.append(True))
        dialog.setDirectory(str(folder))

        def accept_when_listed(tries: int = 0) -> None:
            if not listed and tries < 150:
                QTimer.singleShot(20, lambda: accept_when_listed(tries + 1))
                return
            # let the gatherer finish the icons and types of every file it listed
            QTimer.singleShot(300, lambda: (take_shot(dialog, shot), choose(dialog, target)))

        accept_when_listed()

    QTimer.singleShot(0, find)


def report_message_boxes(app: QApplication) -> QTimer:
    """A warning the window shows is printed for the test and closed, so nothing waits on it."""

    def close_box() -> None:
        box = app.activeModalWidget()
        if isinstance(box, QMessageBox):
            print(f"message-box {box.text()}", flush=True)
            box.reject()

    timer = QTimer()
    timer.timeout.connect(close_box)
    timer.start(50)
    return timer


def wait_until(app: QApplication, condition: Callable[[], bool], what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            print(f"stuck waiting for {what}", flush=True)
            os._exit(3)
        app.processEvents()
        time.sleep(0.005)


def main() -> int:
    event, out = Path(sys.argv[1]), Path(sys.argv[2])
    from expo_console.domain.visitors import Consent, VisitorDraft
    from expo_console.gui.hub import Hub
    from expo_console.gui.i18n import install_language
    from expo_console.gui.main_window import MainWindow
    from expo_console.services.desk import local_stamp
    from expo_console.services.events import open_event
    from expo_console.services.operators import sign_in_store
    from expo_console.services.registration.visitors import register_visitor

    app = QApplication(sys.argv[:1])
    install_language("en")
    store = open_event(event, local_stamp())
    # signed in as the window does without asking (gui/sign_in.py): the suite's demo organizer
    sign_in_store(store, os.environ["EXPO_CONSOLE_OPERATOR"], os.environ["EXPO_CONSOLE_PIN"])
    window = MainWindow(store, Hub(), "dashboard")
    window.show()
    boxes = report_message_boxes(app)  # noqa: F841 - kept alive for the whole run
    for _ in range(20):
        app.processEvents()

    answer_next_dialog(app, event.parent, out / "plan-A3.pdf", "export-dialog")
    assert window.floorplan.plan_files.export("pdf") is not None, "the export dialog was cancelled"
    wait_until(app, (out / "plan-A3.pdf").exists, "the A3 plan")  # written on a worker, renamed when whole
    print("dialogs-shown", flush=True)
    sys.stdin.readline()  # another process writes to the event and closes it

    answer_next_dialog(app, event.parent, out / "report.pdf", "report-dialog")
    wait_until(app, lambda: window.dashboard.is_loaded, "the dashboard's day")  # the report's day
    finished: list[bool] = []
    task = window.dashboard.save_report()
    assert task is not None, "the report dialog was cancelled"
    task.signals.succeeded.connect(lambda _r: finished.append(True))
    task.signals.failed.connect(lambda error, _t: (print(f"report-failed {error}", flush=True),
                                                   finished.append(False)))
    wait_until(app, lambda: bool(finished), "the daily report")

    written = 0
    for i in range(WINDOW_WRITES):
        draft = VisitorDraft(name=f"창구{i:03d}", company="창구 회사", email=f"window{i}@example.com",
                             consents=frozenset({Consent.REQUIRED}))
        try:
            register_visitor(store, draft)
            written += 1
        except Exception as error:  # the test counts what reached the file, not what was tried
            print(f"write-failed {type(error).__name__}: {error}", flush=True)
            break
    print(f"window-wrote {written}", flush=True)
    window.close()
    store.close()
    print("done", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
