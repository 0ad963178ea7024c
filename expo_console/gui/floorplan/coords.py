"""Hall metres ↔ scene units. The lobby side (y = 0) is at the bottom of the screen, as on the
venue's drawings and the A3 PDF, so scene y runs the other way from floor y."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF

from expo_console.domain.layout_geometry import Point, Rect

SCALE = 10.0  # scene units per metre: text stays at sane font sizes at every zoom


def scene_rect(rect: Rect) -> QRectF:
    return QRectF(rect.x * SCALE, -(rect.y + rect.depth) * SCALE, rect.width * SCALE, rect.depth * SCALE)


def scene_point(point: Point) -> QPointF:
    return QPointF(point[0] * SCALE, -point[1] * SCALE)


def floor_point(point: QPointF) -> Point:
    return point.x() / SCALE, -point.y() / SCALE


