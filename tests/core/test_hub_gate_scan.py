"""Gates on a hub (issue 16): while the hub answers, a scan's admission is decided there, so a
badge admitted at one desk is 'already admitted' at another desk that has not synced; when the
hub is gone the gate decides on its own file at once and says 'offline', and it goes back to
the hub when the hub answers again."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from expo_console.domain.checkin import Verdict
from expo_console.services.badges.codes import issue_badge
from expo_console.services.checkin.gates import find_gate
from expo_console.services.checkin.hub_admission import HubAdmissions
from expo_console.services.checkin.scanning import ScanContext, Station, scan
from expo_console.services.hub.server import start_hub, stop_hub
from expo_console.storage import sync_capture
from expo_console.storage.connection import EventStore
from hub_support import published_and_joined

SEOUL = dt.timezone(dt.timedelta(hours=9))
DAY1 = dt.datetime(2022, 10, 4, 10, 30, tzinfo=SEOUL)


@pytest.fixture
def two_desks(event_templates, tmp_path: Path) -> Iterator[dict[str, Any]]:  # type: ignore[no-untyped-def]
    with published_and_joined(event_templates.demo(visitors=10), tmp_path) as desks:
        gates = {}
        for store in (desks["a"], desks["b"]):
            gates[store] = [ScanContext(store, Station(f"{store.stamp.desk_id} gate", find_gate(store, name)["id"]))
                            for name in ("B홀 정문", "B홀 측면 출입구")]
            for context in gates[store]:
                context.hub = HubAdmissions(desks["dsn"], deadline_ms=300)
        try:
            yield {**desks, "gates": gates}
        finally:
            for contexts in gates.values():
                for context in contexts:
                    context.hub.close()  # type: ignore[union-attr]


def a_badge(store: EventStore, n: int = 0) -> str:
    visitor = store.conn.execute("SELECT id FROM visitors ORDER BY id LIMIT 1 OFFSET ?", (n,)).fetchone()[0]
    return issue_badge(store, visitor)[0].code


def test_a_badge_admitted_at_one_desk_is_already_admitted_at_another_that_has_not_synced(
        two_desks: dict[str, Any]) -> None:
    a, b, gates = two_desks["a"], two_desks["b"], two_desks["gates"]
    code = a_badge(a)
    [first] = scan(gates[a][0], code, now=DAY1)
    assert (first.verdict, first.via) == (Verdict.ADMITTED, "hub")
    [second] = scan(gates[b][1], code, now=DAY1 + dt.timedelta(minutes=1))  # desk B has not synced
    assert (second.verdict, second.via) == (Verdict.ALREADY_ADMITTED, "hub")
    assert second.first_gate == "B홀 정문"  # which gate admitted it first, on whichever desk
    with psycopg.connect(two_desks["hub"]["desk_dsn"]) as pg:
        assert {r[0] for r in pg.execute("SELECT id FROM scans WHERE id = ANY(%s)", ([first.scan_id, second.scan_id],))} \
            == {first.scan_id, second.scan_id}
    # each desk wrote its scan to its file as the hub's, so it is not pushed a second time
    assert a.conn.execute("SELECT verdict FROM scans WHERE id = ?", (first.scan_id,)).fetchone() == ("admitted",)
    assert all(c.key.get("id") != first.scan_id for c in sync_capture.pending(a.conn))


def test_without_the_hub_a_gate_decides_on_its_file_at_once_and_goes_back_to_the_hub(two_desks: dict[str, Any]) -> None:
    a, gates, hub = two_desks["a"], two_desks["gates"], two_desks["hub"]
    gate = gates[a][0]
    stop_hub(hub["folder"])
    began = time.monotonic()
    [offline] = scan(gate, a_badge(a, 1), now=DAY1)
    assert (offline.verdict, offline.via) == (Verdict.ADMITTED, "offline")
    assert time.monotonic() - began < 5  # the deadline, not the hub's connect timeout
    assert any(c.key.get("id") == offline.scan_id for c in sync_capture.pending(a.conn))  # queued for the hub
    [meanwhile] = scan(gate, a_badge(a, 2), now=DAY1)
    assert meanwhile.via == "offline"  # offline now: no wait for the hub at each scan
    start_hub(hub["folder"])
    deadline = time.monotonic() + 20
    while not gate.hub.online and time.monotonic() < deadline:  # type: ignore[union-attr]
        time.sleep(0.2)
    [back] = scan(gate, a_badge(a, 3), now=DAY1)
    assert back.via == "hub"


def test_the_scan_command_says_which_way_each_verdict_was_taken(two_desks: dict[str, Any]) -> None:
    code = a_badge(two_desks["a"], 4)
    run = subprocess.run([sys.executable, "-m", "expo_console", "scan", "--db", str(two_desks["path_a"]), "--gate",
                          "B홀 정문", "--at", DAY1.isoformat(), code], capture_output=True, text=True, timeout=120,
                         env=dict(os.environ))
    assert run.returncode == 0, run.stderr
    told = json.loads(run.stdout.strip().splitlines()[-1])
    assert (told["verdict"], told["via"]) == ("admitted", "hub")
