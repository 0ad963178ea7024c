"""The demo event's floor plan: every exhibitor in a booth, grouped by section, the theme zones,
the purchase-consultation zone, the live-commerce studio and the KBIZ booth, with zero rule
violations in the shipped COEX Hall B.

The hall is laid out as 8 columns × 5 rows of island blocks, each 12 m × 6 m (two rows of booths
back to back), with 3.5 m aisles between blocks, 6 m main aisles along the walls and across the
B1 | B2 partition, and nothing in front of a door. B1 holds the industry sections; B2 the
machinery raw space, the three theme zones, the consultation zone and the studio.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from expo_console.domain.booth_numbering import booth_numbers
from expo_console.domain.floor_plan import Booth, Zone
from expo_console.domain.ids import new_id
from expo_console.services.layout import floor_plan
from expo_console.storage import layout_repo
from expo_console.storage.connection import EventStore

COLUMNS = (6.0, 21.5, 37.0, 52.5, 70.5, 86.0, 101.5, 117.0)
ROWS = (6.0, 15.5, 25.0, 34.5, 44.0)
BLOCK_WIDTH, BLOCK_DEPTH = 12.0, 6.0
ZONE_MARGIN = 1.5  # a zone takes in half of the aisle around its blocks

# area name → (columns, rows, booth size, who goes there: a section code or a zone name)
AREAS = {
    "MED": ((0,), (0, 1, 2, 3), (6, 3), "MED"),
    "HOME": ((1,), (0, 1, 2, 3, 4), (6, 3), "HOME"),
    "MAT": ((2,), (0, 1, 2), (6, 3), "MAT"),
    "APP": ((3,), (0, 1, 2), (6, 3), "APP"),
    "FOOD": ((2, 3), (3, 4), (6, 3), "FOOD"),
    "MACH": ((4,), (0, 1, 2), (6, 6), "MACH"),
    "시연존": ((5,), (0, 1, 2), (6, 3), "시연존"),
    "시식존": ((6,), (0, 1, 2), (6, 3), "시식존"),
    "우수기술 체험존": ((7,), (0, 1, 2), (6, 6), "우수기술 체험존"),
}


def _slots(columns: tuple[int, ...], rows: tuple[int, ...], size: tuple[int, int]) -> Iterator[tuple[float, float]]:
    width, depth = size
    for row in rows:
        for column in columns:
            x0, y0 = COLUMNS[column], ROWS[row]
            for dy in range(0, int(BLOCK_DEPTH), depth):
                for dx in range(0, int(BLOCK_WIDTH), width):
                    yield x0 + dx, y0 + dy


def _area_polygon(columns: tuple[int, ...], rows: tuple[int, ...], margin: float) -> tuple[tuple[float, float], ...]:
    x0, x1 = COLUMNS[min(columns)] - margin, COLUMNS[max(columns)] + BLOCK_WIDTH + margin
    y0, y1 = ROWS[min(rows)] - margin, ROWS[max(rows)] + BLOCK_DEPTH + margin
    return (x0, y0), (x1, y0), (x1, y1), (x0, y1)


def add_demo_plan(store: EventStore) -> None:
    floor_plan.set_hall(store, floor_plan.default_hall())
    zone_ids = layout_repo.zone_ids_by_name(store.conn)
    members: dict[str | None, list[tuple[str, str | None]]] = {}
    for listed in floor_plan.exhibitors(store):
        exhibitor_id, section, zone_id = listed.id, listed.section_code, listed.zone_id
        zone_name = next((n for n, i in zone_ids.items() if i == zone_id), None)
        members.setdefault(zone_name or section, []).append((exhibitor_id, section))
    booths: list[Booth] = []
    for columns, rows, size, who in AREAS.values():
        queue = list(members.get(who, []))
        sections = [s for _e, s in queue]
        usual = max(set(sections), key=sections.count) if sections else None  # for the unsold booths
        for x, y in _slots(columns, rows, size):
            exhibitor = queue.pop(0) if queue else None
            section = exhibitor[1] if exhibitor else usual
            booths.append(Booth(
                id=new_id(), x=x, y=y, width=float(size[0]), depth=float(size[1]),
                build_type="raw" if size == (6, 6) else "shell",
                status="sold" if exhibitor else "available", section_code=section,
                exhibitor_id=exhibitor[0] if exhibitor else None,
                services=frozenset({"power", "sign"} | ({"water"} if section == "FOOD" else set()))))
        if queue:
            raise ValueError(f"demo plan: {len(queue)} exhibitors of {who} have no booth")
    booths.append(Booth(new_id(), COLUMNS[0], ROWS[4], 12.0, 6.0, number="KBIZ", build_type="raw",
                        status="reserved", services=frozenset({"power", "sign"})))
    booths.append(Booth(new_id(), COLUMNS[6], ROWS[4], 12.0, 6.0, number="LIVE", build_type="raw",
                        status="reserved", services=frozenset({"power", "sign"})))
    numbers = booth_numbers(booths, floor_plan.section_prefixes(store))
    booths = [replace(b, number=numbers.get(b.id, b.number)) for b in booths]
    floor_plan.put_booths(store, booths)
    floor_plan.put_zones(store, _zones(store, zone_ids))


def _zones(store: EventStore, zone_ids: dict[str, str]) -> list[Zone]:
    existing = {z.name: z for z in layout_repo.zones(store.conn)}
    zones: list[Zone] = []
    for name, (columns, rows, _size, _who) in AREAS.items():
        if name in existing:
            zone = existing[name]
            zones.append(Zone(zone.id, zone.name, zone.name_en, zone.kind, _area_polygon(columns, rows, ZONE_MARGIN),
                              zone.colour))
    for code, name, name_en, colour in floor_plan.sections_with_english(store):
        if code in AREAS:
            columns, rows, _size, _who = AREAS[code]
            zones.append(Zone(new_id(), name, name_en, "section", _area_polygon(columns, rows, ZONE_MARGIN), colour))
    placed = {
        "구매상담존": ((4, 5), (3, 4)),
        "라이브커머스 스튜디오": ((6,), (3, 4)),
        "중소기업중앙회 부스": ((0,), (4,)),
    }
    for name, (columns, rows) in placed.items():
        zone = existing[name]
        zones.append(Zone(zone.id, zone.name, zone.name_en, zone.kind, _area_polygon(columns, rows, ZONE_MARGIN),
                          zone.colour))
    return zones
