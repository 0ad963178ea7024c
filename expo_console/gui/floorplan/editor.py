"""The floor-plan editor's verbs: each builds an undo command; commands write through the layout
service and then show the result in the scene (docs/architecture.md, 8: Floor plan).

Every write goes through the op-runner (gui/ops.py), which broadcasts the change the service
returned: the dashboard and any other view of the plan hear of it however it was made.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from expo_console.domain.booth_arrange import align, distribute
from expo_console.domain.floor_plan import MODULE, Booth, Hall, PlanError, Zone
from expo_console.domain.ids import new_id
from expo_console.domain.layout_geometry import snap
from expo_console.gui.floorplan.commands import (
    BackgroundCommand,
    BoothsCommand,
    HallCommand,
    ZonesCommand,
)
from expo_console.gui.floorplan.scene import FloorScene
from expo_console.gui.hub import Hub
from expo_console.gui.ops import run_op
from expo_console.services.layout import floor_plan
from expo_console.services.store import EventStore

PASTE_OFFSET = 3.0  # metres: a pasted copy lands one module up and right of the original


class FloorEditor(QObject):
    refused = Signal(str)  # a write the service refused, in words for the operator
    background_changed = Signal(object)  # dict | None

    def __init__(self, store: EventStore, hub: Hub, scene: FloorScene) -> None:
        super().__init__()
        self.store = store
        self.hub = hub
        self.scene = scene
        self.undo_stack = QUndoStack(self)
        self.clipboard: list[Booth] = []
        self.locked = floor_plan.is_locked(store)
        self.lease_refusal: str | None = None  # on a hub, why another desk's lease makes the plan read-only here

    def read_only(self) -> bool:
        return self.locked or self.lease_refusal is not None

    # --- writes (called by commands) ---------------------------------------------------------

    def write_booths(self, state: Mapping[str, Booth | None]) -> bool:
        try:
            run_op(self.hub, lambda: floor_plan.put_booths(self.store, [b for b in state.values() if b is not None],
                                                           remove=[i for i, b in state.items() if b is None]))
        except PlanError as error:
            self.refused.emit(str(error))
            self.scene.apply_booths({i: self.scene.booths.get(i) for i in state})  # back to what is saved
            return False
        self.scene.apply_booths(state)
        return True

    def write_zones(self, state: Mapping[str, Zone | None]) -> bool:
        try:
            run_op(self.hub, lambda: floor_plan.put_zones(self.store, [z for z in state.values() if z is not None],
                                                          remove=[i for i, z in state.items() if z is None]))
        except PlanError as error:
            self.refused.emit(str(error))
            return False
        self.scene.apply_zones(state)
        return True

    def write_hall(self, hall: Hall) -> bool:
        try:
            run_op(self.hub, lambda: floor_plan.set_hall(self.store, hall))
        except PlanError as error:
            self.refused.emit(str(error))
            return False
        self.scene.set_hall(hall)
        return True

    def write_background(self, values: Mapping[str, object] | None) -> bool:
        try:
            run_op(self.hub, lambda: floor_plan.set_background(self.store, dict(values) if values else None))
        except PlanError as error:
            self.refused.emit(str(error))
            return False
        self.background_changed.emit(dict(values) if values else None)
        return True

    # --- verbs ---------------------------------------------------------------------------------

    def can_edit(self) -> bool:
        if self.lease_refusal is not None:
            self.refused.emit(self.lease_refusal)
            return False
        if self.locked:
            self.refused.emit(self.tr("The layout is locked. Unlock it (Ctrl+L) to edit."))
            return False
        return True

    def _push(self, before: Iterable[Booth], after: Iterable[Booth], text: str, nudge: bool = False) -> None:
        old = {b.id: b for b in before}
        new = {b.id: b for b in after}
        if old == new or not self.can_edit():
            return
        self.undo_stack.push(BoothsCommand(self, old, new, text, nudge=nudge))

    def booths(self, ids: Iterable[str]) -> list[Booth]:
        return [self.scene.booths[i] for i in ids if i in self.scene.booths]

    def move(self, before: list[Booth], after: list[Booth]) -> None:
        self._push(before, after, self.tr("Move %n booth(s)", "", len(after)))

    def nudge(self, ids: list[str], dx: float, dy: float) -> None:
        booths = self.booths(ids)
        self._push(booths, [b.moved(b.x + dx, b.y + dy) for b in booths], self.tr("Nudge booths"), nudge=True)

    def rotate(self, ids: list[str]) -> None:
        booths = self.booths(ids)
        self._push(booths, [b.turned() for b in booths], self.tr("Rotate %n booth(s)", "", len(booths)))

    def resize(self, ids: list[str], across: int, deep: int) -> None:
        booths = self.booths(ids)
        self._push(booths, [replace(b, width=across * MODULE, depth=deep * MODULE) for b in booths],
                   self.tr("Resize booths"))

    def edit(self, booth: Booth, text: str) -> None:
        self._push(self.booths([booth.id]), [booth], text)

    def align(self, ids: list[str], edge: str) -> None:
        booths = self.booths(ids)
        if len(booths) >= 2:
            self._push(booths, align(booths, edge), self.tr("Align booths"))

    def distribute(self, ids: list[str], axis: str) -> None:
        booths = self.booths(ids)
        if len(booths) >= 3:
            self._push(booths, distribute(booths, axis), self.tr("Distribute booths"))

    def delete(self, ids: list[str]) -> None:
        booths = self.booths(ids)
        if booths and self.can_edit():
            self.undo_stack.push(BoothsCommand(self, {b.id: b for b in booths}, dict.fromkeys(ids),
                                               self.tr("Delete %n booth(s)", "", len(booths))))

    def copy(self, ids: list[str]) -> int:
        self.clipboard = self.booths(ids)
        return len(self.clipboard)

    def paste(self) -> list[str]:
        """Copies of the clipboard's booths one module up and right, unassigned and unnumbered."""
        if not self.clipboard or not self.can_edit():
            return []
        copies = [replace(b, id=new_id(), x=b.x + PASTE_OFFSET, y=b.y - PASTE_OFFSET, number="",
                          exhibitor_id=None, status="available") for b in self.clipboard]
        self.undo_stack.push(BoothsCommand(self, dict.fromkeys(b.id for b in copies), {b.id: b for b in copies},
                                           self.tr("Paste %n booth(s)", "", len(copies))))
        self.clipboard = [replace(b, x=b.x + PASTE_OFFSET, y=b.y - PASTE_OFFSET) for b in self.clipboard]
        return [b.id for b in copies]

    def add_booth(self, x: float, y: float, section: str | None = None, exhibitor: str | None = None) -> str | None:
        if not self.can_edit():
            return None
        booth = Booth(new_id(), snap(x - MODULE / 2), snap(y - MODULE / 2), section_code=section,
                      exhibitor_id=exhibitor, status="sold" if exhibitor else "available",
                      services=frozenset({"power", "sign"}))
        self.undo_stack.push(BoothsCommand(self, {booth.id: None}, {booth.id: booth}, self.tr("Add booth")))
        return booth.id

    def assign(self, booth_id: str, exhibitor_id: str | None, section: str | None = None) -> None:
        """Put an exhibitor in a booth (taking them out of any other booth in the same step)."""
        booth = self.scene.booths.get(booth_id)
        if booth is None:
            return
        before = [booth]
        after = [replace(booth, exhibitor_id=exhibitor_id, status="sold" if exhibitor_id else "available",
                         section_code=booth.section_code or section)]
        if exhibitor_id:
            for other in self.scene.booths.values():
                if other.exhibitor_id == exhibitor_id and other.id != booth_id:
                    before.append(other)
                    after.append(replace(other, exhibitor_id=None, status="available"))
        text = self.tr("Assign exhibitor to %1") if exhibitor_id else self.tr("Free booth %1")
        self._push(before, after, text.replace("%1", booth.number or "?"))

    def renumber(self) -> int:
        changes = floor_plan.numbering_changes(self.store)
        if changes:
            self._push(self.booths(b.id for b in changes), changes, self.tr("Renumber booths"))
        return len(changes)

    def put_zone(self, zone: Zone, text: str) -> None:
        if self.can_edit():
            self.undo_stack.push(ZonesCommand(self, {zone.id: self.scene.zones.get(zone.id)}, {zone.id: zone}, text))

    def delete_zone(self, zone_id: str) -> None:
        zone = self.scene.zones.get(zone_id)
        if zone and self.can_edit():
            self.undo_stack.push(ZonesCommand(self, {zone_id: zone}, {zone_id: None},
                                              self.tr("Delete zone %1").replace("%1", zone.name)))

    def set_hall(self, hall: Hall, text: str) -> None:
        if self.scene.hall is not None and self.can_edit():
            self.undo_stack.push(HallCommand(self, self.scene.hall, hall, text))

    def set_background(self, values: Mapping[str, object] | None, text: str) -> None:
        self.undo_stack.push(BackgroundCommand(self, floor_plan.background(self.store), values, text))

    def set_locked(self, locked: bool) -> None:
        """Lock or unlock the plan; every view of it (this one too) follows the broadcast."""
        run_op(self.hub, lambda: floor_plan.set_locked(self.store, locked))

    def read_lock(self) -> bool:
        """The plan's lock as stored (another window may have changed it)."""
        self.locked = floor_plan.is_locked(self.store)
        return self.locked
