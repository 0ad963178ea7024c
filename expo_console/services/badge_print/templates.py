"""Loading badge templates (resources/badge_templates/*.json) with errors that name the field."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from expo_console.resources import resource

TEMPLATE_DIR = resource("badge_templates")
FIELDS = ("name", "romanized", "company", "title", "event", "country")
QR_MODULES_WITH_QUIET_ZONE = 25 + 8  # version 2 (58 numeric digits, EC M) + 4 modules each side
MIN_MODULE_MM = 0.33


class TemplateError(Exception):
    """A template that cannot be used; the message names the file and the field."""


@dataclass(frozen=True, slots=True)
class Box:
    field: str
    x: float
    y: float
    width: float
    height: float
    max_size: float
    min_size: float
    max_lines: int
    align: str
    bold: bool


@dataclass(frozen=True, slots=True)
class Placed:
    x: float
    y: float
    width: float
    height: float
    path: Path | None = None


@dataclass(frozen=True, slots=True)
class Template:
    id: str
    name: str
    page_size: tuple[float, float]
    badge_size: tuple[float, float]
    columns: int
    rows: int
    origin: tuple[float, float]
    gap: tuple[float, float]
    cut_marks: bool
    band_edge: str
    band_height: float
    band_max_size: float
    boxes: tuple[Box, ...]
    qr: Placed
    logo: Placed | None
    background: Placed | None

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    def badge_origin(self, slot: int) -> tuple[float, float]:
        """Top-left corner (mm from the page's top-left) of the slot-th badge on a page."""
        column, row = slot % self.columns, slot // self.columns
        return (self.origin[0] + column * (self.badge_size[0] + self.gap[0]),
                self.origin[1] + row * (self.badge_size[1] + self.gap[1]))


@dataclass(frozen=True, slots=True)
class ClassStyle:
    label_en: str
    label_ko: str
    colour: str
    text_colour: str


def available_formats() -> list[str]:
    """Format ids: a6, cr80, … (a6.vip.json is a class layout of a6, not a format)."""
    return sorted(p.stem for p in TEMPLATE_DIR.glob("*.json") if p.stem != "classes" and "." not in p.stem)


def load_class_templates(format_id: str, base: Template) -> dict[str, Template]:
    """Layouts the organizer made for one class in this format: `<format>.<class>.json`."""
    found: dict[str, Template] = {}
    for path in sorted(TEMPLATE_DIR.glob(f"{format_id}.*.json")):
        visitor_class = path.stem.split(".", 1)[1]
        template = load_template_file(path, path.stem)
        if template.page_size != base.page_size or template.badge_size != base.badge_size \
                or template.per_page != base.per_page:
            raise TemplateError(f"Badge template {path.name}: 'page', 'badge' and 'grid' must match {format_id}.json "
                                "(a class layout changes what is on the badge, not its size).")
        found[visitor_class] = template
    return found


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, problem: str) -> TemplateError:
        return TemplateError(f"Badge template {self.source}: '{where}' {problem}.")

    def number(self, data: dict[str, Any], key: str, where: str, *, minimum: float = 0.0) -> float:
        if key not in data:
            raise self.fail(f"{where}.{key}", "is missing")
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(f"{where}.{key}", f"must be a number, not {value!r}")
        if value < minimum:
            raise self.fail(f"{where}.{key}", f"must be at least {minimum}, not {value}")
        return float(value)

    def section(self, data: dict[str, Any], key: str) -> dict[str, Any]:
        value = data.get(key)
        if not isinstance(value, dict):
            raise self.fail(key, "is missing or not an object")
        return value

    def image(self, data: dict[str, Any], key: str) -> Placed | None:
        if key not in data:
            return None
        section = self.section(data, key)
        raw = section.get("path")
        if not isinstance(raw, str) or not raw:
            raise self.fail(f"{key}.path", "is missing")
        path = Path(raw) if Path(raw).is_absolute() else TEMPLATE_DIR / raw
        return Placed(self.number(section, "x_mm", key), self.number(section, "y_mm", key),
                      self.number(section, "width_mm", key, minimum=1), self.number(section, "height_mm", key, minimum=1),
                      path)


def parse_template(data: Any, template_id: str, source: str) -> Template:
    read = _Reader(source)
    if not isinstance(data, dict):
        raise read.fail("(top level)", "must be an object")
    if data.get("format_version") != 1:
        raise read.fail("format_version", "must be 1")
    page, badge, grid, band, qr = (read.section(data, k) for k in ("page", "badge", "grid", "band", "qr"))
    badge_size = (read.number(badge, "width_mm", "badge", minimum=20), read.number(badge, "height_mm", "badge", minimum=20))
    boxes = []
    raw_boxes = data.get("boxes")
    if not isinstance(raw_boxes, list) or not raw_boxes:
        raise read.fail("boxes", "must be a non-empty list")
    for index, raw in enumerate(raw_boxes):
        where = f"boxes[{index}]"
        if not isinstance(raw, dict):
            raise read.fail(where, "must be an object")
        field = raw.get("field")
        if field not in FIELDS:
            raise read.fail(f"{where}.field", f"must be one of {', '.join(FIELDS)}, not {field!r}")
        align = raw.get("align", "left")
        if align not in ("left", "center", "right"):
            raise read.fail(f"{where}.align", f"must be left, center or right, not {align!r}")
        max_lines = raw.get("max_lines", 1)
        if max_lines not in (1, 2):
            raise read.fail(f"{where}.max_lines", "must be 1 or 2")
        box = Box(field, read.number(raw, "x_mm", where), read.number(raw, "y_mm", where),
                  read.number(raw, "width_mm", where, minimum=1), read.number(raw, "height_mm", where, minimum=1),
                  read.number(raw, "max_size_pt", where, minimum=3), read.number(raw, "min_size_pt", where, minimum=3),
                  int(max_lines), str(align), bool(raw.get("bold", False)))
        if box.min_size > box.max_size:
            raise read.fail(f"{where}.min_size_pt", "is larger than max_size_pt")
        if box.x + box.width > badge_size[0] + 0.01 or box.y + box.height > badge_size[1] + 0.01:
            raise read.fail(where, "reaches outside the badge")
        boxes.append(box)
    qr_size = read.number(qr, "size_mm", "qr")
    if qr_size / QR_MODULES_WITH_QUIET_ZONE < MIN_MODULE_MM:
        raise read.fail("qr.size_mm", f"gives modules under {MIN_MODULE_MM} mm; use at least "
                        f"{QR_MODULES_WITH_QUIET_ZONE * MIN_MODULE_MM:.1f}")
    origin = grid.get("origin_mm", [0, 0])
    gap = grid.get("gap_mm", [0, 0])
    if not (isinstance(origin, list) and len(origin) == 2 and isinstance(gap, list) and len(gap) == 2):
        raise read.fail("grid.origin_mm", "and grid.gap_mm must be [x, y]")
    edge = band.get("edge", "bottom")
    if edge not in ("top", "bottom"):
        raise read.fail("band.edge", "must be top or bottom")
    template = Template(
        id=template_id, name=str(data.get("name", template_id)),
        page_size=(read.number(page, "width_mm", "page", minimum=20), read.number(page, "height_mm", "page", minimum=20)),
        badge_size=badge_size,
        columns=int(read.number(grid, "columns", "grid", minimum=1)), rows=int(read.number(grid, "rows", "grid", minimum=1)),
        origin=(float(origin[0]), float(origin[1])), gap=(float(gap[0]), float(gap[1])),
        cut_marks=bool(grid.get("cut_marks", False)), band_edge=str(edge),
        band_height=read.number(band, "height_mm", "band", minimum=3), band_max_size=read.number(band, "max_size_pt", "band", minimum=4),
        boxes=tuple(boxes), qr=Placed(read.number(qr, "x_mm", "qr"), read.number(qr, "y_mm", "qr"), qr_size, qr_size),
        logo=read.image(data, "logo"), background=read.image(data, "background"),
    )
    right, bottom = template.badge_origin(template.per_page - 1)
    if right + badge_size[0] > template.page_size[0] + 0.01 or bottom + badge_size[1] > template.page_size[1] + 0.01:
        raise read.fail("grid", "puts badges outside the page")
    return template


def load_template(format_id: str) -> Template:
    path = TEMPLATE_DIR / f"{format_id}.json"
    if format_id == "classes" or not path.exists():
        raise TemplateError(f"There is no badge format '{format_id}'. Use one of: {', '.join(available_formats())}.")
    return load_template_file(path, format_id)


def load_template_file(path: Path, template_id: str | None = None) -> Template:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise TemplateError(f"Badge template {path.name} cannot be read as JSON ({exc}).") from exc
    return parse_template(data, template_id or path.stem, path.name)


def load_class_styles() -> dict[str, ClassStyle]:
    path = TEMPLATE_DIR / "classes.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {cls: ClassStyle(**style) for cls, style in data.items()}
    except (OSError, ValueError, TypeError) as exc:
        raise TemplateError(f"{path.name} cannot be read ({exc}).") from exc
