"""The admission decision as a table of cases."""

from __future__ import annotations

import datetime as dt

import pytest

from expo_console.domain.checkin import (
    CodeStatus,
    GateRule,
    Hours,
    Light,
    PriorScan,
    Verdict,
    decide,
)

NOW = dt.datetime(2022, 10, 4, 10, 0, 0)
ENTRANCE = GateRule("g-main", "hall_entrance")
ONCE = GateRule("g-main", "hall_entrance", once_per_day=True)
FREE = GateRule("g-main", "hall_entrance", reentry_after_exit=False)
EXIT = GateRule("g-exit", "hall_exit")
ZONE = GateRule("g-tasting", "zone_gate", reentry_after_exit=False)
BUYERS = frozenset({"domestic_buyer", "overseas_buyer", "exhibitor_staff", "staff"})
CONSULTATION = GateRule("g-consult", "zone_gate", reentry_after_exit=False, classes=BUYERS)
OPEN_10_17 = GateRule("g-main", "hall_entrance", hours=Hours.parse("10:00-17:00"),
                      hours_for=(("exhibitor_staff", Hours.parse("08:00-18:00")), ("staff", Hours.parse("08:00-18:00"))))
TWICE = GateRule("g-tasting", "zone_gate", reentry_after_exit=False, max_entries=2)


def scan(minutes_ago: int, verdict: str, gate: str = "g-main", kind: str = "hall_entrance",
         direction: str = "in") -> PriorScan:
    return PriorScan(NOW - dt.timedelta(minutes=minutes_ago), gate, kind, direction, verdict)


IN_EARLIER = scan(60, "admitted")
OUT_LATER = scan(30, "exit_recorded", "g-exit", "hall_exit", "out")

CASES = [
    # (name, status, blocked, valid_today, gate, direction, history, last read, verdict)
    ("first entry", CodeStatus.ACTIVE, False, True, ENTRANCE, "in", [], None, Verdict.ADMITTED),
    ("again while inside", CodeStatus.ACTIVE, False, True, ENTRANCE, "in", [IN_EARLIER], None, Verdict.ALREADY_ADMITTED),
    ("back after an exit", CodeStatus.ACTIVE, False, True, ENTRANCE, "in", [IN_EARLIER, OUT_LATER], None, Verdict.ADMITTED),
    ("once per day, even after exit", CodeStatus.ACTIVE, False, True, ONCE, "in", [IN_EARLIER, OUT_LATER], None,
     Verdict.ALREADY_ADMITTED),
    ("multiple entries allowed", CodeStatus.ACTIVE, False, True, FREE, "in", [IN_EARLIER], None, Verdict.ADMITTED),
    ("exit gate", CodeStatus.ACTIVE, False, True, EXIT, "in", [IN_EARLIER], None, Verdict.EXIT_RECORDED),
    ("station set to exit", CodeStatus.ACTIVE, False, True, ENTRANCE, "out", [IN_EARLIER], None, Verdict.EXIT_RECORDED),
    ("zone gate ignores the hall", CodeStatus.ACTIVE, False, True, ZONE, "in", [IN_EARLIER], None, Verdict.ADMITTED),
    ("revoked", CodeStatus.REVOKED, False, True, ENTRANCE, "in", [], None, Verdict.REVOKED),
    ("blocked", CodeStatus.ACTIVE, True, True, ENTRANCE, "in", [], None, Verdict.BLOCKED),
    ("not valid today", CodeStatus.ACTIVE, False, False, ENTRANCE, "in", [], None, Verdict.NOT_VALID_TODAY),
    ("wrong event", CodeStatus.WRONG_EVENT, False, True, ENTRANCE, "in", [], None, Verdict.WRONG_EVENT),
    ("forged", CodeStatus.FORGED, False, True, ENTRANCE, "in", [], None, Verdict.FORGED),
    ("malformed", CodeStatus.MALFORMED, False, True, ENTRANCE, "in", [], None, Verdict.MALFORMED),
    ("issued on another desk", CodeStatus.UNKNOWN, False, True, ENTRANCE, "in", [], None, Verdict.ADMITTED_UNKNOWN),
    ("double read", CodeStatus.ACTIVE, False, True, ENTRANCE, "in", [scan(0, "admitted")],
     NOW - dt.timedelta(milliseconds=400), Verdict.DOUBLE_READ),
    ("same badge two seconds later", CodeStatus.ACTIVE, False, True, ENTRANCE, "in", [scan(0, "admitted")],
     NOW - dt.timedelta(seconds=2), Verdict.ALREADY_ADMITTED),
    ("forged beats blocked", CodeStatus.FORGED, True, False, ENTRANCE, "in", [], None, Verdict.FORGED),
]


def at(hh_mm: str) -> dt.time:
    return dt.time.fromisoformat(hh_mm)


ZONE_IN = scan(50, "admitted", "g-tasting", "zone_gate")
RULE_CASES = [
    # (name, status, blocked, gate, direction, history, class, time of day, verdict)
    ("a buyer at the consultation zone", CodeStatus.ACTIVE, False, CONSULTATION, "in", [], "domestic_buyer", None,
     Verdict.ADMITTED),
    ("a visitor at the consultation zone", CodeStatus.ACTIVE, False, CONSULTATION, "in", [], "visitor", None,
     Verdict.NOT_ALLOWED_HERE),
    ("a visitor leaving the consultation zone", CodeStatus.ACTIVE, False, CONSULTATION, "out", [], "visitor", None,
     Verdict.EXIT_RECORDED),
    ("a visitor in the hall's hours", CodeStatus.ACTIVE, False, OPEN_10_17, "in", [], "visitor", at("10:00"),
     Verdict.ADMITTED),
    ("a visitor before opening", CodeStatus.ACTIVE, False, OPEN_10_17, "in", [], "visitor", at("09:59"),
     Verdict.GATE_CLOSED),
    ("a visitor at closing time", CodeStatus.ACTIVE, False, OPEN_10_17, "in", [], "visitor", at("17:00"),
     Verdict.GATE_CLOSED),
    ("an exhibitor at 08:00", CodeStatus.ACTIVE, False, OPEN_10_17, "in", [], "exhibitor_staff", at("08:00"),
     Verdict.ADMITTED),
    ("staff at 07:59", CodeStatus.ACTIVE, False, OPEN_10_17, "in", [], "staff", at("07:59"), Verdict.GATE_CLOSED),
    ("leaving after closing", CodeStatus.ACTIVE, False, OPEN_10_17, "out", [IN_EARLIER], "visitor", at("19:00"),
     Verdict.EXIT_RECORDED),
    ("second of two entries", CodeStatus.ACTIVE, False, TWICE, "in", [ZONE_IN], "visitor", None, Verdict.ADMITTED),
    ("third of two entries", CodeStatus.ACTIVE, False, TWICE, "in", [ZONE_IN, scan(20, "admitted", "g-tasting",
                                                                                    "zone_gate")],
     "visitor", None, Verdict.ENTRY_LIMIT),
    ("entries refused do not count", CodeStatus.ACTIVE, False, TWICE, "in",
     [ZONE_IN, scan(20, "gate_closed", "g-tasting", "zone_gate")], "visitor", None, Verdict.ADMITTED),
    ("a deleted visitor's badge", CodeStatus.CANCELLED, False, ENTRANCE, "in", [], "visitor", None, Verdict.CANCELLED),
    ("a deleted visitor's badge leaving", CodeStatus.CANCELLED, False, ENTRANCE, "out", [], "visitor", None,
     Verdict.EXIT_RECORDED),
    ("a blocked visitor leaving", CodeStatus.ACTIVE, True, ENTRANCE, "out", [IN_EARLIER], "visitor", None,
     Verdict.BLOCKED),
    ("the wrong class is said before the hours", CodeStatus.ACTIVE, False,
     GateRule("g", "zone_gate", classes=BUYERS, hours=Hours.parse("10:00-17:00")), "in", [], "visitor", at("09:00"),
     Verdict.NOT_ALLOWED_HERE),
]


@pytest.mark.parametrize("name, status, blocked, gate, direction, history, visitor_class, local_time, expected",
                         RULE_CASES, ids=[c[0] for c in RULE_CASES])
def test_gate_rules_decision_table(name, status, blocked, gate, direction, history, visitor_class, local_time,
                                   expected) -> None:
    decision = decide(status=status, blocked=blocked, valid_today=True, gate=gate, direction=direction,
                      history=history, now=NOW, same_code_last_read_at=None, visitor_class=visitor_class,
                      local_time=local_time)
    assert decision.verdict is expected


def test_a_closed_gate_says_the_hours_that_apply_to_the_visitor() -> None:
    decision = decide(status=CodeStatus.ACTIVE, blocked=False, valid_today=True, gate=OPEN_10_17, direction="in",
                      history=[], now=NOW, same_code_last_read_at=None, visitor_class="exhibitor_staff",
                      local_time=at("07:00"))
    assert (decision.verdict, str(decision.hours)) == (Verdict.GATE_CLOSED, "08:00-18:00")


@pytest.mark.parametrize("text", ["25:00-26:00", "17:00-10:00", "10:00", "ten to five"])
def test_hours_that_cannot_be_read_say_how_to_write_them(text: str) -> None:
    with pytest.raises(ValueError, match="10:00-17:00|close after"):
        Hours.parse(text)


@pytest.mark.parametrize("name, status, blocked, valid_today, gate, direction, history, last_read, expected",
                         CASES, ids=[c[0] for c in CASES])
def test_decision_table(name, status, blocked, valid_today, gate, direction, history, last_read, expected) -> None:
    decision = decide(status=status, blocked=blocked, valid_today=valid_today, gate=gate, direction=direction,
                      history=history, now=NOW, same_code_last_read_at=last_read)
    assert decision.verdict is expected


def test_already_admitted_says_when_and_where_first() -> None:
    decision = decide(status=CodeStatus.ACTIVE, blocked=False, valid_today=True, gate=ONCE, direction="in",
                      history=[IN_EARLIER, OUT_LATER], now=NOW, same_code_last_read_at=None)
    assert (decision.first_admitted_at, decision.first_gate_id) == (IN_EARLIER.at, "g-main")
    assert decision.light is Light.AMBER


def test_lights() -> None:
    def light(verdict_status: CodeStatus) -> Light:
        return decide(status=verdict_status, blocked=False, valid_today=True, gate=ENTRANCE, direction="in",
                      history=[], now=NOW, same_code_last_read_at=None).light

    assert light(CodeStatus.ACTIVE) is Light.GREEN
    assert light(CodeStatus.UNKNOWN) is Light.AMBER
    assert light(CodeStatus.FORGED) is Light.RED
