"""What importing a request list would do, row by row, before anything is written.

Each row names its buyer (or its exhibitor) and their wishes; each name is looked up by the
rules of request_matching.py. A name that is not found costs that wish, reported with the row,
the column and the closest names, and never the rest of the row or of the file. The wishes are
then merged: one request per buyer and exhibitor, each side keeping its rank, so a buyer's wish
and the exhibitor's for the same pair become one mutual request, in the file or with a request
the event already holds. Requests are added or updated, never removed.

Rank rules: a wish column's number is the rank (희망기업3 → 3); in a list of one request per row
the 순위 column is, and a row without a readable rank ranks after the ranked ones of the same
buyer (or exhibitor), in the file's order. A pair listed twice keeps its better rank.

Work follows the file: one look-up per cell, suggestions cached and bounded
(request_matching.SUGGESTION_BUDGET); the row loop and its bounds on hostile lists are the shared
one of services/importing/request_lists.py.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from expo_console.domain.access import Action
from expo_console.domain.request_cells import (
    Side,
    parse_days,
    parse_language,
    parse_rank,
    parse_side,
)
from expo_console.services.access import require
from expo_console.services.consultations import request_columns as columns
from expo_console.services.consultations.request_matching import Directory, Found
from expo_console.services.importing.request_lists import (
    MAX_PROBLEMS,
    MAX_ROWS_SHOWN,
    NOTHING_FOUND_ROWS,
    ListPlan,
    ListPreview,
    ListReading,
    RowIssue,
    RowPreview,
)
from expo_console.services.progress import CancelFlag, ProgressCallback, no_progress
from expo_console.services.traffic.counting import event_days
from expo_console.storage import consultation_people_repo, consultations_repo
from expo_console.storage.connection import EventStore

__all__ = ["ADD", "MAX_PROBLEMS", "MAX_ROWS_SHOWN", "NOTHING_FOUND_ROWS", "UNCHANGED", "UPDATE", "BuyerUpdate",
           "PlannedRequest", "RequestIssue", "RequestPreview", "RowPreview", "preview_requests"]

ADD, UPDATE, UNCHANGED = "add", "update", "unchanged"
RequestIssue = RowIssue  # the consultations' name for a row's problem


@dataclass(frozen=True)
class PlannedRequest:
    buyer_id: str
    exhibitor_id: str
    buyer_rank: int | None  # None: the file says nothing of this side (what is held stays)
    exhibitor_rank: int | None
    action: str  # ADD, UPDATE or UNCHANGED
    becomes_mutual: bool
    rows: tuple[int, ...]


@dataclass(frozen=True)
class BuyerUpdate:
    buyer_id: str
    language: str | None  # None: left as it is
    days: tuple[dt.date, ...] | None
    row: int


@dataclass
class RequestPreview(ListPreview):
    requests: list[PlannedRequest] = field(default_factory=list)
    buyer_updates: list[BuyerUpdate] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for r in self.requests if r.action == action)

    @property
    def mutual(self) -> int:
        return sum(1 for r in self.requests if r.becomes_mutual)

    def summary(self) -> dict[str, int]:
        return {"rows": self.rows_read, "added": self.count(ADD), "updated": self.count(UPDATE),
                "unchanged": self.count(UNCHANGED), "became_mutual": self.mutual,
                "buyers_updated": len(self.buyer_updates), "rows_skipped": self.rows_skipped,
                "problems": self.problems_total}


def preview_requests(store: EventStore, plan: ListPlan, *, progress: ProgressCallback = no_progress,
                     cancel: CancelFlag | None = None) -> RequestPreview:
    """What the import of `plan` would add, update and skip, with every row's problems."""
    require(store, Action.PLAN_MEETINGS)
    conn = store.conn
    directory = Directory(consultation_people_repo.buyer_contacts(conn), consultations_repo.exhibitors(conn),
                          lambda names, emails: consultation_people_repo.others_named(conn, names, emails))
    reading = _Reading(plan, directory, tuple(event_days(store)))
    reading.run(progress, cancel)
    preview = reading.preview
    preview.requests = _merged(reading.wishes, {(r["buyer_id"], r["exhibitor_id"]): r
                                                for r in consultations_repo.requests(conn)})
    held = {b["id"]: b for b in consultations_repo.buyers(conn)}
    preview.buyer_updates = [u for u in reading.buyer_updates.values() if _changes(u, held.get(u.buyer_id))]
    preview.suggestions_skipped = directory.suggestions_skipped
    return preview


class _Reading(ListReading):
    """Looks every name up, gathers the wishes and the buyers' details."""

    preview: RequestPreview

    def __init__(self, plan: ListPlan, directory: Directory, days: tuple[dt.date, ...]) -> None:
        super().__init__(plan, RequestPreview(shapes=plan.shapes))
        self.directory, self.days = directory, days
        self.at = {f: i for i, f in plan.mapping.items() if ":" not in f}
        self.wish_columns = sorted((columns.rank_of(f), i) for i, f in plan.mapping.items()
                                   if f.startswith(columns.WISH + ":"))
        self.buyer_wish_columns = sorted((columns.rank_of(f), i) for i, f in plan.mapping.items()
                                         if f.startswith(columns.BUYER_WISH + ":"))
        self.one_per_row = not self.wish_columns and not self.buyer_wish_columns
        # (buyer, exhibitor, side) → (rank or None, first row)
        self.wishes: dict[tuple[str, str, Side], tuple[int | None, int]] = {}
        self.buyer_updates: dict[str, BuyerUpdate] = {}

    def finish(self) -> None:
        self._rank_the_unranked()

    # -- one row ---------------------------------------------------------------------------------

    def _seen(self, found: Found) -> Found:
        if found.id is not None:
            self.found_any = True
        return found

    def read_row(self, row: list[str], number: int) -> RowPreview:
        problems: list[RequestIssue] = []
        given = 0
        value = {f: self.cell(row, i) for f, i in self.at.items()}

        def problem(found: Found | None, code: str = "", column: str = "", **params: str) -> None:
            if found is not None:
                problems.append(RequestIssue(number, found.code, found.params, found.suggestions, column))
            else:
                problems.append(RequestIssue(number, code, tuple(params.items()), (), column))

        buyer = exhibitor = None
        who = ""
        if any(value.get(k) for k in columns.BUYER_KEYS):
            found = self._seen(self.directory.buyer(value.get(columns.BUYER, ""), value.get(columns.BUYER_COMPANY, ""),
                                         value.get(columns.BUYER_EMAIL, ""), value.get(columns.BUYER_PHONE, ""),
                                         value.get(columns.COUNTRY, "")))
            buyer = found.id
            who = self.directory.buyer_label(buyer) if buyer else value.get(columns.BUYER, "") or \
                value.get(columns.BUYER_EMAIL, "")
            if buyer is None:
                problem(found, column=next(filter(None, map(self.plan.header_of, columns.BUYER_KEYS)), ""))
        if value.get(columns.EXHIBITOR):
            found = self._seen(self.directory.exhibitor(value[columns.EXHIBITOR]))
            exhibitor = found.id
            if exhibitor is None:
                problem(found, column=self.plan.header_of(columns.EXHIBITOR))
            if not who or self.buyer_wish_columns:
                who = self.directory.exhibitor_names.get(exhibitor or "", value[columns.EXHIBITOR])
        wish_cells = [(rank, self.cell(row, i), i) for rank, i in self.wish_columns]
        buyer_wish_cells = [(rank, self.cell(row, i), i) for rank, i in self.buyer_wish_columns]
        if any(text for _r, text, _i in wish_cells) and not any(value.get(k) for k in columns.BUYER_KEYS):
            problem(None, "request_buyer_missing")
        if any(text for _r, text, _i in buyer_wish_cells) and not value.get(columns.EXHIBITOR):
            problem(None, "request_exhibitor_missing")
        for rank, text, index in wish_cells:
            if text:
                found = self._seen(self.directory.exhibitor(text))
                if found.id is None:
                    problem(found, column=self.plan.header_text(index))
                elif buyer is not None:
                    given += self._wish(buyer, found.id, Side.BUYER, rank, number, problems)
        for rank, text, index in buyer_wish_cells:
            if text:
                found = self._seen(self.directory.buyer_text(text))
                if found.id is None:
                    problem(found, column=self.plan.header_text(index))
                elif exhibitor is not None:
                    given += self._wish(found.id, exhibitor, Side.EXHIBITOR, rank, number, problems)
        if self.one_per_row:
            given += self._one_request(value, buyer, exhibitor, number, problems)
        if buyer is not None:
            given += self._details(value, buyer, number, problems)
        return RowPreview(number, who, given, tuple(problems))

    def _one_request(self, value: dict[str, str], buyer: str | None, exhibitor: str | None, number: int,
                     problems: list[RequestIssue]) -> int:
        if buyer is not None and not value.get(columns.EXHIBITOR):
            problems.append(RequestIssue(number, "request_exhibitor_missing"))
        if value.get(columns.EXHIBITOR) and not any(value.get(k) for k in columns.BUYER_KEYS):
            problems.append(RequestIssue(number, "request_buyer_missing"))
        if buyer is None or exhibitor is None:
            return 0
        side = parse_side(value.get(columns.SIDE, ""))
        if side is None:
            problems.append(RequestIssue(number, "request_side_unknown", (("value", value[columns.SIDE]),),
                                         column=self.plan.header_of(columns.SIDE)))
            return 0
        rank_text = value.get(columns.RANK, "")
        rank = parse_rank(rank_text) if rank_text else None
        if rank_text and rank is None:
            problems.append(RequestIssue(number, "request_rank_unreadable", (("value", rank_text),),
                                         column=self.plan.header_of(columns.RANK)))
        sides = (Side.BUYER, Side.EXHIBITOR) if side == Side.MUTUAL else (side,)
        return min(1, sum(self._wish(buyer, exhibitor, s, rank, number, problems) for s in sides))

    def _wish(self, buyer: str, exhibitor: str, side: Side, rank: int | None, number: int,
              problems: list[RequestIssue]) -> int:
        key = (buyer, exhibitor, side)
        seen = self.wishes.get(key)
        if seen is None:
            self.wishes[key] = (rank, number)
            return 1
        kept = rank if seen[0] is None else seen[0] if rank is None else min(seen[0], rank)
        self.wishes[key] = (kept, seen[1])
        problems.append(RequestIssue(number, "request_listed_twice",
                                     (("other_row", str(seen[1])), ("rank", str(kept) if kept else "-"))))
        return 0

    def _details(self, value: dict[str, str], buyer: str, number: int, problems: list[RequestIssue]) -> int:
        language = days = None
        if value.get(columns.LANGUAGE):
            language = parse_language(value[columns.LANGUAGE])
            if language is None:
                problems.append(RequestIssue(number, "request_language_unknown", (("value", value[columns.LANGUAGE]),),
                                             column=self.plan.header_of(columns.LANGUAGE)))
            language = language or None
        if value.get(columns.DAYS):
            days = parse_days(value[columns.DAYS], self.days)
            if days is None:
                problems.append(RequestIssue(number, "request_days_unknown", (("value", value[columns.DAYS]),),
                                             column=self.plan.header_of(columns.DAYS)))
            days = days or None
        if language is None and days is None:
            return 0
        earlier = self.buyer_updates.get(buyer)
        if earlier is not None:  # the buyer's details in two rows: the later row's fill in
            language, days = language or earlier.language, days or earlier.days
        self.buyer_updates[buyer] = BuyerUpdate(buyer, language, days, number)
        return 0

    def _rank_the_unranked(self) -> None:
        """A wish without a rank ranks after that party's ranked wishes, in the file's order."""
        best: dict[tuple[str, Side], int] = defaultdict(int)
        for (buyer, exhibitor, side), (rank, _row) in self.wishes.items():
            party = buyer if side == Side.BUYER else exhibitor
            if rank is not None:
                best[(party, side)] = max(best[(party, side)], rank)
        for key, (rank, row) in sorted(self.wishes.items(), key=lambda item: item[1][1]):
            if rank is None:
                buyer, exhibitor, side = key
                whose = (buyer if side == Side.BUYER else exhibitor, side)
                best[whose] += 1
                self.wishes[key] = (best[whose], row)


def _merged(wishes: dict[tuple[str, str, Side], tuple[int | None, int]],
            held: dict[tuple[str, str], dict[str, Any]]) -> list[PlannedRequest]:
    pairs: dict[tuple[str, str], dict[str, Any]] = {}
    for (buyer, exhibitor, side), (rank, row) in wishes.items():
        pair = pairs.setdefault((buyer, exhibitor), {"buyer_rank": None, "exhibitor_rank": None, "rows": []})
        pair["buyer_rank" if side == Side.BUYER else "exhibitor_rank"] = rank
        pair["rows"].append(row)
    planned = []
    for (buyer, exhibitor), pair in pairs.items():
        before = held.get((buyer, exhibitor))
        given = {k: pair[k] for k in ("buyer_rank", "exhibitor_rank") if pair[k] is not None}
        if before is None:
            action = ADD
        elif all(before[k] == v for k, v in given.items()):
            action = UNCHANGED
        else:
            action = UPDATE
        after = {k: given.get(k, before[k] if before else None) for k in ("buyer_rank", "exhibitor_rank")}
        mutual_before = before is not None and before["buyer_rank"] is not None and before["exhibitor_rank"] is not None
        mutual_after = after["buyer_rank"] is not None and after["exhibitor_rank"] is not None
        planned.append(PlannedRequest(buyer, exhibitor, pair["buyer_rank"], pair["exhibitor_rank"], action,
                                      mutual_after and not mutual_before, tuple(sorted(pair["rows"]))))
    return sorted(planned, key=lambda r: (r.rows[0], r.buyer_id, r.exhibitor_id))


def _changes(update: BuyerUpdate, held: dict[str, Any] | None) -> bool:
    if held is None:
        return True
    if update.language is not None and update.language != held["language"]:
        return True
    return update.days is not None and [d.isoformat() for d in update.days] != sorted(held["days"])

