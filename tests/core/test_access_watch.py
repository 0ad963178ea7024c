"""The daily check of the access records (issue 21): a day's unusual patterns, each said in a
sentence (who, what, when, how many): many reveals by one operator, personal data exported at
night in the event's time, many wrong PINs and every lockout, many deletions, a purge; none below
the event's thresholds. The daily report counts them, naming nobody."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from expo_console.services import event_settings
from expo_console.services.access_watch import unusual_access, unusual_counts
from expo_console.services.events import open_event
from expo_console.services.operators import OperatorError, sign_in, sign_in_store
from expo_console.services.registration.purge import purge_personal_data
from expo_console.services.registration.visitors import delete_visitor, reveal_phone
from expo_console.storage.connection import EventStore, Stamp
from support import DEMO_PIN

SEOUL = dt.timezone(dt.timedelta(hours=9))
SECOND_DAY = dt.date(2022, 10, 5)  # a day of the demo expo


@pytest.fixture
def event(event_templates, tmp_path: Path) -> Iterator[EventStore]:  # type: ignore[no-untyped-def]
    path = event_templates.demo(visitors=60).copy_to(tmp_path / "event.expo")
    store = open_event(path, Stamp("hq", "os-user"))
    sign_in_store(store, "organizer", DEMO_PIN)
    yield store
    store.close()


def today(store: EventStore) -> dt.date:
    return dt.datetime.now(SEOUL).date()


def as_operator(store: EventStore, name: str, desk: str = "hq") -> None:
    store.stamp = Stamp(desk, "os-user")
    sign_in_store(store, name, DEMO_PIN)


def visitors(store: EventStore, n: int) -> list[str]:
    return [r[0] for r in store.conn.execute("SELECT id FROM visitors ORDER BY id LIMIT ?", (n,))]


def reveals(store: EventStore, operator: str, n: int) -> None:
    as_operator(store, operator, "reg-1")
    for visitor in visitors(store, n):
        reveal_phone(store, visitor, "calling about a lost badge")
    as_operator(store, "organizer")


def test_25_reveals_by_one_operator_are_unusual_and_20_are_not(event: EventStore) -> None:
    reveals(event, "registration", 20)
    assert unusual_access(event, today(event)).findings == []  # the event allows 20 a day
    reveals(event, "registration", 5)
    [finding] = unusual_access(event, today(event)).findings
    assert (finding.kind, finding.operator, finding.count) == ("reveals", "registration", 25)
    assert finding.text == (f"registration revealed 25 phone numbers on {today(event)}, between {finding.first} and "
                            f"{finding.last}: more than 20 a day is unusual.")
    event_settings.put(event, event_settings.WATCH_REVEALS, 30)  # an event that expects more
    assert unusual_access(event, today(event)).findings == []


def test_reveals_by_several_operators_are_counted_each_on_their_own(event: EventStore) -> None:
    reveals(event, "registration", 15)
    reveals(event, "organizer", 15)
    assert unusual_access(event, today(event)).findings == []


def test_wrong_pins_and_every_lockout_are_unusual(event: EventStore) -> None:
    now = dt.datetime.now(dt.UTC)
    event.stamp = Stamp("gate-2", "os-user")
    for minutes in (0, 6, 12):  # locked after five, again five minutes later, then one more try
        for _ in range(5 if minutes < 12 else 1):
            with pytest.raises(OperatorError):
                sign_in(event, "gate", "9999", now=now + dt.timedelta(minutes=minutes))
    as_operator(event, "organizer")
    found = unusual_access(event, today(event)).findings
    assert [(f.kind, f.operator, f.count) for f in found] == [
        ("failed_sign_ins", "gate", 11), ("locked", "gate", 5), ("locked", "gate", 5)]
    assert "11 wrong PINs were typed for gate" in found[0].text and "at gate-2" in found[0].text
    assert found[1].text.startswith("gate was locked after 5 wrong PINs at ")


def test_many_names_that_are_no_operators_at_one_desk_are_unusual(event: EventStore) -> None:
    """Someone guessing names types a different one each time: counted per desk, not per name."""
    event.stamp = Stamp("gate-2", "os-user")
    for n in range(11):
        with pytest.raises(OperatorError) as refused:
            sign_in(event, f"guess{n}", "0000")
        assert refused.value.code == "sign_in_refused"  # the same answer as a wrong PIN
    event.stamp = Stamp("gate-3", "os-user")
    with pytest.raises(OperatorError):
        sign_in(event, "guess0", "0000")
    as_operator(event, "organizer")
    [finding] = unusual_access(event, today(event)).findings
    assert (finding.kind, finding.count) == ("failed_sign_ins", 11)
    assert finding.text.startswith("11 sign-ins with names that are no operator's were refused at gate-2 on ")


def test_many_deletions_by_one_operator_and_a_purge_are_unusual(event: EventStore) -> None:
    for visitor in visitors(event, 20):
        delete_visitor(event, visitor, reason="asked to be removed")
    assert unusual_access(event, today(event)).findings == []
    delete_visitor(event, visitors(event, 1)[0], reason="asked to be removed")
    [finding] = unusual_access(event, today(event)).findings
    assert (finding.kind, finding.operator, finding.count) == ("deletions", "organizer", 21)
    purge_personal_data(event)  # the 2022 expo's data is long past its retention date
    purged = [f for f in unusual_access(event, today(event)).findings if f.kind == "purge"]
    assert [(f.operator, f.count) for f in purged] == [("organizer", 39)]


def at_event_time(day: dt.date, clock: str) -> list[str]:
    """The command prefix that runs a process with its clock at `clock` on `day` in Seoul."""
    tool = shutil.which("faketime")
    if tool is None:
        pytest.skip("faketime (libfaketime) is not installed: make test installs it")
    moment = dt.datetime.combine(day, dt.time.fromisoformat(clock), SEOUL).astimezone(dt.UTC)
    return [tool, "-f", "@" + moment.strftime("%Y-%m-%d %H:%M:%S")]


def cli(*args: str, clock: list[str] | None = None, operator: str = "organizer") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "EXPO_CONSOLE_OPERATOR": operator, "EXPO_CONSOLE_PIN": DEMO_PIN}
    return subprocess.run([*(clock or []), sys.executable, "-m", "expo_console", *args], capture_output=True,
                          text=True, timeout=120, env=env)


def test_an_unmasked_export_at_2330_is_unusual_and_the_report_counts_it_naming_nobody(event: EventStore,
                                                                                      tmp_path: Path) -> None:
    db = str(event.path)
    for clock, extra in (("15:00", ()), ("23:30", ("--unmask", "--reason", "courier list"))):
        done = cli("export", "visitors", "--db", db, "--out", str(tmp_path / f"{clock[:2]}.csv"), *extra,
                   clock=at_event_time(SECOND_DAY, clock))
        assert done.returncode == 0, done.stderr
    [finding] = unusual_access(event, SECOND_DAY).findings  # the afternoon's masked export is not
    assert (finding.kind, finding.code, finding.operator, finding.first) == (
        "night_export", "watch_night_unmasked", "organizer", "23:30")
    assert finding.text == ("organizer exported the visitor list with phone numbers in full at 23:30 on 2022-10-05, "
                            "at night (22:00–06:00): 60 visitors, to 23.csv.")
    assert unusual_access(event, SECOND_DAY - dt.timedelta(days=1)).findings == []  # the day is the event's own
    checked = cli("access-records", "--db", db, "--unusual", "--day", "2022-10-05")
    assert [f["text"] for f in json.loads(checked.stdout)["findings"]] == [finding.text]

    # the daily report, which sponsors read, says how many and of what kind, never who
    report = tmp_path / "day.pdf"
    made = cli("report", "--db", db, "--day", "2022-10-05", "--out", str(report), operator="viewer")
    assert made.returncode == 0, made.stderr
    text = subprocess.run(["pdftotext", "-layout", str(report), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "비정상 접근 Unusual access: 1" in text and "Personal data exported at night" in text
    assert "organizer exported" not in text and "23.csv" not in text and "File > Access records" in text
    quiet = tmp_path / "quiet.pdf"
    assert cli("report", "--db", db, "--day", "2022-10-04", "--out", str(quiet)).returncode == 0
    assert "Unusual access" not in subprocess.run(["pdftotext", str(quiet), "-"], capture_output=True, text=True,
                                                  check=True).stdout

    event_settings.put(event, event_settings.WATCH_NIGHT, "00:00-05:00")  # an event whose nights are short
    assert unusual_access(event, SECOND_DAY).findings == []
    as_operator(event, "viewer")  # anyone may read how many, for the report
    assert unusual_counts(event, SECOND_DAY)["night_export"] == 0


def test_a_persons_data_shown_at_night_is_unusual_like_one_exported(event: EventStore) -> None:
    person = visitors(event, 1)[0]
    shown = cli("visitors", "show", "--db", str(event.path), person, clock=at_event_time(SECOND_DAY, "23:10"))
    assert shown.returncode == 0, shown.stderr
    [finding] = unusual_access(event, SECOND_DAY).findings
    assert (finding.kind, finding.code, finding.operator) == ("night_export", "watch_night_person_view", "organizer")
    assert finding.text == "organizer looked at one person's data at 23:10 on 2022-10-05, at night (22:00–06:00)."
