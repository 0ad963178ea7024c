"""Scanning badges at a gate: verify, decide, record, and only then answer.

Everything a verdict depends on is read inside the BEGIN IMMEDIATE transaction that records the
scan, so two stations scanning the same badge at the same moment are serialised by SQLite: one
is admitted, the other sees that admission. The verdict is returned after COMMIT (synchronous=
FULL): a scan shown green is on disk. If the write fails (a full disk, a lost file) the verdict
is "not recorded", never green, and says why.

A scan row keeps what the decisions need and never a badge code (a code in the file would be
a working badge for whoever copies it): the serial, reissue and key id of a well-formed code,
and input that is not a badge code as typed (redacted by scan_input.kept_input).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass, field, replace
from typing import Any, TypedDict
from zoneinfo import ZoneInfo

from expo_console.domain.access import Action
from expo_console.domain.badge_code import BadgeFields, MalformedCode, parse_code
from expo_console.domain.booked_entry import BookedSlot
from expo_console.domain.checkin import (
    ENTRIES,
    LIGHT,
    CodeStatus,
    Decision,
    GateRule,
    PriorScan,
    Verdict,
    decide,
)
from expo_console.domain.ids import new_id
from expo_console.domain.scan_input import InputKind, kept_input, parse_scan
from expo_console.services import event_settings
from expo_console.services.access import require
from expo_console.services.badge_print.templates import load_class_styles
from expo_console.services.badges.codes import BadgeRecord, badge_code, badge_record, verify_code
from expo_console.services.badges.keys import EventKeys, MissingKey, load_keys
from expo_console.services.bookings.gate import booked_slots, booking_facts
from expo_console.services.changes import MeetingsChanged, VisitorsChanged
from expo_console.services.checkin import gate_rules, hub_decision
from expo_console.services.checkin.gates import GateNotFound
from expo_console.services.checkin.hub_admission import (
    VIA_FILE,
    VIA_OFFLINE,
    HubAdmissions,
)
from expo_console.services.checkin.messages import texts
from expo_console.services.consultations.gate import CONSULTATION, ZoneVisit, zone_visit
from expo_console.services.events import event_row
from expo_console.services.messages import CLASS_LABELS, CodedRefusal
from expo_console.services.operators import vouch
from expo_console.storage import (
    audit_repo,
    badges_repo,
    gates_repo,
    scans_repo,
    visitors_repo,
    zone_on_site_repo,
)
from expo_console.storage.connection import EventStore, parse_utc_stamp, utc_stamp


@dataclass(frozen=True, slots=True)
class Station:
    name: str
    gate_id: str
    direction: str = "in"  # in / out


@dataclass(frozen=True, slots=True)
class ScanResult:
    verdict: Verdict
    code: str
    visitor_id: str | None = None
    visitor: dict[str, Any] | None = None
    first_admitted_at: str | None = None
    first_gate: str | None = None
    first_station: str | None = None  # the station and desk of the first admission, whichever machine it was
    first_desk: str | None = None
    scan_id: str | None = None
    manual: bool = False
    detail: str = ""
    scanned_at: str = ""  # UTC ISO-8601, as recorded
    error: str = ""  # why a scan was not recorded: the exception's class and message
    facts: dict[str, Any] = field(default_factory=dict)  # what the verdict's words name (hours, classes …)
    replayed: bool = False  # a scan id already recorded: its verdict again, nothing new recorded
    annulled: bool = False
    via: str = ""  # how the verdict was taken: on the hub, offline (hub late or gone), or on the file alone
    zone: ZoneVisit | None = None  # at the consultation zone's gate: the buyer's next meeting (or none)

    @property
    def change(self) -> VisitorsChanged | None:
        """The visitor whose check-in status the verdict changed, for every view to show."""
        return VisitorsChanged(upserted=(self.visitor_id,)) if self.visitor_id else None

    @property
    def changes(self) -> tuple[MeetingsChanged, ...]:
        """The meeting this scan marked arrived, for the coordinator's board."""
        arrived = self.zone.change if self.zone is not None else None
        return (arrived,) if arrived is not None else ()

    @property
    def light(self) -> str:
        return LIGHT[self.verdict].value

    def texts(self) -> tuple[str, str, str, str]:
        """(message ko, message en, action ko, action en) for staff, with the verdict's facts."""
        return texts(self.verdict, self.facts)

    def as_json(self) -> dict[str, Any]:
        ko, en, action_ko, action_en = self.texts()
        return {"id": self.scan_id, "verdict": self.verdict.value, "light": self.light, "code": self.code,
                "visitor_id": self.visitor_id, "message_ko": ko, "message_en": en,
                "action_ko": action_ko, "action_en": action_en,
                "first_admitted_at": self.first_admitted_at, "first_gate": self.first_gate,
                "first_station": self.first_station, "first_desk": self.first_desk,
                "recorded": self.scan_id is not None and not self.replayed, "replayed": self.replayed,
                "annulled": self.annulled, "manual": self.manual, "scanned_at": self.scanned_at,
                "error": self.error or None, **({"via": self.via} if self.via else {}),
                **({"consultation": self.zone.as_json()} if self.zone is not None else {})}


@dataclass(frozen=True, slots=True)
class _Logged:
    """What a scan row keeps of what was scanned: a badge's fields, or unreadable input."""

    unreadable_input: str = ""
    serial: int | None = None
    reissue: int | None = None
    key_id: int | None = None

    @classmethod
    def of(cls, typed: str, fields: BadgeFields | None) -> _Logged:
        if fields is None:
            return cls(kept_input(typed))
        return cls("", fields.serial, fields.reissue, fields.key_id)


def _not_recorded(code: str, visitor_id: str | None, manual: bool, moment: dt.datetime,
                  exc: sqlite3.Error) -> ScanResult:
    # The reason travels with the verdict (the JSON has it): a rare failure can be explained.
    reason = f"{type(exc).__name__}: {exc}"
    return ScanResult(Verdict.NOT_RECORDED, code, visitor_id, manual=manual, detail=str(exc),
                      scanned_at=utc_stamp(moment), error=reason)


@dataclass
class ScanContext:
    """What a station keeps between scans: the event's keys and rules, its last reads."""

    store: EventStore
    station: Station
    keys: EventKeys = field(init=False)
    gate: GateRule = field(init=False)
    last_read: dict[str, dt.datetime] = field(default_factory=dict)
    last_result: dict[str, ScanResult] = field(default_factory=dict)
    hub: HubAdmissions | None = None  # the event hub, when the file is on one and the desk knows it

    def __post_init__(self) -> None:
        require(self.store, Action.SCAN)  # a station is opened by someone who may check badges in
        event = event_row(self.store)
        self.keys = load_keys(event["id"])  # MissingKey: this station cannot check badges
        self.event_number = int(event["badge_event_number"])
        self.zone = ZoneInfo(event["timezone"] or "Asia/Seoul")
        if gates_repo.kind(self.store.conn, self.station.gate_id) is None:
            raise GateNotFound(f"There is no gate {self.station.gate_id} in this event.")
        # What the station shows; each scan reads the rule again in its transaction (another desk
        # may have changed it).
        self.gate = gate_rules.rule_for(self.store.conn, self.station.gate_id)
        # the consultation zone's gate also shows a buyer's next meeting (services/consultations/gate.py)
        self.consultation_gate = zone_on_site_repo.gate_zone_kind(self.store.conn, self.station.gate_id) == CONSULTATION
        first, last = dt.date.fromisoformat(event["starts_on"]), dt.date.fromisoformat(event["ends_on"])
        self.event_days = {first + dt.timedelta(days=i) for i in range((last - first).days + 1)}
        self.class_days = {cls: {dt.date.fromisoformat(d) for d in days}
                           for cls, days in event_settings.get(self.store, event_settings.CLASS_DAYS).items()}

    def valid_on(self, visitor_class: str, day: dt.date) -> bool:
        return day in self.class_days.get(visitor_class, self.event_days)

    def days_of(self, visitor_class: str) -> str:
        """The days a class's badges are valid on, as staff read them."""
        days = sorted(self.class_days.get(visitor_class, self.event_days))
        return ", ".join(f"{d:%m-%d}" for d in days)


def scan(context: ScanContext, raw: str, *, manual: bool = False,
         now: dt.datetime | None = None, scan_id: str | None = None) -> list[ScanResult]:
    """Handle one line from the scan field: zero, one or two codes.

    `scan_id` is the caller's id for the scan (a script's, a desk syncing its scans): a scan
    whose id is already recorded answers with the recorded verdict and records nothing, so the
    same scan sent twice (a retry after a crash, a file fed again) counts once. With two codes
    on one line the second gets the id with ".2" after it.
    """
    parsed = parse_scan(raw)
    if parsed.kind is InputKind.EMPTY:
        return []
    if scan_id is not None:
        if not scan_id.strip():
            raise ScanIdTaken("scan_id_empty")
        inputs = [raw.strip()] if parsed.kind is InputKind.IME_ON else list(parsed.codes)
        ids = [scan_id, *(f"{scan_id}.{n}" for n in range(2, len(inputs) + 1))]
        recorded = [_recorded(context, i, typed) for i, typed in zip(ids, inputs, strict=True)]
        if all(r is not None for r in recorded):
            return [r for r in recorded if r is not None]
    moment = now or dt.datetime.now(dt.UTC)
    if parsed.kind is InputKind.IME_ON:
        return [_record(context, Decision(Verdict.IME_ON), raw.strip(), manual, moment, scan_id)]
    return [_scan_code(context, code, manual, moment, None if scan_id is None else ids[n])
            for n, code in enumerate(parsed.codes)]


class ScanIdTaken(CodedRefusal):
    """A scan id that names another scan (another badge, or other input): two scripts, or a
    counter that started again, gave the same id. `code` names the message (messages.py)."""


def _recorded(context: ScanContext, scan_id: str, typed: str) -> ScanResult | None:
    """The verdict recorded under a scan id, as it was given, when the id names this same input;
    None when there is no such scan; ScanIdTaken when the id names another scan."""
    row = scans_repo.get(context.store.conn, scan_id)
    if row is None:
        return None
    try:
        fields = parse_code(typed)
        same = (row["badge_serial"], row["badge_reissue"], row["badge_key_id"]) == (
            fields.serial, fields.reissue, fields.key_id)
    except MalformedCode:
        same = row["badge_serial"] is None and row["unreadable_input"] == kept_input(typed)
    if not same:
        raise ScanIdTaken("scan_id_taken", id=scan_id, at=row["scanned_at"], station=str(row["station"]))
    visitor = _visitor(context.store.conn, row["visitor_id"])
    return ScanResult(Verdict(row["verdict"]), typed, row["visitor_id"], visitor, scan_id=scan_id,
                      manual=bool(row["manual"]), scanned_at=row["scanned_at"], replayed=True,
                      annulled=row["annulled_at"] is not None,
                      detail="already recorded under this id: nothing new recorded")


def _status_of(verification: Any) -> CodeStatus:
    if not verification.well_formed:
        return CodeStatus.MALFORMED
    if not verification.same_event:
        return CodeStatus.WRONG_EVENT
    if not verification.tag_valid:
        return CodeStatus.FORGED
    return CodeStatus(verification.status)


def _scan_code(context: ScanContext, code: str, manual: bool, moment: dt.datetime,
               scan_id: str | None = None) -> ScanResult:
    store = context.store
    visitor_id = None
    try:
        with store.write() as conn:
            if scan_id is not None and (recorded := _recorded(context, scan_id, code)) is not None:
                return recorded  # recorded by another process between the check and this lock
            # Inside the transaction: a reissue committed by another desk a moment ago is seen,
            # and so is a rule changed on another desk.
            context.gate = gate_rules.rule_for(conn, context.station.gate_id)
            verification = verify_code(store, code, context.keys, context.event_number)
            status = _status_of(verification)
            visitor_id = verification.visitor_id
            visitor = _visitor(conn, visitor_id)
            if visitor is not None and visitor["registration_status"] == "cancelled":
                status = CodeStatus.CANCELLED
            serial = verification.fields.serial if verification.fields else None
            visitor_class = visitor["visitor_class"] if visitor else (
                verification.fields.visitor_class.value if verification.fields else "visitor")
            # A caller's scan id tells its scans apart: the same badge twice under two ids is two
            # scans, and only the id (not the time between them) makes a repeat a repeat.
            last_read = None if scan_id is not None else context.last_read.get(code)
            logged = _Logged.of(code, verification.fields)
            # One id whichever way it is decided: a hub transaction that commits after the deadline
            # and the scan then recorded offline are one scan.
            scan_id = scan_id or new_id()

            booked = booked_slots(conn, context.gate, visitor, visitor_class, moment.astimezone(context.zone).date())

            def deciding(history: list[PriorScan]) -> tuple[Decision, scans_repo.ScanRow | None]:
                decision = _decide(context, visitor, visitor_class, status, moment, context.station.direction,
                                   last_read, history, booked)
                return decision, _scan_row(context, decision, logged, visitor_id, manual, moment, scan_id)

            decision, scan_id, via = _decide_and_record(conn, context, visitor_id, serial, moment, deciding)
            facts = _facts(context, decision, visitor_class, verification)
            zone = _zone_visit(conn, context, visitor, decision, moment, scan_id)
    except sqlite3.Error as exc:  # disk full, file gone: nothing was recorded, so nothing is green
        return _not_recorded(code, visitor_id, manual, moment, exc)
    context.last_read[code] = moment
    if decision.verdict is Verdict.DOUBLE_READ and code in context.last_result:
        # The scanner read the same badge twice: say again what the first read said (a red
        # verdict must never turn green), and record nothing new.
        return replace(context.last_result[code], scan_id=None, scanned_at=utc_stamp(moment),
                       detail="double read: the same verdict as a moment ago")
    result = ScanResult(decision.verdict, code, visitor_id, visitor, scan_id=scan_id, manual=manual,
                        scanned_at=utc_stamp(moment), facts=facts, via=via, zone=zone,
                        **_first_admission(store, decision))
    context.last_result[code] = result
    return result


def _zone_visit(conn: sqlite3.Connection, context: ScanContext, visitor: dict[str, Any] | None, decision: Decision,
                moment: dt.datetime, scan_id: str | None) -> ZoneVisit | None:
    """At the consultation zone's gate, a visitor coming in (or already in) is shown their next
    meeting; one let in now is marked arrived for it. Elsewhere nothing is read."""
    if not context.consultation_gate or context.station.direction == "out" or (
            decision.verdict not in ENTRIES and decision.verdict is not Verdict.ALREADY_ADMITTED):
        return None
    admitted = decision.verdict in ENTRIES and scan_id is not None
    return zone_visit(conn, context.store.stamp, visitor, moment.astimezone(context.zone), utc_stamp(moment), scan_id,
                      admitted=admitted, updated=context.store.stamps(created=False))


class _FirstAdmission(TypedDict, total=False):
    first_admitted_at: str
    first_gate: str
    first_station: str | None
    first_desk: str | None


def _first_admission(store: EventStore, decision: Decision) -> _FirstAdmission:
    """What a verdict says of the visitor's first admission today: when, at which gate, station and desk."""
    first = decision.first
    if first is None:
        return _FirstAdmission()
    return {"first_admitted_at": utc_stamp(first.at), "first_gate": gates_repo.name(store.conn, first.gate_id)
            or first.gate_id, "first_station": first.station or None, "first_desk": first.desk_id or None}


def _decide_and_record(conn: sqlite3.Connection, context: ScanContext, visitor_id: str | None, serial: int | None,
                       moment: dt.datetime, deciding: hub_decision.Deciding) -> tuple[Decision, str | None, str]:
    """The decision and the id of the scan recorded, and which way (hub_admission.VIA_*): on the
    hub while it answers within the deadline (the badge's scans as every desk recorded them,
    under its lock), else on this file (`conn`, the caller's write transaction)."""
    day = _day(context, moment)
    # this file's scans of the badge today: the decision offline, and on the hub beside the hub's
    here = scans_repo.history(conn, visitor_id, serial, *day)
    if context.hub is not None:
        decided = hub_decision.decide_on_hub(context.hub, conn, context.store.stamp.desk_id, visitor_id, serial, day,
                                             here, deciding)
        if decided is not None:
            decision, row, via = decided
            return decision, None if row is None else row.id, via
    decision, row = deciding(hub_decision.prior_scans(here))
    if row is not None:
        scans_repo.insert(conn, row)
    return decision, None if row is None else row.id, VIA_FILE if context.hub is None else VIA_OFFLINE


def _day(context: ScanContext, moment: dt.datetime) -> tuple[str, str]:
    """The event day a scan belongs to, as the UTC stamps it starts and ends at."""
    day_start = dt.datetime.combine(moment.astimezone(context.zone).date(), dt.time(), context.zone)
    return utc_stamp(day_start), utc_stamp(day_start + dt.timedelta(days=1))


def _decide(context: ScanContext, visitor: dict[str, Any] | None, visitor_class: str, status: CodeStatus,
            moment: dt.datetime, direction: str, last_read: dt.datetime | None,
            history: list[PriorScan], booked: tuple[BookedSlot, ...] | None = ()) -> Decision:
    """The decision with the facts read inside the caller's transaction (the file's, or the hub's);
    `booked`: the company's slots today at a gate with a booking rule (services/bookings/gate.py)."""
    local = moment.astimezone(context.zone)
    return decide(status=status, blocked=bool(visitor and visitor["blocked"]),
                  registered=visitor is None or visitor["registration_status"] == "registered",
                  valid_today=context.valid_on(visitor_class, local.date()), gate=context.gate,
                  direction=direction, history=history, now=moment, same_code_last_read_at=last_read,
                  visitor_class=visitor_class, local_time=local.time(), booked=booked)


def _record(context: ScanContext, decision: Decision, typed: str, manual: bool, moment: dt.datetime,
            scan_id: str | None = None) -> ScanResult:
    """Record input that is not a badge code at all (kept as typed, see kept_input)."""
    try:
        with context.store.write() as conn:
            if scan_id is not None and (recorded := _recorded(context, scan_id, typed)) is not None:
                return recorded
            scan_id = _insert(conn, context, decision, _Logged.of(typed, None), None, manual, moment, scan_id)
    except sqlite3.Error as exc:
        return _not_recorded(typed, None, manual, moment, exc)
    return ScanResult(decision.verdict, typed, None, scan_id=scan_id, manual=manual, scanned_at=utc_stamp(moment))


def _visitor(conn: sqlite3.Connection, visitor_id: str | None) -> dict[str, Any] | None:
    if visitor_id is None:
        return None
    return visitors_repo.gate_view(conn, visitor_id)


def _facts(context: ScanContext, decision: Decision, visitor_class: str, verification: Any) -> dict[str, Any]:
    """What the verdict's words name, in both languages (messages.FACTS)."""
    verdict = decision.verdict
    if verdict is Verdict.NOT_ALLOWED_HERE and context.gate.classes is not None:
        allowed = sorted(context.gate.classes)
        korean = {code: style.label_ko for code, style in load_class_styles().items()}
        return {"allowed": allowed, "allowed_ko": ", ".join(korean.get(c, c) for c in allowed),
                "allowed_en": ", ".join(CLASS_LABELS.get(c, c) for c in allowed)}
    if verdict is Verdict.GATE_CLOSED and decision.hours is not None:
        return {"hours": str(decision.hours).replace("-", "–"), "opens": f"{decision.hours.opens:%H:%M}"}
    if verdict in (Verdict.NOT_BOOKED_NOW, Verdict.NO_BOOKING):
        return booking_facts(decision, context.gate.booking)
    if verdict is Verdict.ENTRY_LIMIT:
        return {"limit": context.gate.max_entries}
    if verdict is Verdict.NOT_VALID_TODAY:
        return {"days": context.days_of(visitor_class)}
    if verdict is Verdict.CANCELLED and verification is not None and verification.fields is not None:
        fields = verification.fields
        cancelled = badges_repo.cancelled(context.store.conn, fields.serial, fields.reissue, fields.key_id)
        if cancelled:
            return {"cancelled_at": _local(context, cancelled["cancelled_at"]), "operator": cancelled["operator"] or "-"}
    return {}


def _local(context: ScanContext, stamp: str) -> str:
    return f"{parse_utc_stamp(stamp).astimezone(context.zone):%m-%d %H:%M}"


def _insert(conn: sqlite3.Connection, context: ScanContext, decision: Decision, logged: _Logged,
            visitor_id: str | None, manual: bool, moment: dt.datetime, scan_id: str | None = None) -> str | None:
    row = _scan_row(context, decision, logged, visitor_id, manual, moment, scan_id)
    if row is None:
        return None
    scans_repo.insert(conn, row)
    return row.id


def _scan_row(context: ScanContext, decision: Decision, logged: _Logged, visitor_id: str | None, manual: bool,
              moment: dt.datetime, scan_id: str | None) -> scans_repo.ScanRow | None:
    """The scan a decision records (None: a double read records nothing)."""
    if not decision.records_scan:
        return None
    direction = "out" if decision.verdict is Verdict.EXIT_RECORDED else context.station.direction
    return scans_repo.ScanRow(
        scan_id or new_id(), utc_stamp(moment), context.station.name, context.gate.id, direction,
        logged.unreadable_input, visitor_id, logged.serial, logged.reissue, logged.key_id, decision.verdict.value,
        manual, context.store.stamp.operator, context.store.stamp.desk_id)


def _visitor_and_badge(conn: sqlite3.Connection, context: ScanContext,
                       visitor_id: str) -> tuple[dict[str, Any], BadgeRecord | None, _Logged]:
    """A visitor handled by hand, their badge (read inside the caller's transaction) and what a
    scan row keeps of it; GateNotFound for a visitor the event does not have."""
    visitor = _visitor(conn, visitor_id)
    if visitor is None:
        raise GateNotFound(f"There is no visitor {visitor_id} in this event.")
    badge = badge_record(context.store, visitor_id)
    return visitor, badge, _Logged("", badge.serial, badge.reissue, badge.key_id) if badge else _Logged()


def admit_by_hand(context: ScanContext, visitor_id: str, reason: str, *, supervisor: str = "",
                  supervisor_pin: str = "", now: dt.datetime | None = None) -> ScanResult:
    """Admit a visitor without a scan (badge forgotten, or a supervisor overriding a verdict).

    Recorded as a manual admission; the reason and who decided go to the audit log in the same
    transaction. A reason is required: an override nobody can explain is not an override.
    """
    if not reason.strip():
        raise ValueError("Give the reason for admitting by hand.")
    if supervisor:  # an override is the supervisor's, signed with their own PIN
        supervisor = vouch(context.store, supervisor, supervisor_pin)
    if context.station.direction == "out" or context.gate.kind == "hall_exit":
        raise ValueError("This station records exits: admit visitors at an entrance (or switch the station to entry).")
    moment = now or dt.datetime.now(dt.UTC)
    scan_id = new_id()
    try:
        with context.store.write() as conn:
            visitor, badge, logged = _visitor_and_badge(conn, context, visitor_id)
            context.gate = gate_rules.rule_for(conn, context.station.gate_id)
            status = CodeStatus.CANCELLED if visitor["registration_status"] == "cancelled" else CodeStatus.ACTIVE
            booked = booked_slots(conn, context.gate, visitor, visitor["visitor_class"],
                                  moment.astimezone(context.zone).date())

            def deciding(history: list[PriorScan]) -> tuple[Decision, scans_repo.ScanRow | None]:
                # Without the badge the gate's decision is the same as with it: a blocked visitor,
                # a cancelled or waiting registration, a class or hour the gate refuses, or
                # someone already inside (at whichever desk) is refused; only a supervisor's
                # override (audited below) lets the person in.
                decision = Decision(Verdict.ADMITTED) if supervisor else _decide(
                    context, visitor, visitor["visitor_class"], status, moment, "in", None, history, booked)
                if decision.verdict in ENTRIES:
                    decision = replace(decision, verdict=Verdict.ADMITTED)
                return decision, _scan_row(context, decision, logged, visitor_id, True, moment, scan_id)

            decision, _, via = _decide_and_record(conn, context, visitor_id, badge.serial if badge else None, moment,
                                                  deciding)
            if decision.verdict not in ENTRIES:
                return ScanResult(decision.verdict, "", visitor_id, visitor, scan_id=scan_id, manual=True,
                                  scanned_at=utc_stamp(moment), via=via, **_first_admission(context.store, decision),
                                  facts=_facts(context, decision, visitor["visitor_class"], None))
            audit_repo.append(conn, context.store.stamp, "override_admit" if supervisor else "manual_admit",
                              "visitor", visitor_id, {"scan_id": scan_id, "reason": reason.strip(),
                                                      "supervisor": supervisor, "gate": context.gate.id})
            zone = _zone_visit(conn, context, visitor, decision, moment, scan_id)
    except sqlite3.Error as exc:
        return _not_recorded("", visitor_id, True, moment, exc)
    return ScanResult(Verdict.ADMITTED, _shown_code(context, badge), visitor_id, visitor, scan_id=scan_id, manual=True,
                      scanned_at=utc_stamp(moment), via=via, zone=zone)


def let_out_by_hand(context: ScanContext, visitor_id: str, reason: str, *, supervisor: str, supervisor_pin: str,
                    now: dt.datetime | None = None) -> ScanResult:
    """A supervisor lets a visitor out whom the gate refuses (a blocked badge is refused at the
    exit too): recorded as a manual exit, audited with the supervisor's name and the reason."""
    if not reason.strip() or not supervisor.strip():
        raise ValueError("Letting someone out by hand needs the supervisor's name and the reason.")
    supervisor = vouch(context.store, supervisor, supervisor_pin)
    moment = now or dt.datetime.now(dt.UTC)
    try:
        with context.store.write() as conn:
            visitor, badge, logged = _visitor_and_badge(conn, context, visitor_id)
            scan_id = _insert(conn, context, Decision(Verdict.EXIT_RECORDED), logged, visitor_id, True, moment)
            audit_repo.append(conn, context.store.stamp, "override_exit", "visitor", visitor_id,
                              {"scan_id": scan_id, "reason": reason.strip(), "supervisor": supervisor.strip(),
                               "gate": context.gate.id, "blocked": bool(visitor["blocked"])})
    except sqlite3.Error as exc:
        return _not_recorded("", visitor_id, True, moment, exc)
    return ScanResult(Verdict.EXIT_RECORDED, _shown_code(context, badge), visitor_id, visitor, scan_id=scan_id,
                      manual=True, scanned_at=utc_stamp(moment))


def _shown_code(context: ScanContext, badge: BadgeRecord | None) -> str:
    """The code of the badge admitted by hand, for the screen (never stored); '' without one."""
    if badge is None:
        return ""
    try:
        return badge_code(badge, context.keys, context.event_number)
    except MissingKey:  # signed with a key this station lacks: the admission stands regardless
        return ""
