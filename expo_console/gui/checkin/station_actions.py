"""What a station does besides scanning: admit by name, supervisor override, print, full screen.

A mixin of CheckinWorkspace (kept apart so that each module stays small); it uses the
workspace's store, context, last result and verdict panel.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QInputDialog

from expo_console.gui import settings
from expo_console.gui.badges.desk_printer import DeskPrinter, how_to_add_a_printer
from expo_console.gui.badges.printer_chooser import choose_printer
from expo_console.gui.checkin.find_dialog import FindVisitorDialog
from expo_console.gui.checkin.supervisor_dialog import SupervisorDialog
from expo_console.gui.labels import error_text
from expo_console.gui.ops import run_op
from expo_console.services.badge_print.fonts import KoreanFontMissing
from expo_console.services.badge_print.print_jobs import BadgeOutcome
from expo_console.services.badge_print.templates import TemplateError
from expo_console.services.badges.codes import BadgeError, badge_record
from expo_console.services.badges.keys import MissingKey
from expo_console.services.checkin.annulment import AnnulRefused, annul_scan
from expo_console.services.checkin.scanning import (
    ScanResult,
    admit_by_hand,
    let_out_by_hand,
)
from expo_console.services.events import event_settings
from expo_console.services.print_system import PrintRefused, PrintSystemUnavailable


class StationActions:
    store: Any
    context: Any
    last_result: ScanResult | None
    printer: DeskPrinter
    camera: Any
    frame_scanner: Any
    may_print: bool  # the signed-in role may print badges (gui/role_view.permit)

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
        if self._leaving():
            self.action_label.setText(self.tr("This station records exits: admit visitors at an entrance, or "
                                              "switch the station to entry."))
            return None
        dialog = FindVisitorDialog(self.store, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        visitor_id, reason = dialog.chosen()
        if visitor_id is None:
            return None
        context = self.context
        result = run_op(self.hub, lambda: admit_by_hand(context, visitor_id, reason))
        self._show(result)
        return result

    def override_last(self) -> ScanResult | None:
        """Admit the visitor of the last refused scan (at an exit: let them out) on a supervisor's
        word: their name, their own PIN and a reason, checked by the service."""
        last = self.last_result
        if self.context is None or last is None or last.visitor_id is None or last.light == "green":
            return None
        context, visitor = self.context, last.visitor_id
        leaving = self._leaving()

        def override(supervisor: str, pin: str, reason: str) -> ScanResult:
            if leaving:
                # At an exit a refusal (a blocked badge) is overridden by letting the person out.
                return run_op(self.hub, lambda: let_out_by_hand(context, visitor, reason, supervisor=supervisor,
                                                                supervisor_pin=pin))
            return run_op(self.hub, lambda: admit_by_hand(context, visitor, reason, supervisor=supervisor,
                                                          supervisor_pin=pin))

        intro = (self.tr("A supervisor lets this visitor out against the gate's refusal, with their own PIN.")
                 if leaving else
                 self.tr("A supervisor admits this visitor against the gate's refusal, with their own PIN."))
        dialog = SupervisorDialog(self.tr("Supervisor override"), intro, override, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        result: ScanResult = dialog.result_value
        self._show(result)
        # the operator (and the queue) told whose word let them through
        approval = self.tr("Supervisor's approval: %1.").replace("%1", dialog.approved_by())
        self.action_label.setText(f"{approval}  {self.action_label.text()}")
        return result

    def _leaving(self) -> bool:
        return self.current_direction == "out" or (self.context is not None and self.context.gate.kind == "hall_exit")

    def annul_last(self) -> str | None:
        """Take back the station's newest scan still counting (the wrong direction pressed, the
        visitor turned back): within 15 minutes, with a reason. It stays in the file, struck
        through here, and no longer counts. Returns the annulled scan's id, or None."""
        last = self.recent.last_live()
        if last is None or last.scan_id is None or self.context is None:
            self.action_label.setText(self.tr("No scan of this station to undo."))
            return None
        reasons = [self.tr("Wrong direction"), self.tr("Visitor turned back"), self.tr("Scanned by mistake")]
        reason, ok = QInputDialog.getItem(self, self.tr("Undo last scan"),
                                          self.tr("Why is this scan taken back? (recorded)"), reasons, 0, True)
        if not ok or not reason.strip():
            return None
        scan_id, station = last.scan_id, self.context.station.name
        try:
            run_op(self.hub, lambda: annul_scan(self.store, scan_id, station=station, reason=reason))
        except AnnulRefused as refused:
            self.action_label.setText(error_text(refused))
            return None
        self.recent.mark_annulled(scan_id)
        self._paint_panel("idle", self.tr("Scan undone"), "",
                          self.tr("It no longer counts; it stays in the log with your reason."))
        self.undo_button.setEnabled(self.recent.last_live() is not None)
        self._update_counters()
        return scan_id

    def print_last_badge(self) -> str | None:
        """One key: send the badge of the visitor just shown to the desk's printer, when it was
        never printed. Returns sent or failed (a sent job is followed until it ends), or None."""
        last = self.last_result
        if last is None or last.visitor_id is None:
            return None
        if not self.may_print:  # Ctrl+P at a gate desk: said, as the button's tooltip says it
            self.action_label.setText(self.print_button.toolTip())
            return None
        badge = badge_record(self.store, last.visitor_id)
        if badge is not None and badge.printed_at:
            self.action_label.setText(self.tr("This badge was already printed."))
            return None
        printers = self.printer.printers()
        if not printers:
            self.action_label.setText(how_to_add_a_printer())
            return None
        printer = self.printer.name(printers) or choose_printer(self.printer, self)
        if not printer:
            return None
        try:
            outcomes, _ = self.printer.send([last.visitor_id], printer=printer, format_id=settings.badge_format(),
                                            romanize=bool(event_settings(self.store).get("badge_romanize", False)))
        except (MissingKey, TemplateError, KoreanFontMissing, BadgeError, PrintRefused,
                PrintSystemUnavailable) as problem:
            self.action_label.setText(error_text(problem))
            return None
        self._show_print(outcomes[0])
        return outcomes[0].state

    def _show_print(self, outcome: BadgeOutcome) -> None:
        if outcome.state == "sent":
            self.action_label.setText(self.tr("Badge sent to %1 — waiting for the printer.").replace("%1", outcome.printer))
        elif outcome.state == "printed":
            self.action_label.setText(self.tr("Badge printed on %1.").replace("%1", outcome.printer))
        else:
            self.action_label.setText(self.tr("Badge not printed: %1").replace("%1", outcome.reason))
        self.print_button.setEnabled(outcome.state == "failed")  # sent: wait for the printer, no second copy

    def _on_print_jobs_ended(self, outcomes: list[BadgeOutcome]) -> None:
        shown = self.last_result.visitor_id if self.last_result is not None else None
        for outcome in outcomes:
            if outcome.visitor_id == shown:
                self._show_print(outcome)
