"""The consultation meetings on the slot grid: a row per slot, a column per table, a card per meeting.

The grid itself is gui/slot_grid; this says what a meeting looks like on it: the buyer's company
(bold) over the exhibitor, the colours of its state, the buyer's language as a badge when an
interpreter is assigned (hollow and red when one is needed and missing), and the clash check
of a drag (drag_check.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QObject

from expo_console.domain.consultations import Slot
from expo_console.domain.meeting_records import MeetingRecord, MeetingStatus
from expo_console.gui.consultations import names
from expo_console.gui.consultations.drag_check import DragCheck
from expo_console.gui.consultations.names import fill
from expo_console.gui.consultations.zone_data import ZoneData
from expo_console.gui.slot_grid.look import (
    ARRIVED,
    CANCELLED,
    DROP_REFUSED,
    HELD,
    NO_SHOW,
    SCHEDULED,
    Badge,
    Card,
    Palette,
)
from expo_console.gui.slot_grid.model import SlotGridModel

INTERPRETER = "#7b1fa2"


def colours(meeting: MeetingRecord) -> Palette:
    if meeting.status == MeetingStatus.HELD:
        return HELD
    if meeting.status == MeetingStatus.NO_SHOW:
        return NO_SHOW
    if meeting.status == MeetingStatus.CANCELLED:
        return CANCELLED
    return ARRIVED if meeting.arrived_at is not None else SCHEDULED


def status_text(meeting: MeetingRecord) -> str:
    if meeting.status == MeetingStatus.HELD:
        return QCoreApplication.translate("ScheduleModel", "Held")
    if meeting.status == MeetingStatus.NO_SHOW:
        return QCoreApplication.translate("ScheduleModel", "No-show")
    if meeting.status == MeetingStatus.CANCELLED:
        return QCoreApplication.translate("ScheduleModel", "Cancelled")
    if meeting.arrived_at is not None:
        return QCoreApplication.translate("ScheduleModel", "Buyer arrived")
    return QCoreApplication.translate("ScheduleModel", "Scheduled")


class MeetingLook(QObject):
    """What the slot grid asks of a meeting (slot_grid.look.ItemLook)."""

    def __init__(self, data: ZoneData, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data = data

    def item_id(self, meeting: MeetingRecord) -> str:
        return meeting.id

    def place(self, meeting: MeetingRecord) -> tuple[Slot, int]:
        return meeting.slot, meeting.table

    def active(self, meeting: MeetingRecord) -> bool:
        return meeting.status != MeetingStatus.CANCELLED

    def fixed(self, meeting: MeetingRecord) -> bool:
        return meeting.fixed

    def held_in_place(self, meeting: MeetingRecord) -> str:
        """A meeting that happened (or that someone arrived for) stays where it happened."""
        if meeting.status == MeetingStatus.SCHEDULED and meeting.arrived_at is None:
            return ""
        return self.tr("This meeting has an arrival or an outcome: it stays where it happened.")

    def card(self, meeting: MeetingRecord) -> Card:
        setup = self.data.setup
        buyer = setup.buyer_by_id.get(meeting.buyer_id)
        badge = None
        if meeting.interpreter_id is not None or (buyer is not None and buyer.record.needs_interpreter):
            assigned = meeting.interpreter_id is not None
            badge = Badge((buyer.language if buyer else "").upper() or "?", INTERPRETER if assigned else DROP_REFUSED[1],
                          assigned)
        exhibitor = names.exhibitor_name(setup.exhibitor_by_id.get(meeting.exhibitor_id))
        return Card(buyer.company or names.buyer_name(buyer) if buyer is not None else names.buyer_name(None),
                    (exhibitor,), colours(meeting), struck=meeting.status == MeetingStatus.CANCELLED, fixed=meeting.fixed,
                    badge=badge, text=f"{names.buyer_label(buyer)}\n{exhibitor}")

    def column_title(self, table: int) -> str:
        return fill(self.tr("Table %1"), table)

    def where(self, slot: Slot, table: int, long: bool = False) -> str:
        if long:
            return fill(self.tr("%1–%2 · table %3"), names.hhmm(slot.start), names.hhmm(slot.end), table)
        return fill(self.tr("%1, table %2"), names.hhmm(slot.start), table)

    def details(self, meeting: MeetingRecord) -> list[str]:
        setup = self.data.setup
        buyer = setup.buyer_by_id.get(meeting.buyer_id)
        lines = [fill(self.tr("Buyer: %1"), names.buyer_label(buyer))]
        if buyer is not None and buyer.country:
            lines[-1] += f" · {buyer.country} · {names.language_name(buyer.language)}"
        lines.append(fill(self.tr("Exhibitor: %1"), names.exhibitor_label(setup.exhibitor_by_id.get(meeting.exhibitor_id))))
        if meeting.interpreter_id is not None:
            lines.append(fill(self.tr("Interpreter: %1"),
                              names.interpreter_name(setup.interpreter_by_id.get(meeting.interpreter_id))))
        elif buyer is not None and buyer.record.needs_interpreter:
            lines.append(self.tr("No interpreter assigned: the buyer speaks %1.").replace(
                "%1", names.language_name(buyer.language)))
        lines.append(status_text(meeting))
        return lines

    def crowded_text(self) -> str:
        return self.tr("Two meetings share this table and time: move one.")

    def check(self, day_meetings: Sequence[MeetingRecord], moved: MeetingRecord) -> DragCheck:
        return DragCheck(self.data.setup, list(day_meetings), moved)


class ScheduleModel(SlotGridModel[MeetingRecord]):
    """The slot grid's model over meetings, under the names the consultation pages use."""

    def __init__(self, data: ZoneData, parent: QObject | None = None) -> None:
        super().__init__(MeetingLook(data), parent)
        self.look.setParent(self)

    @property
    def meetings(self) -> dict[str, MeetingRecord]:
        return self.items

    @property
    def tables(self) -> tuple[int, ...]:
        return self.columns

    def meeting_at(self, row: int, column: int) -> MeetingRecord | None:
        return self.item_at(row, column)
