"""Small shared pieces: the API error, JSON encoding, times."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from typing import Any


class ApiError(Exception):
    """An error answered as ``{"error": code, "detail": …, **extra}`` with ``status``."""

    def __init__(self, status: int, code: str, detail: str = "", **extra: Any) -> None:
        super().__init__(f"{status} {code}: {detail}")
        self.status = status
        self.code = code
        self.detail = detail
        self.extra = extra


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="milliseconds")


def dumps(value: Any) -> str:
    """Compact UTF-8 JSON (Vietnamese text stays readable and small on the wire)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def parse_aware(text: object) -> datetime | None:
    """An ISO 8601 datetime with an offset, or None when it is not one."""
    if not isinstance(text, str):
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo is not None else None


def crash_point(name: str) -> None:
    """``SERVER_CRASH_AT=<name>`` kills the process here (fault-injection tests, §4.2)."""
    if os.environ.get("SERVER_CRASH_AT") == name:
        os._exit(137)
