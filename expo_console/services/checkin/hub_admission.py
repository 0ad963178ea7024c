"""A gate's line to the event hub (issue 16): while the hub answers, a scan's admission is decided
there, under the badge's lock, against the badge's scans as every desk recorded them, and the
scan is recorded on the hub before this desk writes it and shows the verdict. When the hub has
not answered within the deadline, the gate decides on its own file as it always did, and says
so ("offline"); it does not wait for the hub again until a probe finds it answering.

The hub's work runs on a thread of its own with one connection: a hub that stops answering in the
middle of a transaction (a dropped LAN stalls, it does not fail) holds that thread, never the gate.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from expo_console.services import event_settings
from expo_console.services.hub.common import HubError
from expo_console.services.hub.credentials import remembered_dsn
from expo_console.services.hub.schema import connect
from expo_console.storage import hub_repo, sync_capture
from expo_console.storage.connection import EventStore

T = TypeVar("T")
PROBE_S = 2.0  # while offline, how often the hub is asked again (back online within 5 s)
VIA_HUB, VIA_OFFLINE, VIA_FILE = "hub", "offline", "file"


class HubAdmissions:
    """One desk's admissions through the hub. `decide(work)` runs `work(connection)` in one hub
    transaction and returns its result, or None when the hub is offline or late.

    A psycopg connection is used by one thread at a time: the idle one waits in `_conn`; a
    decision takes it, and the thread that ran the transaction gives it back, or closes it itself
    when the gate stopped waiting (another thread only ever sends a cancel, which libpq does over
    a connection of its own)."""

    def __init__(self, dsn: str, deadline_ms: int = 300) -> None:
        self.dsn = dsn
        self.deadline = deadline_ms / 1000
        self.offline_since: dt.datetime | None = None
        self._conn: Any = None
        self._lock = threading.Lock()
        self._probing = False
        self._closed = False
        self._connected_ahead = threading.Event()
        # The line is opened now, not at the first scan: connecting (TLS, the password check) takes
        # longer than the deadline on a busy desk, and the first badge would be decided offline.
        threading.Thread(target=self._connect_ahead, name="hub-admission-connect", daemon=True).start()

    @property
    def online(self) -> bool:
        return self.offline_since is None

    def decide(self, work: Callable[[Any], T]) -> tuple[T, bool] | None:
        """`work`'s result from the hub and whether the hub is known to hold it, or None: the hub
        is offline, late or refused, and the caller decides on its own file.

        `work` runs in one hub transaction. When the deadline passes before `work` has finished,
        the transaction is rolled back whenever it gets that far, and the caller decides alone.
        When it passes while the transaction is committing, the hub may or may not take it: the
        caller gets `work`'s result with False (decided on the hub's facts, not known to be there)
        and records it as its own scan, which its push sends to the hub (a commit that did land
        receives the same row again). So a verdict shown is always the one the hub ends up with."""
        if not self.online or self._closed:
            return None
        attempt = _Attempt()
        finished = threading.Event()

        def run() -> None:
            try:
                attempt.value = self._in_transaction(work, attempt)
            except BaseException as error:  # noqa: BLE001 - handed to the waiting caller
                attempt.error = error
            finally:
                finished.set()

        threading.Thread(target=run, name="hub-admission", daemon=True).start()
        if not finished.wait(self.deadline):
            with attempt.lock:
                attempt.abandoned = not attempt.committing
                conn = attempt.conn
            if attempt.abandoned and conn is not None:  # a stalled query: ask the hub to stop it
                threading.Thread(target=_cancel, args=(conn,), daemon=True).start()
            self._went_offline()
            return None if attempt.abandoned else (attempt.value, False)
        error = attempt.error
        if error is None:
            return attempt.value, True
        if isinstance(error, HubError | OSError) or type(error).__module__.startswith("psycopg"):
            self._went_offline()
            return None
        raise error

    def close(self) -> None:
        """No more decisions: the idle line is closed, and one in use is closed by its thread."""
        with self._lock:
            self._closed = True
            conn, self._conn = self._conn, None
        if conn is not None:
            threading.Thread(target=_quietly_close, args=(conn,), daemon=True).start()

    def _in_transaction(self, work: Callable[[Any], T], attempt: _Attempt) -> T:
        with self._lock:
            conn, self._conn = self._conn, None
        if conn is None:
            conn = connect(self.dsn, **ADMISSION_CONNECTION)
        with attempt.lock:
            attempt.conn = conn
        kept = False
        try:
            with conn.transaction():
                value = work(conn)
                with attempt.lock:
                    if attempt.abandoned:  # the gate decided alone meanwhile: the hub must not hold this one
                        raise _Abandoned
                    attempt.value, attempt.committing = value, True
            kept = not attempt.abandoned
            return value
        finally:
            self._give_back(conn, kept)

    def _give_back(self, conn: Any, usable: bool) -> None:
        """The connection back for the next decision, or closed (by this thread, its only user)."""
        with self._lock:
            if usable and not self._closed and self._conn is None and self.online:
                self._conn = conn
                return
        _quietly_close(conn)

    def wait_connected(self, timeout: float) -> None:
        """Until the line opened at start is there (or the hub did not answer): a gate started to
        scan at once (a script's `expo-console scan`) waits here once, not in its first scan."""
        self._connected_ahead.wait(timeout)

    def _connect_ahead(self) -> None:
        try:
            self._give_back(connect(self.dsn, **ADMISSION_CONNECTION), True)
        except Exception:  # noqa: BLE001 - the first decision finds the hub gone and says offline
            pass
        finally:
            self._connected_ahead.set()

    def _went_offline(self) -> None:
        if self.offline_since is None:
            self.offline_since = dt.datetime.now(dt.UTC)
        with self._lock:
            conn, self._conn = self._conn, None  # idle: nobody else uses it
            start_probe = not self._probing and not self._closed
            self._probing = self._probing or start_probe
        if conn is not None:
            threading.Thread(target=_quietly_close, args=(conn,), daemon=True).start()
        if start_probe:
            threading.Thread(target=self._probe, name="hub-admission-probe", daemon=True).start()

    def _probe(self) -> None:
        """Until the hub answers again; then its connection decides the next scan."""
        while not self._closed:
            try:
                probe = connect(self.dsn, **ADMISSION_CONNECTION)
                hub_repo.ping(probe)
            except Exception:  # noqa: BLE001 - not answering in any way is still offline
                time.sleep(PROBE_S)
                continue
            with self._lock:
                self._probing = False
                self.offline_since = None
            self._give_back(probe, True)  # closed instead, when the station was closed meanwhile
            return
        with self._lock:
            self._probing = False


class _Abandoned(Exception):
    """Rolls back a hub transaction whose gate stopped waiting for it."""


class _Attempt:
    """One decision on the hub, shared by the gate waiting for it and the thread running it."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.value: Any = None
        self.error: BaseException | None = None
        self.conn: Any = None  # the connection the decision runs on
        self.committing = False  # the work is done and its commit sent: the hub may take it
        self.abandoned = False  # the gate stopped waiting first: the transaction rolls back


def for_store(store: EventStore) -> HubAdmissions | None:
    """The hub's admissions for an event file on a hub this desk knows; None for a file of its own
    (or one whose hub this desk was never told: it decides on its file, as offline)."""
    event_id = sync_capture.state(store.conn, "hub_event_id")
    if not event_id:
        return None
    try:
        dsn = remembered_dsn(event_id)
    except HubError:
        return None
    return HubAdmissions(dsn, event_settings.get(store, event_settings.HUB_DEADLINE_MS))


# A gate's connection: found quickly or not at all, and a connection whose packets go unanswered
# (a dropped LAN stalls rather than fails) errors after two seconds instead of TCP's minutes.
CONNECT_TIMEOUT_S = 2
ADMISSION_CONNECTION = {"connect_timeout": CONNECT_TIMEOUT_S, "tcp_user_timeout": 2000, "keepalives": 1, "keepalives_idle": 5,
                        "keepalives_interval": 2, "keepalives_count": 2}


def _cancel(conn: Any) -> None:
    with contextlib.suppress(Exception):  # a connection already gone
        conn.cancel_safe(timeout=2.0)


def _quietly_close(conn: Any) -> None:
    with contextlib.suppress(Exception):  # a connection already gone
        conn.close()
