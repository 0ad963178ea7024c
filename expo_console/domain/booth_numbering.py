"""Booth numbers from the section prefix and the booth's place on the floor: M-01, M-02, … F-01.

Numbers run in reading order from the lobby side: by row (the booth's front edge, y), then
along the row (x), so visitors walking in meet M-01 first. Booths with no section keep the
number they were given by hand (the KBIZ booth, a studio). The editor runs this only when asked;
a number printed in the exhibitor manual must not change because someone nudged a booth.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from expo_console.domain.floor_plan import Booth


def booth_numbers(booths: Iterable[Booth], prefixes: Mapping[str, str]) -> dict[str, str]:
    """booth id → new number, for every booth in a section with a prefix."""
    by_section: dict[str, list[Booth]] = {}
    for booth in booths:
        if booth.section_code and prefixes.get(booth.section_code):
            by_section.setdefault(booth.section_code, []).append(booth)
    numbers: dict[str, str] = {}
    for code, members in by_section.items():
        members.sort(key=lambda b: (round(b.y, 1), round(b.x, 1), b.id))
        width = max(2, len(str(len(members))))
        for position, booth in enumerate(members, start=1):
            numbers[booth.id] = f"{prefixes[code]}-{position:0{width}d}"
    return numbers


def renumbering(booths: Iterable[Booth], prefixes: Mapping[str, str]) -> dict[str, tuple[str, str]]:
    """Only the booths whose number would change: id → (old, new)."""
    booths = list(booths)
    current = {b.id: b.number for b in booths}
    return {booth_id: (current[booth_id], number)
            for booth_id, number in booth_numbers(booths, prefixes).items() if current[booth_id] != number}
