"""The background sync with the event hub while the open file is on one.

Every ROUND_MS, soon after a change made at this desk, and as soon as the hub says another desk
pushed (services/hub/listener.py, LISTEN/NOTIFY), a round pushes this desk's changes and pulls
the other desks'. A round runs as a BackgroundOp on a pool of its own, with its own
event store (storage's reopen): never on the window's thread or connection. A hub out of
reach is an answer (`Round.result` is None), so the runner just says "offline" and tries again
at the next round; the desk keeps working on its own file meanwhile. What a pull brought in is
broadcast by the op-runner as whole-refresh changes (services/hub/desk_link.pulled_changes),
so the views read the file again.

One round at a time: a round that is still catching up (a desk back after an hour offline) is
not started again by the timer, and the window keeps only the progress it reports.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QCoreApplication, QObject, QThreadPool, QTimer, Signal

from expo_console.gui.hub import Hub
from expo_console.gui.labels import error_text
from expo_console.gui.ops import BackgroundOp
from expo_console.services.hub import desk_link
from expo_console.services.hub.listener import ChangeListener
from expo_console.services.progress import CancelFlag, ProgressCallback
from expo_console.services.store import EventStore, parse_utc_stamp, reopen

ROUND_MS = 2_000
SOON_MS = 250  # after a change at this desk: the other desks see it within a moment
SHOW_PROGRESS_FROM = 200  # changes in one round; fewer come and go before a bar would be read


class Phase(Enum):
    NO_HUB = "no_hub"  # the file is on no hub: this desk works alone
    READ_ONLY = "read_only"  # on a hub, but opened read-only: nothing can be pulled into it
    NOT_LINKED = "not_linked"  # on a hub this desk does not know the address of
    CONNECTING = "connecting"
    CONNECTED = "connected"
    SYNCING = "syncing"  # a round with many changes, and how far it is
    OFFLINE = "offline"
    FAILED = "failed"  # the round failed on this desk's side (the file busy, the disk full)


@dataclass(frozen=True)
class SyncState:
    phase: Phase
    synced_at: dt.datetime | None = None  # when the file was last even with the hub (aware)
    offline_since: dt.datetime | None = None
    waiting: int = 0  # this desk's changes not yet on the hub
    done: int = 0
    total: int = 0
    problem: str = ""  # why offline or failed, in words


_POOL: QThreadPool | None = None


def sync_pool() -> QThreadPool:
    """One thread for every window's sync: a round waiting for a hub that does not answer holds it
    for the connect timeout, and the shared pool's threads stay free for the views meanwhile."""
    global _POOL
    if _POOL is None:
        _POOL = QThreadPool(QCoreApplication.instance())  # ends with the application, as the global pool
        _POOL.setMaxThreadCount(1)
    return _POOL


class SyncRunner(QObject):
    state_changed = Signal(object)  # SyncState
    round_done = Signal(object)  # desk_link.Round, after its changes were broadcast
    _heard = Signal()  # the hub said another desk pushed (from the listener's thread)

    def __init__(self, store: EventStore, hub: Hub, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store, self.hub = store, hub
        self.dsn: str | None = None
        self.state = SyncState(Phase.NO_HUB)
        self._op: BackgroundOp[desk_link.Round] | None = None
        self._again = False  # a change was made here while a round ran: another round after it
        self._stopped = False
        self.timer = QTimer(self)
        self.timer.setInterval(ROUND_MS)
        self.timer.timeout.connect(self.sync_now)
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(SOON_MS)
        self._soon.timeout.connect(self.sync_now)
        for signal in (hub.visitors_changed, hub.layout_changed, hub.traffic_changed, hub.gates_changed,
                       hub.meetings_changed, hub.bookings_changed):
            signal.connect(self._on_change)
        self._listener: ChangeListener | None = None
        self._heard.connect(self._on_change)  # queued: the listener's thread only emits

    # --- starting and stopping ----------------------------------------------------------------

    def start(self, dsn: str | None = None) -> None:
        """Sync the open file with its hub (the one given, else the one this desk remembers)."""
        if self._stopped:
            return
        if desk_link.hub_event_of(self.store) is None:
            self._set(SyncState(Phase.NO_HUB))
            return
        if self.store.read_only:
            self._set(SyncState(Phase.READ_ONLY))
            return
        self.dsn = dsn or desk_link.known_dsn(self.store)
        if self.dsn is None:
            self._set(SyncState(Phase.NOT_LINKED, waiting=desk_link.waiting_changes(self.store)))
            return
        if self.state.phase in (Phase.NO_HUB, Phase.NOT_LINKED, Phase.READ_ONLY):
            self._set(SyncState(Phase.CONNECTING, waiting=desk_link.waiting_changes(self.store)))
        if self._listener is not None:
            self._listener.stop()
        # another desk's push is pulled at once; the rounds stay for what a dropped connection lost
        self._listener = ChangeListener(self.dsn, self.store.stamp.desk_id, self._heard.emit).start()
        self.timer.start()
        self.sync_now()

    def stop(self) -> None:
        """The window closes or opens another file: no round starts again, the running one stops
        at its next batch (what it committed stays; the next open goes on from there)."""
        self._stopped = True
        self.timer.stop()
        self._soon.stop()
        if self._listener is not None:
            self._listener.stop()
        if self._op is not None:
            self._op.cancel()

    @property
    def running(self) -> bool:
        return self._op is not None

    # --- rounds -------------------------------------------------------------------------------

    def sync_now(self) -> None:
        if self._stopped or self.dsn is None or self._op is not None:
            return
        event, dsn = self.store, self.dsn

        def work(progress: ProgressCallback, cancel: CancelFlag) -> desk_link.Round:
            store = reopen(event)  # the worker's own connection to the same file

            def told(done: int, total: int) -> None:
                cancel.raise_if_set()  # the window closed: stop between batches
                progress(done, total)
            try:
                outcome = desk_link.sync_round(store, dsn, progress=told)
            finally:
                store.close()
            cancel.raise_if_set()  # nothing left to tell a window that has gone
            return outcome

        op: BackgroundOp[desk_link.Round] = BackgroundOp(self, self.hub, work, pool=sync_pool())
        op.on_progress(self._on_progress).on_success(self._on_round).on_failure(self._on_failure)
        op.on_cancelled(self._on_cancelled)
        self._op = op
        self._again = False
        op.run()

    def _on_progress(self, done: int, total: int) -> None:
        if total >= SHOW_PROGRESS_FROM and done < total:
            self._set(SyncState(Phase.SYNCING, self.state.synced_at, self.state.offline_since,
                                self.state.waiting, done, total))

    def _on_round(self, outcome: desk_link.Round) -> None:
        self._op = None
        synced_at = parse_utc_stamp(outcome.synced_at) if outcome.synced_at else None
        if outcome.result is None:
            since = self.state.offline_since or synced_at or dt.datetime.now(dt.UTC)
            problem = error_text(outcome.error) if outcome.error is not None else ""
            self._set(SyncState(Phase.OFFLINE, synced_at, since, outcome.waiting, problem=problem))
        else:
            self._set(SyncState(Phase.CONNECTED, synced_at, None, outcome.waiting))
        self.round_done.emit(outcome)
        self._next()

    def _on_failure(self, error: Exception, _details: str) -> None:
        self._op = None
        self._set(SyncState(Phase.FAILED, self.state.synced_at, self.state.offline_since, self.state.waiting,
                            problem=error_text(error)))
        self._next()

    def _on_cancelled(self) -> None:
        self._op = None

    def _next(self) -> None:
        if self._again and not self._stopped:
            self._soon.start()

    def _on_change(self, _change: object = None) -> None:
        """A change at this desk (or a pull's own broadcast, which comes while its round is still
        running: one more quick round then finds nothing)."""
        if self._stopped or self.dsn is None:
            return
        if self._op is not None:
            self._again = True
        elif not self._soon.isActive():
            self._soon.start()

    def _set(self, state: SyncState) -> None:
        self.state = state
        self.state_changed.emit(state)
