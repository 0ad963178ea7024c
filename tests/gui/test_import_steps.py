"""The import dialog on lists from registration tools: the value step for the class column, the
header row and columns mapped by hand when none was recognised, a consent asked about, and the
mapping remembered for the next file of the same source."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from expo_console.gui.registration.import_dialog import ImportDialog
from expo_console.gui.registration.import_steps import CLASS_ROLE, COL_CLASS, ClassValuesModel
from expo_console.services.importing.class_values import ClassValue
from expo_console.storage.connection import EventStore

PLATFORM = (
    "2022 스마트비즈엑스포 참가자 목록\n"
    "번호,참가자명,연락처,이메일,소속,티켓명,신청일시,신청상태\n"
    "1,최우진,010-4567-8901,wj.choi@buyer.com,우진상사,바이어 상담 신청,2022-09-20 15:14:07,승인\n"
    "2,Jane Smith,+1 213 555 0101,jane@overseas.com,Smith Imports,해외 바이어 (Overseas buyer),2022.09.20 15:20,승인\n"
    "3,정하늘,010-5678-9012,haneul@press.kr,하늘신문,프레스,2022/9/21 오후 2:05,대기\n"
    "4,강도윤,010-6789-0123,doyun@gmail.com,,일반 관람 (무료),2022-09-21 10:00:00,취소\n"
    "5,오민석,010-1212-3434,ms@partner.kr,민석물산,파트너사 초청,2022-09-21 12:00:00,승인\n"
)


def opened(workspace, qtbot, path: Path) -> ImportDialog:  # type: ignore[no-untyped-def]
    dialog = workspace.import_file(str(path))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    return dialog


def class_column(dialog: ImportDialog) -> list[tuple[str, str]]:
    model = dialog.class_step.model
    return [(model.index(r, 0).data(), model.index(r, COL_CLASS).data(CLASS_ROLE)) for r in range(model.rowCount())]


def stored(store: EventStore, email: str) -> tuple[str, str, str | None]:
    return store.conn.execute("SELECT visitor_class, registration_status, registered_at FROM visitors"
                              " WHERE email = ?", (email,)).fetchone()


def test_the_value_step_proposes_a_class_per_ticket_name_and_imports_the_operators_choice(
        workspace, demo_store, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "attendees.csv"
    source.write_bytes(PLATFORM.encode("cp949"))
    dialog = opened(workspace, qtbot, source)
    assert dialog.steps.currentWidget() is dialog.class_step  # proposals to confirm are shown first
    assert dialog.steps.tabText(1) == "Class values (5)"
    assert class_column(dialog) == [("바이어 상담 신청", "domestic_buyer"), ("해외 바이어 (Overseas buyer)", "overseas_buyer"),
                                    ("프레스", "press"), ("일반 관람 (무료)", "visitor"), ("파트너사 초청", "visitor")]
    # No word says what '파트너사 초청' is: it is marked for a look, and the operator picks VIP in its combo box.
    model = dialog.class_step.model
    unsure = model.index(4, COL_CLASS)
    assert model.data(unsure, Qt.ItemDataRole.BackgroundRole) is not None  # highlighted for a look
    combo = dialog.class_step.view.indexWidget(unsure)
    assert isinstance(combo, QComboBox) and combo.currentData() == "visitor"
    combo.setCurrentIndex(combo.findData("vip"))
    combo.activated.emit(combo.currentIndex())
    assert class_column(dialog)[4] == ("파트너사 초청", "vip")
    with qtbot.waitSignal(dialog.finished_import, timeout=10_000):
        dialog.import_button.click()
    assert stored(demo_store, "ms@partner.kr") == ("vip", "registered", "2022-09-21T03:00:00.000Z")
    assert stored(demo_store, "jane@overseas.com") == ("overseas_buyer", "registered", "2022-09-20T06:20:00.000Z")
    assert stored(demo_store, "haneul@press.kr") == ("press", "waiting", "2022-09-21T05:05:00.000Z")
    assert stored(demo_store, "doyun@gmail.com") is None  # cancelled: not imported
    assert "Row 6: The list says this registration is cancelled" in dialog.report_view.toPlainText()
    # The next export of the same platform opens with the mapping and the choice remembered.
    dialog.close()
    second = tmp_path / "attendees-2.csv"
    second.write_bytes(PLATFORM.replace("오민석,010-1212-3434,ms@partner.kr", "오민지,010-5656-7878,mj@partner.kr")
                       .encode("cp949"))
    again = opened(workspace, qtbot, second)
    assert "remembered" in again.status.text()
    assert class_column(again)[4] == ("파트너사 초청", "vip")
    settings = json.loads(demo_store.conn.execute("SELECT settings_json FROM event").fetchone()[0])
    assert [m["classes"]["파트너사 초청"] for m in settings["import_mappings"].values()] == ["vip"]


def test_with_no_header_recognised_the_header_row_and_columns_are_chosen_by_hand(
        workspace, demo_store, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "survey.csv"
    source.write_text("설문 결과\n응답자,회사,번호\n홍길동,길동상사,01011112222\n", encoding="utf-8")
    dialog = opened(workspace, qtbot, source)
    assert "No header row was recognised" in dialog.status.text()
    assert not dialog.import_button.isEnabled()
    assert dialog.header_picker.combo.itemText(1) == "Row 2: 응답자 | 회사 | 번호"
    dialog.header_picker.choose(2)
    assert [dialog.mapping_form.labelForField(c).text() for c in dialog.combos.values()] == ["응답자", "회사", "번호"]
    for column, field in ((0, "name"), (2, "phone")):
        dialog.combos[column].setCurrentIndex(dialog.combos[column].findData(field))
    assert dialog.current_mapping() == {0: "name", 1: "company", 2: "phone"}
    assert dialog.preview.rowCount() == 1
    assert [dialog.preview.data(dialog.preview.index(0, c)) for c in range(3)] == ["홍길동", "길동상사", "01011112222"]
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.finished_import, timeout=10_000):
        dialog.import_button.click()
    assert demo_store.conn.execute("SELECT company, phone FROM visitors WHERE name = '홍길동'").fetchone() == \
        ("길동상사", "010-1111-2222")
    # The same survey exported again: its header row is found by the remembered mapping.
    dialog.close()
    again = opened(workspace, qtbot, source)
    assert again.current_mapping() == {0: "name", 1: "company", 2: "phone"}
    assert again.plan is not None and again.plan.header_row_number == 2 and again.import_button.isEnabled()


def test_a_consent_column_of_unknown_purpose_holds_the_import_until_someone_chooses(
        workspace, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "form.csv"
    source.write_text("성함,이메일,개인정보 제공 동의\n김가,a@x.kr,동의\n", encoding="utf-8")
    dialog = opened(workspace, qtbot, source)
    assert dialog.combos[2].currentData() == "consent_unknown"
    assert not dialog.import_button.isEnabled() and not dialog.dry_run_button.isEnabled()
    assert "asks for a consent without saying which" in dialog.status.text()
    dialog.combos[2].setCurrentIndex(dialog.combos[2].findData("consent_required"))
    assert dialog.import_button.isEnabled()


def test_the_class_values_model_passes_the_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = ClassValuesModel()
    model.set_values([ClassValue("바이어 상담 신청", 3, 2, "domestic_buyer", "proposed", "domestic_buyer"),
                      ClassValue("얼리버드", 1, 5, "visitor", "default", None)])
    qtmodeltester.check(model, force_py=True)
    assert model.setData(model.index(1, COL_CLASS), "vip")
    assert not model.setData(model.index(1, COL_CLASS), "astronaut")
    assert model.choices() == {"바이어 상담 신청": "domestic_buyer", "얼리버드": "vip"}


def test_the_badge_panel_says_why_a_waiting_registration_gets_no_badge(
        workspace, demo_store, qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from expo_console.services.importing.importer import import_file

    source = tmp_path / "attendees.csv"
    source.write_text(PLATFORM, encoding="utf-8")
    import_file(demo_store, source)
    waiting = demo_store.conn.execute("SELECT id FROM visitors WHERE email = 'haneul@press.kr'").fetchone()[0]
    workspace.badge_panel.show_visitor(waiting)
    assert "still waiting for approval" in workspace.badge_panel.caption.text()
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a: warnings.append(text))
    assert workspace.badge_panel.print_badge() is None
    assert len(warnings) == 1 and "정하늘's registration is still waiting for approval" in warnings[0]
    assert demo_store.conn.execute("SELECT count(*) FROM badges WHERE visitor_id = ?", (waiting,)).fetchone()[0] == 0
