"""Operators and signing in at a desk (issue 21).

An operator has a name, a role and a PIN (or a longer passphrase). The PIN is kept only as a
scrypt hash: memory-hard, from Python's standard library (OpenSSL's): each guess against a
copied file costs tens of milliseconds, so a short PIN still falls in minutes there (guard the
file; docs/architecture.md says what roles do not protect against). Five wrong PINs in a row lock the operator for five minutes,
on every desk of a hub (the tries are the operator row's), and the lock is audited; so are
sign-ins and failed ones, a supervisor's PIN typed for an override at a gate (the same tries and
lock: one check, _check_pin), and a name that is no operator's (recorded as typed, answered as a
wrong PIN). A file opened read-only is never written: its wrong PINs are counted in the desk's
side file (services/read_only_tries) and lock the name there. Signing in gives the store a stamp
with the operator's name and role: the services' checks (services/access.py) read it from there.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import os
from collections.abc import Callable
from typing import Any

from expo_console.domain.access import SUPERVISORS, Action, Role
from expo_console.domain.ids import new_id
from expo_console.services import read_only_tries
from expo_console.services.access import AccessDenied, require
from expo_console.storage import audit_repo, event_repo, operators_repo
from expo_console.storage.connection import EventStore, Stamp, parse_utc_stamp, utc_now, utc_stamp

MAX_TRIES = 5
LOCKED_FOR = dt.timedelta(minutes=5)
MIN_PIN = 4
DEMO_PIN = "0000"  # the demo event's operators (one per role, named after it): marked as demo accounts
# scrypt's cost: 16 MiB of memory and tens of milliseconds a try on a desk laptop
_N, _R, _P = 2**14, 8, 1


class OperatorError(AccessDenied):
    """An operator that cannot be made or changed, or a sign-in refused; `code` names the message."""


def hash_pin(pin: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, maxmem=64 * 1024 * 1024, dklen=32)
    return "$".join(("scrypt", str(_N), str(_R), str(_P), _b64(salt), _b64(digest)))


def pin_matches(pin: str, stored: str) -> bool:
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        again = hashlib.scrypt(pin.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                               maxmem=64 * 1024 * 1024, dklen=len(base64.b64decode(digest)))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(again, base64.b64decode(digest))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def create_operator(store: EventStore, name: str, role: Role | str, pin: str, *, demo: bool = False) -> dict[str, Any]:
    """A new operator. Only an organizer makes operators, except the event's first one (an event
    without operators is one made before sign-in existed, or being created now)."""
    name = name.strip()
    if not name:
        raise OperatorError("name_required")
    try:
        role = Role(role)
    except ValueError:
        raise OperatorError("role_unknown", role=str(role)) from None
    if len(pin) < MIN_PIN:
        raise OperatorError("pin_too_short")
    pin_hash = hash_pin(pin)  # slow: before the write lock is taken
    with store.write() as conn:
        if operators_repo.count(conn) > 0:
            require(store, Action.MANAGE_OPERATORS)
        elif role is not Role.ORGANIZER:
            raise OperatorError("last_organizer", operator=name)  # the first one runs the event
        if operators_repo.by_name(conn, name) is not None:
            raise OperatorError("operator_exists", operator=name)
        row: dict[str, Any] = {"id": new_id(), "name": name, "role": role.value, "pin_hash": pin_hash, "demo": int(demo),
               "created_at": utc_now(), "created_by": store.stamp.operator}
        operators_repo.insert(conn, row)
        audit_repo.append(conn, store.stamp, "operator_created", "operator", row["id"],
                          {"name": name, "role": role.value, "demo": demo})
    return _public(row)


def sign_in(store: EventStore, name: str, pin: str, *, now: dt.datetime | None = None) -> Stamp:
    """The stamp of `name` signed in at this desk (the caller sets it on the store), or
    OperatorError: unknown name or wrong PIN (never saying which), or locked."""
    moment = now or dt.datetime.now(dt.UTC)
    signed_in: list[Stamp] = []

    def record(conn: Any, operator: dict[str, Any]) -> None:
        signed_in.append(Stamp(store.stamp.desk_id, operator["name"], operator["role"]))
        if conn is not None:
            audit_repo.append(conn, signed_in[0], "sign_in", "operator", operator["id"], {"role": operator["role"]})

    _check_pin(store, name, pin, moment, refused="sign_in_refused", on_match=record)
    return signed_in[0]


def sign_in_store(store: EventStore, name: str, pin: str) -> Stamp:
    """Sign in and give the store the operator's stamp."""
    store.stamp = sign_in(store, name, pin)
    return store.stamp


def vouch(store: EventStore, supervisor: str, pin: str, *, now: dt.datetime | None = None) -> str:
    """A supervisor's name, checked with their own PIN (an override at a gate is theirs); refused
    for a wrong PIN or a role that may not override. A wrong PIN counts towards the supervisor's
    lock as one typed to sign in does: a gate cannot try every PIN of an organizer."""
    operator = _check_pin(store, supervisor, pin, now or dt.datetime.now(dt.UTC), refused="supervisor_refused",
                          may=lambda o: o["role"] in SUPERVISORS)
    return str(operator["name"])


# What a right PIN then does, in the same transaction (None: the file is open read-only).
OnMatch = Callable[[Any, dict[str, Any]], None]


def _check_pin(store: EventStore, name: str, pin: str, moment: dt.datetime, *, refused: str,
               may: Callable[[dict[str, Any]], bool] = lambda o: True, on_match: OnMatch | None = None,
               ) -> dict[str, Any]:
    """The operator `name`, when `pin` is theirs; else OperatorError(`refused`), never saying
    whether the name exists, or operator_locked. Every refusal is counted and recorded: a wrong
    PIN on the operator's row (MAX_TRIES in a row lock it for LOCKED_FOR, on every desk of a
    hub), a name nobody may use so in the access records; on a file open read-only, in the desk's
    side file (services/read_only_tries), the event file being never written then."""
    found = operators_repo.by_name(store.conn, name)
    operator = found if found is not None and not found["disabled"] and may(found) else None
    if operator is not None:
        _refuse_locked(operator, moment)  # the lock of the file itself, read-only or not
    if store.read_only:
        return _check_read_only(store, name, pin, moment, operator, refused, on_match)
    if operator is None:
        hash_pin(pin)  # as slow as a real try: the time does not tell names apart
        with store.write() as conn:
            audit_repo.append(conn, store.stamp, "sign_in_failed", "operator", _typed(name),
                              {"name": _typed(name), "unknown": True})
        raise OperatorError(refused)
    matched = pin_matches(pin, operator["pin_hash"])
    with store.write() as conn:
        fresh = operators_repo.by_name(conn, name) or operator  # another desk's tries meanwhile
        _refuse_locked(fresh, moment)
        if matched:
            if fresh["failed_tries"]:
                operators_repo.set_fields(conn, fresh["id"], failed_tries=0)
            if on_match is not None:
                on_match(conn, fresh)
            return fresh
        locked_until = _count_wrong_pin(conn, store, fresh, moment)
    if locked_until is not None:  # this try locked them: said now, not at the next try
        raise OperatorError("operator_locked", operator=fresh["name"], until=locked_until[11:16] + " UTC")
    raise OperatorError(refused)


def _count_wrong_pin(conn: Any, store: EventStore, operator: dict[str, Any], moment: dt.datetime) -> str | None:
    """Count a wrong PIN on the operator's row; when it is the one that locks them, until when."""
    tries = int(operator["failed_tries"]) + 1
    if tries >= MAX_TRIES:
        until = utc_stamp(moment + LOCKED_FOR)
        operators_repo.set_fields(conn, operator["id"], failed_tries=0, locked_until=until)
        audit_repo.append(conn, store.stamp, "operator_locked", "operator", operator["id"],
                          {"name": operator["name"], "tries": tries, "until": until})
        return until
    operators_repo.set_fields(conn, operator["id"], failed_tries=tries)
    audit_repo.append(conn, store.stamp, "sign_in_failed", "operator", operator["id"],
                      {"name": operator["name"], "tries": tries})
    return None


def _check_read_only(store: EventStore, name: str, pin: str, moment: dt.datetime, operator: dict[str, Any] | None,
                     refused: str, on_match: OnMatch | None) -> dict[str, Any]:
    """As _check_pin, the tries counted in the desk's side file. A right PIN does not lift a lock
    (only the event file's operator row, or time, does that)."""
    event_id = str(event_repo.event_row(store.conn)["id"])
    key = operator["name"] if operator is not None else _typed(name)
    until = read_only_tries.reserve(event_id, key, moment, limit=MAX_TRIES, period=LOCKED_FOR)
    if until is not None:
        raise OperatorError("operator_locked", operator=key, until=f"{until.astimezone(dt.UTC):%H:%M} UTC")
    if operator is None:
        hash_pin(pin)
        raise OperatorError(refused)
    if not pin_matches(pin, operator["pin_hash"]):
        raise OperatorError(refused)
    read_only_tries.release(event_id, key, moment, period=LOCKED_FOR)
    if on_match is not None:
        on_match(None, operator)
    return operator


def _typed(name: str) -> str:
    """A name as typed, for the records: trimmed, and cut short (a name field is no place for an essay)."""
    return name.strip()[:80]


def list_operators(store: EventStore) -> list[dict[str, Any]]:
    """Every operator, disabled ones too, each with `last_sign_in` (UTC ISO, or None: never),
    read from the access records (a hub brings in the other desks' sign-ins)."""
    require(store, Action.MANAGE_OPERATORS)
    last = operators_repo.last_sign_ins(store.conn)
    return [{**_public(row), "last_sign_in": last.get(row["id"])} for row in operators_repo.every(store.conn)]


def has_operators(store: EventStore) -> bool:
    return operators_repo.count(store.conn) > 0


def set_pin(store: EventStore, name: str, pin: str) -> None:
    """A new PIN (an organizer for anyone; anyone for themselves), which also lifts a lock. A demo
    account given its own PIN is no longer one: its PIN is not the demo's 0000 any more."""
    if not _is_signed_in_operator(store, name):
        require(store, Action.MANAGE_OPERATORS)
    if len(pin) < MIN_PIN:
        raise OperatorError("pin_too_short")
    pin_hash = hash_pin(pin)
    with store.write() as conn:
        operator = _existing(conn, name)
        operators_repo.set_fields(conn, operator["id"], pin_hash=pin_hash, failed_tries=0, locked_until=None, demo=0)
        audit_repo.append(conn, store.stamp, "pin_changed", "operator", operator["id"], {"name": operator["name"]})


def _is_signed_in_operator(store: EventStore, name: str) -> bool:
    """Whether `name` is the row of the operator signed in, as sign_in resolved them: rows compared,
    not names (the table folds ASCII letters only, so 'Straße' and 'STRASSE' are two operators)."""
    if store.stamp.role is None:
        return False  # nobody is signed in
    me = operators_repo.by_name(store.conn, store.stamp.operator)
    target = operators_repo.by_name(store.conn, name)
    return me is not None and target is not None and me["id"] == target["id"]


def set_role(store: EventStore, name: str, role: Role | str) -> None:
    require(store, Action.MANAGE_OPERATORS)
    try:
        role = Role(role)
    except ValueError:
        raise OperatorError("role_unknown", role=str(role)) from None
    with store.write() as conn:
        operator = _existing(conn, name)
        if operator["role"] == Role.ORGANIZER and role is not Role.ORGANIZER:
            _keep_an_organizer(conn, operator)
        operators_repo.set_fields(conn, operator["id"], role=role.value)
        audit_repo.append(conn, store.stamp, "operator_role", "operator", operator["id"],
                          {"name": operator["name"], "from": operator["role"], "to": role.value})


def disable(store: EventStore, name: str) -> None:
    """The operator can no longer sign in (kept: the access records name them)."""
    require(store, Action.MANAGE_OPERATORS)
    with store.write() as conn:
        operator = _existing(conn, name)
        if operator["role"] == Role.ORGANIZER:
            _keep_an_organizer(conn, operator)
        operators_repo.set_fields(conn, operator["id"], disabled=1)
        audit_repo.append(conn, store.stamp, "operator_disabled", "operator", operator["id"], {"name": operator["name"]})


def enable(store: EventStore, name: str) -> None:
    """A disabled operator may sign in again, with the role and PIN they had."""
    require(store, Action.MANAGE_OPERATORS)
    with store.write() as conn:
        operator = _existing(conn, name)
        if not operator["disabled"]:
            return
        operators_repo.set_fields(conn, operator["id"], disabled=0)
        audit_repo.append(conn, store.stamp, "operator_enabled", "operator", operator["id"], {"name": operator["name"]})


def disable_demo_operators(store: EventStore) -> tuple[list[str], list[str]]:
    """Disable every demo account (PIN 0000, known to anyone who has seen the demo) in one go:
    the names disabled, and those kept because each is the event's last organizer (make a real
    organizer first). Each is audited as a disabling."""
    require(store, Action.MANAGE_OPERATORS)
    disabled: list[str] = []
    kept: list[str] = []
    with store.write() as conn:
        demo = [o for o in operators_repo.every(conn) if o["demo"] and not o["disabled"]]
        # organizers last: the others never depend on them, and a kept organizer keeps the event run
        for operator in sorted(demo, key=lambda o: o["role"] == Role.ORGANIZER):
            if operator["role"] == Role.ORGANIZER:
                try:
                    _keep_an_organizer(conn, operator)
                except OperatorError:
                    kept.append(operator["name"])
                    continue
            operators_repo.set_fields(conn, operator["id"], disabled=1)
            audit_repo.append(conn, store.stamp, "operator_disabled", "operator", operator["id"],
                              {"name": operator["name"], "demo": True})
            disabled.append(operator["name"])
    return disabled, kept


def add_demo_operators(store: EventStore) -> None:
    """The demo event's operators: one per role, named after it, PIN 0000, marked as demo. The
    demo is then set up by its organizer, signed in, unless its maker already works signed in."""
    maker = store.stamp
    for role in Role:
        create_operator(store, role.value, role, DEMO_PIN, demo=True)
        if role is Role.ORGANIZER:
            sign_in_store(store, role.value, DEMO_PIN)
    if maker.role is not None:
        store.stamp = maker


def _existing(conn: Any, name: str) -> dict[str, Any]:
    operator = operators_repo.by_name(conn, name)
    if operator is None:
        raise OperatorError("operator_unknown", operator=name)
    return operator


def _keep_an_organizer(conn: Any, operator: dict[str, Any]) -> None:
    others = [o for o in operators_repo.every(conn) if o["role"] == Role.ORGANIZER and not o["disabled"]
              and o["id"] != operator["id"]]
    if not others:
        raise OperatorError("last_organizer", operator=operator["name"])


def _refuse_locked(operator: dict[str, Any], moment: dt.datetime) -> None:
    until = operator["locked_until"]
    if until and parse_utc_stamp(until) > moment:
        raise OperatorError("operator_locked", operator=operator["name"], until=until[11:16] + " UTC")


def _public(row: dict[str, Any]) -> dict[str, Any]:
    """An operator as shown: never the PIN's hash."""
    return {k: v for k, v in row.items() if k != "pin_hash"}
