"""The consultation schedule at the issue's size: 300 buyers × 95 exhibitors × 2,500 requests ×
4 days × 20 tables, solved by CP-SAT against the greedy by-rank baseline in the same run.

Figures: the solve's wall time (model built, searched within the time limit, read back) against
the greedy's; meetings placed against the greedy's; exhibitors with at least one meeting against
the greedy's (the fairness minima themselves, which are often 0 for the greedy, are in the
details and in the target column). The instance is random but seeded: buyers source one or two
of the seed's sectors and wish for exhibitors of those sectors, a fifth of them are overseas
and need an interpreter, exhibitors rank some buyers back (the mutual requests).
"""

from __future__ import annotations

import random
import time as clock
from datetime import date, time, timedelta

from benchmarks.harness import Figure, Report
from expo_console.domain.consultations import (
    Buyer,
    Exhibitor,
    Interpreter,
    Problem,
    Request,
    Session,
    Table,
    build_slots,
    merge_requests,
)
from expo_console.services.consultations.greedy import solve_greedy
from expo_console.services.consultations.solver import SolveProgress, solve

SECTORS = ("의료/보건", "생활가전", "식품/음료", "생활용품", "기계설비", "산업소재")
OVERSEAS_LANGUAGES = ("vi", "zh", "ja", "es", "ar", "ru")
FIRST_DAY = date(2025, 10, 14)


def instance(buyers: int, exhibitors: int, requests: int, days: int, tables: int, seed: int = 17) -> Problem:
    rng = random.Random(seed)
    all_days = [FIRST_DAY + timedelta(days=n) for n in range(days)]
    slots = tuple(s for d in all_days for s in build_slots(
        Session(d, time(10), time(17), breaks=((time(12), time(13)),))))
    firms = [Exhibitor(f"e{n}", frozenset(all_days) if rng.random() < 0.8 else frozenset(rng.sample(all_days, max(1, days - 1))),
                       2 if rng.random() < 0.2 else 1, frozenset(rng.sample(SECTORS, rng.choice((1, 1, 2)))))
             for n in range(exhibitors)]
    people = [Buyer(f"b{n}", frozenset(rng.sample(all_days, rng.randint(1, days))),
                    rng.choice(OVERSEAS_LANGUAGES) if rng.random() < 0.2 else rng.choice(("ko", "ko", "ko", "en")),
                    frozenset(rng.sample(SECTORS, rng.choice((1, 2))))) for n in range(buyers)]
    interpreters = tuple(Interpreter(f"i{n}", frozenset({OVERSEAS_LANGUAGES[n % len(OVERSEAS_LANGUAGES)], "en"}),
                                     frozenset(rng.sample(all_days, rng.randint(max(1, days - 1), days))))
                         for n in range(2 * len(OVERSEAS_LANGUAGES)))
    by_sector = {s: [f for f in firms if s in f.categories] for s in SECTORS}
    wishes: list[Request] = []
    pairs: set[tuple[str, str]] = set()
    while len(pairs) < requests:
        buyer = rng.choice(people)
        # sorted: a frozenset of strings iterates in an order that changes with each process's
        # hash seed, and the instance must be the same in every run
        pool = [f for s in sorted(buyer.categories) for f in by_sector[s]] or firms
        firm = rng.choice(pool)
        mutual = rng.random() < 0.25
        from_exhibitor = mutual or rng.random() < 0.15
        wishes.append(Request(buyer.id, firm.id, None if from_exhibitor and not mutual else rng.randint(1, 5),
                              rng.randint(1, 5) if from_exhibitor else None))
        pairs.add((buyer.id, firm.id))
    return Problem(tuple(people), tuple(firms), interpreters, tuple(Table(n) for n in range(1, tables + 1)),
                   slots, merge_requests(wishes)[:requests])


def run(report: Report, size: tuple[int, int, int, int, int], time_limit: float) -> None:
    problem = instance(*size)
    started = clock.perf_counter()
    greedy = solve_greedy(problem)
    greedy_seconds = clock.perf_counter() - started
    improvements: list[SolveProgress] = []
    started = clock.perf_counter()
    solution = solve(problem, time_limit=time_limit, progress=improvements.append)
    seconds = clock.perf_counter() - started
    label = "{}×{}×{:,} requests×{}d×{}t".format(*size)
    details = {"status": solution.status.value, "time_limit": time_limit, "table_slots": solution.table_slots,
               "solver_fairness_minimum": solution.fairness_minimum, "greedy_fairness_minimum": greedy.fairness_minimum,
               "solver_fair_share": solution.fair_share, "greedy_fair_share": greedy.fair_share,
               "last_improvement_s": improvements[-1].seconds if improvements else None,
               "solutions_found": solution.solutions_found, **{k: v for k, v in solution.details.items()}}
    report.add(Figure(f"consultations: CP-SAT solve {label}", seconds, "greedy by rank", greedy_seconds,
                      target=f"< 30 s ({solution.status.value})", details=details))
    report.add(Figure(f"consultations: meetings placed {label}", solution.placed, "greedy by rank", greedy.placed,
                      unit="mtgs", target="≥ 1×", details=details))
    met = len({m.exhibitor for m in solution.meetings})
    greedy_met = len({m.exhibitor for m in greedy.meetings})
    report.add(Figure(f"consultations: exhibitors with a meeting {label}", met, "greedy by rank", greedy_met,
                      unit="firms", target=f"≥ 1×; fairness minimum {solution.fairness_minimum} vs "
                      f"{greedy.fairness_minimum}", details=details))
