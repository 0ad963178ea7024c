"""What registration tools write in their exports: headers as questions, answers as words, times
in their own formats (domain.list_answers, domain.list_times, importing.headers)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from expo_console.domain.list_answers import (
    Answer,
    consent_answer,
    propose_class,
    registration_status,
)
from expo_console.domain.list_times import parse_list_time
from expo_console.domain.visitors import RegistrationStatus, VisitorClass
from expo_console.services.importing.headers import (
    CONSENT_UNKNOWN,
    field_for_header,
    find_header_row,
)

SEOUL = ZoneInfo("Asia/Seoul")


@pytest.mark.parametrize(("header", "field"), [
    ("성함을 입력해 주세요.", "name"), ("이름", "name"), ("성명", "name"), ("참가자명", "name"), ("Name", "name"),
    ("Full name", "name"), ("영문 이름", "name_en"),
    ("소속 회사명", "company"), ("회사", "company"), ("기관명", "company"), ("회사 이름", "company"),
    ("휴대폰 번호 (- 없이 숫자만)", "phone"), ("연락처", "phone"), ("전화", "phone"), ("회사 전화", "phone"),
    ("이메일 주소", "email"), ("메일", "email"), ("E-mail", "email"),
    ("직위", "title"), ("직책", "title"), ("직급", "title"),
    ("참가 유형을 선택해 주세요.", "visitor_class"), ("구분", "visitor_class"), ("티켓명", "visitor_class"),
    ("Ticket Type", "visitor_class"),
    ("개인정보 수집 및 이용에 동의하십니까? (필수)", "consent_required"),
    ("개인정보 수집·이용 동의", "consent_required"),
    ("I agree to the collection and use of my personal data", "consent_required"),
    ("개인정보 제3자(출품기업) 제공에 동의하십니까? (선택)", "consent_provision"),
    ("마케팅 정보 수신 동의 (선택)", "consent_marketing"), ("이메일 수신 동의", "consent_marketing"),
    ("동의 여부", CONSENT_UNKNOWN), ("개인정보 제공 동의", CONSENT_UNKNOWN),
    ("개인정보 수집 및 제3자 제공 동의", CONSENT_UNKNOWN),
    ("타임스탬프", "registered_at"), ("신청일시", "registered_at"), ("Timestamp", "registered_at"),
    ("등록일", "registered_at"), ("참관 희망 일시", None),
    ("신청상태", "registration_status"), ("상태", "registration_status"), ("결제상태", None),
    ("번호", None), ("주문번호", None), ("메모란", None),
])
def test_a_column_is_recognised_by_the_words_in_its_header(header: str, field: str | None) -> None:
    assert field_for_header(header) == field


def test_a_title_row_is_not_taken_for_the_header_even_when_it_names_participants() -> None:
    rows = [["2022 스마트비즈엑스포 참가자 명단"], ["참가자 명단 (성명순)"], ["번호", "참가자명", "연락처"]]
    assert find_header_row(rows) == 2


@pytest.mark.parametrize(("text", "utc"), [
    ("2022. 9. 20 오후 3:14:07", "2022-09-20T06:14:07"),
    ("2022. 9. 20. 오후 3:14:07", "2022-09-20T06:14:07"),
    ("2022. 9. 20 오전 12:05:00", "2022-09-19T15:05:00"),
    ("2022. 9. 20 오후 12:05:00", "2022-09-20T03:05:00"),
    ("2022-09-20 15:14:07", "2022-09-20T06:14:07"),
    ("2022.09.20 15:14", "2022-09-20T06:14:00"),
    ("2022/9/20 오후 3:14", "2022-09-20T06:14:00"),
    ("2022년 9월 20일 오후 3시 14분", "2022-09-20T06:14:00"),
    ("2022.09.20 (화) 15:14", "2022-09-20T06:14:00"),
    ("9/20/2022 3:14:07 PM", "2022-09-20T06:14:07"),
    ("2022-09-20T15:14:07", "2022-09-20T06:14:07"),  # an xlsx date cell as the reader gives it
    ("44824.634803", "2022-09-20T06:14:07"),  # an xlsx serial left as a number
    ("2022-09-20 15:14:07+00:00", "2022-09-20T15:14:07"),  # the value says its own zone
    ("2022-09-20T06:14:07Z", "2022-09-20T06:14:07"),
])
def test_registration_times_in_the_tools_own_formats_are_korea_time_unless_they_say(text: str, utc: str) -> None:
    moment = parse_list_time(text, SEOUL)
    assert moment is not None
    assert moment.astimezone(dt.UTC).replace(tzinfo=None).isoformat() == utc


@pytest.mark.parametrize("text", ["", "내일", "2022-02-30 10:00", "2022. 9. 20 오후 13:00", "12345", "1.5"])
def test_what_is_not_a_time_is_not_taken_for_one(text: str) -> None:
    assert parse_list_time(text, SEOUL) is None


@pytest.mark.parametrize(("text", "answer"), [
    ("동의", Answer.YES), ("동의합니다", Answer.YES), ("개인정보 수집 및 이용에 동의합니다.", Answer.YES),
    ("예", Answer.YES), ("Y", Answer.YES), ("O", Answer.YES), ("✓", Answer.YES), ("I agree", Answer.YES),
    ("동의하지 않습니다", Answer.NO), ("동의하지 않음", Answer.NO), ("아니오", Answer.NO), ("N", Answer.NO),
    ("미동의", Answer.NO), ("", Answer.BLANK), ("잘 모르겠음", Answer.UNCLEAR), ("예정", Answer.UNCLEAR),
])
def test_consent_answers(text: str, answer: Answer) -> None:
    assert consent_answer(text) is answer


@pytest.mark.parametrize(("text", "status"), [
    ("승인", RegistrationStatus.REGISTERED), ("신청완료", RegistrationStatus.REGISTERED), ("", RegistrationStatus.REGISTERED),
    ("approved", RegistrationStatus.REGISTERED),
    ("취소", RegistrationStatus.CANCELLED), ("신청취소", RegistrationStatus.CANCELLED), ("Cancelled", RegistrationStatus.CANCELLED),
    ("거절", RegistrationStatus.REJECTED), ("반려", RegistrationStatus.REJECTED), ("미승인", RegistrationStatus.REJECTED),
    ("rejected", RegistrationStatus.REJECTED),
    ("대기", RegistrationStatus.WAITING), ("승인대기", RegistrationStatus.WAITING), ("pending", RegistrationStatus.WAITING),
    ("Waiting list", RegistrationStatus.WAITING), ("노쇼?", None),
])
def test_status_words(text: str, status: RegistrationStatus | None) -> None:
    assert registration_status(text) == status


@pytest.mark.parametrize(("text", "visitor_class"), [
    ("바이어 상담 신청", VisitorClass.DOMESTIC_BUYER), ("해외 바이어 (Overseas buyer)", VisitorClass.OVERSEAS_BUYER),
    ("Overseas visitor", VisitorClass.OVERSEAS_BUYER), ("프레스", VisitorClass.PRESS), ("기자단", VisitorClass.PRESS),
    ("출품기업 관계자", VisitorClass.EXHIBITOR_STAFF), ("전시업체 스태프", VisitorClass.EXHIBITOR_STAFF),
    ("VIP 초청", VisitorClass.VIP), ("일반 관람 (무료)", VisitorClass.VISITOR), ("전시 관람", VisitorClass.VISITOR),
    ("사전등록 일반", VisitorClass.VISITOR), ("얼리버드 패키지", None),
])
def test_class_proposals_from_ticket_names(text: str, visitor_class: VisitorClass | None) -> None:
    assert propose_class(text) == visitor_class
