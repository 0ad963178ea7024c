"""The zone's setup as the consultation pages share it: read once, read again when it changes.

Every page names buyers, exhibitors and interpreters and needs the days, sessions and tables;
reading the setup once for all of them keeps them agreeing (a buyer renamed shows renamed on
every page at once) and keeps the grid's drag from reading the file.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QObject, Signal

from expo_console.domain.access import Action
from expo_console.domain.consultations import Slot
from expo_console.services.access import allowed
from expo_console.services.consultations import schedule, setup
from expo_console.services.consultations.setup import Setup
from expo_console.services.store import EventStore


class ZoneData(QObject):
    reloaded = Signal()  # the setup was read again: pages rebuild what names or counts it

    def __init__(self, store: EventStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setup: Setup = Setup((), (), (), (), (), (), ())
        self.loaded = False

    def reload(self) -> None:
        self.setup = setup.load(self.store)
        self.loaded = True
        self.reloaded.emit()

    @property
    def may_plan(self) -> bool:
        """Whether this desk may change the setup and the schedule (the role, and a writable file)."""
        return allowed(self.store, Action.PLAN_MEETINGS) and not self.store.read_only

    def session_days(self) -> tuple[dt.date, ...]:
        return tuple(s.day for s in self.setup.sessions)

    def slots(self, day: dt.date) -> tuple[Slot, ...]:
        return schedule.slots_of(self.setup, [day])

    def table_numbers(self) -> tuple[int, ...]:
        return tuple(sorted(t.number for t in self.setup.tables))
