"""The event file's schema and its migrations.

The version lives in `PRAGMA user_version`; `PRAGMA application_id` marks the file as an event
file so that a random SQLite database is refused instead of being "upgraded". Migrations only
ever append: a released step is never edited, a new step is added below it.

Every table that desks write has a UUID text id, and `desk_id` + `created_at` / `updated_at`
(UTC ISO-8601), because several desks will create records offline and merge them later.
"""

from __future__ import annotations

from collections.abc import Callable

from expo_console.domain.badge_code import MalformedCode, parse_code
from expo_console.domain.scan_input import kept_input

APPLICATION_ID = 0x4558504F  # "EXPO"

# The indexes behind duplicate matching. A large import drops them and rebuilds them sorted at
# the end (much faster than 100,000 random inserts); opening a file recreates any that a crash
# left missing, so they are always there when a desk works. Changing one needs a new migration.
MATCH_INDEXES = {
    "visitors_email_key": "ON visitors(email_key) WHERE email_key != ''",
    "visitors_phone_digits": "ON visitors(phone_digits) WHERE phone_digits != ''",
    "visitors_person_key": "ON visitors(person_key)",
}

_STAMPS = """
    desk_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
"""

_V1 = [
    """CREATE TABLE event (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        name_en TEXT NOT NULL DEFAULT '',
        starts_on TEXT NOT NULL,
        ends_on TEXT NOT NULL,
        venue TEXT NOT NULL DEFAULT '',
        hall_id TEXT REFERENCES halls(id),
        timezone TEXT NOT NULL DEFAULT 'Asia/Seoul',
        is_demo INTEGER NOT NULL DEFAULT 0,
        consent_notice_version TEXT NOT NULL DEFAULT '1',
        settings_json TEXT NOT NULL DEFAULT '{}',""" + _STAMPS + ")",
    """CREATE TABLE halls (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        geometry_json TEXT NOT NULL DEFAULT '{}',""" + _STAMPS + ")",
    """CREATE TABLE sections (
        code TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        name_en TEXT NOT NULL,
        colour TEXT NOT NULL,
        booth_prefix TEXT NOT NULL,""" + _STAMPS + ")",
    """CREATE TABLE zones (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        name_en TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL,
        polygon_json TEXT,
        capacity INTEGER,
        colour TEXT NOT NULL DEFAULT '#888888',""" + _STAMPS + ")",
    """CREATE TABLE exhibitors (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        name_en TEXT NOT NULL DEFAULT '',
        section_code TEXT REFERENCES sections(code),
        zone_id TEXT REFERENCES zones(id),
        products TEXT NOT NULL DEFAULT '',""" + _STAMPS + ")",
    """CREATE TABLE booths (
        id TEXT PRIMARY KEY,
        hall_id TEXT REFERENCES halls(id),
        number TEXT,
        x REAL NOT NULL DEFAULT 0,
        y REAL NOT NULL DEFAULT 0,
        width REAL NOT NULL DEFAULT 3,
        depth REAL NOT NULL DEFAULT 3,
        rotation INTEGER NOT NULL DEFAULT 0,
        build_type TEXT NOT NULL DEFAULT 'shell',
        status TEXT NOT NULL DEFAULT 'available',
        section_code TEXT REFERENCES sections(code),
        exhibitor_id TEXT REFERENCES exhibitors(id) ON DELETE SET NULL,
        services_json TEXT NOT NULL DEFAULT '{}',""" + _STAMPS + ")",
    """CREATE TABLE gates (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        name_en TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL,
        zone_id TEXT REFERENCES zones(id),
        direction TEXT NOT NULL DEFAULT 'both',
        x REAL,
        y REAL,""" + _STAMPS + ")",
    """CREATE TABLE visitors (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL DEFAULT '',
        name_en TEXT NOT NULL DEFAULT '',
        company TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL DEFAULT '',
        visitor_class TEXT NOT NULL DEFAULT 'visitor',
        phone TEXT NOT NULL DEFAULT '',
        phone_digits TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '',
        email_key TEXT NOT NULL DEFAULT '',
        person_key TEXT NOT NULL DEFAULT '',
        country TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT 'walk_in',
        blocked INTEGER NOT NULL DEFAULT 0,
        blocked_reason TEXT NOT NULL DEFAULT '',
        consent_required_at TEXT,
        consent_required_version TEXT,
        consent_provision_at TEXT,
        consent_provision_version TEXT,
        consent_marketing_at TEXT,
        consent_marketing_version TEXT,""" + _STAMPS + ")",
    *(f"CREATE INDEX {name} {definition}" for name, definition in MATCH_INDEXES.items()),
    """CREATE TABLE badges (
        id TEXT PRIMARY KEY,
        visitor_id TEXT NOT NULL REFERENCES visitors(id) ON DELETE CASCADE,
        serial INTEGER NOT NULL UNIQUE,
        reissue INTEGER NOT NULL DEFAULT 0,
        code TEXT NOT NULL UNIQUE,
        status TEXT NOT NULL DEFAULT 'active',
        revoked_at TEXT,
        printed_at TEXT,""" + _STAMPS + ")",
    "CREATE INDEX badges_visitor ON badges(visitor_id)",
    # Scans are an append-only log: triggers below refuse UPDATE and DELETE.
    """CREATE TABLE scans (
        id TEXT PRIMARY KEY,
        scanned_at TEXT NOT NULL,
        station TEXT NOT NULL,
        gate_id TEXT REFERENCES gates(id),
        direction TEXT NOT NULL,
        code TEXT NOT NULL,
        visitor_id TEXT,
        badge_serial INTEGER,
        verdict TEXT NOT NULL,
        manual INTEGER NOT NULL DEFAULT 0,
        operator TEXT NOT NULL DEFAULT '',
        desk_id TEXT NOT NULL
    )""",
    "CREATE INDEX scans_visitor_time ON scans(visitor_id, scanned_at)",
    "CREATE INDEX scans_gate_time ON scans(gate_id, scanned_at)",
    """CREATE TRIGGER scans_no_update BEFORE UPDATE ON scans
       BEGIN SELECT RAISE(ABORT, 'scans are append-only'); END""",
    """CREATE TRIGGER scans_no_delete BEFORE DELETE ON scans
       BEGIN SELECT RAISE(ABORT, 'scans are append-only'); END""",
    """CREATE TABLE print_log (
        id TEXT PRIMARY KEY,
        printed_at TEXT NOT NULL,
        badge_id TEXT,
        serial INTEGER,
        visitor_id TEXT,
        printer TEXT NOT NULL DEFAULT '',
        result TEXT NOT NULL,
        operator TEXT NOT NULL DEFAULT '',
        desk_id TEXT NOT NULL
    )""",
    # Who saw or changed personal data, when, and what: kept even after a visitor is deleted.
    """CREATE TABLE audit_log (
        id TEXT PRIMARY KEY,
        at TEXT NOT NULL,
        desk_id TEXT NOT NULL,
        operator TEXT NOT NULL,
        action TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id TEXT,
        detail_json TEXT NOT NULL DEFAULT '{}'
    )""",
    "CREATE INDEX audit_entity ON audit_log(entity, entity_id)",
    """CREATE TABLE desks (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL DEFAULT '',
        first_seen_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL
    )""",
]

# Version 2: badges. The event gets a random 5-digit number for its badge codes; each desk a
# slot (its own range of serials, so offline desks never issue the same one); a reissue keeps
# the serial and bumps the counter, so uniqueness moves from serial to (serial, reissue).
_V2 = [
    "ALTER TABLE event ADD COLUMN badge_event_number INTEGER",
    "UPDATE event SET badge_event_number = abs(random()) % 100000",
    "ALTER TABLE desks ADD COLUMN slot INTEGER",
    "CREATE UNIQUE INDEX desks_slot ON desks(slot) WHERE slot IS NOT NULL",
    """CREATE TABLE badges_v2 (
        id TEXT PRIMARY KEY,
        visitor_id TEXT NOT NULL REFERENCES visitors(id) ON DELETE CASCADE,
        serial INTEGER NOT NULL,
        reissue INTEGER NOT NULL DEFAULT 0,
        code TEXT NOT NULL UNIQUE,
        status TEXT NOT NULL DEFAULT 'active',
        revoked_at TEXT,
        printed_at TEXT,""" + _STAMPS + """,
        UNIQUE (serial, reissue)
    )""",
    "INSERT INTO badges_v2 SELECT * FROM badges",
    "DROP TABLE badges",
    "ALTER TABLE badges_v2 RENAME TO badges",
    "CREATE INDEX badges_visitor ON badges(visitor_id)",
    "CREATE UNIQUE INDEX badges_one_active ON badges(visitor_id) WHERE status = 'active'",
]

# Version 3: check-in. A badge issued on another desk is not in this file yet, so its earlier
# scans are found by the serial its code carries (an integer key: cheaper on every insert than
# indexing the 58-digit code).
_V3 = [
    "CREATE INDEX scans_serial_time ON scans(badge_serial, scanned_at)",
]

# Version 4: the floor plan. Booth numbers are unique once given (a venue plan with two M-07s
# is a mistake nobody should be able to save); the venue's drawing behind the plan travels with
# the event file, so another desk opening it sees the same background.
_V4 = [
    "CREATE UNIQUE INDEX booths_number ON booths(number) WHERE number IS NOT NULL AND number != ''",
    "CREATE INDEX booths_exhibitor ON booths(exhibitor_id)",
    """CREATE TABLE hall_backgrounds (
        hall_id TEXT PRIMARY KEY REFERENCES halls(id) ON DELETE CASCADE,
        image BLOB NOT NULL,
        source_name TEXT NOT NULL DEFAULT '',
        metres_per_pixel REAL NOT NULL DEFAULT 0.05,
        x REAL NOT NULL DEFAULT 0,
        y REAL NOT NULL DEFAULT 0,
        opacity REAL NOT NULL DEFAULT 0.5,""" + _STAMPS + ")",
]

# Version 5: zone traffic. A day's scans are read by time (the dashboard replays a day; the
# live refresh reads by rowid, which needs no index). An operator's head count is kept, never
# edited, like the scans it corrects.
_V5 = [
    "CREATE INDEX scans_time ON scans(scanned_at)",
    """CREATE TABLE occupancy_corrections (
        id TEXT PRIMARY KEY,
        zone_id TEXT NOT NULL,
        counted_at TEXT NOT NULL,
        count INTEGER NOT NULL CHECK (count >= 0),
        shown_before INTEGER,
        note TEXT NOT NULL DEFAULT '',
        operator TEXT NOT NULL DEFAULT '',
        desk_id TEXT NOT NULL
    )""",
    "CREATE INDEX occupancy_corrections_time ON occupancy_corrections(counted_at)",
]

# Version 6: no badge code in the file. A code is its header (format, key id, event number,
# serial, reissue, class) plus an HMAC tag, and whoever holds a code holds the badge: kept in
# clear, a copied event file let anyone print working badges without the key. Badges now keep
# what the header needs (key id and class beside serial and reissue); the code is derived from
# the desk's key when it is printed or shown. Scans keep serial, reissue and key id of a badge
# code, and only input that is not a badge code as typed (see scan_input.kept_input). Both
# tables are rebuilt (badges.code has a UNIQUE index, and SQLite cannot drop such a column);
# the runner turns on secure_delete and truncates the WAL so the old rows do not survive in
# free pages. The statements call the functions in MIGRATION_FUNCTIONS.
_BADGE_ROW = "status, revoked_at, printed_at, desk_id, created_at, updated_at"
_SCAN_HEAD = "id, scanned_at, station, gate_id, direction"
_SCAN_TAIL = "visitor_id, badge_serial, verdict, manual, operator, desk_id"
_V6 = [
    """CREATE TABLE badges_v6 (
        id TEXT PRIMARY KEY,
        visitor_id TEXT NOT NULL REFERENCES visitors(id) ON DELETE CASCADE,
        serial INTEGER NOT NULL,
        reissue INTEGER NOT NULL DEFAULT 0,
        key_id INTEGER NOT NULL,
        code_class TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'active',
        revoked_at TEXT,
        printed_at TEXT,""" + _STAMPS + """,
        UNIQUE (serial, reissue)
    )""",
    # A code that does not parse (never written by Expo Console) keeps no key: it cannot be
    # derived again, and verifying it says "unknown key 00".
    f"""INSERT INTO badges_v6 (id, visitor_id, serial, reissue, key_id, code_class, {_BADGE_ROW})
        SELECT id, visitor_id, serial, reissue, coalesce(badge_code_field(code, 'key_id'), 0),
               coalesce(badge_code_field(code, 'class'), 'visitor'), {_BADGE_ROW}
        FROM badges""",
    "DROP TABLE badges",
    "ALTER TABLE badges_v6 RENAME TO badges",
    "CREATE INDEX badges_visitor ON badges(visitor_id)",
    "CREATE UNIQUE INDEX badges_one_active ON badges(visitor_id) WHERE status = 'active'",
    # The append-only triggers go first: this rewrite is the one sanctioned exception.
    "DROP TRIGGER scans_no_update",
    "DROP TRIGGER scans_no_delete",
    """CREATE TABLE scans_v6 (
        id TEXT PRIMARY KEY,
        scanned_at TEXT NOT NULL,
        station TEXT NOT NULL,
        gate_id TEXT REFERENCES gates(id),
        direction TEXT NOT NULL,
        unreadable_input TEXT NOT NULL DEFAULT '',
        visitor_id TEXT,
        badge_serial INTEGER,
        badge_reissue INTEGER,
        badge_key_id INTEGER,
        verdict TEXT NOT NULL,
        manual INTEGER NOT NULL DEFAULT 0,
        operator TEXT NOT NULL DEFAULT '',
        desk_id TEXT NOT NULL
    )""",
    # Rows keep their rowids: the live dashboard reads new scans by rowid.
    f"""INSERT INTO scans_v6 (rowid, {_SCAN_HEAD}, unreadable_input, badge_reissue, badge_key_id, {_SCAN_TAIL})
        SELECT rowid, {_SCAN_HEAD}, scan_input_kept(code), badge_code_field(code, 'reissue'),
               badge_code_field(code, 'key_id'), {_SCAN_TAIL}
        FROM scans ORDER BY rowid""",
    "DROP TABLE scans",
    "ALTER TABLE scans_v6 RENAME TO scans",
    "CREATE INDEX scans_visitor_time ON scans(visitor_id, scanned_at)",
    "CREATE INDEX scans_gate_time ON scans(gate_id, scanned_at)",
    "CREATE INDEX scans_serial_time ON scans(badge_serial, scanned_at)",
    "CREATE INDEX scans_time ON scans(scanned_at)",
    """CREATE TRIGGER scans_no_update BEFORE UPDATE ON scans
       BEGIN SELECT RAISE(ABORT, 'scans are append-only'); END""",
    """CREATE TRIGGER scans_no_delete BEFORE DELETE ON scans
       BEGIN SELECT RAISE(ABORT, 'scans are append-only'); END""",
]


def _badge_code_field(code: object, name: object) -> int | str | None:
    """A field of a well-formed badge code, or NULL: old codes taken apart as the domain does."""
    try:
        fields = parse_code(str(code))
    except MalformedCode:
        return None
    values: dict[object, int | str] = {"key_id": fields.key_id, "reissue": fields.reissue,
                                       "class": fields.visitor_class.value}
    return values[name]


def _scan_input_kept(code: object) -> str:
    """What a scan keeps of its old `code`: nothing of a badge code, other input as typed."""
    text = str(code)
    try:
        parse_code(text)
    except MalformedCode:
        return kept_input(text)
    return ""


# SQL functions (name → argument count, function) that migration statements call; the runner
# registers them on its connection before it upgrades a file.
MIGRATION_FUNCTIONS: dict[str, tuple[int, Callable[..., int | str | None]]] = {
    "badge_code_field": (2, _badge_code_field),
    "scan_input_kept": (1, _scan_input_kept),
}

# Version 7: a printed badge whose printed details changed afterwards (an import or an edit at
# the desk) must be printed again. The badge row keeps which fields changed ('' when it is
# current): the desk sees what is wrong on the badge in hand, and printing clears it.
_V7 = [
    "ALTER TABLE badges ADD COLUMN reprint_fields TEXT NOT NULL DEFAULT ''",
]

# Version 8: an import is a run with a record. A killed import keeps the batches it committed
# and running it again completes it (rows are matched, not duplicated), but nothing told anyone it
# had stopped. Each real import now has a row from its start: the file it read (name, path, size,
# SHA-256 of its content, to recognise the same file), who ran it where (desk, operator, host,
# boot id, process id), and how far it got. rows_done and the counts are updated in the same
# transaction as each batch, so they say exactly what the file holds; heartbeat_at moves with
# them, so that another process can tell a live run from a dead one (services/importing/runs.py).
# A run ends finished, cancelled or failed; an interrupted one ends superseded (a re-run of the
# same content completed it) or dismissed (the operator chose not to).
_V8 = [
    """CREATE TABLE import_runs (
        id TEXT PRIMARY KEY,
        file_name TEXT NOT NULL,
        file_path TEXT NOT NULL,
        file_size INTEGER NOT NULL,
        file_sha256 TEXT NOT NULL,
        rows_total INTEGER,
        rows_done INTEGER NOT NULL DEFAULT 0,
        last_row_number INTEGER,
        imported INTEGER NOT NULL DEFAULT 0,
        updated INTEGER NOT NULL DEFAULT 0,
        unchanged INTEGER NOT NULL DEFAULT 0,
        skipped INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL DEFAULT 'running' CHECK (status IN
            ('running', 'finished', 'cancelled', 'failed', 'superseded', 'dismissed')),
        operator TEXT NOT NULL DEFAULT '',
        host TEXT NOT NULL DEFAULT '',
        boot_id TEXT NOT NULL DEFAULT '',
        pid INTEGER NOT NULL,
        started_at TEXT NOT NULL,
        heartbeat_at TEXT NOT NULL,
        ended_at TEXT,
        superseded_by TEXT REFERENCES import_runs(id),""" + _STAMPS + ")",
    # Opening an event asks for the runs that may be interrupted: a few rows, whatever the history.
    "CREATE INDEX import_runs_open ON import_runs(status) WHERE status IN ('running', 'failed')",
]

# Version 9: print jobs followed in the print system. A badge is *sent* when its job is queued
# and *printed* only when the job completes; each state is a row of its own in the print log,
# tied to the job by the print system's id, with the system's reason for a failure.
_V9 = [
    "ALTER TABLE print_log ADD COLUMN job_id TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE print_log ADD COLUMN reason TEXT NOT NULL DEFAULT ''",
    "CREATE INDEX print_log_badge ON print_log(badge_id, job_id)",
]

# Version 10: lists from registration tools. A registration the organiser's tool says is waiting,
# cancelled or rejected is kept (the desk can tell the person why) but is not admissible: no badge
# is issued or printed for it and a gate refuses it. registered_at is when the person registered,
# as the list says (UTC); NULL when no list said so (walk-ins get the time they were registered).
_V10 = [
    """ALTER TABLE visitors ADD COLUMN registration_status TEXT NOT NULL DEFAULT 'registered'
       CHECK (registration_status IN ('registered', 'waiting', 'cancelled', 'rejected'))""",
    "ALTER TABLE visitors ADD COLUMN registered_at TEXT",
]

# Version 11: the class of a visitor who is gone. Scans are append-only and keep only the visitor's
# id, and the dashboard reads who came (buyers on site, admissions by class) from the visitor row:
# deleting a visitor turned their scans into "unknown" and changed a finished day's figures. A
# deleted visitor now leaves their id, class and source here (nothing personal), and the day's
# figures read the class from here when the row is gone. The simulated visitors a demo removes
# again are found by their source (a partial index: a handful of rows in a real event, none).
_V11 = [
    """CREATE TABLE removed_visitors (
        id TEXT PRIMARY KEY,
        visitor_class TEXT NOT NULL,
        source TEXT NOT NULL DEFAULT '',""" + _STAMPS + ")",
    "CREATE INDEX visitors_simulated ON visitors(source) WHERE source = 'simulated'",
]

# Index = version - 1. Append new lists of statements; never edit a released one.
# v12: a deleted visitor's badges stay known as cancelled (a scan of one is refused, not taken
# for a badge from another desk), and a scan can be annulled. Both are append-only like scans:
# the annulment is a row of its own, so the scan itself never changes.
_V12 = [
    """CREATE TABLE cancelled_badges (
        serial INTEGER NOT NULL,
        reissue INTEGER NOT NULL,
        key_id INTEGER NOT NULL,
        visitor_id TEXT NOT NULL,
        cancelled_at TEXT NOT NULL,
        reason TEXT NOT NULL,
        operator TEXT NOT NULL DEFAULT '',
        desk_id TEXT NOT NULL,
        PRIMARY KEY (serial, reissue)
    )""",
    """CREATE TABLE scan_annulments (
        scan_id TEXT PRIMARY KEY REFERENCES scans(id),
        annulled_at TEXT NOT NULL,
        station TEXT NOT NULL,
        reason TEXT NOT NULL,
        operator TEXT NOT NULL DEFAULT '',
        desk_id TEXT NOT NULL
    )""",
    *(f"""CREATE TRIGGER {table}_no_{change} BEFORE {change.upper()} ON {table}
       BEGIN SELECT RAISE(ABORT, '{table} are append-only'); END"""
      for table in ("cancelled_badges", "scan_annulments") for change in ("update", "delete")),
]

# 13: operators who sign in at a desk, with a role (issue 21). A PIN is kept only as a slow hash;
# wrong tries and a lockout are the row's, so every desk on a hub knows them.
_V13 = [
    """CREATE TABLE operators (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL COLLATE NOCASE UNIQUE,
        role TEXT NOT NULL,
        pin_hash TEXT NOT NULL,
        demo INTEGER NOT NULL DEFAULT 0,
        failed_tries INTEGER NOT NULL DEFAULT 0,
        locked_until TEXT,
        disabled INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL DEFAULT ''
    )""",
]

# 14: erasure that is complete (issue 21). A deleted visitor's scans keep a pseudonym instead of
# their id (counts and occupancy stay right, nothing links them to the person); the scans stay
# append-only otherwise. The audit log becomes append-only too, except that an erasure may
# pseudonymise an entry's person and redact its free text.
_SCAN_COLUMNS = ("id", "scanned_at", "station", "gate_id", "direction", "unreadable_input", "badge_serial",
                 "badge_reissue", "badge_key_id", "verdict", "manual", "operator", "desk_id")
_AUDIT_COLUMNS = ("id", "at", "desk_id", "operator", "action", "entity")


def _unchanged(columns: tuple[str, ...]) -> str:
    return " AND ".join(f"NEW.{c} IS OLD.{c}" for c in columns)


_V14 = [
    "DROP TRIGGER IF EXISTS scans_no_update",
    "DROP TRIGGER IF EXISTS audit_log_no_update",
    "DROP TRIGGER IF EXISTS audit_log_no_delete",
    f"""CREATE TRIGGER scans_no_update BEFORE UPDATE ON scans
       WHEN NOT (NEW.visitor_id LIKE 'erased-%' AND {_unchanged(_SCAN_COLUMNS)})
       BEGIN SELECT RAISE(ABORT, 'scans are append-only'); END""",
    f"""CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
       WHEN NOT (NEW.entity_id LIKE 'erased-%' AND {_unchanged(_AUDIT_COLUMNS)})
       BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
    """CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
       BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
]

# 15: the access records read fast at 100,000 entries and more (issue 21): newest first, by time,
# by action and by operator, each one index walk (time, then the order written: rowid, which each
# index holds); and the role an entry was made with, read from the operator's sign-in at that
# desk before it (a partial index over the sign-ins alone).
_V15 = [
    "CREATE INDEX IF NOT EXISTS audit_at ON audit_log(at)",
    "CREATE INDEX IF NOT EXISTS audit_action_at ON audit_log(action, at)",
    "CREATE INDEX IF NOT EXISTS audit_operator_at ON audit_log(operator, at)",
    "CREATE INDEX IF NOT EXISTS audit_sign_ins ON audit_log(operator, desk_id, at) WHERE action = 'sign_in'",
]

# 16: an annulled scan's reason may name the person scanned: their erasure redacts it (to
# domain/redaction.REDACTED), and nothing else may change in an annulment.
_V16 = [
    "DROP TRIGGER IF EXISTS scan_annulments_no_update",
    """CREATE TRIGGER scan_annulments_no_update BEFORE UPDATE ON scan_annulments
       WHEN NOT (NEW.reason = '[erased]' AND NEW.scan_id IS OLD.scan_id AND NEW.annulled_at IS OLD.annulled_at
                 AND NEW.station IS OLD.station AND NEW.operator IS OLD.operator AND NEW.desk_id IS OLD.desk_id)
       BEGIN SELECT RAISE(ABORT, 'scan_annulments are append-only'); END""",
]

# 17: the buyer consultation zone (issue 17). Who meets (buyers' and exhibitors' consultation
# details beside their rows, interpreters), the zone's numbered tables and each day's session,
# the ranked requests (a row per side that asked: a buyer's wish entered at one desk and the
# exhibitor's at another are two rows, so a hub keeps both and they make one mutual request),
# and the meetings with their outcome. A meeting names its buyer by visitor id
# without a foreign key: an erasure leaves the meeting (the results report counts it) under the
# buyer's pseudonym, with the country copied in when it was made.
_V17 = [
    """CREATE TABLE consultation_buyers (
        visitor_id TEXT PRIMARY KEY REFERENCES visitors(id) ON DELETE CASCADE,
        language TEXT NOT NULL DEFAULT 'ko',
        categories_json TEXT NOT NULL DEFAULT '[]',
        days_json TEXT NOT NULL DEFAULT '[]',""" + _STAMPS + ")",
    """CREATE TABLE consultation_exhibitors (
        exhibitor_id TEXT PRIMARY KEY REFERENCES exhibitors(id) ON DELETE CASCADE,
        seats INTEGER NOT NULL DEFAULT 1 CHECK (seats >= 1),
        categories_json TEXT NOT NULL DEFAULT '[]',
        days_json TEXT NOT NULL DEFAULT '[]',""" + _STAMPS + ")",
    """CREATE TABLE interpreters (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        languages_json TEXT NOT NULL DEFAULT '[]',
        days_json TEXT NOT NULL DEFAULT '[]',""" + _STAMPS + ")",
    """CREATE TABLE consultation_tables (
        number INTEGER PRIMARY KEY CHECK (number >= 1),
        zone_id TEXT REFERENCES zones(id) ON DELETE SET NULL,
        x REAL NOT NULL DEFAULT 0,
        y REAL NOT NULL DEFAULT 0,""" + _STAMPS + ")",
    """CREATE TABLE consultation_sessions (
        day TEXT PRIMARY KEY,
        starts TEXT NOT NULL,
        ends TEXT NOT NULL,
        slot_minutes INTEGER NOT NULL DEFAULT 30 CHECK (slot_minutes >= 5),
        breaks_json TEXT NOT NULL DEFAULT '[]',""" + _STAMPS + ")",
    """CREATE TABLE consultation_requests (
        buyer_id TEXT NOT NULL REFERENCES visitors(id) ON DELETE CASCADE,
        exhibitor_id TEXT NOT NULL REFERENCES exhibitors(id) ON DELETE CASCADE,
        side TEXT NOT NULL CHECK (side IN ('buyer', 'exhibitor')),
        rank INTEGER NOT NULL CHECK (rank >= 1),
        source TEXT NOT NULL DEFAULT '',""" + _STAMPS + """,
        PRIMARY KEY (buyer_id, exhibitor_id, side))""",
    "CREATE INDEX consultation_requests_exhibitor ON consultation_requests(exhibitor_id)",
    """CREATE TABLE meetings (
        id TEXT PRIMARY KEY,
        day TEXT NOT NULL,
        starts TEXT NOT NULL,
        ends TEXT NOT NULL,
        table_number INTEGER NOT NULL,
        buyer_id TEXT NOT NULL,
        exhibitor_id TEXT NOT NULL REFERENCES exhibitors(id),
        interpreter_id TEXT REFERENCES interpreters(id) ON DELETE SET NULL,
        buyer_country TEXT NOT NULL DEFAULT '',
        origin TEXT NOT NULL DEFAULT 'solver',
        fixed INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL DEFAULT 'scheduled'
            CHECK (status IN ('scheduled', 'held', 'no_show', 'cancelled')),
        arrived_at TEXT,
        amount_krw INTEGER,
        amount_currency TEXT NOT NULL DEFAULT 'KRW',
        amount_original REAL,
        contract_expected INTEGER NOT NULL DEFAULT 0,
        contract_krw INTEGER,
        note TEXT NOT NULL DEFAULT '',""" + _STAMPS + ")",
    "CREATE INDEX meetings_slot ON meetings(day, starts, table_number)",
    "CREATE INDEX meetings_buyer ON meetings(buyer_id, day, starts)",
    "CREATE INDEX meetings_exhibitor ON meetings(exhibitor_id, day, starts)",
]

# 18: the live-commerce studio and the photo shoots (issue 18), one set of tables for both kinds:
# the studio's sets and the photo corners placed in their zones, each day's session (slot length
# and changeover gap), the exhibitors' requests (preferred times, products, host and channel),
# and the bookings with what the channel reported or the photos delivered. A booking names its
# request without a foreign key: a request withdrawn after its broadcast leaves the result.
_V18 = [
    """CREATE TABLE booking_resources (
        kind TEXT NOT NULL CHECK (kind IN ('studio', 'photo')),
        number INTEGER NOT NULL CHECK (number >= 1),
        name TEXT NOT NULL DEFAULT '',
        zone_id TEXT REFERENCES zones(id) ON DELETE SET NULL,
        x REAL NOT NULL DEFAULT 0,
        y REAL NOT NULL DEFAULT 0,""" + _STAMPS + """,
        PRIMARY KEY (kind, number))""",
    """CREATE TABLE booking_sessions (
        kind TEXT NOT NULL CHECK (kind IN ('studio', 'photo')),
        day TEXT NOT NULL,
        starts TEXT NOT NULL,
        ends TEXT NOT NULL,
        slot_minutes INTEGER NOT NULL CHECK (slot_minutes >= 5),
        gap_minutes INTEGER NOT NULL DEFAULT 0 CHECK (gap_minutes >= 0),
        breaks_json TEXT NOT NULL DEFAULT '[]',""" + _STAMPS + """,
        PRIMARY KEY (kind, day))""",
    """CREATE TABLE booking_requests (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('studio', 'photo')),
        exhibitor_id TEXT NOT NULL REFERENCES exhibitors(id) ON DELETE CASCADE,
        windows_json TEXT NOT NULL DEFAULT '[]',
        products TEXT NOT NULL DEFAULT '',
        host TEXT NOT NULL DEFAULT '',
        channel TEXT NOT NULL DEFAULT '',
        priority INTEGER CHECK (priority >= 1),
        requested_at TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT 'desk',""" + _STAMPS + ")",
    "CREATE INDEX booking_requests_exhibitor ON booking_requests(exhibitor_id)",
    """CREATE TABLE bookings (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('studio', 'photo')),
        request_id TEXT,
        exhibitor_id TEXT NOT NULL REFERENCES exhibitors(id),
        day TEXT NOT NULL,
        starts TEXT NOT NULL,
        ends TEXT NOT NULL,
        resource_number INTEGER NOT NULL,
        origin TEXT NOT NULL DEFAULT 'solver',
        fixed INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'held', 'no_show', 'cancelled')),
        viewers INTEGER CHECK (viewers >= 0),
        peak_viewers INTEGER CHECK (peak_viewers >= 0),
        orders INTEGER CHECK (orders >= 0),
        sales_krw INTEGER CHECK (sales_krw >= 0),
        photos_delivered INTEGER CHECK (photos_delivered >= 0),
        note TEXT NOT NULL DEFAULT '',""" + _STAMPS + ")",
    "CREATE INDEX bookings_slot ON bookings(kind, day, starts, resource_number)",
    "CREATE INDEX bookings_exhibitor ON bookings(exhibitor_id, day, starts)",
]

MIGRATIONS: list[list[str]] = [_V1, _V2, _V3, _V4, _V5, _V6, _V7, _V8, _V9, _V10, _V11, _V12, _V13, _V14, _V15,
                               _V16, _V17, _V18]
SCHEMA_VERSION = len(MIGRATIONS)
