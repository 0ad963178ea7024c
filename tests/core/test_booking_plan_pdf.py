"""The A3 plan PDF for the venue shows the studio's sets (S1, S2) and the photo corner (P1) where
Studio & photos placed them, clear of each other, as the consultation tables are shown."""

from __future__ import annotations

import subprocess
from pathlib import Path

from booking_support import studio
from event_templates import EventTemplates

from expo_console.domain.bookings import BookingKind
from expo_console.services.bookings import setup
from expo_console.services.layout import plan_pdf


def test_the_sets_and_the_photo_corner_are_on_the_venues_plan(event_templates: EventTemplates,
                                                                tmp_path: Path) -> None:
    made = studio(event_templates, tmp_path / "event.expo", resources=2, days=1)
    try:
        setup.place_resources(made.store, BookingKind.PHOTO, ["Photo zone"])
        target = tmp_path / "plan.pdf"
        plan_pdf.write_plan_pdf(made.store, target)
        words = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout.split()
        assert {"S1", "S2", "P1"} <= set(words)
        placed = [*setup.resources(made.store, BookingKind.STUDIO), *setup.resources(made.store, BookingKind.PHOTO)]
        assert len({(round(r.x, 1), round(r.y, 1)) for r in placed}) == 3  # the corner does not hide a set
    finally:
        made.store.close()
