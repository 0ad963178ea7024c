"""Erasure on the hub (issue 21): a visitor erased on one desk leaves no trace in the hub's tables
nor in its change log, where every version of their rows that any desk pushed is kept.

The desks' role may only add to the change log (least privilege: no desk rewrites history). The
scrubbing is a function the hub's owner makes (SECURITY DEFINER), which a desk may call with the
visitor ids its push named. It acts only on ids whose visitor was erased, that is whose pseudonym
the hub's removed_visitors holds (hashed as redaction.pseudonym_of does): a desk cannot scrub a
living visitor's history. For each, in the hub's copy of the event and in the change log:

- the visitor's own rows in the log keep no data (their delete, later in the log, decides them
  on every desk: a pull skips a row's change that a later delete overrides);
- rows that name them (scans, print-log rows) carry the pseudonym; those deleted since, nothing;
- the access records about them carry the pseudonym, their free text redacted as the desk did.

A trace that reaches the hub after the erasure (a desk offline took a scan of the visitor
before it pulled the erasure) is scrubbed when it is pushed: its push names the visitor too.
"""

from __future__ import annotations

from typing import Any

from expo_console.domain.redaction import PSEUDONYM_PREFIX, REDACTED

FORGET = "hub_forget_erased"
_REDACT = "hub_redacted_detail"
_REDACT_VALUE = "hub_redacted_value"
# an annulled scan's access record of before issue 21 (audit_repo.LEGACY_ANNUL): in the table, in the log's copy
_LEGACY_ANNUL = "a.action = 'annul_scan' AND a.entity = 'scan'"
_LEGACY_ANNUL_LOGGED = "c.row_data->>'action' = 'annul_scan' AND c.row_data->>'entity' = 'scan'"
_PSEUDONYM_SQL = f"'{PSEUDONYM_PREFIX}' || left(encode(sha256(convert_to(v, 'UTF8')), 'hex'), 32)"


def create_functions(conn: Any, desk_role: str, free_text: list[str], whole_detail: list[str]) -> None:
    """Made by the hub's owner (hub start / hub init), inside its transaction; idempotent."""
    from psycopg import sql

    keys = sql.Literal(sorted(free_text))
    whole = sql.Literal(sorted(whole_detail))
    # domain/redaction.py's rule: under a free-text key, every non-empty text however deep
    conn.execute(sql.SQL(f"""CREATE OR REPLACE FUNCTION {_REDACT_VALUE}(v jsonb, personal boolean) RETURNS jsonb
        LANGUAGE plpgsql IMMUTABLE SET search_path = public, pg_temp AS $$
        BEGIN
            IF jsonb_typeof(v) = 'object' THEN
                RETURN (SELECT COALESCE(jsonb_object_agg(e.key, {_REDACT_VALUE}(e.value,
                        personal OR e.key = ANY({{keys}}::text[]))), '{{{{}}}}'::jsonb) FROM jsonb_each(v) e);
            ELSIF jsonb_typeof(v) = 'array' THEN
                RETURN (SELECT COALESCE(jsonb_agg({_REDACT_VALUE}(a.x, personal) ORDER BY a.n), '[]'::jsonb)
                        FROM jsonb_array_elements(v) WITH ORDINALITY AS a(x, n));
            ELSIF personal AND jsonb_typeof(v) = 'string' AND v #>> '{{{{}}}}' <> '' THEN
                RETURN to_jsonb('{REDACTED}'::text);
            END IF;
            RETURN v;
        END $$""").format(keys=keys, redacted=sql.Literal(REDACTED)))
    conn.execute(sql.SQL(f"""CREATE OR REPLACE FUNCTION {_REDACT}(action text, detail text) RETURNS text
        LANGUAGE sql IMMUTABLE SET search_path = public, pg_temp AS $$
        SELECT CASE WHEN action = ANY({{whole}}::text[]) THEN '{{{{"erased": true}}}}'
            WHEN detail IS NULL OR detail = '' THEN detail
            ELSE {_REDACT_VALUE}(detail::jsonb, false)::text END $$""").format(whole=whole))
    conn.execute(f"""CREATE OR REPLACE FUNCTION {FORGET}(ids text[]) RETURNS integer
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
        DECLARE forgotten integer;
        BEGIN
            IF to_regclass('removed_visitors') IS NULL THEN RETURN 0; END IF;
            CREATE TEMP TABLE IF NOT EXISTS hub_forget (v text PRIMARY KEY, p text NOT NULL) ON COMMIT DROP;
            DELETE FROM pg_temp.hub_forget;
            INSERT INTO pg_temp.hub_forget SELECT DISTINCT v, {_PSEUDONYM_SQL} FROM unnest(ids) AS v
                WHERE v IS NOT NULL AND v NOT LIKE '{PSEUDONYM_PREFIX}%'
                AND EXISTS (SELECT 1 FROM removed_visitors r WHERE r.id = {_PSEUDONYM_SQL});
            GET DIAGNOSTICS forgotten = ROW_COUNT;
            IF forgotten = 0 THEN RETURN 0; END IF;
            -- the hub's copy of the event: first why their scans were annulled (found by the scans' ids)
            IF to_regclass('scan_annulments') IS NOT NULL AND to_regclass('scans') IS NOT NULL THEN
                UPDATE scan_annulments sa SET reason = '{REDACTED}' FROM scans s, pg_temp.hub_forget f
                    WHERE sa.scan_id = s.id AND s.visitor_id IN (f.v, f.p) AND sa.reason NOT IN ('', '{REDACTED}');
                UPDATE hub_changes c SET row_data = jsonb_set(c.row_data, '{{reason}}', to_jsonb('{REDACTED}'::text))
                    FROM scans s, pg_temp.hub_forget f WHERE c.tbl = 'scan_annulments' AND c.row_data IS NOT NULL
                    AND c.row_data->>'scan_id' = s.id AND s.visitor_id IN (f.v, f.p);
            END IF;
            IF to_regclass('scans') IS NOT NULL THEN
                UPDATE scans s SET visitor_id = f.p FROM pg_temp.hub_forget f WHERE s.visitor_id = f.v;
            END IF;
            IF to_regclass('print_log') IS NOT NULL THEN
                UPDATE print_log s SET visitor_id = f.p FROM pg_temp.hub_forget f WHERE s.visitor_id = f.v;
            END IF;
            IF to_regclass('audit_log') IS NOT NULL THEN
                UPDATE audit_log a SET entity_id = f.p, detail_json = {_REDACT}(a.action, a.detail_json)
                    FROM pg_temp.hub_forget f WHERE a.entity_id = f.v;
                -- an annulled scan's entry of before issue 21: the scan its entity, the visitor in its detail
                UPDATE audit_log a SET entity_id = f.p, detail_json = ({_REDACT}(a.action, a.detail_json)::jsonb
                        || jsonb_build_object('visitor_id', f.p, 'scan_id', a.entity_id))::text
                    FROM pg_temp.hub_forget f WHERE {_LEGACY_ANNUL} AND a.detail_json::jsonb->>'visitor_id' = f.v;
            END IF;
            -- the change log: the visitor's own rows, then rows naming them, then records about them
            UPDATE hub_changes c SET row_data = NULL FROM pg_temp.hub_forget f
                WHERE c.tbl = 'visitors' AND c.pk->>'id' = f.v AND c.row_data IS NOT NULL;
            UPDATE hub_changes c SET row_data = CASE WHEN EXISTS (SELECT 1 FROM hub_changes l WHERE l.tbl = c.tbl
                    AND l.pk = c.pk AND l.seq > c.seq AND l.op = 'delete') THEN NULL
                    ELSE jsonb_set(c.row_data, '{{visitor_id}}', to_jsonb(f.p)) END
                FROM pg_temp.hub_forget f WHERE c.row_data->>'visitor_id' = f.v;
            UPDATE hub_changes c SET row_data = c.row_data || jsonb_build_object('entity_id', f.p, 'detail_json',
                    {_REDACT}(c.row_data->>'action', c.row_data->>'detail_json'))
                FROM pg_temp.hub_forget f WHERE c.tbl = 'audit_log' AND c.row_data->>'entity_id' = f.v;
            UPDATE hub_changes c SET row_data = c.row_data || jsonb_build_object('entity_id', f.p, 'detail_json',
                    ({_REDACT}(c.row_data->>'action', c.row_data->>'detail_json')::jsonb
                     || jsonb_build_object('visitor_id', f.p, 'scan_id', c.row_data->>'entity_id'))::text)
                FROM pg_temp.hub_forget f WHERE c.tbl = 'audit_log' AND {_LEGACY_ANNUL_LOGGED}
                AND (c.row_data->>'detail_json')::jsonb->>'visitor_id' = f.v;
            RETURN forgotten;
        END $$""")
    conn.execute(f"REVOKE ALL ON FUNCTION {FORGET}(text[]) FROM PUBLIC")
    conn.execute(sql.SQL("GRANT EXECUTE ON FUNCTION {}(text[]) TO {}").format(sql.Identifier(FORGET),
                                                                               sql.Identifier(desk_role)))


def forget_erased(conn: Any, visitor_ids: set[str]) -> int:
    """Scrub the hub of those visitors among `visitor_ids` that were erased; how many were."""
    if not visitor_ids:
        return 0
    return int(conn.execute(f"SELECT {FORGET}(%s)", (sorted(visitor_ids),)).fetchone()[0])
