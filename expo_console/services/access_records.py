"""The access records, for an organizer (issue 21; Korea's PIPA asks that access to personal data
be logged and the log checked): who did what, when, at which desk, and about whom.

Listed newest first, a page at a time (PAGE entries), filtered by operator, action, person and
time; the person is typed as the organizer knows them (a name, a phone number, an e-mail, a
visitor id or an erased visitor's pseudonym) and found among the visitors and operators first. A
visitor is shown by name while they exist, by pseudonym once erased. Exports (CSV with a BOM for
Excel, or XLSX, as every export of the console: table_files) hold exactly the entries listed and
are themselves recorded. Every call needs Action.VIEW_AUDIT (an organizer).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from expo_console.domain.access import Action
from expo_console.domain.phone import phone_digits
from expo_console.domain.redaction import PSEUDONYM_PREFIX
from expo_console.services.access import require
from expo_console.services.messages import CodedRefusal, action_label, role_label
from expo_console.services.progress import ProgressCallback, no_progress
from expo_console.services.table_files import ExportError, write_table
from expo_console.services.traffic.counting import event_zone
from expo_console.storage import access_records_repo, audit_repo, visitors_repo
from expo_console.storage.access_records_repo import RecordQuery
from expo_console.storage.connection import EventStore, parse_utc_stamp, utc_stamp

PAGE = 200  # entries a page: what a window shows and scrolls through before it asks for more
MAX_PEOPLE = 1000  # people a typed person may match before the organizer is asked to type more
_PHONE_LIKE = frozenset("0123456789+-() .")


class RecordsRefused(CodedRefusal):
    """A filter that cannot be used as typed; `code` names the message."""


@dataclass(frozen=True)
class RecordFilter:
    """Which entries to list; empty fields do not filter. `until` is exclusive."""

    operator: str | None = None
    action: str | None = None
    person: str = ""
    since: dt.datetime | None = None
    until: dt.datetime | None = None

    def as_json(self) -> dict[str, Any]:
        return {"operator": self.operator, "action": self.action, "person": self.person or None,
                "since": self.since.isoformat() if self.since else None,
                "until": self.until.isoformat() if self.until else None}


@dataclass(frozen=True)
class Record:
    id: str
    at: str  # as stored: UTC
    local_time: str  # YYYY-MM-DD HH:MM:SS on the event's clock
    operator: str
    role: str  # the role the operator signed in with; '' for nobody signed in
    desk_id: str
    desk: str  # the desk's name, else its id
    action: str
    entity: str
    entity_id: str | None
    person_id: str | None  # the visitor (or their pseudonym) or operator the entry is about
    person: str  # their name while they exist, the pseudonym once erased; '' for none
    reason: str
    detail: dict[str, Any] = field(default_factory=dict)
    seq: int = 0  # the order it was written in this file (entries of one millisecond)

    @property
    def cursor(self) -> tuple[str, int]:
        """Where the next page starts (the entries older than this one)."""
        return self.at, self.seq

    @property
    def action_label(self) -> str:
        return action_label(self.action, self.entity)

    @property
    def erased(self) -> bool:
        return bool(self.person_id and self.person_id.startswith(PSEUDONYM_PREFIX))

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "at": self.at, "time": self.local_time, "operator": self.operator,
                "role": self.role or None, "desk": self.desk, "desk_id": self.desk_id, "action": self.action,
                "action_label": self.action_label, "entity": self.entity, "entity_id": self.entity_id,
                "person": self.person or None, "person_id": self.person_id, "reason": self.reason or None,
                "detail": self.detail}


@dataclass(frozen=True)
class Prepared:
    """A filter made ready to read: the person found among the visitors and operators once."""

    query: RecordQuery
    record_filter: RecordFilter


def prepare(store: EventStore, record_filter: RecordFilter) -> Prepared:
    require(store, Action.VIEW_AUDIT)
    if record_filter.since and record_filter.until and record_filter.until <= record_filter.since:
        raise RecordsRefused("records_time_reversed", since=record_filter.since.isoformat(" ", "minutes"),
                             until=record_filter.until.isoformat(" ", "minutes"))
    operator = record_filter.operator or None
    if operator is not None:  # typed at the command line in any case: the log has the name as stored
        operator = access_records_repo.operator_spelling(store.conn, operator) or operator
    return Prepared(RecordQuery(operator=operator,
                                actions=(record_filter.action,) if record_filter.action else (),
                                people=_people(store, record_filter.person.strip()),
                                since=utc_stamp(record_filter.since) if record_filter.since else None,
                                until=utc_stamp(record_filter.until) if record_filter.until else None),
                    record_filter)


def _people(store: EventStore, text: str) -> tuple[str, ...] | None:
    if not text:
        return None
    if text.startswith(PSEUDONYM_PREFIX):  # an erased visitor: only their pseudonym is left (or its start)
        found = access_records_repo.pseudonyms_starting(store.conn, text, MAX_PEOPLE + 1)
    else:
        digits = phone_digits(text) if set(text) <= _PHONE_LIKE and sum(c.isdigit() for c in text) >= 3 else ""
        found = access_records_repo.people_matching(store.conn, text, digits, MAX_PEOPLE + 1)
    if len(found) > MAX_PEOPLE:
        raise RecordsRefused("person_too_many", limit=f"{MAX_PEOPLE:,}", text=text)
    return tuple(found)


def list_records(store: EventStore, what: RecordFilter | Prepared, *, before: tuple[str, int] | None = None,
                 limit: int = PAGE) -> list[Record]:
    """A page of entries, newest first; `before` is the cursor of the last entry already shown."""
    prepared = what if isinstance(what, Prepared) else prepare(store, what)
    require(store, Action.VIEW_AUDIT)
    rows = access_records_repo.page(store.conn, prepared.query, before=before, limit=limit)
    return _records(store, rows)


def count_records(store: EventStore, what: RecordFilter | Prepared) -> int:
    prepared = what if isinstance(what, Prepared) else prepare(store, what)
    require(store, Action.VIEW_AUDIT)
    return access_records_repo.count(store.conn, prepared.query)


def every_record(store: EventStore, what: RecordFilter | Prepared) -> Iterator[list[Record]]:
    prepared = what if isinstance(what, Prepared) else prepare(store, what)
    require(store, Action.VIEW_AUDIT)
    for rows in access_records_repo.every(store.conn, prepared.query):
        yield _records(store, rows)


def facets(store: EventStore) -> tuple[list[str], list[str]]:
    """The operators and the actions the log holds (the window's choices)."""
    require(store, Action.VIEW_AUDIT)
    return access_records_repo.operators_in_log(store.conn), access_records_repo.actions_in_log(store.conn)


def _records(store: EventStore, rows: list[dict[str, Any]]) -> list[Record]:
    zone = event_zone(store)
    names = access_records_repo.names_of(store.conn, [r["person_id"] for r in rows if r["person_id"]])
    desks = access_records_repo.desk_names(store.conn)
    return [Record(id=r["id"], at=r["at"], local_time=local_time(r["at"], zone), operator=r["operator"],
                   role=r["role"] or "", desk_id=r["desk_id"], desk=desks.get(r["desk_id"], r["desk_id"]),
                   action=r["action"], entity=r["entity"], entity_id=r["entity_id"], person_id=r["person_id"],
                   person=names.get(r["person_id"], r["person_id"] or "") if r["person_id"] else "",
                   reason=str(r["detail"].get("reason") or ""), detail=r["detail"], seq=int(r["seq"]))
            for r in rows]


def local_time(stamp: str, zone: ZoneInfo) -> str:
    return parse_utc_stamp(stamp).astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")


# --- export ------------------------------------------------------------------------------------

EXPORT_COLUMNS = ("시각 Time", "UTC", "운영자 Operator", "역할 Role", "데스크 Desk", "작업 Action",
                  "작업 코드 Action code", "대상 Person", "대상 ID Person id", "사유 Reason", "상세 Detail",
                  "기록 ID Record id")


def export_records(store: EventStore, record_filter: RecordFilter, out: Path | str, *,
                   translate: Callable[[str], str] = lambda text: text,
                   progress: ProgressCallback = no_progress) -> int:
    """Write exactly the entries the filter lists, newest first, to CSV (UTF-8 with BOM) or XLSX
    by the suffix; returns how many. `translate` gives the action and role names in the window's
    language (English as they are). The export is itself recorded, with the filter, so it needs a
    file that can be written."""
    out = Path(out)
    prepared = prepare(store, record_filter)
    if store.read_only:
        raise ExportError("The access records are exported only when the export can be recorded, and this event is "
                          "open read-only. Open a writable copy of the event to export them.")
    total = count_records(store, prepared)

    def rows() -> Iterator[list[object]]:
        for batch in every_record(store, prepared):
            for r in batch:
                yield [r.local_time, r.at, r.operator, translate(role_label(r.role)), r.desk,
                       translate(r.action_label), r.action, r.person, r.person_id or "", r.reason,
                       json.dumps(r.detail, ensure_ascii=False, sort_keys=True), r.id]

    written = write_table(out, EXPORT_COLUMNS, rows(), sheet="Access records", total=total, progress=progress)
    # an export of one person's records is about them: their erasure then redacts the name typed
    people = prepared.query.people or ()
    one_visitor = len(people) == 1 and visitors_repo.get(store.conn, people[0]) is not None
    entity, entity_id = ("visitor", people[0]) if one_visitor else ("audit_log", None)
    with store.write() as conn:
        audit_repo.append(conn, store.stamp, "access_records_export", entity, entity_id,
                          {"file": out.name, "rows": written, "filter": record_filter.as_json()})
    return written

