"""Each role against each protected service (issue 21): one real call of every service that touches
personal data or the event's settings, made by an operator of each role on a copy of a small demo
event (a visitor with a badge, a gate). The call succeeds exactly when the role may do the action
it performs (domain/access.ALLOWED); a refusal is AccessDenied 'role_may_not', and leaves every
table of the event file as it was and writes no file (nor the desk's badge key).

A case is (the service, the action(s) it needs, the call, and what the organizer prepares for
it). A new service that calls require() without a case here fails the last test."""

from __future__ import annotations

import ast
import datetime as dt
import hashlib
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from expo_console.domain.access import SUPERVISORS, Action, Role, may
from expo_console.domain.booking_records import BookingStatus
from expo_console.domain.bookings import BookingKind
from expo_console.domain.consultations import Session
from expo_console.domain.occupancy import HALL
from expo_console.domain.visitors import Consent, VisitorDraft
from expo_console.services import access_records, access_watch, event_settings, events, operators
from expo_console.services.access import AccessDenied
from expo_console.services.access_records import RecordFilter
from expo_console.services.badge_print import batch, print_jobs, printing
from expo_console.services.badge_print.batch import select_visitors
from expo_console.services.badges import codes, key_files
from expo_console.services.bookings import allocation as b_allocation
from expo_console.services.bookings import outcomes as b_outcomes
from expo_console.services.bookings import request_import as b_request_import
from expo_console.services.bookings import request_preview as b_request_preview
from expo_console.services.bookings import requests as b_requests
from expo_console.services.bookings import results as b_results
from expo_console.services.bookings import schedule as b_schedule
from expo_console.services.bookings import setup as b_setup
from expo_console.services.bookings.prints import files as b_prints
from expo_console.services.checkin import (
    admission_conflicts,
    annulment,
    gate_rules,
    gates,
    scanning,
)
from expo_console.services.checkin.scanning import ScanContext, Station
from expo_console.services.consultations import live_board as c_live_board
from expo_console.services.consultations import outcomes as c_outcomes
from expo_console.services.consultations import request_import, request_preview
from expo_console.services.consultations import results as c_results
from expo_console.services.consultations import results_files as c_results_files
from expo_console.services.consultations import schedule as c_schedule
from expo_console.services.consultations import setup as c_setup
from expo_console.services.consultations.prints import schedule_files as c_prints
from expo_console.services.demo import bookings as demo_bookings
from expo_console.services.demo import consultations as demo_consultations
from expo_console.services.demo import simulation
from expo_console.services.demo import visitors as demo_visitors
from expo_console.services.desk import config_dir
from expo_console.services.events import open_event
from expo_console.services.hub import edit_lease
from expo_console.services.hub import publish as hub_publish
from expo_console.services.hub.common import HubError
from expo_console.services.importing import importer, mappings, runs
from expo_console.services.layout import floor_plan, plan_json
from expo_console.services.print_system import NoPrintSystem
from expo_console.services.registration import export, person_data, purge, visitor_index, visitors
from expo_console.services.traffic import counting, day, report
from expo_console.services.traffic import export as traffic_export
from expo_console.storage import audit_repo, scans_repo
from expo_console.storage.connection import EventStore, Stamp
from expo_console.storage.scans_repo import ScanRow
from support import TEST_STAMP

SERVICES = Path(__file__).resolve().parents[2] / "expo_console" / "services"
STATION = "matrix"
DAY_TWO = dt.date(2022, 10, 5)  # a day of the demo event (2022-10-04 to 07)
NO_HUB = "postgresql://nobody@127.0.0.1:1/nothing"  # nothing listens there: an allowed publish gets that far
TARGET = "대상자"  # an operator the organizer makes for the cases that manage one
DRAFT = VisitorDraft(name="정새봄", company="봄상사", phone="010-2468-1357", email="spring@example.com",
                     consents=frozenset({Consent.REQUIRED}))


@dataclass
class World:
    """The copied event as the organizer left it for one call."""

    store: EventStore
    folder: Path  # where calls write their files
    visitor: str  # a registered visitor with a badge
    other: str  # another one
    gate: str  # a hall entrance
    code: str  # the visitor's badge code
    made: Any = None  # what the case's preparation made for its call

    def context(self) -> ScanContext:
        return ScanContext(self.store, Station(STATION, self.gate))


@dataclass(frozen=True)
class Case:
    service: Callable[..., Any]  # the function whose role check this case exercises
    actions: tuple[Action, ...]  # the role must allow them all
    call: Callable[[World], Any]
    prepare: Callable[[World], Any] | None = None  # made as the organizer, before the snapshot
    allowed_fails_with: type[Exception] | None = None  # an allowed call that fails later for another reason
    name: str = ""

    @property
    def id(self) -> str:
        return self.name or self.service.__qualname__

    def may(self, role: Role) -> bool:
        return all(may(role, action) for action in self.actions)


def _scan_made(world: World) -> str:
    [result] = scanning.scan(world.context(), world.code)
    assert result.scan_id is not None
    return result.scan_id


def _csv(world: World) -> Path:
    path = world.folder / "list.csv"
    path.write_text("성명,회사명,휴대폰,이메일,구분\n한가람,가람상사,010-9876-5432,garam@example.com,참관객\n",
                    encoding="utf-8")
    return path


def _booth_moved(world: World) -> list[Any]:
    booth = floor_plan.load_plan(world.store).booths[0]
    return [booth.moved(booth.x, booth.y + 0.5)]


def _ko_buyer(world: World) -> str:
    return next(b.id for b in c_setup.load(world.store).buyers if b.language == "ko")


def _requests_csv(world: World) -> Path:
    """A buyers' wish list naming a buyer and an exhibitor of the event."""
    loaded = c_setup.load(world.store)
    path = world.folder / "requests.csv"
    path.write_text(f"바이어명,회사명,희망기업1\n{loaded.buyers[0].name},{loaded.buyers[0].company},"
                    f"{loaded.exhibitors[3].name}\n", encoding="utf-8")
    return path


def _zone_ready(world: World) -> None:
    """A session on day two, four tables and one request: what a solve needs."""
    loaded = c_setup.load(world.store)
    c_setup.set_session(world.store, Session(DAY_TWO, dt.time(10), dt.time(12)))
    c_setup.place_tables(world.store, 4)
    c_setup.put_request(world.store, _ko_buyer(world), loaded.exhibitors[0].id, buyer_rank=1)


def _solved(world: World) -> c_schedule.MeetingRecord:
    _zone_ready(world)
    c_schedule.solve_schedule(world.store, time_limit=2)
    return c_schedule.meetings(world.store)[0]


STUDIO = BookingKind.STUDIO


def _studio_ready(world: World) -> str:
    """A studio session on day two, one set, one request: the request's id."""
    b_setup.set_session(world.store, STUDIO, Session(DAY_TWO, dt.time(10), dt.time(12), 40, gap_minutes=10))
    b_setup.place_resources(world.store, STUDIO, ["A"])
    exhibitor = next(iter(b_setup.exhibitor_names(world.store)))
    return b_requests.put_request(world.store, STUDIO, b_requests.RequestInput(exhibitor))[0]


def _broadcast_booked(world: World) -> b_schedule.BookingRecord:
    request_id = _studio_ready(world)
    slot = b_setup.load(world.store, STUDIO).slots[0]
    return b_schedule.booking(world.store, b_schedule.add_booking(world.store, request_id, slot, 1)[0])


def _broadcast_missed(world: World) -> str:
    booked = _broadcast_booked(world)
    b_outcomes.set_status(world.store, booked.id, BookingStatus.NO_SHOW)
    exhibitor = list(b_setup.exhibitor_names(world.store))[1]
    b_requests.put_request(world.store, STUDIO, b_requests.RequestInput(exhibitor))
    return booked.id


def _booking_csv(world: World) -> Path:
    """A studio request list naming an exhibitor of the event."""
    path = world.folder / "studio.csv"
    path.write_text(f"기업명,희망일시,제품\n{next(iter(b_setup.exhibitor_names(world.store).values())).name},오후,김치\n",
                    encoding="utf-8")
    return path


def _walk_in_offered(world: World) -> c_live_board.WalkInOffer:
    """A walk-in offered the solved meeting's buyer with another exhibitor, at a free place."""
    meeting = _solved(world)
    world.made = meeting
    slot, table = _free_place(world)
    return c_live_board.WalkInOffer(meeting.buyer_id, c_setup.load(world.store).exhibitors[2].id, slot, table, None,
                                    now=False)


def _free_place(world: World) -> tuple[Any, int]:
    """A slot and table where the solved meeting could go instead."""
    meeting = world.made
    slot = next(s for s in c_schedule.slots_of(c_setup.load(world.store), [DAY_TWO]) if s != meeting.slot)
    return slot, meeting.table

V = Action
CASES: list[Case] = [
    # the visitors: who they are, finding them, registering and changing them
    Case(visitors.get_visitor, (V.VIEW_VISITORS,), lambda w: visitors.get_visitor(w.store, w.visitor)),
    Case(visitor_index.build_index, (V.VIEW_VISITORS,), lambda w: visitor_index.build_index(w.store)),
    Case(visitor_index.index_row, (V.VIEW_VISITORS,), lambda w: visitor_index.index_row(w.store, w.visitor)),
    Case(visitors.find_duplicates, (V.VIEW_VISITORS,), lambda w: visitors.find_duplicates(w.store, DRAFT)),
    Case(visitors.register_visitor, (V.REGISTER,), lambda w: visitors.register_visitor(w.store, DRAFT)),
    Case(importer.run_import, (V.REGISTER,), lambda w: importer.import_file(w.store, w.made), prepare=_csv),
    Case(mappings.remember, (V.REGISTER,), lambda w: mappings.remember(w.store, w.made),
         prepare=lambda w: importer.plan_import(_csv(w))),
    Case(runs.dismiss_interrupted, (V.REGISTER,), lambda w: runs.dismiss_interrupted(w.store, "no-such-run")),
    Case(demo_visitors.add_demo_visitors, (V.REGISTER,), lambda w: demo_visitors.add_demo_visitors(w.store, 2)),
    Case(visitors.update_visitor, (V.EDIT_VISITOR,), lambda w: visitors.update_visitor(
        w.store, w.visitor, replace(visitors.draft_from_row(w.made), title="대표"), allow_duplicate=True),
         prepare=lambda w: visitors.get_visitor(w.store, w.visitor)),
    Case(visitors.reveal_phone, (V.REVEAL_PHONE,), lambda w: visitors.reveal_phone(w.store, w.visitor, "called back")),
    Case(visitors.set_blocked, (V.BLOCK_VISITOR,), lambda w: visitors.set_blocked(w.store, w.visitor, True, "lost badge")),
    Case(visitors.delete_visitor, (V.DELETE_VISITOR,), lambda w: visitors.delete_visitor(w.store, w.other, "asked")),
    Case(export.export_visitors, (V.EXPORT_LIST,), lambda w: export.export_visitors(w.store, w.folder / "list.csv"),
         name="export_visitors(masked)"),
    Case(export.export_visitors, (V.EXPORT_UNMASKED,), lambda w: export.export_visitors(
        w.store, w.folder / "full.csv", unmask=True, reason="courier"), name="export_visitors(unmask)"),
    Case(person_data.person_data, (V.PERSON_DATA,), lambda w: person_data.person_data(w.store, w.visitor)),
    Case(person_data.export_person_data, (V.PERSON_DATA,),
         lambda w: person_data.export_person_data(w.store, w.visitor, w.folder / "person.json")),
    Case(purge.purge_personal_data, (V.PURGE,),
         lambda w: purge.purge_personal_data(w.store, today=dt.date(2030, 1, 1), certificate=w.folder / "purged.pdf")),
    Case(purge.check_purge, (V.PURGE,), lambda w: purge.check_purge(w.store, dt.date(2030, 1, 1))),
    Case(purge.certificate_again, (V.PURGE,), lambda w: purge.certificate_again(w.store, w.folder / "again.pdf"),
         prepare=lambda w: purge.purge_personal_data(w.store, today=dt.date(2030, 1, 1))),
    # badges: issuing, drawing, printing
    Case(codes.issue_badge, (V.PRINT_BADGES,), lambda w: codes.issue_badge(w.store, w.visitor, reissue=True)),
    Case(codes.issue_badges, (V.PRINT_BADGES,), lambda w: codes.issue_badges(w.store, [w.visitor, w.other])),
    Case(codes.current_badge, (V.PRINT_BADGES,), lambda w: codes.current_badge(w.store, w.visitor)),
    Case(batch.select_visitors, (V.PRINT_BADGES,), lambda w: batch.select_visitors(w.store, everyone=True)),
    Case(batch.render_batch, (V.PRINT_BADGES,), lambda w: batch.render_batch(w.store, w.folder / "b.pdf", [w.visitor])),
    Case(batch.write_badges_pdf, (V.PRINT_BADGES,),
         lambda w: batch.write_badges_pdf(w.store, w.folder / "badges.pdf", [w.visitor, w.other])),
    Case(batch.log_batch, (V.PRINT_BADGES,), lambda w: batch.log_batch(w.store, w.made, "desk printer", "printed"),
         prepare=lambda w: batch.render_batch(w.store, w.folder / "batch.pdf", [w.visitor])),
    Case(printing.record_print, (V.PRINT_BADGES,), lambda w: printing.record_print(w.store, w.made, "P", "printed"),
         prepare=lambda w: printing.prepare_print(w.store, w.visitor, "a6")[0]),
    Case(print_jobs.follow_jobs, (V.PRINT_BADGES,), lambda w: print_jobs.follow_jobs(w.store, NoPrintSystem("none"))),
    Case(print_jobs.confirm_printed, (V.PRINT_BADGES,), lambda w: print_jobs.confirm_printed(w.store, [w.visitor])),
    Case(printing.prepare_print, (V.PRINT_BADGES,), lambda w: printing.prepare_print(w.store, w.visitor, "a6")),
    Case(print_jobs.send_badges, (V.PRINT_BADGES,), lambda w: print_jobs.send_badges(
        w.store, NoPrintSystem("none here"), [w.visitor], printer="desk printer")),
    # the gates
    Case(scanning.ScanContext.__post_init__, (V.SCAN,), lambda w: scanning.scan(w.context(), w.code), name="scan"),
    Case(scanning.admit_by_hand, (V.SCAN,), lambda w: scanning.admit_by_hand(w.context(), w.other, "forgot badge"),
         name="admit_by_hand"),
    Case(scanning.let_out_by_hand, (V.SCAN,), lambda w: scanning.let_out_by_hand(
        w.context(), w.visitor, "fire drill", supervisor="organizer", supervisor_pin="0000"), name="let_out_by_hand"),
    Case(annulment.annul_scan, (V.SCAN,), lambda w: annulment.annul_scan(w.store, w.made, station=STATION,
                                                                          reason="wrong way"), prepare=_scan_made),
    Case(gate_rules.set_rule, (V.CHANGE_SETTINGS,),
         lambda w: gate_rules.set_rule(w.store, gate_rules.HALL, {"admission": "free"})),
    Case(gates.set_admission_rule, (V.CHANGE_SETTINGS,), lambda w: gates.set_admission_rule(w.store, "free")),
    Case(admission_conflicts.list_conflicts, (V.VIEW_TRAFFIC,), lambda w: admission_conflicts.list_conflicts(w.store)),
    # traffic: the dashboard's figures, head counts, reports, the counting settings
    Case(day.TrafficDay.__init__, (V.VIEW_TRAFFIC,), lambda w: day.TrafficDay(w.store, DAY_TWO), name="TrafficDay"),
    Case(report.write_day_report, (V.VIEW_TRAFFIC,),
         lambda w: report.write_day_report(w.store, DAY_TWO, w.folder / "day.pdf")),
    Case(traffic_export.export_series, (V.VIEW_TRAFFIC,),
         lambda w: traffic_export.export_series(w.store, DAY_TWO, w.folder / "series.csv")),
    Case(counting.correct_count, (V.HEAD_COUNT,), lambda w: counting.correct_count(w.store, HALL, 12, note="by hand")),
    Case(counting.save_settings, (V.CHANGE_SETTINGS,), lambda w: counting.save_settings(
        w.store, hall_capacity=900, closes=dt.time(18), lane_per_minute=20, timeouts_min={})),
    Case(counting.set_hall_capacity, (V.CHANGE_SETTINGS,), lambda w: counting.set_hall_capacity(w.store, 800)),
    Case(counting.set_closing_time, (V.CHANGE_SETTINGS,), lambda w: counting.set_closing_time(w.store, dt.time(19))),
    Case(counting.set_lane_per_minute, (V.CHANGE_SETTINGS,), lambda w: counting.set_lane_per_minute(w.store, 30)),
    Case(counting.set_zone_timeout, (V.CHANGE_SETTINGS,), lambda w: counting.set_zone_timeout(
        w.store, counting.counted_zones(w.store)[0].id, 45)),
    # the demo's simulated days
    Case(simulation.simulate_day, simulation.SIMULATING, lambda w: simulation.simulate_day(w.store, DAY_TWO, 3)),
    Case(simulation.remove_simulated_visitors, (V.DELETE_VISITOR,),
         lambda w: simulation.remove_simulated_visitors(w.store)),
    # the event's settings and its floor plan
    Case(event_settings.put, (V.CHANGE_SETTINGS,),
         lambda w: event_settings.put(w.store, event_settings.RETENTION_DAYS, 60)),
    Case(events.set_event_setting, (V.CHANGE_SETTINGS,), lambda w: events.set_event_setting(w.store, "badge_romanize",
                                                                                            True)),
    Case(floor_plan.refuse_unless_leased, (V.CHANGE_SETTINGS,), lambda w: floor_plan.refuse_unless_leased(w.store)),
    Case(floor_plan.set_hall, (V.CHANGE_SETTINGS,), lambda w: floor_plan.set_hall(w.store, floor_plan.current_hall(w.store))),
    Case(floor_plan.set_rules, (V.CHANGE_SETTINGS,), lambda w: floor_plan.set_rules(w.store, floor_plan.rules(w.store))),
    Case(floor_plan.set_locked, (V.CHANGE_SETTINGS,), lambda w: floor_plan.set_locked(w.store, True)),
    Case(floor_plan.put_booths, (V.CHANGE_SETTINGS,), lambda w: floor_plan.put_booths(w.store, w.made),
         prepare=_booth_moved),
    Case(floor_plan.put_zones, (V.CHANGE_SETTINGS,),
         lambda w: floor_plan.put_zones(w.store, list(floor_plan.load_plan(w.store).zones[:1]))),
    Case(floor_plan.set_background, (V.CHANGE_SETTINGS,), lambda w: floor_plan.set_background(w.store, None)),
    Case(plan_json.import_layout, (V.CHANGE_SETTINGS,), lambda w: plan_json.import_layout(w.store, w.made),
         prepare=lambda w: plan_json.export_layout(w.store, w.folder / "layout.json") or w.folder / "layout.json"),
    # operators
    Case(operators.create_operator, (V.MANAGE_OPERATORS,),
         lambda w: operators.create_operator(w.store, "새운영자", Role.GATE, "2468")),
    Case(operators.list_operators, (V.MANAGE_OPERATORS,), lambda w: operators.list_operators(w.store)),
    Case(operators.set_pin, (V.MANAGE_OPERATORS,), lambda w: operators.set_pin(w.store, TARGET, "8642"),
         prepare=lambda w: operators.create_operator(w.store, TARGET, Role.VIEWER, "0000"), name="set_pin(another's)"),
    Case(operators.set_role, (V.MANAGE_OPERATORS,), lambda w: operators.set_role(w.store, TARGET, Role.GATE),
         prepare=lambda w: operators.create_operator(w.store, TARGET, Role.VIEWER, "0000")),
    Case(operators.disable, (V.MANAGE_OPERATORS,), lambda w: operators.disable(w.store, TARGET),
         prepare=lambda w: operators.create_operator(w.store, TARGET, Role.VIEWER, "0000")),
    Case(operators.enable, (V.MANAGE_OPERATORS,), lambda w: operators.enable(w.store, TARGET),
         prepare=lambda w: (operators.create_operator(w.store, TARGET, Role.VIEWER, "0000"),
                            operators.disable(w.store, TARGET))),
    Case(operators.disable_demo_operators, (V.MANAGE_OPERATORS,), lambda w: operators.disable_demo_operators(w.store)),
    # the access records, and the day's unusual patterns (whose counts, naming nobody, are the daily report's)
    Case(access_records.prepare, (V.VIEW_AUDIT,), lambda w: access_records.prepare(w.store, RecordFilter())),
    Case(access_records.list_records, (V.VIEW_AUDIT,), lambda w: access_records.list_records(w.store, RecordFilter())),
    Case(access_records.count_records, (V.VIEW_AUDIT,),
         lambda w: access_records.count_records(w.store, RecordFilter())),
    Case(access_records.every_record, (V.VIEW_AUDIT,),
         lambda w: list(access_records.every_record(w.store, RecordFilter()))),
    Case(access_records.facets, (V.VIEW_AUDIT,), lambda w: access_records.facets(w.store)),
    Case(access_records.export_records, (V.VIEW_AUDIT,),
         lambda w: access_records.export_records(w.store, RecordFilter(), w.folder / "records.csv")),
    Case(access_watch.unusual_access, (V.VIEW_AUDIT,), lambda w: access_watch.unusual_access(w.store, DAY_TWO)),
    Case(access_watch.unusual_counts, (V.VIEW_TRAFFIC,), lambda w: access_watch.unusual_counts(w.store, DAY_TWO)),
    # the consultation zone: its setup, the schedule, and the day's arrivals and outcomes
    Case(c_setup.set_buyer, (V.PLAN_MEETINGS,), lambda w: c_setup.set_buyer(w.store, _ko_buyer(w), language="zh")),
    Case(c_setup.set_exhibitor, (V.PLAN_MEETINGS,), lambda w: c_setup.set_exhibitor(
        w.store, c_setup.load(w.store).exhibitors[0].id, seats=2)),
    Case(c_setup.put_interpreter, (V.PLAN_MEETINGS,), lambda w: c_setup.put_interpreter(w.store, "왕리", ["zh"])),
    Case(c_setup.remove_interpreter, (V.PLAN_MEETINGS,), lambda w: c_setup.remove_interpreter(w.store, w.made),
         prepare=lambda w: c_setup.put_interpreter(w.store, "왕리", ["zh"])[0]),
    Case(c_setup.set_session, (V.PLAN_MEETINGS,), lambda w: c_setup.set_session(
        w.store, Session(DAY_TWO, dt.time(10), dt.time(12)))),
    Case(c_setup.remove_session, (V.PLAN_MEETINGS,), lambda w: c_setup.remove_session(w.store, DAY_TWO)),
    Case(c_setup.place_tables, (V.PLAN_MEETINGS,), lambda w: c_setup.place_tables(w.store, 4)),
    Case(c_setup.put_request, (V.PLAN_MEETINGS,), lambda w: c_setup.put_request(
        w.store, _ko_buyer(w), c_setup.load(w.store).exhibitors[1].id, buyer_rank=2)),
    Case(c_setup.remove_request, (V.PLAN_MEETINGS,), lambda w: c_setup.remove_request(
        w.store, _ko_buyer(w), c_setup.load(w.store).exhibitors[0].id), prepare=_zone_ready),
    Case(demo_consultations.add_demo_consultations, (V.PLAN_MEETINGS,),
         lambda w: demo_consultations.add_demo_consultations(w.store, seed=7)),
    Case(demo_consultations.add_day_outcomes, (V.RECORD_OUTCOMES,),
         lambda w: demo_consultations.add_day_outcomes(w.store, DAY_TWO), prepare=_solved),
    Case(request_preview.preview_requests, (V.PLAN_MEETINGS,), lambda w: request_preview.preview_requests(
        w.store, request_import.plan_requests(w.made)), prepare=_requests_csv),
    Case(request_import.run_request_import, (V.PLAN_MEETINGS,), lambda w: request_import.run_request_import(
        w.store, request_import.plan_requests(w.made)), prepare=_requests_csv),
    Case(request_import.import_requests, (V.PLAN_MEETINGS,), lambda w: request_import.import_requests(
        w.store, w.made), prepare=_requests_csv),
    Case(c_schedule.solve_schedule, (V.PLAN_MEETINGS,), lambda w: c_schedule.solve_schedule(w.store, time_limit=2),
         prepare=_zone_ready),
    Case(c_schedule.move_meeting, (V.PLAN_MEETINGS,), lambda w: c_schedule.move_meeting(
        w.store, w.made.id, *_free_place(w)), prepare=_solved),
    Case(c_schedule.set_fixed, (V.PLAN_MEETINGS,), lambda w: c_schedule.set_fixed(w.store, w.made.id, True),
         prepare=_solved),
    Case(c_schedule.add_meeting, (V.PLAN_MEETINGS,), lambda w: c_schedule.add_meeting(
        w.store, w.made.buyer_id, c_setup.load(w.store).exhibitors[2].id, *_free_place(w)), prepare=_solved),
    Case(c_schedule.remove_meeting, (V.PLAN_MEETINGS,), lambda w: c_schedule.remove_meeting(w.store, w.made.id),
         prepare=_solved),
    Case(c_schedule.restore_meeting, (V.PLAN_MEETINGS,), lambda w: c_schedule.restore_meeting(w.store, w.made),
         prepare=lambda w: (m := _solved(w), c_schedule.remove_meeting(w.store, m.id))[0]),
    Case(c_outcomes.mark_arrived, (V.RECORD_OUTCOMES,), lambda w: c_outcomes.mark_arrived(w.store, w.made.id),
         prepare=_solved),
    Case(c_outcomes.record_outcome, (V.RECORD_OUTCOMES,), lambda w: c_outcomes.record_outcome(
        w.store, w.made.id, c_outcomes.Outcome(amount="1500만")), prepare=_solved),
    # the consultation results (성과): companies and countries, never a person, so every role's
    Case(c_results.consultation_results, (V.VIEW_TRAFFIC,), lambda w: c_results.consultation_results(w.store),
         prepare=_solved),
    Case(c_results_files.write_results_file, (V.VIEW_TRAFFIC,),
         lambda w: c_results_files.write_results_file(w.store, w.folder / "results.xlsx", DAY_TWO), prepare=_solved,
         name="write_results_file(xlsx)"),
    # the schedule on paper and in a workbook: it names the buyers
    Case(c_prints.write_itineraries, (V.PLAN_MEETINGS,),
         lambda w: c_prints.write_itineraries(w.store, w.folder / "itineraries.pdf"), prepare=_solved),
    Case(c_prints.write_exhibitor_schedules, (V.PLAN_MEETINGS,), lambda w: c_prints.write_exhibitor_schedules(
        w.store, w.folder / "exhibitor.pdf", [w.made.exhibitor_id]), prepare=_solved),
    Case(c_prints.write_interpreter_schedules, (V.PLAN_MEETINGS,),
         lambda w: c_prints.write_interpreter_schedules(w.store, w.folder / "interpreters.pdf"),
         prepare=lambda w: (_solved(w), c_setup.put_interpreter(w.store, "왕리", ["zh"]))[0]),
    Case(c_prints.write_door_sheets, (V.PLAN_MEETINGS,),
         lambda w: c_prints.write_door_sheets(w.store, w.folder / "doors.pdf", day=DAY_TWO), prepare=_solved),
    Case(c_prints.export_schedule, (V.PLAN_MEETINGS,),
         lambda w: c_prints.export_schedule(w.store, w.folder / "schedule.xlsx"), prepare=_solved),
    Case(c_outcomes.set_usd_rate, (V.CHANGE_SETTINGS,), lambda w: c_outcomes.set_usd_rate(w.store, "1350")),
    Case(c_live_board.place_walk_in, (V.RECORD_OUTCOMES,), lambda w: c_live_board.place_walk_in(w.store, w.made),
         prepare=_walk_in_offered),
    # the studio and the photo corner (issue 18): planned like the consultations, results as outcomes
    Case(b_setup.set_rules, (V.PLAN_MEETINGS,), lambda w: b_setup.set_rules(
        w.store, STUDIO, b_setup.Rules(2, b_setup.Order.PRIORITY))),
    Case(b_setup.set_session, (V.PLAN_MEETINGS,), lambda w: b_setup.set_session(
        w.store, STUDIO, Session(DAY_TWO, dt.time(10), dt.time(12), 40, gap_minutes=10))),
    Case(b_setup.remove_session, (V.PLAN_MEETINGS,), lambda w: b_setup.remove_session(w.store, STUDIO, DAY_TWO),
         prepare=_studio_ready),
    Case(b_setup.place_resources, (V.PLAN_MEETINGS,), lambda w: b_setup.place_resources(w.store, STUDIO, ["A", "B"])),
    Case(b_requests.put_request, (V.PLAN_MEETINGS,), lambda w: b_requests.put_request(
        w.store, STUDIO, b_requests.RequestInput(next(iter(b_setup.exhibitor_names(w.store)))))),
    Case(b_requests.set_priority, (V.PLAN_MEETINGS,), lambda w: b_requests.set_priority(w.store, w.made, 1),
         prepare=_studio_ready),
    Case(b_requests.remove_requests, (V.PLAN_MEETINGS,), lambda w: b_requests.remove_requests(w.store, [w.made]),
         prepare=_studio_ready),
    Case(b_allocation.solve_bookings, (V.PLAN_MEETINGS,), lambda w: b_allocation.solve_bookings(
        w.store, STUDIO, time_limit=2), prepare=_studio_ready),
    Case(b_schedule.add_booking, (V.PLAN_MEETINGS,), lambda w: b_schedule.add_booking(
        w.store, w.made, b_setup.load(w.store, STUDIO).slots[0], 1), prepare=_studio_ready),
    Case(b_schedule.move_booking, (V.PLAN_MEETINGS,), lambda w: b_schedule.move_booking(
        w.store, w.made.id, b_setup.load(w.store, STUDIO).slots[1], 1), prepare=_broadcast_booked),
    Case(b_schedule.set_fixed, (V.PLAN_MEETINGS,), lambda w: b_schedule.set_fixed(w.store, w.made.id, True),
         prepare=_broadcast_booked),
    Case(b_schedule.remove_booking, (V.PLAN_MEETINGS,), lambda w: b_schedule.remove_booking(w.store, w.made.id),
         prepare=_broadcast_booked),
    Case(b_schedule.restore_booking, (V.PLAN_MEETINGS,), lambda w: b_schedule.restore_booking(w.store, w.made),
         prepare=lambda w: (b := _broadcast_booked(w), b_schedule.remove_booking(w.store, b.id))[0]),
    Case(b_schedule.give_freed_slot, (V.RECORD_OUTCOMES,), lambda w: b_schedule.give_freed_slot(w.store, w.made),
         prepare=_broadcast_missed),
    Case(b_outcomes.set_status, (V.RECORD_OUTCOMES,), lambda w: b_outcomes.set_status(
        w.store, w.made.id, BookingStatus.HELD), prepare=_broadcast_booked),
    Case(b_outcomes.record_results, (V.RECORD_OUTCOMES,), lambda w: b_outcomes.record_results(
        w.store, w.made.id, b_outcomes.Results(viewers="1200", sales="320만")), prepare=_broadcast_booked),
    Case(b_request_preview.preview_booking_requests, (V.PLAN_MEETINGS,),
         lambda w: b_request_preview.preview_booking_requests(w.store, STUDIO, b_request_import.plan_booking_requests(
             w.made)), prepare=_booking_csv),
    Case(b_request_import.run_booking_request_import, (V.PLAN_MEETINGS,),
         lambda w: b_request_import.run_booking_request_import(w.store, STUDIO, b_request_import.plan_booking_requests(
             w.made)), prepare=_booking_csv),
    Case(b_request_import.import_booking_requests, (V.PLAN_MEETINGS,),
         lambda w: b_request_import.import_booking_requests(w.store, STUDIO, w.made), prepare=_booking_csv),
    Case(demo_bookings.add_demo_bookings, (V.PLAN_MEETINGS,), lambda w: demo_bookings.add_demo_bookings(w.store)),
    Case(demo_bookings.add_day_results, (V.RECORD_OUTCOMES,),
         lambda w: demo_bookings.add_day_results(w.store, DAY_TWO), prepare=_broadcast_booked),
    # the studio's results join the results report (성과): companies and channels, every role's
    Case(b_results.booking_results, (V.VIEW_TRAFFIC,), lambda w: b_results.booking_results(w.store, STUDIO),
         prepare=_broadcast_booked),
    # the studio's prints: they name exhibitors, hosts and channels
    Case(b_prints.write_confirmations, (V.PLAN_MEETINGS,), lambda w: b_prints.write_confirmations(
        w.store, STUDIO, w.folder / "confirmations.pdf"), prepare=_broadcast_booked),
    Case(b_prints.write_running_order, (V.PLAN_MEETINGS,), lambda w: b_prints.write_running_order(
        w.store, STUDIO, w.folder / "running-order.pdf", DAY_TWO), prepare=_broadcast_booked),
    Case(b_prints.export_bookings, (V.PLAN_MEETINGS,), lambda w: b_prints.export_bookings(
        w.store, STUDIO, w.folder / "bookings.xlsx"), prepare=_broadcast_booked),
    # the hub, and the badge key handed from desk to desk
    Case(key_files.export_event_key, (V.HUB,), lambda w: key_files.export_event_key(w.store, w.folder / "key.json")),
    Case(key_files.import_event_key, (V.HUB,), lambda w: key_files.import_event_key(w.store, w.made),
         prepare=lambda w: key_files.export_event_key(w.store, w.folder / "given.json") and w.folder / "given.json"),
    Case(key_files.rotate_event_key, (V.HUB,), lambda w: key_files.rotate_event_key(w.store)),
    Case(edit_lease.take, (V.CHANGE_SETTINGS,), lambda w: edit_lease.take(w.store, NO_HUB, take_over=True),
         allowed_fails_with=HubError),  # the floor plan's lease, taken from another desk
    Case(hub_publish.publish, (V.HUB,), lambda w: hub_publish.publish(w.store, NO_HUB, passphrase="a long passphrase"),
         allowed_fails_with=HubError),
]
ROLES = list(Role)


@pytest.fixture(scope="module")
def template(event_templates):  # type: ignore[no-untyped-def]
    return event_templates.demo(visitors=10, badges=True, bookings=False)  # the studio cases set up their own


@pytest.fixture
def world(template, tmp_path: Path) -> Iterator[World]:  # type: ignore[no-untyped-def]
    store = open_event(template.copy_to(tmp_path / "event.expo"), TEST_STAMP)
    try:
        first, second = select_visitors(store, everyone=True)[:2]
        badge = codes.current_badge(store, first)
        assert badge is not None
        gate = next(g["id"] for g in gates.list_gates(store) if g["kind"] == "hall_entrance")
        folder = tmp_path / "out"
        folder.mkdir()
        yield World(store, folder, first, second, gate, badge.code)
    finally:
        store.close()


def snapshot(world: World) -> dict[str, str]:
    return snapshot_of(Path(world.store.path), (world.folder, config_dir()))


def snapshot_of(event_file: Path, folders: Iterable[Path]) -> dict[str, str]:
    """Every table of the event file, and every file in `folders` (the calls' outputs, the desk's
    badge keys), hashed."""
    state: dict[str, str] = {}
    conn = sqlite3.connect(f"file:{event_file}?mode=ro", uri=True)
    try:
        tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        for table in tables:
            rows = sorted(repr(row) for row in conn.execute(f'SELECT * FROM "{table}"'))
            state[f"table {table}"] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    finally:
        conn.close()
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            state[f"file {path}"] = hashlib.sha256(path.read_bytes()).hexdigest()
    return state


@pytest.mark.parametrize("role", ROLES, ids=[r.value for r in ROLES])
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_a_service_does_its_work_exactly_for_the_roles_that_may(world: World, case: Case, role: Role) -> None:
    if case.prepare is not None:
        world.made = case.prepare(world)
    before = snapshot(world)
    world.store.stamp = Stamp(TEST_STAMP.desk_id, role.value, role.value)
    if case.may(role):
        if case.allowed_fails_with is None:
            case.call(world)
        else:
            with pytest.raises(case.allowed_fails_with):
                case.call(world)
        return
    with pytest.raises(AccessDenied) as refused:
        case.call(world)
    assert refused.value.code == "role_may_not", str(refused.value)
    assert dict(refused.value.params)["role"] == role.value
    assert snapshot(world) == before  # nothing written: not the file, not an output, not the key


@pytest.mark.parametrize("supervisor", ROLES, ids=[r.value for r in ROLES])
def test_an_override_at_a_gate_is_let_through_exactly_by_a_supervisor_who_may_override(
        world: World, supervisor: Role) -> None:
    """The gate's operator scans; the override is the supervisor's, signed with their own PIN (the
    demo's operators are named after their roles, PIN 0000)."""
    assert {r for r in Role if may(r, Action.OVERRIDE)} == SUPERVISORS
    world.store.stamp = Stamp(TEST_STAMP.desk_id, "gate", Role.GATE.value)
    before = snapshot(world)
    if may(supervisor, Action.OVERRIDE):
        result = scanning.admit_by_hand(world.context(), world.other, "VIP", supervisor=supervisor.value,
                                        supervisor_pin="0000")
        assert result.scan_id is not None
        return
    with pytest.raises(AccessDenied) as refused:
        scanning.admit_by_hand(world.context(), world.other, "VIP", supervisor=supervisor.value, supervisor_pin="0000")
    assert refused.value.code == "supervisor_refused"
    after = snapshot(world)  # nothing but the refusal's access record (a name that may not vouch, as typed)
    assert {key for key in after if after[key] != before.get(key)} == {"table audit_log"}
    last = audit_repo.entries(world.store.conn)[-1]
    assert (last["action"], last["detail"]) == ("sign_in_failed", {"name": supervisor.value, "unknown": True})


def _functions_calling_require() -> set[str]:
    """module:qualname of every function of the services that calls require() itself."""
    found: set[str] = set()
    for path in SERVICES.rglob("*.py"):
        module = ".".join(("expo_console", "services", *path.relative_to(SERVICES).with_suffix("").parts))
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node, qualname in _functions(tree):
            if path.name != "access.py" and any(
                    isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == "require"
                    for call in ast.walk(node)):
                found.add(f"{module}:{qualname}")
    return found


def _functions(tree: ast.Module) -> Iterator[tuple[ast.AST, str]]:
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            yield node, node.name
        elif isinstance(node, ast.ClassDef):
            for inner in node.body:
                if isinstance(inner, ast.FunctionDef):
                    yield inner, f"{node.name}.{inner.name}"


def test_every_service_that_checks_a_role_has_a_case_here() -> None:
    covered = {f"{c.service.__module__}:{c.service.__qualname__}" for c in CASES}
    missing = sorted(_functions_calling_require() - covered)
    assert missing == [], f"add a case to CASES for each of: {missing}"


def _admitted_at_two_desks(world: World) -> None:
    """The visitor's badge let in at two desks that could not see each other (as a hub's pull
    brings such scans in): an admission conflict on the demo's second day."""
    badge = codes.badge_record(world.store, world.visitor)
    assert badge is not None
    with world.store.write() as conn:
        for n, desk in enumerate(("desk-a", "desk-b")):
            scans_repo.insert(conn, ScanRow(f"conflict-{n}", f"2022-10-05T01:0{n}:00.000Z", f"{desk} gate", world.gate,
                                            "in", "", world.visitor, badge.serial, badge.reissue, badge.key_id,
                                            "admitted", False, "someone", desk))


@pytest.mark.parametrize("role", ROLES, ids=[r.value for r in ROLES])
def test_the_admission_conflicts_name_the_visitor_only_to_a_role_that_may_see_the_visitors(
        world: World, role: Role) -> None:
    """The dashboard's conflict list and the daily report are every role's; a viewer reads the
    badge's serial there, never whose it is."""
    _admitted_at_two_desks(world)
    name = visitors.get_visitor(world.store, world.visitor)["name"]
    world.store.stamp = Stamp(TEST_STAMP.desk_id, role.value, role.value)
    [conflict] = admission_conflicts.list_conflicts(world.store, DAY_TWO)
    assert conflict.badge_serial is not None
    assert (conflict.visitor_name == name) is may(role, Action.VIEW_VISITORS)
    assert bool(conflict.company) is may(role, Action.VIEW_VISITORS)
    summary = report.write_day_report(world.store, DAY_TWO, world.folder / "day.pdf")
    assert [c.visitor_name for c in summary.conflicts] == [conflict.visitor_name]
