"""The consultation request import dialog: the columns mapped and editable, every row previewed
with its problems and the closest names, nothing stored before Import, and the import's change
broadcast to the views."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from event_templates import EventTemplates

from expo_console.gui.consultations.request_import_dialog import (
    COL_PROBLEMS,
    COL_REQUESTS,
    COL_ROW,
    RequestImportDialog,
)
from expo_console.gui.hub import Hub
from expo_console.services.consultations import setup
from expo_console.storage.connection import EventStore, open_event_file
from support import TEST_STAMP


@pytest.fixture
def store(event_templates: EventTemplates, tmp_path: Path) -> Iterator[EventStore]:
    path = event_templates.demo(visitors=300, consultations=False).copy_to(tmp_path / "event.expo")
    opened = open_event_file(path, TEST_STAMP)
    yield opened
    opened.close()


def write_csv(path: Path, rows: list[list[str]], encoding: str = "cp949") -> Path:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def opened(qtbot, store: EventStore, hub: Hub, path: Path) -> RequestImportDialog:  # type: ignore[no-untyped-def]
    dialog = RequestImportDialog(store, hub, path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.preview is not None or bool(dialog.plan and dialog.plan.missing), timeout=15_000)
    return dialog


def shown(dialog: RequestImportDialog) -> list[tuple[str, str, str]]:
    model = dialog.model
    return [(model.index(r, COL_ROW).data(), model.index(r, COL_REQUESTS).data(), model.index(r, COL_PROBLEMS).data())
            for r in range(model.rowCount())]


def stored(store: EventStore) -> set[tuple[str, str, int | None, int | None]]:
    return {(r.buyer, r.exhibitor, r.buyer_rank, r.exhibitor_rank) for r in setup.load(store).requests}


def test_the_preview_shows_each_rows_problems_with_the_closest_names_and_import_stores_the_rest(
        qtbot, store: EventStore, hub: Hub, english: None, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    zone = setup.load(store)
    kim, lee = zone.buyers[:2]
    first, second = zone.exhibitors[:2]
    typo = first.name[:-1] + ("가" if first.name[-1] != "가" else "나")
    path = write_csv(tmp_path / "희망기업.csv", [
        ["바이어명", "회사명", "희망기업1", "희망기업2"],
        [kim.name, kim.company, typo, second.name],
        ["모르는사람", "모르는회사", first.name, ""],
        [lee.name, lee.company, first.name, second.name]])
    dialog = opened(qtbot, store, hub, path)
    # the mapping as guessed, one box per column
    assert [dialog.combos[i].currentData() for i in range(4)] == ["buyer", "buyer_company", "wish:1", "wish:2"]
    assert "buyers' wishes" in dialog.shape_label.text()
    rows = shown(dialog)
    assert [(r[0], r[1]) for r in rows] == [("2", "1"), ("3", "0"), ("4", "2")]
    assert typo in rows[0][2] and f"'{first.name}'" in rows[0][2]  # the closest name, suggested
    assert "모르는사람" in rows[1][2]
    assert "3 requests to add" in dialog.summary.text() and "(1 give nothing)" in dialog.summary.text()
    assert stored(store) == set()  # the preview is a dry run
    with qtbot.waitSignal(hub.meetings_changed, timeout=15_000) as changed, \
            qtbot.waitSignal(dialog.finished_import, timeout=15_000):
        dialog.import_button.click()
    assert changed.args[0].reload and changed.args[0].setup
    assert stored(store) == {(kim.id, second.id, 2, None), (lee.id, first.id, 1, None), (lee.id, second.id, 2, None)}
    assert "Imported: 3 requests stored." in dialog.status.text()
    assert not dialog.import_button.isEnabled()


def test_changing_a_columns_field_previews_again(qtbot, store: EventStore, hub: Hub, english: None,  # type: ignore[no-untyped-def]
                                                 tmp_path: Path) -> None:
    zone = setup.load(store)
    kim = zone.buyers[0]
    path = write_csv(tmp_path / "wishes.csv", [["바이어명", "회사명", "희망기업1", "희망기업2"],
                                               [kim.name, kim.company, zone.exhibitors[0].name,
                                                zone.exhibitors[1].name]])
    dialog = opened(qtbot, store, hub, path)
    assert shown(dialog)[0][1] == "2"
    dialog.map_column(3, "")  # the second wish is ignored
    qtbot.waitUntil(lambda: dialog.preview is not None and shown(dialog)[0][1] == "1", timeout=15_000)
    dialog.map_column(2, "wish:3")  # the first wish read as rank 3
    qtbot.waitUntil(lambda: dialog.preview is not None and dialog.preview.requests[0].buyer_rank == 3, timeout=15_000)
    with qtbot.waitSignal(dialog.finished_import, timeout=15_000):
        dialog.import_button.click()
    assert stored(store) == {(kim.id, zone.exhibitors[0].id, 3, None)}


def test_a_list_whose_header_is_not_recognised_is_mapped_by_hand(qtbot, store: EventStore, hub: Hub,  # type: ignore[no-untyped-def]
                                                                 english: None, tmp_path: Path) -> None:
    zone = setup.load(store)
    kim = zone.buyers[0]
    path = write_csv(tmp_path / "odd.csv", [["참가자", "소속사", "관심1"],
                                            [kim.name, kim.company, zone.exhibitors[5].name]])
    dialog = RequestImportDialog(store, hub, path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=15_000)
    assert "No header row of a request list was recognised" in dialog.status.text()
    assert not dialog.import_button.isEnabled()
    dialog.map_column(0, "buyer")
    dialog.map_column(1, "buyer_company")
    assert "wishes" in dialog.status.text() or dialog.preview is None  # still no wish column: said so
    dialog.map_column(2, "wish:1")
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=15_000)
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.finished_import, timeout=15_000):
        dialog.import_button.click()
    assert stored(store) == {(kim.id, zone.exhibitors[5].id, 1, None)}
