"""What came of each meeting, entered at the coordinator's desk: the buyer's arrival, held /
no-show / cancelled, the consultation amount (상담액, KRW or USD at the event's rate), whether a
contract is expected and for how much (계약추진액), and a follow-up note.

Every edit is one audited entry naming the fields it changed, with their values before and
after, so the results report can always be traced back to who entered what.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from expo_console.domain.access import Action
from expo_console.domain.meeting_records import (
    CURRENCIES,
    AmountError,
    MeetingRecord,
    MeetingStatus,
    parse_amount,
    to_krw,
)
from expo_console.services import event_settings
from expo_console.services.access import require
from expo_console.services.changes import MeetingsChanged
from expo_console.services.consultations.schedule import meeting
from expo_console.storage import audit_repo, meetings_repo
from expo_console.storage.connection import EventStore, utc_now

_KEEP: Any = object()  # a field the caller leaves as it is


@dataclass(frozen=True)
class Outcome:
    """An outcome as typed: None / '' clears an amount; `_KEEP` leaves a field alone."""

    status: MeetingStatus | None = None
    amount: str | float | int | None = _KEEP
    currency: str = "KRW"
    contract_expected: bool | None = None
    contract: str | float | int | None = _KEEP
    note: str | None = None


USD_RATE_RANGE = (100.0, 10_000.0)  # won per dollar: beyond these a rate is a typo


class RateError(ValueError):
    """An exchange rate refused, with what to type."""


def usd_rate(store: EventStore) -> float:
    return event_settings.get(store, event_settings.CONSULT_USD_RATE)


def set_usd_rate(store: EventStore, rate: str | float) -> MeetingsChanged:
    """The event's exchange rate for consultation amounts typed in dollars (won per USD; '1,350'
    is read too), audited as an event setting. The results convert the amounts typed in dollars
    at it; the won kept with each meeting is that of the rate when it was entered."""
    require(store, Action.CHANGE_SETTINGS)
    try:
        value = float(str(rate).replace(",", "").replace("₩", "").strip())
    except ValueError:
        raise RateError(f"The rate '{rate}' is not a number: type won per dollar, e.g. 1350.") from None
    low, high = USD_RATE_RANGE
    if not low <= value <= high:
        raise RateError(f"A rate of {value:,.2f} won per dollar is out of range: type one between {low:,.0f} and "
                        f"{high:,.0f} (e.g. 1350).")
    with store.write() as conn:
        event_settings.put_in(conn, store.stamp, event_settings.CONSULT_USD_RATE, value)
    return MeetingsChanged(setup=True)


def mark_arrived(store: EventStore, meeting_id: str, arrived: bool = True) -> MeetingsChanged:
    """The buyer is at the table (or that was a mistake). Arrival alone does not make the
    meeting held: the coordinator records that with its outcome."""
    require(store, Action.RECORD_OUTCOMES)
    record = meeting(store, meeting_id)
    fields: dict[str, Any] = {"arrived_at": utc_now() if arrived else None}
    if record.status == MeetingStatus.NO_SHOW:  # a buyer marked no-show who turns up after all
        fields["status"] = MeetingStatus.SCHEDULED.value
    return _write(store, record, fields, "meeting_arrived" if arrived else "meeting_arrival_undone")


def mark_no_show(store: EventStore, meeting_id: str) -> MeetingsChanged:
    return record_outcome(store, meeting_id, Outcome(status=MeetingStatus.NO_SHOW))


def record_outcome(store: EventStore, meeting_id: str, outcome: Outcome) -> MeetingsChanged:
    """Amounts that are not numbers are refused with the field named (AmountError); nothing is
    written then."""
    require(store, Action.RECORD_OUTCOMES)
    record = meeting(store, meeting_id)
    fields: dict[str, Any] = {}
    if outcome.currency not in CURRENCIES:
        raise AmountError("currency", outcome.currency)
    rate = usd_rate(store)
    if outcome.amount is not _KEEP:
        value = parse_amount(outcome.amount, "consultation amount")
        fields["amount_currency"] = outcome.currency
        fields["amount_original"] = value
        fields["amount_krw"] = None if value is None else to_krw(value, outcome.currency, rate)
    if outcome.contract is not _KEEP:
        value = parse_amount(outcome.contract, "contract amount")
        fields["contract_krw"] = None if value is None else to_krw(value, outcome.currency, rate)
        if value:
            fields["contract_expected"] = 1
    if outcome.contract_expected is not None:
        fields["contract_expected"] = int(outcome.contract_expected)
        if not outcome.contract_expected:
            fields["contract_krw"] = None
    if outcome.note is not None:
        fields["note"] = outcome.note.strip()
    status = outcome.status
    if status is None and (fields.get("amount_krw") or fields.get("contract_expected")):
        status = MeetingStatus.HELD  # an amount is only ever the result of a meeting held
    if status is not None:
        fields["status"] = status.value
        if status == MeetingStatus.HELD and record.arrived_at is None:
            fields["arrived_at"] = utc_now()
    return _write(store, record, fields, "meeting_outcome")


def _write(store: EventStore, record: MeetingRecord, fields: dict[str, Any], action: str) -> MeetingsChanged:
    before = _values(record)
    changed = {k: v for k, v in fields.items() if before.get(k) != v}
    if not changed:
        return MeetingsChanged()
    with store.write() as conn:
        meetings_repo.update(conn, record.id, {**changed, **store.stamps(created=False)})
        audit_repo.append(conn, store.stamp, action, "meeting", record.id,
                          {"before": {k: before.get(k) for k in changed}, "after": changed})
    return MeetingsChanged(meetings=(record.id,))


def _values(record: MeetingRecord) -> dict[str, Any]:
    return {"status": record.status.value, "arrived_at": record.arrived_at, "amount_krw": record.amount_krw,
            "amount_currency": record.amount_currency, "amount_original": record.amount_original,
            "contract_expected": int(record.contract_expected), "contract_krw": record.contract_krw,
            "note": record.note}

