"""Badge batches: choose visitors, issue their codes, write one PDF, log it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from expo_console.domain.access import Action
from expo_console.domain.visitors import VisitorClass
from expo_console.services.access import require
from expo_console.services.badge_print.render import BadgeContent, content_for, renderer_for
from expo_console.services.badges.codes import Badge, issue_badges
from expo_console.services.changes import VisitorsChanged
from expo_console.services.events import event_row
from expo_console.services.progress import CancelFlag, ProgressCallback, no_progress
from expo_console.storage import print_log_repo, visitors_repo
from expo_console.storage.connection import EventStore


class BatchError(Exception):
    pass


# A batch cancelled part-way stops with Cancelled; codes issued before the cancel stay issued, so
# every view reloads the list.
CHANGE_IF_CANCELLED = VisitorsChanged(reload=True)


@dataclass(frozen=True, slots=True)
class BatchResult:
    count: int
    out: Path
    change: VisitorsChanged


def select_visitors(store: EventStore, *, visitor_ids: Sequence[str] = (), visitor_class: str | None = None,
                    everyone: bool = False, not_printed: bool = False) -> list[str]:
    """Visitor ids for a batch, in name order; blocked visitors are left out, and so are those
    whose registration is not admissible (waiting, cancelled, rejected: they get no badge)."""
    require(store, Action.PRINT_BADGES)
    if not (visitor_ids or visitor_class or everyone or not_printed):
        raise BatchError("Choose whom to print: visitor ids, a class, everyone, or everyone not printed yet.")
    if visitor_class is not None and visitor_class not in {c.value for c in VisitorClass}:
        raise BatchError(f"Unknown class '{visitor_class}'. Use one of: {', '.join(c.value for c in VisitorClass)}.")
    found = visitors_repo.select_for_batch(store.conn, visitor_ids=visitor_ids, visitor_class=visitor_class,
                                           not_current=not_printed)
    missing = set(visitor_ids) - set(found)
    if missing:
        raise BatchError(f"Not found, blocked, or not registered (waiting, cancelled or rejected): "
                         f"{', '.join(sorted(missing))}.")
    return found


@dataclass(frozen=True, slots=True)
class RenderedBatch:
    out: Path
    badges: list[Badge]
    change: VisitorsChanged
    page_size_mm: tuple[float, float]


def render_batch(store: EventStore, out: Path | str, visitor_ids: Sequence[str], *, format_id: str = "a6",
                 romanize: bool = False, progress: ProgressCallback = no_progress,
                 cancel: CancelFlag | None = None) -> RenderedBatch:
    """Issue (where missing) and draw the visitors' badges into one PDF, logging nothing yet."""
    require(store, Action.PRINT_BADGES)  # before the PDF of their names is written
    out = Path(out)
    if out.suffix.lower() != ".pdf":
        raise BatchError(f"Cannot write badges to '{out.name}': use a file name ending in .pdf.")
    renderer = renderer_for(format_id)  # TemplateError / KoreanFontMissing first
    template = renderer.template
    event_name = event_row(store)["name"]
    badges, change = issue_badges(store, list(visitor_ids))

    def contents() -> Iterator[BadgeContent]:
        for badge in badges:
            visitor = visitors_repo.get(store.conn, badge.visitor_id)
            assert visitor is not None
            yield content_for(visitor, badge.code, event_name, romanize=romanize)

    renderer.write_pdf(out, contents(), total=len(badges), title=f"{event_name} badges",
                       progress=progress, cancel=cancel)
    return RenderedBatch(out, badges, change, template.page_size)


def log_batch(store: EventStore, batch: RenderedBatch, printer: str, result: str) -> VisitorsChanged:
    """One print-log row per badge; a batch the printer accepted marks its badges printed."""
    require(store, Action.PRINT_BADGES)
    with store.write() as conn:
        for badge in batch.badges:
            print_log_repo.record(conn, store.stamp, badge_id=badge.id, serial=badge.serial,
                                  visitor_id=badge.visitor_id, printer=printer, result=result)
    return VisitorsChanged(upserted=tuple(b.visitor_id for b in batch.badges) if result == "printed" else ())


def write_badges_pdf(store: EventStore, out: Path | str, visitor_ids: Sequence[str], *, format_id: str = "a6",
                     romanize: bool = False, progress: ProgressCallback = no_progress,
                     cancel: CancelFlag | None = None) -> BatchResult:
    """A batch written to one PDF (for printing elsewhere), logged as written_to_pdf."""
    batch = render_batch(store, out, visitor_ids, format_id=format_id, romanize=romanize,
                         progress=progress, cancel=cancel)
    log_batch(store, batch, f"PDF {batch.out.name}", "written_to_pdf")
    return BatchResult(len(batch.badges), batch.out, batch.change)
