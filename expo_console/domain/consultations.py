"""Buyer consultations (구매상담존): who may meet whom, when, and what a schedule is worth.

Pure data and arithmetic, no I/O: the solver and the greedy baseline in
`services/consultations/` both read a `Problem` and return a `Solution`, and the checks that
decide whether a request can be placed at all (a day both attend, an interpreter when the
buyer's language needs one) live here so that both, and the tests, agree on them.

Ids are the records' ids (visitor id for a buyer, exhibitor id, interpreter id) as strings.
A meeting's weight rewards rank and mutuality; every placed meeting is worth a base far above
what rank adds, so the schedules compared are mostly "more meetings", then "better-ranked ones".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum

# Languages the exhibitors' representatives speak themselves: a buyer speaking one of these
# meets without an interpreter (the seed's SMEs all have someone who speaks English).
NO_INTERPRETER_LANGUAGES = frozenset({"ko", "en"})
DEFAULT_SLOT_MINUTES = 30
WORST_RANK = 5  # 희망기업1…5: rank 1 is the first wish
BASE_WEIGHT = 10
MUTUAL_BONUS = 5


@dataclass(frozen=True)
class Buyer:
    id: str
    days: frozenset[date]
    language: str = "ko"  # ISO 639-1, lower case
    categories: frozenset[str] = frozenset()

    @property
    def needs_interpreter(self) -> bool:
        return self.language not in NO_INTERPRETER_LANGUAGES


@dataclass(frozen=True)
class Exhibitor:
    id: str
    days: frozenset[date]
    seats: int = 1  # representatives who can sit at separate tables at once
    categories: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Interpreter:
    id: str
    languages: frozenset[str]
    days: frozenset[date]


@dataclass(frozen=True)
class Table:
    number: int


@dataclass(frozen=True, order=True)
class Slot:
    day: date
    start: time
    end: time


@dataclass(frozen=True)
class Session:
    """One day's consultation hours, cut into slots; a break is a (start, end) pair."""

    day: date
    start: time
    end: time
    slot_minutes: int = DEFAULT_SLOT_MINUTES
    breaks: tuple[tuple[time, time], ...] = ()
    gap_minutes: int = 0  # between two slots: a studio's changeover (consultations run back to back)


@dataclass(frozen=True)
class Request:
    """A wish to meet: ranked by the buyer, by the exhibitor, or both (mutual)."""

    buyer: str
    exhibitor: str
    buyer_rank: int | None = None
    exhibitor_rank: int | None = None

    @property
    def pair(self) -> tuple[str, str]:
        return self.buyer, self.exhibitor

    @property
    def mutual(self) -> bool:
        return self.buyer_rank is not None and self.exhibitor_rank is not None

    @property
    def weight(self) -> int:
        """BASE + (6 − rank) for each side that ranked it + a bonus when both did."""
        score = BASE_WEIGHT
        for rank in (self.buyer_rank, self.exhibitor_rank):
            if rank is not None:
                score += WORST_RANK + 1 - min(max(rank, 1), WORST_RANK)
        return score + (MUTUAL_BONUS if self.mutual else 0)


@dataclass(frozen=True)
class Meeting:
    buyer: str
    exhibitor: str
    slot: Slot
    table: int
    interpreter: str | None = None
    fixed: bool = False  # an operator placed or locked it: a new solve keeps it as it is


class LeftOutReason(StrEnum):
    NO_COMMON_DAY = "no_common_day"  # no slot on a day both attend
    NO_INTERPRETER = "no_interpreter"  # nobody speaks the buyer's language on a common day
    NO_ROOM = "no_room"  # placeable, but the tables, seats or the buyer's time ran out
    UNKNOWN_PARTY = "unknown_party"  # the buyer or the exhibitor is not in the problem


@dataclass(frozen=True)
class LeftOut:
    request: Request
    reason: LeftOutReason


@dataclass(frozen=True)
class Problem:
    buyers: tuple[Buyer, ...]
    exhibitors: tuple[Exhibitor, ...]
    interpreters: tuple[Interpreter, ...]
    tables: tuple[Table, ...]
    slots: tuple[Slot, ...]
    requests: tuple[Request, ...]
    fixed: tuple[Meeting, ...] = ()


class Status(StrEnum):
    OPTIMAL = "optimal"  # proven best
    FEASIBLE = "feasible"  # the best found in the time limit
    CANCELLED = "cancelled"  # stopped by the operator: the best found so far
    GREEDY = "greedy"  # a greedy schedule (by rank, or fair rounds): the solver found nothing better in time
    INVALID = "invalid"  # the fixed meetings clash: nothing was solved


@dataclass(frozen=True)
class Solution:
    status: Status
    meetings: tuple[Meeting, ...]  # fixed ones included
    left_out: tuple[LeftOut, ...]
    fairness_minimum: int  # fewest meetings of an exhibitor that had a placeable request
    fair_share: int  # every such exhibitor has at least min(this, what its requests allow)
    languages_nobody_speaks: tuple[str, ...] = ()
    table_slots: int = 0  # how many meetings the zone can hold at all
    clashes: tuple[str, ...] = ()  # fixed meetings that double-book someone, described
    solutions_found: int = 0
    seconds: float = 0.0
    details: Mapping[str, object] = field(default_factory=dict)

    @property
    def placed(self) -> int:
        return len(self.meetings)


def build_slots(session: Session) -> tuple[Slot, ...]:
    """The session's slots in order: from the start, `gap_minutes` apart, resuming after each
    break; a slot that would run past the end or into a break is not made."""
    if session.slot_minutes <= 0:
        raise ValueError("The slot length must be at least one minute.")
    length = timedelta(minutes=session.slot_minutes)
    at = datetime.combine(session.day, session.start)
    end = datetime.combine(session.day, session.end)
    breaks = sorted((datetime.combine(session.day, a), datetime.combine(session.day, b))
                    for a, b in session.breaks)
    slots: list[Slot] = []
    while at + length <= end:
        clash = next(((a, b) for a, b in breaks if at < b and a < at + length), None)
        if clash is not None:
            at = max(at, clash[1])
            continue
        slots.append(Slot(session.day, at.time(), (at + length).time()))
        at += length + timedelta(minutes=max(session.gap_minutes, 0))
    return tuple(slots)


def merge_requests(requests: Iterable[Request]) -> tuple[Request, ...]:
    """One request per (buyer, exhibitor): a buyer's wish and the exhibitor's for the same pair
    become one mutual request, keeping each side's best rank."""
    merged: dict[tuple[str, str], Request] = {}
    for request in requests:
        seen = merged.get(request.pair)
        if seen is None:
            merged[request.pair] = request
            continue
        merged[request.pair] = Request(request.buyer, request.exhibitor,
                                       _best(seen.buyer_rank, request.buyer_rank),
                                       _best(seen.exhibitor_rank, request.exhibitor_rank))
    return tuple(merged.values())


def _best(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else min(a, b)


def interpreters_for(buyer: Buyer, day: date, interpreters: Iterable[Interpreter]) -> list[Interpreter]:
    return [i for i in interpreters if buyer.language in i.languages and day in i.days]


@dataclass(frozen=True)
class Candidates:
    """What the data allows before any capacity is counted: the slots each request could take,
    the reason for each request that has none, and the languages nobody speaks."""

    slots: Mapping[Request, tuple[Slot, ...]]
    left_out: tuple[LeftOut, ...]
    languages_nobody_speaks: tuple[str, ...]
    already_met: frozenset[tuple[str, str]]  # pairs a fixed meeting covers


def candidates(problem: Problem) -> Candidates:
    buyers = {b.id: b for b in problem.buyers}
    exhibitors = {e.id: e for e in problem.exhibitors}
    spoken = {lang for i in problem.interpreters for lang in i.languages}
    already_met = frozenset((m.buyer, m.exhibitor) for m in problem.fixed)
    missing: set[str] = set()
    slots: dict[Request, tuple[Slot, ...]] = {}
    left_out: list[LeftOut] = []
    for request in merge_requests(problem.requests):
        if request.pair in already_met:
            continue
        buyer, exhibitor = buyers.get(request.buyer), exhibitors.get(request.exhibitor)
        if buyer is None or exhibitor is None:
            left_out.append(LeftOut(request, LeftOutReason.UNKNOWN_PARTY))
            continue
        common = [s for s in problem.slots if s.day in buyer.days and s.day in exhibitor.days]
        if not common:
            left_out.append(LeftOut(request, LeftOutReason.NO_COMMON_DAY))
            continue
        if buyer.needs_interpreter:
            if buyer.language not in spoken:
                missing.add(buyer.language)
            common = [s for s in common if interpreters_for(buyer, s.day, problem.interpreters)]
            if not common:
                left_out.append(LeftOut(request, LeftOutReason.NO_INTERPRETER))
                continue
        slots[request] = tuple(common)
    return Candidates(slots, tuple(left_out), tuple(sorted(missing)), already_met)


def exhibitor_caps(problem: Problem, placeable: Mapping[Request, tuple[Slot, ...]]) -> dict[str, int]:
    """How many meetings each exhibitor with a placeable request could have at most: its
    placeable requests, and its seats times the slots of its days. The fair share is capped by
    this, so one exhibitor with a single request does not hold everyone else's minimum down."""
    requests: dict[str, int] = defaultdict(int)
    for request in placeable:
        requests[request.exhibitor] += 1
    fixed: dict[str, int] = defaultdict(int)
    for meeting in problem.fixed:
        fixed[meeting.exhibitor] += 1
    caps: dict[str, int] = {}
    for exhibitor in problem.exhibitors:
        if requests[exhibitor.id] == 0:
            continue
        seat_slots = exhibitor.seats * sum(1 for s in problem.slots if s.day in exhibitor.days)
        caps[exhibitor.id] = min(requests[exhibitor.id] + fixed[exhibitor.id], seat_slots)
    return caps


def meetings_per_exhibitor(meetings: Iterable[Meeting]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for meeting in meetings:
        counts[meeting.exhibitor] += 1
    return dict(counts)


def fairness_minimum(meetings: Iterable[Meeting], caps: Mapping[str, int]) -> int:
    """The fewest meetings any exhibitor with a placeable request got (0 = someone has none)."""
    counts = meetings_per_exhibitor(meetings)
    return min((counts.get(e, 0) for e in caps), default=0)


def fair_share(meetings: Iterable[Meeting], caps: Mapping[str, int]) -> int:
    """The largest m such that every exhibitor has at least min(m, its cap) meetings."""
    counts = meetings_per_exhibitor(meetings)
    share = max(caps.values(), default=0)
    for exhibitor, cap in caps.items():
        got = counts.get(exhibitor, 0)
        if got < cap:
            share = min(share, got)
    return share


def weight_of_meetings(meetings: Iterable[Meeting], requests: Mapping[tuple[str, str], Request]
                       ) -> dict[tuple[str, str], int]:
    """Each meeting's weight: its request's, or the base for one without a request (a walk-in)."""
    return {(m.buyer, m.exhibitor): requests[(m.buyer, m.exhibitor)].weight
            if (m.buyer, m.exhibitor) in requests else BASE_WEIGHT for m in meetings}


def clashes(meetings: Iterable[Meeting], exhibitors: Mapping[str, Exhibitor]) -> list[str]:
    """Double bookings among meetings, described: a buyer, a table or an interpreter twice in a
    slot, or an exhibitor in more meetings than it has seats. Empty when the schedule is sound."""
    found: list[str] = []
    buyers: dict[tuple[Slot, str], int] = defaultdict(int)
    tables: dict[tuple[Slot, int], int] = defaultdict(int)
    interpreters: dict[tuple[Slot, str], int] = defaultdict(int)
    seats: dict[tuple[Slot, str], int] = defaultdict(int)
    for m in meetings:
        buyers[(m.slot, m.buyer)] += 1
        tables[(m.slot, m.table)] += 1
        seats[(m.slot, m.exhibitor)] += 1
        if m.interpreter is not None:
            interpreters[(m.slot, m.interpreter)] += 1
    found += [f"buyer {b} has {n} meetings at {_when(s)}" for (s, b), n in buyers.items() if n > 1]
    found += [f"table {t} has {n} meetings at {_when(s)}" for (s, t), n in tables.items() if n > 1]
    found += [f"interpreter {i} is in {n} meetings at {_when(s)}"
              for (s, i), n in interpreters.items() if n > 1]
    found += [f"exhibitor {e} has {n} meetings at {_when(s)} but {_seats(exhibitors, e)} seat(s)"
              for (s, e), n in seats.items() if n > _seats(exhibitors, e)]
    return found


def _seats(exhibitors: Mapping[str, Exhibitor], exhibitor: str) -> int:
    known = exhibitors.get(exhibitor)
    return known.seats if known is not None else 1


def _when(slot: Slot) -> str:
    return f"{slot.day.isoformat()} {slot.start.strftime('%H:%M')}"


# The language a buyer speaks when nobody said: by country (ISO 3166 alpha-2), else English for
# a buyer from abroad and Korean at home. The interpreters' languages use the same codes.
COUNTRY_LANGUAGES = {"KR": "ko", "CN": "zh", "TW": "zh", "HK": "zh", "JP": "ja", "VN": "vi", "TH": "th",
                     "ID": "id", "MY": "ms", "RU": "ru", "MN": "mn", "SA": "ar", "AE": "ar", "FR": "fr",
                     "DE": "de", "ES": "es", "MX": "es", "BR": "pt", "US": "en", "GB": "en", "AU": "en",
                     "SG": "en", "IN": "en", "PH": "en", "CA": "en"}


def language_for(country: str) -> str:
    code = country.strip().upper()
    if code in ("", "KR", "KOR", "KOREA", "대한민국", "한국"):
        return "ko"
    return COUNTRY_LANGUAGES.get(code, "en")
