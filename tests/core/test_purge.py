"""Purge after the event (issue 21): before the retention date the personal data is kept; on or
after it every visitor's personal data is erased (no name, phone or e-mail in the file, its WAL,
or a backup made afterwards) and the day's figures stay; the purge is audited and certified; the command line asks first unless told --yes."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from expo_console.domain.bookings import BookingKind
from expo_console.domain.consultations import Session
from expo_console.services import event_settings
from expo_console.services.bookings import outcomes, requests, schedule, setup
from expo_console.services.demo.event import create_demo_event
from expo_console.services.registration.purge import (
    PurgeError,
    purge_due,
    purge_outlook,
    purge_personal_data,
    retention_date,
    set_retention_days,
)
from expo_console.services.traffic.day import TrafficDay
from expo_console.storage import audit_repo
from expo_console.storage.connection import EventStore, backup_to
from support import TEST_STAMP

FIRST_DAY = dt.date(2022, 10, 4)


@pytest.fixture
def played(tmp_path: Path):  # type: ignore[no-untyped-def]
    store = create_demo_event(tmp_path / "demo.expo", TEST_STAMP, visitors=60, simulate_first_day=True,
                              bookings=False)  # the studio test sets up its own
    yield store
    store.close()


def test_the_personal_data_is_kept_until_the_retention_date_then_purged_and_the_figures_stay(
        played: EventStore, tmp_path: Path) -> None:
    keep_until = retention_date(played)
    assert keep_until == dt.date(2022, 10, 7) + dt.timedelta(days=30)  # the last day plus the default 30 days
    event_settings.put(played, event_settings.RETENTION_DAYS, 10)
    assert retention_date(played) == dt.date(2022, 10, 17)
    with pytest.raises(PurgeError, match="kept until 2022-10-17"):
        purge_personal_data(played, today=dt.date(2022, 10, 16))
    assert purge_due(played, dt.date(2022, 10, 17))
    details = [d for row in played.conn.execute(  # a few visitors with a name, a phone and an e-mail
        "SELECT name, phone, phone_digits, email FROM visitors WHERE name != '' AND phone != '' AND email != ''"
        " ORDER BY id LIMIT 5") for d in row]
    assert len(details) == 20
    held = played.path.read_bytes() + Path(f"{played.path}-wal").read_bytes()
    assert all(d.encode() in held for d in details)  # there before: the check below can find them
    before = TrafficDay(played, FIRST_DAY).snapshot(18 * 60)
    done = purge_personal_data(played, today=dt.date(2022, 10, 17), certificate=tmp_path / "certificate.pdf")
    assert done["counts"]["visitors"] == 60 and done["counts"]["scans"] > 0
    assert played.conn.execute("SELECT count(*) FROM visitors").fetchone()[0] == 0
    after = TrafficDay(played, FIRST_DAY).snapshot(18 * 60)
    assert (after.hall.entries, after.hall.unique_visitors, after.hall.occupancy) == (
        before.hall.entries, before.hall.unique_visitors, before.hall.occupancy)
    assert [z.entries for z in after.zones] == [z.entries for z in before.zones]
    assert after.peak_hour == before.peak_hour and after.buyers_on_site == before.buyers_on_site
    backup = tmp_path / "after.expo"
    backup_to(played, backup)
    for path in (played.path, Path(f"{played.path}-wal"), backup):
        raw = path.read_bytes() if path.exists() else b""
        assert [d for d in details if d.encode() in raw] == [], path
    assert audit_repo.entries(played.conn)[-1]["action"] == "purge" and not purge_due(played, dt.date(2022, 10, 17))
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "certificate.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Certificate of destruction" in text and "60" in text and TEST_STAMP.operator in text


def test_the_command_line_purge_asks_first_unless_told_yes(played: EventStore) -> None:
    event_settings.put(played, event_settings.RETENTION_DAYS, 0)
    path = played.path
    played.close()
    asked = subprocess.run([sys.executable, "-m", "expo_console", "purge", "--db", str(path)], capture_output=True,
                           text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert asked.returncode == 1 and "--yes" in asked.stderr
    done = subprocess.run([sys.executable, "-m", "expo_console", "purge", "--db", str(path), "--yes"],
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    assert '"visitors": 60' in done.stdout


def test_the_retention_period_is_a_number_of_days_an_organizer_sets_and_the_outlook_follows(played: EventStore) -> None:
    from expo_console.services.registration.purge import purge_outlook, set_retention_days

    outlook = purge_outlook(played, dt.date(2022, 11, 5))
    assert (outlook.last_day, outlook.retention_days, outlook.retention_date) == (
        dt.date(2022, 10, 7), 30, dt.date(2022, 11, 6))
    assert outlook.visitors == 60 and not outlook.possible and not outlook.due
    for wrong in (-1, 3651, True, 1.5):
        with pytest.raises(PurgeError, match="number of days from 0 to 3650"):
            set_retention_days(played, wrong)  # type: ignore[arg-type]
    assert set_retention_days(played, 0) == dt.date(2022, 10, 7)  # the last day itself
    assert purge_outlook(played, dt.date(2022, 10, 7)).due
    assert audit_repo.entries(played.conn)[-1]["detail"] == {"key": "retention_days", "value": 0}


def test_a_certificate_that_cannot_be_written_is_found_out_before_anything_is_erased(
        played: EventStore, tmp_path: Path) -> None:
    event_settings.put(played, event_settings.RETENTION_DAYS, 0)
    with pytest.raises(PurgeError, match="nothing was purged. Choose a folder that exists"):
        purge_personal_data(played, today=dt.date(2030, 1, 1), certificate=tmp_path / "no-such-folder" / "c.pdf")
    assert played.conn.execute("SELECT count(*) FROM visitors").fetchone()[0] == 60
    path = played.path
    played.close()
    refused = subprocess.run([sys.executable, "-m", "expo_console", "purge", "--db", str(path), "--yes",
                              "--certificate", str(tmp_path / "no-such-folder" / "c.pdf")],
                             capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "nothing was purged" in refused.stderr and '"visitors"' not in refused.stdout


def test_the_last_purges_certificate_is_made_again_from_its_access_record(played: EventStore, tmp_path: Path) -> None:
    event_settings.put(played, event_settings.RETENTION_DAYS, 0)
    path = played.path
    played.close()
    nothing_yet = subprocess.run([sys.executable, "-m", "expo_console", "purge", "--db", str(path), "--again",
                                  "--certificate", str(tmp_path / "again.pdf")], capture_output=True, text=True,
                                 timeout=120)
    assert nothing_yet.returncode == 1 and "No purge is recorded" in nothing_yet.stderr
    done = subprocess.run([sys.executable, "-m", "expo_console", "purge", "--db", str(path), "--yes", "--certificate",
                           str(tmp_path / "first.pdf")], capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    again = subprocess.run([sys.executable, "-m", "expo_console", "purge", "--db", str(path), "--again",
                            "--certificate", str(tmp_path / "again.pdf")], capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout) == json.loads(done.stdout)  # the same facts: when, by whom, how many

    def text(pdf: str) -> str:
        return subprocess.run(["pdftotext", "-layout", str(tmp_path / pdf), "-"], capture_output=True, text=True,
                              check=True).stdout

    assert text("again.pdf") == text("first.pdf") and "60" in text("again.pdf")


def test_the_command_line_checks_the_role_and_the_date_before_asking(played: EventStore) -> None:
    event_settings.put(played, event_settings.RETENTION_DAYS, 3650)
    path = played.path
    played.close()

    def purge(operator: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "expo_console", "purge", "--db", str(path)], capture_output=True,
                              text=True, timeout=120, stdin=subprocess.DEVNULL,
                              env={**os.environ, "EXPO_CONSOLE_OPERATOR": operator})

    viewer = purge("viewer")
    assert viewer.returncode != 0 and "may not purge personal data" in viewer.stderr and "--yes" not in viewer.stderr
    too_early = purge("organizer")
    assert too_early.returncode == 1 and "kept until 2032-" in too_early.stderr and "--yes" not in too_early.stderr


def test_today_is_the_events_day_not_this_computers(played: EventStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """A desk whose clock is set to another zone: the retention date comes on the event's day (Seoul)."""
    seoul_today = dt.datetime.now(ZoneInfo("Asia/Seoul")).date()
    # a zone where the date differs from Seoul's right now: Honolulu is behind it, or Kiritimati ahead
    zone = next(z for z in ("Pacific/Honolulu", "Pacific/Kiritimati") if dt.datetime.now(ZoneInfo(z)).date() != seoul_today)
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        desk_today = dt.date.today()
        assert desk_today != seoul_today
        last_day = dt.date(2022, 10, 7)
        # the retention date on whichever of the two days comes later: only one of them has reached it
        set_retention_days(played, (max(desk_today, seoul_today) - last_day).days)
        outlook = purge_outlook(played)
        assert outlook.today == seoul_today and outlook.possible == (seoul_today > desk_today)
        assert purge_due(played) == (seoul_today > desk_today)
    finally:
        monkeypatch.undo()
        time.tzset()


def test_the_purge_redacts_the_broadcast_hosts_names_and_keeps_the_studios_results(played: EventStore) -> None:
    studio = BookingKind.STUDIO
    setup.set_session(played, studio, Session(FIRST_DAY, dt.time(10), dt.time(11), 40))
    setup.place_resources(played, studio, ["A"])
    firm = next(iter(setup.exhibitor_names(played)))
    request_id, _ = requests.put_request(played, studio, requests.RequestInput(
        firm, host="쇼호스트 한예린", channel="네이버 쇼핑라이브", note="한예린 010-3333-4444"))
    booking_id, _ = schedule.add_booking(played, request_id, setup.load(played, studio).slots[0], 1)
    outcomes.record_results(played, booking_id, outcomes.Results(viewers="900", sales="150만"))
    purge_personal_data(played, today=dt.date(2022, 11, 7))
    [request] = setup.load(played, studio).requests
    assert "한예린" not in request.host + request.note and request.channel == "네이버 쇼핑라이브"
    kept = schedule.booking(played, booking_id)
    assert (kept.viewers, kept.sales_krw) == (900, 1_500_000)
