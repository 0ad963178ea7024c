"""Fitting text into a badge's box: shrink to fit, then wrap, never cut.

The name is the largest text on a badge. It is set as large as the box allows up to the
template's size; if it does not fit on one line at the template's minimum size it wraps to two
lines (at a word boundary when there is one, else between characters, as Korean names and long
company names need); if two lines at the minimum still do not fit, the size keeps going down
until they do, and past that it takes as many lines as the box holds. Nothing is ever cut
off: the result says when the text went below the minimum.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# width of `text` at `size` points, in points (reportlab's stringWidth with a font bound)
Measure = Callable[[str, float], float]

LINE_SPACING = 1.15
FLOOR_SIZE = 3.0  # the two-line attempt stops here; past it, more lines (see fit_text)


@dataclass(frozen=True, slots=True)
class FittedText:
    lines: tuple[str, ...]
    size: float
    below_minimum: bool


def _two_lines(text: str, width: float, size: float, measure: Measure) -> tuple[str, str] | None:
    """The most balanced split into two lines that each fit, words first, then characters."""
    words = text.split(" ")
    candidates: list[tuple[str, str]] = []
    if len(words) > 1:
        candidates = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    candidates += [(text[:i].rstrip(), text[i:].lstrip()) for i in range(1, len(text))]
    best: tuple[float, tuple[str, str]] | None = None
    for index, (first, second) in enumerate(candidates):
        if not first or not second:
            continue
        a, b = measure(first, size), measure(second, size)
        if a <= width and b <= width:
            word_split = len(words) > 1 and index < len(words) - 1
            score = max(a, b) - (width if word_split else 0)  # prefer word boundaries
            if best is None or score < best[0]:
                best = (score, (first, second))
    return best[1] if best else None


def fit_text(text: str, width: float, height: float, measure: Measure, *, max_size: float,
             min_size: float, max_lines: int = 2) -> FittedText:
    text = " ".join(text.split())
    if not text:
        return FittedText((), max_size, False)
    size = max_size
    while size >= min_size:  # one line, as large as fits
        if measure(text, size) <= width and size <= height:
            return FittedText((text,), size, False)
        size -= 0.5
    if max_lines >= 2:
        size = min(max_size, height / (2 * LINE_SPACING))
        while size >= FLOOR_SIZE:
            if 2 * size * LINE_SPACING <= height:
                split = _two_lines(text, width, size, measure)
                if split is not None:
                    return FittedText(split, size, size < min_size)
            size -= 0.5
    # Still too long (a 120-character name on a CR80 card): more lines, smaller, until it fits.
    size = min(min_size, height)
    while size > 0.5:
        lines = wrap(text, width, size, measure)
        if lines and size * (1 + LINE_SPACING * (len(lines) - 1)) <= height:
            return FittedText(tuple(lines), size, True)
        size -= 0.25
    return FittedText(tuple(wrap(text, width, 0.5, measure)), 0.5, True)


def wrap(text: str, width: float, size: float, measure: Measure) -> list[str]:
    """Greedy line breaking at spaces, splitting a word between characters only when it alone
    is wider than the line."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if measure(candidate, size) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = ""
        for ch in word:
            if current and measure(current + ch, size) > width:
                lines.append(current)
                current = ch
            else:
                current += ch
    if current:
        lines.append(current)
    return lines
