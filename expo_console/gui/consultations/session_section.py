"""Each day's hours (start, end, slot length, changeover, breaks) and the consultation zone's tables.

`SessionForm` edits any kind's sessions through a `SessionPlan` (the consultation zone's here;
the studio's and the photo corner's in gui/bookings/setup_page.py); `SessionSection` is the
consultations' form with the zone's tables under it.

The tables are placed by the setup service in a grid inside the floor plan's consultation zone,
numbered in reading order, so the plan, the printed door sheets and the schedule agree. Before
placing, this section says what the zone can hold, and says plainly when the plan has no
consultation zone or it is too small.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QTime
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from expo_console.domain.access import Action
from expo_console.domain.consultation_tables import ZoneTooSmall, capacity
from expo_console.domain.consultations import DEFAULT_SLOT_MINUTES, Session, build_slots
from expo_console.domain.floor_plan import Zone
from expo_console.gui.consultations import names
from expo_console.gui.consultations.names import fill
from expo_console.gui.consultations.service_text import refusal_text
from expo_console.gui.consultations.zone_data import ZoneData
from expo_console.gui.hub import Hub
from expo_console.gui.i18n import is_korean
from expo_console.gui.ops import run_op
from expo_console.gui.role_view import permit
from expo_console.services.access import AccessDenied
from expo_console.services.consultations import setup
from expo_console.services.layout.floor_plan import load_plan
from expo_console.services.store import EventFileError, EventStore

DEFAULT_HOURS = (dt.time(10), dt.time(17))
DEFAULT_BREAKS = ((dt.time(12), dt.time(13)),)
_BREAK = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–~]\s*(\d{1,2}):(\d{2})\s*$")
REFUSALS = (ValueError, AccessDenied, EventFileError)  # SetupError and ZoneTooSmall are ValueErrors


def parse_breaks(text: str) -> tuple[tuple[dt.time, dt.time], ...]:
    """'12:00-13:00, 15:00–15:15' → the pairs; ValueError (in words) for anything else."""
    found = []
    for part in (p for p in re.split(r"[,;]", text) if p.strip()):
        match = _BREAK.match(part)
        try:
            if match is None:
                raise ValueError(part)
            h1, m1, h2, m2 = (int(g) for g in match.groups())
            found.append((dt.time(h1, m1), dt.time(h2, m2)))
        except ValueError:
            raise ValueError(fill(QCoreApplication.translate(
                "SessionSection", "Write each break as 12:00-13:00, separated by commas (not '%1')."),
                part.strip())) from None
    return tuple(found)


def breaks_text(breaks: tuple[tuple[dt.time, dt.time], ...]) -> str:
    return ", ".join(f"{names.hhmm(a)}-{names.hhmm(b)}" for a, b in breaks)


def _qtime(at: dt.time) -> QTime:
    return QTime(at.hour, at.minute)


def _time(at: QTime) -> dt.time:
    return dt.time(at.hour(), at.minute())


def _left(widget: QWidget, width: int = 0) -> QHBoxLayout:
    """A field at its own size on the form's left, not stretched across the page."""
    if width:
        widget.setMinimumWidth(width)
    row = QHBoxLayout()
    row.addWidget(widget)
    row.addStretch(1)
    return row


@dataclass(frozen=True)
class SessionPlan:
    """Whose sessions a form edits: the consultation zone's, or a studio's or the photo corner's
    (services/bookings/setup.py), with their defaults and their words."""

    days: Callable[[], tuple[dt.date, ...]]
    sessions: Callable[[], tuple[Session, ...]]
    save: Callable[[Session], object]  # the service's call; its change goes to the hub
    remove: Callable[[dt.date], object]
    may_plan: Callable[[], bool]
    title: str  # the group's title
    none_text: str  # a day's hours cell when it has no session
    remove_text: str  # the button that takes a day's session away
    slot_minutes: int = DEFAULT_SLOT_MINUTES
    gap_minutes: int | None = None  # a changeover's default; None: no changeover field (consultations)
    refusal: Callable[[BaseException], str] = refusal_text  # the service's refusals in the UI's language


class SessionForm(QWidget):
    """Each day's session: a table of the days, the chosen day's hours, slot length, changeover
    and breaks, saved for that day or every day."""

    def __init__(self, hub: Hub, store: EventStore, plan: SessionPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sessionSection")
        self.hub, self.store, self.plan = hub, store, plan
        self.days = QTableWidget(0, 5)
        self.days.setObjectName("sessionDays")
        # the words fit consultations, broadcasts and shoots alike (운영 시간, not 상담 시간)
        self.days.setHorizontalHeaderLabels([self.tr("Day"), self.tr("Opening hours"), self.tr("Length of a slot"),
                                             self.tr("Breaks"), self.tr("Slots a day")])
        self.days.verticalHeader().hide()
        self.days.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.days.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.days.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.days.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.days.horizontalHeader().setStretchLastSection(True)
        self.days.currentCellChanged.connect(lambda *_: self._show_session())
        self.start, self.end = QTimeEdit(), QTimeEdit()
        for edit, name in ((self.start, "sessionStart"), (self.end, "sessionEnd")):
            edit.setObjectName(name)
            edit.setDisplayFormat("HH:mm")
        self.slot = QSpinBox()
        self.slot.setObjectName("slotMinutes")
        self.slot.setRange(5, 240)
        self.slot.setSingleStep(5)
        self.slot.setSuffix(self.tr(" min"))
        self.gap = QSpinBox()
        self.gap.setObjectName("gapMinutes")
        self.gap.setRange(0, 120)
        self.gap.setSingleStep(5)
        self.gap.setSuffix(self.tr(" min"))
        self.breaks = QLineEdit()
        self.breaks.setObjectName("sessionBreaks")
        self.breaks.setPlaceholderText(self.tr("e.g. 12:00-13:00, 15:00-15:15"))
        self.message = QLabel()
        self.message.setObjectName("sessionMessage")
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        self.save_day = self._button(self.tr("Save for this day"), "saveSession", lambda: self.save(every_day=False))
        self.save_all = self._button(self.tr("Save for every day"), "saveSessionEveryDay", lambda: self.save(every_day=True))
        self.remove = self._button(plan.remove_text, "removeSession", self.remove_session)
        for button in (self.save_day, self.save_all, self.remove):
            buttons.addWidget(button)
        buttons.addStretch(1)
        form = QFormLayout()
        hours = QHBoxLayout()
        hours.addWidget(self.start)
        hours.addWidget(QLabel("–"))
        hours.addWidget(self.end)
        hours.addStretch(1)
        form.addRow(self.tr("Opening hours"), hours)
        form.addRow(self.tr("Length of a slot"), _left(self.slot))
        if plan.gap_minutes is not None:
            form.addRow(self.tr("Changeover between slots"), _left(self.gap))
        else:
            self.gap.hide()
        form.addRow(self.tr("Breaks"), _left(self.breaks, 320))
        sessions = QGroupBox(plan.title)
        sessions_layout = QVBoxLayout(sessions)
        sessions_layout.addWidget(self.days)
        sessions_layout.addLayout(form)
        sessions_layout.addLayout(buttons)
        sessions_layout.addWidget(self.message)
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.addWidget(sessions)

    def _button(self, text: str, name: str, slot) -> QPushButton:  # type: ignore[no-untyped-def]
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda: slot())
        if not permit(button, self.store, Action.PLAN_MEETINGS) or self.store.read_only:
            button.setEnabled(False)
        return button

    # -- showing ----------------------------------------------------------------------------------

    def refresh(self) -> None:
        chosen = self.days.currentRow()
        days = self.plan.days()
        by_day = {s.day: s for s in self.plan.sessions()}
        self.days.setRowCount(len(days))
        for row, day in enumerate(days):
            session = by_day.get(day)
            cells = [names.day_label(day, days)]
            if session is None:
                cells += [self.plan.none_text, "", "", "0"]
            else:
                length = fill(self.tr("%1 min"), session.slot_minutes)
                if session.gap_minutes:
                    length = fill(self.tr("%1 min + %2 min changeover"), session.slot_minutes, session.gap_minutes)
                cells += [f"{names.hhmm(session.start)}–{names.hhmm(session.end)}", length,
                          breaks_text(session.breaks), str(len(build_slots(session)))]
            for column, text in enumerate(cells):
                self.days.setItem(row, column, QTableWidgetItem(text))
        self.days.setCurrentCell(max(chosen, 0), 0)
        # as tall as its days (an expo has a handful): the form stays right under them
        self.days.setMaximumHeight(self.days.horizontalHeader().height() + 4
                                   + sum(self.days.rowHeight(r) for r in range(self.days.rowCount())))
        self._show_session()

    def current_day(self) -> dt.date | None:
        row = self.days.currentRow()
        days = self.plan.days()
        return days[row] if 0 <= row < len(days) else None

    def _show_session(self) -> None:
        day = self.current_day()
        session = next((s for s in self.plan.sessions() if s.day == day), None)
        start, end = (session.start, session.end) if session else DEFAULT_HOURS
        self.start.setTime(_qtime(start))
        self.end.setTime(_qtime(end))
        self.slot.setValue(session.slot_minutes if session else self.plan.slot_minutes)
        self.gap.setValue(session.gap_minutes if session else self.plan.gap_minutes or 0)
        self.breaks.setText(breaks_text(session.breaks if session else DEFAULT_BREAKS))
        self.remove.setEnabled(session is not None and self.plan.may_plan())

    # -- writing ----------------------------------------------------------------------------------

    def save(self, every_day: bool) -> bool:
        try:
            breaks = parse_breaks(self.breaks.text())
        except ValueError as error:
            return self._refused(str(error))
        days = self.plan.days() if every_day else (self.current_day(),)
        gap = self.gap.value() if self.plan.gap_minutes is not None else 0
        sessions = [Session(day, _time(self.start.time()), _time(self.end.time()), self.slot.value(), breaks, gap)
                    for day in days if day is not None]
        try:
            for session in sessions:
                run_op(self.hub, lambda s=session: self.plan.save(s))
        except REFUSALS as error:
            return self._refused(self.plan.refusal(error))
        slots = len(build_slots(sessions[0])) if sessions else 0
        self.message.setStyleSheet("")
        self.message.setText(fill(self.tr("Saved: %1 slots a day. Solve the schedule again for the new hours."), slots))
        return True

    def remove_session(self) -> None:
        day = self.current_day()
        if day is None:
            return
        try:
            run_op(self.hub, lambda: self.plan.remove(day))
        except REFUSALS as error:
            self._refused(self.plan.refusal(error))

    def _refused(self, text: str) -> bool:
        self.message.setText(text)
        self.message.setStyleSheet("QLabel { color: #c5221f; }")
        return False


class SessionSection(SessionForm):
    """The consultation zone's hours, and its tables placed in the zone."""

    def __init__(self, hub: Hub, data: ZoneData, parent: QWidget | None = None) -> None:
        self.data = data
        super().__init__(hub, data.store, SessionPlan(
            days=lambda: data.setup.days, sessions=lambda: data.setup.sessions,
            save=lambda session: setup.set_session(data.store, session),
            remove=lambda day: setup.remove_session(data.store, day), may_plan=lambda: data.may_plan,
            title=QCoreApplication.translate("SessionSection", "Consultation hours, day by day"),
            none_text=QCoreApplication.translate("SessionSection", "no consultations"),
            remove_text=QCoreApplication.translate("SessionSection", "No consultations this day")), parent)
        self.column.addWidget(self._tables_box())
        self.column.addStretch(1)

    def _tables_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Tables in the consultation zone"))
        self.table_count = QSpinBox()
        self.table_count.setObjectName("tableCount")
        self.table_count.setRange(1, 200)
        self.table_count.setValue(20)
        self.place = self._button(self.tr("Place in the zone"), "placeTables", self.place_tables)
        self.tables_status = QLabel()
        self.tables_status.setObjectName("tablesStatus")
        self.tables_status.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Tables")))
        row.addWidget(self.table_count)
        row.addWidget(self.place)
        row.addStretch(1)
        layout = QVBoxLayout(box)
        layout.addLayout(row)
        layout.addWidget(self.tables_status)
        return box

    def refresh(self) -> None:
        super().refresh()
        self._show_tables()

    def zone(self) -> Zone | None:
        zone_id = setup.consultation_zone_id(self.store)
        return next((z for z in load_plan(self.store).zones if z.id == zone_id), None)

    def _show_tables(self) -> None:
        zone, tables = self.zone(), self.data.setup.tables
        if tables:
            self.table_count.setValue(len(tables))
        if zone is None:
            self._say_tables(self.tr("The floor plan has no consultation zone. Draw one in the Floor plan workspace "
                                     "(zone kind: Consultation), then place the tables here."), bad=True)
            return
        name = zone.name if is_korean() or not zone.name_en else zone.name_en
        fits = capacity(zone.polygon)
        if tables:
            self._say_tables(fill(self.tr("%1 tables are placed in %2, numbered 1 to %1 in reading order (the zone "
                                          "holds up to %3)."), len(tables), name, fits))
        else:
            self._say_tables(fill(self.tr("No tables yet: %1 holds up to %2. Choose how many and place them."),
                                  name, fits), bad=True)

    def _say_tables(self, text: str, bad: bool = False) -> None:
        self.tables_status.setText(text)
        self.tables_status.setStyleSheet("QLabel { color: #c5221f; }" if bad else "")

    def place_tables(self) -> bool:
        zone, count = self.zone(), self.table_count.value()
        if zone is None:
            self._show_tables()
            return False
        fits = capacity(zone.polygon)
        if count > fits:
            self._say_tables(fill(self.tr("The consultation zone holds %1 tables at most, not %2: enlarge it on the "
                                          "floor plan or place fewer tables."), fits, count), bad=True)
            return False
        try:
            run_op(self.hub, lambda: setup.place_tables(self.store, count))
        except (ZoneTooSmall, *REFUSALS) as error:
            self._say_tables(refusal_text(error), bad=True)
            return False
        return True
