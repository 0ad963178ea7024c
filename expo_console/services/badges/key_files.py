"""The event's badge key handed from desk to desk (issue 21): exporting, importing and rotating it
are an organizer's (Action.HUB, with putting the event on a hub), asked for from the window's
File menu or `expo-console key`. The key signs badges, so a desk whose role may not hand it on
must not be able to write it out by another way than the window. The key itself stays in the
desk's config folder (badges/keys.py); a hub's join takes it sealed (hub/sealed_key.py).
"""

from __future__ import annotations

from pathlib import Path

from expo_console.domain.access import Action
from expo_console.services.access import require
from expo_console.services.badges import keys as badge_keys
from expo_console.services.events import event_row
from expo_console.storage.connection import EventStore


def export_event_key(store: EventStore, target: Path) -> str:
    """Write the event's key file for another desk; returns the event's name."""
    require(store, Action.HUB)
    event = event_row(store)
    badge_keys.export_keys(event["id"], event["name"], target)
    return str(event["name"])


def import_event_key(store: EventStore, source: Path) -> badge_keys.EventKeys:
    """Take the event's key file exported on another desk (merged with the keys held here)."""
    require(store, Action.HUB)
    return badge_keys.import_keys(source, event_row(store)["id"])


def rotate_event_key(store: EventStore) -> badge_keys.EventKeys:
    """A new key for new badges; badges signed with the earlier keys stay valid."""
    require(store, Action.HUB)
    event = event_row(store)
    return badge_keys.rotate_key(event["id"], event["name"])
