"""One badge at the desk: prepare what the printer gets, then record how the job ended.

The GUI hands the PDF bytes to a printer and reports back. Only a job the printer accepted marks
the badge printed; an offline printer or a cancelled dialog is logged as such and leaves the
badge, its serial and the visitor exactly as they were.
"""

from __future__ import annotations

from dataclasses import dataclass

from expo_console.domain.access import Action
from expo_console.services import event_settings
from expo_console.services.access import require
from expo_console.services.badge_print.render import BadgeRenderer, content_for, renderer_for
from expo_console.services.badges.codes import Badge, issue_badge
from expo_console.services.changes import VisitorsChanged
from expo_console.services.events import event_row
from expo_console.storage import print_log_repo, visitors_repo
from expo_console.storage.connection import EventStore


@dataclass(frozen=True, slots=True)
class PrintJob:
    badge: Badge
    pdf: bytes
    format_id: str
    already_printed: bool  # the desk asks first: reprint the same code, or reissue a new one


def prepare_print(store: EventStore, visitor_id: str, format_id: str, *, reissue: bool = False,
                  romanize: bool | None = None, renderer: BadgeRenderer | None = None) -> tuple[PrintJob, VisitorsChanged]:
    """Issue the code if needed (or reissue), and render the badge PDF in memory."""
    require(store, Action.PRINT_BADGES)
    badge, change = issue_badge(store, visitor_id, reissue=reissue)
    visitor = visitors_repo.get(store.conn, visitor_id)
    assert visitor is not None
    event = event_row(store)
    if romanize is None:
        romanize = event_settings.get(store, event_settings.BADGE_ROMANIZE)
    renderer = renderer or renderer_for(format_id)
    pdf = renderer.pdf_bytes([content_for(visitor, badge.code, event["name"], romanize=romanize)],
                             title=f"{event['name']} badge {badge.serial}")
    return PrintJob(badge, pdf, format_id, badge.printed_at is not None), change


def record_print(store: EventStore, job: PrintJob, printer: str, result: str) -> VisitorsChanged:
    """Log the job; a 'printed' job also marks the badge printed."""
    require(store, Action.PRINT_BADGES)
    with store.write() as conn:
        print_log_repo.record(conn, store.stamp, badge_id=job.badge.id, serial=job.badge.serial,
                              visitor_id=job.badge.visitor_id, printer=printer, result=result)
    return VisitorsChanged(upserted=(job.badge.visitor_id,) if result == "printed" else ())

