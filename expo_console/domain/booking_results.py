"""The studio's and the photo corner's results (성과), beside the consultations' in the results
report: broadcasts booked, held, no-shows and cancelled, the viewers, peak concurrent viewers,
orders and sales the channels reported, by day, by exhibitor, by sector and by channel, the top
broadcasts by sales; shoots held and photos delivered; the exhibitors served out of those who
asked.

One pure function (`summarise_bookings`) makes every figure, for either kind, so the Results
page, the PDF, the XLSX, the daily traffic report's studio section and the command line print
the same numbers. The rules:

- Results count for bookings held only, as the consultations' amounts do: figures left on a
  booking later marked a no-show or cancelled are not a result.
- Viewers, orders, sales and photos add up; the peak concurrent viewers of a line is its
  highest broadcast's peak (the peaks of two broadcasts are not one audience), beside the
  average peak of the broadcasts that reported one.
- An exhibitor is served when it was given a slot, whatever became of it (held, booked, a
  no-show or cancelled); it asked when it has a request (a day's: a request for any time, or
  with a preferred time on that day). Those who asked and have no booking are the waiting list.
- An exhibitor's sector is its section's name (unclassified without one), as the consultations'.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time

from expo_console.domain.booking_records import BookingRecord, BookingStatus, RequestRecord
from expo_console.domain.bookings import BookingKind
from expo_console.domain.consultation_results import ExhibitorName, day_names, sector_names

TOP_BROADCASTS = 10


@dataclass(frozen=True)
class BookingFigures:
    held: int = 0
    no_show: int = 0
    cancelled: int = 0
    booked: int = 0  # still to come, or its outcome not entered yet
    reported: int = 0  # held broadcasts with a peak entered (the average peak's count)
    viewers: int = 0
    peak_viewers: int = 0  # the highest peak among the broadcasts
    peak_sum: int = 0
    orders: int = 0
    sales_krw: int = 0
    photos: int = 0  # photos delivered

    @property
    def planned(self) -> int:
        """The bookings on the schedule (cancelled ones are not)."""
        return self.held + self.no_show + self.booked

    @property
    def average_peak(self) -> int | None:
        return round(self.peak_sum / self.reported) if self.reported else None

    @property
    def no_show_share(self) -> float | None:
        settled = self.held + self.no_show
        return self.no_show / settled if settled else None


class _Tally:
    def __init__(self) -> None:
        self.counts = {status: 0 for status in BookingStatus}
        self.reported = self.viewers = self.peak = self.peak_sum = self.orders = self.sales = self.photos = 0

    def add(self, record: BookingRecord) -> None:
        self.counts[record.status] += 1
        if record.status != BookingStatus.HELD:
            return
        self.viewers += record.viewers or 0
        if record.peak_viewers is not None:
            self.reported += 1
            self.peak_sum += record.peak_viewers
            self.peak = max(self.peak, record.peak_viewers)
        self.orders += record.orders or 0
        self.sales += record.sales_krw or 0
        self.photos += record.photos_delivered or 0

    def frozen(self) -> BookingFigures:
        c = self.counts
        return BookingFigures(c[BookingStatus.HELD], c[BookingStatus.NO_SHOW], c[BookingStatus.CANCELLED],
                              c[BookingStatus.BOOKED], self.reported, self.viewers, self.peak, self.peak_sum,
                              self.orders, self.sales, self.photos)


@dataclass(frozen=True)
class BookingLine:
    """One row of a breakdown: a day, a sector, a channel or an exhibitor."""

    key: str
    name: str
    name_en: str
    figures: BookingFigures
    booth: str = ""  # an exhibitor's
    sector_name: str = ""  # an exhibitor's
    sector_name_en: str = ""


@dataclass(frozen=True)
class BookingItem:
    """One broadcast or shoot, with what the channel reported (results only when held)."""

    id: str
    day: date
    starts: time
    ends: time
    resource: str  # the set's or corner's name, else its number
    exhibitor: ExhibitorName
    channel: str
    status: BookingStatus
    viewers: int | None = None
    peak_viewers: int | None = None
    orders: int | None = None
    sales_krw: int | None = None
    photos: int | None = None


@dataclass(frozen=True)
class BookingResults:
    kind: BookingKind
    day: date | None  # None: the whole event
    days: tuple[date, ...]
    totals: BookingFigures
    by_day: tuple[BookingLine, ...]
    by_sector: tuple[BookingLine, ...]
    by_channel: tuple[BookingLine, ...]  # a studio's; a shoot has no channel
    by_exhibitor: tuple[BookingLine, ...]  # every exhibitor with a booking
    items: tuple[BookingItem, ...]  # every booking but the cancelled, in time order
    top: tuple[BookingItem, ...]  # held, ranked by sales, then orders, then viewers (photos for shoots)
    asked: int  # exhibitors with a request
    served: int  # exhibitors given a slot (whether they asked or the desk booked them)
    exhibitors_held: int  # exhibitors with a booking held
    not_served: tuple[ExhibitorName, ...]  # asked, and given no slot: the waiting list's companies
    requests: int


def summarise_bookings(kind: BookingKind, bookings: Iterable[BookingRecord], requests: Iterable[RequestRecord],
                       exhibitors: Sequence[ExhibitorName], days: Sequence[date], day: date | None = None, *,
                       resource_names: Mapping[int, str] | None = None, top: int = TOP_BROADCASTS) -> BookingResults:
    """The results of `day` (None: every day in `days`, the days with a session) from the kind's
    bookings and requests."""
    records = [b for b in bookings if day is None or b.day == day]
    every_request = list(requests)
    wanted = [r for r in every_request if day is None or not r.windows or any(w.day == day for w in r.windows)]
    scope = (day,) if day is not None else tuple(sorted(set(days) | {b.day for b in records}))
    exhibitor_by_id = {e.id: e for e in exhibitors}
    channel_of = {r.id: r.channel.strip() for r in every_request}
    names = resource_names or {}
    totals = _Tally()
    per: dict[str, defaultdict[str, _Tally]] = {k: defaultdict(_Tally) for k in ("day", "sector", "channel", "exhibitor")}
    items = []
    for b in sorted(records, key=lambda b: (b.day, b.starts, b.resource)):
        exhibitor = exhibitor_by_id.get(b.exhibitor_id) or ExhibitorName(b.exhibitor_id, b.exhibitor_id)
        channel = channel_of.get(b.request_id or "", "") if kind == BookingKind.STUDIO else ""
        tallies = [totals, per["day"][b.day.isoformat()], per["sector"][exhibitor.sector],
                   per["exhibitor"][exhibitor.id]]
        if kind == BookingKind.STUDIO:
            tallies.append(per["channel"][channel])
        for tally in tallies:
            tally.add(b)
        if b.status != BookingStatus.CANCELLED:
            held = b.status == BookingStatus.HELD
            items.append(BookingItem(b.id, b.day, b.starts, b.ends, names.get(b.resource) or str(b.resource),
                                     exhibitor, channel, b.status,
                                     *((b.viewers, b.peak_viewers, b.orders, b.sales_krw, b.photos_delivered)
                                       if held else ())))
    sectors = {e.sector: (e.sector_name or e.sector, e.sector_name_en or e.sector_name or e.sector) for e in exhibitors}
    given = {b.exhibitor_id for b in records}
    asking = {r.exhibitor_id for r in wanted}
    return BookingResults(
        kind, day, scope, totals.frozen(),
        tuple(BookingLine(d.isoformat(), *day_names(d), per["day"][d.isoformat()].frozen()) for d in scope),
        _ranked(BookingLine(key, *sector_names(sectors, key), t.frozen()) for key, t in per["sector"].items()),
        _ranked(BookingLine(key, key or "미기재", key or "Not given", t.frozen()) for key, t in per["channel"].items()),
        _ranked(_exhibitor_line(exhibitor_by_id.get(key) or ExhibitorName(key, key), t.frozen())
                for key, t in per["exhibitor"].items()),
        tuple(items), _top(items, kind, top), len(asking), len(given),
        len({b.exhibitor_id for b in records if b.status == BookingStatus.HELD}),
        tuple(sorted((exhibitor_by_id.get(e) or ExhibitorName(e, e) for e in asking - given),
                     key=lambda e: (e.booth or "~", e.name))),
        len(wanted))


def _exhibitor_line(e: ExhibitorName, figures: BookingFigures) -> BookingLine:
    return BookingLine(e.id, e.name, e.name_en or e.name, figures, e.booth, e.sector_name, e.sector_name_en)


def _ranked(lines: Iterable[BookingLine]) -> tuple[BookingLine, ...]:
    """The most first: sales, then orders, viewers, photos, bookings held, then by name."""
    return tuple(sorted(lines, key=lambda line: (-line.figures.sales_krw, -line.figures.orders, -line.figures.viewers,
                                                 -line.figures.photos, -line.figures.held, -line.figures.planned,
                                                 line.name)))


def _top(items: Sequence[BookingItem], kind: BookingKind, top: int) -> tuple[BookingItem, ...]:
    if kind == BookingKind.PHOTO:
        ranked = [i for i in items if i.photos]
        ranked.sort(key=lambda i: (-(i.photos or 0), i.day, i.starts))
    else:  # a broadcast is ranked by what it came to: nothing entered, nothing to rank
        ranked = [i for i in items if i.sales_krw or i.orders or i.viewers]
        ranked.sort(key=lambda i: (-(i.sales_krw or 0), -(i.orders or 0), -(i.viewers or 0), i.day, i.starts))
    return tuple(ranked[:top])
