"""A person's data as a PDF to hand to them (A4, Korean and English, Korean font embedded).

The person reads it, not a developer: codes are written out in both languages (their class, how
they were registered, a badge's state, each scan's verdict, what each access record did), times
as `2022-10-04 01:30:00 UTC`, and an empty section says so instead of showing a bare header. An
unknown code (a newer console's) is shown as it is.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from expo_console.domain.checkin import Verdict
from expo_console.services.badge_print.fonts import badge_fonts
from expo_console.services.checkin.messages import MESSAGES as VERDICTS
from expo_console.services.messages import CLASS_LABELS
from expo_console.services.private_files import private_part

LABELS = {"name": "성명 Name", "name_en": "영문명 English name", "company": "회사 Company", "title": "직함 Title",
          "visitor_class": "구분 Class", "phone": "전화 Phone", "email": "이메일 E-mail", "country": "국가 Country",
          "notes": "메모 Notes", "registration_status": "등록 상태 Status", "registered_at": "등록 시각 Registered",
          "source": "등록 경로 Source", "blocked": "출입 제한 Blocked", "blocked_reason": "제한 사유 Reason",
          "consent_required": "수집·이용 동의 Collection and use", "consent_provision": "제3자 제공 동의 Sharing",
          "consent_marketing": "마케팅 동의 Marketing"}
STATUS = {"registered": "등록됨 Registered", "waiting": "승인 대기 Waiting for approval", "cancelled": "취소됨 Cancelled",
          "rejected": "반려됨 Rejected"}
SOURCE = {"walk_in": "현장 등록 Walk-in", "import": "사전 등록 명단 Pre-registration list", "demo": "데모 Demo",
          "simulated": "시뮬레이션 Simulation"}
BADGE_STATUS = {"active": "사용 중 In use", "revoked": "무효 (재발급) Revoked (reissued)"}
DIRECTION = {"in": "입장 In", "out": "퇴장 Out", "both": "입·퇴장 In and out"}
ACTIONS = {"create": "등록 Registered", "update": "정보 수정 Details changed", "delete": "삭제 Deleted",
           "reveal_phone": "전화번호 열람 Phone number shown", "issue_badge": "배지 발급 Badge issued",
           "reissue_badge": "배지 재발급 Badge reissued", "block": "출입 제한 Blocked", "unblock": "출입 제한 해제 Unblocked",
           "import_update": "명단 가져오기로 수정 Updated from a list", "manual_admit": "수동 입장 Admitted by hand",
           "override_admit": "책임자 승인 입장 Admitted by a supervisor",
           "override_exit": "책임자 승인 퇴장 Let out by a supervisor",
           "person_data_export": "개인정보 열람본 제공 Personal data given to the person",
           "person_data_view": "개인정보 열람 Personal data viewed",
           "sync_conflict": "데스크 간 수정 충돌 Edits from two desks merged"}
NONE = "없음 None"


def when_text(value: Any, zone: str | None = None) -> str:
    """'2022-10-04T01:30:00.123Z' → '2022-10-04 10:30:00 KST' in the event's time zone, as the
    person and the organizer lived it ('… UTC' without a zone; what the file keeps is UTC)."""
    text = str(value or "")
    if len(text) >= 19 and text[10] == "T":
        if zone:
            try:
                moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(ZoneInfo(zone))
                return f"{moment:%Y-%m-%d %H:%M:%S} {moment.tzname()}"
            except (ValueError, ZoneInfoNotFoundError):
                pass
        return f"{text[:10]} {text[11:19]} UTC"
    return text or "—"


def _class(code: Any) -> str:
    from expo_console.services.badge_print.templates import load_class_styles

    styles = load_class_styles()
    korean = styles[code].label_ko if code in styles else ""
    return " ".join(part for part in (korean, CLASS_LABELS.get(code, "" if korean else str(code))) if part)


def _verdict(code: Any) -> str:
    try:
        korean, english, _do, _do_en = VERDICTS[Verdict(code)]
    except (ValueError, KeyError):
        return str(code)
    return f"{korean} {english}"


def _value(field: str, value: Any, zone: str | None) -> Any:
    if field == "visitor_class":
        return _class(value)
    if field == "registration_status":
        return STATUS.get(value, value)
    if field == "source":
        return SOURCE.get(value, value)
    if field == "blocked":
        return "예 Yes" if value else "아니요 No"
    if field == "registered_at":
        return when_text(value, zone)
    return value


MEETING_STATUS = {"scheduled": "예정 Scheduled", "held": "진행 Held", "no_show": "노쇼 No-show",
                  "cancelled": "취소 Cancelled"}


def _won(amount: Any) -> str:
    return f"₩{amount:,}" if isinstance(amount, int) else "—"


def write_person_pdf(data: dict[str, Any], out: Path) -> None:
    zone = data.get("timezone")

    def when(value: Any) -> str:
        return when_text(value, zone)

    fonts = badge_fonts()
    title = ParagraphStyle("title", fontName=fonts.bold, fontSize=15, leading=20)
    heading = ParagraphStyle("heading", fontName=fonts.bold, fontSize=11, leading=15, spaceBefore=8)
    cell = ParagraphStyle("cell", fontName=fonts.regular, fontSize=8.5, leading=11)

    def grid(header: list[str], rows: list[list[Any]], widths: list[float]) -> Table:
        body = rows or [[NONE] + [""] * (len(header) - 1)]
        # escaped: a Paragraph reads markup, and a name or a note may hold '<' or '&'
        table = Table([[Paragraph(escape(str("" if v is None else v)), cell) for v in row] for row in [header, *body]],
                      colWidths=widths, repeatRows=1)
        style = [("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#b0bec5")),
                 ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eceff1")), ("VALIGN", (0, 0), (-1, -1), "TOP")]
        if not rows:
            style.append(("SPAN", (0, 1), (-1, 1)))
        table.setStyle(TableStyle(style))
        return table

    width = A4[0] - 30 * mm
    registration = [[LABELS.get(k, k), _value(k, v, zone)] for k, v in data["registration"].items()]
    consents = [[LABELS.get(k, k), when(v["given_at"]) if v["given_at"] else "동의 안 함 Not given",
                 v["notice_version"] or "—"] for k, v in data["consents"].items()]
    badges = [[b["serial"], b["reissue"], BADGE_STATUS.get(b["status"], b["status"]), when(b["issued_at"]),
               when(b["printed_at"]) if b["printed_at"] else "—"] for b in data["badges"]]
    scans = [[when(s["scanned_at"]), s["gate"], DIRECTION.get(s["direction"], s["direction"]),
              _verdict(s["verdict"]) + (" (취소됨 annulled)" if s["annulled_at"] else "")] for s in data["scans"]]
    records = [[when(e["at"]), e["operator"], ACTIONS.get(e["action"], e["action"])] for e in data["access_records"]]
    consulted = data.get("consultations") or {}
    wishes = [[r["exhibitor"], r["buyer_rank"] or "—", r["exhibitor_rank"] or "—"] for r in consulted.get("requests", [])]
    meetings = [[f"{m['day']} {m['starts']}–{m['ends']}", m["table"], m["exhibitor"],
                 MEETING_STATUS.get(m["status"], m["status"]), _won(m["amount_krw"]), m["note"]]
                for m in consulted.get("meetings", [])]
    story: list[Any] = [
        Paragraph("개인정보 열람 Your personal data", title),
        Paragraph(f"행사 Event: {escape(str(data.get('event', '')))} · 작성 Made: {when(data.get('made_at'))} · "
                  f"방문객 ID Visitor id: {data['visitor_id']}", cell), Spacer(0, 4 * mm),
        Paragraph("등록 정보 Registration", heading),
        grid(["항목 Field", "값 Value"], registration, [width * 0.35, width * 0.65]),
        Paragraph("동의 Consents", heading),
        grid(["동의 Consent", "시각 Given at", "고지 버전 Notice version"], consents,
             [width * 0.4, width * 0.35, width * 0.25]),
        Paragraph("배지 Badges", heading),
        grid(["일련번호 Serial", "재발급 Reissue", "상태 Status", "발급 Issued", "출력 Printed"], badges,
             [width * 0.14, width * 0.1, width * 0.2, width * 0.28, width * 0.28]),
        Paragraph("출입 기록 Scans", heading),
        grid(["시각 Time", "게이트 Gate", "방향 Direction", "판정 Verdict"], scans,
             [width * 0.26, width * 0.24, width * 0.14, width * 0.36]),
        *([Paragraph("상담 신청 Consultation requests", heading),
           grid(["기업 Exhibitor", "바이어 순위 Your rank", "기업 순위 Their rank"], wishes,
                [width * 0.6, width * 0.2, width * 0.2]),
           Paragraph("상담 Consultation meetings", heading),
           grid(["시각 Time", "테이블 Table", "기업 Exhibitor", "결과 Outcome", "상담액 Amount", "메모 Note"], meetings,
                [width * 0.2, width * 0.08, width * 0.24, width * 0.14, width * 0.14, width * 0.2])]
          if wishes or meetings else []),
        Paragraph("접근 기록 Access records", heading),
        grid(["시각 Time", "운영자 Operator", "작업 Action"], records, [width * 0.3, width * 0.25, width * 0.45]),
    ]
    partial = private_part(out)  # owner-only from its first byte
    try:
        document = SimpleDocTemplate(str(partial), pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm,
                                     topMargin=14 * mm, bottomMargin=14 * mm, title="Personal data")
        document.build(story)
        partial.replace(out)  # never a half-written file under the real name
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
