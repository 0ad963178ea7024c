"""Taking back a scan made in error (the wrong direction, a visitor who turned back): on the
station that made it, within ANNUL_WITHIN, with a reason. The scan stays; a row of its own marks
it annulled (storage/scans_repo.LIVE leaves it out of every figure)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from expo_console.domain.access import Action
from expo_console.domain.checkin import Verdict
from expo_console.services.access import require
from expo_console.services.changes import MeetingsChanged, VisitorsChanged
from expo_console.services.consultations.gate import take_back_arrival
from expo_console.services.messages import CodedRefusal
from expo_console.storage import audit_repo, scans_repo
from expo_console.storage.connection import EventStore, parse_utc_stamp, utc_stamp

ANNUL_WITHIN = dt.timedelta(minutes=15)


class AnnulRefused(CodedRefusal):
    """A scan that cannot be annulled here: not found, another station's, too old, or annulled.
    `code` and `params` name the message (services/messages.py), which the window translates."""


@dataclass(frozen=True, slots=True)
class Annulment:
    scan_id: str
    visitor_id: str | None
    verdict: Verdict
    arrival: MeetingsChanged | None = None  # the meeting arrival the scan had recorded, taken back

    @property
    def change(self) -> VisitorsChanged | None:
        return VisitorsChanged(upserted=(self.visitor_id,)) if self.visitor_id else None

    @property
    def changes(self) -> tuple[MeetingsChanged, ...]:
        return (self.arrival,) if self.arrival is not None else ()


def annul_scan(store: EventStore, scan_id: str, *, station: str, reason: str,
               now: dt.datetime | None = None) -> Annulment:
    """Annul a scan made in error (the wrong direction, a visitor who turned back), on the
    station that made it, within ANNUL_WITHIN, with a reason. The scan stays in the file, marked
    annulled with who, when and why; it no longer counts for admission, counters or occupancy."""
    require(store, Action.SCAN)
    if not reason.strip():
        raise AnnulRefused("annul_no_reason")
    moment = now or dt.datetime.now(dt.UTC)
    with store.write() as conn:
        row = scans_repo.get(conn, scan_id)
        if row is None:
            raise AnnulRefused("annul_not_found", scan=scan_id)
        if row["annulled_at"] is not None:
            raise AnnulRefused("annul_already", reason=str(row["annul_reason"]))
        if row["station"] != station:
            raise AnnulRefused("annul_other_station", station=str(row["station"]))
        age = moment - parse_utc_stamp(row["scanned_at"])
        if age > ANNUL_WITHIN:
            raise AnnulRefused("annul_too_old", minutes=str(int(ANNUL_WITHIN.total_seconds() // 60)))
        scans_repo.annul(conn, scan_id, utc_stamp(moment), station, reason.strip(), store.stamp.operator,
                         store.stamp.desk_id)
        # about the person scanned, like every entry (their data on request, their erasure); a scan
        # of no known visitor (an unknown badge refused) is the entry's own subject
        person = row["visitor_id"]
        audit_repo.append(conn, store.stamp, "annul_scan", "visitor" if person else "scan", person or scan_id,
                          {"reason": reason.strip(), "verdict": row["verdict"], "scan_id": scan_id})
        # an admission at the consultation zone's gate that marked a meeting arrived: not any more
        arrival = take_back_arrival(conn, store.stamp, person, row["scanned_at"], scan_id, store.stamps(created=False))
    return Annulment(scan_id, row["visitor_id"], Verdict(row["verdict"]), arrival)


def annulled_scans(store: EventStore, scan_ids: list[str]) -> set[str]:
    """Which of these scans were annulled (a station's recent list strikes them through)."""
    return scans_repo.annulled_among(store.conn, scan_ids)
