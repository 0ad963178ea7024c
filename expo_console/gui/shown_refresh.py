"""A page that reads its data again only while it is on show: a change heard while another page is
on show marks it stale, and it reads again when shown (the hub's changes come to every page, most
of them hidden)."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent


class RefreshedWhenShown:
    """Mixed in before the QWidget class: the widget defines `refresh()`, which clears `_stale`."""

    _stale = True  # nothing read yet

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)  # type: ignore[misc]
        if self._stale:
            self.refresh()  # type: ignore[attr-defined]

    def refresh_when_shown(self) -> None:
        """Read again now if on show, else when next shown."""
        self._stale = True
        if self.isVisible():  # type: ignore[attr-defined]
            self.refresh()  # type: ignore[attr-defined]
