"""The A3 plan's labels, read back from the PDF as a person sees them: every word on the page,
door and zone labels inside the drawable area, and no zone label struck through by a border."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from reportlab.lib.units import mm

from expo_console.services.demo.event import create_demo_event
from expo_console.services.layout import floor_plan, plan_pdf
from expo_console.services.layout.label_places import Box, place
from expo_console.services.layout.plan_pdf_labels import (
    door_label,
    drawn_lines,
    drawn_zones,
    zone_label,
)
from support import TEST_STAMP

WORD = re.compile(r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([^<]*)</word>')
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')
PRINTABLE_EDGE = 5 * mm  # what a printer may leave blank round the sheet


def test_a_box_knows_which_lines_cross_it() -> None:
    box = Box(10, 10, 20, 5)
    assert box.crosses(((0, 12), (40, 12)))  # straight through
    assert box.crosses(((15, 0), (15, 11)))  # ends inside
    assert not box.crosses(((0, 16), (40, 16)))  # above
    assert not box.crosses(((0, 0), (9, 40)))  # beside, slanting
    assert box.crosses(((0, 0), (40, 20)))  # slanting through


def test_a_label_takes_the_first_clear_place_or_a_white_box() -> None:
    area = Box(0, 0, 100, 100)
    wall = ((0, 50), (100, 50))
    first, second = Box(10, 48, 20, 5), Box(10, 60, 20, 5)
    assert place([first, second], area, [wall]).box == second
    chosen = place([Box(-5, 60, 20, 5), first], area, [wall])  # the first is off the area
    assert chosen.box == first and not chosen.clear  # drawn on a white box


def words(pdf: Path) -> tuple[list[tuple[str, Box]], float, float]:
    """Every word with its box in page points, y up as in the code that drew it."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    width, height = (float(v) for v in PAGE.search(html).groups())
    found = []
    for x0, y0, x1, y1, word in WORD.findall(html):
        left, top, right, bottom = float(x0), height - float(y0), float(x1), height - float(y1)
        found.append((word, Box(left, bottom, right - left, top - bottom)))
    return found, width, height


def label_box(found: list[tuple[str, Box]], label: str) -> Box:
    """The union of the label's words, found as a run (turned text may come out in any order)."""
    tokens = label.split()
    for i in range(len(found) - len(tokens) + 1):
        run = found[i:i + len(tokens)]
        if sorted(w for w, _ in run) == sorted(tokens):
            boxes = [b for _, b in run]
            left, bottom = min(b.x for b in boxes), min(b.y for b in boxes)
            return Box(left, bottom, max(b.right for b in boxes) - left, max(b.top for b in boxes) - bottom)
    raise AssertionError(f"{label!r} is not on the page")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_labels_stay_on_the_sheet_and_no_border_strikes_a_zone_label(tmp_path: Path) -> None:
    store = create_demo_event(tmp_path / "demo.expo", TEST_STAMP, visitors=0)
    plan = floor_plan.load_plan(store)
    plan_pdf.write_plan_pdf(store, tmp_path / "plan.pdf")
    store.close()
    found, width, height = words(tmp_path / "plan.pdf")
    printable = Box(PRINTABLE_EDGE, PRINTABLE_EDGE, width - 2 * PRINTABLE_EDGE, height - 2 * PRINTABLE_EDGE)
    off = [word for word, box in found if not box.inside(printable)]
    assert not off, f"cut at the page's edge: {off}"
    sheet, area = plan_pdf.plan_frame(plan)
    found = [(word, box) for word, box in found if box.x < area.right + 10 * mm]  # not the legend's
    tolerance = 0.5  # pdftotext's boxes are the font's, a little taller than the glyphs
    for door in plan.hall.doors:
        box = label_box(found, door_label(door))
        assert box.inside(area.grown(tolerance)), (door.name, box, area)
    lines = drawn_lines(plan, sheet)
    for zone in drawn_zones(plan):
        box = label_box(found, zone_label(zone)).grown(-tolerance)
        assert box.inside(area), (zone.name, box)
        struck = [line for line in lines if box.crosses(line)]
        assert not struck, f"{zone.name}'s label is crossed by {struck}"
