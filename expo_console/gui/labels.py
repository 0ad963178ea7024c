"""Translated labels for the codes the domain and services return."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication

from expo_console.domain.visitors import FieldProblem
from expo_console.gui.i18n import is_korean
from expo_console.services.messages import CLASS_LABELS, FIELD_LABELS, MESSAGES, render


def class_label(code: str) -> str:
    english = CLASS_LABELS.get(code)
    return QCoreApplication.translate("Labels", english) if english else code


def field_label(field: str) -> str:
    return QCoreApplication.translate("Messages", FIELD_LABELS.get(field, field))


def translated_message(code: str, params: Iterable[tuple[str, str]] = ()) -> str:
    return render(code, params, lambda text: QCoreApplication.translate("Messages", text))


def problem_text(problem: FieldProblem) -> str:
    return translated_message(problem.code, (("field", problem.field), *problem.params))


def error_text(error: BaseException) -> str:
    """An exception's message, translated when it carries a message code (BadgeError,
    ImportFileError); English as raised otherwise."""
    code = getattr(error, "code", "")
    if code in MESSAGES:
        return translated_message(code, getattr(error, "params", ()))
    return str(error)


def fill(template: str, *values: object) -> str:
    """Qt's %1, %2 … filled in one pass (a name holding '%2' is not filled again)."""
    def value(match: re.Match[str]) -> str:
        n = int(match.group(1))
        return str(values[n - 1]) if 1 <= n <= len(values) else match.group(0)
    return re.sub(r"%(\d)", value, template)


def hhmm(at: dt.time) -> str:
    return at.strftime("%H:%M")


def day_label(day: dt.date, days: tuple[dt.date, ...] = ()) -> str:
    """'10/4 (화) · 1일차' in Korean, 'Tue 4 Oct · day 1' in English (the day number when known)."""
    number = days.index(day) + 1 if day in days else 0
    if is_korean():
        weekday = "월화수목금토일"[day.weekday()]
        text = f"{day.month}/{day.day} ({weekday})"
        return f"{text} · {number}일차" if number else text
    text = day.strftime("%a %-d %b")
    return f"{text} · day {number}" if number else text
