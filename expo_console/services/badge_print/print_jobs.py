"""Badges to an operating-system printer: sent in small jobs, followed until they end.

Memory stays flat whatever the batch: the badges are drawn a chunk at a time into a temporary
PDF, which the print system takes as a PDF (it converts it for the printer itself), so nothing
is rasterised here and no page outlives its chunk. A cancel stops after the job in flight.

Every badge is logged *sent* with its job's id when the print system queues the job, and only
`follow_jobs` turns it *printed* (the job completed) or *failed* (refused, aborted, cancelled or
gone, with the print system's reason). A print system that cannot follow jobs leaves badges
*sent*; the operator confirms them (`confirm_printed`).
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from expo_console.domain.access import Action
from expo_console.services.access import require
from expo_console.services.badge_print.render import BadgeContent, content_for, renderer_for
from expo_console.services.badges.codes import Badge, badge_record, issue_badges
from expo_console.services.changes import VisitorsChanged
from expo_console.services.events import event_row
from expo_console.services.print_system.base import (
    FAILED,
    PRINTED,
    SENT,
    PrintRefused,
    PrintSystem,
    PrintSystemUnavailable,
)
from expo_console.services.progress import CancelFlag, ProgressCallback, no_progress
from expo_console.storage import print_log_repo, visitors_repo
from expo_console.storage.connection import EventStore

CHUNK = 25  # badges per job: small enough to cancel soon and keep memory flat, few enough jobs


@dataclass(frozen=True, slots=True)
class BadgeOutcome:
    """One badge of a print run, as the CLI prints it and the batch list shows it."""

    visitor_id: str
    serial: int
    printer: str
    job_id: str
    state: str  # sent, printed, failed
    reason: str = ""

    def as_json(self) -> dict[str, object]:
        return {"visitor": self.visitor_id, "serial": self.serial, "printer": self.printer, "job": self.job_id,
                "state": self.state, "reason": self.reason}


def _chunks(items: Sequence[Badge], size: int) -> Iterator[Sequence[Badge]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def send_badges(store: EventStore, system: PrintSystem, visitor_ids: Sequence[str], *, printer: str,
                format_id: str = "a6", romanize: bool = False, chunk: int = CHUNK,
                progress: ProgressCallback = no_progress, cancel: CancelFlag | None = None,
                on_outcome: Callable[[BadgeOutcome], None] | None = None) -> tuple[list[BadgeOutcome], VisitorsChanged]:
    """Issue (where missing), draw and queue the visitors' badges on `printer`, a chunk per job.

    Stops at the first job the print system refuses (that chunk is logged failed, the rest is
    not sent) and, when cancelled, after the job in flight. Returns every badge that went out or
    failed, in order; badges never sent are not in the list and stay unprinted.
    """
    require(store, Action.PRINT_BADGES)
    if not printer.strip():
        raise PrintRefused("Choose a printer first: no printer is set up for this desk.")
    renderer = renderer_for(format_id)  # TemplateError / KoreanFontMissing before anything is issued
    event_name = event_row(store)["name"]
    badges, change = issue_badges(store, list(visitor_ids))
    outcomes: list[BadgeOutcome] = []
    done = 0
    progress(0, len(badges))
    with tempfile.TemporaryDirectory(prefix="expo-badges-") as folder:
        for number, part in enumerate(_chunks(badges, chunk), start=1):
            if cancel is not None and cancel.is_set:
                break
            pdf = Path(folder) / f"badges-{number:04d}.pdf"
            renderer.write_pdf(pdf, _contents(store, part, event_name, romanize), total=len(part),
                               title=f"{event_name} badges")
            try:
                job_id, state, reason = system.submit(pdf, printer, f"{event_name} badges {number}"), SENT, ""
            except (PrintRefused, PrintSystemUnavailable) as error:
                job_id, state, reason = "", FAILED, str(error)
            finally:
                pdf.unlink(missing_ok=True)  # the print system has its own copy once it queued the job
            with store.write() as conn:
                for badge in part:
                    print_log_repo.record(conn, store.stamp, badge_id=badge.id, serial=badge.serial,
                                          visitor_id=badge.visitor_id, printer=printer, result=state,
                                          job_id=job_id, reason=reason)
            for badge in part:
                outcome = BadgeOutcome(badge.visitor_id, badge.serial, printer, job_id, state, reason)
                outcomes.append(outcome)
                if on_outcome is not None:
                    on_outcome(outcome)
            done += len(part)
            progress(done, len(badges))
            if state == FAILED:
                break
    # The change covers the codes issued and every badge whose print state moved (sent or failed).
    touched = tuple(dict.fromkeys([*change.upserted, *(o.visitor_id for o in outcomes)]))
    return outcomes, VisitorsChanged(upserted=touched)


def _contents(store: EventStore, badges: Sequence[Badge], event_name: str, romanize: bool) -> Iterator[BadgeContent]:
    for badge in badges:
        visitor = visitors_repo.get(store.conn, badge.visitor_id)
        assert visitor is not None
        yield content_for(visitor, badge.code, event_name, romanize=romanize)


def follow_jobs(store: EventStore, system: PrintSystem, *, wait: float = 0, poll: float = 0.5,
                only_jobs: set[str] | None = None) -> tuple[list[BadgeOutcome], VisitorsChanged]:
    """Ask the print system how the open jobs ended and log each badge's outcome.

    With `wait`, keeps asking until every (chosen) job has ended or `wait` seconds have passed.
    Jobs the print system cannot be asked about now stay *sent*. Returns the badges whose job
    ended in this call.
    """
    require(store, Action.PRINT_BADGES)
    deadline = time.monotonic() + wait
    ended: list[BadgeOutcome] = []
    while True:
        pending = [row for row in print_log_repo.open_jobs(store.conn)
                   if row["job_id"] and (only_jobs is None or row["job_id"] in only_jobs)]
        states = {}
        for job_id in {row["job_id"] for row in pending}:
            try:
                states[job_id] = system.job_state(job_id)
            except PrintSystemUnavailable:
                continue
        finished = [row for row in pending if row["job_id"] in states and states[row["job_id"]].finished]
        if finished:
            with store.write() as conn:
                for row in finished:
                    state = states[row["job_id"]]
                    print_log_repo.record(conn, store.stamp, badge_id=row["badge_id"], serial=row["serial"],
                                          visitor_id=row["visitor_id"], printer=row["printer"],
                                          result=state.outcome, job_id=row["job_id"], reason=state.reason)
            ended += [BadgeOutcome(row["visitor_id"], row["serial"], row["printer"], row["job_id"],
                                   states[row["job_id"]].outcome, states[row["job_id"]].reason) for row in finished]
        if len(finished) == len(pending) or time.monotonic() >= deadline:
            break
        time.sleep(poll)
    printed = tuple(dict.fromkeys(o.visitor_id for o in ended if o.state == PRINTED))
    return ended, VisitorsChanged(upserted=printed)


def confirm_printed(store: EventStore, visitor_ids: Sequence[str]) -> VisitorsChanged:
    """The operator saw the badges come out of a printer whose jobs cannot be followed."""
    require(store, Action.PRINT_BADGES)
    confirmed = []
    with store.write() as conn:
        for row in print_log_repo.open_jobs(conn):
            if row["visitor_id"] in visitor_ids:
                print_log_repo.record(conn, store.stamp, badge_id=row["badge_id"], serial=row["serial"],
                                      visitor_id=row["visitor_id"], printer=row["printer"], result=PRINTED,
                                      job_id=row["job_id"], reason="confirmed by the operator")
                confirmed.append(row["visitor_id"])
    return VisitorsChanged(upserted=tuple(confirmed))


def badge_print_state(store: EventStore, visitor_id: str) -> dict[str, object] | None:
    """The visitor's badge's latest print outcome (for the badge panel), or None."""
    badge = badge_record(store, visitor_id)  # needs no key: browsing shows the state too
    return None if badge is None else print_log_repo.last_outcome(store.conn, badge.id)


def open_job_ids(store: EventStore) -> set[str]:
    """The print system's ids of every job still open in the print log."""
    return {row["job_id"] for row in print_log_repo.open_jobs(store.conn)}


def desk_open_job(store: EventStore, visitor_id: str) -> str | None:
    """The visitor's job still in the print system, if this desk sent it: a job id means
    something only to the print system of the desk that sent it."""
    rows = print_log_repo.entries(store.conn, visitor_id)
    if rows and rows[-1]["result"] == "sent" and rows[-1]["desk_id"] == store.stamp.desk_id:
        return str(rows[-1]["job_id"])
    return None
