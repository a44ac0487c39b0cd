"""Throughput of WorkCalendar.due() (appointments per second). Figures only, no asserts.

Run from the repo root: ``.venv/bin/python bench/calendar.py [calls]``.
Mix: random receipt times across 2025–2026 (any minute of any day), 70% working days 1–15,
20% same day (cut-off 15:00), 10% working hours 1–40. Median of 5 runs.
"""

import sys
from pathlib import Path

# This file is named like the stdlib module ``calendar`` (imported by ``holidays``): drop the
# bench/ directory that Python puts first on sys.path, and put the repo root there instead.
_HERE = Path(__file__).resolve().parent
_ROOT = _HERE.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_ROOT))

import os  # noqa: E402
import platform  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import time as _time  # noqa: E402
from datetime import datetime, time, timedelta  # noqa: E402

from app.calendar_seed import seed_overrides  # noqa: E402
from app.workdays import VN_TZ, TimeUnit, WorkCalendar  # noqa: E402

RUNS = 5


def workload(n: int, seed: int = 20250101) -> list[tuple[datetime, int, TimeUnit, time | None]]:
    rng = random.Random(seed)
    start = datetime(2025, 1, 1, tzinfo=VN_TZ)
    span_minutes = 2 * 365 * 24 * 60
    cutoff = time(15, 0)
    calls: list[tuple[datetime, int, TimeUnit, time | None]] = []
    for _ in range(n):
        received = start + timedelta(minutes=rng.randrange(span_minutes), seconds=rng.randrange(60))
        kind = rng.random()
        if kind < 0.7:
            calls.append((received, rng.randint(1, 15), TimeUnit.WORKING_DAYS, None))
        elif kind < 0.9:
            calls.append((received, 0, TimeUnit.SAME_DAY, cutoff))
        else:
            calls.append((received, rng.randint(1, 40), TimeUnit.WORKING_HOURS, None))
    return calls


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    calls = workload(n)
    calendar = WorkCalendar(seed_overrides(2024, 2027), version="bench")
    due = calendar.due
    for received, amount, unit, cutoff in calls[:1000]:  # warm the caches
        due(received, amount, unit, cutoff)
    rates = []
    for _ in range(RUNS):
        t0 = _time.perf_counter()
        for received, amount, unit, cutoff in calls:
            due(received, amount, unit, cutoff)
        rates.append(n / (_time.perf_counter() - t0))
    print(f"machine: {platform.platform()}, {platform.machine()}, {platform.processor() or '?'}")
    print(f"python: {platform.python_implementation()} {platform.python_version()}")
    print(f"cpu_count: {os.cpu_count()}")
    print(f"calls per run: {n:,}; runs: {RUNS}")
    print("runs (due/s): " + ", ".join(f"{r:,.0f}" for r in rates))
    print(f"median: {statistics.median(rates):,.0f} appointments/s")


if __name__ == "__main__":
    main()
