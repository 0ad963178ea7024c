"""The daily check of the access records (issue 21): what in a day's log an organizer should look
at, each finding saying who, what, when and how many in a sentence (services/messages.py codes,
so the window says it in Korean).

Unusual is: more phone numbers revealed by one operator in a day than the event allows
(WATCH_REVEALS, 20); personal data exported at night, in the event's time (WATCH_NIGHT,
22:00-06:00): the visitor list (with full phone numbers or not), one person's data (exported, or
shown by `visitors show`), the access records themselves; more wrong PINs for one operator than
WATCH_FAILED_SIGN_INS (10), more sign-ins at one desk with names that are no operator's than
that, and every lockout; more visitors deleted by one operator than WATCH_DELETIONS (20), and a
purge. The
thresholds are event settings (services/event_settings.py). The day is the event's (Asia/Seoul
for the demo), from midnight to midnight.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from expo_console.domain.access import Action
from expo_console.services import event_settings
from expo_console.services.access import require
from expo_console.services.messages import render
from expo_console.services.traffic.counting import event_zone
from expo_console.storage import access_records_repo
from expo_console.storage.connection import EventStore, parse_utc_stamp, utc_stamp

# The kinds of finding, in the order a report lists their counts.
KINDS = ("reveals", "night_export", "failed_sign_ins", "locked", "deletions", "purge")
# Entries read one by one (few in a day); reveals and deletions are counted by the database.
_READ = ("export", "person_data_export", "person_data_view", "access_records_export", "sign_in_failed", "operator_locked", "purge")


@dataclass(frozen=True)
class Thresholds:
    reveals: int
    night_from: dt.time
    night_until: dt.time
    failed_sign_ins: int
    deletions: int

    @property
    def night(self) -> str:
        return f"{self.night_from:%H:%M}–{self.night_until:%H:%M}"

    def at_night(self, moment: dt.time) -> bool:
        if self.night_from <= self.night_until:
            return self.night_from <= moment < self.night_until
        return moment >= self.night_from or moment < self.night_until  # the night spans midnight

    def as_json(self) -> dict[str, Any]:
        return {"reveals_per_day": self.reveals, "night": self.night, "failed_sign_ins_per_day": self.failed_sign_ins,
                "deletions_per_day": self.deletions}


@dataclass(frozen=True)
class Finding:
    kind: str  # one of KINDS
    code: str  # its sentence (services/messages.py)
    operator: str  # who (for wrong PINs and lockouts: whose name was typed)
    count: int  # how many (reveals, deletions, wrong PINs, rows exported)
    first: str  # HH:MM on the event's clock
    last: str
    params: tuple[tuple[str, str], ...]  # the sentence's words

    @property
    def text(self) -> str:
        return render(self.code, self.params)

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "operator": self.operator, "count": self.count, "first": self.first,
                "last": self.last, "text": self.text, "code": self.code, "params": dict(self.params)}


@dataclass(frozen=True)
class Watch:
    day: dt.date
    thresholds: Thresholds
    findings: list[Finding]

    def counts(self) -> dict[str, int]:
        """How many findings of each kind (what a report may show to anyone who reads it)."""
        return {kind: sum(1 for f in self.findings if f.kind == kind) for kind in KINDS}

    def as_json(self) -> dict[str, Any]:
        return {"day": self.day.isoformat(), "thresholds": self.thresholds.as_json(),
                "findings": [f.as_json() for f in self.findings]}


def thresholds(store: EventStore) -> Thresholds:
    night_from, night_until = _hours(event_settings.get(store, event_settings.WATCH_NIGHT))
    return Thresholds(event_settings.get(store, event_settings.WATCH_REVEALS), night_from, night_until,
                      event_settings.get(store, event_settings.WATCH_FAILED_SIGN_INS),
                      event_settings.get(store, event_settings.WATCH_DELETIONS))


def _hours(text: str) -> tuple[dt.time, dt.time]:
    """"22:00-06:00" → (22:00, 06:00); a value that does not read so is the default night."""
    try:
        start, end = (dt.time.fromisoformat(part.strip()) for part in text.replace("–", "-").split("-"))
    except ValueError:
        start, end = (dt.time.fromisoformat(p) for p in event_settings.WATCH_NIGHT.default.split("-"))
    return start, end


def unusual_access(store: EventStore, day: dt.date, *, until: dt.datetime | None = None) -> Watch:
    """What was unusual on `day` (up to `until`, when given: a report as of a time of the day)."""
    require(store, Action.VIEW_AUDIT)
    return _watch(store, day, until)


def unusual_counts(store: EventStore, day: dt.date, *, until: dt.datetime | None = None) -> dict[str, int]:
    """How many findings of each kind, and nothing of whom: for a report anyone may read."""
    require(store, Action.VIEW_TRAFFIC)
    return _watch(store, day, until).counts()


def _watch(store: EventStore, day: dt.date, until: dt.datetime | None) -> Watch:
    zone = event_zone(store)
    start = dt.datetime.combine(day, dt.time(), zone)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), zone)
    if until is not None:
        end = min(end, until)
    limits = thresholds(store)
    since, before = utc_stamp(start), utc_stamp(end)
    rows = access_records_repo.entries_between(store.conn, since, before, _READ)
    desks = access_records_repo.desk_names(store.conn)
    for row in rows:
        row["local"] = parse_utc_stamp(row["at"]).astimezone(zone)
        row["desk"] = desks.get(row["desk_id"], row["desk_id"])
    found = [*_many(store, "reveals", since, before, limits.reveals, day, zone),
             *_many(store, "deletions", since, before, limits.deletions, day, zone),
             *_night_exports(rows, limits, day), *_sign_ins(rows, limits, day), *_purges(rows, day)]
    found.sort(key=lambda f: (f.first, KINDS.index(f.kind), f.operator))
    return Watch(day, limits, found)


def _clock(moment: dt.datetime) -> str:
    return f"{moment:%H:%M}"


def _by_operator(rows: Iterable[dict[str, Any]], actions: set[str],
                 who: str = "operator") -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if row["action"] in actions:
            name = row["detail"].get("name") if who == "name" else row["operator"]
            grouped[str(name or row["operator"])].append(row)
    return grouped


def _finding(kind: str, code: str, operator: str, count: int, rows: list[dict[str, Any]], day: dt.date,
             **words: str) -> Finding:
    first, last = _clock(rows[0]["local"]), _clock(rows[-1]["local"])
    params = {"operator": operator, "count": f"{count:,}", "first": first, "last": last, "day": day.isoformat(),
              **words}
    return Finding(kind, code, operator, count, first, last, tuple(params.items()))


_MANY = {"reveals": ("reveal_phone", "watch_reveals", "entries"), "deletions": ("delete", "watch_deletions", "visitors")}


def _many(store: EventStore, kind: str, since: str, before: str, limit: int, day: dt.date,
          zone: ZoneInfo) -> list[Finding]:
    """One operator's reveals (or deletions) of the day, when more than the event allows."""
    action, code, counted = _MANY[kind]
    found = []
    for done in access_records_repo.per_operator(store.conn, action, since, before):
        count = int(done[counted] or 0)
        if count > limit:
            first, last = (_clock(parse_utc_stamp(done[k]).astimezone(zone)) for k in ("first", "last"))
            params = {"operator": done["operator"], "count": f"{count:,}", "first": first, "last": last,
                      "day": day.isoformat(), "limit": f"{limit:,}"}
            found.append(Finding(kind, code, done["operator"], count, first, last, tuple(params.items())))
    return found


_NIGHT_CODES = {"person_data_export": "watch_night_person", "person_data_view": "watch_night_person_view",
                "access_records_export": "watch_night_records"}


def _night_exports(rows: list[dict[str, Any]], limits: Thresholds, day: dt.date) -> list[Finding]:
    found = []
    for row in rows:
        action, detail = row["action"], row["detail"]
        if action == "export" and row["entity"] == "visitor":
            code = "watch_night_unmasked" if detail.get("unmasked") else "watch_night_list"
        elif action in _NIGHT_CODES:
            code = _NIGHT_CODES[action]
        else:
            continue  # the traffic figures are nobody's personal data
        if limits.at_night(row["local"].time()):
            found.append(_finding("night_export", code, row["operator"], int(detail.get("rows") or 1), [row], day,
                                  night=limits.night, file=str(detail.get("file") or "")))
    return found


def _sign_ins(rows: list[dict[str, Any]], limits: Thresholds, day: dt.date) -> list[Finding]:
    known = [row for row in rows if not row["detail"].get("unknown")]
    found = _unknown_names(rows, limits, day)
    for name, tries in _by_operator(known, {"sign_in_failed", "operator_locked"}, who="name").items():
        desks = ", ".join(sorted({row["desk"] for row in tries}))
        if len(tries) > limits.failed_sign_ins:
            found.append(_finding("failed_sign_ins", "watch_failed_sign_ins", name, len(tries), tries, day,
                                  limit=f"{limits.failed_sign_ins:,}", desks=desks))
        for row in tries:
            if row["action"] == "operator_locked":
                found.append(_finding("locked", "watch_locked", name, int(row["detail"].get("tries") or 0), [row],
                                      day, desks=row["desk"]))
    return found


def _unknown_names(rows: list[dict[str, Any]], limits: Thresholds, day: dt.date) -> list[Finding]:
    """Sign-ins refused at a desk for names that are no operator's, counted per desk: someone
    guessing names types a different one each time (whose name was typed is in the records)."""
    by_desk: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if row["action"] == "sign_in_failed" and row["detail"].get("unknown"):
            by_desk[row["desk"]].append(row)
    return [_finding("failed_sign_ins", "watch_unknown_names", "", len(tries), tries, day,
                     limit=f"{limits.failed_sign_ins:,}", desks=desk)
            for desk, tries in sorted(by_desk.items()) if len(tries) > limits.failed_sign_ins]


def _purges(rows: list[dict[str, Any]], day: dt.date) -> list[Finding]:
    return [_finding("purge", "watch_purge", row["operator"], int((row["detail"].get("counts") or {}).get("visitors") or 0),
                     [row], day) for row in rows if row["action"] == "purge"]
