"""The A3 plan's door and zone labels: placed clear of the drawn lines and the booths by
label_places, drawn with reportlab."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.lib.colors import HexColor, white
from reportlab.pdfgen.canvas import Canvas

from expo_console.domain.floor_plan import Door, Plan, Zone
from expo_console.services.badge_print import text
from expo_console.services.layout.label_places import (
    ASCENT,
    DESCENT,
    Box,
    Placement,
    Segment,
    edges,
    place,
    text_box,
    upright_text_box,
)

if TYPE_CHECKING:
    from expo_console.services.layout.plan_pdf import Sheet

LABEL_GAP = 2.5  # points between a label and the line it names
DOOR_LABEL_SIZE, ZONE_LABEL_SIZE = 6.0, 6.5


def drawn_zones(plan: Plan) -> list[Zone]:
    return [zone for zone in plan.zones if zone.polygon and zone.kind != "section"]


def drawn_lines(plan: Plan, sheet: Sheet) -> list[Segment]:
    """The lines a label must not cross: the drawn zones' borders, the hall's walls and partition."""
    lines = [line for zone in drawn_zones(plan) for line in edges([sheet.point(*p) for p in zone.polygon])]
    lines += edges([sheet.point(*p) for p in plan.hall.outline])
    if plan.hall.partition:
        lines.append((sheet.point(*plan.hall.partition[0]), sheet.point(*plan.hall.partition[1])))
    return lines


class PlanLabels:
    """The labels placed so far, and what they must keep clear of."""

    def __init__(self, plan: Plan, sheet: Sheet, area: Box) -> None:
        self.area = area
        self.lines = drawn_lines(plan, sheet)
        self.taken = [Box(*sheet.point(b.x, b.y), b.width * sheet.scale, b.depth * sheet.scale) for b in plan.booths]

    def place(self, candidates: list[Box]) -> Placement:
        placement = place(candidates, self.area, self.lines, self.taken)
        self.taken.append(placement.box.grown(1))
        return placement


def _under(canvas: Canvas, placement: Placement) -> None:
    """A white box under a label that could not be placed clear of every line."""
    if not placement.clear:
        box = placement.box.grown(1)
        canvas.saveState()
        canvas.setFillColor(white)
        canvas.rect(box.x, box.y, box.width, box.height, stroke=0, fill=1)
        canvas.restoreState()


def door_label(door: Door) -> str:
    return f"{door.name} {door.name_en}".strip() if door.kind == "entrance" else f"EXIT {door.name}"


def draw_door_label(canvas: Canvas, door: Door, plan: Plan, sheet: Sheet, labels: PlanLabels) -> None:
    """Outside the wall, beside the door; inside when outside would leave the drawable area. A
    side wall's label is turned upright: level, it would need a band as wide as the label."""
    label, size = door_label(door), DOOR_LABEL_SIZE
    (x1, y1), (x2, y2) = sheet.point(*door.start), sheet.point(*door.end)
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    width = text.width(label, size, True)
    left, bottom = sheet.point(plan.hall.bounds.x, plan.hall.bounds.y)
    upright = abs(x1 - x2) < 0.1
    if upright:
        west = mx <= left + 1
        beside = (mx - LABEL_GAP - DESCENT * size, mx + LABEL_GAP + ASCENT * size)
        candidates = [upright_text_box(x, my - width / 2, width, size) for x in (beside if west else beside[::-1])]
    else:
        south = my <= bottom + 1
        beside = (my - LABEL_GAP - ASCENT * size, my + LABEL_GAP + DESCENT * size)
        candidates = [text_box(mx - width / 2, y, width, size) for y in (beside if south else beside[::-1])]
    placement = labels.place(candidates)
    _under(canvas, placement)
    box = placement.box
    if upright:
        canvas.saveState()
        canvas.translate(box.x + ASCENT * size, box.y)
        canvas.rotate(90)
        text.draw(canvas, 0, 0, label, size, True)
        canvas.restoreState()
    else:
        text.draw(canvas, box.x, box.y + DESCENT * size, label, size, True)


def zone_label(zone: Zone) -> str:
    return f"{zone.name} {zone.name_en}".strip()


def draw_zone_label(canvas: Canvas, zone: Zone, sheet: Sheet, labels: PlanLabels) -> None:
    """Above the zone's top-left corner as before when that is clear; else the first clear place
    along its top or bottom border, inside or out (zones touch, and a neighbour's dashed border
    must not strike the label through)."""
    label, size = zone_label(zone), ZONE_LABEL_SIZE
    width = text.width(label, size, True)
    xs, ys = zip(*zone.polygon, strict=True)
    left, top = sheet.point(min(xs), max(ys))
    right, bottom = sheet.point(max(xs), min(ys))
    baselines = (top + LABEL_GAP + DESCENT * size, top - LABEL_GAP - ASCENT * size,
                 bottom + LABEL_GAP + DESCENT * size, bottom - LABEL_GAP - ASCENT * size)
    placement = labels.place([text_box(x, y, width, size) for y in baselines for x in (left + 2, right - 2 - width)])
    _under(canvas, placement)
    canvas.setFillColor(HexColor(zone.colour))
    text.draw(canvas, placement.box.x, placement.box.y + DESCENT * size, label, size, True)
