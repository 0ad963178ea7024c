"""The role check every protected service makes (issue 21; the rules are domain/access.py).

A service names the action it performs: `require(store, Action.DELETE_VISITOR, reason)`. The
operator's role comes from the store's stamp, which only a sign-in sets (services/operators.py);
nobody signed in, a role that does not allow the action, or a missing reason where one is
required, each refuse with a sentence that says what to do.
"""

from __future__ import annotations

from expo_console.domain.access import REASON_REQUIRED, Action, may
from expo_console.services.messages import CodedRefusal
from expo_console.storage.connection import EventStore


class AccessDenied(CodedRefusal):
    """Not signed in, a role that may not, or a reason missing; `code` names the message."""


def require(store: EventStore, action: Action, reason: str | None = None) -> None:
    """Refuse unless the signed-in operator's role allows `action` (and, for the actions that
    must say why, `reason` is given)."""
    stamp = store.stamp
    if stamp.role is None:
        raise AccessDenied("not_signed_in", action=action.value)
    if not may(stamp.role, action):
        raise AccessDenied("role_may_not", operator=stamp.operator, role=stamp.role, action=action.value)
    if action in REASON_REQUIRED and not (reason or "").strip():
        raise AccessDenied("reason_required", action=action.value)


def allowed(store: EventStore, action: Action) -> bool:
    """Whether the signed-in operator may (for the window to hide what they may not)."""
    return may(store.stamp.role, action)
