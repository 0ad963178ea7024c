"""Printing badges at the desk, with a fake printer that keeps what it was sent."""

from __future__ import annotations

from dataclasses import replace

import pypdfium2
import pytest
import zxingcpp
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
from PySide6.QtWidgets import QMessageBox

from expo_console.domain.visitors import VisitorDraft
from expo_console.gui.badges.badge_panel import BadgePanel
from expo_console.gui.badges.printer import PrintOutcome, QtBadgePrinter
from expo_console.gui.models.visitor_table_model import COL_STATUS
from expo_console.gui.registration.workspace import RegistrationWorkspace
from expo_console.services.badges import current_badge, verify_code
from expo_console.services.registration import draft_from_row, get_visitor, update_visitor
from expo_console.storage import print_log_repo
from qt_support import type_text


class FakePrinter:
    def __init__(self, result: str = "printed") -> None:
        self.result = result
        self.jobs: list[tuple[bytes, tuple[float, float]]] = []

    def name(self) -> str:
        return "Fake ZC300"

    def print_pdf(self, pdf: bytes, page_size_mm: tuple[float, float]) -> PrintOutcome:
        self.jobs.append((pdf, page_size_mm))
        message = "offline" if self.result == "failed" else ""
        return PrintOutcome(self.result, self.name(), message)


def qr_text(pdf: bytes) -> str:
    image = pypdfium2.PdfDocument(pdf)[0].render(scale=300 / 72).to_pil()
    return zxingcpp.read_barcodes(image)[0].text


def test_walk_in_then_ctrl_p_prints_a_badge_whose_code_verifies(workspace, demo_store, qtbot) -> None:
    printer = workspace.badge_panel.printer = FakePrinter()
    form = workspace.form
    type_text(form.inputs["name"], "한가람")
    type_text(form.inputs["company"], "(주)똠양식품")
    form.consents[next(iter(form.consents))].setChecked(True)
    visitor_id = form.save()
    assert workspace.badge_panel.visitor_id == visitor_id
    shown_code = current_badge(demo_store, visitor_id).code  # issued at the save: the preview is exact
    assert "serial" in workspace.badge_panel.caption.text()
    assert workspace.badge_panel.preview.pixmap() is not None and not workspace.badge_panel.preview.pixmap().isNull()
    qtbot.keyClick(workspace.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert len(printer.jobs) == 1
    pdf, size = printer.jobs[0]
    code = qr_text(pdf)
    assert code == current_badge(demo_store, visitor_id).code == shown_code
    assert verify_code(demo_store, code).status == "active"
    assert current_badge(demo_store, visitor_id).printed_at is not None
    assert print_log_repo.entries(demo_store.conn, visitor_id)[-1]["result"] == "printed"
    assert size == workspace.badge_panel._renderer().template.page_size
    assert "Printed" in workspace.badge_panel.caption.text()


def test_the_badge_beside_the_form_is_the_walk_in_being_typed_not_the_visitor_before(workspace, demo_store,
                                                                                   qtbot) -> None:
    printer = workspace.badge_panel.printer = FakePrinter()
    panel = workspace.badge_panel
    before = workspace.model.visitor_id(0)
    workspace.select_visitor(before)
    selected_image = panel.preview.pixmap().toImage()
    assert panel.visitor_id == before
    type_text(workspace.form.inputs["name"], "한가람")
    type_text(workspace.form.inputs["company"], "(주)똠양식품")
    assert panel.visitor_id is None and not panel.print_button.isEnabled()
    assert "Walk-in being typed" in panel.caption.text()
    qtbot.waitUntil(lambda: not panel.preview.pixmap().isNull(), timeout=3000)  # drawn once typing pauses
    shown = panel.preview.pixmap().toImage()
    assert shown != selected_image
    typed = BadgePanel(demo_store, workspace.hub)  # the same walk-in drawn on its own
    qtbot.addWidget(typed)
    typed.preview.resize(panel.preview.size())
    typed.show_draft(VisitorDraft(name="한가람", company="(주)똠양식품"))
    qtbot.waitUntil(lambda: shown == typed.preview.pixmap().toImage(), timeout=3000)
    qtbot.keyClick(workspace.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert printer.jobs == []  # Ctrl+P does not print the visitor selected before either
    for field in ("name", "company"):
        workspace.form.inputs[field].clear()
        workspace.form.inputs[field].textEdited.emit("")
    assert panel.preview.pixmap().isNull()  # nothing typed: no badge


def test_a_badge_printed_to_a_pdf_file_is_named_by_the_file_in_the_status_bar(workspace, demo_store, hub,
                                                                             tmp_path) -> None:
    printer = QtBadgePrinter()
    printer.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "walk-in badge.pdf"
    printer.printer.setOutputFileName(str(out))
    printer.chosen = True
    workspace.badge_panel.printer = printer
    told: list[str] = []
    hub.status_message_requested.connect(told.append)
    visitor_id = workspace.model.visitor_id(0)
    workspace.select_visitor(visitor_id)
    assert workspace.badge_panel.print_badge() == "printed"
    serial = current_badge(demo_store, visitor_id).serial
    assert told == [f"Badge written to {out} (serial {serial})."]  # it said "Badge printed on ?"
    assert out.exists()
    assert print_log_repo.entries(demo_store.conn, visitor_id)[-1]["printer"] == "PDF walk-in badge.pdf"
    workspace.badge_panel.printer = FakePrinter()
    workspace.badge_panel._ask_reprint = lambda: "reprint"  # type: ignore[method-assign]
    workspace.badge_panel.print_badge()
    assert told[-1] == f"Badge printed on Fake ZC300 (serial {serial})."


def test_printing_again_asks_and_reissue_revokes_the_old_code(workspace, demo_store, monkeypatch) -> None:
    printer = workspace.badge_panel.printer = FakePrinter()
    visitor_id = workspace.model.visitor_id(0)
    workspace.select_visitor(visitor_id)
    assert workspace.badge_panel.print_badge() == "printed"
    first = current_badge(demo_store, visitor_id).code
    monkeypatch.setattr(workspace.badge_panel, "_ask_reprint", lambda: "reissue")
    assert workspace.badge_panel.print_badge() == "printed"
    second = current_badge(demo_store, visitor_id).code
    assert second != first and qr_text(printer.jobs[-1][0]) == second
    assert verify_code(demo_store, first).status == "revoked"
    monkeypatch.setattr(workspace.badge_panel, "_ask_reprint", lambda: None)
    assert workspace.badge_panel.print_badge() == "cancelled"
    assert len(printer.jobs) == 2


def test_an_offline_printer_leaves_the_badge_unprinted_and_says_so(workspace, demo_store, monkeypatch) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text: warnings.append(text)))
    workspace.badge_panel.printer = FakePrinter("failed")
    visitor_id = workspace.model.visitor_id(1)
    workspace.select_visitor(visitor_id)
    visitors_before = demo_store.conn.execute("SELECT count(*) FROM visitors").fetchone()[0]
    assert workspace.badge_panel.print_badge() == "failed"
    badge = current_badge(demo_store, visitor_id)
    assert badge.printed_at is None
    assert warnings == ["offline"]
    assert print_log_repo.entries(demo_store.conn, visitor_id)[-1]["result"] == "failed"
    assert demo_store.conn.execute("SELECT count(*) FROM visitors").fetchone()[0] == visitors_before


def test_format_choice_changes_the_preview_and_is_remembered(workspace, qtbot, demo_store, hub) -> None:
    panel = workspace.badge_panel
    workspace.select_visitor(workspace.model.visitor_id(0))
    panel.format_box.setCurrentIndex(panel.format_box.findData("cr80"))
    wide = panel.preview.pixmap()
    assert wide.width() > wide.height()  # the card is landscape
    again = RegistrationWorkspace(demo_store, hub)
    qtbot.addWidget(again)
    assert again.badge_panel.format_id == "cr80"


def test_a_class_batch_goes_to_the_printer_in_one_job_and_marks_every_badge_printed(workspace, demo_store, qtbot) -> None:
    printer = workspace.badge_panel.printer = FakePrinter()
    dialog = workspace.open_batch_print()
    qtbot.addWidget(dialog)
    dialog.scope_class.setChecked(True)
    dialog.class_box.setCurrentIndex(dialog.class_box.findData("vip"))
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("a4-8up"))
    vips = {r[0] for r in demo_store.conn.execute("SELECT id FROM visitors WHERE visitor_class = 'vip'")}
    with qtbot.waitSignal(dialog.batch_done, timeout=30_000):
        dialog.start_button.click()
    assert len(printer.jobs) == 1
    pdf, size = printer.jobs[0]
    assert size == (210.0, 297.0)
    pages = pypdfium2.PdfDocument(pdf)
    decoded = set()
    for page in pages:
        decoded |= {r.text for r in zxingcpp.read_barcodes(page.render(scale=300 / 72).to_pil())}
    assert {current_badge(demo_store, v).code for v in vips} == decoded
    assert all(current_badge(demo_store, v).printed_at for v in vips)
    assert "printed" in dialog.status.text()


def test_a_batch_to_pdf_can_be_cancelled(workspace, demo_store, qtbot, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a: QMessageBox.StandardButton.Yes))  # 400 badges
    dialog = workspace.open_batch_print()
    qtbot.addWidget(dialog)
    dialog.scope_all.setChecked(True)
    dialog.to_pdf.setChecked(True)
    dialog.pdf_path.setText(str(tmp_path / "all.pdf"))
    with qtbot.waitSignal(dialog.batch_done, timeout=60_000):
        dialog.start_button.click()
        dialog.cancel_button.click()
    assert "Cancelled" in dialog.status.text()
    assert not (tmp_path / "all.pdf").exists()
    assert demo_store.conn.execute("SELECT count(*) FROM badges WHERE printed_at IS NOT NULL").fetchone()[0] == 0


@pytest.mark.parametrize(("default", "shown"), [("Office Laser", "Printer: Office Laser"),
                                               ("", "Printer: none set up on this computer")])
def test_the_batch_dialog_names_the_default_printer_before_one_is_chosen(workspace, monkeypatch, qtbot,
                                                                         default: str, shown: str) -> None:
    monkeypatch.setattr(QPrinterInfo, "defaultPrinterName", staticmethod(lambda: default))
    assert not workspace.badge_panel.printer.chosen  # a new desk: no printer chosen yet
    dialog = workspace.open_batch_print()
    qtbot.addWidget(dialog)
    assert dialog.to_printer.text() == shown  # it said "Printer: ?"


def test_the_batch_takes_the_selection_or_waits_for_a_choice(workspace, qtbot) -> None:
    dialog = workspace.open_batch_print()  # nothing selected in the list
    qtbot.addWidget(dialog)
    assert dialog.scope.checkedButton() is None  # not "everyone not printed yet" (hundreds of badges)
    assert not dialog.start_button.isEnabled()
    dialog.class_box.activated.emit(dialog.class_box.findData("vip"))  # the operator picks a class
    assert dialog.scope_class.isChecked() and dialog.start_button.isEnabled()
    for row in range(3):
        workspace.table.selectionModel().select(workspace.model.index(row, 0), QItemSelectionModel.SelectionFlag.Select
                                                | QItemSelectionModel.SelectionFlag.Rows)
    with_selection = workspace.open_batch_print()
    qtbot.addWidget(with_selection)
    assert with_selection.scope_selected.isChecked() and with_selection.start_button.isEnabled()
    assert with_selection.scope_selected.text() == "Selected visitors (3)"


def test_a_batch_of_more_than_fifty_badges_is_started_only_when_confirmed(workspace, demo_store, qtbot,
                                                                         monkeypatch) -> None:
    printer = workspace.badge_panel.printer = FakePrinter()
    asked: list[str] = []
    answer = QMessageBox.StandardButton.No
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda parent, title, text, *a: asked.append(text) or answer))
    dialog = workspace.open_batch_print()
    qtbot.addWidget(dialog)
    dialog.scope_unprinted.setChecked(True)
    dialog.start_button.click()
    assert asked == ["This batch has 400 badges. Start it?"]
    assert dialog.task is None and printer.jobs == [] and dialog.start_button.isEnabled()
    assert demo_store.conn.execute("SELECT count(*) FROM badges").fetchone()[0] == 0  # no codes issued
    dialog.scope_class.setChecked(True)
    dialog.class_box.setCurrentIndex(dialog.class_box.findData("vip"))  # a few: no question
    with qtbot.waitSignal(dialog.batch_done, timeout=30_000):
        dialog.start_button.click()
    assert len(asked) == 1 and len(printer.jobs) == 1


def test_scanning_a_confirmation_code_into_search_finds_and_prints_in_one_action(workspace, demo_store, qtbot) -> None:
    from expo_console.services.badges import issue_badge

    printer = workspace.badge_panel.printer = FakePrinter()
    visitor_id = demo_store.conn.execute("SELECT id FROM visitors LIMIT 1 OFFSET 42").fetchone()[0]
    code = issue_badge(demo_store, visitor_id)[0].code  # what the confirmation e-mail carried
    workspace.search.setFocus()
    qtbot.keyClicks(workspace.search, code)  # a scanner types digits
    assert workspace.model.rowCount() == 1 and workspace.model.visitor_id(0) == visitor_id
    qtbot.keyClick(workspace.search, Qt.Key.Key_Return)
    assert len(printer.jobs) == 1 and qr_text(printer.jobs[0][0]) == code
    assert current_badge(demo_store, visitor_id).printed_at is not None
    forged = code[:-1] + str((int(code[-1]) + 1) % 10)
    workspace.search.setText(forged)
    assert workspace.scanned_visitor is None and workspace.model.rowCount() == 0


def test_a_printed_badge_whose_details_changed_shows_as_out_of_date(workspace, demo_store, hub, monkeypatch) -> None:
    workspace.badge_panel.printer = FakePrinter()
    visitor_id = workspace.model.visitor_id(0)
    workspace.select_visitor(visitor_id)
    assert workspace.badge_panel.print_badge() == "printed"
    draft = draft_from_row(get_visitor(demo_store, visitor_id))
    hub.visitors_changed.emit(update_visitor(demo_store, visitor_id, replace(draft, company="새회사"),
                                             allow_duplicate=True).change)
    status = workspace.model.index(workspace.model.row_of(visitor_id), COL_STATUS).data()
    assert "Badge out of date" in status
    workspace.badge_panel.show_visitor(visitor_id)
    assert "out of date (Company changed since)" in workspace.badge_panel.caption.text()
    monkeypatch.setattr(workspace.badge_panel, "_ask_reprint", lambda: "reprint")
    assert workspace.badge_panel.print_badge() == "printed"  # the same code, with the new company
    workspace.badge_panel.show_visitor(visitor_id)
    assert "out of date" not in workspace.badge_panel.caption.text()
    assert "Badge printed" in workspace.model.index(workspace.model.row_of(visitor_id), COL_STATUS).data()


def test_without_the_key_the_panel_shows_no_code_but_the_list_still_works(workspace, demo_store, monkeypatch,
                                                                          tmp_path) -> None:
    from expo_console.services.badges import issue_badge

    visitor_id = workspace.model.visitor_id(0)
    issue_badge(demo_store, visitor_id)
    monkeypatch.setenv("EXPO_CONSOLE_CONFIG_DIR", str(tmp_path / "desk-without-key"))
    assert workspace.select_visitor(visitor_id)  # browsing needs no key
    workspace.badge_panel.show_visitor(visitor_id)
    assert "key import" in workspace.badge_panel.caption.text()  # the MissingKey message
    assert workspace.badge_panel.preview.pixmap().isNull()  # no code drawn from the file
