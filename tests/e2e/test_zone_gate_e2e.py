"""The consultation zone's gate in the real window: a gate operator's station set to 구매상담존
게이트, a scanner (xdotool) types a buyer's badge and Enter; the verdict panel shows the buyer's
meeting on its purple card, and the file has the admission and the buyer's arrival for it."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy
import pytest
from PIL import Image

from e2e_support import (
    Display,
    box_of,
    screen,
    start_console,
    stop_console,
    wait_for_focus_frame,
    wait_for_window,
    wait_until,
)

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
ZONE_PURPLE = (0x8E, 0x44, 0xAD)  # the card's edge (gui/checkin/meeting_card.py)
GREEN = (0x1E, 0x7D, 0x32)


def midday_zone(now: dt.datetime) -> str:
    """A time zone where it is about noon now: the event's day and its session never cross
    midnight, whenever the test runs."""
    offset = 12 - now.astimezone(dt.UTC).hour  # -11 … +12 hours from UTC
    return "Etc/GMT" if offset == 0 else f"Etc/GMT{-offset:+d}"  # Etc/GMT-3 is three hours ahead of UTC


def zone_running_now(path: Path, config_dir: str) -> tuple[str, str, str]:
    """The demo event running today, in a zone where it is about noon, with a consultation session
    under way (one-hour slots from ten minutes ago) and one buyer's meeting at table 2 in it;
    the badge key where the console looks. (badge code, meeting id, zone gate id)"""
    from expo_console.domain.consultations import Session, Slot
    from expo_console.services.badges.codes import issue_badge
    from expo_console.services.checkin.gates import find_gate
    from expo_console.services.consultations import schedule, setup
    from expo_console.services.demo.event import create_demo_event
    from expo_console.storage.connection import Stamp

    saved = os.environ.get("EXPO_CONSOLE_CONFIG_DIR")
    os.environ["EXPO_CONSOLE_CONFIG_DIR"] = config_dir
    try:
        zone = ZoneInfo(midday_zone(dt.datetime.now(dt.UTC)))
        local = dt.datetime.now(zone)
        # the demo without its own schedule (its sessions keep demo hours): this zone's is set here
        store = create_demo_event(path, Stamp("desk-setup", "organizer", "organizer"), visitors=200,
                                  starts_on=local.date() - dt.timedelta(days=1), consultations=False)
        store.conn.execute("UPDATE event SET timezone = ?", (zone.key,))
        starts = (local - dt.timedelta(minutes=10)).time().replace(second=0, microsecond=0)
        ends = (local + dt.timedelta(hours=3)).time().replace(second=0, microsecond=0)
        setup.set_session(store, Session(local.date(), starts, ends, slot_minutes=60))
        setup.place_tables(store, 4)
        loaded = setup.load(store)
        buyer = next(b for b in loaded.buyers if b.language == "ko")
        slot_end = (dt.datetime.combine(local.date(), starts) + dt.timedelta(hours=1)).time()
        meeting_id, _ = schedule.add_meeting(store, buyer.id, loaded.exhibitors[0].id,
                                             Slot(local.date(), starts, slot_end), 2)
        code = issue_badge(store, buyer.id)[0].code
        gate = find_gate(store, "구매상담존 게이트")["id"]
        store.close()
        return code, meeting_id, gate
    finally:
        if saved is None:
            os.environ.pop("EXPO_CONSOLE_CONFIG_DIR", None)
        else:
            os.environ["EXPO_CONSOLE_CONFIG_DIR"] = saved


def test_a_buyers_badge_typed_at_the_zone_gate_shows_the_next_meeting(display: Display, tmp_path: Path) -> None:
    event = tmp_path / "zone.expo"
    config = Path(display.env["EXPO_CONSOLE_CONFIG_DIR"])
    code, meeting_id, gate = zone_running_now(event, str(config))
    # the station at the zone's gate, as its operator left it (gui/settings.py)
    (config / "preferences.ini").write_text(f"[checkin]\nstation=zone-e2e\ngate={gate}\ndirection=in\n",
                                            encoding="utf-8")
    display.env.update(EXPO_CONSOLE_OPERATOR="gate", EXPO_CONSOLE_PIN="0000")  # a gate operator, not a coordinator
    shots = tmp_path / "shots"
    console = start_console(display, "--db", str(event), "--lang", "ko", "--workspace", "checkin")
    try:
        window = wait_for_window(display, "Expo Console", console=console)
        display.xdotool("windowsize", "--sync", window, "1366", "768")
        display.xdotool("windowfocus", "--sync", window)
        wait_for_focus_frame(display, shots)  # the scan field takes the focus on its own
        assert box_of(screen(display, shots), ZONE_PURPLE) is None  # no card before a scan
        display.xdotool("type", "--delay", "4", code)  # a scanner: a few ms between keys
        display.xdotool("key", "Return")

        def recorded() -> tuple[object, ...] | None:
            conn = sqlite3.connect(event)
            try:
                scan = conn.execute("SELECT verdict, gate_id, scanned_at FROM scans WHERE station = 'zone-e2e'").fetchone()
                arrived = conn.execute("SELECT arrived_at FROM meetings WHERE id = ?", (meeting_id,)).fetchone()[0]
                return (*scan, arrived) if scan else None
            finally:
                conn.close()

        assert wait_until(recorded), "no scan was recorded at the zone's gate"
        verdict, at_gate, scanned_at, arrived_at = recorded()  # type: ignore[misc]
        assert (verdict, at_gate) == ("admitted", gate)
        assert arrived_at == scanned_at  # the gate's scan marked the buyer arrived for the meeting under way
        shot: list[numpy.ndarray] = []

        def card_shown() -> bool:
            shot[:] = [screen(display, shots)]
            edge = box_of(shot[0], ZONE_PURPLE, at_least=600)
            panel = box_of(shot[0], GREEN, at_least=5000)
            return edge is not None and panel is not None and panel[0] <= edge[0] and edge[3] <= panel[3]

        shown = wait_until(card_shown)
        Image.fromarray(shot[0]).save(tmp_path / "zone_gate.png")
        assert shown, f"the meeting's card did not show in the green verdict panel (see {tmp_path / 'zone_gate.png'})"
        # the card holds text: dark pixels on its white inside, right of the purple edge
        left, top, _right, bottom = box_of(shot[0], ZONE_PURPLE, at_least=600)  # type: ignore[misc]
        inside = shot[0][top:bottom, left + 14:left + 700]
        assert numpy.count_nonzero(numpy.all(inside < 80, axis=-1)) > 2000, "the card is empty"
    finally:
        stop_console(console)
