"""The event hub's sync (issue 15): how soon one desk sees another's change, and how long a desk
back from an hour offline takes to catch up. A real PostgreSQL hub (`start_hub`) on this machine.

- A walk-in registered on desk A until it is in desk B's file, both desks running `expo-console
  sync --every N` (processes of their own, as beside the window): p50 and p95 over the samples,
  at the shortest interval the command allows and at the window's. The baseline, on the same
  server in the same run: a bare INSERT on one connection, seen by a SELECT polling on another at
  the same interval (one hop where the desks have two: A's push and B's pull).
- 20,000 queued changes (a list imported while offline) pushed from desk A, then pulled on desk
  B, against a bare COPY of the same rows into a table of the same server. The push and the pull
  are timed apart, and the push is profiled: where its time goes is printed and kept.
"""

from __future__ import annotations

import cProfile
import csv
import os
import pstats
import random
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.harness import Figure, Report, percentile
from benchmarks.hub_setup import PASSPHRASE, running_hub
from expo_console.services.demo.event import create_demo_event
from expo_console.services.events import open_event
from expo_console.services.hub.join import join
from expo_console.services.hub.publish import publish
from expo_console.services.hub.sync import sync_once
from expo_console.services.importing.importer import import_file
from expo_console.services.registration.visitors import register_visitor
from expo_console.storage.connection import Stamp

DESK_A, DESK_B = Stamp("bench-desk-a", "bench", "organizer"), Stamp("bench-desk-b", "bench", "organizer")
MIN_EVERY = 0.2  # the shortest round `expo-console sync --every` allows (cli/hub.py)
WINDOW_EVERY = 2.0  # the window's sync runner


@dataclass
class Desks:
    folder: Path
    dsn: str
    owner_dsn: str
    a: Path
    b: Path


@contextmanager
def _hub_and_two_desks() -> Iterator[Desks]:
    """A hub (in a folder the postgres user can reach when we are root), the demo event published
    from desk A, and desk B joined."""
    with running_hub() as (folder, started):
        store = create_demo_event(folder / "a.expo", DESK_A, visitors=0)
        publish(store, started["owner_dsn"], passphrase=PASSPHRASE)
        store.close()
        joined, _rows = join(started["dsn"], folder / "b.expo", DESK_B, passphrase=PASSPHRASE)
        joined.close()
        yield Desks(folder, started["dsn"], started["owner_dsn"], folder / "a.expo", folder / "b.expo")


def _walk_in(n: int) -> Any:
    from expo_console.domain.visitors import Consent, VisitorDraft

    return VisitorDraft(name=f"현장{n:05d}", email=f"walk-in-{n}@bench.example", consents=frozenset({Consent.REQUIRED}))


def _seen_in(path: Path, visitor_id: str, timeout: float = 60) -> float:
    """When the visitor is in the file (polled every 2 ms, read-only, as another process)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    try:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if conn.execute("SELECT 1 FROM visitors WHERE id = ?", (visitor_id,)).fetchone():
                return time.perf_counter()
            time.sleep(0.002)
    finally:
        conn.close()
    raise RuntimeError(f"the change never reached desk B within {timeout} s: is its sync running?")


def _syncing(desks: Desks, path: Path, stamp: Stamp, every: float) -> subprocess.Popen[bytes]:
    env = {**os.environ, "EXPO_CONSOLE_DESK_ID": stamp.desk_id, "EXPO_CONSOLE_OPERATOR": stamp.operator}
    return subprocess.Popen([sys.executable, "-m", "expo_console", "sync", "--db", str(path), "--hub", desks.dsn,
                             "--every", str(every)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _desk_latencies(desks: Desks, every: float, samples: int, rng: random.Random) -> list[float]:
    syncs = [_syncing(desks, desks.a, DESK_A, every), _syncing(desks, desks.b, DESK_B, every)]
    store = open_event(desks.a, DESK_A)  # desk A's window, registering walk-ins
    try:
        time.sleep(1.5)  # both syncs connected and even
        latencies = []
        for n in range(samples):
            time.sleep(rng.uniform(0, every))  # at any moment of the syncs' rounds
            visitor = register_visitor(store, _walk_in(int(every * 1000) * 1000 + n)).visitor_id
            made = time.perf_counter()
            latencies.append(_seen_in(desks.b, visitor) - made)
        return latencies
    finally:
        store.close()
        for sync in syncs:
            sync.terminate()
            sync.wait(timeout=30)


def _bare_latencies(desks: Desks, every: float, samples: int, rng: random.Random) -> list[float]:
    import psycopg

    with psycopg.connect(desks.owner_dsn, autocommit=True) as writer, \
            psycopg.connect(desks.owner_dsn, autocommit=True) as reader:
        writer.execute("CREATE TABLE IF NOT EXISTS bench_bare (id bigint PRIMARY KEY, name text)")
        latencies = []
        for n in range(samples):
            key = int(every * 1000) * 1000 + n
            # the reader polls at its own pace, as a desk's sync rounds do: its next look comes at a
            # random moment of its interval
            next_look = time.perf_counter() + rng.uniform(0, every)
            writer.execute("INSERT INTO bench_bare VALUES (%s, %s)", (key, f"현장{n}"))
            made = time.perf_counter()
            while True:
                time.sleep(max(0.0, next_look - time.perf_counter()))
                if reader.execute("SELECT 1 FROM bench_bare WHERE id = %s", (key,)).fetchone():
                    break
                next_look += every
            latencies.append(time.perf_counter() - made)
        return latencies


def run_latency(report: Report, samples: int, intervals: tuple[float, ...] = (MIN_EVERY, WINDOW_EVERY)) -> None:
    rng = random.Random(15)
    with _hub_and_two_desks() as desks:
        for every in intervals:
            ours = _desk_latencies(desks, every, samples, rng)
            bare = _bare_latencies(desks, every, samples, rng)
            details = {"samples": samples, "every_s": every, "p50": percentile(ours, 50),
                       "baseline_p50": percentile(bare, 50), "max": max(ours)}
            report.add(Figure(f"change on desk A seen on desk B p50 (sync every {every:g} s)", percentile(ours, 50),
                              f"bare INSERT seen by a SELECT every {every:g} s p50", percentile(bare, 50),
                              target="", details=details))
            report.add(Figure(f"change on desk A seen on desk B p95 (sync every {every:g} s)", percentile(ours, 95),
                              f"bare INSERT seen by a SELECT every {every:g} s p95", percentile(bare, 95),
                              target="p95 ≤ 2 s", details=details))


def _queue(path: Path, stamp: Stamp, changes: int) -> None:
    """`changes` visitors imported while the desk had no hub (one list: one change each)."""
    store = open_event(path, stamp)
    try:
        people = path.with_name("offline-list.csv")
        with people.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["성명", "회사명", "이메일"])
            writer.writerows([f"사전{i:05d}", "(주)벤치", f"pre-{i}@bench.example"] for i in range(changes))
        import_file(store, people)
    finally:
        store.close()


def _bare_copy(desks: Desks) -> float:
    """COPY desk A's visitor rows (as many as were queued) into a new table of the same server."""
    import psycopg
    from psycopg import sql

    source = sqlite3.connect(f"file:{desks.a}?mode=ro", uri=True)
    try:
        columns = [r[1] for r in source.execute("PRAGMA table_info(visitors)")]
        rows = source.execute("SELECT * FROM visitors").fetchall()
    finally:
        source.close()
    with psycopg.connect(desks.owner_dsn) as pg:
        pg.execute("CREATE TABLE bench_copy (LIKE visitors INCLUDING ALL)")
        pg.commit()
        start = time.perf_counter()
        with pg.cursor().copy(sql.SQL("COPY bench_copy ({}) FROM STDIN").format(
                sql.SQL(", ").join(sql.Identifier(c) for c in columns))) as copy:
            for row in rows:
                copy.write_row(row)
        pg.commit()
        return time.perf_counter() - start


# The steps of a push, as sync.py takes them for each change (their time with what they call)
PUSH_STEPS = {"pending": "read the outbox", "sqlite_rows_by_key": "read the rows from the file",
              "record_changes": "log the changes on the hub", "apply_to_hub": "upsert the hub's tables",
              "edits_since": "look for edits another desk made unseen", "set_state": "move the desk's cursor",
              "_push": "the whole push"}


def _where_the_time_goes(profile: cProfile.Profile, seconds: float) -> dict[str, float]:
    """Each push step's share of the push's wall time (cProfile's cumulative times, scaled to the
    push measured without the profiler's overhead)."""
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    spent = {told: sum(entry[3] for (_file, _line, name), entry in stats.items() if name == function)
             for function, told in PUSH_STEPS.items()}
    whole = spent.pop("the whole push") or 1.0
    steps = {told: seconds * value / whole for told, value in spent.items()}
    steps["the rest (connecting, counting)"] = max(0.0, seconds - sum(steps.values()))
    return steps


def run_catch_up(report: Report, changes: int) -> None:
    with _hub_and_two_desks() as desks:
        _queue(desks.a, DESK_A, changes)
        store_a = open_event(desks.a, DESK_A)
        start = time.perf_counter()
        pushed = sync_once(store_a, desks.dsn)
        push = time.perf_counter() - start
        store_a.close()
        store_b = open_event(desks.b, DESK_B)
        start = time.perf_counter()
        pulled = sync_once(store_b, desks.dsn)
        pull = time.perf_counter() - start
        store_b.close()
        copy = _bare_copy(desks)
        profiled = _profiled_push(desks, min(changes, 2_000), push / max(1, pushed.pushed))
    print(f"  push of {pushed.pushed:,} changes {push:.2f} s, pull of {pulled.pulled:,} {pull:.2f} s; a push's "
          f"time per step (per 1,000 changes):", *(f"    {told:28} {seconds * 1000:7.3f} s"
                                                    for told, seconds in profiled.items()), sep="\n", flush=True)
    report.add(Figure(f"catch up {changes:,} queued changes (push A + pull B)", push + pull,
                      f"bare COPY of the {changes:,} rows", copy, target="≤ 10 s and ≤ 5× the bare COPY",
                      details={"push_s": push, "pull_s": pull, "pushed": pushed.pushed, "pulled": pulled.pulled,
                               "push_s_per_1000_changes_by_step": {k: v * 1000 for k, v in profiled.items()}}))


def _profiled_push(desks: Desks, changes: int, per_change: float) -> dict[str, float]:
    """Another push, under cProfile: each step's seconds per change."""
    _queue(desks.a, DESK_A, changes)
    store = open_event(desks.a, DESK_A)
    profile = cProfile.Profile()
    profile.enable()
    pushed = sync_once(store, desks.dsn).pushed
    profile.disable()
    store.close()
    return {told: seconds / max(1, pushed) for told, seconds in
            _where_the_time_goes(profile, per_change * max(1, pushed)).items()}
