"""Import runs: the record each real import keeps, and finding the ones that were interrupted.

An import killed midway (the process killed, the machine switched off) keeps the batches it
committed, and running it again completes it: rows are matched to visitors by e-mail, then
phone, so nothing is duplicated. What was missing is that anyone knew. So each real import
records itself as running when it starts, moves its row count and heartbeat with each committed
batch (in the batch's own transaction), and ends finished, cancelled or failed. A run still
'running' whose process is gone is an interrupted import; the next open shows it.
"""

from __future__ import annotations

import hashlib
import os
import socket
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from expo_console.domain.access import Action
from expo_console.domain.ids import new_id
from expo_console.services.access import require
from expo_console.storage import audit_repo, import_runs_repo
from expo_console.storage.connection import EventStore, parse_utc_stamp
from expo_console.storage.import_runs_repo import RunProgress

# A live run writes its heartbeat with every batch and at least every HEARTBEAT_EVERY seconds
# while it reads rows that change nothing; one silent for STALE_AFTER is taken as dead. Two
# minutes leaves room for a batch that waited out another desk's lock (5 s) and for clocks of
# desks a little apart, and is short enough that a desk opening the file after a crash is told.
HEARTBEAT_EVERY = 20.0
STALE_AFTER = timedelta(minutes=2)
_HASH_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class FileFingerprint:
    """Enough to recognise the same import file later: where it was and what it held."""

    name: str
    path: str
    size: int
    sha256: str


def fingerprint(path: Path | str) -> FileFingerprint:
    """The file's name, absolute path, size and SHA-256 (the whole content: a list edited in
    one cell is another list, and 100,000 rows hash in tens of milliseconds)."""
    path = Path(path)
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(_HASH_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return FileFingerprint(path.name, str(path.resolve()), size, digest.hexdigest())


@dataclass(frozen=True, slots=True)
class ProcessIdentity:
    """Where a run executes: the host, its boot (a pid means nothing after a reboot) and the pid."""

    host: str
    boot_id: str
    pid: int


def this_process() -> ProcessIdentity:
    return ProcessIdentity(socket.gethostname(), _boot_id(), os.getpid())


def _boot_id() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip()
    except OSError:
        return ""  # not Linux: the host name alone says whether the pid can be checked here


def process_alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine now."""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        return _windows_process_alive(pid)
    try:
        os.kill(pid, 0)  # signal 0 only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process: it exists
    # A killed process its parent has not waited for yet (a zombie) still answers signal 0.
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return True
    return stat[stat.rfind(")") + 2:][:1] not in ("Z", "X")


def _windows_process_alive(pid: int) -> bool:
    import ctypes  # os.kill(pid, 0) on Windows would terminate the process, not test it

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return bool(ctypes.get_last_error() == 5)  # type: ignore[attr-defined]  # access denied: it exists
    try:
        code = ctypes.c_ulong()
        return bool(kernel32.GetExitCodeProcess(handle, ctypes.byref(code))) and code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def is_interrupted(run: dict[str, Any], me: ProcessIdentity, now: datetime) -> bool:
    """Whether an open run (see import_runs_repo.open_runs) stopped without finishing.

    Two desks can share one event file, so a 'running' run may really be running in another
    process right now. It is taken as interrupted when
    - its heartbeat is older than STALE_AFTER: whatever machine it ran on, it has stopped
      committing batches (killed, powered off, or hung); or
    - it ran on this machine and its process is gone (or the machine rebooted since): then we
      know at once, without waiting for the heartbeat to age; this is the usual case, a desk
      reopening the event after its own import was killed.
    The check is by host (and boot), not by desk id: a pid can only be checked where it runs,
    and desk ids can be set per process (rehearsals run several desks on one machine). A pid
    reused by another process is caught by the heartbeat. A run that failed with an error
    (status 'failed') stopped too, and is reported the same way.
    """
    if run["status"] == "failed":
        return True
    if run["status"] != "running":
        return False
    if now - parse_utc_stamp(run["heartbeat_at"]) > STALE_AFTER:
        return True
    if run["host"] != me.host:
        return False  # another machine, heard from recently: live
    if run["boot_id"] and me.boot_id and run["boot_id"] != me.boot_id:
        return True
    return not process_alive(int(run["pid"]))


@dataclass(frozen=True, slots=True)
class InterruptedImport:
    run_id: str
    file_name: str
    file_path: str
    file_size: int
    file_sha256: str
    rows_done: int  # data rows read through the last committed batch: "interrupted at row N"
    rows_total: int | None  # data rows in the file, when known
    last_row_number: int | None  # the spreadsheet row number (as Excel shows it) of the last of them
    imported: int
    updated: int
    started_at: str
    last_seen_at: str  # its last committed batch (or its start): about when it stopped
    desk_id: str
    operator: str
    host: str
    pid: int
    failed: bool  # stopped by an error it reported, rather than killed

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> InterruptedImport:
        return cls(row["id"], row["file_name"], row["file_path"], row["file_size"], row["file_sha256"],
                   row["rows_done"], row["rows_total"], row["last_row_number"], row["imported"], row["updated"],
                   row["started_at"], row["heartbeat_at"], row["desk_id"], row["operator"], row["host"],
                   row["pid"], row["status"] == "failed")

    def as_json(self) -> dict[str, Any]:
        return {"id": self.run_id, "file": self.file_name, "path": self.file_path, "size": self.file_size,
                "sha256": self.file_sha256, "row_reached": self.rows_done, "rows_in_file": self.rows_total,
                "last_row_number": self.last_row_number, "imported": self.imported, "updated": self.updated,
                "started_at": self.started_at, "last_seen_at": self.last_seen_at, "desk_id": self.desk_id,
                "operator": self.operator, "host": self.host, "pid": self.pid,
                "status": "failed" if self.failed else "interrupted"}


def interrupted_imports(store: EventStore) -> list[InterruptedImport]:
    """Imports that stopped before they finished and nobody has re-run or dismissed, oldest first.
    Only reads: works on a store opened read-only."""
    me, now = this_process(), datetime.now(UTC)
    return [InterruptedImport.from_row(run) for run in import_runs_repo.open_runs(store.conn)
            if is_interrupted(run, me, now)]


FILE_READY = "ready"
FILE_MISSING = "interrupted_import_file_missing"  # codes in services/messages.py
FILE_CHANGED = "interrupted_import_file_changed"


def file_state(item: InterruptedImport) -> str:
    """Whether running the import again would complete this one: FILE_READY when the file is
    still where it was with the same content, else FILE_MISSING or FILE_CHANGED."""
    try:
        now = fingerprint(item.file_path)
    except OSError:
        return FILE_MISSING
    return FILE_READY if (now.size, now.sha256) == (item.file_size, item.file_sha256) else FILE_CHANGED


def dismiss_interrupted(store: EventStore, run_id: str) -> bool:
    """The operator chose not to re-run it: it is no longer reported (audited). False when it was
    closed already (re-run or dismissed on another desk)."""
    require(store, Action.REGISTER)  # the imports are a registration desk's work
    with store.write() as conn:
        run = import_runs_repo.get(conn, run_id)
        closed = import_runs_repo.close(conn, [run_id], "dismissed")
        if closed and run is not None:
            audit_repo.append(conn, store.stamp, "import_dismissed", "import_run", run_id,
                              {"file": run["file_name"], "path": run["file_path"], "rows_done": run["rows_done"],
                               "rows_total": run["rows_total"]})
    return bool(closed)


class RunRecord:
    """The record of one real import while it runs (the importer calls it inside its batches)."""

    def __init__(self, store: EventStore, file: FileFingerprint, rows_total: int | None,
                 process: ProcessIdentity | None = None) -> None:
        self.store = store
        self.file = file
        self.run_id = new_id()
        self.ended = False  # set by the importer once the transaction that ended the run committed
        process = process or this_process()
        with store.write() as conn:
            import_runs_repo.start(conn, store.stamp, self.run_id, file_name=file.name, file_path=file.path,
                                   file_size=file.size, file_sha256=file.sha256, rows_total=rows_total,
                                   host=process.host, boot_id=process.boot_id, pid=process.pid)
            audit_repo.append(conn, store.stamp, "import_started", "import_run", self.run_id,
                              {"file": file.name, "path": file.path, "size": file.size, "sha256": file.sha256,
                               "rows_total": rows_total})

    def record(self, progress: RunProgress) -> None:
        """Inside the batch's transaction."""
        import_runs_repo.record_progress(self.store.conn, self.run_id, progress)

    def end(self, progress: RunProgress, status: str) -> tuple[list[InterruptedImport], list[InterruptedImport]]:
        """Inside the last batch's transaction: the run ends, and when it finished, the earlier
        interrupted runs of the same content are closed as completed by it. Returns those, and
        the interrupted runs of the same path whose content has changed since (not completed)."""
        conn = self.store.conn
        self.record(progress)
        import_runs_repo.end(conn, self.run_id, status)
        me, now = this_process(), datetime.now(UTC)
        stopped = [InterruptedImport.from_row(run) for run in import_runs_repo.open_runs(conn)
                   if run["id"] != self.run_id and is_interrupted(run, me, now)]
        completed = [run for run in stopped if run.file_sha256 == self.file.sha256] if status == "finished" else []
        changed = [run for run in stopped if run.file_path == self.file.path and run.file_sha256 != self.file.sha256]
        import_runs_repo.close(conn, [run.run_id for run in completed], "superseded", superseded_by=self.run_id)
        for run in completed:
            audit_repo.append(conn, self.store.stamp, "import_superseded", "import_run", run.run_id,
                              {"file": run.file_name, "rows_done": run.rows_done, "completed_by": self.run_id})
        audit_repo.append(conn, self.store.stamp, f"import_{status}", "import_run", self.run_id,
                          {"file": self.file.name, "rows_done": progress.rows_done, "imported": progress.imported,
                           "updated": progress.updated, "unchanged": progress.unchanged,
                           "skipped": progress.skipped, "completed_interrupted": [r.run_id for r in completed]})
        return completed, changed

    def fail(self) -> None:
        """The import stopped on an error: say so, keeping the rows done of its last committed
        batch. Best effort: when even this write fails (a full disk), the run stays 'running' and
        is reported as interrupted once this process is gone or its heartbeat is old."""
        if self.ended:
            return
        try:
            with self.store.write() as conn:
                import_runs_repo.end(conn, self.run_id, "failed")
                audit_repo.append(conn, self.store.stamp, "import_failed", "import_run", self.run_id,
                                  {"file": self.file.name})
        except Exception:  # noqa: BLE001, S110 - the error that stopped the import is the one to report
            pass
