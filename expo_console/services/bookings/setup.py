"""The studio's and the photo corner's setup, by kind: resources placed in their zone, each day's
session, the rules (at most N per exhibitor, who goes first, what to bring, where to come) and the
exhibitors' requests as the desk shows them.

Writes need the plan-meetings role (the people who plan the consultation zone plan these too).
"""

from __future__ import annotations

import datetime as dt
import math
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from expo_console.domain.access import Action
from expo_console.domain.booking_records import BookingRecord, RequestRecord
from expo_console.domain.bookings import KIND_DEFAULTS, BookingKind, BookingProblem, Order, Window
from expo_console.domain.consultation_tables import ZoneTooSmall, grid_positions
from expo_console.domain.consultations import Session, Slot, build_slots
from expo_console.services import event_settings
from expo_console.services.access import require
from expo_console.services.changes import BookingsChanged
from expo_console.services.layout.floor_plan import load_plan
from expo_console.services.traffic.counting import event_days
from expo_console.storage import audit_repo, bookings_repo, consultations_repo, event_repo
from expo_console.storage.connection import EventStore

RESOURCE_PITCH_M = 5.0  # a studio set or a photo corner with its lights, as the plan draws it
RESOURCE_SIZE_M = 3.0  # the square the floor plan and the A3 plan draw for one
MAX_RESOURCES = 20
# The zone kind each kind's resources go in by default; the photo corner stands in the studio's
# zone unless the plan has a zone of its own for it.
DEFAULT_ZONE_KINDS = {BookingKind.STUDIO: ("studio",), BookingKind.PHOTO: ("photo", "studio")}


class SetupError(ValueError):
    """A setup value refused, with what to do."""


@dataclass(frozen=True)
class Rules:
    max_per_exhibitor: int
    order: Order
    bring: str = ""  # printed on each confirmation: what to bring
    place: str = ""  # printed on each confirmation: where to come


@dataclass(frozen=True)
class Resource:
    number: int
    name: str
    zone_id: str | None
    x: float
    y: float


@dataclass(frozen=True)
class ExhibitorNames:
    id: str
    name: str
    name_en: str
    booth: str
    sector: str  # the section's name: the results report's "by sector"
    sector_en: str


@dataclass(frozen=True)
class BookingSetup:
    """Everything a solve, a print or a screen reads about one kind, read once."""

    kind: BookingKind
    days: tuple[dt.date, ...]
    rules: Rules
    resources: tuple[Resource, ...]
    sessions: tuple[Session, ...]
    requests: tuple[RequestRecord, ...]
    exhibitors: dict[str, ExhibitorNames] = field(default_factory=dict)

    @property
    def slots(self) -> tuple[Slot, ...]:
        return tuple(slot for session in self.sessions for slot in build_slots(session))

    def slots_on(self, day: dt.date) -> tuple[Slot, ...]:
        return tuple(slot for session in self.sessions if session.day == day for slot in build_slots(session))

    def request(self, request_id: str) -> RequestRecord | None:
        return next((r for r in self.requests if r.id == request_id), None)

    def problem(self, days: Sequence[dt.date] | None = None, fixed: Sequence[Any] = ()) -> BookingProblem:
        wanted = set(days) if days is not None else None
        slots = tuple(s for s in self.slots if wanted is None or s.day in wanted)
        return BookingProblem(slots, tuple(r.number for r in self.resources), tuple(r.record for r in self.requests),
                              self.rules.max_per_exhibitor, self.rules.order, tuple(fixed))


def rules(store: EventStore, kind: BookingKind) -> Rules:
    stored = event_settings.get(store, event_settings.BOOKINGS).get(kind.value, {})
    default = KIND_DEFAULTS[kind]
    order = stored.get("order", Order.REQUEST_TIME.value)
    return Rules(int(stored.get("max_per_exhibitor", default.max_per_exhibitor)),
                 Order(order) if order in tuple(Order) else Order.REQUEST_TIME,
                 str(stored.get("bring", "")), str(stored.get("place", "")))


def set_rules(store: EventStore, kind: BookingKind, new: Rules) -> BookingsChanged:
    require(store, Action.PLAN_MEETINGS)
    if not 1 <= new.max_per_exhibitor <= 20:
        raise SetupError("An exhibitor may have between 1 and 20 slots: type a number in that range.")
    with store.write() as conn:
        every = event_settings.BOOKINGS.read(event_repo.settings(conn))
        every[kind.value] = {"max_per_exhibitor": new.max_per_exhibitor, "order": new.order.value,
                             "bring": new.bring.strip(), "place": new.place.strip()}
        event_settings.put_in(conn, store.stamp, event_settings.BOOKINGS, every)
    return BookingsChanged((kind.value,), setup=True)


def exhibitor_names(store: EventStore) -> dict[str, ExhibitorNames]:
    return {r["id"]: ExhibitorNames(r["id"], r["name"], r["name_en"], str(r["booth"] or ""), r["section_name"] or "",
                                    r["section_name_en"] or "")
            for r in consultations_repo.exhibitors(store.conn)}


def load(store: EventStore, kind: BookingKind) -> BookingSetup:
    conn = store.conn
    names = exhibitor_names(store)
    return BookingSetup(kind, tuple(event_days(store)), rules(store, kind), resources(store, kind),
                        sessions(store, kind), tuple(request_record(r, names) for r in bookings_repo.requests(conn, kind)),
                        names)


def request_record(row: dict[str, Any], names: dict[str, ExhibitorNames]) -> RequestRecord:
    exhibitor = names.get(row["exhibitor_id"])
    return RequestRecord(
        row["id"], BookingKind(row["kind"]), row["exhibitor_id"], exhibitor.name if exhibitor else row["exhibitor_id"],
        tuple(windows_from_json(row["windows"])), row["products"], row["host"], row["channel"], row["priority"],
        dt.datetime.fromisoformat(row["requested_at"]) if row["requested_at"] else None, row["note"], row["source"],
        exhibitor.booth if exhibitor else "", exhibitor.sector if exhibitor else "")


def windows_from_json(stored: list[list[str]]) -> list[Window]:
    return [Window(dt.date.fromisoformat(day), dt.time.fromisoformat(start), dt.time.fromisoformat(end))
            for day, start, end in stored]


def windows_to_json(windows: Sequence[Window]) -> list[list[str]]:
    return [[w.day.isoformat(), w.start.strftime("%H:%M"), w.end.strftime("%H:%M")] for w in sorted(windows)]


# Resources ------------------------------------------------------------------------------------

def resources(store: EventStore, kind: BookingKind) -> tuple[Resource, ...]:
    return tuple(Resource(int(r["number"]), r["name"], r["zone_id"], float(r["x"]), float(r["y"]))
                 for r in bookings_repo.resources(store.conn, kind.value))


def zone_for(store: EventStore, kind: BookingKind) -> str | None:
    """The floor plan's zone the kind's resources go in by default (see DEFAULT_ZONE_KINDS)."""
    zones = load_plan(store).zones
    for zone_kind in DEFAULT_ZONE_KINDS[kind]:
        found = next((z.id for z in zones if z.kind == zone_kind), None)
        if found is not None:
            return found
    return None


def place_resources(store: EventStore, kind: BookingKind, names: Sequence[str], zone_id: str | None = None
                    ) -> BookingsChanged:
    """Numbered resources (1 … len(names)), placed in a grid inside their zone on the floor plan,
    as the consultation tables are. Resources still holding bookings cannot be removed."""
    require(store, Action.PLAN_MEETINGS)
    count = len(names)
    if not 1 <= count <= MAX_RESOURCES:
        raise SetupError(f"Place between 1 and {MAX_RESOURCES} {'sets' if kind == BookingKind.STUDIO else 'corners'}.")
    zone_id = zone_id or zone_for(store, kind)
    zone = next((z for z in load_plan(store).zones if z.id == zone_id), None)
    if zone is None:
        raise SetupError("The floor plan has no studio zone: draw one (zone kind Studio) first.")
    # the photo corner usually stands in the studio's zone: keep clear of the other kind's places
    others = [r for other in BookingKind if other != kind for r in resources(store, other) if r.zone_id == zone.id]
    try:
        spots = [spot for spot in grid_positions(zone.polygon, count + len(others), RESOURCE_PITCH_M)
                 if all(math.dist(spot, (r.x, r.y)) >= RESOURCE_SIZE_M for r in others)][:count]
        if len(spots) < count:
            raise ZoneTooSmall(count, len(spots) + len(others))
    except ZoneTooSmall as too_small:
        fits = max(too_small.fits - len(others), 0)
        raise SetupError(f"The zone {zone.name} holds {fits} at most, not {count}: enlarge it on the floor "
                         "plan or place fewer.") from None
    with store.write() as conn:
        held = sorted(n for n in bookings_repo.resources_in_use(conn, kind.value) if n > count)
        if held:
            raise SetupError(f"Number {', '.join(map(str, held))} still has bookings: move them in the schedule first, "
                             f"or keep at least {held[-1]}.")
        bookings_repo.replace_resources(conn, kind.value, [
            {"number": n, "name": name.strip(), "zone_id": zone.id, "x": x, "y": y}
            for n, (name, (x, y)) in enumerate(zip(names, spots, strict=True), start=1)], store.stamps())
        audit_repo.append(conn, store.stamp, "booking_resources", "zone", zone.id, {"kind": kind.value, "count": count})
    return BookingsChanged((kind.value,), setup=True)


# Sessions -------------------------------------------------------------------------------------

def sessions(store: EventStore, kind: BookingKind) -> tuple[Session, ...]:
    return tuple(Session(dt.date.fromisoformat(r["day"]), dt.time.fromisoformat(r["starts"]),
                         dt.time.fromisoformat(r["ends"]), int(r["slot_minutes"]),
                         tuple((dt.time.fromisoformat(a), dt.time.fromisoformat(b)) for a, b in r["breaks"]),
                         int(r["gap_minutes"]))
                 for r in bookings_repo.sessions(store.conn, kind.value))


def set_session(store: EventStore, kind: BookingKind, session: Session) -> BookingsChanged:
    require(store, Action.PLAN_MEETINGS)
    if session.day not in event_days(store):
        raise SetupError(f"{session.day.isoformat()} is not a day of the event.")
    if session.end <= session.start:
        raise SetupError("The session must end after it starts.")
    if not 5 <= session.slot_minutes <= 240:
        raise SetupError("A slot lasts between 5 and 240 minutes (40 for a broadcast, 20 for a shoot is usual).")
    if not 0 <= session.gap_minutes <= 120:
        raise SetupError("The changeover between slots is between 0 and 120 minutes.")
    for start, end in session.breaks:
        if end <= start:
            raise SetupError(f"The break at {start.strftime('%H:%M')} must end after it starts.")
    if not build_slots(session):
        raise SetupError("Not one slot fits between the start and the end: lengthen the hours or shorten the slot.")
    with store.write() as conn:
        _clear_off_grid(conn, store, kind, session.day, set(build_slots(session)))
        bookings_repo.put_session(conn, {
            "kind": kind.value, "day": session.day.isoformat(), "starts": session.start.strftime("%H:%M"),
            "ends": session.end.strftime("%H:%M"), "slot_minutes": session.slot_minutes,
            "gap_minutes": session.gap_minutes,
            "breaks_json": [[a.strftime("%H:%M"), b.strftime("%H:%M")] for a, b in session.breaks]}, store.stamps())
    return BookingsChanged((kind.value,), setup=True, reload=True)


def remove_session(store: EventStore, kind: BookingKind, day: dt.date) -> BookingsChanged:
    require(store, Action.PLAN_MEETINGS)
    with store.write() as conn:
        _clear_off_grid(conn, store, kind, day, set())
        bookings_repo.delete_session(conn, kind.value, day.isoformat())
    return BookingsChanged((kind.value,), setup=True, reload=True)


def _clear_off_grid(conn: sqlite3.Connection, store: EventStore, kind: BookingKind, day: dt.date,
                    slots: set[Slot]) -> None:
    """New hours for a day (or none): the solver's bookings that no longer fall on a slot go (the
    next solve places their requests again); a booking someone fixed, or that took place, has
    results or a note, refuses the change with what to do, so no booking is left where no grid
    shows it (yet still holding a set, the gate and the exhibitor's limit)."""
    standing = [b for b in map(BookingRecord.from_row, bookings_repo.bookings(conn, kind.value, day=day.isoformat()))
                if b.occupies and b.slot not in slots]
    held = [b for b in standing if not b.replaceable]
    if held:
        names = exhibitor_names(store)
        listed = ", ".join(f"{b.starts:%H:%M} {names[b.exhibitor_id].name if b.exhibitor_id in names else ''}"
                           for b in held[:3])
        raise SetupError(f"{len(held)} booking(s) of {day.isoformat()} would fall outside the new hours ({listed}): "
                         "move them to a slot the new hours keep, or cancel them, then change the hours.")
    bookings_repo.delete_many(conn, [b.id for b in standing])
