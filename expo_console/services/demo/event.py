"""The demo event: the 2022 Smart Biz Expo in COEX Hall B (see shared/EXPO-FACTS.md).

95 exhibiting SMEs in six industry sections, the three theme zones (demo 9 firms, tasting 10,
technology experience 6), the purchase-consultation zone, the live-commerce studio and the
KBIZ booth, hall entrances and a gate per zone, synthetic pre-registered visitors, and a floor
plan that breaks no rule (plan.py). The visitors come from visitors.py, a simulated day from
simulation.py; this module puts them together, so neither of those imports it.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace
from pathlib import Path

from expo_console.domain.ids import new_id
from expo_console.services.checkin import gate_rules
from expo_console.services.demo.bookings import add_day_results, add_demo_bookings
from expo_console.services.demo.consultations import add_day_outcomes, add_demo_consultations
from expo_console.services.demo.plan import add_demo_plan
from expo_console.services.demo.simulation import simulate_day
from expo_console.services.demo.visitors import NOTICE_VERSION, add_demo_visitors
from expo_console.services.events import EventDetails, create_event
from expo_console.services.operators import add_demo_operators
from expo_console.services.progress import ProgressCallback, no_progress
from expo_console.storage import event_repo, gates_repo, layout_repo
from expo_console.storage.connection import EventStore, Stamp

DEMO_EVENT = EventDetails(
    name="2022 스마트비즈엑스포", name_en="2022 Smart Biz Expo", starts_on="2022-10-04",
    ends_on="2022-10-07", venue="COEX, Seoul", hall_name="COEX Hall B", is_demo=True,
)
HISTORIC_START = dt.date(2022, 10, 4)  # the expo's own dates: reproducible runs and the tests
DEMO_DAYS = 4
DEMO_VISITORS = 3000
# Who may enter where and when at the 2022 expo: the hall 10:00-17:00 (staff and exhibitors from
# 08:00), the consultation zone for buyers; the studio for staff, press, buyers and VIPs, who watch
# the broadcasts, and for exhibitors' staff during their company's broadcast or photo shoot (the
# photo corner stands in the studio's zone; from 15 minutes before it until its end). A simulated day sends no exhibitor staff there (it books nothing).
EARLY = {"exhibitor_staff": "08:00-18:00", "staff": "08:00-18:00", "organizer": "08:00-18:00"}
DEMO_RULES: dict[str, dict[str, object]] = {
    gate_rules.HALL: {"hours": "10:00-17:00", "hours_for": EARLY},
    "구매상담존": {"classes": ["domestic_buyer", "overseas_buyer", "exhibitor_staff", "staff", "organizer"]},
    "라이브커머스 스튜디오": {"classes": ["exhibitor_staff", "staff", "organizer", "press", "domestic_buyer",
                                   "overseas_buyer", "vip"], "booking": "both"},
}

# code, Korean, English, colour, booth prefix, exhibitors, products
SECTIONS = (
    ("MED", "의료/보건", "Medical & health", "#d9534f", "M", 18,
     ("진단키트", "마스크", "손소독제", "체온계", "가정용 산소발생기", "의료용 장갑")),
    ("APP", "생활가전", "Home appliances", "#3b7dd8", "A", 15,
     ("공기청정기", "전기밥솥", "식기세척기", "가습기", "무선청소기")),
    ("FOOD", "식품/음료", "Food & beverage", "#f0ad4e", "F", 20,
     ("김치", "홍삼음료", "즉석밥", "전통주", "간편식", "수제 과자", "커피")),
    ("HOME", "생활용품", "Household goods", "#5cb85c", "H", 17,
     ("주방용품", "친환경 세제", "수납용품", "침구", "욕실용품")),
    ("MACH", "기계설비", "Machinery & equipment", "#8e6bbf", "E", 13,
     ("농업용 전기자동차", "자동화 설비", "협동 로봇", "포장 기계", "스마트 센서")),
    ("MAT", "산업소재", "Industrial materials", "#7f8c8d", "I", 12,
     ("친환경 플라스틱", "특수강", "접착 소재", "기능성 도료", "탄소 섬유")),
)
_STEMS = ("한빛", "새한", "대성", "동양", "미래", "우진", "태영", "청솔", "한울", "세진", "누리", "가온",
          "다온", "해솔", "명성", "신일", "금강", "대원", "서광", "일진", "보람", "은성", "정우", "삼원")
_STEM_EN = {"한빛": "Hanbit", "새한": "Saehan", "대성": "Daesung", "동양": "Dongyang", "미래": "Mirae",
            "우진": "Woojin", "태영": "Taeyoung", "청솔": "Cheongsol", "한울": "Hanul", "세진": "Sejin",
            "누리": "Nuri", "가온": "Gaon", "다온": "Daon", "해솔": "Haesol", "명성": "Myungsung",
            "신일": "Shinil", "금강": "Geumgang", "대원": "Daewon", "서광": "Seogwang", "일진": "Iljin",
            "보람": "Boram", "은성": "Eunsung", "정우": "Jungwoo", "삼원": "Samwon"}
# Trade words per section, Korean and English, combined with the stems for company names.
_TRADE_WORDS = {
    "MED": (("메디칼", "Medical"), ("바이오", "Bio"), ("헬스케어", "Healthcare"), ("메디텍", "Meditech")),
    "APP": (("전자", "Electronics"), ("일렉트릭", "Electric"), ("가전", "Appliance"), ("테크", "Tech")),
    "FOOD": (("식품", "Foods"), ("푸드", "Food"), ("제과", "Confectionery"), ("농산", "Agro")),
    "HOME": (("생활", "Living"), ("리빙", "Living Goods"), ("산업", "Industry"), ("홈", "Home")),
    "MACH": (("기계", "Machinery"), ("엔지니어링", "Engineering"), ("로보틱스", "Robotics"),
             ("정밀", "Precision")),
    "MAT": (("소재", "Materials"), ("케미칼", "Chemical"), ("신소재", "Advanced Materials"),
            ("화학", "Chemicals")),
}
# name, English, kind, colour, (section, number of firms) that take part
ZONES = (
    ("시연존", "Demo zone", "theme", "#e67e22", (("MACH", 5), ("APP", 4))),
    ("시식존", "Tasting zone", "theme", "#27ae60", (("FOOD", 10),)),
    ("우수기술 체험존", "Technology experience zone", "theme", "#2980b9",
     (("MACH", 3), ("MED", 2), ("APP", 1))),
    ("구매상담존", "Purchase consultation zone", "consultation", "#8e44ad", ()),
    ("라이브커머스 스튜디오", "Live-commerce studio", "studio", "#c0392b", ()),
    ("중소기업중앙회 부스", "KBIZ booth", "organizer", "#34495e", ()),
)
HALL_GATES = (
    ("B홀 정문", "Hall B main entrance", "hall_entrance", "both"),
    ("B홀 측면 출입구", "Hall B side entrance", "hall_entrance", "both"),
    ("B홀 출구", "Hall B exit", "hall_exit", "out"),
)


def demo_start_for(today: dt.date) -> dt.date:
    """The demo's first day for someone trying it today: yesterday, so that yesterday is played
    through the gates already and today's scans of demo badges are let in."""
    return today - dt.timedelta(days=1)


def create_demo_event(path: Path | str, stamp: Stamp, *, visitors: int = DEMO_VISITORS,
                      seed: int = 2022, progress: ProgressCallback = no_progress,
                      simulate_first_day: bool = False, starts_on: dt.date = HISTORIC_START,
                      consultations: bool = True, bookings: bool = True) -> EventStore:
    """The 2022 Smart Biz Expo with its plan, its gate rules and `visitors` pre-registered
    visitors, over four days from `starts_on` (the expo's own dates unless told otherwise); with
    simulate_first_day, those visitors' first day played through the gates, so the dashboard
    has a day to show (the CLI's `demo` and a first start do; tests mostly do not). With
    `consultations`, the consultation zone's buyers, requests, interpreters, tables, sessions and
    schedule (consultations.py), and day one's outcomes when it was played. With `bookings`, the
    studio's two sets and the photo corner, their sessions, requests and a greedy allocation
    (bookings.py), and day one's results when it was played."""
    details = replace(DEMO_EVENT, starts_on=starts_on.isoformat(),
                      ends_on=(starts_on + dt.timedelta(days=DEMO_DAYS - 1)).isoformat())
    store = create_event(path, details, stamp)
    add_demo_operators(store)  # one per role, PIN 0000; the demo is then set up by its organizer
    with store.write() as conn:
        event_repo.set_consent_notice_version(conn, NOTICE_VERSION)
    exhibitor_names = _add_floor_data(store, random.Random(seed))
    add_demo_plan(store)
    _add_gate_rules(store)
    add_demo_visitors(store, visitors, seed=seed, exhibitor_names=exhibitor_names, progress=progress)
    if consultations:  # before the day is played: its buyers are the registered ones, not walk-ins
        add_demo_consultations(store, seed=seed)
    if bookings:
        add_demo_bookings(store, seed=seed)
    if simulate_first_day and visitors:
        simulate_day(store, starts_on, visitors, seed=seed)
        if consultations:
            add_day_outcomes(store, starts_on, seed=seed)
        if bookings:
            add_day_results(store, starts_on, seed=seed)
    return store


def _add_gate_rules(store: EventStore) -> None:
    zones = layout_repo.zone_ids_by_name(store.conn)
    for target, rule in DEMO_RULES.items():
        gate_rules.set_rule(store, zones.get(target, target), rule)


def _add_floor_data(store: EventStore, rng: random.Random) -> list[str]:
    names: list[str] = []
    with store.write() as conn:
        stamps = store.stamps()
        for code, name, name_en, colour, prefix, _count, _products in SECTIONS:
            layout_repo.insert_section(conn, code, name, name_en, colour, prefix, stamps)
        zone_ids: dict[str, str] = {}
        for zone_name, zone_en, kind, colour, _members in ZONES:
            zone_ids[zone_name] = new_id()
            layout_repo.insert_zone_heading(conn, zone_ids[zone_name], zone_name, zone_en, kind, colour, stamps)
        exhibitors_by_section: dict[str, list[str]] = {}
        used: set[str] = set()
        for code, _name, _en, _colour, _prefix, count, products in SECTIONS:
            for i in range(count):
                stem, (trade, trade_en) = _unused_name(code, i, used)
                company = f"(주){stem}{trade}"
                used.add(company)
                exhibitor_id = new_id()
                exhibitors_by_section.setdefault(code, []).append(exhibitor_id)
                english = f"{_STEM_EN[stem]} {trade_en} Co., Ltd."
                layout_repo.insert_exhibitor(conn, exhibitor_id, company, english, code, products[i % len(products)],
                                             stamps)
                names.append(company)
        for zone_name, _en, _kind, _colour, members in ZONES:
            for code, count in members:
                free = [e for e in exhibitors_by_section[code]
                        if not layout_repo.exhibitor_has_zone(conn, e)]
                for exhibitor_id in rng.sample(free, count):
                    layout_repo.set_exhibitor_zone(conn, exhibitor_id, zone_ids[zone_name])
        for gate_name, gate_en, kind, direction in HALL_GATES:
            gates_repo.insert(conn, {"id": new_id(), "name": gate_name, "name_en": gate_en, "kind": kind,
                                     "zone_id": None, "direction": direction, **stamps})
        for zone_name, zone_en, kind, _colour, _members in ZONES:
            if kind == "organizer":
                continue
            gates_repo.insert(conn, {"id": new_id(), "name": f"{zone_name} 게이트", "name_en": f"{zone_en} gate",
                                     "kind": "zone_gate", "zone_id": zone_ids[zone_name], "direction": "both",
                                     **stamps})
    return names


def _unused_name(code: str, i: int, used: set[str]) -> tuple[str, tuple[str, str]]:
    """A stem and trade word whose company name is not taken yet (deterministic)."""
    trades = _TRADE_WORDS[code]
    for attempt in range(len(_STEMS) * len(trades)):
        stem = _STEMS[(i * 7 + attempt) % len(_STEMS)]
        trade = trades[(i + attempt // len(_STEMS)) % len(trades)]
        if f"(주){stem}{trade[0]}" not in used:
            return stem, trade
    raise ValueError(f"no unused company name left for section {code}")
