"""How the plan draws what a workspace placed inside a zone, on screen (gui/floorplan/zone_marks.py)
and on the A3 plan PDF alike: a consultation table, a studio set (S1 …), a photo corner (P1 …)."""

from __future__ import annotations

from dataclasses import dataclass

from expo_console.domain.bookings import BookingKind
from expo_console.services.bookings.setup import RESOURCE_SIZE_M
from expo_console.services.consultations.setup import TABLE_SIZE_M


@dataclass(frozen=True, slots=True)
class ZoneMark:
    size_m: float
    fill: str
    stroke: str
    text: str
    prefix: str = ""  # before the number: 'S' for a studio set, 'P' for a photo corner


TABLE_MARK = ZoneMark(TABLE_SIZE_M, "#f3e5f5", "#6a1b9a", "#4a148c")
RESOURCE_MARKS = {BookingKind.STUDIO: ZoneMark(RESOURCE_SIZE_M, "#fdecea", "#b71c1c", "#7f0000", "S"),
                  BookingKind.PHOTO: ZoneMark(RESOURCE_SIZE_M, "#fff3e0", "#e65100", "#8c3100", "P")}
