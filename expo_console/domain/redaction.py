"""What an access record keeps of an erased person (issue 21): the same rule on a desk erasing one
visitor, in a purge, on a desk that pulls an erasure, and on the hub (which runs it in PL/pgSQL:
storage/hub_erasure_repo.py follows this module).

Under a key that may hold what was typed about or for the person (FREE_TEXT), every non-empty
text is redacted, however deep: an import's record keeps each changed field as
{"changes": {"name": [before, after], …}}, and both go. A sync conflict's record keeps both
versions of a merged field, so only the fact of it stays."""

from __future__ import annotations

import hashlib
from typing import Any

PSEUDONYM_PREFIX = "erased-"  # the schema's triggers let a visitor id change only to one of these

FREE_TEXT = frozenset({"reason", "note", "notes", "blocked_reason", "name", "name_en", "phone", "email", "company",
                       "title", "person"})  # person: what an organizer typed to find someone's records
REDACTED = "[erased]"
WHOLE_DETAIL = frozenset({"sync_conflict"})


def pseudonym_of(visitor_id: str) -> str:
    """The id an erased visitor's traces keep: derived from their id, so that every desk and the
    hub, each erasing the traces it holds, name them alike (they still count as one person), and
    a hash, so that the pseudonym alone gives no way back to it. The hub computes it in SQL too."""
    return PSEUDONYM_PREFIX + hashlib.sha256(visitor_id.encode()).hexdigest()[:32]


def redacted(action: str, detail: dict[str, Any]) -> dict[str, Any]:
    if action in WHOLE_DETAIL:
        return {"erased": True}
    kept = _kept(detail, personal=False)
    assert isinstance(kept, dict)
    return kept


def _kept(value: Any, personal: bool) -> Any:
    if isinstance(value, dict):
        return {key: _kept(inner, personal or key in FREE_TEXT) for key, inner in value.items()}
    if isinstance(value, list):
        return [_kept(inner, personal) for inner in value]
    if personal and isinstance(value, str) and value:
        return REDACTED
    return value
