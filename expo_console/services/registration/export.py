"""Exporting the visitor list to CSV (UTF-8 with BOM, for Excel) and XLSX.

The table is written by table_files.write_table, which keeps every text cell from running as
a formula. Phone numbers are masked unless the operator unmasks them, which is logged.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from expo_console.domain.access import Action
from expo_console.domain.phone import mask_phone
from expo_console.services.access import require
from expo_console.services.badge_print.templates import load_class_styles
from expo_console.services.messages import CLASS_LABELS
from expo_console.services.progress import ProgressCallback, no_progress
from expo_console.services.table_files import ExportError, write_table
from expo_console.storage import audit_repo, visitors_repo
from expo_console.storage.connection import EventStore

# 구분 holds the class as people read it, in the export's language; the class code, which
# machines and re-imports want, has the last column (so the columns before it keep their place).
EXPORT_COLUMNS = (
    ("name", "성명 Name"), ("name_en", "영문성명 English name"), ("company", "회사명 Company"),
    ("title", "직함 Title"), ("visitor_class", "구분 Class"), ("phone", "휴대폰 Mobile"),
    ("email", "이메일 E-mail"), ("country", "국가 Country"), ("blocked", "차단 Blocked"),
    ("consent_provision_at", "제3자 제공 동의 Provision consent"),
    ("consent_marketing_at", "마케팅 동의 Marketing consent"), ("created_at", "등록일시 Registered"),
    ("class_code", "구분 코드 Class code"),
)
_SOURCE = {"class_code": "visitor_class"}  # export columns that are not a column of their own
EXPORT_LANGUAGES = ("ko", "en")


def class_labels(language: str) -> dict[str, str]:
    """Class code → the class as the window names it in `language`: Korean as the event's badges
    name it (badge_templates/classes.json), English as the window's English does."""
    if language == "ko":
        return {code: style.label_ko for code, style in load_class_styles().items()}
    if language == "en":
        return dict(CLASS_LABELS)
    raise ExportError(f"No class names in '{language}': use one of {', '.join(EXPORT_LANGUAGES)}.")


def _rows(store: EventStore, unmask: bool, labels: dict[str, str]) -> Iterator[list[str]]:
    columns = [_SOURCE.get(c, c) for c, _ in EXPORT_COLUMNS]
    for record in visitors_repo.rows_by_name(store.conn, columns):
        values: dict[str, Any] = dict(zip((c for c, _ in EXPORT_COLUMNS), record, strict=True))
        if not unmask:
            values["phone"] = mask_phone(values["phone"])
        values["blocked"] = "Y" if values["blocked"] else ""
        values["visitor_class"] = labels.get(values["class_code"], values["class_code"])
        yield ["" if values[c] is None else str(values[c]) for c, _ in EXPORT_COLUMNS]


def export_visitors(store: EventStore, out: Path | str, *, unmask: bool = False, language: str = "ko",
                    progress: ProgressCallback = no_progress, reason: str | None = None) -> int:
    """Write the list; returns the number of visitors written. The format follows the suffix;
    `language` (ko, en) is that of the class names, the UI's when the window exports."""
    require(store, Action.EXPORT_UNMASKED if unmask else Action.EXPORT_LIST, reason)
    out = Path(out)
    labels = class_labels(language)
    if unmask and store.read_only:
        raise ExportError("Full phone numbers are exported only when the export can be logged, and this event is "
                          "open read-only. Export with masked numbers, or open a writable copy of the event.")
    total = visitors_repo.count(store.conn)
    count = write_table(out, [label for _, label in EXPORT_COLUMNS], _rows(store, unmask, labels), sheet="Visitors",
                        total=total, progress=progress)
    if not store.read_only:  # a file on read-only media can be exported; there is nowhere to log it
        with store.write() as conn:
            audit_repo.append(conn, store.stamp, "export", "visitor", None,
                              {"file": out.name, "rows": count, "unmasked": unmask, "reason": (reason or "").strip()})
    return count
