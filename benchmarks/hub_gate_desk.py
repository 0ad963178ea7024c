"""One desk of the hub gate benchmark (bench_hub_gate.py), as a process of its own: no Qt.

    python -m benchmarks.hub_gate_desk gate --db FILE --gate NAME --warm CODE [--station NAME]
    BENCH_HUB_DSN=DSN python -m benchmarks.hub_gate_desk bare

`gate` sets up as `expo-console scan` does (the event file opened with this desk's stamp, the
gate's ScanContext, `hub_admission.for_store`: the hub this desk joined), scans the warm-up code
until its verdict comes from the hub (the hub's connection made, as at a gate that has been open
a while), and says {"ready": …}.
`bare` connects to the hub's server (the DSN from the environment: never in an argument, which
every user of the computer can read) with the gate's connection options and says {"ready": …}.
Then each reads one JSON command a line and answers it with one JSON line:

- {"run": {"start": T, "period": S, "codes": [...], "at": ISO}}: scan code k at CLOCK_MONOTONIC
  time T + k·S (a late scan starts at once), each timed around the `scan()` call the scan command
  makes for each line it reads; {"latencies": […], "via": […], "verdicts": […]}. With "profile":
  true the hub's statements, the commits and the hand-over to the hub thread are timed as well
  ({"steps": {name: [seconds per scan, …]}}); "cpu_s" is the CPU the process used meanwhile. `bare` runs the same schedule with one autocommitted
  single-row INSERT each ("codes" only counted).
- {"stream": {"every": S, "codes": [...], "at": ISO, "until": FILE}} (gate only): scan every S
  seconds, cycling through the codes, a line {"t": monotonic time of the answer, "via": …} for
  each, until FILE exists; then {"done": scans}.
"""

from __future__ import annotations

import argparse
import datetime as dt
import faulthandler
import json
import os
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any


def say(payload: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def wait_until(moment: float) -> None:
    while (left := moment - time.monotonic()) > 0:
        time.sleep(left)


def virtual_moment(at: str, k: int) -> dt.datetime:
    """The k-th scan's moment of the event's day: 1.1 s apart, so a desk never reads the same
    code twice within the double-read second."""
    return dt.datetime.fromisoformat(at) + dt.timedelta(seconds=1.1 * k)


class GateDesk:
    def __init__(self, db: Path, gate: str, station: str, warm: str) -> None:
        from expo_console.services.checkin import hub_admission
        from expo_console.services.checkin.gates import find_gate
        from expo_console.services.checkin.scanning import ScanContext, Station
        from expo_console.services.desk import local_stamp
        from expo_console.services.events import open_event

        self.store = open_event(db, replace(local_stamp(), role="organizer"))  # a trusted script at a desk
        self.context = ScanContext(self.store, Station(station, find_gate(self.store, gate)["id"], "in"))
        self.context.hub = hub_admission.for_store(self.store)
        self.warm_via = self._warm_up(warm)

    def _warm_up(self, code: str) -> str:
        """Scan until a verdict comes from the hub: the first scan connects, and a connection made
        while other desks start (on 2 cores) may take longer than the deadline; the gate is then
        offline until its probe connects."""
        moment = dt.datetime(2022, 10, 4, 1, 0, tzinfo=dt.UTC)
        hub = self.context.hub
        for k in range(30):
            via = str(self.scan(code, moment + dt.timedelta(seconds=2 * k))["via"])
            if via != "offline" or hub is None:
                return via
            waited = time.monotonic()
            while not hub.online and time.monotonic() - waited < 30:  # its probe, every 2 s
                time.sleep(0.2)
        return via

    def scan(self, code: str, moment: dt.datetime) -> dict[str, Any]:
        from expo_console.services.checkin.scanning import scan

        [result] = scan(self.context, code, now=moment)
        return {"via": result.via, "verdict": result.verdict.value}

    def run(self, start: float, period: float, codes: list[str], at: str, profile: bool = False) -> dict[str, Any]:
        steps: dict[str, list[float]] = defaultdict(list)
        latencies, via, verdicts = [], [], []
        cpu = time.process_time()
        with (_instrumented(self, steps) if profile else _nothing()):
            for k, code in enumerate(codes):
                wait_until(start + k * period)
                began = time.perf_counter()
                answer = self.scan(code, virtual_moment(at, k))
                latencies.append(time.perf_counter() - began)
                via.append(answer["via"])
                verdicts.append(answer["verdict"])
        return {"latencies": latencies, "via": via, "verdicts": verdicts, "steps": dict(steps),
                "cpu_s": time.process_time() - cpu}

    def stream(self, every: float, codes: list[str], at: str, until: Path) -> int:
        k = 0
        start = time.monotonic()
        while not until.exists():
            wait_until(start + k * every)
            answer = self.scan(codes[k % len(codes)], virtual_moment(at, k))
            say({"t": time.monotonic(), "via": answer["via"]})
            k += 1
        return k

    def close(self) -> None:
        if self.context.hub is not None:
            self.context.hub.close()
        self.store.close()


class BareDesk:
    """The least a hub round trip that records something durably costs: one single-row INSERT,
    autocommitted, on a connection made as a gate's is."""

    def __init__(self, dsn: str) -> None:
        from expo_console.services.checkin.hub_admission import ADMISSION_CONNECTION
        from expo_console.services.hub.schema import connect

        self.conn = connect(dsn, **ADMISSION_CONNECTION)
        self.conn.autocommit = True
        self.warm_via = "bare"

    def run(self, start: float, period: float, codes: list[str], at: str, profile: bool = False) -> dict[str, Any]:
        import uuid

        latencies = []
        cpu = time.process_time()
        for k, code in enumerate(codes):
            wait_until(start + k * period)
            began = time.perf_counter()
            self.conn.execute("INSERT INTO bench_bare (id, at, code) VALUES (%s, %s, %s)",
                              (uuid.uuid4().hex, virtual_moment(at, k).isoformat(), code))
            latencies.append(time.perf_counter() - began)
        return {"latencies": latencies, "via": ["bare"] * len(codes), "verdicts": [], "steps": {},
                "cpu_s": time.process_time() - cpu}

    def close(self) -> None:
        self.conn.close()


@contextmanager
def _nothing() -> Iterator[None]:
    yield


@contextmanager
def _instrumented(desk: GateDesk, steps: dict[str, list[float]]) -> Iterator[None]:
    """Time each part of a scan while the context is open (seconds per scan): the file's
    transaction, its scan insert and COMMIT; the hand-over to the hub's thread and back; the hub's
    BEGIN, each hub statement, the Python between them (the decision) and the hub's COMMIT; and
    the rest (the code verified, the visitor and the gate's rule read, the verdict's facts). Only
    scans decided on the hub are kept. Timers are wrapped around the product's calls (psycopg's
    execute and transaction, the store's write, decide) and nothing else is changed."""
    import psycopg

    from expo_console.services.checkin import hub_admission
    from expo_console.storage import scans_repo

    admissions = desk.context.hub
    assert admissions is not None
    store = desk.store
    per_scan: dict[str, float] = defaultdict(float)
    scans = [0]  # which scan is being timed: a hub thread the deadline left behind adds nothing later
    on_thread = threading.local()  # the scan a hub thread works for

    def add(name: str, seconds: float) -> None:
        if getattr(on_thread, "scan", scans[0]) == scans[0]:
            per_scan[name] += seconds

    def timed(name: str, call: Callable[..., Any]) -> Callable[..., Any]:
        def timed_call(*args: Any, **kwargs: Any) -> Any:
            began = time.perf_counter()
            try:
                return call(*args, **kwargs)
            finally:
                add(name, time.perf_counter() - began)
        return timed_call

    original_write = store.write

    @contextmanager
    def timed_write() -> Iterator[Any]:
        began = time.perf_counter()
        transaction = original_write()
        conn = transaction.__enter__()
        add("file: BEGIN IMMEDIATE", time.perf_counter() - began)
        try:
            yield conn
        except BaseException:
            if not transaction.__exit__(*sys.exc_info()):
                raise
            return
        began = time.perf_counter()
        transaction.__exit__(None, None, None)
        add("file: COMMIT (synchronous=FULL)", time.perf_counter() - began)

    original_in_transaction = hub_admission.HubAdmissions._in_transaction

    def in_transaction(self: Any, *args: Any, **kwargs: Any) -> Any:
        on_thread.scan = scans[0]  # this thread's statements are this scan's
        return timed("hub transaction", original_in_transaction)(self, *args, **kwargs)

    def execute(conn: Any, query: Any, *args: Any, **kwargs: Any) -> Any:
        text = str(query)
        name = next((told for part, told in STATEMENTS if part in text), "hub: other statement")
        return timed(name, original_execute)(conn, query, *args, **kwargs)

    original_execute = psycopg.Connection.execute
    original_enter, original_exit = psycopg.Transaction.__enter__, psycopg.Transaction.__exit__
    original_decide, original_scan, original_insert = admissions.decide, desk.scan, scans_repo.insert

    def timed_scan(code: str, moment: dt.datetime) -> dict[str, Any]:
        scans[0] += 1
        per_scan.clear()
        began = time.perf_counter()
        answer = original_scan(code, moment)
        whole = time.perf_counter() - began
        if answer["via"] != "hub":
            return answer  # decided offline: its parts are not a hub scan's
        parts = dict(per_scan)
        transaction = parts.pop("hub transaction", 0.0)
        statements = sum(v for k, v in parts.items() if k.startswith("hub: "))
        parts["hub: Python between the statements"] = transaction - statements
        parts["hand-over to the hub's thread and back"] = parts.pop("decide()", 0.0) - transaction
        parts["the rest (code verified, visitor, rule, facts)"] = whole - sum(parts.values())
        parts["the whole scan"] = whole
        for name, seconds in parts.items():
            steps[name].append(seconds)
        return answer

    store.write = timed_write  # type: ignore[method-assign]
    admissions.decide = timed("decide()", original_decide)  # type: ignore[method-assign]
    desk.scan = timed_scan  # type: ignore[method-assign]
    hub_admission.HubAdmissions._in_transaction = in_transaction  # type: ignore[method-assign]
    psycopg.Connection.execute = execute  # type: ignore[method-assign, assignment]
    psycopg.Transaction.__enter__ = timed("hub: BEGIN", original_enter)  # type: ignore[method-assign]
    psycopg.Transaction.__exit__ = timed("hub: COMMIT", original_exit)  # type: ignore[method-assign]
    scans_repo.insert = timed("file: insert the scan", original_insert)
    try:
        yield
    finally:
        del store.write, admissions.decide, desk.scan
        hub_admission.HubAdmissions._in_transaction = original_in_transaction  # type: ignore[method-assign]
        psycopg.Connection.execute = original_execute  # type: ignore[method-assign]
        psycopg.Transaction.__enter__ = original_enter  # type: ignore[method-assign]
        psycopg.Transaction.__exit__ = original_exit  # type: ignore[method-assign]
        scans_repo.insert = original_insert


# The hub's statements of an admission, told apart by their text (hub_scans_repo)
STATEMENTS = (("pg_advisory_xact_lock(hashtext", "hub: badge lock"), ("FROM scans", "hub: badge's history"),
              ("INSERT INTO scans", "hub: insert scan"), ("pg_advisory_xact_lock(%s)", "hub: push lock"),
              ("INSERT INTO hub_changes", "hub: insert change log"), ("pg_notify", "hub: notify"))


def serve(desk: GateDesk | BareDesk) -> None:
    say({"ready": True, "via": desk.warm_via})
    try:
        for line in sys.stdin:
            command = json.loads(line)
            if "run" in command:
                say(desk.run(**command["run"]))
            elif "stream" in command and isinstance(desk, GateDesk):
                order = command["stream"]
                say({"done": desk.stream(order["every"], order["codes"], order["at"], Path(order["until"]))})
    finally:
        desk.close()


def main() -> None:
    faulthandler.enable()  # a desk that dies says where, in its errors file
    parser = argparse.ArgumentParser(prog="python -m benchmarks.hub_gate_desk")
    sub = parser.add_subparsers(dest="kind", required=True)
    gate = sub.add_parser("gate")
    gate.add_argument("--db", type=Path, required=True)
    gate.add_argument("--gate", required=True)
    gate.add_argument("--station", default="bench gate")
    gate.add_argument("--warm", required=True)
    sub.add_parser("bare")
    args = parser.parse_args()
    serve(GateDesk(args.db, args.gate, args.station, args.warm) if args.kind == "gate"
          else BareDesk(os.environ["BENCH_HUB_DSN"]))


if __name__ == "__main__":
    main()
