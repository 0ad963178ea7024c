"""The verdict's sound: a chime, a tone or a buzz (QtMultimedia), else the system beep.

Gate staff look at the queue, not the screen: the sound says green, amber or red.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QUrl
from PySide6.QtWidgets import QApplication

from expo_console.gui.checkin.camera import multimedia_available
from expo_console.resources import resource

_FILES = {"green": "ok", "amber": "warn", "red": "alert"}


class VerdictSounds(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.effects: dict[str, Any] = {}
        if multimedia_available():  # QtMultimedia is there (PySide6-Addons)
            from PySide6.QtMultimedia import QSoundEffect

            for light, name in _FILES.items():
                effect = QSoundEffect(self)
                effect.setSource(QUrl.fromLocalFile(str(resource("sounds", f"{name}.wav"))))
                self.effects[light] = effect
        self.played: list[str] = []  # what was sounded, newest last (tests and the log read it)

    def play(self, light: str) -> None:
        effect = self.effects.get(light)
        if effect is not None:
            effect.play()
            self.played.append(f"effect:{light}")
        elif light != "green":  # no sound files: only what needs attention beeps
            QApplication.beep()
            self.played.append(f"beep:{light}")
        self.played = self.played[-20:]
