"""The printed consultation schedules: every buyer's itinerary into one PDF (A4, the zone's map,
the Korean font embedded), against the badge batch of the same buyers (A6, one badge a page, a
QR each) in the same run.

The event is the demo without its own zone (about 300 buyers among 2,000 visitors), sessions 10:00–17:00 on its four
days, 20 tables in the zone, three ranked wishes per buyer and the schedule saved by the solver
(its greedy start within a few seconds is enough here: the figure is the printing). Figures: the
time per page of the itineraries against the time per page of the badges, medians of alternating
runs, and the whole file's time; the peak memory that writing every buyer's adds to a process, against
writing a tenth of them (pages are drawn as they come: it grows by the compressed pages only);
the details say how many pages and meetings.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.harness import Figure, Report, timed
from expo_console.domain.badge_code import BadgeFields, make_code
from expo_console.domain.consultations import Session
from expo_console.domain.visitors import VisitorClass
from expo_console.services.badge_print.render import BadgeContent, BadgeRenderer
from expo_console.services.badge_print.templates import load_template
from expo_console.services.consultations import schedule, setup
from expo_console.services.consultations.prints.schedule_files import write_itineraries
from expo_console.services.demo.event import create_demo_event
from expo_console.storage.connection import EventStore, Stamp

SECRET = bytes(range(32))


def zone_event(path: Path, visitors: int) -> EventStore:
    store = create_demo_event(path, Stamp("bench", "bench", "organizer"), visitors=visitors, consultations=False)
    loaded = setup.load(store)
    for day in loaded.days:
        setup.set_session(store, Session(day, dt.time(10), dt.time(17), 30, ((dt.time(12), dt.time(13)),)))
    setup.place_tables(store, 20)
    for language in ("zh", "ja", "vi", "th", "id", "ar", "de"):
        setup.put_interpreter(store, f"통역사 {language}", [language])
    rng = random.Random(17)
    for buyer in loaded.buyers:
        for rank, exhibitor in enumerate(rng.sample(loaded.exhibitors, 3), start=1):
            setup.put_request(store, buyer.id, exhibitor.id, buyer_rank=rank)
    schedule.solve_schedule(store, time_limit=3)
    return store


def _badges(store: EventStore) -> list[BadgeContent]:
    return [BadgeContent(make_code(BadgeFields(1, 20221, 2_000_000 + n, 0, VisitorClass.DOMESTIC_BUYER), SECRET),
                         b.visitor_class, b.name_en if b.overseas else b.name, company=b.company,
                         event="2022 스마트비즈엑스포", country=b.country)
            for n, b in enumerate(setup.load(store).buyers)]


# A process of its own opens the event, resets its peak resident memory (Linux: clear_refs 5), writes
# the itineraries of the first N buyers, and says what the writing added to the memory it held.
_CHILD = """
import sys
from pathlib import Path
from expo_console.services.consultations import setup
from expo_console.services.consultations.prints.schedule_files import write_itineraries
from expo_console.services.events import open_event
from expo_console.storage.connection import Stamp
def resident(field):
    return next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith(field)) / 1024
store = open_event(sys.argv[1], Stamp("bench", "bench", "organizer"))
buyers = [b.id for b in setup.load(store).buyers][: int(sys.argv[2])]
before = resident("VmRSS")
open("/proc/self/clear_refs", "w").write("5")
write_itineraries(store, Path(sys.argv[3]), buyers)
print(resident("VmHWM") - before)
"""


def _added_mb(event: Path, buyers: int, out: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    done = subprocess.run([sys.executable, "-c", _CHILD, str(event), str(buyers), str(out)], env=env,
                          capture_output=True, text=True, check=True)
    return float(done.stdout.strip().splitlines()[-1])


def run(report: Report, visitors: int, repeats: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = zone_event(Path(folder) / "zone.expo", visitors)
        try:
            buyers = len(setup.load(store).buyers)
            badges = _badges(store)
            renderer = BadgeRenderer(load_template("a6"))
            out = Path(folder) / "itineraries.pdf"
            result = write_itineraries(store, out)  # a first run: fonts registered, caches warm
            renderer.write_pdf(Path(folder) / "badges.pdf", badges)
            ours: list[float] = []
            theirs: list[float] = []
            for _ in range(repeats):  # alternating, so both meet the same noise
                ours.append(timed(lambda: write_itineraries(store, out)))
                theirs.append(timed(lambda: renderer.write_pdf(Path(folder) / "badges.pdf", badges)))
            size_mb = round(out.stat().st_size / 1e6, 2)
        finally:
            store.close()
        few = max(1, buyers // 10)
        peak, peak_few = (_added_mb(Path(folder) / "zone.expo", n, Path(folder) / f"peak-{n}.pdf") for n in (buyers, few))
    per_page, baseline_per_page = statistics.median(ours) / result.pages, statistics.median(theirs) / len(badges)
    details = {"buyers": buyers, "pages": result.pages, "meetings": result.meetings, "repeats": repeats,
               "file_mb": size_mb,
               "seconds": ours, "badge_seconds": theirs}
    report.add(Figure(f"itineraries: every buyer's into one PDF, per page ({buyers} buyers)", per_page,
                      "A6 badge batch, per page", baseline_per_page, target="a page ≤ 3× a badge's", details=details))
    report.add(Figure(f"itineraries: peak memory the writing adds, {buyers} buyers", peak,
                      f"the same for {few} buyers", peak_few, unit="MB", target="≤ 1.5× (pages streamed)",
                      details=details))
    report.add(Figure(f"itineraries: the whole PDF ({result.pages} pages)", statistics.median(ours),
                      f"badge batch ({len(badges)} badges)", statistics.median(theirs), target="< 10 s",
                      details=details))
