"""A buyer at the consultation zone's gate: the station shows their next meeting beside the
verdict, and an admission there marks them arrived for it.

It runs inside the scan's write transaction (services/checkin/scanning.py), only at a gate whose
zone is the consultation zone and only for a visitor let in: one indexed statement finds the
meeting (storage/zone_on_site_repo.next_for_gate), and an arrival is one update with the same
audit entry as the coordinator's key (services/consultations/outcomes.mark_arrived). It needs no
role of its own: the gate's scan is the evidence, made by whoever may scan. The arrival's time is
the scan's, so taking the scan back finds the arrival it made. This module imports nothing of the
solver: the station and `expo-console scan` start as fast as before. A hall gate's scan does none
of this.

What the card says comes in Korean and English together (like the verdict's words,
services/checkin/messages.py): the buyer in front of the gate may read either.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from typing import Any

from expo_console.domain.occupancy import BUYER_CLASSES
from expo_console.domain.zone_on_site import counts_as_arrival
from expo_console.services.changes import MeetingsChanged
from expo_console.storage import audit_repo, meetings_repo, zone_on_site_repo
from expo_console.storage.connection import Stamp

CONSULTATION = "consultation"  # the zone kind of the consultation zone (floor plan)


@dataclass(frozen=True, slots=True)
class GateMeeting:
    meeting_id: str
    starts: str  # HH:MM, the event's local time
    ends: str
    table: int
    exhibitor: str
    exhibitor_en: str
    booth: str
    interpreter: str  # '' without one
    under_way: bool  # the slot has begun
    arrived: bool  # the buyer counts as arrived for it (now or earlier)
    arrival_recorded: bool  # this scan recorded the arrival


@dataclass(frozen=True, slots=True)
class ZoneVisit:
    """What the zone's gate says beside the verdict: the buyer's meeting under way or next today,
    or none (said plainly)."""

    meeting: GateMeeting | None

    @property
    def change(self) -> MeetingsChanged | None:
        recorded = self.meeting is not None and self.meeting.arrival_recorded
        return MeetingsChanged(meetings=(self.meeting.meeting_id,)) if recorded and self.meeting else None

    def as_json(self) -> dict[str, Any]:
        """What `expo-console scan` prints of it: the meeting, or null for a buyer without one."""
        m = self.meeting
        if m is None:
            return {"meeting": None}
        return {"meeting": {"id": m.meeting_id, "starts": m.starts, "ends": m.ends, "table": m.table,
                            "exhibitor": m.exhibitor, "exhibitor_en": m.exhibitor_en, "booth": m.booth,
                            "interpreter": m.interpreter or None, "under_way": m.under_way, "arrived": m.arrived,
                            "arrival_recorded": m.arrival_recorded}}

    def texts(self) -> tuple[str, str, str]:
        """(Korean headline, English headline, the details in both): what the station shows."""
        m = self.meeting
        if m is None:
            return "오늘 예정된 상담이 없습니다", "No meeting today", "상담 데스크로 안내하세요 · Send them to the coordinator's desk"
        when = f"{m.starts}–{m.ends}"
        ko = f"{'지금 상담' if m.under_way else '다음 상담'}  {when} · {m.table}번 테이블"
        en = f"{'Meeting now' if m.under_way else 'Next meeting'}  {when} · table {m.table}"
        company = m.exhibitor if not m.exhibitor_en or m.exhibitor_en == m.exhibitor else \
            f"{m.exhibitor} ({m.exhibitor_en})"
        parts = [company]
        if m.booth:
            parts.append(f"부스/booth {m.booth}")
        parts.append(f"통역/interpreter {m.interpreter}" if m.interpreter else "")
        if m.arrival_recorded:
            parts.append("도착 기록됨 · arrival recorded")
        return ko, en, " · ".join(p for p in parts if p)


def zone_visit(conn: sqlite3.Connection, stamp: Stamp, visitor: dict[str, Any] | None, local: dt.datetime,
               scanned_at: str, scan_id: str | None, *, admitted: bool,
               updated: dict[str, str]) -> ZoneVisit | None:
    """The meeting to show a visitor at the zone's gate (None for someone who is not a buyer and
    has no meeting: staff, an exhibitor's representative). An admitted buyer within the arrival
    window (domain/zone_on_site) is marked arrived for it, in the caller's transaction."""
    if visitor is None:
        return None
    row = zone_on_site_repo.next_for_gate(conn, visitor["id"], local.date().isoformat(), f"{local:%H:%M}")
    if row is None:
        return ZoneVisit(None) if visitor["visitor_class"] in BUYER_CLASSES else None
    starts, ends = dt.time.fromisoformat(row["starts"]), dt.time.fromisoformat(row["ends"])
    arriving = counts_as_arrival(starts, ends, local.time())
    record = admitted and arriving and row["arrived_at"] is None
    if record:
        arrival_at_gate(conn, stamp, row["id"], scanned_at, scan_id, updated)
    return ZoneVisit(GateMeeting(
        row["id"], row["starts"], row["ends"], int(row["table_number"]), row["exhibitor"], row["exhibitor_en"] or "",
        str(row["booth"] or ""), row["interpreter"], under_way=local.time() >= starts,
        arrived=record or row["arrived_at"] is not None, arrival_recorded=record))


def take_back_arrival(conn: sqlite3.Connection, stamp: Stamp, visitor_id: str | None, scanned_at: str,
                      scan_id: str, updated: dict[str, str]) -> MeetingsChanged | None:
    """An annulled scan's arrival, if it recorded one and nothing happened since, is undone."""
    if visitor_id is None:
        return None
    meeting_id = zone_on_site_repo.arrival_made_by(conn, visitor_id, scanned_at)
    if meeting_id is None:
        return None
    arrival_taken_back(conn, stamp, meeting_id, scan_id, updated)
    return MeetingsChanged(meetings=(meeting_id,))


def arrival_at_gate(conn: sqlite3.Connection, stamp: Stamp, meeting_id: str, scanned_at: str, scan_id: str | None,
                    updated: dict[str, str]) -> None:
    meetings_repo.update(conn, meeting_id, {"arrived_at": scanned_at, **updated})
    audit_repo.append(conn, stamp, "meeting_arrived", "meeting", meeting_id,
                      {"before": {"arrived_at": None}, "after": {"arrived_at": scanned_at}, "scan_id": scan_id})


def arrival_taken_back(conn: sqlite3.Connection, stamp: Stamp, meeting_id: str, scan_id: str,
                       updated: dict[str, str]) -> None:
    meetings_repo.update(conn, meeting_id, {"arrived_at": None, **updated})
    audit_repo.append(conn, stamp, "meeting_arrival_undone", "meeting", meeting_id, {"scan_id": scan_id})
