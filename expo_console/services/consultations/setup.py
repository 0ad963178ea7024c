"""The consultation zone's setup: who meets (buyers, exhibitors, interpreters), the zone's
tables, each day's session, and the ranked requests.

Reads give the people as the screens and prints name them (`BuyerInfo`, `ExhibitorInfo` …) and,
through `.record`, as the solver reads them (domain/consultations.py). A buyer or an exhibitor
without consultation details is still one: a buyer speaks the language of their country and
comes every day, an exhibitor has one seat and is there every day. Writes need the
plan-meetings role.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from expo_console.domain.access import Action
from expo_console.domain.consultation_tables import grid_positions
from expo_console.domain.consultations import (
    WORST_RANK,
    Buyer,
    Exhibitor,
    Interpreter,
    Request,
    Session,
    language_for,
)
from expo_console.domain.ids import new_id
from expo_console.services.access import require
from expo_console.services.changes import MeetingsChanged
from expo_console.services.layout.floor_plan import load_plan
from expo_console.services.traffic.counting import event_days
from expo_console.storage import audit_repo, consultations_repo, meetings_repo
from expo_console.storage.connection import EventStore

SETUP_CHANGED = MeetingsChanged(setup=True)
TABLE_SIZE_M = 1.6  # a consultation table with its chairs, as the plan and the prints draw it


class SetupError(ValueError):
    """A setup value refused, with what to do."""


@dataclass(frozen=True)
class BuyerInfo:
    id: str
    name: str
    name_en: str
    company: str
    country: str
    visitor_class: str
    language: str
    categories: tuple[str, ...]
    days: tuple[dt.date, ...]

    @property
    def overseas(self) -> bool:
        return self.visitor_class == "overseas_buyer" or self.language != "ko"

    @property
    def record(self) -> Buyer:
        return Buyer(self.id, frozenset(self.days), self.language, frozenset(self.categories))


@dataclass(frozen=True)
class ExhibitorInfo:
    id: str
    name: str
    name_en: str
    section_code: str
    section_name: str
    section_name_en: str
    booth: str
    seats: int
    categories: tuple[str, ...]
    days: tuple[dt.date, ...]

    @property
    def record(self) -> Exhibitor:
        return Exhibitor(self.id, frozenset(self.days), self.seats, frozenset(self.categories))


@dataclass(frozen=True)
class InterpreterInfo:
    id: str
    name: str
    languages: tuple[str, ...]
    days: tuple[dt.date, ...]

    @property
    def record(self) -> Interpreter:
        return Interpreter(self.id, frozenset(self.languages), frozenset(self.days))


@dataclass(frozen=True)
class ZoneTable:
    number: int
    zone_id: str | None
    x: float
    y: float


@dataclass(frozen=True)
class Setup:
    """Everything a solve, a print or a screen reads, read once."""

    days: tuple[dt.date, ...]
    buyers: tuple[BuyerInfo, ...]
    exhibitors: tuple[ExhibitorInfo, ...]
    interpreters: tuple[InterpreterInfo, ...]
    tables: tuple[ZoneTable, ...]
    sessions: tuple[Session, ...]
    requests: tuple[Request, ...]
    buyer_by_id: dict[str, BuyerInfo] = field(default_factory=dict)
    exhibitor_by_id: dict[str, ExhibitorInfo] = field(default_factory=dict)
    interpreter_by_id: dict[str, InterpreterInfo] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.buyer_by_id.update({b.id: b for b in self.buyers})
        self.exhibitor_by_id.update({e.id: e for e in self.exhibitors})
        self.interpreter_by_id.update({i.id: i for i in self.interpreters})


def _days(values: Iterable[str], every: Sequence[dt.date]) -> tuple[dt.date, ...]:
    chosen = tuple(sorted(d for d in (dt.date.fromisoformat(v) for v in values) if d in every))
    return chosen or tuple(every)


def load(store: EventStore) -> Setup:
    conn, every = store.conn, event_days(store)
    buyers = tuple(BuyerInfo(r["id"], r["name"], r["name_en"], r["company"], r["country"], r["visitor_class"],
                             r["language"] or _default_language(r["country"], r["visitor_class"]),
                             tuple(r["categories"]), _days(r["days"], every))
                   for r in consultations_repo.buyers(conn))
    exhibitors = tuple(ExhibitorInfo(r["id"], r["name"], r["name_en"], r["section_code"], r["section_name"],
                                     r["section_name_en"], str(r["booth"]), int(r["seats"]),
                                     tuple(r["categories"]) or ((r["section_code"],) if r["section_code"] else ()),
                                     _days(r["days"], every))
                       for r in consultations_repo.exhibitors(conn))
    interpreters = tuple(InterpreterInfo(r["id"], r["name"], tuple(r["languages"]), _days(r["days"], every))
                         for r in consultations_repo.interpreters(conn))
    zone_tables = tables(store)
    requests = tuple(Request(r["buyer_id"], r["exhibitor_id"], r["buyer_rank"], r["exhibitor_rank"])
                     for r in consultations_repo.requests(conn))
    return Setup(tuple(every), buyers, exhibitors, interpreters, zone_tables, sessions(store), requests)


def tables(store: EventStore) -> tuple[ZoneTable, ...]:
    """The zone's tables, by number (what the floor plan draws)."""
    return tuple(ZoneTable(int(r["number"]), r["zone_id"], float(r["x"]), float(r["y"]))
                 for r in consultations_repo.tables(store.conn))


def _default_language(country: str, visitor_class: str) -> str:
    language = language_for(country)
    return "en" if language == "ko" and visitor_class == "overseas_buyer" else language


def sessions(store: EventStore) -> tuple[Session, ...]:
    return tuple(Session(dt.date.fromisoformat(r["day"]), dt.time.fromisoformat(r["starts"]),
                         dt.time.fromisoformat(r["ends"]), int(r["slot_minutes"]),
                         tuple((dt.time.fromisoformat(a), dt.time.fromisoformat(b)) for a, b in r["breaks"]))
                 for r in consultations_repo.sessions(store.conn))


# Writes ---------------------------------------------------------------------------------------

def set_buyer(store: EventStore, visitor_id: str, *, language: str, categories: Iterable[str] = (),
              days: Iterable[dt.date] = ()) -> MeetingsChanged:
    require(store, Action.PLAN_MEETINGS)
    language = language.strip().lower()
    if not language.isalpha() or len(language) not in (2, 3):
        raise SetupError(f"'{language}' is not a language code: use two letters, e.g. ko, en, zh, ja, vi.")
    with store.write() as conn:
        consultations_repo.put_buyer(conn, {"visitor_id": visitor_id, "language": language,
                                            "categories_json": sorted(set(categories)),
                                            "days_json": sorted(d.isoformat() for d in days)}, store.stamps())
    return SETUP_CHANGED


def set_exhibitor(store: EventStore, exhibitor_id: str, *, seats: int = 1, categories: Iterable[str] = (),
                  days: Iterable[dt.date] = ()) -> MeetingsChanged:
    require(store, Action.PLAN_MEETINGS)
    if seats < 1:
        raise SetupError("An exhibitor needs at least one seat (a representative at a table).")
    with store.write() as conn:
        consultations_repo.put_exhibitor(conn, {"exhibitor_id": exhibitor_id, "seats": seats,
                                                "categories_json": sorted(set(categories)),
                                                "days_json": sorted(d.isoformat() for d in days)}, store.stamps())
    return SETUP_CHANGED


def put_interpreter(store: EventStore, name: str, languages: Iterable[str], days: Iterable[dt.date] = (),
                    interpreter_id: str | None = None) -> tuple[str, MeetingsChanged]:
    require(store, Action.PLAN_MEETINGS)
    spoken = sorted({lang.strip().lower() for lang in languages if lang.strip()})
    if not name.strip():
        raise SetupError("An interpreter needs a name.")
    if not spoken:
        raise SetupError("Name the languages the interpreter speaks besides Korean (e.g. zh, ja, vi).")
    interpreter_id = interpreter_id or new_id()
    with store.write() as conn:
        consultations_repo.put_interpreter(conn, {"id": interpreter_id, "name": name.strip(), "languages_json": spoken,
                                                  "days_json": sorted(d.isoformat() for d in days)}, store.stamps())
    return interpreter_id, SETUP_CHANGED


def remove_interpreter(store: EventStore, interpreter_id: str) -> MeetingsChanged:
    """Their meetings keep their place without an interpreter (a new solve assigns another)."""
    require(store, Action.PLAN_MEETINGS)
    with store.write() as conn:
        consultations_repo.delete_interpreter(conn, interpreter_id)
    return MeetingsChanged(reload=True, setup=True)


def set_session(store: EventStore, session: Session) -> MeetingsChanged:
    require(store, Action.PLAN_MEETINGS)
    if session.day not in event_days(store):
        raise SetupError(f"{session.day.isoformat()} is not a day of the event.")
    if session.end <= session.start:
        raise SetupError("The session must end after it starts.")
    if not 5 <= session.slot_minutes <= 240:
        raise SetupError("A slot lasts between 5 and 240 minutes (30 is usual).")
    for start, end in session.breaks:
        if end <= start:
            raise SetupError(f"The break at {start.strftime('%H:%M')} must end after it starts.")
    with store.write() as conn:
        consultations_repo.put_session(conn, {
            "day": session.day.isoformat(), "starts": session.start.strftime("%H:%M"),
            "ends": session.end.strftime("%H:%M"), "slot_minutes": session.slot_minutes,
            "breaks_json": [[a.strftime("%H:%M"), b.strftime("%H:%M")] for a, b in session.breaks]}, store.stamps())
    return SETUP_CHANGED


def remove_session(store: EventStore, day: dt.date) -> MeetingsChanged:
    require(store, Action.PLAN_MEETINGS)
    with store.write() as conn:
        consultations_repo.delete_session(conn, day.isoformat())
    return SETUP_CHANGED


def consultation_zone_id(store: EventStore) -> str | None:
    """The floor plan's consultation zone (the first, when there are several)."""
    return next((z.id for z in load_plan(store).zones if z.kind == "consultation"), None)


def place_tables(store: EventStore, count: int, zone_id: str | None = None) -> MeetingsChanged:
    """`count` numbered tables in a grid inside the consultation zone on the floor plan (1 … count,
    in reading order). Meetings keep their table numbers: tables beyond `count` that still hold
    meetings are refused."""
    require(store, Action.PLAN_MEETINGS)
    zone_id = zone_id or consultation_zone_id(store)
    zone = next((z for z in load_plan(store).zones if z.id == zone_id), None)
    if zone is None:
        raise SetupError("The floor plan has no consultation zone: draw one (zone kind Consultation) first.")
    spots = grid_positions(zone.polygon, count)
    with store.write() as conn:
        held = sorted(n for n in meetings_repo.tables_in_use(conn) if n > count)
        if held:
            raise SetupError(f"Tables {', '.join(map(str, held))} still have meetings: move them to other tables "
                             f"in the schedule first, or place at least {held[-1]} tables.")
        consultations_repo.replace_tables(conn, [{"number": n, "zone_id": zone.id, "x": x, "y": y}
                                                 for n, (x, y) in enumerate(spots, start=1)], store.stamps())
        audit_repo.append(conn, store.stamp, "consultation_tables", "zone", zone.id, {"tables": count})
    return SETUP_CHANGED


def put_request(store: EventStore, buyer_id: str, exhibitor_id: str, *, buyer_rank: int | None = None,
                exhibitor_rank: int | None = None, source: str = "desk") -> MeetingsChanged:
    """A request entered at the desk, or one side's rank added to the pair's request. Without a
    rank it is the buyer's wish, ranked last."""
    require(store, Action.PLAN_MEETINGS)
    if buyer_rank is None and exhibitor_rank is None:
        buyer_rank = WORST_RANK
    for rank in (buyer_rank, exhibitor_rank):
        if rank is not None and rank < 1:
            raise SetupError("A rank is 1 (first wish) or more.")
    with store.write() as conn:
        consultations_repo.put_request(conn, {"buyer_id": buyer_id, "exhibitor_id": exhibitor_id,
                                              "buyer_rank": buyer_rank, "exhibitor_rank": exhibitor_rank,
                                              "source": source}, store.stamps())
    return SETUP_CHANGED


def remove_request(store: EventStore, buyer_id: str, exhibitor_id: str) -> MeetingsChanged:
    require(store, Action.PLAN_MEETINGS)
    with store.write() as conn:
        consultations_repo.delete_request(conn, buyer_id, exhibitor_id)
    return SETUP_CHANGED
