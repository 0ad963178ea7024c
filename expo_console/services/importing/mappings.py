"""Mappings that come from elsewhere than the header's words: remembered ones and mapping files.

Remembered: after a real import, the event keeps the mapping it used (columns and the class
chosen for each value) under the header's signature (headers.header_signature), so the next
export of the same form or platform opens already mapped, even one whose header row was chosen
by hand. They live in the event file (event setting `import_mappings`), not in the desk's config
folder: the column meanings and above all the ticket-name → class decisions belong to this
event (the same ticket names mean other things next year), every desk working on the event needs
them, and they travel with the file like the other event settings (docs/architecture.md, 6). They hold
header texts and ticket names, never a visitor's data.

A mapping file (`expo-console import --map FILE.json`) names the header row, the columns and the
classes for a file the words cannot read; its format is in README.md (Command line).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from expo_console.domain.access import Action
from expo_console.domain.text import identity_key
from expo_console.domain.visitors import CLASS_CODES
from expo_console.services import event_settings
from expo_console.services.access import require
from expo_console.services.importing.headers import CONSENT_UNKNOWN, IMPORT_FIELDS, header_signature
from expo_console.services.importing.plan import HeaderNotFound, ImportPlan, plan_import
from expo_console.services.importing.sheet import column_letters
from expo_console.services.importing.sniff import ImportFileError, refusal
from expo_console.storage.connection import EventStore, utc_now

SETTING = event_settings.IMPORT_MAPPINGS.key
KEEP_REMEMBERED = 50  # sources an event remembers; the least recently used go first
_LETTERS = re.compile(r"[A-Za-z]{1,3}")

# Where a plan's mapping came from, for the dialog and the command line to say.
GUESSED, REMEMBERED, MAPPING_FILE = "guessed", "remembered", "mapping_file"


@dataclass(frozen=True, slots=True)
class MappingFile:
    header_row: int | None
    columns: dict[str, str | None]  # header text, column letter or 1-based number → field or None
    classes: dict[str, str]


def _remembered(store: EventStore) -> dict[str, Any]:
    return event_settings.get(store, event_settings.IMPORT_MAPPINGS)


def _apply_saved(plan: ImportPlan, saved: Mapping[str, Any]) -> ImportPlan:
    width = len(plan.headers)
    columns = {int(i): f for i, f in saved.get("columns", {}).items()
               if str(i).isdigit() and int(i) < width and (f in IMPORT_FIELDS)}
    classes = {v: c for v, c in saved.get("classes", {}).items() if c in CLASS_CODES}
    return plan.with_mapping(columns).with_classes(classes)


def apply_remembered(store: EventStore, plan: ImportPlan) -> tuple[ImportPlan, bool]:
    """The plan with the mapping remembered for its header, if the event has one."""
    saved = _remembered(store).get(plan.signature)
    if not isinstance(saved, dict):
        return plan, False
    return _apply_saved(plan, saved), True


def find_remembered_header(store: EventStore, plan: ImportPlan) -> ImportPlan | None:
    """For a file whose header was not recognised: a row whose signature the event remembers
    (its header row was chosen by hand last time) becomes the header, with that mapping."""
    remembered = _remembered(store)
    if not remembered:
        return None
    for index, row in enumerate(plan.rows[:30]):
        saved = remembered.get(header_signature(row))
        if isinstance(saved, dict):
            return _apply_saved(plan.with_header_row(plan.sheet.numbers[index]), saved)
    return None


def remember(store: EventStore, plan: ImportPlan) -> None:
    """Keep the plan's mapping for the next file with the same header (after a real import).

    Part of the import, so whoever may import keeps it: a registration desk may not change the
    event's settings, and its import must not be refused once its rows are in."""
    require(store, Action.REGISTER)
    remembered = _remembered(store)
    remembered.pop(plan.signature, None)
    remembered[plan.signature] = {
        "headers": [h[:80] for h in plan.headers],
        "columns": {str(i): f for i, f in sorted(plan.mapping.items()) if f != CONSENT_UNKNOWN},
        "classes": dict(plan.classes),
        "file": plan.path.name,
        "saved_at": utc_now(),
    }
    while len(remembered) > KEEP_REMEMBERED:
        remembered.pop(next(iter(remembered)))
    with store.write() as conn:
        event_settings.put_in(conn, store.stamp, event_settings.IMPORT_MAPPINGS, remembered)


def load_mapping_file(path: Path | str) -> MappingFile:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise refusal("mapping_file_invalid", file=path.name, problem=str(exc)) from exc
    if not isinstance(data, dict):
        raise refusal("mapping_file_invalid", file=path.name, problem="the file must hold one JSON object")
    header_row = data.get("header_row")
    columns = data.get("columns", {})
    classes = data.get("classes", {})
    if header_row is not None and (not isinstance(header_row, int) or header_row < 1):
        raise refusal("mapping_file_invalid", file=path.name, problem="header_row must be a row number (1 or more)")
    if not isinstance(columns, dict) or not isinstance(classes, dict):
        raise refusal("mapping_file_invalid", file=path.name, problem="columns and classes must be objects")
    fields = {*IMPORT_FIELDS, None, ""}
    for column, field_name in columns.items():
        if field_name not in fields:
            raise refusal("mapping_file_invalid", file=path.name,
                          problem=f"column '{column}': unknown field '{field_name}' (fields: {', '.join(IMPORT_FIELDS)})")
    for value, code in classes.items():
        if code not in CLASS_CODES:
            raise refusal("mapping_file_invalid", file=path.name,
                          problem=f"class of '{value}': unknown class '{code}' (classes: {', '.join(sorted(CLASS_CODES))})")
    return MappingFile(header_row, {str(k): v or None for k, v in columns.items()},
                       {str(k): str(v) for k, v in classes.items()})


def _column_index(plan: ImportPlan, key: str, source: str) -> int:
    """A mapping file's column: its header text, else its letter (C), else its number (3)."""
    wanted = identity_key(key)
    by_header = [i for i, header in enumerate(plan.headers) if wanted and identity_key(header) == wanted]
    if len(by_header) == 1:
        return by_header[0]
    if len(by_header) > 1:
        raise refusal("mapping_file_invalid", file=source,
                      problem=f"'{key}' heads columns {', '.join(column_letters(i) for i in by_header)}: "
                              "name the column by its letter")
    if _LETTERS.fullmatch(key):
        index = 0
        for ch in key.upper():
            index = index * 26 + ord(ch) - 64
        return index - 1
    if key.isdigit() and int(key) >= 1:
        return int(key) - 1
    raise refusal("mapping_file_invalid", file=source,
                  problem=f"no column is headed '{key}' (nor is it a column letter or number)")


def apply_mapping_file(plan: ImportPlan, mapping: MappingFile, source: str) -> ImportPlan:
    """Listed columns take the file's field (null: ignored); the others keep theirs."""
    columns = dict(plan.mapping)
    for key, field_name in mapping.columns.items():
        index = _column_index(plan, key, source)
        for other in [i for i, f in columns.items() if field_name and f == field_name]:
            del columns[other]  # a field goes to one column: the one the file names
        if field_name:
            columns[index] = field_name
        else:
            columns.pop(index, None)
    return plan.with_mapping(columns).with_classes({**plan.classes, **mapping.classes})


def prepare_plan(store: EventStore, path: Path | str, *, header_row: int | None = None,
                 mapping_file: Path | str | None = None) -> tuple[ImportPlan, str]:
    """The plan the command line imports with, and where its mapping came from: a mapping file
    over whatever else, else the mapping remembered for this header, else the header's words.
    HeaderNotFound (with the candidate rows) when no header row is found or named."""
    mapping = load_mapping_file(mapping_file) if mapping_file is not None else None
    wanted_row = header_row or (mapping.header_row if mapping else None)
    try:
        plan = plan_import(path, header_row=wanted_row)
        plan, was_remembered = apply_remembered(store, plan)
    except HeaderNotFound as missing:
        found = find_remembered_header(store, missing.plan)
        if found is None:
            raise
        plan, was_remembered = found, True
    source = REMEMBERED if was_remembered else GUESSED
    if mapping is not None and mapping_file is not None:
        plan, source = apply_mapping_file(plan, mapping, Path(mapping_file).name), MAPPING_FILE
    return plan, source


def describe_mapping(plan: ImportPlan) -> dict[str, dict[str, str]]:
    """Column letter → its header and the field it is imported as, for the command line."""
    return {column_letters(i): {"header": plan.headers[i], "field": f} for i, f in sorted(plan.mapping.items())}


__all__ = ["GUESSED", "MAPPING_FILE", "REMEMBERED", "ImportFileError", "MappingFile", "apply_mapping_file",
           "apply_remembered", "describe_mapping", "find_remembered_header", "load_mapping_file", "prepare_plan", "remember"]
