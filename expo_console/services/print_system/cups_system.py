"""CUPS (Linux, macOS) through pycups: jobs are handed over as PDF and followed by their id.

CUPS takes a PDF as it is and converts it for the printer, so the console never rasterises a
badge itself: memory stays flat whatever the batch. Each call opens its own connection (a local
socket; pycups connections are not shared between threads), and CUPS_SERVER is honoured, which
is how the tests reach a private server.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

import cups  # pycups

from expo_console.services.print_system.base import (
    FAILED,
    PRINTED,
    SENT,
    JobState,
    PrintRefused,
    PrintSystemUnavailable,
)

# IPP job states (RFC 8011, 5.3.7)
_PENDING, _HELD, _PROCESSING, _STOPPED, _CANCELED, _ABORTED, _COMPLETED = range(3, 10)
_NOT_FOUND = 0x0406  # client-error-not-found


class CupsPrintSystem:
    name = "CUPS"
    follows_jobs = True

    def _connect(self) -> Any:
        server = os.environ.get("CUPS_SERVER")
        if server:  # libcups reads the variable once per process; honour a change (tests, a switch)
            cups.setServer(server)
        try:
            return cups.Connection()
        except (RuntimeError, cups.IPPError) as error:
            raise PrintSystemUnavailable(
                "The print server (CUPS) is not running, so nothing can be printed. Start it (on Linux: "
                f"'sudo systemctl start cups'), or save the badges as a PDF. ({error})") from error

    def printers(self) -> list[str]:
        try:
            return sorted(self._connect().getPrinters())
        except PrintSystemUnavailable:
            return []

    def default_printer(self) -> str | None:
        try:
            return self._connect().getDefault() or None
        except PrintSystemUnavailable:
            return None

    def submit(self, pdf: Path, printer: str, title: str) -> str:
        connection = self._connect()
        try:
            return str(connection.printFile(printer, str(pdf), title, {"document-format": "application/pdf"}))
        except cups.IPPError as error:
            status, message = error.args if len(error.args) == 2 else (0, str(error))
            raise PrintRefused(f"{printer} refused the job: {message or status}. Check that the printer is "
                               "set up and accepting jobs (lpstat -p), then print again.") from error

    def job_state(self, job_id: str) -> JobState:
        connection = self._connect()
        try:
            attributes = connection.getJobAttributes(int(job_id))
        except cups.IPPError as error:
            if error.args and error.args[0] == _NOT_FOUND:
                return JobState(FAILED, "The job is no longer known to the print server.")
            raise PrintSystemUnavailable(f"The print server did not answer about job {job_id}: {error}") from error
        state = attributes.get("job-state")
        reasons = attributes.get("job-state-reasons", "")
        reasons = ", ".join(reasons) if isinstance(reasons, list) else str(reasons)
        message = attributes.get("job-printer-state-message") or reasons
        if state == _COMPLETED:
            if "completed-with-errors" in reasons:
                return JobState(FAILED, f"The printer finished the job with errors: {message}")
            return JobState(PRINTED)
        if state == _CANCELED:
            return JobState(FAILED, f"The job was cancelled ({message}).")
        if state in (_ABORTED, _STOPPED):
            return JobState(FAILED, f"The printer stopped the job: {message}")
        return JobState(SENT, message if state == _HELD else "")

    def cancel(self, job_id: str) -> None:
        with contextlib.suppress(cups.IPPError, PrintSystemUnavailable):  # finished or gone: nothing to cancel
            self._connect().cancelJob(int(job_id))
