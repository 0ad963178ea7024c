"""The access records at N entries: the pages File ▸ Access records reads (the newest, one
action's, one person's, the next after a scroll) and the day's unusual-pattern check, each
through the service (the role each entry was made with, the person's name, the desk's).

The baseline, on the same file and in the same run, is the bare read of the table's newest rows
by rowid (as many as a page): the least a page can cost. The log is filled with plain SQL (fast,
synchronous=OFF for the set-up only), spread over four days, five operators at four desks, with
each operator's sign-ins between their entries as a day at the desks writes them.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import statistics
import tempfile
from pathlib import Path

from benchmarks.harness import Figure, Report, repeat
from expo_console.domain.ids import new_id
from expo_console.services.access_records import PAGE, RecordFilter, list_records, prepare
from expo_console.services.access_watch import unusual_access
from expo_console.services.demo.event import create_demo_event
from expo_console.storage.connection import Stamp, utc_stamp

START = dt.datetime(2022, 10, 4, 0, 0, tzinfo=dt.UTC)
OPERATORS = (("organizer", "hq"), ("registration", "reg-1"), ("registration", "reg-2"), ("gate", "gate-1"),
             ("viewer", "hq"))
ACTIONS = ("reveal_phone", "update", "issue_badge", "create", "export", "block", "head_count")


def _fill(store, entries: int) -> None:  # type: ignore[no-untyped-def]
    conn = store.conn
    conn.execute("PRAGMA synchronous = OFF")
    rng = random.Random(21)
    visitors = [r[0] for r in conn.execute("SELECT id FROM visitors")]
    step = 4 * 86_400 / entries
    rows = []
    for i in range(entries):
        operator, desk = rng.choice(OPERATORS)
        at = utc_stamp(START + dt.timedelta(seconds=i * step))
        if i % 50 == 0:  # a sign-in now and then, as operators come and go at the desks
            rows.append((new_id(), at, desk, operator, "sign_in", "operator", operator, json.dumps({"role": operator})))
            continue
        action = rng.choice(ACTIONS)
        rows.append((new_id(), at, desk, operator, action, "visitor", rng.choice(visitors),
                     json.dumps({"reason": "calling back"} if action == "reveal_phone" else {})))
    with store.write():
        conn.executemany("INSERT INTO audit_log (id, at, desk_id, operator, action, entity, entity_id, detail_json)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    conn.execute("PRAGMA synchronous = FULL")


def run(report: Report, entries: int, repeats: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = create_demo_event(Path(folder) / "log.expo", Stamp("bench", "bench", "organizer"), visitors=1000)
        try:
            _fill(store, entries)
            _measure(report, store, entries, repeats)
        finally:
            store.close()


def _median(fn, times: int) -> float:  # type: ignore[no-untyped-def]
    fn()  # warm: the first read pulls the pages in
    return statistics.median(repeat(fn, times))


def _measure(report: Report, store, entries: int, repeats: int) -> None:  # type: ignore[no-untyped-def]
    conn = store.conn
    bare = _median(lambda: conn.execute("SELECT * FROM audit_log ORDER BY rowid DESC LIMIT ?", (PAGE,)).fetchall(),
                   repeats)
    name = conn.execute("SELECT name FROM visitors ORDER BY id LIMIT 1").fetchone()[0]
    everything = prepare(store, RecordFilter())
    first = list_records(store, everything)
    pages = {
        f"access records: newest page of {entries:,}": lambda: list_records(store, everything),
        "access records: newest page of one action": lambda: list_records(store, RecordFilter(action="reveal_phone")),
        "access records: newest page of one person by name": lambda: list_records(store, RecordFilter(person=name)),
        "access records: the next page (scrolled)": lambda: list_records(store, everything, before=first[-1].cursor),
    }
    for label, read in pages.items():
        report.add(Figure(label, _median(read, repeats), f"bare read of the newest {PAGE} rows", bare,
                          target="< 50 ms (a page as the list scrolls)", details={"entries": entries, "page": PAGE}))
    day = (START + dt.timedelta(days=1)).date()
    check = _median(lambda: unusual_access(store, day), max(3, repeats // 4))
    report.add(Figure("access records: a day's unusual-pattern check", check, f"bare read of the newest {PAGE} rows",
                      bare, target="< 500 ms", details={"entries": entries, "entries_that_day": entries // 4}))
