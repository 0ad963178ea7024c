"""Files that hold personal data (a person's data, a certificate of destruction) are readable by
their owner only (issue 21): on POSIX they are made 0600 before a byte is written, so no other
account on the desk can read them even for a moment. On Windows a new file takes its folder's
permissions (the user's own folders are private already): left as is.

Each is written to `NAME.part` beside it and renamed over NAME once whole, so a half-written file
never carries the real name; making the `.part` first is also how a caller finds out, before
doing anything it cannot undo, that the folder cannot be written.
"""

from __future__ import annotations

import os
from pathlib import Path

OWNER_ONLY = 0o600


def private_part(out: Path) -> Path:
    """An empty, owner-only `out.part` beside `out`; OSError when it cannot be made there."""
    partial = out.with_name(out.name + ".part")
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, OWNER_ONLY))
    if os.name == "posix":
        os.chmod(partial, OWNER_ONLY)  # a .part left from before keeps its old mode under O_CREAT
    return partial


def check_writable(out: Path) -> None:
    """Raises OSError when `out` could not be written (its folder missing or not ours to write)."""
    private_part(out).unlink()


def write_private_text(out: Path, text: str) -> None:
    partial = private_part(out)
    try:
        partial.write_text(text, encoding="utf-8")
        partial.replace(out)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
