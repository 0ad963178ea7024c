"""The words the studio's and the photo corner's prints use, Korean then English, by kind.

Exhibitors are Korean SMEs and their hosts may be from abroad, so every label carries both
languages, as the consultation schedules' do (their day and time words are reused from there).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from expo_console.domain.booking_records import ENTRY_BEFORE_MINUTES, BookingStatus
from expo_console.domain.bookings import BookingKind, WaitingReason
from expo_console.services.bookings.setup import DEFAULT_ZONE_KINDS, Resource
from expo_console.services.consultations.prints.context import ZoneLook

SPOT_M = 3.0  # a set or a corner as its map draws it: inside its 5 m pitch (setup.RESOURCE_PITCH_M)
TO_CONFIRM = "미정 To be confirmed"


@dataclass(frozen=True)
class KindWords:
    what: str  # '라이브커머스 방송 Live-commerce broadcast'
    unit_ko: str  # '방송': a count's word
    unit_en: str  # 'broadcast'
    confirmation: str  # the confirmation's title
    running_order: str  # the running order's title
    resource_ko: str  # '세트'
    resource_en: str  # 'Set'
    zone: ZoneLook  # the zone its map shows when the plan names none
    held: str  # what a held booking is called


WORDS = {
    BookingKind.STUDIO: KindWords(
        "라이브커머스 방송 Live-commerce broadcast", "방송", "broadcast",
        "라이브커머스 방송 확정 안내  Live-commerce broadcast confirmation",
        "라이브커머스 방송 운영표  Studio running order", "세트", "Set",
        ZoneLook(DEFAULT_ZONE_KINDS[BookingKind.STUDIO], "라이브커머스 스튜디오", "Live-commerce studio", "#c0392b",
                 SPOT_M, "배정된 세트 Your set"),
        "방송 완료 Broadcast"),
    BookingKind.PHOTO: KindWords(
        "제품 사진촬영 Product photo shoot", "촬영", "shoot",
        "제품 사진촬영 확정 안내  Product photo shoot confirmation",
        "제품 사진촬영 운영표  Photo corner running order", "코너", "Corner",
        ZoneLook(DEFAULT_ZONE_KINDS[BookingKind.PHOTO], "사진촬영 코너", "Photo corner", "#16a085",
                 SPOT_M, "배정된 코너 Your corner"),
        "촬영 완료 Shot"),
}


def status(kind: BookingKind, value: BookingStatus) -> str:
    return {BookingStatus.BOOKED: "예정 Booked", BookingStatus.HELD: WORDS[kind].held,
            BookingStatus.NO_SHOW: "노쇼 No-show", BookingStatus.CANCELLED: "취소 Cancelled"}[value]


WAITING = {
    WaitingReason.NO_SLOT_IN_WINDOWS: "희망 시간에 슬롯 없음 No slot in the preferred times",
    WaitingReason.LIMIT_REACHED: "기업당 한도 도달 The company's limit reached",
    WaitingReason.NO_ROOM: "희망 시간 마감 Preferred times full",
}


def resource_label(kind: BookingKind, number: int) -> str:
    """'세트 2 · Set 2'."""
    words = WORDS[kind]
    return f"{words.resource_ko} {number} · {words.resource_en} {number}"


def resource_name(resource: Resource | None) -> str:
    """The name the organizer gave the set ('A세트 뷰티'), when it says more than its number."""
    if resource is None or not resource.name.strip():
        return ""
    name = resource.name.strip()
    generic = {f"{word} {resource.number}" for word in ("Set", "Corner", "세트", "코너")} | {str(resource.number)}
    return "" if name in generic else name


def count(kind: BookingKind, n: int) -> str:
    """'방송 3건 · 3 broadcasts'."""
    words = WORDS[kind]
    return f"{words.unit_ko} {n}건 · {n} {words.unit_en}{'s' if n != 1 else ''}"


def entry_time(starts: dt.time) -> dt.time:
    """When the studio's gate lets the exhibitor's staff in: ENTRY_BEFORE_MINUTES before."""
    moment = dt.datetime.combine(dt.date(2000, 1, 1), starts) - dt.timedelta(minutes=ENTRY_BEFORE_MINUTES)
    return moment.time()
