"""What the window shows a role (issue 21): the role's name in the UI's language, and an action
or button the role may not use, disabled with a tooltip that says why and whom to ask. The
services refuse such a call anyway (services/access.py); the window only stops offering it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from expo_console.domain.access import Action
from expo_console.services.access import allowed
from expo_console.services.store import EventStore

ROLE_NAMES = {
    "organizer": QCoreApplication.translate("Roles", "organizer"),
    "registration": QCoreApplication.translate("Roles", "registration"),
    "gate": QCoreApplication.translate("Roles", "gate"),
    "viewer": QCoreApplication.translate("Roles", "viewer"),
}


def role_label(role: str | None) -> str:
    """The role as the window names it (translated when shown, not when imported)."""
    if role is None:
        return QCoreApplication.translate("Roles", "not signed in")
    return QCoreApplication.translate("Roles", role) if role in ROLE_NAMES else role


def permit(control: QAction | QWidget, store: EventStore, action: Action) -> bool:
    """Disable `control` when the signed-in role may not perform `action`, saying so in its
    tooltip; returns whether it is allowed (an allowed control is left as it was)."""
    if allowed(store, action):
        return True
    control.setEnabled(False)
    control.setToolTip(QCoreApplication.translate("Roles", "Not for the %1 role: sign in as an organizer to do this.")
                       .replace("%1", role_label(store.stamp.role)))
    return False
