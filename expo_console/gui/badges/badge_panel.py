"""The badge beside the form: format, preview of the exact badge, and printing in one key."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
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
from expo_console.gui.badges.pdf_image import page_images
from expo_console.gui.badges.printer import BadgePrinter, QtBadgePrinter
from expo_console.gui.hub import Hub
from expo_console.gui.labels import error_text, field_label, translated_message
from expo_console.services.badge_keys import MissingKey
from expo_console.services.badge_print.fonts import KoreanFontMissing
from expo_console.services.badge_print.printing import prepare_print, record_print
from expo_console.services.badge_print.render import BadgeRenderer, content_for, renderer_for
from expo_console.services.badge_print.templates import (
    TemplateError,
    available_formats,
    load_template,
)
from expo_console.services.badges import BadgeError, current_badge
from expo_console.services.events import event_row, event_settings, set_event_setting
from expo_console.services.registration import VisitorNotFound, get_visitor, row_values
from expo_console.services.store import EventStore

PREVIEW_DPI = 96
PROVISIONAL_CODE = "0" * 58  # drawn in the preview until a code is issued at printing
_PROBLEMS = (MissingKey, KoreanFontMissing, TemplateError, BadgeError)


DRAFT_PAUSE_MS = 250


class BadgePanel(QGroupBox):
    printed = Signal(str)  # visitor id
    batch_requested = Signal()

    def __init__(self, store: EventStore, hub: Hub, parent: QWidget | None = None) -> None:
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
        self.printer: BadgePrinter = QtBadgePrinter(self)
        self._renderers: dict[str, BadgeRenderer] = {}

        self.format_box = QComboBox()
        self.format_box.setObjectName("badgeFormat")
        for format_id in available_formats():
            self.format_box.addItem(load_template(format_id).name, format_id)
        remembered = QSettings("ExpoConsole", "expo-console").value("printing/format", "a6")
        self.format_box.setCurrentIndex(max(0, self.format_box.findData(remembered)))
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
        self.print_button = QPushButton(self.tr("Print badge (Ctrl+P)"))
        self.print_button.setObjectName("printBadge")
        self.print_button.clicked.connect(lambda: self.print_badge())
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
        layout.addWidget(self.print_button)
        layout.addLayout(more)
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
        elif badge is None:
            self.caption.setText(self.tr("Not printed yet: the code is issued when the badge is printed."))
        elif badge.printed_at and badge.reprint_fields:
            changed = ", ".join(field_label(f) for f in badge.reprint_fields.split(","))
            self.caption.setText(self.tr("Printed %1 · serial %2 · out of date (%3 changed since): print it again.")
                                 .replace("%1", badge.printed_at[:16].replace("T", " "))
                                 .replace("%2", str(badge.serial)).replace("%3", changed))
        elif badge.printed_at:
            self.caption.setText(self.tr("Printed %1 · serial %2").replace("%1", badge.printed_at[:16].replace("T", " "))
                                 .replace("%2", str(badge.serial)))
        else:
            self.caption.setText(self.tr("Code issued, not printed yet · serial %1").replace("%1", str(badge.serial)))

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
        pixmap = QPixmap.fromImage(page_images(pdf, PREVIEW_DPI)[0])
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
        QSettings("ExpoConsole", "expo-console").setValue("printing/format", self.format_id)
        self._show_again()

    def _on_romanize_toggled(self, on: bool) -> None:
        set_event_setting(self.store, "badge_romanize", on)  # the organizer's choice, for every desk
        self._show_again()

    # -- printing -------------------------------------------------------------------------------

    def _choose_printer(self) -> None:
        if isinstance(self.printer, QtBadgePrinter):
            self.printer.choose()

    def print_badge(self) -> str | None:
        """Print the shown visitor's badge; returns the print result (printed/failed/cancelled)."""
        if self.visitor_id is None:
            return None
        visitor_id = self.visitor_id
        try:
            job, change = prepare_print(self.store, visitor_id, self.format_id, romanize=self.romanize.isChecked(),
                                        renderer=self._renderer())
            if job.already_printed:
                choice = self._ask_reprint()
                if choice is None:
                    return "cancelled"
                if choice == "reissue":
                    job, change = prepare_print(self.store, visitor_id, self.format_id, reissue=True,
                                                romanize=self.romanize.isChecked(), renderer=self._renderer())
        except _PROBLEMS as problem:
            QMessageBox.warning(self, self.tr("Cannot print the badge"), error_text(problem))
            return None
        outcome = self.printer.print_pdf(job.pdf, self._renderer().template.page_size)
        printed_change = record_print(self.store, job, outcome.printer, outcome.result)
        for each in (change, printed_change):
            if each.upserted:
                self.hub.visitors_changed.emit(each)
        if outcome.result == "printed":
            # Named by the file when it went to a PDF: there is no printer name ("?" it said).
            done = (self.tr("Badge written to %1 (serial %2).").replace("%1", outcome.file) if outcome.file
                    else self.tr("Badge printed on %1 (serial %2).").replace("%1", outcome.printer))
            self.hub.status_message_requested.emit(done.replace("%2", str(job.badge.serial)))
            self.printed.emit(visitor_id)
        elif outcome.result == "failed":
            QMessageBox.warning(self, self.tr("Badge not printed"), outcome.message)
        self.show_visitor(visitor_id)
        return outcome.result

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
