"""In-memory visitor search that answers every keystroke within a frame, even at 1,000,000 rows.

A linear scan (or a QSortFilterProxyModel calling Python per row) costs ~1 µs a row, far beyond a
30 ms budget at a million visitors. Instead each visitor contributes a few *prefix keys* (name,
given name, initial consonants, English name words, e-mail, e-mail domain, phone digits and
their last four) to one sorted list; a query token is two bisects and a numpy slice. Company
names are few compared with visitors, so they get *all suffixes* in a separate small sorted list:
'전자' finds '삼성전자'. Tokens are ANDed.

Edits after the build go to a small unsorted delta that is scanned linearly, and replaced rows
are tombstoned; the whole index is rebuilt when the delta grows large.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from expo_console.domain.hangul import contains_hangul, initial_consonants
from expo_console.domain.phone import last_four, mask_phone, phone_digits
from expo_console.domain.text import fold
from expo_console.domain.visitors import VisitorClass

_HIGHEST = "\U0010ffff"
_REBUILD_AFTER = 20_000
CLASS_CODES = {cls.value: i for i, cls in enumerate(VisitorClass)}

# Columns the index keeps per visitor, in the order they are read from storage.
COLUMNS = ("id", "name", "name_en", "company", "title", "visitor_class", "phone", "email",
           "country", "blocked", "printed", "checked_in", "created_at")


@dataclass(frozen=True, slots=True)
class VisitorFilter:
    visitor_class: str | None = None
    company: str | None = None
    printed: bool | None = None
    checked_in: bool | None = None
    blocked: bool | None = None


def _name_keys(name: str, name_en: str, email: str, phone: str) -> list[str]:
    keys: list[str] = []
    compact = fold(name).replace(" ", "")
    if compact:
        keys.append(compact)
        if contains_hangul(compact):
            initials = initial_consonants(compact)
            keys.append(initials)
            # Given names: '기문' and 'ㄱㅁ' find 김기문 (two-syllable surnames: 남궁 → '민수').
            for start in range(1, max(1, len(compact) - 1)):
                keys.append(compact[start:])
                keys.append(initials[start:])
        else:
            keys.extend(word for word in fold(name).split() if word != compact)
    english = fold(name_en)
    if english:
        words = english.split()
        keys.extend(words)
        if len(words) > 1:
            keys.append("".join(words))
    if email:
        folded = fold(email)
        keys.append(folded)
        keys.append(folded.partition("@")[2])
    if phone:
        digits = phone_digits(phone)
        keys.append(digits)
        keys.append(last_four(phone))
    return [k for k in keys if k]


class VisitorIndex:
    """Columns of all visitors plus the search structures over them."""

    def __init__(self, rows: Iterable[Sequence[Any]] = ()) -> None:
        self._columns: dict[str, list[Any]] = {c: [] for c in COLUMNS}
        self.position_of: dict[str, int] = {}
        for row in rows:
            self._append(row)
        self._rebuild()

    # -- building -------------------------------------------------------------------------------

    def _append(self, row: Sequence[Any]) -> int:
        position = len(self._columns["id"])
        for column, value in zip(COLUMNS, row, strict=True):
            self._columns[column].append(value)
        self.position_of[row[0]] = position
        return position

    def _rebuild(self) -> None:
        columns = self._columns
        n = len(columns["id"])
        alive = np.ones(n, dtype=bool)
        if n:
            dead = set(range(n)) - set(self.position_of.values())
            alive[list(dead)] = False
        self._alive = alive
        self._class_code = np.fromiter((CLASS_CODES.get(c, -1) for c in columns["visitor_class"]),
                                       dtype=np.int8, count=n)
        self._printed = np.fromiter(map(bool, columns["printed"]), dtype=bool, count=n)
        self._checked_in = np.fromiter(map(bool, columns["checked_in"]), dtype=bool, count=n)
        self._blocked = np.fromiter(map(bool, columns["blocked"]), dtype=bool, count=n)
        pairs: list[tuple[str, int]] = []
        for position in np.flatnonzero(alive).tolist():
            for key in _name_keys(columns["name"][position], columns["name_en"][position],
                                  columns["email"][position], columns["phone"][position]):
                pairs.append((key, position))
        pairs.sort()
        self._keys = [k for k, _ in pairs]
        self._key_positions = np.fromiter((p for _, p in pairs), dtype=np.int32, count=len(pairs))
        self._delta: list[tuple[str, int]] = []
        self._rebuild_companies()
        self._rank_cache: dict[str, np.ndarray] = {}

    def _rebuild_companies(self) -> None:
        """Company id per row, and a sorted list of every suffix of every distinct company."""
        ids: dict[str, int] = {}
        names: list[str] = []
        company_of = np.empty(len(self._columns["id"]), dtype=np.int32)
        for position, company in enumerate(self._columns["company"]):
            key = fold(company).replace(" ", "")
            cid = ids.get(key)
            if cid is None:
                cid = ids[key] = len(names)
                names.append(key)
            company_of[position] = cid
        self._company_ids = ids
        self._company_of = company_of
        suffixes = sorted((name[i:], cid) for cid, name in enumerate(names) for i in range(len(name)))
        self._company_suffixes = [s for s, _ in suffixes]
        self._company_suffix_ids = np.fromiter((c for _, c in suffixes), dtype=np.int32,
                                               count=len(suffixes))
        order = np.argsort(company_of, kind="stable")
        bounds = np.searchsorted(company_of[order], np.arange(len(names) + 1))
        self._company_members = [order[bounds[i]:bounds[i + 1]] for i in range(len(names))]
        self._company_delta: list[tuple[str, int]] = []

    # -- edits ----------------------------------------------------------------------------------

    def upsert(self, row: Sequence[Any]) -> None:
        """Add a visitor, or replace one: the old row is tombstoned, the new one appended."""
        old = self.position_of.get(row[0])
        position = self._append(row)
        if old is not None:
            self._alive[old] = False
        self._alive = np.append(self._alive, True)
        self._class_code = np.append(self._class_code, CLASS_CODES.get(row[5], -1))
        self._printed = np.append(self._printed, bool(row[10]))
        self._checked_in = np.append(self._checked_in, bool(row[11]))
        self._blocked = np.append(self._blocked, bool(row[9]))
        self._delta.extend((key, position) for key in _name_keys(row[1], row[2], row[7], row[6]))
        self._add_company(position, row[3])
        self._rank_cache.clear()
        if len(self._delta) > _REBUILD_AFTER:
            self._compact()

    def _add_company(self, position: int, company: str) -> None:
        key = fold(company).replace(" ", "")
        cid = self._company_ids.get(key)
        if cid is None:
            cid = self._company_ids[key] = len(self._company_members)
            self._company_members.append(np.array([position], dtype=np.int64))
            self._company_delta.extend((key[i:], cid) for i in range(len(key)))
        else:
            self._company_members[cid] = np.append(self._company_members[cid], position)
        self._company_of = np.append(self._company_of, cid)

    def remove(self, visitor_id: str) -> None:
        position = self.position_of.pop(visitor_id, None)
        if position is not None:
            self._alive[position] = False

    def _compact(self) -> None:
        live = sorted(self.position_of.values())
        old = self._columns
        self._columns = {c: [old[c][p] for p in live] for c in COLUMNS}
        self.position_of = {vid: i for i, vid in enumerate(self._columns["id"])}
        self._rebuild()

    # -- reading --------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.position_of)

    def value(self, position: int, column: str) -> Any:
        return self._columns[column][position]

    def row(self, position: int) -> dict[str, Any]:
        return {c: self._columns[c][position] for c in COLUMNS}

    def masked_phone(self, position: int) -> str:
        return mask_phone(self._columns["phone"][position])

    def companies(self) -> list[str]:
        """Distinct company names as typed, for the filter list, in Korean sort order."""
        seen: dict[str, str] = {}
        for position in np.flatnonzero(self._alive).tolist():
            company = self._columns["company"][position]
            if company:
                seen.setdefault(fold(company).replace(" ", ""), company)
        return sorted(seen.values())

    def search(self, query: str, flt: VisitorFilter | None = None) -> np.ndarray:
        """Positions of the visitors matching every word of the query and the filter."""
        result: np.ndarray | None = None
        for token in fold(query).split():
            found = self._match_token(token)
            result = found if result is None else np.intersect1d(result, found, assume_unique=True)
            if not len(result):
                break
        if result is None:
            result = np.flatnonzero(self._alive).astype(np.int32)
        else:
            result = result[self._alive[result]]
        if flt is not None:
            result = self._apply_filter(result, flt)
        return result

    def _match_token(self, token: str) -> np.ndarray:
        keys = self._keys
        lo = bisect_left(keys, token)
        hi = bisect_left(keys, token + _HIGHEST, lo)
        parts = [self._key_positions[lo:hi]]
        if self._delta:
            parts.append(np.fromiter((p for k, p in self._delta if k.startswith(token)), dtype=np.int32))
        suffixes = self._company_suffixes
        lo = bisect_left(suffixes, token)
        hi = bisect_left(suffixes, token + _HIGHEST, lo)
        company_ids = set(self._company_suffix_ids[lo:hi].tolist())
        company_ids.update(c for k, c in self._company_delta if k.startswith(token))
        parts.extend(self._company_members[c] for c in company_ids)
        return np.unique(np.concatenate(parts)).astype(np.int32)

    def _apply_filter(self, result: np.ndarray, flt: VisitorFilter) -> np.ndarray:
        if flt.visitor_class is not None:
            result = result[self._class_code[result] == CLASS_CODES.get(flt.visitor_class, -2)]
        if flt.company is not None:
            cid = self._company_ids.get(fold(flt.company).replace(" ", ""), -1)
            result = result[self._company_of[result] == cid]
        for wanted, flags in ((flt.printed, self._printed), (flt.checked_in, self._checked_in),
                              (flt.blocked, self._blocked)):
            if wanted is not None:
                result = result[flags[result] == wanted]
        return result

    def order(self, positions: np.ndarray, column: str, descending: bool = False) -> np.ndarray:
        """The positions sorted by a column (stable), using a cached rank per column."""
        rank = self._rank_cache.get(column)
        if rank is None:
            values = self._columns[column]
            by_value = sorted(range(len(values)), key=lambda p: korean_sort_key(str(values[p])))
            rank = np.empty(len(values), dtype=np.int64)
            rank[by_value] = np.arange(len(values))
            self._rank_cache[column] = rank
        ordered = positions[np.argsort(rank[positions], kind="stable")]
        return ordered[::-1] if descending else ordered


def korean_sort_key(text: str) -> tuple[int, str]:
    """Hangul before Latin, as Korean collation (CLDR 'ko') orders them; then 가나다 / abc."""
    folded = fold(text)
    return (0 if folded and contains_hangul(folded[0]) else 1 if folded else 2, folded)

