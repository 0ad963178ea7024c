"""Translated labels for the codes the domain and services return."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication

from expo_console.domain.visitors import FieldProblem
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
