"""Seed of the working-day calendar: statutory days off from ``holidays.VN`` plus make-up days.

The days off (public holidays, Tết days chosen each year, compensatory days, the swapped day off
of a yearly nghỉ bù / làm bù exchange, Ngày Văn hóa Việt Nam from 2026) come from the pinned
``holidays`` library with Vietnamese names (docs/domain.md §4.1, §10.2). The library does not
list the Saturdays worked in exchange; they are read from ``resources/calendar/makeup_days.json``
(make-up working days). The result is the seed of the editable, versioned local table.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from holidays import version as holidays_version
from holidays.utils import country_holidays

from app.errors import InvalidInput
from app.resources import resource_path
from app.workdays import DayOverride

MAKEUP_DAYS_FILE = ("calendar", "makeup_days.json")


def _source() -> str:
    return f"holidays-{holidays_version.__version__}"


def load_makeup_days() -> list[DayOverride]:
    """Make-up working days (``working=True``) listed in ``resources/calendar/makeup_days.json``."""
    path = resource_path(*MAKEUP_DAYS_FILE)
    try:
        document: Any = json.loads(path.read_text(encoding="utf-8"))
        entries = document["days"]
        result = [
            DayOverride(
                day=date.fromisoformat(str(entry["date"])),
                working=True,
                name=str(entry["name"]),
                source=str(entry.get("source", "makeup_days.json")),
            )
            for entry in entries
        ]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InvalidInput(
            "makeup_days",
            "format",
            f"Không đọc được danh sách ngày làm bù {path}: {exc}.",
        ) from exc
    return sorted(result, key=lambda o: o.day)


def seed_overrides(first_year: int, last_year: int) -> list[DayOverride]:
    """Days off of ``first_year..last_year`` (inclusive) and the make-up days of those years.

    Sorted by day. A make-up day is kept only if it falls within the years asked for (the
    exchange 31/12/2018 ↔ 05/01/2019 thus splits across two years, like the library's data).
    """
    if last_year < first_year:
        raise InvalidInput(
            "years",
            "range",
            f"Năm kết thúc ({last_year}) không được trước năm bắt đầu ({first_year}).",
        )
    source = _source()
    # Same object as holidays.VN(...), through the typed factory.
    days_off = country_holidays("VN", years=range(first_year, last_year + 1), language="vi")
    result = [
        DayOverride(day=day, working=False, name=str(name), source=source)
        for day, name in sorted(days_off.items())
    ]
    result.extend(o for o in load_makeup_days() if first_year <= o.day.year <= last_year)
    result.sort(key=lambda o: (o.day, o.working))
    return result
