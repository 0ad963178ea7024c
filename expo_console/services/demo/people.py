"""Synthetic but plausible people and companies for the demo event (deterministic per seed).

Surname frequencies follow Korean census shares (김 ~21 %, 이 ~15 %, 박 ~8 % …). Foreign
visitors, mostly overseas buyers, get names and phone numbers of their own countries. Nothing
here is a real person; phone numbers use 010-0xxx-xxxx and e-mails example domains.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from expo_console.domain.romanize import romanize_name
from expo_console.domain.visitors import VisitorClass

_SURNAMES = (
    ("김", 215), ("이", 147), ("박", 84), ("최", 47), ("정", 43), ("강", 24), ("조", 21),
    ("윤", 20), ("장", 19), ("임", 16), ("한", 15), ("오", 15), ("서", 15), ("신", 14),
    ("권", 14), ("황", 14), ("안", 13), ("송", 13), ("류", 12), ("전", 11), ("홍", 11),
    ("고", 9), ("문", 9), ("양", 8), ("손", 9), ("배", 8), ("백", 8), ("허", 6), ("유", 6),
    ("남", 5), ("심", 5), ("노", 4), ("하", 4), ("곽", 4), ("성", 4), ("차", 4), ("주", 4),
    ("우", 4), ("구", 4), ("민", 3), ("진", 3), ("지", 3), ("채", 2), ("원", 2), ("천", 2),
    ("남궁", 1), ("황보", 1), ("선우", 1), ("제갈", 1),
)
_GIVEN_FIRST = "민서지현수영준우성도하은예유재동진경승정혜소태상윤호연주다채시"
_GIVEN_SECOND = "준우민서현진영훈호희수연아은원석철빈경숙미혁환율온솔윤"
_RARE_NAMES = ("똠", "뷁", "햏", "믜")  # syllables that EUC-KR cannot encode; CP949 can

# (given name, family name, country code, phone prefix, mail domain)
_FOREIGN = (
    ("US", "+1 213", ("James", "Emily", "Michael", "Sarah", "David"), ("Smith", "Johnson", "Brown", "Miller")),
    ("CN", "+86 138", ("Wei", "Fang", "Lei", "Jing", "Hao"), ("Wang", "Li", "Zhang", "Liu", "Chen")),
    ("JP", "+81 90", ("Haruto", "Yui", "Sota", "Aoi", "Ren"), ("Sato", "Suzuki", "Takahashi", "Tanaka")),
    ("VN", "+84 91", ("Minh", "Lan", "Huy", "Thu", "Anh"), ("Nguyen", "Tran", "Le", "Pham")),
    ("TH", "+66 81", ("Somchai", "Nattaya", "Krit", "Ploy"), ("Srisuk", "Chaiyaporn", "Wongsawat")),
    ("DE", "+49 151", ("Lukas", "Anna", "Jonas", "Lea"), ("Müller", "Schmidt", "Schneider", "Fischer")),
    ("AE", "+971 50", ("Omar", "Fatima", "Ahmed", "Layla"), ("Al Mansouri", "Al Nuaimi", "Haddad")),
    ("ID", "+62 812", ("Budi", "Siti", "Agus", "Dewi"), ("Santoso", "Wijaya", "Pratama")),
)
_COMPANY_FORMS = ("(주)", "주식회사 ", "", "")
_COMPANY_STEMS = ("한빛", "새한", "대성", "동양", "미래", "우진", "태영", "청솔", "한울", "세진", "누리",
                  "가온", "다온", "해솔", "명성", "신일", "금강", "대원", "서광", "일진", "하나", "아름")
_COMPANY_TRADES = ("유통", "상사", "무역", "산업", "테크", "푸드", "리테일", "마트", "홈쇼핑", "물산",
                   "솔루션", "네트웍스", "시스템")
_OVERSEAS_TRADES = ("Trading Co.", "Import & Export Ltd.", "Distribution", "Retail Group", "Sourcing Inc.")
_PRESS = ("중소기업뉴스", "스마트경제신문", "산업일보", "비즈니스투데이", "제조혁신저널", "Korea Biz Wire")
_VIP_ORGS = ("중소벤처기업부", "중소기업중앙회", "삼성전자", "동반성장위원회", "스마트제조혁신추진단")
_TITLES = ("사원", "대리", "과장", "차장", "부장", "팀장", "이사", "상무", "대표", "연구원", "매니저", "")

# Class mix of a B2B expo's pre-registration (per mille).
CLASS_MIX = (
    (VisitorClass.VISITOR, 560), (VisitorClass.DOMESTIC_BUYER, 110),
    (VisitorClass.OVERSEAS_BUYER, 40), (VisitorClass.EXHIBITOR_STAFF, 190),
    (VisitorClass.PRESS, 25), (VisitorClass.VIP, 10), (VisitorClass.STAFF, 65),
)


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    name_en: str
    company: str
    title: str
    visitor_class: str
    phone: str
    email: str
    country: str


class PeopleFactory:
    def __init__(self, seed: int, exhibitor_names: list[str]) -> None:
        self.rng = random.Random(seed)
        self.exhibitors = exhibitor_names or ["(주)한빛테크"]
        surnames, weights = zip(*_SURNAMES, strict=True)
        self._surnames, self._surname_weights = list(surnames), list(weights)
        classes, class_weights = zip(*CLASS_MIX, strict=True)
        self._classes, self._class_weights = list(classes), list(class_weights)
        self._serial = 0

    def korean_name(self) -> str:
        rng = self.rng
        surname = rng.choices(self._surnames, self._surname_weights)[0]
        if rng.random() < 0.004:
            return str(surname + rng.choice(_RARE_NAMES))
        if rng.random() < 0.06:
            return str(surname + rng.choice(_GIVEN_FIRST))
        return str(surname + rng.choice(_GIVEN_FIRST) + rng.choice(_GIVEN_SECOND))

    def domestic_company(self) -> str:
        rng = self.rng
        return rng.choice(_COMPANY_FORMS) + rng.choice(_COMPANY_STEMS) + rng.choice(_COMPANY_TRADES)

    def _korean_phone(self) -> str:
        return f"010-{self.rng.randint(0, 9999):04d}-{self.rng.randint(0, 9999):04d}"

    def person(self) -> Person:
        rng = self.rng
        self._serial += 1
        cls = rng.choices(self._classes, self._class_weights)[0]
        foreign = cls == VisitorClass.OVERSEAS_BUYER or (cls in (VisitorClass.VISITOR, VisitorClass.PRESS)
                                                         and rng.random() < 0.03)
        if foreign:
            country, prefix, given, family = rng.choice(_FOREIGN)
            first, last = rng.choice(given), rng.choice(family)
            name_en = f"{first} {last}"
            company = f"{rng.choice(family)} {rng.choice(_OVERSEAS_TRADES)}"
            phone = f"{prefix} {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}"
            email = f"{first}.{last}{self._serial}@example.com".lower().replace(" ", "").replace("ü", "ue")
            return Person(name_en, name_en, company, rng.choice(("Buyer", "Purchasing Manager", "CEO", "Director")),
                          cls.value, phone, email, country)
        name = self.korean_name()
        name_en = romanize_name(name)
        company_of: dict[VisitorClass, Callable[[], str]] = {
            VisitorClass.EXHIBITOR_STAFF: lambda: rng.choice(self.exhibitors),
            VisitorClass.PRESS: lambda: rng.choice(_PRESS),
            VisitorClass.VIP: lambda: rng.choice(_VIP_ORGS),
            VisitorClass.STAFF: lambda: "중소기업중앙회",
        }
        company = company_of.get(cls, self.domestic_company)()
        if cls == VisitorClass.VISITOR and rng.random() < 0.15:
            company = ""
        local = name_en.lower().replace(" ", ".")
        email = f"{local}{self._serial}@{rng.choice(('example.com', 'example.co.kr', 'example.net'))}"
        phone = self._korean_phone() if rng.random() > 0.03 else ""
        return Person(name, name_en, company, rng.choice(_TITLES), cls.value, phone, email, "KR")

    def people(self, count: int) -> Iterator[Person]:
        for _ in range(count):
            yield self.person()
