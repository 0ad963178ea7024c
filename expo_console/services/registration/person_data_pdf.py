"""A person's data as a PDF to hand to them (A4, Korean and English, Korean font embedded)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from expo_console.services.badge_print.fonts import badge_fonts

LABELS = {"name": "성명 Name", "name_en": "영문명 English name", "company": "회사 Company", "title": "직함 Title",
          "visitor_class": "구분 Class", "phone": "전화 Phone", "email": "이메일 E-mail", "country": "국가 Country",
          "notes": "메모 Notes", "registration_status": "등록 상태 Status", "registered_at": "등록 시각 Registered",
          "source": "등록 경로 Source", "blocked": "출입 제한 Blocked", "blocked_reason": "제한 사유 Reason",
          "consent_required": "수집·이용 동의 Collection and use", "consent_provision": "제3자 제공 동의 Sharing",
          "consent_marketing": "마케팅 동의 Marketing"}


def write_person_pdf(data: dict[str, Any], out: Path) -> None:
    fonts = badge_fonts()
    title = ParagraphStyle("title", fontName=fonts.bold, fontSize=15, leading=20)
    heading = ParagraphStyle("heading", fontName=fonts.bold, fontSize=11, leading=15, spaceBefore=8)
    cell = ParagraphStyle("cell", fontName=fonts.regular, fontSize=8.5, leading=11)

    def grid(rows: list[list[Any]], widths: list[float]) -> Table:
        table = Table([[Paragraph(str("" if v is None else v), cell) for v in row] for row in rows], colWidths=widths,
                      repeatRows=1)
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#b0bec5")),
                                   ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eceff1")),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        return table

    width = A4[0] - 30 * mm
    registration = [[LABELS.get(k, k), v] for k, v in data["registration"].items()]
    consents = [[LABELS.get(k, k), v["given_at"] or "—", v["notice_version"] or "—"] for k, v in data["consents"].items()]
    story: list[Any] = [
        Paragraph("개인정보 열람 Your personal data", title),
        Paragraph(f"방문객 ID Visitor id: {data['visitor_id']}", cell), Spacer(0, 4 * mm),
        Paragraph("등록 정보 Registration", heading), grid([["항목 Field", "값 Value"], *registration], [width * 0.35, width * 0.65]),
        Paragraph("동의 Consents", heading),
        grid([["동의 Consent", "시각 Given at", "고지 버전 Notice version"], *consents], [width * 0.4, width * 0.35, width * 0.25]),
        Paragraph("배지 Badges", heading),
        grid([["일련번호 Serial", "재발급 Reissue", "상태 Status", "발급 Issued", "출력 Printed"],
              *[[b["serial"], b["reissue"], b["status"], b["issued_at"], b["printed_at"] or "—"] for b in data["badges"]]],
             [width * 0.16, width * 0.12, width * 0.14, width * 0.29, width * 0.29]),
        Paragraph("출입 기록 Scans", heading),
        grid([["시각 Time (UTC)", "게이트 Gate", "방향 Direction", "판정 Verdict"],
              *[[s["scanned_at"], s["gate"], s["direction"], s["verdict"] + (" (취소 annulled)" if s["annulled_at"] else "")]
                for s in data["scans"]]], [width * 0.3, width * 0.3, width * 0.15, width * 0.25]),
        Paragraph("접근 기록 Access records", heading),
        grid([["시각 Time (UTC)", "운영자 Operator", "작업 Action"],
              *[[e["at"], e["operator"], e["action"]] for e in data["access_records"]]],
             [width * 0.35, width * 0.3, width * 0.35]),
    ]
    partial = out.with_name(out.name + ".part")
    document = SimpleDocTemplate(str(partial), pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm,
                                 topMargin=14 * mm, bottomMargin=14 * mm, title="Personal data")
    document.build(story)
    partial.replace(out)  # never a half-written file under the real name
