from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from expo_console.services.registration.visitor_index import VisitorFilter, VisitorIndex


def row(vid: str, name: str, company: str = "", *, name_en: str = "", phone: str = "",
        email: str = "", cls: str = "visitor", printed: bool = False, checked_in: bool = False,
        blocked: bool = False, simulated: bool = False) -> tuple[Any, ...]:
    return (vid, name, name_en, company, "", cls, phone, email, "KR", int(blocked), printed,
            checked_in, "2022-10-04T00:00:00Z", simulated)


PEOPLE = [
    row("a", "김기문", "중소기업중앙회", name_en="Kim Gimun", phone="010-1234-5678",
        email="kim@kbiz.example", cls="vip", printed=True),
    row("b", "이영", "중소벤처기업부", name_en="Lee Young", phone="010-2222-3333",
        email="lee@mss.example", cls="vip", checked_in=True),
    row("c", "이인용", "삼성전자", name_en="Lee Inyong", phone="010-9999-5678",
        email="lee.iy@samsung.example", cls="domestic_buyer"),
    row("d", "James Smith", "Smith Trading Co.", name_en="James Smith", phone="+1 213 555 0101",
        email="james@example.com", cls="overseas_buyer", blocked=True),
]


def ids(index: VisitorIndex, query: str, flt: VisitorFilter | None = None) -> set[str]:
    return {index.value(int(p), "id") for p in index.search(query, flt)}


def test_search_by_name_given_name_and_initial_consonants() -> None:
    index = VisitorIndex(PEOPLE)
    assert ids(index, "김기") == {"a"}
    assert ids(index, "기문") == {"a"}
    assert ids(index, "ㄱㄱㅁ") == {"a"}
    assert ids(index, "ㅇㅇ") == {"b", "c"}
    assert ids(index, "이") == {"b", "c"}


def test_search_by_english_name_company_email_and_phone_tail() -> None:
    index = VisitorIndex(PEOPLE)
    assert ids(index, "gimun") == {"a"}
    assert ids(index, "LEE") == {"b", "c"}
    assert ids(index, "lee in") == {"c"}  # words are ANDed
    assert ids(index, "전자") == {"c"}  # company matched anywhere, not only at the start
    assert ids(index, "중소") == {"a", "b"}
    assert ids(index, "samsung.example") == {"c"}
    assert ids(index, "5678") == {"a", "c"}
    assert ids(index, "james@") == {"d"}
    assert ids(index, "없는사람") == set()


def test_empty_query_lists_everyone_and_filters_apply() -> None:
    index = VisitorIndex(PEOPLE)
    assert ids(index, "") == {"a", "b", "c", "d"}
    assert ids(index, "", VisitorFilter(visitor_class="vip")) == {"a", "b"}
    assert ids(index, "", VisitorFilter(printed=True)) == {"a"}
    assert ids(index, "", VisitorFilter(checked_in=False)) == {"a", "c", "d"}
    assert ids(index, "", VisitorFilter(blocked=True)) == {"d"}
    assert ids(index, "", VisitorFilter(company="삼성 전자")) == {"c"}
    assert ids(index, "lee", VisitorFilter(visitor_class="vip")) == {"b"}


def test_upsert_and_remove_are_searchable_at_once() -> None:
    index = VisitorIndex(PEOPLE)
    index.upsert(row("e", "박한구", "스마트제조혁신추진단", phone="010-7777-8888"))
    index.upsert(row("a", "김기문", "KBIZ"))  # company changed
    index.remove("b")
    assert ids(index, "ㅂㅎㄱ") == {"e"}
    assert ids(index, "혁신") == {"e"}
    assert ids(index, "kbiz") == {"a"}
    assert ids(index, "중소") == set()
    assert len(index) == 4


def test_order_sorts_by_column_in_korean_order() -> None:
    index = VisitorIndex(PEOPLE)
    ordered = index.order(index.search(""), "name")
    assert [index.value(int(p), "name") for p in ordered] == ["김기문", "이영", "이인용", "James Smith"]
    descending = index.order(index.search(""), "name", descending=True)
    assert index.value(int(descending[0]), "name") == "James Smith"


names = st.sampled_from(["김기문", "김민수", "이영", "박서준", "최지우", "Anna Kim", "똠양"])
companies = st.sampled_from(["", "삼성전자", "한빛메디칼", "(주)한빛", "Smith Trading"])
queries = st.sampled_from(["김", "ㄱ", "ㄱㅁ", "민수", "한빛", "전자", "kim", "anna", "5", "12", "ㄸ"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 15), names, companies, st.integers(0, 9999),
                          st.booleans()), max_size=40), queries)
def test_incremental_edits_find_the_same_as_a_fresh_build(edits: list[tuple[int, str, str, int, bool]],
                                                        query: str) -> None:
    index = VisitorIndex()
    final: dict[str, tuple[Any, ...]] = {}
    for number, name, company, phone, delete in edits:
        vid = f"v{number}"
        if delete:
            index.remove(vid)
            final.pop(vid, None)
        else:
            record = row(vid, name, company, phone=f"010-1234-{phone:04d}")
            index.upsert(record)
            final[vid] = record
    fresh = VisitorIndex(final.values())
    assert ids(index, query) == ids(fresh, query)
    assert len(index) == len(final)


def test_a_long_key_list_sorted_in_runs_is_in_the_same_order_as_one_sort() -> None:
    import random

    from expo_console.services.registration.visitor_index import SORT_RUN, _sorted_order

    rng = random.Random(5)
    keys = [rng.choice(["김", "이", "박", "kim", "010"]) + str(rng.randrange(3000)) for _ in range(3 * SORT_RUN + 7)]
    assert _sorted_order(keys) == sorted(range(len(keys)), key=keys.__getitem__)  # stable: ties keep their order
