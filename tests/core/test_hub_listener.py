"""A desk hears from the hub that another desk pushed, and a continuous sync does not wait for
its next round: a change reaches the other desk in about the time a push and a pull take."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

from expo_console.domain.visitors import Consent, VisitorDraft
from expo_console.services.events import open_event
from expo_console.services.hub.join import join
from expo_console.services.hub.listener import ChangeListener
from expo_console.services.hub.publish import publish
from expo_console.services.hub.sync import sync_once
from expo_console.services.registration.visitors import register_visitor
from expo_console.storage.connection import Stamp
from hub_support import PASSPHRASE, running_hub
from support import TEST_STAMP

ROUND_S = 60  # a continuous sync's interval here: far longer than the test waits


def walk_in(path: Path, stamp: Stamp, name: str) -> None:
    store = open_event(path, stamp)
    try:
        register_visitor(store, VisitorDraft(name=name, email=f"{name}@walk.in", consents=frozenset({Consent.REQUIRED})))
    finally:
        store.close()


def names(path: Path) -> set[str]:
    store = open_event(path, TEST_STAMP, read_only=True)
    try:
        return {r[0] for r in store.conn.execute("SELECT name FROM visitors")}
    finally:
        store.close()


def test_a_continuous_sync_pushes_a_local_change_and_pulls_anothers_without_waiting_for_its_round(
        event_templates, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import os

    with running_hub() as hub:
        first = open_event(event_templates.demo(visitors=5).copy_to(tmp_path / "a.expo"), TEST_STAMP)
        publish(first, hub["owner_dsn"], passphrase=PASSPHRASE)
        first.close()
        desk_b = Stamp("desk-b", "김데스크", "organizer")
        second, _copied = join(hub["desk_dsn"], tmp_path / "b.expo", desk_b, passphrase=PASSPHRASE)
        second.close()
        syncs = [subprocess.Popen([sys.executable, "-m", "expo_console", "sync", "--db", str(path), "--hub",
                                   hub["desk_dsn"], "--every", str(ROUND_S)],
                                  env={**os.environ, "EXPO_CONSOLE_DESK_ID": desk}, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
                 for path, desk in ((tmp_path / "a.expo", TEST_STAMP.desk_id), (tmp_path / "b.expo", "desk-b"))]
        try:
            time.sleep(3)  # both have made their first round and listen
            walk_in(tmp_path / "b.expo", desk_b, "현장손님")  # as desk B's window would: another process
            deadline = time.monotonic() + ROUND_S / 3
            while "현장손님" not in names(tmp_path / "a.expo") and time.monotonic() < deadline:
                time.sleep(0.2)
            assert "현장손님" in names(tmp_path / "a.expo")  # B pushed it at once, A pulled it when told
        finally:
            for process in syncs:
                process.terminate()
                _out, err = process.communicate(timeout=30)
                assert "Traceback" not in err


def test_a_listener_hears_other_desks_pushes_not_its_own(event_templates, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with running_hub() as hub:
        first = open_event(event_templates.demo(visitors=5).copy_to(tmp_path / "a.expo"), TEST_STAMP)
        publish(first, hub["owner_dsn"], passphrase=PASSPHRASE)
        second, _copied = join(hub["desk_dsn"], tmp_path / "b.expo", Stamp("desk-b", "김", "organizer"), passphrase=PASSPHRASE)
        heard = threading.Event()
        listener = ChangeListener(hub["desk_dsn"], TEST_STAMP.desk_id, heard.set).start()
        try:
            time.sleep(1.5)  # listening
            walk_in(tmp_path / "a.expo", TEST_STAMP, "자기자신")
            sync_once(first, hub["desk_dsn"])
            assert not heard.wait(3)  # its own push
            walk_in(tmp_path / "b.expo", Stamp("desk-b", "김", "organizer"), "다른데스크")
            sync_once(second, hub["desk_dsn"])
            assert heard.wait(10)
        finally:
            listener.stop()
            first.close()
            second.close()


def test_a_continuous_sync_does_not_knock_on_a_dead_hub_at_every_local_write(event_templates, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import os

    from expo_console.services.hub.server import stop_hub

    with running_hub() as hub:
        first = open_event(event_templates.demo(visitors=5).copy_to(tmp_path / "a.expo"), TEST_STAMP)
        publish(first, hub["owner_dsn"], passphrase=PASSPHRASE)
        first.close()
        stop_hub(hub["folder"])  # the hub is down for the rest of the test
        sync = subprocess.Popen([sys.executable, "-m", "expo_console", "sync", "--db", str(tmp_path / "a.expo"),
                                 "--hub", hub["desk_dsn"], "--every", "30"], env=dict(os.environ),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            time.sleep(2)
            for n in range(12):  # a busy gate: a write four times a second
                walk_in(tmp_path / "a.expo", TEST_STAMP, f"오프라인{n}")
                time.sleep(0.25)
        finally:
            sync.terminate()
            out, err = sync.communicate(timeout=30)
        assert "Traceback" not in err
        assert 1 <= len([line for line in out.splitlines() if '"offline"' in line]) <= 2  # not one per write
