"""The event's gates for a station: finding one by id or name, the hall's admission rule, and a
gate's figures for the day (what the station's counters show)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from expo_console.domain.checkin import ENTRIES
from expo_console.services import event_settings
from expo_console.services.changes import GatesChanged
from expo_console.services.checkin import gate_rules
from expo_console.storage import gates_repo, scans_repo
from expo_console.storage.connection import EventStore


class GateNotFound(Exception):
    pass


ADMISSION_RULES = gate_rules.ADMISSIONS  # rule → (once_per_day, reentry_after_exit)


def admission_rule(store: EventStore) -> str:
    """How often the hall gates let a visitor in (an event setting every desk follows): the hall's
    gate rule, else the event's older admission setting; default: again after an exit."""
    chosen = gate_rules.stored_rule(store, gate_rules.HALL).get("admission")
    if chosen in ADMISSION_RULES:
        return str(chosen)
    policy = event_settings.get(store, event_settings.ADMISSION)
    current = (bool(policy.get("once_per_day", False)), bool(policy.get("reentry_after_exit", True)))
    return next((rule for rule, flags in ADMISSION_RULES.items() if flags == current), "after_exit")


def set_admission_rule(store: EventStore, rule: str) -> GatesChanged:
    """The hall's admission, kept in the hall's gate rule (one place: the set-up's choice and
    the Gate rules dialog show the same)."""
    return gate_rules.set_rule(store, gate_rules.HALL, {**gate_rules.stored_rule(store, gate_rules.HALL),
                                                         "admission": rule})


def list_gates(store: EventStore) -> list[dict[str, Any]]:
    """Every gate with the access rule it applies."""
    return gate_rules.gates_with_rules(store)


def find_gate(store: EventStore, id_or_name: str) -> dict[str, Any]:
    for gate in list_gates(store):
        if id_or_name in (gate["id"], gate["name"], gate["name_en"]):
            return gate
    names = ", ".join(g["name"] for g in list_gates(store))
    raise GateNotFound(f"There is no gate '{id_or_name}' in this event. Gates: {names}.")


@dataclass(frozen=True)
class GateCounts:
    """A gate's figures for the day: admitted through it, and inside what it leads into."""

    admitted: int
    inside: int


def gate_counts(store: EventStore, gate_id: str, since: str) -> GateCounts | None:
    """Admitted at the gate since a time, and entries minus exits in its zone (or the hall, for a
    hall gate) since then; None when the event file has been closed meanwhile."""
    entries = tuple(v.value for v in ENTRIES)
    try:
        admitted = scans_repo.count_at_gate(store.conn, gate_id, since, entries)
        inside = scans_repo.net_inside(store.conn, gates_repo.zone_of(store.conn, gate_id), since, entries)
    except sqlite3.ProgrammingError:  # the event file was closed (another event was opened)
        return None
    return GateCounts(admitted, max(0, inside))
