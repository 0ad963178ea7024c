"""Import of pre-registered visitors, including every bad input the issue lists."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
import unicodedata
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from expo_console.domain.visitors import Consent, VisitorDraft, names_disagree
from expo_console.services.badge_print.batch import select_visitors
from expo_console.services.badges.codes import current_badge, issue_badge
from expo_console.services.importing.importer import BATCH_ROWS, import_file, plan_import
from expo_console.services.importing.runs import (
    FILE_CHANGED,
    FILE_MISSING,
    FILE_READY,
    STALE_AFTER,
    ProcessIdentity,
    RunRecord,
    dismiss_interrupted,
    file_state,
    fingerprint,
    interrupted_imports,
    is_interrupted,
    this_process,
)
from expo_console.services.importing.sniff import ImportFileError
from expo_console.services.progress import CancelFlag
from expo_console.services.registration.visitors import register_visitor
from expo_console.storage import audit_repo, import_runs_repo, print_log_repo, visitors_repo
from expo_console.storage.connection import EventStore, utc_stamp
from support import REPO, TEST_STAMP, dead_process, write_xlsx_bomb

HEADER = "성명,회사명,직함,휴대폰,이메일,구분\n"


def write_csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    workbook = openpyxl.Workbook()
    for r in rows:
        workbook.active.append(r)
    workbook.save(path)
    return path


def names(store: EventStore) -> list[str]:
    return [r[0] for r in store.conn.execute("SELECT name FROM visitors ORDER BY rowid")]


def seed_existing(store: EventStore) -> str:
    return register_visitor(store, VisitorDraft(name="기존방문자", email="old@example.com",
                                                consents=frozenset({Consent.REQUIRED}))).visitor_id


def test_cp949_csv_with_ttom(store: EventStore, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "list.csv", HEADER + "정똠,(주)똠양,대리,010-1111-2222,t@x.com,바이어\n", "cp949")
    report, change = import_file(store, path)
    assert (report.imported, report.errors) == (1, [])
    assert names(store) == ["정똠"]
    assert store.conn.execute("SELECT visitor_class FROM visitors").fetchone()[0] == "domestic_buyer"
    assert change.reload


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_utf8_with_and_without_bom_and_utf16(store: EventStore, tmp_path: Path, encoding: str) -> None:
    path = write_csv(tmp_path / "list.csv", HEADER + "김기문,중소기업중앙회,회장,010-1111-2222,k@x.com,VIP\n", encoding)
    report, _ = import_file(store, path)
    assert report.imported == 1
    assert names(store) == ["김기문"]


def test_title_rows_above_the_header_are_skipped_and_rows_numbered_as_in_excel(store: EventStore, tmp_path: Path) -> None:
    text = "2022 스마트비즈엑스포 사전등록자 명단\n출력일: 2022-10-01\n\n" + HEADER + \
        "김기문,중기중앙회,,010-1111-2222,k@x.com,\n,,,,,\n잘못된,회사,,12,bad-mail,\n"
    report, _ = import_file(store, write_csv(tmp_path / "l.csv", text))
    assert report.imported == 1
    assert report.skipped == 1
    assert {e.row for e in report.errors} == {7}
    assert "e-mail" in report.errors[0].reason or "phone" in report.errors[0].reason


def test_nfd_names_are_stored_nfc(store: EventStore, tmp_path: Path) -> None:
    nfd = unicodedata.normalize("NFD", "이순신")
    import_file(store, write_csv(tmp_path / "l.csv", HEADER + f"{nfd},,,,lee@x.com,\n"))
    assert names(store) == ["이순신"]


def test_300_character_name_is_capped_with_a_warning(store: EventStore, tmp_path: Path) -> None:
    report, _ = import_file(store, write_csv(tmp_path / "l.csv", HEADER + "가" * 300 + ",,,,a@x.com,\n"))
    assert report.imported == 1
    assert len(names(store)[0]) == 100
    assert report.warnings[0].row == 2 and "shortened to 100" in report.warnings[0].reason


def test_emoji_and_rtl_names_survive(store: EventStore, tmp_path: Path) -> None:
    text = HEADER + "Sara 😀‍🔥,,,,s@x.com,\nمحمد علي,,,,m@x.com,해외바이어\n"
    report, _ = import_file(store, write_csv(tmp_path / "l.csv", text))
    assert report.imported == 2
    assert names(store) == ["Sara 😀‍🔥", "محمد علي"]


def test_nul_and_bidi_override_characters_are_removed(store: EventStore, tmp_path: Path) -> None:
    text = HEADER + "김\x00기문\u202e,회사\u202d,,,k@x.com,\n"
    report, _ = import_file(store, write_csv(tmp_path / "l.csv", text))
    assert report.imported == 1
    assert store.conn.execute("SELECT name, company FROM visitors").fetchone() == ("김기문", "회사")


def test_formula_name_is_stored_as_text_and_flagged(store: EventStore, tmp_path: Path) -> None:
    text = HEADER + '"=HYPERLINK(""http://evil"",""click"")",,,,f@x.com,\n'
    report, _ = import_file(store, write_csv(tmp_path / "l.csv", text))
    assert names(store) == ['=HYPERLINK("http://evil","click")']
    assert any("formula" in w.reason for w in report.warnings)


def test_duplicate_emails_differing_in_case_are_reported_not_merged(store: EventStore, tmp_path: Path) -> None:
    text = HEADER + "김가,,,,Kim@Example.com,\n김나,,,,kim@example.COM,\n"
    report, _ = import_file(store, write_csv(tmp_path / "l.csv", text))
    assert (report.imported, report.skipped) == (1, 1)
    assert report.errors[0].row == 3 and "row 2" in report.errors[0].reason
    assert names(store) == ["김가"]


def test_upsert_by_email_then_phone_keeps_unmapped_fields(store: EventStore, tmp_path: Path) -> None:
    visitor_id = seed_existing(store)
    store.conn.execute("UPDATE visitors SET title = '부장', phone = '010-5555-6666', phone_digits = '01055556666'")
    text = "성명,이메일,회사명\n기존방문자,OLD@example.com,새회사\n"
    report, _ = import_file(store, write_csv(tmp_path / "l.csv", text))
    assert (report.imported, report.updated) == (0, 1)
    row = store.conn.execute("SELECT id, company, title FROM visitors").fetchone()
    assert row == (visitor_id, "새회사", "부장")
    report, _ = import_file(store, write_csv(tmp_path / "p.csv", "성명,휴대폰,직함\n기존방문자,01055556666,이사\n"))
    assert report.updated == 1
    assert store.conn.execute("SELECT title FROM visitors").fetchone()[0] == "이사"


def test_dry_run_reports_but_stores_nothing(store: EventStore, tmp_path: Path) -> None:
    report, change = import_file(store, write_csv(tmp_path / "l.csv", HEADER + "김,,,,a@x.com,\n"), dry_run=True)
    assert report.imported == 1 and report.dry_run
    assert names(store) == []
    assert not change.reload
    assert store.conn.execute("SELECT count(*) FROM import_runs").fetchone()[0] == 0  # not even a run record


def test_xlsx_with_numeric_phone_and_korean_headers(store: EventStore, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "l.xlsx", [["사전등록 명단"], [], ["이름", "소속", "연락처", "E-mail", "참가구분"],
                                            ["박한구", "스마트제조혁신추진단", 1012345678, "p@x.com", "기자"]])
    plan = plan_import(path)
    assert plan.header_row_number == 3
    assert set(plan.mapping.values()) == {"name", "company", "phone", "email", "visitor_class"}
    report, _ = import_file(store, path)
    assert report.imported == 1
    assert store.conn.execute("SELECT phone, visitor_class FROM visitors").fetchone() == ("010-1234-5678", "press")


def test_mapping_can_be_corrected(store: EventStore, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "l.csv", "성명,메모란\n김기문,kim@x.com\n")
    report, _ = import_file(store, path, mapping=[(0, "name"), (1, "email")])
    assert report.imported == 1
    assert store.conn.execute("SELECT email FROM visitors").fetchone()[0] == "kim@x.com"


def check_refused(store: EventStore, path: Path, code: str, words: str) -> None:
    before = seed_existing(store) if not names(store) else None
    with pytest.raises(ImportFileError) as info:
        import_file(store, path)
    assert info.value.code == code
    assert words in str(info.value)
    assert names(store) == ["기존방문자"] and before


def test_truncated_xlsx(store: EventStore, tmp_path: Path) -> None:
    good = write_xlsx(tmp_path / "good.xlsx", [["성명", "이메일"], ["김", "a@x.com"]])
    data = good.read_bytes()
    (tmp_path / "cut.xlsx").write_bytes(data[: len(data) // 2])
    check_refused(store, tmp_path / "cut.xlsx", "damaged_xlsx", "save it again")


def test_password_protected_xlsx(store: EventStore, tmp_path: Path) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = io.BytesIO()
    workbook = openpyxl.Workbook()
    workbook.active.append(["성명", "이메일"])
    workbook.save(plain)
    plain.seek(0)
    with (tmp_path / "locked.xlsx").open("wb") as out:
        OOXMLFile(plain).encrypt("secret", out)
    check_refused(store, tmp_path / "locked.xlsx", "encrypted", "remove the password")


def test_csv_renamed_xlsx_is_read_by_content(store: EventStore, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "really-csv.xlsx", HEADER + "김기문,,,,k@x.com,\n", "cp949")
    report, _ = import_file(store, path)
    assert report.imported == 1
    assert report.note == "named_xlsx_but_text"


def test_absurd_uncompressed_xlsx_is_refused_before_parsing(store: EventStore, tmp_path: Path) -> None:
    path = write_xlsx_bomb(tmp_path / "bomb.xlsx")
    check_refused(store, path, "too_large", "refused before reading")


def test_empty_file(store: EventStore, tmp_path: Path) -> None:
    (tmp_path / "empty.csv").write_bytes(b"")
    check_refused(store, tmp_path / "empty.csv", "empty", "empty")


def test_file_without_recognisable_header(store: EventStore, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "l.csv", "a,b,c\n1,2,3\n")
    check_refused(store, path, "no_header", "Add a header row")


def test_cancel_keeps_committed_batches_and_says_so(store: EventStore, tmp_path: Path) -> None:
    rows = "".join(f"방문자{i},,,,v{i}@x.com,\n" for i in range(3 * BATCH_ROWS))
    flag = CancelFlag()

    def progress(done: int, total: int) -> None:
        if done >= BATCH_ROWS:  # cancel after the first batch was committed
            flag.cancel()

    report, _ = import_file(store, write_csv(tmp_path / "l.csv", HEADER + rows), progress=progress, cancel=flag)
    assert report.cancelled
    stored = store.conn.execute("SELECT count(*) FROM visitors").fetchone()[0]
    assert stored == report.imported and BATCH_ROWS <= stored < 3 * BATCH_ROWS


# -- a row matched by phone only, audit of updates, badges out of date -----------------------------

PERSON = VisitorDraft(name="이태은", name_en="Lee Taeeun", company="한빛메디칼", phone="010-9005-8512",
                      email="lee.taeeun1@example.net", consents=frozenset({Consent.REQUIRED}))


def printed_badge(store: EventStore, visitor_id: str) -> None:
    badge, _ = issue_badge(store, visitor_id)
    with store.write() as conn:
        print_log_repo.record(conn, store.stamp, badge_id=badge.id, serial=badge.serial,
                              visitor_id=visitor_id, printer="test", result="printed")


def import_audits(store: EventStore) -> list[dict[str, object]]:
    return [e for e in audit_repo.entries(store.conn) if e["action"] == "import_update"]


def test_a_row_sharing_only_the_phone_is_reported_and_the_visitor_kept(store: EventStore, tmp_path: Path) -> None:
    visitor_id = register_visitor(store, PERSON).visitor_id
    printed_badge(store, visitor_id)
    text = "성명,휴대전화,이메일\n김다른사람,010-9005-8512,someone.else@other.example\n"
    report, change = import_file(store, write_csv(tmp_path / "pc.csv", text))
    assert (report.updated, report.skipped) == (0, 1)
    [issue] = report.errors
    assert (issue.row, issue.code) == (2, "phone_of_another_visitor")
    assert "이태은 (lee.taeeun1@example.net)" in issue.reason and "correct the phone number" in issue.reason
    row = store.conn.execute("SELECT name, email FROM visitors WHERE id = ?", (visitor_id,)).fetchone()
    assert row == ("이태은", "lee.taeeun1@example.net")
    assert current_badge(store, visitor_id).reprint_fields == ""
    assert not change.reload


@pytest.mark.parametrize(("name", "email"), [
    ("이 태은", "new.mail@example.net"),  # the same name, spaced differently: a new e-mail
    ("LEE TAEEUN", "new.mail@example.net"),  # the English name in the name column
    ("김다른사람", ""),  # no e-mail in the row: nothing says it is someone else
])
def test_a_phone_match_without_evidence_of_another_person_still_updates(store: EventStore, tmp_path: Path,
                                                                        name: str, email: str) -> None:
    register_visitor(store, PERSON)
    text = f"성명,휴대전화,이메일,직함\n{name},010-9005-8512,{email},이사\n"
    report, _ = import_file(store, write_csv(tmp_path / "p.csv", text))
    assert (report.updated, report.errors) == (1, [])


def test_names_disagree_only_on_a_field_filled_in_on_both_sides() -> None:
    assert names_disagree("김다른사람", "", "이태은", "Lee Taeeun")
    assert names_disagree("", "Kim Other", "이태은", "Lee Taeeun")
    assert not names_disagree("이태은", "", "이 태은", "")
    assert not names_disagree("", "Kim Other", "이태은", "")  # Korean on one side, English on the other
    assert not names_disagree("Lee Taeeun", "", "이태은", "lee tae-eun")


def test_each_updated_visitor_is_audited_with_every_changed_field_before_and_after(store: EventStore,
                                                                                  tmp_path: Path) -> None:
    visitor_id = register_visitor(store, PERSON).visitor_id
    text = "성명,이메일,휴대폰,회사명,직함\n이태은,lee.taeeun1@example.net,010-1234-5678,새회사,\n"
    report, _ = import_file(store, write_csv(tmp_path / "u.csv", text))
    assert report.updated == 1
    [entry] = import_audits(store)
    assert entry["entity_id"] == visitor_id
    assert entry["detail"] == {"file": "u.csv", "changes": {"company": ["한빛메디칼", "새회사"],
                                                            "phone": ["010-9005-8512", "010-1234-5678"]}}


def test_two_rows_for_one_visitor_are_audited_one_after_the_other(store: EventStore, tmp_path: Path) -> None:
    register_visitor(store, PERSON)
    text = "성명,이메일,휴대폰,회사명\n이태은,lee.taeeun1@example.net,,둘째회사\n이태은,,010-9005-8512,셋째회사\n"
    report, _ = import_file(store, write_csv(tmp_path / "u.csv", text))
    assert report.updated == 2
    assert [e["detail"]["changes"] for e in import_audits(store)] == [
        {"company": ["한빛메디칼", "둘째회사"]}, {"company": ["둘째회사", "셋째회사"]}]


def test_a_printed_detail_changed_by_import_marks_the_printed_badge_for_reprint(store: EventStore,
                                                                              tmp_path: Path) -> None:
    visitor_id = register_visitor(store, PERSON).visitor_id
    printed_badge(store, visitor_id)
    import_file(store, write_csv(tmp_path / "n.csv", "성명,이메일,비고\n이태은,lee.taeeun1@example.net,메모\n"))
    assert current_badge(store, visitor_id).reprint_fields == ""  # notes are not on the badge
    import_file(store, write_csv(tmp_path / "c.csv", "성명,이메일,회사명\n이태은,lee.taeeun1@example.net,새회사\n"))
    assert current_badge(store, visitor_id).reprint_fields == "company"
    assert visitors_repo.index_row(store.conn, visitor_id)[10] == visitors_repo.PRINT_OUTDATED
    assert select_visitors(store, not_printed=True) == [visitor_id]  # the batch of badges to print
    printed_badge(store, visitor_id)  # printed again with the current details
    assert current_badge(store, visitor_id).reprint_fields == ""
    assert visitors_repo.index_row(store.conn, visitor_id)[10] == visitors_repo.PRINT_CURRENT


# -- an import killed midway is reported on the next open, and re-running it completes it ----------

LIST_ROWS = 3000
# A real import in its own process, with small batches and a pause after each committed one, so
# that a kill lands between two batches: argv = event file, list, rows per batch, pause (s).
SLOW_IMPORT = """
import sys, time
from dataclasses import replace
from expo_console.services.desk import local_stamp
from expo_console.services.events import open_event
from expo_console.services.importing import importer

importer.BATCH_ROWS = int(sys.argv[3])
store = open_event(sys.argv[1], replace(local_stamp(), role="organizer"))
importer.import_file(store, sys.argv[2], progress=lambda done, total: time.sleep(float(sys.argv[4])))
"""


def visitor_list(tmp_path: Path) -> Path:
    rows = "".join(f"방문자{i},회사{i % 40},,,v{i}@x.com,\n" for i in range(LIST_ROWS))
    return write_csv(tmp_path / "사전등록.csv", HEADER + rows)


def child_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO)}  # this checkout's code, and the test's desk and folders


def start_slow_import(event_path: Path, source: Path, pause: float) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", SLOW_IMPORT, str(event_path), str(source), "250", str(pause)],
                            cwd=REPO, env=child_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def visitor_count(store: EventStore) -> int:
    return int(store.conn.execute("SELECT count(*) FROM visitors").fetchone()[0])


def wait_for_a_committed_batch(store: EventStore, child: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while visitor_count(store) == 0:
        assert child.poll() is None, child.stderr.read().decode() if child.stderr else "the import ended"
        assert time.monotonic() < deadline, "no batch was committed in 30 s"
        time.sleep(0.01)


def cli(*args: str) -> Any:
    done = subprocess.run([sys.executable, "-m", "expo_console", *args], cwd=REPO, env=child_env(),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_an_import_killed_midway_is_listed_at_the_row_committed_and_a_rerun_completes_it(
        store: EventStore, event_path: Path, tmp_path: Path) -> None:
    source = visitor_list(tmp_path)
    child = start_slow_import(event_path, source, pause=0.2)
    try:
        wait_for_a_committed_batch(store, child)
    finally:
        child.kill()  # SIGKILL: no handler runs, the record stays 'running'
        child.wait()
    committed = visitor_count(store)
    assert 0 < committed < LIST_ROWS
    [interrupted] = cli("info", "--db", str(event_path))["interrupted_imports"]
    assert interrupted["status"] == "interrupted"
    assert (interrupted["file"], interrupted["path"]) == (source.name, str(source.resolve()))
    assert interrupted["row_reached"] == committed  # exactly what the file holds: same transaction
    assert (interrupted["rows_in_file"], interrupted["last_row_number"]) == (LIST_ROWS, committed + 1)
    assert (interrupted["desk_id"], interrupted["pid"]) == (TEST_STAMP.desk_id, child.pid)

    report = cli("import", "--db", str(event_path), str(source))
    assert (report["imported"], report["unchanged"]) == (LIST_ROWS - committed, committed)
    assert [run["id"] for run in report["completed_interrupted_imports"]] == [interrupted["id"]]
    assert store.conn.execute("SELECT count(*), count(DISTINCT email_key) FROM visitors").fetchone() == (LIST_ROWS,
                                                                                                           LIST_ROWS)
    assert cli("info", "--db", str(event_path))["interrupted_imports"] == []
    closed = import_runs_repo.get(store.conn, interrupted["id"])
    assert closed is not None and (closed["status"], closed["superseded_by"]) == ("superseded", report_run_id(store))
    actions = [e["action"] for e in audit_repo.entries(store.conn) if e["entity"] == "import_run"]
    assert actions == ["import_started", "import_started", "import_superseded", "import_finished"]


def report_run_id(store: EventStore) -> str:
    """The newest run: the re-run."""
    return str(store.conn.execute("SELECT id FROM import_runs ORDER BY started_at DESC, rowid DESC").fetchone()[0])


def test_an_import_running_in_another_live_process_is_not_interrupted(store: EventStore, event_path: Path,
                                                                      tmp_path: Path) -> None:
    child = start_slow_import(event_path, visitor_list(tmp_path), pause=60)  # stalls after its first batch
    try:
        wait_for_a_committed_batch(store, child)
        assert interrupted_imports(store) == []
        assert [run["status"] for run in import_runs_repo.open_runs(store.conn)] == ["running"]
    finally:
        child.kill()
        child.wait()
    assert [run.rows_done for run in interrupted_imports(store)] == [visitor_count(store)]  # now it is


def test_a_cancelled_import_is_not_interrupted(store: EventStore, tmp_path: Path) -> None:
    flag = CancelFlag()
    rows = "".join(f"방문자{i},,,,v{i}@x.com,\n" for i in range(2 * BATCH_ROWS))
    report, _ = import_file(store, write_csv(tmp_path / "l.csv", HEADER + rows), cancel=flag,
                            progress=lambda done, total: flag.cancel())
    assert report.cancelled
    assert interrupted_imports(store) == []
    [run] = store.conn.execute("SELECT status, rows_done, imported FROM import_runs").fetchall()
    assert run == ("cancelled", BATCH_ROWS, visitor_count(store))


def test_an_import_stopped_by_an_error_is_listed_as_failed(store: EventStore, tmp_path: Path) -> None:
    def fail_after_first_batch(done: int, total: int) -> None:
        raise OSError("disk gone")

    rows = "".join(f"방문자{i},,,,v{i}@x.com,\n" for i in range(2 * BATCH_ROWS))
    with pytest.raises(OSError):
        import_file(store, write_csv(tmp_path / "l.csv", HEADER + rows), progress=fail_after_first_batch)
    [run] = interrupted_imports(store)
    assert (run.failed, run.rows_done, run.as_json()["status"]) == (True, BATCH_ROWS, "failed")


def interrupted_run(store: EventStore, source: Path) -> str:
    """What a kill leaves: a run still 'running', its process gone."""
    return RunRecord(store, fingerprint(source), 2, process=dead_process()).run_id


def test_a_rerun_of_a_changed_file_says_so_and_does_not_pretend(store: EventStore, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "l.csv", HEADER + "김가,,,,a@x.com,\n김나,,,,b@x.com,\n")
    run_id = interrupted_run(store, source)
    [run] = interrupted_imports(store)
    assert file_state(run) == FILE_READY
    write_csv(source, HEADER + "김가,,,,a@x.com,\n김다,,,,c@x.com,\n")
    assert file_state(run) == FILE_CHANGED
    report, _ = import_file(store, source)
    assert report.completed_interrupted == []
    assert [r["id"] for r in report.as_json()["interrupted_imports_file_changed"]] == [run_id]
    assert [r.run_id for r in interrupted_imports(store)] == [run_id]
    source.unlink()
    assert file_state(run) == FILE_MISSING


def test_a_dismissed_interrupted_import_is_no_longer_listed_and_the_dismissal_is_audited(
        store: EventStore, tmp_path: Path) -> None:
    run_id = interrupted_run(store, write_csv(tmp_path / "l.csv", HEADER + "김가,,,,a@x.com,\n"))
    assert dismiss_interrupted(store, run_id)
    assert interrupted_imports(store) == []
    assert [e["action"] for e in audit_repo.entries(store.conn, run_id)] == ["import_started", "import_dismissed"]
    assert not dismiss_interrupted(store, run_id)  # already closed (say, on another desk)


def test_liveness_a_fresh_heartbeat_elsewhere_is_live_a_stale_one_or_a_dead_pid_here_is_not() -> None:
    me, now = this_process(), datetime.now(UTC)

    def run(host: str, pid: int, age: timedelta, boot_id: str = me.boot_id) -> dict[str, object]:
        return {"status": "running", "host": host, "boot_id": boot_id, "pid": pid,
                "heartbeat_at": utc_stamp(now - age)}

    fresh, stale = timedelta(seconds=5), STALE_AFTER + timedelta(seconds=1)
    assert not is_interrupted(run("other-desk-pc", 1234, fresh), me, now)  # can't see its pid: trust the heartbeat
    assert is_interrupted(run("other-desk-pc", 1234, stale), me, now)
    assert not is_interrupted(run(me.host, me.pid, fresh), me, now)  # this very process, importing
    assert is_interrupted(run(me.host, dead_process().pid, fresh), me, now)
    assert is_interrupted(run(me.host, me.pid, stale), me, now)  # a pid reused since is caught by the heartbeat
    if me.boot_id:
        assert is_interrupted(run(me.host, me.pid, fresh, boot_id="an-earlier-boot"), me, now)
    assert not is_interrupted({**run(me.host, 1, stale), "status": "dismissed"}, me, now)
    assert ProcessIdentity(me.host, me.boot_id, os.getpid()) == me
