"""`expo-console hub start|stop|status`: a real PostgreSQL server made, started, stopped and
started again by real processes (as the unprivileged postgres user when the tests run as root)."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import psycopg
import pytest

from hub_support import cli, free_port, local, ok


def test_a_hub_is_made_started_stopped_and_started_again_with_its_data(hub_folder: Path) -> None:
    port = free_port()
    started = ok("hub", "start", "--dir", str(hub_folder), "--port", str(port), "--host", "10.0.0.5")
    assert started["running"] and started["port"] == port
    assert started["dsn"].startswith("postgresql://expo_desk:") and f"@10.0.0.5:{port}/expo_hub" in started["dsn"]
    assert (hub_folder / "hub.json").stat().st_mode & 0o777 == 0o600  # the passwords: owner-only
    with psycopg.connect(local(started["dsn"]), connect_timeout=10, autocommit=True) as desk:
        assert desk.pgconn.ssl_in_use  # the hub offers TLS and a desk's default connection uses it
        role = desk.execute("SELECT current_user, rolsuper, rolcreatedb FROM pg_roles"
                            " WHERE rolname = current_user").fetchone()
        assert role == ("expo_desk", False, False)  # least privilege: no superuser, no databases
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            desk.execute("CREATE DATABASE other")
    from expo_console.services.hub.server import owner_dsn

    with psycopg.connect(owner_dsn(hub_folder), autocommit=True) as owner:
        owner.execute("CREATE TABLE kept (n int)")
        owner.execute("INSERT INTO kept VALUES (7)")
    again = ok("hub", "start", "--dir", str(hub_folder), "--host", "10.0.0.5")
    assert again["dsn"] == started["dsn"]  # running already: the same hub, the same password
    assert ok("hub", "status", "--dir", str(hub_folder))["running"]
    assert ok("hub", "stop", "--dir", str(hub_folder))["running"] is False
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(local(started["dsn"]), connect_timeout=3)
    restarted = ok("hub", "start", "--dir", str(hub_folder), "--host", "10.0.0.5")
    assert restarted["running"] and restarted["dsn"] == started["dsn"]
    with psycopg.connect(owner_dsn(hub_folder)) as owner:
        assert owner.execute("SELECT n FROM kept").fetchone() == (7,)


def test_a_wrong_password_is_refused(hub_folder: Path) -> None:
    started = ok("hub", "start", "--dir", str(hub_folder), "--port", str(free_port()))
    wrong = local(started["dsn"]).replace("expo_desk:", "expo_desk:not-the-password", 1)
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(wrong, connect_timeout=10)


def test_a_folder_without_a_hub_and_a_taken_port_are_told_in_sentences(hub_folder: Path) -> None:
    missing = cli("hub", "status", "--dir", str(hub_folder))
    assert missing.returncode == 1 and "There is no hub in" in missing.stderr and "Traceback" not in missing.stderr
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        busy = cli("hub", "start", "--dir", str(hub_folder), "--port", str(taken.getsockname()[1]))
    assert busy.returncode == 1 and "port" in busy.stderr and "Traceback" not in busy.stderr


@pytest.mark.skipif(os.geteuid() != 0, reason="only root hands the hub to the unprivileged postgres user")
def test_a_folder_the_server_user_cannot_reach_is_refused_with_where_to_put_it(tmp_path: Path) -> None:
    hidden = tmp_path / "private"
    hidden.mkdir(mode=0o700)  # pytest's own folders let only root through
    refused = cli("hub", "start", "--dir", str(hidden / "hub"), "--port", str(free_port()))
    assert refused.returncode == 1 and "cannot reach" in refused.stderr and "/srv/expo-hub" in refused.stderr


def test_a_desk_checks_the_hub_and_is_told_what_is_wrong_with_it(hub_folder: Path) -> None:
    from expo_console.services.hub.common import HubError
    from expo_console.services.hub.schema import check_hub
    from expo_console.services.hub.server import owner_dsn

    started = ok("hub", "start", "--dir", str(hub_folder), "--port", str(free_port()))
    desk = local(started["dsn"])
    assert check_hub(desk) == {"schema_version": 3, "event_id": None, "event_name": None}
    # desks write the change log, not the schema
    with psycopg.connect(desk, autocommit=True) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("CREATE TABLE mine (n int)")
    with pytest.raises(HubError, match="refused the password"):
        check_hub(desk.replace("expo_desk:", "expo_desk:x", 1))
    with pytest.raises(HubError, match="does not answer.*keeps working on its own file"):
        check_hub(desk.rsplit(":", 1)[0] + f":{free_port()}/expo_hub")
    with pytest.raises(HubError, match="not a connection string"):
        check_hub("hub.example.org")
    with pytest.raises(HubError, match="not a connection string") as told:
        check_hub("postgresql://expo_desk:s3cret@hub:5433/expo_hub sslmode=nonsense")
    assert "s3cret" not in str(told.value)  # the password is not shown to whoever reads the screen
    for typed in ("password=Hunter2Secret host=127.0.0.1 dbname=expo_hub nonsense",
                  "postgresql://expo_desk:Hunt:er@2@hub:5433/expo_hub sslmode=nonsense"):
        with pytest.raises(HubError, match="not a connection string") as told:
            check_hub(typed)
        assert "Hunt" not in str(told.value)
    with pytest.raises(HubError, match="not an Expo Console hub"):
        check_hub(desk.rsplit("/", 1)[0] + "/postgres")
    owner = owner_dsn(hub_folder)
    assert ok("hub", "init", "--dsn", owner)["schema_version"] == 3  # an existing server: idempotent
    with psycopg.connect(owner, autocommit=True) as conn:  # as the first hub schema was
        conn.execute("UPDATE hub_meta SET value = '1' WHERE key = 'schema_version'")
    with pytest.raises(HubError, match="older Expo Console.*hub start --dir"):
        check_hub(desk)
    assert ok("hub", "init", "--dsn", owner)["schema_version"] == 3  # brought up to date
    assert check_hub(desk)["schema_version"] == 3
    with psycopg.connect(owner, autocommit=True) as conn:  # as a newer console would leave it
        conn.execute("UPDATE hub_meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(HubError, match="newer Expo Console.*Update Expo Console on this desk"):
        check_hub(desk)
    newer = cli("hub", "init", "--dsn", owner)
    assert newer.returncode == 1 and "newer Expo Console" in newer.stderr and "Traceback" not in newer.stderr


def test_an_event_published_on_the_hub_has_every_table_and_row_there(hub_folder: Path, event_templates,
                                                                      tmp_path: Path) -> None:
    from expo_console.services.events import open_event
    from expo_console.storage import sync_capture
    from support import TEST_STAMP

    started = ok("hub", "start", "--dir", str(hub_folder), "--port", str(free_port()))
    db = event_templates.demo(visitors=60, simulate_first_day=True).copy_to(tmp_path / "desk.expo")
    published = ok("hub", "publish", "--db", str(db), "--hub", started["owner_dsn"])
    assert published["event"] == "2022 스마트비즈엑스포" and published["copied"]["visitors"] == 60
    assert published["copied"]["scans"] > 60 and published["copied"]["booths"] > 90
    with psycopg.connect(local(started["dsn"])) as desk:  # the desks' role reads the event's tables
        assert desk.execute("SELECT count(*) FROM visitors").fetchone()[0] == 60
        name = desk.execute("SELECT name FROM event").fetchone()[0]
        assert name == "2022 스마트비즈엑스포"
        columns = {r[0] for r in desk.execute("SELECT column_name FROM information_schema.columns"
                                             " WHERE table_name = 'visitors'")}
    store = open_event(db, TEST_STAMP)
    try:
        assert columns == {r[1] for r in store.conn.execute("PRAGMA table_info(visitors)")}  # same columns
        assert sync_capture.is_installed(store.conn)  # this desk's writes are captured from now on
    finally:
        store.close()
    # the publishing desk syncs (and its gates decide on the hub) without being told the hub again
    assert ok("sync", "--db", str(db), "--once")["waiting"] == 0
    again = ok("hub", "publish", "--db", str(db), "--hub", started["owner_dsn"])
    # published again: upserted, nothing twice (the access records hold one more sign-in: the publisher's)
    assert again["copied"] == {**published["copied"], "audit_log": published["copied"]["audit_log"] + 1}
    with psycopg.connect(local(started["dsn"])) as desk:
        assert desk.execute("SELECT count(*) FROM visitors").fetchone()[0] == 60
    other = tmp_path / "other.expo"
    made = cli("demo", "--db", str(other), "--visitors", "0")
    assert made.returncode == 0, made.stderr
    refused = cli("hub", "publish", "--db", str(other), "--hub", started["owner_dsn"])
    assert refused.returncode == 1 and "holds another event" in refused.stderr


def test_a_desk_joins_and_has_the_events_rows_in_its_own_file(hub_folder: Path, event_templates,
                                                              tmp_path: Path) -> None:
    from expo_console.services.events import open_event
    from expo_console.storage import sync_capture
    from support import TEST_STAMP

    started = ok("hub", "start", "--dir", str(hub_folder), "--port", str(free_port()))
    first = event_templates.demo(visitors=60, simulate_first_day=True).copy_to(tmp_path / "first.expo")
    published = ok("hub", "publish", "--db", str(first), "--hub", started["owner_dsn"])
    empty = cli("join", "--hub", local(started["dsn"]), "--db", str(tmp_path / "first.expo"))
    assert empty.returncode == 1 and "exists already" in empty.stderr
    joined = ok("join", "--hub", local(started["dsn"]), "--db", str(tmp_path / "second.expo"))
    assert joined["name_en"] == "2022 Smart Biz Expo" and joined["visitors"] == 60
    assert joined["rows"] == published["rows"]
    store = open_event(tmp_path / "second.expo", TEST_STAMP)
    try:
        original = open_event(first, TEST_STAMP, read_only=True)
        try:
            for table in ("visitors", "scans", "booths", "audit_log"):
                query = f"SELECT * FROM {table} ORDER BY 1"
                assert store.conn.execute(query).fetchall() == original.conn.execute(query).fetchall(), table
        finally:
            original.close()
        # the copy came from the hub and is not pushed back; only this desk's own visit waits
        assert {(c.table, c.key["id"]) for c in sync_capture.pending(store.conn)} == {("desks", TEST_STAMP.desk_id)}
        assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        store.close()
    with psycopg.connect(local(started["dsn"])) as desk:
        assert desk.execute("SELECT count(*) FROM hub_desks").fetchone()[0] >= 1


def test_two_desks_see_each_others_walk_ins_after_sync_and_a_retried_push_stores_nothing_twice(
        hub_folder: Path, event_templates, tmp_path: Path) -> None:
    from expo_console.domain.visitors import Consent, VisitorDraft
    from expo_console.services.events import open_event
    from expo_console.services.registration.visitors import register_visitor
    from expo_console.storage import sync_capture
    from expo_console.storage.connection import Stamp
    from support import TEST_STAMP

    started = ok("hub", "start", "--dir", str(hub_folder), "--port", str(free_port()))
    desk_dsn = local(started["dsn"])
    first = event_templates.demo(visitors=40).copy_to(tmp_path / "a.expo")
    ok("hub", "publish", "--db", str(first), "--hub", started["owner_dsn"])
    second = tmp_path / "b.expo"
    ok("join", "--hub", desk_dsn, "--db", str(second), desk="desk-b")
    # desk B registers a walk-in; desk A does not know it yet
    store_b = open_event(second, Stamp("desk-b", "김데스크", "organizer"))
    walk_in = register_visitor(store_b, VisitorDraft(name="현장등록", email="walkin@x.kr",
                                                     consents=frozenset({Consent.REQUIRED}))).visitor_id
    store_b.close()
    pushed = ok("sync", "--db", str(second), "--hub", desk_dsn, "--once", desk="desk-b")
    assert pushed["pushed"] >= 1 and pushed["waiting"] == 0
    again = ok("sync", "--db", str(second), "--hub", desk_dsn, "--once", desk="desk-b")
    assert again["pushed"] <= 1 and again["waiting"] == 0  # at most the desk's own visit (the open records it)
    pulled = ok("sync", "--db", str(first), "--hub", desk_dsn, "--once")  # the desk that published
    assert pulled["pulled"] >= 1
    store_a = open_event(first, TEST_STAMP, read_only=True)
    try:
        assert store_a.conn.execute("SELECT name FROM visitors WHERE id = ?", (walk_in,)).fetchone() == ("현장등록",)
    finally:
        store_a.close()
    with psycopg.connect(desk_dsn) as desk:
        assert desk.execute("SELECT name FROM visitors WHERE id = %s", (walk_in,)).fetchone() == ("현장등록",)
        logged = desk.execute("SELECT count(*) FROM hub_changes WHERE tbl = 'visitors' AND pk->>'id' = %s",
                              (walk_in,)).fetchone()[0]
    assert logged == 1
    # a push the desk did not hear back from (its cursor not moved): sent again, stored once
    store_b = open_event(second, Stamp("desk-b", "김데스크", "organizer"))
    with store_b.write() as conn:
        sync_capture.set_state(conn, "pushed_through", "0")
    store_b.close()
    ok("sync", "--db", str(second), "--hub", desk_dsn, "--once", desk="desk-b")
    with psycopg.connect(desk_dsn) as desk:
        assert desk.execute("SELECT count(*) FROM hub_changes WHERE tbl = 'visitors' AND pk->>'id' = %s",
                            (walk_in,)).fetchone()[0] == 1
    unpublished = cli("sync", "--db", str(event_templates.demo(visitors=40).copy_to(tmp_path / "c.expo")),
                      "--hub", desk_dsn, "--once")
    assert unpublished.returncode == 1 and "not on a hub" in unpublished.stderr


def test_desks_that_join_lease_serial_slots_no_other_desk_of_the_event_has(hub_folder: Path, event_templates,
                                                                          tmp_path: Path) -> None:
    from expo_console.services.events import open_event
    from expo_console.storage.connection import Stamp

    started = ok("hub", "start", "--dir", str(hub_folder), "--port", str(free_port()))
    desk_dsn = local(started["dsn"])
    first = event_templates.demo(visitors=10).copy_to(tmp_path / "a.expo")
    ok("hub", "publish", "--db", str(first), "--hub", started["owner_dsn"])
    slots = {}
    for desk in ("desk-b", "desk-c"):
        ok("join", "--hub", desk_dsn, "--db", str(tmp_path / f"{desk}.expo"), desk=desk)
        store = open_event(tmp_path / f"{desk}.expo", Stamp(desk, "tester", "organizer"))
        try:
            slots[desk] = store.conn.execute("SELECT slot FROM desks WHERE id = ?", (desk,)).fetchone()[0]
        finally:
            store.close()
    with psycopg.connect(desk_dsn) as conn:
        on_hub = dict(conn.execute("SELECT desk_id, serial_slot FROM hub_desks WHERE serial_slot IS NOT NULL"))
    assert on_hub["desk-b"] == slots["desk-b"] and on_hub["desk-c"] == slots["desk-c"]
    assert len(set(on_hub.values())) == len(on_hub) >= 3  # the publisher's desks, and the two that joined


def test_a_joined_desk_remembers_its_hub_privately_and_lists_the_desks(hub_folder: Path, event_templates,
                                                                       tmp_path: Path) -> None:
    started = ok("hub", "start", "--dir", str(hub_folder), "--port", str(free_port()))
    desk_dsn = local(started["dsn"])
    first = event_templates.demo(visitors=10).copy_to(tmp_path / "a.expo")
    published = ok("hub", "publish", "--db", str(first), "--hub", started["owner_dsn"])
    second = tmp_path / "b.expo"
    ok("join", "--hub", desk_dsn, "--db", str(second), desk="desk-b")
    kept = Path(os.environ["EXPO_CONSOLE_CONFIG_DIR"]) / "hubs" / f"{published['event_id']}.json"
    assert kept.stat().st_mode & 0o777 == 0o600 and desk_dsn in kept.read_text(encoding="utf-8")
    assert desk_dsn.split("@")[0].split(":")[-1] not in second.read_bytes().decode("latin-1")  # not in the file
    assert ok("sync", "--db", str(second), "--once", desk="desk-b")["waiting"] == 0  # no --hub needed
    listed = json.loads(cli("desks", "--db", str(second), desk="desk-b").stdout)
    desk_b = next(d for d in listed if d["desk_id"] == "desk-b")
    assert desk_b["serial_slot"] and desk_b["waiting"] == 0 and abs(desk_b["clock_offset_ms"]) < 60_000
    kept.unlink()
    forgotten = cli("sync", "--db", str(second), "--once", desk="desk-b")
    assert forgotten.returncode == 1 and "--hub DSN" in forgotten.stderr
