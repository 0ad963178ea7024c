"""Each role against the commands that need one (issue 21), run as real processes the way a script
runs them: `expo-console COMMAND … --operator NAME` with the PIN in EXPO_CONSOLE_PIN. A few
commands for each protected action, on a copy of a small demo event whose operators are named
after their roles: a role that may succeeds; any other is refused with one sentence naming the
role and what it may not do, exits 1, and changes nothing (no table but the sign-in's record, no
file written). A command with nobody named says to give --operator."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from test_role_matrix import snapshot_of

from expo_console.domain.access import Action, Role, may
from expo_console.services.badge_print.batch import select_visitors
from expo_console.services.badges import codes, key_files
from expo_console.services.checkin import gates
from expo_console.services.demo.simulation import SIMULATING
from expo_console.services.desk import config_dir
from expo_console.services.events import open_event
from expo_console.services.layout import plan_json
from expo_console.services.messages import FIELD_LABELS
from expo_console.storage.connection import EventStore
from support import DEMO_PIN, TEST_STAMP

pytestmark = pytest.mark.slow  # some eighty processes: make test runs them, make test-fast not

V = Action


@dataclass
class Desk:
    """A copy of the demo event and what the commands name in it."""

    path: Path
    folder: Path  # where commands write their files
    visitor: str
    other: str
    gate: str
    code: str


@dataclass(frozen=True)
class Command:
    name: str
    actions: tuple[Action, ...]
    argv: Callable[[Desk], list[str]]
    prepare: Callable[[EventStore, Desk], object] | None = None  # as the organizer, in this process

    def may(self, role: Role) -> bool:
        return all(may(role, action) for action in self.actions)


def _csv(_store: EventStore, desk: Desk) -> None:
    (desk.folder / "list.csv").write_text("성명,회사명,휴대폰,이메일,구분\n한가람,가람상사,010-9876-5432,garam@example.com,"
                                          "참관객\n", encoding="utf-8")


def _zone(store: EventStore, desk: Desk) -> None:
    """A session, tables and a request: what the consultation commands need (the demo's own when
    it has them)."""
    import datetime as dt

    from expo_console.domain.consultations import Session
    from expo_console.services.consultations import setup

    loaded = setup.load(store)
    buyer = next(b for b in loaded.buyers if not b.record.needs_interpreter)
    if not loaded.sessions:
        setup.set_session(store, Session(dt.date(2022, 10, 5), dt.time(10), dt.time(12)))
    if not loaded.tables:
        setup.place_tables(store, 4)
    if not loaded.requests:
        setup.put_request(store, buyer.id, loaded.exhibitors[0].id, buyer_rank=1)
    (desk.folder / "requests.csv").write_text(f"바이어명,회사명,희망기업1\n{buyer.name},{buyer.company},"
                                              f"{loaded.exhibitors[3].name}\n",
                                              encoding="utf-8")


def _meeting(store: EventStore, desk: Desk) -> None:
    from expo_console.services.consultations import schedule
    from expo_console.services.consultations.greedy import solve_greedy

    _zone(store, desk)
    schedule.solve_schedule(store, solver=solve_greedy)
    (desk.folder / "meeting.txt").write_text(schedule.meetings(store)[0].id, encoding="utf-8")


def _studio_list(store: EventStore, desk: Desk) -> None:
    """A studio request list naming an exhibitor (the demo has its studio set up)."""
    from expo_console.services.bookings.setup import exhibitor_names

    name = next(iter(exhibitor_names(store).values())).name
    (desk.folder / "studio.csv").write_text(f"기업명,희망일시,제품\n{name},2일차 오후,김치\n", encoding="utf-8")


def _shoot(store: EventStore, desk: Desk) -> None:
    from expo_console.domain.bookings import BookingKind
    from expo_console.services.bookings.schedule import bookings

    (desk.folder / "shoot.txt").write_text(bookings(store, BookingKind.PHOTO)[0].id, encoding="utf-8")


def db(desk: Desk) -> list[str]:
    return ["--db", str(desk.path)]


COMMANDS = [
    Command("import", (V.REGISTER,), lambda d: ["import", *db(d), str(d.folder / "list.csv")], prepare=_csv),
    Command("code", (V.PRINT_BADGES,), lambda d: ["code", *db(d), "--visitor", d.visitor]),
    Command("badges", (V.PRINT_BADGES,), lambda d: ["badges", *db(d), "--out", str(d.folder / "b.pdf"), "--all"]),
    Command("export visitors", (V.EXPORT_LIST,),
            lambda d: ["export", "visitors", *db(d), "--out", str(d.folder / "list.csv")]),
    Command("export visitors --unmask", (V.EXPORT_UNMASKED,), lambda d: [
        "export", "visitors", *db(d), "--out", str(d.folder / "full.csv"), "--unmask", "--reason", "courier"]),
    Command("visitors block", (V.BLOCK_VISITOR,), lambda d: ["visitors", "block", *db(d), d.visitor, "--reason", "lost"]),
    Command("visitors delete", (V.DELETE_VISITOR,),
            lambda d: ["visitors", "delete", *db(d), d.other, "--reason", "asked"]),
    Command("visitors show", (V.PERSON_DATA,), lambda d: ["visitors", "show", *db(d), d.visitor]),
    Command("purge", (V.PURGE,), lambda d: ["purge", *db(d), "--yes"]),
    Command("scan", (V.SCAN,), lambda d: ["scan", *db(d), "--gate", d.gate, d.code]),
    Command("traffic", (V.VIEW_TRAFFIC,), lambda d: ["traffic", *db(d), "--at", "2022-10-05T12:00:00+09:00"]),
    Command("conflicts", (V.VIEW_TRAFFIC,), lambda d: ["conflicts", *db(d)]),
    Command("gates rule", (V.CHANGE_SETTINGS,), lambda d: ["gates", "rule", *db(d), "hall", "--admission", "free"]),
    Command("layout import", (V.CHANGE_SETTINGS,), lambda d: ["layout", "import", *db(d), str(d.folder / "plan.json")],
            prepare=lambda store, d: plan_json.export_layout(store, d.folder / "plan.json")),
    Command("operators", (V.MANAGE_OPERATORS,), lambda d: ["operators", *db(d)]),
    Command("key export", (V.HUB,), lambda d: ["key", "export", *db(d), "--out", str(d.folder / "key.json")]),
    Command("key import", (V.HUB,), lambda d: ["key", "import", *db(d), str(d.folder / "given.json")],
            prepare=lambda store, d: key_files.export_event_key(store, d.folder / "given.json")),
    Command("key rotate", (V.HUB,), lambda d: ["key", "rotate", *db(d)]),
    Command("simulate", SIMULATING, lambda d: ["simulate", *db(d), "--day", "2022-10-05", "--visitors", "3"]),
    Command("simulate --remove", (V.DELETE_VISITOR,), lambda d: ["simulate", *db(d), "--remove"]),
    Command("meetings import", (V.PLAN_MEETINGS,),
            lambda d: ["meetings", "import", *db(d), str(d.folder / "requests.csv")], prepare=_zone),
    Command("meetings solve", (V.PLAN_MEETINGS,), lambda d: ["meetings", "solve", *db(d), "--greedy"], prepare=_zone),
    Command("meetings outcome", (V.RECORD_OUTCOMES,), lambda d: [
        "meetings", "outcome", *db(d), (d.folder / "meeting.txt").read_text(encoding="utf-8"), "--held",
        "--amount", "1500만"], prepare=_meeting),
    Command("studio import", (V.PLAN_MEETINGS,),
            lambda d: ["studio", "import", *db(d), str(d.folder / "studio.csv")], prepare=_studio_list),
    Command("studio solve", (V.PLAN_MEETINGS,), lambda d: ["studio", "solve", *db(d), "--greedy"]),
    Command("studio print", (V.PLAN_MEETINGS,),
            lambda d: ["studio", "print", *db(d), "--out", str(d.folder / "order.pdf"), "--running-order"]),
    Command("photos outcome", (V.RECORD_OUTCOMES,), lambda d: [
        "photos", "outcome", *db(d), "--booking", (d.folder / "shoot.txt").read_text(encoding="utf-8"),
        "--photos", "12"], prepare=_shoot),
]
ROLES = list(Role)


@pytest.fixture(scope="module")
def template(event_templates):  # type: ignore[no-untyped-def]
    return event_templates.demo(visitors=10, badges=True)


@pytest.fixture
def desk(template, tmp_path: Path) -> Iterator[Desk]:  # type: ignore[no-untyped-def]
    path = template.copy_to(tmp_path / "event.expo")
    folder = tmp_path / "out"
    folder.mkdir()
    store = open_event(path, TEST_STAMP)
    try:
        first, second = select_visitors(store, everyone=True)[:2]
        badge = codes.current_badge(store, first)
        assert badge is not None
        gate = next(g["id"] for g in gates.list_gates(store) if g["kind"] == "hall_entrance")
    finally:
        store.close()
    yield Desk(path, folder, first, second, gate, badge.code)


def run(argv: list[str], operator: str | None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "EXPO_CONSOLE_PIN": DEMO_PIN}
    env.pop("EXPO_CONSOLE_OPERATOR", None)  # named on the line, or by nobody
    named = ["--operator", operator] if operator else []
    return subprocess.run([sys.executable, "-m", "expo_console", *argv, *named], capture_output=True, text=True,
                          timeout=120, env=env, stdin=subprocess.DEVNULL)


def prepared(desk: Desk, command: Command) -> None:
    if command.prepare is not None:
        store = open_event(desk.path, TEST_STAMP)
        try:
            command.prepare(store, desk)
        finally:
            store.close()


def state(desk: Desk) -> dict[str, str]:
    """The file and the outputs, but for what opening it signed in writes: the desk's visit, and
    the sign-in's access record (any other record counts)."""
    snapshot = snapshot_of(desk.path, (desk.folder, config_dir()))
    del snapshot["table desks"], snapshot["table audit_log"]
    conn = sqlite3.connect(f"file:{desk.path}?mode=ro", uri=True)
    try:
        snapshot["access records"] = repr(conn.execute(
            "SELECT * FROM audit_log WHERE action != 'sign_in' ORDER BY at, id").fetchall())
    finally:
        conn.close()
    return snapshot


@pytest.mark.parametrize("role", ROLES, ids=[r.value for r in ROLES])
@pytest.mark.parametrize("command", COMMANDS, ids=[c.name for c in COMMANDS])
def test_a_command_does_its_work_exactly_for_the_roles_that_may(desk: Desk, command: Command, role: Role) -> None:
    prepared(desk, command)
    before = state(desk)
    done = run(command.argv(desk), role.value)
    if command.may(role):
        assert done.returncode == 0, done.stderr
        return
    refused = next(a for a in command.actions if not may(role, a))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.strip() == (f"expo-console: {role.value} is signed in as {role.value}, who may not "
                                   f"{FIELD_LABELS[refused.value]}. Ask an organizer, or sign in as an operator who may.")
    assert state(desk) == before


@pytest.mark.parametrize("name", ["export visitors", "gates rule", "key export", "simulate"])
def test_a_command_with_nobody_named_says_to_give_the_operator(desk: Desk, name: str) -> None:
    command = next(c for c in COMMANDS if c.name == name)
    before = state(desk)
    done = run(command.argv(desk), None)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"Sign in first: to {FIELD_LABELS[command.actions[0].value]} needs an operator" in done.stderr
    assert "give --operator NAME" in done.stderr
    assert state(desk) == before
