"""The check-in station: a gate monitor that takes scans and shows each verdict at once.

The scan is decided and committed by services.checkin before anything is painted: a green panel
means the scan is on disk. The scan field has the focus whenever the window is active, except while
the operator edits a set-up field they clicked; a USB scanner's code never lands there (see
focus_keeper).
"""

from __future__ import annotations

import datetime as dt
import statistics
import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from expo_console.domain.access import Action
from expo_console.gui import settings
from expo_console.gui.badges.desk_printer import DeskPrinter
from expo_console.gui.checkin.camera import FrameScanner, multimedia_available
from expo_console.gui.checkin.focus_keeper import ScanFocusKeeper
from expo_console.gui.checkin.gate_rules_dialog import GateRulesDialog, rule_summary
from expo_console.gui.checkin.hub_gate import GateLinkWatch
from expo_console.gui.checkin.meeting_card import MeetingCard
from expo_console.gui.checkin.recent_scans_model import (
    COL_CLASS,
    COL_COMPANY,
    COL_NAME,
    COL_TIME,
    COL_VERDICT,
    RecentScansModel,
)
from expo_console.gui.checkin.scan_field import ScanField
from expo_console.gui.checkin.sounds import VerdictSounds
from expo_console.gui.checkin.station_actions import StationActions
from expo_console.gui.hub import Hub
from expo_console.gui.labels import class_label
from expo_console.gui.ops import run_op
from expo_console.gui.role_view import permit
from expo_console.services.badges.codes import badge_record
from expo_console.services.badges.keys import MissingKey
from expo_console.services.checkin import hub_admission
from expo_console.services.checkin.gates import (
    GateNotFound,
    admission_rule,
    gate_counts,
    list_gates,
    set_admission_rule,
)
from expo_console.services.checkin.hub_admission import VIA_OFFLINE
from expo_console.services.checkin.scanning import ScanContext, ScanResult, Station, scan
from expo_console.services.store import EventStore, parse_utc_stamp

_PANEL = {"green": ("#1e7d32", "#ffffff"), "amber": ("#f2a900", "#1a1a1a"), "red": ("#c62828", "#ffffff"),
          "idle": ("#eceff1", "#37474f")}
STATION_STYLE = """
QLabel#verdictText { font-size: 40pt; font-weight: bold; }
QLabel#verdictPerson { font-size: 22pt; }
QLabel#verdictAction { font-size: 15pt; }
QLineEdit#scanField { font-size: 18pt; padding: 4px; }
"""


class CheckinWorkspace(StationActions, QWidget):
    verdict_shown = Signal(object)  # ScanResult, after it was painted

    def __init__(self, store: EventStore, hub: Hub, korean: bool = True, parent: QWidget | None = None,
                 printer: DeskPrinter | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checkinWorkspace")
        self.store, self.hub, self.korean = store, hub, korean
        # The desk's badge printer (the window's, shared with the registration desk).
        self.printer = printer if printer is not None else DeskPrinter(store, hub, parent=self)
        self.printer.jobs_ended.connect(self._on_print_jobs_ended)
        self.context: ScanContext | None = None
        # A file on a hub: admissions decided there while it answers (one line to the hub for the
        # station, whichever gate it is set to), offline on the file when it does not. The watch
        # tells the status bar which it is.
        self.hub_admissions: hub_admission.HubAdmissions | None = None
        self.hub_link = GateLinkWatch(self)
        self._link_hub()
        self.current_direction = "in"
        self._scan_times: list[float] = []
        self._last_scan: dt.datetime | None = None
        self._build()
        hub.gates_changed.connect(self._on_gates_changed)
        self._restore_setup()
        self.focus_keeper = ScanFocusKeeper(self, self.scan_field, (self.station_name,))
        self.focus_keeper.burst_caught.connect(lambda code: self.handle_scan(code, False))
        # Counters include other stations' scans: refreshed on a timer, never on a scan's path.
        self._counter_timer = QTimer(self)
        self._counter_timer.timeout.connect(self._update_counters)
        self._counter_timer.start(2000)
        self._counter_soon = QTimer(self)  # after a scan: once the verdict is painted
        self._counter_soon.setSingleShot(True)
        self._counter_soon.setInterval(300)
        self._counter_soon.timeout.connect(self._update_counters)

    # -- layout ---------------------------------------------------------------------------------

    def _build(self) -> None:
        self.station_name = QLineEdit()
        self.station_name.setObjectName("stationName")
        self.gate_box = QComboBox()
        self.gate_box.setObjectName("gateBox")
        for gate in list_gates(self.store):
            self.gate_box.addItem(f"{gate['name']} ({gate['name_en']})", gate["id"])
        self.direction_box = QComboBox()
        for code, label in (("in", self.tr("Entry")), ("out", self.tr("Exit")), ("both", self.tr("Both (F2 switches)"))):
            self.direction_box.addItem(label, code)
        # Who scans is who signed in (every scan records them), not a name typed here: shown, not
        # edited; File ▸ Sign out switches operator.
        self.operator = QLineEdit(self.store.stamp.operator)
        self.operator.setObjectName("stationOperator")
        self.operator.setReadOnly(True)
        self.operator.setToolTip(self.tr("The signed-in operator, recorded with every scan. To switch, use File ▸ "
                                         "Sign out (Ctrl+Shift+L)."))
        self.rule_box = QComboBox()
        self.rule_box.setObjectName("admissionRule")
        for code, label in (("after_exit", self.tr("Again only after an exit")),
                            ("once_per_day", self.tr("Once per day")), ("free", self.tr("Any number of entries"))):
            self.rule_box.addItem(label, code)
        self.rule_box.setCurrentIndex(max(0, self.rule_box.findData(admission_rule(self.store))))
        self.rule_box.activated.connect(self._on_rule_chosen)
        permit(self.rule_box, self.store, Action.CHANGE_SETTINGS)  # every desk's rule: an organizer's choice
        self.station_name.editingFinished.connect(self._on_setup_changed)
        for combo in (self.gate_box, self.direction_box):
            combo.currentIndexChanged.connect(self._on_setup_changed)
        # Set-up fields take the focus only when clicked: a scanner must never type into them.
        for widget in (self.station_name, self.gate_box, self.direction_box, self.rule_box):
            widget.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.operator.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        setup = QHBoxLayout()
        for label, widget in ((self.tr("Station"), self.station_name), (self.tr("Gate"), self.gate_box),
                              (self.tr("Direction"), self.direction_box), (self.tr("Operator"), self.operator),
                              (self.tr("Hall entry"), self.rule_box)):
            setup.addWidget(QLabel(label))
            setup.addWidget(widget, 1)
        self.rules_button = QPushButton(self.tr("Gate rules…"))
        self.rules_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the scanner's keys stay in the scan field
        self.rules_button.clicked.connect(self.edit_gate_rules)
        permit(self.rules_button, self.store, Action.CHANGE_SETTINGS)  # a gate operator sees the rule, not edits it
        setup.addWidget(self.rules_button)

        self.scan_field = ScanField()
        self.scan_field.setPlaceholderText(self.tr("Scan a badge (or type its code and press Enter)"))
        self.scan_field.scanned.connect(self.handle_scan)

        self.panel = QFrame()
        self.panel.setObjectName("verdictPanel")
        self.panel.setMinimumHeight(230)
        self.verdict_label = QLabel()
        self.verdict_label.setObjectName("verdictText")
        self.verdict_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.person_label = QLabel()
        self.person_label.setObjectName("verdictPerson")
        self.person_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.action_label = QLabel()
        self.action_label.setObjectName("verdictAction")
        self.action_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.action_label.setWordWrap(True)
        # Sizes come from the style sheet (resources/styles/console.qss): an application style
        # sheet overrides setFont, and a gate monitor must be readable from across the queue.
        panel_layout = QVBoxLayout(self.panel)
        for label in (self.verdict_label, self.person_label, self.action_label):
            panel_layout.addWidget(label)
        self.meeting_card = MeetingCard()  # at the consultation zone's gate: the buyer's next meeting
        panel_layout.addWidget(self.meeting_card)

        self.rule_label = QLabel()  # who this gate lets in, when, how often: what staff enforce
        self.rule_label.setObjectName("gateRule")
        self.rule_label.setWordWrap(True)
        self.counter_admitted = QLabel()
        self.counter_inside = QLabel()
        self.counter_pace = QLabel()
        self.direction_now = QLabel()
        counters = QGridLayout()
        for row, (title, label) in enumerate(((self.tr("Admitted today at this gate"), self.counter_admitted),
                                              (self.tr("Inside now"), self.counter_inside),
                                              (self.tr("Pace"), self.counter_pace),
                                              (self.tr("Scanning"), self.direction_now))):
            counters.addWidget(QLabel(title), row, 0)
            label.setObjectName(f"counter{row}")
            counters.addWidget(label, row, 1)

        self.recent = RecentScansModel(self.korean, self)
        self.recent_view = QTableView()
        self.recent_view.setModel(self.recent)
        self.recent_view.verticalHeader().hide()
        header = self.recent_view.horizontalHeader()
        for column in (COL_VERDICT, COL_NAME, COL_COMPANY):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        for column, width in ((COL_TIME, 90), (COL_CLASS, 130)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            self.recent_view.setColumnWidth(column, width)
        self.recent_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        middle = QHBoxLayout()
        middle.addWidget(self.panel, 3)
        side = QVBoxLayout()
        side.addWidget(self.rule_label)
        side.addLayout(counters)
        side.addStretch(1)
        middle.addLayout(side, 1)
        self._side = side
        layout = QVBoxLayout(self)
        layout.addLayout(setup)
        layout.addWidget(self.scan_field)
        layout.addLayout(middle, 2)
        layout.addWidget(self.recent_view, 1)
        QShortcut(QKeySequence(Qt.Key.Key_F2), self, self.toggle_direction,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence(Qt.Key.Key_F11), self, self.toggle_full_screen,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.find_button = QPushButton(self.tr("Find visitor without badge… (Ctrl+F)"))
        self.find_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.find_button.clicked.connect(self.find_and_admit)
        self.undo_button = QPushButton(self.tr("Undo last scan… (Ctrl+Z)"))
        self.undo_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.undo_button.setEnabled(False)
        self.undo_button.clicked.connect(self.annul_last)
        self.override_button = QPushButton(self.tr("Supervisor override… (Ctrl+Shift+O)"))
        self.override_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.override_button.setEnabled(False)
        self.override_button.clicked.connect(self.override_last)
        self.print_button = QPushButton(self.tr("Print badge (Ctrl+P)"))
        self.print_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.print_button.setEnabled(False)
        self.print_button.clicked.connect(self.print_last_badge)
        # a gate desk without the registration desk's right to print: offered never, saying why
        self.may_print = permit(self.print_button, self.store, Action.PRINT_BADGES)
        self.sounds = VerdictSounds(self)
        self.frame_scanner = FrameScanner(self)
        self.frame_scanner.code_read.connect(lambda code: self.handle_scan(code, False))
        self.camera = None
        self.camera_button = QPushButton(self.tr("Camera"))
        self.camera_button.setCheckable(True)
        self.camera_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.camera_button.toggled.connect(self.toggle_camera)
        if not multimedia_available():
            self.camera_button.setEnabled(False)
            self.camera_button.setToolTip(self.tr("Camera scanning needs the optional camera extra "
                                                  "(pip install expo-console[camera])."))
        for button in (self.find_button, self.undo_button, self.override_button, self.print_button,
                       self.camera_button):
            side.addWidget(button)
        # Not Ctrl+O: that is File ▸ Open, and a key bound twice fires neither (Qt's ambiguous shortcut).
        for keys, slot in (("Ctrl+F", self.find_and_admit), ("Ctrl+Shift+O", self.override_last),
                           ("Ctrl+P", self.print_last_badge), ("Ctrl+Z", self.annul_last)):
            QShortcut(QKeySequence(keys), self, slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.last_result: ScanResult | None = None
        self.setStyleSheet(STATION_STYLE)  # also when the application has no style sheet of its own
        self._paint_panel("idle", self.tr("Ready"), "", self.tr("Scan a badge."))

    # -- the hub's line ---------------------------------------------------------------------------

    def _link_hub(self) -> None:
        admissions = hub_admission.for_store(self.store) if not self.store.read_only else None
        self.hub_admissions = admissions
        # one line to the hub whatever the station is set to: it outlives the contexts made for it,
        # and is closed with the station (stop) or when the desk is linked to the hub anew
        self.destroyed.connect(lambda _object=None: admissions.close() if admissions is not None else None)
        self.hub_link.follow(admissions)
        if self.context is not None:
            self.context.hub = admissions

    def relink_hub(self, _dsn: str = "") -> None:
        """The desk was told the hub's address (File ▸ Connect to hub… on a file already on it):
        the station decides there from its next scan, on a line of its own."""
        if self.hub_admissions is not None:
            self.hub_admissions.close()
        self._link_hub()

    def stop(self) -> None:
        """The window closes or shows another file: the line to the hub is closed (its probe
        stops asking, its connection goes), and no timer reads the file any more."""
        self.hub_link.stop()
        if self.hub_admissions is not None:
            self.hub_admissions.close()
        for timer in (self._counter_timer, self._counter_soon):
            timer.stop()

    # -- set-up ---------------------------------------------------------------------------------

    def _restore_setup(self) -> None:
        default = settings.StationSetup(f"gate-{self.store.stamp.desk_id}", "", "in", self.store.stamp.operator)
        setup = settings.station_setup(default)
        self.station_name.setText(setup.station)
        self.gate_box.setCurrentIndex(max(0, self.gate_box.findData(setup.gate)))
        self.direction_box.setCurrentIndex(max(0, self.direction_box.findData(setup.direction)))
        self._on_setup_changed()

    def _on_setup_changed(self) -> None:
        settings.set_station_setup(settings.StationSetup(self.station_name.text(), str(self.gate_box.currentData() or ""),
                                                         str(self.direction_box.currentData()), self.store.stamp.operator))
        mode = self.direction_box.currentData()
        self.current_direction = "out" if mode == "out" else "in"
        self._make_context()
        if self.isVisible():
            self.scan_field.setFocus()

    def _make_context(self) -> None:
        gate_id = self.gate_box.currentData()
        if gate_id is None:
            self.context = None
            return
        try:
            self.context = ScanContext(self.store, Station(self.station_name.text() or "station", gate_id,
                                                           self.current_direction))
            self.context.hub = self.hub_admissions
        except (MissingKey, GateNotFound) as problem:
            self.context = None
            self._paint_panel("red", self.tr("Cannot check badges"), "", str(problem))
        self._show_rule()
        self._update_counters()

    def _show_rule(self) -> None:
        gate_id = self.gate_box.currentData()
        rule = next((g["rule"] for g in list_gates(self.store) if g["id"] == gate_id), None)
        self.rule_label.setText(rule_summary(rule) if rule else "")

    def _on_gates_changed(self, _change: object) -> None:
        """A rule changed here or in a dialog: show it (each scan reads it afresh anyway)."""
        self.rule_box.setCurrentIndex(max(0, self.rule_box.findData(admission_rule(self.store))))
        self._make_context()

    def edit_gate_rules(self) -> GateRulesDialog:
        dialog = GateRulesDialog(self.store, self.hub, self, target=self.gate_box.currentData())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self.scan_field.setFocus())
        dialog.open()
        return dialog

    def _on_rule_chosen(self) -> None:
        """The hall's admission rule belongs to the event (every desk follows it): confirm first."""
        chosen = self.rule_box.currentData()
        if chosen == admission_rule(self.store):
            return
        answer = QMessageBox.question(self, self.tr("Admission rule"),
                                      self.tr("Change the hall's admission rule for every desk of this event?"))
        if answer != QMessageBox.StandardButton.Yes:
            self.rule_box.setCurrentIndex(self.rule_box.findData(admission_rule(self.store)))
            return
        run_op(self.hub, lambda: set_admission_rule(self.store, chosen))

    def toggle_direction(self) -> None:
        if self.direction_box.currentData() == "both":
            self.current_direction = "out" if self.current_direction == "in" else "in"
            self._make_context()

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        super().showEvent(event)
        self.scan_field.setFocus()

    # -- scanning -------------------------------------------------------------------------------

    def handle_scan(self, text: str, manual: bool = False) -> list[ScanResult]:
        if self.context is None:
            self._make_context()
            if self.context is None:
                return []
        context = self.context
        results = run_op(self.hub, lambda: scan(context, text, manual=manual))
        for result in results:
            self._show(result)
        return results

    def _show(self, result: ScanResult) -> None:
        ko, en, action_ko, action_en = result.texts()  # the gate's hours, who it is for … named
        visitor = result.visitor or {}
        person = " · ".join(p for p in (visitor.get("name") or visitor.get("name_en"), visitor.get("company"),
                                        class_label(visitor["visitor_class"]) if visitor.get("visitor_class") else "")
                            if p)
        action = action_ko if self.korean else action_en
        if result.first_admitted_at:
            first = parse_utc_stamp(result.first_admitted_at)
            local = first.astimezone(self.context.zone if self.context else dt.UTC).strftime("%H:%M")
            # which gate, station and desk let them in first, whichever machine it was
            where = " · ".join(p for p in (result.first_gate, result.first_station) if p)
            if result.first_desk and result.first_desk != self.store.stamp.desk_id:
                where += " " + self.tr("(desk %1)").replace("%1", result.first_desk)
            action = self.tr("First admitted %1 at %2.").replace("%1", local).replace("%2", where) + "  " + action
        if result.manual:
            action = self.tr("Typed by hand, not scanned.") + "  " + action
        if result.via == VIA_OFFLINE:  # the hub did not answer in time: this desk decided alone
            action = self.tr("Offline: decided at this desk; the hub hears of it later.") + "  " + action
        self._paint_panel(result.light, ko if self.korean else en, person, action)
        self.meeting_card.show_visit(result.zone, self.korean)
        self.sounds.play(result.light)
        self._last_scan = parse_utc_stamp(result.scanned_at)
        zone = self.context.zone if self.context else dt.UTC
        self.recent.add(self._last_scan.astimezone(zone).strftime("%H:%M:%S"), result)
        self.last_result = result
        self.override_button.setEnabled(result.visitor_id is not None and result.light != "green")
        self.undo_button.setEnabled(self.recent.last_live() is not None)
        if result.scan_id is not None:
            self._scan_times.append(time.monotonic())
        self._update_pace()
        self.panel.repaint()  # painted before the next scan is read
        badge = badge_record(self.store, result.visitor_id) if result.visitor_id else None
        self.print_button.setEnabled(self.may_print and result.visitor_id is not None
                                     and (badge is None or badge.printed_at is None))
        self._counter_soon.start()
        self.hub_link.check()  # an offline verdict: the status bar says so with it
        self.verdict_shown.emit(result)

    def _paint_panel(self, light: str, verdict: str, person: str, action: str) -> None:
        background, foreground = _PANEL[light]
        self.panel.setProperty("light", light)
        self.panel.setStyleSheet(f"QFrame#verdictPanel {{ background: {background}; border-radius: 10px; }}"
                                 f" QLabel {{ color: {foreground}; }}")
        self.verdict_label.setText(verdict)
        self.person_label.setText(person)
        self.action_label.setText(action)
        self.meeting_card.clear()

    def _update_counters(self) -> None:
        direction = self.tr("Entry") if self.current_direction == "in" else self.tr("Exit")
        self.direction_now.setText(direction)
        if self.context is None:
            return
        zone = self.context.zone
        # The day of the last scan shown (today at a live gate; the rehearsed day in a replay).
        day = (self._last_scan or dt.datetime.now(dt.UTC)).astimezone(zone).date()
        day_start = dt.datetime.combine(day, dt.time(), zone).astimezone(dt.UTC)
        since = day_start.isoformat(timespec="milliseconds").replace("+00:00", "Z")
        # Inside the zone of a zone gate, or inside the hall for a hall gate: entries minus exits today.
        counts = gate_counts(self.store, self.context.gate.id, since)
        if counts is None:  # the event file was closed (another event was opened)
            self._counter_timer.stop()
            self._counter_soon.stop()
            return
        self.counter_admitted.setText(f"{counts.admitted:,}")
        self.counter_inside.setText(f"{counts.inside:,}")
        self._update_pace()

    def _update_pace(self) -> None:
        recent = [t for t in self._scan_times if time.monotonic() - t <= 300]
        last = self._scan_times[-21:]
        gaps = [b - a for a, b in zip(last, last[1:], strict=False)]
        pace = self.tr("%1 scans/min · %2 s between scans").replace("%1", f"{len(recent) / 5:.1f}") \
            .replace("%2", f"{statistics.median(gaps):.1f}" if gaps else "–")
        self.counter_pace.setText(pace)

