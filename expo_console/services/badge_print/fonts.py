"""The Korean font for badges: a TrueType font embedded as a subset, or a clear refusal.

reportlab embeds TrueType (glyf) fonts, subsetting them to the glyphs used. It cannot embed CFF
outlines (Noto Sans CJK .otf), and its built-in CID fonts (HYGothic) are not embedded at all, so
a printer without them prints blanks or boxes: neither is ever used here. Search order:
resources/fonts, then the system's NanumGothic (Debian fonts-nanum), Malgun Gothic (Windows),
Apple SD Gothic Neo (macOS).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from expo_console.resources import resource

REGULAR = "ExpoKorean"
BOLD = "ExpoKorean-Bold"

_CANDIDATES: list[tuple[Path, Path]] = [
    (resource("fonts", "NanumGothic.ttf"), resource("fonts", "NanumGothicBold.ttf")),
    (Path("/usr/share/fonts/truetype/nanum/NanumGothic.ttf"),
     Path("/usr/share/fonts/truetype/nanum/NanumGothicBold.ttf")),
    (Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts" / "malgun.ttf",
     Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts" / "malgunbd.ttf"),
    (Path("/System/Library/Fonts/AppleSDGothicNeo.ttc"), Path("/System/Library/Fonts/AppleSDGothicNeo.ttc")),
    (Path.home() / "Library" / "Fonts" / "NanumGothic.ttf", Path.home() / "Library" / "Fonts" / "NanumGothicBold.ttf"),
]


class KoreanFontMissing(Exception):
    """No embeddable Korean font: printing stops, and the message says what to install."""


@dataclass(frozen=True, slots=True)
class BadgeFonts:
    regular: str
    bold: str
    path: Path


_registered: BadgeFonts | None = None


def _install_hint() -> str:
    if sys.platform.startswith("win"):
        return "Install the Malgun Gothic font (Windows Settings > Fonts), or put NanumGothic.ttf in resources/fonts."
    if sys.platform == "darwin":
        return "Install NanumGothic (https://hangeul.naver.com/font) or put NanumGothic.ttf in resources/fonts."
    return "Install it with 'sudo apt install fonts-nanum' (make run does this), or put NanumGothic.ttf in resources/fonts."


def _load(path: Path, name: str) -> TTFont:
    if path.suffix.lower() == ".ttc":
        return TTFont(name, str(path), subfontIndex=0)
    return TTFont(name, str(path))


def badge_fonts() -> BadgeFonts:
    """Register (once) and return the Korean fonts; KoreanFontMissing if none can be embedded."""
    global _registered
    if _registered is not None:
        return _registered
    tried: list[str] = []
    for regular, bold in _CANDIDATES:
        if not regular.exists():
            continue
        try:
            regular_font = _load(regular, REGULAR)
            bold_font = _load(bold if bold.exists() else regular, BOLD)
        except (TTFError, OSError) as exc:  # e.g. CFF outlines: reportlab cannot embed them
            tried.append(f"{regular} ({exc})")
            continue
        if not regular_font.face.charToGlyph.get(ord("똠")):
            tried.append(f"{regular} (no Hangul glyphs)")
            continue
        pdfmetrics.registerFont(regular_font)
        pdfmetrics.registerFont(bold_font)
        _registered = BadgeFonts(REGULAR, BOLD, regular)
        return _registered
    detail = f" Tried: {'; '.join(tried)}." if tried else ""
    raise KoreanFontMissing(f"No Korean font that can be embedded in badges was found.{detail} {_install_hint()}")

