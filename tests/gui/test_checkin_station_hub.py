"""A gate station whose event file is on a hub: a badge another desk admitted is already admitted
here before any sync, and with the hub gone the verdict comes at once, marked offline."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt

from expo_console.gui.checkin.workspace import CheckinWorkspace
from expo_console.services.checkin import scanning
from expo_console.services.checkin.gates import find_gate
from expo_console.services.checkin.hub_admission import HubAdmissions
from expo_console.services.checkin.scanning import ScanContext, Station
from expo_console.services.hub.server import stop_hub
from hub_support import badge_code

MOMENT = dt.datetime(2022, 10, 4, 1, 0, tzinfo=dt.UTC)  # a day of the demo expo, in its hours


@pytest.fixture
def station(qtbot, hub, english, desks, monkeypatch) -> CheckinWorkspace:  # type: ignore[no-untyped-def]
    real_scan = scanning.scan
    monkeypatch.setattr("expo_console.gui.checkin.workspace.scan",
                        lambda context, text, manual=False: real_scan(context, text, manual=manual, now=MOMENT))
    widget = CheckinWorkspace(desks["b"], hub, korean=False)  # desk B, joined: it knows the hub
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    widget.gate_box.setCurrentIndex(widget.gate_box.findText("B홀 측면", Qt.MatchFlag.MatchStartsWith))
    return widget



def test_a_badge_another_desk_admitted_is_already_admitted_at_this_station_before_any_sync(
        station: CheckinWorkspace, desks: dict[str, Any]) -> None:
    a = desks["a"]
    code = badge_code(a, 0)
    gate_a = ScanContext(a, Station("desk A", find_gate(a, "B홀 정문")["id"]))
    gate_a.hub = HubAdmissions(desks["hub"]["desk_dsn"])
    try:
        assert scanning.scan(gate_a, code, now=MOMENT)[0].via == "hub"
    finally:
        gate_a.hub.close()
    station.handle_scan(code)
    assert station.panel.property("light") == "amber" and "First admitted" in station.action_label.text()
    assert "B홀 정문 · desk A" in station.action_label.text() and "Offline" not in station.action_label.text()
    assert f"(desk {a.stamp.desk_id})" in station.action_label.text()  # the first admission's desk


def test_with_the_hub_gone_the_station_decides_at_once_and_says_offline(station: CheckinWorkspace,
                                                                       desks: dict[str, Any]) -> None:
    code = badge_code(desks["b"], 1)
    stop_hub(desks["hub"]["folder"])
    station.handle_scan(code)
    assert station.panel.property("light") == "green"
    assert station.action_label.text().startswith("Offline: decided at this desk")
