"""Figures drawn from the per-minute series: buckets, the peak hour, alerts, dwell, desk queues."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

ALERT_LEVELS = (0.8, 1.0)  # share of capacity: crowd control soon, and full
# An alert is over once the count is this share of capacity below its level: a zone hovering at
# 79-81 % is one alert, not one a minute with a sound each (a deadband, as alarms have).
ALERT_CLEAR_MARGIN = 0.05
QUEUE_WINDOW = 5  # minutes of scans that give a desk's arrival rate
SATURATED = 0.95  # utilisation from which the queue grows without bound


def clock(minute: int) -> str:
    """A minute of the day as HH:MM."""
    return f"{minute // 60:02d}:{minute % 60:02d}"


def buckets(per_minute: Sequence[int], size: int, upto: int | None = None) -> list[int]:
    """Sums over `size`-minute buckets from midnight, up to minute `upto` (inclusive)."""
    end = len(per_minute) if upto is None else upto + 1
    return [sum(per_minute[start:min(start + size, end)]) for start in range(0, end, size)]


def median(values: Sequence[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def peak_hour(entries: Sequence[int], upto: int | None = None) -> tuple[int, int] | None:
    """The clock hour with the most entries: (hour, entries); None before anyone came."""
    hourly = buckets(entries, 60, upto)
    if not hourly or max(hourly) == 0:
        return None
    best = max(range(len(hourly)), key=lambda h: (hourly[h], -h))
    return best, hourly[best]


@dataclass(frozen=True, slots=True)
class Alert:
    zone: str
    level: float  # 0.8 or 1.0
    start: int  # minute of the day
    end: int | None  # the minute at whose end the zone held fewer again; None: still on
    peak: int  # the most people at once while it lasted


def alerts(zone: str, peak: Sequence[int], occupancy: Sequence[int], capacity: int, upto: int,
           levels: Sequence[float] = ALERT_LEVELS) -> list[Alert]:
    """Every stretch of minutes in which the zone held at least level × capacity, per level.

    An alert starts in the minute the zone first reached the level (`peak`: the most at once in
    a minute, so a rush within a minute is not missed) and ends in the first minute whose count
    at its end is below it again, by ALERT_CLEAR_MARGIN (`occupancy`; for the minute still
    running, the count now). Judging the end on the minute's most instead kept an alert on for a
    crowd that had already left: 453 people walked out at 18:00 and the banner still said
    "over 80 %" at 70 %.
    """
    found: list[Alert] = []
    if capacity <= 0:
        return found
    for level in levels:
        threshold, clear = level * capacity, (level - ALERT_CLEAR_MARGIN) * capacity
        start: int | None = None
        most = 0
        for minute in range(upto + 1):
            if start is None:
                if peak[minute] < threshold:
                    continue
                start, most = minute, 0
            most = max(most, peak[minute])
            if occupancy[minute] < clear:
                found.append(Alert(zone, level, start, minute, most))
                start = None
        if start is not None:
            found.append(Alert(zone, level, start, None, most))
    return sorted(found, key=lambda a: (a.start, a.level))


@dataclass(frozen=True, slots=True)
class QueueEstimate:
    per_minute: float  # scans a minute over the last QUEUE_WINDOW minutes
    utilisation: float  # of what one lane can scan
    waiting: float | None  # people in the queue (M/M/1); None: saturated, the queue is growing
    wait_s: float | None


def implied_queue(per_minute: Sequence[int], minute: int, lane_per_minute: float) -> QueueEstimate:
    """The queue a desk's scan rate implies, as a single-server queue (Little's law for the wait).

    A lane that scans in 5 s serves 12 a minute; people arriving at 10 a minute then wait in a
    queue of about 4. The figure is an estimate from the rate alone, which is all the scans say.
    """
    window = per_minute[max(0, minute - QUEUE_WINDOW + 1):minute + 1]
    rate = sum(window) / QUEUE_WINDOW
    utilisation = rate / lane_per_minute if lane_per_minute > 0 else 0.0
    if utilisation >= SATURATED:
        return QueueEstimate(rate, utilisation, None, None)
    waiting = utilisation * utilisation / (1 - utilisation)
    wait_s = waiting / rate * 60 if rate else 0.0
    return QueueEstimate(rate, utilisation, waiting, wait_s)


# green while there is room, yellow at half, orange at the first alert, red when full: the same
# stops on the dashboard's plan and in the report, so a colour means one thing everywhere
_COLOUR_STOPS = ((0.0, (200, 230, 201)), (0.5, (255, 241, 118)), (0.8, (255, 167, 38)), (1.0, (229, 57, 53)))


def occupancy_colour(ratio: float) -> str:
    """The heat colour (#rrggbb) for a zone holding `ratio` of its capacity."""
    ratio = max(0.0, min(ratio, 1.0))
    for (low, low_rgb), (high, high_rgb) in zip(_COLOUR_STOPS, _COLOUR_STOPS[1:], strict=False):
        if ratio <= high:
            t = (ratio - low) / (high - low)
            r, g, b = (round(a + (c - a) * t) for a, c in zip(low_rgb, high_rgb, strict=True))
            return f"#{r:02x}{g:02x}{b:02x}"
    return "#e53935"
