"""The demo event's live-commerce studio (라이브커머스 스튜디오) and free photo shoots (무료 제품
사진촬영): the sets and the corner, the sessions, the exhibitors' requests, a first-come-first-served
allocation and day one's results. Deterministic per seed.

- **Resources**: the studio's two sets (A세트, B세트) and the photo corner (포토존), placed side by
  side in the studio zone of the plan (services/bookings/setup.place_resources).
- **Sessions**: 10:00–17:00 every day with lunch 12:00–13:00; broadcasts of 40 minutes with a
  10-minute changeover (7 a day on each set: 56 in all), shoots of 20 minutes (18 a day: 72).
- **Requests**: about 60 for the studio, from the consumer sections mostly (food, household goods,
  appliances, health; machinery and materials seldom broadcast), each with a host and a channel
  (네이버 쇼핑라이브 first, then 쿠팡라이브, 11번가 …); about 80 for the photo corner, some exhibitors
  asking twice for two products. A third ask for any time, the others name a day (오전 or 오후)
  or one to three two-hour windows; one in five has the organizer's priority. They came in over
  the month before the event, in the exhibitors' order of nothing in particular.
- **The allocation** is the greedy baseline's (services/bookings/greedy.py): instant, the same
  for the same seed; `expo-console studio solve` improves on it. Photo shoots are more asked than
  there are slots for: the waiting list has people on it.
- **Day one**, when it was played: each broadcast held reports viewers (about 3,000), the peak
  concurrent viewers, orders and sales in won; each shoot the photos delivered (10–30); one
  broadcast and one shoot, and about 7 % of the rest, were no-shows.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from typing import Any

from expo_console.domain.access import Action
from expo_console.domain.booking_records import BookingStatus
from expo_console.domain.bookings import KIND_DEFAULTS, BookingKind, Window
from expo_console.domain.consultations import Session
from expo_console.domain.ids import new_id
from expo_console.services.access import require
from expo_console.services.bookings import setup
from expo_console.services.bookings.allocation import solve_bookings
from expo_console.services.bookings.greedy import solve_greedy
from expo_console.services.bookings.schedule import bookings
from expo_console.services.traffic.counting import event_days
from expo_console.storage import audit_repo, bookings_repo, consultations_repo
from expo_console.storage.connection import EventStore

SETS = ("A세트", "B세트")
CORNERS = ("포토존",)
HOURS = (dt.time(10), dt.time(17))
LUNCH = (dt.time(12), dt.time(13))
STUDIO_REQUESTS, PHOTO_REQUESTS = 60, 80
SOURCE = "demo"
# sections' appetite for a broadcast and for photos (relative weights)
STUDIO_APPETITE = {"FOOD": 10, "HOME": 8, "APP": 7, "MED": 5, "MACH": 1, "MAT": 1}
PHOTO_APPETITE = {"FOOD": 8, "HOME": 8, "APP": 7, "MED": 6, "MACH": 4, "MAT": 3}
CHANNELS = (("네이버 쇼핑라이브", 40), ("쿠팡라이브", 20), ("11번가 LIVE11", 10), ("카카오쇼핑라이브", 10),
            ("그립", 10), ("SSG LIVE", 5), ("롯데ON 라이브", 5))
HOSTS = ("김하늘 쇼호스트", "이수진 쇼호스트", "박준영 쇼호스트", "최유리 쇼호스트", "자체 진행 (대표)", "자체 진행 (마케팅팀)")
NOTES = ("시식 가능 제품", "모델 동반", "제품 사전 배송 예정", "소품 지참", "누끼 컷 포함 요청", "")
PRICE_KRW = 29_000  # a typical live-commerce basket


def add_demo_bookings(store: EventStore, *, seed: int = 2022) -> dict[str, int]:
    """Both kinds set up, requested and allocated; how much of each was made."""
    require(store, Action.PLAN_MEETINGS)
    rng = random.Random(seed + 18)
    days = tuple(event_days(store))
    exhibitors = consultations_repo.exhibitors(store.conn)  # by name: the same order every time
    if not exhibitors or setup.zone_for(store, BookingKind.STUDIO) is None:
        return {"studio_requests": 0, "photo_requests": 0, "studio_bookings": 0, "photo_bookings": 0}
    made: dict[str, int] = {}
    for kind, names, count, appetite in ((BookingKind.STUDIO, SETS, STUDIO_REQUESTS, STUDIO_APPETITE),
                                         (BookingKind.PHOTO, CORNERS, PHOTO_REQUESTS, PHOTO_APPETITE)):
        defaults = KIND_DEFAULTS[kind]
        for day in days:
            setup.set_session(store, kind, Session(day, *HOURS, defaults.slot_minutes, (LUNCH,), defaults.gap_minutes))
        with store.write() as conn:
            stamps = store.stamps()
            wanted = _requests(kind, exhibitors, days, count, appetite, rng)
            for values in wanted:
                bookings_repo.put_request(conn, {**values, "kind": kind.value, "source": SOURCE}, stamps)
            audit_repo.append(conn, store.stamp, "booking_requests_imported", "booking_requests", None,
                              {"kind": kind.value, "file": "", "source": SOURCE, "added": len(wanted)})
        setup.place_resources(store, kind, list(names))
        report = solve_bookings(store, kind, solver=solve_greedy)
        made[f"{kind.value}_requests"] = len(wanted)
        made[f"{kind.value}_bookings"] = report.solution.placed
    return made


def _requests(kind: BookingKind, exhibitors: list[dict[str, Any]], days: tuple[dt.date, ...], count: int,
              appetite: dict[str, int], rng: random.Random) -> list[dict[str, Any]]:
    """`count` requests from exhibitors drawn by their section's appetite (a photo request may be
    an exhibitor's second, for another product), in the order they came in."""
    weights = {e["id"]: appetite.get(e["section_code"], 1) for e in exhibitors}
    # weighted sampling without replacement: the smallest -ln(u)/w (Efraimidis–Spirakis)
    drawn = sorted(exhibitors, key=lambda e: -math.log(rng.random()) / weights[e["id"]])
    askers = drawn[:count] if kind == BookingKind.STUDIO else drawn[:count * 4 // 5]
    if kind == BookingKind.PHOTO:
        askers += rng.sample(askers, count - len(askers))  # twice: a second product
    start = dt.datetime.combine(days[0] - dt.timedelta(days=35), dt.time(9), dt.UTC)
    moments = sorted(start + dt.timedelta(minutes=rng.randrange(30 * 24 * 60)) for _ in askers)
    rng.shuffle(askers)
    asked: dict[str, int] = {}
    made = []
    for exhibitor, moment in zip(askers, moments, strict=True):
        asked[exhibitor["id"]] = asked.get(exhibitor["id"], 0) + 1
        values: dict[str, Any] = {
            "id": new_id(), "exhibitor_id": exhibitor["id"], "windows_json": _windows(days, rng),
            "products": _products(exhibitor, asked[exhibitor["id"]]), "priority": rng.randint(1, 3)
            if rng.random() < 0.2 else None, "requested_at": moment.isoformat(timespec="seconds"),
            "note": rng.choice(NOTES) if rng.random() < 0.3 else "", "host": "", "channel": ""}
        if kind == BookingKind.STUDIO:
            values["host"] = rng.choice(HOSTS)
            values["channel"] = rng.choices([c for c, _w in CHANNELS], [w for _c, w in CHANNELS])[0]
        made.append(values)
    return made


def _products(exhibitor: dict[str, Any], nth: int) -> str:
    company = exhibitor["name"].removeprefix("(주)")
    return f"{company} 대표 제품" if nth == 1 else f"{company} 신제품"


def _windows(days: tuple[dt.date, ...], rng: random.Random) -> list[list[str]]:
    draw = rng.random()
    if draw < 0.33:
        return []  # any time
    day = rng.choice(days)
    if draw < 0.66:
        morning = rng.random() < 0.4
        window = Window(day, HOURS[0], LUNCH[0]) if morning else Window(day, LUNCH[1], HOURS[1])
        return setup.windows_to_json([window])
    starts = rng.sample((10, 13, 14, 15), rng.randint(1, 3))
    return setup.windows_to_json([Window(day, dt.time(h), dt.time(h + 2)) for h in sorted(starts)])


def add_day_results(store: EventStore, day: dt.date, *, seed: int = 2022) -> dict[str, int]:
    """What came of `day`'s broadcasts and shoots, as the studio's staff would have entered it from
    the channels' reports: the first of each kind and about 7 % of the rest no-shows."""
    require(store, Action.RECORD_OUTCOMES)
    rng = random.Random(seed + 18 + day.toordinal())
    counts = {"held": 0, "no_show": 0}
    with store.write() as conn:
        stamps = store.stamps(created=False)
        for kind in BookingKind:
            for n, booking in enumerate(b for b in bookings(store, kind, day=day) if b.occupies):
                fields: dict[str, Any] = {"status": BookingStatus.HELD.value}
                if n == 0 or rng.random() < 0.07:
                    fields["status"] = BookingStatus.NO_SHOW.value
                elif kind == BookingKind.STUDIO:
                    viewers = max(200, round(rng.lognormvariate(math.log(3_000), 0.7)))
                    orders = max(0, round(viewers * rng.uniform(0.005, 0.03)))
                    fields.update(viewers=viewers, peak_viewers=round(viewers * rng.uniform(0.08, 0.2)),
                                  orders=orders, sales_krw=round(orders * PRICE_KRW * rng.uniform(0.6, 1.8), -3))
                else:
                    fields["photos_delivered"] = rng.randint(10, 30)
                counts[fields["status"]] += 1
                bookings_repo.update(conn, booking.id, {**fields, **stamps})
                audit_repo.append(conn, store.stamp, "booking_results", "booking", booking.id,
                                  {"kind": kind.value, "before": {"status": "booked"}, "after": fields})
    return counts

