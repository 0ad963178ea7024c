"""Event settings: one typed registry of every setting that belongs to the event and travels
with its file (docs/architecture.md, 6). Each setting has a key, a type, a default and a meaning;
reading and writing go through here, so a misspelt key or a value of the wrong type is refused
instead of being stored for every desk.

    romanize = event_settings.get(store, event_settings.BADGE_ROMANIZE)
    event_settings.put(store, event_settings.BADGE_ROMANIZE, True)
"""

from __future__ import annotations

import copy
import sqlite3
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from expo_console.domain.access import Action
from expo_console.services.access import require
from expo_console.storage import audit_repo, event_repo
from expo_console.storage.connection import EventStore, Stamp

T = TypeVar("T")


class SettingError(ValueError):
    """An unknown setting key, or a value of the wrong type for its setting."""


@dataclass(frozen=True)
class Setting(Generic[T]):
    key: str
    type: type[T]
    default: T
    meaning: str

    def check(self, value: object) -> T:
        """The value when it has the setting's type; SettingError otherwise."""
        # bool is an int in Python: True is not a count, 1 is not a yes
        wrong_bool = (self.type is bool) != isinstance(value, bool)
        if wrong_bool or not isinstance(value, self.type):
            raise SettingError(f"Event setting '{self.key}' takes a {self.type.__name__}, "
                               f"not {type(value).__name__}.")
        return value

    def read(self, stored: dict[str, Any]) -> T:
        """The setting's value in a stored settings object (its default when absent; a value of
        another type written by an older version is read as a bool for a yes/no, else ignored)."""
        value = stored.get(self.key)
        if value is None:
            return copy.deepcopy(self.default)
        if self.type is bool and not isinstance(value, bool):
            return bool(value)  # type: ignore[return-value]  # T is bool here
        if not isinstance(value, self.type):
            return copy.deepcopy(self.default)
        return value


BADGE_ROMANIZE: Setting[bool] = Setting(
    "badge_romanize", bool, False,
    "Korean names are printed with their romanisation under them on every badge.")
ADMISSION: Setting[dict[str, Any]] = Setting(
    "admission", dict, {},
    "Hall admission rule: {once_per_day: bool, reentry_after_exit: bool} (services.checkin.ADMISSION_RULES).")
GATE_RULES: Setting[dict[str, Any]] = Setting(
    "gate_rules", dict, {},
    "Access rules by gate id, zone id or 'hall': classes, hours, hours_for, max_entries, admission "
    "(services/checkin/gate_rules.py).")
CLASS_DAYS: Setting[dict[str, Any]] = Setting(
    "class_days", dict, {},
    "Visitor class → the ISO dates its badges are valid on; a class not named is valid every event day.")
TRAFFIC: Setting[dict[str, Any]] = Setting(
    "traffic", dict, {},
    "Zone traffic: closes_at (HH:MM), lane_per_minute, hall_capacity, timeouts_min {zone id: minutes}.")
IMPORT_MAPPINGS: Setting[dict[str, Any]] = Setting(
    "import_mappings", dict, {},
    "Column and class mappings remembered per spreadsheet header signature (the last few imports).")
LAYOUT_RULES: Setting[dict[str, Any]] = Setting(
    "layout_rules", dict, {},
    "The floor plan's rules (aisle widths, egress, area per person): domain.layout_rules.RuleSet.to_dict().")
LAYOUT_LOCKED: Setting[bool] = Setting(
    "layout_locked", bool, False,
    "The floor plan is locked: booths, zones and the hall cannot be edited until it is unlocked.")
HUB_DEADLINE_MS: Setting[int] = Setting(
    "hub_deadline_ms", int, 300,
    "How long a gate waits for the hub's admission before it decides on its own file (offline).")

RETENTION_DAYS: Setting[int] = Setting(
    "retention_days", int, 30,
    "How many days after the event's last day the visitors' personal data is kept; then it is purged.")

# What the daily check of the access records calls unusual (services/access_watch.py).
WATCH_REVEALS: Setting[int] = Setting(
    "watch_reveals_per_day", int, 20,
    "Phone numbers one operator may reveal in a day before the daily check lists it as unusual.")
WATCH_NIGHT: Setting[str] = Setting(
    "watch_night_hours", str, "22:00-06:00",
    "The night, in the event's time (HH:MM-HH:MM): exports of personal data then are listed as unusual.")
WATCH_FAILED_SIGN_INS: Setting[int] = Setting(
    "watch_failed_sign_ins", int, 10,
    "Wrong PINs for one operator in a day before the daily check lists them (every lockout is listed).")
WATCH_DELETIONS: Setting[int] = Setting(
    "watch_deletions_per_day", int, 20,
    "Visitors one operator may delete in a day before the daily check lists it as unusual.")

CONSULT_USD_RATE: Setting[float] = Setting(
    "consult_usd_rate", float, 1300.0,
    "The consultation amounts' exchange rate: won per US dollar (a USD amount is reported in KRW at it).")

BOOKINGS: Setting[dict[str, Any]] = Setting(
    "bookings", dict, {},
    "The studio's and the photo corner's rules, by kind: {'studio': {'max_per_exhibitor': 1, 'order': "
    "'request_time' or 'priority', 'bring': what the confirmation asks to bring, 'place': where to come}}.")

REGISTRY: dict[str, Setting[Any]] = {s.key: s for s in (
    BADGE_ROMANIZE, ADMISSION, GATE_RULES, CLASS_DAYS, TRAFFIC, IMPORT_MAPPINGS, LAYOUT_RULES, LAYOUT_LOCKED,
    HUB_DEADLINE_MS, RETENTION_DAYS, WATCH_REVEALS, WATCH_NIGHT, WATCH_FAILED_SIGN_INS, WATCH_DELETIONS,
    CONSULT_USD_RATE, BOOKINGS)}


def setting(key: str) -> Setting[Any]:
    """The registered setting with this key; SettingError for an unknown key."""
    try:
        return REGISTRY[key]
    except KeyError:
        raise SettingError(f"There is no event setting '{key}'. Known: {', '.join(sorted(REGISTRY))}.") from None


def get(store: EventStore, which: Setting[T]) -> T:
    return which.read(event_repo.settings(store.conn))


def put(store: EventStore, which: Setting[T], value: T) -> None:
    """Change one event setting for every desk; read and written inside one lock, and audited."""
    require(store, Action.CHANGE_SETTINGS)
    which.check(value)
    with store.write() as conn:
        put_in(conn, store.stamp, which, value)


def put_in(conn: sqlite3.Connection, stamp: Stamp, which: Setting[T], value: T, *, audit: bool = True) -> None:
    """put() inside the caller's transaction (a layout import writes its rules with the plan and
    audits the import as a whole: audit=False)."""
    setting(which.key)  # only registered settings are written
    which.check(value)
    stored = event_repo.settings(conn)
    stored[which.key] = value
    event_repo.put_settings(conn, stored)
    if audit:
        audit_repo.append(conn, stamp, "event_setting", "event", None, {"key": which.key, "value": value})


def all_values(store: EventStore) -> dict[str, Any]:
    """Every registered setting's value (defaults filled in)."""
    stored = event_repo.settings(store.conn)
    return {key: s.read(stored) for key, s in REGISTRY.items()}
