"""Two desks change the same rows before either has seen the other's change: the hub merges per
field in the order the pushes reached it, a delete wins over a later-pushed edit, and both
versions of a field both desks set go to the audit log (visitors, the event's settings)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from expo_console.domain.visitors import Consent, VisitorDraft
from expo_console.services import event_settings
from expo_console.services.hub import edit_lease
from expo_console.services.hub.common import HubError
from expo_console.services.hub.join import join
from expo_console.services.hub.sync import sync_once
from expo_console.services.layout.floor_plan import set_background
from expo_console.services.registration.visitors import delete_visitor, get_visitor, update_visitor
from expo_console.storage import audit_repo
from expo_console.storage.connection import EventStore, Stamp
from hub_support import PASSPHRASE, published_and_joined
from support import TEST_STAMP


@pytest.fixture(scope="module")
def desks(tmp_path_factory: pytest.TempPathFactory, event_templates) -> Iterator[dict[str, Any]]:  # type: ignore[no-untyped-def]
    """One hub with one event: desk A published it, desk B joined."""
    with published_and_joined(event_templates.demo(visitors=30), tmp_path_factory.mktemp("desks")) as desks:
        yield desks

def even(dsn: str, *stores: EventStore) -> None:
    """Both desks sync twice in turn: whatever either pushed, the other has pulled."""
    for _round in range(2):
        for store in stores:
            sync_once(store, dsn)


def draft(store: EventStore, visitor_id: str, **changed: str) -> VisitorDraft:
    held = get_visitor(store, visitor_id)
    fields = {f: held[f] or "" for f in ("name", "name_en", "company", "title", "phone", "email", "country", "notes")}
    return VisitorDraft(**{**fields, **changed}, visitor_class=held["visitor_class"],
                        consents=frozenset({Consent.REQUIRED}))


def visitor_ids(store: EventStore) -> list[str]:
    return [r[0] for r in store.conn.execute("SELECT id FROM visitors ORDER BY name")]


def conflicts(store: EventStore, visitor_id: str) -> list[dict[str, Any]]:
    return [e for e in audit_repo.entries(store.conn, visitor_id) if e["action"] == "sync_conflict"]


def test_two_desks_editing_different_fields_of_a_visitor_both_keep_their_edit(desks: dict[str, Any]) -> None:
    a, b = desks["a"], desks["b"]
    visitor = visitor_ids(a)[0]
    update_visitor(a, visitor, draft(a, visitor, company="(주)에이데스크"))
    update_visitor(b, visitor, draft(b, visitor, phone="010-2222-3333"))
    even(desks["dsn"], a, b)
    for store in (a, b):
        held = get_visitor(store, visitor)
        assert (held["company"], held["phone"]) == ("(주)에이데스크", "010-2222-3333")
    with psycopg.connect(desks["dsn"]) as pg:
        assert pg.execute("SELECT company, phone FROM visitors WHERE id = %s", (visitor,)).fetchone() == (
            "(주)에이데스크", "010-2222-3333")
    assert conflicts(a, visitor) == [] and conflicts(b, visitor) == []  # different fields: nothing overwritten


def test_the_same_field_set_on_two_desks_keeps_the_later_push_and_audits_both_versions(desks: dict[str, Any]) -> None:
    a, b = desks["a"], desks["b"]
    visitor = visitor_ids(a)[1]
    update_visitor(a, visitor, draft(a, visitor, title="팀장"))
    update_visitor(b, visitor, draft(b, visitor, title="부장"))
    sync_once(a, desks["dsn"])  # A's edit reaches the hub first; B's, pushed after, is the later write
    even(desks["dsn"], b, a)
    assert get_visitor(a, visitor)["title"] == get_visitor(b, visitor)["title"] == "부장"
    for store in (a, b):
        [logged] = conflicts(store, visitor)
        assert logged["desk_id"] == "desk-b" and logged["detail"]["other_desk"] == TEST_STAMP.desk_id
        assert logged["detail"]["fields"] == {"title": {"kept": "부장", "replaced": "팀장"}}


def test_an_edit_pushed_after_another_desk_deleted_the_visitor_does_not_bring_it_back(desks: dict[str, Any]) -> None:
    a, b = desks["a"], desks["b"]
    visitor = visitor_ids(a)[2]
    delete_visitor(a, visitor, reason="asked to be removed")
    update_visitor(b, visitor, draft(b, visitor, notes="VIP"))
    sync_once(a, desks["dsn"])
    even(desks["dsn"], b, a)
    for store in (a, b):
        assert visitor not in visitor_ids(store)
    with psycopg.connect(desks["dsn"]) as pg:
        assert pg.execute("SELECT count(*) FROM visitors WHERE id = %s", (visitor,)).fetchone()[0] == 0


def test_event_settings_set_on_two_desks_keep_the_later_push_and_audit_both(desks: dict[str, Any]) -> None:
    a, b = desks["a"], desks["b"]
    event_settings.put(a, event_settings.BADGE_ROMANIZE, True)
    event_settings.put(b, event_settings.BADGE_ROMANIZE, False)
    sync_once(a, desks["dsn"])
    even(desks["dsn"], b, a)
    assert event_settings.get(a, event_settings.BADGE_ROMANIZE) is False
    assert event_settings.get(b, event_settings.BADGE_ROMANIZE) is False
    logged = [e for e in audit_repo.entries(a.conn) if e["action"] == "sync_conflict" and e["entity"] == "event_settings"]
    assert logged and logged[-1]["detail"]["fields"]["settings.badge_romanize"] == {"kept": False, "replaced": True}


def test_a_desk_keeps_its_own_unpushed_edit_when_it_pulls_an_older_one(desks: dict[str, Any]) -> None:
    a, b = desks["a"], desks["b"]
    visitor = visitor_ids(a)[3]
    update_visitor(a, visitor, draft(a, visitor, country="KR"))
    sync_once(a, desks["dsn"])
    update_visitor(b, visitor, draft(b, visitor, country="JP"))
    # B's pull of A's older edit (not its own push) must not undo B's edit waiting in its outbox
    from expo_console.services.hub import sync

    sync._pull(b, desks["dsn"], lambda done, total: None)
    assert get_visitor(b, visitor)["country"] == "JP"
    even(desks["dsn"], b, a)
    assert get_visitor(a, visitor)["country"] == get_visitor(b, visitor)["country"] == "JP"
    [logged] = conflicts(b, visitor)  # audited once: when the pull met the edit, not again at the push
    assert logged["detail"]["fields"] == {"country": {"kept": "JP", "replaced": "KR"}}


def test_a_hall_drawing_travels_as_bytes(desks: dict[str, Any], tmp_path: Path) -> None:
    a, b = desks["a"], desks["b"]
    image = bytes(range(256)) * 4  # every byte value: nothing may be read as text on the way
    edit_lease.take(a, desks["dsn"])  # on a hub, one desk at a time edits the floor plan
    set_background(a, {"image": image, "source_name": "hall-b.png", "metres_per_pixel": 0.05, "x": 0.0, "y": 0.0,
                       "opacity": 0.5})
    even(desks["dsn"], a, b)
    assert b.conn.execute("SELECT image, source_name FROM hall_backgrounds").fetchone() == (image, "hall-b.png")


def test_a_reissue_on_one_desk_revokes_the_old_badge_at_another_desks_gate_after_sync(
        desks: dict[str, Any], event_templates) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from expo_console.domain.checkin import Verdict
    from expo_console.services.badges.codes import issue_badge
    from expo_console.services.badges.keys import import_keys
    from expo_console.services.checkin.gates import find_gate
    from expo_console.services.checkin.scanning import ScanContext, Station, scan

    a, b = desks["a"], desks["b"]
    template = event_templates.demo(visitors=30)
    import_keys(template.key_file, template.event_id)  # both desks of this test: one config folder, one key
    visitor = visitor_ids(a)[4]
    lost = issue_badge(a, visitor)[0].code
    even(desks["dsn"], a, b)
    replacement = issue_badge(a, visitor, reissue=True)[0].code  # the visitor lost the first badge
    even(desks["dsn"], a, b)
    gate = ScanContext(b, Station("gate-b", find_gate(b, "B홀 정문")["id"]))
    day1 = dt.datetime(2022, 10, 4, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=9)))
    assert scan(gate, lost, now=day1)[0].verdict is Verdict.REVOKED
    assert scan(gate, replacement, now=day1 + dt.timedelta(minutes=1))[0].verdict is Verdict.ADMITTED


def test_a_desk_that_joins_again_into_a_new_file_has_its_changes_taken(desks: dict[str, Any], tmp_path: Path) -> None:
    a, dsn = desks["a"], desks["dsn"]
    lost, _copied = join(dsn, tmp_path / "r.expo", Stamp("desk-r", "김데스크", "organizer"), passphrase=PASSPHRASE)
    visitor = visitor_ids(lost)[5]
    update_visitor(lost, visitor, draft(lost, visitor, title="처음 파일"))
    sync_once(lost, dsn)
    again, _copied = join(dsn, tmp_path / "r-again.expo", Stamp("desk-r", "김데스크", "organizer"), passphrase=PASSPHRASE)
    try:
        update_visitor(again, visitor, draft(again, visitor, company="(주)다시참여"))
        assert sync_once(again, dsn).pushed >= 1  # not taken for the changes the hub had from the first file
        sync_once(a, dsn)
        assert get_visitor(a, visitor)["company"] == "(주)다시참여"
        # the first file, used again by mistake, is refused rather than losing what it sends
        update_visitor(lost, visitor, draft(lost, visitor, notes="old file"))
        with pytest.raises(HubError, match="Another event file on this hub sends changes as desk 'desk-r'"):
            sync_once(lost, dsn)
    finally:
        again.close()
        lost.close()


def test_a_badge_issued_offline_for_a_visitor_another_desk_deleted_is_dropped_everywhere(
        desks: dict[str, Any], event_templates, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from expo_console.services.badges.codes import issue_badge
    from expo_console.services.badges.keys import import_keys

    a, b, dsn = desks["a"], desks["b"], desks["dsn"]
    template = event_templates.demo(visitors=30)
    import_keys(template.key_file, template.event_id)
    visitor = visitor_ids(a)[6]
    even(dsn, a, b)
    delete_visitor(a, visitor, reason="asked to be removed")
    sync_once(a, dsn)
    issue_badge(b, visitor)  # desk B has not heard yet: it prints the visitor a badge
    sync_once(b, dsn)  # the hub (no foreign keys) takes the badge; B pulls the delete, its badge goes with it
    sync_once(a, dsn)  # A's file refuses the orphan badge: dropped, and the hub told
    sync_once(a, dsn)
    for store in (a, b):
        assert store.conn.execute("SELECT count(*) FROM badges WHERE visitor_id = ?", (visitor,)).fetchone()[0] == 0
    with psycopg.connect(dsn) as pg:
        assert pg.execute("SELECT count(*) FROM badges WHERE visitor_id = %s", (visitor,)).fetchone()[0] == 0
    assert any(e["action"] == "sync_orphan_dropped" and e["entity"] == "badges" for e in audit_repo.entries(a.conn))
    late, _copied = join(dsn, tmp_path / "c.expo", Stamp("desk-c", "박데스크", "organizer"), passphrase=PASSPHRASE)
    late.close()  # a desk joining afterwards copies the hub without a foreign-key failure


def test_the_duplicate_check_key_follows_a_name_and_a_company_merged_from_two_desks(desks: dict[str, Any]) -> None:
    from expo_console.domain.visitors import person_key

    a, b, dsn = desks["a"], desks["b"], desks["dsn"]
    visitor = visitor_ids(a)[7]
    even(dsn, a, b)
    update_visitor(a, visitor, draft(a, visitor, name="김철수"))
    update_visitor(b, visitor, draft(b, visitor, company="삼성전자"))
    sync_once(a, dsn)
    even(dsn, b, a)
    expected = person_key("김철수", "삼성전자")
    for store in (a, b):
        assert store.conn.execute("SELECT person_key FROM visitors WHERE id = ?", (visitor,)).fetchone()[0] == expected
    with psycopg.connect(dsn) as pg:
        assert pg.execute("SELECT person_key FROM visitors WHERE id = %s", (visitor,)).fetchone()[0] == expected
    assert conflicts(a, visitor) == [] and conflicts(b, visitor) == []  # a key made from both is no conflict


def test_two_desks_setting_different_event_settings_both_keep_theirs(desks: dict[str, Any]) -> None:
    a, b, dsn = desks["a"], desks["b"], desks["dsn"]
    even(dsn, a, b)
    before = [e for e in audit_repo.entries(b.conn) if e["action"] == "sync_conflict"]
    event_settings.put(a, event_settings.BADGE_ROMANIZE, True)
    event_settings.put(b, event_settings.LAYOUT_LOCKED, True)
    sync_once(a, dsn)
    even(dsn, b, a)
    for store in (a, b):
        assert event_settings.get(store, event_settings.BADGE_ROMANIZE) is True
        assert event_settings.get(store, event_settings.LAYOUT_LOCKED) is True
    with psycopg.connect(dsn) as pg:
        held = json.loads(pg.execute("SELECT settings_json FROM event").fetchone()[0])
    assert held["badge_romanize"] is True and held["layout_locked"] is True
    after = [e for e in audit_repo.entries(b.conn) if e["action"] == "sync_conflict"]
    assert after == before  # different settings: nothing was overwritten, nothing to audit
