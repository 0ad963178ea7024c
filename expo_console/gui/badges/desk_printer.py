"""This desk's badge printer: a print system, the printer chosen on it, and the jobs being followed.

One object per window, shared by the badge panel, the batch dialog and the check-in station, so
a job keeps being followed when the dialog that sent it is closed. A badge is *sent* when the
print system queues its job and *printed* only when the print system says the job completed;
where it cannot say (Windows' spooler), the badge stays *sent* until the operator confirms it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from expo_console.gui import settings
from expo_console.gui.hub import Hub
from expo_console.gui.ops import run_op
from expo_console.services.badge_print.print_jobs import (
    BadgeOutcome,
    confirm_printed,
    desk_open_job,
    follow_jobs,
    open_job_ids,
    send_badges,
)
from expo_console.services.changes import VisitorsChanged
from expo_console.services.print_system import NoPrintSystem, PrintSystem, system_print_system
from expo_console.services.store import EventStore

FOLLOW_MS = 1000  # how often open jobs are asked about: a local socket call per job, cheap


def desk_print_system() -> PrintSystem:
    """CUPS where pycups reaches it (Linux, macOS); elsewhere the Windows spooler through Qt."""
    system = system_print_system()
    if isinstance(system, NoPrintSystem):
        from expo_console.gui.badges.qt_spooler import QtSpoolerPrintSystem

        return QtSpoolerPrintSystem()
    return system


def how_to_add_a_printer() -> str:
    """That no printer can be used, and where this computer's printers are set up, said plainly."""
    translate = QCoreApplication.translate
    if sys.platform == "win32":
        text = translate("DeskPrinter", "No printer is set up on this computer. Add one in Windows Settings ▸ "
                         "Printers & scanners.")
    elif sys.platform == "darwin":
        text = translate("DeskPrinter", "No printer is set up on this computer. Add one in System Settings ▸ "
                         "Printers & Scanners.")
    else:  # CUPS answers "no printers" when it is not running, too
        text = translate("DeskPrinter", "No printer is set up on this computer, or its print service is not "
                         "running. Add a printer in the system's printer settings, or on the print server's page "
                         "http://localhost:631.")
    return text + " " + translate("DeskPrinter", "Until then, badges can be saved as a PDF and printed elsewhere.")


class DeskPrinter(QObject):
    jobs_ended = Signal(object)  # list[BadgeOutcome]: badges whose job completed or failed

    def __init__(self, store: EventStore, hub: Hub, system: PrintSystem | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store, self.hub = store, hub
        self.system = system if system is not None else desk_print_system()
        self._following: set[str] = set()
        self._timer = QTimer(self)
        self._timer.setInterval(FOLLOW_MS)
        self._timer.timeout.connect(self.follow_now)

    @property
    def follows_jobs(self) -> bool:
        return self.system.follows_jobs

    def printers(self) -> list[str]:
        return self.system.printers()

    def name(self, available: list[str] | None = None) -> str:
        """The printer badges go to: the one chosen on this desk while the system still has it,
        else the system's default; "" when there is none (nothing set up, or nothing chosen).
        `available`: the system's printers, when the caller has just asked for them."""
        available = self.printers() if available is None else available
        chosen = settings.desk_printer()
        if chosen and chosen in available:
            return chosen
        default = self.system.default_printer()
        return default if default and default in available else ""

    def choose(self, name: str) -> None:
        settings.set_desk_printer(name)  # refuses "": an empty printer is never remembered

    def send(self, visitor_ids: Sequence[str], *, printer: str, format_id: str,
             romanize: bool) -> tuple[list[BadgeOutcome], VisitorsChanged]:
        """Badges queued on `printer` now, on this thread (a few: the batch dialog sends many on
        a worker and hands the jobs to `follow`). Every view hears of them: codes issued, and
        the list's print state (sent)."""
        outcomes, change = run_op(self.hub, lambda: send_badges(self.store, self.system, visitor_ids, printer=printer,
                                                                format_id=format_id, romanize=romanize))
        self.follow(o.job_id for o in outcomes if o.state == "sent")
        return outcomes, change

    def follow(self, job_ids: Iterable[str]) -> None:
        """Ask about these jobs until they end (where the print system can be asked)."""
        if not self.follows_jobs:
            return
        self._following |= {job for job in job_ids if job}
        if self._following and not self._timer.isActive():
            self._timer.start()

    def follow_now(self) -> list[BadgeOutcome]:
        if not self._following:
            self._timer.stop()
            return []
        ended, _change = run_op(self.hub, lambda: follow_jobs(self.store, self.system, only_jobs=set(self._following)))
        self._following -= {o.job_id for o in ended}
        self._following &= self.open_jobs()  # ended elsewhere (another window, the operator): stop asking
        if not self._following:
            self._timer.stop()
        if ended:
            self.jobs_ended.emit(ended)
        return ended

    def open_jobs(self) -> set[str]:
        return open_job_ids(self.store)

    def follow_desk_job(self, visitor_id: str) -> None:
        """Follow the visitor's open job if this desk sent it (before a restart, from a closed
        dialog). A job id means something only to the print system of the desk that sent it."""
        if not self.follows_jobs:
            return
        job = desk_open_job(self.store, visitor_id)
        if job:
            self.follow([job])

    def confirm(self, visitor_ids: Sequence[str]) -> VisitorsChanged:
        """The operator saw these badges come out of a printer whose jobs cannot be followed."""
        return run_op(self.hub, lambda: confirm_printed(self.store, visitor_ids))
