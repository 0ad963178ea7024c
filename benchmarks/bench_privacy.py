"""Issue 21's costs at the desk: what keeping personal data safe costs, against what the desk
does anyway, in the same run on the same file.

- `secure_delete` is on for every connection: a visitor's edit (its old copy overwritten with
  zeros) against the same edit with it off, in alternating blocks on one file.
- Erasing one visitor (pseudonyms, redaction, the WAL emptied) against editing one.
- Purging every visitor after the event against exporting the list, the organizer's other
  whole-list job.
- Signing in (scrypt, slow on purpose: a stolen file's PINs resist guessing) against opening the
  event file.
"""

from __future__ import annotations

import datetime as dt
import random
import tempfile
import time
from pathlib import Path

from benchmarks.harness import Figure, Report, percentile


def run(report: Report, visitors: int, samples: int) -> None:
    from expo_console.domain.visitors import Consent, VisitorDraft
    from expo_console.services.demo.event import create_demo_event
    from expo_console.services.events import open_event
    from expo_console.services.operators import DEMO_PIN, sign_in
    from expo_console.services.registration.export import export_visitors
    from expo_console.services.registration.purge import purge_personal_data, retention_date
    from expo_console.services.registration.visitors import (
        delete_visitor,
        get_visitor,
        update_visitor,
    )
    from expo_console.storage.connection import Stamp

    def edit(store, visitor_id: str, n: int) -> None:  # type: ignore[no-untyped-def]
        held = get_visitor(store, visitor_id)
        fields = {f: held[f] or "" for f in ("name", "name_en", "company", "title", "phone", "email", "country")}
        update_visitor(store, visitor_id, VisitorDraft(**fields, notes=f"상담 메모 {n}", visitor_class=held["visitor_class"],
                                                       consents=frozenset({Consent.REQUIRED})), allow_duplicate=True)

    stamp = Stamp("bench", "bench", "organizer")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "privacy.expo"
        store = create_demo_event(path, stamp, visitors=visitors)
        rng = random.Random(21)
        ids = [r[0] for r in store.conn.execute("SELECT id FROM visitors")]

        timings: dict[bool, list[float]] = {True: [], False: []}
        block = max(1, samples // 4)
        for n in range(8):
            on = n % 2 == 1
            store.conn.execute(f"PRAGMA secure_delete = {'ON' if on else 'OFF'}")
            for i in range(block):
                visitor = rng.choice(ids)
                start = time.perf_counter()
                edit(store, visitor, n * block + i)
                timings[on].append(time.perf_counter() - start)
        store.conn.execute("PRAGMA secure_delete = ON")
        details = {"visitors": visitors, "samples": 4 * block}
        report.add(Figure("edit a visitor, secure_delete on p50", percentile(timings[True], 50),
                          "same edit, secure_delete off p50", percentile(timings[False], 50),
                          target="≤ 1.2× baseline", details=details))

        erase: list[float] = []
        for visitor in rng.sample(ids, samples):
            ids.remove(visitor)
            start = time.perf_counter()
            delete_visitor(store, visitor, reason="asked to be removed")
            erase.append(time.perf_counter() - start)
        report.add(Figure("erase one visitor (pseudonyms, WAL emptied) p50", percentile(erase, 50),
                          "edit one visitor p50", percentile(timings[True], 50), details=details))

        started = time.perf_counter()
        export_visitors(store, Path(folder) / "list.csv")
        exported = time.perf_counter() - started
        started = time.perf_counter()
        purge_personal_data(store, today=retention_date(store) + dt.timedelta(days=1))
        purged = time.perf_counter() - started
        report.add(Figure(f"purge every visitor ({len(ids):,})", purged, "export the list (CSV)", exported,
                          details={"visitors": len(ids)}))
        store.close()

        opens: list[float] = []
        signs: list[float] = []
        for _ in range(max(3, samples // 10)):
            start = time.perf_counter()
            store = open_event(path, Stamp("bench", "nobody"))
            opens.append(time.perf_counter() - start)
            start = time.perf_counter()
            sign_in(store, "organizer", DEMO_PIN)
            signs.append(time.perf_counter() - start)
            store.close()
        report.add(Figure("sign in (scrypt PIN check) p50", percentile(signs, 50), "open the event file p50",
                          percentile(opens, 50), target="under a second at the desk",
                          details={"samples": len(signs)}))
