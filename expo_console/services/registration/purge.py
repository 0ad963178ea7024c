"""Purging the visitors' personal data after the event (issue 21; Korea's PIPA: destroy personal
data once its purpose is over). The event keeps a retention date (its last day plus the event
setting `retention_days`, 30 by default); on or after it an organizer erases every visitor at
once, as a deletion erases one (registration/erasure.py), and the anonymous figures stay:
counts, occupancy, classes. The purge is audited and reported as a one-page certificate of
destruction (what was erased, when, by whom, how many records).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from expo_console.domain.access import Action
from expo_console.services import event_settings
from expo_console.services.access import require
from expo_console.services.events import event_row
from expo_console.services.registration.erasure import FREE_TEXT
from expo_console.storage import audit_repo, erasure_repo, visitors_repo
from expo_console.storage.connection import EventStore, overwrite_wal, utc_now


class PurgeError(ValueError):
    """A purge that cannot be done now; the message says why and what to do."""


def retention_date(store: EventStore) -> dt.date:
    """The first day the personal data may no longer be kept."""
    ends = dt.date.fromisoformat(event_row(store)["ends_on"])
    return ends + dt.timedelta(days=event_settings.get(store, event_settings.RETENTION_DAYS))


def purge_due(store: EventStore, today: dt.date | None = None) -> bool:
    """Whether the retention date has passed and visitors' personal data is still held (the
    console reminds the organizer at start-up)."""
    today = today or dt.date.today()
    return today >= retention_date(store) and visitors_repo.count(store.conn) > 0


def purge_personal_data(store: EventStore, *, today: dt.date | None = None,
                        certificate: Path | str | None = None) -> dict[str, Any]:
    """Erase every visitor's personal data (on or after the retention date); returns what was
    erased, when and by whom, and writes the certificate of destruction when asked."""
    require(store, Action.PURGE)
    today = today or dt.date.today()
    keep_until = retention_date(store)
    if today < keep_until:
        raise PurgeError(f"The visitors' personal data is kept until {keep_until.isoformat()} (the event's last day "
                         f"plus {event_settings.get(store, event_settings.RETENTION_DAYS)} days): it can be purged from "
                         "then. If its purpose ended sooner, shorten the retention period in the event's settings.")
    if certificate is not None and Path(certificate).suffix.lower() != ".pdf":
        raise PurgeError(f"Cannot write the certificate to '{Path(certificate).name}': use a file name ending in .pdf.")
    with store.write() as conn:
        counts = erasure_repo.purge_all(conn, store.stamps(), sorted(FREE_TEXT))
        audit_repo.append(conn, store.stamp, "purge", "event", None,
                          {"counts": counts, "retention_date": keep_until.isoformat()})
    overwrite_wal(store)
    done = {"event": event_row(store)["name"], "purged_at": utc_now(), "operator": store.stamp.operator,
            "desk_id": store.stamp.desk_id, "retention_date": keep_until.isoformat(), "counts": counts}
    if certificate is not None:
        from expo_console.services.registration.purge_certificate import write_certificate

        write_certificate(done, Path(certificate))
    return done
