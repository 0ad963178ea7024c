"""Occupancy maths on hand-checked days: inferred exits, anti-passback, timeouts, corrections."""

from __future__ import annotations

import pytest

from expo_console.domain.occupancy import HALL, Cause, OccupancyTracker, Passage, ZoneRule
from expo_console.domain.traffic_stats import alerts, buckets, implied_queue, median, peak_hour

DAY = 1_664_809_200.0  # 2022-10-04 00:00 in Seoul


def at(clock: str) -> float:
    hours, minutes = clock.split(":")
    return DAY + int(hours) * 3600 + int(minutes) * 60


def minute(clock: str) -> int:
    return int((at(clock) - DAY) // 60)


def tracker(timeout_min: float | None = 60) -> OccupancyTracker:
    timeout = None if timeout_min is None else timeout_min * 60
    return OccupancyTracker([
        ZoneRule("tasting", 10, timeout),
        ZoneRule("demo", 10, timeout),
        ZoneRule("section", 100, timeout, overlaps=frozenset({"inner"})),
        ZoneRule("inner", 10, timeout, overlaps=frozenset({"section"})),
    ], ZoneRule(HALL, 1000, None), DAY)


def go(t: OccupancyTracker, clock: str, visitor: str, zone: str, entering: bool = True, cls: str = "") -> None:
    t.apply(Passage(at(clock), visitor, zone, entering, cls))


def test_scanned_in_and_out_counts_and_measures_the_visit() -> None:
    t = tracker()
    go(t, "09:00", "kim", HALL)
    go(t, "09:10", "kim", "tasting")
    t.advance(at("09:20"))
    assert t.occupancy("tasting") == 1 and t.occupancy(HALL) == 1
    go(t, "09:30", "kim", "tasting", entering=False)
    assert t.occupancy("tasting") == 0 and t.occupancy(HALL) == 1
    assert t.dwell("tasting") == [1200.0]
    assert t.causes("tasting")[Cause.SCANNED] == 1 and sum(t.causes("tasting").values()) == 1
    series = t.series("tasting")
    assert series.occupancy[minute("09:20")] == 1 and series.occupancy[minute("09:30")] == 0
    assert series.entries[minute("09:10")] == 1 and series.inferred[minute("09:30")] == 0


def test_entering_another_zone_ends_the_first_visit_unless_one_zone_is_inside_the_other() -> None:
    t = tracker()
    go(t, "10:00", "lee", "tasting")
    go(t, "10:20", "lee", "demo")  # cannot be in both: left tasting unseen
    assert (t.occupancy("tasting"), t.occupancy("demo")) == (0, 1)
    assert t.causes("tasting")[Cause.PASSBACK] == 1
    assert t.dwell("tasting") == [1200.0]  # the end is observed: the visit's length counts
    assert t.series("tasting").inferred[minute("10:20")] == 1
    go(t, "10:30", "lee", "section")
    go(t, "10:35", "lee", "inner")  # the inner zone lies in the section: both hold lee
    assert (t.occupancy("demo"), t.occupancy("section"), t.occupancy("inner")) == (0, 1, 1)


def test_a_visit_older_than_the_dwell_timeout_ends_at_the_timeout() -> None:
    t = tracker(timeout_min=30)
    go(t, "11:00", "park", "tasting")
    t.advance(at("11:29"))
    assert t.occupancy("tasting") == 1
    t.advance(at("11:31"))
    assert t.occupancy("tasting") == 0
    assert t.causes("tasting")[Cause.TIMEOUT] == 1
    assert t.dwell("tasting") == []  # a timeout says nothing about how long they stayed
    assert t.series("tasting").inferred[minute("11:30")] == 1
    assert t.series("tasting").occupancy[minute("11:29")] == 1 and t.series("tasting").occupancy[minute("11:30")] == 0


def test_a_scan_inside_a_zone_renews_the_visit_so_the_timeout_counts_from_there() -> None:
    t = tracker(timeout_min=30)
    go(t, "11:00", "park", "tasting")
    go(t, "11:20", "park", "tasting")  # scanned in again without scanning out
    t.advance(at("11:40"))
    assert t.occupancy("tasting") == 1  # the first timeout (11:30) belongs to the visit that ended
    assert t.series("tasting").entries[minute("11:20")] == 1 and t.causes("tasting")[Cause.PASSBACK] == 1
    t.advance(at("11:51"))
    assert t.occupancy("tasting") == 0


def test_leaving_the_hall_ends_every_zone_visit() -> None:
    t = tracker()
    go(t, "12:00", "choi", HALL)
    go(t, "12:05", "choi", "section")
    go(t, "12:06", "choi", "inner")
    go(t, "12:30", "choi", HALL, entering=False)
    assert [t.occupancy(z) for z in (HALL, "section", "inner")] == [0, 0, 0]
    assert t.causes("section")[Cause.LEFT_HALL] == 1 and t.causes(HALL)[Cause.SCANNED] == 1


def test_coming_in_through_a_hall_entrance_again_means_they_left_unseen() -> None:
    t = tracker()
    go(t, "12:00", "choi", HALL)
    go(t, "12:05", "choi", "demo")
    go(t, "13:00", "choi", HALL)
    assert (t.occupancy(HALL), t.occupancy("demo")) == (1, 0)
    assert t.causes("demo")[Cause.LEFT_HALL] == 1
    assert t.series(HALL).entries[minute("13:00")] == 0  # still one stay in the hall


def test_someone_in_a_zone_is_in_the_hall_even_if_the_entrance_missed_them() -> None:
    t = tracker()
    go(t, "09:30", "jung", "demo", cls="overseas_buyer")
    assert t.occupancy(HALL) == 1 and t.inferred_hall_entries == 1
    assert t.buyers_inside == 1


def test_an_exit_scan_without_a_counted_visit_never_makes_a_count_negative() -> None:
    t = tracker()
    go(t, "09:00", "yoon", "demo", entering=False)
    go(t, "09:01", "yoon", HALL, entering=False)
    assert t.occupancy("demo") == 0 and t.occupancy(HALL) == 0
    assert t.series("demo").exits[minute("09:00")] == 1  # still a recorded exit


def test_a_correction_down_ends_the_earliest_visits_and_is_carried_forward() -> None:
    t = tracker(timeout_min=None)
    for i, clock in enumerate(("10:00", "10:01", "10:02", "10:03", "10:04")):
        go(t, clock, f"v{i}", "tasting")
    t.correct("tasting", at("10:30"), 3)  # a steward counted three
    assert t.occupancy("tasting") == 3
    assert t.causes("tasting")[Cause.CORRECTION] == 2
    go(t, "10:40", "v0", "tasting", entering=False)  # one of those already taken off scans out
    assert t.occupancy("tasting") == 3  # not counted twice
    go(t, "10:41", "v4", "tasting", entering=False)
    assert t.occupancy("tasting") == 2


def test_a_correction_up_adds_people_who_time_out_like_anyone_else() -> None:
    t = tracker(timeout_min=30)
    go(t, "10:00", "v0", "demo")
    t.correct("demo", at("10:10"), 4)
    assert t.occupancy("demo") == 4 and t.unique_visitors("demo") == 1  # counted, not scanned
    t.advance(at("10:31"))
    assert t.occupancy("demo") == 3  # v0 timed out at 10:30
    t.advance(at("10:41"))
    assert t.occupancy("demo") == 0


def test_the_minute_peak_sees_someone_who_came_and_went_within_the_minute() -> None:
    t = tracker()
    t.apply(Passage(at("14:00") + 5, "a", "demo", True))
    t.apply(Passage(at("14:00") + 50, "a", "demo", False))
    t.advance(at("14:05"))
    series = t.series("demo")
    assert series.peak[minute("14:00")] == 1 and series.occupancy[minute("14:00")] == 0
    assert series.occupancy[minute("14:03")] == 0 and series.peak[minute("14:03")] == 0


def test_unique_visitors_and_classes_count_people_once() -> None:
    t = tracker()
    go(t, "10:00", "han", HALL, cls="domestic_buyer")
    for clock in ("10:30", "11:00", "15:00"):
        go(t, clock, "kim", HALL, cls="visitor")
        go(t, clock, "kim", HALL, entering=False)
    assert t.unique_visitors(HALL) == 2
    assert sum(t.classes["visitor"]) == 1 and sum(t.classes["domestic_buyer"]) == 1
    assert t.buyers_inside == 1
    assert t.buyers[minute("09:59")] == 0 and t.buyers[minute("10:00")] == 1 and t.buyers[minute("14:00")] == 1


def test_desk_throughput_counts_every_scan_per_minute() -> None:
    t = tracker()
    for second in (0, 10, 20, 70):
        t.note_scan("desk A", at("09:00") + second)
    assert t.stations["desk A"][minute("09:00")] == 3 and t.stations["desk A"][minute("09:01")] == 1


def test_buckets_peak_hour_and_median() -> None:
    per_minute = [0] * 1440
    per_minute[minute("10:59")] = 4
    per_minute[minute("11:00")] = 3
    per_minute[minute("11:30")] = 3
    assert buckets(per_minute, 60)[10:12] == [4, 6]
    assert buckets(per_minute, 15, upto=minute("11:00"))[-1] == 3
    assert peak_hour(per_minute) == (11, 6)
    assert peak_hour([0] * 1440) is None
    assert median([5.0, 1.0, 3.0]) == 3.0 and median([4.0, 2.0]) == 3.0 and median([]) is None


def test_alerts_start_and_end_at_eighty_and_a_hundred_percent() -> None:
    peak = [0] * 1440
    for m in range(minute("12:00"), minute("12:30")):
        peak[m] = 8  # 80 % of 10
    for m in range(minute("12:10"), minute("12:20")):
        peak[m] = 11
    occupancy = list(peak)
    found = alerts("tasting", peak, occupancy, 10, upto=minute("13:00"))
    assert [(a.level, a.start, a.end, a.peak) for a in found] == [
        (0.8, minute("12:00"), minute("12:30"), 11), (1.0, minute("12:10"), minute("12:20"), 11)]
    still = alerts("tasting", peak, occupancy, 10, upto=minute("12:15"))
    assert [a.end for a in still] == [None, None]


def test_an_alert_ends_in_the_minute_the_count_falls_below_its_level() -> None:
    """The minute's most says the zone reached the level; the count at its end says it is over."""
    peak, occupancy = [0] * 1440, [0] * 1440
    for m in range(minute("17:50"), minute("18:00")):
        peak[m] = occupancy[m] = 9
    peak[minute("18:00")], occupancy[minute("18:00")] = 9, 7  # two left within the minute
    for m in range(minute("18:01"), 1440):
        peak[m] = occupancy[m] = 7
    found = alerts("hall", peak, occupancy, 10, upto=minute("18:30"))
    assert [(a.level, a.start, a.end, a.peak) for a in found] == [(0.8, minute("17:50"), minute("18:00"), 9)]
    assert [a.end for a in alerts("hall", peak, occupancy, 10, upto=minute("18:00"))] == [minute("18:00")]
    # a rush that came and went within one minute is logged, and over in that minute
    spike_peak, spike_occupancy = [0] * 1440, [0] * 1440
    spike_peak[minute("12:00")] = 10
    assert [(a.level, a.start, a.end) for a in alerts("zone", spike_peak, spike_occupancy, 10, 1439)] == [
        (0.8, minute("12:00"), minute("12:00")), (1.0, minute("12:00"), minute("12:00"))]


def test_a_zone_hovering_at_its_level_is_one_alert_until_it_is_clearly_below() -> None:
    """Without a deadband a zone at 79-81 % started a new alert, and a new sound, every minute."""
    peak, occupancy = [0] * 1440, [0] * 1440
    for m in range(minute("12:00"), minute("13:00")):
        peak[m] = occupancy[m] = 81 if m % 2 else 79  # of 100
    for m in range(minute("13:00"), minute("13:30")):
        peak[m] = occupancy[m] = 76  # still within 5 points of 80 %
    for m in range(minute("13:30"), 1440):
        peak[m] = occupancy[m] = 70
    found = alerts("tasting", peak, occupancy, 100, upto=minute("14:00"))
    assert [(a.level, a.start, a.end, a.peak) for a in found] == [(0.8, minute("12:01"), minute("13:30"), 81)]


def test_the_queue_a_desk_rate_implies() -> None:
    per_minute = [0] * 1440
    for m in range(minute("09:00"), minute("09:05")):
        per_minute[m] = 10
    estimate = implied_queue(per_minute, minute("09:04"), lane_per_minute=12)
    assert estimate.per_minute == 10 and estimate.utilisation == pytest.approx(10 / 12)
    assert estimate.waiting == pytest.approx((10 / 12) ** 2 / (1 - 10 / 12))  # about 4 people
    assert estimate.wait_s == pytest.approx(estimate.waiting / 10 * 60)  # about 25 s
    busy = implied_queue([12] * 1440, 600, lane_per_minute=12)
    assert busy.waiting is None  # saturated: the queue is growing


def test_at_closing_time_everyone_still_counted_inside_has_left() -> None:
    t = OccupancyTracker([ZoneRule("demo", 10, None)], ZoneRule(HALL, 100, None), DAY, closes_at=at("18:30"))
    go(t, "17:00", "kim", HALL)
    go(t, "17:10", "kim", "demo")
    t.advance(at("18:29"))
    assert t.occupancy(HALL) == 1
    t.advance(at("19:00"))
    assert t.occupancy(HALL) == 0 and t.occupancy("demo") == 0
    assert t.causes(HALL)[Cause.CLOSING] == 1 and t.series(HALL).occupancy[minute("18:30")] == 0
    assert t.series(HALL).occupancy[minute("18:29")] == 1
