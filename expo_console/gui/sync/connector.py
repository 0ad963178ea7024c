"""Connecting the desk to an event hub, from File ▸ Connect to hub….

The hub is asked first (on a worker: a hub that does not answer takes the connect timeout).
When it holds the open file's event, the desk remembers its address and syncs from then on.
Otherwise the desk joins: after asking, it saves its own copy of the hub's event in a new file
(the console's own save dialog) and opens it, as File ▸ Open would. Whatever goes wrong is said
in a message, and the desk keeps working on the file it has open.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from expo_console.gui import file_dialogs, settings
from expo_console.gui.hub import Hub
from expo_console.gui.labels import error_text
from expo_console.gui.ops import BackgroundOp
from expo_console.gui.sync.connect_dialog import ConnectDialog, HubAnswers
from expo_console.services.desk import EVENT_SUFFIX
from expo_console.services.hub import desk_link
from expo_console.services.hub.join import join
from expo_console.services.progress import CancelFlag, ProgressCallback
from expo_console.services.store import EventStore


class HubConnector(QObject):
    linked = Signal(str)  # the hub's DSN: the open file is on it, sync with it
    open_requested = Signal(Path)  # the desk's new copy of the hub's event, to open in the window
    failed = Signal(str)  # what went wrong, as shown

    def __init__(self, window: QWidget, store: EventStore, hub: Hub) -> None:
        super().__init__(window)
        self.window, self.store, self.hub = window, store, hub
        self.dialog: ConnectDialog | None = None

    def ask(self) -> None:
        """Show the dialog, then connect with what was entered."""
        dialog = self.dialog = ConnectDialog(self.window, dsn=desk_link.known_dsn(self.store) or "",
                                             desk_name=settings.desk_name())
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        self.dialog = None
        if accepted:
            self.connect_with(dialog.answers())

    def connect_with(self, answers: HubAnswers) -> None:
        settings.set_desk_name(answers.desk_name)
        file_event = desk_link.hub_event_of(self.store)
        desk_id = self.store.stamp.desk_id

        def work(_progress: ProgressCallback, cancel: CancelFlag) -> desk_link.HubEvent:
            cancel.raise_if_set()
            return desk_link.link(answers.dsn, file_event, desk_id, answers.desk_name)

        op: BackgroundOp[desk_link.HubEvent] = BackgroundOp(self.window, self.hub, work,
                                                            label=self.tr("Asking the hub…"))
        op.on_success(lambda found: self._found(found, answers))
        op.on_failure(lambda error, _trace: self._refused(error))
        op.run()

    def _found(self, found: desk_link.HubEvent, answers: HubAnswers) -> None:
        if found.linked:
            self.linked.emit(answers.dsn)
            return
        title = self.tr("Join the hub's event")
        answer = QMessageBox.question(
            self.window, title,
            self.tr("This event file is not on that hub. The hub holds the event '%1'.\n\nJoin it? This desk "
                    "gets its own copy of the event in a new file, which opens in the window; the file open now "
                    "stays as it is.").replace("%1", found.event_name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
        if answer != QMessageBox.StandardButton.Yes:
            return
        path = self.choose_copy_path(found.event_name)
        if path is not None:
            self.join_into(path, answers)

    def choose_copy_path(self, event_name: str) -> Path | None:
        """Where this desk's copy goes: a new file, chosen in the console's own save dialog."""
        from expo_console.gui.main_window import (
            event_filter,  # the window's filter; it imports this module
        )

        title = self.tr("Save this desk's copy of the event as")
        while True:
            path = file_dialogs.save_file(self.window, title, event_filter(), f"{_file_name(event_name)}{EVENT_SUFFIX}",
                                          kind="event", folder=self.store.path.parent)
            if path is None:
                return None
            if "." not in path.name:
                path = path.with_name(path.name + EVENT_SUFFIX)
            if not (path.exists() and path.stat().st_size > 0):
                return path
            QMessageBox.warning(self.window, title, self.tr("%1 exists already. The copy is made in a new file: "
                                                            "choose another name.").replace("%1", path.name))

    def join_into(self, path: Path, answers: HubAnswers) -> None:
        stamp = self.store.stamp

        def work(progress: ProgressCallback, cancel: CancelFlag) -> Path:
            def told(done: int, total: int) -> None:
                cancel.raise_if_set()  # join removes the half-made copy
                progress(done, total)
            copy, _copied = join(answers.dsn, path, stamp, desk_name=answers.desk_name,
                                 passphrase=answers.passphrase or None, progress=told)
            copy.close()  # the window opens it again on its own thread, as File ▸ Open does
            return path

        op: BackgroundOp[Path] = BackgroundOp(self.window, self.hub, work,
                                              label=self.tr("Joining the hub: copying the event to this desk…"))
        op.on_success(self.open_requested.emit)
        op.on_failure(lambda error, _trace: self._refused(error))
        op.run()

    def _refused(self, error: Exception) -> None:
        text = error_text(error)
        self.failed.emit(text)
        QMessageBox.warning(self.window, self.tr("Not connected to the hub"), text)


def _file_name(event_name: str) -> str:
    """The event's name as a file name (no folder separators or characters Windows refuses)."""
    kept = "".join("-" if ch in '\\/:*?"<>|' else ch for ch in event_name).strip(" .")
    return kept or "event"
