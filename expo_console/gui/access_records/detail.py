"""An access record's detail as a person reads it: "file: visitors.xlsx · rows: 3,000 · full phone
numbers", in the window's language, instead of the JSON the log keeps. Keys the other columns
say already (the reason, the person's name, the role signed in with) and machinery (scan ids, the
counts an erasure keeps) are left out; the export keeps the detail whole."""

from __future__ import annotations

import json
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from expo_console.services.access_records import Record
from expo_console.services.messages import FIELD_LABELS
from expo_console.services.store import parse_utc_stamp

LABELS = {
    "file": QT_TRANSLATE_NOOP("AccessRecords", "file"),
    "rows": QT_TRANSLATE_NOOP("AccessRecords", "rows"),
    "unmasked": QT_TRANSLATE_NOOP("AccessRecords", "full phone numbers"),
    "tries": QT_TRANSLATE_NOOP("AccessRecords", "wrong PINs in a row"),
    "until": QT_TRANSLATE_NOOP("AccessRecords", "locked until"),
    "fields": QT_TRANSLATE_NOOP("AccessRecords", "fields"),
    "changes": QT_TRANSLATE_NOOP("AccessRecords", "fields"),
    "badges_cancelled": QT_TRANSLATE_NOOP("AccessRecords", "badges cancelled"),
    "scans": QT_TRANSLATE_NOOP("AccessRecords", "scans"),
    "access_records": QT_TRANSLATE_NOOP("AccessRecords", "access records"),
    "supervisor": QT_TRANSLATE_NOOP("AccessRecords", "supervisor"),
    "gate": QT_TRANSLATE_NOOP("AccessRecords", "at gate"),
    "blocked": QT_TRANSLATE_NOOP("AccessRecords", "blocked visitor"),
    "verdict": QT_TRANSLATE_NOOP("AccessRecords", "verdict"),
    "serial": QT_TRANSLATE_NOOP("AccessRecords", "badge"),
    "reissue": QT_TRANSLATE_NOOP("AccessRecords", "reissue"),
    "count": QT_TRANSLATE_NOOP("AccessRecords", "counted"),
    "shown_before": QT_TRANSLATE_NOOP("AccessRecords", "shown before"),
    "note": QT_TRANSLATE_NOOP("AccessRecords", "note"),
    "inserted": QT_TRANSLATE_NOOP("AccessRecords", "new"),
    "updated": QT_TRANSLATE_NOOP("AccessRecords", "updated"),
    "imported": QT_TRANSLATE_NOOP("AccessRecords", "new"),
    "skipped": QT_TRANSLATE_NOOP("AccessRecords", "skipped"),
    "key": QT_TRANSLATE_NOOP("AccessRecords", "setting"),
    "value": QT_TRANSLATE_NOOP("AccessRecords", "value"),
    "source": QT_TRANSLATE_NOOP("AccessRecords", "source"),
    "day": QT_TRANSLATE_NOOP("AccessRecords", "day"),
    "filter": QT_TRANSLATE_NOOP("AccessRecords", "filter"),
    "counts": QT_TRANSLATE_NOOP("AccessRecords", "erased"),
    "retention_date": QT_TRANSLATE_NOOP("AccessRecords", "kept until"),
    "from_desk": QT_TRANSLATE_NOOP("AccessRecords", "from desk"),
    "held_since": QT_TRANSLATE_NOOP("AccessRecords", "held since"),
    "other_desk": QT_TRANSLATE_NOOP("AccessRecords", "other desk"),
    "demo": QT_TRANSLATE_NOOP("AccessRecords", "demo account"),
}
# Said by another column (the reason, the person, the role), or machinery nobody reads here.
HIDDEN = frozenset({"reason", "name", "scan_id", "erased", "visitor_id", "completed_interrupted", "counted_at",
                    "from_name", "key_id"})
MAX_VALUE = 60  # characters of a long value (a gate rule as JSON) before it is cut


def _tr(text: str) -> str:
    return QCoreApplication.translate("AccessRecords", text)


def _field(name: str) -> str:
    return QCoreApplication.translate("Messages", FIELD_LABELS.get(name, name))


def detail_text(record: Record, zone: ZoneInfo) -> str:
    parts = []
    detail = dict(record.detail)
    if record.action == "sign_in":
        detail.pop("role", None)  # the role column says it
    if "from" in detail and "to" in detail:  # a role changed: "registration → organizer"
        parts.append(f"{_field(str(detail.pop('from')))} → {_field(str(detail.pop('to')))}")
    if "role" in detail:
        parts.append(_field(str(detail.pop("role"))))
    for key, value in detail.items():
        if key in HIDDEN or value is None or value is False or value in ("", [], {}) or (key == "reissue" and not value):
            continue  # (a first badge is reissue 0: nothing to say)
        label = _tr(LABELS[key]) if key in LABELS else key
        if value is True:
            parts.append(label)
        else:
            parts.append(f"{label}: {_value(key, value, zone)}")
    return " · ".join(parts)


def _value(key: str, value: Any, zone: ZoneInfo) -> str:
    if key == "serial":
        return f"#{value}"  # as the badge and the dashboard show it
    if isinstance(value, int | float):
        return f"{value:,}"
    if key in ("fields", "changes"):  # the fields an edit changed, by their names (never their values)
        return ", ".join(_field(str(name)) for name in value)
    if isinstance(value, str) and len(value) == 24 and value.endswith("Z"):  # a stored moment
        return parse_utc_stamp(value).astimezone(zone).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dict):
        value = ", ".join(f"{k}: {v}" for k, v in value.items() if v not in (None, "", [], {}))
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= MAX_VALUE else text[:MAX_VALUE - 1] + "…"
