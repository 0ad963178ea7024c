"""The floor plan's edit lease on a hub, above the plan: which desk edits it since when, and the
one button that fits (edit on this desk, take over, done editing). Shown only when the event
file is on a hub; a file of its own has no lease and this bar stays hidden."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from expo_console.gui.hub import Hub
from expo_console.gui.labels import error_text
from expo_console.gui.ops import BackgroundOp
from expo_console.services.hub import edit_lease
from expo_console.services.hub.common import HubError
from expo_console.services.hub.sync import hub_of
from expo_console.services.store import EventStore

REFRESH_MS = 2000  # each sync brings the lease as the hub has it; the bar follows the file


class LeaseBar(QFrame):
    changed = Signal()  # whether this desk may edit the plan may have changed

    def __init__(self, store: EventStore, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.hub = hub
        self.setObjectName("leaseBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel()
        self.label.setObjectName("leaseText")
        self.label.setWordWrap(True)
        self.button = QPushButton()
        self.button.setObjectName("leaseButton")
        self.button.clicked.connect(self._act)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self._state = ""
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self.refresh()

    def refusal(self) -> str | None:
        """Why the plan is read-only on this desk (None: it may be edited here)."""
        return self._refusal(self._state)

    def _refusal(self, state: str) -> str | None:
        if state in ("", "mine"):
            return None
        held = edit_lease.holder(self.store)
        if held is None:
            return self.tr("The floor plan is shared through the hub and one desk at a time edits it. Choose "
                           "'Edit on this desk' first.")
        return self.tr("Read-only: the floor plan is being edited on desk %1 since %2.").replace(
            "%1", held.desk_label()).replace("%2", held.since_local())

    def refresh(self) -> None:
        if not edit_lease.on_hub(self.store):
            state = ""
        elif edit_lease.may_edit(self.store):
            state = "mine"
        else:
            state = "free" if edit_lease.holder(self.store) is None else "other"
        self.setVisible(bool(state))
        held = edit_lease.holder(self.store)
        if state == "mine" and held is not None:
            self.label.setText(self.tr("This desk edits the floor plan for every desk (since %1).").replace(
                "%1", held.since_local()))
            self.button.setText(self.tr("Done editing"))
        elif state == "free":
            self.label.setText(self.tr("Shared floor plan: read-only here until this desk takes it."))
            self.button.setText(self.tr("Edit on this desk"))
        elif state == "other":
            self.label.setText(self._refusal(state) or "")
            self.button.setText(self.tr("Take over…"))
        if state != self._state:
            self._state = state
            self.changed.emit()

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        super().showEvent(event)
        self.refresh()
        self._timer.start()

    def hideEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        super().hideEvent(event)
        self._timer.stop()  # shown again, it reads the lease at once

    def _act(self) -> None:
        if self._state == "mine":
            self._run(lambda dsn: edit_lease.release(self.store, dsn), self.tr("Giving the floor plan back…"))
        elif self._state == "free":
            self._run(lambda dsn: edit_lease.take(self.store, dsn), self.tr("Taking the floor plan…"))
        elif self._state == "other":
            held = edit_lease.holder(self.store)
            answer = QMessageBox.question(
                self, self.tr("Take over the floor plan"),
                self.tr("Desk %1 has been editing the floor plan since %2. If you take it over, that desk's plan "
                        "becomes read-only and edits it has not sent yet may be overwritten. The take-over is "
                        "written to the audit log.\n\nTake over?").replace(
                    "%1", held.desk_label() if held else "?").replace("%2", held.since_local() if held else "?"))
            if answer == QMessageBox.StandardButton.Yes:
                self._run(lambda dsn: edit_lease.take(self.store, dsn, take_over=True),
                          self.tr("Taking the floor plan over…"))

    def _run(self, call, label: str) -> None:  # type: ignore[no-untyped-def]
        try:
            dsn = hub_of(self.store)
        except HubError as error:
            QMessageBox.warning(self, self.tr("Hub"), error_text(error))
            return
        self.button.setEnabled(False)

        def finished(*_args: object) -> None:
            self.button.setEnabled(True)
            self.refresh()

        def failed(error: Exception, _details: str) -> None:
            finished()
            QMessageBox.warning(self, self.tr("Hub"), error_text(error))

        BackgroundOp(self, self.hub, lambda _progress, _cancel: call(dsn), label=label).on_success(finished).on_failure(failed).run()
