"""Badge figures: rendering rate into one PDF, walk-in to printable badge, code verification.

Rendering: 1,000 A6 badges with fresh codes (no QR cache), vector QR and the embedded Korean
font, against the same badges whose QR is drawn with reportlab's own QrCodeWidget (its encoder,
one rectangle per module) in the same run. Walk-in: saving a walk-in, issuing the code and
rendering the badge PDF in memory, against the save alone. Verification: decoding and checking
a code (the domain part of a scan), against one bare HMAC-SHA256 of the same bytes.
"""

from __future__ import annotations

import hashlib
import hmac
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.data import people_rows
from benchmarks.harness import Figure, Report, percentile, timed
from expo_console.domain.badge_code import BadgeFields, make_code, parse_code, tag_is_valid
from expo_console.domain.visitors import Consent, VisitorClass, VisitorDraft
from expo_console.services.badge_print import qr as qr_module
from expo_console.services.badge_print import render as render_module
from expo_console.services.badge_print.render import BadgeContent, BadgeRenderer, content_for
from expo_console.services.badge_print.templates import load_template
from expo_console.services.badges.codes import issue_badge
from expo_console.services.events import EventDetails, create_event
from expo_console.services.registration.visitors import get_visitor, register_visitor
from expo_console.storage.connection import Stamp

SECRET = bytes(range(32))


def _contents(count: int, offset: int) -> list[BadgeContent]:
    rows = people_rows(count, seed=offset)
    return [BadgeContent(make_code(BadgeFields(1, 20221, 1_000_000 + offset + i, 0, VisitorClass.VISITOR), SECRET),
                         "visitor", r[0], r[1], r[2], r[3], "2022 스마트비즈엑스포") for i, r in enumerate(rows)]


def _widget_qr(canvas, code: str, left: float, top: float, size: float) -> float:  # type: ignore[no-untyped-def]
    """The baseline: reportlab's QrCodeWidget, as a tutorial would draw a QR on a PDF."""
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    widget = QrCodeWidget(code, barLevel="M", barBorder=4)
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, left, top - size)
    return size / 33


def _render_rate(report: Report, count: int) -> None:
    renderer = BadgeRenderer(load_template("a6"))
    with tempfile.TemporaryDirectory() as folder:
        qr_module.dark_runs.cache_clear()
        ours_contents = _contents(count, 0)
        ours = timed(lambda: renderer.write_pdf(Path(folder) / "ours.pdf", ours_contents))
        baseline_contents = _contents(count, 500_000)
        original = render_module.draw_qr
        render_module.draw_qr = _widget_qr  # type: ignore[assignment]  # only the QR drawing differs
        try:
            baseline = timed(lambda: renderer.write_pdf(Path(folder) / "baseline.pdf", baseline_contents))
        finally:
            render_module.draw_qr = original
    report.add(Figure(f"badges rendered into one PDF ({count:,}, A6)", count / ours, "QrCodeWidget badges/s",
                      count / baseline, unit="/s", target="≥ 300/s and ≥ 4× baseline",
                      details={"seconds": ours, "baseline_seconds": baseline}))


def _walk_in_to_badge(report: Report, repeats: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = create_event(Path(folder) / "walkin.expo", EventDetails("bench", "2022-10-04", "2022-10-07"),
                             Stamp("bench", "bench", "organizer"))
        renderer = BadgeRenderer(load_template("a6"))
        consent = frozenset({Consent.REQUIRED})
        full: list[float] = []
        save_only: list[float] = []
        for i, row in enumerate(people_rows(2 * repeats, seed=3)):
            draft = VisitorDraft(name=row[0], name_en=row[1], company=row[2], title=row[3], phone=row[4],
                                 email=f"walkin{i}@example.com", consents=consent)
            start = time.perf_counter()
            saved = register_visitor(store, draft, allow_duplicate=True)
            if i % 2:
                save_only.append(time.perf_counter() - start)
                continue
            badge, _ = issue_badge(store, saved.visitor_id)
            renderer.pdf_bytes([content_for(get_visitor(store, saved.visitor_id), badge.code, "bench")])
            full.append(time.perf_counter() - start)
        store.close()
    report.add(Figure("walk-in saved → badge PDF ready, p50", statistics.median(full), "save alone p50",
                      statistics.median(save_only), target="< 150 ms", details={"samples": len(full)}))
    report.add(Figure("walk-in saved → badge PDF ready, p95", percentile(full, 95), "save alone p95",
                      percentile(save_only, 95), target="< 150 ms", details={"samples": len(full)}))


def _verification(report: Report, count: int) -> None:
    codes = [make_code(BadgeFields(1, 20221, 1_000_000 + i, 0, VisitorClass.VISITOR), SECRET) for i in range(count)]
    start = time.perf_counter()
    for code in codes:
        parse_code(code)
        assert tag_is_valid(code, SECRET)
    ours = (time.perf_counter() - start) / count
    start = time.perf_counter()
    for code in codes:
        hmac.new(SECRET, code[:19].encode(), hashlib.sha256).digest()
    bare = (time.perf_counter() - start) / count
    report.add(Figure("code verification per code", ours * 1e6, "bare HMAC-SHA256", bare * 1e6, unit="µs",
                      target="< 20 µs", details={"codes": count}))


def run(report: Report, count: int, repeats: int) -> None:
    _render_rate(report, count)
    _walk_in_to_badge(report, repeats)
    _verification(report, 20 * count)
