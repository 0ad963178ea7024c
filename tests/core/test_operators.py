"""Operators and sign-in (issue 21): a PIN kept as a slow hash, five wrong PINs lock the operator
for a while (audited), a role allows its actions and no others, and nobody signed in may do
nothing protected."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from expo_console.domain.access import ALLOWED, REASON_REQUIRED, Action, Role
from expo_console.services.access import AccessDenied, require
from expo_console.services.events import EventDetails, create_event
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
    for _ in range(MAX_TRIES):
        with pytest.raises(OperatorError):
            sign_in(store, "박등록", "9999", now=NOW)
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
