"""The consultation schedule in the event file: a solve saves meetings and keeps what operators
fixed and what happened on the day; hand edits refuse double bookings; outcomes and amounts;
an erased buyer's meetings stay for the figures under a pseudonym."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from consultation_support import consultation_zone
from event_templates import EventTemplates

from expo_console.domain.consultations import Slot
from expo_console.domain.meeting_records import AmountError, MeetingStatus, Origin, parse_amount
from expo_console.domain.redaction import pseudonym_of
from expo_console.services import event_settings
from expo_console.services.consultations import outcomes, schedule, setup
from expo_console.services.consultations.outcomes import Outcome
from expo_console.services.registration.visitors import delete_visitor
from expo_console.storage import audit_repo


@pytest.fixture
def zone(event_templates: EventTemplates, tmp_path: Path):  # type: ignore[no-untyped-def]
    made = consultation_zone(event_templates, tmp_path / "event.expo")
    yield made
    made.store.close()


def _korean_speakers(zone) -> set[str]:  # type: ignore[no-untyped-def]
    return {b.id for b in zone.buyers if b.language == "ko"}


def test_a_solve_saves_meetings_without_double_booking(zone) -> None:  # type: ignore[no-untyped-def]
    report = schedule.solve_schedule(zone.store, time_limit=5)
    saved = schedule.meetings(zone.store)
    assert len(saved) == report.solution.placed > 0
    seen: set[tuple[object, ...]] = set()
    for m in saved:
        for key in (("buyer", m.day, m.starts, m.buyer_id), ("table", m.day, m.starts, m.table),
                    ("exhibitor", m.day, m.starts, m.exhibitor_id)):
            assert key not in seen
            seen.add(key)
    # every meeting answers a request, once
    requested = {(r.buyer, r.exhibitor) for r in setup.load(zone.store).requests}
    pairs = [(m.buyer_id, m.exhibitor_id) for m in saved]
    assert set(pairs) <= requested and len(pairs) == len(set(pairs))
    # Korean-speaking buyers need no interpreter and are all placed (the zone has room)
    assert {m.buyer_id for m in saved} >= _korean_speakers(zone) & {b for b, _ in requested}


def test_a_new_solve_keeps_fixed_and_settled_meetings_and_replaces_the_rest(zone) -> None:  # type: ignore[no-untyped-def]
    schedule.solve_schedule(zone.store, time_limit=5)
    first, second, *rest = schedule.meetings(zone.store)
    schedule.set_fixed(zone.store, first.id, True)
    outcomes.mark_arrived(zone.store, second.id)
    report = schedule.solve_schedule(zone.store, time_limit=5)
    after = {m.id: m for m in schedule.meetings(zone.store)}
    assert first.id in after and after[first.id].slot == first.slot and after[first.id].table == first.table
    assert second.id in after and after[second.id].arrived_at is not None
    assert report.kept == 2 and report.replaced == len(rest)
    assert not {m.id for m in rest} & set(after)  # the solver's own meetings were made anew


def test_moving_a_meeting_onto_a_busy_buyer_is_refused_with_the_clash(zone) -> None:  # type: ignore[no-untyped-def]
    schedule.solve_schedule(zone.store, time_limit=5)
    meetings = schedule.meetings(zone.store)
    tables = [t.number for t in setup.load(zone.store).tables]

    def free_table(slot: Slot) -> int | None:
        return next((t for t in tables if not any(m.slot == slot and m.table == t for m in meetings)), None)

    a, b, table = next((a, b, free_table(b.slot)) for a in meetings for b in meetings
                       if a.buyer_id == b.buyer_id and a.id != b.id and free_table(b.slot) is not None)
    with pytest.raises(schedule.ScheduleError, match="buyer .* has 2 meetings"):
        schedule.move_meeting(zone.store, a.id, b.slot, table)
    assert schedule.meeting(zone.store, a.id).slot == a.slot


def test_a_moved_meeting_is_fixed_and_audited(zone) -> None:  # type: ignore[no-untyped-def]
    schedule.solve_schedule(zone.store, time_limit=5)
    meetings = schedule.meetings(zone.store)
    m = meetings[0]
    day_slots = schedule.slots_of(setup.load(zone.store), [m.day])
    target = next(s for s in day_slots if not any(o.buyer_id == m.buyer_id and o.slot == s for o in meetings)
                  and not any(o.exhibitor_id == m.exhibitor_id and o.slot == s for o in meetings)
                  and sum(o.slot == s for o in meetings) < 4)
    table = next(t for t in (1, 2, 3, 4) if not any(o.slot == target and o.table == t for o in meetings))
    schedule.move_meeting(zone.store, m.id, target, table)
    moved = schedule.meeting(zone.store, m.id)
    assert (moved.slot, moved.table, moved.fixed, moved.origin) == (target, table, True, Origin.OPERATOR)
    assert any(e["action"] == "meeting_moved" for e in audit_repo.entries(zone.store.conn, m.id))


def test_a_slot_outside_the_session_or_a_table_not_placed_is_refused(zone) -> None:  # type: ignore[no-untyped-def]
    schedule.solve_schedule(zone.store, time_limit=5)
    m = schedule.meetings(zone.store)[0]
    with pytest.raises(schedule.ScheduleError, match="no table 9"):
        schedule.move_meeting(zone.store, m.id, m.slot, 9)
    evening = Slot(m.day, dt.time(18), dt.time(18, 30))
    with pytest.raises(schedule.ScheduleError, match="not a slot of the session"):
        schedule.move_meeting(zone.store, m.id, evening, m.table)


def test_outcomes_in_usd_are_kept_and_reported_in_won_at_the_event_rate(zone) -> None:  # type: ignore[no-untyped-def]
    schedule.solve_schedule(zone.store, time_limit=5)
    m = schedule.meetings(zone.store)[0]
    event_settings.put(zone.store, event_settings.CONSULT_USD_RATE, 1400.0)
    outcomes.record_outcome(zone.store, m.id, Outcome(amount="12,000", currency="USD", contract="$5,000",
                                                      note="샘플 발송"))
    kept = schedule.meeting(zone.store, m.id)
    assert kept.status == MeetingStatus.HELD and kept.arrived_at is not None
    assert (kept.amount_krw, kept.amount_currency, kept.amount_original) == (16_800_000, "USD", 12_000.0)
    assert kept.contract_expected and kept.contract_krw == 7_000_000 and kept.note == "샘플 발송"
    entry = [e for e in audit_repo.entries(zone.store.conn, m.id) if e["action"] == "meeting_outcome"][-1]
    assert entry["detail"]["before"]["amount_krw"] is None and entry["detail"]["after"]["amount_krw"] == 16_800_000


def test_an_amount_that_is_not_a_number_is_refused_naming_the_field(zone) -> None:  # type: ignore[no-untyped-def]
    schedule.solve_schedule(zone.store, time_limit=5)
    m = schedule.meetings(zone.store)[0]
    with pytest.raises(AmountError, match="contract amount 'ten million'"):
        outcomes.record_outcome(zone.store, m.id, Outcome(amount="1000", contract="ten million"))
    assert schedule.meeting(zone.store, m.id).amount_krw is None  # nothing written


@pytest.mark.parametrize(("typed", "value"), [("15,000,000", 15e6), ("1500만", 15e6), ("1.2억", 1.2e8),
                                              ("1억2천만", 1.2e8), ("₩3,000", 3000), ("", None), (12000, 12000)])
def test_amounts_as_people_type_them(typed: str | int, value: float | None) -> None:
    assert parse_amount(typed) == value


def test_no_show_then_arrival_undone_and_no_show_again(zone) -> None:  # type: ignore[no-untyped-def]
    schedule.solve_schedule(zone.store, time_limit=5)
    m = schedule.meetings(zone.store)[0]
    outcomes.mark_no_show(zone.store, m.id)
    assert schedule.meeting(zone.store, m.id).status == MeetingStatus.NO_SHOW
    with pytest.raises(schedule.ScheduleError, match="cancelled instead"):
        schedule.remove_meeting(zone.store, m.id)


def test_an_erased_buyer_leaves_their_meetings_under_a_pseudonym(zone) -> None:  # type: ignore[no-untyped-def]
    schedule.solve_schedule(zone.store, time_limit=5)
    m = schedule.meetings(zone.store)[0]
    outcomes.record_outcome(zone.store, m.id, Outcome(amount="1000000", note="김철수 부장과 재통화"))
    delete_visitor(zone.store, m.buyer_id, "erasure requested")
    kept = schedule.meeting(zone.store, m.id)
    assert kept.buyer_id == pseudonym_of(m.buyer_id) and kept.amount_krw == 1_000_000
    assert kept.note == "[erased]" and kept.buyer_country == m.buyer_country
    assert not [r for r in setup.load(zone.store).requests if r.buyer == m.buyer_id]


def test_tables_that_still_hold_meetings_cannot_be_taken_away(zone) -> None:  # type: ignore[no-untyped-def]
    schedule.solve_schedule(zone.store, time_limit=5)
    used = max(m.table for m in schedule.meetings(zone.store))
    with pytest.raises(setup.SetupError, match=f"Tables .*{used}.* still have meetings"):
        setup.place_tables(zone.store, used - 1)
