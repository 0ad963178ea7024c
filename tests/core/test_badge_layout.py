from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from expo_console.domain.badge_layout import LINE_SPACING, fit_text


def measure(text: str, size: float) -> float:
    """A fixed-pitch stand-in: full-width (Hangul) glyphs 1 em, others 0.55 em."""
    return sum(size * (1.0 if ord(ch) > 0x2E80 else 0.55) for ch in text)


def test_short_name_is_set_at_the_largest_size() -> None:
    fitted = fit_text("김기문", width=200, height=40, measure=measure, max_size=32, min_size=14)
    assert fitted.lines == ("김기문",) and fitted.size == 32 and not fitted.below_minimum


def test_longer_name_shrinks_before_it_wraps() -> None:
    fitted = fit_text("Alexandria Montgomery", width=200, height=60, measure=measure, max_size=32, min_size=14)
    assert len(fitted.lines) == 1 and 14 <= fitted.size < 32


def test_too_long_for_one_line_wraps_at_a_word() -> None:
    fitted = fit_text("Maximilian Alexander von Hohenzollern-Sigmaringen", width=200, height=60,
                      measure=measure, max_size=32, min_size=16)
    assert len(fitted.lines) == 2
    assert " ".join(fitted.lines) == "Maximilian Alexander von Hohenzollern-Sigmaringen"


def test_a_name_too_long_for_two_lines_takes_more_lines_rather_than_leave_the_box() -> None:
    fitted = fit_text("가" * 120, width=140, height=42, measure=measure, max_size=22, min_size=10)
    assert len(fitted.lines) >= 3 and "".join(fitted.lines) == "가" * 120
    assert fitted.below_minimum
    assert all(measure(line, fitted.size) <= 140 for line in fitted.lines)


def test_korean_without_spaces_wraps_between_characters() -> None:
    fitted = fit_text("가" * 30, width=200, height=60, measure=measure, max_size=32, min_size=12)
    assert len(fitted.lines) == 2 and "".join(fitted.lines) == "가" * 30


@given(st.text(alphabet="가나다라마 abcdefgh😀", min_size=1, max_size=120),
       st.floats(60, 300), st.floats(20, 80))
def test_never_cut_and_always_inside_the_box(text: str, width: float, height: float) -> None:
    fitted = fit_text(text, width, height, measure, max_size=30, min_size=10)
    assert "".join(fitted.lines).replace(" ", "") == text.replace(" ", "")
    for line in fitted.lines:
        assert measure(line, fitted.size) <= width + 1e-6
    assert fitted.size * (1 + LINE_SPACING * (len(fitted.lines) - 1)) <= height + 1e-6
