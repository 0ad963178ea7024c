"""SQLITE_FCNTL_PERSIST_WAL on our connections: no Expo Console process ever deletes a WAL.

Why: SQLite's last connection to close an event checkpoints it and deletes its `-wal` and
`-shm`. It knows it is the last one from POSIX locks, which a process loses on every file
descriptor it closes (storage/connection.py). If one of our processes lost its locks (a library
opened and closed the file behind our back), another one closing would delete the WAL under it,
and its next writes would go to a deleted file. With PERSIST_WAL set, a closing connection still
checkpoints but leaves both files in place, so every connection keeps writing to the files
everyone else reads. It is SQLite's documented file control, used by default on Apple systems.

Python's sqlite3 module (3.11) has no file_control(), so this calls SQLite's C API with ctypes
on the connection's own handle. Everything is checked before it is trusted: the library must be
the one the sqlite3 module uses, and the handle must name the file we opened. Where anything
does not match, it does nothing and says so (returns False); the event still works, with the
other defences (name-only file dialogs, the WAL check before every write).
"""

from __future__ import annotations

import ctypes
import os
import sqlite3
import sys
from functools import cache
from pathlib import Path

_SQLITE_FCNTL_PERSIST_WAL = 10
_SQLITE_OK = 0


@cache
def _library() -> ctypes.CDLL | None:
    """The SQLite library the sqlite3 module itself calls (statically or dynamically linked)."""
    import _sqlite3

    candidates = [_sqlite3.__file__]  # dlsym on the extension also finds the library it links to
    if sys.platform == "win32":
        candidates.append("sqlite3.dll")  # Python's own copy, already loaded by _sqlite3.pyd
    for name in candidates:
        try:
            lib = ctypes.CDLL(name)
            control, filename = lib.sqlite3_file_control, lib.sqlite3_db_filename
        except (OSError, AttributeError):
            continue
        control.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_void_p]
        control.restype = ctypes.c_int
        filename.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
        filename.restype = ctypes.c_char_p
        return lib
    return None


def _handle(conn: sqlite3.Connection) -> int | None:
    """The connection's `sqlite3 *`: CPython keeps it as the first field after the object header
    (Modules/_sqlite/connection.h, unchanged from 3.8 to 3.13)."""
    if sys.implementation.name != "cpython" or not (3, 8) <= sys.version_info[:2] <= (3, 13):
        return None
    return ctypes.c_void_p.from_address(id(conn) + object.__basicsize__).value


def keep_wal_files(conn: sqlite3.Connection, path: Path) -> bool:
    """Set PERSIST_WAL on `conn`, an open connection to `path`. True when it is set."""
    lib, handle = _library(), _handle(conn)
    if lib is None or not handle:
        return False
    named = lib.sqlite3_db_filename(handle, b"main")
    if not named or os.path.realpath(os.fsdecode(named)) != os.path.realpath(path):
        return False  # not the handle we think it is: touch nothing
    flag = ctypes.c_int(1)
    return bool(lib.sqlite3_file_control(handle, b"main", _SQLITE_FCNTL_PERSIST_WAL, ctypes.byref(flag)) == _SQLITE_OK)
