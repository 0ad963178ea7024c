"""Gate rules, cancelled badges, scan ids, annulled scans and a blocked visitor let out, through
real `expo-console` processes, as a script or a technician runs them."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from expo_console.services.badges.codes import issue_badge
from expo_console.services.events import open_event
from support import TEST_STAMP

DAY = "2022-10-04T{}:00+09:00"


@pytest.fixture
def event(event_templates, tmp_path) -> tuple[Path, dict[str, tuple[str, str]]]:
    """A copy of the session's demo event (its key in this test's desk folder), and a badge per
    class: (visitor id, code)."""
    db = event_templates.demo(visitors=60).copy_to(tmp_path / "event.expo")
    store = open_event(db, TEST_STAMP)
    badges = {}
    for visitor_class in ("visitor", "domestic_buyer", "exhibitor_staff"):
        ids = [r[0] for r in store.conn.execute("SELECT id FROM visitors WHERE visitor_class = ? LIMIT 2",
                                                 (visitor_class,))]
        for n, visitor_id in enumerate(ids):
            badges[f"{visitor_class}{n}"] = (visitor_id, issue_badge(store, visitor_id)[0].code)
    store.close()
    return db, badges


def cli(*args: str, stdin: str | None = None, supervisor_pin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **({"EXPO_CONSOLE_SUPERVISOR_PIN": supervisor_pin} if supervisor_pin is not None else {})}
    return subprocess.run([sys.executable, "-m", "expo_console", *args], capture_output=True, text=True,
                          input=stdin, timeout=120, env=env)


def ok(*args: str, stdin: str | None = None, supervisor_pin: str | None = None) -> list[dict]:
    run = cli(*args, stdin=stdin, supervisor_pin=supervisor_pin)
    assert run.returncode == 0, run.stderr
    return [json.loads(line) for line in run.stdout.splitlines()]


def scan(db: Path, gate: str, code: str, at: str, *extra: str) -> dict:
    return ok("scan", "--db", str(db), "--gate", gate, "--at", DAY.format(at), *extra, code)[0]


def test_gates_show_rules_and_a_rule_is_set_on_a_zone_and_refused_when_wrong(event) -> None:
    db, badges = event
    shown = {gate["name"]: gate["rule"] for gate in ok("gates", "--db", str(db))[0]}
    # the demo's rules: the hall's hours, and the studio for exhibitors, staff and press
    assert shown["B홀 정문"]["hours"] == "10:00-17:00" and shown["B홀 정문"]["hours_for"]["staff"] == "08:00-18:00"
    assert "press" in shown["라이브커머스 스튜디오 게이트"]["classes"] and shown["시식존 게이트"]["classes"] is None
    set_ = ok("gates", "rule", "--db", str(db), "구매상담존", "--classes", "domestic_buyer,overseas_buyer,staff",
              "--hours", "10:00-17:00", "--max-entries", "3")[0]
    assert set_["rule"] == {"classes": ["domestic_buyer", "overseas_buyer", "staff"], "hours": "10:00-17:00",
                            "max_entries": 3}
    assert [g["name"] for g in set_["gates"]] == ["구매상담존 게이트"]
    gate = next(g for g in ok("gates", "--db", str(db))[0] if g["name"] == "구매상담존 게이트")
    assert gate["rule"]["max_entries"] == 3
    # only the fields named change; 'any' lifts a limit
    ok("gates", "rule", "--db", str(db), "구매상담존", "--max-entries", "any")
    gate = next(g for g in ok("gates", "--db", str(db))[0] if g["name"] == "구매상담존 게이트")
    assert gate["rule"]["classes"] is not None and gate["rule"]["max_entries"] is None
    wrong = cli("gates", "rule", "--db", str(db), "구매상담존", "--classes", "buyers")
    assert wrong.returncode == 1 and "Unknown class 'buyers'" in wrong.stderr and "domestic_buyer" in wrong.stderr
    nowhere = cli("gates", "rule", "--db", str(db), "No such gate", "--hours", "10:00-17:00")
    assert nowhere.returncode == 1 and "'hall'" in nowhere.stderr


def test_classes_hours_and_entries_at_the_gates(event) -> None:
    db, badges = event
    ok("gates", "rule", "--db", str(db), "구매상담존", "--classes", "domestic_buyer,exhibitor_staff",
       "--max-entries", "1")
    ok("gates", "rule", "--db", str(db), "hall", "--hours", "10:00-17:00", "--hours-for",
       "exhibitor_staff=08:00-18:00")
    visitor, buyer, exhibitor = badges["visitor0"][1], badges["domestic_buyer0"][1], badges["exhibitor_staff0"][1]
    early = scan(db, "B홀 정문", visitor, "09:00")
    assert (early["verdict"], early["light"]) == ("gate_closed", "amber")
    assert "entry from 10:00" in early["action_en"] and "10:00" in early["action_ko"]
    assert scan(db, "B홀 정문", exhibitor, "08:30")["verdict"] == "admitted"
    refused = scan(db, "구매상담존 게이트", visitor, "11:00")
    assert refused["verdict"] == "not_allowed_here" and "This gate is for:" in refused["action_en"]
    assert scan(db, "구매상담존 게이트", buyer, "11:00")["verdict"] == "admitted"
    ok("scan", "--db", str(db), "--gate", "구매상담존 게이트", "--direction", "out", "--at", DAY.format("11:20"), buyer)
    assert scan(db, "구매상담존 게이트", buyer, "11:30")["verdict"] == "entry_limit"


def test_a_deleted_visitors_badge_is_refused(event) -> None:
    db, badges = event
    visitor_id, code = badges["visitor1"]
    assert ok("visitors", "delete", "--db", str(db), visitor_id, "--reason", "registered twice")[0]["done"] == "delete"
    refused = scan(db, "B홀 정문", code, "10:30")
    assert (refused["verdict"], refused["light"], refused["message_en"]) == ("cancelled", "red", "Registration cancelled")
    gone = cli("visitors", "delete", "--db", str(db), visitor_id, "--reason", "registered twice")
    assert gone.returncode == 1 and "There is no visitor" in gone.stderr


def test_a_scan_id_replayed_after_the_process_was_killed_is_recorded_once(event) -> None:
    db, badges = event
    code = badges["visitor0"][1]
    args = [sys.executable, "-m", "expo_console", "scan", "--db", str(db), "--gate", "B홀 정문",
            "--at", DAY.format("10:30")]
    gate = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    gate.stdin.write(json.dumps({"code": code, "id": "lane1-0001"}) + "\n")
    gate.stdin.flush()
    first = json.loads(gate.stdout.readline())
    assert (first["verdict"], first["id"], first["recorded"]) == ("admitted", "lane1-0001", True)
    os.kill(gate.pid, signal.SIGKILL)  # the gate PC dies before its script knew the scan was in
    gate.wait(30)
    for stream in (gate.stdin, gate.stdout, gate.stderr):
        stream.close()
    # The script retries the same line on a fresh process: the same verdict, nothing recorded.
    again = ok("scan", "--db", str(db), "--gate", "B홀 정문", "--at", DAY.format("10:31"),
               stdin=json.dumps({"code": code, "id": "lane1-0001"}) + "\n")[0]
    assert (again["verdict"], again["recorded"], again["replayed"]) == ("admitted", False, True)
    assert scan(db, "B홀 정문", code, "10:32", "--id", "lane1-0002")["verdict"] == "already_admitted"
    store = open_event(db, TEST_STAMP, read_only=True)
    assert store.conn.execute("SELECT count(*) FROM scans WHERE id LIKE 'lane1-%'").fetchone()[0] == 2
    store.close()


def test_a_scan_is_annulled_on_its_station_with_a_reason(event) -> None:
    db, badges = event
    code = badges["visitor0"][1]
    wrong = scan(db, "B홀 정문", code, "10:30", "--station", "lane-2")
    no_reason = cli("scan", "--db", str(db), "--annul", wrong["id"], "--station", "lane-2",
                    "--at", DAY.format("10:31"))
    assert no_reason.returncode == 1 and "reason" in no_reason.stderr
    elsewhere = cli("scan", "--db", str(db), "--annul", wrong["id"], "--station", "lane-1", "--reason", "wrong way",
                    "--at", DAY.format("10:31"))
    assert elsewhere.returncode == 1 and "station 'lane-2'" in elsewhere.stderr
    annulled = ok("scan", "--db", str(db), "--annul", wrong["id"], "--station", "lane-2", "--reason",
                  "visitor turned back", "--at", DAY.format("10:31"))[0]
    assert (annulled["annulled"], annulled["verdict"]) == (wrong["id"], "admitted")
    assert scan(db, "B홀 정문", code, "10:40", "--station", "lane-2")["verdict"] == "admitted"
    traffic = ok("traffic", "--db", str(db), "--at", DAY.format("10:45"))[0]
    assert traffic["hall"]["occupancy"] == 1  # the annulled entry does not fill the hall


def test_a_blocked_visitor_is_refused_at_the_exit_and_let_out_by_a_supervisor(event) -> None:
    db, badges = event
    visitor_id, code = badges["visitor0"]
    assert scan(db, "B홀 정문", code, "10:30")["verdict"] == "admitted"
    unexplained = cli("visitors", "block", "--db", str(db), visitor_id)
    assert unexplained.returncode == 1 and "--reason" in unexplained.stderr
    ok("visitors", "block", "--db", str(db), visitor_id, "--reason", "harassing exhibitors")
    assert scan(db, "B홀 출구", code, "11:00")["verdict"] == "blocked"
    no_supervisor = cli("scan", "--db", str(db), "--gate", "B홀 출구", "--let-out", visitor_id, "--reason", "escorted")
    assert no_supervisor.returncode == 1 and "supervisor" in no_supervisor.stderr
    wrong = cli("scan", "--db", str(db), "--gate", "B홀 출구", "--let-out", visitor_id, "--supervisor", "organizer",
                "--reason", "escorted out by security", supervisor_pin="9999")
    assert wrong.returncode == 1 and "supervisor's name or PIN is wrong" in wrong.stderr
    out = ok("scan", "--db", str(db), "--gate", "B홀 출구", "--let-out", visitor_id, "--supervisor", "organizer",
             "--reason", "escorted out by security", "--at", DAY.format("11:01"), supervisor_pin="0000")[0]
    assert (out["verdict"], out["manual"]) == ("exit_recorded", True)
    assert ok("traffic", "--db", str(db), "--at", DAY.format("11:05"))[0]["hall"]["occupancy"] == 0
    ok("visitors", "unblock", "--db", str(db), visitor_id)
    assert scan(db, "B홀 정문", code, "11:30")["verdict"] == "admitted"


def test_rule_edits_merge_class_hours_and_refusals_are_sentences_not_tracebacks(event) -> None:
    db, _badges = event
    ok("gates", "rule", "--db", str(db), "hall", "--hours-for", "press=09:00-17:00", "--hours-for", "organizer=any")
    hall = next(g for g in ok("gates", "--db", str(db))[0] if g["name"] == "B홀 정문")["rule"]
    assert hall["hours_for"] == {"exhibitor_staff": "08:00-18:00", "press": "09:00-17:00", "staff": "08:00-18:00"}
    for wrong in (["--classes", "buyer"], ["--classes", ","], ["--max-entries", "0"], ["--hours-for", "staff=8"]):
        run = cli("gates", "rule", "--db", str(db), "hall", *wrong)
        assert run.returncode == 1 and "Traceback" not in run.stderr and run.stderr.startswith("expo-console: ")
    empty = cli("scan", "--db", str(db), "--gate", "B홀 정문", "--id", "", "x")
    assert empty.returncode == 1 and "Traceback" not in empty.stderr
