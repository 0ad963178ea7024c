"""Signing in at a desk (issue 21): who works here, checked with their PIN, before the window
opens an event; and the first organizer of an event that has no operators yet.

For a desk without a keyboard person (a gate kiosk started by a script), EXPO_CONSOLE_OPERATOR
and EXPO_CONSOLE_PIN sign in without asking.
"""

from __future__ import annotations

import datetime as dt
import os
import re

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from expo_console.gui.labels import error_text, translated_message
from expo_console.gui.refusal import refusal_label
from expo_console.services.access import AccessDenied
from expo_console.services.operators import create_operator, has_operators, sign_in_store
from expo_console.services.store import EventStore, parse_utc_stamp
from expo_console.services.traffic.counting import event_zone

_CLOCK_UTC = re.compile(r"^(\d{2}):(\d{2}) UTC$")


def lock_until_local(until: str, zone: dt.tzinfo, now: dt.datetime | None = None) -> str:
    """The end of a lock in the event's time, as the desk's clock reads it: from a full UTC stamp,
    or from the service's "HH:MM UTC" (the next such moment: a lock lasts minutes)."""
    moment = now or dt.datetime.now(dt.UTC)
    clock = _CLOCK_UTC.match(until.strip())
    try:
        if clock:
            end = moment.replace(hour=int(clock[1]), minute=int(clock[2]), second=0, microsecond=0)
            if end < moment - dt.timedelta(hours=1):
                end += dt.timedelta(days=1)
        else:
            end = parse_utc_stamp(until)
    except ValueError:
        return until
    return end.astimezone(zone).strftime("%H:%M")


def refusal_text(store: EventStore, error: AccessDenied) -> str:
    """What the dialog says of a refusal; a lock says until when in the event's time, not UTC."""
    params = dict(getattr(error, "params", ()))
    if getattr(error, "code", "") == "operator_locked" and params.get("until"):
        params["until"] = lock_until_local(params["until"], event_zone(store))
        return translated_message("operator_locked", tuple(params.items()))
    return error_text(error)


class SignInDialog(QDialog):
    """Name and PIN; the refusal (wrong PIN, locked) is said in the dialog, which stays open.
    With `first`, the event has no operators: the name and PIN make its first organizer."""

    def __init__(self, store: EventStore, parent: QWidget | None = None, first: bool = False) -> None:
        super().__init__(parent)
        self.store, self.first = store, first
        self.setMinimumWidth(400)  # the file's name and the intro on a line or two, not squeezed
        self.setWindowTitle(self.tr("First organizer") if first else self.tr("Sign in"))
        layout = QVBoxLayout(self)
        intro = (self.tr("This event has no operators yet. Make its first organizer: they may do everything, and "
                         "make the other operators (registration, gate, viewer).") if first else
                 self.tr("Sign in to work on %1.").replace("%1", store.path.name))
        heading = QLabel(intro)
        heading.setWordWrap(True)
        layout.addWidget(heading)
        form = QFormLayout()
        self.name = QLineEdit()
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("&Name"), self.name)
        form.addRow(self.tr("&PIN"), self.pin)
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        if first:
            form.addRow(self.tr("PIN &again"), self.again)
        layout.addLayout(form)
        self.problem = refusal_label("signInProblem")
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Create") if first else self.tr("Sign in"))
        buttons.accepted.connect(self.try_sign_in)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.name.setFocus()

    def try_sign_in(self) -> bool:
        name, pin = self.name.text().strip(), self.pin.text()
        try:
            if self.first:
                if pin != self.again.text():
                    self.problem.setText(self.tr("The two PINs differ: type the same PIN twice."))
                    return False
                create_operator(self.store, name, "organizer", pin)
            sign_in_store(self.store, name, pin)
        except AccessDenied as error:
            self.problem.setText(refusal_text(self.store, error))
            self.pin.clear()
            self.pin.setFocus()
            return False
        self.accept()
        return True


def ensure_signed_in(store: EventStore, parent: QWidget | None = None, *, ask: bool = True,
                     from_environment: bool = True) -> bool:
    """The store with an operator signed in: already (a demo made at first start signs in its
    organizer), from the environment, or through the dialog. False when the person cancelled,
    or, without `ask` (a window started to take a screenshot, with nobody to answer a dialog),
    when the environment did not sign anyone in."""
    if store.stamp.role is not None:
        return True
    name, pin = os.environ.get("EXPO_CONSOLE_OPERATOR", ""), os.environ.get("EXPO_CONSOLE_PIN")
    if not from_environment:
        name, pin = "", None
    if name and pin is not None and has_operators(store):
        try:
            sign_in_store(store, name, pin)
            return True
        except AccessDenied:
            pass  # the dialog says why
    if not ask:
        return False
    dialog = SignInDialog(store, parent, first=not has_operators(store))
    if name:
        dialog.name.setText(name)
        dialog.pin.setFocus()
    return dialog.exec() == QDialog.DialogCode.Accepted
