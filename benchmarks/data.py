"""Synthetic visitor rows for the benchmarks, from the demo generator (deterministic)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from expo_console.services.demo.people import PeopleFactory

HEADER_KO = ["성명", "영문성명", "회사명", "직함", "휴대폰", "이메일", "구분", "국가"]
CLASS_KO = {"visitor": "참관객", "domestic_buyer": "바이어", "overseas_buyer": "해외바이어",
            "exhibitor_staff": "출품기업", "press": "프레스", "vip": "VIP", "staff": "운영요원"}


def people_rows(count: int, seed: int = 7) -> list[list[str]]:
    factory = PeopleFactory(seed, [f"(주)출품기업{i}" for i in range(95)])
    return [[p.name, p.name_en, p.company, p.title, p.phone, p.email, CLASS_KO[p.visitor_class], p.country]
            for p in factory.people(count)]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["2022 스마트비즈엑스포 사전등록 명단"])
        writer.writerow(HEADER_KO)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[str]]) -> Path:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("명단")
    sheet.append(HEADER_KO)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def index_rows(count: int, seed: int = 11) -> list[tuple[Any, ...]]:
    """Rows in the VisitorIndex column order, without a database."""
    factory = PeopleFactory(seed, [f"(주)출품기업{i}" for i in range(95)])
    return [(f"id{i}", p.name, p.name_en, p.company, p.title, p.visitor_class, p.phone, p.email,
             p.country, 0, False, False, "2022-10-04T00:00:00Z", False)
            for i, p in enumerate(factory.people(count))]
