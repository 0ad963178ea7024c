"""The hub's connection string, kept for each event in the desk's config folder (owner-only),
never in the event file: a copied file must not carry the hub's password."""

from __future__ import annotations

import json
from pathlib import Path

from expo_console.services.desk import config_dir, owner_only, write_private_json
from expo_console.services.hub.common import HubError


def _path(event_id: str) -> Path:
    return config_dir() / "hubs" / f"{event_id}.json"


def remember_dsn(event_id: str, dsn: str) -> None:
    folder = _path(event_id).parent
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    owner_only(folder)
    write_private_json(_path(event_id), {"event_id": event_id, "dsn": dsn})


def remembered_dsn(event_id: str | None) -> str:
    """The DSN this desk joined the event's hub with; HubError saying what to do without one."""
    if event_id:
        try:
            return str(json.loads(_path(event_id).read_text(encoding="utf-8"))["dsn"])
        except (OSError, ValueError, KeyError):
            pass
    raise HubError("This desk does not know the hub's connection string for this event: give it with --hub DSN "
                   "(expo-console hub status on the hub's computer shows it).")


def forget_dsn(event_id: str) -> None:
    """This desk no longer syncs the event with a hub (until it is told the hub again)."""
    _path(event_id).unlink(missing_ok=True)
