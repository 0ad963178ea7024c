"""What a station does besides scanning: admit by name, supervisor override, print, full screen.

A mixin of CheckinWorkspace (kept apart so that each module stays small); it uses the
workspace's store, context, last result and verdict panel.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QInputDialog

from expo_console.gui.badges.printer import QtBadgePrinter
from expo_console.gui.checkin.find_dialog import FindVisitorDialog
from expo_console.gui.labels import error_text
from expo_console.services.badge_keys import MissingKey
from expo_console.services.badge_print.fonts import KoreanFontMissing
from expo_console.services.badge_print.printing import prepare_print, record_print
from expo_console.services.badge_print.templates import TemplateError, load_template
from expo_console.services.badges import BadgeError, badge_record
from expo_console.services.checkin import ScanResult, admit_by_hand


class StationActions:
    store: Any
    context: Any
    last_result: ScanResult | None
    printer: Any
    camera: Any
    frame_scanner: Any

    def toggle_full_screen(self) -> None:
        window = self.window()
        window.showNormal() if window.isFullScreen() else window.showFullScreen()

    def toggle_camera(self, on: bool) -> None:  # pragma: no cover - needs PySide6-Addons and a camera
        """Scan with the desk's camera: frames go to the FrameScanner, codes to handle_scan."""
        from expo_console.gui.checkin.camera import CameraSource

        if on and self.camera is None:
            self.camera = CameraSource(self.frame_scanner, self)
        if self.camera is not None:
            self.camera.start() if on else self.camera.stop()

    def find_and_admit(self) -> ScanResult | None:
        """A visitor without their badge: found by name, admitted by hand with a reason."""
        if self.context is None:
            return None
        dialog = FindVisitorDialog(self.store, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        visitor_id, reason = dialog.chosen()
        if visitor_id is None:
            return None
        result = admit_by_hand(self.context, visitor_id, reason)
        self._show(result)
        return result

    def override_last(self) -> ScanResult | None:
        """Admit the visitor of the last refused scan, with the supervisor's name and a reason."""
        last = self.last_result
        if self.context is None or last is None or last.visitor_id is None or last.light == "green":
            return None
        supervisor, ok = QInputDialog.getText(self, self.tr("Supervisor override"), self.tr("Supervisor's name:"))
        if not ok or not supervisor.strip():
            return None
        reason, ok = QInputDialog.getText(self, self.tr("Supervisor override"), self.tr("Reason (recorded):"))
        if not ok or not reason.strip():
            return None
        result = admit_by_hand(self.context, last.visitor_id, reason, supervisor=supervisor.strip())
        self._show(result)
        return result

    def print_last_badge(self) -> str | None:
        """One key: print the badge of the visitor just shown, when it was never printed."""
        last = self.last_result
        if last is None or last.visitor_id is None:
            return None
        badge = badge_record(self.store, last.visitor_id)
        if badge is not None and badge.printed_at:
            self.action_label.setText(self.tr("This badge was already printed."))
            return None
        if self.printer is None:
            self.printer = QtBadgePrinter(self)
        format_id = str(QSettings("ExpoConsole", "expo-console").value("printing/format", "a6"))
        try:
            job, _ = prepare_print(self.store, last.visitor_id, format_id)
        except (MissingKey, TemplateError, KoreanFontMissing, BadgeError) as problem:
            self.action_label.setText(error_text(problem))
            return None
        outcome = self.printer.print_pdf(job.pdf, load_template(format_id).page_size)
        record_print(self.store, job, outcome.printer, outcome.result)
        self.action_label.setText(self.tr("Badge: %1").replace("%1", outcome.result) +
                                  (f" ({outcome.message})" if outcome.message else ""))
        self.print_button.setEnabled(outcome.result != "printed")
        return outcome.result

