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
from expo_console.domain.ids import new_id
from expo_console.services.checkin.admission_conflicts import list_conflicts
from expo_console.services.checkin.gates import find_gate
from expo_console.services.checkin.hub_admission import HubAdmissions
from expo_console.services.checkin.scanning import ScanContext, Station, scan
from expo_console.services.hub.server import start_hub, stop_hub
from expo_console.services.hub.sync import sync_once
from expo_console.services.traffic.day import TrafficDay
from expo_console.services.traffic.report import write_day_report
from expo_console.services.traffic.summary import summarise
from expo_console.storage import hub_scans_repo, sync_capture
from expo_console.storage.scans_repo import ScanRow
from hub_support import badge_code, published_and_joined

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



def test_a_badge_admitted_at_one_desk_is_already_admitted_at_another_that_has_not_synced(
        two_desks: dict[str, Any]) -> None:
    a, b, gates = two_desks["a"], two_desks["b"], two_desks["gates"]
    code = badge_code(a)
    [first] = scan(gates[a][0], code, now=DAY1)
    assert (first.verdict, first.via) == (Verdict.ADMITTED, "hub")
    [second] = scan(gates[b][1], code, now=DAY1 + dt.timedelta(minutes=1))  # desk B has not synced
    assert (second.verdict, second.via) == (Verdict.ALREADY_ADMITTED, "hub")
    # which gate, station and desk admitted it first, whichever machine it was
    assert (second.first_gate, second.first_station, second.first_desk) == ("B홀 정문", gates[a][0].station.name,
                                                                            a.stamp.desk_id)
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
    [offline] = scan(gate, badge_code(a, 1), now=DAY1)
    assert (offline.verdict, offline.via) == (Verdict.ADMITTED, "offline")
    assert time.monotonic() - began < 5  # the deadline, not the hub's connect timeout
    assert any(c.key.get("id") == offline.scan_id for c in sync_capture.pending(a.conn))  # queued for the hub
    [meanwhile] = scan(gate, badge_code(a, 2), now=DAY1)
    assert meanwhile.via == "offline"  # offline now: no wait for the hub at each scan
    start_hub(hub["folder"])
    deadline = time.monotonic() + 20
    while not gate.hub.online and time.monotonic() < deadline:  # type: ignore[union-attr]
        time.sleep(0.2)
    [back] = scan(gate, badge_code(a, 3), now=DAY1)
    assert back.via == "hub"


def test_the_scan_command_says_which_way_each_verdict_was_taken(two_desks: dict[str, Any]) -> None:
    code = badge_code(two_desks["a"], 4)
    run = subprocess.run([sys.executable, "-m", "expo_console", "scan", "--db", str(two_desks["path_a"]), "--gate",
                          "B홀 정문", "--at", DAY1.isoformat(), code], capture_output=True, text=True, timeout=120,
                         env=dict(os.environ))
    assert run.returncode == 0, run.stderr
    told = json.loads(run.stdout.strip().splitlines()[-1])
    assert (told["verdict"], told["via"]) == ("admitted", "hub")


def test_a_hub_decision_the_gate_stopped_waiting_for_is_not_kept_on_the_hub(two_desks: dict[str, Any]) -> None:
    """Desk B holds the badge on the hub (deciding on it) past desk A's deadline: A decides on its
    file and shows that verdict. A's hub transaction, let through afterwards, must not leave the
    hub a different verdict under the same scan id: the hub keeps what A showed, and B's copy of
    the file takes it (a scan row differing between desks would stop B's pulls for good)."""
    a, b, gates, dsn = two_desks["a"], two_desks["b"], two_desks["gates"], two_desks["dsn"]
    code = badge_code(a, 5)
    visitor = a.conn.execute("SELECT visitor_id FROM badges ORDER BY rowid DESC LIMIT 1").fetchone()[0]
    gate_id = gates[a][0].station.gate_id
    with psycopg.connect(dsn) as held:
        with held.transaction():
            hub_scans_repo.lock_badge(held, visitor, None)
            hub_scans_repo.record(held, b.stamp.desk_id, ScanRow(
                new_id(), "2022-10-04T01:29:00.000Z", "B gate", gate_id, "in", "", visitor, None, None, None,
                "admitted", False, "김", b.stamp.desk_id))
            [shown] = scan(gates[a][0], code, now=DAY1)
            assert (shown.verdict, shown.via) == (Verdict.ADMITTED, "offline")
        time.sleep(1.0)  # B's commit let A's transaction through, had it still been waiting
    with psycopg.connect(dsn) as pg:
        assert pg.execute("SELECT verdict FROM scans WHERE id = %s", (shown.scan_id,)).fetchall() == []
    sync_once(a, dsn)
    sync_once(b, dsn)
    assert b.conn.execute("SELECT verdict FROM scans WHERE id = ?", (shown.scan_id,)).fetchone() == ("admitted",)


def test_a_badge_admitted_at_two_desks_while_the_hub_was_down_is_one_conflict_everywhere(
        two_desks: dict[str, Any], tmp_path: Path) -> None:
    a, b, gates, hub, dsn = two_desks["a"], two_desks["b"], two_desks["gates"], two_desks["hub"], two_desks["dsn"]
    code, alone = badge_code(a, 6), badge_code(a, 7)
    sync_once(a, dsn)
    sync_once(b, dsn)  # B has the badges: it names the visitor it lets in
    stop_hub(hub["folder"])
    [at_a] = scan(gates[a][0], code, now=DAY1)
    [at_b] = scan(gates[b][1], code, now=DAY1 + dt.timedelta(minutes=2))  # B cannot know A let them in
    [only_a] = scan(gates[a][0], alone, now=DAY1)
    assert [r.verdict for r in (at_a, at_b, only_a)] == [Verdict.ADMITTED] * 3
    assert {r.via for r in (at_a, at_b, only_a)} == {"offline"}
    start_hub(hub["folder"])
    # each offline admission is checked against the hub as it arrives there: the second desk finds it
    assert sync_once(a, dsn).conflicts == 0
    assert sync_once(b, dsn).conflicts == 1
    sync_once(a, dsn)
    for store in (a, b):  # both scans kept, and every desk names the same conflict
        [conflict] = list_conflicts(store)
        assert (conflict.first.scan_id, conflict.second.scan_id) == (at_a.scan_id, at_b.scan_id)
        assert (conflict.first.desk_id, conflict.second.desk_id) == (a.stamp.desk_id, b.stamp.desk_id)
        assert (conflict.first.gate, conflict.second.gate) == ("B홀 정문", "B홀 측면 출입구")
        assert conflict.visitor_name and conflict.day == DAY1.date()
    listed = json.loads(subprocess.run(
        [sys.executable, "-m", "expo_console", "conflicts", "--db", str(two_desks["path_b"])], capture_output=True,
        text=True, timeout=120, check=True).stdout)
    assert listed["count"] == 1 and listed["conflicts"][0]["second"]["scan_id"] == at_b.scan_id
    # the visitor is in the hall once, however many desks let them in (three admissions, two people)
    day = TrafficDay(b, DAY1.date(), now=DAY1 + dt.timedelta(minutes=5))
    hall = day.snapshot().hall
    assert (hall.occupancy, hall.unique_visitors, hall.entries) == (2, 2, 2)
    assert len(summarise(day).conflicts) == 1
    write_day_report(b, DAY1.date(), tmp_path / "day.pdf")
    report = subprocess.run(["pdftotext", "-layout", str(tmp_path / "day.pdf"), "-"], capture_output=True, text=True,
                            check=True).stdout
    assert "입장 충돌 Admission conflicts: 1" in report and "B홀 측면 출입구" in report


def test_a_badge_first_admitted_at_a_desk_that_has_not_got_its_visitor_is_already_admitted_everywhere(
        two_desks: dict[str, Any]) -> None:
    """Desk B has not pulled the badge: it lets it in by its serial alone. Desk A, which knows the
    visitor, still sees that admission (the same lock, the same scans) and refuses a second."""
    a, b, gates = two_desks["a"], two_desks["b"], two_desks["gates"]
    code = badge_code(a, 8)
    [first] = scan(gates[b][0], code, now=DAY1)
    assert (first.verdict, first.visitor_id, first.via) == (Verdict.ADMITTED_UNKNOWN, None, "hub")
    [second] = scan(gates[a][1], code, now=DAY1 + dt.timedelta(minutes=1))
    assert (second.verdict, second.via, second.first_desk) == (Verdict.ALREADY_ADMITTED, "hub", b.stamp.desk_id)
