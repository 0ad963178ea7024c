"""The demo event's purchase-consultation zone (구매상담존): who meets, the requests, the schedule,
and what came of day one's meetings. Deterministic per seed.

- **Buyers**: up to 150 of the demo's buyer-class visitors, up to 30 of them from abroad (China,
  Japan, Viet Nam, the US, Indonesia, Thailand), in the order they registered; each speaks the
  language of their country, sources one or two of the six sections and comes one day (60 %) or
  two days running. With fewer visitors the zone has the buyers they hold: `--visitors 300` gives
  about 45 (4.3 % of the visitors are overseas buyers, 11 % domestic ones); 3,000 give 150; a
  demo without buyers (`--visitors 0`) gets no consultation data at all.
- **Requests**: each buyer ranks 5 to 10 exhibitors of their sections (some firms are far more
  wanted than others: the fairness minimum has work to do); an exhibitor also ranks about 15 % of
  the buyers who asked for it, which makes those requests mutual, and asks for a few buyers who
  did not ask (one for every 16 buyers' wishes): about 1,200 requests for 150 buyers.
- **The zone**: 20 tables placed in the 구매상담존 zone of the plan; sessions 10:00–17:00 every day
  in 30-minute slots with a lunch break 12:00–13:00 (12 slots a day, 960 table-slots in all);
  interpreters for each language the buyers need (zh, ja, vi, th, id), most of them every day.
- **The schedule** is the greedy baseline's (services/consultations/greedy.py), in well under a
  second and the same for the same seed: `expo-console meetings solve` improves on it.
- **Day one**, when it was played (`simulate_first_day`): its meetings have an outcome: about 87 %
  held, 10 % no-shows, 3 % cancelled; seven in ten held meetings report an amount (KRW, overseas
  buyers in USD), one in six of those a contract expected. The 2022 zone reported about 400
  consultations with 70-odd buyers over four days; this zone has twice the buyers, and day one
  holds about 180 of its meetings.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from expo_console.domain.access import Action
from expo_console.domain.consultations import Problem, Solution, language_for
from expo_console.domain.ids import new_id
from expo_console.domain.meeting_records import MeetingStatus, to_krw
from expo_console.services.access import require
from expo_console.services.consultations import setup
from expo_console.services.consultations.greedy import solve_greedy
from expo_console.services.consultations.outcomes import usd_rate
from expo_console.services.consultations.schedule import meetings, solve_schedule
from expo_console.services.traffic.counting import event_days, event_zone
from expo_console.storage import (
    audit_repo,
    consultation_people_repo,
    consultations_repo,
    meetings_repo,
)
from expo_console.storage.connection import EventStore

BUYERS, OVERSEAS_BUYERS = 150, 30
OVERSEAS_COUNTRIES = ("CN", "JP", "VN", "US", "ID", "TH")
TABLES = 20
HOURS = ("10:00", "17:00")
LUNCH = ("12:00", "13:00")
SLOT_MINUTES = 30
WISHES = (5, 10)
MUTUAL_SHARE = 0.15  # of the buyers' wishes, the exhibitor ranks the buyer too
EXHIBITOR_ONLY_EVERY = 16  # one exhibitor's own wish per this many buyers' wishes
SOURCE = "demo"
# name, languages, days (event day numbers, 1-based): who interprets at the zone
INTERPRETERS = (
    ("왕리", ("zh", "en"), (1, 2, 3, 4)), ("김하은", ("zh",), (1, 2, 3, 4)),
    ("다나카 유키", ("ja",), (1, 2, 3, 4)), ("박지민", ("ja", "en"), (2, 3)),
    ("응우옌 티 란", ("vi",), (1, 2, 3, 4)), ("솜차이 분마", ("th",), (1, 2, 3, 4)),
    ("데위 사리", ("id", "ms"), (1, 2, 3, 4)),
)
# sections buyers source, and how often (per mille of the buyers naming one first)
SOURCING = {"FOOD": 260, "HOME": 200, "APP": 180, "MED": 160, "MACH": 110, "MAT": 90}
NOTES = ("샘플 발송 예정", "견적서 요청", "후속 미팅 희망", "카탈로그 전달", "공장 방문 희망", "단가 협의 중",
         "OEM 생산 문의", "수출 인증 서류 요청")


def add_demo_consultations(store: EventStore, *, seed: int = 2022) -> dict[str, int]:
    """The zone set up, requested and scheduled; how much of each was made."""
    require(store, Action.PLAN_MEETINGS)
    rng = random.Random(seed + 17)
    days = tuple(event_days(store))
    contacts = consultation_people_repo.buyer_contacts(store.conn)
    buyers = _chosen_buyers(contacts, rng)
    if not buyers:  # a demo without visitors (benchmarks, the floor plan's tests) has no zone to run
        return {"buyers": 0, "overseas": 0, "requests": 0, "interpreters": 0, "meetings": 0}
    exhibitors = consultations_repo.exhibitors(store.conn)  # by name: the same order every time
    details = {b["id"]: _details(b, days, rng) for b in buyers}
    wishes = _requests(buyers, details, exhibitors, rng)
    languages = {d["language"] for d in details.values()}
    with store.write() as conn:
        stamps = store.stamps()
        for day in days:
            consultations_repo.put_session(conn, {"day": day.isoformat(), "starts": HOURS[0], "ends": HOURS[1],
                                                  "slot_minutes": SLOT_MINUTES, "breaks_json": [list(LUNCH)]}, stamps)
        for buyer_id, values in details.items():
            consultations_repo.put_buyer(conn, {"visitor_id": buyer_id, "language": values["language"],
                                                "categories_json": values["categories"],
                                                "days_json": [d.isoformat() for d in values["days"]]}, stamps)
        interpreters = [i for i in INTERPRETERS if set(i[1]) & languages]
        for name, spoken, working in interpreters:
            consultations_repo.put_interpreter(conn, {"id": new_id(), "name": name, "languages_json": list(spoken),
                                                      "days_json": [days[n - 1].isoformat() for n in working
                                                                    if n <= len(days)]}, stamps)
        for values in wishes:
            consultations_repo.put_request(conn, {**values, "source": SOURCE}, stamps)
        audit_repo.append(conn, store.stamp, "consultation_requests_imported", "consultation_requests", None,
                          {"file": "", "source": SOURCE, "added": len(wishes), "buyers_updated": len(details)})
    setup.place_tables(store, TABLES)
    order = {c["id"]: i for i, c in enumerate(contacts)}
    by_name = {e["id"]: i for i, e in enumerate(exhibitors)}

    def greedy_in_registration_order(problem: Problem) -> Solution:
        # ties between equal wishes fall to the file's order: the buyers' registration order,
        # not their ids (random within a millisecond), so the same seed gives the same schedule
        ranked = sorted(problem.requests, key=lambda r: (order.get(r.buyer, len(order)), by_name.get(r.exhibitor, 0)))
        return solve_greedy(replace(problem, requests=tuple(ranked)))

    report = solve_schedule(store, solver=greedy_in_registration_order)
    return {"buyers": len(buyers), "overseas": sum(1 for b in buyers if b["visitor_class"] == "overseas_buyer"),
            "requests": consultations_repo.request_count(store.conn), "interpreters": len(interpreters),
            "meetings": report.solution.placed}


def _chosen_buyers(contacts: list[dict[str, Any]], rng: random.Random) -> list[dict[str, Any]]:
    """Up to OVERSEAS_BUYERS from the countries the zone interprets for, the rest domestic."""
    abroad = [c for c in contacts if c["visitor_class"] == "overseas_buyer" and c["country"] in OVERSEAS_COUNTRIES]
    home = [c for c in contacts if c["visitor_class"] == "domestic_buyer"]
    overseas = rng.sample(abroad, min(OVERSEAS_BUYERS, len(abroad)))
    domestic = rng.sample(home, min(BUYERS - len(overseas), len(home)))
    chosen = {c["id"] for c in (*overseas, *domestic)}
    return [c for c in contacts if c["id"] in chosen]  # in registration order


def _details(buyer: dict[str, Any], days: Sequence[dt.date], rng: random.Random) -> dict[str, Any]:
    sections, weights = list(SOURCING), list(SOURCING.values())
    first = rng.choices(sections, weights)[0]
    categories = [first]
    if rng.random() < 0.35:
        categories.append(rng.choice([s for s in sections if s != first]))
    length = 1 if rng.random() < 0.6 or len(days) < 2 else 2
    start = rng.randrange(len(days) - length + 1)
    language = language_for(buyer["country"]) if buyer["visitor_class"] == "overseas_buyer" else "ko"
    return {"language": language, "categories": sorted(categories), "days": list(days[start:start + length])}


def _requests(buyers: list[dict[str, Any]], details: dict[str, dict[str, Any]], exhibitors: list[dict[str, Any]],
              rng: random.Random) -> list[dict[str, Any]]:
    """Each buyer's ranked wishes among the exhibitors of their sections (popular firms drawn
    more often), some ranked back by the exhibitor, and the exhibitors' own few wishes."""
    appeal = {e["id"]: rng.lognormvariate(0, 0.8) for e in exhibitors}
    by_section: dict[str, list[str]] = {}
    for e in exhibitors:
        by_section.setdefault(e["section_code"], []).append(e["id"])
    pairs: dict[tuple[str, str], dict[str, Any]] = {}
    exhibitor_wishes: dict[str, list[str]] = {}
    for buyer in buyers:
        pool = [e for section in details[buyer["id"]]["categories"] for e in by_section.get(section, [])]
        count = min(rng.randint(*WISHES), len(pool))
        # weighted sampling without replacement: the smallest -ln(u)/w (Efraimidis–Spirakis)
        picked = sorted(pool, key=lambda e: -math.log(rng.random()) / appeal[e])[:count]
        for rank, exhibitor in enumerate(picked, start=1):
            pairs[(buyer["id"], exhibitor)] = {"buyer_id": buyer["id"], "exhibitor_id": exhibitor, "buyer_rank": rank}
            if rng.random() < MUTUAL_SHARE:
                exhibitor_wishes.setdefault(exhibitor, []).append(buyer["id"])
    sections_of = {b["id"]: set(details[b["id"]]["categories"]) for b in buyers}
    for _ in range(len(pairs) // EXHIBITOR_ONLY_EVERY):
        firm = rng.choice(exhibitors)
        fitting = [b["id"] for b in buyers if firm["section_code"] in sections_of[b["id"]]
                   and (b["id"], firm["id"]) not in pairs and b["id"] not in exhibitor_wishes.get(firm["id"], [])]
        if fitting:
            exhibitor_wishes.setdefault(firm["id"], []).append(rng.choice(fitting))
    for exhibitor, wanted in exhibitor_wishes.items():
        rng.shuffle(wanted)
        for rank, buyer_id in enumerate(wanted, start=1):
            pair = pairs.setdefault((buyer_id, exhibitor), {"buyer_id": buyer_id, "exhibitor_id": exhibitor})
            pair["exhibitor_rank"] = rank
    return list(pairs.values())


def add_day_outcomes(store: EventStore, day: dt.date, *, seed: int = 2022) -> dict[str, int]:
    """What came of `day`'s meetings, as a coordinator would have entered it: held (arrived a few
    minutes early), no-show or cancelled, amounts and contracts, a note now and then; each an
    access record of its own, as an entry at the desk is."""
    require(store, Action.RECORD_OUTCOMES)
    rng = random.Random(seed + day.toordinal())
    zone = event_zone(store)
    loaded = setup.load(store)
    rate = usd_rate(store)
    counts = {"held": 0, "no_show": 0, "cancelled": 0}
    with store.write() as conn:
        stamps = store.stamps(created=False)
        for meeting in meetings(store, day=day):
            draw = rng.random()
            status = MeetingStatus.NO_SHOW if draw < 0.10 else MeetingStatus.CANCELLED if draw < 0.13 \
                else MeetingStatus.HELD
            fields: dict[str, Any] = {"status": status.value}
            if status == MeetingStatus.HELD:
                arrived = dt.datetime.combine(day, meeting.starts, zone) - dt.timedelta(minutes=rng.randint(0, 9))
                fields["arrived_at"] = arrived.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
                overseas = loaded.buyer_by_id.get(meeting.buyer_id) is not None and \
                    loaded.buyer_by_id[meeting.buyer_id].visitor_class == "overseas_buyer"
                fields.update(_amounts(rng, "USD" if overseas else "KRW", rate))
                if rng.random() < 0.35:
                    fields["note"] = rng.choice(NOTES)
            counts[status.value] += 1
            meetings_repo.update(conn, meeting.id, {**fields, **stamps})
            audit_repo.append(conn, store.stamp, "meeting_outcome", "meeting", meeting.id,
                              {"before": {"status": "scheduled"}, "after": fields})
    return counts


def _amounts(rng: random.Random, currency: str, rate: float) -> dict[str, Any]:
    """Seven in ten held meetings name an amount: KRW around 20 million (in 1 million steps), or
    USD around 15,000 (in 500 steps); one in six of those expects a contract for part of it."""
    if rng.random() >= 0.7:
        return {}
    if currency == "USD":
        original = float(max(500, round(rng.lognormvariate(math.log(15_000), 0.9) / 500) * 500))
    else:
        original = float(max(1_000_000, round(rng.lognormvariate(math.log(20_000_000), 1.0) / 1_000_000) * 1_000_000))
    values: dict[str, Any] = {"amount_currency": currency, "amount_original": original,
                              "amount_krw": to_krw(original, currency, rate)}
    if rng.random() < 1 / 6:
        values["contract_expected"] = 1
        values["contract_krw"] = round(values["amount_krw"] * rng.uniform(0.2, 0.7), -5)
    return values
