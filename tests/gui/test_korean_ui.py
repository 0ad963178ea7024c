"""In Korean, every menu, button, tab, label, tooltip and column heading of the window is Korean.

The rule a person would apply at a glance: a run of three or more Latin letters is English that
slipped through, unless it is one of the few things below that stay in Latin letters on purpose.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

import pytest
from PySide6.QtCore import QFileInfo, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QMenu,
    QTabWidget,
    QToolButton,
    QWidget,
)

from expo_console.gui.i18n import install_language
from expo_console.gui.main_window import MainWindow

ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")

# Texts that keep Latin letters in the Korean UI, each for a reason (removed before the check).
ALLOWED = {
    "Expo Console": "the product's name",
    "English": "the language menu names each language in its own script",
    "VIP": "a visitor class Koreans write in Latin letters too",
    "USD": "the currency code, written in Latin letters in Korean too (1 USD = 1,300원)",
    "KRW": "the currency code, as USD",
    "tester · ": "the signed-in operator's name in the status bar (the suite's), as it was typed",
    "Hong Gildong": "placeholder of the romanized-name field: an example of what to type",
    "name@example.com": "placeholder of the e-mail field: an example address",
    "pip install expo-console[camera]": "a command to type as it is",
    "http://localhost:631": "the print server's page, an address to type as it is (a desk without a printer)",
}
# file formats and the programs named after them, written in Latin letters in Korean too
FILE_FORMATS = re.compile(r"\b(?:PDF|PNG|JSON|CSV|XLSX|QR|UTF-8|Excel|SQLite)\b")
KEY_NAMES = re.compile(r"\b(?:Ctrl|Shift|Alt)\+\S+?(?=[)\s,]|$)|\bPage Up/Down\b|\bEnter\b|\bEnd\b|\bEsc\b|\bDelete\b"
                       r"|\bSpace\b|\bIns\b|\bDel\b")
FILE_FILTER = re.compile(r"\([^()]*\*\.[^()]*\)")


def english_left(text: str) -> list[str]:
    for allowed in ALLOWED:
        text = text.replace(allowed, "")
    for pattern in (FILE_FILTER, KEY_NAMES, FILE_FORMATS):
        text = pattern.sub("", text)
    return ENGLISH_WORD.findall(text)


def _menu_texts(menu: QMenu, path: str) -> Iterator[tuple[str, str]]:
    yield path, menu.title()
    for action in menu.actions():
        yield from _action_texts(action, f"{path} ▸ {action.text()}")


def _action_texts(action: QAction, path: str) -> Iterator[tuple[str, str]]:
    yield path, action.text()
    yield f"{path} (tooltip)", action.toolTip()
    if action.menu() is not None:
        yield from _menu_texts(action.menu(), path)


def data_lists(window: MainWindow) -> list[QComboBox]:
    """Choices that are the event's data, not interface: companies, exhibitors, and gates and badge
    formats the organizer named in both languages, and the buyers (overseas ones have Latin names)
    and exhibitors a walk-in is placed between."""
    walk_in = window.consultations.board_page.walk_in
    return [window.registration.filters.company_filter, window.floorplan.booth_panel.exhibitor, window.checkin.gate_box,
            window.registration.badge_panel.format_box, walk_in.buyer, walk_in.exhibitor]


def interface_texts(window: QWidget, data: Sequence[QComboBox] = ()) -> Iterator[tuple[str, str]]:
    """Every text of the window a person reads as interface, with where it is."""
    yield "window title", window.windowTitle()
    if isinstance(window, QMainWindow):
        for action in window.menuBar().actions():
            if action.menu() is not None and action.menu() is not window.findChild(QMenu, "recentFiles"):
                yield from _action_texts(action, action.text())
    for action in window.findChildren(QAction):
        if type(action.parent()).__module__.startswith("pyqtgraph"):
            continue  # pyqtgraph's own "Export..." for a context menu the charts turn off
        yield from _action_texts(action, f"action {action.text()!r}")
    for menu in window.findChildren(QMenu):
        if menu.objectName() != "recentFiles":  # file paths
            yield from _menu_texts(menu, f"menu {menu.title()!r}")
    for widget in window.findChildren(QAbstractButton):
        yield f"button {widget.objectName()}", widget.text()
        yield f"button {widget.objectName()} (tooltip)", widget.toolTip()
        if isinstance(widget, QToolButton) and widget.menu() is not None:
            yield from _menu_texts(widget.menu(), f"button {widget.text()!r}")
    for label in window.findChildren(QLabel):
        yield f"label {label.objectName()}", label.text()
        yield f"label {label.objectName()} (tooltip)", label.toolTip()
    for box in window.findChildren(QGroupBox):
        yield f"group {box.objectName()}", box.title()
    for edit in window.findChildren(QLineEdit):
        yield f"field {edit.objectName()}", edit.placeholderText()
        yield f"field {edit.objectName()} (tooltip)", edit.toolTip()
    for combo in window.findChildren(QComboBox):
        if combo not in data:
            yield from ((f"choice {combo.objectName()}", combo.itemText(i)) for i in range(combo.count()))
        yield f"choice {combo.objectName()} (tooltip)", combo.toolTip()
    for tabs in window.findChildren(QTabWidget):
        for i in range(tabs.count()):
            yield f"tab {tabs.objectName()}", tabs.tabText(i)
            yield f"tab {tabs.objectName()} (tooltip)", tabs.tabToolTip(i)
    for view in window.findChildren(QAbstractItemView):
        model = view.model()
        if model is not None:
            for column in range(1 if isinstance(view, QListView) else model.columnCount()):  # a list: one
                yield f"column of {view.objectName()}", str(model.headerData(column, Qt.Orientation.Horizontal) or "")


@pytest.fixture
def korean_window(qtbot, demo_store, hub) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    install_language("ko")
    window = MainWindow(demo_store, hub)
    qtbot.addWidget(window)
    window.show()
    for workspace in window.workspaces.values():  # each fills its lists and labels when first shown
        window.tabs.setCurrentWidget(workspace)
        qtbot.wait(50)
    qtbot.waitUntil(lambda: window.registration.is_loaded and window.dashboard.is_loaded, timeout=20_000)
    yield window
    window.dashboard.stop()
    install_language("en")


def test_the_allow_list_and_the_rule_catch_what_they_should() -> None:
    assert english_left("내보내기 (Ctrl+Shift+E)") == []
    assert english_left("PDF (*.pdf)") == []
    assert english_left("Expo Console 정보(&A)") == []
    assert english_left("Load venue drawing (image or PDF)…") == ["Load", "venue", "drawing", "image"]


def test_every_text_of_the_korean_window_is_korean(korean_window: MainWindow) -> None:
    texts = list(interface_texts(korean_window, data_lists(korean_window)))
    assert len(texts) > 300  # the walk reached the workspaces, not just the menu bar
    english = sorted({f"{where}: {text!r}" for where, text in texts if english_left(text)})
    assert not english, "English in the Korean UI:\n" + "\n".join(english)


def test_the_floor_plans_rules_dialog_is_korean(korean_window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    from expo_console.gui.floorplan.hall_actions import RulesDialog

    floor = korean_window.floorplan
    dialog = RulesDialog(floor.scene.rules, floor)
    qtbot.addWidget(dialog)
    english = sorted({f"{where}: {text!r}" for where, text in interface_texts(dialog) if english_left(text)})
    assert not english, "English in the Korean rules dialog:\n" + "\n".join(english)


def test_every_file_dialog_of_the_window_is_korean(korean_window: MainWindow, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The dialogs as the window builds them (cancelled at once), Qt's own labels included."""
    import datetime as dt

    from PySide6.QtWidgets import QFileDialog

    from expo_console.gui.file_dialogs import name_only_icon_provider

    (tmp_path / "folder").mkdir()
    shown: list[tuple[str, str]] = []

    def cancelled(dialog: QFileDialog) -> int:
        shown.extend((f"{dialog.windowTitle()}: {where}", text) for where, text in interface_texts(dialog)
                     if not where.startswith("choice lookInCombo"))  # the folder's path
        return 0

    monkeypatch.setattr(QFileDialog, "exec", cancelled)
    hall = korean_window.floorplan.hall_actions
    korean_window.open_event()
    korean_window.import_badge_key()
    korean_window.export_badge_key()
    hall.load_background()
    hall.load_hall_file()
    files = korean_window.floorplan.plan_files
    for kind in ("pdf", "png", "directory", "json"):
        files.export(kind)
    files.import_layout()
    korean_window.registration.import_file()
    korean_window.registration.export_list()
    korean_window.dashboard.files.save_report(dt.date(2022, 10, 4), 600)
    korean_window.dashboard.files.export_series(dt.date(2022, 10, 4), 600)
    assert len({where.partition(":")[0] for where, _text in shown}) >= 10
    english = sorted({f"{where}: {text!r}" for where, text in shown if english_left(text)})
    assert not english, "English in the Korean file dialogs:\n" + "\n".join(english)
    assert any("찾는 위치" in text for _where, text in shown)
    folder_type = name_only_icon_provider().type(QFileInfo(str(tmp_path / "folder")))
    assert not english_left(folder_type), folder_type  # the dialog's Type column


def test_the_gate_rules_dialog_is_korean(qtbot, demo_store, hub, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """For the hall, a zone, a hall entrance, an exit and a zone's gate (whose choices say what they
    take from the zone): the form, what the gates will apply, a refusal and the removal's question."""
    from PySide6.QtCore import QTime
    from PySide6.QtWidgets import QMessageBox

    from expo_console.gui.checkin.gate_rules_dialog import GateRulesDialog
    from expo_console.services.checkin import gate_rules

    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda _parent, title, text, *_a: asked.extend((title, text))
                        or QMessageBox.StandardButton.No)
    gates = {gate["kind"]: gate["id"] for gate in gate_rules.gates_with_rules(demo_store)}
    targets = [gate_rules.HALL, gate_rules.gated_zones(demo_store)[0]["id"], *gates.values()]
    install_language("ko")
    try:
        texts: list[tuple[str, str]] = []
        for target in targets:
            dialog = GateRulesDialog(demo_store, hub, None, target=target)
            qtbot.addWidget(dialog)
            dialog.add_row_button.click()
            dialog.max_entries.setValue(2)
            texts += [*interface_texts(dialog), ("no limit", dialog.max_entries.specialValueText())]
            dialog.opening_hours.setChecked(True)
            dialog.closes.setTime(QTime(9, 0))
            dialog.opens.setTime(QTime(10, 0))
            assert dialog.save() is False
            texts += [("refusal", dialog.feedback.text()), ("summary", dialog.summary.text())]
            dialog.remove_rule()
        assert "닫는 시각이 여는 시각보다 늦어야 합니다" in dict(texts)["refusal"]
        texts += [("question", text) for text in asked]
        english = sorted({f"{where}: {text!r}" for where, text in texts if english_left(text)})
        assert not english, "English in the Korean gate rules dialog:\n" + "\n".join(english)
    finally:
        install_language("en")
