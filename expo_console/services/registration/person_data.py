"""A person's data on request (issue 21; Korea's PIPA: the data subject's right to see their
data): everything the event holds about one visitor — the registration, the consents with their
times and notice version, the badges issued and printed, the scans, and the access records that
concern them — as JSON and as a PDF to hand to the person. Every way it is produced is audited:
shown (`person_data_view`: `expo-console visitors show` prints it, the full phone number with it)
or written to a file (`person_data_export`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from expo_console.domain.access import Action
from expo_console.services.access import require
from expo_console.services.events import event_row
from expo_console.services.private_files import write_private_text
from expo_console.services.registration.visitors import VisitorNotFound
from expo_console.storage import (
    audit_repo,
    consultations_repo,
    erasure_repo,
    layout_repo,
    meetings_repo,
    print_log_repo,
    visitors_repo,
)
from expo_console.storage.connection import EventStore, utc_now

# The registration's columns a person is shown (their own data; derived search keys left out).
PERSONAL = ("name", "name_en", "company", "title", "visitor_class", "phone", "email", "country", "notes",
            "registration_status", "registered_at", "source", "blocked", "blocked_reason")
CONSENTS = ("consent_required", "consent_provision", "consent_marketing")


def person_data(store: EventStore, visitor_id: str) -> dict[str, Any]:
    """Everything held about one visitor, as plain data (the JSON's content); the view is audited."""
    require(store, Action.PERSON_DATA)
    data = _held(store, visitor_id)
    _record(store, "person_data_view", data, {})
    return data


def _held(store: EventStore, visitor_id: str) -> dict[str, Any]:
    row = visitors_repo.get(store.conn, visitor_id)
    if row is None:
        raise VisitorNotFound(visitor_id)
    return {
        "event": event_row(store)["name"],  # who holds the data: the person may not know the file
        "made_at": utc_now(),
        "timezone": event_row(store)["timezone"] or "Asia/Seoul",  # the PDF's times are the event's
        "visitor_id": visitor_id,
        "registration": {k: row.get(k) for k in PERSONAL if k in row},
        "consents": {k: {"given_at": row.get(f"{k}_at"), "notice_version": row.get(f"{k}_version")}
                     for k in CONSENTS},
        "badges": erasure_repo.badges_of(store.conn, visitor_id),
        "printed": [{k: e[k] for k in ("printed_at", "serial", "printer", "result", "operator")}
                    for e in print_log_repo.entries(store.conn, visitor_id)],
        "scans": erasure_repo.scans_of(store.conn, visitor_id),
        "access_records": [{k: e[k] for k in ("at", "operator", "desk_id", "action", "detail")}
                           for e in audit_repo.entries(store.conn, visitor_id)],
        "consultations": _consultations(store, visitor_id),
    }


def _consultations(store: EventStore, visitor_id: str) -> dict[str, Any]:
    """As a buyer of the consultation zone: their details, their requests and their meetings
    with the exhibitors' names (what they asked for, whom they met and what came of it)."""
    names = {row[0]: row[1] for row in layout_repo.exhibitor_rows(store.conn)}
    meetings = [{"day": m["day"], "starts": m["starts"], "ends": m["ends"], "table": m["table_number"],
                 "exhibitor": names.get(m["exhibitor_id"], m["exhibitor_id"]), "status": m["status"],
                 "amount_krw": m["amount_krw"], "contract_krw": m["contract_krw"], "note": m["note"]}
                for m in meetings_repo.every(store.conn, buyer_id=visitor_id)]
    requests = [{"exhibitor": names.get(r["exhibitor_id"], r["exhibitor_id"]), "buyer_rank": r["buyer_rank"],
                 "exhibitor_rank": r["exhibitor_rank"]}
                for r in consultations_repo.requests(store.conn, buyer_id=visitor_id)]
    return {"details": consultations_repo.buyer_details(store.conn, visitor_id), "requests": requests,
            "meetings": meetings}


def export_person_data(store: EventStore, visitor_id: str, out: Path | str) -> dict[str, Any]:
    """Write the person's data to `out` (.json, or .pdf for the person), readable by its owner only
    (services/private_files.py); audited. Returns the data."""
    out = Path(out)
    if out.suffix.lower() not in (".json", ".pdf"):
        raise ValueError(f"Cannot write a person's data to '{out.name}': use a file name ending in .pdf or .json.")
    require(store, Action.PERSON_DATA)
    data = _held(store, visitor_id)
    if out.suffix.lower() == ".json":
        write_private_text(out, json.dumps(data, ensure_ascii=False, indent=2))
    else:
        from expo_console.services.registration.person_data_pdf import write_person_pdf

        write_person_pdf(data, out)
    _record(store, "person_data_export", data, {"file": out.name})
    return data


def _record(store: EventStore, action: str, data: dict[str, Any], detail: dict[str, Any]) -> None:
    with store.write() as conn:
        audit_repo.append(conn, store.stamp, action, "visitor", data["visitor_id"],
                          {**detail, "scans": len(data["scans"]), "access_records": len(data["access_records"])})
