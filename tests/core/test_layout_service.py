"""The plan in the event file: the demo plan, edits, the layout JSON, the PDFs and `layout` CLI."""

from __future__ import annotations

import copy
import io
import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pypdfium2
import pytest

from expo_console.domain.floor_plan import Booth, PlanError
from expo_console.domain.layout_geometry import Rect
from expo_console.services import layout, layout_file, layout_pdf
from expo_console.services.demo import create_demo_event
from expo_console.storage.connection import EventStore
from support import TEST_STAMP


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.expo"
    create_demo_event(path, TEST_STAMP, visitors=0).close()
    return path


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> EventStore:
    from expo_console.services.events import open_event

    copy_path = tmp_path / "demo.expo"
    copy_path.write_bytes(demo_template.read_bytes())
    return open_event(copy_path, TEST_STAMP)


def test_the_demo_plan_places_everyone_by_section_and_breaks_no_rule(demo: EventStore) -> None:
    plan = layout.load_plan(demo)
    assert layout.unplaced_exhibitors(demo) == []
    assert sum(1 for b in plan.booths if b.exhibitor_id) == 95
    assert layout.check_plan(demo).violations == ()
    section_zones = {z.name_en: z for z in plan.zones if z.kind == "section"}
    assert len(section_zones) == 6
    exhibitors = {e.id: e for e in layout.exhibitors(demo)}
    zones = {z.id: z for z in plan.zones}
    from expo_console.domain.layout_geometry import polygon_contains

    for booth in plan.booths:
        if not booth.exhibitor_id:
            continue
        exhibitor = exhibitors[booth.exhibitor_id]
        centre = (booth.x + booth.width / 2, booth.y + booth.depth / 2)
        home = zones[exhibitor.zone_id] if exhibitor.zone_id else next(
            z for z in plan.zones if z.kind == "section" and z.name == _section_name(demo, exhibitor.section_code))
        assert polygon_contains(home.polygon, centre), f"{booth.number} is not in {home.name}"
        assert booth.number.startswith(layout.section_prefixes(demo)[booth.section_code] + "-")
    placed = {z.name_en for z in plan.zones if z.polygon}
    assert {"Purchase consultation zone", "Live-commerce studio", "KBIZ booth", "Demo zone"} <= placed
    assert {"KBIZ", "LIVE"} <= {b.number for b in plan.booths}


def _section_name(store: EventStore, code: str | None) -> str:
    return store.conn.execute("SELECT name FROM sections WHERE code = ?", (code,)).fetchone()[0]


def test_booth_edits_are_checked_and_numbers_stay_unique(demo: EventStore) -> None:
    booth = layout.load_plan(demo).booths[0]
    other = layout.load_plan(demo).booths[1]
    with pytest.raises(PlanError, match=f"booth {booth.number}: another booth already has this number"):
        layout.put_booths(demo, [replace(other, number=booth.number)])
    swapped = [replace(booth, number=other.number), replace(other, number=booth.number)]
    layout.put_booths(demo, swapped)  # a swap in one step is fine
    assert layout.load_plan(demo).booth(booth.id).number == other.number
    with pytest.raises(PlanError, match="width: 0.5 m is too small"):
        layout.put_booths(demo, [replace(booth, width=0.5)])
    with pytest.raises(PlanError, match="raw space starts at 2 modules"):
        layout.put_booths(demo, [replace(booth, build_type="raw", width=3, depth=3)])


def test_a_locked_layout_refuses_edits(demo: EventStore) -> None:
    booth = layout.load_plan(demo).booths[0]
    layout.set_locked(demo, True)
    with pytest.raises(layout.LayoutLocked, match="unlock"):
        layout.put_booths(demo, [booth.moved(booth.x + 3, booth.y)])
    layout.set_locked(demo, False)
    layout.put_booths(demo, [booth.moved(booth.x + 0.5, booth.y)])
    assert layout.load_plan(demo).booth(booth.id).x == booth.x + 0.5


def test_renumbering_only_when_asked(demo: EventStore) -> None:
    plan = layout.load_plan(demo)
    m01 = next(b for b in plan.booths if b.number == "M-01")
    far = next(b for b in plan.booths if b.number == "M-16")
    layout.put_booths(demo, [far.moved(m01.x, m01.y - 9), m01.moved(far.x, far.y)])  # swapped places
    assert {b.number for b in layout.load_plan(demo).booths} >= {"M-01", "M-16"}  # unchanged by the move
    changes = {b.id: b.number for b in layout.numbering_changes(demo)}
    assert changes[far.id] == "M-01"


def test_rules_are_event_settings(demo: EventStore) -> None:
    layout.set_rules(demo, layout.RuleSet(min_aisle_m=4.0))
    assert layout.rules(demo).min_aisle_m == 4.0
    assert {v.rule for v in layout.check_plan(demo).violations} == {"narrow_aisle"}  # 3.5 m aisles now fail


def test_layout_json_round_trip(demo: EventStore, tmp_path: Path) -> None:
    before = layout.load_plan(demo)
    target = tmp_path / "plan.json"
    layout_file.export_layout(demo, target)
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["format"] == "expo-console-layout" and len(data["booths"]) == len(before.booths)
    data["booths"][0]["x"] += 0.5
    target.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    layout_file.import_layout(demo, target)
    after = layout.load_plan(demo)
    moved = after.booth(data["booths"][0]["id"])
    assert moved.x == data["booths"][0]["x"] and len(after.booths) == len(before.booths)
    assert {z.id for z in after.zones} == {z.id for z in before.zones}


def _broken(data: dict, change: str) -> dict:
    data = copy.deepcopy(data)
    first, second = data["booths"][0], data["booths"][1]
    if change == "unknown":
        first["colour"] = "red"
    elif change == "missing":
        del first["width"]
    elif change == "negative":
        first["width"] = -3
    elif change == "absurd":
        first["depth"] = 3000
    elif change == "duplicate":
        second["number"] = first["number"]
    elif change == "exhibitor":
        first["exhibitor"] = "0190f0f0-dead-7000-8000-000000000000"
        first["exhibitor_name"] = "(주)없는회사"
    elif change == "top":
        data["version"] = 2
    elif change == "status":
        first["status"] = "paid"
    return data


@pytest.mark.parametrize(("change", "message"), [
    ("unknown", "unknown field 'colour'"), ("missing", "missing field 'width'"),
    ("negative", "width: -3 m is too small"), ("absurd", "depth: 3000 m is larger than any booth"),
    ("duplicate", "number: used by two booths"), ("exhibitor", r"'\(주\)없는회사' is not an exhibitor of this event"),
    ("top", "layout: unknown field 'version'"), ("status", "status: 'paid' is not one of"),
])
def test_a_bad_layout_json_names_the_booth_and_field_and_imports_nothing(
        demo: EventStore, tmp_path: Path, change: str, message: str) -> None:
    before = layout.load_plan(demo)
    data = layout_file.layout_to_dict(demo)
    target = tmp_path / "bad.json"
    target.write_text(json.dumps(_broken(data, change), ensure_ascii=False), encoding="utf-8")
    with pytest.raises(PlanError, match=message) as caught:
        layout_file.import_layout(demo, target)
    if change not in ("top",):
        assert data["booths"][0]["number"] in str(caught.value) or data["booths"][1]["number"] in str(caught.value)
    assert layout.load_plan(demo) == before


def test_a_file_that_is_not_json_is_refused(demo: EventStore, tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    target.write_bytes(b"\x89PNG not json")
    with pytest.raises(PlanError, match="plan.json: not a layout JSON file"):
        layout_file.import_layout(demo, target)


def test_the_a3_plan_embeds_the_korean_font(demo: EventStore) -> None:
    buffer = io.BytesIO()
    layout_pdf.write_plan_pdf(demo, buffer)
    pdf = buffer.getvalue()
    document = pypdfium2.PdfDocument(pdf)
    width, height = document[0].get_size()
    assert (round(width), round(height)) == (1191, 842)  # A3 landscape in points
    assert b"/FontFile2" in pdf and b"NanumGothic" in pdf and b"/Helvetica" not in pdf
    page_text = document[0].get_textpage().get_text_range()
    assert "M-01" in page_text and "구매상담존" in page_text and "(주)" in page_text
    document.close()


def test_the_directory_is_in_korean_order_without_legal_forms(demo: EventStore) -> None:
    names = ["(주)한빛식품", "주식회사 가온", "㈜다온", "나래"]
    assert sorted(names, key=layout_pdf.korean_sort_key) == ["주식회사 가온", "나래", "㈜다온", "(주)한빛식품"]
    buffer = io.BytesIO()
    layout_pdf.write_directory_pdf(demo, buffer)
    document = pypdfium2.PdfDocument(buffer.getvalue())
    assert len(document) >= 2  # 95 firms do not fit one A4 page
    first = document[0].get_textpage().get_text_range()
    assert first.index("(주)가온") < first.index("(주)금강")
    document.close()


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "expo_console", *args], capture_output=True, text=True,
                          timeout=120)


def test_layout_cli_check_export_import(demo: EventStore, tmp_path: Path) -> None:
    db = str(demo.path)
    booth = layout.load_plan(demo).booths[0]
    demo.close()
    check = cli("layout", "check", "--db", db)
    assert check.returncode == 0 and json.loads(check.stdout)["count"] == 0
    for name in ("plan.pdf", "plan.png", "plan.json"):
        result = cli("layout", "export", "--db", db, "--out", str(tmp_path / name))
        assert result.returncode == 0, result.stderr
    assert (tmp_path / "plan.png").read_bytes()[:4] == b"\x89PNG"
    data = json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))
    entry = next(b for b in data["booths"] if b["id"] == booth.id)
    entry["x"], entry["y"] = 24.0, 1.0  # into the B1 entrance's clear strip
    (tmp_path / "plan.json").write_text(json.dumps(data), encoding="utf-8")
    assert cli("layout", "import", "--db", db, str(tmp_path / "plan.json")).returncode == 0
    check = json.loads(cli("layout", "check", "--db", db).stdout)
    assert check["count"] >= 1 and check["violations"][0]["rule"] == "clear_strip"
    assert check["violations"][0]["booth_numbers"] == [booth.number]
    entry["number"] = data["booths"][1]["number"]
    (tmp_path / "plan.json").write_text(json.dumps(data), encoding="utf-8")
    bad = cli("layout", "import", "--db", db, str(tmp_path / "plan.json"))
    assert bad.returncode == 1 and "used by two booths. Nothing was imported." in bad.stderr
    wrong = cli("layout", "export", "--db", db, "--out", str(tmp_path / "plan.docx"))
    assert wrong.returncode == 1 and ".pdf, .png or .json" in wrong.stderr
    missing = cli("layout", "check", "--db", str(tmp_path / "nope.expo"))
    assert missing.returncode == 1


def test_booths_far_from_exits_are_found_in_a_real_plan(demo: EventStore) -> None:
    """A wall of raw space across the hall makes the back of it a long walk round."""
    wall = [Booth(f"w{i}", 6 + i * 6.0, 32.0, 6.0, 3.0, build_type="raw") for i in range(21)]
    plan = layout.load_plan(demo)
    keep = [b for b in plan.booths if not Rect(0, 30, 135, 6).overlaps(b.rect)]
    layout.put_booths(demo, [])
    with demo.write() as conn:
        conn.execute("DELETE FROM booths")
    layout.put_booths(demo, keep + wall)
    assert layout.check_plan(demo).worst_egress > layout.load_plan(demo).hall.bounds.width / 4
