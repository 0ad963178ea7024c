"""Admission conflicts: a badge let in at two desks that could not see each other's admission.

While the hub answers, every admission is decided against every desk's scans, so a badge is
admitted as the gate rules allow. Desks cut off from the hub decide on their own files; when
their scans meet on the hub, a badge may turn out admitted twice. Such a pair is a conflict: the
later admission, decided again against all the badge's earlier scans (by the time they were
scanned) under its gate's rule of how often, would have been "already admitted" or over the
entry limit, and the admission it collides with was made at another desk. Both scans stay as
they are; the conflict is only named, so staff can look at it (a shared badge, or simply a
visitor let in twice while the LAN was down).

Who may pass (classes, hours) is not asked again: a desk decided that with the facts it had; a
conflict is about the one thing desks apart cannot know, each other's admissions. Admissions
typed by hand are a person's decision and are never the later half of a conflict.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from expo_console.domain.checkin import (
    ENTRIES,
    CodeStatus,
    GateRule,
    PriorScan,
    Verdict,
    counted_at,
    decide,
)

REFUSED_AGAIN = frozenset({Verdict.ALREADY_ADMITTED, Verdict.ENTRY_LIMIT})


@dataclass(frozen=True, slots=True)
class BadgeScan:
    """One of a badge's scans of the day, as the conflict check reads it."""

    id: str
    prior: PriorScan  # when, where, which way, its verdict, the station and the desk
    manual: bool = False


@dataclass(frozen=True, slots=True)
class Conflict:
    first: BadgeScan  # the earlier admission (at another desk)
    second: BadgeScan  # the admission that, decided with the first in view, would have been refused


def find_conflicts(scans: Sequence[BadgeScan], rule_of: Callable[[str], GateRule]) -> list[Conflict]:
    """The conflicts among one badge's scans of one day, oldest first; `rule_of(gate_id)` is the
    gate's rule."""
    found = []
    for n, scan in enumerate(scans):
        if scan.prior.verdict not in ENTRIES or scan.manual:
            continue
        earlier = [s.prior for s in scans[:n]]
        how_often = _how_often(rule_of(scan.prior.gate_id))
        again = decide(status=CodeStatus.ACTIVE, blocked=False, valid_today=True, gate=how_often,
                       direction=scan.prior.direction, history=earlier, now=scan.prior.at, same_code_last_read_at=None)
        if again.verdict not in REFUSED_AGAIN:
            continue
        partner = next((s for s in reversed(scans[:n]) if s.prior.verdict in ENTRIES
                        and s.prior.desk_id != scan.prior.desk_id and counted_at(how_often, [s.prior])), None)
        if partner is not None:
            found.append(Conflict(partner, scan))
    return found


def _how_often(rule: GateRule) -> GateRule:
    """The part of a gate's rule that counts admissions (who and when are left out)."""
    return dataclasses.replace(rule, classes=None, hours=None, hours_for=())
