"""The admission decision as a table of cases."""

from __future__ import annotations

import datetime as dt

import pytest

from expo_console.domain.checkin import CodeStatus, GateRule, Light, PriorScan, Verdict, decide

NOW = dt.datetime(2022, 10, 4, 10, 0, 0)
ENTRANCE = GateRule("g-main", "hall_entrance")
ONCE = GateRule("g-main", "hall_entrance", once_per_day=True)
FREE = GateRule("g-main", "hall_entrance", reentry_after_exit=False)
EXIT = GateRule("g-exit", "hall_exit")
ZONE = GateRule("g-tasting", "zone_gate", reentry_after_exit=False)


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
