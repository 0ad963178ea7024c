"""One kind's setup as the Studio & photos pages share it (as gui/consultations/zone_data.py does
for the consultation zone), and the words that differ between the studio and the photo corner.

The pages of one kind read the setup once: a renamed set or a new request shows on every page at
once, and a page never reads the file for a name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, Signal

from expo_console.domain.access import Action
from expo_console.domain.bookings import KIND_DEFAULTS, BookingKind, Order
from expo_console.gui.i18n import is_korean
from expo_console.services.access import allowed
from expo_console.services.bookings import setup
from expo_console.services.bookings.setup import BookingSetup, Rules
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


def empty_setup(kind: BookingKind) -> BookingSetup:
    return BookingSetup(kind, (), Rules(KIND_DEFAULTS[kind].max_per_exhibitor, Order.REQUEST_TIME), (), (), ())


class BookingData(QObject):
    reloaded = Signal()  # the setup was read again: pages rebuild what names or counts it

    def __init__(self, store: EventStore, kind: BookingKind, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store, self.kind = store, kind
        self.words = words(kind)
        self.setup: BookingSetup = empty_setup(kind)
        self.loaded = False

    def reload(self) -> None:
        self.setup = setup.load(self.store, self.kind)
        self.loaded = True
        self.reloaded.emit()

    @property
    def may_plan(self) -> bool:
        """Whether this desk may change the setup, the requests and the bookings."""
        return allowed(self.store, Action.PLAN_MEETINGS) and not self.store.read_only

    @property
    def may_record(self) -> bool:
        """Whether this desk may record no-shows and results."""
        return allowed(self.store, Action.RECORD_OUTCOMES) and not self.store.read_only

    def exhibitor_name(self, exhibitor_id: str) -> str:
        found = self.setup.exhibitors.get(exhibitor_id)
        return found.name if found else exhibitor_id

    def booth(self, exhibitor_id: str) -> str:
        found = self.setup.exhibitors.get(exhibitor_id)
        return found.booth if found else ""

    def resource_name(self, number: int) -> str:
        """'Set 2' as the setup named it (or the kind's word and the number when unnamed)."""
        found = next((r for r in self.setup.resources if r.number == number), None)
        return found.name if found and found.name else f"{self.words.resource} {number}"

    def session_days(self) -> tuple[dt.date, ...]:
        return tuple(s.day for s in self.setup.sessions)
