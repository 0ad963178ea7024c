"""Lists as the tools that collect pre-registrations export them: a form tool's CSV and xlsx
(Google Forms, Naver Form: the questions are the headers) and an event platform's attendee export
(a title row, ticket names, statuses). Each file is written here, and each row is checked: the
fields, the class, the status, the consents and the registration time."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from expo_console.cli.main import main as cli_main
from expo_console.services.demo.event import create_demo_event
from expo_console.services.importing.importer import import_file, plan_import, run_import
from expo_console.services.importing.mappings import prepare_plan
from expo_console.services.importing.plan import HeaderNotFound
from expo_console.services.importing.sniff import ImportFileError
from expo_console.storage.connection import EventStore
from support import TEST_STAMP, drop_tables_after_16

FORM_HEADER = ["타임스탬프", "성함을 입력해 주세요.", "소속 회사명", "직위", "휴대폰 번호 (- 없이 숫자만)", "이메일 주소",
               "참가 유형을 선택해 주세요.", "개인정보 수집 및 이용에 동의하십니까? (필수)",
               "개인정보 제3자(출품기업) 제공에 동의하십니까? (선택)", "마케팅 정보 수신에 동의하십니까? (선택)"]
FORM_ROWS = [
    ["2022. 9. 20 오후 3:14:07", "김민준", "(주)한빛테크", "과장", "01012345678", "minjun@hanbit.co.kr",
     "바이어 (구매 상담)", "동의합니다", "동의합니다", "동의하지 않습니다"],
    ["2022. 9. 20. 오후 4:02:55", "이서연", "서연무역", "대표", "010-2345-6789", "seoyeon@trade.kr",
     "일반 관람", "개인정보 수집 및 이용에 동의합니다.", "동의하지 않습니다", "예"],
    ["2022. 9. 21 오전 9:30:00", "박지훈", "한국일보", "기자", "01034567890", "jh.park@hankook.com",
     "프레스", "동의하지 않습니다", "동의하지 않습니다", "동의하지 않습니다"],
    ["2022. 9. 21 오전 12:05:00", "최유나", "유나전자", "팀장", "01045678901", "yuna@yuna.co.kr",
     "출품기업 관계자", "Y", "N", ""],
    ["2022. 9. 22 오후 1:00:00", "정우성", "우성재단", "이사장", "01056789012", "ws@foundation.or.kr",
     "VIP 초청", "동의", "", "아니오"],
]
PLATFORM_TEXT = (
    "2022 스마트비즈엑스포 참가자 목록 (다운로드: 2022-09-30 10:00)\n"
    "번호,참가자명,연락처,이메일,소속,직책,티켓명,신청일시,신청상태\n"
    "1,최우진,010-4567-8901,wj.choi@buyer.com,우진상사,이사,바이어 상담 신청,2022-09-20 15:14:07,승인\n"
    "2,Jane Smith,+1 213 555 0101,jane@overseas.com,Smith Imports,Director,해외 바이어 (Overseas buyer),2022.09.20 15:20,승인\n"
    "3,정하늘,010-5678-9012,haneul@press.kr,하늘신문,기자,프레스,2022/9/21 오후 2:05,대기\n"
    "4,강도윤,010-6789-0123,doyun@gmail.com,,,일반 관람 (무료),2022-09-21 10:00:00,취소\n"
    "5,윤서아,010-7890-1234,seoa@reject.kr,서아컴퍼니,,일반 관람 (무료),2022-09-21 11:00:00,반려\n"
    "6,한지민,010-8901-2345,jimin@han.kr,한전자,대리,일반 관람 (무료),2022-09-22 09:00:00,취소\n"
    "7,한지민,010-8901-2345,jimin@han.kr,한전자,대리,바이어 상담 신청,2022-09-22 09:05:00,승인\n"
)
CONSENT_COLUMNS = ("consent_required_at", "consent_provision_at", "consent_marketing_at")


def visitors(store: EventStore) -> dict[str, dict[str, Any]]:
    cursor = store.conn.execute("SELECT * FROM visitors ORDER BY rowid")
    names = [d[0] for d in cursor.description]
    return {row["email"]: row for row in (dict(zip(names, r, strict=True)) for r in cursor)}


def write_csv(path: Path, header: list[str], rows: list[list[str]], encoding: str = "utf-8-sig") -> Path:
    import csv
    import io

    text = io.StringIO()
    csv.writer(text).writerows([header, *rows])
    path.write_bytes(text.getvalue().encode(encoding))
    return path


def check(row: dict[str, Any], *, name: str, company: str, title: str, phone: str, visitor_class: str,
          status: str, at: str | None, consents: tuple[bool, bool, bool]) -> None:
    assert (row["name"], row["company"], row["title"], row["phone"]) == (name, company, title, phone)
    assert row["visitor_class"] == visitor_class
    assert row["registration_status"] == status
    assert row["registered_at"] == at
    assert tuple(row[c] is not None for c in CONSENT_COLUMNS) == consents
    for column, given in zip(CONSENT_COLUMNS, consents, strict=True):
        if given:  # timed by the row's own registration time, when the person answered
            assert row[column] == at and row[column.replace("_at", "_version")].endswith("/pre-registration")


def check_form_rows(store: EventStore) -> None:
    rows = visitors(store)
    assert list(rows) == ["minjun@hanbit.co.kr", "seoyeon@trade.kr", "yuna@yuna.co.kr", "ws@foundation.or.kr"]
    check(rows["minjun@hanbit.co.kr"], name="김민준", company="(주)한빛테크", title="과장", phone="010-1234-5678",
          visitor_class="domestic_buyer", status="registered", at="2022-09-20T06:14:07.000Z",
          consents=(True, True, False))
    check(rows["seoyeon@trade.kr"], name="이서연", company="서연무역", title="대표", phone="010-2345-6789",
          visitor_class="visitor", status="registered", at="2022-09-20T07:02:55.000Z", consents=(True, False, True))
    check(rows["yuna@yuna.co.kr"], name="최유나", company="유나전자", title="팀장", phone="010-4567-8901",
          visitor_class="exhibitor_staff", status="registered", at="2022-09-20T15:05:00.000Z",
          consents=(True, False, False))
    check(rows["ws@foundation.or.kr"], name="정우성", company="우성재단", title="이사장", phone="010-5678-9012",
          visitor_class="vip", status="registered", at="2022-09-22T04:00:00.000Z", consents=(True, False, False))


def test_a_form_tools_csv_is_read_by_its_questions(store: EventStore, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "응답.csv", FORM_HEADER, FORM_ROWS)
    plan = plan_import(path)
    assert plan.header_row_number == 1
    assert plan.mapping == {0: "registered_at", 1: "name", 2: "company", 3: "title", 4: "phone", 5: "email",
                            6: "visitor_class", 7: "consent_required", 8: "consent_provision", 9: "consent_marketing"}
    report, _ = import_file(store, path)
    assert (report.imported, report.skipped) == (4, 1)
    # The row that refused the required consent is not registered, and the reason says why.
    assert [(e.row, e.code) for e in report.errors] == [(4, "required_consent_refused")]
    assert "PIPA" in report.errors[0].reason and "동의하지 않습니다" in report.errors[0].reason
    assert "jh.park@hankook.com" not in visitors(store)
    check_form_rows(store)
    assert [(c.value, c.class_code, c.how) for c in report.classes] == [
        ("바이어 (구매 상담)", "domestic_buyer", "proposed"), ("일반 관람", "visitor", "proposed"),
        ("프레스", "press", "exact"), ("출품기업 관계자", "exhibitor_staff", "proposed"), ("VIP 초청", "vip", "proposed")]


def test_a_form_tools_xlsx_with_date_cells_and_an_excel_serial(store: EventStore, tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(FORM_HEADER)
    times = [dt.datetime(2022, 9, 20, 15, 14, 7), dt.datetime(2022, 9, 20, 16, 2, 55), None,
             dt.datetime(2022, 9, 21, 0, 5), None]
    for row, moment in zip(FORM_ROWS, times, strict=True):
        cells: list[object] = list(row)
        if moment is not None:
            cells[0] = moment  # a date cell: openpyxl gives it a date format
        cells[4] = int(row[4].replace("-", ""))  # Excel dropped the leading 0 of the phone
        sheet.append(cells)
    sheet["A6"] = 44826.541666667  # 2022-09-22 13:00 as a serial number left unformatted
    sheet["A4"] = "2022. 9. 21 오전 9:30:00"
    workbook.save(tmp_path / "응답.xlsx")
    report, _ = import_file(store, tmp_path / "응답.xlsx")
    assert (report.imported, [(e.row, e.code) for e in report.errors]) == (4, [(4, "required_consent_refused")])
    check_form_rows(store)


def test_an_event_platforms_export_keeps_classes_statuses_and_times(store: EventStore, tmp_path: Path) -> None:
    path = tmp_path / "attendees.csv"
    path.write_bytes(PLATFORM_TEXT.encode("cp949"))  # as Korean Excel saves it
    plan = plan_import(path)
    assert plan.header_row_number == 2
    assert plan.mapping == {1: "name", 2: "phone", 3: "email", 4: "company", 5: "title", 6: "visitor_class",
                            7: "registered_at", 8: "registration_status"}
    report, _ = import_file(store, path)
    assert (report.imported, report.updated, report.skipped) == (4, 0, 3)
    assert [(e.row, e.code) for e in report.errors] == [
        (6, "registration_cancelled_not_imported"), (7, "registration_rejected_not_imported"),
        (8, "registration_superseded")]
    assert "row 9" in report.errors[2].reason
    assert [(w.row, w.code) for w in report.warnings] == [(5, "registration_waiting_warning")]
    rows = visitors(store)
    assert list(rows) == ["wj.choi@buyer.com", "jane@overseas.com", "haneul@press.kr", "jimin@han.kr"]
    check(rows["wj.choi@buyer.com"], name="최우진", company="우진상사", title="이사", phone="010-4567-8901",
          visitor_class="domestic_buyer", status="registered", at="2022-09-20T06:14:07.000Z",
          consents=(True, False, False))
    check(rows["jane@overseas.com"], name="Jane Smith", company="Smith Imports", title="Director",
          phone="+12135550101", visitor_class="overseas_buyer", status="registered", at="2022-09-20T06:20:00.000Z",
          consents=(True, False, False))
    check(rows["haneul@press.kr"], name="정하늘", company="하늘신문", title="기자", phone="010-5678-9012",
          visitor_class="press", status="waiting", at="2022-09-21T05:05:00.000Z", consents=(True, False, False))
    check(rows["jimin@han.kr"], name="한지민", company="한전자", title="대리", phone="010-8901-2345",
          visitor_class="domestic_buyer", status="registered", at="2022-09-22T00:05:00.000Z",
          consents=(True, False, False))


def test_a_consent_column_of_unknown_purpose_is_asked_about_not_guessed(store: EventStore, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "l.csv", ["성명", "이메일", "개인정보 제공 동의"], [["김가", "a@x.kr", "동의"]])
    plan = plan_import(path)
    assert plan.mapping[2] == "consent_unknown" and plan.consent_questions() == [2]
    with pytest.raises(ImportFileError) as refused:
        run_import(store, plan)
    assert refused.value.code == "consent_purpose_unknown" and "개인정보 제공 동의" in str(refused.value)
    assert visitors(store) == {}
    report, _ = run_import(store, plan.with_mapping({0: "name", 1: "email", 2: "consent_provision"}))
    assert report.imported == 1 and visitors(store)["a@x.kr"]["consent_provision_at"] is not None


def test_two_columns_claiming_one_field_are_shown_and_the_leftmost_used(store: EventStore, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "l.csv", ["타임스탬프", "이메일 주소", "성함", "회신 받을 메일"],
                     [["2022. 9. 20 오후 3:14:07", "auto@x.kr", "김가", "typed@x.kr"]])
    plan = plan_import(path)
    assert plan.mapping == {0: "registered_at", 1: "email", 2: "name"}
    warnings = [w for w in plan.warnings() if w.code == "duplicate_header"]
    assert len(warnings) == 1 and "2 (이메일 주소), 4 (회신 받을 메일)" in warnings[0].reason


def test_english_form_headers_are_read_too(store: EventStore, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "responses.csv",
                     ["Timestamp", "Full name", "Company", "Email Address", "Mobile phone", "Job title",
                      "Which ticket?", "I agree to the collection and use of my personal data"],
                     [["9/20/2022 3:14:07 PM", "Kim Minjun", "Hanbit", "mj@hanbit.kr", "010-1234-5678", "Manager",
                       "Overseas buyer", "I agree"]])
    report, _ = import_file(store, path)
    assert report.imported == 1
    row = visitors(store)["mj@hanbit.kr"]
    assert (row["name"], row["company"], row["title"], row["visitor_class"]) == ("Kim Minjun", "Hanbit", "Manager",
                                                                                  "overseas_buyer")
    assert row["registered_at"] == row["consent_required_at"] == "2022-09-20T06:14:07.000Z"


def test_no_header_names_the_candidate_rows_and_a_chosen_row_imports(store: EventStore, tmp_path: Path) -> None:
    path = tmp_path / "survey.csv"
    path.write_text("설문 결과\n응답자,회사,번호\n홍길동,길동상사,01011112222\n", encoding="utf-8")
    with pytest.raises(HeaderNotFound) as missing:
        plan_import(path)
    assert missing.value.candidates[0] == (2, ["응답자", "회사", "번호"])
    assert "row 2: 응답자 | 회사 | 번호" in str(missing.value)
    plan = missing.value.plan.with_header_row(2).with_mapping({0: "name", 1: "company", 2: "phone"})
    report, _ = run_import(store, plan)
    assert report.imported == 1
    assert store.conn.execute("SELECT name, company, phone FROM visitors").fetchone() == ("홍길동", "길동상사",
                                                                                         "010-1111-2222")


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any] | None, str]:
    code = cli_main(list(args))
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else None), err


def test_the_command_line_takes_a_mapping_file_and_prints_candidates_on_failure(
        store: EventStore, event_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store.close()
    path = tmp_path / "survey.csv"
    path.write_text("설문 결과\n응답자,회사,번호,참가 종류\n홍길동,길동상사,01011112222,Early bird\n", encoding="utf-8")
    code, _, err = cli(capsys, "import", "--db", str(event_path), str(path))
    assert code != 0 and "row 2: 응답자 | 회사 | 번호 | 참가 종류" in err
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps({"header_row": 2, "columns": {"응답자": "name", "C": "phone", "4": "visitor_class"},
                                   "classes": {"Early bird": "domestic_buyer"}}, ensure_ascii=False), encoding="utf-8")
    code, out, _ = cli(capsys, "import", "--db", str(event_path), str(path), "--map", str(mapping))
    assert code == 0 and out is not None
    assert (out["imported"], out["header_row"], out["mapping_source"]) == (1, 2, "mapping_file")
    assert out["mapping"]["A"] == {"header": "응답자", "field": "name"}
    assert out["classes"] == [{"value": "Early bird", "rows": 1, "first_row": 3, "class": "domestic_buyer",
                               "how": "chosen"}]


def test_the_mapping_is_remembered_per_source_and_used_by_the_next_file(
        store: EventStore, event_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = tmp_path / "export-1.csv"
    first.write_text("설문 결과\n응답자,회사,번호,참가 종류\n홍길동,길동상사,01011112222,Early bird\n", encoding="utf-8")
    plan = prepare_plan(store, first, header_row=2)[0]
    plan = plan.with_mapping({0: "name", 1: "company", 2: "phone", 3: "visitor_class"}).with_classes(
        {"Early bird": "domestic_buyer"})
    run_import(store, plan)
    # The next export of the same form: another file, other rows, the same header (spaced differently).
    second = tmp_path / "export-2.csv"
    second.write_text("설문 결과 (2차)\n응답자 ,회사,번호,참가  종류\n이몽룡,몽룡상회,01033334444,Early bird\n",
                      encoding="utf-8")
    again, source = prepare_plan(store, second)
    assert (source, again.header_row_number, again.mapping) == ("remembered", 2, plan.mapping)
    assert again.classes == {"Early bird": "domestic_buyer"}
    store.close()
    code, out, _ = cli(capsys, "import", "--db", str(event_path), str(second))
    assert code == 0 and out is not None and out["mapping_source"] == "remembered"
    assert out["classes"][0]["class"] == "domestic_buyer"


def test_a_file_from_before_this_version_is_upgraded_with_everyone_registered(tmp_path: Path) -> None:
    import sqlite3

    from expo_console.services.events import open_event

    path = tmp_path / "old.expo"
    create_demo_event(path, TEST_STAMP, visitors=5).close()
    conn = sqlite3.connect(path)
    drop_tables_after_16(conn)  # versions 18 and 17 undone first
    conn.execute("DROP TABLE operators")  # then 13
    conn.execute("DROP TABLE scan_annulments")  # then 12
    conn.execute("DROP TABLE cancelled_badges")
    conn.execute("DROP INDEX visitors_simulated")  # then version 11
    conn.execute("DROP TABLE removed_visitors")
    conn.execute("ALTER TABLE visitors DROP COLUMN registered_at")
    conn.execute("ALTER TABLE visitors DROP COLUMN registration_status")
    conn.execute("PRAGMA user_version = 9")
    conn.commit()
    conn.close()
    store = open_event(path, TEST_STAMP)
    assert store.conn.execute("SELECT DISTINCT registration_status FROM visitors").fetchall() == [("registered",)]
    assert store.conn.execute("SELECT count(*) FROM visitors WHERE registered_at IS NULL").fetchone()[0] == 5
    store.close()
