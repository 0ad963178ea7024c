"""How the consultation screens name people, days, times and languages, in the UI's language.

The services give ids and codes; every page shows the same buyer, exhibitor or day the same way,
so the naming lives here once. Korean screens show Korean names, English screens the English
ones when there are (a Korean SME without an English name keeps its Korean one). The words
every slot grid shares (fill, hhmm, day_label) live in gui/labels.py and are re-exported here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication

from expo_console.gui.i18n import is_korean
from expo_console.gui.labels import day_label as day_label
from expo_console.gui.labels import fill as fill
from expo_console.gui.labels import hhmm as hhmm
from expo_console.services.consultations.setup import (
    BuyerInfo,
    ExhibitorInfo,
    InterpreterInfo,
    Setup,
)


# lupdate reads these literal calls; the dictionary is built when first asked (after the
# translators are installed), not at import.
def _language_names() -> dict[str, str]:
    return {
        "ko": QCoreApplication.translate("Languages", "Korean"),
        "en": QCoreApplication.translate("Languages", "English"),
        "zh": QCoreApplication.translate("Languages", "Chinese"),
        "ja": QCoreApplication.translate("Languages", "Japanese"),
        "vi": QCoreApplication.translate("Languages", "Vietnamese"),
        "th": QCoreApplication.translate("Languages", "Thai"),
        "id": QCoreApplication.translate("Languages", "Indonesian"),
        "ms": QCoreApplication.translate("Languages", "Malay"),
        "ru": QCoreApplication.translate("Languages", "Russian"),
        "mn": QCoreApplication.translate("Languages", "Mongolian"),
        "ar": QCoreApplication.translate("Languages", "Arabic"),
        "fr": QCoreApplication.translate("Languages", "French"),
        "de": QCoreApplication.translate("Languages", "German"),
        "es": QCoreApplication.translate("Languages", "Spanish"),
        "pt": QCoreApplication.translate("Languages", "Portuguese"),
    }


def language_name(code: str) -> str:
    return _language_names().get(code, code)


def languages_text(codes: Iterable[str]) -> str:
    return ", ".join(f"{language_name(c)} ({c})" for c in codes)


def days_text(days: Iterable[dt.date], every: tuple[dt.date, ...]) -> str:
    chosen = tuple(days)
    if not chosen or set(chosen) >= set(every):
        return QCoreApplication.translate("Consultations", "every day")
    return ", ".join(day_label(d) for d in chosen)


def buyer_name(buyer: BuyerInfo | None) -> str:
    if buyer is None:
        return QCoreApplication.translate("Consultations", "(removed buyer)")
    return buyer.name if is_korean() or not buyer.name_en else buyer.name_en


def buyer_label(buyer: BuyerInfo | None) -> str:
    """'김민준 (가온솔루션)': the person first, the company after."""
    if buyer is None:
        return QCoreApplication.translate("Consultations", "(removed buyer)")
    name = buyer_name(buyer)
    return f"{name} ({buyer.company})" if buyer.company else name


def exhibitor_name(exhibitor: ExhibitorInfo | None) -> str:
    if exhibitor is None:
        return QCoreApplication.translate("Consultations", "(removed exhibitor)")
    return exhibitor.name if is_korean() or not exhibitor.name_en else exhibitor.name_en


def exhibitor_label(exhibitor: ExhibitorInfo | None) -> str:
    if exhibitor is None:
        return QCoreApplication.translate("Consultations", "(removed exhibitor)")
    name = exhibitor_name(exhibitor)
    return f"{name} · {exhibitor.booth}" if exhibitor.booth else name


def interpreter_name(interpreter: InterpreterInfo | None) -> str:
    return interpreter.name if interpreter is not None else QCoreApplication.translate("Consultations", "(removed interpreter)")


def sectors(setup: Setup) -> dict[str, str]:
    """The event's sectors (the exhibitors' sections) by code, named in the UI's language: the
    categories buyers source and exhibitors offer."""
    found: dict[str, str] = {}
    for e in setup.exhibitors:
        if e.section_code and e.section_code not in found:
            found[e.section_code] = e.section_name if is_korean() or not e.section_name_en else e.section_name_en
    return dict(sorted(found.items(), key=lambda kv: kv[1]))


def categories_text(codes: Iterable[str], named: dict[str, str]) -> str:
    return ", ".join(named.get(c, c) for c in codes)
