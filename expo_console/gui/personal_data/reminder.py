"""The start-up reminder (issue 21): once the retention date has passed and visitors' personal
data is still held, an organizer who signs in is told, with Purge now… and Later. Not for the
other roles (they may not purge), not on a read-only file, not on a demo event (its visitors are
made up), and not when nothing is left. Shown with open(): the window is usable behind it only
once it is answered, but nothing waits on it (a script or a test goes on)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from expo_console.domain.access import Action
from expo_console.services.access import allowed
from expo_console.services.events import event_row
from expo_console.services.registration.purge import PurgeOutlook, purge_outlook
from expo_console.services.store import EventStore


def reminder_due(store: EventStore) -> PurgeOutlook | None:
    """The outlook to remind of, or None when this operator need not be reminded."""
    if store.read_only or not allowed(store, Action.PURGE) or event_row(store)["is_demo"]:
        return None
    outlook = purge_outlook(store)
    return outlook if outlook.due else None


class PurgeReminder(QMessageBox):
    def __init__(self, outlook: PurgeOutlook, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("purgeReminder")
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(self.tr("Personal data to destroy"))
        self.setText(self.tr("The retention date (%1) has passed: %2 visitors' personal data should be destroyed.")
                     .replace("%1", outlook.retention_date.isoformat()).replace("%2", f"{outlook.visitors:,}"))
        self.setInformativeText(self.tr("The event ended on %1 and its visitors' personal data was to be kept %2 "
                                        "days. Purge it now, or later from Event ▸ Purge personal data…")
                                .replace("%1", outlook.last_day.isoformat())
                                .replace("%2", str(outlook.retention_days)))
        self.purge_button = self.addButton(self.tr("Purge now…"), QMessageBox.ButtonRole.AcceptRole)
        self.later_button = self.addButton(self.tr("Later"), QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.later_button)  # an Enter pressed by habit at start-up purges nothing
        self.setEscapeButton(self.later_button)
