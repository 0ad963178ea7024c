"""Issue 21 with a hub: a person erased at one desk leaves no trace on the hub (its tables and its
change log) nor at the other desks, even a scan another desk took offline before the erasure
reached it; the desks' database role still cannot rewrite the hub's history; and operators
with their roles reach every desk."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from expo_console.domain.checkin import Verdict
from expo_console.domain.redaction import pseudonym_of
from expo_console.domain.visitors import Consent, VisitorDraft
from expo_console.services.access import AccessDenied
from expo_console.services.checkin.gates import find_gate
from expo_console.services.checkin.scanning import ScanContext, Station, scan
from expo_console.services.hub.sync import sync_once
from expo_console.services.operators import create_operator, disable, set_role, sign_in
from expo_console.services.registration.visitors import (
    delete_visitor,
    register_visitor,
    reveal_phone,
)
from expo_console.storage import audit_repo
from expo_console.storage.connection import EventStore
from hub_support import badge_code, published_and_joined

SEOUL = dt.timezone(dt.timedelta(hours=9))
DAY1 = dt.datetime(2022, 10, 4, 10, 30, tzinfo=SEOUL)
NAME, PHONE, EMAIL = "홍길순허브", "010-5555-7171", "gilsun.hub@example.kr"
OLD_NAME, OLD_PHONE = "홍길순허브옛", "010-4444-7171"
DETAILS = (NAME, PHONE, "01055557171", EMAIL, OLD_NAME, OLD_PHONE)


@pytest.fixture
def desks(event_templates, tmp_path: Path) -> Iterator[dict[str, Any]]:  # type: ignore[no-untyped-def]
    with published_and_joined(event_templates.demo(visitors=10), tmp_path) as desks:
        yield desks


def even(dsn: str, *stores: EventStore) -> None:
    for _round in range(2):
        for store in stores:
            sync_once(store, dsn)


def gate(store: EventStore, name: str = "B홀 정문") -> ScanContext:
    """A gate deciding on its own file (the desk is offline for the hub's decisions)."""
    return ScanContext(store, Station(f"{store.stamp.desk_id} gate", find_gate(store, name)["id"]))


def hub_text(dsn: str) -> str:
    """Everything the hub holds of the event, as text: every event table and the change log."""
    with psycopg.connect(dsn) as pg:
        tables = [r[0] for r in pg.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        return "\n".join(json.dumps(pg.execute(f'SELECT json_agg(t) FROM "{table}" t').fetchone()[0],
                                    ensure_ascii=False) for table in tables)


def test_a_person_erased_at_one_desk_leaves_no_trace_on_the_hub_nor_at_the_other_desk(desks: dict[str, Any]) -> None:
    a, b, dsn = desks["a"], desks["b"], desks["dsn"]
    person = register_visitor(a, VisitorDraft(name=NAME, company="(주)허브", phone=PHONE, email=EMAIL,
                                              consents=frozenset({Consent.REQUIRED}))).visitor_id
    with a.write() as conn:  # an import's record keeps what it changed, nested: [before, after]
        audit_repo.append(conn, a.stamp, "import_update", "visitor", person,
                          {"file": "list.csv", "changes": {"name": [OLD_NAME, NAME], "phone": [OLD_PHONE, PHONE]}})
    code = badge_code(a, offset=[r[0] for r in a.conn.execute("SELECT id FROM visitors ORDER BY id")].index(person))
    reveal_phone(a, person, reason=f"{NAME} 님 분실물 연락")
    with a.write() as conn:  # an annulled scan's record as made before issue 21: the visitor in its detail only
        audit_repo.append(conn, a.stamp, "annul_scan", "scan", "scan-of-2021",
                          {"visitor_id": person, "reason": f"{NAME} 님 잘못 스캔"})
    even(dsn, a, b)
    assert scan(gate(b), code, now=DAY1)[0].verdict is Verdict.ADMITTED
    reveal_phone(b, person, reason=f"{NAME} 님 본인 확인")  # desk B's own record naming them
    even(dsn, b, a)
    assert all(detail in hub_text(dsn) for detail in (NAME, PHONE, EMAIL))  # there before
    # desk B, offline, lets them out and back in; the erasure is made meanwhile at desk A
    scan(gate(b, "B홀 측면 출입구"), code, now=DAY1 + dt.timedelta(hours=1))
    verdicts_before = sorted(b.conn.execute("SELECT verdict FROM scans").fetchall())

    delete_visitor(a, person, reason="asked to be removed")
    sync_once(a, dsn)
    assert [d for d in DETAILS if d in hub_text(dsn)] == []  # the hub forgot them at once
    even(dsn, b, a)  # B's late scan reaches the hub, and B pulls the erasure

    pseudonym = pseudonym_of(person)
    held = hub_text(dsn)
    assert [d for d in DETAILS if d in held] == []
    with psycopg.connect(dsn) as pg:
        assert pg.execute("SELECT count(*) FROM hub_changes WHERE row_data::text LIKE %s",
                          (f"%{person}%",)).fetchone()[0] == 0
        assert pg.execute("SELECT count(*) FROM scans WHERE visitor_id = %s", (person,)).fetchone()[0] == 0
        assert pg.execute("SELECT count(*) FROM scans WHERE visitor_id = %s", (pseudonym,)).fetchone()[0] == 2
        assert pg.execute("SELECT count(*) FROM audit_log WHERE entity_id = %s", (person,)).fetchone()[0] == 0
    for store in (a, b):
        assert store.conn.execute("SELECT count(*) FROM scans WHERE visitor_id = ?", (person,)).fetchone()[0] == 0
        assert store.conn.execute("SELECT count(*) FROM scans WHERE visitor_id = ?", (pseudonym,)).fetchone()[0] == 2
        assert store.conn.execute("SELECT count(*) FROM audit_log WHERE entity_id = ?", (person,)).fetchone()[0] == 0
        # the figures stay: desk B's late scan counts too, as the same person
        assert sorted(store.conn.execute("SELECT verdict FROM scans").fetchall()) == verdicts_before
        for path in (store.path, Path(f"{store.path}-wal")):
            raw = path.read_bytes() if path.exists() else b""
            assert [d for d in DETAILS if d.encode() in raw] == [], path


def test_the_desks_role_cannot_rewrite_the_hubs_history_nor_scrub_a_living_visitor(desks: dict[str, Any]) -> None:
    a, dsn = desks["a"], desks["dsn"]
    living = a.conn.execute("SELECT id, name FROM visitors ORDER BY id LIMIT 1").fetchone()
    reveal_phone(a, living[0], reason="lost and found")
    sync_once(a, dsn)
    with psycopg.connect(dsn) as pg:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            pg.execute("UPDATE hub_changes SET row_data = NULL WHERE tbl = 'visitors'")
        pg.rollback()
        assert pg.execute("SELECT hub_forget_erased(%s)", ([living[0]],)).fetchone()[0] == 0
        pg.commit()
        assert pg.execute("SELECT count(*) FROM audit_log WHERE entity_id = %s", (living[0],)).fetchone()[0] == 1
    assert living[1] in hub_text(dsn)


def test_operators_and_their_roles_reach_every_desk(desks: dict[str, Any]) -> None:
    a, b, dsn = desks["a"], desks["b"], desks["dsn"]
    create_operator(a, "박게이트", "gate", "4826")
    even(dsn, a, b)
    assert sign_in(b, "박게이트", "4826").role == "gate"  # signed in at a desk that never saw them made
    set_role(a, "박게이트", "registration")
    even(dsn, a, b)
    assert sign_in(b, "박게이트", "4826").role == "registration"
    disable(a, "박게이트")
    even(dsn, a, b)
    with pytest.raises(AccessDenied):
        sign_in(b, "박게이트", "4826")
