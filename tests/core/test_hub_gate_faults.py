"""Gates on one event hub under faults (issue 16), with real processes and a real PostgreSQL server.

Every desk is a machine of its own: an event file joined from the hub, its own desk id and config
folder (its badge key, the hub it joined), an `expo-console scan` fed badge codes as a scanner
script feeds them (tests/hub_processes.GateStation) and, where the test needs it, an
`expo-console sync --every 1` beside it. The event's days include today and the hall's entrances
admit a badge once a day (hub_processes.gate_event), so what the rules allow is plain: one
admission per badge and day, wherever it is scanned, as long as the desks can ask the hub.

What is checked is what the gate staff and the organizer would notice: every scan answered and
recorded (never "locked"), a badge let in once while the hub answers, the desks deciding on their
own files at once when it is gone or cut off (and saying so), back on the hub when it answers
again, every scan shown on a desk on the hub exactly once, and the badges let in twice while the
desks were apart listed as conflicts, no others.
"""

from __future__ import annotations

import collections
import datetime as dt
import json
import random
import signal
import statistics
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hub_processes import (
    GateEvent,
    GateStation,
    Hub,
    at_once,
    even,
    gate_event,
    join_desks,
    last_json,
    open_on_hub,
    running_hub,
    stop_gently,
    sync_at_once,
    wait_for,
)
from tcp_proxy import TcpProxy

from expo_console.services import event_settings
from expo_console.storage.connection import parse_utc_stamp

pytestmark = pytest.mark.slow  # real hubs and desks, a minute of scanning, a hub killed and restarted

SEOUL = ZoneInfo("Asia/Seoul")  # the demo event's time zone: its days are Seoul's
DEADLINE_S = event_settings.HUB_DEADLINE_MS.default / 1000  # the events here keep the default (300 ms)
ADMITTED = "admitted"


def event_day(scanned_at: str) -> dt.date:
    return parse_utc_stamp(scanned_at).astimezone(SEOUL).date()


@dataclass(frozen=True)
class Shown:
    """One scan as a desk's screen showed it."""

    desk: str
    visitor: str  # whose badge was scanned
    sent: float  # time.monotonic() when the code went to the scanner
    answer: dict[str, Any]  # the scan command's JSON line, with "took" (seconds to the verdict)

    @property
    def via(self) -> str:
        return str(self.answer.get("via"))

    @property
    def admitted(self) -> bool:
        return self.answer["verdict"] == ADMITTED

    @property
    def day(self) -> dt.date:
        return event_day(self.answer["scanned_at"])


# ---------------------------------------------------------------------------------------------
# Eight desks, a minute, the hub killed in the middle of it

DESKS = 8
POOL = 500  # badges scanned by every desk, at either hall entrance
TWINS = 48  # of them, kept aside until the hub is down: each is then given to two desks
STREAM_S = 60.0
CRASH_AT_S = 20.0  # the hub is killed this far into the stream …
OUTAGE_S = 10.0  # … and started again this long after
PAUSE_S = (0.05, 0.15)  # between one desk's scans (a busy gate: about eight a second per desk)
SEED = 16


@dataclass
class Stream:
    """Desks scanning one pool of badges, each desk on a thread of this test: until the hub is
    down they pick among the shared badges, while it is down each desk first scans the twins it
    was given (badges no desk has seen), and once the hub is back any badge of the pool."""

    stations: list[GateStation]
    codes: dict[str, str]
    shared: list[str]
    twins: dict[int, collections.deque[str]]  # desk index → the twins it scans while the hub is down
    hub_down: threading.Event = field(default_factory=threading.Event)
    hub_back: threading.Event = field(default_factory=threading.Event)
    over: threading.Event = field(default_factory=threading.Event)
    shown: list[Shown] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def run(self, n: int) -> None:
        station, rng = self.stations[n], random.Random(SEED + n)
        everyone = sorted(self.codes)
        count = 0
        try:
            while not self.over.is_set():
                if self.hub_down.is_set() and not self.hub_back.is_set() and self.twins[n]:
                    visitor = self.twins[n].popleft()
                else:
                    visitor = rng.choice(everyone if self.hub_back.is_set() else self.shared)
                sent = time.monotonic()
                answer = station.scan(self.codes[visitor], f"{station.desk.desk_id}-{count:05d}")
                self.shown.append(Shown(station.desk.desk_id, visitor, sent, answer))
                count += 1
                time.sleep(rng.uniform(*PAUSE_S))
        except BaseException as error:  # noqa: BLE001 - told to the test's thread, which fails
            self.failures.append(f"{station.desk.desk_id}: {error!r}")


def admissions_by_badge_day(shown: list[Shown]) -> dict[tuple[str, dt.date], list[Shown]]:
    found: dict[tuple[str, dt.date], list[Shown]] = collections.defaultdict(list)
    for scan in shown:
        if scan.admitted:
            found[(scan.visitor, scan.day)].append(scan)
    return found


@dataclass(frozen=True)
class Outage:
    crashed: float  # time.monotonic() when the hub had been killed
    restarting: float  # … when `hub start` was run
    restarted: float  # … when it answered again


def scan_with_the_hub_killed_midway(hub: Hub, stream: Stream, twins: list[str]) -> Outage:
    """The desks scan for STREAM_S seconds; the hub is killed CRASH_AT_S in, and started again
    OUTAGE_S after, once every twin has been scanned at its two desks."""
    threads = [threading.Thread(target=stream.run, args=(n,), daemon=True) for n in range(len(stream.stations))]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    try:
        time.sleep(max(0.0, began + CRASH_AT_S - time.monotonic()))
        hub.crash()
        crashed = time.monotonic()
        stream.hub_down.set()
        wait_for("every twin scanned at its two desks while the hub is down", lambda: stream.failures or sum(
            s.visitor in twins for s in list(stream.shown)) == 2 * len(twins), timeout=OUTAGE_S * 2)
        time.sleep(max(0.0, crashed + OUTAGE_S - time.monotonic()))
        restarting = time.monotonic()
        hub.start()
        restarted = time.monotonic()
        stream.hub_back.set()
        time.sleep(max(0.0, began + STREAM_S - time.monotonic()))
    finally:
        stream.over.set()
        for thread in threads:
            thread.join(timeout=60)
    assert not stream.failures, "\n".join(stream.failures)
    return Outage(crashed, restarting, restarted)


def test_eight_desks_scanning_one_pool_for_a_minute_with_the_hub_killed_midway_admit_each_badge_as_the_rules_allow(
        tmp_path: Path) -> None:
    with running_hub() as hub:
        event = gate_event(hub, tmp_path, visitors=POOL)
        desks = join_desks(hub, tmp_path, [f"desk-{n}" for n in range(1, DESKS + 1)])
        badges = sorted(event.codes)
        random.Random(SEED).shuffle(badges)
        twins = badges[:TWINS]
        given: dict[int, collections.deque[str]] = {n: collections.deque() for n in range(DESKS)}
        for j, visitor in enumerate(twins):  # two different desks each
            given[j % DESKS].append(visitor)
            given[(j + 3) % DESKS].append(visitor)
        stations = [GateStation(d, event.gates[n % len(event.gates)], f"{d.desk_id} gate")
                    for n, d in enumerate(desks)]
        syncs = [d.start("sync", "--db", str(d.path), "--every", "1", PYTHONFAULTHANDLER="1") for d in desks]
        try:
            stream = Stream(stations, event.codes, badges[TWINS:], given)
            try:
                opening = open_on_hub(stations)
                outage = scan_with_the_hub_killed_midway(hub, stream, twins)
            finally:
                scanner_errors = [station.close(check=False) for station in stations]
            shown = stream.shown
            ids = [s.answer["id"] for s in shown] + [answer["id"] for answer in opening]

            def all_on_hub() -> bool:  # the syncs beside the desks bring the hub every scan decided offline
                for sync in syncs:
                    if sync.poll() is not None:
                        raise AssertionError(f"a desk's sync stopped: {sync.communicate()[1][-3000:]}")
                return hub.count("SELECT count(*) FROM scans WHERE id = ANY(%s)", (ids,)) == len(ids)

            wait_for("every scan shown on a desk on the hub", all_on_hub, timeout=60)
            stopped = [stop_gently(sync) for sync in syncs]
        finally:
            for sync in syncs:
                if sync.poll() is None:
                    sync.kill()
                    sync.wait()
        for desk, run in zip(desks, sync_at_once(desks), strict=True):
            assert run.returncode == 0, (desk.desk_id, run.stderr)
            stopped.append((run.stdout, run.stderr))
        on_hub = dict(hub.query("SELECT id, verdict FROM scans WHERE desk_id LIKE 'desk-_'"))
        evens = {desk.desk_id: even(desk, hub, ("scans",)) for desk in desks}

    by_desk = {d.desk_id: [s for s in shown if s.desk == d.desk_id] for d in desks}
    told = (f"{len(shown)} scans of {POOL} badges, " + ", ".join(
        f"{name}: {len(mine)} ({sum(s.via == 'offline' for s in mine)} offline)" for name, mine in by_desk.items()))
    # every scan answered and recorded, never "locked" or "not recorded", by processes that ended well
    assert all(s.answer["recorded"] and s.answer["error"] is None for s in shown), \
        [s.answer for s in shown if not s.answer["recorded"] or s.answer["error"]][:3]
    assert len(set(ids)) == len(ids)
    assert all(a["recorded"] and a["error"] is None for a in opening)
    for err in scanner_errors + [err for _out, err in stopped]:
        assert "Traceback" not in err and "locked" not in err, err
    assert all(process.returncode == 0 for process in [*syncs, *(station.process for station in stations)])
    # each badge, each day: admitted once while the desks could ask the hub
    allowed = {ADMITTED, "already_admitted"}
    assert {s.answer["verdict"] for s in shown} <= allowed, told
    admissions = admissions_by_badge_day(shown)
    scanned = {(s.visitor, s.day) for s in shown}
    assert set(admissions) == scanned, "a badge refused although nobody had let it in that day"
    twice_on_hub = {k: [(s.desk, s.answer["id"]) for s in v] for k, v in admissions.items()
                    if sum(s.via == "hub" for s in v) > 1}
    assert not twice_on_hub, (told, twice_on_hub)
    twice_at_one_desk = {k: [(s.desk, s.via, s.answer["id"]) for s in v] for k, v in admissions.items()
                         if len({s.desk for s in v}) < len(v)}
    assert not twice_at_one_desk, (told, twice_at_one_desk)
    for s in shown:  # an "already admitted" names an admission made before its verdict was given
        # (a scan's time is when it began, before the badge's lock: of two desks scanning a badge at
        # the same moment, the one that took the lock first may have begun a few ms later)
        if not s.admitted:
            earliest = min(parse_utc_stamp(a.answer["scanned_at"]) for a in admissions[(s.visitor, s.day)])
            assert earliest <= parse_utc_stamp(s.answer["scanned_at"]) + dt.timedelta(seconds=s.answer["took"]), \
                (told, s)
    # the hub killed: every desk decided its next scan on its own file at once, and scanned on
    for name, mine in by_desk.items():
        after = [s for s in mine if s.sent >= outage.crashed]
        assert after and after[0].via == "offline", (name, after[:1])
        during = [s for s in after if s.sent < outage.restarting]
        assert sum(s.via == "offline" for s in during) >= 5 and all(s.via == "offline" for s in during), (name, told)
    # "At once": the deadline, the scan's own local work and a margin for a loaded machine. The local
    # work is measured in this run, under this load: the 95th percentile of the offline scans the desks
    # made during the outage (their own file, no hub), each desk's first after the kill left out. The 0.5 s
    # margin covers the scheduler of a shared two-core machine running 17 processes of this test; it
    # stays well under the 2 s a gate would wait for a connection attempt to a hub that is gone.
    local = [s.answer["took"] for mine in by_desk.values()
             for s in [s for s in mine if outage.crashed <= s.sent < outage.restarting][1:]]
    limit = DEADLINE_S + statistics.quantiles(local, n=20)[-1] + 0.5
    first_offline = {name: round([s for s in mine if s.sent >= outage.crashed][0].answer["took"], 3)
                     for name, mine in by_desk.items()}
    assert max(first_offline.values()) <= limit, (first_offline, f"limit {limit:.3f} s")
    # back on the hub once it answers again (a desk asks every 2 s while offline)
    for name, mine in by_desk.items():
        back = [s for s in mine if s.sent >= outage.restarted and s.via == "hub"]
        assert back and back[0].sent - outage.restarted <= 5.0, (name, told)
    # every scan shown on any desk is on the hub exactly once, as it was shown; and on every desk
    assert on_hub == {answer["id"]: answer["verdict"] for answer in [s.answer for s in shown] + opening}
    assert set(on_hub) == set(ids), "a scan on the hub that no desk showed"
    assert evens == {d.desk_id: {} for d in desks}
    conflicts = [last_json(run) for run in at_once(desks, "conflicts")]
    # the conflicts: exactly the badges let in at two desks while they were apart
    expected = {k: v for k, v in admissions.items() if len(v) > 1}
    assert {(t, day) for t in twins for day in {s.day for s in shown if s.visitor == t}} <= set(expected)
    for listed in conflicts:
        assert listed["count"] == len(listed["conflicts"])
        pairs: dict[tuple[str, dt.date], set[str]] = collections.defaultdict(set)
        for conflict in listed["conflicts"]:
            first, second = conflict["first"], conflict["second"]
            assert first["desk_id"] != second["desk_id"], conflict
            assert first["scanned_at"] <= second["scanned_at"], conflict
            pairs[(conflict["visitor_id"], dt.date.fromisoformat(conflict["day"]))] |= {
                first["scan_id"], second["scan_id"]}
        assert {k: sorted(v) for k, v in pairs.items()} == \
            {k: sorted(s.answer["id"] for s in v) for k, v in expected.items()}, told
    # and each desk's sync told of those its pushed scans are part of: each conflict at least once
    # (by the later of its desks to push), at most once by each of its two desks
    told_by_syncs = sum(json.loads(line).get("conflicts", 0) for out, _err in stopped for line in out.splitlines())
    assert len(conflicts[0]["conflicts"]) <= told_by_syncs <= 2 * len(conflicts[0]["conflicts"])


# ---------------------------------------------------------------------------------------------
# The shorter faults share one hub and its event (each test its own desks and its own badges); a
# test that stops the hub starts it again.


@pytest.fixture(scope="module")
def gate_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GateEvent]:
    with running_hub() as hub:
        yield gate_event(hub, tmp_path_factory.mktemp("gate-hub"), visitors=200)


def badges(event: GateEvent, first: int, count: int) -> list[str]:
    """Visitors `first` … `first + count - 1` of the event: a test's own badges."""
    return sorted(event.codes)[first:first + count]


@contextmanager
def hub_stopped(hub: Hub) -> Iterator[None]:
    """The hub stopped (fast shutdown, as `hub stop` does), and started again after."""
    hub.stop()
    try:
        yield
    finally:
        hub.start()


def test_a_badge_let_in_offline_is_not_let_in_again_at_that_desk_once_the_hub_is_back_before_its_sync(
        gate_hub: GateEvent, tmp_path: Path) -> None:
    """The desk's own file knows the admission the moment it is made; the hub knows it only once the
    desk's sync has pushed it. A gate back on the hub in between must not let the badge in again."""
    desk, = join_desks(gate_hub.hub, tmp_path, ["desk-alone"])
    code = gate_hub.codes[badges(gate_hub, 190, 1)[0]]
    station = GateStation(desk, gate_hub.gates[0], "desk-alone gate")
    try:
        station.wait_for_hub()
        with hub_stopped(gate_hub.hub):
            offline = station.scan(code, "desk-alone-0001")
        station.wait_for_hub()  # no sync runs here: the admission waits in the desk's outbox
        again = station.scan(code, "desk-alone-0002")
    finally:
        station.close()
    assert (offline["verdict"], offline["via"]) == (ADMITTED, "offline")
    assert (again["verdict"], again["via"]) == ("already_admitted", "hub"), again


# ---------------------------------------------------------------------------------------------
# One desk cut off the LAN, the hub running on


@pytest.fixture
def partitioned(gate_hub: GateEvent, tmp_path: Path) -> Iterator[dict[str, Any]]:
    """Three desks at the hall's entrances, each gate open on the hub; desk-cut reaches the hub
    through a proxy the test holds."""
    hub = gate_hub.hub
    port = int(hub.dsn.rsplit(":", 1)[1].split("/", 1)[0])
    with TcpProxy(port) as proxy:
        cut, = join_desks(hub, tmp_path, ["desk-cut"], dsn=hub.dsn.replace(f":{port}/", f":{proxy.port}/"))
        others = join_desks(hub, tmp_path, ["desk-left", "desk-right"])
        stations = {d.desk_id: GateStation(d, gate_hub.gates[n % 2], f"{d.desk_id} gate")
                    for n, d in enumerate([cut, *others])}
        try:
            open_on_hub(list(stations.values()))
            yield {"hub": hub, "event": gate_hub, "proxy": proxy, "stations": stations, "cut": cut}
        finally:
            for station in stations.values():
                station.close()


# A gate cut off decides its scan on its file within the deadline; 1 s more is for the scan's own
# work on a loaded two-core machine (a few ms when idle), and the whole stays under the 2 s after
# which a connection with unanswered packets errors by itself (hub_admission's tcp_user_timeout).
CUT_OFF_LIMIT_S = DEADLINE_S + 1.0


def test_a_desk_cut_off_the_lan_alone_decides_offline_and_is_back_on_the_hub_within_5_s(
        partitioned: dict[str, Any]) -> None:
    hub: Hub = partitioned["hub"]
    proxy: TcpProxy = partitioned["proxy"]
    stations: dict[str, GateStation] = partitioned["stations"]
    event: GateEvent = partitioned["event"]
    fresh = iter(badges(event, 0, 150))  # a new badge for every scan
    shown: list[dict[str, Any]] = []

    def scan(name: str) -> dict[str, Any]:
        shown.append(stations[name].scan(event.codes[next(fresh)], f"{name}-{len(shown):04d}"))
        return shown[-1]

    assert {name: scan(name)["via"] for name in stations} == dict.fromkeys(stations, "hub")
    for fault in (proxy.drop, proxy.stall):  # the cable pulled; then a link that answers nothing
        fault()
        during = {name: [scan(name) for _ in range(3)] for name in stations}
        vias = {name: [answer["via"] for answer in answers] for name, answers in during.items()}
        assert vias == {"desk-cut": ["offline"] * 3, "desk-left": ["hub"] * 3, "desk-right": ["hub"] * 3}, \
            (fault.__name__, vias)
        assert during["desk-cut"][0]["took"] <= CUT_OFF_LIMIT_S, (fault.__name__, during["desk-cut"][0])
        assert all(answer["verdict"] == ADMITTED for answers in during.values() for answer in answers)
        proxy.forward()
        healed = time.monotonic()
        back = wait_for(f"desk-cut on the hub again after {fault.__name__}",
                        lambda: (answer := scan("desk-cut"))["via"] == "hub" and answer, timeout=10, every=0.2)
        assert time.monotonic() - healed <= 5.0, fault.__name__
        assert back["verdict"] == ADMITTED
        assert [scan(name)["via"] for name in ("desk-left", "desk-right")] == ["hub", "hub"]
    # what desk-cut decided alone reaches the hub with its sync, as it was shown; each badge once
    partitioned["cut"].sync()
    assert dict(hub.query("SELECT id, verdict FROM scans WHERE id = ANY(%s)", ([a["id"] for a in shown],))) == \
        {answer["id"]: answer["verdict"] for answer in shown}
    assert partitioned["cut"].ok("conflicts", "--db", str(partitioned["cut"].path))["count"] == 0


# ---------------------------------------------------------------------------------------------
# A desk killed between the hub's commit and its own


def test_a_desk_killed_after_the_hubs_commit_gets_its_scan_from_the_hub_counted_once(
        gate_hub: GateEvent, tmp_path: Path) -> None:
    hub = gate_hub.hub
    desk, other = join_desks(hub, tmp_path, ["desk-killed", "desk-other"])
    visitor, = badges(gate_hub, 180, 1)
    code, scan_id = gate_hub.codes[visitor], "desk-killed-0001"
    killed = desk.driver("scan-killed-after-hub-commit", "--gate", gate_hub.gates[0], "--id", scan_id, code)
    _out, err = killed.communicate(timeout=120)
    assert killed.returncode == -signal.SIGKILL, err
    assert hub.query("SELECT verdict, desk_id FROM scans WHERE id = %s", (scan_id,)) == [(ADMITTED, desk.desk_id)]
    assert desk.count("SELECT count(*) FROM scans WHERE id = ?", (scan_id,)) == 0  # its commit never came
    desk.sync()
    other.sync()
    gate_id = hub.query("SELECT gate_id FROM scans WHERE id = %s", (scan_id,))[0][0]
    for looked_at in (desk, other):  # the scan from the hub, once, as the hub decided it
        assert looked_at.query("SELECT id, verdict, desk_id, gate_id FROM scans WHERE visitor_id = ?", (visitor,)) \
            == [(scan_id, ADMITTED, desk.desk_id, gate_id)], looked_at.desk_id
    # not counted twice: not in the desk's outbox (never pushed back), once in the hub's change log
    assert desk.count("SELECT count(*) FROM sync_outbox WHERE tbl = 'scans' AND pk LIKE ?", (f"%{scan_id}%",)) == 0
    assert hub.count("SELECT count(*) FROM hub_changes WHERE tbl = 'scans' AND pk->>'id' = %s", (scan_id,)) == 1
    # the badge was let in once: the scanner's retry under the same id is not recorded again, and the
    # badge is already admitted at both desks, on the hub and on either desk's own file
    stations = [GateStation(looked_at, gate_hub.gates[1], f"{looked_at.desk_id} gate") for looked_at in (desk, other)]
    verdicts = {}
    try:
        open_on_hub(stations)
        assert stations[0].scan(code, scan_id)["replayed"] is True
        for station in stations:
            verdicts[station.desk.desk_id, "hub"] = said(station.scan(code, f"{station.desk.desk_id}-on-hub"))
        with hub_stopped(hub):
            for station in stations:
                verdicts[station.desk.desk_id, "offline"] = said(station.scan(code, f"{station.desk.desk_id}-alone"))
    finally:
        for station in stations:
            station.close()
    assert verdicts == {(d.desk_id, via): ("already_admitted", via) for d in (desk, other) for via in ("hub", "offline")}
    assert desk.ok("conflicts", "--db", str(desk.path))["count"] == 0


def said(answer: dict[str, Any]) -> tuple[str, str]:
    """(verdict, which way it was taken) of a scan's answer."""
    return answer["verdict"], answer["via"]
