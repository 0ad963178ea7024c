"""A zone's small map on a printed page: the zone's outline as the floor plan has it, its
numbered spots where they stand (the consultation tables, the studio's sets, the photo corner),
the reader's own filled in, the booths around it for bearings, and a scale bar.

The map is oriented as the A3 plan and the floor-plan editor are (the lobby side at the bottom),
so a buyer holding the itinerary beside the venue's plan sees the same picture. Spots are drawn
at the size the map gives them (ZoneMap.spot_m), the numbers sized to fit them.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from weakref import WeakKeyDictionary

from reportlab.lib.colors import Color, HexColor, black, white
from reportlab.pdfgen.canvas import Canvas

from expo_console.services.consultations.prints.context import ZoneMap
from expo_console.services.consultations.prints.page_kit import (
    ACCENT,
    GRID,
    MUTED,
    draw_text,
    text_width,
)
from expo_console.services.layout.plan_pdf_labels import door_label

LEGEND_H = 11.0  # points under the map: the legend and the scale bar
Project = Callable[[float, float], tuple[float, float]]  # hall metres → page points


def draw_zone_map(canvas: Canvas, zone: ZoneMap, x: float, y: float, width: float, height: float,
                  mine: Collection[int] = ()) -> None:
    """The map in the box whose lower-left corner is (x, y); `mine` are the tables to fill in.
    What every page shares (the hall, the booths, the zone, its tables) is drawn once into a form
    the PDF holds once; each page adds its own tables over it."""
    left, bottom, view_w, view_h = zone.view
    map_h = height - LEGEND_H
    scale = min(width / view_w, map_h / view_h)
    x0 = x + (width - view_w * scale) / 2 - left * scale
    y0 = y + LEGEND_H + (map_h - view_h * scale) / 2 - bottom * scale

    def at(px: float, py: float) -> tuple[float, float]:
        return x0 + px * scale, y0 + py * scale

    name = f"zonemap-{id(zone)}-{x:.1f}-{y:.1f}-{width:.1f}-{height:.1f}"
    drawn = _FORMS.setdefault(canvas, set())
    if name not in drawn:
        canvas.beginForm(name)
        _base(canvas, zone, at, scale, (x, y + LEGEND_H, width, map_h))
        canvas.endForm()
        drawn.add(name)
    canvas.doForm(name)
    for table in zone.tables:
        if table.number in mine:
            _table(canvas, table.number, *at(table.x, table.y), zone.spot_m * scale, True)
    _legend(canvas, x, y, width, scale, zone.legend if mine else "")


# The forms each canvas holds already, by name (a canvas is one PDF being written).
_FORMS: WeakKeyDictionary[Canvas, set[str]] = WeakKeyDictionary()


def _base(canvas: Canvas, zone: ZoneMap, at: Project, scale: float, box: tuple[float, float, float, float]) -> None:
    x, y, width, height = box
    canvas.saveState()
    canvas.setStrokeColor(GRID)
    canvas.setLineWidth(0.6)
    canvas.rect(x, y, width, height, stroke=1, fill=0)
    clip = canvas.beginPath()
    clip.rect(x, y, width, height)
    canvas.clipPath(clip, stroke=0, fill=0)
    _hall(canvas, zone, at)
    _booths(canvas, zone, at, scale, (x, y, x + width, y + height))
    _doors(canvas, zone, at, (x, y, x + width, y + height))
    _outline(canvas, zone, at)
    for table in zone.tables:
        _table(canvas, table.number, *at(table.x, table.y), zone.spot_m * scale, False)
    canvas.restoreState()


def _hall(canvas: Canvas, zone: ZoneMap, at: Project) -> None:
    if not zone.hall_outline:
        return
    path = canvas.beginPath()
    for i, point in enumerate(zone.hall_outline):
        px, py = at(*point)
        path.moveTo(px, py) if i == 0 else path.lineTo(px, py)
    path.close()
    canvas.setStrokeColor(black)
    canvas.setLineWidth(1.4)
    canvas.drawPath(path, stroke=1, fill=0)


def _booths(canvas: Canvas, zone: ZoneMap, at: Project, scale: float,
            box: tuple[float, float, float, float]) -> None:
    """The booths around the zone, cut by the map's edge; a booth's number only when it shows
    whole (a number cut off, or hidden by the clip but still in the PDF's text, misleads)."""
    canvas.setLineWidth(0.4)
    for booth in zone.booths:
        bx, by = at(booth.x, booth.y)
        w, h = booth.width * scale, booth.depth * scale
        canvas.setFillColor(HexColor("#f5f5f5"))
        canvas.setStrokeColor(HexColor("#bdbdbd"))
        canvas.rect(bx, by, w, h, stroke=1, fill=1)
        size = min(5.5, h * 0.4)
        label_w = text_width(booth.number, size, False)
        lx, ly = bx + (w - label_w) / 2, by + (h - size) / 2 + 0.8
        inside = box[0] <= lx and lx + label_w <= box[2] and box[1] <= ly and ly + size <= box[3]
        if booth.number and size >= 3 and label_w < w - 2 and inside:
            canvas.setFillColor(HexColor("#9e9e9e"))
            draw_text(canvas, lx, ly, booth.number, size, False)


def _doors(canvas: Canvas, zone: ZoneMap, at: Project, box: tuple[float, float, float, float]) -> None:
    """The hall's doors near the zone, as the A3 plan marks them (an exit blue or red, its name
    level on the hall's side of the wall, where the map shows it whole)."""
    if not zone.hall_outline:
        return
    xs, ys = [p[0] for p in zone.hall_outline], [p[1] for p in zone.hall_outline]
    centre = at((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
    for door in zone.doors:
        colour = HexColor("#2e86c1" if door.kind == "entrance" else "#c0392b")
        (x1, y1), (x2, y2) = at(*door.start), at(*door.end)
        canvas.setStrokeColor(colour)
        canvas.setLineWidth(3)
        canvas.line(x1, y1, x2, y2)
        label, size = door_label(door), 5.5
        width = text_width(label, size, True)
        mx, my = (x1 + x2) / 2, (y1 + y2) / 2
        if abs(y1 - y2) < 0.1:  # a wall across the map: the label above or below it, inwards
            lx, ly = mx - width / 2, (my - size - 2.5) if my > centre[1] else my + 2.5
        else:
            lx, ly = ((mx - width - 3) if mx > centre[0] else mx + 3), my - size / 2
        if box[0] <= lx and lx + width <= box[2] and box[1] <= ly and ly + size <= box[3]:
            canvas.setFillColor(colour)
            draw_text(canvas, lx, ly, label, size, True)


def _outline(canvas: Canvas, zone: ZoneMap, at: Project) -> None:
    if not zone.outline:
        return
    path = canvas.beginPath()
    for i, point in enumerate(zone.outline):
        px, py = at(*point)
        path.moveTo(px, py) if i == 0 else path.lineTo(px, py)
    path.close()
    colour = HexColor(zone.colour)
    # a pale tint mixed by hand: a transparent fill needs a graphics state that a form drawn on
    # many pages does not carry to them (viewers then complain and draw it opaque)
    canvas.setFillColor(Color(*(c + (1 - c) * 0.92 for c in (colour.red, colour.green, colour.blue))))
    canvas.setStrokeColor(colour)
    canvas.setLineWidth(1.1)
    canvas.setDash(4, 2)
    canvas.drawPath(path, stroke=1, fill=1)
    canvas.setDash()


def _table(canvas: Canvas, number: int, cx: float, cy: float, side: float, mine: bool) -> None:
    side = max(side, 7.0)  # a table never smaller than its number
    canvas.setLineWidth(0.8 if mine else 0.5)
    canvas.setStrokeColor(ACCENT if mine else MUTED)
    canvas.setFillColor(ACCENT if mine else white)
    canvas.rect(cx - side / 2, cy - side / 2, side, side, stroke=1, fill=1)
    label = str(number)
    size = min(side * 0.62, 11.0)
    while size > 3 and text_width(label, size, True) > side - 1:
        size -= 0.25
    canvas.setFillColor(white if mine else black)
    draw_text(canvas, cx - text_width(label, size, True) / 2, cy - size * 0.36, label, size, True)


def _legend(canvas: Canvas, x: float, y: float, width: float, scale: float, legend: str) -> None:
    """What a filled-in spot is (nothing when none is), and the scale bar."""
    baseline = y + 2.5
    if legend:
        canvas.setFillColor(ACCENT)
        canvas.rect(x, baseline - 0.5, 6, 6, stroke=0, fill=1)
        canvas.setFillColor(black)
        draw_text(canvas, x + 9, baseline, legend, 7, False)
    # the scale bar: 5 m, or 10 m when the zone is drawn small
    metres = 5 if 5 * scale >= 20 else 10
    bar = metres * scale
    right = x + width
    canvas.setStrokeColor(black)
    canvas.setLineWidth(0.8)
    canvas.line(right - bar, baseline + 1, right, baseline + 1)
    canvas.line(right - bar, baseline - 1, right - bar, baseline + 3)
    canvas.line(right, baseline - 1, right, baseline + 3)
    label = f"{metres} m"
    canvas.setFillColor(MUTED)
    draw_text(canvas, right - bar - text_width(label, 7, False) - 3, baseline, label, 7, False)
    canvas.setFillColor(black)
