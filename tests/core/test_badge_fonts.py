"""Without an embeddable Korean font, printing stops and says what to install; never boxes or blanks."""

from __future__ import annotations

from pathlib import Path

import pytest

from expo_console.services.badge_print import fonts
from expo_console.services.badge_print.render import BadgeRenderer
from expo_console.services.badge_print.templates import load_template


@pytest.fixture
def no_fonts_yet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "_registered", None)


def test_no_korean_font_stops_printing_with_what_to_install(no_fonts_yet, monkeypatch, tmp_path: Path) -> None:
    broken = tmp_path / "NotReallyAFont.ttf"
    broken.write_bytes(b"OTTO" + b"\0" * 200)  # a CFF-flavoured header reportlab cannot embed
    monkeypatch.setattr(fonts, "_CANDIDATES", [(tmp_path / "missing.ttf", tmp_path / "missing.ttf"), (broken, broken)])
    with pytest.raises(fonts.KoreanFontMissing) as info:
        BadgeRenderer(load_template("a6"))
    message = str(info.value)
    assert "NotReallyAFont.ttf" in message  # it says what it tried
    assert "fonts-nanum" in message or "Malgun" in message or "NanumGothic" in message


def test_a_font_without_hangul_is_not_taken(no_fonts_yet, monkeypatch) -> None:
    latin_only = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not latin_only.exists():
        pytest.skip("DejaVu Sans is not installed")
    monkeypatch.setattr(fonts, "_CANDIDATES", [(latin_only, latin_only)])
    with pytest.raises(fonts.KoreanFontMissing, match="no Hangul glyphs"):
        fonts.badge_fonts()
