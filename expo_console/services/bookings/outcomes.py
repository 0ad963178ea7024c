"""What became of a booking: held, a no-show (the slot is freed for the waiting list) or cancelled,
and the results as the channel reported them (viewers, peak concurrent viewers, orders, sales in
won) or the number of photos delivered. Every change is audited with what it was before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from expo_console.domain.access import Action
from expo_console.domain.booking_records import BookingRecord, BookingStatus
from expo_console.domain.bookings import BookingKind
from expo_console.domain.meeting_records import AmountError, parse_amount
from expo_console.services.access import require
from expo_console.services.bookings.schedule import BookingError, booking, conflicts_at
from expo_console.services.changes import BookingsChanged
from expo_console.storage import audit_repo, bookings_repo
from expo_console.storage.connection import EventStore

MAX_COUNT = 100_000_000  # viewers, orders, photos: beyond any broadcast of an SME, a typo past it


class ResultError(ValueError):
    """A result that is not a count or an amount: names the field, says what to type."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Results:
    """Results as typed at the desk ('' or None clears a field). A broadcast has the first four,
    a shoot the photos delivered."""

    viewers: str | int | None = None
    peak_viewers: str | int | None = None
    orders: str | int | None = None
    sales: str | float | int | None = None  # won: '3,200,000', '320만'
    photos_delivered: str | int | None = None
    note: str | None = None


def set_status(store: EventStore, booking_id: str, status: BookingStatus) -> BookingsChanged:
    """Held, no-show, cancelled, or back to booked. A no-show or cancellation frees the slot (the
    waiting list is offered it); back to booked is refused when someone else took it meanwhile."""
    require(store, Action.RECORD_OUTCOMES)
    record = booking(store, booking_id)
    if status == record.status:
        return BookingsChanged((record.kind.value,), bookings=(booking_id,))
    if status in (BookingStatus.BOOKED, BookingStatus.HELD) and not record.occupies:
        _slot_still_free(store, record)
    return _write(store, record, {"status": status.value}, "booking_status")


def _slot_still_free(store: EventStore, record: BookingRecord) -> None:
    taken = conflicts_at(store, record.kind, record.exhibitor_id, record.slot, record.resource, moving=record.id)
    if taken:
        raise BookingError("The slot was given to someone else meanwhile: " + " ".join(taken))


def record_results(store: EventStore, booking_id: str, results: Results) -> BookingsChanged:
    """Store the results; a booking with results is held. A field that is not a number is
    refused under its name, and nothing is written."""
    require(store, Action.RECORD_OUTCOMES)
    record = booking(store, booking_id)
    if record.kind == BookingKind.STUDIO:
        fields: dict[str, Any] = {name: _count(getattr(results, name), name)
                                  for name in ("viewers", "peak_viewers", "orders")}
        fields["sales_krw"] = _amount(results.sales)
        if fields["viewers"] is not None and fields["peak_viewers"] is not None \
                and fields["peak_viewers"] > fields["viewers"]:
            raise ResultError("peak_viewers", "The peak concurrent viewers cannot exceed the viewers: check both "
                                              "figures in the channel's report.")
    else:
        fields = {"photos_delivered": _count(results.photos_delivered, "photos_delivered")}
    if results.note is not None:
        fields["note"] = results.note.strip()[:500]
    if any(v is not None for k, v in fields.items() if k != "note") and record.status == BookingStatus.BOOKED:
        fields["status"] = BookingStatus.HELD.value
    return _write(store, record, fields, "booking_results")


def _count(text: str | int | None, field: str) -> int | None:
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    cleaned = str(text).replace(",", "").replace(" ", "").removesuffix("명").removesuffix("건").removesuffix("장")
    if isinstance(text, bool) or not cleaned.isdigit() or int(cleaned) > MAX_COUNT:
        raise ResultError(field, f"The {field.replace('_', ' ')} '{text}' is not a count: type a whole number "
                                 "(e.g. 1200).")
    return int(cleaned)


def _amount(text: str | float | int | None) -> int | None:
    try:
        value = parse_amount(text, "sales")
    except AmountError as error:
        raise ResultError("sales", f"The sales '{text}' is not an amount: type won (e.g. 3200000 or 320만).") \
            from error
    return None if value is None else round(value)


def _write(store: EventStore, record: BookingRecord, fields: dict[str, Any], action: str) -> BookingsChanged:
    before = {name: getattr(record, name) for name in fields}
    with store.write() as conn:
        bookings_repo.update(conn, record.id, {**fields, **store.stamps(created=False)})
        audit_repo.append(conn, store.stamp, action, "booking", record.id,
                          {"kind": record.kind.value, "before": {k: _plain(v) for k, v in before.items()},
                           "after": fields})
    return BookingsChanged((record.kind.value,), bookings=(record.id,))


def _plain(value: object) -> object:
    return value.value if isinstance(value, BookingStatus) else value
