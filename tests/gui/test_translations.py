"""Korean is the default UI: every string in the code is translated in the committed .ts."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "expo_console_ko.ts"


def _text(translation: ET.Element) -> str:
    """The Korean; a plural message (%n) keeps it in its numerus forms."""
    forms = translation.findall("numerusform")
    if forms:
        return "" if any(not (f.text or "").strip() for f in forms) else forms[0].text or ""
    return (translation.text or "").strip()


def messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    found = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            found[(name, message.findtext("source"))] = message.find("translation")
    return found


def test_every_string_in_the_code_has_a_korean_translation(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    sources = [str(p) for p in (ROOT / "expo_console" / "gui").rglob("*.py")]
    sources.append(str(ROOT / "expo_console" / "services" / "messages.py"))
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    subprocess.run([str(lupdate), *sources, "-ts", str(fresh)], check=True, capture_output=True, timeout=120)
    committed = messages(TS)
    missing = sorted(key for key in messages(fresh) if key not in committed)
    assert not missing, f"run 'make update-translations': not in the .ts yet: {missing}"
    unfinished = sorted(key for key, tr in committed.items()
                        if tr is None or tr.get("type") in ("unfinished", "vanished", "obsolete") or not _text(tr))
    assert not unfinished, f"untranslated in {TS.name}: {unfinished}"


def test_qts_own_korean_is_loaded_with_ours(qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QCoreApplication

    from expo_console.gui.i18n import install_language

    try:
        install_language("ko")
        assert QCoreApplication.translate("QFileDialog", "Look in:") == "다음에서 찾기:"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "취소"
        assert QCoreApplication.translate("FileDialogs", "&Look in:") != "&Look in:"  # what qtbase_ko lacks
    finally:
        install_language("en")
    assert QCoreApplication.translate("QFileDialog", "Look in:") == "Look in:"


def test_a_bundle_without_qts_folder_takes_qts_korean_from_beside_ours(qapp, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """build_installer.spec copies qtbase_ko.qm into resources/translations; i18n finds it there."""
    import shutil

    from PySide6.QtCore import QCoreApplication, QLibraryInfo

    from expo_console.gui import i18n

    qt_folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    bundle = tmp_path / "resources" / "translations"
    bundle.mkdir(parents=True)
    shutil.copy(qt_folder / "qtbase_ko.qm", bundle)
    monkeypatch.setattr(i18n, "resource", lambda *parts: tmp_path.joinpath("resources", *parts))
    monkeypatch.setattr(QLibraryInfo, "path", staticmethod(lambda _which: str(tmp_path / "no-qt-here")))
    try:
        i18n.install_language("ko")
        assert QCoreApplication.translate("QFileDialog", "Look in:") == "다음에서 찾기:"
    finally:
        monkeypatch.undo()
        i18n.install_language("en")


@pytest.mark.parametrize("language", ["ko", "en"])
def test_an_export_names_the_classes_as_the_window_does(qapp, language: str) -> None:
    from expo_console.gui.i18n import install_language
    from expo_console.gui.labels import class_label
    from expo_console.services.registration.export import class_labels

    install_language(language)
    try:
        assert {code: class_label(code) for code in class_labels(language)} == class_labels(language)
    finally:
        install_language("en")
