"""'Saved to …' with an Open folder button: a file someone carries away (a person's data, a
certificate of destruction) is found at once, without hunting through the save dialog's folders."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget


def open_folder(path: Path) -> bool:
    """The folder holding `path` in the desktop's file manager."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))


class SavedNotice(QMessageBox):
    """Shown with open() (the window goes on); Open folder shows where the file is."""

    def __init__(self, parent: QWidget | None, title: str, path: Path, detail: str = "") -> None:
        text = QCoreApplication.translate("SavedNotice", "Saved to %1").replace("%1", str(path))
        super().__init__(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent)
        self.setObjectName("savedNotice")
        self.path = path
        if detail:
            self.setInformativeText(detail)
        self.open_button = self.addButton(QCoreApplication.translate("SavedNotice", "Open folder"),
                                          QMessageBox.ButtonRole.ActionRole)
        self.open_button.clicked.connect(lambda: open_folder(path))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
