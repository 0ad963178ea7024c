"""What importing a studio or photo booking request list would do, row by row, before anything is
written.

Each row is one request: the exhibitor (found by the consultations' rules, request_matching.py:
Korean or English name without its legal form, or booth number; the closest names when none is),
the preferred times (domain/booking_cells.py), the products, host, channel, priority, when it was
asked, a note. A problem costs what it is about and is reported with the row and the column; a
row is skipped only when it names no exhibitor of the event, when its times cannot be read at all
(taking any time would not be what was asked), or when it repeats an earlier row.

**The key.** Importing the same list again updates its requests rather than adding them twice: a
request is the same when its exhibitor, its request time (신청일시) and its products agree
(products compared without case, spaces or punctuation). A list without a request-time column
orders its rows by the file's order, and a row then matches the request of the same exhibitor and
products that the event holds, which keeps its request time. Requests are added or updated, never
removed; columns the list does not have leave what the event holds.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from expo_console.domain.access import Action
from expo_console.domain.booking_cells import canonical_channel, parse_preferred, parse_priority
from expo_console.domain.bookings import (
    KIND_DEFAULTS,
    BookingKind,
    BookingRequest,
    Window,
    slots_for,
    window_text,
)
from expo_console.domain.ids import new_id
from expo_console.domain.list_times import parse_list_time
from expo_console.domain.request_cells import parse_days
from expo_console.domain.text import clean_text, identity_key
from expo_console.services.access import require
from expo_console.services.bookings import request_columns as columns
from expo_console.services.bookings import setup as setup_service
from expo_console.services.bookings.requests import TEXT_LIMIT
from expo_console.services.consultations.request_matching import Directory, Found
from expo_console.services.importing.request_lists import (
    ListPlan,
    ListPreview,
    ListReading,
    RowIssue,
    RowPreview,
)
from expo_console.services.progress import CancelFlag, ProgressCallback, no_progress
from expo_console.services.traffic.counting import event_zone
from expo_console.storage import bookings_repo, consultations_repo
from expo_console.storage.connection import EventStore

ADD, UPDATE, UNCHANGED = "add", "update", "unchanged"
# What a request holds besides its exhibitor, as the repository names it.
VALUE_FIELDS = ("windows_json", "products", "host", "channel", "priority", "requested_at", "note")
TIME_CELL_LENGTH = 300  # several preferred times in one cell; no list writes more
_FIELD_OF_COLUMN = {columns.PRODUCTS: "products", columns.HOST: "host", columns.CHANNEL: "channel",
                    columns.PRIORITY: "priority", columns.REQUESTED_AT: "requested_at", columns.NOTE: "note"}


@dataclass(frozen=True)
class PlannedBookingRequest:
    request_id: str  # the held request's id for an update; a new id for an addition
    exhibitor_id: str
    values: dict[str, Any]  # every VALUE_FIELDS entry, as it will be stored
    action: str
    row: int


@dataclass
class BookingRequestPreview(ListPreview):
    kind: BookingKind = BookingKind.STUDIO
    requests: list[PlannedBookingRequest] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for r in self.requests if r.action == action)

    def summary(self) -> dict[str, int]:
        return {"rows": self.rows_read, "added": self.count(ADD), "updated": self.count(UPDATE),
                "unchanged": self.count(UNCHANGED), "rows_skipped": self.rows_skipped,
                "problems": self.problems_total}


def preview_booking_requests(store: EventStore, kind: BookingKind, plan: ListPlan, *,
                             progress: ProgressCallback = no_progress,
                             cancel: CancelFlag | None = None) -> BookingRequestPreview:
    """What the import of `plan` as `kind` requests would add, update and skip, with every row's problems."""
    require(store, Action.PLAN_MEETINGS)
    loaded = setup_service.load(store, kind)
    directory = Directory((), consultations_repo.exhibitors(store.conn))
    held = bookings_repo.requests(store.conn, kind.value)
    reading = _Reading(plan, kind, directory, loaded, held, event_zone(store))
    reading.run(progress, cancel)
    reading.preview.suggestions_skipped = directory.suggestions_skipped
    return reading.preview


class _Reading(ListReading):
    preview: BookingRequestPreview

    def __init__(self, plan: ListPlan, kind: BookingKind, directory: Directory, loaded: setup_service.BookingSetup,
                 held: list[dict[str, Any]], zone: dt.tzinfo) -> None:
        super().__init__(plan, BookingRequestPreview(kind=kind, shapes=plan.shapes))
        self.directory, self.loaded, self.zone = directory, loaded, zone
        self.at = {f: i for i, f in plan.mapping.items() if ":" not in f}
        self.numbered = columns.numbered_columns(plan.mapping)
        self.slot_minutes = loaded.sessions[0].slot_minutes if loaded.sessions else KIND_DEFAULTS[kind].slot_minutes
        self.slots = loaded.slots
        self.started = dt.datetime.now(dt.UTC).replace(microsecond=0)  # the row order's clock
        self.held_by_key = {(r["exhibitor_id"], r["requested_at"], identity_key(r["products"])): r for r in held}
        self.held_by_products: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        for r in held:
            self.held_by_products[(r["exhibitor_id"], identity_key(r["products"]))].append(r)
        self.seen: dict[tuple[str, str | None, str], int] = {}  # key → first row
        self.taken: set[str] = set()  # held requests an earlier row of the file matched

    def read_row(self, row: list[str], number: int) -> RowPreview:
        problems: list[RowIssue] = []

        def problem(code: str, column: str = "", found: Found | None = None, **params: str) -> None:
            if found is not None:
                problems.append(RowIssue(number, found.code, found.params, found.suggestions, column))
            else:
                problems.append(RowIssue(number, code, tuple(params.items()), (), column))

        name = self.cell(row, self.at.get(columns.EXHIBITOR))
        booth = self.cell(row, self.at.get(columns.BOOTH))
        if not name and not booth:
            problem("booking_request_exhibitor_missing")
            return RowPreview(number, "", 0, tuple(problems))
        found = self.directory.exhibitor(name or booth)
        if found.id is None and name and booth:  # a misspelt name with its booth number: the booth says
            found = by_booth if (by_booth := self.directory.exhibitor(booth)).id is not None else found
        if found.id is None:
            problem("", self.plan.header_of(columns.EXHIBITOR if name else columns.BOOTH), found)
        windows = self._windows(row, problem)
        given = self._values(row, number, windows or (), problem)  # every problem of the row, at once
        if found.id is None:
            return RowPreview(number, name or booth, 0, tuple(problems))
        self.found_any = True
        who = self.directory.exhibitor_names.get(found.id, name)
        if windows is None:
            return RowPreview(number, who, 0, tuple(problems))
        planned = self._planned(found.id, given, number, problem)
        if planned is not None:
            self.preview.requests.append(planned)
        return RowPreview(number, who, int(planned is not None), tuple(problems))

    # -- the row's cells --------------------------------------------------------------------------

    def _days(self, row: list[str], index: int | None, problem: Any) -> tuple[dt.date, ...] | None:
        """The days a day cell names (() when empty); None, said, when it names no day of the event."""
        text = self.cell(row, index)
        named = parse_days(text, self.loaded.days) if text else ()
        if named is None:
            problem("booking_day_unknown", self.plan.header_text(index or 0), value=text)
        return named

    def _windows(self, row: list[str], problem: Any) -> tuple[Window, ...] | None:
        """The preferred times, or None when the row must be skipped for them. A time takes the
        day of its own day column (1지망 날짜 beside 1지망 시간), else the list's day column."""
        plain = self._days(row, self.at.get(columns.DAY), problem)
        if plain is None:
            return None
        cells: list[tuple[int, str, tuple[dt.date, ...]]] = []
        whole_days: list[dt.date] = []
        for time_index, day_index in ((self.at.get(columns.TIME), None), *self.numbered):
            days = self._days(row, day_index, problem) if day_index is not None else ()
            if days is None:
                return None
            text = self.cell(row, time_index, TIME_CELL_LENGTH)
            if text and time_index is not None:
                cells.append((time_index, text, days or plain))
            else:
                whole_days += days
        if not cells and not whole_days:
            return tuple(Window(day) for day in plain)
        windows = [Window(day) for day in whole_days]
        unread: list[tuple[int, str]] = []
        for index, text, days in cells:
            read, left = parse_preferred(text, self.loaded.days, days=days, slot_minutes=self.slot_minutes)
            windows += read
            unread += [(index, part) for part in left]
            if not read and not left:  # '무관': any time
                return ()
        code = "booking_time_unreadable" if windows else "booking_time_unreadable_skipped"
        for index, part in unread:
            problem(code, self.plan.header_text(index), value=part)
        if not windows:
            return None
        windows = sorted(set(windows))
        if self.slots and not slots_for(BookingRequest("", "", tuple(windows)), self.slots):
            problem("booking_no_slot_in_times", value=window_text(windows[:3]))
        return tuple(windows)

    def _text(self, row: list[str], column: str, problem: Any) -> str:
        index = self.at.get(column)
        if index is None or index >= len(row):
            return ""
        cleaned = clean_text(row[index][:TEXT_LIMIT * 4], TEXT_LIMIT)
        if cleaned.truncated:
            problem("booking_text_shortened", self.plan.header_text(index), length=str(TEXT_LIMIT))
        return cleaned.value

    def _values(self, row: list[str], number: int, windows: tuple[Window, ...], problem: Any) -> dict[str, Any]:
        """The values the row gives, by repository field; absent columns are absent here."""
        given: dict[str, Any] = {}
        if self.numbered or columns.DAY in self.at or columns.TIME in self.at:  # a list without times keeps the held ones
            given["windows_json"] = setup_service.windows_to_json(windows)
        for column in (columns.PRODUCTS, columns.HOST, columns.NOTE):
            if column in self.at:
                given[_FIELD_OF_COLUMN[column]] = self._text(row, column, problem)
        if columns.CHANNEL in self.at:
            given["channel"] = canonical_channel(self._text(row, columns.CHANNEL, problem))
        if columns.PRIORITY in self.at:
            text = self.cell(row, self.at[columns.PRIORITY])
            given["priority"] = parse_priority(text) if text else None
            if text and given["priority"] is None:
                problem("booking_priority_unreadable", self.plan.header_of(columns.PRIORITY), value=text)
        text = self.cell(row, self.at.get(columns.REQUESTED_AT))
        moment = parse_list_time(text, self.zone) if text else None
        if text and moment is None:
            problem("booking_requested_at_unreadable", self.plan.header_of(columns.REQUESTED_AT), value=text)
        if moment is not None:
            given["requested_at"] = moment.astimezone(dt.UTC).isoformat(timespec="seconds")
        else:  # the row order: a second apart from the start of this reading
            given["_row_order"] = (self.started + dt.timedelta(seconds=self.preview.rows_read)).isoformat()
        return given

    # -- added, updated or unchanged --------------------------------------------------------------

    def _planned(self, exhibitor: str, given: dict[str, Any], number: int,
                 problem: Any) -> PlannedBookingRequest | None:
        products = identity_key(given.get("products", ""))
        at = given.get("requested_at")
        key = (exhibitor, at, products)
        if key in self.seen:
            problem("booking_request_listed_twice", other_row=str(self.seen[key]))
            return None
        self.seen[key] = number
        if at is not None:
            before = self.held_by_key.get((exhibitor, at, products))
        else:
            before = next((r for r in self.held_by_products.get((exhibitor, products), []) if r["id"] not in self.taken),
                          None)
        row_order = given.pop("_row_order", None)
        if before is None:
            values = {"windows_json": [], "products": "", "host": "", "channel": "", "priority": None, "note": "",
                      "requested_at": row_order, **given}
            return PlannedBookingRequest(new_id(), exhibitor, values, ADD, number)
        self.taken.add(before["id"])
        held = {"windows_json": before["windows"], **{f: before[f] for f in VALUE_FIELDS if f != "windows_json"}}
        values = {**held, **given}
        return PlannedBookingRequest(before["id"], exhibitor, values, UNCHANGED if values == held else UPDATE, number)


