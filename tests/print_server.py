"""A private CUPS server for the printing tests: its own cupsd on a socket in a temporary folder.

Nothing of the machine's own printing is touched: the server has its own configuration, spool
and logs, listens only on a Unix socket, and the tests reach it through CUPS_SERVER. Its queue
`expo-pdf` is a cups-pdf virtual printer writing each job as a PDF into `out/`, so a test can
decode what was "printed". cups-pdf reads its settings from /etc/cups/cups-pdf-<instance>.conf
(its configuration path is compiled in), so one small file per server is written there and
removed at the end.

cupsd refuses to run its filters as root; it runs them as `lp`, which must be able to read the
jobs and write the temporary folder.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

CUPSD = "/usr/sbin/cupsd"
CUPS_PDF_PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")
CUPS_PDF_BACKEND = Path("/usr/lib/cups/backend/cups-pdf")


@dataclass
class PrintServer:
    folder: Path
    socket: Path
    out: Path
    process: subprocess.Popen[bytes] | None

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "CUPS_SERVER": str(self.socket)}

    def admin(self, *args: str) -> None:
        subprocess.run(list(args), env=self.env, check=True, capture_output=True, timeout=30)

    def add_pdf_queue(self, name: str, instance: str) -> None:
        self.admin("lpadmin", "-p", name, "-E", "-v", f"cups-pdf:/{instance}", "-P", str(CUPS_PDF_PPD))

    def stop(self) -> None:
        """Stop the scheduler (as when the print server dies), keeping its files."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=20)

    def printed(self, wait: float = 0) -> list[Path]:
        deadline = time.monotonic() + wait
        while True:
            found = sorted(self.out.glob("*.pdf"))
            if found or time.monotonic() >= deadline:
                return found
            time.sleep(0.1)


def why_cups_cannot_run() -> str | None:
    """None when a private CUPS server can run here, else the reason (for a skip)."""
    for needed in (Path(CUPSD), CUPS_PDF_PPD, CUPS_PDF_BACKEND):
        if not needed.exists():
            return f"{needed} is missing: install cups and printer-driver-cups-pdf (make test does)"
    if os.geteuid() != 0:
        return "cups-pdf reads its settings from /etc/cups, which only root may write"
    try:
        import pwd

        pwd.getpwnam("lp")
    except KeyError:
        return "there is no 'lp' user for cupsd's filters"
    return None


@contextmanager
def private_cups(parent: Path) -> Iterator[PrintServer]:
    folder = Path(f"/tmp/expo-cups-{uuid.uuid4().hex[:8]}")  # short: a socket path has ~100 bytes
    instance = f"expotest{uuid.uuid4().hex[:6]}"
    for sub in ("root", "spool", "cache", "state", "log", "out", "tmp"):
        (folder / sub).mkdir(parents=True)
    os.chmod(folder, 0o755)
    os.chmod(folder / "tmp", 0o1777)  # the filters run as lp
    socket = folder / "cups.sock"
    (folder / "root" / "cupsd.conf").write_text(f"""LogLevel debug
Listen {socket}
Browsing Off
DefaultAuthType None
JobRetryLimit 0
<Location />
  Order allow,deny
  Allow all
</Location>
<Location /admin>
  Order allow,deny
  Allow all
</Location>
""", encoding="utf-8")
    (folder / "root" / "cups-files.conf").write_text(f"""ServerRoot {folder / "root"}
RequestRoot {folder / "spool"}
CacheDir {folder / "cache"}
StateDir {folder / "state"}
TempDir {folder / "tmp"}
ErrorLog {folder / "log" / "error_log"}
AccessLog {folder / "log" / "access_log"}
PageLog {folder / "log" / "page_log"}
SystemGroup root
User lp
Group lp
""", encoding="utf-8")
    conf = Path(f"/etc/cups/cups-pdf-{instance}.conf")
    conf.write_text(f"Out {folder / 'out'}\nAnonDirName {folder / 'out'}\nLabel 0\n", encoding="utf-8")
    process = subprocess.Popen([CUPSD, "-f", "-c", str(folder / "root" / "cupsd.conf"),
                                "-s", str(folder / "root" / "cups-files.conf")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = PrintServer(folder, socket, folder / "out", process)
    try:
        deadline = time.monotonic() + 20
        while subprocess.run(["lpstat", "-r"], env=server.env, capture_output=True, text=True).stdout.strip() \
                != "scheduler is running":
            if time.monotonic() > deadline or process.poll() is not None:
                log = (folder / "log" / "error_log")
                raise RuntimeError(f"cupsd did not start: {log.read_text() if log.exists() else ''}")
            time.sleep(0.1)
        server.add_pdf_queue("expo-pdf", instance)
        server.admin("lpadmin", "-d", "expo-pdf")
        yield server
    finally:
        server.stop()
        conf.unlink(missing_ok=True)
        shutil.rmtree(folder, ignore_errors=True)
