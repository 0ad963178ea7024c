"""Drawing badges onto PDF pages from a template: band, text boxes, QR code, logo, cut marks."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from expo_console.domain.badge_layout import LINE_SPACING, fit_text
from expo_console.domain.hangul import contains_hangul
from expo_console.domain.romanize import romanize_name
from expo_console.services.badge_print import text as badge_text
from expo_console.services.badge_print.fonts import badge_fonts
from expo_console.services.badge_print.qr import draw_qr
from expo_console.services.badge_print.templates import (
    MIN_MODULE_MM,
    Box,
    ClassStyle,
    Placed,
    Template,
    TemplateError,
    load_class_styles,
    load_class_templates,
    load_template,
)
from expo_console.services.progress import CancelFlag, ProgressCallback, no_progress

# Compressed page streams stay binary: ASCII85 only makes them bigger and slower to write.
rl_config.useA85 = 0

_ASCENT = 0.8  # of the font size: where the baseline sits below the top of a line
_CUT_MARK = 4 * mm
_CUT_GAP = 1 * mm


@dataclass(frozen=True, slots=True)
class BadgeContent:
    code: str
    visitor_class: str
    name: str
    romanized: str = ""
    company: str = ""
    title: str = ""
    event: str = ""
    country: str = ""

    def value(self, field: str) -> str:
        return str(getattr(self, field))


def renderer_for(format_id: str) -> BadgeRenderer:
    """The renderer of a page format, with the organizer's per-class layouts for it."""
    template = load_template(format_id)
    return BadgeRenderer(template, class_templates=load_class_templates(format_id, template))


def content_for(visitor: dict[str, Any], code: str, event_name: str, *, romanize: bool = False) -> BadgeContent:
    """What goes on a visitor's badge: foreign visitors by their English name; a Korean name
    with its romanised form below when the organizer turns that on."""
    name, name_en = visitor["name"], visitor["name_en"]
    foreign = visitor.get("country") not in ("", "KR", None) or not contains_hangul(name)
    shown = (name_en or name) if foreign else (name or name_en)
    second = ""
    if romanize and contains_hangul(shown):
        second = name_en or romanize_name(shown)
    return BadgeContent(code=code, visitor_class=visitor["visitor_class"], name=shown, romanized=second,
                        company=visitor["company"], title=visitor["title"], event=event_name,
                        country=visitor.get("country") or "")


class BadgeRenderer:
    """Draws badges of one template; fonts, class styles and images are loaded once."""

    def __init__(self, template: Template, styles: dict[str, ClassStyle] | None = None,
                 class_templates: dict[str, Template] | None = None) -> None:
        badge_fonts()  # KoreanFontMissing before anything is drawn
        self.template = template
        self.class_templates = class_templates or {}
        self.styles = styles or load_class_styles()
        self._images: dict[Path, ImageReader] = {}
        for each in (template, *self.class_templates.values()):  # a broken image fails now, not mid-batch
            self._image(each.logo, "logo")
            self._image(each.background, "background")

    def _image(self, placed: Placed | None, what: str) -> ImageReader | None:
        if placed is None or placed.path is None:
            return None
        reader = self._images.get(placed.path)
        if reader is None:
            try:
                reader = ImageReader(str(placed.path))
                reader.getSize()  # decodes the header: a corrupt file fails here
            except Exception as exc:  # PIL raises many kinds for a bad image; all mean the same
                raise TemplateError(f"The {what} image {placed.path} is missing or cannot be read ({exc}). "
                                    f"Fix the path in the template or replace the image.") from exc
            self._images[placed.path] = reader
        return reader

    # -- one badge ------------------------------------------------------------------------------

    def draw(self, canvas: Canvas, content: BadgeContent, slot: int = 0) -> None:
        t = self.class_templates.get(content.visitor_class, self.template)
        page_height = t.page_size[1] * mm
        ox, oy = t.badge_origin(slot)
        left, top = ox * mm, page_height - oy * mm
        width, height = t.badge_size[0] * mm, t.badge_size[1] * mm
        canvas.saveState()
        background = self._image(t.background, "background")
        if background is not None:
            canvas.drawImage(background, left, top - height, width, height, mask="auto")
        self._band(canvas, t, content, left, top, width, height)
        for box in t.boxes:
            self._text_box(canvas, box, content.value(box.field), left, top)
        module = draw_qr(canvas, content.code, left + t.qr.x * mm, top - t.qr.y * mm, t.qr.width * mm)
        if module < MIN_MODULE_MM * mm:
            raise TemplateError(f"QR modules of {module / mm:.2f} mm are under {MIN_MODULE_MM} mm.")
        logo = self._image(t.logo, "logo")
        if logo is not None and t.logo is not None:
            canvas.drawImage(logo, left + t.logo.x * mm, top - (t.logo.y + t.logo.height) * mm,
                             t.logo.width * mm, t.logo.height * mm, preserveAspectRatio=True, anchor="c", mask="auto")
        if t.cut_marks:
            self._cut_marks(canvas, left, top, width, height)
        canvas.restoreState()

    def _band(self, canvas: Canvas, t: Template, content: BadgeContent, left: float, top: float,
              width: float, height: float) -> None:
        style = self.styles.get(content.visitor_class) or next(iter(self.styles.values()))
        band = t.band_height * mm
        bottom = top - band if t.band_edge == "top" else top - height
        canvas.setFillColor(HexColor(style.colour))
        canvas.rect(left, bottom, width, band, stroke=0, fill=1)
        label = f"{style.label_en}  {style.label_ko}" if style.label_ko != style.label_en else style.label_en
        fitted = fit_text(label, width - 6 * mm, band * 0.8, lambda s, size: badge_text.width(s, size, True),
                          max_size=t.band_max_size, min_size=4, max_lines=1)
        canvas.setFillColor(HexColor(style.text_colour))
        size = fitted.size
        line = fitted.lines[0]
        x = left + (width - badge_text.width(line, size, True)) / 2
        badge_text.draw(canvas, x, bottom + (band - size * _ASCENT) / 2, line, size, True)

    def _text_box(self, canvas: Canvas, box: Box, value: str, left: float, top: float) -> None:
        value = badge_text.visual_order(value)
        if not value.strip():
            return
        bw, bh = box.width * mm, box.height * mm
        fitted = fit_text(value, bw, bh, lambda s, size: badge_text.width(s, size, box.bold),
                          max_size=box.max_size, min_size=box.min_size, max_lines=box.max_lines)
        lines = fitted.lines
        size = fitted.size
        block = size * (1 + LINE_SPACING * (len(lines) - 1))
        y = top - box.y * mm - (bh - block) / 2 - size * _ASCENT
        canvas.setFillColorRGB(0.1, 0.1, 0.1)
        for line in lines:
            line_width = badge_text.width(line, size, box.bold)
            x = left + box.x * mm
            if box.align == "center":
                x += (bw - line_width) / 2
            elif box.align == "right":
                x += bw - line_width
            badge_text.draw(canvas, x, y, line, size, box.bold)
            y -= size * LINE_SPACING

    @staticmethod
    def _cut_marks(canvas: Canvas, left: float, top: float, width: float, height: float) -> None:
        canvas.setStrokeColorRGB(0.3, 0.3, 0.3)
        canvas.setLineWidth(0.25)
        for x, y, dx, dy in ((left, top, -1, 1), (left + width, top, 1, 1),
                             (left, top - height, -1, -1), (left + width, top - height, 1, -1)):
            canvas.line(x + dx * _CUT_GAP, y, x + dx * (_CUT_GAP + _CUT_MARK), y)
            canvas.line(x, y + dy * _CUT_GAP, x, y + dy * (_CUT_GAP + _CUT_MARK))

    # -- a whole PDF ----------------------------------------------------------------------------

    def _canvas(self, target: str | io.BytesIO, title: str) -> Canvas:
        canvas = Canvas(target, pagesize=(self.template.page_size[0] * mm, self.template.page_size[1] * mm),
                        pageCompression=1)
        canvas.setTitle(title)
        canvas.setCreator("Expo Console")
        return canvas

    def _draw_all(self, canvas: Canvas, contents: Iterable[BadgeContent], total: int,
                  progress: ProgressCallback, cancel: CancelFlag | None) -> int:
        count = 0
        for count, content in enumerate(contents, start=1):
            if cancel is not None:
                cancel.raise_if_set()
            slot = (count - 1) % self.template.per_page
            if slot == 0 and count > 1:
                canvas.showPage()
            self.draw(canvas, content, slot)
            if count % 50 == 0:
                progress(count, total)
        return count

    def pdf_bytes(self, contents: Iterable[BadgeContent], title: str = "Badge") -> bytes:
        """The PDF in memory: what the desk previews and sends to the printer for one walk-in."""
        buffer = io.BytesIO()
        canvas = self._canvas(buffer, title)
        self._draw_all(canvas, contents, 0, no_progress, None)
        canvas.save()
        return buffer.getvalue()

    def write_pdf(self, target: Path | str, contents: Iterable[BadgeContent], *, total: int = 0,
                  title: str = "Badges", progress: ProgressCallback = no_progress,
                  cancel: CancelFlag | None = None) -> int:
        """All badges into one PDF (several per page on sheet formats); returns how many."""
        target = Path(target)
        partial = target.with_name(target.name + ".part")
        canvas = self._canvas(str(partial), title)
        try:
            count = self._draw_all(canvas, contents, total, progress, cancel)
            canvas.save()
            partial.replace(target)  # no half-written PDF under the real name
        finally:
            partial.unlink(missing_ok=True)
        progress(count, total)
        return count
