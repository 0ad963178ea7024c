"""Zone traffic settings, the counted zones and their capacities, and operators' head counts.

A zone is counted when it has a zone gate; its capacity comes from the floor plan (its area at
the event's m² per person, or the number the organizer typed). The hall's capacity is its area
at the same rate unless set. Dwell timeouts have defaults by zone kind (how long people stay
at a tasting counter differs from a buyer meeting) and can be set per zone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from expo_console.domain.access import Action
from expo_console.domain.ids import new_id
from expo_console.domain.layout_geometry import Point, polygon_contains
from expo_console.domain.occupancy import HALL, ZoneRule
from expo_console.services import event_settings
from expo_console.services.access import require
from expo_console.services.changes import TrafficChanged
from expo_console.services.events import event_row
from expo_console.services.layout import floor_plan
from expo_console.storage import audit_repo, gates_repo, occupancy_repo, scans_repo
from expo_console.storage.connection import EventStore, parse_utc_stamp, utc_stamp

SETTING = event_settings.TRAFFIC.key
DEFAULT_TIMEOUT_MIN = {"theme": 45, "consultation": 90, "studio": 60, "organizer": 30, "section": 120, "other": 60}
DEFAULT_LANE_PER_MINUTE = 12.0  # one scanning lane: a badge every 5 s
DEFAULT_CLOSING = "18:30"  # the expo closes at 18:00; the last visitors are out by half past


class TrafficError(ValueError):
    """A traffic setting or head count that cannot be taken; the message says why."""


@dataclass(frozen=True, slots=True)
class CountedZone:
    id: str
    name: str
    name_en: str
    kind: str
    colour: str
    capacity: int
    timeout_min: float | None
    polygon: tuple[Point, ...]


def settings(store: EventStore) -> dict[str, Any]:
    stored: dict[str, Any] = event_settings.get(store, event_settings.TRAFFIC)
    return dict(stored)


def _put(store: EventStore, key: str, value: Any) -> TrafficChanged:
    event_settings.put(store, event_settings.TRAFFIC, {**settings(store), key: value})
    return TrafficChanged(settings=True)


def set_zone_timeout(store: EventStore, zone_id: str, minutes: float) -> TrafficChanged:
    _check_timeouts({zone_id: minutes})
    return _put(store, "timeouts_min", {**settings(store).get("timeouts_min", {}), zone_id: minutes})


def set_hall_capacity(store: EventStore, capacity: int | None) -> TrafficChanged:
    _check_capacity(capacity)
    return _put(store, "hall_capacity", capacity)


def set_closing_time(store: EventStore, closes: dt.time) -> TrafficChanged:
    _check_closing(closes)
    return _put(store, "closes_at", closes.strftime("%H:%M"))


def set_lane_per_minute(store: EventStore, per_minute: float) -> TrafficChanged:
    _check_lane(per_minute)
    return _put(store, "lane_per_minute", per_minute)


def _check_timeouts(timeouts_min: dict[str, float]) -> None:
    if any(not 5 <= minutes <= 24 * 60 for minutes in timeouts_min.values()):
        raise TrafficError("A dwell timeout is between 5 minutes and 24 hours.")


def _check_capacity(capacity: int | None) -> None:
    if capacity is not None and capacity <= 0:
        raise TrafficError("The hall's capacity must be a positive number of people.")


def _check_closing(closes: dt.time) -> None:
    if closes < dt.time(6, 0):
        raise TrafficError("The hall closes after 06:00 on the day it opened; choose a later time.")


def _check_lane(per_minute: float) -> None:
    if not 1 <= per_minute <= 120:
        raise TrafficError("A scanning lane handles between 1 and 120 people a minute.")


def save_settings(store: EventStore, *, hall_capacity: int | None, closes: dt.time, lane_per_minute: float,
                  timeouts_min: dict[str, float]) -> TrafficChanged:
    """The dashboard's settings dialog as one write: each value is checked first (the first bad
    one is refused with its reason), then all are stored together, or none."""
    _check_timeouts(timeouts_min)
    _check_capacity(hall_capacity)
    _check_closing(closes)
    _check_lane(lane_per_minute)
    current = settings(store)
    event_settings.put(store, event_settings.TRAFFIC, {
        **current, "timeouts_min": {**current.get("timeouts_min", {}), **timeouts_min},
        "hall_capacity": hall_capacity, "closes_at": closes.strftime("%H:%M"), "lane_per_minute": lane_per_minute})
    return TrafficChanged(settings=True)


def closing_time(store: EventStore) -> dt.time:
    """When the hall closes (local time); whoever is still counted inside then left unseen."""
    return dt.time.fromisoformat(settings(store).get("closes_at", DEFAULT_CLOSING))


def lane_per_minute(store: EventStore) -> float:
    return float(settings(store).get("lane_per_minute", DEFAULT_LANE_PER_MINUTE))


def event_zone(store: EventStore) -> ZoneInfo:
    return ZoneInfo(event_row(store)["timezone"] or "Asia/Seoul")


def event_days(store: EventStore) -> list[dt.date]:
    event = event_row(store)
    first, last = dt.date.fromisoformat(event["starts_on"]), dt.date.fromisoformat(event["ends_on"])
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def default_day(store: EventStore, today: dt.date | None = None) -> dt.date:
    """The day to show first: today during the event, else the day of the latest scan, else day one."""
    days = event_days(store)
    today = today or dt.datetime.now(event_zone(store)).date()
    if today in days:
        return today
    latest = scans_repo.latest_scanned_at(store.conn)
    if latest is not None:
        day = parse_utc_stamp(latest).astimezone(event_zone(store)).date()
        if day in days:
            return day
    return days[0]


def counted_zones(store: EventStore) -> list[CountedZone]:
    """The zones that have a gate, with capacity and dwell timeout, in the plan's order."""
    plan = floor_plan.load_plan(store)
    per_person = floor_plan.rules(store).area_per_person_m2
    timeouts = settings(store).get("timeouts_min", {})
    gated = gates_repo.gated_zone_ids(store.conn)
    return [CountedZone(z.id, z.name, z.name_en, z.kind, z.colour, z.effective_capacity(per_person),
                        timeouts.get(z.id, DEFAULT_TIMEOUT_MIN.get(z.kind, 60)), z.polygon)
            for z in plan.zones if z.id in gated]


def hall_capacity(store: EventStore) -> int:
    chosen = settings(store).get("hall_capacity")
    return int(chosen) if chosen else hall_capacity_from_area(store)


def hall_capacity_from_area(store: EventStore) -> int:
    return int(floor_plan.current_hall(store).area / floor_plan.rules(store).area_per_person_m2)


def _nested(inner: tuple[Point, ...], outer: tuple[Point, ...]) -> bool:
    return bool(inner) and bool(outer) and all(polygon_contains(outer, p) for p in inner)


def zone_rules(zones: list[CountedZone]) -> list[ZoneRule]:
    """Two zones can hold someone at once only when one lies inside the other (anti-passback)."""
    rules = []
    for zone in zones:
        overlaps = frozenset(other.id for other in zones if other.id != zone.id and (
            _nested(zone.polygon, other.polygon) or _nested(other.polygon, zone.polygon)))
        timeout = None if zone.timeout_min is None else zone.timeout_min * 60
        rules.append(ZoneRule(zone.id, zone.capacity, timeout, overlaps))
    return rules


def gate_places(store: EventStore) -> dict[str, tuple[str, str]]:
    """gate id -> (kind, the place it counts: a zone id, or HALL)."""
    return {gate_id: (kind, zone_id if kind == "zone_gate" and zone_id else HALL)
            for gate_id, kind, zone_id in gates_repo.kinds_and_zones(store.conn)}


# --- head counts ---------------------------------------------------------------------------------

def correct_count(store: EventStore, zone_id: str, count: int, *, shown_before: int | None = None,
                  note: str = "", at: dt.datetime | None = None) -> TrafficChanged:
    """Record a head count for a zone (or HALL); the dashboard carries it forward. Audited."""
    require(store, Action.HEAD_COUNT)
    if count < 0:
        raise TrafficError("A head count cannot be negative.")
    if zone_id != HALL and zone_id not in gates_repo.gated_zone_ids(store.conn):
        raise TrafficError(f"There is no counted zone '{zone_id}' (a zone needs a zone gate to be counted).")
    stamp = utc_stamp(at or dt.datetime.now(dt.UTC))
    correction_id = new_id()
    with store.write() as conn:
        occupancy_repo.insert(conn, correction_id, zone_id, stamp, count, shown_before, note.strip()[:200],
                              store.stamp.operator, store.stamp.desk_id)
        audit_repo.append(conn, store.stamp, "head_count", "zone", zone_id,
                          {"count": count, "shown_before": shown_before, "counted_at": stamp, "note": note})
    return TrafficChanged(counts=True)


def corrections(store: EventStore, start: str, end: str) -> list[tuple[str, str, str, int]]:
    """(id, zone, counted_at, count) recorded for times in [start, end), oldest first."""
    return occupancy_repo.between(store.conn, start, end)


@dataclass(frozen=True, slots=True)
class HeadCount:
    zone_id: str
    counted_at: str  # UTC stamp
    count: int
    shown_before: int | None
    note: str
    operator: str


def head_counts(store: EventStore, start: str, end: str) -> list[HeadCount]:
    """The head counts recorded for times in [start, end), oldest first, with who took them."""
    return [HeadCount(*row) for row in occupancy_repo.head_counts_between(store.conn, start, end)]
