"""Badges through a real CUPS server (a private cupsd with a cups-pdf queue; see print_server.py).

A badge is *sent* when CUPS queues its job and *printed* only when the job completes; a queue
that rejects jobs, or a server that is gone, gives *failed* (or *sent*), never *printed*. What
came out of the virtual printer is decoded back to codes that verify.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from print_server import PrintServer, private_cups, why_cups_cannot_run

from expo_console.services.badge_print.print_jobs import badge_print_state, follow_jobs, send_badges
from expo_console.services.badges.codes import verify_code
from expo_console.services.demo.event import create_demo_event
from expo_console.storage import print_log_repo
from expo_console.storage.connection import EventStore
from support import TEST_STAMP

pytestmark = [pytest.mark.skipif(why_cups_cannot_run() is not None, reason=str(why_cups_cannot_run())),
              pytest.mark.slow]  # a private cupsd per test


@pytest.fixture
def cups_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[PrintServer]:
    with private_cups(tmp_path) as server:
        monkeypatch.setenv("CUPS_SERVER", str(server.socket))
        yield server


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[EventStore]:
    store = create_demo_event(tmp_path / "demo.expo", TEST_STAMP, visitors=40)
    yield store
    store.close()


def cups_system():  # type: ignore[no-untyped-def]
    from expo_console.services.print_system.cups_system import CupsPrintSystem

    return CupsPrintSystem()


def visitor_ids(store: EventStore, count: int) -> list[str]:
    return [row[0] for row in store.conn.execute("SELECT id FROM visitors ORDER BY rowid LIMIT ?", (count,))]


def decoded(pdfs: list[Path]) -> list[str]:
    import pypdfium2
    import zxingcpp

    codes = []
    for pdf in pdfs:
        document = pypdfium2.PdfDocument(str(pdf))
        for page in document:
            image = page.render(scale=300 / 72).to_pil()
            codes += [r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode]
        document.close()
    return codes


def test_badges_are_sent_then_printed_when_the_job_completes_and_decode_to_genuine_codes(cups_server, demo) -> None:
    system = cups_system()
    assert system.default_printer() == "expo-pdf" and system.printers() == ["expo-pdf"]
    chosen = visitor_ids(demo, 5)
    outcomes, _ = send_badges(demo, system, chosen, printer="expo-pdf", chunk=2)
    assert [o.state for o in outcomes] == ["sent"] * 5
    assert len({o.job_id for o in outcomes}) == 3  # 2 + 2 + 1 badges a job
    assert demo.conn.execute("SELECT count(*) FROM badges WHERE printed_at IS NOT NULL").fetchone()[0] == 0
    ended, change = follow_jobs(demo, system, wait=90)
    assert sorted(o.state for o in ended) == ["printed"] * 5 and set(change.upserted) == set(chosen)
    printed_at = demo.conn.execute("SELECT count(*) FROM badges WHERE printed_at IS NOT NULL").fetchone()[0]
    assert printed_at == 5 and print_log_repo.open_jobs(demo.conn) == []
    codes = decoded(cups_server.printed(wait=10))
    assert len(codes) == 5
    serials = {verify_code(demo, code).fields.serial for code in codes if verify_code(demo, code).status == "active"}
    assert serials == {o.serial for o in outcomes}


def test_a_queue_that_rejects_jobs_gives_failed_and_the_badge_stays_unprinted(cups_server, demo) -> None:
    cups_server.admin("cupsreject", "-r", "out of badge stock", "expo-pdf")
    system = cups_system()
    chosen = visitor_ids(demo, 3)
    outcomes, _ = send_badges(demo, system, chosen, printer="expo-pdf", chunk=2)
    # the first job is refused: its badges are failed with CUPS's reason, the rest never went out
    assert [o.state for o in outcomes] == ["failed", "failed"]
    assert "not accepting" in outcomes[0].reason.lower() or "out of badge stock" in outcomes[0].reason
    assert demo.conn.execute("SELECT count(*) FROM badges WHERE printed_at IS NOT NULL").fetchone()[0] == 0
    assert badge_print_state(demo, chosen[0])["result"] == "failed"


def test_a_print_server_that_stops_gives_failed_or_sent_never_printed(cups_server, demo) -> None:
    system = cups_system()
    cups_server.admin("cupsdisable", "expo-pdf")  # the jobs wait in the queue
    outcomes, _ = send_badges(demo, system, visitor_ids(demo, 2), printer="expo-pdf")
    assert {o.state for o in outcomes} == {"sent"}
    cups_server.stop()
    ended, _ = follow_jobs(demo, system, wait=1, poll=0.2)
    assert ended == []  # nobody to ask: still sent
    later, _ = send_badges(demo, system, visitor_ids(demo, 4)[2:], printer="expo-pdf")
    assert {o.state for o in later} == {"failed"} and "not running" in later[0].reason
    states = {row[0] for row in demo.conn.execute("SELECT result FROM print_log")}
    assert "printed" not in states
    assert demo.conn.execute("SELECT count(*) FROM badges WHERE printed_at IS NOT NULL").fetchone()[0] == 0


def test_a_job_cancelled_in_the_print_system_is_failed(cups_server, demo) -> None:
    system = cups_system()
    cups_server.admin("cupsdisable", "expo-pdf")
    outcomes, _ = send_badges(demo, system, visitor_ids(demo, 1), printer="expo-pdf")
    system.cancel(outcomes[0].job_id)
    ended, _ = follow_jobs(demo, system, wait=20, poll=0.2)
    assert [(o.state, "cancelled" in o.reason) for o in ended] == [("failed", True)]


def test_the_print_command_prints_a_json_line_per_badge_and_waits_for_the_jobs(cups_server, demo) -> None:
    chosen = visitor_ids(demo, 3)
    demo.close()
    command = [sys.executable, "-m", "expo_console", "print", "--db", str(demo.path), "--wait", "90"]
    for visitor in chosen:
        command += ["--visitor", visitor]
    result = subprocess.run(command, capture_output=True, text=True, timeout=180, env=os.environ.copy())
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["state"] for line in lines] == ["sent"] * 3 + ["printed"] * 3
    assert {line["printer"] for line in lines} == {"expo-pdf"} and all(line["job"] for line in lines)
    assert {line["visitor"] for line in lines} == set(chosen)


def test_the_print_command_fails_with_a_sentence_when_the_queue_rejects(cups_server, demo) -> None:
    cups_server.admin("cupsreject", "expo-pdf")
    visitor = visitor_ids(demo, 1)[0]
    demo.close()
    result = subprocess.run([sys.executable, "-m", "expo_console", "print", "--db", str(demo.path),
                             "--visitor", visitor], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert json.loads(result.stdout)["state"] == "failed"
