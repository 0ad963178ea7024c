"""A consultation meeting as the event keeps it: where and when, who, and what came of it.

`domain/consultations.py` is what the solver reads and writes (a `Meeting` is a placement);
this is the meeting as a record with its id, its state on the day and its outcome, and the
arithmetic of amounts: an amount is kept in KRW, with the currency and the figure it was typed
in, so a USD amount keeps what the buyer said and the report adds KRW at the event's rate.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, time
from enum import StrEnum

from expo_console.domain.consultations import Meeting, Slot

DEFAULT_USD_RATE = 1300.0  # KRW per USD until the organizer sets the event's rate
CURRENCIES = ("KRW", "USD")
MAX_AMOUNT_KRW = 10 ** 13  # ten trillion won: beyond any SME consultation, a typo past it


class MeetingStatus(StrEnum):
    SCHEDULED = "scheduled"
    HELD = "held"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"


class Origin(StrEnum):
    SOLVER = "solver"  # placed by a solve
    OPERATOR = "operator"  # placed or moved by hand in the grid
    WALK_IN = "walk_in"  # placed on the day from the live board
    WAITING_LIST = "waiting_list"  # a studio or photo slot freed on the day, given to the waiting list


@dataclass(frozen=True)
class MeetingRecord:
    id: str
    day: date
    starts: time
    ends: time
    table: int
    buyer_id: str
    exhibitor_id: str
    interpreter_id: str | None = None
    buyer_country: str = ""
    origin: Origin = Origin.SOLVER
    fixed: bool = False
    status: MeetingStatus = MeetingStatus.SCHEDULED
    arrived_at: str | None = None  # UTC ISO-8601, when the buyer was seen at the zone
    amount_krw: int | None = None
    amount_currency: str = "KRW"
    amount_original: float | None = None
    contract_expected: bool = False
    contract_krw: int | None = None
    note: str = ""

    @property
    def slot(self) -> Slot:
        return Slot(self.day, self.starts, self.ends)

    @property
    def settled(self) -> bool:
        """Something happened to it on the day: a new solve keeps it where it is."""
        return self.status != MeetingStatus.SCHEDULED or self.arrived_at is not None

    def as_placement(self) -> Meeting:
        return Meeting(self.buyer_id, self.exhibitor_id, self.slot, self.table, self.interpreter_id,
                       fixed=self.fixed or self.settled)


class AmountError(ValueError):
    """An amount that is not a number: names the field, says what to type."""

    def __init__(self, field: str, text: str) -> None:
        super().__init__(f"The {field} '{text}' is not an amount: type a number of won (e.g. 15000000 or "
                         f"1,500만) or of dollars with the USD currency (e.g. 12000).")
        self.field = field
        self.text = text


def parse_amount(text: str | float | int | None, field: str = "amount") -> float | None:
    """A typed amount as a number: '15,000,000', '1500만', '1.2억', '₩3,000', '$12,000', 12000.
    Empty is None (no amount). Anything else, a negative amount or an absurd one is AmountError."""
    if text is None:
        return None
    if isinstance(text, bool):
        raise AmountError(field, str(text))
    if isinstance(text, int | float):
        value = float(text)
    else:
        cleaned = re.sub(r"[\s,₩$원]|KRW|USD|krw|usd", "", text)
        if not cleaned:
            return None
        value = _korean_units(cleaned, field, text)
    if not math.isfinite(value) or value < 0 or value > MAX_AMOUNT_KRW:
        raise AmountError(field, str(text))
    return value


def _korean_units(cleaned: str, field: str, original: str) -> float:
    """'1억2천만' → 120,000,000; '1.2억', '1500만', a plain number as it is."""
    try:
        total, rest = 0.0, cleaned
        for unit, size in (("억", 100_000_000), ("만", 10_000)):
            if unit in rest:
                head, rest = rest.split(unit, 1)
                total += _below_ten_thousand(head or "1") * size
        return total + (_below_ten_thousand(rest) if rest else 0.0)
    except ValueError:
        raise AmountError(field, original) from None


def _below_ten_thousand(text: str) -> float:
    if "천" in text:
        head, rest = text.split("천", 1)
        return float(head or 1) * 1000 + (float(rest) if rest else 0.0)
    return float(text)


def to_krw(value: float, currency: str, usd_rate: float) -> int:
    """The amount in whole won at the event's rate (KRW per USD)."""
    if currency == "KRW":
        return round(value)
    if currency == "USD":
        return round(value * usd_rate)
    raise ValueError(f"Unknown currency {currency!r}: use KRW or USD.")
