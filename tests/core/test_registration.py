from __future__ import annotations

import pytest

from expo_console.domain.visitors import Consent, VisitorDraft
from expo_console.services.registration import visitors as reg
from expo_console.storage import audit_repo
from expo_console.storage.connection import EventStore

CONSENT = frozenset({Consent.REQUIRED})


def walk_in(**fields: str) -> VisitorDraft:
    values = {"name": "김기문", "company": "중소기업중앙회", "phone": "010-1234-5678",
              "email": "kim@example.com", "consents": CONSENT, **fields}
    return VisitorDraft(**values)  # type: ignore[arg-type]


def test_walk_in_is_stored_clean_with_consent_time_and_notice_version(store: EventStore) -> None:
    result = reg.register_visitor(store, walk_in(name="  김기문 ", phone="01012345678"))
    row = reg.get_visitor(store, result.visitor_id)
    assert row["name"] == "김기문"
    assert row["phone"] == "010-1234-5678"
    assert row["consent_required_at"] and row["consent_required_version"] == "1"
    assert row["consent_marketing_at"] is None
    assert row["desk_id"] == "desk-test" and row["created_at"]
    assert result.change.upserted == (result.visitor_id,)


def test_missing_name_and_required_consent_are_refused(store: EventStore) -> None:
    with pytest.raises(reg.ValidationFailed) as info:
        reg.register_visitor(store, VisitorDraft(email="bad-address"))
    codes = {p.code for p in info.value.problems}
    assert codes == {"name_required", "email_invalid", "required_consent_missing"}
    assert store.conn.execute("SELECT count(*) FROM visitors").fetchone()[0] == 0


@pytest.mark.parametrize("second", [
    {"email": "KIM@Example.COM", "phone": "", "name": "다른사람"},  # e-mail differing in case
    {"email": "", "phone": "+82 10 1234 5678", "name": "다른사람"},  # same phone, other format
    {"email": "", "phone": "", "name": "김 기문", "company": "중소기업 중앙회"},  # same person
])
def test_probable_duplicate_warns_and_never_merges(store: EventStore, second: dict[str, str]) -> None:
    first = reg.register_visitor(store, walk_in())
    with pytest.raises(reg.DuplicateSuspected) as info:
        reg.register_visitor(store, walk_in(**second))
    assert [c["id"] for c in info.value.candidates] == [first.visitor_id]
    assert store.conn.execute("SELECT count(*) FROM visitors").fetchone()[0] == 1
    reg.register_visitor(store, walk_in(**second), allow_duplicate=True)
    assert store.conn.execute("SELECT count(*) FROM visitors").fetchone()[0] == 2


def test_edit_logs_which_fields_changed_and_keeps_first_consent_time(store: EventStore) -> None:
    saved = reg.register_visitor(store, walk_in())
    before = reg.get_visitor(store, saved.visitor_id)
    draft = reg.draft_from_row(before)
    from dataclasses import replace
    reg.update_visitor(store, saved.visitor_id, replace(draft, title="대표", consents=CONSENT | {Consent.MARKETING}))
    after = reg.get_visitor(store, saved.visitor_id)
    assert after["title"] == "대표"
    assert after["consent_required_at"] == before["consent_required_at"]
    assert after["consent_marketing_at"]
    update = [e for e in audit_repo.entries(store.conn, saved.visitor_id) if e["action"] == "update"]
    assert update[0]["detail"]["fields"] == ["title", "consent_marketing"]


def test_block_unblock_and_delete_are_audited(store: EventStore) -> None:
    saved = reg.register_visitor(store, walk_in())
    reg.set_blocked(store, saved.visitor_id, True, "소란 행위")
    assert reg.get_visitor(store, saved.visitor_id)["blocked"] == 1
    reg.set_blocked(store, saved.visitor_id, False)
    change = reg.delete_visitor(store, saved.visitor_id, reason="asked to be removed")
    assert change.deleted == (saved.visitor_id,)
    with pytest.raises(reg.VisitorNotFound):
        reg.get_visitor(store, saved.visitor_id)
    pseudonym = audit_repo.entries(store.conn)[-1]["entity_id"]  # the erased visitor's records keep a pseudonym
    actions = [e["action"] for e in audit_repo.entries(store.conn, pseudonym)]
    assert actions == ["create", "block", "unblock", "delete"]
    assert [e["detail"].get("reason") for e in audit_repo.entries(store.conn, pseudonym)][1] == "[erased]"


def test_revealing_a_phone_is_logged_with_operator(store: EventStore) -> None:
    saved = reg.register_visitor(store, walk_in())
    assert reg.reveal_phone(store, saved.visitor_id, "배지 수령 확인") == "010-1234-5678"
    entry = audit_repo.entries(store.conn, saved.visitor_id)[-1]
    assert entry["action"] == "reveal_phone"
    assert entry["operator"] == "tester"
    assert entry["detail"] == {"reason": "배지 수령 확인"}


def test_emoji_rtl_and_long_names_are_kept_readable(store: EventStore) -> None:
    name = "محمد 😀 " + "가" * 300
    saved = reg.register_visitor(store, walk_in(name=name, email="", phone=""))
    stored = reg.get_visitor(store, saved.visitor_id)["name"]
    assert stored.startswith("محمد 😀 가")
    assert len(stored) == 100
    assert any(w.code == "truncated_warning" for w in saved.warnings)
