"""Import of N visitors from CSV and from XLSX, against a bare sqlite-utils insert_all.

The baseline the issue asks for writes the file's rows (already in memory, no parsing, no
checks, 8 text columns, no indexes) with `Table.insert_all(batch_size=2000)` into a file with
the same durability settings (WAL, synchronous=FULL) as an event file.

A second, labelled "vs same schema", inserts exactly the rows the import stored (25 columns,
UUID key, consent and desk stamps) into an event file's visitors table with its match indexes:
its ratio is the cost of reading, detecting, cleaning, validating and matching alone.
"""

from __future__ import annotations

import statistics
import tempfile
from pathlib import Path

import sqlite_utils

from benchmarks.data import people_rows, write_csv, write_xlsx
from benchmarks.harness import Figure, Report, timed
from expo_console.services.events import EventDetails, create_event
from expo_console.services.importing.importer import import_file
from expo_console.storage.connection import Stamp

STAMP = Stamp("bench", "bench", "organizer")
COLUMNS = ("name", "name_en", "company", "title", "phone", "email", "visitor_class", "country")


def _bare_insert(path: Path, rows: list[list[str]]) -> None:
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db["visitors"].insert_all((dict(zip(COLUMNS, r, strict=True)) for r in rows), batch_size=2000)
    db.close()


def _our_import(path: Path, source: Path) -> None:
    store = create_event(path, EventDetails("bench", "2022-10-04", "2022-10-07"), STAMP)
    report, _ = import_file(store, source)
    store.close()
    assert report.imported > 0, report.as_json()


def _stored_rows(path: Path) -> list[dict[str, object]]:
    db = sqlite_utils.Database(path)
    rows = list(db["visitors"].rows)
    db.close()
    return rows


def _bare_insert_of_stored_rows(path: Path, rows: list[dict[str, object]]) -> None:
    """insert_all of exactly what an import stores, into an event file's table and indexes."""
    store = create_event(path, EventDetails("bench", "2022-10-04", "2022-10-07"), STAMP)
    store.close()
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA synchronous = FULL")
    db["visitors"].insert_all(rows, batch_size=5000)
    db.close()


def run(report: Report, count: int, repeats: int) -> None:
    rows = people_rows(count)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        csv_file = write_csv(work / "visitors.csv", rows)
        xlsx_file = write_xlsx(work / "visitors.xlsx", rows)
        bare, csv_times, xlsx_times = [], [], []
        for i in range(repeats):  # interleaved, so that machine noise hits all three alike
            bare.append(timed(lambda i=i: _bare_insert(work / f"bare{i}.db", rows)))
            csv_times.append(timed(lambda i=i: _our_import(work / f"csv{i}.expo", csv_file)))
            xlsx_times.append(timed(lambda i=i: _our_import(work / f"xlsx{i}.expo", xlsx_file)))
        stored = _stored_rows(work / "csv0.expo")
        same_schema = [timed(lambda i=i: _bare_insert_of_stored_rows(work / f"schema{i}.expo", stored))
                       for i in range(repeats)]
        baseline = statistics.median(bare)
        details = {"rows": count, "repeats": repeats, "baseline_samples": bare}
        report.add(Figure(f"import {count:,} visitors from CSV (median)", statistics.median(csv_times),
                          "sqlite-utils insert_all", baseline, target="≤ 2× baseline",
                          details={**details, "samples": csv_times}))
        report.add(Figure(f"import {count:,} visitors from CSV, vs same schema", statistics.median(csv_times),
                          "insert_all of the stored rows", statistics.median(same_schema),
                          target="(context)", details={**details, "samples": csv_times,
                                                       "baseline_samples": same_schema}))
        report.add(Figure(f"import {count:,} visitors from XLSX (median)", statistics.median(xlsx_times),
                          "sqlite-utils insert_all", baseline, target="(reported)",
                          details={**details, "samples": xlsx_times}))
