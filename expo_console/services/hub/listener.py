"""Hearing from the hub that another desk pushed: a thread that waits on PostgreSQL's
LISTEN/NOTIFY, so a desk pulls a change within a moment of its push instead of at its next
round (the rounds stay, as the safety net for a notification lost with a dropped connection).

A hub that does not answer is tried again every few seconds; the listener never raises, and the
caller's rounds say whether the hub is offline. No Qt here: the window turns the callback into a
signal, the command-line sync into an event it waits on.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from expo_console.services.hub.common import HubError
from expo_console.services.hub.schema import connect
from expo_console.storage import hub_repo

WAIT_S = 1.0  # how long one wait for a notification lasts: how soon `stop` is heard
RETRY_S = 5.0  # after the hub dropped or did not answer


class ChangeListener:
    def __init__(self, dsn: str, desk_id: str, on_change: Callable[[], None]) -> None:
        self.dsn, self.desk_id, self.on_change = dsn, desk_id, on_change
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="hub-change-listener", daemon=True)

    def start(self) -> ChangeListener:
        self._thread.start()
        return self

    def stop(self) -> None:
        """Ends within WAIT_S (the thread is a daemon: an exit does not wait for it)."""
        self._stop.set()

    def _run(self) -> None:
        import psycopg

        while not self._stop.is_set():
            try:
                with connect(self.dsn) as conn:
                    conn.autocommit = True
                    hub_repo.listen_for_changes(conn)
                    while not self._stop.is_set():
                        if hub_repo.desks_that_pushed(conn, WAIT_S) - {self.desk_id} and not self._stop.is_set():
                            try:
                                self.on_change()
                            except RuntimeError:  # whoever listened is gone (a window closed)
                                return
            except (HubError, psycopg.Error):
                self._stop.wait(RETRY_S)
