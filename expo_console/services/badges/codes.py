"""Issuing, reissuing and verifying badge codes.

A visitor has at most one active badge. Issuing again returns it (printing twice prints the same
code); a reissue (lost badge, changed name or class) keeps the serial, increments the counter
and revokes the previous code. Serials come from this desk's slot, so desks working offline on
copies of the event never hand out the same one.

The event file never holds a code: whoever has a code has a working badge, and the file gets
copied. A badge row keeps the fields of the code's header (serial, reissue, key id, class); the
code is derived again from the desk's key whenever it is printed or shown, so a desk without
the key can browse badges but not show or print one (MissingKey).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from expo_console.domain.access import Action
from expo_console.domain.badge_code import (
    MAX_DESK_SLOT,
    SERIALS_PER_DESK,
    BadgeFields,
    MalformedCode,
    make_code,
    parse_code,
    tag_is_valid,
)
from expo_console.domain.ids import new_id
from expo_console.domain.visitors import VisitorClass
from expo_console.services.access import require
from expo_console.services.badges.keys import EventKeys, MissingKey, load_keys
from expo_console.services.changes import VisitorsChanged
from expo_console.services.events import event_row
from expo_console.services.messages import render
from expo_console.storage import audit_repo, badges_repo, desks_repo, visitors_repo
from expo_console.storage.connection import EventStore, utc_now


class BadgeError(Exception):
    """A badge that cannot be issued. `code` and `params` name a message in messages.MESSAGES
    (the window shows it translated) when there is one, else the text is English only."""

    def __init__(self, message: str, code: str = "", params: tuple[tuple[str, str], ...] = ()) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


def _not_admissible(visitor: dict[str, Any]) -> BadgeError:
    code = f"badge_refused_{visitor['registration_status']}"
    params = (("visitor", visitor["name"] or visitor["name_en"]),)
    return BadgeError(render(code, params), code, params)


@dataclass(frozen=True, slots=True)
class Badge:
    id: str
    visitor_id: str
    serial: int
    reissue: int
    code: str
    status: str
    printed_at: str | None
    reprint_fields: str = ""  # printed details changed since it was printed (comma-separated)


# What a badge shows of its visitor (render.content_for): the name chosen by country, the English
# name as the romanised line, company, title, country, and the class as the band and inside the
# code. A change to any of them makes a printed badge out of date.
PRINTED_FIELDS = ("name", "name_en", "company", "title", "country", "visitor_class")


@dataclass(frozen=True, slots=True)
class Verification:
    """What a code is: decoded fields, whether its tag is genuine, and what the event knows."""

    code: str
    well_formed: bool
    tag_valid: bool
    fields: BadgeFields | None
    same_event: bool
    status: str  # active, revoked, cancelled (visitor deleted), unknown (not in this file yet), or ""
    visitor_id: str | None
    reason: str

    def as_json(self) -> dict[str, Any]:
        fields = self.fields
        return {
            "code": self.code, "well_formed": self.well_formed, "valid": self.tag_valid,
            "same_event": self.same_event, "status": self.status, "visitor_id": self.visitor_id,
            "reason": self.reason,
            "fields": None if fields is None else {
                "version": fields.version, "key_id": fields.key_id, "event_number": fields.event_number,
                "serial": fields.serial, "desk_slot": fields.desk_slot, "reissue": fields.reissue,
                "class": fields.visitor_class.value},
        }


@dataclass(frozen=True, slots=True)
class BadgeRecord:
    """A badge as the event file keeps it: enough to look it up and to sign it again, no code."""

    id: str
    visitor_id: str
    serial: int
    reissue: int
    key_id: int
    code_class: str
    status: str
    printed_at: str | None
    reprint_fields: str = ""

    def fields(self, event_number: int) -> BadgeFields:
        return BadgeFields(key_id=self.key_id, event_number=event_number, serial=self.serial,
                           reissue=self.reissue, visitor_class=VisitorClass(self.code_class))


def badge_record(store: EventStore, visitor_id: str) -> BadgeRecord | None:
    """The visitor's active badge without its code: needs no key (browsing, printed or not)."""
    row = badges_repo.active_record(store.conn, visitor_id)
    return BadgeRecord(*row) if row else None


def badge_code(record: BadgeRecord, keys: EventKeys, event_number: int) -> str:
    """The record's code, signed again with the key it was issued under."""
    secret = keys.secrets.get(record.key_id)
    if secret is None:
        raise MissingKey(f"This desk does not have badge key {record.key_id:02d} of the event, which signed this "
                         "badge. Export the event's key on the desk that made it, then import it here "
                         "(expo-console key import, or File > Import badge key…).")
    return make_code(record.fields(event_number), secret)


def _badge(record: BadgeRecord, keys: EventKeys, event_number: int) -> Badge:
    return Badge(record.id, record.visitor_id, record.serial, record.reissue,
                 badge_code(record, keys, event_number), record.status, record.printed_at, record.reprint_fields)


def current_badge(store: EventStore, visitor_id: str) -> Badge | None:
    """The visitor's active badge with its code (MissingKey on a desk without the event's key).
    The code is the badge: only a role that may print badges is shown it."""
    require(store, Action.PRINT_BADGES)
    record = badge_record(store, visitor_id)
    return None if record is None else _badge(record, *_event_keys(store))


def mark_reprint_needed(conn: Any, visitor_id: str, changed: Iterable[str]) -> tuple[str, ...]:
    """Flag the visitor's printed badge as out of date when a printed field changed.

    The caller's transaction writes the change and the flag together. Returns every field the
    badge is now out of date in (earlier changes not yet reprinted included), or () when there
    is no printed badge or nothing printed changed. An issued badge not printed yet is left
    alone: it is drawn from the visitor's current details when it is printed.
    """
    fields = {f for f in changed if f in PRINTED_FIELDS}
    if not fields:
        return ()
    row = badges_repo.printed_active(conn, visitor_id)
    if row is None:
        return ()
    merged = tuple(sorted(fields | {f for f in row[1].split(",") if f}))
    badges_repo.set_reprint_fields(conn, row[0], ",".join(merged))
    return merged


def _event_keys(store: EventStore) -> tuple[EventKeys, int]:
    event = event_row(store)
    return load_keys(event["id"]), int(event["badge_event_number"])


def _desk_slot(store: EventStore) -> int:
    slot = desks_repo.slot(store.conn, store.stamp.desk_id)
    if slot is None or not 0 <= slot <= MAX_DESK_SLOT:
        raise BadgeError("This desk has no badge serial range in this event. Reopen the event file.")
    return slot


def _next_serial(store: EventStore, slot: int) -> int:
    low = slot * SERIALS_PER_DESK
    highest = badges_repo.highest_serial(store.conn, low, low + SERIALS_PER_DESK - 1)
    serial = low + 1 if highest is None else highest + 1
    if serial >= low + SERIALS_PER_DESK:
        raise BadgeError(f"Desk slot {slot} has issued all of its {SERIALS_PER_DESK - 1:,} serials.")
    return serial


def issue_badge(store: EventStore, visitor_id: str, *, reissue: bool = False) -> tuple[Badge, VisitorsChanged]:
    """The visitor's active badge, made now if they have none (or replaced when reissue=True)."""
    require(store, Action.PRINT_BADGES)
    signer = _signer(store)  # MissingKey: this desk cannot sign
    with store.write() as conn:
        badge, changed = _issue_in_transaction(store, conn, signer, visitor_id, reissue)
    return badge, VisitorsChanged(upserted=(visitor_id,) if changed else ())


def issue_badges(store: EventStore, visitor_ids: list[str]) -> tuple[list[Badge], VisitorsChanged]:
    """Active badges for many visitors (a batch), made in one transaction where missing."""
    require(store, Action.PRINT_BADGES)
    signer = _signer(store)
    badges: list[Badge] = []
    changed: list[str] = []
    with store.write() as conn:
        for visitor_id in visitor_ids:
            badge, made = _issue_in_transaction(store, conn, signer, visitor_id, False)
            badges.append(badge)
            if made:
                changed.append(visitor_id)
    return badges, VisitorsChanged(upserted=tuple(changed))


@dataclass(frozen=True, slots=True)
class _Signer:
    keys: EventKeys
    event_number: int
    slot: int


def _signer(store: EventStore) -> _Signer:
    keys, event_number = _event_keys(store)
    return _Signer(keys, event_number, _desk_slot(store))


def _issue_in_transaction(store: EventStore, conn: Any, signer: _Signer, visitor_id: str,
                          reissue: bool) -> tuple[Badge, bool]:
    visitor = visitors_repo.get(conn, visitor_id)
    if visitor is None:
        raise BadgeError(render("badge_visitor_gone"), "badge_visitor_gone")
    if visitor["registration_status"] != "registered":  # waiting, cancelled or rejected: no badge
        raise _not_admissible(visitor)
    current = badge_record(store, visitor_id)
    if current is not None and not reissue:
        return _badge(current, signer.keys, signer.event_number), False
    if current is not None:
        if current.reissue >= 99:
            raise BadgeError("This badge was reissued 99 times; register the visitor again.")
        serial, counter = current.serial, current.reissue + 1
        badges_repo.revoke(conn, current.id, utc_now())
    else:
        serial, counter = _next_serial(store, signer.slot), 0
    record = BadgeRecord(new_id(), visitor_id, serial, counter, signer.keys.current, visitor["visitor_class"],
                         "active", None)
    badges_repo.insert_active(conn, {"id": record.id, "visitor_id": visitor_id, "serial": serial, "reissue": counter, "key_id": record.key_id,
         "code_class": record.code_class, **store.stamps()})
    audit_repo.append(conn, store.stamp, "reissue_badge" if current else "issue_badge", "visitor",
                      visitor_id, {"serial": serial, "reissue": counter})
    return _badge(record, signer.keys, signer.event_number), True


def verify_code(store: EventStore, code: str, keys: EventKeys | None = None,
                event_number: int | None = None) -> Verification:
    """Decode and check a scanned code against this event's keys and badge records.

    A station passes the keys and event number it holds, so a scan reads only the badge row.
    """
    code = code.strip()
    try:
        fields = parse_code(code)
    except MalformedCode as exc:
        return Verification(code, False, False, None, False, "", None, str(exc))
    if keys is None or event_number is None:
        keys, event_number = _event_keys(store)
    secret = keys.secrets.get(fields.key_id)
    same_event = fields.event_number == event_number
    if secret is None or not same_event:
        reason = "badge of another event" if not same_event else f"unknown key {fields.key_id:02d}"
        return Verification(code, True, False, fields, same_event, "", None, reason)
    if not tag_is_valid(code, secret):
        return Verification(code, True, False, fields, True, "", None, "forged: the signature does not match")
    # The tag is genuine, so the header is: the badge is the row with the same fields.
    row = badges_repo.holder(store.conn, fields.serial, fields.reissue, fields.key_id, fields.visitor_class.value)
    if row is None:
        cancelled = badges_repo.cancelled(store.conn, fields.serial, fields.reissue, fields.key_id)
        if cancelled is not None:
            return Verification(code, True, True, fields, True, "cancelled", None,
                                f"cancelled: the visitor was deleted at {cancelled['cancelled_at']}")
        return Verification(code, True, True, fields, True, "unknown", None,
                            "genuine, issued on another desk and not in this file yet")
    return Verification(code, True, True, fields, True, row[1], row[0],
                        "genuine" if row[1] == "active" else "revoked: superseded by a reissue")


__all__ = ["PRINTED_FIELDS", "Badge", "BadgeError", "BadgeRecord", "MissingKey", "Verification", "badge_code",
           "badge_record", "current_badge", "issue_badge", "issue_badges", "mark_reprint_needed", "verify_code"]
