"""The studio and photo request import dialog, the consultations' dialog generalised: the columns
mapped and editable, every row previewed with its problems and the closest names, nothing stored
until Import, then the requests stored for the kind and the change broadcast."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from booking_support import Studio, studio
from event_templates import EventTemplates
from PySide6.QtCore import Qt

from expo_console.domain.bookings import BookingKind
from expo_console.gui.bookings.request_import_dialog import BookingRequestImportDialog
from expo_console.gui.hub import Hub
from expo_console.gui.request_list_dialog import COL_PROBLEMS, COL_REQUESTS, COL_ROW, COL_WHO
from expo_console.services.bookings import setup


@pytest.fixture
def event(event_templates: EventTemplates, tmp_path: Path) -> Iterator[Studio]:
    made = studio(event_templates, tmp_path / "event.expo", exhibitors=0, days=2)
    yield made
    made.store.close()


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path.write_bytes(out.getvalue().encode("cp949"))
    return path


def opened(qtbot, event: Studio, hub: Hub, kind: BookingKind, path: Path) -> BookingRequestImportDialog:  # type: ignore[no-untyped-def]
    dialog = BookingRequestImportDialog(event.store, hub, kind, path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.preview is not None or bool(dialog.plan and dialog.plan.missing), timeout=15_000)
    return dialog


def shown(dialog: BookingRequestImportDialog) -> list[tuple[str, str, str, str]]:
    model = dialog.model
    return [tuple(model.index(r, c).data() for c in (COL_ROW, COL_WHO, COL_REQUESTS, COL_PROBLEMS))  # type: ignore[misc]
            for r in range(model.rowCount())]


def test_the_preview_shows_each_rows_problems_and_import_stores_the_studio_requests(
        qtbot, event: Studio, hub: Hub, english: None, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first, second = sorted(setup.exhibitor_names(event.store).values(), key=lambda e: e.name)[:2]
    typo = first.name[:-1] + ("가" if first.name[-1] != "가" else "나")
    path = write_csv(tmp_path / "스튜디오.csv", [
        ["기업명", "희망일", "희망시간", "제품", "쇼호스트", "판매채널"],
        [typo, "1일차", "오전", "김치", "김하늘", "네이버"],
        [second.name, "1일차", "10시~12시", "공기청정기", "이수진", "쿠팡"],
        [first.name, "13일", "", "마스크", "", ""]])
    dialog = opened(qtbot, event, hub, BookingKind.STUDIO, path)
    assert dialog.windowTitle() == "Import live-commerce studio requests"
    assert [dialog.combos[i].currentData() for i in range(6)] == ["exhibitor", "day", "time", "products", "host",
                                                                  "channel"]
    assert dialog.model.headerData(COL_WHO, Qt.Orientation.Horizontal) == "Exhibitor"
    rows = shown(dialog)
    assert [(r[0], r[2]) for r in rows] == [("2", "0"), ("3", "1"), ("4", "0")]
    assert typo in rows[0][3] and first.name in rows[0][3]  # the closest name, suggested
    assert rows[1][1] == second.name and rows[2][1] == first.name
    assert "names no day of the event" in rows[2][3]
    assert "1 requests to add" in dialog.summary.text() and "(2 give nothing)" in dialog.summary.text()
    assert setup.load(event.store, BookingKind.STUDIO).requests == ()  # the preview is a dry run
    with qtbot.waitSignal(hub.bookings_changed, timeout=15_000) as changed, \
            qtbot.waitSignal(dialog.finished_import, timeout=15_000):
        dialog.import_button.click()
    assert changed.args[0].kinds == ("studio",) and changed.args[0].setup
    (stored,) = setup.load(event.store, BookingKind.STUDIO).requests
    assert (stored.exhibitor_id, stored.products, stored.channel) == (second.id, "공기청정기", "쿠팡라이브")
    assert setup.load(event.store, BookingKind.PHOTO).requests == ()
    assert "Imported: 1 requests stored." in dialog.status.text() and not dialog.import_button.isEnabled()


def test_a_photo_list_mapped_by_hand_previews_again_and_imports_as_shoots(
        qtbot, event: Studio, hub: Hub, english: None, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = sorted(setup.exhibitor_names(event.store).values(), key=lambda e: e.name)[0]
    path = write_csv(tmp_path / "촬영.csv", [["업체", "언제", "무엇"], [first.name, "2일차 11:00", "텀블러"]])
    dialog = opened(qtbot, event, hub, BookingKind.PHOTO, path)
    assert dialog.windowTitle() == "Import photo shoot requests"
    assert [dialog.combos[i].currentData() for i in range(3)] == ["exhibitor", "", ""]
    dialog.map_column(1, "when:1")
    dialog.map_column(2, "products")
    qtbot.waitUntil(lambda: dialog.preview is not None and dialog.plan is not None
                    and dialog.plan.column_of("products") == 2, timeout=15_000)
    assert shown(dialog)[0][2] == "1" and shown(dialog)[0][3] == ""
    with qtbot.waitSignal(dialog.finished_import, timeout=15_000):
        dialog.import_button.click()
    (stored,) = setup.load(event.store, BookingKind.PHOTO).requests
    assert stored.products == "텀블러" and [(w.start.isoformat(), w.end.isoformat()) for w in stored.windows] == [
        ("11:00:00", "12:19:00")]
