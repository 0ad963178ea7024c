"""The hub's state in the status bar, always in view: connected, offline with what waits, or no hub.

A long catch-up shows its progress here, in a small bar that does not stop anyone working
(a modal dialog would, for what is background work).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from expo_console.gui.sync.runner import Phase, SyncState


def event_time(moment: dt.datetime, zone: ZoneInfo, *, seconds: bool = True) -> str:
    """A moment as the event's clock shows it; the date too when it is not today there."""
    local = moment.astimezone(zone)
    clock = local.strftime("%H:%M:%S" if seconds else "%H:%M")
    return clock if local.date() == dt.datetime.now(zone).date() else f"{local:%m-%d} {clock}"


class SyncStatus(QWidget):
    def __init__(self, zone: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hubStatusBox")
        self.zone = zone
        self.label = QLabel()
        self.label.setObjectName("hubStatus")
        self.bar = QProgressBar()
        self.bar.setObjectName("hubProgress")
        self.bar.setMaximumWidth(140)
        self.bar.setMaximumHeight(14)
        self.bar.setTextVisible(False)
        self.bar.hide()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 4, 0)
        row.addWidget(self.bar)
        row.addWidget(self.label)
        self.show_state(SyncState(Phase.NO_HUB))

    def show_state(self, state: SyncState) -> None:
        text, tip = self.describe(state)
        self.label.setText(text)
        self.label.setToolTip(tip)
        self.label.setProperty("state", state.phase.value)
        self.label.style().unpolish(self.label)
        self.label.style().polish(self.label)
        if state.phase is Phase.SYNCING:
            self.bar.setRange(0, max(state.total, 1))
            self.bar.setValue(state.done)
            self.bar.show()
        else:
            self.bar.hide()

    def describe(self, state: SyncState) -> tuple[str, str]:
        """The status bar's words for a state, and its tooltip."""
        phase = state.phase
        if phase is Phase.NO_HUB:
            return (self.tr("No hub (this file only)"),
                    self.tr("This event file is on no event hub: other desks do not see its changes. "
                            "File ▸ Connect to hub… puts this desk on one."))
        if phase is Phase.READ_ONLY:
            return (self.tr("Hub: not syncing (the file is read-only)"),
                    self.tr("The event file is open read-only, so nothing from the hub can be written into it."))
        if phase is Phase.NOT_LINKED:
            return (self.tr("Hub: not connected on this desk"),
                    self.tr("This file is a copy of an event on a hub, but this desk does not know the hub's "
                            "address: File ▸ Connect to hub…") + self._waiting_line(state.waiting))
        if phase is Phase.CONNECTING:
            return self.tr("Hub: connecting…"), ""
        if phase is Phase.SYNCING:
            return (self.tr("Hub: syncing %1 of %2 changes…").replace("%1", f"{state.done:,}")
                    .replace("%2", f"{state.total:,}"),
                    self.tr("Catching up with the other desks' changes. Keep working: the window stays usable."))
        if phase is Phase.CONNECTED:
            when = event_time(state.synced_at, self.zone) if state.synced_at else "—"
            return (self.tr("Hub: connected · synced %1").replace("%1", when),
                    self.tr("This desk and the other desks see each other's changes within seconds."))
        since = event_time(state.offline_since, self.zone, seconds=False) if state.offline_since else "—"
        if phase is Phase.OFFLINE:
            return (self.tr("Hub: offline since %1 — %2").replace("%1", since)
                    .replace("%2", self._waiting(state.waiting)),
                    state.problem + "\n" + self.tr("This desk keeps working on its own file and sends what waits "
                                                   "as soon as the hub answers again."))
        return (self.tr("Hub: sync failed — trying again"), state.problem)

    def _waiting(self, count: int) -> str:
        if count == 1:
            return self.tr("1 change waiting")
        return self.tr("%1 changes waiting").replace("%1", f"{count:,}")

    def _waiting_line(self, count: int) -> str:
        return "\n" + self._waiting(count) if count else ""
