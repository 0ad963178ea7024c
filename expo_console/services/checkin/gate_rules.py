"""Who may enter where, and when: the gates' access rules, an event setting every desk follows.

A rule belongs to a gate, to a zone (every gate into it) or to the hall (every hall gate):

    {"classes": ["domestic_buyer", ...],          who may pass (absent: everyone with a badge)
     "hours": "10:00-17:00",                      when, every event day (absent: any time)
     "hours_for": {"staff": "08:00-18:00"},       other hours for some classes
     "max_entries": 3,                            at most so many entries a day
     "admission": "after_exit",                   how often (after_exit, once_per_day, free)
     "booking": "studio"}                         exhibitor staff only for their company's slot
                                                  of that kind (studio, photo), from 15 min before

A gate's own rule wins, field by field, over its zone's (or the hall's). Gates without an
admission of their own follow the event's admission rule (ADMISSION); unless that names it,
a zone gate lets a visitor in as often as they come. The station reads the rule inside each scan's
transaction, so a rule changed on one desk holds at every gate from the next scan.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any

from expo_console.domain.access import Action
from expo_console.domain.booked_entry import BOTH
from expo_console.domain.bookings import BookingKind
from expo_console.domain.checkin import GateRule, Hours
from expo_console.domain.visitors import VisitorClass
from expo_console.services import event_settings
from expo_console.services.access import require
from expo_console.services.changes import GatesChanged
from expo_console.services.messages import CodedRefusal
from expo_console.storage import event_repo, gates_repo, layout_repo
from expo_console.storage.connection import EventStore

HALL = "hall"
ALL, ANY = "all", "any"  # a gate's own "every class", "any time", "no limit": over its zone's or the hall's
ADMISSIONS = {  # admission → (once_per_day, reentry_after_exit)
    "after_exit": (False, True),
    "once_per_day": (True, True),
    "free": (False, False),
}
CLASSES = tuple(c.value for c in VisitorClass)
BOOKINGS = (*(k.value for k in BookingKind), BOTH)


class GateRuleError(CodedRefusal):
    """A rule that cannot hold: an unknown class or gate, hours that cannot be read. `code` and
    `params` name its message in messages.MESSAGES, so the window shows it translated; the text
    (the CLI's) is the English message."""


def rule_for(conn: sqlite3.Connection, gate_id: str) -> GateRule:
    """The gate's rule as the decision uses it: the hall's or zone's rule, then the gate's own."""
    stored = event_repo.settings(conn)
    return _merged(conn, gate_id, event_settings.GATE_RULES.read(stored), stored)


def _merged(conn: sqlite3.Connection, gate_id: str, rules: dict[str, Any], stored: dict[str, Any]) -> GateRule:
    kind = gates_repo.kind(conn, gate_id)
    if kind is None:
        raise GateRuleError("gate_rule_no_gate", gate=gate_id)
    place = gates_repo.zone_of(conn, gate_id) or HALL
    merged = {**rules.get(place, {}), **rules.get(gate_id, {})}
    admission = merged.get("admission")
    if admission in ADMISSIONS:
        once, after_exit = ADMISSIONS[admission]
    elif kind == "zone_gate":  # a zone is entered freely unless its rule says otherwise
        once, after_exit = ADMISSIONS["free"]
    else:  # hall gates: the event's admission rule (files from before gate rules keep theirs)
        policy = event_settings.ADMISSION.read(stored)
        once = bool(policy.get("once_per_day", False))
        after_exit = bool(policy.get("reentry_after_exit", True))
    # ALL and ANY, stored for a gate, lift what its zone or the hall would limit
    classes = merged.get("classes")
    hours = merged.get("hours")
    limit = merged.get("max_entries")
    booking = merged.get("booking")
    return GateRule(
        gate_id, kind, once_per_day=once, reentry_after_exit=after_exit,
        classes=frozenset(classes) if classes not in (None, ALL) else None,
        hours=Hours.parse(hours) if hours and hours != ANY else None,
        hours_for=tuple(sorted((cls, Hours.parse(text)) for cls, text in merged.get("hours_for", {}).items())),
        max_entries=limit if limit != ANY else None, booking=booking if booking in BOOKINGS else None)


def describe(rule: GateRule) -> dict[str, Any]:
    """A rule as JSON: what `gates` prints and the dialogs show."""
    admission = next((name for name, flags in ADMISSIONS.items()
                      if flags == (rule.once_per_day, rule.reentry_after_exit)), "after_exit")
    return {"classes": sorted(rule.classes) if rule.classes is not None else None,
            "hours": str(rule.hours) if rule.hours else None,
            "hours_for": {cls: str(hours) for cls, hours in rule.hours_for},
            "max_entries": rule.max_entries, "admission": admission, "booking": rule.booking}


def gates_with_rules(store: EventStore) -> list[dict[str, Any]]:
    """Every gate with the rule it applies (what `expo-console gates` prints)."""
    return [{**gate, "rule": describe(rule_for(store.conn, gate["id"]))} for gate in gates_repo.all_gates(store.conn)]


def gated_zones(store: EventStore) -> list[dict[str, str]]:
    """The zones a rule can be set for (those with a gate): id, name, name_en, by name."""
    gated = gates_repo.gated_zone_ids(store.conn)
    return [{"id": z.id, "name": z.name, "name_en": z.name_en} for z in layout_repo.zones(store.conn) if z.id in gated]


def preview(store: EventStore, target: str, rule: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """What every gate `target` covers (the gate itself, a zone's gates, the hall's) would apply
    were `rule` stored for it, as (gate, describe(...)) pairs; nothing is written. A rule set_rule
    would refuse raises the same GateRuleError, so a dialog can show both as the operator edits."""
    clean = _checked(rule)
    _check_target(store, target, clean)
    stored = event_repo.settings(store.conn)
    rules = dict(event_settings.GATE_RULES.read(stored))
    if clean:
        rules[target] = clean
    else:
        rules.pop(target, None)
    covered = [g for g in gates_repo.all_gates(store.conn) if target in (g["id"], g["zone_id"] or HALL)]
    return [(gate, describe(_merged(store.conn, gate["id"], rules, stored))) for gate in covered]


def stored_rule(store: EventStore, target: str) -> dict[str, Any]:
    """The rule stored for a gate, a zone or the hall itself (not merged): what a dialog edits."""
    return dict(event_settings.get(store, event_settings.GATE_RULES).get(target, {}))


def set_rule(store: EventStore, target: str, rule: dict[str, Any]) -> GatesChanged:
    """Store the rule of a gate id, a zone id or HALL (an empty rule removes it). Every field is
    checked first; a bad one is refused with what to write instead, and nothing is stored."""
    require(store, Action.CHANGE_SETTINGS)
    clean = _checked(rule)
    _check_target(store, target, clean)
    stored: dict[str, Any] = event_settings.get(store, event_settings.GATE_RULES)
    rules = dict(stored)
    if clean:
        rules[target] = clean
    else:
        rules.pop(target, None)
    event_settings.put(store, event_settings.GATE_RULES, rules)
    return GatesChanged()


def _check_target(store: EventStore, target: str, clean: dict[str, Any]) -> None:
    kind = gates_repo.kind(store.conn, target) if target != HALL else None
    if target != HALL and kind is None and target not in gates_repo.gated_zone_ids(store.conn):
        raise GateRuleError("gate_rule_no_target", target=target)
    # a booking rule at the hall's doors would keep every exhibitor's staff out of the hall but for
    # their broadcast: it belongs to the studio's zone (or one of its gates)
    if clean.get("booking") not in (None, ANY) and (target == HALL or (kind is not None and kind != "zone_gate")):
        raise GateRuleError("gate_rule_booking_in_hall")


def _checked(rule: dict[str, Any]) -> dict[str, Any]:
    unknown_fields = set(rule) - {"classes", "hours", "hours_for", "max_entries", "admission", "booking"}
    if unknown_fields:
        raise GateRuleError("gate_rule_unknown_field", name=sorted(unknown_fields)[0])
    clean: dict[str, Any] = {}
    if rule.get("classes") == ALL:
        clean["classes"] = ALL
    elif rule.get("classes") is not None:
        classes = [str(c) for c in rule["classes"]]
        _check_classes(classes)
        if not classes:
            raise GateRuleError("gate_rule_no_classes")
        clean["classes"] = sorted(set(classes))
    if rule.get("hours") == ANY:
        clean["hours"] = ANY
    elif rule.get("hours"):
        clean["hours"] = _hours(str(rule["hours"]))
    if rule.get("hours_for"):
        _check_classes(list(rule["hours_for"]))
        clean["hours_for"] = {str(cls): _hours(str(text)) for cls, text in sorted(rule["hours_for"].items())}
    if rule.get("max_entries") == ANY:
        clean["max_entries"] = ANY
    elif rule.get("max_entries") is not None:
        limit = rule["max_entries"]
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise GateRuleError("gate_rule_max_entries")
        clean["max_entries"] = limit
    if rule.get("admission"):
        if rule["admission"] not in ADMISSIONS:
            raise GateRuleError("gate_rule_unknown_admission", value=str(rule["admission"]),
                                choices=", ".join(ADMISSIONS))
        clean["admission"] = rule["admission"]
    if rule.get("booking"):  # ANY, for a gate: its staff come in as the rest of the rule says
        if rule["booking"] not in (*BOOKINGS, ANY):
            raise GateRuleError("gate_rule_unknown_booking", value=str(rule["booking"]),
                                choices=", ".join(BOOKINGS))
        clean["booking"] = rule["booking"]
    return clean


def _check_classes(classes: list[str]) -> None:
    unknown = [c for c in classes if c not in CLASSES]
    if unknown:
        raise GateRuleError("gate_rule_unknown_class", value=unknown[0], choices=", ".join(CLASSES))


def _hours(text: str) -> str:
    try:
        return str(Hours.parse(text))
    except ValueError:
        # Hours.parse refuses text it cannot read and hours that close before they open
        readable = text.replace("–", "-").count("-") == 1 and all(
            _is_time(part) for part in text.replace("–", "-").replace(" ", "").split("-"))
        raise GateRuleError("gate_rule_hours_reversed" if readable else "gate_rule_hours_unreadable",
                            value=text) from None


def _is_time(text: str) -> bool:
    try:
        dt.time.fromisoformat(text)
    except ValueError:
        return False
    return True
