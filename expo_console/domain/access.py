"""Who may do what (issue 21): an operator's role and the actions it allows.

Korea's Personal Information Protection Act asks for access rights by role. The console has four
roles; every service that touches personal data or the event's settings names the action it
performs, and refuses an operator whose role does not allow it. The window hides what a role may
not do, but the check is the service's: the command line and scripts meet the same refusal.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ORGANIZER = "organizer"  # everything
    REGISTRATION = "registration"  # register, edit, print; reveal a phone with a reason
    GATE = "gate"  # scan, find without a badge; override only with a supervisor's PIN
    VIEWER = "viewer"  # the dashboard and reports


class Action(StrEnum):
    VIEW_VISITORS = "view_visitors"  # the visitor list, a visitor's record, finding someone at a gate
    REGISTER = "register"  # register a visitor, a walk-in, or import a list
    EDIT_VISITOR = "edit_visitor"
    PRINT_BADGES = "print_badges"
    REVEAL_PHONE = "reveal_phone"
    EXPORT_LIST = "export_list"  # the visitor list with phones masked
    EXPORT_UNMASKED = "export_unmasked"
    BLOCK_VISITOR = "block_visitor"
    DELETE_VISITOR = "delete_visitor"
    SCAN = "scan"  # check badges in and out, take back one's own scan
    OVERRIDE = "override"  # let someone in or out against the gate's verdict (a supervisor)
    HEAD_COUNT = "head_count"
    VIEW_TRAFFIC = "view_traffic"  # the dashboard and its reports
    CHANGE_SETTINGS = "change_settings"  # event settings, gate rules, floor plan, traffic settings
    MANAGE_OPERATORS = "manage_operators"
    VIEW_AUDIT = "view_audit"  # the access records
    PERSON_DATA = "person_data"  # everything held about one person, on their request
    PURGE = "purge"  # erase every visitor's personal data after the event
    HUB = "hub"  # put the event on a hub, its badge key and passphrase
    PLAN_MEETINGS = "plan_meetings"  # consultation requests, tables, sessions, interpreters, the schedule
    RECORD_OUTCOMES = "record_outcomes"  # the zone on the day: arrivals, no-shows, walk-ins, outcomes


ALLOWED: dict[Role, frozenset[Action]] = {
    Role.ORGANIZER: frozenset(Action),
    Role.REGISTRATION: frozenset({Action.VIEW_VISITORS, Action.REGISTER, Action.EDIT_VISITOR, Action.PRINT_BADGES,
                                  Action.REVEAL_PHONE, Action.EXPORT_LIST, Action.VIEW_TRAFFIC,
                                  Action.PLAN_MEETINGS, Action.RECORD_OUTCOMES}),
    Role.GATE: frozenset({Action.SCAN, Action.VIEW_VISITORS, Action.HEAD_COUNT, Action.VIEW_TRAFFIC}),
    Role.VIEWER: frozenset({Action.VIEW_TRAFFIC}),
}

# Actions that must say why: the access records keep the reason beside who and when.
REASON_REQUIRED = frozenset({Action.REVEAL_PHONE, Action.EXPORT_UNMASKED, Action.DELETE_VISITOR, Action.OVERRIDE})

# Who may vouch for an override at a gate (a supervisor signs it with their own PIN).
SUPERVISORS = frozenset({Role.ORGANIZER})


def may(role: Role | str | None, action: Action) -> bool:
    if role is None:
        return False
    try:
        return action in ALLOWED[Role(role)]
    except ValueError:  # a role a newer console made: nothing it may do here
        return False
