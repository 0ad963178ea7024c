"""A real PostgreSQL event hub for the tests: started in a folder the server's user can reach
(as root the server runs as `postgres`), stopped and removed after."""

from __future__ import annotations

import shutil
import socket
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def local(dsn: str) -> str:
    """The desks' connection string, pointed at this machine (the LAN address may be any)."""
    head, _, tail = dsn.rpartition("@")
    return f"{head}@127.0.0.1:{tail.split(':', 1)[1]}"


@contextmanager
def running_hub() -> Iterator[dict[str, Any]]:
    """A hub started in-process (its server is a real postgres); yields `hub start`'s answer with
    `desk_dsn` pointed at this machine and `folder`."""
    from expo_console.services.hub.server import start_hub, stop_hub

    base = Path(tempfile.mkdtemp(prefix="expo-hub-", dir="/tmp"))
    base.chmod(0o755)
    folder = base / "hub"
    try:
        started = start_hub(folder, port=free_port(), host="127.0.0.1")
        yield {**started, "desk_dsn": local(started["dsn"]), "folder": folder}
    finally:
        if (folder / "data").exists():
            stop_hub(folder)
        shutil.rmtree(base, ignore_errors=True)
