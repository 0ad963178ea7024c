"""Translated labels for the codes the domain and services return."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication

from expo_console.domain.visitors import FieldProblem, VisitorClass
from expo_console.services.messages import render


def _t(text: str) -> str:
    return QCoreApplication.translate("Labels", text)


def class_label(code: str) -> str:
    labels = {
        VisitorClass.VISITOR: _t("Visitor"),
        VisitorClass.DOMESTIC_BUYER: _t("Buyer"),
        VisitorClass.OVERSEAS_BUYER: _t("Overseas buyer"),
        VisitorClass.EXHIBITOR_STAFF: _t("Exhibitor staff"),
        VisitorClass.PRESS: _t("Press"),
        VisitorClass.VIP: _t("VIP"),
        VisitorClass.STAFF: _t("Staff"),
        VisitorClass.ORGANIZER: _t("Organizer"),
    }
    try:
        return labels[VisitorClass(code)]
    except ValueError:
        return code


def translated_message(code: str, params: Iterable[tuple[str, str]] = ()) -> str:
    return render(code, params, lambda text: QCoreApplication.translate("Messages", text))


def problem_text(problem: FieldProblem) -> str:
    return translated_message(problem.code, (("field", problem.field), *problem.params))
