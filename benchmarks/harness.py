"""Timing helpers and the result table."""

from __future__ import annotations

import json
import platform
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Generic, TypeVar

T = TypeVar("T")


def timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def repeat(fn: Callable[[], Any], times: int) -> list[float]:
    return [timed(fn) for _ in range(times)]


@dataclass
class SolverRuns(Generic[T]):
    """A solver run with several seeds: each run's answer, wall time, and when it last improved
    (the progress callback's `seconds` of its last report)."""

    solutions: list[T]
    seconds: list[float]
    last_improvement: list[float | None]


def seeded_runs(solve: Callable[[int, Callable[[Any], None]], T], runs: int) -> SolverRuns[T]:
    """`solve(seed, progress)` once per seed 0…runs-1, each timed."""
    done: SolverRuns[T] = SolverRuns([], [], [])
    for seed in range(runs):
        improvements: list[Any] = []
        started = time.perf_counter()
        done.solutions.append(solve(seed, improvements.append))
        done.seconds.append(time.perf_counter() - started)
        done.last_improvement.append(round(improvements[-1].seconds, 3) if improvements else None)
    return done


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * pct / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


@dataclass
class Figure:
    name: str
    value: float  # seconds (or the unit below)
    baseline_name: str
    baseline: float
    unit: str = "s"
    target: str = ""
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        return self.value / self.baseline if self.baseline else float("nan")


@dataclass
class Report:
    figures: list[Figure] = field(default_factory=list)

    def add(self, figure: Figure) -> None:
        self.figures.append(figure)
        print(format_row(figure), flush=True)

    def write(self, directory: Path) -> Path:
        directory.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        path = directory / f"bench-{stamp}.json"
        payload = {
            "when": stamp,
            "machine": {"python": platform.python_version(), "platform": platform.platform(),
                        "processor": platform.processor()},
            "figures": [{**asdict(f), "ratio": f.ratio} for f in self.figures],
        }
        path.write_text(json.dumps(payload, indent=2, ensure_ascii=False), encoding="utf-8")
        return path


def _fmt(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value * 1000:9.2f} ms" if value < 1 else f"{value:9.2f} s "
    return f"{value:9.2f} {unit}"


HEADER = f"{'figure':52} {'value':>12}   {'baseline':>12} {'ratio':>7}  target / baseline"


def format_row(f: Figure) -> str:
    return (f"{f.name:52} {_fmt(f.value, f.unit):>12}   {_fmt(f.baseline, f.unit):>12} "
            f"{f.ratio:6.2f}×  {f.target} / {f.baseline_name}")
