"""Change objects: what a service changed, for the GUI hub to broadcast to every open view.

A service that writes returns one (alone, in a tuple, or as its result's `change`); the GUI's
op-runner (gui/ops.py) finds it and broadcasts it. A new kind of change is added here, to
CHANGE_TYPES, and to the hub's broadcast.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class VisitorsChanged:
    upserted: tuple[str, ...] = ()
    deleted: tuple[str, ...] = ()
    # True when so much changed (an import) that views should reload rather than patch.
    reload: bool = False


@dataclass(frozen=True, slots=True)
class LayoutChanged:
    """Booths or zones written or removed; `hall` when the outline, doors or background changed."""

    booths: tuple[str, ...] = ()
    zones: tuple[str, ...] = ()
    hall: bool = False
    reload: bool = False
    rules: bool = False  # the layout rules or the plan's lock changed: checks and editors follow


@dataclass(frozen=True, slots=True)
class TrafficChanged:
    """Traffic settings (dwell timeouts, capacity, closing time, lane rate) or a head count."""

    settings: bool = False
    counts: bool = False


@dataclass(frozen=True, slots=True)
class GatesChanged:
    """The gates' access rules changed: stations show the new rule (they apply it from the next scan)."""

    rules: bool = True


@dataclass(frozen=True, slots=True)
class MeetingsChanged:
    """Consultation meetings written or removed (`reload`: a solve or an import, reload them all);
    `setup`: the zone's setup changed (people, tables, sessions, requests)."""

    meetings: tuple[str, ...] = ()
    reload: bool = False
    setup: bool = False


@dataclass(frozen=True)
class BookingsChanged:
    """Studio or photo bookings written or removed (`reload`: a solve or an import); `setup`: the
    kind's sets, sessions, rules or requests changed. `kinds` names which ('studio', 'photo')."""

    kinds: tuple[str, ...] = ()
    bookings: tuple[str, ...] = ()
    reload: bool = False
    setup: bool = False


CHANGE_TYPES = (VisitorsChanged, LayoutChanged, TrafficChanged, GatesChanged, MeetingsChanged, BookingsChanged)
