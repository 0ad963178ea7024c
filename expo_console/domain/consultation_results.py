"""The consultation zone's results (성과): what the organizers report to the ministry, summed up
from the meetings as they stand: consultations held, no-shows, the consultation amount (상담액)
and the contracts expected (계약추진액: how many, how much), by day, sector, buyer country and
exhibitor; the exhibitors without a meeting; the buyer company × exhibitor pairs with the most.

One pure function (`summarise`) makes every figure. The Results page, the PDF, the XLSX, the
daily traffic report's section and the command line all print its `Results`, so no two of them
can disagree. Rules, each the one the figures follow everywhere:

- Amounts count for meetings held only: an amount left on a meeting later marked a no-show or
  cancelled is not a result.
- A USD amount is converted from the figure typed, at the rate the report states (the event's
  rate when the report is made). A contract amount is kept in won as it was entered (the meeting
  does not keep the contract's own currency).
- An erased buyer's meetings still count, by their country (kept on the meeting); the pair is
  named "erased buyer", never by a person. Buyers appear by company, never by name.
- A buyer without a country is a domestic one (counted under Korea).
- An exhibitor's sector is its section (the floor plan's), else its first category.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from expo_console.domain.countries import country_code, country_names
from expo_console.domain.meeting_records import MeetingRecord, MeetingStatus, to_krw
from expo_console.domain.redaction import PSEUDONYM_PREFIX

if TYPE_CHECKING:  # booking_results builds on this module's names
    from expo_console.domain.booking_results import BookingResults

TOP_PAIRS = 10
WEEKDAYS_KO = "월화수목금토일"
WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")  # not strftime: Qt sets the C locale to the desk's
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class ExhibitorName:
    """An exhibitor as the results name it."""

    id: str
    name: str
    name_en: str = ""
    booth: str = ""
    sector: str = ""  # the sector's key: the section's code, else the first category
    sector_name: str = ""
    sector_name_en: str = ""
    days: frozenset[date] = frozenset()  # the days it attends (empty: every day)


@dataclass(frozen=True)
class BuyerCompany:
    """A buyer as the results name them: their company and country, never their name."""

    id: str
    company: str
    country: str = ""


@dataclass(frozen=True)
class Figures:
    held: int = 0
    no_show: int = 0
    cancelled: int = 0
    scheduled: int = 0  # still to come, or its outcome not entered yet
    amount_krw: int = 0  # 상담액, meetings held
    contracts: int = 0  # 계약추진 건수: held meetings with a contract expected
    contract_krw: int = 0  # 계약추진액

    @property
    def planned(self) -> int:
        """The meetings on the schedule (cancelled ones are not)."""
        return self.held + self.no_show + self.scheduled

    @property
    def no_show_share(self) -> float | None:
        """No-shows among the meetings whose outcome is known."""
        settled = self.held + self.no_show
        return self.no_show / settled if settled else None


class _Tally:
    def __init__(self) -> None:
        self.counts = {status: 0 for status in MeetingStatus}
        self.amount = self.contracts = self.contract = 0

    def add(self, record: MeetingRecord, usd_rate: float) -> None:
        self.counts[record.status] += 1
        if record.status == MeetingStatus.HELD:
            self.amount += amount_krw(record, usd_rate)
            if record.contract_expected:
                self.contracts += 1
                self.contract += record.contract_krw or 0

    def frozen(self) -> Figures:
        c = self.counts
        return Figures(c[MeetingStatus.HELD], c[MeetingStatus.NO_SHOW], c[MeetingStatus.CANCELLED],
                       c[MeetingStatus.SCHEDULED], self.amount, self.contracts, self.contract)


def amount_krw(record: MeetingRecord, usd_rate: float) -> int:
    """The meeting's consultation amount in won: a USD amount at `usd_rate` from the figure typed."""
    if record.amount_currency != "KRW" and record.amount_original is not None:
        return to_krw(record.amount_original, record.amount_currency, usd_rate)
    return record.amount_krw or 0


@dataclass(frozen=True)
class Line:
    """One row of a breakdown: a day, a sector, a country or an exhibitor."""

    key: str
    name: str
    name_en: str
    figures: Figures
    booth: str = ""  # an exhibitor's
    sector_name: str = ""  # an exhibitor's
    sector_name_en: str = ""


class Quiet(StrEnum):
    """Why an exhibitor has no meeting held."""

    NO_SHOWS = "no_shows"  # met nobody: every meeting a no-show or cancelled
    NOT_PLACED = "not_placed"  # asked for (or asking), but the schedule gave no meeting
    NOT_YET = "not_yet"  # meetings still to come (or their outcomes not entered)
    OTHER_DAYS = "other_days"  # a day's results: its meetings are on other days
    NOT_REQUESTED = "not_requested"  # no request named it, and no meeting


@dataclass(frozen=True)
class QuietExhibitor:
    exhibitor: ExhibitorName
    requests: int  # requests naming it, from either side (the whole event's)
    figures: Figures
    reason: Quiet

    @property
    def requested(self) -> bool:
        """Someone wanted to meet them and nothing came of it (yet): the complaint these events
        hear most. An exhibitor whose meetings are on other days is not one on this day."""
        return self.reason not in (Quiet.NOT_REQUESTED, Quiet.OTHER_DAYS)


@dataclass(frozen=True)
class Pair:
    """A buyer company and an exhibitor, with what their meetings came to."""

    company: str  # "" for an erased buyer, or a buyer who gave no company
    country: str  # the code
    erased: bool
    exhibitor: ExhibitorName
    figures: Figures


@dataclass(frozen=True)
class Results:
    day: date | None  # None: the whole event
    days: tuple[date, ...]  # the days the figures cover
    usd_rate: float  # KRW per USD, stated on the report
    totals: Figures
    usd_amount: float  # the USD amounts typed, before conversion (meetings held)
    usd_meetings: int
    by_day: tuple[Line, ...]
    by_sector: tuple[Line, ...]
    by_country: tuple[Line, ...]
    by_exhibitor: tuple[Line, ...]  # every exhibitor with a meeting on the schedule (or held)
    without_meeting: tuple[QuietExhibitor, ...]  # requested ones first
    top_pairs: tuple[Pair, ...]
    exhibitors: int  # exhibitors there (on the day, or at the event)
    buyers_met: int  # buyers (or erased buyers) with a meeting held
    erased_meetings: int  # meetings of buyers erased since, counted all the same
    requests: int = 0
    sectors: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    # the studio's and the photo corner's, when the event has bookings of the kind (the report
    # prints their sections then; services/consultations/results.report_results fills them)
    studio: BookingResults | None = None
    photo: BookingResults | None = None

    @property
    def exhibitors_met(self) -> int:
        return self.exhibitors - len(self.without_meeting)

    @property
    def requested_unmet(self) -> int:
        return sum(1 for q in self.without_meeting if q.requested)

    @property
    def has_consultations(self) -> bool:
        """Whether the report prints the consultations: meetings or requests, or no bookings
        either (an event with the studio alone skips empty consultation tables)."""
        t = self.totals
        return bool(t.planned + t.cancelled or self.requests) or (self.studio is None and self.photo is None)


def day_names(day: date) -> tuple[str, str]:
    return (f"{day.isoformat()} ({WEEKDAYS_KO[day.weekday()]})",
            f"{WEEKDAYS_EN[day.weekday()]} {day.day} {MONTHS_EN[day.month - 1]}")


def summarise(meetings: Iterable[MeetingRecord], exhibitors: Sequence[ExhibitorName],
              buyers: Sequence[BuyerCompany], requests: Mapping[str, int], days: Sequence[date],
              usd_rate: float, day: date | None = None, top: int = TOP_PAIRS) -> Results:
    """The results of `day` (None: every day in `days`) from the event's meetings (all of them:
    a day's results know which exhibitors meet on other days). `requests` counts the requests
    naming each exhibitor; `days` are the days with a consultation session."""
    every = list(meetings)
    records = [m for m in every if day is None or m.day == day]
    elsewhere = {m.exhibitor_id for m in every if m.day != day and m.status != MeetingStatus.CANCELLED}
    scope = (day,) if day is not None else tuple(sorted(set(days) | {m.day for m in records}))
    exhibitor_by_id = {e.id: e for e in exhibitors}
    buyer_by_id = {b.id: b for b in buyers}
    totals = _Tally()
    per_day: defaultdict[str, _Tally] = defaultdict(_Tally)
    per_sector: defaultdict[str, _Tally] = defaultdict(_Tally)
    per_country: defaultdict[str, _Tally] = defaultdict(_Tally)
    per_exhibitor: defaultdict[str, _Tally] = defaultdict(_Tally)
    per_pair: dict[tuple[str, str, str], _Tally] = defaultdict(_Tally)
    pair_buyer: dict[tuple[str, str, str], tuple[str, str, bool]] = {}
    usd_amount, usd_meetings, erased_meetings = 0.0, 0, 0
    buyers_met: set[str] = set()
    for m in records:
        exhibitor = exhibitor_by_id.get(m.exhibitor_id) or ExhibitorName(m.exhibitor_id, m.exhibitor_id)
        buyer = buyer_by_id.get(m.buyer_id)
        erased = m.buyer_id.startswith(PSEUDONYM_PREFIX)
        erased_meetings += erased
        country = country_code(m.buyer_country or (buyer.country if buyer else ""))
        for tally in (totals, per_day[m.day.isoformat()], per_sector[exhibitor.sector], per_country[country],
                      per_exhibitor[exhibitor.id]):
            tally.add(m, usd_rate)
        company = buyer.company.strip() if buyer else ""
        pair = (company or m.buyer_id, country, exhibitor.id)  # a company's buyers are one pair
        per_pair[pair].add(m, usd_rate)
        pair_buyer[pair] = (company, country, erased)
        if m.status == MeetingStatus.HELD:
            buyers_met.add(m.buyer_id)
            if m.amount_currency == "USD" and m.amount_original is not None:
                usd_amount += m.amount_original
                usd_meetings += 1
    present = [e for e in exhibitors if day is None or not e.days or day in e.days]
    present_ids = {e.id for e in present}
    present += [exhibitor_by_id.get(i) or ExhibitorName(i, i) for i in per_exhibitor if i not in present_ids]
    sectors: dict[str, tuple[str, str]] = {}
    for e in exhibitors:  # a category that is a section's code is named as the section is
        if e.sector_name or e.sector not in sectors:
            sectors[e.sector] = (e.sector_name or e.sector, e.sector_name_en or e.sector_name or e.sector)
    return Results(
        day, scope, usd_rate, totals.frozen(), usd_amount, usd_meetings,
        tuple(Line(d.isoformat(), *day_names(d), per_day[d.isoformat()].frozen()) for d in scope),
        _ranked(Line(key, *sector_names(sectors, key), tally.frozen()) for key, tally in per_sector.items()),
        _ranked(Line(code, *country_names(code), tally.frozen()) for code, tally in per_country.items()),
        _ranked(Line(e.id, e.name, e.name_en or e.name, per_exhibitor[e.id].frozen(), e.booth, e.sector_name,
                     e.sector_name_en) for e in present if e.id in per_exhibitor),
        _quiet(present, per_exhibitor, requests, elsewhere if day is not None else set()),
        _top_pairs(per_pair, pair_buyer, exhibitor_by_id, top),
        len(present), len(buyers_met), erased_meetings, sum(requests.values()), sectors)


def sector_names(sectors: Mapping[str, tuple[str, str]], key: str) -> tuple[str, str]:
    if not key:
        return "미분류", "Unclassified"
    return sectors.get(key, (key, key))


def _ranked(lines: Iterable[Line]) -> tuple[Line, ...]:
    """The most first: amount, then contracts, then meetings held, then by name."""
    return tuple(sorted(lines, key=lambda line: (-line.figures.amount_krw, -line.figures.contract_krw,
                                                 -line.figures.held, -line.figures.planned, line.name)))


def _quiet(present: Sequence[ExhibitorName], per_exhibitor: Mapping[str, _Tally], requests: Mapping[str, int],
           elsewhere: set[str]) -> tuple[QuietExhibitor, ...]:
    found = []
    for exhibitor in present:
        figures = per_exhibitor[exhibitor.id].frozen() if exhibitor.id in per_exhibitor else Figures()
        if figures.held:
            continue
        asked = requests.get(exhibitor.id, 0)
        if figures.scheduled:
            reason = Quiet.NOT_YET
        elif figures.no_show or figures.cancelled:
            reason = Quiet.NO_SHOWS
        elif exhibitor.id in elsewhere:
            reason = Quiet.OTHER_DAYS
        elif asked:
            reason = Quiet.NOT_PLACED
        else:
            reason = Quiet.NOT_REQUESTED
        found.append(QuietExhibitor(exhibitor, asked, figures, reason))
    order = list(Quiet)
    return tuple(sorted(found, key=lambda q: (order.index(q.reason), -q.requests, q.exhibitor.booth or "~",
                                              q.exhibitor.name)))


def _top_pairs(per_pair: Mapping[tuple[str, str, str], _Tally],
               pair_buyer: Mapping[tuple[str, str, str], tuple[str, str, bool]],
               exhibitor_by_id: Mapping[str, ExhibitorName], top: int) -> tuple[Pair, ...]:
    pairs = []
    for key, tally in per_pair.items():
        figures = tally.frozen()
        if figures.amount_krw <= 0 and figures.contract_krw <= 0:
            continue  # a pair is ranked by what it came to: nothing entered, nothing to rank
        company, country, erased = pair_buyer[key]
        exhibitor = exhibitor_by_id.get(key[2]) or ExhibitorName(key[2], key[2])
        pairs.append(Pair(company, country, erased, exhibitor, figures))
    pairs.sort(key=lambda p: (-p.figures.amount_krw, -p.figures.contract_krw, -p.figures.held, p.company,
                              p.exhibitor.name))
    return tuple(pairs[:top])
