"""Drawing a line of text that may mix Hangul, Latin, Arabic and emoji.

reportlab draws one font per string and does no shaping or bidi, so a line is first put into
visual order (Arabic letters joined by arabic-reshaper, right-to-left runs reversed by
python-bidi), then cut into runs, each in the first font that has its glyphs: the Korean font,
then DejaVu Sans (Latin, Cyrillic, Greek, Arabic, Hebrew), then Symbola (emoji and symbols).
All are TrueType and embedded as subsets.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import arabic_reshaper
from bidi import get_display
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.pdfgen.canvas import Canvas

from expo_console.services.badge_print.fonts import badge_fonts

_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_FALLBACKS = (
    ("ExpoFallback-Sans", (Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
                           Path(r"C:\Windows\Fonts\arial.ttf"), Path("/Library/Fonts/Arial Unicode.ttf"))),
    ("ExpoFallback-Symbols", (Path("/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf"),
                              Path("/usr/share/fonts/truetype/ancient-scripts/Symbola.ttf"),
                              Path(r"C:\Windows\Fonts\seguisym.ttf"))),
)


@lru_cache(maxsize=1)
def _fallback_fonts() -> tuple[str, ...]:
    names: list[str] = []
    for name, paths in _FALLBACKS:
        for path in paths:
            if path.exists():
                try:
                    pdfmetrics.registerFont(TTFont(name, str(path)))
                except (TTFError, OSError):
                    continue
                names.append(name)
                break
    return tuple(names)


@lru_cache(maxsize=8)
def _glyphs(font: str) -> frozenset[int]:
    return frozenset(pdfmetrics.getFont(font).face.charToGlyph)


def visual_order(text: str) -> str:
    """Right-to-left text shaped and reordered for drawing left to right; others unchanged."""
    if _RTL.search(text):
        return str(get_display(arabic_reshaper.reshape(text)))
    return text


def runs(text: str, bold: bool) -> list[tuple[str, str]]:
    """(font, segment) pairs covering the text, in drawing order."""
    fonts = badge_fonts()
    order = ((fonts.bold if bold else fonts.regular), *_fallback_fonts())
    out: list[tuple[str, str]] = []
    for ch in text:
        code = ord(ch)
        font = next((f for f in order if code in _glyphs(f)), order[0])
        if ch == " " and out:
            font = out[-1][0]  # spaces stay in the run they separate
        if out and out[-1][0] == font:
            out[-1] = (font, out[-1][1] + ch)
        else:
            out.append((font, ch))
    return out


def width(text: str, size: float, bold: bool) -> float:
    return float(sum(stringWidth(segment, font, size) for font, segment in runs(text, bold)))


def draw(canvas: Canvas, x: float, y: float, text: str, size: float, bold: bool) -> None:
    for font, segment in runs(text, bold):
        canvas.setFont(font, size)
        canvas.drawString(x, y, segment)
        x += stringWidth(segment, font, size)
