"""A real event hub for the benchmarks: a PostgreSQL server on this machine (`start_hub`, as the
postgres user when run as root), in a folder that user may pass through, stopped and removed after."""

from __future__ import annotations

import shutil
import socket
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

PASSPHRASE = "bench passphrase 2022"  # the event passphrase the badge key is sealed with on the hub


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_hub() -> Iterator[tuple[Path, dict[str, Any]]]:
    """(a scratch folder beside the hub, `hub start`'s answer with its dsn on this machine)."""
    from expo_console.services.hub.server import start_hub, stop_hub

    folder = Path(tempfile.mkdtemp(prefix="expo-bench-hub-", dir="/tmp"))
    folder.chmod(0o755)
    try:
        started = start_hub(folder / "hub", port=free_port(), host="127.0.0.1")
        try:
            yield folder, started
        finally:
            stop_hub(folder / "hub")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
