"""Interface language: Korean by default, English second (docs/architecture.md, 8: Korean first).

Source strings are English; resources/translations/expo_console_ko.qm holds the Korean. Qt's
own Korean (standard buttons, file dialogs: qtbase_ko.qm) is loaded too.
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
    if any(qt_own.load(f"qtbase_{code}", folder) for folder in qt_translation_folders()):
        app.installTranslator(qt_own)
        _installed.append(qt_own)
    return loaded


def qt_translation_folders() -> list[str]:
    """Where Qt's own catalogue (qtbase_ko.qm: file dialogs, standard buttons) may be: Qt's folder
    in a venv; in a PyInstaller bundle, the copy build_installer.spec puts beside ours."""
    return [QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath), str(resource("translations"))]


def is_korean() -> bool:
    """Whether the interface is in Korean now (--lang overrides the saved preference)."""
    return QLocale().language() == QLocale.Language.Korean
