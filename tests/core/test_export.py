from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from expo_console.domain.visitors import Consent, VisitorClass, VisitorDraft
from expo_console.services.access import AccessDenied
from expo_console.services.registration.export import class_labels, export_visitors
from expo_console.services.registration.visitors import register_visitor
from expo_console.services.table_files import ExportError
from expo_console.storage import audit_repo
from expo_console.storage.connection import EventStore


@pytest.fixture
def two_visitors(store: EventStore) -> EventStore:
    consent = frozenset({Consent.REQUIRED})
    register_visitor(store, VisitorDraft(name="김기문", company="=cmd|'/C calc'!A0", phone="010-1234-5678",
                                         email="k@x.com", consents=consent))
    register_visitor(store, VisitorDraft(name="@SUM(1+1)", company="-2", phone="010-2222-3333",
                                         email="s@x.com", consents=consent))
    return store


def read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_csv_export_is_bom_utf8_masked_and_formula_safe(two_visitors: EventStore, tmp_path: Path) -> None:
    out = tmp_path / "visitors.csv"
    assert export_visitors(two_visitors, out) == 2
    rows = read_csv(out)
    assert rows[0][0] == "성명 Name"
    by_name = {r[0]: r for r in rows[1:]}
    assert by_name["김기문"][2] == "'=cmd|'/C calc'!A0"
    assert by_name["'@SUM(1+1)"][2] == "'-2"
    assert by_name["김기문"][5] == "010-****-5678"


@pytest.mark.parametrize(("language", "label"), [("ko", "해외바이어"), ("en", "Overseas buyer")])
def test_classes_are_named_in_the_language_asked_with_their_codes_in_a_column_of_their_own(
        two_visitors: EventStore, tmp_path: Path, language: str, label: str) -> None:
    register_visitor(two_visitors, VisitorDraft(name="John Smith", visitor_class="overseas_buyer", email="j@x.com",
                                                consents=frozenset({Consent.REQUIRED})))
    out = tmp_path / "visitors.csv"
    export_visitors(two_visitors, out, language=language)
    header, *rows = read_csv(out)
    assert header[4] == "구분 Class" and header[-1] == "구분 코드 Class code"
    by_name = {r[0]: r for r in rows}
    assert by_name["John Smith"][4] == label  # not the internal code overseas_buyer
    assert by_name["John Smith"][-1] == "overseas_buyer"
    assert by_name["김기문"][4] == {"ko": "참관객", "en": "Visitor"}[language]
    assert by_name["김기문"][-1] == "visitor"


def test_the_export_language_defaults_to_korean_and_every_class_has_a_label_in_both(
        two_visitors: EventStore, tmp_path: Path) -> None:
    out = tmp_path / "visitors.csv"
    export_visitors(two_visitors, out)
    assert {r[4] for r in read_csv(out)[1:]} == {"참관객"}
    codes = {c.value for c in VisitorClass}
    assert set(class_labels("ko")) == set(class_labels("en")) == codes
    assert all(class_labels("ko").values()) and all(class_labels("en").values())
    with pytest.raises(ExportError, match="ko, en"):
        export_visitors(two_visitors, out, language="fr")


def test_unmasked_export_is_logged(two_visitors: EventStore, tmp_path: Path) -> None:
    out = tmp_path / "visitors.xlsx"
    with pytest.raises(AccessDenied) as refused:  # full phone numbers only with the reason, kept in the log
        export_visitors(two_visitors, out, unmask=True)
    assert refused.value.code == "reason_required" and not out.exists()
    export_visitors(two_visitors, out, unmask=True, reason="calling no-shows before day two")
    sheet = openpyxl.load_workbook(out, read_only=True).active
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert {r[5] for r in values[1:]} == {"010-1234-5678", "010-2222-3333"}
    assert {r[2] for r in values[1:]} == {"=cmd|'/C calc'!A0", "-2"}  # as typed, and text (below)
    last = audit_repo.entries(two_visitors.conn)[-1]
    assert last["action"] == "export" and last["detail"]["unmasked"] is True
    assert last["detail"]["reason"] == "calling no-shows before day two"


def test_xlsx_cells_are_text_without_an_apostrophe_and_never_formulas(two_visitors: EventStore,
                                                                     tmp_path: Path) -> None:
    register_visitor(two_visitors, VisitorDraft(name="John Smith", company="=1+1", title="#N/A",
                                                phone="+1 415 555 0100", email="j@x.com",
                                                consents=frozenset({Consent.REQUIRED})))
    out = tmp_path / "visitors.xlsx"
    export_visitors(two_visitors, out)
    sheet = openpyxl.load_workbook(out).active  # not read-only: cells keep their data type
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    phone = rows["John Smith"][5]
    assert phone.value == "+141****0100" and phone.data_type == "s"  # it was "'+141****0100"
    company, title = rows["John Smith"][2], rows["John Smith"][3]
    assert (company.value, company.data_type) == ("=1+1", "s")  # a string, not a formula
    assert (title.value, title.data_type) == ("#N/A", "s")  # not an error value
    assert (rows["김기문"][2].value, rows["김기문"][2].data_type) == ("=cmd|'/C calc'!A0", "s")
    assert rows["@SUM(1+1)"][0].data_type == "s"
    csv_out = tmp_path / "visitors.csv"
    export_visitors(two_visitors, csv_out)
    by_name = {r[0]: r for r in read_csv(csv_out)[1:]}
    assert by_name["John Smith"][2] == "'=1+1" and by_name["John Smith"][5] == "'+141****0100"  # CSV has no types


def test_unknown_format_is_refused(two_visitors: EventStore, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=".csv or .xlsx"):
        export_visitors(two_visitors, tmp_path / "visitors.pdf")
