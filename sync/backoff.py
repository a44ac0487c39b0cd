"""Exponential backoff with full jitter (base 2 s, cap 5 min), reset on success.

Pure: the random source is injected, so tests get exact numbers. ``Retry-After`` from the
server is a floor, never shortened by jitter (sync-protocol.md §3.8).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

BASE_S = 2.0
CAP_S = 300.0


@dataclass
class Backoff:
    base: float = BASE_S
    cap: float = CAP_S
    rng: random.Random = field(default_factory=random.Random)
    failures: int = 0

    def ceiling(self) -> float:
        """The upper bound of the next delay: min(cap, base * 2**failures)."""
        return min(self.cap, self.base * float(2.0 ** min(self.failures, 30)))

    def next_delay(self, retry_after: float | None = None) -> float:
        """Record one more failure and return how long to wait before the next attempt."""
        delay = self.rng.uniform(0, self.ceiling())
        self.failures += 1
        if retry_after is not None and retry_after > delay:
            delay = min(retry_after, 24 * 3600.0)
        return delay

    def reset(self) -> None:
        self.failures = 0


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
