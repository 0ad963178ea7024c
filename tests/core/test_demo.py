from __future__ import annotations

from collections import Counter
from pathlib import Path

from expo_console.services.demo.event import create_demo_event
from support import TEST_STAMP


def test_demo_event_matches_the_expo_facts(tmp_path: Path) -> None:
    store = create_demo_event(tmp_path / "demo.expo", TEST_STAMP, visitors=3000)
    conn = store.conn
    sections = dict(conn.execute("SELECT section_code, count(*) FROM exhibitors GROUP BY 1").fetchall())
    assert sum(sections.values()) == 95 and len(sections) == 6
    firms = dict(conn.execute(
        "SELECT z.name_en, count(e.id) FROM zones z LEFT JOIN exhibitors e ON e.zone_id = z.id GROUP BY z.id"
    ).fetchall())
    assert firms["Demo zone"] == 9 and firms["Tasting zone"] == 10
    assert firms["Technology experience zone"] == 6
    assert {"Purchase consultation zone", "Live-commerce studio", "KBIZ booth"} <= set(firms)
    classes = Counter(r[0] for r in conn.execute("SELECT visitor_class FROM visitors"))
    assert sum(classes.values()) == 3000
    assert classes["visitor"] > classes["exhibitor_staff"] > classes["domestic_buyer"] > classes["vip"] > 0
    assert classes["overseas_buyer"] > 50 and classes["press"] > 20 and classes["staff"] > 50
    foreign = conn.execute("SELECT count(*) FROM visitors WHERE country != 'KR'").fetchone()[0]
    assert foreign >= classes["overseas_buyer"]
    emails = [r[0] for r in conn.execute("SELECT email_key FROM visitors")]
    assert len(set(emails)) == len(emails), "demo visitors must not look like duplicates"
    gate_kinds = Counter(r[0] for r in conn.execute("SELECT kind FROM gates"))
    assert gate_kinds["hall_entrance"] >= 2 and gate_kinds["zone_gate"] == 5
    store.close()
