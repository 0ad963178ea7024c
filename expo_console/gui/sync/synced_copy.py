"""How fresh this desk's copy is, where the figures are read from it (the dashboard).

The dashboard counts every desk's scans from this desk's file, which holds the other desks' scans
as of the last sync. On a file on a hub it says so, in the event's time: "Synced copy as of
14:32:05", marked when that is a minute old or more (the hub has not been reached since).
On a file without a hub it shows nothing: the figures are this file's own.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QWidget

from expo_console.gui.sync.status import event_time
from expo_console.services.hub import desk_link
from expo_console.services.hub.sync import last_synced_at
from expo_console.services.store import EventStore, parse_utc_stamp
from expo_console.services.traffic.counting import event_zone

STALE_S = 60
REFRESH_MS = 1_000


class SyncedCopyLabel(QLabel):
    def __init__(self, store: EventStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncedCopy")
        self.setAlignment(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight)
        self.setContentsMargins(0, 0, 6, 0)
        self.store = store
        self.zone = event_zone(store)
        self.on_hub = desk_link.hub_event_of(store) is not None
        self.setToolTip(self.tr("The figures count every desk's scans as this desk's copy of the event holds "
                                "them: the other desks' scans as of the last sync with the hub."))
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        if not self.on_hub:
            self.hide()  # a file of its own: its figures are all there is

    def refresh(self) -> None:
        stamp = last_synced_at(self.store)
        if stamp is None:
            self.setText(self.tr("Synced copy: not synced yet"))
            stale = True
        else:
            moment = parse_utc_stamp(stamp)
            self.setText(self.tr("Synced copy as of %1").replace("%1", event_time(moment, self.zone)))
            stale = (dt.datetime.now(dt.UTC) - moment).total_seconds() >= STALE_S
        if self.property("stale") != ("true" if stale else "false"):
            self.setProperty("stale", "true" if stale else "false")
            self.style().unpolish(self)
            self.style().polish(self)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self.refresh()
        self.timer.start()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        super().hideEvent(event)
        self.timer.stop()
