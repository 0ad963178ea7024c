"""The certificate of destruction a purge writes: one A4 page, Korean and English, readable by
its owner only (services/private_files.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from expo_console.services.badge_print.fonts import badge_fonts
from expo_console.services.private_files import private_part
from expo_console.services.registration.person_data_pdf import when_text

WHAT = {"visitors": "방문객 개인정보 (이름·연락처·이메일·회사 등) Visitors' personal data",
        "badges": "배지 Badges", "scans": "출입 기록의 방문객 연결 (가명 처리) Scans' link to the visitor (pseudonymised)",
        "print_log": "배지 출력 기록의 방문객 연결 (가명 처리) Print log's link to the visitor (pseudonymised)",
        "audit_log": "접근 기록의 방문객 연결과 자유 기재 내용 (가명·삭제) Access records' person and free text"}


def write_certificate(done: dict[str, Any], out: Path) -> None:
    fonts = badge_fonts()
    title = ParagraphStyle("title", fontName=fonts.bold, fontSize=16, leading=22)
    body = ParagraphStyle("body", fontName=fonts.regular, fontSize=9.5, leading=14)
    width = A4[0] - 30 * mm
    facts = [["행사 Event", done["event"]], ["파기 일시 Destroyed at", when_text(done["purged_at"], done.get("timezone"))],
             ["보존 기한 Kept until", done["retention_date"]],
             ["처리자 Destroyed by", f"{done['operator']} (데스크 desk {done['desk_id']})"]]
    counts = [["파기 대상 What", "건수 Records"], *[[WHAT.get(k, k), f"{v:,}"] for k, v in done["counts"].items()]]

    def grid(rows: list[list[Any]], widths: list[float], header: bool) -> Table:
        # escaped: a Paragraph reads markup, and an event's or operator's name may hold '<' or '&'
        table = Table([[Paragraph(escape(str(v)), body) for v in row] for row in rows], colWidths=widths)
        style = [("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#90a4ae")), ("VALIGN", (0, 0), (-1, -1), "TOP")]
        if header:
            style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eceff1")))
        table.setStyle(TableStyle(style))
        return table

    story = [
        Paragraph("개인정보 파기 확인서 Certificate of destruction of personal data", title), Spacer(0, 5 * mm),
        grid(facts, [width * 0.3, width * 0.7], False), Spacer(0, 5 * mm),
        grid(counts, [width * 0.78, width * 0.22], True), Spacer(0, 5 * mm),
        Paragraph("방법: 방문객 행을 삭제하고 삭제된 영역을 0으로 덮어썼으며 (SQLite secure_delete), 로그(WAL)를 비웠습니다. "
                  "통계(입장 수, 점유, 방문객 구분)는 가명으로 남습니다. Method: the visitors' rows were deleted and the "
                  "freed space overwritten with zeros (SQLite secure_delete), and the log (WAL) emptied. The figures "
                  "(entries, occupancy, classes) remain under pseudonyms.", body),
        Spacer(0, 18 * mm),
        Paragraph("확인자 Confirmed by: ______________________ &nbsp;&nbsp; 서명 Signature: ______________________", body),
    ]
    partial = private_part(out)
    try:
        SimpleDocTemplate(str(partial), pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=18 * mm,
                          bottomMargin=14 * mm, title="Certificate of destruction").build(story)
        partial.replace(out)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
