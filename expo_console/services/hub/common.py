"""What the hub's modules share: its names and its error."""

from __future__ import annotations

from expo_console.services.messages import render

HUB_DATABASE = "expo_hub"
OWNER_ROLE = "expo_hub_owner"
DESK_ROLE = "expo_desk"


class HubError(Exception):
    """The hub cannot be made, started or reached; the message says what to do.

    The refusals a desk meets when it connects carry a message `code` (services/messages.py)
    and its `params`: the CLI prints the English, the window shows it translated
    (gui/labels.error_text)."""

    def __init__(self, message: str = "", *, code: str = "", **params: str) -> None:
        self.code = code
        self.params = tuple(params.items())
        super().__init__(message or render(code, self.params))
