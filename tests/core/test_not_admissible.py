"""A registration the organiser's list says is waiting, cancelled or rejected gets no badge: issuing
and printing refuse it, a batch leaves it out, and a gate (or an admission by hand) refuses it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from test_import_real_lists import PLATFORM_TEXT, visitors

from expo_console.domain.checkin import Verdict
from expo_console.domain.visitors import Consent, VisitorDraft
from expo_console.services.badge_print.batch import BatchError, select_visitors
from expo_console.services.badges.codes import BadgeError, issue_badge
from expo_console.services.checkin.gates import find_gate
from expo_console.services.checkin.scanning import ScanContext, Station, admit_by_hand, scan
from expo_console.services.demo.event import create_demo_event
from expo_console.services.importing.importer import import_file
from expo_console.services.registration.visitors import register_visitor
from expo_console.storage.connection import EventStore
from support import TEST_STAMP


@pytest.fixture
def demo(tmp_path: Path) -> Any:
    store = create_demo_event(tmp_path / "demo.expo", TEST_STAMP, visitors=20)
    yield store
    store.close()


def test_a_cancellation_of_a_known_visitor_refuses_badge_batch_and_gate(demo: EventStore, tmp_path: Path) -> None:
    visitor_id = register_visitor(demo, VisitorDraft(name="강도윤", email="doyun@gmail.com", phone="010-6789-0123",
                                                     consents=frozenset({Consent.REQUIRED}))).visitor_id
    code = issue_badge(demo, visitor_id)[0].code  # printed before the cancellation
    path = tmp_path / "attendees.csv"
    path.write_text(PLATFORM_TEXT, encoding="utf-8")
    report, _ = import_file(demo, path)
    assert (6, "registration_cancelled_warning") in [(w.row, w.code) for w in report.warnings]
    assert visitors(demo)["doyun@gmail.com"]["registration_status"] == "cancelled"
    with pytest.raises(BadgeError, match="cancelled") as refused:
        issue_badge(demo, visitor_id)
    assert refused.value.code == "badge_refused_cancelled"
    assert visitor_id not in select_visitors(demo, everyone=True)
    with pytest.raises(BatchError, match="not registered"):
        select_visitors(demo, visitor_ids=[visitor_id])
    entrance = ScanContext(demo, Station("entrance-1", find_gate(demo, "B홀 정문")["id"]))
    moment = dt.datetime(2022, 10, 4, 1, 0, tzinfo=dt.UTC)
    result = scan(entrance, code, now=moment)[0]
    assert (result.verdict, result.light) == (Verdict.CANCELLED, "red")
    assert result.texts()[1] == "Registration cancelled"
    assert admit_by_hand(entrance, visitor_id, "forgot badge", now=moment).verdict is Verdict.CANCELLED
    # An import that says the registration is approved again makes it admissible again.
    path.write_text(PLATFORM_TEXT.replace("일반 관람 (무료),2022-09-21 10:00:00,취소",
                                          "일반 관람 (무료),2022-09-21 10:00:00,승인"), encoding="utf-8")
    import_file(demo, path)
    assert issue_badge(demo, visitor_id)[0].code == code


def test_a_waiting_registration_gets_no_badge_until_a_list_approves_it(store: EventStore, tmp_path: Path) -> None:
    path = tmp_path / "attendees.csv"
    path.write_text(PLATFORM_TEXT, encoding="utf-8")
    import_file(store, path)
    waiting = visitors(store)["haneul@press.kr"]["id"]
    with pytest.raises(BadgeError, match="waiting for approval") as refused:
        issue_badge(store, waiting)
    assert refused.value.code == "badge_refused_waiting" and refused.value.params == (("visitor", "정하늘"),)
    assert store.conn.execute("SELECT count(*) FROM badges").fetchone()[0] == 0
    assert waiting not in select_visitors(store, everyone=True)
    path.write_text(PLATFORM_TEXT.replace("2022/9/21 오후 2:05,대기", "2022/9/21 오후 2:05,승인"), encoding="utf-8")
    report, _ = import_file(store, path)
    assert report.updated == 1 and visitors(store)["haneul@press.kr"]["registration_status"] == "registered"
    assert issue_badge(store, waiting)[0].visitor_id == waiting
