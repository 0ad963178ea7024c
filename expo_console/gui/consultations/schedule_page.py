"""The consultations' Schedule page: a day's grid of tables × slots, Solve…, the hand edits with undo.

The grid, its keys, its undo steps and its status line are gui/slot_grid's (page.py says the
keys); this page says what is the consultations': the days with a session, the meetings as
cards (grid_model.py), the legend and notes, the sentences naming a meeting, and Solve….
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QWidget

from expo_console.domain.consultations import Slot
from expo_console.domain.meeting_records import MeetingRecord
from expo_console.gui.consultations import names
from expo_console.gui.consultations.grid_model import INTERPRETER, ScheduleModel
from expo_console.gui.consultations.names import fill
from expo_console.gui.consultations.schedule_commands import MeetingWrites
from expo_console.gui.consultations.solve_summary import SolveSummaryDialog
from expo_console.gui.consultations.zone_data import ZoneData
from expo_console.gui.hub import Hub
from expo_console.gui.slot_grid.look import ARRIVED, CANCELLED, HELD, NO_SHOW, SCHEDULED
from expo_console.gui.slot_grid.page import SlotGridPage
from expo_console.gui.slot_grid.solve import SolveCall, SolveTerms
from expo_console.services.changes import MeetingsChanged
from expo_console.services.consultations import schedule
from expo_console.services.consultations.cpsat import SolveProgress
from expo_console.services.consultations.schedule import ScheduleError, SolveReport
from expo_console.services.consultations.solver import DEFAULT_TIME_LIMIT
from expo_console.services.progress import CancelFlag
from expo_console.services.store import EventStore


def _solve(store: EventStore, days: tuple[dt.date, ...] | None, time_limit: float,
           progress: Callable[[SolveProgress], None], cancel: CancelFlag) -> SolveReport:
    return schedule.solve_schedule(store, days, time_limit=time_limit, progress=progress, cancel=cancel)


class SchedulePage(SlotGridPage[MeetingRecord]):
    person_requested = Signal(str, str)  # "buyer" or "exhibitor", id: show their meetings
    solved = Signal(object)  # SolveReport, once its summary is shown
    noun = "Meeting"

    def __init__(self, store: EventStore, hub: Hub, data: ZoneData, parent: QWidget | None = None) -> None:
        self.model: ScheduleModel
        super().__init__(store, hub, ScheduleModel(data), MeetingWrites(store), parent)
        self.setObjectName("schedulePage")
        self.data = data
        self.summary: SolveSummaryDialog | None = None
        self.build()

    # -- what the grid needs to know --------------------------------------------------------------

    @property
    def may_plan(self) -> bool:
        return self.data.may_plan

    def days(self) -> tuple[dt.date, ...]:
        return self.data.session_days()

    def day_text(self, day: dt.date) -> str:
        return names.day_label(day, self.data.setup.days)

    def load_day(self, day: dt.date | None) -> tuple[tuple[Slot, ...], tuple[int, ...], list[MeetingRecord]]:
        if day is None:
            return (), self.data.table_numbers(), []
        return self.data.slots(day), self.data.table_numbers(), schedule.meetings(self.store, day=day)

    def fetch(self, meeting_id: str) -> MeetingRecord | None:
        try:
            return schedule.meeting(self.store, meeting_id)
        except ScheduleError:
            return None

    def words(self) -> dict[str, str]:
        return {
            "hint": self.tr("Drag a meeting to another time or table (or Space, the arrows, Enter). L locks, Delete "
                            "removes, Ctrl+Z undoes. A red cell says why it cannot go there."),
            "solve_tip": self.tr("Solve the schedule for every day or one day (Ctrl+R)"),
            "lock_tip": self.tr("Lock the meeting where it is, so a new solve keeps it there (L)"),
            "remove_tip": self.tr("Take the meeting out of the schedule (Delete; Ctrl+Z puts it back)"),
            "moved": self.tr("Moved to %1, table %2, and locked there. Ctrl+Z puts it back."),
            "removed": self.tr("The meeting of %1 is removed. Ctrl+Z puts it back."),
            "move": self.tr("Move the meeting of %1"),
            "lock": self.tr("Lock the meeting of %1"),
            "unlock": self.tr("Unlock the meeting of %1"),
            "remove": self.tr("Remove the meeting of %1"),
        }

    def who(self, meeting: MeetingRecord) -> str:
        return names.buyer_label(self.data.setup.buyer_by_id.get(meeting.buyer_id))

    def legend(self) -> QWidget:
        legend = QWidget()
        row = QHBoxLayout(legend)
        row.setContentsMargins(6, 0, 6, 0)
        card = QLabel(self.tr("Each card: the buyer (bold) above the exhibitor."))
        row.addWidget(card)
        for (background, stripe), text in ((SCHEDULED, self.tr("Scheduled")), (ARRIVED, self.tr("Buyer arrived")),
                                           (HELD, self.tr("Held")), (NO_SHOW, self.tr("No-show")),
                                           (CANCELLED, self.tr("Cancelled"))):
            chip = QLabel(text)
            chip.setStyleSheet(f"QLabel {{ background: {background}; border-left: 4px solid {stripe};"
                               " padding: 1px 6px; }")
            row.addWidget(chip)
        chip = QLabel("ZH")
        chip.setStyleSheet(f"QLabel {{ background: {INTERPRETER}; color: white; font-weight: bold; padding: 0 3px; }}")
        row.addWidget(chip)
        marks = QLabel(self.tr("interpreter (the buyer's language; red outline: none assigned) · padlock: locked, "
                               "a new solve keeps it"))
        row.addWidget(marks)
        # the texts wrap rather than widen the window (its width is its widest page's: the legend
        # in one line made it 1,595 pixels wide in English)
        for text in (card, marks):
            text.setWordWrap(True)
        row.setStretch(0, 2)
        row.setStretch(row.indexOf(marks), 5)
        return legend

    def notes(self) -> tuple[str, str]:
        setup = self.data.setup
        note = ""
        if not setup.sessions:
            note = self.tr("No consultation session is set: set each day's hours on the Setup page, then solve.")
        elif not setup.tables:
            note = self.tr("The zone has no tables: place them on the Setup page, then solve.")
        elif not self.model.meetings:
            note = self.tr("No meetings on this day yet: Solve… (Ctrl+R) places the requests.")
        elif self.model.off_grid:
            note = fill(self.tr("%1 meetings of this day are at a time or table the session no longer has (it "
                                "changed after the solve): solve the day again, or see them in the lists."),
                        len(self.model.off_grid))
        meetings = list(self.model.meetings.values())
        return note, fill(self.tr("%1 meetings · %2 locked · %3 with an interpreter"), len(meetings),
                          sum(1 for m in meetings if m.fixed), sum(1 for m in meetings if m.interpreter_id is not None))

    def add_menu_items(self, menu: QMenu, meeting: MeetingRecord) -> None:
        menu.addSeparator()
        setup = self.data.setup
        buyer = menu.addAction(fill(self.tr("Meetings of %1"), names.buyer_label(setup.buyer_by_id.get(meeting.buyer_id))))
        buyer.triggered.connect(lambda: self.person_requested.emit("buyer", meeting.buyer_id))
        firm = menu.addAction(fill(self.tr("Meetings of %1"),
                                   names.exhibitor_name(setup.exhibitor_by_id.get(meeting.exhibitor_id))))
        firm.triggered.connect(lambda: self.person_requested.emit("exhibitor", meeting.exhibitor_id))

    # -- following the hub ------------------------------------------------------------------------

    def follow(self, change: MeetingsChanged) -> None:
        """The hub's word: a solve or a setup change reloads the day, named meetings are patched."""
        if change.reload or change.setup:
            # another desk's outcome or a pull keeps this desk's steps (a step that no longer
            # applies is refused in words and dropped); new hours or tables do not
            self.reload(forget_steps=change.setup)
            return
        self.follow_items(change.meetings)

    # -- solving ----------------------------------------------------------------------------------

    def solve_terms(self) -> SolveTerms:
        return SolveTerms(
            self.tr("Solve the schedule"), self.tr("Every day with a session"), self.tr("Solving the schedule"),
            self.tr("Looking for the schedule with the most and best-ranked meetings, and a fair share for every "
                    "exhibitor…"),
            self.tr("Locked meetings, and meetings with an arrival or an outcome, stay where they are. The other "
                    "meetings of the days solved are replaced by the new schedule."), DEFAULT_TIME_LIMIT,
            lambda p: fill(self.tr("fair share %1 · weight %2"), f"{p.fair_share:,}", f"{p.weight:,}"))

    def solve_call(self) -> SolveCall:
        return _solve

    def on_solved(self, report: SolveReport) -> None:
        self.say(fill(self.tr("Solved: %1 meetings in the schedule."), f"{len(report.solution.meetings):,}"))
        self.summary = SolveSummaryDialog(report, self.data.setup, self)
        self.summary.open()
        self.solved.emit(report)
