"""What a dialog needs of the gate rules: the zones a rule can be for, what the gates would apply
with a rule not stored yet, and refusals that name their message for translation."""

from __future__ import annotations

import pytest

from expo_console.services.checkin import gate_rules
from expo_console.services.checkin.gates import find_gate
from expo_console.services.demo.event import create_demo_event
from expo_console.services.messages import MESSAGES, render
from expo_console.storage.connection import EventStore
from support import TEST_STAMP


@pytest.fixture
def demo(tmp_path) -> EventStore:
    store = create_demo_event(tmp_path / "demo.expo", TEST_STAMP, visitors=0)
    yield store
    store.close()


def zone_named(store: EventStore, name: str) -> str:
    return next(z["id"] for z in gate_rules.gated_zones(store) if z["name"] == name)


def test_the_gated_zones_are_those_with_a_gate(demo: EventStore) -> None:
    zones = gate_rules.gated_zones(demo)
    assert [z["name"] for z in zones] == sorted(z["name"] for z in zones)
    assert {z["name_en"] for z in zones} == {"Demo zone", "Tasting zone", "Technology experience zone",
                                             "Purchase consultation zone", "Live-commerce studio"}
    # the KBIZ booth is a zone without a gate: no rule can be set for it


def test_a_preview_shows_every_covered_gate_with_the_rule_not_stored_yet(demo: EventStore) -> None:
    consultation = zone_named(demo, "구매상담존")
    before = gate_rules.stored_rule(demo, consultation)
    shown = gate_rules.preview(demo, consultation, {"classes": ["domestic_buyer"], "hours": "10:00-16:00",
                                                    "max_entries": 2})
    assert [gate["name"] for gate, _rule in shown] == ["구매상담존 게이트"]
    assert shown[0][1] == {"classes": ["domestic_buyer"], "hours": "10:00-16:00", "hours_for": {},
                           "max_entries": 2, "admission": "free", "booking": None}
    assert gate_rules.stored_rule(demo, consultation) == before  # nothing written


def test_a_preview_of_the_hall_covers_its_gates_and_keeps_a_gates_own_rule(demo: EventStore) -> None:
    main = find_gate(demo, "B홀 정문")["id"]
    gate_rules.set_rule(demo, main, {"max_entries": 3})
    shown = {gate["name"]: rule for gate, rule in gate_rules.preview(demo, gate_rules.HALL, {"hours": "09:00-18:00"})}
    assert set(shown) == {"B홀 정문", "B홀 측면 출입구", "B홀 출구"}
    assert shown["B홀 정문"]["max_entries"] == 3 and shown["B홀 측면 출입구"]["max_entries"] is None
    assert {rule["hours"] for rule in shown.values()} == {"09:00-18:00"}
    assert shown["B홀 정문"]["hours_for"] == {}  # the previewed rule replaces the hall's, it is not merged into it
    assert gate_rules.preview(demo, gate_rules.HALL, {})[0][1]["hours"] is None  # an empty rule: removed


def test_a_preview_of_one_gate_merges_its_zones_rule(demo: EventStore) -> None:
    studio_gate = find_gate(demo, "라이브커머스 스튜디오 게이트")["id"]
    [(_gate, rule)] = gate_rules.preview(demo, studio_gate, {"hours": "13:00-15:00"})
    assert rule["classes"] == ["domestic_buyer", "exhibitor_staff", "organizer", "overseas_buyer", "press", "staff",
                               "vip"] and rule["hours"] == "13:00-15:00"
    assert rule["booking"] == "both"  # the zone's booking rule holds at its gate


@pytest.mark.parametrize("rule, code", [
    ({"hours": "17:00-10:00"}, "gate_rule_hours_reversed"),
    ({"hours_for": {"staff": "08:00 – 08:00"}}, "gate_rule_hours_reversed"),
    ({"hours": "8 to 6"}, "gate_rule_hours_unreadable"),
    ({"hours": "08:00-09:00-10:00"}, "gate_rule_hours_unreadable"),
    ({"classes": []}, "gate_rule_no_classes"),
    ({"classes": ["vistor"]}, "gate_rule_unknown_class"),
    ({"max_entries": 0}, "gate_rule_max_entries"),
    ({"admission": "twice"}, "gate_rule_unknown_admission"),
    ({"colour": "red"}, "gate_rule_unknown_field"),
])
def test_a_refusal_names_its_message_so_the_window_can_translate_it(demo: EventStore, rule, code) -> None:
    with pytest.raises(gate_rules.GateRuleError) as refused:
        gate_rules.preview(demo, gate_rules.HALL, rule)
    assert refused.value.code == code and code in MESSAGES
    assert str(refused.value) == render(code, refused.value.params)
    assert "{" not in str(refused.value)  # every parameter was filled in


def test_an_unknown_target_is_refused_by_preview_and_set_rule_alike(demo: EventStore) -> None:
    for call in (gate_rules.preview, gate_rules.set_rule):
        with pytest.raises(gate_rules.GateRuleError, match="no gate or gated zone 'nowhere'") as refused:
            call(demo, "nowhere", {})
        assert refused.value.code == "gate_rule_no_target"
