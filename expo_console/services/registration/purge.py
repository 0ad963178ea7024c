"""Purging the visitors' personal data after the event (issue 21; Korea's PIPA: destroy personal
data once its purpose is over). The event keeps a retention date (its last day plus the event
setting `retention_days`, 30 by default); on or after it an organizer erases every visitor at
once, as a deletion erases one (registration/erasure.py), and the anonymous figures stay:
counts, occupancy, classes. The purge is audited and reported as a one-page certificate of
destruction (what was erased, when, by whom, how many records). The certificate's folder is
checked before anything is erased, and the certificate can be made again at any time from the
purge's access record (`certificate_again`), which holds every fact it states.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from expo_console.domain.access import Action
from expo_console.services import event_settings
from expo_console.services.access import require
from expo_console.services.changes import VisitorsChanged
from expo_console.services.events import event_row
from expo_console.services.private_files import check_writable
from expo_console.services.traffic.counting import event_zone
from expo_console.storage import audit_repo, erasure_repo, visitors_repo
from expo_console.storage.connection import EventStore, overwrite_wal

# The counts in the order the certificate and the window list them (the access record keeps them sorted).
COUNTED = ("visitors", "badges", "scans", "print_log", "audit_log")
# The retention periods an organizer may set: 0 (purge from the last day itself) up to ten years.
MAX_RETENTION_DAYS = 3650


class PurgeError(ValueError):
    """A purge that cannot be done now; the message says why and what to do."""


@dataclass(frozen=True)
class PurgeOutlook:
    """Where the event stands on its retention date (what the window shows before a purge)."""

    last_day: dt.date
    retention_days: int
    retention_date: dt.date
    visitors: int  # visitors whose personal data is still held
    today: dt.date

    @property
    def possible(self) -> bool:
        """On or after the retention date: a purge may run."""
        return self.today >= self.retention_date

    @property
    def due(self) -> bool:
        """Possible, and there is personal data left to erase (the start-up reminder)."""
        return self.possible and self.visitors > 0


@dataclass(frozen=True)
class Purged:
    """A purge as the window runs it: what was erased (the certificate's facts), and the change
    every view reloads on (the visitors are gone)."""

    facts: dict[str, Any]
    change: VisitorsChanged


def event_today(store: EventStore) -> dt.date:
    """Today where the event is held (its time zone), not on this computer's clock: a desk set to
    another zone would otherwise purge a day early, or remind a day late."""
    return dt.datetime.now(event_zone(store)).date()


def retention_date(store: EventStore) -> dt.date:
    """The first day the personal data may no longer be kept."""
    ends = dt.date.fromisoformat(event_row(store)["ends_on"])
    return ends + dt.timedelta(days=event_settings.get(store, event_settings.RETENTION_DAYS))


def purge_due(store: EventStore, today: dt.date | None = None) -> bool:
    """Whether the retention date has passed and visitors' personal data is still held (the
    console reminds the organizer at start-up)."""
    today = today or event_today(store)
    return today >= retention_date(store) and visitors_repo.count(store.conn) > 0


def purge_outlook(store: EventStore, today: dt.date | None = None) -> PurgeOutlook:
    """The last day, the retention period and date, and how many visitors a purge would erase."""
    return PurgeOutlook(last_day=dt.date.fromisoformat(event_row(store)["ends_on"]),
                        retention_days=event_settings.get(store, event_settings.RETENTION_DAYS),
                        retention_date=retention_date(store), visitors=visitors_repo.count(store.conn),
                        today=today or event_today(store))


def set_retention_days(store: EventStore, days: int) -> dt.date:
    """The organizer's retention period (days after the last day; audited as every event
    setting is); returns the new retention date."""
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= MAX_RETENTION_DAYS:
        raise PurgeError(f"The retention period is a number of days from 0 to {MAX_RETENTION_DAYS}: "
                         f"{days!r} is not. Give the days after the event's last day.")
    event_settings.put(store, event_settings.RETENTION_DAYS, days)
    return retention_date(store)


def purge_personal_data(store: EventStore, *, today: dt.date | None = None,
                        certificate: Path | str | None = None) -> dict[str, Any]:
    """Erase every visitor's personal data (on or after the retention date); returns what was
    erased, when and by whom, and writes the certificate of destruction when asked."""
    keep_until = check_purge(store, today)
    if certificate is not None:
        check_certificate(Path(certificate))  # before erasing: a purge without its certificate is what we avoid
    with store.write() as conn:
        counts = erasure_repo.purge_all(conn, store.stamps())
        audit_repo.append(conn, store.stamp, "purge", "event", None,
                          {"counts": counts, "retention_date": keep_until.isoformat()})
    overwrite_wal(store)
    done = last_purge(store)
    assert done is not None  # just recorded
    if certificate is not None:
        try:
            _write(done, Path(certificate))
        except PurgeError as error:
            raise PurgeError(f"The personal data was purged, but its certificate was not written. {error} Then make "
                             "it again from the purge's access record: 'expo-console purge --again --certificate "
                             "FILE.pdf', or Event ▸ Purge personal data… in the window.") from error
    return done


def check_purge(store: EventStore, today: dt.date | None = None) -> dt.date:
    """AccessDenied or PurgeError when the purge may not run (the role, then the date), before
    anyone is asked to confirm it; returns the retention date."""
    require(store, Action.PURGE)
    today = today or event_today(store)
    keep_until = retention_date(store)
    if today < keep_until:
        raise PurgeError(f"The visitors' personal data is kept until {keep_until.isoformat()} (the event's last day "
                         f"plus {event_settings.get(store, event_settings.RETENTION_DAYS)} days): it can be purged from "
                         "then. If its purpose ended sooner, shorten the retention period in the event's settings.")
    return keep_until


def check_certificate(out: Path) -> None:
    """PurgeError, saying what to do, when the certificate could not be written to `out`."""
    if out.suffix.lower() != ".pdf":
        raise PurgeError(f"Cannot write the certificate to '{out.name}': use a file name ending in .pdf.")
    try:
        check_writable(out)
    except OSError as error:
        raise PurgeError(f"Cannot write the certificate to {out} ({error.strerror or error}): nothing was purged. "
                         "Choose a folder that exists and that you may write to.") from error


def last_purge(store: EventStore) -> dict[str, Any] | None:
    """The latest purge's facts (what its certificate states), from its access record; None if none."""
    entry = audit_repo.last_entry(store.conn, "purge")
    if entry is None:
        return None
    counts = entry["detail"].get("counts") or {}
    ordered = {k: counts[k] for k in COUNTED if k in counts} | {k: v for k, v in counts.items() if k not in COUNTED}
    return {"event": event_row(store)["name"], "timezone": event_zone(store).key, "purged_at": entry["at"],
            "operator": entry["operator"], "desk_id": entry["desk_id"], "retention_date": entry["detail"].get("retention_date"), "counts": ordered}


def certificate_again(store: EventStore, out: Path | str) -> dict[str, Any]:
    """The certificate of the latest purge written (again) to `out`, from its access record, when
    the one written then is lost or was never saved; returns its facts."""
    require(store, Action.PURGE)
    done = last_purge(store)
    if done is None:
        raise PurgeError("No purge is recorded in this event: there is no certificate of destruction to make.")
    _write(done, Path(out))
    return done


def _write(done: dict[str, Any], out: Path) -> None:
    from expo_console.services.registration.purge_certificate import (
        write_certificate,  # reportlab: when needed
    )

    if out.suffix.lower() != ".pdf":
        raise PurgeError(f"Cannot write the certificate to '{out.name}': use a file name ending in .pdf.")
    try:
        write_certificate(done, out)
    except OSError as error:
        raise PurgeError(f"Cannot write the certificate to {out} ({error.strerror or error}): choose a folder that "
                         "exists and that you may write to.") from error


def run_purge(store: EventStore, *, today: dt.date | None = None) -> Purged:
    """purge_personal_data for the window: it saves the certificate itself once the person has
    chosen where (write_certificate with `facts`), and every view reloads on the change."""
    return Purged(purge_personal_data(store, today=today), VisitorsChanged(reload=True))
