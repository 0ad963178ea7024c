"""A real PostgreSQL event hub for the tests: started in a folder the server's user can reach
(as root the server runs as `postgres`), stopped and removed after; and the command line run as
another process, as another desk (import as `from hub_support import ...`; `hub_folder` is a
fixture of the suite, registered in tests/conftest.py). No Qt here."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

# The event passphrase the desks of these tests are told: the command line gets it as a script
# gives it (EXPO_CONSOLE_PASSPHRASE) unless a test passes another, or None for none at all.
PASSPHRASE = "부스 열쇠는 2022"
_DEFAULT = object()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def local(dsn: str) -> str:
    """The desks' connection string, pointed at this machine (the LAN address may be any)."""
    head, _, tail = dsn.rpartition("@")
    return f"{head}@127.0.0.1:{tail.split(':', 1)[1]}"


@contextmanager
def reachable_folder() -> Iterator[Path]:
    """A hub's folder where the server's user may pass through (as root it is `postgres`); the hub
    there, if one was started, is stopped and the folder removed after."""
    from expo_console.services.hub.server import stop_hub

    base = Path(tempfile.mkdtemp(prefix="expo-hub-", dir="/tmp"))
    base.chmod(0o755)
    folder = base / "hub"
    try:
        yield folder
    finally:
        if (folder / "data").exists():
            stop_hub(folder)
        shutil.rmtree(base, ignore_errors=True)


@contextmanager
def running_hub() -> Iterator[dict[str, Any]]:
    """A hub started in-process (its server is a real postgres); yields `hub start`'s answer with
    `desk_dsn` pointed at this machine and `folder`."""
    from expo_console.services.hub.server import start_hub

    with reachable_folder() as folder:
        started = start_hub(folder, port=free_port(), host="127.0.0.1")
        yield {**started, "desk_dsn": local(started["dsn"]), "folder": folder}


DESK_B = ("desk-b", "김데스크")  # the desk that joins (desk id, operator)


@contextmanager
def published_and_joined(template: Any, folder: Path) -> Iterator[dict[str, Any]]:
    """A hub holding a demo event (an event_templates template): desk A (the suite's desk)
    published it from a.expo, desk B joined into b.expo. Yields both stores open, `dsn` (the
    desks'), `hub` (running_hub's answer) and the two paths; closes the stores after."""
    from expo_console.services.events import open_event
    from expo_console.services.hub.join import join
    from expo_console.services.hub.publish import publish
    from expo_console.storage.connection import Stamp
    from support import TEST_STAMP

    with running_hub() as hub:
        first = open_event(template.copy_to(folder / "a.expo"), TEST_STAMP)
        publish(first, hub["owner_dsn"], passphrase=PASSPHRASE)
        second, _copied = join(hub["desk_dsn"], folder / "b.expo", Stamp(*DESK_B, "organizer"), passphrase=PASSPHRASE)
        try:
            yield {"a": first, "b": second, "dsn": hub["desk_dsn"], "hub": hub, "path_a": folder / "a.expo",
                   "path_b": folder / "b.expo"}
        finally:
            first.close()
            second.close()


def badge_code(store: Any, offset: int = 0) -> str:
    """The code of a badge issued now to the event's visitor at `offset` (by id)."""
    from expo_console.services.badges.codes import issue_badge

    visitor = store.conn.execute("SELECT id FROM visitors ORDER BY id LIMIT 1 OFFSET ?", (offset,)).fetchone()[0]
    return str(issue_badge(store, visitor)[0].code)


@pytest.fixture
def hub_folder() -> Iterator[Path]:
    """A hub's folder for `hub start --dir` (reachable_folder), as a fixture of the suite."""
    with reachable_folder() as folder:
        yield folder


def cli(*args: str, desk: str | None = None, config: Path | None = None,
        passphrase: str | None | object = _DEFAULT, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    """`expo-console ARGS` as another process, with no terminal. `desk`: another machine's desk id;
    `config`: its own config folder (its badge keys, its remembered hubs), else this test's."""
    env = dict(os.environ)
    if desk:
        env["EXPO_CONSOLE_DESK_ID"] = desk
    if config is not None:
        env["EXPO_CONSOLE_CONFIG_DIR"] = str(config)
    env.pop("EXPO_CONSOLE_PASSPHRASE", None)
    if passphrase is _DEFAULT:
        env["EXPO_CONSOLE_PASSPHRASE"] = PASSPHRASE
    elif isinstance(passphrase, str):
        env["EXPO_CONSOLE_PASSPHRASE"] = passphrase
    return subprocess.run([sys.executable, "-m", "expo_console", *args], capture_output=True, text=True,
                          timeout=timeout, env=env, stdin=subprocess.DEVNULL)


def ok(*args: str, desk: str | None = None, config: Path | None = None,
       passphrase: str | None | object = _DEFAULT, timeout: float = 180) -> Any:
    run = cli(*args, desk=desk, config=config, passphrase=passphrase, timeout=timeout)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.strip().splitlines()[-1])


def start_hub(folder: Path, port: int | None = None) -> dict[str, Any]:
    """Start (the first time: make) the hub in `folder` with `hub start`; its JSON, the dsn made local."""
    started = ok("hub", "start", "--dir", str(folder), *(("--port", str(port)) if port else ()))
    return {**started, "dsn": local(started["dsn"])}
