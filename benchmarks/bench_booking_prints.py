"""The studio's prints: every booking's confirmation into one PDF (A4, the studio zone's map with
the set filled in, the Korean font embedded) and every day's running order (A4 on its side),
each against the badge batch of the same exhibitors (A6, one badge a page, a QR each) in the
same run.

The event is the demo without its consultation zone, a studio session 10:00–18:00 (lunch off) on
each of its days with the default 40-minute broadcasts and 10-minute changeover, `sets` sets, and
one request from every exhibitor, allocated first come, first served (the figure is the
printing). Figures: the time per page of each against the time per page of the badges, medians
of alternating runs; the details say how many pages and bookings. A running order's page is a
table of about twelve broadcasts in eight columns (some 450 runs of text against a badge's ten
and a QR code), so its target is wider than a confirmation's.
"""

from __future__ import annotations

import datetime as dt
import statistics
import tempfile
from pathlib import Path

from benchmarks.harness import Figure, Report, timed
from expo_console.domain.badge_code import BadgeFields, make_code
from expo_console.domain.bookings import KIND_DEFAULTS, BookingKind
from expo_console.domain.consultations import Session
from expo_console.domain.visitors import VisitorClass
from expo_console.services.badge_print.render import BadgeContent, BadgeRenderer
from expo_console.services.badge_print.templates import load_template
from expo_console.services.bookings import requests, setup
from expo_console.services.bookings.allocation import solve_bookings
from expo_console.services.bookings.greedy import solve_greedy
from expo_console.services.bookings.prints.files import write_confirmations, write_running_order
from expo_console.services.demo.event import create_demo_event
from expo_console.storage.connection import EventStore, Stamp

SECRET = bytes(range(32))
STUDIO = BookingKind.STUDIO


def studio_event(path: Path, visitors: int, sets: int) -> EventStore:
    store = create_demo_event(path, Stamp("bench", "bench", "organizer"), visitors=visitors, consultations=False,
                              bookings=False)  # its own studio
    loaded = setup.load(store, STUDIO)
    defaults = KIND_DEFAULTS[STUDIO]
    for day in loaded.days:
        setup.set_session(store, STUDIO, Session(day, dt.time(10), dt.time(18), defaults.slot_minutes,
                                                 ((dt.time(12), dt.time(13)),), defaults.gap_minutes))
    setup.place_resources(store, STUDIO, [f"{chr(65 + n)}세트" for n in range(sets)])
    setup.set_rules(store, STUDIO, setup.Rules(1, setup.Order.REQUEST_TIME, "제품 샘플, 가격표\nSamples, price list",
                                               "제1전시장 3홀 Hall 3"))
    start = dt.datetime(2022, 9, 1, 9, tzinfo=dt.UTC)
    for n, exhibitor in enumerate(sorted(loaded.exhibitors.values(), key=lambda e: e.id)):
        requests.put_request(store, STUDIO, requests.RequestInput(
            exhibitor.id, products=f"신제품 {n} · New product {n}", host="김하나", channel="네이버 쇼핑라이브",
            requested_at=start + dt.timedelta(minutes=n)))
    solve_bookings(store, STUDIO, solver=solve_greedy)
    return store


def _badges(store: EventStore) -> list[BadgeContent]:
    return [BadgeContent(make_code(BadgeFields(1, 20221, 3_000_000 + n, 0, VisitorClass.EXHIBITOR_STAFF), SECRET),
                         VisitorClass.EXHIBITOR_STAFF, e.name, company=e.name_en, event="2022 스마트비즈엑스포")
            for n, e in enumerate(setup.load(store, STUDIO).exhibitors.values())]


def run(report: Report, visitors: int, sets: int, repeats: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = studio_event(Path(folder) / "studio.expo", visitors, sets)
        try:
            badges = _badges(store)
            renderer = BadgeRenderer(load_template("a6"))
            confirmations, running = Path(folder) / "confirmations.pdf", Path(folder) / "running.pdf"
            badge_file = Path(folder) / "badges.pdf"
            # a first run of each: fonts registered, caches warm
            confirmed = write_confirmations(store, STUDIO, confirmations)
            ordered = write_running_order(store, STUDIO, running)
            renderer.write_pdf(badge_file, badges)
            ours: list[float] = []
            orders: list[float] = []
            theirs: list[float] = []
            for _ in range(repeats):  # alternating, so all three meet the same noise
                ours.append(timed(lambda: write_confirmations(store, STUDIO, confirmations)))
                orders.append(timed(lambda: write_running_order(store, STUDIO, running)))
                theirs.append(timed(lambda: renderer.write_pdf(badge_file, badges)))
        finally:
            store.close()
    badge_page = statistics.median(theirs) / len(badges)
    details = {"sets": sets, "bookings": confirmed.listed, "confirmation_pages": confirmed.pages,
               "running_order_pages": ordered.pages, "days": ordered.documents, "badges": len(badges),
               "repeats": repeats, "seconds": ours, "running_order_seconds": orders, "badge_seconds": theirs}
    report.add(Figure(f"booking confirmations: every booking's into one PDF, per page ({confirmed.pages} pages)",
                      statistics.median(ours) / confirmed.pages, "A6 badge batch, per page", badge_page,
                      target="a page ≤ 3× a badge's", details=details))
    report.add(Figure(f"studio running order: every day into one PDF, per page ({ordered.pages} pages)",
                      statistics.median(orders) / ordered.pages, "A6 badge batch, per page", badge_page,
                      target="a page ≤ 6× a badge's (12 rows of 8 columns)", details=details))
