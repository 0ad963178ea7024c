"""Starting the window: the application object, the language, the event file, --screenshot."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import replace
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from expo_console.gui import settings
from expo_console.gui.hub import Hub
from expo_console.gui.i18n import install_language
from expo_console.gui.labels import error_text
from expo_console.gui.main_window import MainWindow
from expo_console.gui.sign_in import ensure_signed_in
from expo_console.gui.wheel_guard import install_wheel_guard
from expo_console.resources import resource
from expo_console.services.access import AccessDenied
from expo_console.services.desk import default_event_path, local_stamp
from expo_console.services.events import EventDetails, create_event, open_event_or_read_only
from expo_console.services.store import EventFileError, EventStore


def open_or_create_default(path: Path | None) -> EventStore:
    """The file asked for, or the per-user default event, filled with the demo when new."""
    stamp = local_stamp()
    if path is not None:
        return open_event_or_read_only(path, stamp)
    default = default_event_path()
    if default.exists() and default.stat().st_size > 0:
        return open_event_or_read_only(default, stamp)
    from expo_console.services.demo.event import create_demo_event, demo_start_for

    # yesterday played through the gates, today its second day: a demo badge scanned now is let in
    return create_demo_event(default, stamp, simulate_first_day=True, starts_on=demo_start_for(dt.date.today()))


class ConsoleApp:
    """Owns the window and the open event; swaps them on open, new event and language change."""

    def __init__(self, app: QApplication, args: argparse.Namespace) -> None:
        self.app = app
        self.args = args
        self.hub: Hub | None = None
        self.store: EventStore | None = None
        self.window: MainWindow | None = None
        self.reminded: set[Path] = set()  # the events whose organizer was reminded to purge (once a run)

    def show(self, store: EventStore, *, from_environment: bool = True) -> MainWindow | None:
        """The window on `store`, once someone signed in (None: they cancelled; the window
        before, if any, stays)."""
        if not ensure_signed_in(store, self.window, ask=not self.args.screenshot, from_environment=from_environment):
            if store is not self.store:
                store.close()
            return None
        old_window, old_store = self.window, self.store
        self.store = store
        settings.add_recent_file(store.path)
        # A hub per window: nothing broadcast for this event can reach a window being replaced.
        self.hub = Hub()
        window = MainWindow(store, self.hub, self.args.workspace)
        window.open_requested.connect(self.open_path)
        window.new_event_requested.connect(self.create)
        window.language_change_requested.connect(self.change_language)
        window.sign_out_requested.connect(self.sign_out)
        window.event_menu.purged.connect(self.rebuild)
        self.window = window
        window.show()
        if old_window is not None:
            old_window.close()
            old_window.deleteLater()
        if old_store is not None and old_store is not store:
            old_store.close()
        self.remind_to_purge(window)
        return window

    def remind_to_purge(self, window: MainWindow) -> None:
        """Once a run for each event, after an organizer signed in: its retention date has passed
        and personal data is left (not in a --screenshot run: nobody is there to answer)."""
        path = window.store.path.resolve()
        if self.args.screenshot or path in self.reminded:
            return
        if window.event_menu.remind_if_due() is not None:
            self.reminded.add(path)

    def rebuild(self) -> None:
        """The window built again on the same event and operator (after a purge: no view keeps
        the personal data it showed)."""
        if self.store is not None:
            self.show(self.store)

    def open_path(self, path: Path) -> None:
        try:
            self.show(open_event_or_read_only(path, local_stamp()))
        except EventFileError as error:
            QMessageBox.warning(self.window, QCoreApplication.translate("ConsoleApp", "Cannot open event"), str(error))

    def create(self, path: Path, details: EventDetails, organizer: tuple[str, str] | None = None) -> None:
        """A new event, with its first organizer signed in when the new-event dialog named them
        (else the sign-in dialog asks for one)."""
        try:
            self.show(create_event(path, details, local_stamp(), organizer=organizer))
        except (EventFileError, AccessDenied) as error:  # AccessDenied: an organizer the dialog let through
            QMessageBox.warning(self.window, QCoreApplication.translate("ConsoleApp", "Cannot create event"),
                                error_text(error))

    def sign_out(self) -> MainWindow | None:
        """Sign the operator out and ask who works next (never from the environment: that would
        sign the same operator back in). The window closes meanwhile; cancelled, it stays closed
        and the event with it: nobody is signed in at this desk."""
        store, window = self.store, self.window
        assert store is not None and window is not None
        store.stamp = replace(store.stamp, operator=local_stamp().operator, role=None)
        window.hide()
        shown = self.show(store, from_environment=False)
        if shown is None:
            window.close()
            store.close()
            self.window = self.store = None
        return shown

    def change_language(self, code: str) -> None:
        settings.set_language(code)
        install_language(code)
        assert self.store is not None
        self.show(self.store)


def _take_screenshot_when_ready(window: MainWindow, target: Path, app: QApplication) -> None:
    def shoot() -> None:
        app.processEvents()
        ok = window.grab().save(str(target), "PNG")
        app.exit(0 if ok else 1)

    def when_loaded() -> None:
        # One turn of the event loop lays out the filled list; grab() then paints the window.
        QTimer.singleShot(0, shoot)

    # the workspace on show decides when the window is worth a picture: its data must be in
    # (the check-in station has nothing to load; a desk without registration waits on the dashboard)
    current = window.tabs.currentWidget()
    shown = current if current in (window.dashboard, window.registration) else window.registration or window.dashboard
    if shown is window.dashboard and current is not window.dashboard:
        when_loaded()  # a hidden dashboard loads when first shown: the tab on show is the picture
    elif shown.is_loaded:
        when_loaded()
    else:
        shown.loaded.connect(when_loaded)
        QTimer.singleShot(60_000, shoot)  # whatever is on screen by then: a failed load must not hang


def explain_event_file_errors(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
    """sys.excepthook for the window: an event-file refusal that escaped a slot (a change on a
    read-only event, a lock held elsewhere, a full disk), or a service's refusal of the role (a
    control the window should not have offered), is shown in words, not lost on stderr."""
    if isinstance(error, EventFileError | AccessDenied) and QApplication.instance() is not None:
        QMessageBox.warning(QApplication.activeWindow(), "Expo Console", error_text(error))
        return
    sys.__excepthook__(kind, error, trace)


def apply_console_style(app: QApplication) -> None:
    """The console's style sheet (resources/styles/console.qss), when it is there."""
    style = resource("styles", "console.qss")
    if style.exists():
        app.setStyleSheet(style.read_text(encoding="utf-8"))


def run_gui(args: argparse.Namespace) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Expo Console")
    app.setOrganizationName("ExpoConsole")
    app.setWindowIcon(QIcon(str(resource("icons", "expo-console.svg"))))
    apply_console_style(app)
    install_wheel_guard(app)
    sys.excepthook = explain_event_file_errors
    language = args.lang or settings.language()
    install_language(language)
    try:
        store = open_or_create_default(args.db)
    except EventFileError as error:
        if args.screenshot:
            sys.stderr.write(f"expo-console: {error}\n")
            return 1
        QMessageBox.critical(None, "Expo Console", str(error))
        return 1
    console = ConsoleApp(app, args)
    window = console.show(store)
    if window is None:  # nobody signed in
        if args.screenshot:
            sys.stderr.write("expo-console: a screenshot needs an operator signed in: set EXPO_CONSOLE_OPERATOR and "
                             "EXPO_CONSOLE_PIN to an operator of the event.\n")
        return 1
    if args.screenshot:
        args.screenshot.parent.mkdir(parents=True, exist_ok=True)
        _take_screenshot_when_ready(window, args.screenshot, app)
    return app.exec()
