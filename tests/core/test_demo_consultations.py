"""The demo event's consultation zone (services/demo/consultations.py): about 150 buyers, 30 of
them from abroad with their languages, about 1,200 ranked requests of which about 15 % mutual,
interpreters, 20 tables in the 구매상담존 zone, a session a day with its lunch break, a schedule
that double-books nobody, and, once day one was played, that day's outcomes; the same for the same
seed, and scaled to the buyers a smaller demo holds."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from expo_console.domain.consultations import build_slots
from expo_console.domain.layout_geometry import polygon_contains
from expo_console.domain.meeting_records import MeetingStatus
from expo_console.services.consultations import schedule, setup
from expo_console.services.demo.event import HISTORIC_START, create_demo_event
from expo_console.services.layout.floor_plan import load_plan
from expo_console.storage.connection import EventStore
from support import TEST_STAMP

DAY_ONE = HISTORIC_START


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EventStore]:
    """`expo-console demo` at its own size: 3,000 visitors, day one played."""
    store = create_demo_event(tmp_path_factory.mktemp("demo") / "demo.expo", TEST_STAMP, visitors=3000,
                              simulate_first_day=True)
    yield store
    store.close()


@pytest.mark.slow  # the demo at full size, its first day played through the gates
def test_the_full_demo_zone_has_150_buyers_1200_requests_and_a_sound_schedule(full: EventStore) -> None:
    zone = setup.load(full)
    asking = {r.buyer for r in zone.requests}
    buyers = [b for b in zone.buyers if b.id in asking]
    assert len(buyers) == 150
    overseas = [b for b in buyers if b.visitor_class == "overseas_buyer"]
    assert len(overseas) == 30 and {b.country for b in overseas} <= {"CN", "JP", "VN", "US", "ID", "TH"}
    assert {b.language for b in overseas} >= {"zh", "ja", "vi"}
    assert all(b.language == {"CN": "zh", "JP": "ja", "VN": "vi", "US": "en", "ID": "id", "TH": "th"}[b.country]
               for b in overseas)
    assert all(1 <= len(b.days) <= 2 for b in buyers)
    assert 1_100 <= len(zone.requests) <= 1_300
    mutual = sum(r.mutual for r in zone.requests)
    assert 0.10 <= mutual / len(zone.requests) <= 0.20
    # each buyer ranks 5 to 10 exhibitors of the sections they source, 1 … n
    by_buyer: dict[str, list[int]] = {}
    for r in zone.requests:
        if r.buyer_rank is not None:
            by_buyer.setdefault(r.buyer, []).append(r.buyer_rank)
            assert zone.exhibitor_by_id[r.exhibitor].section_code in zone.buyer_by_id[r.buyer].categories
    assert all(sorted(ranks) == list(range(1, len(ranks) + 1)) and 5 <= len(ranks) <= 10
               for ranks in by_buyer.values())
    # the zone: 20 tables inside the 구매상담존 zone, 10:00-17:00 in 30 minutes with lunch off
    polygon = next(z.polygon for z in load_plan(full).zones if z.name == "구매상담존")
    assert len(zone.tables) == 20 and all(polygon_contains(polygon, (t.x, t.y)) for t in zone.tables)
    assert [s.day for s in zone.sessions] == list(zone.days)
    slots = build_slots(zone.sessions[0])
    assert len(slots) == 12 and dt.time(12) not in {s.start for s in slots}
    spoken = {lang for i in zone.interpreters for lang in i.languages}
    assert {b.language for b in buyers} - {"ko", "en"} <= spoken


@pytest.mark.slow
def test_the_demo_schedule_double_books_nobody_and_day_one_has_plausible_outcomes(full: EventStore) -> None:
    zone = setup.load(full)
    met = schedule.meetings(full)
    table_slots = 20 * 12 * 4
    assert 0.8 * table_slots <= len(met) <= table_slots
    for key in (lambda m: (m.slot, m.table), lambda m: (m.slot, m.buyer_id), lambda m: (m.slot, m.exhibitor_id),
                lambda m: (m.slot, m.interpreter_id)):
        keys = [key(m) for m in met if key(m)[1] is not None]
        assert len(keys) == len(set(keys))
    for m in met:
        buyer = zone.buyer_by_id[m.buyer_id]
        assert m.day in buyer.days
        assert (m.interpreter_id is not None) == buyer.record.needs_interpreter
        if m.interpreter_id is not None:
            assert buyer.language in zone.interpreter_by_id[m.interpreter_id].languages
    every_exhibitor = Counter(m.exhibitor_id for m in met)
    assert len(every_exhibitor) == 95  # no SME left without a meeting
    # day one was played: its meetings have their outcome, the other days are still to come
    first = [m for m in met if m.day == DAY_ONE]
    statuses = Counter(m.status for m in first)
    assert statuses[MeetingStatus.SCHEDULED] == 0
    assert 0.8 <= statuses[MeetingStatus.HELD] / len(first) <= 0.95 and statuses[MeetingStatus.NO_SHOW] > 0
    assert all(m.status == MeetingStatus.SCHEDULED for m in met if m.day != DAY_ONE)
    held = [m for m in first if m.status == MeetingStatus.HELD]
    assert all(m.arrived_at for m in held)
    amounts = [m for m in first if m.amount_krw is not None]
    assert {m.status for m in amounts} == {MeetingStatus.HELD} and 0.6 <= len(amounts) / len(held) <= 0.8
    assert {m.amount_currency for m in amounts} == {"KRW", "USD"}
    assert all(1_000_000 <= m.amount_krw <= 2_000_000_000 for m in amounts)  # type: ignore[operator]
    assert 0 < sum(m.contract_expected for m in first) < len(amounts)
    # about twice 2022's zone (70-odd buyers, about 400 consultations over four days)
    assert 150 <= len(held) <= 250


def digest(store: EventStore) -> dict[str, object]:
    """The zone as people see it, by e-mail and company name (ids are random)."""
    conn = store.conn
    email = dict(conn.execute("SELECT id, email FROM visitors").fetchall())
    firm = dict(conn.execute("SELECT id, name FROM exhibitors").fetchall())
    zone = setup.load(store)
    return {
        "requests": sorted((email[r.buyer], firm[r.exhibitor], r.buyer_rank or 0, r.exhibitor_rank or 0)
                           for r in zone.requests),
        "buyers": sorted((email[b.id], b.language, b.days) for b in zone.buyers if b.categories),
        "meetings": sorted((str(m.day), str(m.starts), m.table, email[m.buyer_id], firm[m.exhibitor_id],
                            m.status.value, m.amount_krw or 0) for m in schedule.meetings(store)),
    }


def test_the_same_seed_makes_the_same_zone_and_a_small_demo_still_has_one(tmp_path: Path) -> None:
    made = [create_demo_event(tmp_path / f"{n}.expo", TEST_STAMP, visitors=300, simulate_first_day=True)
            for n in (1, 2)]
    try:
        one, two = (digest(store) for store in made)
        assert one == two
        zone = setup.load(made[0])
        asking = {r.buyer for r in zone.requests}
        # 300 visitors hold about 45 buyers: all of them take part, 5-10 wishes each
        assert 30 <= len(asking) <= 60 and 5 * len(asking) <= len(zone.requests) <= 11 * len(asking)
        assert len(one["meetings"]) > 100  # type: ignore[arg-type]
    finally:
        for store in made:
            store.close()
    empty = create_demo_event(tmp_path / "none.expo", TEST_STAMP, visitors=0)
    try:
        loaded = setup.load(empty)
        assert (loaded.requests, loaded.tables, loaded.sessions, loaded.interpreters) == ((), (), (), ())
    finally:
        empty.close()


def test_expo_console_demo_makes_the_zone_and_its_first_day(tmp_path: Path) -> None:
    path = tmp_path / "demo.expo"
    made = subprocess.run([sys.executable, "-m", "expo_console", "demo", "--db", str(path), "--visitors", "200",
                           "--start", "2022-10-04"], capture_output=True, text=True, timeout=300)
    assert made.returncode == 0, made.stderr
    listed = subprocess.run([sys.executable, "-m", "expo_console", "meetings", "list", "--db", str(path), "--day",
                             "2022-10-04"], capture_output=True, text=True, timeout=120)
    assert listed.returncode == 0, listed.stderr
    day_one = [json.loads(line) for line in listed.stdout.splitlines()]
    assert day_one and {m["status"] for m in day_one} <= {"held", "no_show", "cancelled"}
    assert any(m["amount_krw"] for m in day_one)
