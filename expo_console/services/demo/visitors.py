"""The demo's synthetic visitors: pre-registered ones for the demo event, and the walk-ins a
simulated day adds (source SIMULATED). Deterministic per seed."""

from __future__ import annotations

import random

from expo_console.domain.access import Action
from expo_console.domain.ids import new_id
from expo_console.domain.visitors import SIMULATED_SOURCE, Consent, VisitorDraft
from expo_console.services.access import require
from expo_console.services.demo.people import PeopleFactory
from expo_console.services.progress import ProgressCallback, no_progress
from expo_console.services.registration.visitors import consent_values, row_values
from expo_console.storage import audit_repo, layout_repo, visitors_repo
from expo_console.storage.connection import EventStore, utc_now

SIMULATED = SIMULATED_SOURCE  # visitors.source of the people a simulated day made up
NOTICE_VERSION = "2022-1"


def add_demo_visitors(store: EventStore, count: int, *, seed: int = 2022,
                      exhibitor_names: list[str] | None = None, source: str = "demo",
                      progress: ProgressCallback = no_progress, batch: int = 5000) -> int:
    """Synthetic visitors, written in batches; returns how many were added. `source` is 'demo'
    for the demo's pre-registered visitors, SIMULATED for those a simulated day adds."""
    require(store, Action.REGISTER)
    if exhibitor_names is None:
        exhibitor_names = layout_repo.exhibitor_names(store.conn)
    factory = PeopleFactory(seed, exhibitor_names)
    rng = random.Random(seed + 1)
    rows: list[dict[str, object]] = []
    now = utc_now()
    written = 0
    for person in factory.people(count):
        consents = {Consent.REQUIRED}
        if rng.random() < 0.6:
            consents.add(Consent.PROVISION)
        if rng.random() < 0.35:
            consents.add(Consent.MARKETING)
        draft = VisitorDraft(name=person.name, name_en=person.name_en, company=person.company,
                             title=person.title, visitor_class=person.visitor_class,
                             phone=person.phone, email=person.email, country=person.country)
        rows.append({"id": new_id(), **row_values(draft), "source": source, "blocked": 0,
                     "blocked_reason": "", **consent_values(frozenset(consents), NOTICE_VERSION, now),
                     **store.stamps()})
        if len(rows) >= batch:
            written += _flush(store, rows, source)
            progress(written, count)
    written += _flush(store, rows, source)
    progress(written, count)
    return written


def demo_classes(store: EventStore, count: int, *, seed: int = 2022) -> list[str]:
    """The classes add_demo_visitors(store, count, seed=seed) gives its visitors, in order, without
    writing anything (the simulation plans a day before it knows how many it must add)."""
    exhibitor_names = layout_repo.exhibitor_names(store.conn)
    return [person.visitor_class for person in PeopleFactory(seed, exhibitor_names).people(count)]


def _flush(store: EventStore, rows: list[dict[str, object]], source: str) -> int:
    if not rows:
        return 0
    with store.write() as conn:
        visitors_repo.insert_many(conn, rows)
        audit_repo.append(conn, store.stamp, "import", "visitor", None, {"source": source, "rows": len(rows)})
    written = len(rows)
    rows.clear()
    return written
