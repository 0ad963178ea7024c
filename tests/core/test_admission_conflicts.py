"""Admission conflicts (issue 16): a badge admitted at two desks that could not see each other's
admission is named as a conflict, and only then: a visitor who went out and came back in, two
zones, an admission by hand or one desk's own decisions are not conflicts."""

from __future__ import annotations

import datetime as dt

from expo_console.domain.admission_conflicts import BadgeScan, find_conflicts
from expo_console.domain.checkin import GateRule, PriorScan

TEN = dt.datetime(2022, 10, 4, 1, 0, tzinfo=dt.UTC)
RULES = {
    "g-main": GateRule("g-main", "hall_entrance"),  # again after going out
    "g-side": GateRule("g-side", "hall_entrance"),
    "g-exit": GateRule("g-exit", "hall_exit"),
    "g-once": GateRule("g-once", "hall_entrance", once_per_day=True),
    "g-tasting": GateRule("g-tasting", "zone_gate"),
    "g-studio": GateRule("g-studio", "zone_gate"),
    "g-twice": GateRule("g-twice", "zone_gate", reentry_after_exit=False, max_entries=2),
}
KIND = {"g-exit": "hall_exit", "g-tasting": "zone_gate", "g-studio": "zone_gate", "g-twice": "zone_gate"}


def at(minute: int, desk: str, gate: str = "g-main", verdict: str = "admitted", manual: bool = False) -> BadgeScan:
    direction = "out" if verdict == "exit_recorded" else "in"
    return BadgeScan(f"{desk}-{minute}", PriorScan(TEN + dt.timedelta(minutes=minute), gate,
                                                    KIND.get(gate, "hall_entrance"), direction, verdict,
                                                    f"{desk} station", desk), manual)


def pairs(*scans: BadgeScan) -> list[tuple[str, str]]:
    return [(c.first.id, c.second.id) for c in find_conflicts(list(scans), RULES.__getitem__)]


def test_a_badge_admitted_at_two_desks_without_leaving_is_one_conflict_naming_both_scans() -> None:
    assert pairs(at(0, "a"), at(5, "b", "g-side")) == [("a-0", "b-5")]


def test_three_desks_admitting_one_badge_make_two_conflicts() -> None:
    assert pairs(at(0, "a"), at(5, "b"), at(9, "c", "g-side")) == [("a-0", "b-5"), ("b-5", "c-9")]


def test_going_out_and_coming_in_at_another_desk_is_no_conflict() -> None:
    assert pairs(at(0, "a"), at(30, "a", "g-exit", "exit_recorded"), at(40, "b", "g-side")) == []


def test_once_a_day_makes_a_second_admission_after_going_out_a_conflict() -> None:
    assert pairs(at(0, "a", "g-once"), at(30, "a", "g-exit", "exit_recorded"), at(40, "b", "g-once")) == [
        ("a-0", "b-40")]


def test_admissions_a_desk_already_refused_are_no_conflict() -> None:
    assert pairs(at(0, "a"), at(5, "b", verdict="already_admitted")) == []


def test_an_admission_by_hand_is_a_persons_decision_and_no_conflict() -> None:
    assert pairs(at(0, "a"), at(5, "b", manual=True)) == []


def test_one_desk_admitting_twice_is_its_own_decision_and_no_conflict() -> None:
    assert pairs(at(0, "a"), at(5, "a", "g-side")) == []


def test_zones_count_apart_from_the_hall_and_from_each_other() -> None:
    assert pairs(at(0, "a"), at(5, "b", "g-tasting"), at(9, "c", "g-studio")) == []
    assert pairs(at(5, "b", "g-tasting"), at(9, "c", "g-tasting")) == [("b-5", "c-9")]


def test_an_entry_limit_overrun_across_desks_is_a_conflict() -> None:
    assert pairs(at(0, "a", "g-twice"), at(5, "b", "g-twice")) == []
    assert pairs(at(0, "a", "g-twice"), at(5, "b", "g-twice"), at(9, "c", "g-twice")) == [("b-5", "c-9")]
