"""The ground of one admission per badge across desks (issue 16): decisions on the hub take the
badge's lock, read its scans as the hub has them and record their own before the lock is let go,
so of eight desks deciding on one badge at the same moment exactly one admits it. A scan
recorded on the hub reaches the other desks by pull, and not the desk that recorded it."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from expo_console.domain.ids import new_id
from expo_console.services.events import open_event
from expo_console.services.checkin.hub_decision import prior_scans
from expo_console.services.hub.join import join
from expo_console.services.hub.publish import publish
from expo_console.services.hub.sync import sync_once
from expo_console.storage import hub_scans_repo, sync_capture
from expo_console.storage.connection import Stamp
from expo_console.storage.scans_repo import ScanRow
from hub_support import PASSPHRASE, running_hub
from support import TEST_STAMP

DAY = ("2022-10-04T00:00:00Z", "2022-10-05T00:00:00Z")


@pytest.fixture(scope="module")
def event_hub(tmp_path_factory: pytest.TempPathFactory, event_templates) -> Iterator[dict[str, Any]]:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("admission")
    with running_hub() as hub:
        first = open_event(event_templates.demo(visitors=10).copy_to(folder / "a.expo"), TEST_STAMP)
        publish(first, hub["owner_dsn"], passphrase=PASSPHRASE)
        gate = first.conn.execute("SELECT id FROM gates WHERE kind = 'hall_entrance' LIMIT 1").fetchone()[0]
        visitors = [r[0] for r in first.conn.execute("SELECT id FROM visitors ORDER BY id")]
        yield {"dsn": hub["desk_dsn"], "first": first, "gate": gate, "visitors": visitors, "folder": folder}
        first.close()


def admission(desk: str, gate: str, visitor: str, verdict: str, at: str = "2022-10-04T01:00:00.000Z") -> ScanRow:
    return ScanRow(new_id(), at, f"{desk} gate", gate, "in", "", visitor, None, None, None, verdict, False, "op", desk)


def test_of_eight_desks_deciding_on_one_badge_at_once_exactly_one_admits_it(event_hub: dict[str, Any]) -> None:
    visitor, gate = event_hub["visitors"][0], event_hub["gate"]
    start = threading.Barrier(8)
    verdicts: dict[str, str] = {}

    def desk(name: str) -> None:
        with psycopg.connect(event_hub["dsn"]) as pg:
            start.wait()
            with pg.transaction():
                hub_scans_repo.lock_badge(pg, visitor, None)
                seen = hub_scans_repo.history(pg, visitor, None, *DAY)
                verdict = "already_admitted" if any(s.verdict == "admitted" for s in prior_scans(seen)) else "admitted"
                hub_scans_repo.record(pg, name, admission(name, gate, visitor, verdict))
            verdicts[name] = verdict

    desks = [threading.Thread(target=desk, args=(f"desk-{n}",)) for n in range(8)]
    for thread in desks:
        thread.start()
    for thread in desks:
        thread.join()
    assert sorted(verdicts.values()) == ["admitted"] + ["already_admitted"] * 7
    with psycopg.connect(event_hub["dsn"]) as pg:
        assert pg.execute("SELECT count(*) FROM scans WHERE visitor_id = %s AND verdict = 'admitted'",
                          (visitor,)).fetchone()[0] == 1


def test_a_scan_recorded_on_the_hub_reaches_the_other_desks_and_its_own_desk_once(event_hub: dict[str, Any],
                                                                                 tmp_path: Path) -> None:
    visitor, gate, dsn = event_hub["visitors"][1], event_hub["gate"], event_hub["dsn"]
    desk_b, _copied = join(dsn, tmp_path / "b.expo", Stamp("desk-b", "김"), passphrase=PASSPHRASE)
    try:
        scan = admission("desk-b", gate, visitor, "admitted",
                         at=dt.datetime(2022, 10, 4, 2, tzinfo=dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z"))
        with psycopg.connect(dsn) as pg, pg.transaction():
            hub_scans_repo.lock_badge(pg, visitor, None)
            hub_scans_repo.record(pg, "desk-b", scan)
        first = event_hub["first"]
        sync_once(first, dsn)
        assert first.conn.execute("SELECT verdict, desk_id FROM scans WHERE id = ?", (scan.id,)).fetchone() == (
            "admitted", "desk-b")
        # Its own desk writes such a scan to its file after the hub's commit; one that died before
        # its own commit (this file has not got it) gets it from the hub, and once only.
        sync_once(desk_b, dsn)
        sync_once(desk_b, dsn)
        assert desk_b.conn.execute("SELECT verdict, desk_id FROM scans WHERE id = ?", (scan.id,)).fetchall() == [
            ("admitted", "desk-b")]
        assert all(c.table != "scans" for c in sync_capture.pending(desk_b.conn))  # nor sent back to the hub
    finally:
        desk_b.close()
