"""The cells of request lists as people type them (domain/request_cells.py), and names compared
as an organizer would (domain/name_match.py): the forms the import understands, and those it
reports instead of guessing."""

from __future__ import annotations

import datetime as dt

import pytest

from expo_console.domain.name_match import closest, company_key
from expo_console.domain.request_cells import (
    Side,
    parse_days,
    parse_language,
    parse_rank,
    parse_side,
)

DAYS = tuple(dt.date(2022, 10, 4) + dt.timedelta(days=i) for i in range(4))
D = dict(zip((4, 5, 6, 7), DAYS, strict=True))


@pytest.mark.parametrize(("text", "days"), [
    ("2022-10-05", (D[5],)), ("2022.10.07", (D[7],)), ("10/5, 10/6", (D[5], D[6])), ("10월 5일", (D[5],)),
    ("5일", (D[5],)), ("1일차", (D[4],)), ("Day 2", (D[5],)), ("10/4~10/6", (D[4], D[5], D[6])),
    ("2일차~3일차", (D[5], D[6])), ("전일", DAYS), ("", ()),
    ("10/9", None), ("2022-13-45", None), ("내일", None), ("5일차", None)])
def test_days_are_read_in_the_forms_lists_use_and_refused_outside_the_event(text: str, days: object) -> None:
    assert parse_days(text, DAYS) == days


@pytest.mark.parametrize(("text", "rank"), [("1", 1), ("1순위", 1), ("2지망", 2), ("3rd", 3), ("첫째", 1),
                                            ("두번째", 2), ("0", None), ("100", None), ("높음", None)])
def test_ranks(text: str, rank: int | None) -> None:
    assert parse_rank(text) == rank


@pytest.mark.parametrize(("text", "side"), [("", Side.BUYER), ("바이어", Side.BUYER), ("Exhibitor", Side.EXHIBITOR),
                                            ("참가기업", Side.EXHIBITOR), ("기업 희망", Side.EXHIBITOR),
                                            ("상호", Side.MUTUAL), ("Both", Side.MUTUAL), ("VIP", None)])
def test_who_asked(text: str, side: Side | None) -> None:
    assert parse_side(text) == side


@pytest.mark.parametrize(("text", "code"), [("중국어", "zh"), ("中文", "zh"), ("Chinese (Mandarin)", "zh"),
                                            ("일본어", "ja"), ("Vietnamese", "vi"), ("zh", "zh"), ("없음", ""),
                                            ("", ""), ("클링온어", None)])
def test_languages(text: str, code: str | None) -> None:
    assert parse_language(text) == code


def test_a_company_is_one_key_whatever_its_legal_form_spacing_or_case() -> None:
    forms = ["(주)한빛메디칼", "㈜ 한빛메디칼", "한빛메디칼 주식회사", "주식회사 한빛 메디칼"]
    assert {company_key(f) for f in forms} == {"한빛메디칼"}
    assert company_key("HANBIT MEDICAL Co., Ltd.") == company_key("Hanbit Medical Inc") == "hanbitmedical"


def test_the_closest_names_put_a_one_letter_typo_and_a_shared_start_first() -> None:
    names = [("한빛메디칼", "(주)한빛메디칼"), ("한빛전자", "(주)한빛전자"), ("새한바이오", "(주)새한바이오")]
    assert closest("한빚메디칼", names)[0] == "(주)한빛메디칼"  # 빚 for 빛: one letter off
    people = [("김수율", "김수율"), ("김예수", "김예수"), ("김시", "김시")]
    assert closest("김수밍", people)[0] == "김수율"
    assert closest("전혀다른이름", names) == []
