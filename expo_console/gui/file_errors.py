"""Why a file was not written, in the operator's language.

Exports run on a worker and fail there; the message comes back as an exception whose text is
the system's (English, and naming the .part file written first). The operator is told which
file was not saved and, for the usual causes, why in their own words.
"""

from __future__ import annotations

import errno
from pathlib import Path

from PySide6.QtCore import QCoreApplication


def not_written(target: Path, error: Exception) -> str:
    """'NAME was not saved.' and the reason on a line of its own."""
    # translate() spelled out each time: lupdate finds only calls it recognises by name.
    translate = QCoreApplication.translate
    reason = None
    if isinstance(error, OSError):
        if error.errno == errno.ENOSPC:
            reason = translate("FileErrors", "The disk is full: free some space or choose another disk.")
        elif error.errno in (errno.EACCES, errno.EPERM):
            reason = translate("FileErrors", "This account may not write there: choose another folder.")
        elif error.errno == errno.EROFS:
            reason = translate("FileErrors", "The disk is read-only: choose another folder.")
        elif error.errno == errno.ENOENT:
            reason = translate("FileErrors", "The folder does not exist: choose another folder.")
    lead = translate("FileErrors", "%1 was not saved.").replace("%1", target.name)
    return lead + "\n" + (reason or str(error))
