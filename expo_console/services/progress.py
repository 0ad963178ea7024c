"""The contract between long work and whoever runs it (the GUI worker helper, the CLI, tests)."""

from __future__ import annotations

import threading
from collections.abc import Callable

# progress(done, total): total may be 0 when unknown.
ProgressCallback = Callable[[int, int], None]


class Cancelled(Exception):
    """Raised inside long work when its cancel flag was set; the work has rolled back."""


class CancelFlag:
    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def is_set(self) -> bool:
        return self._event.is_set()

    def raise_if_set(self) -> None:
        if self._event.is_set():
            raise Cancelled()


def no_progress(done: int, total: int) -> None:
    """The progress callback for callers that show none."""
