"""The day's time series to CSV or XLSX: a row a minute, four columns per zone (hall first).

Zone names go in the header, and they are typed by organizers: write_table keeps them from
running as formulas, as it does the visitor export's cells.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from expo_console.domain.occupancy import HALL
from expo_console.domain.traffic_stats import clock
from expo_console.services.progress import ProgressCallback, no_progress
from expo_console.services.table_files import write_table
from expo_console.services.traffic.day import TrafficDay
from expo_console.storage import audit_repo
from expo_console.storage.connection import EventStore

MEASURES = (("inside", "체류 Inside"), ("entries", "입장 Entries"), ("exits", "퇴장 Exits"),
            ("inferred_exits", "추정 퇴장 Inferred exits"))


def series_header(day: TrafficDay) -> list[str]:
    names = [("홀 전체 Whole hall", HALL)] + [(f"{z.name} {z.name_en}".strip(), z.id) for z in day.counted]
    return ["시각 Time"] + [f"{name} · {label}" for name, _ in names for _, label in MEASURES]


def series_rows(day: TrafficDay, minute: int) -> Iterator[list[object]]:
    """From the hour of the first scan to `minute`: the clock, then each zone's four figures."""
    zones = [HALL, *(z.id for z in day.counted)]
    lines = {z: (day.occupancy_line(z, minute), day.tracker.series(z)) for z in zones}
    first_hour, _last = day.active_hours()
    for m in range(min(first_hour * 60, minute), minute + 1):
        row: list[object] = [f"{day.day.isoformat()} {clock(m)}"]
        for zone_id in zones:
            inside, series = lines[zone_id]
            row += [inside[m], series.entries[m], series.exits[m], series.inferred[m]]
        yield row


def export_series(store: EventStore, day: dt.date, out: Path | str, *, minute: int | None = None,
                  progress: ProgressCallback = no_progress) -> int:
    """Replay `day` and write its per-minute series up to `minute` (default: the latest); returns rows."""
    out = Path(out)
    traffic_day = TrafficDay(store, day, progress)
    last = traffic_day.minute_now if minute is None else min(minute, traffic_day.minute_now)
    count = write_table(out, series_header(traffic_day), series_rows(traffic_day, last), sheet="Traffic",
                        total=last + 1)
    if not store.read_only:  # a file on read-only media can be exported; there is nowhere to log it
        with store.write() as conn:
            audit_repo.append(conn, store.stamp, "export", "traffic", None,
                              {"file": out.name, "rows": count, "day": day.isoformat()})
    return count
