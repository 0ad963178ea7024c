"""A person's data on request (issue 21): `expo-console visitors show` gives exactly the person's
rows (registration, consents with times and versions, badges, prints, scans, the access records
about them), as JSON and as a PDF for them; only an organizer may, and the export is audited."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from expo_console.domain.visitors import Consent, VisitorDraft
from expo_console.services.access import AccessDenied
from expo_console.services.badges.codes import issue_badge
from expo_console.services.checkin.gates import find_gate
from expo_console.services.checkin.scanning import ScanContext, Station, scan
from expo_console.services.demo.event import create_demo_event
from expo_console.services.registration.person_data import person_data
from expo_console.services.registration.visitors import register_visitor, reveal_phone
from expo_console.storage import audit_repo
from expo_console.storage.connection import EventStore, Stamp
from support import TEST_STAMP

SEOUL = dt.timezone(dt.timedelta(hours=9))


@pytest.fixture
def event(tmp_path: Path):  # type: ignore[no-untyped-def]
    store = create_demo_event(tmp_path / "demo.expo", TEST_STAMP, visitors=20)
    yield store
    store.close()


def test_a_persons_data_holds_exactly_their_rows_as_json_and_as_a_pdf_for_them(event: EventStore,
                                                                            tmp_path: Path) -> None:
    person = register_visitor(event, VisitorDraft(name="김열람", company="(주)열람", phone="010-2468-1357",
                                                  email="view@example.kr",
                                                  consents=frozenset({Consent.REQUIRED, Consent.MARKETING}))).visitor_id
    other = event.conn.execute("SELECT id FROM visitors WHERE id != ? LIMIT 1", (person,)).fetchone()[0]
    gate = ScanContext(event, Station("entrance-1", find_gate(event, "B홀 정문")["id"]))
    at = dt.datetime(2022, 10, 4, 10, 30, tzinfo=SEOUL)
    scan(gate, issue_badge(event, person)[0].code, now=at)
    scan(gate, issue_badge(event, other)[0].code, now=at)  # someone else's scan: not theirs
    reveal_phone(event, person, reason="lost property")
    data = person_data(event, person)
    assert data["registration"]["name"] == "김열람" and data["registration"]["phone"] == "010-2468-1357"
    assert data["consents"]["consent_marketing"]["given_at"] and data["consents"]["consent_provision"]["given_at"] is None
    assert [b["serial"] for b in data["badges"]] == [r[0] for r in event.conn.execute(
        "SELECT serial FROM badges WHERE visitor_id = ?", (person,))]
    assert [(s["gate"], s["verdict"]) for s in data["scans"]] == [("B홀 정문", "admitted")]
    assert [e["action"] for e in data["access_records"]] == ["create", "issue_badge", "reveal_phone"]
    run = subprocess.run([sys.executable, "-m", "expo_console", "visitors", "show", "--db", str(event.path), person,
                          "--out", str(tmp_path / "person.pdf")], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["registration"]["email"] == "view@example.kr"
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "person.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "김열람" in text and "010-2468-1357" in text and "B홀 정문" in text
    # written out for the person, not as codes: the class, the verdict, what was done and when
    assert "참관객 Visitor" in text and "입장 확인 Admitted" in text and "전화번호 열람 Phone number shown" in text
    assert "2022-10-04 10:30:00 KST" in text and "reveal_phone" not in text
    assert audit_repo.entries(event.conn, person)[-1]["action"] == "person_data_export"


def test_only_an_organizer_may_export_a_persons_data(event: EventStore) -> None:
    person = event.conn.execute("SELECT id FROM visitors LIMIT 1").fetchone()[0]
    event.stamp = Stamp("desk-test", "박등록", "registration")
    with pytest.raises(AccessDenied) as refused:
        person_data(event, person)
    assert refused.value.code == "role_may_not"


def test_a_persons_pdf_and_a_certificate_take_text_that_looks_like_markup(event: EventStore, tmp_path: Path) -> None:
    """A name or a note with '<' or '&' is the person's text, not the PDF's markup (it failed the export)."""
    from expo_console.services.registration.person_data import export_person_data
    from expo_console.services.registration.purge_certificate import write_certificate

    person = register_visitor(event, VisitorDraft(name="Kim <b>& Co", notes="a < b & c",
                                                  consents=frozenset({Consent.REQUIRED}))).visitor_id
    export_person_data(event, person, tmp_path / "person.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "person.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    # (pdftotext drops the narrow spaces beside '<': compared without spaces)
    assert "Kim<b>&Co" in "".join(text.split()) and "a<b&c" in "".join(text.split())
    assert "2022 스마트비즈엑스포" in text
    write_certificate({"event": "R&D <Expo>", "purged_at": "2022-11-06T01:30:00.000Z", "retention_date": "2022-11-06",
                       "operator": "김주최", "desk_id": "desk-1", "counts": {"visitors": 3}}, tmp_path / "cert.pdf")
    certificate = subprocess.run(["pdftotext", "-layout", str(tmp_path / "cert.pdf"), "-"], capture_output=True,
                                 text=True, check=True).stdout
    assert "R&D<Expo>" in "".join(certificate.split()) and "2022-11-06 01:30:00 UTC" in certificate


def test_a_persons_data_shown_without_a_file_is_recorded_too(event: EventStore) -> None:
    """`visitors show` without --out prints the person's data, their full phone number with it: as
    much a look at it as an export, and recorded as one."""
    person = register_visitor(event, VisitorDraft(name="김조회", phone="010-1357-2468",
                                                  consents=frozenset({Consent.REQUIRED}))).visitor_id
    shown = subprocess.run([sys.executable, "-m", "expo_console", "visitors", "show", "--db", str(event.path), person],
                           capture_output=True, text=True, timeout=120)
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["registration"]["phone"] == "010-1357-2468"
    [viewed] = [e for e in audit_repo.entries(event.conn, person) if e["action"] == "person_data_view"]
    assert viewed["operator"] == "organizer" and viewed["detail"] == {"access_records": 1, "scans": 0}


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions; on Windows the user's folders are private")
def test_a_persons_data_and_a_certificate_are_readable_by_their_owner_only(event: EventStore, tmp_path: Path) -> None:
    from expo_console.services.registration.person_data import export_person_data
    from expo_console.services.registration.purge import (
        certificate_again,
        purge_personal_data,
        set_retention_days,
    )

    person = event.conn.execute("SELECT id FROM visitors LIMIT 1").fetchone()[0]
    (tmp_path / "person.json").write_text("an older file, readable by all")
    (tmp_path / "person.json").chmod(0o644)
    for name in ("person.json", "person.pdf"):
        export_person_data(event, person, tmp_path / name)
    set_retention_days(event, 0)
    purge_personal_data(event, certificate=tmp_path / "certificate.pdf")
    certificate_again(event, tmp_path / "again.pdf")
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in tmp_path.iterdir() if p.suffix in (".json", ".pdf")}
    assert modes == dict.fromkeys(("person.json", "person.pdf", "certificate.pdf", "again.pdf"), 0o600)


def test_a_buyers_data_holds_their_consultation_requests_and_meetings(event_templates, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from consultation_support import consultation_zone

    from expo_console.services.consultations import outcomes, schedule
    from expo_console.services.registration.person_data import export_person_data

    zone = consultation_zone(event_templates, tmp_path / "zone.expo")
    try:
        schedule.solve_schedule(zone.store, time_limit=3)
        met = schedule.meetings(zone.store)[0]
        outcomes.record_outcome(zone.store, met.id, outcomes.Outcome(amount="2500만", note="견적 요청"))
        names = {e.id: e.name for e in zone.exhibitors}
        data = export_person_data(zone.store, met.buyer_id, tmp_path / "buyer.pdf")
        consulted = data["consultations"]
        assert {r["exhibitor"] for r in consulted["requests"]} >= {names[met.exhibitor_id]}
        [kept] = [m for m in consulted["meetings"] if m["starts"] == met.starts.strftime("%H:%M") and m["day"] ==
                  met.day.isoformat()]
        assert (kept["exhibitor"], kept["status"], kept["amount_krw"], kept["note"]) == (
            names[met.exhibitor_id], "held", 25_000_000, "견적 요청")
        text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "buyer.pdf"), "-"], capture_output=True,
                              text=True, check=True).stdout
        assert "상담 Consultation meetings" in text and names[met.exhibitor_id] in text and "25,000,000" in text
    finally:
        zone.store.close()
