"""The event hub under faults (issue 15), with real processes and a real PostgreSQL server.

Every desk is a process of its own with its own desk id and config folder, as on separate
machines: `expo-console join|sync|desks|key`, and tests/hub_desk.py, a desk that registers, edits,
prints and syncs through the window's services. One hub holds one event: the tests of this
module share one hub and its event (each with desks of its own), and start a second hub only for
a hub of another event.

What is checked is what a desk's operator and the organizer would notice: a wrong hub is told in
a sentence and the desk's file keeps working; a hub that dies, a desk killed mid-push, clocks that
disagree and a desk back after an hour offline lose nothing, duplicate nothing and leave every
desk with every other desk's rows, in the order the hub received them.
"""

from __future__ import annotations

import json
import random
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from hub_processes import (
    Desk,
    DeskDriver,
    Hub,
    even,
    faketime_prefix,
    join_desks,
    running_hub,
    stop_gently,
    sync_at_once,
    wait_for,
)
from print_server import private_cups, why_cups_cannot_run

from expo_console.services.hub.schema import HUB_SCHEMA_VERSION
from hub_support import free_port

pytestmark = pytest.mark.slow  # real hubs, desks and print servers, killed and restarted

# What desks write and the hub must hold exactly as they do (the desks table is left out: every
# open of a file records the desk's visit there, so it moves whenever a desk is looked at).
EVENT_TABLES = ("visitors", "badges", "print_log", "audit_log", "import_runs", "scans", "cancelled_badges",
                "removed_visitors")
# A desk's changes not pushed yet (its outbox after its push cursor)
WAITING = ("SELECT count(*) FROM sync_outbox WHERE seq > (SELECT coalesce(max(v + 0), 0) FROM sync_state"
           " WHERE k = 'pushed_through')")


@dataclass
class EventHub:
    hub: Hub
    publisher: Desk  # the organizer's desk that put the event on the hub
    key_file: Path  # the event's badge key as the organizer hands it to the desks
    event_id: str


@pytest.fixture(scope="module")
def event_hub(tmp_path_factory: pytest.TempPathFactory, event_templates) -> Iterator[EventHub]:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("event-hub")
    with running_hub() as hub:
        publisher = Desk("desk-organizer", folder / "organizer.expo", folder / "organizer-config")
        template = event_templates.demo(visitors=40)
        template.copy_to(publisher.path, publisher.config)
        publisher.ok("hub", "publish", "--db", str(publisher.path), "--hub", hub.owner_dsn)
        key_file = folder / "badge-key.json"
        publisher.ok("key", "export", "--db", str(publisher.path), "--out", str(key_file))
        yield EventHub(hub, publisher, key_file, template.event_id)


def refused(run: subprocess.CompletedProcess[str], sentence: str) -> bool:
    return run.returncode == 1 and sentence in run.stderr and "Traceback" not in run.stderr


def test_a_wrong_hub_is_told_in_a_sentence_and_the_desk_keeps_working_on_its_own_file(
        event_hub: EventHub, event_templates, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    hub = event_hub.hub
    desk, = join_desks(hub, tmp_path, ["desk-misdialled"])
    visitor = desk.query("SELECT id FROM visitors ORDER BY id LIMIT 1")[0][0]
    wrong = {
        "nobody answers": (hub.dsn.rsplit(":", 1)[0] + f":{free_port()}/expo_hub", "does not answer"),
        "a wrong password": (hub.dsn.replace("expo_desk:", "expo_desk:not-", 1), "refused the password"),
        "not a hub": (hub.dsn.rsplit("/", 1)[0] + "/postgres", "not an Expo Console hub"),
        "not a connection string": ("hub.example.org", "not a connection string"),
    }
    with running_hub() as other:
        organizer = Desk("desk-other-organizer", tmp_path / "other.expo", tmp_path / "other-config")
        event_templates.demo(visitors=10).copy_to(organizer.path, organizer.config)
        organizer.ok("hub", "publish", "--db", str(organizer.path), "--hub", other.owner_dsn)
        wrong["a hub of another event"] = (other.dsn, "holds another event")
        blocked = False
        for case, (dsn, sentence) in wrong.items():
            commands = [("sync", "--db", str(desk.path), "--once", "--hub", dsn),
                        ("desks", "--db", str(desk.path), "--hub", dsn)]
            if case != "a hub of another event":  # joining another event's hub is joining that event
                commands.append(("join", "--hub", dsn, "--db", str(tmp_path / "new.expo")))
            # the desk works on meanwhile: its file takes this case's write
            blocked = not blocked
            commands.append(("visitors", "block" if blocked else "unblock", "--db", str(desk.path), visitor,
                             "--reason", case))
            *runs, write = desk.run_all(commands)
            for command, run in zip(commands, runs, strict=False):
                assert refused(run, sentence), (case, command[0], run.stderr)
            assert not list(tmp_path.glob("new.expo*"))  # no half-made copy left behind
            assert write.returncode == 0, write.stderr
            assert desk.count("SELECT blocked FROM visitors WHERE id = ?", (visitor,)) == blocked
        joined_again = desk.run("join", "--hub", other.dsn, "--db", str(desk.path))
        assert refused(joined_again, "exists already")
        # a continuous sync that cannot reach the hub says so and goes on trying
        syncing = desk.start("sync", "--db", str(desk.path), "--every", "0.2", "--hub", wrong["nobody answers"][0])
        assert syncing.stdout is not None
        assert "does not answer" in json.loads(syncing.stdout.readline())["offline"]
        time.sleep(0.5)  # a few rounds more
        assert syncing.poll() is None
        out, err = stop_gently(syncing)
        assert syncing.returncode == 0 and "Traceback" not in err
        assert all("does not answer" in json.loads(line)["offline"] for line in out.splitlines())
    with hub.owner() as conn:  # the hub as a newer Expo Console would leave it
        conn.execute("UPDATE hub_meta SET value = %s WHERE key = 'schema_version'", (str(HUB_SCHEMA_VERSION + 1),))
    try:
        commands = [("sync", "--db", str(desk.path), "--once"), ("desks", "--db", str(desk.path)),
                    ("join", "--hub", hub.dsn, "--db", str(tmp_path / "new.expo"))]
        for command, run in zip(commands, desk.run_all(commands), strict=True):
            assert refused(run, "Update Expo Console on this desk"), (command[0], run.stderr)
    finally:
        with hub.owner() as conn:
            conn.execute("UPDATE hub_meta SET value = %s WHERE key = 'schema_version'", (str(HUB_SCHEMA_VERSION),))
    assert not list(tmp_path.glob("new.expo*"))
    # with the right hub again, every write made meanwhile reaches it
    assert desk.sync()["waiting"] == 0
    assert hub.query("SELECT blocked FROM visitors WHERE id = %s", (visitor,)) == [(int(blocked),)]
    assert hub.count("SELECT count(*) FROM audit_log WHERE entity_id = %s AND action IN ('block', 'unblock')",
                     (visitor,)) == len(wrong)
    desks = {d["desk_id"]: d for d in json.loads(desk.run("desks", "--db", str(desk.path)).stdout)}
    assert desks["desk-misdialled"]["waiting"] == 0


def names_and_counts(rows: list[tuple[object, ...]]) -> dict[str, int]:
    return {str(name): int(count) for name, count in rows}  # type: ignore[call-overload]


@pytest.mark.skipif(why_cups_cannot_run() is not None, reason=str(why_cups_cannot_run()))
def test_a_hub_killed_while_four_desks_register_and_print_loses_and_duplicates_nothing(
        event_hub: EventHub, tmp_path: Path) -> None:
    hub = event_hub.hub
    desks = join_desks(hub, tmp_path, [f"desk-{n}" for n in "abcd"], event_hub.key_file)
    listed = 1500  # the list desk a imports first: a long push
    stop = tmp_path / "closing-time"

    def registered(desk: Desk) -> int:
        return desk.count("SELECT count(*) FROM visitors WHERE desk_id = ?", (desk.desk_id,))

    with private_cups(tmp_path) as cups:
        cups.admin("cupsdisable", "expo-pdf")  # out of paper: every badge is queued and logged sent, none drawn
        syncs = [d.start("sync", "--db", str(d.path), "--every", "0.2") for d in desks]
        drivers = [d.driver("walk-ins", "--prefix", d.desk_id, "--until", str(stop), "--print-every", "4",
                            "--pause", "0.1", *(("--bulk", str(listed)) if d is desks[0] else ()),
                            CUPS_SERVER=str(cups.socket)) for d in desks]
        # the hub dies while desk a pushes its list, the others registering and printing
        wait_for("desk a pushing its list", lambda: hub.count(
            "SELECT count(*) FROM hub_changes WHERE desk_id = 'desk-a' AND tbl = 'visitors'") >= 500, every=0.02)
        hub.crash()
        at_crash = [registered(d) for d in desks]
        wait_for("every desk registering on without the hub", lambda: all(
            registered(d) >= n + 2 for d, n in zip(desks, at_crash, strict=True)))
        hub.start()
        at_restart = [registered(d) for d in desks]
        wait_for("every desk registering on with the hub back", lambda: all(
            registered(d) >= n + 2 for d, n in zip(desks, at_restart, strict=True)))
        stop.touch()
        walk_ins = []
        for driver in drivers:
            out, err = driver.communicate(timeout=120)
            assert driver.returncode == 0, err
            walk_ins.append(json.loads(out.splitlines()[-1])["done"])
        # the syncs running beside the desks bring the hub everything once it is back

        def everywhere() -> bool:
            for sync in syncs:
                if sync.poll() is not None:
                    raise AssertionError(f"a desk's sync stopped: {sync.communicate()[1]}")
            made = sum(registered(d) for d in desks)
            return all(hub.count("SELECT count(*) FROM print_log WHERE desk_id = %s", (d.desk_id,)) == n
                       for d, n in zip(desks, walk_ins, strict=True)) and \
                hub.count("SELECT count(*) FROM visitors WHERE desk_id LIKE 'desk-_'") == made and \
                all(d.count("SELECT count(*) FROM visitors WHERE desk_id LIKE 'desk-_'") == made for d in desks)

        wait_for("every desk's rows on the hub and on every desk", everywhere, timeout=120)
        stopped = [stop_gently(s) for s in syncs]
    for (out, err), sync in zip(stopped, syncs, strict=True):
        assert sync.returncode == 0 and "Traceback" not in err, err
        assert any("offline" in json.loads(line) for line in out.splitlines())  # each desk was told
    for desk, run in zip(desks, sync_at_once(desks), strict=True):  # and all even
        assert run.returncode == 0, run.stderr
        assert json.loads(run.stdout)["waiting"] == 0, desk.desk_id
    expected = {f"{d.desk_id}-{i:03d}": 1 for d, n in zip(desks, walk_ins, strict=True) for i in range(n)}
    expected.update({f"desk-a-list-{i:05d}": 1 for i in range(listed)})
    on_hub = names_and_counts(hub.query("SELECT name, count(*) FROM visitors WHERE name LIKE 'desk-_-%'"
                                        " GROUP BY name"))
    assert on_hub == expected
    for desk in desks:
        on_desk = names_and_counts(desk.query("SELECT name, count(*) FROM visitors WHERE name LIKE 'desk-_-%'"
                                              " GROUP BY name"))
        assert on_desk == expected, desk.desk_id
        # every change the desk made was logged on the hub once: none lost, none twice
        assert sorted(r[0] for r in hub.query("SELECT desk_seq FROM hub_changes WHERE desk_id = %s",
                                              (desk.desk_id,))) == \
            [r[0] for r in desk.query("SELECT seq FROM sync_outbox ORDER BY seq")]
        assert even(desk, hub, EVENT_TABLES) == {}
        printed = desk.query("SELECT desk_id, result, count(*) FROM print_log WHERE desk_id LIKE 'desk-_'"
                             " GROUP BY desk_id, result")
        assert printed == [(d.desk_id, "sent", n) for d, n in zip(desks, walk_ins, strict=True)]


def test_a_push_committed_while_another_desks_push_is_still_open_is_not_pulled_ahead_of_it(
        event_hub: EventHub, tmp_path: Path) -> None:
    """Desk 'slow' is half-way through a push (its change logged on the hub, not committed: a slow
    link) when desk 'quick' pushes and desk 'reader' pulls. The reader must not step past the
    slow desk's change: it would never pull it."""
    import psycopg

    from expo_console.storage import hub_repo, hub_tables_repo

    hub = event_hub.hub
    slow, quick, reader = join_desks(hub, tmp_path, ["desk-slow", "desk-quick", "desk-reader"])
    made = {}
    for desk in (slow, quick):
        driver = DeskDriver(desk.driver("serve"))
        made[desk.desk_id] = driver("register", name=f"{desk.desk_id}-walk-in")["visitor"]
        driver.close()
    seq = slow.query("SELECT seq FROM sync_outbox WHERE tbl = 'visitors'")[0][0]
    columns = slow.columns("visitors")
    row = dict(zip(columns, slow.query("SELECT * FROM visitors WHERE id = ?", (made["desk-slow"],))[0], strict=True))
    pushing = psycopg.connect(hub.dsn)  # the slow desk's push, as sync.py makes it, up to its commit
    hub_repo.record_changes(pushing, "desk-slow", [{"desk_seq": seq, "tbl": "visitors", "pk": {"id": row["id"]},
                                                    "op": "upsert", "cols": None, "row_data": row}])
    hub_tables_repo.apply_to_hub(pushing, "visitors", ["id"], set(columns), [({"id": row["id"]}, row, None)])

    def done_or_waiting(process: subprocess.Popen[str], waiting: int) -> bool:
        return process.poll() is not None or hub.count(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted") >= waiting

    quick_sync = quick.start("sync", "--db", str(quick.path), "--once")
    wait_for("the quick desk's push", lambda: done_or_waiting(quick_sync, 1))
    reader_sync = reader.start("sync", "--db", str(reader.path), "--once")
    wait_for("the reader's sync", lambda: done_or_waiting(reader_sync, 2))
    pushing.commit()
    pushing.close()
    for process in (quick_sync, reader_sync):
        _out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    reader.sync()
    assert {r[0] for r in reader.query("SELECT name FROM visitors WHERE desk_id IN ('desk-slow', 'desk-quick')")} \
        == {"desk-slow-walk-in", "desk-quick-walk-in"}


def work_on(desk: Desk, batch: int, rng: random.Random) -> None:
    """The desk at work without syncing (in this process, as that desk): a list of `batch` people
    imported, some of its visitors edited and some deleted (tombstones, and rows gone before
    their upserts are pushed)."""
    from expo_console.services.events import open_event
    from expo_console.services.importing.importer import import_file
    from expo_console.services.registration.visitors import (
        delete_visitor,
        draft_from_row,
        get_visitor,
        update_visitor,
    )
    from expo_console.storage.connection import Stamp

    store = open_event(desk.path, Stamp(desk.desk_id, "operator", "organizer"))
    try:
        first = store.conn.execute("SELECT count(*) FROM visitors WHERE desk_id = ?", (desk.desk_id,)).fetchone()[0]
        people = desk.path.with_name("list.csv")
        people.write_text("성명,회사명,이메일\n" + "".join(f"{desk.desk_id}-{n:05d},(주)사전등록,{desk.desk_id}-{n}@pre.example\n"
                                                      for n in range(first, first + batch)), encoding="utf-8")
        import_file(store, people)
        mine = [r[0] for r in store.conn.execute("SELECT id FROM visitors WHERE desk_id = ? ORDER BY id",
                                                 (desk.desk_id,))]
        for visitor in rng.sample(mine, 20):
            update_visitor(store, visitor, replace(draft_from_row(get_visitor(store, visitor)),
                                                   company=f"(주)변경{rng.randrange(1000)}"))
        for visitor in rng.sample(mine, 10):
            delete_visitor(store, visitor, "registered twice")
    finally:
        store.close()


def test_a_desk_killed_in_the_middle_of_its_push_20_times_loses_and_duplicates_nothing(
        event_hub: EventHub, tmp_path: Path) -> None:
    hub = event_hub.hub
    desk, watching = join_desks(hub, tmp_path, ["desk-killed", "desk-watching"])
    seed = 15
    rng = random.Random(seed)
    delays: list[float] = []
    mid_push = 0
    keep_waiting = 1500  # changes left to push before each kill: doubled when a push ended before its kill

    def pushing() -> bool:  # a push holds the change log's lock from its first change until it commits
        return hub.count("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted") > 0

    for _kill in range(20):
        if desk.count(WAITING) < keep_waiting:
            work_on(desk, keep_waiting, rng)  # the desk works on between kills
        sync = desk.start("sync", "--db", str(desk.path), "--once")
        wait_for("the push under way", lambda: sync.poll() is not None or pushing(), every=0.01)  # noqa: B023
        delays.append(round(rng.uniform(0, 0.3), 3))
        time.sleep(delays[-1])
        if sync.poll() is None:
            mid_push += 1
        else:
            keep_waiting *= 2
        sync.send_signal(signal.SIGKILL)
        sync.wait(timeout=30)
    told = f"seed {seed}: killed {delays} s into a push; {mid_push} of 20 in the middle of it"
    assert mid_push >= 10, told
    assert desk.sync()["waiting"] == 0, told
    watching.sync()
    outbox = desk.query("SELECT seq, tbl, pk, op FROM sync_outbox ORDER BY seq")
    on_hub = [r[0] for r in hub.query("SELECT desk_seq FROM hub_changes WHERE desk_id = %s ORDER BY desk_seq",
                                      (desk.desk_id,))]
    assert len(on_hub) == len(set(on_hub)) and set(on_hub) <= {seq for seq, *_ in outbox}, told
    deleted_later = {(tbl, pk) for _seq, tbl, pk, op in outbox if op == "delete"}
    # a change not on the hub is only an upsert of a row deleted before it was pushed
    assert all(op == "upsert" and (tbl, pk) in deleted_later
               for seq, tbl, pk, op in outbox if seq not in set(on_hub)), told
    for looked_at in (desk, watching):
        assert even(looked_at, hub, EVENT_TABLES) == {}, (looked_at.desk_id, told)
    names = names_and_counts(hub.query("SELECT name, count(*) FROM visitors WHERE desk_id = %s GROUP BY name",
                                       (desk.desk_id,)))
    assert set(names.values()) == {1} and len(names) == desk.count(
        "SELECT count(*) FROM visitors WHERE desk_id = ?", (desk.desk_id,)), told


def test_two_desks_whose_clocks_are_two_minutes_apart_keep_the_hubs_order_and_drop_nothing(
        event_hub: EventHub, tmp_path: Path) -> None:
    ahead_clock = faketime_prefix("+2m")
    if ahead_clock is None:
        pytest.skip("libfaketime is not installed (make test installs Debian's faketime package)")
    hub = event_hub.hub
    ahead, behind = join_desks(hub, tmp_path, ["desk-ahead", "desk-behind"])
    drivers = {"desk-ahead": DeskDriver(ahead.driver("serve", prefix=ahead_clock)),
               "desk-behind": DeskDriver(behind.driver("serve"))}
    try:
        clocks = {name: driver("now")["now"] for name, driver in drivers.items()}
        assert clocks["desk-ahead"] > clocks["desk-behind"]  # the faked clock runs 2 minutes ahead
        shared = [r[0] for r in ahead.query("SELECT id FROM visitors WHERE desk_id = 'desk-test' ORDER BY id LIMIT 3")]
        rng = random.Random(7)
        last: dict[str, str] = {}  # what each shared visitor's company was last changed to, in real order
        walk_ins: list[str] = []
        for step in range(12):  # the desks take turns at random: edit, register, sync
            name = rng.choice(sorted(drivers))
            visitor = rng.choice(shared)
            last[visitor] = f"(주){step:02d} {name}"
            drivers[name]("edit", visitor=visitor, company=last[visitor])
            walk_ins.append(drivers[name]("register", name=f"{name}-{step:02d}")["visitor"])
            drivers[name]("sync")
        for name in ("desk-ahead", "desk-behind", "desk-ahead"):  # even
            drivers[name]("sync")
    finally:
        for driver in drivers.values():
            driver.close()
    marks = ", ".join("?" * len(shared))
    for desk in (ahead, behind):
        assert dict(desk.query(f"SELECT id, company FROM visitors WHERE id IN ({marks})", shared)) == last, \
            desk.desk_id  # the later edit in real (and the hub's) order wins, whatever the clocks say
        assert desk.count(f"SELECT count(*) FROM visitors WHERE id IN ({', '.join('?' * len(walk_ins))})",
                          walk_ins) == len(walk_ins)
        assert even(desk, hub, EVENT_TABLES) == {}, desk.desk_id
    offsets = {d["desk_id"]: d["clock_offset_ms"] for d in ahead.ok("desks", "--db", str(ahead.path))}
    assert abs(offsets["desk-ahead"] - 120_000) < 10_000 and abs(offsets["desk-behind"]) < 10_000, offsets


def test_a_desk_offline_for_an_hour_with_20000_changes_catches_up_and_the_others_pull_them_all(
        event_hub: EventHub, tmp_path: Path) -> None:
    hub = event_hub.hub
    away, staying = join_desks(hub, tmp_path, ["desk-away", "desk-staying"])
    rng = random.Random(20_000)
    hub.stop()  # the hub's laptop asleep for the hour: both desks work on, on their own files
    try:
        assert refused(away.run("sync", "--db", str(away.path), "--once"), "does not answer")
        work_on(away, 20_000, rng)
        work_on(staying, 40, rng)
    finally:
        hub.start()
    assert away.count(WAITING) >= 20_000
    caught_up = away.sync()
    assert caught_up["waiting"] == 0 and caught_up["pushed"] >= 20_000 - 10  # upserts of rows deleted since: none
    assert staying.sync()["pulled"] >= 20_000
    away.sync()  # and the staying desk's work
    for desk in (away, staying):
        assert even(desk, hub, EVENT_TABLES) == {}, desk.desk_id
    names = names_and_counts(hub.query("SELECT name, count(*) FROM visitors WHERE desk_id = 'desk-away' GROUP BY name"))
    assert len(names) == 20_000 - 10 and set(names.values()) == {1}
