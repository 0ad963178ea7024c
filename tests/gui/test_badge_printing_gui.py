"""Printing badges at the desk, through a real print system.

The printing tests run against a private CUPS server whose queue `expo-pdf` is a cups-pdf virtual
printer (tests/print_server.py; skipped with the reason where it cannot run): a badge is *sent*
when CUPS queues the job and *printed* only when CUPS says it completed, and what came out of the
queue is decoded back to the badge's code. The Windows path (the spooler through Qt, which cannot
follow a job) prints to a QPrinter writing a PDF file and is confirmed by the operator.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from PySide6.QtCore import QItemSelectionModel, QSettings, Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QMessageBox

from expo_console.domain.visitors import VisitorDraft
from expo_console.gui import file_dialogs, settings
from expo_console.gui.badges.badge_panel import BadgePanel
from expo_console.gui.badges.batch_jobs_model import COL_JOB, COL_STATE, BatchJobsModel, StateRole
from expo_console.gui.badges.desk_printer import DeskPrinter
from expo_console.gui.badges.printer_chooser import PrinterChooser
from expo_console.gui.badges.qt_spooler import QtSpoolerPrintSystem
from expo_console.gui.registration.visitor_table_model import COL_STATUS
from expo_console.gui.registration.workspace import RegistrationWorkspace
from expo_console.services.badge_print.print_jobs import BadgeOutcome
from expo_console.services.badges.codes import current_badge, verify_code
from expo_console.services.registration.visitors import draft_from_row, get_visitor, update_visitor
from expo_console.storage import print_log_repo
from qt_support import type_text

JOB_ENDS = 90_000  # ms: cups-pdf runs Ghostscript on each job


def codes_in(pdfs: Iterable[Path]) -> list[str]:
    codes = []
    for pdf in pdfs:
        document = pypdfium2.PdfDocument(str(pdf))
        for page in document:
            codes += [r.text for r in zxingcpp.read_barcodes(page.render(scale=300 / 72).to_pil())
                      if r.format == zxingcpp.BarcodeFormat.QRCode]
        document.close()
    return codes


def printed_at(store, visitor_id: str) -> str | None:  # type: ignore[no-untyped-def]
    return current_badge(store, visitor_id).printed_at


def select_rows(workspace: RegistrationWorkspace, count: int) -> list[str]:
    for row in range(count):
        workspace.table.selectionModel().select(workspace.model.index(row, 0), QItemSelectionModel.SelectionFlag.Select
                                                | QItemSelectionModel.SelectionFlag.Rows)
    return [workspace.model.visitor_id(row) for row in range(count)]


@pytest.fixture
def pdf_spooler(tmp_path: Path) -> tuple[QtSpoolerPrintSystem, Path]:
    """The Windows print path with one printer, "Badge PDF": a QPrinter writing each job to a PDF."""
    out = tmp_path / "spooled"
    out.mkdir()
    jobs = itertools.count(1)

    def device() -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out / f"job-{next(jobs)}.pdf"))
        return printer

    return QtSpoolerPrintSystem({"Badge PDF": device}), out


@pytest.fixture(params=["no print server", "a print server without printers"])
def no_printer(request, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:  # type: ignore[no-untyped-def]
    if request.param == "no print server":
        yield  # conftest's CUPS_SERVER: a socket where nobody listens
        return
    from print_server import private_cups, why_cups_cannot_run

    if why_cups_cannot_run() is not None:
        pytest.skip(why_cups_cannot_run())
    with private_cups(tmp_path) as server:
        server.admin("lpadmin", "-x", "expo-pdf")
        monkeypatch.setenv("CUPS_SERVER", str(server.socket))
        yield


# -- one badge at the desk ----------------------------------------------------------------------


def test_a_walk_in_badge_is_sent_then_printed_when_cups_completes_the_job(cups_server, workspace, demo_store, hub,
                                                                          qtbot) -> None:
    told: list[str] = []
    hub.status_message_requested.connect(told.append)
    panel = workspace.badge_panel
    form = workspace.form
    type_text(form.inputs["name"], "한가람")
    type_text(form.inputs["company"], "(주)똠양식품")
    form.consents[next(iter(form.consents))].setChecked(True)
    visitor_id = form.save()
    assert panel.visitor_id == visitor_id
    shown_code = current_badge(demo_store, visitor_id).code  # issued at the save: the preview is exact
    assert panel.printer_line.text() == "Printer: expo-pdf"  # CUPS's default, before anyone chose
    qtbot.keyClick(workspace.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    sent = print_log_repo.entries(demo_store.conn, visitor_id)[-1]
    assert (sent["result"], sent["printer"]) == ("sent", "expo-pdf") and sent["job_id"]
    assert printed_at(demo_store, visitor_id) is None  # queued is not printed
    serial = current_badge(demo_store, visitor_id).serial
    assert panel.caption.text() == f"Sent to expo-pdf — waiting for the printer · serial {serial}"
    assert told[-1] == f"Badge sent to expo-pdf (serial {serial}): waiting for the printer."
    qtbot.waitUntil(lambda: printed_at(demo_store, visitor_id) is not None, timeout=JOB_ENDS)
    done = print_log_repo.entries(demo_store.conn, visitor_id)[-1]
    assert (done["result"], done["job_id"]) == ("printed", sent["job_id"])
    assert panel.caption.text().startswith("Printed on expo-pdf · ")
    assert told[-1] == f"Badge printed on expo-pdf (serial {serial})."
    assert "Badge printed" in workspace.model.index(workspace.model.row_of(visitor_id), COL_STATUS).data()
    out = cups_server.printed(wait=10)
    assert codes_in(out) == [shown_code] and verify_code(demo_store, shown_code).status == "active"


def test_a_queue_that_rejects_jobs_leaves_the_badge_not_printed_and_says_why(cups_server, workspace, demo_store,
                                                                             monkeypatch) -> None:
    cups_server.admin("cupsreject", "-r", "out of badge stock", "expo-pdf")
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text: warnings.append(text)))
    visitor_id = workspace.model.visitor_id(1)
    workspace.select_visitor(visitor_id)
    visitors_before = demo_store.conn.execute("SELECT count(*) FROM visitors").fetchone()[0]
    assert workspace.badge_panel.print_badge() == "failed"
    entry = print_log_repo.entries(demo_store.conn, visitor_id)[-1]
    assert entry["result"] == "failed" and "expo-pdf refused the job" in entry["reason"]
    assert warnings == [f"Not printed: {entry['reason']}"]
    assert workspace.badge_panel.caption.text().startswith(f"Not printed: {entry['reason']}")
    assert printed_at(demo_store, visitor_id) is None
    assert demo_store.conn.execute("SELECT count(*) FROM visitors").fetchone()[0] == visitors_before


def test_a_print_server_that_stops_never_marks_the_badge_printed(cups_server, workspace, demo_store, qtbot) -> None:
    cups_server.admin("cupsdisable", "expo-pdf")  # the job waits in the queue
    panel = workspace.badge_panel
    visitor_id = workspace.model.visitor_id(2)
    workspace.select_visitor(visitor_id)
    assert panel.print_badge() == "sent"
    cups_server.stop()
    qtbot.wait(2500)  # the desk printer keeps asking, and nobody answers
    assert panel.printer.follow_now() == []
    assert printed_at(demo_store, visitor_id) is None
    assert "printed" not in {row[0] for row in demo_store.conn.execute("SELECT result FROM print_log")}
    assert panel.caption.text().startswith("Sent to expo-pdf — waiting for the printer")
    panel.refresh_printer()  # and the desk now says that no printer can be used
    assert panel.printer_line.text().startswith("No printer is set up on this computer, or its print service")


def test_printing_again_asks_and_reissue_revokes_the_old_code(cups_server, workspace, demo_store, qtbot,
                                                              monkeypatch) -> None:
    panel = workspace.badge_panel
    visitor_id = workspace.model.visitor_id(0)
    workspace.select_visitor(visitor_id)
    assert panel.print_badge() == "sent"
    qtbot.waitUntil(lambda: printed_at(demo_store, visitor_id) is not None, timeout=JOB_ENDS)
    first = current_badge(demo_store, visitor_id).code
    monkeypatch.setattr(panel, "_ask_reprint", lambda: "reissue")
    assert panel.print_badge() == "sent"
    second = current_badge(demo_store, visitor_id)
    assert second.code != first and second.printed_at is None  # the new badge is not printed yet
    assert verify_code(demo_store, first).status == "revoked"
    qtbot.waitUntil(lambda: printed_at(demo_store, visitor_id) is not None, timeout=JOB_ENDS)
    qtbot.waitUntil(lambda: len(cups_server.printed()) == 2, timeout=10_000)
    assert sorted(codes_in(cups_server.printed())) == sorted([first, second.code])
    monkeypatch.setattr(panel, "_ask_reprint", lambda: None)
    rows = len(print_log_repo.entries(demo_store.conn, visitor_id))
    assert panel.print_badge() == "cancelled"
    assert len(print_log_repo.entries(demo_store.conn, visitor_id)) == rows


def test_a_printed_badge_whose_details_changed_shows_as_out_of_date(cups_server, workspace, demo_store, hub, qtbot,
                                                                    monkeypatch) -> None:
    panel = workspace.badge_panel
    visitor_id = workspace.model.visitor_id(0)
    workspace.select_visitor(visitor_id)
    assert panel.print_badge() == "sent"
    assert "Badge sent to the printer" in workspace.model.index(workspace.model.row_of(visitor_id), COL_STATUS).data()
    qtbot.waitUntil(lambda: printed_at(demo_store, visitor_id) is not None, timeout=JOB_ENDS)
    draft = draft_from_row(get_visitor(demo_store, visitor_id))
    hub.visitors_changed.emit(update_visitor(demo_store, visitor_id, replace(draft, company="새회사"),
                                             allow_duplicate=True).change)
    status = workspace.model.index(workspace.model.row_of(visitor_id), COL_STATUS).data()
    assert "Badge out of date" in status
    panel.show_visitor(visitor_id)
    assert "out of date (Company changed since)" in panel.caption.text()
    monkeypatch.setattr(panel, "_ask_reprint", lambda: "reprint")
    assert panel.print_badge() == "sent"  # the same code, with the new company
    qtbot.waitUntil(lambda: panel.caption.text().startswith("Printed on"), timeout=JOB_ENDS)
    assert "out of date" not in panel.caption.text()
    assert "Badge printed" in workspace.model.index(workspace.model.row_of(visitor_id), COL_STATUS).data()


def test_scanning_a_confirmation_code_into_search_finds_and_prints_in_one_action(cups_server, workspace, demo_store,
                                                                                 qtbot) -> None:
    from expo_console.services.badges.codes import issue_badge

    visitor_id = demo_store.conn.execute("SELECT id FROM visitors LIMIT 1 OFFSET 42").fetchone()[0]
    code = issue_badge(demo_store, visitor_id)[0].code  # what the confirmation e-mail carried
    workspace.search.setFocus()
    qtbot.keyClicks(workspace.search, code)  # a scanner types digits
    assert workspace.model.rowCount() == 1 and workspace.model.visitor_id(0) == visitor_id
    qtbot.keyClick(workspace.search, Qt.Key.Key_Return)
    assert print_log_repo.entries(demo_store.conn, visitor_id)[-1]["result"] == "sent"
    qtbot.waitUntil(lambda: printed_at(demo_store, visitor_id) is not None, timeout=JOB_ENDS)
    assert codes_in(cups_server.printed(wait=10)) == [code]
    forged = code[:-1] + str((int(code[-1]) + 1) % 10)
    workspace.search.setText(forged)
    assert workspace.scanned_visitor is None and workspace.model.rowCount() == 0


# -- choosing the printer, and a desk without one -----------------------------------------------


def test_the_printer_is_chosen_among_the_systems_with_the_default_first_and_remembered(cups_server, workspace,
                                                                                       qtbot) -> None:
    cups_server.add_pdf_queue("badge-2", "unused")
    desk = workspace.badge_panel.printer
    chooser = PrinterChooser(desk)
    qtbot.addWidget(chooser)
    assert [chooser.box.itemText(i) for i in range(chooser.box.count())] == ["badge-2", "expo-pdf"]
    assert chooser.box.currentText() == "expo-pdf"  # the system's default
    chooser.box.setCurrentIndex(chooser.box.findText("badge-2"))
    chooser.accept()
    assert settings.desk_printer() == "badge-2" and desk.name() == "badge-2"
    dialog = workspace.open_batch_print()
    qtbot.addWidget(dialog)
    assert dialog.printer_box.currentText() == "badge-2" and dialog.to_printer.isChecked()
    cups_server.admin("lpadmin", "-x", "badge-2")  # the desk's printer is gone: the default again
    assert desk.name() == "expo-pdf"


def test_a_desk_without_a_printer_says_so_and_saves_the_badge_as_a_pdf(no_printer, workspace, demo_store, hub, qtbot,
                                                                       tmp_path, monkeypatch) -> None:
    told: list[str] = []
    hub.status_message_requested.connect(told.append)
    panel = workspace.badge_panel
    panel.refresh_printer()
    assert panel.printer_line.text().startswith("No printer is set up on this computer")
    assert "http://localhost:631" in panel.printer_line.text()  # where to add one (Linux)
    assert panel.print_button.text() == "Save badge as PDF… (Ctrl+P)"
    out = tmp_path / "walk-in badge.pdf"
    monkeypatch.setattr(file_dialogs, "save_file", lambda *args, **kwargs: out)
    visitor_id = workspace.model.visitor_id(0)
    workspace.select_visitor(visitor_id)
    qtbot.keyClick(workspace.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    badge = current_badge(demo_store, visitor_id)
    assert codes_in([out]) == [badge.code]
    assert [(e["printer"], e["result"]) for e in print_log_repo.entries(demo_store.conn)] == \
        [("PDF walk-in badge.pdf", "written_to_pdf")]  # never "?"
    assert badge.printed_at is None  # written, not printed
    assert told[-1] == f"Badge written to {out} (serial {badge.serial})."
    assert panel.caption.text() == f"Saved as walk-in badge.pdf, not printed yet · serial {badge.serial}"
    chooser = PrinterChooser(panel.printer)  # nothing to choose, and it says why
    qtbot.addWidget(chooser)
    assert chooser.message.text().startswith("No printer is set up") and not chooser.ok_button.isEnabled()
    chooser.accept()
    dialog = workspace.open_batch_print()
    qtbot.addWidget(dialog)
    assert not dialog.to_printer.isEnabled() and not dialog.printer_box.isEnabled() and dialog.to_pdf.isChecked()
    assert dialog.no_printer.isVisibleTo(dialog) and dialog.no_printer.text().startswith("No printer is set up")
    assert settings.desk_printer() == "" and not QSettings("ExpoConsole", "expo-console").contains("printing/printer")
    with pytest.raises(ValueError):
        settings.set_desk_printer(" ")


# -- the Windows path: sent, then confirmed by the operator -------------------------------------


def test_where_jobs_cannot_be_followed_the_desk_confirms_what_came_out(pdf_spooler, demo_store, hub, english,
                                                                      qtbot) -> None:
    system, out = pdf_spooler
    workspace = RegistrationWorkspace(demo_store, hub, printer=DeskPrinter(demo_store, hub, system=system))
    qtbot.addWidget(workspace)
    workspace.show()
    qtbot.waitUntil(lambda: workspace.is_loaded, timeout=10_000)
    panel = workspace.badge_panel
    assert panel.printer_line.text() == "Printer: Badge PDF"
    visitor_id = workspace.model.visitor_id(3)
    workspace.select_visitor(visitor_id)
    assert panel.print_badge() == "sent"
    entry = print_log_repo.entries(demo_store.conn, visitor_id)[-1]
    assert entry["result"] == "sent" and entry["job_id"].startswith("spooler-")
    qtbot.wait(1500)
    assert printed_at(demo_store, visitor_id) is None  # nobody can tell it came out but the operator
    serial = current_badge(demo_store, visitor_id).serial
    assert panel.caption.text() == f"Sent to Badge PDF · serial {serial}: once it has come out, mark it printed."
    assert panel.confirm_button.isVisibleTo(panel)
    assert codes_in(out.glob("*.pdf")) == [current_badge(demo_store, visitor_id).code]
    qtbot.mouseClick(panel.confirm_button, Qt.MouseButton.LeftButton)
    assert printed_at(demo_store, visitor_id) is not None
    entry = print_log_repo.entries(demo_store.conn, visitor_id)[-1]
    assert (entry["result"], entry["reason"]) == ("printed", "confirmed by the operator")
    assert panel.caption.text().startswith("Printed on Badge PDF") and not panel.confirm_button.isVisibleTo(panel)

    dialog = workspace.open_batch_print()  # a batch: sent, then confirmed in one click
    qtbot.addWidget(dialog)
    dialog.scope_class.setChecked(True)
    dialog.class_box.setCurrentIndex(dialog.class_box.findData("vip"))
    vips = [r[0] for r in demo_store.conn.execute("SELECT id FROM visitors WHERE visitor_class = 'vip'")]
    with qtbot.waitSignal(dialog.batch_done, timeout=60_000):
        dialog.start_button.click()
    assert dialog.model.counts() == {"sent": len(vips)} and dialog.confirm_button.isEnabled()
    assert not any(printed_at(demo_store, v) for v in vips)
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    assert dialog.model.counts() == {"printed": len(vips)}
    assert all(printed_at(demo_store, v) for v in vips)
    assert set(codes_in(out.glob("*.pdf"))) >= {current_badge(demo_store, v).code for v in vips}


# -- batches ------------------------------------------------------------------------------------


def test_a_batch_of_30_to_the_printer_lists_every_badge_printed(cups_server, workspace, demo_store, qtbot) -> None:
    chosen = select_rows(workspace, 30)
    dialog = workspace.open_batch_print()
    qtbot.addWidget(dialog)
    assert dialog.scope_selected.isChecked() and dialog.printer_box.currentText() == "expo-pdf"
    with qtbot.waitSignal(dialog.batch_done, timeout=180_000):
        dialog.start_button.click()
    model = dialog.model
    assert model.rowCount() == 30 and model.counts() == {"printed": 30}
    assert {model.index(row, COL_STATE).data() for row in range(30)} == {"Printed"}
    assert len({model.index(row, COL_JOB).data() for row in range(30)}) == 2  # 25 badges a job
    assert dialog.status.text() == "Printed: 30 · not printed: 0 · not sent: 0"
    assert all(printed_at(demo_store, v) for v in chosen)
    qtbot.waitUntil(lambda: len(cups_server.printed()) == 2, timeout=10_000)
    assert sorted(codes_in(cups_server.printed())) == sorted(current_badge(demo_store, v).code for v in chosen)
    assert settings.desk_printer() == "expo-pdf"  # the printer a batch went to is the desk's


def test_cancelling_a_batch_stops_after_the_job_in_flight_and_the_log_says_which_went_out(
        cups_server, workspace, demo_store, qtbot, monkeypatch) -> None:
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a: QMessageBox.StandardButton.Yes))  # 400
    dialog = workspace.open_batch_print()
    qtbot.addWidget(dialog)
    dialog.scope_all.setChecked(True)
    dialog.progress.valueChanged.connect(lambda value: value > 0 and dialog.cancel_button.click())
    with qtbot.waitSignal(dialog.batch_done, timeout=180_000):
        dialog.start_button.click()
    counts = dialog.model.counts()
    went = dialog.model.visitor_ids("printed")
    assert 25 <= len(went) < 400 and counts == {"printed": len(went), "not_sent": 400 - len(went)}
    assert dialog.status.text().startswith("Cancelled. Printed: ")
    logged = {e["visitor_id"] for e in print_log_repo.entries(demo_store.conn)}
    assert logged == set(went)
    assert {e["result"] for e in print_log_repo.entries(demo_store.conn)} == {"sent", "printed"}
    assert demo_store.conn.execute("SELECT count(*) FROM badges WHERE printed_at IS NOT NULL").fetchone()[0] == len(went)
    assert all(printed_at(demo_store, v) is None for v in dialog.model.visitor_ids("not_sent"))


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


def test_a_class_batch_to_a_pdf_file_is_logged_as_written_to_it(workspace, demo_store, qtbot, tmp_path) -> None:
    dialog = workspace.open_batch_print()
    qtbot.addWidget(dialog)
    dialog.scope_class.setChecked(True)
    dialog.class_box.setCurrentIndex(dialog.class_box.findData("vip"))
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("a4-8up"))
    dialog.pdf_path.setText(str(tmp_path / "vip.pdf"))
    assert dialog.to_pdf.isChecked()  # no printer on this desk
    with qtbot.waitSignal(dialog.batch_done, timeout=30_000):
        dialog.start_button.click()
    vips = {r[0] for r in demo_store.conn.execute("SELECT id FROM visitors WHERE visitor_class = 'vip'")}
    assert set(codes_in([tmp_path / "vip.pdf"])) == {current_badge(demo_store, v).code for v in vips}
    assert {(e["printer"], e["result"]) for e in print_log_repo.entries(demo_store.conn)} == \
        {("PDF vip.pdf", "written_to_pdf")}
    assert not any(printed_at(demo_store, v) for v in vips)
    assert dialog.status.text() == f"{len(vips)} badges written to {tmp_path / 'vip.pdf'}."


def test_the_batch_takes_the_selection_or_waits_for_a_choice(workspace, qtbot) -> None:
    dialog = workspace.open_batch_print()  # nothing selected in the list
    qtbot.addWidget(dialog)
    assert dialog.scope.checkedButton() is None  # not "everyone not printed yet" (hundreds of badges)
    assert not dialog.start_button.isEnabled()
    dialog.class_box.activated.emit(dialog.class_box.findData("vip"))  # the operator picks a class
    assert dialog.scope_class.isChecked() and dialog.start_button.isEnabled()
    select_rows(workspace, 3)
    with_selection = workspace.open_batch_print()
    qtbot.addWidget(with_selection)
    assert with_selection.scope_selected.isChecked() and with_selection.start_button.isEnabled()
    assert with_selection.scope_selected.text() == "Selected visitors (3)"


def test_a_batch_of_more_than_fifty_badges_is_started_only_when_confirmed(workspace, demo_store, qtbot, tmp_path,
                                                                         monkeypatch) -> None:
    asked: list[str] = []
    answer = QMessageBox.StandardButton.No
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda parent, title, text, *a: asked.append(text) or answer))
    dialog = workspace.open_batch_print()
    qtbot.addWidget(dialog)
    dialog.pdf_path.setText(str(tmp_path / "badges.pdf"))
    dialog.scope_unprinted.setChecked(True)
    dialog.start_button.click()
    assert asked == ["This batch has 400 badges. Start it?"]
    assert dialog.task is None and dialog.start_button.isEnabled() and not (tmp_path / "badges.pdf").exists()
    assert demo_store.conn.execute("SELECT count(*) FROM badges").fetchone()[0] == 0  # no codes issued
    dialog.scope_class.setChecked(True)
    dialog.class_box.setCurrentIndex(dialog.class_box.findData("vip"))  # a few: no question
    with qtbot.waitSignal(dialog.batch_done, timeout=30_000):
        dialog.start_button.click()
    assert len(asked) == 1 and (tmp_path / "badges.pdf").exists()


def test_the_batch_list_passes_the_model_tester_and_never_undoes_an_end(qtmodeltester) -> None:
    model = BatchJobsModel()
    model.set_visitors([("v1", "김민수"), ("v2", "Lee Jiwon"), ("v3", "박서준")])
    model.apply([BadgeOutcome("v1", 7, "expo-pdf", "12", "sent"),
                 BadgeOutcome("v2", 8, "expo-pdf", "12", "failed", "out of paper")])
    model.mark_not_sent()
    qtmodeltester.check(model, force_py=True)
    assert [model.index(row, COL_STATE).data() for row in range(3)] == \
        ["Sent — waiting for the printer", "Not printed: out of paper", "Not sent"]
    model.apply([BadgeOutcome("v1", 7, "expo-pdf", "12", "printed")])
    model.apply([BadgeOutcome("v1", 7, "expo-pdf", "12", "sent")])  # its queuing heard late
    assert model.index(0, COL_STATE).data(StateRole) == "printed"
    model.apply([BadgeOutcome("v1", 7, "expo-pdf", "9", "failed", "an older job")])
    assert model.index(0, COL_STATE).data(StateRole) == "printed"
    qtmodeltester.check(model, force_py=True)


# -- the preview --------------------------------------------------------------------------------


def test_the_badge_beside_the_form_is_the_walk_in_being_typed_not_the_visitor_before(workspace, demo_store,
                                                                                   qtbot) -> None:
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
    assert print_log_repo.entries(demo_store.conn) == []  # Ctrl+P does not print the visitor selected before
    for field in ("name", "company"):
        workspace.form.inputs[field].clear()
        workspace.form.inputs[field].textEdited.emit("")
    assert panel.preview.pixmap().isNull()  # nothing typed: no badge


def test_format_choice_changes_the_preview_and_is_remembered(workspace, qtbot, demo_store, hub) -> None:
    panel = workspace.badge_panel
    workspace.select_visitor(workspace.model.visitor_id(0))
    panel.format_box.setCurrentIndex(panel.format_box.findData("cr80"))
    wide = panel.preview.pixmap()
    assert wide.width() > wide.height()  # the card is landscape
    again = RegistrationWorkspace(demo_store, hub)
    qtbot.addWidget(again)
    assert again.badge_panel.format_id == "cr80" and settings.badge_format() == "cr80"


def test_without_the_key_the_panel_shows_no_code_but_the_list_still_works(workspace, demo_store, monkeypatch,
                                                                          tmp_path) -> None:
    from expo_console.services.badges.codes import issue_badge

    visitor_id = workspace.model.visitor_id(0)
    issue_badge(demo_store, visitor_id)
    monkeypatch.setenv("EXPO_CONSOLE_CONFIG_DIR", str(tmp_path / "desk-without-key"))
    assert workspace.select_visitor(visitor_id)  # browsing needs no key
    workspace.badge_panel.show_visitor(visitor_id)
    assert "key import" in workspace.badge_panel.caption.text()  # the MissingKey message
    assert workspace.badge_panel.preview.pixmap().isNull()  # no code drawn from the file
