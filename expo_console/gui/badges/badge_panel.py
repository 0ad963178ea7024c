"""The badge beside the form: format, preview of the exact badge, and printing in one key.

Printing hands the badge to the desk's print system and says what became of it: *sent* while
the job waits, *printed* once the print system says it completed, or why it was not printed.
A desk without any printer says so, how to add one, and offers to save the badge as a PDF.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from expo_console.domain.visitors import TEXT_FIELDS, VisitorDraft, clean_draft
from expo_console.gui import file_dialogs, settings
from expo_console.gui.badges.desk_printer import DeskPrinter, how_to_add_a_printer
from expo_console.gui.badges.pdf_image import page_image
from expo_console.gui.badges.printer_chooser import choose_printer
from expo_console.gui.hub import Hub
from expo_console.gui.labels import error_text, field_label, translated_message
from expo_console.gui.ops import run_op
from expo_console.services import event_settings as event_settings_registry
from expo_console.services.badge_print.batch import BatchError, write_badges_pdf
from expo_console.services.badge_print.fonts import KoreanFontMissing
from expo_console.services.badge_print.print_jobs import BadgeOutcome, badge_print_state
from expo_console.services.badge_print.render import BadgeRenderer, content_for, renderer_for
from expo_console.services.badge_print.templates import (
    TemplateError,
    available_formats,
    load_template,
)
from expo_console.services.badges.codes import (
    Badge,
    BadgeError,
    badge_record,
    current_badge,
    issue_badge,
)
from expo_console.services.badges.keys import MissingKey
from expo_console.services.events import event_row, event_settings
from expo_console.services.print_system import PrintRefused, PrintSystemUnavailable
from expo_console.services.registration.visitors import VisitorNotFound, get_visitor, row_values
from expo_console.services.store import EventStore

PREVIEW_DPI = 96
PROVISIONAL_CODE = "0" * 58  # drawn in the preview until a code is issued at printing
_PROBLEMS = (MissingKey, KoreanFontMissing, TemplateError, BadgeError)
_NOT_SENT = (*_PROBLEMS, BatchError, PrintRefused, PrintSystemUnavailable, OSError)


DRAFT_PAUSE_MS = 250


class BadgePanel(QGroupBox):
    printed = Signal(str)  # visitor id
    batch_requested = Signal()

    def __init__(self, store: EventStore, hub: Hub, printer: DeskPrinter | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Badge"))
        self.setObjectName("badgePanel")
        self.store = store
        self.hub = hub
        self.visitor_id: str | None = None
        self._draft: VisitorDraft | None = None  # a walk-in shown as typed, not saved yet
        # A badge takes tens of milliseconds to draw: drawn once typing pauses, not per keystroke
        # (keys typed meanwhile would wait, and an input method's composition with them).
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_PAUSE_MS)
        self._draft_timer.timeout.connect(self._draw_draft)
        self.printer = printer if printer is not None else DeskPrinter(store, hub, parent=self)
        self.printer.jobs_ended.connect(self._on_jobs_ended)
        self._sent_jobs: set[str] = set()  # sent from this panel: the status bar says how each ended
        self._renderers: dict[str, BadgeRenderer] = {}

        self.format_box = QComboBox()
        self.format_box.setObjectName("badgeFormat")
        for format_id in available_formats():
            self.format_box.addItem(load_template(format_id).name, format_id)
        self.format_box.setCurrentIndex(max(0, self.format_box.findData(settings.badge_format())))
        self.format_box.currentIndexChanged.connect(self._on_format_changed)
        self.romanize = QCheckBox(self.tr("Romanised line under Korean names"))
        self.romanize.setChecked(bool(event_settings(store).get("badge_romanize", False)))
        self.romanize.toggled.connect(self._on_romanize_toggled)
        self.preview = QLabel()
        self.preview.setObjectName("badgePreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumHeight(150)
        self.caption = QLabel()
        self.caption.setObjectName("badgeCaption")
        self.caption.setWordWrap(True)
        self.printer_line = QLabel()
        self.printer_line.setObjectName("deskPrinter")
        self.printer_line.setWordWrap(True)
        self.print_button = QPushButton()
        self.print_button.setObjectName("printBadge")
        self.print_button.clicked.connect(lambda: self.print_badge())
        # Only where the print system cannot say that a job completed (Windows' spooler).
        self.confirm_button = QPushButton(self.tr("It came out — mark printed"))
        self.confirm_button.setObjectName("confirmPrinted")
        self.confirm_button.clicked.connect(self.confirm_printed)
        self.confirm_button.hide()
        self.printer_button = QPushButton(self.tr("Printer…"))
        self.printer_button.clicked.connect(self._choose_printer)
        self.batch_button = QPushButton(self.tr("Batch…"))
        self.batch_button.setObjectName("batchPrint")
        self.batch_button.clicked.connect(lambda: self.batch_requested.emit())

        # A narrow column beside the form: one control a line, the preview takes the height.
        more = QHBoxLayout()
        more.addWidget(self.batch_button)
        more.addWidget(self.printer_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.format_box)
        layout.addWidget(self.romanize)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.caption)
        layout.addWidget(self.confirm_button)
        layout.addWidget(self.printer_line)
        layout.addWidget(self.print_button)
        layout.addLayout(more)
        self.refresh_printer()
        self.show_visitor(None)

    # -- preview --------------------------------------------------------------------------------

    @property
    def format_id(self) -> str:
        return str(self.format_box.currentData())

    def _renderer(self) -> BadgeRenderer:
        renderer = self._renderers.get(self.format_id)
        if renderer is None:
            renderer = self._renderers[self.format_id] = renderer_for(self.format_id)
        return renderer

    def show_visitor(self, visitor_id: str | None) -> None:
        """Preview the visitor's badge as it will print (the issued code, or a provisional one)."""
        self.visitor_id = visitor_id
        self._draft = None
        self.print_button.setEnabled(visitor_id is not None)
        self.confirm_button.hide()
        if visitor_id is None:
            self.preview.clear()
            self.caption.setText(self.tr("Select a visitor or save a walk-in to see the badge."))
            return
        try:
            visitor = get_visitor(self.store, visitor_id)
            badge = current_badge(self.store, visitor_id)
        except VisitorNotFound:
            self.show_visitor(None)
            return
        except _PROBLEMS as problem:
            self.preview.clear()
            self.caption.setText(error_text(problem))
            return
        if not self._draw(visitor, badge.code if badge else PROVISIONAL_CODE):
            return
        status = visitor.get("registration_status", "registered")
        if status != "registered":  # say before anyone tries: this registration gets no badge
            self.caption.setText(translated_message(f"badge_refused_{status}",
                                                    (("visitor", visitor["name"] or visitor["name_en"]),)))
        else:
            self.caption.setText(self._print_caption(visitor_id, badge))

    def _print_caption(self, visitor_id: str, badge: Badge | None) -> str:
        """Where the badge stands: never printed, sent, printed, not printed (why), out of date."""
        if badge is None:
            return self.tr("Not printed yet: the code is issued when the badge is printed.")
        serial = str(badge.serial)
        state = badge_print_state(self.store, visitor_id) or {}
        result, printer, reason = state.get("result"), str(state.get("printer", "")), str(state.get("reason", ""))
        if result == "sent":
            if not self.printer.follows_jobs:
                self.confirm_button.show()
                return self.tr("Sent to %1 · serial %2: once it has come out, mark it printed.") \
                    .replace("%1", printer).replace("%2", serial)
            self.printer.follow_desk_job(visitor_id)  # sent from this desk before: ask again
            return self.tr("Sent to %1 — waiting for the printer · serial %2").replace("%1", printer) \
                .replace("%2", serial)
        if result == "failed":
            return self.tr("Not printed: %1 · serial %2").replace("%1", reason).replace("%2", serial)
        when = (badge.printed_at or "")[:16].replace("T", " ")
        if badge.printed_at and badge.reprint_fields:
            changed = ", ".join(field_label(f) for f in badge.reprint_fields.split(","))
            return self.tr("Printed %1 · serial %2 · out of date (%3 changed since): print it again.") \
                .replace("%1", when).replace("%2", serial).replace("%3", changed)
        if badge.printed_at and result == "printed":
            return self.tr("Printed on %1 · %2 · serial %3").replace("%1", printer).replace("%2", when) \
                .replace("%3", serial)
        if badge.printed_at:
            return self.tr("Printed %1 · serial %2").replace("%1", when).replace("%2", serial)
        if result == "written_to_pdf":
            return self.tr("Saved as %1, not printed yet · serial %2").replace("%1", printer.removeprefix("PDF ")) \
                .replace("%2", serial)
        return self.tr("Code issued, not printed yet · serial %1").replace("%1", serial)

    def show_draft(self, draft: VisitorDraft | None) -> None:
        """Preview a walk-in as it is being typed, or nothing while its fields are empty. It
        cannot be printed before it is saved, so Print is off meanwhile."""
        if draft is None or not any(getattr(draft, field).strip() for field in TEXT_FIELDS):
            self._draft_timer.stop()
            self.show_visitor(None)
            return
        self.visitor_id = None
        self._draft = draft
        self.print_button.setEnabled(False)
        self.confirm_button.hide()
        self.caption.setText(self.tr("Walk-in being typed: save it (Ctrl+S) to print its badge."))
        self._draft_timer.start()

    def _draw_draft(self) -> None:
        if self._draft is not None and self.visitor_id is None:
            self._draw(row_values(clean_draft(self._draft)[0]), PROVISIONAL_CODE)

    def _draw(self, visitor: Mapping[str, Any], code: str) -> bool:
        """Put the badge in the preview; False (and the reason in the caption) if it cannot be drawn."""
        try:
            pdf = self._renderer().pdf_bytes([content_for(dict(visitor), code, event_row(self.store)["name"],
                                                          romanize=self.romanize.isChecked())])
        except _PROBLEMS as problem:
            self.preview.clear()
            self.caption.setText(error_text(problem))
            return False
        pixmap = QPixmap.fromImage(page_image(pdf, 0, PREVIEW_DPI))
        self.preview.setPixmap(pixmap.scaled(self.preview.width() or 320, max(self.preview.height(), 150),
                                             Qt.AspectRatioMode.KeepAspectRatio,
                                             Qt.TransformationMode.SmoothTransformation))
        return True

    def _show_again(self) -> None:
        """The same badge, drawn anew (another format, the romanised line turned on or off)."""
        if self._draft is not None:
            self.show_draft(self._draft)
        else:
            self.show_visitor(self.visitor_id)

    def _on_format_changed(self) -> None:
        settings.set_badge_format(self.format_id)
        self._show_again()

    def _on_romanize_toggled(self, on: bool) -> None:
        # the organizer's choice, for every desk
        run_op(self.hub, lambda: event_settings_registry.put(self.store, event_settings_registry.BADGE_ROMANIZE, on))
        self._show_again()

    # -- printing -------------------------------------------------------------------------------

    def refresh_printer(self) -> list[str]:
        """Say where badges go (or that this computer has no printer, and how to add one);
        returns the system's printers."""
        printers = self.printer.printers()
        name = self.printer.name(printers) if printers else ""
        if not printers:
            self.printer_line.setText(how_to_add_a_printer())
        elif name:
            self.printer_line.setText(self.tr("Printer: %1").replace("%1", name))
        else:
            self.printer_line.setText(self.tr("No printer chosen for this desk yet: choose one (Printer…)."))
        self.print_button.setText(self.tr("Print badge (Ctrl+P)") if printers
                                  else self.tr("Save badge as PDF… (Ctrl+P)"))
        return printers

    def _choose_printer(self) -> None:
        choose_printer(self.printer, self)
        self.refresh_printer()

    def print_badge(self) -> str | None:
        """Send the shown visitor's badge to this desk's printer. Returns sent or failed (the job
        is followed from there), written_to_pdf where no printer is set up, cancelled, or None
        when nothing was shown or the badge cannot be made."""
        if self.visitor_id is None:
            return None
        visitor_id = self.visitor_id
        try:  # the code first: a badge that cannot be made (no key, registration waiting) is said
            # before a printer or a file is asked for
            badge, _issued = run_op(self.hub, lambda: issue_badge(self.store, visitor_id))
        except _NOT_SENT as problem:
            QMessageBox.warning(self, self.tr("Cannot print the badge"), error_text(problem))
            return None
        printers = self.refresh_printer()  # a printer added (or gone) since: said before anything happens
        if not printers:
            return self.save_badge_pdf()
        printer = self.printer.name(printers)
        if not printer:
            printer = choose_printer(self.printer, self) or ""
            self.refresh_printer()
            if not printer:
                return "cancelled"
        choice = self._ask_reprint() if badge.printed_at else "print"
        if choice is None:
            return "cancelled"
        try:
            if choice == "reissue":
                run_op(self.hub, lambda: issue_badge(self.store, visitor_id, reissue=True))
            outcomes, _ = self.printer.send([visitor_id], printer=printer, format_id=self.format_id,
                                            romanize=self.romanize.isChecked())  # the desk printer tells the views
        except _NOT_SENT as problem:
            QMessageBox.warning(self, self.tr("Cannot print the badge"), error_text(problem))
            return None
        outcome = outcomes[0]
        if outcome.state == "sent":
            self._sent_jobs.add(outcome.job_id)
            told = (self.tr("Badge sent to %1 (serial %2): waiting for the printer.") if self.printer.follows_jobs
                    else self.tr("Badge sent to %1 (serial %2): mark it printed once it has come out."))
            self.hub.status_message_requested.emit(told.replace("%1", printer).replace("%2", str(outcome.serial)))
        else:
            QMessageBox.warning(self, self.tr("Badge not printed"), self.tr("Not printed: %1").replace("%1", outcome.reason))
        self.show_visitor(visitor_id)
        return outcome.state

    def _on_jobs_ended(self, outcomes: list[BadgeOutcome]) -> None:
        for outcome in outcomes:
            if outcome.job_id not in self._sent_jobs:
                continue  # a batch's job: the batch dialog's list says how it ended
            self._sent_jobs.discard(outcome.job_id)
            if outcome.state == "printed":
                self.hub.status_message_requested.emit(self.tr("Badge printed on %1 (serial %2).")
                                                        .replace("%1", outcome.printer)
                                                        .replace("%2", str(outcome.serial)))
                self.printed.emit(outcome.visitor_id)
            else:
                self.hub.status_message_requested.emit(self.tr("Badge not printed on %1 (serial %2): %3")
                                                        .replace("%1", outcome.printer)
                                                        .replace("%2", str(outcome.serial))
                                                        .replace("%3", outcome.reason))
        if self._draft is None and self.visitor_id in {o.visitor_id for o in outcomes}:
            self.show_visitor(self.visitor_id)

    def confirm_printed(self) -> None:
        """The operator saw the badge come out of a printer whose jobs cannot be followed."""
        if self.visitor_id is None:
            return
        visitor_id = self.visitor_id
        if self.printer.confirm([visitor_id]).upserted:
            self.printed.emit(visitor_id)
        self.show_visitor(visitor_id)

    def save_badge_pdf(self) -> str | None:
        """The badge as a PDF file, to print elsewhere: logged as written to that file, not printed."""
        if self.visitor_id is None:
            return None
        visitor_id = self.visitor_id
        record = badge_record(self.store, visitor_id)
        target = file_dialogs.save_file(self, self.tr("Save badge as PDF"), "PDF (*.pdf)",
                                        f"badge-{record.serial}.pdf" if record else "badge.pdf", kind="badges",
                                        event_file=self.store.path)
        if target is None:
            return "cancelled"
        try:
            run_op(self.hub, lambda: write_badges_pdf(self.store, target, [visitor_id], format_id=self.format_id,
                                                      romanize=self.romanize.isChecked()))
        except _NOT_SENT as problem:
            QMessageBox.warning(self, self.tr("Cannot save the badge"), error_text(problem))
            return None
        serial = badge_record(self.store, visitor_id).serial  # type: ignore[union-attr]  # issued just now
        self.hub.status_message_requested.emit(self.tr("Badge written to %1 (serial %2).")
                                                .replace("%1", str(target)).replace("%2", str(serial)))
        self.show_visitor(visitor_id)
        return "written_to_pdf"

    def _ask_reprint(self) -> str | None:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Badge already printed"),
                          self.tr("This visitor's badge was printed before. Print the same code again, or "
                                  "reissue a new code (the old badge stops working)?"), parent=self)
        box.setObjectName("reprintDialog")
        same = box.addButton(self.tr("Reprint same code"), QMessageBox.ButtonRole.AcceptRole)
        new = box.addButton(self.tr("Reissue new code"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        clicked = box.clickedButton()
        return "reprint" if clicked is same else "reissue" if clicked is new else None
