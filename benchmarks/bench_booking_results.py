"""The results report (성과 보고서) with the studio's and the photo shoots' sections, against the
consultations' report alone, in the same run.

The event is the demo with its consultation zone (its buyers, requests, schedule) and every
day's outcomes entered. A copy of it gains a live-commerce studio (three sets, 10:00–18:00 with
40-minute broadcasts and 10-minute changeovers on the four days) and a photo corner (two
corners, 20-minute shoots), every exhibitor asking one broadcast and two shoots, allocated
first come, first served, and the results of every booking entered (most held with viewers,
peak, orders and sales or photos delivered; some no-shows, a few cancelled). Figures: the PDF
and the XLSX of the whole event with the bookings against the same file without them (medians
of alternating runs; the PDF also per page), and the summary alone (report_results) likewise;
the details say how many bookings and pages.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import statistics
import subprocess
import tempfile
from pathlib import Path

from benchmarks.harness import Figure, Report, timed
from expo_console.domain.booking_records import BookingStatus
from expo_console.domain.bookings import KIND_DEFAULTS, BookingKind
from expo_console.domain.consultations import Session
from expo_console.services.bookings import allocation, greedy, outcomes, requests, schedule, setup
from expo_console.services.consultations.results import report_results
from expo_console.services.consultations.results_files import write_results_file
from expo_console.services.demo import consultations as demo_consultations
from expo_console.services.demo.event import create_demo_event
from expo_console.services.events import open_event
from expo_console.storage.connection import EventStore, Stamp

STAMP = Stamp("bench", "bench", "organizer")
CHANNELS = ("네이버 쇼핑라이브", "쿠팡라이브", "카카오쇼핑라이브", "그립")
RESOURCES = {BookingKind.STUDIO: 3, BookingKind.PHOTO: 2}
ASKED = {BookingKind.STUDIO: 1, BookingKind.PHOTO: 2}


def consultation_event(path: Path, visitors: int) -> None:
    store = create_demo_event(path, STAMP, visitors=visitors, consultations=True, bookings=False)  # its own studio
    try:
        for day in setup.load(store, BookingKind.STUDIO).days:
            demo_consultations.add_day_outcomes(store, day)
    finally:
        store.close()


def add_bookings(store: EventStore, rng: random.Random) -> int:
    """The studio and the photo corner, every exhibitor's requests, allocated, results entered."""
    start = dt.datetime(2022, 9, 1, 9, tzinfo=dt.UTC)
    for kind in BookingKind:
        loaded = setup.load(store, kind)
        defaults = KIND_DEFAULTS[kind]
        for day in loaded.days:
            setup.set_session(store, kind, Session(day, dt.time(10), dt.time(18), slot_minutes=defaults.slot_minutes,
                                                   gap_minutes=defaults.gap_minutes))
        setup.place_resources(store, kind, [f"{kind.value} {n}" for n in range(1, RESOURCES[kind] + 1)])
        setup.set_rules(store, kind, setup.Rules(ASKED[kind], setup.Order.REQUEST_TIME))
        for n, exhibitor in enumerate(sorted(loaded.exhibitors)):
            for wish in range(ASKED[kind]):
                requests.put_request(store, kind, requests.RequestInput(
                    exhibitor, (), products="신제품", host="쇼호스트", channel=rng.choice(CHANNELS),
                    requested_at=start + dt.timedelta(minutes=2 * n + wish)), source="bench")
        allocation.solve_bookings(store, kind, solver=greedy.solve_greedy)
    made = 0
    for kind in BookingKind:
        for booking in schedule.bookings(store, kind):
            made += 1
            fate = rng.random()
            if fate < 0.08:
                outcomes.set_status(store, booking.id, BookingStatus.NO_SHOW)
            elif fate < 0.12:
                outcomes.set_status(store, booking.id, BookingStatus.CANCELLED)
            elif kind == BookingKind.STUDIO:
                viewers = rng.randint(200, 40_000)
                outcomes.record_results(store, booking.id, outcomes.Results(
                    viewers=viewers, peak_viewers=rng.randint(20, viewers // 4 + 20), orders=rng.randint(0, 600),
                    sales=f"{rng.randint(0, 4_000)}만"))
            else:
                outcomes.record_results(store, booking.id, outcomes.Results(photos_delivered=rng.randint(5, 40)))
    return made


def _pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=False).stdout
    return next((int(line.split()[-1]) for line in info.splitlines() if line.startswith("Pages:")), 0)


def _timed(store: EventStore, key: str, out: Path) -> float:
    if key == "summary":
        return timed(lambda: report_results(store))
    return timed(lambda: write_results_file(store, out))


def run(report: Report, visitors: int, repeats: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        alone_path, joined_path = Path(folder) / "consultations.expo", Path(folder) / "joined.expo"
        consultation_event(alone_path, visitors)
        shutil.copy(alone_path, joined_path)
        joined = open_event(joined_path, STAMP)
        alone = open_event(alone_path, STAMP)
        try:
            bookings = add_bookings(joined, random.Random(18))
            stores = {"joined": joined, "alone": alone}
            times: dict[str, dict[str, list[float]]] = {k: {"pdf": [], "xlsx": [], "summary": []} for k in stores}
            for name, store in stores.items():  # a first run each: fonts registered, caches warm
                write_results_file(store, Path(folder) / f"{name}.pdf")
            for _ in range(repeats):  # alternating, so both meet the same noise
                for name, store in stores.items():
                    for key in ("pdf", "xlsx", "summary"):
                        times[name][key].append(_timed(store, key, Path(folder) / f"{name}.{key}"))
            results = report_results(joined)
            pages = {name: _pages(Path(folder) / f"{name}.pdf") for name in stores}
        finally:
            joined.close()
            alone.close()
    assert results.studio is not None and results.photo is not None
    details = {"visitors": visitors, "repeats": repeats, "bookings": bookings,
               "broadcasts": results.studio.totals.planned, "shoots": results.photo.totals.planned,
               "meetings": results.totals.planned, "pages": pages,
               "seconds": {name: {k: [round(v, 4) for v in vs] for k, vs in t.items()} for name, t in times.items()}}
    per_page = {name: statistics.median(times[name]["pdf"]) / max(1, pages[name]) for name in pages}
    report.add(Figure(f"results report with studio and photos: the PDF per page ({pages['joined']} pages)",
                      per_page["joined"], f"consultations alone ({pages['alone']} pages)", per_page["alone"],
                      target="≤ 1.2× (a page of bookings costs what a page of consultations does)", details=details))
    for key, label, target in (("pdf", "the PDF", "reported: the pages it adds"),
                               ("xlsx", "the XLSX", "reported: its sheets list every booking"),
                               ("summary", "the figures (report_results)", "≤ 1.5×")):
        report.add(Figure(f"results report with studio and photos: {label} ({bookings} bookings)",
                          statistics.median(times["joined"][key]), "consultations alone",
                          statistics.median(times["alone"][key]), target=f"{target} (median)", details=details))
