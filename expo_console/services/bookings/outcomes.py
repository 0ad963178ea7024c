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


KEEP: Any = object()  # a field the caller leaves as it is (another desk may have entered it)


@dataclass(frozen=True)
class Results:
    """Results as typed at the desk: '' or None clears a field, a field not given (KEEP) stays as
    stored, so a desk saving the orders does not blank the sales another desk entered. A
    broadcast has the first four, a shoot the photos delivered."""

    viewers: str | int | None = KEEP
    peak_viewers: str | int | None = KEEP
    orders: str | int | None = KEEP
    sales: str | float | int | None = KEEP  # won: '3,200,000', '320만'
    photos_delivered: str | int | None = KEEP
    note: str | None = KEEP


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


def record_results(store: EventStore, booking_id: str, results: Results,
                   status: BookingStatus | None = None) -> BookingsChanged:
    """Store the results, and the status when given, in one write: every field is checked first,
    so a refused one (named in ResultError.field) writes nothing. A booking given figures and
    no other status is held."""
    require(store, Action.RECORD_OUTCOMES)
    record = booking(store, booking_id)
    names = ("viewers", "peak_viewers", "orders") if record.kind == BookingKind.STUDIO else ("photos_delivered",)
    fields: dict[str, Any] = {name: _count(getattr(results, name), name) for name in names
                              if getattr(results, name) is not KEEP}
    if record.kind == BookingKind.STUDIO and results.sales is not KEEP:
        fields["sales_krw"] = _amount(results.sales)
    viewers, peak = fields.get("viewers", record.viewers), fields.get("peak_viewers", record.peak_viewers)
    if viewers is not None and peak is not None and peak > viewers:
        raise ResultError("peak_viewers", "The peak concurrent viewers cannot exceed the viewers: check both "
                                          "figures in the channel's report.")
    if results.note is not KEEP:
        fields["note"] = (results.note or "").strip()[:500]
    figures = any(v is not None for k, v in fields.items() if k != "note")
    new_status = status or (BookingStatus.HELD if figures and record.status == BookingStatus.BOOKED else None)
    if new_status is not None and new_status != record.status:
        if new_status in (BookingStatus.BOOKED, BookingStatus.HELD) and not record.occupies:
            _slot_still_free(store, record)
        fields["status"] = new_status.value
    if not fields:
        return BookingsChanged((record.kind.value,), bookings=(booking_id,))
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
                          {"kind": record.kind.value, "before": _audited({k: _plain(v) for k, v in before.items()}),
                           "after": _audited(fields)})
    return BookingsChanged((record.kind.value,), bookings=(record.id,))


def _audited(values: dict[str, Any]) -> dict[str, Any]:
    """What the access records keep of a change: a note is free text that may name a person (the
    purge could not find it there), so only that it was written is kept."""
    return {k: (NOTE_WRITTEN if k == "note" and v else v) for k, v in values.items()}


NOTE_WRITTEN = "(note)"


def _plain(value: object) -> object:
    return value.value if isinstance(value, BookingStatus) else value
