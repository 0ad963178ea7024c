"""Operators and sign-in (issue 21): a PIN kept as a slow hash, five wrong PINs lock the operator
for a while (audited), a role allows its actions and no others, and nobody signed in may do
nothing protected."""

from __future__ import annotations

import datetime as dt
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from expo_console.domain.access import ALLOWED, REASON_REQUIRED, Action, Role
from expo_console.services import read_only_tries
from expo_console.services.access import AccessDenied, require
from expo_console.services.events import EventDetails, create_event, open_event
from expo_console.services.operators import (
    MAX_TRIES,
    OperatorError,
    create_operator,
    set_pin,
    sign_in,
    sign_in_store,
    vouch,
)
from expo_console.storage import audit_repo
from expo_console.storage.connection import EventStore, Stamp
from support import DEMO_PIN

NOW = dt.datetime(2022, 10, 4, 1, 0, tzinfo=dt.UTC)


def an_event(folder: Path) -> EventStore:
    store = create_event(folder / "ops.expo", EventDetails("운영자 시험", "2022-10-04", "2022-10-07"),
                         Stamp("desk-1", "setup"))
    create_operator(store, "김주최", Role.ORGANIZER, "4821")
    sign_in_store(store, "김주최", "4821")
    create_operator(store, "박등록", Role.REGISTRATION, "1357")
    return store


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    store = an_event(tmp_path)
    yield store
    store.close()


@pytest.fixture(scope="module")
def one_store(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    store = an_event(tmp_path_factory.mktemp("roles"))
    yield store
    store.close()


def actions_of(store: EventStore) -> list[str]:
    return [e["action"] for e in audit_repo.entries(store.conn)]


def test_a_pin_is_kept_only_as_a_slow_hash(store: EventStore) -> None:
    [stored] = [r[0] for r in store.conn.execute("SELECT pin_hash FROM operators WHERE name = '박등록'")]
    assert "1357" not in stored and stored.startswith("scrypt$16384$")


def test_signing_in_gives_the_operators_name_and_role(store: EventStore) -> None:
    stamp = sign_in(store, "박등록", "1357", now=NOW)
    assert (stamp.operator, stamp.role, stamp.desk_id) == ("박등록", "registration", "desk-1")
    assert actions_of(store)[-1] == "sign_in"


def test_an_unknown_name_and_a_wrong_pin_get_the_same_answer(store: EventStore) -> None:
    with pytest.raises(OperatorError) as unknown:
        sign_in(store, "없는사람", "1357", now=NOW)
    with pytest.raises(OperatorError) as wrong:
        sign_in(store, "박등록", "0000", now=NOW)
    assert unknown.value.code == wrong.value.code == "sign_in_refused"


def test_five_wrong_pins_lock_the_operator_for_a_while_and_it_is_audited(store: EventStore) -> None:
    for _ in range(MAX_TRIES - 1):
        with pytest.raises(OperatorError) as wrong:
            sign_in(store, "박등록", "9999", now=NOW)
        assert wrong.value.code == "sign_in_refused"
    with pytest.raises(OperatorError) as fifth:  # the try that locks says so, and until when
        sign_in(store, "박등록", "9999", now=NOW)
    assert fifth.value.code == "operator_locked" and dict(fifth.value.params)["until"].endswith("UTC")
    with pytest.raises(OperatorError) as locked:  # even the right PIN, while locked
        sign_in(store, "박등록", "1357", now=NOW + dt.timedelta(minutes=1))
    assert locked.value.code == "operator_locked"
    assert actions_of(store).count("sign_in_failed") == MAX_TRIES - 1 and "operator_locked" in actions_of(store)
    assert sign_in(store, "박등록", "1357", now=NOW + dt.timedelta(minutes=6)).role == "registration"


def test_an_organizer_setting_a_new_pin_lifts_the_lock(store: EventStore) -> None:
    for _ in range(MAX_TRIES):
        with pytest.raises(OperatorError):
            sign_in(store, "박등록", "9999")
    set_pin(store, "박등록", "2468")
    assert sign_in(store, "박등록", "2468").operator == "박등록"


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", list(Action))
def test_each_role_may_do_exactly_its_actions(one_store: EventStore, role: Role, action: Action) -> None:
    store = one_store
    store.stamp = Stamp("desk-1", "someone", role.value)
    reason = "visitor asked" if action in REASON_REQUIRED else None
    if action in ALLOWED[role]:
        require(store, action, reason)
    else:
        with pytest.raises(AccessDenied) as refused:
            require(store, action, reason)
        assert refused.value.code == "role_may_not"


def test_nobody_signed_in_may_do_nothing_protected_and_is_told_to_sign_in(store: EventStore) -> None:
    store.stamp = Stamp("desk-1", "os-user")
    with pytest.raises(AccessDenied) as refused:
        require(store, Action.VIEW_TRAFFIC)
    assert refused.value.code == "not_signed_in" and "--operator" in str(refused.value)


def test_a_reveal_needs_a_reason(store: EventStore) -> None:
    with pytest.raises(AccessDenied) as refused:
        require(store, Action.REVEAL_PHONE, "  ")
    assert refused.value.code == "reason_required"


def test_only_an_organizer_makes_operators_and_the_last_organizer_stays(store: EventStore) -> None:
    sign_in_store(store, "박등록", "1357")
    with pytest.raises(AccessDenied):
        create_operator(store, "최게이트", Role.GATE, "1111")
    sign_in_store(store, "김주최", "4821")
    from expo_console.services.operators import disable

    with pytest.raises(OperatorError) as last:
        disable(store, "김주최")
    assert last.value.code == "last_organizer"


def test_an_override_is_vouched_for_by_an_organizers_own_pin(store: EventStore) -> None:
    assert vouch(store, "김주최", "4821") == "김주최"
    for name, pin in (("김주최", "0000"), ("박등록", "1357")):
        with pytest.raises(OperatorError) as refused:
            vouch(store, name, pin)
        assert refused.value.code == "supervisor_refused"


def test_a_disabled_operator_enabled_again_signs_in_with_their_pin_and_role_and_it_is_audited(
        store: EventStore) -> None:
    from expo_console.services.operators import disable, enable

    disable(store, "박등록")
    with pytest.raises(OperatorError):
        sign_in(store, "박등록", "1357")
    enable(store, "박등록")
    assert sign_in(store, "박등록", "1357").role == "registration"
    assert "operator_enabled" in actions_of(store)
    sign_in_store(store, "박등록", "1357")
    with pytest.raises(AccessDenied):  # only an organizer lets someone back in
        enable(store, "박등록")


def test_the_list_says_when_each_operator_last_signed_in(store: EventStore) -> None:
    from expo_console.services.operators import list_operators

    before = {o["name"]: o["last_sign_in"] for o in list_operators(store)}
    assert before["박등록"] is None and before["김주최"] is not None  # the fixture signed the organizer in
    sign_in(store, "박등록", "1357")
    after = {o["name"]: o for o in list_operators(store)}
    assert after["박등록"]["last_sign_in"] is not None and "pin_hash" not in after["박등록"]


def test_the_demo_accounts_are_disabled_in_one_go_but_the_last_organizer_is_kept(tmp_path: Path) -> None:
    from expo_console.services.demo.event import create_demo_event
    from expo_console.services.operators import DEMO_PIN, disable_demo_operators

    store = create_demo_event(tmp_path / "demo.expo", Stamp("desk-1", "setup"), visitors=5)
    try:
        sign_in_store(store, "organizer", DEMO_PIN)
        assert disable_demo_operators(store) == (["gate", "registration", "viewer"], ["organizer"])
        for name in ("gate", "registration", "viewer"):
            with pytest.raises(OperatorError):
                sign_in(store, name, DEMO_PIN)
        create_operator(store, "김주최", Role.ORGANIZER, "4821")
        assert disable_demo_operators(store) == (["organizer"], [])  # a real organizer runs the event now
        with pytest.raises(OperatorError):
            sign_in(store, "organizer", DEMO_PIN)
        assert actions_of(store).count("operator_disabled") == 4
    finally:
        store.close()


def test_the_command_line_disables_and_enables_an_operator(tmp_path: Path) -> None:
    """`expo-console operators disable|enable`, signed in as the demo's organizer (the suite's
    EXPO_CONSOLE_OPERATOR and EXPO_CONSOLE_PIN)."""
    import json
    import subprocess
    import sys

    from expo_console.services.demo.event import create_demo_event
    from expo_console.services.events import open_event

    create_demo_event(tmp_path / "demo.expo", Stamp("desk-1", "setup"), visitors=5).close()

    def operators(*args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "expo_console", "operators", *args, "--db",
                               str(tmp_path / "demo.expo")], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert json.loads(operators("disable", "--name", "gate")) == {"disabled": "gate"}
    assert json.loads(operators("enable", "--name", "gate")) == {"enabled": "gate"}
    listed = {o["name"]: o for o in json.loads(operators())}
    assert not listed["gate"]["disabled"] and listed["organizer"]["last_sign_in"] is not None
    store = open_event(tmp_path / "demo.expo", Stamp("desk-1", "setup"))
    try:
        assert sign_in(store, "gate", "0000").role == "gate"
    finally:
        store.close()


def test_a_demo_account_given_its_own_pin_is_a_demo_account_no_more(tmp_path: Path) -> None:
    from expo_console.services.demo.event import create_demo_event
    from expo_console.services.operators import DEMO_PIN, disable_demo_operators, list_operators

    store = create_demo_event(tmp_path / "demo.expo", Stamp("desk-1", "setup"), visitors=5)
    try:
        sign_in_store(store, "organizer", DEMO_PIN)
        set_pin(store, "gate", "7391")  # the gate desk keeps its account, with a PIN of its own
        assert {o["name"]: o["demo"] for o in list_operators(store)}["gate"] in (0, False)
        assert "gate" not in disable_demo_operators(store)[0]  # not swept away with the demo's
        assert sign_in(store, "gate", "7391").role == "gate"
    finally:
        store.close()


def test_wrong_supervisor_pins_count_towards_the_supervisors_lock_and_are_recorded(store: EventStore) -> None:
    """An override's PIN is the supervisor's: a gate cannot try them all through the override dialog."""
    for n in range(MAX_TRIES):
        with pytest.raises(OperatorError) as refused:
            vouch(store, "김주최", "9999", now=NOW)
        assert refused.value.code == ("operator_locked" if n == MAX_TRIES - 1 else "supervisor_refused")
    with pytest.raises(OperatorError) as locked:  # the right PIN, while locked
        vouch(store, "김주최", "4821", now=NOW + dt.timedelta(minutes=1))
    assert locked.value.code == "operator_locked" and "김주최" in str(locked.value)
    with pytest.raises(OperatorError):  # the same lock as signing in
        sign_in(store, "김주최", "4821", now=NOW + dt.timedelta(minutes=1))
    assert actions_of(store).count("sign_in_failed") == MAX_TRIES - 1 and "operator_locked" in actions_of(store)
    assert vouch(store, "김주최", "4821", now=NOW + dt.timedelta(minutes=6)) == "김주최"


def run_cli(*args: str, operator: str, pin: str, supervisor_pin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "EXPO_CONSOLE_OPERATOR": operator, "EXPO_CONSOLE_PIN": pin,
           **({"EXPO_CONSOLE_SUPERVISOR_PIN": supervisor_pin} if supervisor_pin is not None else {})}
    return subprocess.run([sys.executable, "-m", "expo_console", *args], capture_output=True, text=True,
                          timeout=120, env=env)


def test_the_command_line_says_a_supervisor_is_locked_after_wrong_pins(event_templates, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = event_templates.demo(visitors=5).copy_to(tmp_path / "event.expo")
    store = open_event(db, Stamp("desk-1", "setup"))
    [visitor] = [r[0] for r in store.conn.execute("SELECT id FROM visitors LIMIT 1")]
    store.close()

    def let_out(pin: str) -> subprocess.CompletedProcess[str]:
        return run_cli("scan", "--db", str(db), "--gate", "B홀 출구", "--let-out", visitor, "--supervisor",
                       "organizer", "--reason", "escorted out", operator="gate", pin=DEMO_PIN, supervisor_pin=pin)

    for attempt in range(MAX_TRIES - 1):
        wrong = let_out(f"9{attempt:03d}")
        assert wrong.returncode == 1 and "supervisor's name or PIN is wrong" in wrong.stderr
    fifth = let_out("9999")  # the try that locks says so
    assert fifth.returncode == 1 and "organizer is locked after too many wrong PINs" in fifth.stderr
    locked = let_out(DEMO_PIN)
    assert locked.returncode == 1 and "organizer is locked after too many wrong PINs" in locked.stderr
    assert "Traceback" not in locked.stderr


def test_wrong_pins_on_a_file_opened_read_only_lock_the_operator_without_writing_the_file(
        store: EventStore) -> None:
    """The tries go to a side file in the desk's config folder, owner-only; the event file is untouched."""
    path = store.path
    store.close()
    before = path.read_bytes()
    looker = open_event(path, Stamp("desk-1", "setup"), read_only=True)
    try:
        for attempt in range(MAX_TRIES):
            with pytest.raises(OperatorError) as wrong:
                sign_in(looker, "박등록", f"9{attempt:03d}", now=NOW)
            assert wrong.value.code == "sign_in_refused"
        with pytest.raises(OperatorError) as locked:  # even the right PIN, within the lock period
            sign_in(looker, "박등록", "1357", now=NOW + dt.timedelta(minutes=4))
        assert locked.value.code == "operator_locked" and "01:05 UTC" in str(locked.value)
        assert sign_in(looker, "박등록", "1357", now=NOW + dt.timedelta(minutes=6)).role == "registration"
    finally:
        looker.close()
    assert path.read_bytes() == before
    side = read_only_tries.path()
    assert side.exists() and stat.S_IMODE(side.stat().st_mode) == 0o600


def test_a_right_pin_on_a_read_only_file_does_not_wipe_the_wrong_ones_before_it(store: EventStore) -> None:
    looker = open_event(store.path, Stamp("desk-1", "setup"), read_only=True)
    try:
        for attempt in range(MAX_TRIES - 1):
            with pytest.raises(OperatorError):
                sign_in(looker, "박등록", f"9{attempt:03d}", now=NOW)
        assert sign_in(looker, "박등록", "1357", now=NOW).operator == "박등록"
        with pytest.raises(OperatorError):
            sign_in(looker, "박등록", "9999", now=NOW)
        with pytest.raises(OperatorError) as locked:
            sign_in(looker, "박등록", "1357", now=NOW)
        assert locked.value.code == "operator_locked"
    finally:
        looker.close()


def test_a_lock_written_in_the_file_holds_on_a_read_only_one_too(store: EventStore) -> None:
    for _ in range(MAX_TRIES):
        with pytest.raises(OperatorError):
            sign_in(store, "박등록", "9999", now=dt.datetime.now(dt.UTC))
    looker = open_event(store.path, Stamp("desk-1", "setup"), read_only=True)
    try:
        with pytest.raises(OperatorError) as locked:
            sign_in(looker, "박등록", "1357")
        assert locked.value.code == "operator_locked"
    finally:
        looker.close()


def test_guessing_a_pin_through_a_read_only_command_is_locked_out(event_templates, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`EXPO_CONSOLE_PIN=guess expo-console info --db F --operator organizer` in a loop."""
    db = event_templates.demo(visitors=5).copy_to(tmp_path / "event.expo")
    before = db.read_bytes()
    for attempt in range(MAX_TRIES):
        wrong = run_cli("info", "--db", str(db), operator="organizer", pin=f"9{attempt:03d}")
        assert wrong.returncode == 1 and "Traceback" not in wrong.stderr
    locked = run_cli("info", "--db", str(db), operator="organizer", pin=DEMO_PIN)
    assert locked.returncode == 1 and "organizer is locked after too many wrong PINs" in locked.stderr
    assert run_cli("info", "--db", str(db), operator="viewer", pin=DEMO_PIN).returncode == 0  # others are not
    assert db.read_bytes() == before


def test_a_name_that_is_no_operators_is_recorded_as_typed_and_gets_the_wrong_pin_answer(store: EventStore) -> None:
    with pytest.raises(OperatorError) as refused:
        sign_in(store, "  없는사람 ", "1357", now=NOW)
    assert refused.value.code == "sign_in_refused"
    [entry] = [e for e in audit_repo.entries(store.conn) if e["action"] == "sign_in_failed"]
    assert entry["detail"] == {"name": "없는사람", "unknown": True} and entry["entity_id"] == "없는사람"


def test_a_name_folding_to_another_operators_is_not_yourself_for_a_new_pin(store: EventStore) -> None:
    """The table's names fold ASCII letters only: 'Straße' and 'STRASSE' are two operators."""
    create_operator(store, "STRASSE", Role.ORGANIZER, "8642")
    create_operator(store, "Straße", Role.GATE, "1357")
    sign_in_store(store, "Straße", "1357")
    with pytest.raises(AccessDenied) as refused:
        set_pin(store, "STRASSE", "2468")
    assert refused.value.code == "role_may_not"
    set_pin(store, "straße", "2468")  # their own, however they type it
    assert sign_in(store, "Straße", "2468").operator == "Straße"
