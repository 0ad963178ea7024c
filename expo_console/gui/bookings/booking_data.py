"""One kind's setup (studio or photo corner) as the booking pages share it: read once, read again
when it changes, with the names the screens show.

The schedule's cards, its drag check and its waiting list all name exhibitors, requests and sets;
reading the setup once keeps them agreeing and keeps a drag from reading the file.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QObject, Signal

from expo_console.domain.access import Action
from expo_console.domain.booking_records import RequestRecord
from expo_console.domain.bookings import BookingKind
from expo_console.domain.consultations import Slot
from expo_console.gui.i18n import is_korean
from expo_console.gui.labels import fill
from expo_console.services.access import allowed
from expo_console.services.bookings import setup as setup_service
from expo_console.services.bookings.setup import BookingSetup
from expo_console.services.store import EventStore


class BookingData(QObject):
    reloaded = Signal()

    def __init__(self, store: EventStore, kind: BookingKind, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store, self.kind = store, kind
        self.setup: BookingSetup | None = None
        self._requests: dict[str, RequestRecord] = {}
        self._resource_names: dict[int, str] = {}

    def reload(self) -> None:
        self.setup = setup_service.load(self.store, self.kind)
        self._requests = {r.id: r for r in self.setup.requests}
        self._resource_names = {r.number: r.name for r in self.setup.resources}
        self.reloaded.emit()

    @property
    def loaded(self) -> BookingSetup:
        if self.setup is None:
            self.reload()
        assert self.setup is not None
        return self.setup

    @property
    def studio(self) -> bool:
        return self.kind == BookingKind.STUDIO

    def may(self, action: Action) -> bool:
        """Whether this desk may do it (the role, and a writable file)."""
        return allowed(self.store, action) and not self.store.read_only

    def session_days(self) -> tuple[dt.date, ...]:
        return tuple(s.day for s in self.loaded.sessions)

    def slots(self, day: dt.date) -> tuple[Slot, ...]:
        return self.loaded.slots_on(day)

    def resource_numbers(self) -> tuple[int, ...]:
        return tuple(sorted(r.number for r in self.loaded.resources))

    def resource_name(self, number: int) -> str:
        """The set's or corner's name as the setup gave it; 'Set 2' or 'Corner 2' without one."""
        name = self._resource_names.get(number, "").strip()
        if name:
            return name
        return fill(self.tr("Set %1") if self.studio else self.tr("Corner %1"), number)

    def request(self, request_id: str | None) -> RequestRecord | None:
        return self._requests.get(request_id or "")

    def exhibitor_name(self, exhibitor_id: str) -> str:
        names = self.loaded.exhibitors.get(exhibitor_id)
        if names is None:
            return self.tr("(removed exhibitor)")
        return names.name if is_korean() or not names.name_en else names.name_en
