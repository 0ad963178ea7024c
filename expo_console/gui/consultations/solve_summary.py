"""What a solve came to: meetings placed, requests left out by reason and by name, the fairness
minimum, the solver's status, and why the zone cannot hold what was asked when it cannot."""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from expo_console.domain.consultations import LeftOut, LeftOutReason, Status
from expo_console.gui.consultations import names
from expo_console.gui.consultations.names import fill
from expo_console.gui.consultations.service_text import translated
from expo_console.services.consultations.schedule import SolveReport
from expo_console.services.consultations.setup import Setup


def status_text(status: Status) -> str:
    texts = {
        Status.OPTIMAL: QCoreApplication.translate(
            "SolveSummary", "The best schedule possible: the solver proved nothing better exists."),
        Status.FEASIBLE: QCoreApplication.translate(
            "SolveSummary", "The best schedule found within the time limit."),
        Status.CANCELLED: QCoreApplication.translate(
            "SolveSummary", "Stopped: the best schedule found so far is saved."),
        Status.GREEDY: QCoreApplication.translate(
            "SolveSummary", "The quick by-rank schedule: the solver found nothing better within the time limit."),
        Status.INVALID: QCoreApplication.translate(
            "SolveSummary", "Not solved: locked meetings clash. Move or unlock them, then solve again."),
    }
    return texts[status]


def reason_text(reason: LeftOutReason) -> str:
    texts = {
        LeftOutReason.NO_COMMON_DAY: QCoreApplication.translate("SolveSummary", "No day both attend"),
        LeftOutReason.NO_INTERPRETER: QCoreApplication.translate(
            "SolveSummary", "No interpreter for the buyer's language on a day both attend"),
        LeftOutReason.NO_ROOM: QCoreApplication.translate(
            "SolveSummary", "No room left: the tables, the exhibitor's seats or the buyer's time ran out"),
        LeftOutReason.UNKNOWN_PARTY: QCoreApplication.translate(
            "SolveSummary", "The buyer or the exhibitor is no longer in the event"),
    }
    return texts[reason]


def request_text(left: LeftOut, setup: Setup) -> str:
    request = left.request
    buyer = setup.buyer_by_id.get(request.buyer)
    text = f"{names.buyer_label(buyer)} → {names.exhibitor_label(setup.exhibitor_by_id.get(request.exhibitor))}"
    ranks = []
    if request.buyer_rank is not None:
        ranks.append(fill(QCoreApplication.translate("SolveSummary", "buyer's wish %1"), request.buyer_rank))
    if request.exhibitor_rank is not None:
        ranks.append(fill(QCoreApplication.translate("SolveSummary", "exhibitor's wish %1"), request.exhibitor_rank))
    if left.reason == LeftOutReason.NO_INTERPRETER and buyer is not None:
        ranks.append(names.language_name(buyer.language))
    return f"{text}  ({', '.join(ranks)})" if ranks else text


class SolveSummaryDialog(QDialog):
    def __init__(self, report: SolveReport, setup: Setup, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("solveSummary")
        self.setWindowTitle(self.tr("Schedule solved") if report.solution.status != Status.INVALID
                            else self.tr("Schedule not solved"))
        solution = report.solution
        headline = QLabel(status_text(solution.status))
        headline.setObjectName("solveStatus")
        headline.setWordWrap(True)
        headline.setStyleSheet("font-weight: bold")
        placed = len(solution.meetings)
        kept = sum(1 for m in solution.meetings if m.fixed)
        self.figures: dict[str, QLabel] = {}
        form = QFormLayout()
        for key, label, value in (
            ("days", self.tr("Days"), ", ".join(names.day_label(d, setup.days) for d in report.days) or "—"),
            ("placed", self.tr("Meetings in the schedule"),
             fill(self.tr("%1 (%2 new, %3 kept where they were)"), f"{placed:,}", f"{placed - kept:,}", f"{kept:,}")),
            ("left_out", self.tr("Requests left out"), f"{len(solution.left_out):,}"),
            ("fairness", self.tr("Fairness minimum"),
             fill(self.tr("every exhibitor with a request it could meet has at least %1 meeting(s)"),
                  solution.fairness_minimum) if solution.fairness_minimum
             else self.tr("0: some exhibitor with requests has no meeting (see the requests left out)")),
            ("capacity", self.tr("Table-slots in these days"), f"{solution.table_slots:,}"),
            ("time", self.tr("Solve time"), fill(self.tr("%1 s, %2 schedules found"), f"{solution.seconds:.1f}",
                                           solution.solutions_found)),
        ):
            self.figures[key] = QLabel(value)
            self.figures[key].setObjectName(f"solve_{key}")
            self.figures[key].setWordWrap(True)
            form.addRow(label, self.figures[key])
        layout = QVBoxLayout(self)
        layout.addWidget(headline)
        layout.addLayout(form)
        problems = [translated(p) for p in report.problems]
        self.problems = QLabel("\n".join(f"• {p}" for p in problems))
        self.problems.setObjectName("solveProblems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("QLabel { background: #fef7e0; border: 1px solid #f9ab00; padding: 6px; }")
        self.problems.setVisible(bool(problems))
        layout.addWidget(self.problems)
        self.left_out = QTreeWidget()
        self.left_out.setObjectName("leftOutRequests")
        self.left_out.setHeaderLabels([self.tr("Requests left out, by reason")])
        self.left_out.setUniformRowHeights(True)
        self._fill_left_out(solution.left_out, setup)
        self.left_out.setVisible(bool(solution.left_out))
        layout.addWidget(self.left_out, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 560 if solution.left_out else 320)

    def _fill_left_out(self, left_out: tuple[LeftOut, ...], setup: Setup) -> None:
        by_reason: dict[LeftOutReason, list[LeftOut]] = defaultdict(list)
        for left in left_out:
            by_reason[left.reason].append(left)
        for reason in LeftOutReason:
            lefts = by_reason.get(reason)
            if not lefts:
                continue
            group = QTreeWidgetItem([f"{reason_text(reason)} — {len(lefts):,}"])
            group.setData(0, Qt.ItemDataRole.UserRole, reason.value)
            rows = sorted(request_text(left, setup) for left in lefts)
            group.addChildren([QTreeWidgetItem([row]) for row in rows])
            self.left_out.addTopLevelItem(group)
        if self.left_out.topLevelItemCount() == 1:
            self.left_out.expandAll()

    def groups(self) -> dict[str, list[str]]:
        """The left-out requests as shown: reason code → the requests' lines."""
        found: dict[str, list[str]] = {}
        for n in range(self.left_out.topLevelItemCount()):
            group = self.left_out.topLevelItem(n)
            found[group.data(0, Qt.ItemDataRole.UserRole)] = [group.child(k).text(0) for k in range(group.childCount())]
        return found
