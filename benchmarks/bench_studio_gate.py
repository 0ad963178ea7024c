"""An exhibitor's staff member let in at the studio's gate under its booking rule (the day's
bookings read and the badge's company matched to the booked exhibitors, in the scan's
transaction) against the same scan at a hall gate, on the same file, in alternating blocks, as
bench_checkin.run_zone_gate measures the consultation gate.

The studio has two sets and a session 10:00–17:30 each of the four days (40-minute broadcasts,
10-minute changeover: 9 slots a set a day), every slot booked by one of the demo's 95 exhibitors.
"""

from __future__ import annotations

import datetime as dt
import random
import tempfile
import time
from pathlib import Path

from benchmarks.bench_checkin import START, _fill
from benchmarks.harness import Figure, Report, percentile
from expo_console.domain.bookings import Booking, BookingKind
from expo_console.domain.checkin import Verdict
from expo_console.domain.consultations import Session, build_slots
from expo_console.domain.meeting_records import Origin
from expo_console.services.badges.codes import issue_badges
from expo_console.services.bookings import schedule
from expo_console.services.bookings import setup as booking_setup
from expo_console.services.checkin.gates import find_gate
from expo_console.services.checkin.scanning import ScanContext, Station, scan
from expo_console.services.demo.event import create_demo_event
from expo_console.storage import bookings_repo
from expo_console.storage.connection import Stamp

SETS = 2


def run(report: Report, visitors: int, samples: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = create_demo_event(Path(folder) / "studio.expo", Stamp("bench", "bench", "organizer"), visitors=0,
                                  bookings=False)  # its own studio
        ids = _fill(store, visitors, 0)
        kind = BookingKind.STUDIO
        days = [START.date() + dt.timedelta(days=n) for n in range(4)]
        for day in days:
            booking_setup.set_session(store, kind, Session(day, dt.time(10), dt.time(17, 30), slot_minutes=40,
                                                           gap_minutes=10))
        booking_setup.place_resources(store, kind, [f"Set {n}" for n in range(1, SETS + 1)])
        exhibitors = sorted(booking_setup.exhibitor_names(store).values(), key=lambda e: e.id)
        slots = [slot for day in days for slot in build_slots(Session(day, dt.time(10), dt.time(17, 30), 40,
                                                                      gap_minutes=10))]
        booked: dict[str, dt.datetime] = {}  # exhibitor id → the start of its slot on the measured day
        with store.write() as conn:
            for n, (slot, resource) in enumerate((s, r) for s in slots for r in range(1, SETS + 1)):
                exhibitor = exhibitors[n % len(exhibitors)]
                bookings_repo.insert(conn, schedule.new_row(store, kind, Booking(f"bench-{n}", exhibitor.id, slot,
                                                                                 resource), Origin.SOLVER))
                if slot.day == days[3]:
                    booked.setdefault(exhibitor.id, dt.datetime.combine(slot.day, slot.start))
        # staff of the exhibitors booked that day, their company as the exhibitor's name
        staff = random.Random(13).sample(ids, 2 * samples)
        companies = [e for e in exhibitors if e.id in booked]
        company_of = {person: companies[n % len(companies)] for n, person in enumerate(staff)}
        with store.write() as conn:
            conn.executemany("UPDATE visitors SET visitor_class = 'exhibitor_staff', company = ? WHERE id = ?",
                             [(company_of[p].name, p) for p in staff])
        codes = {p: badge.code for p, badge in zip(staff, issue_badges(store, staff)[0], strict=True)}
        studio_gate = ScanContext(store, Station("studio", find_gate(store, "라이브커머스 스튜디오 게이트")["id"]))
        hall_gate = ScanContext(store, Station("hall", find_gate(store, "B홀 측면 출입구")["id"]))
        assert studio_gate.gate.booking is not None  # the demo's studio: "both" (its photo corner stands in it)
        seoul = dt.timezone(dt.timedelta(hours=9))

        def moment_for(person: str) -> dt.datetime:  # ten minutes before their company's broadcast
            return (booked[company_of[person].id] - dt.timedelta(minutes=10)).replace(tzinfo=seoul)

        studio_times: list[float] = []
        hall_times: list[float] = []
        block = max(1, samples // 6)
        for start_at in range(0, samples, block):
            for context, chosen, took in ((studio_gate, staff[:samples], studio_times),
                                          (hall_gate, staff[samples:], hall_times)):
                for person in chosen[start_at:start_at + block]:
                    begin = time.perf_counter()
                    result = scan(context, codes[person], now=moment_for(person))[0]
                    took.append(time.perf_counter() - begin)
                    assert result.verdict is Verdict.ADMITTED, result.verdict
        store.close()
    details = {"visitors": visitors, "samples": samples, "bookings": len(slots) * SETS}
    report.add(Figure("scan at the studio gate (booking rule) p50", percentile(studio_times, 50),
                      "same scan at a hall gate p50", percentile(hall_times, 50), target="≤ 1.5× baseline",
                      details=details))
    report.add(Figure("scan at the studio gate p99", percentile(studio_times, 99),
                      "same scan at a hall gate p99", percentile(hall_times, 99), target="p99 < 5 ms", details=details))
