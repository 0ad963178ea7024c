"""A gate's decision taken on the event hub (issue 16), and the scan written to this desk's file.

On the hub, in one transaction: the badge's lock, its scans today as every desk recorded them,
the same domain decision a desk takes on its own file, and the scan recorded. After the hub's
commit the scan goes into the desk's file as the hub's row (not pushed again), inside the
desk's own write transaction, and only then is the verdict shown. A decision whose commit the
deadline overtook is written as this desk's own scan, to be pushed (hub_admission.decide).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from expo_console.domain.checkin import Decision, PriorScan
from expo_console.services.checkin.hub_admission import VIA_HUB, VIA_OFFLINE, HubAdmissions
from expo_console.storage import hub_scans_repo, scans_repo, sync_capture
from expo_console.storage.connection import parse_utc_stamp
from expo_console.storage.scans_repo import HistoryRow, ScanRow

# What a gate decides, given the badge's scans today: the decision and the scan it records
# (None: a double read records nothing).
Deciding = Callable[[list[PriorScan]], tuple[Decision, ScanRow | None]]


def prior_scans(rows: list[HistoryRow]) -> list[PriorScan]:
    return [PriorScan(parse_utc_stamp(r[0]), r[1], r[2], r[3], r[4], r[5], r[6]) for r in rows]


def _together(on_hub: list[HistoryRow], here: list[HistoryRow]) -> list[HistoryRow]:
    """Both lists of a badge's scans as one, oldest first: a scan in both (pulled, or decided on
    the hub) is the same row in each, and counts once."""
    return sorted(set(on_hub) | set(here), key=lambda row: row[0])


def decide_on_hub(hub: HubAdmissions, conn: sqlite3.Connection, desk_id: str, visitor_id: str | None,
                  serial: int | None, day: tuple[str, str], here: list[HistoryRow],
                  deciding: Deciding) -> tuple[Decision, ScanRow | None, str] | None:
    """(decision, scan recorded, VIA_HUB or VIA_OFFLINE) taken on the hub and written to the
    file through `conn` (the caller's open write transaction); None when the hub is offline or
    late, and the caller decides on its file.

    The badge's scans are the hub's and `here`, this file's, together: an admission this desk made
    offline and has not pushed yet is not on the hub, and must still refuse the badge a second
    time here."""

    def on_hub(pg: Any) -> tuple[Decision, ScanRow | None]:
        hub_scans_repo.lock_badge(pg, visitor_id, serial)
        decision, row = deciding(prior_scans(_together(hub_scans_repo.history(pg, visitor_id, serial, *day), here)))
        if row is not None:
            hub_scans_repo.record(pg, desk_id, row)
        return decision, row

    decided = hub.decide(on_hub)
    if decided is None:
        return None
    (decision, row), on_the_hub = decided
    if row is not None:
        if on_the_hub:
            with sync_capture.applying(conn):  # the hub has it already: not pushed a second time
                scans_repo.insert(conn, row)
        else:
            scans_repo.insert(conn, row)
    return decision, row, VIA_HUB if on_the_hub else VIA_OFFLINE
