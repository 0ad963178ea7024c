"""Interface language: Korean by default, English second (ARCHITECTURE.md, 8).

Source strings are English; resources/translations/expo_console_ko.qm holds the Korean. Qt's
own translations (standard buttons, file dialogs) are loaded too when PySide6 ships them.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from expo_console.resources import resource

_installed: list[QTranslator] = []


def install_language(code: str) -> bool:
    """Install the translators for `code`; returns False when the .qm could not be loaded."""
    app = QCoreApplication.instance()
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    QLocale.setDefault(QLocale(QLocale.Language.Korean if code == "ko" else QLocale.Language.English))
    if code == "en":
        return True
    ours = QTranslator(app)
    loaded = ours.load(str(resource("translations", f"expo_console_{code}.qm")))
    if loaded:
        app.installTranslator(ours)
        _installed.append(ours)
    qt_own = QTranslator(app)
    if qt_own.load(f"qtbase_{code}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_own)
        _installed.append(qt_own)
    return loaded


def is_korean() -> bool:
    """Whether the interface is in Korean now (--lang overrides the saved preference)."""
    return QLocale().language() == QLocale.Language.Korean
