"""The studio's and photo corner's allocator: hand-checked cases (fairness, the organizer's order,
fixed bookings, the waiting list and its reasons, a freed slot offered), and random instances on
which nothing is ever double-booked, the solver never does worse than first come first served,
and an allocation called optimal is the fairest an exhaustive search finds."""

from __future__ import annotations

import itertools
import random
from collections import Counter
from datetime import date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from expo_console.domain.bookings import (
    Booking,
    BookingProblem,
    BookingRequest,
    BookingSolution,
    Order,
    WaitingReason,
    Window,
    fits,
    order_key,
)
from expo_console.domain.consultations import Session, Slot, Status, build_slots
from expo_console.services.bookings.greedy import solve_greedy, solve_rounds
from expo_console.services.bookings.solver import SolveProgress, solve
from expo_console.services.bookings.waiting import first_fit
from expo_console.services.progress import CancelFlag

DAY1, DAY2 = date(2022, 11, 2), date(2022, 11, 3)
# the studio: 40 min broadcasts with a 10 min changeover, 10:00–12:30 → 10:00, 10:50, 11:40
SLOTS = (build_slots(Session(DAY1, time(10), time(12, 30), slot_minutes=40, gap_minutes=10))
         + build_slots(Session(DAY2, time(10), time(12, 30), slot_minutes=40, gap_minutes=10)))
MORNING1 = Window(DAY1, time(10), time(11, 30))  # holds 10:00 and 10:50 of the first day


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2022, 10, 1, hour, minute)


def request(id_: str, exhibitor: str, hour: int, *windows: Window, priority: int | None = None) -> BookingRequest:
    return BookingRequest(id_, exhibitor, tuple(windows), priority, at(hour))


def solved(p: BookingProblem) -> BookingSolution:
    return solve(p, time_limit=10, workers=1)


def where(s: BookingSolution) -> dict[str, tuple[Slot, int]]:
    return {b.request: (b.slot, b.resource) for b in s.bookings}


def test_first_come_first_served_gives_the_early_firm_both_slots_the_solver_serves_both_firms() -> None:
    p = BookingProblem(SLOTS[:2], (1,), (request("early-1", "early", 9), request("early-2", "early", 10),
                                         request("late-1", "late", 11)), max_per_exhibitor=2)
    greedy = solve_greedy(p)
    assert set(where(greedy)) == {"early-1", "early-2"} and greedy.exhibitors_served == 1
    s = solved(p)
    assert s.status is Status.OPTIMAL and s.exhibitors_served == 2 and s.placed == 2
    # the firm that asked first keeps its first request and the first slot
    assert where(s) == {"early-1": (SLOTS[0], 1), "late-1": (SLOTS[1], 1)}
    assert [(w.request.id, w.reason) for w in s.waiting] == [("early-2", WaitingReason.NO_ROOM)]


def test_by_request_time_the_first_to_ask_gets_the_one_slot_by_priority_the_organizers_first() -> None:
    asked_first = request("a", "asked-first", 9)
    ranked_first = request("b", "ranked-first", 12, priority=1)
    p = BookingProblem(SLOTS[:1], (1,), (ranked_first, asked_first))
    by_time = solved(p)
    assert set(where(by_time)) == {"a"} and by_time.status is Status.OPTIMAL
    assert [w.request.id for w in by_time.waiting] == ["b"]
    by_priority = solved(BookingProblem(SLOTS[:1], (1,), (ranked_first, asked_first), order=Order.PRIORITY))
    assert set(where(by_priority)) == {"b"}
    assert [(w.request.id, w.reason) for w in by_priority.waiting] == [("a", WaitingReason.NO_ROOM)]


def test_the_earlier_request_gets_the_earlier_slot_and_sets_are_numbered_from_the_lowest_free() -> None:
    p = BookingProblem(SLOTS[:2], (2, 1), (request("late", "x", 11), request("early", "y", 9),
                                           request("middle", "z", 10)))
    s = solved(p)
    assert where(s) == {"early": (SLOTS[0], 1), "middle": (SLOTS[0], 2), "late": (SLOTS[1], 1)}


def test_an_exhibitor_is_never_in_two_places_at_once_and_never_past_the_limit() -> None:
    # two sets, one slot in the window: the firm's second request waits although a set is free
    p = BookingProblem(SLOTS[:3], (1, 2), (request("r1", "firm", 9, Window(DAY1, time(10), time(10, 40))),
                                           request("r2", "firm", 10, Window(DAY1, time(10), time(10, 40))),
                                           request("r3", "firm", 11), request("r4", "firm", 12)),
                       max_per_exhibitor=2)
    s = solved(p)
    assert [b.request for b in s.bookings] == ["r1", "r3"]
    assert len({b.slot for b in s.bookings}) == 2
    assert [(w.request.id, w.reason) for w in s.waiting] == [("r2", WaitingReason.LIMIT_REACHED),
                                                              ("r4", WaitingReason.LIMIT_REACHED)]


def test_fixed_bookings_are_kept_exactly_and_count_toward_the_limit() -> None:
    locked = Booking("old", "firm", SLOTS[0], 2, fixed=True)
    p = BookingProblem(SLOTS[:2], (1, 2), (request("old", "firm", 8), request("new", "firm", 9),
                                           request("other", "other", 10, Window(DAY1, time(10), time(10, 40)))),
                       max_per_exhibitor=1, fixed=(locked,))
    s = solved(p)
    assert locked in s.bookings and s.bookings.count(locked) == 1
    assert where(s) == {"old": (SLOTS[0], 2), "other": (SLOTS[0], 1)}  # set 2 stays the locked one's
    assert [(w.request.id, w.reason) for w in s.waiting] == [("new", WaitingReason.LIMIT_REACHED)]


def test_fixed_bookings_that_clash_are_described_and_nothing_is_solved() -> None:
    clash = (Booking("a", "e1", SLOTS[0], 1, fixed=True), Booking("b", "e2", SLOTS[0], 1, fixed=True))
    p = BookingProblem(SLOTS, (1, 2), (request("c", "e3", 9),), fixed=clash)
    s = solved(p)
    assert s.status is Status.INVALID and s.bookings == clash
    assert any("Resource 1" in problem for problem in s.problems)
    assert [w.request.id for w in s.waiting] == ["c"]


def test_nothing_to_book_is_explained() -> None:
    empty = solved(BookingProblem((), (), ()))
    assert empty.placed == 0 and len(empty.problems) == 3
    no_set = solved(BookingProblem(SLOTS, (), (request("a", "e1", 9),)))
    assert no_set.placed == 0 and any("Setup" in p for p in no_set.problems)
    assert [w.reason for w in no_set.waiting] == [WaitingReason.NO_ROOM]
    elsewhere = Window(date(2022, 11, 9))  # a day without a session
    outside = solved(BookingProblem(SLOTS, (1,), (request("a", "e1", 9, elsewhere), request("b", "e2", 10, elsewhere))))
    assert outside.placed == 0 and [w.reason for w in outside.waiting] == [WaitingReason.NO_SLOT_IN_WINDOWS] * 2
    assert outside.problems and "preferred times" in outside.problems[0]


def test_the_waiting_list_is_in_the_organizers_order_with_each_reason() -> None:
    p = BookingProblem(SLOTS[:1], (1,), (request("d", "e4", 12), request("c", "e3", 11, Window(DAY2)),
                                         request("b", "e1", 10), request("a", "e1", 9)), max_per_exhibitor=1)
    s = solved(p)
    assert where(s) == {"a": (SLOTS[0], 1)}
    assert [(w.request.id, w.reason) for w in s.waiting] == [
        ("b", WaitingReason.LIMIT_REACHED), ("c", WaitingReason.NO_SLOT_IN_WINDOWS), ("d", WaitingReason.NO_ROOM)]


def test_a_freed_slot_is_offered_to_the_first_waiting_request_that_may_take_it() -> None:
    slot = SLOTS[1]
    held = (Booking("busy-then", "busy", slot, 2), Booking("full-1", "full", SLOTS[0], 1))
    p = BookingProblem(SLOTS, (1, 2), (request("no-show", "gone", 7),
                                       request("other-day", "x", 8, Window(DAY2)),
                                       request("at-limit", "full", 9),
                                       request("elsewhere", "busy", 10),
                                       request("full-1", "full", 6),
                                       request("busy-then", "busy", 6),
                                       request("fits", "y", 11), request("later", "z", 12)),
                       max_per_exhibitor=1)
    offered = first_fit(p, slot, held, exclude=("no-show",))
    assert offered is not None and offered.id == "fits"
    assert first_fit(p, slot, held) is not None and first_fit(p, slot, held).id == "no-show"
    ranked = BookingProblem(p.slots, p.resources, (*p.requests, request("vip", "v", 13, priority=1)),
                            max_per_exhibitor=1, order=Order.PRIORITY)
    assert first_fit(ranked, slot, held, exclude=("no-show",)).id == "vip"
    assert first_fit(p, slot, held, exclude=("no-show", "fits", "later")) is None


def test_progress_reports_the_exhibitors_served_and_a_set_cancel_flag_returns_the_fairer_greedy() -> None:
    # the late firm can only come at 10:00: only the solver sees that the early firm can go later
    narrow = Window(DAY1, time(10), time(10, 40))
    tight = BookingProblem(SLOTS[:2], (1,), (request("early-1", "early", 9), request("early-2", "early", 10),
                                             request("late-1", "late", 11, narrow)), max_per_exhibitor=2)
    seen: list[SolveProgress] = []
    s = solve(tight, time_limit=10, workers=1, progress=seen.append)
    assert seen[0].served == 1 and seen[0].placed == 2  # the start, first
    assert seen[-1].served == s.exhibitors_served == 2 and seen[-1].placed == s.placed == 2
    assert where(s) == {"late-1": (SLOTS[0], 1), "early-1": (SLOTS[1], 1)}
    cancel = CancelFlag()
    cancel.cancel()
    stopped = solve(tight, time_limit=600, workers=1, cancel=cancel)
    assert stopped.status is Status.CANCELLED and stopped.bookings == solve_greedy(tight).bookings
    # where the greedy in rounds is fairer, a solve stopped at once still serves both firms
    p = BookingProblem(SLOTS[:2], (1,), (request("early-1", "early", 9), request("early-2", "early", 10),
                                         request("late-1", "late", 11)), max_per_exhibitor=2)
    assert solve_greedy(p).exhibitors_served == 1
    stopped = solve(p, time_limit=600, workers=1, cancel=cancel)
    assert stopped.status is Status.CANCELLED and stopped.exhibitors_served == 2
    assert stopped.bookings == solve_rounds(p).bookings
    # a locked booking's levels are no part of the objective: the greedy's reported value is the
    # solver's when the greedy is already the best
    locked = Booking("early-1", "early", SLOTS[0], 1, fixed=True)
    kept = BookingProblem(SLOTS[:2], (1,), (p.requests[0], p.requests[2]), max_per_exhibitor=2, fixed=(locked,))
    seen.clear()
    s = solve(kept, time_limit=10, workers=1, progress=seen.append)
    assert s.status is Status.OPTIMAL and s.bookings == solve_greedy(kept).bookings
    assert seen[0].best_objective == s.details["objective"]


def test_with_a_high_limit_the_first_booking_still_goes_to_every_exhibitor_before_anyone_s_second() -> None:
    # ten requests from each of forty firms, ten shoots: first come, first served gives them all
    # to the first firm; so many levels weigh too much to keep each apart, but the first one is
    slots = build_slots(Session(DAY1, time(10), time(13, 20), slot_minutes=20))
    requests = tuple(BookingRequest(f"r{firm}-{n}", f"e{firm}", (), None, at(8) + timedelta(minutes=10 * firm + n))
                     for firm in range(40) for n in range(10))
    p = BookingProblem(slots, (1,), requests, max_per_exhibitor=10)
    assert solve_greedy(p).exhibitors_served == 1
    s = solved(p)
    assert s.status is Status.OPTIMAL and s.exhibitors_served == s.placed == len(slots) == 10
    assert sorted(b.exhibitor for b in s.bookings) == sorted(f"e{firm}" for firm in range(10))  # the first to ask


def crowded_photo_corner(exhibitors: int, requests: int, seed: int = 3) -> BookingProblem:
    """A crowded photo corner: three days of 20 min shoots, requests with windows."""
    rng = random.Random(seed)
    days = [DAY1 + timedelta(days=n) for n in range(3)]
    slots = tuple(s for d in days for s in build_slots(Session(d, time(10), time(17), slot_minutes=20)))
    made = []
    for n in range(requests):
        day = rng.choice(days)
        start = rng.randint(10, 15)
        window = Window(day, time(start), time(start + rng.randint(1, 2)))
        made.append(BookingRequest(f"r{n}", f"e{rng.randrange(exhibitors)}", (window,) if rng.random() < 0.8 else (),
                                   None, at(8) + timedelta(minutes=n)))
    return BookingProblem(slots, (1,), tuple(made), max_per_exhibitor=2)


def test_a_cancel_during_the_search_is_heard_and_the_best_found_is_kept() -> None:
    p = crowded_photo_corner(90, 140)
    greedy = solve_greedy(p)
    cancel = CancelFlag()
    seen: list[SolveProgress] = []

    def on_progress(update: SolveProgress) -> None:
        seen.append(update)
        if update.solutions_found >= 2:  # CP-SAT's first own solution: stop there
            cancel.cancel()

    s = solve(p, time_limit=600, workers=1, cancel=cancel, progress=on_progress)  # returns: the cancel was heard
    assert s.status in (Status.CANCELLED, Status.OPTIMAL)
    assert_sound(p, s)
    assert s.exhibitors_served >= greedy.exhibitors_served and s.placed >= greedy.placed


# --- random instances -------------------------------------------------------------------------

WINDOWS = (Window(DAY1), Window(DAY2), MORNING1, Window(DAY1, time(10, 50), time(12, 30)),
           Window(DAY2, time(11), time(12, 30)), Window(date(2022, 11, 9)))


@st.composite
def instances(draw: st.DrawFn, most: int = 12, slots: tuple[Slot, ...] = SLOTS) -> BookingProblem:
    exhibitors = [f"e{n}" for n in range(draw(st.integers(1, 5)))]
    requests = tuple(BookingRequest(f"r{n}", draw(st.sampled_from(exhibitors)),
                                    tuple(draw(st.lists(st.sampled_from(WINDOWS), max_size=2, unique=True))),
                                    draw(st.none() | st.integers(1, 3)), at(8) + timedelta(minutes=draw(st.integers(0, 9))))
                     for n in range(draw(st.integers(0, most))))
    chosen = slots[: draw(st.integers(1, len(slots)))]
    p = BookingProblem(chosen, tuple(range(1, draw(st.integers(1, 2)) + 1)), requests,
                       draw(st.integers(1, 3)), draw(st.sampled_from(Order)))
    fixed = tuple(Booking(b.request, b.exhibitor, b.slot, b.resource, fixed=True)
                  for b in solve_greedy(p).bookings if draw(st.integers(0, 3)) == 0)
    return BookingProblem(p.slots, p.resources, p.requests, p.max_per_exhibitor, p.order, fixed)


def assert_sound(p: BookingProblem, s: BookingSolution) -> None:
    requests = {r.id: r for r in p.requests}
    assert len({(b.slot, b.resource) for b in s.bookings}) == s.placed  # a set holds one at a time
    assert len({(b.slot, b.exhibitor) for b in s.bookings}) == s.placed  # a firm is in one place at a time
    assert len({b.request for b in s.bookings}) == s.placed  # a request is booked once
    fixed_counts = Counter(b.exhibitor for b in p.fixed)
    for exhibitor, n in Counter(b.exhibitor for b in s.bookings).items():  # the limit, unless fixed ones exceed it
        assert n <= max(p.max_per_exhibitor, fixed_counts[exhibitor])
    assert set(p.fixed) <= set(s.bookings)
    for b in s.bookings:
        if not b.fixed:
            assert b.slot in p.slots and b.resource in p.resources
            assert fits(requests[b.request], b.slot) and requests[b.request].exhibitor == b.exhibitor
    booked = {b.request for b in s.bookings}
    assert [w.request.id for w in s.waiting] == [r.id for r in sorted(p.requests, key=lambda r: order_key(r, p.order))
                                                  if r.id not in booked]
    assert s.exhibitors_served == len({b.exhibitor for b in s.bookings})


@settings(max_examples=80, deadline=None)
@given(instances())
def test_random_instances_never_double_book_and_the_solver_never_does_worse_than_first_come_first_served(
        p: BookingProblem) -> None:
    greedy = solve_greedy(p)
    s = solved(p)
    assert_sound(p, greedy)
    assert_sound(p, s)
    assert s.exhibitors_served >= greedy.exhibitors_served and s.placed >= greedy.placed
    assert s.status is Status.OPTIMAL
    assert_earlier_requests_have_earlier_slots(p, s)
    assert_no_booking_could_move_earlier(p, s)


def assert_no_booking_could_move_earlier(p: BookingProblem, s: BookingSolution) -> None:
    """No booking the solver made could move to an earlier slot that has a free resource, lies in
    its windows and finds its exhibitor free."""
    requests = {r.id: r for r in p.requests}
    used = Counter(b.slot for b in s.bookings)
    busy = {(b.exhibitor, b.slot) for b in s.bookings}
    for b in s.bookings:
        if not b.fixed:
            for slot in p.slots:
                if (slot.day, slot.start) < (b.slot.day, b.slot.start) and fits(requests[b.request], slot):
                    assert used[slot] >= len(p.resources) or (b.exhibitor, slot) in busy, (b, slot)


def assert_earlier_requests_have_earlier_slots(p: BookingProblem, s: BookingSolution) -> None:
    """No two bookings the solver made could swap slots to give the earlier request the earlier slot."""
    requests = {r.id: r for r in p.requests}
    position = {r.id: n for n, r in enumerate(sorted(p.requests, key=lambda r: order_key(r, p.order)))}
    busy = {(b.exhibitor, b.slot) for b in s.bookings}
    made = sorted((b for b in s.bookings if not b.fixed), key=lambda b: position[b.request])
    for a, b in itertools.combinations(made, 2):
        if (b.slot.day, b.slot.start) < (a.slot.day, a.slot.start):
            could_swap = (fits(requests[a.request], b.slot) and fits(requests[b.request], a.slot)
                          and (a.exhibitor == b.exhibitor or ((a.exhibitor, b.slot) not in busy
                                                              and (b.exhibitor, a.slot) not in busy)))
            assert not could_swap, (a, b)


def fairness(p: BookingProblem, bookings: list[tuple[BookingRequest, Slot]]) -> tuple[int, ...]:
    """Exhibitors with at least 1, 2, … bookings (fixed ones included), then minus the sum of the
    placed requests' positions in the organizer's order among those open (earlier ones preferred)."""
    counts = Counter([b.exhibitor for b in p.fixed] + [r.exhibitor for r, _slot in bookings])
    taken = {b.request for b in p.fixed}
    ranked = sorted((r for r in p.requests if r.id not in taken), key=lambda r: order_key(r, p.order))
    position = {r.id: n for n, r in enumerate(ranked)}
    levels = tuple(sum(n >= k for n in counts.values()) for k in range(1, p.max_per_exhibitor + 1))
    return (*levels, -sum(position[r.id] for r, _slot in bookings))


def best_by_trying_everything(p: BookingProblem) -> tuple[int, ...]:
    taken = {b.request for b in p.fixed}
    open_ = [r for r in p.requests if r.id not in taken]
    greedy = solve_greedy(p)
    best: tuple[int, ...] = ()
    for choice in itertools.product(*[(None, *(s for s in p.slots if fits(r, s))) for r in open_]):
        picked = [(r, slot) for r, slot in zip(open_, choice, strict=True) if slot is not None]
        per_slot = Counter([slot for _r, slot in picked] + [b.slot for b in p.fixed])
        per_firm_slot = Counter([(r.exhibitor, slot) for r, slot in picked] + [(b.exhibitor, b.slot) for b in p.fixed])
        per_firm = Counter(r.exhibitor for r, _slot in picked)
        fixed_firm = Counter(b.exhibitor for b in p.fixed)
        if (any(n > len(p.resources) for n in per_slot.values()) or any(n > 1 for n in per_firm_slot.values())
                or any(n + fixed_firm[e] > p.max_per_exhibitor for e, n in per_firm.items())):
            continue
        firms = {r.exhibitor for r, _slot in picked} | {b.exhibitor for b in p.fixed}
        if len(firms) < greedy.exhibitors_served or len(picked) + len(p.fixed) < greedy.placed:
            continue
        best = max(best, fairness(p, picked))
    return best


@settings(max_examples=60, deadline=None)
@given(instances(most=5, slots=SLOTS[:3]))
def test_on_small_instances_the_allocation_called_optimal_is_the_fairest_of_all(p: BookingProblem) -> None:
    s = solved(p)
    assert s.status is Status.OPTIMAL
    requests = {r.id: r for r in p.requests}
    picked = [(requests[b.request], b.slot) for b in s.bookings if not b.fixed]
    assert fairness(p, picked) == best_by_trying_everything(p)
