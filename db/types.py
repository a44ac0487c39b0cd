"""Column types that SQLite lacks: aware UTC timestamps and JSON stored as text."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import String, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

_FMT = "%Y-%m-%d %H:%M:%S.%f"


class UtcDateTime(TypeDecorator[datetime]):
    """Stores an aware datetime as fixed-width UTC text, so text order is time order.

    Naive datetimes are refused: a time without a zone is a bug waiting for Tết.
    """

    impl = String(26)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime refused by UtcDateTime")
        return value.astimezone(UTC).strftime(_FMT)

    def process_result_value(self, value: str | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return datetime.strptime(value, _FMT).replace(tzinfo=UTC)


def utc_text(value: datetime) -> str:
    """The stored form of an aware datetime, for hand-written SQL comparisons."""
    return value.astimezone(UTC).strftime(_FMT)


class JsonText(TypeDecorator[Any]):
    """JSON kept as compact UTF-8 text (readable in any SQLite browser)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)

    def process_result_value(self, value: str | None, dialect: Dialect) -> Any:
        return None if value is None else json.loads(value)
