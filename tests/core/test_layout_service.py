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
from expo_console.domain.layout_rules import RuleSet
from expo_console.services.demo.event import create_demo_event
from expo_console.services.layout import floor_plan, plan_json, plan_pdf
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
    plan = floor_plan.load_plan(demo)
    assert floor_plan.unplaced_exhibitors(demo) == []
    assert sum(1 for b in plan.booths if b.exhibitor_id) == 95
    assert floor_plan.check_plan(demo).violations == ()
    section_zones = {z.name_en: z for z in plan.zones if z.kind == "section"}
    assert len(section_zones) == 6
    exhibitors = {e.id: e for e in floor_plan.exhibitors(demo)}
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
        assert booth.number.startswith(floor_plan.section_prefixes(demo)[booth.section_code] + "-")
    placed = {z.name_en for z in plan.zones if z.polygon}
    assert {"Purchase consultation zone", "Live-commerce studio", "KBIZ booth", "Demo zone"} <= placed
    assert {"KBIZ", "LIVE"} <= {b.number for b in plan.booths}


def _section_name(store: EventStore, code: str | None) -> str:
    return store.conn.execute("SELECT name FROM sections WHERE code = ?", (code,)).fetchone()[0]


def test_booth_edits_are_checked_and_numbers_stay_unique(demo: EventStore) -> None:
    booth = floor_plan.load_plan(demo).booths[0]
    other = floor_plan.load_plan(demo).booths[1]
    with pytest.raises(PlanError, match=f"booth {booth.number}: another booth already has this number"):
        floor_plan.put_booths(demo, [replace(other, number=booth.number)])
    swapped = [replace(booth, number=other.number), replace(other, number=booth.number)]
    floor_plan.put_booths(demo, swapped)  # a swap in one step is fine
    assert floor_plan.load_plan(demo).booth(booth.id).number == other.number
    with pytest.raises(PlanError, match="width: 0.5 m is too small"):
        floor_plan.put_booths(demo, [replace(booth, width=0.5)])
    with pytest.raises(PlanError, match="raw space starts at 2 modules"):
        floor_plan.put_booths(demo, [replace(booth, build_type="raw", width=3, depth=3)])


def test_a_locked_layout_refuses_edits(demo: EventStore) -> None:
    booth = floor_plan.load_plan(demo).booths[0]
    floor_plan.set_locked(demo, True)
    with pytest.raises(floor_plan.LayoutLocked, match="unlock"):
        floor_plan.put_booths(demo, [booth.moved(booth.x + 3, booth.y)])
    floor_plan.set_locked(demo, False)
    floor_plan.put_booths(demo, [booth.moved(booth.x + 0.5, booth.y)])
    assert floor_plan.load_plan(demo).booth(booth.id).x == booth.x + 0.5


def test_renumbering_only_when_asked(demo: EventStore) -> None:
    plan = floor_plan.load_plan(demo)
    m01 = next(b for b in plan.booths if b.number == "M-01")
    far = next(b for b in plan.booths if b.number == "M-16")
    floor_plan.put_booths(demo, [far.moved(m01.x, m01.y - 9), m01.moved(far.x, far.y)])  # swapped places
    assert {b.number for b in floor_plan.load_plan(demo).booths} >= {"M-01", "M-16"}  # unchanged by the move
    changes = {b.id: b.number for b in floor_plan.numbering_changes(demo)}
    assert changes[far.id] == "M-01"


def test_rules_are_event_settings(demo: EventStore) -> None:
    floor_plan.set_rules(demo, RuleSet(min_aisle_m=4.0))
    assert floor_plan.rules(demo).min_aisle_m == 4.0
    assert {v.rule for v in floor_plan.check_plan(demo).violations} == {"narrow_aisle"}  # 3.5 m aisles now fail


def test_layout_json_round_trip(demo: EventStore, tmp_path: Path) -> None:
    before = floor_plan.load_plan(demo)
    target = tmp_path / "plan.json"
    plan_json.export_layout(demo, target)
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["format"] == "expo-console-layout" and len(data["booths"]) == len(before.booths)
    data["booths"][0]["x"] += 0.5
    target.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    plan_json.import_layout(demo, target)
    after = floor_plan.load_plan(demo)
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
    before = floor_plan.load_plan(demo)
    data = plan_json.layout_to_dict(demo)
    target = tmp_path / "bad.json"
    target.write_text(json.dumps(_broken(data, change), ensure_ascii=False), encoding="utf-8")
    with pytest.raises(PlanError, match=message) as caught:
        plan_json.import_layout(demo, target)
    if change not in ("top",):
        assert data["booths"][0]["number"] in str(caught.value) or data["booths"][1]["number"] in str(caught.value)
    assert floor_plan.load_plan(demo) == before


def test_a_file_that_is_not_json_is_refused(demo: EventStore, tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    target.write_bytes(b"\x89PNG not json")
    with pytest.raises(PlanError, match="plan.json: not a layout JSON file"):
        plan_json.import_layout(demo, target)


def test_the_a3_plan_embeds_the_korean_font(demo: EventStore) -> None:
    buffer = io.BytesIO()
    plan_pdf.write_plan_pdf(demo, buffer)
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
    assert sorted(names, key=plan_pdf.korean_sort_key) == ["주식회사 가온", "나래", "㈜다온", "(주)한빛식품"]
    buffer = io.BytesIO()
    plan_pdf.write_directory_pdf(demo, buffer)
    document = pypdfium2.PdfDocument(buffer.getvalue())
    assert len(document) >= 2  # 95 firms do not fit one A4 page
    first = document[0].get_textpage().get_text_range()
    assert first.index("(주)가온") < first.index("(주)금강")
    document.close()


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "expo_console", *args], capture_output=True, text=True,
                          timeout=120)


@pytest.mark.slow
def test_layout_cli_check_export_import(demo: EventStore, tmp_path: Path) -> None:
    db = str(demo.path)
    booth = floor_plan.load_plan(demo).booths[0]
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
    plan = floor_plan.load_plan(demo)
    keep = [b for b in plan.booths if not Rect(0, 30, 135, 6).overlaps(b.rect)]
    floor_plan.put_booths(demo, [])
    with demo.write() as conn:
        conn.execute("DELETE FROM booths")
    floor_plan.put_booths(demo, keep + wall)
    assert floor_plan.check_plan(demo).worst_egress > floor_plan.load_plan(demo).hall.bounds.width / 4


# --- hostile files (tests/data/hostile/README.md): refused before anything is stored -----------

HOSTILE = Path(__file__).parent.parent / "data" / "hostile"


def _hostile_base() -> dict:
    return json.loads((HOSTILE / "valid_control.json").read_text(encoding="utf-8"))


def _refused(store: EventStore, path: Path, message: str) -> str:
    before = floor_plan.load_plan(store)
    with pytest.raises(PlanError, match=message) as caught:
        plan_json.import_layout(store, path)
    assert floor_plan.load_plan(store) == before
    assert len(str(caught.value)) < 400  # a huge value is described, never repeated
    return str(caught.value)


def test_the_hostile_files_control_layout_imports(demo: EventStore) -> None:
    plan_json.import_layout(demo, HOSTILE / "valid_control.json")
    assert {b.number for b in floor_plan.load_plan(demo).booths} == {"A-01", "A-02"}


@pytest.mark.parametrize(("name", "message"), [
    ("zone_10e12_m_wide.json", r"zone zone one: polygon\[1\]\[0\]: expected a number of metres within ±10,000"),
    ("zone_beyond_the_hall.json", r"zone zone one: polygon: .* reaches more than 100 m past the hall's walls"),
    ("zone_capacity_10e30.json", r"zone zone one: capacity: about 10\^30 people is outside 0–100,000"),
    ("zone_id_twice.json", "zone zone two: id: 'z1' is used by two zones; give each its own id"),
    ("booth_id_empty.json", "booth A-01: id: must not be empty"),
    ("booth_beyond_the_hall.json", r"booth A-01: x/y: \(5,000.0, 30.0\).* more than 100 m past the hall's walls"),
    ("booth_x_1e400.json", r"booth A-01: x: expected a number of metres within ±10,000, got inf"),
    ("booth_x_integer_401_digits.json", r"booth A-01: x: expected a number of metres .*got about 10\^400"),
    ("booth_width_5000_digits.json", r"not a layout JSON file \(a number has more digits than any plan"),
    ("rules_aisle_1_km.json", "rules.min_aisle_m: expected a positive number from 0.1 to 50, got 1000"),
])
def test_a_hostile_layout_file_names_the_item_field_and_bound(demo: EventStore, name: str, message: str) -> None:
    _refused(demo, HOSTILE / name, message)


def test_100000_booths_are_refused_by_their_count(demo: EventStore, tmp_path: Path) -> None:
    data = _hostile_base()
    booth = data["booths"][0]
    data["booths"] = [dict(booth, id=f"b{i}", number=str(i)) for i in range(100_000)]
    target = tmp_path / "many.json"
    target.write_text(json.dumps(data), encoding="utf-8")
    _refused(demo, target, r"layout: booths: 100,000 booths is more than a plan can hold \(5,000 at most\)")


def test_booths_piled_in_one_spot_are_refused(demo: EventStore, tmp_path: Path) -> None:
    """Within the booth cap, but every pair overlaps: the checks would report 5,050 overlaps."""
    data = _hostile_base()
    booth = data["booths"][0]
    data["booths"] = [dict(booth, id=f"p{i}", number=f"P-{i}") for i in range(101)]
    target = tmp_path / "piled.json"
    target.write_text(json.dumps(data), encoding="utf-8")
    _refused(demo, target, r"booth P-0: x/y: 101 booths are piled in one 6 m square with it \(100 at most\)")


def test_deep_nesting_and_huge_text_are_refused_with_a_message(demo: EventStore, tmp_path: Path) -> None:
    text = (HOSTILE / "valid_control.json").read_text(encoding="utf-8")
    target = tmp_path / "deep.json"
    target.write_text(text.replace('"status": "available"', '"status": ' + "[" * 100_000 + "]" * 100_000, 1),
                      encoding="utf-8")
    _refused(demo, target, r"deep.json: not a layout JSON file \(lists or objects nested deeper than any plan")
    target.write_text(text.replace('"status": "available"', '"status": ' + "[" * 500 + "]" * 500, 1),
                      encoding="utf-8")  # deep, but within the parser's reach: the field says why
    _refused(demo, target, "booth A-01: status: expected text, got a list of 1 item")
    data = _hostile_base()
    data["booths"][0]["number"] = "A" * 1_000_000
    target.write_text(json.dumps(data), encoding="utf-8")
    _refused(demo, target, r"booth b1: number: 1,000,000 characters is too long \(16 at most\); shorten it")
    data = _hostile_base()
    data["booths"][0]["section"] = ["A" * 1_000]
    target.write_text(json.dumps(data), encoding="utf-8")
    _refused(demo, target, "booth A-01: section: a list of 1 item is not a section of this event")
    target.write_bytes(b" " * (16 * 1024 * 1024 + 1))
    _refused(demo, target, "deep.json: not a layout JSON file \\(16 MB is larger than any plan file")


def test_too_many_zones_and_points_are_refused(demo: EventStore, tmp_path: Path) -> None:
    data = _hostile_base()
    zone = data["zones"][0]
    data["zones"] = [dict(zone, id=f"z{i}") for i in range(201)]
    target = tmp_path / "zones.json"
    target.write_text(json.dumps(data), encoding="utf-8")
    _refused(demo, target, r"layout: zones: 201 zones is more than a plan can hold \(200 at most\)")
    data = _hostile_base()
    data["zones"][0]["polygon"] = [[10 + i * 0.01, 10 + (i % 2)] for i in range(201)]
    target.write_text(json.dumps(data), encoding="utf-8")
    _refused(demo, target, r"zone zone one: polygon: 201 points is more than a traced outline needs \(200 at most\)")


def test_zone_edits_are_held_to_the_same_bounds(demo: EventStore) -> None:
    zone = next(z for z in floor_plan.load_plan(demo).zones if z.polygon)
    with pytest.raises(PlanError, match=r"capacity: about 10\^30 people is outside 0–100,000"):
        floor_plan.put_zones(demo, [replace(zone, capacity=10**30)])
    with pytest.raises(PlanError, match="reaches more than 100 m past the hall's walls"):
        floor_plan.put_zones(demo, [replace(zone, polygon=((0, 0), (1e12, 0), (1e12, 50), (0, 50)))])
    floor_plan.put_zones(demo, [replace(zone, capacity=100_000)])


def test_a_hostile_hall_file_is_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(PlanError, match=r"hall_10e12_m_wide.hall.json: hall.outline\[1\]\[0\]"):
        floor_plan.read_hall_file(HOSTILE / "hall_10e12_m_wide.hall.json")
    deep = tmp_path / "deep.hall.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(PlanError, match=r"deep.hall.json: cannot read the hall file \(lists or objects nested"):
        floor_plan.read_hall_file(deep)


def test_the_cli_refuses_a_hostile_file_without_a_traceback(demo: EventStore, tmp_path: Path) -> None:
    db = str(demo.path)
    demo.close()
    result = cli("layout", "import", "--db", db, str(HOSTILE / "booth_x_integer_401_digits.json"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "booth A-01: x: expected a number of metres" in result.stderr and "Nothing was imported." in result.stderr
