from __future__ import annotations

import json
import os
import secrets
import stat
from dataclasses import replace
from pathlib import Path

import pytest

from expo_console.domain.visitors import Consent, VisitorDraft
from expo_console.services.badge_print.render import content_for
from expo_console.services.badges import keys as badge_keys
from expo_console.services.badges.codes import (
    PRINTED_FIELDS,
    BadgeError,
    current_badge,
    issue_badge,
    verify_code,
)
from expo_console.services.events import event_row, open_event
from expo_console.services.registration.visitors import (
    draft_from_row,
    get_visitor,
    register_visitor,
    update_visitor,
)
from expo_console.storage import print_log_repo
from expo_console.storage.connection import EventStore, Stamp


def visitor(store: EventStore, name: str = "김기문", cls: str = "vip") -> str:
    return register_visitor(store, VisitorDraft(name=name, visitor_class=cls, email=f"{name}@x.com",
                                                consents=frozenset({Consent.REQUIRED}))).visitor_id


def test_issued_code_verifies_and_issuing_again_returns_the_same_badge(store: EventStore) -> None:
    visitor_id = visitor(store)
    badge, change = issue_badge(store, visitor_id)
    assert change.upserted == (visitor_id,)
    again, _ = issue_badge(store, visitor_id)
    assert again == badge
    result = verify_code(store, badge.code)
    assert (result.tag_valid, result.status, result.visitor_id) == (True, "active", visitor_id)
    assert result.fields.visitor_class.value == "vip"
    assert result.fields.event_number == event_row(store)["badge_event_number"]


def test_reissue_keeps_the_serial_bumps_the_counter_and_revokes_the_old_code(store: EventStore) -> None:
    visitor_id = visitor(store)
    first, _ = issue_badge(store, visitor_id)
    second, _ = issue_badge(store, visitor_id, reissue=True)
    assert (second.serial, second.reissue) == (first.serial, 1)
    assert second.code != first.code
    assert verify_code(store, first.code).status == "revoked"
    assert verify_code(store, second.code).status == "active"


def test_serials_are_unique_and_come_from_the_desks_slot(store: EventStore, event_path: Path) -> None:
    serials = {issue_badge(store, visitor(store, f"방문자{i}"))[0].serial for i in range(5)}
    assert len(serials) == 5
    slot = store.conn.execute("SELECT slot FROM desks WHERE id = 'desk-test'").fetchone()[0]
    assert all(s // 1_000_000 == slot for s in serials)
    other = open_event(event_path, Stamp("desk-2", "lee", "organizer"))
    badge, _ = issue_badge(other, visitor(other, "이영"))
    assert badge.serial // 1_000_000 == slot + 1  # a second desk gets the next range
    other.close()


def test_forged_other_event_and_malformed_codes(store: EventStore) -> None:
    code = issue_badge(store, visitor(store))[0].code
    forged = code[:-1] + str((int(code[-1]) + 1) % 10)
    assert not verify_code(store, forged).tag_valid
    assert "forged" in verify_code(store, forged).reason
    other_event = code[:3] + f"{(int(code[3:8]) + 1) % 100000:05d}" + code[8:]
    assert not verify_code(store, other_event).same_event
    malformed = verify_code(store, "ㅁㅁㅇㄹ")
    assert not malformed.well_formed and not malformed.tag_valid


def test_a_desk_without_the_key_cannot_issue_and_is_told_how_to_import_it(store: EventStore, tmp_path: Path,
                                                                          monkeypatch) -> None:
    visitor_id = visitor(store)
    event_id = event_row(store)["id"]
    exported = tmp_path / "key.json"
    badge_keys.export_keys(event_id, "테스트", exported)
    assert oct(exported.stat().st_mode & 0o777) == "0o600"
    monkeypatch.setenv("EXPO_CONSOLE_CONFIG_DIR", str(tmp_path / "other-desk"))
    with pytest.raises(badge_keys.MissingKey, match="key import"):
        issue_badge(store, visitor_id)
    badge_keys.import_keys(exported, event_id)
    assert verify_code(store, issue_badge(store, visitor_id)[0].code).tag_valid


def test_a_new_key_signs_new_badges_and_old_badges_stay_valid(store: EventStore) -> None:
    old = issue_badge(store, visitor(store, "가"))[0]
    badge_keys.rotate_key(event_row(store)["id"], "테스트")
    new = issue_badge(store, visitor(store, "나"))[0]
    assert (old.code[1:3], new.code[1:3]) == ("01", "02")
    assert verify_code(store, old.code).tag_valid and verify_code(store, new.code).tag_valid


def test_importing_another_events_key_is_refused(store: EventStore, tmp_path: Path) -> None:
    other = badge_keys.create_event_key("someone-else", "다른 행사")
    target = tmp_path / "other.json"
    badge_keys.export_keys(other.event_id, "다른 행사", target)
    with pytest.raises(badge_keys.MissingKey, match="another event"):
        badge_keys.import_keys(target, event_row(store)["id"])


def test_unknown_visitor_is_refused(store: EventStore) -> None:
    with pytest.raises(BadgeError):
        issue_badge(store, "nobody")


def test_desks_on_separate_copies_keep_apart_with_assigned_slots(store: EventStore, event_path: Path,
                                                                 tmp_path: Path, monkeypatch) -> None:
    import shutil

    from expo_console.storage.connection import EventFileError

    store.close()
    copy_a, copy_b = tmp_path / "desk-a.expo", tmp_path / "desk-b.expo"
    shutil.copy(event_path, copy_a)
    shutil.copy(event_path, copy_b)
    serials = []
    for copy, desk, slot in ((copy_a, "desk-a", "7"), (copy_b, "desk-b", "8")):
        monkeypatch.setenv("EXPO_CONSOLE_DESK_SLOT", slot)
        opened = open_event(copy, Stamp(desk, "op", "organizer"))
        serials.append(issue_badge(opened, visitor(opened, f"{desk}방문자"))[0].serial)
        opened.close()
    assert serials == [7_000_001, 8_000_001]
    monkeypatch.setenv("EXPO_CONSOLE_DESK_SLOT", "7")
    with pytest.raises(EventFileError, match="already belongs to desk desk-a"):
        open_event(copy_a, Stamp("desk-c", "op", "organizer"))


# -- a printed badge whose details changed --------------------------------------------------------

def test_an_edit_of_a_printed_detail_at_the_desk_marks_the_badge_for_reprint(store: EventStore) -> None:
    visitor_id = visitor(store)
    badge, _ = issue_badge(store, visitor_id)
    with store.write() as conn:
        print_log_repo.record(conn, store.stamp, badge_id=badge.id, serial=badge.serial,
                              visitor_id=visitor_id, printer="test", result="printed")
    draft = draft_from_row(get_visitor(store, visitor_id))
    update_visitor(store, visitor_id, replace(draft, notes="메모"))
    assert current_badge(store, visitor_id).reprint_fields == ""
    update_visitor(store, visitor_id, replace(draft, name="김기운", title="이사"))
    assert current_badge(store, visitor_id).reprint_fields == "name,title"


def test_every_visitor_field_a_badge_shows_is_a_printed_field() -> None:
    read: set[str] = set()

    class Recording(dict):
        def __getitem__(self, key: str) -> object:
            read.add(key)
            return super().__getitem__(key)

        def get(self, key: str, default: object = None) -> object:
            read.add(key)
            return super().get(key, default)

    content_for(Recording(name="김기문", name_en="Kim", company="c", title="t", visitor_class="vip",
                          country="KR"), "0" * 58, "행사", romanize=True)
    assert read == set(PRINTED_FIELDS)


# -- key files ------------------------------------------------------------------------------------

def key_file(tmp_path: Path, event_id: str, keys: dict[str, str], current: int = 1) -> Path:
    path = tmp_path / "incoming.json"
    path.write_text(json.dumps({"format": badge_keys.KEY_FILE_FORMAT, "version": 1, "event_id": event_id,
                                "event_name": "테스트", "current": current, "keys": keys}), encoding="utf-8")
    return path


def own_keys(store: EventStore) -> dict[str, str]:
    keys = badge_keys.load_keys(event_row(store)["id"])
    return {f"{k:02d}": v.hex() for k, v in keys.secrets.items()}


@pytest.mark.parametrize(("secret", "why"), [
    ("00" * 16, "16 bytes"),
    ("00" * 32, "too few different bytes"),
    ("5be0c2a9e1f4d3678a9b1c2d3e4f5061" * 2, "repeated pattern"),
    (bytes(range(32)).hex(), "counting sequence"),
])
def test_a_weak_key_is_refused_and_the_desks_key_kept(store: EventStore, tmp_path: Path, secret: str,
                                                      why: str) -> None:
    event_id = event_row(store)["id"]
    before = own_keys(store)
    with pytest.raises(badge_keys.MissingKey, match=f"{why}.*Export the key again"):
        badge_keys.import_keys(key_file(tmp_path, event_id, {**before, "02": secret}, 2), event_id)
    assert own_keys(store) == before


@pytest.mark.parametrize(("key_id", "problem"), [("99", "01, 99"), ("03", "01, 03"), ("100", "'100'"),
                                                 ("00", "'00'"), ("2", "'2'")])
def test_key_ids_out_of_range_or_out_of_order_are_refused_and_rotation_still_works(
        store: EventStore, tmp_path: Path, key_id: str, problem: str) -> None:
    event_id = event_row(store)["id"]
    keys = {**own_keys(store), key_id: secrets.token_hex(32)}
    with pytest.raises(badge_keys.MissingKey, match=problem):
        badge_keys.import_keys(key_file(tmp_path, event_id, keys), event_id)
    assert badge_keys.rotate_key(event_id, "테스트").current == 2


def test_a_genuine_key_with_a_new_rotation_is_imported(store: EventStore, tmp_path: Path) -> None:
    event_id = event_row(store)["id"]
    keys = {**own_keys(store), "02": secrets.token_hex(32)}
    assert badge_keys.import_keys(key_file(tmp_path, event_id, keys, 2), event_id).current == 2


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_key_files_and_their_folder_are_owner_only_whatever_was_there(store: EventStore) -> None:
    event_id = event_row(store)["id"]
    folder = badge_keys.config_dir() / "keys"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    folder.chmod(0o755)  # made by an older version
    stale = folder / f"{event_id}.part"
    stale.write_text("{}")
    stale.chmod(0o644)  # left by a crash
    badge_keys.rotate_key(event_id, "테스트")
    assert stat.S_IMODE((folder / f"{event_id}.json").stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert not stale.exists()


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_loading_keys_tightens_a_desk_set_up_by_an_older_version(store: EventStore) -> None:
    event_id = event_row(store)["id"]
    folder = badge_keys.config_dir() / "keys"
    folder.chmod(0o755)
    (folder / f"{event_id}.json").chmod(0o644)
    badge_keys.load_keys(event_id)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / f"{event_id}.json").stat().st_mode) == 0o600
