"""What a fresh-eyed review found the bookings could get wrong, each made to happen: a set
double-booked after the day's slot length changed, a freed slot given to someone other than the
one named, a re-imported list wiping preferred times, a request's booking left under its old
exhibitor, a booking with only a note or a peak deleted by a re-solve, a booking rule at the
hall's doors, a note's text left in the access records after the purge, and a desk's save
blanking the figures another desk entered."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from booking_support import studio
from event_templates import EventTemplates

from expo_console.domain.booking_records import BookingStatus
from expo_console.domain.bookings import BookingKind, Window
from expo_console.domain.consultations import Session
from expo_console.services.bookings import outcomes, requests, schedule, setup
from expo_console.services.bookings.allocation import solve_bookings
from expo_console.services.bookings.greedy import solve_greedy
from expo_console.services.bookings.request_import import import_booking_requests
from expo_console.services.bookings.schedule import BookingError
from expo_console.services.bookings.setup import SetupError
from expo_console.services.checkin import gate_rules
from expo_console.services.registration.purge import purge_personal_data

STUDIO = BookingKind.STUDIO


@pytest.fixture
def made(event_templates: EventTemplates, tmp_path: Path):  # type: ignore[no-untyped-def]
    result = studio(event_templates, tmp_path / "event.expo", exhibitors=6, resources=1)
    yield result
    result.store.close()


def test_new_hours_never_leave_a_booking_off_the_grid(made) -> None:  # type: ignore[no-untyped-def]
    kind, store = made.kind, made.store
    solve_bookings(store, kind, solver=solve_greedy)  # 10:00, 10:50, 11:40 on set 1
    locked, solved, late = schedule.bookings(store, kind)
    schedule.set_fixed(store, locked.id, True)
    shorter = Session(made.days[0], dt.time(10), dt.time(13), 30, gap_minutes=0)  # 10:00, 10:30, 11:00 …
    with pytest.raises(SetupError, match="outside the new hours"):  # a locked booking would fall off the grid
        setup.set_session(store, kind, shorter)
    schedule.set_fixed(store, locked.id, False)
    setup.set_session(store, kind, Session(made.days[0], dt.time(10), dt.time(12), 40, gap_minutes=10))
    left = schedule.bookings(store, kind)  # 11:40–12:20 no longer fits: the solver's booking of it goes
    assert [b.starts for b in left] == [dt.time(10), dt.time(10, 50)]
    assert solved.id in {b.id for b in left}
    assert any(w.request.id == late.request_id for w in schedule.waiting_list(store, kind))


def test_a_booking_kept_from_other_hours_holds_its_set_against_the_new_slots(made) -> None:  # type: ignore[no-untyped-def]
    from expo_console.domain.bookings import (
        Booking,
        BookingProblem,
        BookingRequest,
        double_bookings,
    )
    from expo_console.domain.consultations import Slot
    from expo_console.services.bookings.solver import solve

    day = made.days[0]
    kept = Booking("old", "e0", Slot(day, dt.time(10), dt.time(10, 40)), 1, fixed=True)
    grid = (Slot(day, dt.time(10), dt.time(10, 20)), Slot(day, dt.time(10, 20), dt.time(10, 40)),
            Slot(day, dt.time(10, 40), dt.time(11)))
    problem = BookingProblem(grid, (1,), tuple(BookingRequest(f"r{n}", f"e{n + 1}") for n in range(3)), fixed=(kept,))
    for solution in (solve_greedy(problem), solve(problem, time_limit=5)):
        placed = [b for b in solution.bookings if not b.fixed]
        assert [b.slot.start for b in placed] == [dt.time(10, 40)]  # only the slot clear of 10:00–10:40
        assert double_bookings(solution.bookings) == []
    assert double_bookings([kept, Booking("new", "e9", grid[1], 1)]) != []  # overlap, not the same slot


def test_the_freed_slot_goes_to_the_request_the_desk_named(made) -> None:  # type: ignore[no-untyped-def]
    kind, store = made.kind, made.store
    solve_bookings(store, kind, solver=solve_greedy)  # three slots, six requests: three wait
    first = schedule.bookings(store, kind)[0]
    outcomes.set_status(store, first.id, BookingStatus.NO_SHOW)
    shown = schedule.offer_for(store, kind, first.slot, first.resource)
    assert shown is not None
    setup.set_rules(store, kind, setup.Rules(1, setup.Order.PRIORITY))  # meanwhile, at another desk
    requests.set_priority(store, schedule.waiting_list(store, kind)[-1].request.id, 1)
    given = schedule.give_freed_slot(store, first.id, shown.id)
    assert given is not None and schedule.booking(store, given[0]).request_id == shown.id
    with pytest.raises(BookingError, match="no longer waiting"):
        schedule.give_freed_slot(store, first.id, shown.id)


def test_a_list_without_times_keeps_the_preferred_times_held(made, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    kind, store = made.kind, made.store
    firm = made.exhibitors[0]
    window = Window(made.days[0], dt.time(10), dt.time(11))
    requests.put_request(store, kind, requests.RequestInput(firm.id, (window,), products="즉석밥"),
                         request_id=made.request_ids[0])
    source = tmp_path / "list.csv"
    source.write_text(f"기업명,제품,쇼호스트,신청일시\n{firm.name},즉석밥,김하늘,\n", encoding="utf-8")
    import_booking_requests(store, kind, source)
    held = setup.load(store, kind).request(made.request_ids[0])
    assert held is not None and held.windows == (window,) and held.host == "김하늘"


def test_a_booked_request_cannot_move_to_another_exhibitor(made) -> None:  # type: ignore[no-untyped-def]
    kind, store = made.kind, made.store
    schedule.add_booking(store, made.request_ids[0], setup.load(store, kind).slots[0], 1)
    with pytest.raises(SetupError, match="another exhibitor cannot take it over"):
        requests.put_request(store, kind, requests.RequestInput(made.exhibitors[2].id), request_id=made.request_ids[0])
    # a waiting request may: nothing was booked under its exhibitor
    requests.put_request(store, kind, requests.RequestInput(made.exhibitors[2].id), request_id=made.request_ids[5])


@pytest.mark.parametrize("written", [outcomes.Results(note="세트 2 원함, 조명 추가"), outcomes.Results(peak_viewers="50")])
def test_a_re_solve_keeps_a_booking_with_a_note_or_any_figure(made, written) -> None:  # type: ignore[no-untyped-def]
    kind, store = made.kind, made.store
    solve_bookings(store, kind, solver=solve_greedy)
    first = schedule.bookings(store, kind)[0]
    outcomes.record_results(store, first.id, written, BookingStatus.BOOKED)
    report = solve_bookings(store, kind, solver=solve_greedy)
    assert first.id in {b.id for b in schedule.bookings(store, kind)} and report.kept == 1


def test_a_booking_rule_is_refused_at_the_halls_doors(made) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(gate_rules.GateRuleError, match="not at the hall's doors"):
        gate_rules.preview(made.store, gate_rules.HALL, {"booking": "studio"})
    hall_gate = next(g["id"] for g in gate_rules.gates_repo.all_gates(made.store.conn) if g["kind"] == "hall_entrance")
    with pytest.raises(gate_rules.GateRuleError, match="not at the hall's doors"):
        gate_rules.set_rule(made.store, hall_gate, {"booking": "photo"})


def test_the_purge_leaves_no_notes_text_in_the_access_records(made) -> None:  # type: ignore[no-untyped-def]
    kind, store = made.kind, made.store
    solve_bookings(store, kind, solver=solve_greedy)
    first = schedule.bookings(store, kind)[0]
    outcomes.record_results(store, first.id, outcomes.Results(viewers="100", note="호스트 한예린 010-3333-4444"))
    purge_personal_data(store, today=dt.date(2022, 12, 30))
    assert store.conn.execute("SELECT count(*) FROM audit_log WHERE detail_json LIKE '%3333-4444%'").fetchone()[0] == 0
    assert schedule.booking(store, first.id).viewers == 100


def test_saving_some_figures_keeps_the_ones_another_desk_entered(made) -> None:  # type: ignore[no-untyped-def]
    kind, store = made.kind, made.store
    solve_bookings(store, kind, solver=solve_greedy)
    first = schedule.bookings(store, kind)[0]
    outcomes.record_results(store, first.id, outcomes.Results(sales="320만"))  # desk A: the channel's sales
    outcomes.record_results(store, first.id, outcomes.Results(orders="57"))  # desk B: only the orders
    both = schedule.booking(store, first.id)
    assert (both.orders, both.sales_krw, both.status) == (57, 3_200_000, BookingStatus.HELD)
    with pytest.raises(outcomes.ResultError):  # a refused figure refuses the status with it
        outcomes.record_results(store, first.id, outcomes.Results(orders="many"), BookingStatus.NO_SHOW)
    assert schedule.booking(store, first.id).status == BookingStatus.HELD

