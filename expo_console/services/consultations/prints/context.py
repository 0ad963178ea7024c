"""What every printed page reads, whatever it prints: the event's names, its time zone, when the
file was made, and the small map of the zone the reader goes to (its outline, its numbered spots
— the consultation tables, the studio's sets, the photo corner — and the booths around it).

The consultations' schedules (book.Book) and the studio's and photo corner's prints
(services/bookings/prints) both start from this, so their page frames and maps are one code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from expo_console.domain.floor_plan import Booth, Door, Zone
from expo_console.domain.layout_geometry import Point
from expo_console.services.consultations.setup import TABLE_SIZE_M
from expo_console.services.events import event_row
from expo_console.services.layout.floor_plan import load_plan
from expo_console.storage.connection import EventStore

CONTEXT_METRES = 3.0  # how much of the hall around the zone its map shows
TABLES_LEGEND = "상담 테이블 Your tables"


class Spot(Protocol):
    """A numbered place in the zone: a consultation table, a studio set, a photo corner."""

    @property
    def number(self) -> int: ...
    @property
    def zone_id(self) -> str | None: ...
    @property
    def x(self) -> float: ...
    @property
    def y(self) -> float: ...


@dataclass(frozen=True)
class ZoneMap:
    """The zone as its small map draws it, in hall metres (y up from the lobby)."""

    name: str
    name_en: str
    colour: str
    outline: tuple[Point, ...]  # empty when the spots' zone is no longer on the plan
    tables: tuple[Spot, ...]  # the numbered spots: tables, sets, corners
    booths: tuple[Booth, ...]  # the booths around it, for bearings
    hall_outline: tuple[Point, ...]
    doors: tuple[Door, ...] = ()  # the hall's doors near it (an exit beside the zone)
    spot_m: float = TABLE_SIZE_M  # a spot's side as drawn
    legend: str = TABLES_LEGEND  # what a filled-in spot is, under the map

    @property
    def view(self) -> tuple[float, float, float, float]:
        """(left, bottom, width, height) of what the map shows: the zone and its spots, with a
        margin of the hall around them."""
        points = list(self.outline) + [(t.x, t.y) for t in self.tables]
        if not points:
            return 0.0, 0.0, 1.0, 1.0
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        left, bottom = min(xs) - CONTEXT_METRES, min(ys) - CONTEXT_METRES
        return left, bottom, max(xs) + CONTEXT_METRES - left, max(ys) + CONTEXT_METRES - bottom


@dataclass(frozen=True)
class ZoneLook:
    """How a kind of zone is named and drawn when the plan does not say (no zone of its kind)."""

    kinds: tuple[str, ...]  # the plan's zone kinds to look for, in order
    name: str
    name_en: str
    colour: str
    spot_m: float = TABLE_SIZE_M
    legend: str = TABLES_LEGEND


CONSULTATION_ZONE = ZoneLook(("consultation",), "구매상담존", "Consultation zone", "#8e44ad")


@dataclass(frozen=True)
class PrintContext:
    event_name: str
    event_name_en: str
    time_zone: str  # 'Asia/Seoul'
    zone_abbreviation: str  # 'KST'
    made_at: str  # when the file was made, in the event's time: '2022-10-04 08:30 KST'
    zone: ZoneMap | None

    @property
    def times_note(self) -> str:
        return (f"시각은 행사 현지 시각 ({self.zone_abbreviation}) · Times are local to the event "
                f"({self.time_zone}, {self.zone_abbreviation})")


def context_fields(store: EventStore, zone: ZoneMap | None, day: dt.date | None,
                   now: dt.datetime | None = None) -> dict[str, Any]:
    """The PrintContext's fields for a print of the event (a subclass adds its own): the zone's
    abbreviation is the one in force at noon on `day` (summer time, where there is one)."""
    event = event_row(store)
    zone_name = str(event.get("timezone") or "Asia/Seoul")
    try:
        tz = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        zone_name, tz = "Asia/Seoul", ZoneInfo("Asia/Seoul")
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(tz)
    reference = dt.datetime.combine(day or moment.date(), dt.time(12), tz)
    return {"event_name": str(event.get("name") or ""), "event_name_en": str(event.get("name_en") or ""),
            "time_zone": zone_name, "zone_abbreviation": reference.tzname() or zone_name,
            "made_at": f"{moment:%Y-%m-%d %H:%M} {moment.tzname()}", "zone": zone}


def load_zone_map(store: EventStore, spots: Sequence[Spot], look: ZoneLook = CONSULTATION_ZONE) -> ZoneMap | None:
    """The zone the spots stand in (the first of the look's kinds on the plan when they name
    none), with the booths and doors around it; None when there is neither a zone nor a spot."""
    plan = load_plan(store)
    zone: Zone | None = None
    wanted = next((t.zone_id for t in spots if t.zone_id), None)
    if wanted is not None:
        zone = next((z for z in plan.zones if z.id == wanted), None)
    for kind in look.kinds:
        if zone is None:
            zone = next((z for z in plan.zones if z.kind == kind), None)
    if zone is None and not spots:
        return None
    outline = zone.polygon if zone is not None else ()
    draft = ZoneMap(zone.name if zone else look.name, zone.name_en if zone else look.name_en,
                    zone.colour if zone else look.colour, tuple(outline), tuple(spots), (), plan.hall.outline,
                    spot_m=look.spot_m, legend=look.legend)
    left, bottom, width, height = draft.view
    near = tuple(b for b in plan.booths if _overlaps(b, left, bottom, width, height))
    doors = tuple(d for d in plan.hall.doors
                  if left <= max(d.start[0], d.end[0]) and min(d.start[0], d.end[0]) <= left + width
                  and bottom <= max(d.start[1], d.end[1]) and min(d.start[1], d.end[1]) <= bottom + height)
    return ZoneMap(draft.name, draft.name_en, draft.colour, draft.outline, draft.tables, near, draft.hall_outline,
                   doors, look.spot_m, look.legend)


def _overlaps(booth: Booth, left: float, bottom: float, width: float, height: float) -> bool:
    return (booth.x < left + width and booth.x + booth.width > left
            and booth.y < bottom + height and booth.y + booth.depth > bottom)
