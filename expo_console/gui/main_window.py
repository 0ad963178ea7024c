"""The main window: one tab per workspace, the File menu, language, and the status bar."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QWidget,
)

from expo_console import __version__
from expo_console.domain.access import Action
from expo_console.gui import file_dialogs, settings
from expo_console.gui.access_records.dialog import show_access_records
from expo_console.gui.badges.desk_printer import DeskPrinter
from expo_console.gui.bookings.workspace import BookingsWorkspace
from expo_console.gui.checkin.hub_gate import GateLinkStatus
from expo_console.gui.checkin.workspace import CheckinWorkspace
from expo_console.gui.consultations.workspace import ConsultationsWorkspace
from expo_console.gui.dashboard.workspace import DashboardWorkspace
from expo_console.gui.floorplan.workspace import FloorPlanWorkspace
from expo_console.gui.hub import Hub
from expo_console.gui.i18n import is_korean
from expo_console.gui.operators_dialog import OperatorsDialog
from expo_console.gui.ops import run_op
from expo_console.gui.personal_data.event_menu import EventMenu
from expo_console.gui.registration.workspace import RegistrationWorkspace
from expo_console.gui.role_view import permit, role_label
from expo_console.gui.sync.desk_sync import DeskSync
from expo_console.gui.window_place import place_window
from expo_console.services.access import allowed
from expo_console.services.badges import key_files
from expo_console.services.badges import keys as badge_keys
from expo_console.services.demo import simulation
from expo_console.services.desk import EVENT_SUFFIX
from expo_console.services.events import EventDetails, event_row
from expo_console.services.operators import MIN_PIN
from expo_console.services.store import EventStore
from expo_console.services.traffic.counting import event_zone


def event_filter() -> str:
    return QCoreApplication.translate("MainWindow", "Expo Console events (*.expo);;SQLite (*.sqlite *.db);;All files (*)")


class NewEventDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New event"))
        self.setMinimumWidth(460)  # the event's name whole, Korean or English
        self.name = QLineEdit()
        self.name_en = QLineEdit()
        self.venue = QLineEdit()
        self.hall = QLineEdit()
        today = QDate.currentDate()
        self.starts = QDateEdit(today)
        self.ends = QDateEdit(today.addDays(2))
        for edit in (self.starts, self.ends):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        form = QFormLayout(self)
        form.addRow(self.tr("Event name *"), self.name)
        form.addRow(self.tr("English name"), self.name_en)
        form.addRow(self.tr("First day"), self.starts)
        form.addRow(self.tr("Last day"), self.ends)
        form.addRow(self.tr("Venue"), self.venue)
        form.addRow(self.tr("Hall"), self.hall)
        # The event's first organizer (issue 21): they may do everything and make the other operators.
        self.organizer = QLineEdit()
        self.pin = QLineEdit()
        self.pin_again = QLineEdit()
        for edit in (self.pin, self.pin_again):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        # A person, not the host company (a tester typed the company's name, which became the
        # sign-in name and was printed on the certificate of destruction as who purged).
        self.organizer.setObjectName("firstOrganizer")
        self.organizer.setPlaceholderText(self.tr("a person's name, e.g. Kim Minjun"))
        self.organizer_hint = QLabel(self.tr("The person who runs this event at the console, not the organizing "
                                             "company: the name they type to sign in. They may do everything and "
                                             "add the other operators."))
        self.organizer_hint.setObjectName("firstOrganizerHint")
        self.organizer_hint.setWordWrap(True)
        form.addRow(self.tr("First organizer (sign-in name) *"), self.organizer)
        form.addRow("", self.organizer_hint)
        form.addRow(self.tr("Their PIN *"), self.pin)
        form.addRow(self.tr("PIN again *"), self.pin_again)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _accept(self) -> None:
        if not self.name.text().strip():
            QMessageBox.warning(self, self.tr("New event"), self.tr("Enter the event name."))
            return
        if self.ends.date() < self.starts.date():
            QMessageBox.warning(self, self.tr("New event"), self.tr("The last day is before the first day."))
            return
        problem = self._organizer_problem()
        if problem:
            QMessageBox.warning(self, self.tr("New event"), problem)
            return
        self.accept()

    def _organizer_problem(self) -> str:
        if not self.organizer.text().strip():
            return self.tr("Enter the name of the event's first organizer: they sign in with it.")
        if len(self.pin.text()) < MIN_PIN:
            return self.tr("The organizer's PIN has at least %1 characters. Choose a longer one.").replace(
                "%1", str(MIN_PIN))
        if self.pin.text() != self.pin_again.text():
            return self.tr("The two PINs differ: type the same PIN twice.")
        return ""

    def first_organizer(self) -> tuple[str, str]:
        return self.organizer.text().strip(), self.pin.text()

    def details(self) -> EventDetails:
        return EventDetails(name=self.name.text().strip(), name_en=self.name_en.text().strip(),
                            starts_on=self.starts.date().toString("yyyy-MM-dd"),
                            ends_on=self.ends.date().toString("yyyy-MM-dd"),
                            venue=self.venue.text().strip(), hall_name=self.hall.text().strip())


WINDOW_SWITCH_INTERVAL_S = 0.001


class MainWindow(QMainWindow):
    open_requested = Signal(Path)
    new_event_requested = Signal(Path, object, object)  # path, EventDetails, the first organizer (name, PIN)
    language_change_requested = Signal(str)
    sign_out_requested = Signal()

    def __init__(self, store: EventStore, hub: Hub, workspace: str | None = None) -> None:
        super().__init__()
        # Background threads run Python while the window paints (the hub's sync, an index rebuilt
        # after a pull): the window's thread gets the interpreter back within 1 ms of asking,
        # not CPython's 5 ms, which a few busy threads stretched into frames over 50 ms.
        sys.setswitchinterval(WINDOW_SWITCH_INTERVAL_S)
        self.setObjectName("mainWindow")
        self.store = store
        self.hub = hub
        event = event_row(store)
        title = f"{event['name']} — Expo Console"
        if event["is_demo"]:
            title = self.tr("[DEMO] ") + title
        if store.read_only:  # every change would be refused: say so before anyone tries
            title = self.tr("[READ-ONLY] ") + title
        self.setWindowTitle(title)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("workspaces")
        self.tabs.setDocumentMode(True)
        # Only the workspaces the signed-in role uses (issue 21): the services refuse the rest anyway,
        # and a gate desk is not handed the visitor list. The dashboard is for every role.
        self.floorplan: FloorPlanWorkspace | None = None
        self.registration: RegistrationWorkspace | None = None
        self.checkin: CheckinWorkspace | None = None
        self.consultations: ConsultationsWorkspace | None = None
        self.bookings: BookingsWorkspace | None = None
        if allowed(store, Action.CHANGE_SETTINGS):
            self.floorplan = FloorPlanWorkspace(store, hub)
            self.tabs.addTab(self.floorplan, self.tr("Floor plan"))
        # One badge printer for the window: the desk's printer, and the jobs it follows, whichever
        # workspace sent them.
        self.desk_printer = DeskPrinter(store, hub, parent=self)
        if allowed(store, Action.REGISTER) or allowed(store, Action.EDIT_VISITOR):
            self.registration = RegistrationWorkspace(store, hub, printer=self.desk_printer)
            self.tabs.addTab(self.registration, self.tr("Registration && badges"))
        if allowed(store, Action.SCAN):
            self.checkin = CheckinWorkspace(store, hub, korean=is_korean(), printer=self.desk_printer)
            self.tabs.addTab(self.checkin, self.tr("Check-in"))
        # issue 17: every role reads the consultation results; planning and the day's board are the
        # workspace's pages for the roles that do them
        self.consultations = ConsultationsWorkspace(store, hub)
        self.tabs.addTab(self.consultations, self.tr("Consultations"))
        # issue 18: the studio's broadcasts and the photo shoots, results read by every role
        self.bookings = BookingsWorkspace(store, hub)
        self.tabs.addTab(self.bookings, self.tr("Studio && photos"))
        self.dashboard = DashboardWorkspace(store, hub, english=not is_korean())
        self.tabs.addTab(self.dashboard, self.tr("Dashboard"))
        shown: dict[str, QWidget | None] = {"floorplan": self.floorplan, "registration": self.registration,
                                            "checkin": self.checkin, "consultations": self.consultations,
                                            "bookings": self.bookings, "dashboard": self.dashboard}
        self.workspaces: dict[str, QWidget] = {name: widget for name, widget in shown.items() if widget is not None}
        self.setCentralWidget(self.tabs)
        # the desk's daily work is registration; the floor plan is a planning tool opened on purpose
        # (a desk without it opens on its own work: the gate on check-in, a viewer on the dashboard)
        daily_work = self.registration or self.checkin or self.dashboard
        self.tabs.setCurrentWidget(self.workspaces.get(workspace or "", daily_work))
        # the event hub: the sync runs while the window shows this file, its state in the status bar
        self.sync = DeskSync(self, store, hub)
        self.sync.open_requested.connect(self.open_requested)
        self.statusBar().addPermanentWidget(self.sync.status)
        # the gate's own line to the hub: it decides there, or offline at this desk (issue 16)
        # (only at a desk whose role checks badges in: the station is not built otherwise)
        self.gate_status = GateLinkStatus(event_zone(store))
        if self.checkin is not None:
            self.gate_status.show_link(self.checkin.hub_link.state)
            self.checkin.hub_link.changed.connect(self.gate_status.show_link)
            self.gate_status.follow_sync(self.sync.runner.state)
            self.sync.runner.state_changed.connect(self.gate_status.follow_sync)
            self.sync.connector.linked.connect(self.checkin.relink_hub)
            self.statusBar().addPermanentWidget(self.gate_status)
        self._build_menus()
        # who works here, always in sight: the window shows what their role may do
        self.operator_label = QLabel(f"{store.stamp.operator} · {role_label(store.stamp.role)}")
        self.operator_label.setObjectName("operatorLabel")
        self.statusBar().addPermanentWidget(self.operator_label)
        desk = self.tr("Desk %1").replace("%1", store.stamp.desk_id)
        self.statusBar().showMessage(f"{desk} · {store.path}")
        hub.status_message_requested.connect(lambda text: self.statusBar().showMessage(text, 8000))
        place_window(self, settings.window_geometry())  # within the screen: the status bar in sight

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        file_menu.setToolTipsVisible(True)  # a disabled action says why
        self._add(file_menu, self.tr("&New event…"), QKeySequence("Ctrl+Shift+N"), self.new_event)
        self._add(file_menu, self.tr("&Open…"), QKeySequence.StandardKey.Open, self.open_event)
        recent = file_menu.addMenu(self.tr("Open &recent"))
        recent.setObjectName("recentFiles")
        for path in settings.recent_files():
            action = recent.addAction(path)
            action.triggered.connect(lambda _checked=False, p=path: self.open_requested.emit(Path(p)))
        recent.setEnabled(bool(recent.actions()))
        file_menu.addSeparator()
        # What the role may not do stays in the menu, disabled, its tooltip saying why: a desk
        # learns that it exists and whom to ask.
        self.hub_action = self._add(file_menu, self.tr("Connect to &hub…"), None, self.sync.connect_to_hub)
        self.desks_action = self._add(file_menu, self.tr("&Desks…"), None, self.sync.show_desks)
        file_menu.addSeparator()
        self.import_key_action = self._add(file_menu, self.tr("Import badge &key…"), None, self.import_badge_key)
        self.export_key_action = self._add(file_menu, self.tr("&Export badge key…"), None, self.export_badge_key)
        for action in (self.hub_action, self.desks_action, self.import_key_action, self.export_key_action):
            permit(action, self.store, Action.HUB)
        file_menu.addSeparator()
        self.remove_simulated_action = self._add(file_menu, self.tr("Remove &simulated visitors…"), None,
                                                 self.remove_simulated_visitors)
        self.remove_simulated_action.setEnabled(not self.store.read_only)
        permit(self.remove_simulated_action, self.store, Action.DELETE_VISITOR)
        # the access records and their daily check: an organizer's (issue 21)
        self.access_records_action = self._add(file_menu, self.tr("&Access records…"), None, self.show_access_records)
        permit(self.access_records_action, self.store, Action.VIEW_AUDIT)
        file_menu.addSeparator()
        self.sign_out_action = self._add(file_menu, self.tr("Sign &out / switch operator…"),
                                         QKeySequence("Ctrl+Shift+L"),  # Ctrl+L locks the floor plan's layout
                                         self.sign_out_requested.emit)
        file_menu.addSeparator()
        self._add(file_menu, self.tr("&Quit"), QKeySequence.StandardKey.Quit, self.close)

        event_menu = self.menuBar().addMenu(self.tr("&Event"))
        event_menu.setToolTipsVisible(True)
        self.operators_action = self._add(event_menu, self.tr("&Operators…"), QKeySequence("Ctrl+Shift+M"),
                                          self.manage_operators)
        self.operators_action.setObjectName("operatorsAction")
        permit(self.operators_action, self.store, Action.MANAGE_OPERATORS)
        event_menu.addSeparator()
        # the visitors' personal data after the event: its retention period and the purge (issue 21)
        self.event_menu = EventMenu(self, self.store, self.hub, event_menu)

        settings_menu = self.menuBar().addMenu(self.tr("&Settings"))
        language = settings_menu.addMenu(self.tr("&Language"))
        for code, label in (("ko", "한국어"), ("en", "English")):
            action = language.addAction(label)
            action.setCheckable(True)
            action.setChecked(settings.language() == code)
            action.triggered.connect(lambda _checked=False, c=code: self.language_change_requested.emit(c))

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self._add(help_menu, self.tr("&About Expo Console"), None, self.about)

    def _add(self, menu, text: str, shortcut, slot) -> QAction:  # type: ignore[no-untyped-def]
        action = menu.addAction(text)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def open_event(self) -> None:
        path = file_dialogs.open_file(self, self.tr("Open event"), event_filter(), kind="event",
                                      folder=self.store.path.parent, for_sqlite=True)
        if path:
            self.open_requested.emit(Path(path))

    def new_event(self) -> None:
        dialog = NewEventDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        details = dialog.details()
        suggested = str(self.store.path.parent / f"{details.name_en or details.name}{EVENT_SUFFIX}")
        path = file_dialogs.save_file(self, self.tr("Save new event as"), event_filter(), suggested, kind="event",
                                      folder=self.store.path.parent)
        if path:
            if "." not in path.name:
                path = path.with_name(path.name + EVENT_SUFFIX)
            self.new_event_requested.emit(path, details, dialog.first_organizer())

    def import_badge_key(self, path: str | None = None) -> bool:
        """Take the event's badge key from a file exported on another desk."""
        if not path:
            path = file_dialogs.open_file(self, self.tr("Import badge key"),
                                          self.tr("Badge key files (*.json *.key);;All files (*)"), kind="key")
        if not path:
            return False
        try:
            key_files.import_event_key(self.store, Path(path))
        except badge_keys.MissingKey as error:
            QMessageBox.warning(self, self.tr("Badge key not imported"), str(error))
            return False
        self.statusBar().showMessage(self.tr("Badge key imported: this desk can print and check badges."), 8000)
        if self.registration is not None:
            self.registration.badge_panel.show_visitor(self.registration.badge_panel.visitor_id)
        return True

    def export_badge_key(self, path: str | None = None) -> bool:
        """Write the key for another desk; it signs badges, so carry it on trusted media only."""
        if not path:
            path = file_dialogs.save_file(self, self.tr("Export badge key"), self.tr("Badge key files (*.json)"),
                                          "event-badge-key.json", kind="key", event_file=self.store.path)
        if not path:
            return False
        try:
            key_files.export_event_key(self.store, Path(path))
        except badge_keys.MissingKey as error:
            QMessageBox.warning(self, self.tr("Badge key not exported"), str(error))
            return False
        self.statusBar().showMessage(self.tr("Badge key exported. Keep the file safe: it can sign badges."), 8000)
        return True

    def remove_simulated_visitors(self) -> int:
        """Delete the visitors simulated days made up, after asking: the demo's way back to its list."""
        title = self.tr("Remove simulated visitors")
        count = simulation.simulated_visitors(self.store)
        if not count:
            QMessageBox.information(self, title, self.tr("This event has no simulated visitors."))
            return 0
        answer = QMessageBox.question(
            self, title,
            self.tr("Delete the %1 visitors that simulated days made up, and their badges? Their scans stay as "
                    "the days' anonymous traffic, so the dashboard and the reports keep their figures. The "
                    "deletion is logged.").replace("%1", f"{count:,}"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return 0
        removed, _change = run_op(self.hub, lambda: simulation.remove_simulated_visitors(self.store))
        self.statusBar().showMessage(self.tr("%1 simulated visitors removed.").replace("%1", f"{removed:,}"), 8000)
        return removed

    def manage_operators(self) -> OperatorsDialog:
        """Event ▸ Operators…: who signs in here and with which role; read again after a pull."""
        dialog = OperatorsDialog(self.store, self.sync.runner.round_done, self)
        dialog.open()
        return dialog

    def show_access_records(self) -> None:
        self.access_records_dialog = show_access_records(self, self.store, self.hub,
                                                         getattr(self, "access_records_dialog", None))

    def about(self) -> None:
        QMessageBox.about(self, self.tr("About Expo Console"),
                          self.tr("Expo Console %1\nThe on-site console for trade expos.").replace("%1", __version__))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        settings.set_window_geometry(bytes(self.saveGeometry()))
        self.dashboard.stop()  # its timer must not read the event after the window lets it go
        self.sync.stop()  # nor may the sync start another round on a file the window let go
        if self.checkin is not None:
            self.checkin.stop()  # the gate's line to the hub: its probe and connection end with the window
        # The window's views read its file, which is closed next when another file is opened: a
        # change that still arrives on this window's hub (a sync round that ended meanwhile) must
        # reach none of them. Nothing else listens to it: every window has a hub of its own.
        self.hub.blockSignals(True)
        super().closeEvent(event)

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        if event.key() == Qt.Key.Key_Escape and self.registration is not None and self.registration.search.hasFocus():
            self.registration.search.clear()
            return
        super().keyPressEvent(event)
