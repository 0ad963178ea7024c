"""Two desks that changed the same field of a visitor (or the event's settings) before either
had seen the other's change: the later write on the hub wins, and both versions go to the audit
log, written by the desk whose push came later (it is the one that knows both)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from expo_console.services.hub.derived import DERIVED
from expo_console.storage.hub_tables_repo import json_object
from expo_console.storage.sync_capture import row_name

# the tables whose conflicts are audited, and the entity the audit log names
AUDITED = {"visitors": "visitor", "event": "event_settings"}
# bookkeeping every write sets, and keys made from other fields: two desks' edits differ in
# these whatever they did, and the fields they come from are reported themselves
_NOT_REPORTED = frozenset({"desk_id", "created_at", "updated_at"}) | DERIVED


def conflicts(ours: Iterable[tuple[str, dict[str, Any], list[str] | None, dict[str, Any] | None]],
              theirs: Iterable[tuple[str, str, dict[str, Any], list[str] | None, dict[str, Any] | None, Any]]
              ) -> list[tuple[str, str, dict[str, Any]]]:
    """(entity, entity id, detail) for every row where this desk's pushed fields overwrote
    different values another desk had set unseen. `ours`: (table, key, cols, row) as pushed;
    `theirs`: (table, desk, key, cols, row, at) from `hub_repo.edits_since`."""
    pushed: dict[Any, tuple[set[str] | None, dict[str, Any]]] = {}
    for table, key, cols, row in ours:
        if row is None or table not in AUDITED:
            continue
        name = row_name(table, key)
        before = pushed.get(name)
        earlier: set[str] | None = set() if before is None else before[0]
        fields = None if cols is None or earlier is None else set(cols) | earlier
        pushed[name] = (fields, row)
    found = []
    for table, desk, key, cols, row, at in theirs:
        mine = pushed.get(row_name(table, key))
        if mine is None or row is None:
            continue
        fields, kept = mine
        both = (set(kept) if fields is None else fields) & (set(row) if cols is None else set(cols))
        differing = {}
        for field in sorted(both - _NOT_REPORTED):
            column, dot, setting = field.partition(".")
            if dot:  # one key of a JSON object both desks set (an event setting)
                mine_value, their_value = json_object(kept.get(column)).get(setting), json_object(row.get(column)).get(setting)
                if mine_value != their_value:
                    differing[f"settings.{setting}"] = {"kept": mine_value, "replaced": their_value}
            elif any(name.startswith(f"{field}.") for name in both):
                continue  # a JSON object both changed key by key: the keys above are the conflict
            elif any(name.startswith(f"{field}.") for name in (fields or set()) | set(cols or ())):
                continue  # only one desk's keys: each kept its own, nothing was overwritten
            elif kept.get(field) != row.get(field):
                differing[field] = {"kept": kept.get(field), "replaced": row.get(field)}
        if "settings_json" in differing:  # a change of the whole object (before keys were named)
            differing.update(_settings_differing(differing.pop("settings_json")))
        if differing:
            found.append((AUDITED[table], str(key.get("id", "")), {
                "fields": differing, "other_desk": desk, "other_at": at.isoformat() if hasattr(at, "isoformat")
                else str(at), "rule": "the later write on the hub wins"}))
    return found


def _settings_differing(values: dict[str, Any]) -> dict[str, Any]:
    """The event's settings are one JSON column: name the settings that differ, not the column."""
    try:
        kept, replaced = json.loads(values["kept"] or "{}"), json.loads(values["replaced"] or "{}")
    except (TypeError, ValueError):
        return {"settings_json": values}
    return {f"settings.{k}": {"kept": kept.get(k), "replaced": replaced.get(k)}
            for k in sorted(set(kept) | set(replaced)) if kept.get(k) != replaced.get(k)}
