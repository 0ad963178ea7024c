"""The dashboard's *on air* board: the studio's broadcast now and the next one, each with a
countdown that ticks every second (to the end of the one on air, to the start of the next), and
the studio zone's occupancy beside them, taken from the dashboard's own figures.

The service (services/bookings/on_air.py) is read when the board is shown, when the bookings
change (hub.bookings_changed: a move, a no-show, a slot given to the waiting list, on this desk or
pulled from the hub) and when a broadcast begins or ends; each second between those only the
countdowns move. The clock is a callable, so a test sets the time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QHideEvent, QPainter, QPaintEvent, QShowEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QSizePolicy, QWidget

from expo_console.gui.hub import Hub
from expo_console.services.bookings.on_air import Broadcast, OnAir, on_air
from expo_console.services.store import EventStore
from expo_console.services.traffic.counting import event_zone
from expo_console.services.traffic.day import ZoneFigures

TICK_MS = 1000
Clock = Callable[[], dt.datetime]  # an aware moment


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def countdown(seconds: int) -> str:
    """12:34, or 1:02:03 from an hour on."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


class ElidedLabel(QLabel):
    """One line that gives way: cut with … where the pane is narrow (the whole text in its
    tooltip), so a long name never widens the dashboard."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(40)

    def setText(self, text: str) -> None:  # noqa: N802
        super().setText(text)
        self.setToolTip(text)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        rect = self.contentsRect()
        painter.setFont(self.font())
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, rect.width()))


def _label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return label


class OnAirBoard(QFrame):
    """Three lines under the zone table: what is on air (exhibitor, time, set) with the time left;
    its host, channel and products with the studio zone's figure; the next broadcast with the time
    until it starts."""

    def __init__(self, store: EventStore, hub: Hub, english: bool = True, clock: Clock = _utc_now,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("onAirBoard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.store, self.english, self.clock = store, english, clock
        self.zone = event_zone(store)
        self.board: OnAir | None = None
        self._zones: list[ZoneFigures] = []
        self._replayed_at = ""
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        hub.bookings_changed.connect(lambda _change: self.refresh())
        self._build()

    def _build(self) -> None:
        self.title = QLabel()
        self.title.setObjectName("onAirTitle")
        self.now_line = ElidedLabel("onAirNow")
        self.ends_in = _label("onAirCountdown")
        self.details = ElidedLabel("onAirDetails")
        self.occupancy = _label("onAirOccupancy")
        self.next_caption = QLabel()
        self.next_caption.setObjectName("onAirNextCaption")
        self.next_line = ElidedLabel("onAirNext")
        self.starts_in = _label("onAirNextCountdown")
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 4, 8, 4)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(1)
        for row, widgets in enumerate(((self.title, self.now_line, self.ends_in),
                                       (None, self.details, self.occupancy),
                                       (self.next_caption, self.next_line, self.starts_in))):
            for column, widget in enumerate(widgets):
                if widget is not None:
                    grid.addWidget(widget, row, column)
        grid.setColumnStretch(1, 1)

    # --- reading and ticking -------------------------------------------------------------------

    def now(self) -> dt.datetime:
        """The event's local time (naive) by the board's clock."""
        return self.clock().astimezone(self.zone).replace(tzinfo=None)

    def refresh(self) -> None:
        self.board = on_air(self.store, self.clock())
        self.setVisible(self.board.set_up)  # an event without a studio has no board
        self._paint()

    def tick(self) -> None:
        """Each second: the countdowns; a broadcast that began or ended reads the board again."""
        if self.board is None or self.board.changes_by(self.now()):
            self.refresh()
        else:
            self._paint_countdowns()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self.refresh()
        self.timer.start()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        super().hideEvent(event)
        self.timer.stop()  # a hidden board reads nothing; it reads again when shown

    # --- painting ------------------------------------------------------------------------------

    def _name(self, broadcast: Broadcast) -> str:
        return broadcast.exhibitor_en if self.english and broadcast.exhibitor_en else broadcast.exhibitor

    def _when_and_where(self, broadcast: Broadcast) -> str:
        place = broadcast.set_name or self.tr("Set %1").replace("%1", str(broadcast.set_number))
        return f"{broadcast.starts:%H:%M}–{broadcast.ends:%H:%M} · {place}"

    def _who_and_what(self, broadcast: Broadcast) -> str:
        parts = [self.tr("host %1").replace("%1", broadcast.host) if broadcast.host else "", broadcast.channel,
                 broadcast.products]
        return " · ".join(p for p in parts if p)

    def _paint(self) -> None:
        board = self.board
        if board is None:
            return
        current = board.current
        self.setProperty("onAir", current is not None)
        for widget in (self, self.title):  # the red frame and title are the style sheet's, by this property
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        self.title.setText(self.tr("● ON AIR") if current else self.tr("Studio"))
        if current is not None:
            others = len(board.on_air) - 1
            more = self.tr(" (+%n more on air)", "", others) if others else ""
            self.now_line.setText(f"{self._name(current)}{more} · {self._when_and_where(current)}")
            self.details.setText(self._who_and_what(current))
        else:
            self.now_line.setText(self.tr("Nothing on air") if board.broadcasts_today
                                  else self.tr("No broadcast booked today"))
            self.details.setText("")
        following = board.next
        self.next_caption.setText(self.tr("Next"))
        self.next_line.setText(" · ".join(p for p in (
            self._name(following), self._when_and_where(following), self._who_and_what(following)) if p)
            if following else self.tr("No more broadcasts today"))
        self._paint_countdowns()
        self._paint_occupancy()

    def _paint_countdowns(self) -> None:
        board = self.board
        if board is None:
            return
        now = self.now()
        to_end, to_next = board.seconds_to_end(now), board.seconds_to_next(now)
        self.ends_in.setText(self.tr("ends in %1").replace("%1", countdown(to_end)) if to_end is not None else "")
        self.starts_in.setText(self.tr("in %1").replace("%1", countdown(to_next)) if to_next is not None else "")

    def show_occupancy(self, zones: Sequence[ZoneFigures], replayed_at: str = "") -> None:
        """The dashboard's figures for its zones at the minute it shows: the studio zone's is shown,
        with that minute when it is not the live one (`replayed_at`, HH:MM)."""
        self._zones, self._replayed_at = list(zones), replayed_at
        self._paint_occupancy()

    def _paint_occupancy(self) -> None:
        zone_id = self.board.studio_zone_id if self.board else None
        figures = next((z for z in self._zones if z.id == zone_id), None)
        if figures is None:
            self.occupancy.setText("")
            return
        text = self.tr("Studio %1 inside").replace("%1", f"{figures.occupancy:,}")
        if figures.capacity:
            text = self.tr("Studio %1 / %2 (%3 %)").replace("%1", f"{figures.occupancy:,}").replace(
                "%2", f"{figures.capacity:,}").replace("%3", f"{round(100 * figures.ratio)}")
        self.occupancy.setText(f"{text} · {self._replayed_at}" if self._replayed_at else text)
        self.occupancy.setProperty("alarm", figures.capacity > 0 and figures.ratio >= 0.8)
        self.occupancy.style().unpolish(self.occupancy)
        self.occupancy.style().polish(self.occupancy)

    @property
    def studio_zone_id(self) -> str | None:
        return self.board.studio_zone_id if self.board else None
