"""What the hub's modules share: its names and its error."""

from __future__ import annotations

HUB_DATABASE = "expo_hub"
OWNER_ROLE = "expo_hub_owner"
DESK_ROLE = "expo_desk"


class HubError(Exception):
    """The hub cannot be made, started or reached; the message says what to do."""
