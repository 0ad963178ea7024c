"""What the main window holds of the event hub: the runner, its status-bar widget, the connect
flow and the desks list, started and stopped with the window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from expo_console.gui.hub import Hub
from expo_console.gui.sync.connector import HubConnector
from expo_console.gui.sync.desks_dialog import DesksDialog
from expo_console.gui.sync.runner import SyncRunner
from expo_console.gui.sync.status import SyncStatus
from expo_console.services.hub import desk_link
from expo_console.services.store import EventStore
from expo_console.services.traffic.counting import event_zone


class DeskSync(QObject):
    open_requested = Signal(Path)  # the desk joined a hub: its new copy of the event

    def __init__(self, window: QWidget, store: EventStore, hub: Hub) -> None:
        super().__init__(window)
        self.window, self.store, self.hub = window, store, hub
        self.zone = event_zone(store)
        self.runner = SyncRunner(store, hub, self)
        self.status = SyncStatus(self.zone)
        self.runner.state_changed.connect(self.status.show_state)
        self.connector = HubConnector(window, store, hub)
        self.connector.linked.connect(self._linked)
        self.connector.open_requested.connect(self.open_requested)
        self.desks_dialog: DesksDialog | None = None
        self.runner.start()

    def connect_to_hub(self) -> None:
        self.connector.ask()

    def _linked(self, dsn: str) -> None:
        self.runner.start(dsn)
        self.hub.status_message_requested.emit(self.tr("Connected to the hub: this desk syncs with it from now on."))

    def show_desks(self) -> DesksDialog:
        dsn = self.runner.dsn or (desk_link.known_dsn(self.store) if desk_link.hub_event_of(self.store) else None)
        if self.desks_dialog is None:
            self.desks_dialog = DesksDialog(self.window, dsn, self.zone, self.store.stamp.desk_id)
        else:
            self.desks_dialog.dsn = dsn
            self.desks_dialog.refresh()
        self.desks_dialog.show()
        self.desks_dialog.raise_()
        self.desks_dialog.activateWindow()
        return self.desks_dialog

    def stop(self) -> None:
        self.runner.stop()
