"""The window's Event menu (issue 21): the retention period of the visitors' personal data, and
the purge after the event. An organizer's: other roles see both disabled, saying why. After a
purge the window is built again (`purged`), so that no view keeps personal data it showed."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMenu, QWidget

from expo_console.domain.access import Action
from expo_console.gui.hub import Hub
from expo_console.gui.personal_data.purge_dialog import PurgeDialog
from expo_console.gui.personal_data.reminder import PurgeReminder, reminder_due
from expo_console.gui.personal_data.retention_dialog import RetentionDialog
from expo_console.gui.role_view import permit
from expo_console.services.store import EventStore


class EventMenu(QObject):
    purged = Signal()  # the personal data is gone: rebuild the window from the file

    def __init__(self, window: QWidget, store: EventStore, hub: Hub, menu: QMenu) -> None:
        super().__init__(window)
        self.window, self.store, self.hub = window, store, hub
        menu.setToolTipsVisible(True)  # a disabled action says why
        self.retention_action = menu.addAction(self.tr("&Retention period…"))
        self.retention_action.setObjectName("retentionAction")
        self.retention_action.triggered.connect(self.edit_retention)
        self.purge_action = menu.addAction(self.tr("&Purge personal data…"))
        self.purge_action.setObjectName("purgeAction")
        self.purge_action.triggered.connect(self.open_purge)
        for action, needs in ((self.retention_action, Action.CHANGE_SETTINGS), (self.purge_action, Action.PURGE)):
            action.setEnabled(not store.read_only)
            permit(action, store, needs)
        self.reminder: PurgeReminder | None = None

    def edit_retention(self) -> RetentionDialog:
        dialog = RetentionDialog(self.store, self.hub, self.window)
        dialog.open()
        return dialog

    def open_purge(self) -> PurgeDialog:
        dialog = PurgeDialog(self.store, self.hub, self.window)
        dialog.finished.connect(lambda _result: dialog.purged and self.purged.emit())
        dialog.open()
        return dialog

    def remind_if_due(self) -> PurgeReminder | None:
        """The start-up reminder, when this operator should purge now (see reminder.py)."""
        outlook = reminder_due(self.store)
        if outlook is None:
            return None
        reminder = self.reminder = PurgeReminder(outlook, self.window)
        reminder.purge_button.clicked.connect(self.open_purge)
        reminder.open()
        return reminder
