"""The check-in station on an event hub (issue 16): from the Enter key to the verdict painted,
each scan decided on the hub, against the same station on a copy of the same file on no hub.

Both are the real CheckinWorkspace, shown at 1280 × 800, with a badge code typed into its scan
field and Enter pressed (bench_checkin.enter_to_painted): the hub's station waits for its hub
transaction (the badge's lock, its scans as every desk recorded them, the scan recorded there)
and then writes the scan to its file; the other decides on its file alone. The copy is taken
before publishing, so the visitors, badges and gate are the same. The two are measured in
alternating blocks, so a machine busy for a moment weighs on both alike; a few scans on each
first open the hub's connection and warm the caches. The hub is a real PostgreSQL on this
machine (`hub start`; loopback, so a venue LAN's round trips come on top).

Aim: p99 < 60 ms with the hub online, every verdict taken on the hub.
"""

from __future__ import annotations

import time

from benchmarks.bench_checkin import enter_to_painted, event_today
from benchmarks.harness import Figure, Report, percentile
from benchmarks.hub_setup import PASSPHRASE, running_hub
from expo_console.storage.connection import Stamp

AIM_MS = 60
BLOCK = 25
WARM_UP = 5


def run(report: Report, visitors: int, samples: int) -> None:
    from PySide6.QtWidgets import QApplication

    from expo_console.gui.checkin.workspace import CheckinWorkspace
    from expo_console.gui.hub import Hub
    from expo_console.services.badges.codes import issue_badges
    from expo_console.services.events import open_event
    from expo_console.services.hub.publish import publish
    from expo_console.storage.connection import backup_to

    app = QApplication.instance() or QApplication([])
    with running_hub() as (base, started):
        store, ids = event_today(base / "gate-on-hub.expo", visitors)
        codes = [badge.code for badge in issue_badges(store, ids[:samples + WARM_UP])[0]]
        backup_to(store, base / "gate-alone.expo")  # the same event, never published
        began = time.perf_counter()
        publish(store, started["owner_dsn"], passphrase=PASSPHRASE)  # this desk remembers the hub
        published_s = time.perf_counter() - began
        alone = open_event(base / "gate-alone.expo", Stamp("bench", "bench", "organizer"))
        stations = {}
        vias: dict[str, list[str]] = {"hub": [], "file": []}
        for way, event in (("hub", store), ("file", alone)):
            station = CheckinWorkspace(event, Hub(), korean=True)
            station.resize(1280, 800)
            station.show()
            station.verdict_shown.connect(lambda result, way=way: vias[way].append(result.via))
            stations[way] = station
        app.processEvents()
        assert stations["hub"].hub_admissions is not None and stations["file"].hub_admissions is None
        for station in stations.values():  # the hub's connection opened, the caches warm
            enter_to_painted(station, codes[:WARM_UP])
        took: dict[str, list[float]] = {"hub": [], "file": []}
        measured = codes[WARM_UP:]
        for start in range(0, len(measured), BLOCK):
            order = ("hub", "file") if (start // BLOCK) % 2 == 0 else ("file", "hub")
            for way in order:
                took[way] += enter_to_painted(stations[way], measured[start:start + BLOCK])
        for station in stations.values():
            station.stop()
            station.close()
        store.close()
        alone.close()
    on_hub = vias["hub"][WARM_UP:].count("hub")
    assert on_hub == len(measured), f"only {on_hub} of {len(measured)} verdicts were taken on the hub: {vias['hub']}"
    details = {"visitors": visitors, "samples": len(measured), "decided_on_hub": on_hub,
               "publish_s": round(published_s, 2), "hub_max_ms": round(max(took["hub"]) * 1000, 1),
               "file_max_ms": round(max(took["file"]) * 1000, 1)}
    label = f"{visitors:,} visitors"
    report.add(Figure(f"gate on hub: Enter → verdict p50 ({label})", percentile(took["hub"], 50),
                      "same station, file on no hub p50", percentile(took["file"], 50), target="", details=details))
    report.add(Figure(f"gate on hub: Enter → verdict p99 ({label})", percentile(took["hub"], 99),
                      "same station, file on no hub p99", percentile(took["file"], 99), target=f"p99 < {AIM_MS} ms",
                      details=details))
