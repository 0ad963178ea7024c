"""The hub's schema: made by `hub start` (or `hub init --dsn` on an existing server), checked by
every desk before it syncs. A hub made by a newer Expo Console is refused with what to do."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar
from urllib.parse import urlsplit

from expo_console.domain.redaction import FREE_TEXT, WHOLE_DETAIL
from expo_console.services.hub.common import DESK_ROLE, HubError
from expo_console.storage import hub_erasure_repo, hub_repo

HUB_SCHEMA_VERSION = 3  # 2: the columns each change set (merging per field), leases; 3: erasure (hub_erasure_repo)
CONNECT_TIMEOUT_S = 10


def connect(dsn: str, **options: Any) -> Any:
    """A connection to the hub, or HubError saying why not and what to do. `options` are libpq's
    (a gate's shorter timeouts)."""
    import psycopg

    where = _where(dsn)
    try:
        return psycopg.connect(dsn, **{"connect_timeout": CONNECT_TIMEOUT_S, **options})
    except psycopg.OperationalError as error:
        text = str(error)
        if "password authentication failed" in text or "no password supplied" in text:
            raise HubError(code="hub_password_refused", where=where) from error
        if "does not exist" in text:
            raise HubError(code="hub_no_database", where=where) from error
        raise HubError(code="hub_no_answer", where=where, detail=text.strip().splitlines()[-1].strip()) from error
    except psycopg.ProgrammingError as error:
        # what was typed, to find the mistake in, without a password a passer-by could read
        raise HubError(code="hub_bad_dsn", dsn=_without_password(dsn)[:40]) from error


P = ParamSpec("P")
R = TypeVar("R")


def hub_may_drop(work: Callable[P, R]) -> Callable[P, R]:
    """For work that talks to the hub after connecting: a hub that stops answering half-way (it was
    stopped or died, the network went) is a HubError like a hub that never answered, not a crash,
    and so is a statement the hub refuses. Nothing the hub did not commit counts as sent, so the
    next round sends it again."""

    @functools.wraps(work)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
        import psycopg

        try:
            return work(*args, **kwargs)
        except psycopg.OperationalError as error:
            reason = (str(error).strip().splitlines() or ["no reason given"])[0]
            raise HubError(f"The hub stopped answering ({reason}). This desk keeps working on its own file; "
                           f"what the hub did not take is sent when it answers again.") from error
        except psycopg.Error as error:
            reason = (str(error).strip().splitlines() or ["no reason given"])[0]
            raise HubError(f"The hub refused this ({reason}). Tell the organizer; this desk keeps working on its "
                           f"own file.") from error

    return guarded


def init_hub(dsn: str, *, desk_role: str = DESK_ROLE) -> dict[str, Any]:
    """Make the hub's tables on a server (idempotent), as the hub database's owner."""
    with connect(dsn) as conn:
        _refuse_newer(hub_repo.meta(conn))
        with conn.transaction():
            hub_repo.create_tables(conn, desk_role)
            hub_erasure_repo.create_functions(conn, desk_role, sorted(FREE_TEXT), sorted(WHOLE_DETAIL))
            hub_repo.put_meta(conn, "schema_version", str(HUB_SCHEMA_VERSION))
        return describe(conn)


def check_hub(dsn: str) -> dict[str, Any]:
    """What a desk checks before it syncs: an Expo Console hub, not newer than this console."""
    with connect(dsn) as conn:
        meta = hub_repo.meta(conn)
        if "schema_version" not in meta:
            raise HubError(code="hub_not_a_hub", where=_where(dsn))
        _refuse_newer(meta)
        if int(meta["schema_version"]) < HUB_SCHEMA_VERSION:
            raise HubError(f"The hub at {_where(dsn)} was made by an older Expo Console. On the hub's computer, run "
                           f"'expo-console hub start --dir …' again (or 'hub init --dsn' with the owner's connection "
                           f"string) to bring it up to date; this desk keeps working on its own file meanwhile.")
        return describe(conn)


def describe(conn: Any) -> dict[str, Any]:
    meta = hub_repo.meta(conn)
    return {"schema_version": int(meta.get("schema_version", 0)), "event_id": meta.get("event_id"),
            "event_name": meta.get("event_name")}


def _refuse_newer(meta: dict[str, str]) -> None:
    version = int(meta.get("schema_version", 0))
    if version > HUB_SCHEMA_VERSION:
        raise HubError(code="hub_newer", version=str(version), known=str(HUB_SCHEMA_VERSION))


def _without_password(dsn: str) -> str:
    """A connection string as typed, its password (URL or key=value form) replaced by ***."""
    shown = re.sub(r"(://[^:/@]*:).*@", r"\1***@", dsn)  # up to the last @: a password may hold : or @
    return re.sub(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", r"\1***", shown)


def _where(dsn: str) -> str:
    try:
        parts = urlsplit(dsn)
        return f"{parts.hostname}:{parts.port or 5432}"
    except ValueError:
        return "this address"
