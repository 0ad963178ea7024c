"""The command line, run as a user runs it: a separate process, JSON on stdout, errors on stderr."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

CLI_ENV: dict[str, str] = {}


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "expo_console", *args], capture_output=True,
                          text=True, timeout=120, env=CLI_ENV or None)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo event made by the CLI, in a desk home (config, keys, data) of this module's own."""
    import os

    home = tmp_path_factory.mktemp("cli-home")
    CLI_ENV.update({**os.environ, "EXPO_CONSOLE_CONFIG_DIR": str(home / "config"),
                    "EXPO_CONSOLE_DATA_DIR": str(home / "data"), "EXPO_CONSOLE_DESK_ID": "desk-cli"})
    path = tmp_path_factory.mktemp("cli") / "demo.expo"
    result = cli("demo", "--db", str(path), "--visitors", "300", "--start", "2022-10-04")  # the expo's own dates
    assert result.returncode == 0, result.stderr
    return path


def test_demo_and_info_describe_the_smart_biz_expo(demo_file: Path) -> None:
    result = cli("info", "--db", str(demo_file))
    assert result.returncode == 0
    info = json.loads(result.stdout)
    assert info["name_en"] == "2022 Smart Biz Expo"
    assert (info["starts_on"], info["ends_on"]) == ("2022-10-04", "2022-10-07")
    assert info["hall"] == "COEX Hall B"
    assert (info["exhibitors"], info["visitors"], info["zones"]) == (95, 300, 12)  # 6 zones + 6 sections
    assert info["gates"] >= 6
    assert info["badges"] == 300 and info["scans"] > 300 * 2  # the first day, simulated at the gates


def test_a_new_demo_started_yesterday_so_a_badge_scanned_today_is_let_in(tmp_path: Path) -> None:
    import datetime as dt

    path = tmp_path / "today.expo"
    made = cli("demo", "--db", str(path), "--visitors", "30")
    assert made.returncode == 0, made.stderr
    info = json.loads(made.stdout)
    today = dt.date.today()
    assert (info["starts_on"], info["ends_on"]) == ((today - dt.timedelta(days=1)).isoformat(),
                                                    (today + dt.timedelta(days=2)).isoformat())
    assert info["scans"] > 30  # yesterday was played through the gates
    visitor = next(v for v in json.loads(cli("gates", "--db", str(path)).stdout) if v["kind"] == "hall_entrance")
    code = cli("code", "--db", str(path), "--visitor", _first_visitor(path)).stdout.strip()
    eleven = dt.datetime.combine(today, dt.time(11, 0), dt.timezone(dt.timedelta(hours=9))).isoformat()
    verdict = json.loads(cli("scan", "--db", str(path), "--gate", visitor["id"], "--at", eleven, code).stdout)
    assert (verdict["verdict"], verdict["light"]) == ("admitted", "green")
    played = json.loads(cli("simulate", "--db", str(path), "--day", "today", "--visitors", "20").stdout)
    assert played["day"] == today.isoformat() and played["scans"] > 0
    wrong = cli("demo", "--db", str(tmp_path / "x.expo"), "--start", "4 Oct")
    assert wrong.returncode == 1 and "2022-10-04" in wrong.stderr


def _first_visitor(path: Path) -> str:
    import sqlite3

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return str(conn.execute("SELECT id FROM visitors WHERE visitor_class = 'visitor' LIMIT 1").fetchone()[0])
    finally:
        conn.close()


def test_import_prints_the_report_and_dry_run_stores_nothing(demo_file: Path, tmp_path: Path) -> None:
    source = tmp_path / "list.csv"
    source.write_bytes("성명,이메일\n정똠,ttom@x.com\n,\n나쁜행,not-an-email\n".encode("cp949"))
    dry = json.loads(cli("import", "--db", str(demo_file), str(source), "--dry-run").stdout)
    assert (dry["imported"], dry["skipped"]) == (1, 1)
    assert dry["errors"] == [{"row": 4, "reason": dry["errors"][0]["reason"]}]
    assert json.loads(cli("info", "--db", str(demo_file)).stdout)["visitors"] == 300
    real = json.loads(cli("import", "--db", str(demo_file), str(source)).stdout)
    assert {k: real[k] for k in ("imported", "updated", "skipped")} == {"imported": 1, "updated": 0, "skipped": 1}
    assert json.loads(cli("info", "--db", str(demo_file)).stdout)["visitors"] == 301


def test_export_visitors(demo_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "v.csv"
    result = cli("export", "visitors", "--db", str(demo_file), "--out", str(out))
    assert result.returncode == 0, result.stderr
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) >= 301
    assert "****" in out.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(lines))
    assert {row[4] for row in rows[1:]} <= {"참관객", "바이어", "해외바이어", "출품기업", "프레스", "VIP", "운영요원", "주최"}
    english = tmp_path / "v-en.csv"
    assert cli("export", "visitors", "--db", str(demo_file), "--out", str(english), "--lang", "en").returncode == 0
    rows_en = list(csv.reader(english.read_text(encoding="utf-8-sig").splitlines()))
    assert "Visitor" in {row[4] for row in rows_en[1:]}
    assert [row[-1] for row in rows_en] == [row[-1] for row in rows]  # the codes, whatever the language
    assert "visitor" in {row[-1] for row in rows[1:]}


@pytest.mark.parametrize("args, words", [
    (("info", "--db", "/nonexistent/x.expo"), "create a new event"),
    (("import", "--db", "/nonexistent/x.expo", "/tmp/x.csv"), "Check the path"),
])
def test_errors_go_to_stderr_with_what_to_do(args: tuple[str, ...], words: str) -> None:
    result = cli(*args)
    assert result.returncode != 0
    assert result.stdout == ""
    assert words in result.stderr


def test_bad_import_file_is_a_clear_error(demo_file: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    result = cli("import", "--db", str(demo_file), str(empty))
    assert result.returncode == 1
    assert "empty" in result.stderr


def test_core_commands_do_not_import_qt(demo_file: Path) -> None:
    code = (f"import sys; from expo_console.cli.main import main; main(['info', '--db', {str(demo_file)!r}]);"
            "print('PySide6' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip().splitlines()[-1] == "False"


def test_code_and_verify(demo_file: Path) -> None:
    import sqlite3

    visitor_id = sqlite3.connect(demo_file).execute("SELECT id FROM visitors LIMIT 1").fetchone()[0]
    first = cli("code", "--db", str(demo_file), "--visitor", visitor_id)
    assert first.returncode == 0, first.stderr
    code = first.stdout.strip()
    assert code.isdigit() and len(code) <= 60
    assert cli("code", "--db", str(demo_file), "--visitor", visitor_id).stdout.strip() == code
    verdict = json.loads(cli("verify", "--db", str(demo_file), code).stdout)
    assert verdict["valid"] and verdict["status"] == "active" and verdict["visitor_id"] == visitor_id
    assert verdict["fields"]["reissue"] == 0
    tampered = code[:-2] + ("00" if code[-2:] != "00" else "11")
    assert json.loads(cli("verify", "--db", str(demo_file), tampered).stdout)["valid"] is False


def test_a_desk_without_the_key_is_told_to_import_it(demo_file: Path, tmp_path: Path) -> None:
    import sqlite3

    visitor_id = sqlite3.connect(demo_file).execute("SELECT id FROM visitors LIMIT 1 OFFSET 5").fetchone()[0]
    key_file = tmp_path / "event.key"
    assert cli("key", "export", "--db", str(demo_file), "--out", str(key_file)).returncode == 0
    other_desk = {**CLI_ENV, "EXPO_CONSOLE_CONFIG_DIR": str(tmp_path / "desk2"), "EXPO_CONSOLE_DESK_ID": "desk2"}
    run = lambda *args: subprocess.run([sys.executable, "-m", "expo_console", *args], env=other_desk,  # noqa: E731
                                       capture_output=True, text=True, timeout=120)
    refused = run("code", "--db", str(demo_file), "--visitor", visitor_id)
    assert refused.returncode == 1 and "key import" in refused.stderr
    assert run("key", "import", "--db", str(demo_file), str(key_file)).returncode == 0
    code = run("code", "--db", str(demo_file), "--visitor", visitor_id).stdout.strip()
    assert json.loads(cli("verify", "--db", str(demo_file), code).stdout)["valid"]


def test_badges_writes_a_pdf(demo_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "vip.pdf"
    result = cli("badges", "--db", str(demo_file), "--out", str(out), "--class", "vip", "--format", "cr80")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["badges"] > 0 and out.read_bytes().startswith(b"%PDF")
    refused = cli("badges", "--db", str(demo_file), "--out", str(out), "--format", "a5")
    assert refused.returncode == 1 and "Choose whom" in refused.stderr
    unknown = cli("badges", "--db", str(demo_file), "--out", str(out), "--all", "--format", "a5")
    assert unknown.returncode == 1 and "no badge format 'a5'" in unknown.stderr


def test_gates_and_scan(demo_file: Path) -> None:
    import sqlite3

    gates = json.loads(cli("gates", "--db", str(demo_file)).stdout)
    assert {g["kind"] for g in gates} == {"hall_entrance", "hall_exit", "zone_gate"}
    assert {g["zone"] for g in gates if g["kind"] == "zone_gate"} >= {"시식존", "시연존"}
    visitor_id = sqlite3.connect(demo_file).execute("SELECT id FROM visitors LIMIT 1 OFFSET 9").fetchone()[0]
    code = cli("code", "--db", str(demo_file), "--visitor", visitor_id).stdout.strip()
    at = "2022-10-05T10:00:00+09:00"  # day 2: the demo's first day is simulated
    result = subprocess.run([sys.executable, "-m", "expo_console", "scan", "--db", str(demo_file), "--gate",
                             "B홀 정문", "--station", "gate-1", "--at", at], input=f"]Q1{code}\n\n12345\n", capture_output=True,
                            text=True, timeout=120, env=CLI_ENV)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["verdict"] for line in lines] == ["admitted", "malformed"]
    assert lines[0]["visitor_id"] == visitor_id and lines[0]["message_ko"] == "입장 확인"
    assert set(lines[0]) >= {"verdict", "code", "visitor_id", "message_ko", "message_en", "first_admitted_at"}
    again = json.loads(cli("scan", "--db", str(demo_file), "--gate", "B홀 정문", "--at", "2022-10-05T10:05:00+09:00",
                           code).stdout)
    assert again["verdict"] == "already_admitted"
    assert again["first_admitted_at"] == "2022-10-05T01:00:00.000Z"
    today = json.loads(cli("scan", "--db", str(demo_file), "--gate", "B홀 정문", code).stdout)
    assert today["verdict"] == "not_valid_today"  # the demo expo was in 2022
    missing = cli("scan", "--db", str(demo_file), "--gate", "없는 게이트", code)
    assert missing.returncode == 1 and "Gates:" in missing.stderr


def test_a_scan_not_recorded_says_why(tmp_path: Path) -> None:
    import os
    import sqlite3

    from expo_console.services.badges.codes import issue_badge
    from expo_console.services.demo.event import create_demo_event
    from support import TEST_STAMP

    path = tmp_path / "event.expo"
    store = create_demo_event(path, TEST_STAMP, visitors=3)
    visitor_id = store.conn.execute("SELECT id FROM visitors LIMIT 1").fetchone()[0]
    code = issue_badge(store, visitor_id)[0].code
    store.close()
    conn = sqlite3.connect(path)  # a write that fails: the file refuses every new scan
    conn.execute("CREATE TRIGGER scans_refused BEFORE INSERT ON scans BEGIN SELECT RAISE(ABORT, 'no room'); END")
    conn.close()
    result = subprocess.run([sys.executable, "-m", "expo_console", "scan", "--db", str(path), "--gate", "B홀 정문",
                             "--at", "2022-10-04T10:00:00+09:00", code], capture_output=True, text=True,
                            timeout=120, env={**os.environ})
    assert result.returncode == 0, result.stderr
    line = json.loads(result.stdout)
    assert (line["verdict"], line["light"], line["recorded"]) == ("not_recorded", "red", False)
    assert line["error"] == "IntegrityError: no room"
