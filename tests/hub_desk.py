"""A desk at work, as a process of its own (the hub's fault tests start it; no Qt): it registers
walk-ins, edits visitors, prints badges and syncs through the same services as the window.

    python tests/hub_desk.py --db FILE walk-ins --prefix P (--count N | --until FILE) [--print-every K]
                                                [--pause S] [--bulk N]
    python tests/hub_desk.py --db FILE serve
    python tests/hub_desk.py --db FILE scan-killed-after-hub-commit --gate GATE --id SCAN_ID CODE

`walk-ins` registers visitors named P-000, P-001, … (after importing a list of N others first
with --bulk), N of them or until the --until file exists, and prints the last K badges every K
registrations (and the rest at the end) on the system's default printer (CUPS_SERVER); a line of
JSON for each step, {"done": how many} at the end. It never talks to the hub:
a desk keeps working whatever the hub does; `expo-console sync` runs beside it.

`serve` reads one JSON command a line and answers each with one JSON line: {"do": "register",
"name": …}, {"do": "edit", "visitor": …, "company": …}, {"do": "sync"} and {"do": "now"}
(this process's clock, which faketime may have moved).

`scan-killed-after-hub-commit` is `expo-console scan` of one code whose process is SIGKILLed the
moment the hub's admission transaction has committed, before the desk writes the scan to its own
file (a desk whose power fails at the worst moment). Its line to the hub is opened first, so that
the scan is decided there and not offline.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from expo_console.domain.visitors import Consent, VisitorDraft
from expo_console.services.desk import local_stamp
from expo_console.services.events import open_event
from expo_console.storage.connection import EventStore, utc_now


def say(payload: dict[str, Any]) -> None:
    print(json.dumps(payload, ensure_ascii=False), flush=True)


def walk_in(name: str) -> VisitorDraft:
    return VisitorDraft(name=name, company="(주)현장", email=f"{name.lower()}@walk-in.example",
                        consents=frozenset({Consent.REQUIRED}))


def import_list(store: EventStore, prefix: str, count: int) -> None:
    """A pre-registration list of `count` people (one import: thousands of changes at once)."""
    from expo_console.services.importing.importer import import_file

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "list.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["성명", "회사명", "이메일"])
            writer.writerows([f"{prefix}-list-{i:05d}", "(주)사전등록", f"{prefix}-list-{i:05d}@pre.example"]
                             for i in range(count))
        import_file(store, path)


def walk_ins(store: EventStore, args: argparse.Namespace) -> None:
    from expo_console.services.badge_print.print_jobs import send_badges
    from expo_console.services.print_system import system_print_system
    from expo_console.services.registration.visitors import register_visitor

    if args.bulk:
        import_list(store, args.prefix, args.bulk)
        say({"imported": args.bulk})
    system = system_print_system() if args.print_every else None
    unprinted: list[str] = []

    def print_badges() -> None:
        if system is None or not unprinted:
            return
        printer = system.default_printer()
        assert printer, "no default printer: set CUPS_SERVER to a server with one"
        outcomes, _change = send_badges(store, system, unprinted, printer=printer, chunk=len(unprinted))
        say({"printed": [o.state for o in outcomes]})
        unprinted.clear()

    registered = 0
    while registered < args.count if args.count else not args.until.exists():
        visitor = register_visitor(store, walk_in(f"{args.prefix}-{registered:03d}")).visitor_id
        unprinted.append(visitor)
        registered += 1
        say({"registered": registered, "visitor": visitor})
        if len(unprinted) >= args.print_every:
            print_badges()
        time.sleep(args.pause)
    print_badges()
    say({"done": registered})


def serve(store: EventStore) -> None:
    from expo_console.services.hub.common import HubError
    from expo_console.services.hub.sync import hub_of, sync_once
    from expo_console.services.registration.visitors import (
        draft_from_row,
        get_visitor,
        register_visitor,
        update_visitor,
    )

    for line in sys.stdin:
        command = json.loads(line)
        try:
            if command["do"] == "register":
                say({"visitor": register_visitor(store, walk_in(command["name"])).visitor_id})
            elif command["do"] == "edit":
                draft = draft_from_row(get_visitor(store, command["visitor"]))
                update_visitor(store, command["visitor"], replace(draft, company=command["company"]))
                say({"edited": command["visitor"]})
            elif command["do"] == "sync":
                say(sync_once(store, hub_of(store)).as_json())
            elif command["do"] == "now":
                say({"now": utc_now()})
            else:
                say({"error": f"unknown command {command['do']}"})
        except HubError as error:
            say({"error": str(error)})


def scan_killed_after_hub_commit(args: argparse.Namespace) -> None:
    import os
    import signal

    from expo_console.cli.main import main as cli_main
    from expo_console.services.checkin import hub_admission

    for_store = hub_admission.for_store

    def connected_then_dying(store: EventStore) -> Any:
        admissions = for_store(store)
        assert admissions is not None, "this desk's file is not on a hub it knows"
        # connected first (an empty transaction, until the hub answers within the deadline: a loaded
        # machine may miss it for the first connection), so that the scan itself is decided there
        deadline = time.monotonic() + 30
        while admissions.decide(lambda _hub: True) is None:
            assert time.monotonic() < deadline, "the hub did not answer within 30 s"
            time.sleep(0.2)
        decide = admissions.decide

        def decide_then_die(work: Any) -> Any:
            decided = decide(work)
            if decided is not None and decided[1]:  # the hub's transaction has committed
                os.kill(os.getpid(), signal.SIGKILL)
            return decided

        admissions.decide = decide_then_die  # type: ignore[method-assign]
        return admissions

    hub_admission.for_store = connected_then_dying
    sys.exit(cli_main(["scan", "--db", str(args.db), "--gate", args.gate, "--station", args.station,
                       "--id", args.scan_id, args.code]))


def main() -> None:
    parser = argparse.ArgumentParser(prog="hub_desk.py")
    parser.add_argument("--db", type=Path, required=True)
    sub = parser.add_subparsers(dest="mode", required=True)
    walk = sub.add_parser("walk-ins")
    walk.add_argument("--prefix", required=True)
    walk.add_argument("--count", type=int, default=0, help="this many, or (0) until the --until file exists")
    walk.add_argument("--until", type=Path, default=Path("stop"))
    walk.add_argument("--print-every", type=int, default=0)
    walk.add_argument("--pause", type=float, default=0.05)
    walk.add_argument("--bulk", type=int, default=0)
    sub.add_parser("serve")
    killed = sub.add_parser("scan-killed-after-hub-commit")
    killed.add_argument("--gate", required=True)
    killed.add_argument("--station", default="killed")
    killed.add_argument("--id", dest="scan_id", required=True)
    killed.add_argument("code")
    args = parser.parse_args()
    if args.mode == "scan-killed-after-hub-commit":
        scan_killed_after_hub_commit(args)
    store = open_event(args.db, replace(local_stamp(), role="organizer"))  # a trusted script at a desk
    try:
        if args.mode == "walk-ins":
            walk_ins(store, args)
        else:
            serve(store)
    finally:
        store.close()


if __name__ == "__main__":
    main()
