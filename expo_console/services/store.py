"""The event file as the GUI and the CLI see it: the store type, opening again in a worker,
the errors and the constants they show. The GUI never imports expo_console.storage (an
import-linter contract); what it needs from there is re-exported here."""

from __future__ import annotations

from expo_console.storage.connection import (
    EventFileError,
    EventStore,
    Stamp,
    explained,
    is_open_event_file,
    parse_utc_stamp,
    reopen,
    utc_now,
    utc_stamp,
)
from expo_console.storage.visitors_repo import PRINT_CURRENT, PRINT_NONE, PRINT_OUTDATED, PRINT_SENT

__all__ = [
    "PRINT_CURRENT",
    "PRINT_NONE",
    "PRINT_OUTDATED",
    "PRINT_SENT",
    "EventFileError",
    "EventStore",
    "Stamp",
    "explained",
    "is_open_event_file",
    "parse_utc_stamp",
    "reopen",
    "utc_now",
    "utc_stamp",
]
