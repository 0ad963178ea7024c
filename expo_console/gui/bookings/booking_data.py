"""One kind's setup (studio or photo corner) as the booking pages share it: read once, read again
when it changes, with the names the screens show, and the words that differ between the studio
and the photo corner.

The schedule's cards, its drag check, its waiting list, the setup, the requests and the results
entry all name exhibitors, requests and sets; reading the setup once keeps them agreeing (a
renamed set shows renamed on every page at once) and keeps a drag from reading the file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, Signal

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

# Channels a broadcast names most often (free text is accepted too)
CHANNELS = ("네이버 쇼핑라이브", "쿠팡라이브", "11번가 라이브", "그립", "카카오쇼핑라이브")


@dataclass(frozen=True)
class KindWords:
    """What the window calls one kind's things, in the UI's language."""

    kind_name: str  # "Studio broadcasts"
    resource: str  # "Set"
    resources: str  # "Sets"
    session_title: str
    no_session: str
    remove_session: str
    booking: str  # "broadcast" / "shoot"


def words(kind: BookingKind) -> KindWords:
    if kind == BookingKind.STUDIO:
        return KindWords(
            QCoreApplication.translate("Bookings", "Studio broadcasts"), QCoreApplication.translate("Bookings", "Set"),
            QCoreApplication.translate("Bookings", "Sets"),
            QCoreApplication.translate("Bookings", "Broadcast hours, day by day"),
            QCoreApplication.translate("Bookings", "no broadcasts"),
            QCoreApplication.translate("Bookings", "No broadcasts this day"),
            QCoreApplication.translate("Bookings", "broadcast"))
    return KindWords(
        QCoreApplication.translate("Bookings", "Photo shoots"), QCoreApplication.translate("Bookings", "Corner"),
        QCoreApplication.translate("Bookings", "Corners"), QCoreApplication.translate("Bookings", "Shoot hours, day by day"),
        QCoreApplication.translate("Bookings", "no shoots"), QCoreApplication.translate("Bookings", "No shoots this day"),
        QCoreApplication.translate("Bookings", "shoot"))


def short_day(day: dt.date) -> str:
    """'10/4 (화)' in Korean, '10/4 Tue' in English: a day in a list's narrow cell."""
    if is_korean():
        return f"{day.month}/{day.day} ({'월화수목금토일'[day.weekday()]})"
    return f"{day.month}/{day.day} {day:%a}"


class BookingData(QObject):
    reloaded = Signal()

    def __init__(self, store: EventStore, kind: BookingKind, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store, self.kind = store, kind
        self.words = words(kind)
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
        """The setup, read now if it was not yet."""
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

    @property
    def may_plan(self) -> bool:
        """Whether this desk may change the setup, the requests and the bookings."""
        return self.may(Action.PLAN_MEETINGS)

    @property
    def may_record(self) -> bool:
        """Whether this desk may record no-shows and results."""
        return self.may(Action.RECORD_OUTCOMES)

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

    def booth(self, exhibitor_id: str) -> str:
        names = self.loaded.exhibitors.get(exhibitor_id)
        return names.booth if names else ""
