"""What each verdict says to gate staff, in Korean and English, and what they should do.

Some verdicts carry facts (the gate's hours, who it is for, the event's days); `texts` adds
them to what staff read, so "gate closed" says when it opens.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from expo_console.domain.checkin import Verdict

# verdict → (Korean message, English message, Korean action, English action)
MESSAGES: dict[Verdict, tuple[str, str, str, str]] = {
    Verdict.ADMITTED: ("입장 확인", "Admitted", "입장시키세요.", "Let them in."),
    Verdict.ADMITTED_UNKNOWN: ("입장 확인 (다른 데스크 발급 배지)", "Admitted (badge issued on another desk)",
                               "입장시키고, 데스크 데이터 동기화를 확인하세요.",
                               "Let them in; check that the desks' data is merged."),
    Verdict.ALREADY_ADMITTED: ("이미 입장함", "Already admitted",
                               "처음 입장한 시각과 게이트를 확인하세요. 배지 공유가 의심되면 신분을 확인하세요.",
                               "Check the first admission's time and gate; check ID if the badge may be shared."),
    Verdict.EXIT_RECORDED: ("퇴장 기록", "Exit recorded", "통과시키세요.", "Let them pass."),
    Verdict.REVOKED: ("재발급으로 무효가 된 배지", "Badge revoked (replaced by a reissue)",
                      "새 배지를 받았는지 확인하고, 없으면 등록 데스크로 안내하세요.",
                      "Ask for the new badge; otherwise send them to the registration desk."),
    Verdict.BLOCKED: ("출입 제한된 방문자", "Blocked visitor", "입장시키지 말고 책임자를 부르세요.",
                      "Do not admit; call a supervisor."),
    Verdict.NOT_REGISTERED: ("등록 취소·반려 또는 승인 대기 중", "Registration cancelled, rejected or not approved",
                             "입장시키지 말고 등록 데스크로 안내하세요.",
                             "Do not admit; send them to the registration desk."),
    Verdict.CANCELLED: ("등록이 취소된 배지", "Registration cancelled",
                        "입장시키지 말고 등록 데스크로 안내하세요.", "Do not admit; send them to the registration desk."),
    Verdict.NOT_ALLOWED_HERE: ("이 게이트 출입 대상이 아님", "Not allowed at this gate",
                               "입장시키지 말고 다른 출입구나 전시장으로 안내하세요.",
                               "Do not admit here; send them on to the hall or another gate."),
    Verdict.GATE_CLOSED: ("운영 시간이 아님", "Gate closed", "운영 시간에 다시 오도록 안내하세요.",
                          "Ask them to come back when the gate is open."),
    Verdict.ENTRY_LIMIT: ("오늘 입장 횟수를 모두 사용함", "Entry limit reached",
                          "입장시키지 마세요. 필요하면 책임자를 부르세요.", "Do not admit; call a supervisor if needed."),
    Verdict.NOT_BOOKED_NOW: ("예약 시간이 아님", "Not their booked time",
                             "지금은 입장시키지 말고 예약 시간을 안내하세요.", "Do not admit now; tell them their booked time."),
    Verdict.NO_BOOKING: ("오늘 예약 없음", "Nothing booked today",
                         "입장시키지 말고 담당자에게 안내하세요.", "Do not admit; send them to the coordinator."),
    Verdict.NOT_VALID_TODAY: ("오늘 유효하지 않은 배지", "Badge not valid today",
                              "등록 데스크로 안내하세요.", "Send them to the registration desk."),
    Verdict.WRONG_EVENT: ("다른 행사의 배지", "Badge of another event", "이 행사 배지를 확인하세요.",
                          "Ask for this event's badge."),
    Verdict.FORGED: ("위조된 배지", "Forged badge", "입장시키지 말고 책임자를 부르세요.",
                     "Do not admit; call a supervisor."),
    Verdict.MALFORMED: ("배지 코드가 아님", "Not a badge code", "배지의 QR 코드를 다시 스캔하세요.",
                        "Scan the QR code on the badge again."),
    Verdict.IME_ON: ("한글 입력 상태에서 스캔됨", "Scanned with Korean input on",
                     "한/영 키를 눌러 영문으로 바꾼 뒤 다시 스캔하세요.",
                     "Press the Han/Eng key to switch to English input, then scan again."),
    Verdict.DOUBLE_READ: ("같은 배지를 한 번 더 읽음", "Same badge read twice", "그대로 진행하세요.",
                          "Carry on."),
    Verdict.NOT_RECORDED: ("기록 실패: 입장 처리되지 않음", "Not recorded: not admitted",
                           "다시 스캔하세요. 계속되면 책임자를 부르세요 (저장 공간 확인).",
                           "Scan again; if it persists, call a supervisor (check disk space)."),
}

# verdict → (Korean, English) sentences with the facts the verdict carries, put before the action
FACTS: dict[Verdict, tuple[str, str]] = {
    Verdict.NOT_ALLOWED_HERE: ("이 게이트 입장 대상: {allowed_ko}.", "This gate is for: {allowed_en}."),
    Verdict.GATE_CLOSED: ("운영 시간 {hours}, {opens}부터 입장.", "Open {hours}: entry from {opens}."),
    Verdict.ENTRY_LIMIT: ("이 게이트는 하루 {limit}회까지 입장할 수 있습니다.", "This gate allows {limit} entries a day."),
    Verdict.NOT_BOOKED_NOW: ("{booking_ko}", "{booking_en}"),  # the slot, named (services/bookings/gate.py)
    Verdict.NO_BOOKING: ("{booking_ko}", "{booking_en}"),
    Verdict.NOT_VALID_TODAY: ("이 배지의 유효일: {days}.", "This badge is valid on: {days}."),
    Verdict.CANCELLED: ("{cancelled_at} {operator} 취소.", "Cancelled {cancelled_at} by {operator}."),
}


def texts(verdict: Verdict, facts: Mapping[str, Any]) -> tuple[str, str, str, str]:
    """(message ko, message en, action ko, action en), the action led by the verdict's facts."""
    ko, en, action_ko, action_en = MESSAGES[verdict]
    if verdict in FACTS and facts:
        fact_ko, fact_en = FACTS[verdict]
        try:
            action_ko = f"{fact_ko.format_map(facts)} {action_ko}"
            action_en = f"{fact_en.format_map(facts)} {action_en}"
        except KeyError:  # a verdict recorded without its facts (an older scan): the plain words
            pass
    return ko, en, action_ko, action_en
