"""Violations in the operator's language: which rule, and by how much."""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from expo_console.domain import layout_rules as rules
from expo_console.domain.layout_rules import Violation

translate = QCoreApplication.translate  # called with the literal context "RuleText", which lupdate reads


def rule_name(code: str) -> str:
    return {
        rules.OVERLAP: translate("RuleText", "Overlapping booths"),
        rules.OUTSIDE_HALL: translate("RuleText", "Outside the hall"),
        rules.OBSTACLE: translate("RuleText", "On a fixed obstacle"),
        rules.CLEAR_STRIP: translate("RuleText", "In a door's clear strip"),
        rules.NARROW_AISLE: translate("RuleText", "Aisle too narrow"),
        rules.EGRESS_DISTANCE: translate("RuleText", "Too far from an exit"),
        rules.DEAD_END: translate("RuleText", "Dead-end aisle too long"),
        rules.ZONE_EXIT_WIDTH: translate("RuleText", "Zone exits too narrow"),
    }.get(code, code)


def describe(v: Violation, number_of: Callable[[str], str], zone_name: Callable[[str], str]) -> str:
    """One sentence with the measured figure and the rule's, e.g. 'Aisle to M-04 is 2.0 m; …'."""
    others = ", ".join(number_of(b) for b in v.booths[1:])
    if v.rule == rules.OVERLAP:
        return translate("RuleText", "Overlaps %1 by %2 m²").replace("%1", others).replace("%2", f"{v.measured:.1f}")
    if v.rule == rules.OUTSIDE_HALL:
        return translate("RuleText", "Outside the hall by %1 m").replace("%1", f"{v.measured:.1f}")
    if v.rule == rules.OBSTACLE:
        return translate("RuleText", "Covers %1 (%2 m²)").replace("%1", v.detail).replace("%2", f"{v.measured:.1f}")
    if v.rule == rules.CLEAR_STRIP:
        return (translate("RuleText", "%1 m into the %2 m clear strip in front of %3")
                .replace("%1", f"{v.measured:.1f}").replace("%2", f"{v.limit:g}").replace("%3", v.detail))
    if v.rule == rules.NARROW_AISLE:
        towards = translate("RuleText", "the wall") if v.detail == "wall" else others
        return (translate("RuleText", "Aisle to %1 is %2 m; the rule asks %3 m (%4 m short)")
                .replace("%1", towards).replace("%2", f"{v.measured:.1f}").replace("%3", f"{v.limit:g}")
                .replace("%4", f"{v.limit - v.measured:.1f}"))
    if v.rule == rules.EGRESS_DISTANCE:
        if math.isinf(v.measured):
            return translate("RuleText", "%1 m² of floor is walled in by booths: no way out").replace("%1", v.detail)
        return (translate("RuleText", "Floor %1 m from the nearest exit; the rule allows %2 m (%3 m² too far)")
                .replace("%1", f"{v.measured:.0f}").replace("%2", f"{v.limit:g}").replace("%3", v.detail))
    if v.rule == rules.DEAD_END:
        return (translate("RuleText", "Dead-end aisle %1 m long; the rule allows %2 m")
                .replace("%1", f"{v.measured:.0f}").replace("%2", f"{v.limit:g}"))
    if v.rule == rules.ZONE_EXIT_WIDTH:
        return (translate("RuleText", "%1 needs %2 m of exits for its capacity, has %3 m")
                .replace("%1", zone_name(v.zone or "")).replace("%2", f"{v.limit:.1f}")
                .replace("%3", f"{v.measured:.1f}"))
    return rule_name(v.rule)
