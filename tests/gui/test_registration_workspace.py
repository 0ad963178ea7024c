"""The registration workspace driven the way a desk operator uses it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPalette
from PySide6.QtWidgets import (
    QLineEdit,
    QMessageBox,
    QScrollArea,
    QStyle,
    QStyleOptionFrame,
    QToolButton,
    QWidget,
)

from expo_console.gui.i18n import install_language
from expo_console.gui.main_window import MainWindow
from expo_console.gui.registration.import_dialog import ImportDialog
from expo_console.gui.registration.visitor_table_model import COL_NAME
from expo_console.gui.registration.workspace import RegistrationWorkspace
from expo_console.services.events import open_event
from expo_console.services.importing.runs import RunRecord, fingerprint
from expo_console.storage import audit_repo
from expo_console.storage.connection import EventStore
from expo_console.storage.import_runs_repo import RunProgress
from qt_support import type_text, wheel
from support import TEST_STAMP, dead_process


def shown_names(workspace: RegistrationWorkspace) -> list[str]:
    model = workspace.model
    return [model.data(model.index(r, COL_NAME)) for r in range(model.rowCount())]


@pytest.fixture
def laptop_window(qtbot, demo_store, hub, console_style):  # type: ignore[no-untyped-def]
    """open_in(language): the main window on the registration workspace of a 1366×768 laptop."""
    def open_in(language: str) -> MainWindow:
        install_language(language)
        window = MainWindow(demo_store, hub, "registration")
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        qtbot.waitExposed(window)
        qtbot.waitUntil(lambda: window.registration.is_loaded, timeout=10_000)
        assert window.size().toTuple() == (1366, 768)  # the layout fits: Qt did not have to grow it
        return window

    yield open_in
    install_language("en")


def text_room(edit: QLineEdit) -> int:
    """The pixels a line edit has for its text: its contents less the clear button and margins."""
    option = QStyleOptionFrame()
    edit.initStyleOption(option)
    contents = edit.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, edit)
    margins = edit.textMargins()
    clear_button = sum(button.width() for button in edit.findChildren(QToolButton))
    return contents.width() - margins.left() - margins.right() - clear_button - 2 * 2  # Qt's 2 px a side


@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_search_hint_is_whole_on_a_laptop(laptop_window, language: str) -> None:
    search = laptop_window(language).registration.search
    hint = search.placeholderText()
    assert ("초성" if language == "ko" else "initials") in hint
    assert QFontMetrics(search.font()).horizontalAdvance(hint) <= text_room(search)


def inside(widget: QWidget, area: QWidget) -> bool:
    """Whether the whole of `widget` lies within `area` (e.g. a scroll area's viewport)."""
    return area.rect().contains(QRect(widget.mapTo(area, QPoint(0, 0)), widget.size()))


def viewport_of(widget: QWidget) -> QWidget:
    """The viewport of the scroll area `widget` is in."""
    parent = widget.parentWidget()
    while not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    return parent.viewport()


def is_red(colour: QColor) -> bool:
    return colour.red() > 150 and colour.green() < 90 and colour.blue() < 90


@pytest.mark.parametrize("language", ["ko", "en"])
def test_on_a_laptop_the_consents_save_and_errors_are_in_view(laptop_window, language: str, qtbot) -> None:
    window = laptop_window(language)
    form = window.registration.form
    viewport = viewport_of(form.consents[next(iter(form.consents))])
    assert all(inside(box, viewport) for box in form.consents.values())  # no scrolling to reach them
    assert inside(form.save_button, window) and form.save_button.isVisible()
    assert form.save() is None  # nothing typed: the name and the consent are missing
    qtbot.waitUntil(lambda: form.errors["consents"].isVisible())
    assert inside(form.errors["name"], viewport) and inside(form.errors["consents"], viewport)
    assert inside(form.feedback, window) and form.feedback.isVisible()


def test_ctrl_s_without_consent_puts_the_focus_on_it_and_says_so_in_red(laptop_window, qtbot) -> None:
    window = laptop_window("ko")
    form = window.registration.form
    window.activateWindow()
    type_text(form.inputs["name"], "Walk In")
    qtbot.keyClick(form.inputs["name"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    required = form.consents[next(iter(form.consents))]
    qtbot.waitUntil(required.hasFocus)
    assert form.errors["consents"].isVisible() and inside(form.errors["consents"], viewport_of(required))
    assert form.feedback.text() == "저장하지 못했습니다: 표시된 항목을 고치세요."
    assert form.feedback.property("state") == "error"
    feedback_colour = form.feedback.palette().color(QPalette.ColorRole.WindowText)
    assert is_red(feedback_colour), feedback_colour.name()  # it was green (#1b5e20) like a success
    assert is_red(form.errors["consents"].palette().color(QPalette.ColorRole.WindowText))
    required.setChecked(True)
    qtbot.keyClick(form.inputs["name"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert form.feedback.property("state") == "saved"
    assert form.feedback.palette().color(QPalette.ColorRole.WindowText).green() > 80  # a save is green


def test_on_a_short_screen_the_first_problem_is_scrolled_into_view(workspace, qtbot) -> None:
    workspace.resize(1300, 420)  # the fields no longer fit: they scroll, Save stays under them
    form = workspace.form
    qtbot.waitUntil(lambda: form.scroll.verticalScrollBar().maximum() > 0)
    type_text(form.inputs["name"], "Walk In")
    assert form.save() is None
    required = form.consents[next(iter(form.consents))]
    assert required.hasFocus()
    assert form.scroll.verticalScrollBar().value() > 0
    assert inside(required, form.scroll.viewport()) and inside(form.errors["consents"], form.scroll.viewport())
    assert inside(form.save_button, workspace)


def test_walk_in_typed_into_the_form_appears_in_the_list_and_file(workspace, demo_store, qtbot) -> None:
    form = workspace.form
    type_text(form.inputs["name"], "홍길동")
    type_text(form.inputs["company"], "(주)똠양식품")
    type_text(form.inputs["phone"], "010-9876-5432")
    type_text(form.inputs["email"], "hong@example.kr")
    form.class_box.setCurrentIndex(form.class_box.findData("domestic_buyer"))
    form.consents[next(iter(form.consents))].setChecked(True)
    qtbot.keyClick(form.inputs["email"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    row = demo_store.conn.execute(
        "SELECT name, company, phone, visitor_class FROM visitors WHERE email = 'hong@example.kr'").fetchone()
    assert row == ("홍길동", "(주)똠양식품", "010-9876-5432", "domestic_buyer")
    assert "Saved" in form.feedback.text()
    assert form.inputs["name"].text() == ""  # ready for the next walk-in
    type_text(workspace.search, "ㅎㄱㄷ")
    assert "홍길동" in shown_names(workspace)
    assert workspace.selected_visitor_id() is not None or workspace.model.rowCount() >= 1


def test_the_wheel_over_the_unfocused_class_box_leaves_the_class_alone(workspace, demo_store, qtbot) -> None:
    form = workspace.form
    qtbot.waitExposed(workspace)
    workspace.activateWindow()
    type_text(form.inputs["name"], "Walk In")
    qtbot.waitUntil(form.inputs["name"].hasFocus)
    assert form.class_box.focusPolicy() == Qt.FocusPolicy.StrongFocus  # a wheel does not focus it
    for _ in range(3):
        wheel(form.class_box, -1)  # scrolling the form down, the pointer passing over 구분
    assert form.class_box.currentData() == "visitor"
    assert form.inputs["name"].hasFocus()
    form.consents[next(iter(form.consents))].setChecked(True)
    visitor_id = form.save()
    assert demo_store.conn.execute("SELECT visitor_class FROM visitors WHERE id = ?",
                                   (visitor_id,)).fetchone()[0] == "visitor"
    form.class_box.setFocus()  # chosen on purpose: then the wheel does step through the classes
    qtbot.waitUntil(form.class_box.hasFocus)
    wheel(form.class_box, -1)
    assert form.class_box.currentData() == "domestic_buyer"


def test_no_combo_or_spin_box_in_the_window_takes_the_wheel_without_the_focus(laptop_window, qtbot) -> None:
    from PySide6.QtWidgets import QAbstractSpinBox, QComboBox

    window = laptop_window("en")
    dialog = window.registration.open_batch_print()
    qtbot.addWidget(dialog)
    kinds = (QComboBox, QAbstractSpinBox)
    boxes = [box for parent in (window, dialog) for kind in kinds for box in parent.findChildren(kind)]
    for box in boxes:
        box.ensurePolished()  # as when its tab or dialog is first shown
    assert len(boxes) >= 20  # registration, batch, floor plan, check-in set-up, dashboard
    assert not [box for box in boxes if box.focusPolicy() == Qt.FocusPolicy.WheelFocus]  # Qt's default for them

    def values() -> list[object]:
        return [box.currentIndex() if isinstance(box, QComboBox) else box.text() for box in boxes]

    before = values()
    for box in boxes:
        wheel(box, -1)
    assert values() == before


def test_editing_keeps_the_phone_masked_and_unchanged_unless_retyped(workspace, demo_store, qtbot) -> None:
    visitor_id, phone = demo_store.conn.execute(
        "SELECT id, phone FROM visitors WHERE phone LIKE '010-%' LIMIT 1").fetchone()
    workspace.select_visitor(visitor_id)
    workspace.edit_selected()
    form = workspace.form
    assert form.inputs["phone"].text() == phone[:4] + "****" + phone[8:]
    form.inputs["title"].setText("이사")
    assert form.save() == visitor_id
    assert demo_store.conn.execute("SELECT phone, title FROM visitors WHERE id = ?",
                                   (visitor_id,)).fetchone() == (phone, "이사")
    form.load(visitor_id)
    form.inputs["phone"].setText("010-1357-2468")
    form.save()
    assert demo_store.conn.execute("SELECT phone FROM visitors WHERE id = ?", (visitor_id,)).fetchone()[0] == "010-1357-2468"


def test_invalid_walk_in_shows_errors_under_the_fields_and_saves_nothing(workspace, demo_store) -> None:
    before = demo_store.conn.execute("SELECT count(*) FROM visitors").fetchone()[0]
    type_text(workspace.form.inputs["email"], "not-an-email")
    assert workspace.form.save() is None
    assert workspace.form.errors["name"].isVisible()
    assert "valid" in workspace.form.errors["email"].text()
    assert workspace.form.errors["consents"].isVisible()
    assert demo_store.conn.execute("SELECT count(*) FROM visitors").fetchone()[0] == before


def test_probable_duplicate_asks_before_saving(workspace, demo_store, monkeypatch) -> None:
    name, company, email = demo_store.conn.execute(
        "SELECT name, company, email FROM visitors WHERE country = 'KR' LIMIT 1").fetchone()
    asked = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: asked.append(self.text()) or QMessageBox.StandardButton.Cancel)
    form = workspace.form
    type_text(form.inputs["name"], name)
    type_text(form.inputs["company"], company)
    type_text(form.inputs["email"], email.upper())
    form.consents[next(iter(form.consents))].setChecked(True)
    assert form.save() is None
    assert asked and name in asked[0]
    assert demo_store.conn.execute("SELECT count(*) FROM visitors WHERE email_key = ?",
                                   (email.lower(),)).fetchone()[0] == 1


def test_search_narrows_per_keystroke_by_initials_and_phone_tail(workspace, demo_store) -> None:
    name, phone = demo_store.conn.execute(
        "SELECT name, phone FROM visitors WHERE country = 'KR' AND phone != '' LIMIT 1").fetchone()
    from expo_console.domain.hangul import initial_consonants
    type_text(workspace.search, initial_consonants(name))
    assert name in shown_names(workspace)
    workspace.search.clear()
    type_text(workspace.search, phone[-4:])
    assert name in shown_names(workspace)
    assert workspace.model.rowCount() < 50


def test_filters_by_class(workspace) -> None:
    workspace.filters.class_filter.setCurrentIndex(workspace.filters.class_filter.findData("vip"))
    classes = {workspace.model.index_data.value(int(p), "visitor_class") for p in workspace.model._rows}
    assert classes == {"vip"}
    assert "shown of" in workspace.count_label.text()


def test_filters_by_company_and_clearing_the_text_shows_all_again(workspace, demo_store) -> None:
    company = demo_store.conn.execute(
        "SELECT company FROM visitors WHERE company != '' GROUP BY company ORDER BY count(*) DESC").fetchone()[0]
    combo = workspace.filters.company_filter
    combo.setCurrentIndex(combo.findData(company))
    shown = {workspace.model.index_data.value(int(p), "company") for p in workspace.model._rows}
    assert shown == {company}
    combo.lineEdit().clear()
    combo.lineEdit().textEdited.emit("")
    assert workspace.model.rowCount() == len(workspace.model.index_data)


def test_reveal_phone_needs_a_reason_and_is_logged(workspace, demo_store, monkeypatch) -> None:
    prompts = _answers(monkeypatch, (" ", True), ("본인 확인", True))
    visitor_id = demo_store.conn.execute("SELECT id FROM visitors WHERE phone LIKE '010-%' LIMIT 1").fetchone()[0]
    assert workspace.select_visitor(visitor_id)
    workspace.reveal_selected_phone()
    row = workspace.model.row_of(visitor_id)
    phone = demo_store.conn.execute("SELECT phone FROM visitors WHERE id = ?", (visitor_id,)).fetchone()[0]
    assert workspace.model.data(workspace.model.index(row, 5)) == phone
    assert audit_repo.entries(demo_store.conn, visitor_id)[-1]["action"] == "reveal_phone"
    assert len(prompts) == 2 and "A reason is required" in prompts[1]


def _answers(monkeypatch, *answers: tuple[str, bool]) -> list[str]:  # type: ignore[no-untyped-def]
    """QInputDialog.getText answered in turn; returns the prompts it showed."""
    from PySide6.QtWidgets import QInputDialog

    prompts: list[str] = []
    given = iter(answers)
    monkeypatch.setattr(QInputDialog, "getText",
                        staticmethod(lambda _parent, _title, label, *a, **k: (prompts.append(label), next(given))[1]))
    return prompts


def test_delete_asks_for_the_reason_and_removes(workspace, demo_store, monkeypatch) -> None:
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    prompts = _answers(monkeypatch, ("", True), ("  중복 등록 ", True))
    visitor_id = workspace.model.visitor_id(0)
    workspace.select_visitor(visitor_id)
    workspace.delete_selected()
    assert "A reason is required" in prompts[1]  # an empty reason is asked again
    assert workspace.model.row_of(visitor_id) is None
    assert demo_store.conn.execute("SELECT count(*) FROM visitors WHERE id = ?", (visitor_id,)).fetchone()[0] == 0
    entry = audit_repo.entries(demo_store.conn)[-1]  # about the erased visitor's pseudonym
    assert (entry["action"], entry["operator"], entry["detail"]["reason"]) == ("delete", TEST_STAMP.operator, "중복 등록")
    assert audit_repo.entries(demo_store.conn, visitor_id) == []


def test_a_deletion_without_a_reason_deletes_nothing(workspace, demo_store, monkeypatch) -> None:
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    _answers(monkeypatch, ("", False))  # Cancel on the reason
    visitor_id = workspace.model.visitor_id(0)
    workspace.select_visitor(visitor_id)
    workspace.delete_selected()
    assert workspace.model.row_of(visitor_id) is not None
    assert demo_store.conn.execute("SELECT count(*) FROM visitors WHERE id = ?", (visitor_id,)).fetchone()[0] == 1


def test_an_unmasked_export_asks_why_and_the_access_records_keep_it(workspace, qtbot, monkeypatch,
                                                                    demo_store, tmp_path: Path) -> None:
    from expo_console.gui import file_dialogs

    out = tmp_path / "visitors.csv"
    monkeypatch.setattr(file_dialogs, "save_file", lambda *a, **k: out)
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    _answers(monkeypatch, ("택배 발송 명단", True))
    told: list[str] = []
    workspace.hub.status_message_requested.connect(told.append)
    workspace.export_list()
    qtbot.waitUntil(lambda: bool(told), timeout=10_000)
    exports = [e for e in audit_repo.entries(demo_store.conn) if e["action"] == "export"]
    assert exports[-1]["detail"]["unmasked"] and exports[-1]["detail"]["reason"] == "택배 발송 명단"


def test_the_list_is_exported_with_the_classes_named_in_the_windows_language(workspace, qtbot, monkeypatch,
                                                                            tmp_path: Path) -> None:
    import csv

    from expo_console.gui import file_dialogs

    out = tmp_path / "visitors.csv"
    monkeypatch.setattr(file_dialogs, "save_file", lambda *a, **k: out)
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.No))
    told: list[str] = []
    workspace.hub.status_message_requested.connect(told.append)
    workspace.export_list()  # the English window
    qtbot.waitUntil(lambda: bool(told), timeout=10_000)
    assert told == [f"400 visitors exported to {out}"]  # the message failed on the Path (TypeError)
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert "Visitor" in {row[4] for row in rows[1:]} and "visitor" in {row[-1] for row in rows[1:]}


def test_an_import_cancelled_by_closing_its_dialog_still_shows_the_rows_it_stored(workspace, demo_store, qtbot,
                                                                                 tmp_path: Path) -> None:
    # The operator closes the import window while the worker writes: that cancels the import,
    # and the rows stored before the cancel stay. The list must show them, although the dialog
    # (whose callback used to tell the views) is gone.
    source = tmp_path / "명단.csv"
    rows = "".join(f"방문자{i},회사{i},010-2{i // 10000:03d}-{i % 10000:04d},v{i}@x.kr\n" for i in range(40_000))
    source.write_text("성명,회사명,휴대폰,이메일\n" + rows, encoding="utf-8-sig")
    before = len(shown_names(workspace))

    def stored() -> int:
        return int(demo_store.conn.execute("SELECT count(*) FROM visitors").fetchone()[0])

    dialog = workspace.import_file(str(source))
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    dialog.import_button.click()
    qtbot.waitUntil(lambda: stored() > before, timeout=30_000)  # a batch is in
    dialog.close()
    dialog.deleteLater()
    qtbot.waitUntil(lambda: len(shown_names(workspace)) == stored() > before, timeout=30_000)


def test_import_dialog_maps_previews_and_imports_in_the_background(workspace, demo_store, qtbot, tmp_path: Path) -> None:
    source = tmp_path / "사전등록.csv"
    source.write_bytes(("행사 사전등록 명단\n성명,소속,연락처,E-mail,메모란\n"
                        "정똠,(주)똠,010-1111-0000,ttom@x.com,x\n오류행,,,bad,\n").encode("cp949"))
    dialog = workspace.import_file(str(source))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    assert dialog.current_mapping() == {0: "name", 1: "company", 2: "phone", 3: "email"}
    assert dialog.preview.rowCount() == 2
    # Rows as the file numbers them (a title and a header above), as the report will name them:
    # the preview said 1 and 2 while the report said row 4.
    assert [dialog.preview.headerData(r, Qt.Orientation.Vertical) for r in range(2)] == ["3", "4"]
    assert dialog.preview.data(dialog.preview.index(1, 0)) == "오류행"
    before = demo_store.conn.execute("SELECT count(*) FROM visitors").fetchone()[0]
    with qtbot.waitSignal(dialog.finished_import, timeout=10_000):
        dialog.import_button.click()
    assert "1" in dialog.status.text()
    assert "Row 4" in dialog.report_view.toPlainText()
    qtbot.waitUntil(lambda: "정똠" in shown_names(workspace), timeout=10_000)
    assert demo_store.conn.execute("SELECT count(*) FROM visitors").fetchone()[0] == before + 1


def test_import_dialog_offers_both_duplicate_columns_and_lets_the_mapping_choose(workspace, qtbot) -> None:
    source = Path(__file__).parent.parent / "data" / "hostile" / "duplicate_headers.csv"
    dialog = workspace.import_file(str(source))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    assert len(dialog.combos) == 5
    assert dialog.current_mapping() == {0: "name", 1: "email", 2: "company"}
    assert "1 (성명), 4 (성명)" in dialog.report_view.toPlainText()  # warned before importing
    assert dialog.mapping_form.labelForField(dialog.combos[3]).text() == "성명 (column 4)"
    dialog.combos[3].setCurrentIndex(dialog.combos[3].findData("name"))  # the second 성명 instead
    assert dialog.current_mapping() == {1: "email", 2: "company", 3: "name"}
    assert "column 4 is used" in dialog.report_view.toPlainText()
    assert "Kim Ki-mun" in [dialog.preview.data(dialog.preview.index(0, c)) for c in range(dialog.preview.columnCount())]


def test_the_import_preview_numbers_rows_as_the_file_and_its_errors_do(workspace, qtbot) -> None:
    source = Path(__file__).parent.parent / "data" / "hostile" / "unclosed_quote.csv"  # row 3 is skipped
    dialog = workspace.import_file(str(source))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    shown = [dialog.preview.headerData(r, Qt.Orientation.Vertical) for r in range(dialog.preview.rowCount())]
    assert shown == ["2", "4", "5"]  # it said 1, 2, 3: the row "3" it showed was the file's row 5
    assert dialog.report_view.toPlainText().startswith("Row 3: ")


def test_import_of_a_broken_file_says_why_without_freezing(workspace, qtbot, tmp_path: Path) -> None:
    source = tmp_path / "broken.xlsx"
    source.write_bytes(b"PK\x03\x04garbage")
    dialog = workspace.import_file(str(source))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "damaged" in dialog.status.text(), timeout=10_000)
    assert not dialog.import_button.isEnabled()


# -- an import that was interrupted: told on open, run again or dismissed ---------------------------

INTERRUPTED_LIST = "성명,이메일\n중단가,stop-a@x.com\n중단나,stop-b@x.com\n중단다,stop-c@x.com\n"


def killed_import(store: EventStore, tmp_path: Path) -> tuple[Path, str]:
    """An import of three rows killed after committing the first: its run still says 'running',
    its process is gone (a real kill is tested in tests/core/test_import.py)."""
    source = tmp_path / "pre-registered.csv"
    source.write_text(INTERRUPTED_LIST, encoding="utf-8")
    run = RunRecord(store, fingerprint(source), 3, process=dead_process())
    with store.write():
        run.record(RunProgress(1, 2, 1, 0, 0, 0))
    return source, run.run_id


def opened_workspace(qtbot, store: EventStore, hub) -> RegistrationWorkspace:  # type: ignore[no-untyped-def]
    widget = RegistrationWorkspace(store, hub)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitUntil(lambda: widget.is_loaded, timeout=10_000)
    return widget


def test_an_interrupted_import_is_told_on_open_and_run_again_opens_the_import_on_its_file(
        qtbot, demo_store, hub, english, tmp_path: Path) -> None:
    source, _run_id = killed_import(demo_store, tmp_path)
    workspace = opened_workspace(qtbot, demo_store, hub)
    notice = workspace.interrupted_notice
    assert notice.isVisible()
    assert notice.text.text().startswith("An import of pre-registered.csv was interrupted at row 1 of 3 (")
    assert f"desk {TEST_STAMP.desk_id}). Run it again to complete it" in notice.text.text()
    qtbot.mouseClick(notice.run_again_button, Qt.MouseButton.LeftButton)
    dialog = workspace.findChild(ImportDialog)
    assert dialog is not None and dialog.source == Path(str(source.resolve()))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    with qtbot.waitSignal(dialog.finished_import, timeout=10_000):
        dialog.import_button.click()
    assert "completed the import of this file interrupted at row 1" in dialog.status.text()
    assert not notice.isVisible()  # completed: closed for good


def test_dismissing_an_interrupted_import_hides_it_for_good(qtbot, demo_store, hub, english,
                                                              tmp_path: Path) -> None:
    _source, run_id = killed_import(demo_store, tmp_path)
    workspace = opened_workspace(qtbot, demo_store, hub)
    assert workspace.interrupted_notice.isVisible()
    qtbot.mouseClick(workspace.interrupted_notice.dismiss_button, Qt.MouseButton.LeftButton)
    assert not workspace.interrupted_notice.isVisible()
    assert [e["action"] for e in audit_repo.entries(demo_store.conn, run_id)][-1] == "import_dismissed"
    reopened = open_event(demo_store.path, TEST_STAMP)  # the next open of the event
    try:
        assert not opened_workspace(qtbot, reopened, hub).interrupted_notice.isVisible()
    finally:
        reopened.close()


def test_run_again_on_a_file_that_is_gone_says_so_instead(qtbot, demo_store, hub, english, tmp_path: Path) -> None:
    source, _run_id = killed_import(demo_store, tmp_path)
    workspace = opened_workspace(qtbot, demo_store, hub)
    source.unlink()
    qtbot.mouseClick(workspace.interrupted_notice.run_again_button, Qt.MouseButton.LeftButton)
    assert workspace.findChild(ImportDialog) is None
    assert "pre-registered.csv is no longer at" in workspace.interrupted_notice.text.text()
    assert not workspace.interrupted_notice.run_again_button.isEnabled()


def test_a_deleted_visitor_leaves_the_badge_panel_and_the_form(laptop_window, demo_store, monkeypatch) -> None:
    """Issue 21's tester deleted the visitor whose badge was shown: the name, QR and serial
    stayed, and "Save badge as PDF" answered in English that there is no such visitor."""
    window = laptop_window("ko")
    workspace = window.registration
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    _answers(monkeypatch, ("중복 등록", True))
    visitor_id = workspace.model.visitor_id(0)
    name = demo_store.conn.execute("SELECT name FROM visitors WHERE id = ?", (visitor_id,)).fetchone()[0]
    type_text(workspace.search, name)  # as the tester did: found by name, then deleted
    assert workspace.select_visitor(visitor_id)
    workspace.edit_selected()
    assert workspace.badge_panel.visitor_id == visitor_id and workspace.badge_panel.print_button.isEnabled()
    assert workspace.form.editing_id == visitor_id
    workspace.delete_selected()
    assert workspace.model.row_of(visitor_id) is None
    panel = workspace.badge_panel
    assert panel.visitor_id is None and not panel.print_button.isEnabled()
    assert panel.preview.pixmap().isNull() and panel.caption.text() == "방문자를 선택하거나 현장 등록을 저장하면 배지가 보입니다."
    assert workspace.form.editing_id is None and workspace.form.inputs["name"].text() == ""


def test_a_badge_for_a_visitor_who_is_gone_is_refused_in_korean(laptop_window, demo_store) -> None:
    from expo_console.gui.labels import error_text
    from expo_console.services.badges.codes import BadgeError, issue_badge

    laptop_window("ko")
    with pytest.raises(BadgeError) as refused:
        issue_badge(demo_store, "01a23435f40776ea81b3447439ed4907")
    said = error_text(refused.value)
    assert said.startswith("이 방문자는 이제 이 행사에 없습니다") and "01a23435" not in said


def test_a_revealed_phone_number_is_shown_whole_on_a_laptop(laptop_window, demo_store, monkeypatch) -> None:
    """Issue 21's tester revealed a number and read "010-2345-67": the rest was past the list's edge."""
    from expo_console.gui.registration.visitor_table_model import COL_PHONE

    window = laptop_window("ko")
    workspace = window.registration
    _answers(monkeypatch, ("본인 확인", True))
    visitor_id = demo_store.conn.execute("SELECT id FROM visitors WHERE phone LIKE '010-%' LIMIT 1").fetchone()[0]
    assert workspace.select_visitor(visitor_id)
    workspace.reveal_selected_phone()
    cell = workspace.model.index(workspace.model.row_of(visitor_id), COL_PHONE)
    phone = cell.data()
    assert "*" not in phone
    shown = workspace.table.visualRect(cell)
    assert workspace.table.viewport().rect().contains(shown)  # all of the cell in the list's view
    assert QFontMetrics(workspace.table.font()).horizontalAdvance(phone) < shown.width() - 6  # not elided
    name = workspace.model.index(cell.row(), COL_NAME)
    assert workspace.table.viewport().rect().intersects(workspace.table.visualRect(name))  # whose, still in view


def test_the_reveal_prompt_names_the_visitor_and_says_an_empty_reason_in_red(laptop_window, demo_store, qtbot) -> None:
    """The real prompt, answered as a person would: first nothing, then a reason."""
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QTextDocument
    from PySide6.QtWidgets import QApplication, QInputDialog, QLabel

    window = laptop_window("ko")
    workspace = window.registration
    visitor_id, name = demo_store.conn.execute(
        "SELECT id, name FROM visitors WHERE phone LIKE '010-%' AND name != '' LIMIT 1").fetchone()
    assert workspace.select_visitor(visitor_id)
    seen: list[tuple[str, str]] = []  # (the label as shown, its colour where it says a reason is required)

    def answer(reason: str, then: list[str]) -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            QTimer.singleShot(20, lambda: answer(reason, then))
            return
        label = next(lbl for lbl in dialog.findChildren(QLabel) if lbl.text() == dialog.labelText())
        document = QTextDocument()
        if "<span" in label.text():
            document.setHtml(label.text())
        else:
            document.setPlainText(label.text())
        red = ""
        for block in (document.findBlockByNumber(i) for i in range(document.blockCount())):
            fragment = block.begin()
            while not fragment.atEnd():
                part = fragment.fragment()
                if "필수입니다" in part.text():
                    red = part.charFormat().foreground().color().name()
                fragment += 1
        seen.append((document.toPlainText(), red))
        dialog.setTextValue(reason)
        dialog.accept()
        if then:
            QTimer.singleShot(0, lambda: answer(then[0], then[1:]))

    QTimer.singleShot(0, lambda: answer("", ["본인 확인 요청"]))
    workspace.reveal_selected_phone()
    assert seen[0][0].startswith(f"{name} 님의 전화번호를 보는 사유")
    assert "사유는 필수입니다" in seen[1][0] and seen[1][1] == "#b71c1c"
    assert audit_repo.entries(demo_store.conn, visitor_id)[-1]["detail"]["reason"] == "본인 확인 요청"
