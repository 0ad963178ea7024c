"""On a hub the floor plan is edited on one desk at a time: a lease on the hub. The others see
which desk edits it since when and cannot write the plan; a take-over is audited."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest

from expo_console.services.events import open_event
from expo_console.services.hub import edit_lease
from expo_console.services.hub.sync import sync_once
from expo_console.services.layout import floor_plan
from expo_console.storage import audit_repo
from expo_console.storage.connection import EventStore, Stamp
from hub_support import published_and_joined
from support import TEST_STAMP


@pytest.fixture
def desks(tmp_path, event_templates) -> Iterator[dict[str, Any]]:  # type: ignore[no-untyped-def]
    with published_and_joined(event_templates.demo(visitors=5), tmp_path) as desks:
        yield desks

def moved(store: EventStore) -> floor_plan.Booth:
    booth = floor_plan.load_plan(store).booths[0]
    return replace(booth, x=booth.x + 3)


def test_a_desk_edits_the_plan_only_with_the_lease_and_the_others_see_who_has_it(desks: dict[str, Any]) -> None:
    a, b, dsn = desks["a"], desks["b"], desks["dsn"]
    with pytest.raises(floor_plan.LayoutLeased, match="Edit on this desk"):
        floor_plan.put_booths(a, [moved(a)])  # nobody has it yet: choose to edit first
    taken = edit_lease.take(a, dsn)
    assert taken.desk_id == TEST_STAMP.desk_id and edit_lease.may_edit(a)
    floor_plan.put_booths(a, [moved(a)])
    sync_once(b, dsn)
    held = edit_lease.holder(b)
    assert held is not None and held.desk_id == TEST_STAMP.desk_id and not edit_lease.may_edit(b)
    with pytest.raises(floor_plan.LayoutLeased, match=f"edited on desk {held.desk_label()} since {held.since_local()}"):
        floor_plan.put_booths(b, [moved(b)])
    with pytest.raises(edit_lease.LeaseHeld, match="Take it over"):
        edit_lease.take(b, dsn)  # asked for, not taken over: still A's
    from expo_console.services.layout.plan_json import export_layout, import_layout

    layout = desks["path_b"].with_name("plan.json")
    export_layout(b, layout)
    with pytest.raises(floor_plan.LayoutLeased, match="read-only"):
        import_layout(b, layout)  # replacing the whole plan asks for the lease as every edit does
    assert edit_lease.holder(a).desk_id == TEST_STAMP.desk_id  # type: ignore[union-attr]


def test_taking_the_plan_over_is_audited_and_the_old_desk_becomes_read_only(desks: dict[str, Any]) -> None:
    a, b, dsn = desks["a"], desks["b"], desks["dsn"]
    edit_lease.take(a, dsn)
    edit_lease.take(b, dsn, take_over=True)
    floor_plan.put_booths(b, [moved(b)])
    [logged] = [e for e in audit_repo.entries(b.conn) if e["action"] == "lease_taken_over"]
    assert logged["desk_id"] == "desk-b" and logged["detail"]["from_desk"] == TEST_STAMP.desk_id
    sync_once(b, dsn)
    sync_once(a, dsn)
    assert not edit_lease.may_edit(a)
    with pytest.raises(floor_plan.LayoutLeased, match="read-only"):
        floor_plan.set_locked(a, True)
    assert any(e["action"] == "lease_taken_over" for e in audit_repo.entries(a.conn))  # every desk has the record
    edit_lease.release(b, dsn)
    sync_once(a, dsn)
    assert edit_lease.holder(a) is None
    edit_lease.take(a, dsn)  # free again: no take-over needed
    assert edit_lease.may_edit(a)


def test_two_desks_taking_a_free_lease_at_the_same_moment_get_one_holder(desks: dict[str, Any]) -> None:
    import threading

    from expo_console.services.hub.schema import connect
    from expo_console.storage import hub_repo

    told: dict[str, str] = {}
    start = threading.Barrier(2)

    def take(desk_id: str) -> None:
        with connect(desks["dsn"]) as pg:
            start.wait()
            told[desk_id] = hub_repo.take_lease(pg, "floor_plan", desk_id, take_over=False)[0]["desk_id"]

    racers = [threading.Thread(target=take, args=(desk,)) for desk in ("desk-x", "desk-y")]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join()
    assert told["desk-x"] == told["desk-y"]  # both were told the same holder: one desk edits


def test_the_lease_command_takes_and_shows_it_for_scripts(desks: dict[str, Any]) -> None:
    desks["b"].close()
    env = {**os.environ, "EXPO_CONSOLE_DESK_ID": "desk-b"}

    def lease(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "expo_console", "lease", "--db", str(desks["path_b"]), *args],
                              capture_output=True, text=True, timeout=60, env=env)

    edit_lease.take(desks["a"], desks["dsn"])
    refused = lease("--take")
    assert refused.returncode == 1 and "Take it over" in refused.stderr and "Traceback" not in refused.stderr
    shown = json.loads(lease("--take-over").stdout)
    assert shown["held_by"]["desk_id"] == "desk-b" and shown["this_desk_may_edit"] is True
    desks["b"] = open_event(desks["path_b"], Stamp("desk-b", "김데스크", "organizer"))
