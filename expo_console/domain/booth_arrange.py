"""Align and distribute a selection of booths, and where pasted copies land."""

from __future__ import annotations

from collections.abc import Sequence

from expo_console.domain.floor_plan import Booth
from expo_console.domain.layout_geometry import snap

EDGES = ("left", "right", "bottom", "top", "centre_x", "centre_y")


def align(booths: Sequence[Booth], edge: str) -> list[Booth]:
    """Line the booths up on the selection's outermost edge (bottom is the lobby side)."""
    if edge == "left":
        target = min(b.x for b in booths)
        return [b.moved(target, b.y) for b in booths]
    if edge == "right":
        target = max(b.x + b.width for b in booths)
        return [b.moved(target - b.width, b.y) for b in booths]
    if edge == "bottom":
        target = min(b.y for b in booths)
        return [b.moved(b.x, target) for b in booths]
    if edge == "top":
        target = max(b.y + b.depth for b in booths)
        return [b.moved(b.x, target - b.depth) for b in booths]
    if edge == "centre_x":
        target = sum(b.x + b.width / 2 for b in booths) / len(booths)
        return [b.moved(snap(target - b.width / 2), b.y) for b in booths]
    if edge == "centre_y":
        target = sum(b.y + b.depth / 2 for b in booths) / len(booths)
        return [b.moved(b.x, snap(target - b.depth / 2)) for b in booths]
    raise ValueError(f"unknown edge {edge!r}")


def distribute(booths: Sequence[Booth], axis: str) -> list[Booth]:
    """Equal gaps between the booths along x or y, the two outermost staying put (half-metre grid)."""
    if len(booths) < 3:
        return list(booths)
    if axis == "x":
        ordered = sorted(booths, key=lambda b: b.x)
        span = ordered[-1].x + ordered[-1].width - ordered[0].x
        gap = (span - sum(b.width for b in ordered)) / (len(ordered) - 1)
        position, result = ordered[0].x, []
        for booth in ordered:
            result.append(booth.moved(snap(position), booth.y))
            position += booth.width + gap
        return result
    ordered = sorted(booths, key=lambda b: b.y)
    span = ordered[-1].y + ordered[-1].depth - ordered[0].y
    gap = (span - sum(b.depth for b in ordered)) / (len(ordered) - 1)
    position, result = ordered[0].y, []
    for booth in ordered:
        result.append(booth.moved(booth.x, snap(position)))
        position += booth.depth + gap
    return result
