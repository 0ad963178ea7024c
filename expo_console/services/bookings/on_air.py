"""The dashboard's *on air* board: the studio's broadcast on air now and the next one, and the
studio zone it takes place in (whose occupancy the dashboard already counts).

Everything is in the event's time: `now` is an aware moment (the caller's clock, so a test or a
replayed day sets it), turned into the event's timezone as the consultations' live board does.
A broadcast is on air from its start until just before its end; a no-show's or a cancelled
booking is not on air. Several sets may be on air at once: `on_air` lists them, and the next one
is the first to start after `now` today (several at that minute: the lowest set first).

Reads are a handful of small statements (the day's bookings, their requests, the exhibitors'
names and the sets), so the board reads again on every change of the bookings and when a
broadcast begins or ends; between those its countdown only does arithmetic.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from expo_console.domain.booking_records import BookingRecord
from expo_console.domain.bookings import BookingKind
from expo_console.services.bookings import schedule, setup
from expo_console.services.consultations.live_board import now_local
from expo_console.storage import bookings_repo
from expo_console.storage.connection import EventStore


@dataclass(frozen=True)
class Broadcast:
    """One broadcast as the board shows it."""

    booking_id: str
    day: dt.date
    starts: dt.time
    ends: dt.time
    set_number: int
    set_name: str  # '' when the set has no name of its own
    exhibitor: str
    exhibitor_en: str
    booth: str
    products: str
    host: str
    channel: str

    def start_at(self) -> dt.datetime:
        return dt.datetime.combine(self.day, self.starts)

    def end_at(self) -> dt.datetime:
        return dt.datetime.combine(self.day, self.ends)


@dataclass(frozen=True)
class OnAir:
    """The board at one moment (`now`: the event's local time, naive)."""

    now: dt.datetime
    on_air: tuple[Broadcast, ...]  # under way now, by set
    next: Broadcast | None  # the first to start later today
    studio_zone_id: str | None  # where the sets stand: the dashboard shows its occupancy
    broadcasts_today: int  # how many stand today (on air, done and to come)
    set_up: bool = True  # the event has a studio (a set or a session): the dashboard shows the board

    @property
    def current(self) -> Broadcast | None:
        return self.on_air[0] if self.on_air else None

    def seconds_to_end(self, now: dt.datetime) -> int | None:
        """Until the broadcast on air ends (the first to end of several), at `now` (local, naive)."""
        if not self.on_air:
            return None
        return max(0, int((min(b.end_at() for b in self.on_air) - now).total_seconds()))

    def seconds_to_next(self, now: dt.datetime) -> int | None:
        return None if self.next is None else max(0, int((self.next.start_at() - now).total_seconds()))

    def changes_by(self, now: dt.datetime) -> bool:
        """Whether a broadcast has begun or ended since it was read: time to read again."""
        ended = any(now >= b.end_at() for b in self.on_air)
        begun = self.next is not None and now >= self.next.start_at()
        return ended or begun or now.date() != self.now.date()


def local_now(store: EventStore, now: dt.datetime | None = None) -> dt.datetime:
    """The event's local time (naive) at `now`, an aware moment (default: the clock)."""
    return now_local(store, now).replace(tzinfo=None)


def now_and_next(records: Sequence[BookingRecord], now: dt.datetime) -> tuple[list[BookingRecord],
                                                                            BookingRecord | None]:
    """Of a day's bookings, those on air at `now` (local, naive) by set, and the next to start."""
    standing = [r for r in records if r.occupies and r.day == now.date()]
    clock = now.time()
    on = sorted((r for r in standing if r.starts <= clock < r.ends), key=lambda r: r.resource)
    later = sorted((r for r in standing if r.starts > clock), key=lambda r: (r.starts, r.resource))
    return on, later[0] if later else None


def on_air(store: EventStore, now: dt.datetime | None = None, kind: BookingKind = BookingKind.STUDIO) -> OnAir:
    """The board at `now` (an aware moment; default the clock), for the studio unless told."""
    local = local_now(store, now)
    records = schedule.bookings(store, kind, day=local.date())
    on, following = now_and_next(records, local)
    resources = setup.resources(store, kind)
    zone_id = next((r.zone_id for r in resources if r.zone_id), None) or setup.zone_for(store, kind)
    shown = [*on, *([following] if following else [])]
    names = setup.exhibitor_names(store) if shown else {}
    set_names = {r.number: r.name for r in resources}
    broadcasts = [_broadcast(store, r, names, set_names) for r in shown]
    return OnAir(local, tuple(broadcasts[:len(on)]), broadcasts[len(on)] if following else None, zone_id,
                 sum(r.occupies for r in records), bool(resources or records or setup.sessions(store, kind)))


def _broadcast(store: EventStore, record: BookingRecord, names: dict[str, setup.ExhibitorNames],
               set_names: dict[int, str]) -> Broadcast:
    request = bookings_repo.request(store.conn, record.request_id) if record.request_id else None
    exhibitor = names.get(record.exhibitor_id)
    return Broadcast(
        record.id, record.day, record.starts, record.ends, record.resource, set_names.get(record.resource, ""),
        exhibitor.name if exhibitor else record.exhibitor_id, exhibitor.name_en if exhibitor else "",
        exhibitor.booth if exhibitor else "", str(request["products"]) if request else "",
        str(request["host"]) if request else "", str(request["channel"]) if request else "")
