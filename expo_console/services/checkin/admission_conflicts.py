"""Admission conflicts (issue 16): badges let in at two desks while they were apart, as the file
holds them now (the dashboard's list, the daily report's count, `expo-console conflicts`) and as
the hub holds them when a desk's offline scans reach it (sync's check of each offline admission).

The conflicts are read from the scans each time, never stored: both scans stay as they were,
and every desk that has pulled them names the same conflicts (domain/admission_conflicts.py).
The dashboard and the report are every role's (issue 21): the visitor's name and company are
given only to a role that may see the visitors; the others read the badge's serial.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby
from typing import Any
from zoneinfo import ZoneInfo

from expo_console.domain.access import Action
from expo_console.domain.admission_conflicts import BadgeScan, Conflict, find_conflicts
from expo_console.domain.checkin import ENTRIES, GateRule, PriorScan
from expo_console.services.access import allowed, require
from expo_console.services.checkin import gate_rules
from expo_console.services.events import event_row
from expo_console.storage import gates_repo, hub_scans_repo, scans_repo, visitors_repo
from expo_console.storage.connection import EventStore, parse_utc_stamp, utc_stamp
from expo_console.storage.scans_repo import BadgeScanRow

ENTRY_VERDICTS = sorted(v.value for v in ENTRIES)


@dataclass(frozen=True, slots=True)
class ConflictScan:
    scan_id: str
    scanned_at: str  # UTC ISO 8601, as recorded
    gate_id: str
    gate: str  # the gate's name
    station: str
    desk_id: str

    def as_json(self) -> dict[str, Any]:
        return {"scan_id": self.scan_id, "scanned_at": self.scanned_at, "gate_id": self.gate_id, "gate": self.gate,
                "station": self.station, "desk_id": self.desk_id}


@dataclass(frozen=True, slots=True)
class AdmissionConflict:
    visitor_id: str | None
    badge_serial: int | None
    visitor_name: str
    company: str
    day: dt.date
    first: ConflictScan  # the earlier admission
    second: ConflictScan  # the later one, which the first would have refused

    def as_json(self) -> dict[str, Any]:
        return {"visitor_id": self.visitor_id, "badge_serial": self.badge_serial, "visitor_name": self.visitor_name,
                "company": self.company, "day": self.day.isoformat(), "first": self.first.as_json(),
                "second": self.second.as_json()}


def list_conflicts(store: EventStore, day: dt.date | None = None) -> list[AdmissionConflict]:
    """The conflicts the file's scans hold, on one event day or on every day, in the order the
    later admissions were made; named (the visitor and their company) for a role that may see the
    visitors."""
    require(store, Action.VIEW_TRAFFIC)
    zone, days = _event_days(store)
    found: list[AdmissionConflict] = []
    rules = _Rules(store)
    for each in [day] if day is not None else days:
        start, end = _day_range(each, zone)
        rows = scans_repo.admitted_at_two_desks(store.conn, start, end, ENTRY_VERDICTS)
        found.extend(_named(store, each, _conflicts_in(rows, rules), named=allowed(store, Action.VIEW_VISITORS)))
    return sorted(found, key=lambda c: c.second.scanned_at)


def check_on_hub(pg: Any, store: EventStore, pushed: Iterable[dict[str, Any]]) -> list[AdmissionConflict]:
    """The conflicts on the hub that the scans just pushed (rows as pushed: offline decisions)
    are part of: each offline admission checked against every desk's scans of its badge and day."""
    admissions = [row for row in pushed if row.get("verdict") in ENTRY_VERDICTS and _badge_key(row)]
    if not admissions:
        return []
    zone, _days = _event_days(store)
    ids = {str(row["id"]) for row in admissions}
    by_day: dict[dt.date, set[str]] = {}
    for row in admissions:
        day = parse_utc_stamp(str(row["scanned_at"])).astimezone(zone).date()
        by_day.setdefault(day, set()).add(_badge_key(row))
    found = []
    rules = _Rules(store)
    for day, badges in sorted(by_day.items()):
        rows = hub_scans_repo.badge_scans(pg, sorted(badges), *_day_range(day, zone))
        mine = [(badge, c) for badge, c in _conflicts_in(rows, rules) if c.first.id in ids or c.second.id in ids]
        found.extend(_named(store, day, mine))
    return found


def _badge_key(row: dict[str, Any]) -> str:
    """As scans_repo.BADGE_KEY: '#' and the serial, else the visitor ('' for neither)."""
    return f"#{row['badge_serial']}" if row.get("badge_serial") is not None else str(row.get("visitor_id") or "")


class _Rules:
    """Each gate's rule, read once per listing."""

    def __init__(self, store: EventStore) -> None:
        self.store = store
        self._rules: dict[str, GateRule] = {}

    def __call__(self, gate_id: str) -> GateRule:
        if gate_id not in self._rules:
            self._rules[gate_id] = gate_rules.rule_for(self.store.conn, gate_id)
        return self._rules[gate_id]


_Badge = tuple[str | None, int | None]  # (visitor, serial) of a badge's scans


def _conflicts_in(rows: list[BadgeScanRow], rules: _Rules) -> list[tuple[_Badge, Conflict]]:
    """((visitor, serial), conflict) for scans ordered by badge and time."""
    found: list[tuple[_Badge, Conflict]] = []
    for key, grouped in groupby(rows, key=lambda r: r[0]):
        scans = list(grouped)
        visitor_id = next((r[10] for r in scans if r[10]), None)  # a desk that had the visitor names them
        badge = (visitor_id, int(key[1:]) if key.startswith("#") else None)
        badge_scans = [BadgeScan(r[1], PriorScan(parse_utc_stamp(r[2]), r[3], r[4], r[5], r[6], r[7], r[8]), r[9])
                       for r in scans]
        found.extend((badge, conflict) for conflict in find_conflicts(badge_scans, rules))
    return found


def _named(store: EventStore, day: dt.date, found: list[tuple[_Badge, Conflict]], *,
           named: bool = True) -> list[AdmissionConflict]:
    listed = []
    for (visitor_id, serial), conflict in found:
        visitor = visitors_repo.gate_view(store.conn, visitor_id) if visitor_id and named else None
        listed.append(AdmissionConflict(
            visitor_id, serial, (visitor or {}).get("name") or (visitor or {}).get("name_en") or "",
            (visitor or {}).get("company") or "", day, _scan(store, conflict.first), _scan(store, conflict.second)))
    return listed


def _scan(store: EventStore, scan: BadgeScan) -> ConflictScan:
    prior = scan.prior
    return ConflictScan(scan.id, utc_stamp(prior.at), prior.gate_id, gates_repo.name(store.conn, prior.gate_id)
                        or prior.gate_id, prior.station, prior.desk_id)


def _event_days(store: EventStore) -> tuple[ZoneInfo, list[dt.date]]:
    event = event_row(store)
    first, last = dt.date.fromisoformat(event["starts_on"]), dt.date.fromisoformat(event["ends_on"])
    return ZoneInfo(event["timezone"] or "Asia/Seoul"), [first + dt.timedelta(days=n)
                                                         for n in range((last - first).days + 1)]


def _day_range(day: dt.date, zone: ZoneInfo) -> tuple[str, str]:
    start = dt.datetime.combine(day, dt.time(), zone)
    return utc_stamp(start), utc_stamp(start + dt.timedelta(days=1))
