"""`expo-console gates` and `expo-console scan`: the gates and their rules, and checking badges in.

    expo-console gates --db PATH
    expo-console gates rule --db PATH GATE|ZONE|hall [--classes C1,C2|all] [--hours 10:00-17:00|any]
                            [--hours-for CLASS=08:00-18:00 ...] [--max-entries N|any]
                            [--admission after_exit|once_per_day|free] [--clear]
    expo-console scan --db PATH --gate GATE [--station NAME] [--direction in|out] [--at TIME]
                      [--id SCAN_ID] [CODE ...]
    expo-console scan --db PATH --annul SCAN_ID --reason TEXT [--station NAME]
    expo-console scan --db PATH --gate GATE --let-out VISITOR_ID --supervisor NAME --reason TEXT
    expo-console conflicts --db PATH [--day YYYY-MM-DD]

Without codes, `scan` reads standard input: a code per line, or a JSON object per line such as
{"code": "…", "id": "gate1-0001"}. A scan id already recorded answers with its recorded verdict
and records nothing (a file fed twice, a retry after a crash). `gates rule` changes only the
fields it is given; the rule of a zone or of the hall holds at every gate into it. `conflicts`
lists the badges admitted at two desks while they were apart (both scans kept), as JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from expo_console.cli.common import CliError, open_signed_in, print_json, supervisor_pin


def add_parsers(sub: Any) -> None:
    conflicts = sub.add_parser("conflicts", help="badges admitted at two desks while they were apart, as JSON")
    conflicts.add_argument("--db", type=Path, required=True)
    conflicts.add_argument("--day", type=_day, help="one event day (YYYY-MM-DD); default: every day")
    gates = sub.add_parser("gates", help="the event's gates and their access rules as JSON")
    gates.add_argument("--db", type=Path)
    gates_sub = gates.add_subparsers(dest="gates_action")
    rule = gates_sub.add_parser("rule", help="set who may pass a gate (or a zone's gates, or the hall's), when, "
                                             "and how often")
    rule.add_argument("--db", type=Path, required=True)
    rule.add_argument("target", metavar="GATE|ZONE|hall", help="a gate's or zone's id or name, or 'hall'")
    rule.add_argument("--classes", help="the classes that may pass, comma-separated, or 'all'")
    rule.add_argument("--hours", help="opening hours every event day, e.g. 10:00-17:00, or 'any'")
    rule.add_argument("--hours-for", action="append", default=[], metavar="CLASS=HH:MM-HH:MM",
                      help="other hours for a class (repeatable), e.g. staff=08:00-18:00")
    rule.add_argument("--max-entries", help="at most N entries a day, or 'any'")
    rule.add_argument("--admission", choices=("after_exit", "once_per_day", "free"), help="how often")
    rule.add_argument("--clear", action="store_true", help="remove the rule (the zone's or hall's holds again)")

    scan = sub.add_parser("scan", help="check badge codes in at a gate; one JSON object per line")
    scan.add_argument("--db", type=Path, required=True)
    scan.add_argument("--gate", help="a gate's id or name (needed to scan)")
    scan.add_argument("--id", dest="scan_id", metavar="SCAN_ID",
                      help="the scan's id, for the one code given: a scan id already recorded is not recorded again")
    scan.add_argument("--annul", metavar="SCAN_ID", help="annul a scan of this station made in the last 15 minutes")
    scan.add_argument("--let-out", metavar="VISITOR_ID",
                      help="a supervisor lets a visitor out whom the gate refuses (a blocked badge)")
    scan.add_argument("--supervisor", default="", help="the supervisor's name (required with --let-out)")
    scan.add_argument("--reason", default="", help="why (required with --annul and --let-out)")
    scan.add_argument("--station", default="cli", help="the station's name (default: cli)")
    scan.add_argument("--direction", choices=("in", "out"), default="in")
    scan.add_argument("--at", help="scan as of this time (ISO 8601, e.g. 2022-10-04T10:00:00+09:00): "
                                   "for rehearsals and replays")
    scan.add_argument("codes", nargs="*", help="codes; without any, one per line from standard input")


def cmd_gates(args: argparse.Namespace) -> int:
    from expo_console.services.checkin.gates import list_gates

    if args.db is None:
        raise CliError("gates needs --db PATH (the event file).")
    if args.gates_action == "rule":
        return _set_rule(args)
    store = open_signed_in(args.db, read_only=True)
    try:
        print_json(list_gates(store))
    finally:
        store.close()
    return 0


def _set_rule(args: argparse.Namespace) -> int:
    from expo_console.services.checkin import gate_rules
    from expo_console.services.checkin.gates import list_gates

    store = open_signed_in(args.db)
    try:
        target = _rule_target(store, args.target)
        stored = gate_rules.stored_rule(store, target)
        rule = {} if args.clear else {**stored, **_rule_fields(args, stored)}
        gate_rules.set_rule(store, target, {k: v for k, v in rule.items() if v is not None})
        applies = [g for g in list_gates(store) if target in (g["id"], g["zone_id"]) or
                   (target == gate_rules.HALL and g["zone_id"] is None)]
        print_json({"target": target, "rule": gate_rules.stored_rule(store, target), "gates": applies})
    finally:
        store.close()
    return 0


def _rule_target(store: Any, text: str) -> str:
    from expo_console.services.checkin import gate_rules
    from expo_console.services.checkin.gates import GateNotFound, find_gate, list_gates

    if text.lower() == gate_rules.HALL:
        return gate_rules.HALL
    for gate in list_gates(store):
        if gate["zone_id"] and text in (gate["zone_id"], gate["zone"]):
            return str(gate["zone_id"])
    try:
        return str(find_gate(store, text)["id"])
    except GateNotFound as error:
        raise CliError(f"{error} Or name a zone with a gate, or 'hall'.") from error


def _rule_fields(args: argparse.Namespace, stored: dict[str, Any]) -> dict[str, Any]:
    """The fields the command names, over the stored ones. 'all' and 'any' lift a limit, and
    win over the zone's or the hall's for a gate; --hours-for changes only the classes it names
    (CLASS=any removes one)."""
    fields: dict[str, Any] = {}
    if args.classes is not None:
        fields["classes"] = "all" if args.classes == "all" else [c.strip() for c in args.classes.split(",") if c.strip()]
    if args.hours is not None:
        fields["hours"] = args.hours
    if args.hours_for:
        pairs = [item.partition("=") for item in args.hours_for]
        if any(not cls.strip() or not hours.strip() for cls, _, hours in pairs):
            raise CliError("--hours-for takes CLASS=HH:MM-HH:MM (or CLASS=any to remove it), e.g. staff=08:00-18:00.")
        hours_for = dict(stored.get("hours_for", {}))
        for cls, _, hours in pairs:
            if hours.strip() == "any":
                hours_for.pop(cls.strip(), None)
            else:
                hours_for[cls.strip()] = hours.strip()
        fields["hours_for"] = hours_for or None
    if args.max_entries is not None:
        if args.max_entries != "any" and not args.max_entries.isdigit():
            raise CliError("--max-entries takes a whole number, or 'any'.")
        fields["max_entries"] = "any" if args.max_entries == "any" else int(args.max_entries)
    if args.admission is not None:
        fields["admission"] = args.admission
    return fields


def cmd_scan(args: argparse.Namespace) -> int:
    from expo_console.services.checkin import hub_admission
    from expo_console.services.checkin.gates import find_gate
    from expo_console.services.checkin.scanning import ScanContext, Station, scan

    if args.annul:
        return _annul(args)
    if not args.gate:
        raise CliError("scan needs --gate (a gate's id or name; 'expo-console gates' lists them).")
    if args.scan_id and len(args.codes) != 1:
        raise CliError("--id names one scan: give exactly one code with it (or put ids in the JSON lines on "
                       "standard input).")
    at = _moment(args.at)
    store = open_signed_in(args.db)
    context = None
    try:
        context = ScanContext(store, Station(args.station, find_gate(store, args.gate)["id"], args.direction))
        context.hub = hub_admission.for_store(store)  # a file on a hub: admissions decided there while it answers
        if context.hub is not None:
            context.hub.wait_connected(hub_admission.CONNECT_TIMEOUT_S)
        if args.let_out:
            _let_out(context, args, at)
            return 0
        lines = args.codes or (line.rstrip("\n") for line in sys.stdin)
        for line in lines:
            code, scan_id = _scan_line(line, args.scan_id)
            for result in scan(context, code, now=at, scan_id=scan_id):
                print_json(result.as_json())  # a gate script reads each verdict as it comes
    finally:
        if context is not None and context.hub is not None:
            context.hub.close()
        store.close()
    return 0


def _moment(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        at = datetime.fromisoformat(text)
    except ValueError as exc:
        raise CliError(f"--at '{text}' is not a time: use ISO 8601, e.g. 2022-10-04T10:00:00+09:00.") from exc
    if at.tzinfo is None:
        raise CliError("--at needs a time zone, e.g. 2022-10-04T10:00:00+09:00.")
    return at


def _scan_line(line: str, scan_id: str | None) -> tuple[str, str | None]:
    """(code, scan id) of a line: a code as typed, or {"code": "…", "id": "…"}."""
    if not line.lstrip().startswith("{"):
        return line, scan_id
    try:
        item = json.loads(line)
        return str(item["code"]), (str(item["id"]) if item.get("id") is not None else None)
    except (ValueError, KeyError, TypeError) as error:
        raise CliError(f"Not a scan line: {line[:60]!r}. Write a code, or {{\"code\": \"…\", \"id\": \"…\"}}.") from error


def _let_out(context: Any, args: argparse.Namespace, at: datetime | None) -> None:
    from expo_console.services.checkin.scanning import let_out_by_hand

    pin = supervisor_pin(args.supervisor)
    try:
        print_json(let_out_by_hand(context, args.let_out, args.reason, supervisor=args.supervisor, supervisor_pin=pin,
                                   now=at).as_json())
    except ValueError as error:
        raise CliError(str(error)) from error


def _annul(args: argparse.Namespace) -> int:
    from expo_console.services.checkin.annulment import AnnulRefused, annul_scan

    at = _moment(args.at)
    store = open_signed_in(args.db)
    try:
        annulment = annul_scan(store, args.annul, station=args.station, reason=args.reason, now=at)
    except AnnulRefused as error:
        raise CliError(str(error)) from error
    finally:
        store.close()
    print_json({"annulled": annulment.scan_id, "verdict": annulment.verdict.value,
                "visitor_id": annulment.visitor_id, "reason": args.reason.strip()})
    return 0


def _day(text: str) -> Any:
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a day: write it as YYYY-MM-DD, e.g. 2022-10-04.") from None


def cmd_conflicts(args: argparse.Namespace) -> int:
    from expo_console.services.checkin.admission_conflicts import list_conflicts

    store = open_signed_in(args.db, read_only=True)
    try:
        found = list_conflicts(store, args.day)
    finally:
        store.close()
    print_json({"conflicts": [c.as_json() for c in found], "count": len(found)})
    return 0


COMMANDS = {"gates": cmd_gates, "scan": cmd_scan, "conflicts": cmd_conflicts}
