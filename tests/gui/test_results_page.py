"""The Results page (성과) shows the outcomes entered, as the report prints them; follows the hub
when an outcome is entered; a day alone; exports the same figures to PDF and XLSX."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from consultation_outcomes import Entered, enter_outcomes
from consultation_support import Zone, consultation_zone
from event_templates import EventTemplates
from PySide6.QtWidgets import QMessageBox

from expo_console.gui.consultations.results_page import ResultsPage
from expo_console.gui.consultations.results_tables import REQUESTED_BACKGROUND
from expo_console.gui.hub import Hub
from expo_console.gui.ops import run_op
from expo_console.services.consultations import outcomes, schedule
from expo_console.services.consultations.outcomes import Outcome
from expo_console.storage.connection import Stamp
from support import TEST_STAMP


@pytest.fixture
def zone(event_templates: EventTemplates, tmp_path: Path) -> Iterator[Zone]:
    made = consultation_zone(event_templates, tmp_path / "event.expo", buyers=12, exhibitors=8, wishes=3)
    schedule.solve_schedule(made.store, time_limit=5)
    yield made
    made.store.close()


@pytest.fixture
def entered(zone: Zone) -> Entered:
    return enter_outcomes(zone)


@pytest.fixture
def page(qtbot, zone: Zone, entered: Entered, hub: Hub, english) -> ResultsPage:  # type: ignore[no-untyped-def]
    widget = ResultsPage(zone.store, hub)
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.show()
    return widget


@pytest.fixture(autouse=True)
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a, **k: shown.append(text))
    return shown


def cells(page: ResultsPage, key: str, column: str) -> list[str]:
    model = page.models[key]
    at = model.column(column)
    return [model.rows[r][at] for r in range(model.rowCount())]


def test_the_tiles_and_tables_show_the_outcomes_entered(page: ResultsPage, entered: Entered) -> None:
    tiles = page.tiles
    assert tiles["held"].value.text() == "4" and tiles["no_show"].value.text() == "1"
    assert tiles["amount"].value.text() == "34,800,000 won" and "12,000 USD" in tiles["amount"].detail.text()
    assert tiles["contracts"].value.text() == "2" and "57,000,000" in tiles["contracts"].detail.text()
    assert page.rate_label.text() == "USD amounts at 1 USD = 1,400 KRW"
    for key in ("day", "sector", "country"):  # each breakdown ends with the totals
        assert cells(page, key, "amount")[-1] == "34,800,000" and cells(page, key, "held")[-1] == "4"
    assert cells(page, "pairs", "amount") == ["16,800,000", "15,000,000", "3,000,000"]
    exhibitors = dict(zip(cells(page, "exhibitor", "exhibitor"), cells(page, "exhibitor", "amount"), strict=True))
    assert exhibitors["Total"] == "34,800,000"
    quiet = page.models["quiet"]
    requested = [r for r in range(quiet.rowCount()) if quiet.data(quiet.index(r, 0), 8)]  # BackgroundRole
    assert page.results is not None
    assert len(requested) == page.results.requested_unmet and requested == list(range(len(requested)))
    if requested:  # tinted as the PDF tints them, and first
        assert quiet.data(quiet.index(0, 0), 8).name() == REQUESTED_BACKGROUND
    assert page.tabs.tabText(4) == f"Without a meeting ({len(page.results.without_meeting)})"


def test_an_outcome_entered_elsewhere_in_the_window_shows_at_once(qtbot, page: ResultsPage, hub: Hub,  # type: ignore[no-untyped-def]
                                                                   zone: Zone, entered: Entered) -> None:
    waiting = next(m for m in entered.every if m not in entered.held + entered.no_show + entered.cancelled)
    with qtbot.waitSignal(page.refreshed, timeout=5000):
        run_op(hub, lambda: outcomes.record_outcome(zone.store, waiting.id, Outcome(amount="2억", contract="1억")))
    assert page.tiles["held"].value.text() == "5"
    assert page.tiles["amount"].value.text() == "234,800,000 won"
    assert page.tiles["contracts"].value.text() == "3"
    assert cells(page, "pairs", "amount")[0] == "200,000,000"


def test_one_day_alone(page: ResultsPage, entered: Entered) -> None:
    day = entered.held[0].day
    page.day_box.setCurrentIndex(page.day_box.findData(day.isoformat()))
    assert page.results is not None and page.results.day == day
    held_that_day = sum(1 for m in entered.held if m.day == day)
    assert page.tiles["held"].value.text() == str(held_that_day)
    assert not page.tabs.isTabVisible(0)  # one day needs no table of days
    page.day_box.setCurrentIndex(0)
    assert page.tiles["held"].value.text() == "4" and page.tabs.isTabVisible(0)


def test_export_writes_the_figures_on_screen(qtbot, page: ResultsPage, tmp_path: Path, entered: Entered) -> None:  # type: ignore[no-untyped-def]
    day = entered.held[1].day  # the dollar meeting's day
    page.day_box.setCurrentIndex(page.day_box.findData(day.isoformat()))
    shown = page.tiles["amount"].value.text()
    page.export("xlsx", tmp_path / "day.xlsx")
    qtbot.waitUntil(lambda: (tmp_path / "day.xlsx").exists(), timeout=20_000)
    summary = {r[0]: r[1] for r in openpyxl.load_workbook(tmp_path / "day.xlsx")["요약 Summary"]
               .iter_rows(min_row=2, values_only=True)}
    assert f"{summary['상담액(원) Consultation amount (KRW)']:,} won" == shown
    assert summary["범위 Scope"] == f"{day.isoformat()} 하루 One day"
    page.export("pdf", tmp_path / "day.pdf")
    qtbot.waitUntil(lambda: (tmp_path / "day.pdf").exists(), timeout=20_000)
    assert (tmp_path / "day.pdf").read_bytes().startswith(b"%PDF")


def test_a_file_that_cannot_be_written_is_explained(qtbot, page: ResultsPage, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                    warnings: list[str]) -> None:
    page.export("pdf", tmp_path / "missing" / "r.pdf")
    qtbot.waitUntil(lambda: bool(warnings), timeout=20_000)
    assert warnings[0].startswith("r.pdf was not saved.")


def test_every_role_sees_the_results(qtbot, zone: Zone, entered: Entered, hub: Hub, english) -> None:  # type: ignore[no-untyped-def]
    zone.store.stamp = Stamp(TEST_STAMP.desk_id, "viewer", "viewer")
    page = ResultsPage(zone.store, hub)
    qtbot.addWidget(page)
    assert page.tiles["held"].value.text() == "4" and page.notice.isHidden()
    zone.store.stamp = Stamp(TEST_STAMP.desk_id, "nobody", None)
    page.refresh()
    assert not page.notice.isHidden() and "sign in" in page.notice.text().lower()
