from __future__ import annotations

from pathlib import Path

import pypdfium2
import pytest

from expo_console.domain.visitors import Consent, VisitorDraft
from expo_console.services.badge_print.batch import BatchError, select_visitors, write_badges_pdf
from expo_console.services.registration.visitors import register_visitor, set_blocked
from expo_console.storage import print_log_repo
from expo_console.storage.connection import EventStore


def add(store: EventStore, name: str, cls: str) -> str:
    return register_visitor(store, VisitorDraft(name=name, visitor_class=cls, email=f"{name}@x.kr",
                                                consents=frozenset({Consent.REQUIRED}))).visitor_id


def test_a_class_batch_is_one_pdf_with_a_page_per_badge_and_is_logged(store: EventStore, tmp_path: Path) -> None:
    press = [add(store, n, "press") for n in ("가기자", "나기자", "다기자")]
    add(store, "관람객", "visitor")
    blocked = add(store, "라기자", "press")
    set_blocked(store, blocked, True, "출입 금지")
    chosen = select_visitors(store, visitor_class="press")
    assert sorted(chosen) == sorted(press)  # blocked visitors get no badge
    result = write_badges_pdf(store, tmp_path / "press.pdf", chosen, format_id="4x6in")
    assert result.count == 3 and set(result.change.upserted) == set(press)
    assert len(pypdfium2.PdfDocument(str(result.out))) == 3
    log = print_log_repo.entries(store.conn)
    assert [e["result"] for e in log] == ["written_to_pdf"] * 3
    assert {e["printer"] for e in log} == {"PDF press.pdf"} and {e["operator"] for e in log} == {"tester"}


def test_sheet_format_puts_eight_badges_on_a_page(store: EventStore, tmp_path: Path) -> None:
    ids = [add(store, f"방문자{i}", "visitor") for i in range(9)]
    result = write_badges_pdf(store, tmp_path / "sheet.pdf", ids, format_id="a4-8up")
    assert result.count == 9 and len(pypdfium2.PdfDocument(str(result.out))) == 2


def test_printing_again_prints_the_same_codes(store: EventStore, tmp_path: Path) -> None:
    from expo_console.services.badges.codes import current_badge

    visitor_id = add(store, "김기문", "vip")
    write_badges_pdf(store, tmp_path / "1.pdf", [visitor_id])
    first = current_badge(store, visitor_id)
    write_badges_pdf(store, tmp_path / "2.pdf", [visitor_id])
    assert current_badge(store, visitor_id) == first


@pytest.mark.parametrize("kwargs, words", [({}, "Choose whom"), ({"visitor_class": "alien"}, "Unknown class"),
                                           ({"visitor_ids": ["nobody"]}, "Not found")])
def test_bad_selections_say_what_is_wrong(store: EventStore, kwargs, words: str) -> None:
    with pytest.raises(BatchError, match=words):
        select_visitors(store, **kwargs)


def test_a_non_pdf_target_is_refused(store: EventStore, tmp_path: Path) -> None:
    with pytest.raises(BatchError, match=".pdf"):
        write_badges_pdf(store, tmp_path / "badges.png", [add(store, "가", "visitor")])
