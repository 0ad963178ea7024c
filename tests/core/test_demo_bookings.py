"""The demo event's studio and photo corner: set up in the studio zone, requested, allocated with
no double booking, and day one's results entered once the day was played; the same seed gives the
same bookings."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from event_templates import EventTemplates

from expo_console.domain.booking_records import BookingStatus
from expo_console.domain.bookings import BookingKind, double_bookings
from expo_console.services.bookings import setup
from expo_console.services.bookings.schedule import bookings, waiting_list
from expo_console.services.demo.event import create_demo_event
from expo_console.storage.connection import EventStore, open_event_file
from support import TEST_STAMP


@pytest.fixture(scope="module")
def demo(event_templates: EventTemplates, tmp_path_factory: pytest.TempPathFactory) -> Iterator[EventStore]:
    """The demo as `expo-console demo` makes it (day one played), with 60 visitors."""
    path = event_templates.demo(visitors=60, simulate_first_day=True).copy_to(tmp_path_factory.mktemp("d") / "d.expo")
    with contextlib.closing(open_event_file(path, TEST_STAMP)) as store:
        yield store


def test_the_studio_and_the_photo_corner_are_set_up_side_by_side_in_the_studio_zone(demo: EventStore) -> None:
    studio, photo = setup.load(demo, BookingKind.STUDIO), setup.load(demo, BookingKind.PHOTO)
    assert [r.name for r in studio.resources] == ["A세트", "B세트"] and [r.name for r in photo.resources] == ["포토존"]
    zone = setup.zone_for(demo, BookingKind.STUDIO)
    spots = [(r.x, r.y) for r in (*studio.resources, *photo.resources)]
    assert {r.zone_id for r in (*studio.resources, *photo.resources)} == {zone} and len(set(spots)) == 3
    assert len(studio.slots_on(studio.days[0])) == 7 and len(photo.slots_on(photo.days[0])) == 18  # lunch kept free
    assert all(not (dt.time(12) <= s.start < dt.time(13)) for s in (*studio.slots, *photo.slots))
    assert (len(studio.requests), len(photo.requests)) == (60, 80)
    assert all(r.host and r.channel for r in studio.requests)
    assert {r.channel for r in studio.requests} >= {"네이버 쇼핑라이브", "쿠팡라이브"}
    asked_twice = len(photo.requests) - len({r.exhibitor_id for r in photo.requests})
    assert asked_twice > 0 and any(r.windows for r in photo.requests) and any(not r.windows for r in photo.requests)


def test_the_bookings_never_double_book_and_leave_a_waiting_list(demo: EventStore) -> None:
    for kind in BookingKind:
        made = bookings(demo, kind)
        assert made and double_bookings([b.as_booking() for b in made]) == []
        limit = setup.rules(demo, kind).max_per_exhibitor
        per_exhibitor = [sum(1 for b in made if b.exhibitor_id == e) for e in {b.exhibitor_id for b in made}]
        assert max(per_exhibitor) <= limit
        assert waiting_list(demo, kind)  # more asked than there are slots in the times people want


def test_day_one_has_its_results_and_a_no_show_and_the_other_days_none(demo: EventStore) -> None:
    first = setup.load(demo, BookingKind.STUDIO).days[0]
    broadcasts = bookings(demo, BookingKind.STUDIO, day=first)
    shoots = bookings(demo, BookingKind.PHOTO, day=first)
    assert any(b.status == BookingStatus.NO_SHOW for b in broadcasts)
    assert any(b.status == BookingStatus.NO_SHOW for b in shoots)
    held = [b for b in broadcasts if b.status == BookingStatus.HELD]
    assert held and all(b.viewers and b.peak_viewers and b.peak_viewers <= b.viewers and b.orders is not None
                        and b.sales_krw is not None for b in held)
    assert all(10 <= (b.photos_delivered or 0) <= 30 for b in shoots if b.status == BookingStatus.HELD)
    later = [b for kind in BookingKind for b in bookings(demo, kind) if b.day != first]
    assert later and all(b.status == BookingStatus.BOOKED and not b.has_results for b in later)


def placed(store: EventStore, kind: BookingKind, names: dict[str, str]) -> list[tuple[str, object, int]]:
    return sorted((names[b.exhibitor_id], b.slot, b.resource) for b in bookings(store, kind))


def test_the_same_seed_gives_the_same_bookings_and_the_flag_leaves_them_out(tmp_path: Path, demo: EventStore) -> None:
    again = create_demo_event(tmp_path / "again.expo", TEST_STAMP, visitors=0)
    without = create_demo_event(tmp_path / "without.expo", TEST_STAMP, visitors=0, bookings=False)
    try:
        names = {e.id: e.name for e in setup.exhibitor_names(demo).values()}
        names_again = {e.id: e.name for e in setup.exhibitor_names(again).values()}
        for kind in BookingKind:
            assert placed(again, kind, names_again) == placed(demo, kind, names)
            assert bookings(without, kind) == [] and setup.load(without, kind).requests == ()
            assert setup.resources(without, kind) == () and setup.sessions(without, kind) == ()
    finally:
        again.close()
        without.close()
