"""Clock offset against the server (sync-protocol.md §3.10). Never used to order anything."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

WallClock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def parse_time(text: str) -> datetime:
    """An ISO 8601 time from the wire; a time without offset is read as UTC."""
    value = datetime.fromisoformat(text)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def offset_ms(server_time: datetime, t_send: datetime, t_recv: datetime) -> int:
    """offset = server_time − (t_send + t_recv)/2, in milliseconds (positive: we are slow)."""
    midpoint = t_send + (t_recv - t_send) / 2
    return round((server_time - midpoint).total_seconds() * 1000)
