from __future__ import annotations

import pytest

from expo_console.domain.visitors import Consent, VisitorDraft
from expo_console.services.badge_print.printing import prepare_print, record_print
from expo_console.services.badges.codes import current_badge
from expo_console.services.events import set_event_setting
from expo_console.services.registration.visitors import register_visitor
from expo_console.storage import print_log_repo
from expo_console.storage.connection import EventStore


@pytest.fixture
def visitor_id(store: EventStore) -> str:
    return register_visitor(store, VisitorDraft(name="김기문", email="k@x.kr", visitor_class="vip",
                                                consents=frozenset({Consent.REQUIRED}))).visitor_id


def test_a_printed_job_marks_the_badge_printed_and_a_reprint_is_flagged(store: EventStore, visitor_id: str) -> None:
    job, _ = prepare_print(store, visitor_id, "4x6in")
    assert job.pdf.startswith(b"%PDF") and not job.already_printed
    record_print(store, job, "Zebra ZC300", "printed")
    assert current_badge(store, visitor_id).printed_at is not None
    again, _ = prepare_print(store, visitor_id, "4x6in")
    assert again.already_printed and again.badge.code == job.badge.code


@pytest.mark.parametrize("result", ["failed", "cancelled"])
def test_an_offline_or_cancelled_printer_changes_nothing_but_the_log(store: EventStore, visitor_id: str,
                                                                      result: str) -> None:
    job, _ = prepare_print(store, visitor_id, "a6")
    record_print(store, job, "Office printer", result)
    badge = current_badge(store, visitor_id)
    assert badge.printed_at is None and badge.serial == job.badge.serial and badge.code == job.badge.code
    assert store.conn.execute("SELECT count(*) FROM visitors").fetchone()[0] == 1
    log = print_log_repo.entries(store.conn, visitor_id)
    assert [(e["printer"], e["result"], e["serial"]) for e in log] == [("Office printer", result, job.badge.serial)]


def test_reissue_at_print_time_gives_a_new_code(store: EventStore, visitor_id: str) -> None:
    first, _ = prepare_print(store, visitor_id, "a6")
    record_print(store, first, "P", "printed")
    second, _ = prepare_print(store, visitor_id, "a6", reissue=True)
    assert second.badge.code != first.badge.code and second.badge.reissue == 1
    assert not second.already_printed


def test_the_romanised_line_follows_the_event_setting(store: EventStore, visitor_id: str) -> None:
    import pypdfium2

    def text_of(pdf: bytes) -> str:
        page = pypdfium2.PdfDocument(pdf)[0]
        return page.get_textpage().get_text_range()

    assert "Kim Gimun" not in text_of(prepare_print(store, visitor_id, "a6")[0].pdf)
    set_event_setting(store, "badge_romanize", True)
    assert "Kim Gimun" in text_of(prepare_print(store, visitor_id, "a6")[0].pdf)
