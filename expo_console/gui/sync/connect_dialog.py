"""File ▸ Connect to hub…: the hub's address, this desk's name and the event passphrase."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True)
class HubAnswers:
    dsn: str
    desk_name: str
    passphrase: str  # "" when not given: the desk registers and scans, and prints once the key is there


class ConnectDialog(QDialog):
    def __init__(self, parent: QWidget | None, *, dsn: str = "", desk_name: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("connectHubDialog")
        self.setWindowTitle(self.tr("Connect to hub"))
        intro = QLabel(self.tr("Every desk of the event shares its work through the event hub. The organizer's "
                               "'expo-console hub status' shows the hub's address (its dsn)."))
        intro.setWordWrap(True)
        self.dsn = QLineEdit(dsn)
        self.dsn.setObjectName("hubAddress")
        self.dsn.setPlaceholderText("postgresql://expo_desk:…@192.168.0.10:5433/expo_hub")
        self.dsn.setMinimumWidth(460)
        self.desk_name = QLineEdit(desk_name)
        self.desk_name.setObjectName("deskName")
        self.desk_name.setPlaceholderText(self.tr("e.g. Registration 2"))
        self.desk_name.setMaxLength(60)
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("eventPassphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        passphrase_note = QLabel(self.tr("It unlocks the event's badge key, so that this desk can print badges. "
                                         "Without it the desk registers and scans."))
        passphrase_note.setWordWrap(True)
        passphrase_note.setObjectName("hint")
        form = QFormLayout()
        form.addRow(self.tr("Hub address"), self.dsn)
        form.addRow(self.tr("This desk's name"), self.desk_name)
        form.addRow(self.tr("Event passphrase"), self.passphrase)
        form.addRow("", passphrase_note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.connect_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.connect_button.setText(self.tr("Connect"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(intro)
        column.addLayout(form)
        column.addWidget(buttons)
        (self.desk_name if dsn else self.dsn).setFocus()

    def _accept(self) -> None:
        if not self.dsn.text().strip():
            QMessageBox.warning(self, self.windowTitle(), self.tr("Enter the hub's address (the organizer has it)."))
            self.dsn.setFocus()
            return
        if not self.desk_name.text().strip():
            QMessageBox.warning(self, self.windowTitle(),
                                self.tr("Give this desk a name: the other desks see it in Desks…"))
            self.desk_name.setFocus()
            return
        self.accept()

    def answers(self) -> HubAnswers:
        return HubAnswers(self.dsn.text().strip(), self.desk_name.text().strip(), self.passphrase.text())
