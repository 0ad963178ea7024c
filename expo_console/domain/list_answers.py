"""What the answers in a registration tool's export mean: consents, statuses and classes.

Form tools (Google Forms, Naver Form) and event platforms write answers as free words: a consent
question is answered '동의합니다' or '개인정보 수집 및 이용에 동의합니다.', a status column says
'승인', '취소' or '승인대기', and a ticket is called '바이어 상담 신청' or '해외 바이어 (Overseas
buyer)'. Negative words are looked for before positive ones, because '동의하지 않습니다' contains
'동의' and '승인대기' contains '승인'. Short answers (예, N, O) count only as the whole answer:
'예' is also the first syllable of '예정'.
"""

from __future__ import annotations

import re
from enum import StrEnum

from expo_console.domain.text import fold
from expo_console.domain.visitors import RegistrationStatus, VisitorClass, parse_visitor_class


class Answer(StrEnum):
    YES = "yes"
    NO = "no"
    BLANK = "blank"
    UNCLEAR = "unclear"  # text that says neither: the consent is not taken as given


_WHOLE_YES = frozenset({"y", "yes", "o", "1", "true", "예", "네", "v", "✓", "✔", "○", "◯", "☑", "agree",
                        "agreed", "동의", "동의함", "동의합니다", "동의해요", "ok"})
_WHOLE_NO = frozenset({"n", "no", "x", "0", "false", "아니오", "아니요", "아니", "✗", "✘", "×", "☐",
                       "미동의", "비동의", "거부", "동의안함", "동의 안함", "disagree"})
_NO_WORDS = ("동의하지 않", "동의 하지 않", "동의안", "동의 안", "미동의", "비동의", "거부", "거절",
             "disagree", "do not agree", "don't agree", "not agree", "decline")
_YES_WORDS = ("동의합니다", "동의함", "동의해", "동의 합니다", "동의하며", "동의하고", "동의",
              "i agree", "agree", "accept")


def consent_answer(text: str) -> Answer:
    """Whether a consent cell gives consent, refuses it, is blank, or says neither."""
    folded = fold(text).strip().rstrip(".!")
    if not folded:
        return Answer.BLANK
    if folded in _WHOLE_NO:
        return Answer.NO
    if folded in _WHOLE_YES:
        return Answer.YES
    if any(word in folded for word in _NO_WORDS):
        return Answer.NO
    if any(word in folded for word in _YES_WORDS):
        return Answer.YES
    return Answer.UNCLEAR


# In this order: '취소 대기' is a cancellation, '미승인' a refusal, '승인대기' still waiting.
_STATUS_WORDS: tuple[tuple[RegistrationStatus, tuple[str, ...]], ...] = (
    (RegistrationStatus.CANCELLED, ("취소", "환불", "cancel", "refund", "withdrawn", "no-show")),
    (RegistrationStatus.REJECTED, ("거절", "반려", "거부", "불승인", "미승인", "부적격", "reject", "declin",
                                   "denied", "refused")),
    (RegistrationStatus.WAITING, ("대기", "보류", "검토", "심사", "미확정", "접수중", "waiting", "waitlist",
                                  "pending", "review", "on hold")),
    (RegistrationStatus.REGISTERED, ("승인", "완료", "확정", "참가", "신청", "등록", "접수", "정상",
                                     "approved", "confirmed", "registered", "accepted", "complete",
                                     "attending", "paid")),
)


def registration_status(text: str) -> RegistrationStatus | None:
    """The status a status cell names; blank is registered (the list says nothing otherwise);
    None when the text names no status the desk knows."""
    folded = fold(text).strip()
    if not folded:
        return RegistrationStatus.REGISTERED
    for status, words in _STATUS_WORDS:
        if any(word in folded for word in words):
            return status
    return None


# A ticket name or a form's answer → the class it proposes. The first rule whose word occurs
# wins, so the order carries the meaning: '해외 바이어' is an overseas buyer before it is a buyer,
# '출품사 스태프' is an exhibitor's staff before it is staff, and '전시 관람' is a visitor ('전시'
# alone says exhibitor only when nothing says visitor).
_CLASS_WORDS: tuple[tuple[VisitorClass, tuple[str, ...]], ...] = (
    (VisitorClass.VIP, ("vip", "귀빈", "내빈")),
    (VisitorClass.PRESS, ("프레스", "기자", "언론", "취재", "press", "media", "journalist", "reporter")),
    (VisitorClass.OVERSEAS_BUYER, ("해외", "외국", "overseas", "foreign", "international")),
    (VisitorClass.DOMESTIC_BUYER, ("바이어", "buyer", "구매")),
    (VisitorClass.EXHIBITOR_STAFF, ("출품", "전시업체", "전시사", "참가기업", "참가업체", "참가사", "부스",
                                    "exhibitor", "booth")),
    (VisitorClass.STAFF, ("스태프", "운영요원", "운영진", "staff", "volunteer")),
    (VisitorClass.ORGANIZER, ("주최", "주관", "organizer", "organiser")),
    (VisitorClass.VISITOR, ("일반", "관람", "참관", "visitor", "general", "무료", "free", "attendee")),
    (VisitorClass.EXHIBITOR_STAFF, ("전시",)),
)
_WORD_SPLIT = re.compile(r"[\s()\[\]/·,_-]+")


def propose_class(text: str) -> VisitorClass | None:
    """The class a ticket name or answer most likely means; None when no word says one."""
    exact = parse_visitor_class(text)
    if exact is not None:
        return exact
    folded = fold(text)
    for visitor_class, words in _CLASS_WORDS:
        if any(word in folded for word in words):
            return visitor_class
    # A name made of known class names only ('바이어/buyer') was matched above; parts such as
    # 'Buyer_KR' are tried one by one as a last resort.
    for part in _WORD_SPLIT.split(folded):
        if part and (found := parse_visitor_class(part)) is not None:
            return found
    return None
