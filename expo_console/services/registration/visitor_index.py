"""In-memory visitor search that answers every keystroke within a frame, even at 1,000,000 rows.

A linear scan (or a QSortFilterProxyModel calling Python per row) costs ~1 µs a row, far beyond a
30 ms budget at a million visitors. Instead each visitor contributes a few *prefix keys* (name,
given name, initial consonants, English name words, e-mail, e-mail domain, phone digits and
their last four) to one sorted list; a query token is two bisects and a numpy slice. Company
names are few compared with visitors, so they get *all suffixes* in a separate small sorted list:
'전자' finds '삼성전자'. Tokens are ANDed.

A keystroke costs a few O(N) numpy passes, whatever the number of matches: each token becomes a
boolean mask over all visitors, and the result is read out in display order through a cached
permutation per sort column (`perm[mask[perm]]`): no unique(), no argsort per keystroke.

Edits after the build go to a small unsorted delta that is scanned linearly, replaced rows are
tombstoned, new rows are bisected into the cached permutations; the whole index is rebuilt when
the delta grows large.
"""

from __future__ import annotations

import heapq
import time
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from expo_console.domain.access import Action
from expo_console.domain.hangul import contains_hangul, initial_consonants
from expo_console.domain.phone import mask_phone, phone_digits
from expo_console.domain.text import fold
from expo_console.domain.visitors import VisitorClass
from expo_console.services.access import require
from expo_console.storage import visitors_repo
from expo_console.storage.connection import EventStore
from expo_console.storage.visitors_repo import PRINT_CURRENT

_HIGHEST = "\U0010ffff"
_REBUILD_AFTER = 20_000
CLASS_CODES = {cls.value: i for i, cls in enumerate(VisitorClass)}

# Columns the index keeps per visitor, in the order they are read from storage.
COLUMNS = ("id", "name", "name_en", "company", "title", "visitor_class", "phone", "email",
           "country", "blocked", "printed", "checked_in", "created_at", "simulated")
_COLUMN_NUMBER = {name: i for i, name in enumerate(COLUMNS)}
# Columns behind the search keys, the company list and the class filter.
_KEYED = tuple((c, _COLUMN_NUMBER[c]) for c in ("name", "name_en", "company", "visitor_class", "phone", "email"))


SORT_RUN = 16_384  # keys sorted in one call: a few milliseconds of holding the interpreter


def _sorted_order(keys: list[str]) -> list[int]:
    """The positions of `keys` in sorted order (stable). Sorting indexes by plain str keys uses
    CPython's fast same-type comparison; sorting (key, position) tuples is several times slower
    at a million keys. A long list is sorted in runs merged lazily: one sorted() call holds the
    interpreter lock for its whole length (90 ms at 20,000 visitors), and an index rebuilt on a
    worker while the window is open (another desk's changes pulled) would stop its frames that
    long; between runs, and through the merge, the window's thread gets its turn."""
    if len(keys) <= SORT_RUN:
        return sorted(range(len(keys)), key=keys.__getitem__)
    runs = []
    for start in range(0, len(keys), SORT_RUN):
        runs.append(sorted(range(start, min(start + SORT_RUN, len(keys))), key=keys.__getitem__))
        time.sleep(0)  # the other threads' turn
    return list(heapq.merge(*runs, key=keys.__getitem__))


@dataclass(frozen=True, slots=True)
class VisitorFilter:
    visitor_class: str | None = None
    company: str | None = None
    printed: bool | None = None
    checked_in: bool | None = None
    blocked: bool | None = None
    # the people a simulated day made up are not the event's: hidden unless asked (None: shown too)
    simulated: bool | None = False


def _printed_now(state: int) -> bool:
    """The 'printed' filter: a badge printed with the visitor's current details. An out-of-date
    one (PRINT_OUTDATED) counts as not printed: it is among the next to print."""
    return state == PRINT_CURRENT


def korean_sort_key(text: str) -> tuple[int, str]:
    """Hangul before Latin, as Korean collation (CLDR 'ko') orders them; then 가나다 / abc."""
    folded = fold(text)
    return (0 if folded and contains_hangul(folded[0]) else 1 if folded else 2, folded)


def _company_key(company: str) -> str:
    return fold(company).replace(" ", "")


def _search_keys(name: str, name_en: str, email: str, phone: str) -> list[str]:
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
        keys.append(digits[-4:])
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
        alive = np.zeros(n, dtype=bool)
        alive[list(self.position_of.values())] = True
        self._alive = alive
        self._class_code = np.fromiter((CLASS_CODES.get(c, -1) for c in columns["visitor_class"]),
                                       dtype=np.int8, count=n)
        self._printed = np.fromiter(map(_printed_now, columns["printed"]), dtype=bool, count=n)
        self._checked_in = np.fromiter(map(bool, columns["checked_in"]), dtype=bool, count=n)
        self._blocked = np.fromiter(map(bool, columns["blocked"]), dtype=bool, count=n)
        self._simulated = np.fromiter(map(bool, columns["simulated"]), dtype=bool, count=n)
        keys: list[str] = []
        owners: list[int] = []
        names, english, emails, phones = (columns[c] for c in ("name", "name_en", "email", "phone"))
        for position in np.flatnonzero(alive).tolist():
            found = _search_keys(names[position], english[position], emails[position], phones[position])
            keys.extend(found)
            owners.extend([position] * len(found))
        order = _sorted_order(keys)
        self._keys = [keys[i] for i in order]
        self._key_positions = np.asarray(owners, dtype=np.int32)[np.asarray(order, dtype=np.int64)]
        self._delta: list[tuple[str, int]] = []
        self._orderings: dict[str, tuple[list[tuple[int, str]], np.ndarray]] = {}
        self._build_companies()

    def _build_companies(self) -> None:
        """Company id per row, and a sorted list of every suffix of every distinct company."""
        ids: dict[str, int] = {}
        company_of = np.empty(len(self._columns["id"]), dtype=np.int32)
        for position, company in enumerate(self._columns["company"]):
            company_of[position] = ids.setdefault(_company_key(company), len(ids))
        self._company_ids = ids
        self._company_of = company_of
        shown: dict[str, str] = {}
        for company in self._columns["company"]:
            if company:
                shown.setdefault(_company_key(company), company)
        self._company_names = sorted((korean_sort_key(name), name) for name in shown.values())
        suffixes = sorted((name[i:], cid) for name, cid in ids.items() for i in range(len(name)))
        self._company_suffixes = [s for s, _ in suffixes]
        self._company_suffix_ids = np.fromiter((c for _, c in suffixes), dtype=np.int32,
                                               count=len(suffixes))
        self._company_delta: list[tuple[str, int]] = []

    # -- edits ----------------------------------------------------------------------------------

    def upsert(self, row: Sequence[Any]) -> None:
        """Add a visitor, or replace one.

        A check-in or a printed badge changes only flags: the row is updated where it is (every
        scan at a gate reaches here). A changed name, e-mail, phone, company or class changes the
        search keys: the old row is tombstoned and the new one appended.
        """
        old = self.position_of.get(row[0])
        if old is not None and all(self._columns[c][old] == row[i] for c, i in _KEYED):
            self._update_in_place(old, row)
            return
        position = self._append(row)
        if old is not None:
            self._alive[old] = False
        self._alive = np.append(self._alive, True)
        self._class_code = np.append(self._class_code, CLASS_CODES.get(row[5], -1))
        self._printed = np.append(self._printed, _printed_now(row[10]))
        self._checked_in = np.append(self._checked_in, bool(row[11]))
        self._blocked = np.append(self._blocked, bool(row[9]))
        self._simulated = np.append(self._simulated, bool(row[_COLUMN_NUMBER["simulated"]]))
        self._delta.extend((key, position) for key in _search_keys(row[1], row[2], row[7], row[6]))
        self._add_company(row[3])
        for column, (sort_keys, permutation) in self._orderings.items():
            key = korean_sort_key(str(row[_COLUMN_NUMBER[column]]))
            at = bisect_right(sort_keys, key)
            sort_keys.insert(at, key)
            self._orderings[column] = (sort_keys, np.insert(permutation, at, position))
        if len(self._delta) > _REBUILD_AFTER:
            self._compact()

    def _update_in_place(self, position: int, row: Sequence[Any]) -> None:
        for column, value in zip(COLUMNS, row, strict=True):
            if self._columns[column][position] != value:
                self._columns[column][position] = value
                self._orderings.pop(column, None)  # that column's sort order is stale
        self._printed[position] = _printed_now(row[_COLUMN_NUMBER["printed"]])
        self._checked_in[position] = bool(row[_COLUMN_NUMBER["checked_in"]])
        self._blocked[position] = bool(row[_COLUMN_NUMBER["blocked"]])
        self._simulated[position] = bool(row[_COLUMN_NUMBER["simulated"]])

    def _add_company(self, company: str) -> None:
        key = _company_key(company)
        cid = self._company_ids.get(key)
        if cid is None:
            cid = self._company_ids[key] = len(self._company_ids)
            self._company_delta.extend((key[i:], cid) for i in range(len(key)))
            if company:
                entry = (korean_sort_key(company), company)
                self._company_names.insert(bisect_left(self._company_names, entry), entry)
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

    def simulated_count(self) -> int:
        """How many of the visitors a simulation made up (the list's filter is shown when any)."""
        return int(np.count_nonzero(self._simulated & self._alive))

    def value(self, position: int, column: str) -> Any:
        return self._columns[column][position]

    def masked_phone(self, position: int) -> str:
        return mask_phone(self._columns["phone"][position])

    def companies(self) -> list[str]:
        """Distinct company names as first typed, in Korean sort order, for the filter list.

        Kept up to date as visitors are added (a walk-in must not cost a pass over everyone);
        a company whose last visitor was deleted stays listed until the next rebuild.
        """
        return [name for _, name in self._company_names]

    def matches(self, query: str, flt: VisitorFilter | None = None) -> np.ndarray:
        """A boolean mask over positions: alive, matching every word of the query and the filter."""
        mask = self._alive
        for token in fold(query).split():
            mask = mask & self._token_mask(token)
        if flt is not None:
            mask = mask & self._filter_mask(flt)
        return mask

    def search(self, query: str, flt: VisitorFilter | None = None) -> np.ndarray:
        """Positions (ascending) of the visitors matching the query and the filter."""
        return np.flatnonzero(self.matches(query, flt)).astype(np.int32)

    def search_ordered(self, query: str, flt: VisitorFilter | None, column: str,
                       descending: bool = False) -> np.ndarray:
        """Positions of the matches in display order by a column: what the list shows."""
        mask = self.matches(query, flt)
        permutation = self._ordering(column)
        ordered: np.ndarray = permutation[mask[permutation]]
        return ordered[::-1] if descending else ordered

    def order(self, positions: np.ndarray, column: str, descending: bool = False) -> np.ndarray:
        """Given positions sorted by a column (Korean order, stable)."""
        mask = np.zeros(len(self._alive), dtype=bool)
        mask[positions] = True
        permutation = self._ordering(column)
        ordered: np.ndarray = permutation[mask[permutation]]
        return ordered[::-1] if descending else ordered

    def _token_mask(self, token: str) -> np.ndarray:
        mask = np.zeros(len(self._alive), dtype=bool)
        lo = bisect_left(self._keys, token)
        hi = bisect_left(self._keys, token + _HIGHEST, lo)
        mask[self._key_positions[lo:hi]] = True
        if self._delta:
            mask[[p for k, p in self._delta if k.startswith(token)]] = True
        lo = bisect_left(self._company_suffixes, token)
        hi = bisect_left(self._company_suffixes, token + _HIGHEST, lo)
        extra = [c for k, c in self._company_delta if k.startswith(token)]
        if hi > lo or extra:
            wanted = np.zeros(len(self._company_ids), dtype=bool)
            wanted[self._company_suffix_ids[lo:hi]] = True
            wanted[extra] = True
            mask |= wanted[self._company_of]
        return mask

    def _filter_mask(self, flt: VisitorFilter) -> np.ndarray:
        mask = np.ones(len(self._alive), dtype=bool)
        if flt.visitor_class is not None:
            mask &= self._class_code == CLASS_CODES.get(flt.visitor_class, -2)
        if flt.company is not None:
            mask &= self._company_of == self._company_ids.get(_company_key(flt.company), -1)
        for wanted, flags in ((flt.printed, self._printed), (flt.checked_in, self._checked_in),
                              (flt.blocked, self._blocked), (flt.simulated, self._simulated)):
            if wanted is not None:
                mask &= flags == wanted
        return mask

    def prepare(self, column: str = "name") -> VisitorIndex:
        """Build a sort order now (in a worker), not on the first keystroke in the GUI thread."""
        self._ordering(column)
        return self

    def _ordering(self, column: str) -> np.ndarray:
        """All positions sorted by a column, built once per column and kept up to date."""
        cached = self._orderings.get(column)
        if cached is None:
            values = self._columns[column]
            keyed = sorted((korean_sort_key(str(v)), p) for p, v in enumerate(values))
            cached = ([k for k, _ in keyed], np.fromiter((p for _, p in keyed), dtype=np.int32,
                                                         count=len(keyed)))
            self._orderings[column] = cached
        return cached[1]


def build_index(store: EventStore) -> VisitorIndex:
    """Every visitor of the event, indexed for the registration list."""
    require(store, Action.VIEW_VISITORS)
    return VisitorIndex(visitors_repo.iter_index_rows(store.conn))


def index_row(store: EventStore, visitor_id: str) -> tuple[Any, ...] | None:
    """One visitor's row as the index holds it (None when the visitor is gone)."""
    require(store, Action.VIEW_VISITORS)
    return visitors_repo.index_row(store.conn, visitor_id)
