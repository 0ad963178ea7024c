"""Change objects: what a service changed, for the GUI hub to broadcast to every open view."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class VisitorsChanged:
    upserted: tuple[str, ...] = ()
    deleted: tuple[str, ...] = ()
    # True when so much changed (an import) that views should reload rather than patch.
    reload: bool = False



@dataclass(frozen=True, slots=True)
class LayoutChanged:
    """Booths or zones written or removed; `hall` when the outline, doors or background changed."""

    booths: tuple[str, ...] = ()
    zones: tuple[str, ...] = ()
    hall: bool = False
    reload: bool = False
