from __future__ import annotations

from PySide6.QtCore import Qt

from expo_console.gui.registration.visitor_table_model import (
    COL_CLASS,
    COL_NAME,
    COL_PHONE,
    VisitorIdRole,
    VisitorTableModel,
)
from expo_console.services.registration.visitor_index import VisitorFilter, VisitorIndex


def people():
    base = ("KR", 0, False, False, "2022-10-04T00:00:00Z", False)
    return [
        ("a", "김기문", "Kim Gimun", "중소기업중앙회", "회장", "vip", "010-1234-5678", "k@x.com", *base),
        ("b", "이영", "Lee Young", "중소벤처기업부", "장관", "vip", "010-2222-3333", "l@x.com", *base),
        ("c", "박한구", "Park Hangu", "추진단", "단장", "press", "010-4444-5555", "p@x.com", *base),
    ]


def test_model_passes_qt_model_tester(qtmodeltester, english) -> None:
    model = VisitorTableModel()
    model.set_index(VisitorIndex(people()))
    qtmodeltester.check(model, force_py=True)
    model.set_query("ㄱㄱ")
    qtmodeltester.check(model, force_py=True)


def test_model_masks_phones_until_revealed(english) -> None:
    model = VisitorTableModel()
    model.set_index(VisitorIndex(people()))
    row = model.row_of("a")
    assert model.data(model.index(row, COL_PHONE)) == "010-****-5678"
    model.reveal_phone("a", "010-1234-5678")
    assert model.data(model.index(row, COL_PHONE)) == "010-1234-5678"


def test_model_search_filter_and_sort(english) -> None:
    model = VisitorTableModel()
    model.set_index(VisitorIndex(people()))
    model.sort(COL_NAME, Qt.SortOrder.AscendingOrder)
    assert [model.data(model.index(r, COL_NAME)) for r in range(3)] == ["김기문", "박한구", "이영"]
    model.sort(COL_NAME, Qt.SortOrder.DescendingOrder)
    assert model.data(model.index(0, COL_NAME)) == "이영"
    model.set_query("", VisitorFilter(visitor_class="press"))
    assert model.rowCount() == 1
    assert model.data(model.index(0, COL_NAME), VisitorIdRole) == "c"
    assert model.data(model.index(0, COL_CLASS)) == "Press"
