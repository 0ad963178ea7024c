"""Badges as the printer gets them: rendered, rasterised, and read back by an independent QR reader."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp

from expo_console.domain.badge_layout import fit_text
from expo_console.domain.visitors import Consent, VisitorDraft
from expo_console.resources import resource
from expo_console.services.badge_print import text as badge_text
from expo_console.services.badge_print.render import BadgeContent, BadgeRenderer, content_for
from expo_console.services.badge_print.templates import (
    TemplateError,
    available_formats,
    load_template,
    load_template_file,
)
from expo_console.services.badges.codes import issue_badge, verify_code
from expo_console.services.registration.visitors import get_visitor, register_visitor
from expo_console.storage.connection import EventStore

FORMATS = ["4x3in", "4x6in", "a4-8up", "a6", "cr80"]
NAMES = ["김", "가나다라마바사아자차카타파하" * 8 + "가나다라마바사아",  # 1 and 120 characters
         "Kim 김기문 Müller 😀 محمد", "Maximilian Alexander von Hohenzollern-Sigmaringen"]


def test_the_five_formats_are_there() -> None:
    assert available_formats() == FORMATS


def issued(store: EventStore, name: str, company: str = "", cls: str = "visitor") -> BadgeContent:
    visitor_id = register_visitor(store, VisitorDraft(name=name, company=company, visitor_class=cls,
                                                      consents=frozenset({Consent.REQUIRED})),
                                  allow_duplicate=True).visitor_id
    badge, _ = issue_badge(store, visitor_id)
    return content_for(get_visitor(store, visitor_id), badge.code, "2022 스마트비즈엑스포", romanize=True)


def decoded_codes(pdf: Path, dpi: int = 300) -> list[str]:
    document = pypdfium2.PdfDocument(str(pdf))
    found: list[str] = []
    for page in document:
        image = page.render(scale=dpi / 72).to_pil()
        found += [r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode]
    document.close()
    return found


@pytest.mark.parametrize("format_id", FORMATS)
def test_every_format_prints_qr_codes_that_an_independent_reader_decodes_and_verifies(
        store: EventStore, tmp_path: Path, format_id: str) -> None:
    contents = [issued(store, name, company="(주)한빛메디칼", cls=cls)
                for name, cls in zip(NAMES, ("vip", "exhibitor_staff", "overseas_buyer", "press"), strict=True)]
    pdf = tmp_path / f"{format_id}.pdf"
    assert BadgeRenderer(load_template(format_id)).write_pdf(pdf, contents) == len(contents)
    assert sorted(decoded_codes(pdf)) == sorted(c.code for c in contents)
    for code in decoded_codes(pdf):
        assert verify_code(store, code).tag_valid


def test_the_korean_font_is_embedded_as_a_truetype_subset(store: EventStore, tmp_path: Path) -> None:
    pdf = tmp_path / "a6.pdf"
    BadgeRenderer(load_template("a6")).write_pdf(pdf, [issued(store, "정똠")])
    raw = pdf.read_bytes()
    assert b"/FontFile2" in raw  # embedded TrueType outlines
    assert re.search(rb"/BaseFont /[A-Z]{6}\+", raw)  # a subset (tag+name)
    assert b"HYGothic" not in raw and b"HYSMyeongJo" not in raw  # never the non-embedded CID fonts
    assert b"/Subtype /Type0" in raw or b"/Subtype /TrueType" in raw


@pytest.mark.parametrize("format_id", FORMATS)
def test_long_names_stay_inside_their_box(format_id: str) -> None:
    template = load_template(format_id)
    box = next(b for b in template.boxes if b.field == "name")
    for name in NAMES:
        shown = badge_text.visual_order(name)
        fitted = fit_text(shown, box.width * 2.8346, box.height * 2.8346,
                          lambda s, size: badge_text.width(s, size, box.bold),
                          max_size=box.max_size, min_size=box.min_size, max_lines=box.max_lines)
        assert "".join(fitted.lines).replace(" ", "") == shown.replace(" ", "")
        for line in fitted.lines:
            assert badge_text.width(line, fitted.size, box.bold) <= box.width * 2.8346 + 0.01


def test_foreign_visitors_get_their_english_name_and_koreans_a_romanised_line() -> None:
    foreign = content_for({"name": "王伟", "name_en": "Wang Wei", "company": "", "title": "", "country": "CN",
                           "visitor_class": "overseas_buyer"}, "1", "E", romanize=True)
    korean = content_for({"name": "박한구", "name_en": "", "company": "", "title": "", "country": "KR",
                          "visitor_class": "vip"}, "1", "E", romanize=True)
    assert (foreign.name, foreign.romanized) == ("Wang Wei", "")
    assert (korean.name, korean.romanized) == ("박한구", "Park Hangu")


def test_an_invalid_template_names_the_field(tmp_path: Path) -> None:
    data = json.loads(resource("badge_templates", "a6.json").read_text(encoding="utf-8"))
    data["boxes"][1]["max_size_pt"] = "big"
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(TemplateError, match=r"boxes\[1\]\.max_size_pt' must be a number"):
        load_template_file(broken)
    data["boxes"][1]["max_size_pt"] = 40
    data["qr"]["size_mm"] = 8
    broken.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(TemplateError, match="qr.size_mm"):
        load_template_file(broken)
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(TemplateError, match="cannot be read as JSON"):
        load_template_file(broken)


@pytest.mark.parametrize("content", [None, b"not an image at all"], ids=["missing", "corrupt"])
def test_a_missing_or_corrupt_logo_is_a_clear_error(tmp_path: Path, content: bytes | None) -> None:
    data = json.loads(resource("badge_templates", "a6.json").read_text(encoding="utf-8"))
    logo = tmp_path / "logo.png"
    if content is not None:
        logo.write_bytes(content)
    data["logo"] = {"path": str(logo), "x_mm": 70, "y_mm": 2, "width_mm": 30, "height_mm": 10}
    path = tmp_path / "with-logo.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(TemplateError, match="logo image .* is missing or cannot be read"):
        BadgeRenderer(load_template_file(path))


def test_an_organizer_layout_for_one_class_is_used_for_that_class_only(store: EventStore, tmp_path: Path,
                                                                       monkeypatch) -> None:
    import shutil

    from expo_console.services.badge_print import templates as templates_module
    from expo_console.services.badge_print.render import renderer_for

    folder = tmp_path / "templates"
    shutil.copytree(resource("badge_templates"), folder)
    vip = json.loads((folder / "a6.json").read_text(encoding="utf-8"))
    vip["qr"] = {"x_mm": 8, "y_mm": 80, "size_mm": 30}  # VIP badges: QR on the left
    (folder / "a6.vip.json").write_text(json.dumps(vip), encoding="utf-8")
    monkeypatch.setattr(templates_module, "TEMPLATE_DIR", folder)
    assert "a6.vip" not in templates_module.available_formats()
    renderer = renderer_for("a6")
    assert set(renderer.class_templates) == {"vip"}
    pdf = tmp_path / "mixed.pdf"
    renderer.write_pdf(pdf, [issued(store, "김기문", cls="vip"), issued(store, "이영", cls="visitor")])
    document = pypdfium2.PdfDocument(str(pdf))
    positions = []
    for page in document:
        found = zxingcpp.read_barcodes(page.render(scale=200 / 72).to_pil())[0]
        positions.append(found.position.top_left.x / (page.get_width() * 200 / 72))
    assert positions[0] < 0.2 < positions[1]  # the VIP's QR sits on the left, the visitor's centred
    vip["badge"]["height_mm"] = 140  # a different badge size inside the same page
    (folder / "a6.vip.json").write_text(json.dumps(vip), encoding="utf-8")
    with pytest.raises(TemplateError, match="must match a6.json"):
        renderer_for("a6")
