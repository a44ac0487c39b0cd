"""Time and ids. Every timestamp is aware; the office's zone is Asia/Ho_Chi_Minh."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import uuid6

from app.errors import InvalidInput

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
_MINUTE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$")

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


def new_id() -> str:
    """A UUIDv7 (time-ordered, minted offline; sync-protocol.md §3.2)."""
    return str(uuid6.uuid7())


def local(value: datetime) -> datetime:
    return value.astimezone(VN_TZ)


def parse_local_minute(text: str, field: str) -> datetime:
    """Parse "YYYY-MM-DD HH:MM" as a time in Asia/Ho_Chi_Minh."""
    m = _MINUTE_RE.match(text.strip())
    try:
        if m is None:
            raise ValueError(text)
        y, mo, d, h, mi = (int(g) for g in m.groups())
        return datetime(y, mo, d, h, mi, tzinfo=VN_TZ)
    except ValueError:
        raise InvalidInput(
            field, "format", f"{field}: cần dạng YYYY-MM-DD HH:MM, nhận được {text!r}"
        ) from None


def format_local_minute(value: datetime) -> str:
    return local(value).strftime("%Y-%m-%d %H:%M")
