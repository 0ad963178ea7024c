"""What the console needs of a print system: its printers, a job handed over, the job followed.

A badge is *sent* when the print system has queued its job, and *printed* only when the job is
completed; a job refused, aborted, cancelled or gone from the system is *failed*, with the
print system's reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

# job outcomes, as the print log keeps them
SENT, PRINTED, FAILED = "sent", "printed", "failed"


class PrintSystemUnavailable(Exception):
    """The print system cannot be reached (not installed, not running); the message says so."""


class PrintRefused(Exception):
    """The print system would not take the job (queue rejecting, printer unknown, …)."""


@dataclass(frozen=True, slots=True)
class JobState:
    outcome: str  # sent (still queued or printing), printed, or failed
    reason: str = ""

    @property
    def finished(self) -> bool:
        return self.outcome != SENT


class PrintSystem(Protocol):
    name: str  # shown to the operator, e.g. "CUPS"
    # False where a job cannot be asked about once handed over (Windows' spooler through Qt):
    # its badges stay *sent* until the operator confirms them.
    follows_jobs: bool

    def printers(self) -> list[str]: ...

    def default_printer(self) -> str | None: ...

    def submit(self, pdf: Path, printer: str, title: str) -> str:
        """Queue `pdf` (a PDF file) on `printer`; the job's id. PrintRefused, PrintSystemUnavailable."""
        ...

    def job_state(self, job_id: str) -> JobState: ...

    def cancel(self, job_id: str) -> None: ...


class NoPrintSystem:
    """No print system on this machine (or none reachable): no printers, every job refused."""

    name = "none"
    follows_jobs = False

    def __init__(self, why: str) -> None:
        self.why = why

    def printers(self) -> list[str]:
        return []

    def default_printer(self) -> str | None:
        return None

    def submit(self, pdf: Path, printer: str, title: str) -> str:
        raise PrintSystemUnavailable(self.why)

    def job_state(self, job_id: str) -> JobState:
        return JobState(FAILED, self.why)

    def cancel(self, job_id: str) -> None:
        return None
