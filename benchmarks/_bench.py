"""Shared by the benchmark scripts: time things and print one JSON object per line.

Each figure is printed with a baseline measured in the same run and the ratio
between them, so that runs compare across machines:
{"name", "value", "unit", "baseline", "ratio", "target", "ok"}.
"""

from __future__ import annotations

import json
import statistics
import time
from typing import Callable


def best_of(func: Callable[[], object], repeat: int = 5, number: int = 1) -> float:
    """Best (lowest) mean seconds per call over `repeat` rounds of `number` calls."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            func()
        times.append((time.perf_counter() - start) / number)
    return min(times)


def median_of(func: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def emit(name: str, value: float, unit: str, baseline: float | None, target: str, ok: bool, **detail) -> dict:
    """Print one benchmark figure as a JSON line and return it; `detail` adds fields after "ok"."""
    ratio = (value / baseline) if baseline else None
    row = {
        "name": name,
        "value": round(value, 6),
        "unit": unit,
        "baseline": None if baseline is None else round(baseline, 6),
        "ratio": None if ratio is None else round(ratio, 3),
        "target": target,
        "ok": bool(ok),
        **detail,
    }
    print(json.dumps(row), flush=True)
    return row
