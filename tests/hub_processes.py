"""Real hubs and desks for the event hub's tests (import as `from hub_processes import ...`). No Qt.

A hub is a PostgreSQL server started with `expo-console hub start` in a folder the server user can
pass through (as root it runs as `postgres`). A desk is an event file with a desk id and a config
folder of its own (its badge key and the hub it joined), as on a machine of its own; everything
a desk does runs as a separate `python -m expo_console` process (or tests/hub_desk.py, a desk
that registers, edits, prints and syncs as the window would).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import hub_support
from hub_support import PASSPHRASE

DESK_SCRIPT = Path(__file__).with_name("hub_desk.py")


def expo(*args: str, env: dict[str, str] | None = None, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "expo_console", *args], capture_output=True, text=True,
                          timeout=timeout, env=env)


def last_json(run: subprocess.CompletedProcess[str]) -> Any:
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.strip().splitlines()[-1])


def wait_for(what: str, condition: Callable[[], object], timeout: float = 60, every: float = 0.05) -> Any:
    """Poll until `condition()` is truthy (its value is returned); fail saying what never happened."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout:.0f} s")
        time.sleep(every)


@dataclass
class Hub:
    folder: Path
    dsn: str  # the desks' connection string (to this machine)
    owner_dsn: str

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        import psycopg

        with psycopg.connect(self.owner_dsn, connect_timeout=10) as conn:
            return conn.execute(sql, tuple(params) or None).fetchall()  # type: ignore[arg-type]

    def count(self, sql: str, params: Sequence[Any] = ()) -> int:
        return int(self.query(sql, params)[0][0])

    @contextmanager
    def owner(self) -> Iterator[Any]:
        """The organizer's connection (autocommit), to look at or tamper with the hub."""
        import psycopg

        with psycopg.connect(self.owner_dsn, connect_timeout=10, autocommit=True) as conn:
            yield conn

    def start(self) -> None:
        last_json(expo("hub", "start", "--dir", str(self.folder)))

    def stop(self) -> None:
        last_json(expo("hub", "stop", "--dir", str(self.folder)))

    def crash(self) -> None:
        """An immediate shutdown, as a power cut would leave it: no checkpoint, clients cut off."""
        from expo_console.services.hub.server import postgres_binaries

        command = [str(postgres_binaries() / "pg_ctl"), "-D", str(self.folder / "data"), "stop", "-m", "immediate"]
        if os.geteuid() == 0:  # the server runs as the postgres user (services/hub/server.py)
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=60, cwd="/")

    def table(self, table: str, columns: Sequence[str]) -> list[tuple[Any, ...]]:
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.owner_dsn, connect_timeout=10) as conn:
            return sorted(conn.execute(sql.SQL("SELECT {} FROM {}").format(
                sql.SQL(", ").join(sql.Identifier(c) for c in columns), sql.Identifier(table))).fetchall(), key=repr)


@contextmanager
def running_hub() -> Iterator[Hub]:
    """A new hub (hub_support.running_hub), to be crashed, stopped and started by these tests."""
    with hub_support.running_hub() as started:
        yield Hub(started["folder"], started["desk_dsn"], started["owner_dsn"])


@dataclass
class Desk:
    desk_id: str
    path: Path  # this desk's event file
    config: Path  # its config folder: badge key, the hub it joined

    def env(self, **extra: str) -> dict[str, str]:
        return {**os.environ, "EXPO_CONSOLE_DESK_ID": self.desk_id, "EXPO_CONSOLE_OPERATOR": "organizer",
                "EXPO_CONSOLE_CONFIG_DIR": str(self.config), "EXPO_CONSOLE_PASSPHRASE": PASSPHRASE, **extra}

    def run(self, *args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
        return expo(*args, env=self.env(), timeout=timeout)

    def run_all(self, commands: Sequence[Sequence[str]], timeout: float = 180) -> list[subprocess.CompletedProcess[str]]:
        """Several `expo-console` commands of this desk at once (as a desk's operator and its
        window would); their results in the same order."""
        started = [(command, subprocess.Popen([sys.executable, "-m", "expo_console", *command], env=self.env(),
                                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
                   for command in commands]
        finished = []
        for command, process in started:
            out, err = process.communicate(timeout=timeout)
            finished.append(subprocess.CompletedProcess(list(command), process.returncode, out, err))
        return finished

    def ok(self, *args: str, timeout: float = 180) -> Any:
        return last_json(self.run(*args, timeout=timeout))

    def start(self, *args: str, prefix: Sequence[str] = (), **extra: str) -> subprocess.Popen[str]:
        """`expo-console ARGS` running in the background (a continuous sync)."""
        return subprocess.Popen([*prefix, sys.executable, "-m", "expo_console", *args], env=self.env(**extra),
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def sync(self, *extra: str) -> dict[str, Any]:
        result: dict[str, Any] = self.ok("sync", "--db", str(self.path), "--once", *extra)
        return result

    def driver(self, *args: str, prefix: Sequence[str] = (), **extra: str) -> subprocess.Popen[str]:
        """tests/hub_desk.py: the desk at work (registering, editing, printing, syncing)."""
        return subprocess.Popen([*prefix, sys.executable, str(DESK_SCRIPT), "--db", str(self.path), *args],
                                env=self.env(**extra), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, bufsize=1)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Read the desk's file (another process; read-only, as a technician's look would)."""
        conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=30)
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()

    def count(self, sql: str, params: Sequence[Any] = ()) -> int:
        return int(self.query(sql, params)[0][0])

    def columns(self, table: str) -> list[str]:
        return [str(r[1]) for r in self.query(f'PRAGMA table_info("{table}")')]

    def table(self, table: str) -> list[tuple[Any, ...]]:
        names = ", ".join(f'"{c}"' for c in self.columns(table))
        return sorted(self.query(f'SELECT {names} FROM "{table}"'), key=repr)


def join_desks(hub: Hub, folder: Path, names: Sequence[str], key_file: Path | None = None,
               dsn: str | None = None) -> list[Desk]:
    """Desks that join the hub at once (each its own process and config folder), with the event's
    badge key imported where given (`expo-console key import`), as the organizer hands it round.
    `dsn`: the hub's address as these desks reach it (another route to it, such as a proxy)."""
    desks = [Desk(name, folder / f"{name}.expo", folder / f"{name}-config") for name in names]
    joins = [subprocess.Popen([sys.executable, "-m", "expo_console", "join", "--hub", dsn or hub.dsn, "--db",
                               str(d.path)],
                              env=d.env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for d in desks]
    for process in joins:
        _out, err = process.communicate(timeout=180)
        assert process.returncode == 0, err
    if key_file is not None:
        imports = [subprocess.Popen([sys.executable, "-m", "expo_console", "key", "import", "--db", str(d.path),
                                     str(key_file)], env=d.env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    text=True) for d in desks]
        for process in imports:
            _out, err = process.communicate(timeout=180)
            assert process.returncode == 0, err
    return desks


class DeskDriver:
    """A running tests/hub_desk.py `serve`: one JSON command a line in, one JSON answer a line out."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process

    def __call__(self, command: str, **args: Any) -> Any:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps({"do": command, **args}) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            _out, err = self.process.communicate(timeout=30)
            raise AssertionError(f"the desk process ended: {err}")
        answer = json.loads(line)
        assert "error" not in answer, answer["error"]
        return answer

    def close(self) -> None:
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            self.process.wait(timeout=60)


def sync_at_once(desks: Sequence[Desk]) -> list[subprocess.CompletedProcess[str]]:
    """`expo-console sync --once` on every desk at the same time (each with the hub it joined)."""
    return at_once(desks, "sync", "--once")


def at_once(desks: Sequence[Desk], command: str, *args: str) -> list[subprocess.CompletedProcess[str]]:
    """`expo-console COMMAND --db FILE ARGS` on every desk (its own file) at the same time."""
    started = [subprocess.Popen([sys.executable, "-m", "expo_console", command, "--db", str(d.path), *args],
                                env=d.env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for d in desks]
    finished = []
    for process in started:
        out, err = process.communicate(timeout=180)
        finished.append(subprocess.CompletedProcess(process.args, process.returncode, out, err))
    return finished


def even(desk: Desk, hub: Hub, tables: Sequence[str]) -> dict[str, str]:
    """The tables where the desk's file and the hub's copy differ, with how (empty: even)."""
    differing = {}
    for table in tables:
        mine, theirs = desk.table(table), hub.table(table, desk.columns(table))
        if mine != theirs:
            only_desk, only_hub = set(mine) - set(theirs), set(theirs) - set(mine)
            differing[table] = (f"{len(mine)} rows on {desk.desk_id}, {len(theirs)} on the hub; only on the desk: "
                                f"{sorted(only_desk, key=repr)[:2]}; only on the hub: {sorted(only_hub, key=repr)[:2]}")
    return differing


def stop_gently(process: subprocess.Popen[str]) -> tuple[str, str]:
    """Ctrl+C, as an operator stops `expo-console sync`: it ends cleanly (exit 0)."""
    import signal

    if process.poll() is None:
        process.send_signal(signal.SIGINT)
    return process.communicate(timeout=60)


def faketime_prefix(offset: str) -> list[str] | None:
    """The command prefix that runs a process with its clock moved by `offset` (libfaketime,
    Debian's faketime package: `make test` installs it); None where it is not installed."""
    tool = shutil.which("faketime")
    return [tool, "-f", offset] if tool else None


class GateStation:
    """A desk's `expo-console scan` running at one gate, as a scanner script drives it: a JSON line
    {"code", "id"} in, the verdict's JSON line out. `scan` answers the verdict with "took" added
    (seconds from the line sent to the verdict read)."""

    def __init__(self, desk: Desk, gate: str, station: str) -> None:
        self.desk, self.gate, self.station = desk, gate, station
        self.test_reads = 0
        self.process = subprocess.Popen(
            [sys.executable, "-m", "expo_console", "scan", "--db", str(desk.path), "--gate", gate, "--station", station],
            env=desk.env(PYTHONFAULTHANDLER="1"),  # a crash tells where each thread was
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1)

    def scan(self, code: str, scan_id: str) -> dict[str, Any]:
        assert self.process.stdin is not None and self.process.stdout is not None
        began = time.monotonic()
        try:
            self.process.stdin.write(json.dumps({"code": code, "id": scan_id}) + "\n")
            self.process.stdin.flush()
            line = self.process.stdout.readline()
        except BrokenPipeError:
            line = ""
        took = time.monotonic() - began
        if not line:
            assert self.process.stderr is not None
            raise AssertionError(f"the scanner of {self.desk.desk_id} ended ({self.process.wait(timeout=30)}): "
                                 f"{self.process.stderr.read()}")
        return {**json.loads(line), "took": took}

    def wait_for_hub(self, timeout: float = 30) -> list[dict[str, Any]]:
        """A card that is no badge scanned until the hub decides it (an operator's test read when the
        gate opens): the gate's first connection to the hub is made within a scan's deadline, which
        a loaded machine may miss, and the gate then asks again only every 2 s. The answers (each a
        scan recorded as unreadable, on the hub or queued for it)."""
        answers = []
        deadline = time.monotonic() + timeout
        while not answers or answers[-1]["via"] != "hub":
            assert time.monotonic() < deadline, f"{self.desk.desk_id}'s gate never decided on the hub: {answers}"
            if answers:
                time.sleep(0.2)
            self.test_reads += 1
            answers.append(self.scan("0000", f"{self.desk.desk_id}-test-read-{self.test_reads}"))
        return answers

    def close(self, check: bool = True) -> str:
        """Standard input closed, as a scanner script ends: the process ends by itself (exit 0,
        checked unless told not to); its standard error."""
        assert self.process.stdin is not None and self.process.stdout is not None and self.process.stderr is not None
        with contextlib.suppress(BrokenPipeError):  # it had ended already
            self.process.stdin.close()
        self.process.stdout.read()
        err = self.process.stderr.read()
        assert self.process.wait(timeout=60) == 0 or not check, err
        return err


def open_on_hub(stations: Sequence[GateStation]) -> list[dict[str, Any]]:
    """Every station's test reads until it decides on the hub (GateStation.wait_for_hub), all at once;
    the answers."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(len(stations)) as pool:
        return [answer for answers in pool.map(GateStation.wait_for_hub, stations) for answer in answers]


@dataclass
class GateEvent:
    """An event on a hub for the gates' tests: its days include today, the hall's gates admit a
    badge once a day at any hour, and every visitor has a badge whose code the test holds."""

    hub: Hub
    organizer: Desk  # published the event; its config folder holds the badge key
    codes: dict[str, str]  # visitor id → the badge's code
    gates: tuple[str, ...]  # the hall's entrances
    event_id: str


def gate_event(hub: Hub, folder: Path, visitors: int, deadline_ms: int | None = None) -> GateEvent:
    """The demo event from yesterday (in Seoul, the event's time zone) for four days, so that a scan
    now is on an event day; the hall's rule only 'once per day' (no hours: the test may run at any
    time of day), badges issued for everyone on the organizer's desk, then published on `hub`."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    import pytest

    from expo_console.services import event_settings
    from expo_console.services.badges.codes import issue_badges
    from expo_console.services.checkin import gate_rules
    from expo_console.services.demo.event import HALL_GATES, create_demo_event, demo_start_for
    from expo_console.services.events import event_row
    from expo_console.storage.connection import Stamp

    organizer = Desk("desk-organizer", folder / "organizer.expo", folder / "organizer-config")
    today = dt.datetime.now(ZoneInfo("Asia/Seoul")).date()
    with pytest.MonkeyPatch.context() as patch:  # the badge key is made in the organizer's config folder
        patch.setenv("EXPO_CONSOLE_CONFIG_DIR", str(organizer.config))
        store = create_demo_event(organizer.path, Stamp(organizer.desk_id, "organizer"), visitors=visitors,
                                  starts_on=demo_start_for(today))
        try:
            gate_rules.set_rule(store, gate_rules.HALL, {"admission": "once_per_day"})
            if deadline_ms is not None:
                event_settings.put(store, event_settings.HUB_DEADLINE_MS, deadline_ms)
            ids = [r[0] for r in store.conn.execute("SELECT id FROM visitors ORDER BY id")]
            badges, _change = issue_badges(store, ids)
            event_id = str(event_row(store)["id"])
        finally:
            store.close()
    organizer.ok("hub", "publish", "--db", str(organizer.path), "--hub", hub.owner_dsn)
    entrances = tuple(name for name, _en, kind, _way in HALL_GATES if kind == "hall_entrance")
    return GateEvent(hub, organizer, {v: b.code for v, b in zip(ids, badges, strict=True)}, entrances, event_id)
