"""Working-day calendar and appointment dates (ngày hẹn trả), Qt-free.

Legal inputs: docs/domain.md §4 (working week, public holidays, nghỉ bù / làm bù swaps, the
15:00 cut-off of same-day procedures, the supplement pause) and §10 (lunar dates come from the
``holidays`` seed, never hard-coded here). The rules below are product decisions; tests in
``tests/test_workdays.py`` pin them down.

Calendar
    A day is a working day when a :class:`DayOverride` says so (``working=True``: a make-up
    Saturday such as 26/04/2025) or when it is Monday–Friday and no override says it is off
    (public holiday, compensatory day, swapped day off). If several overrides name the same day,
    the last one given wins, so local edits can be layered over the seed.

Working time
    Working time is the union of the office-hour sessions (default 07:00–11:30 and 13:30–17:00,
    8 h) of the working days. All days have the same sessions, so working time is a single line
    measured in minutes; a *position* on it is "working day number × day length + minutes of
    working time elapsed since that day's opening". Everything is counted to the whole minute:
    the seconds and microseconds of an input are dropped.

    Sessions are half-open: a receipt at 11:30 is in the lunch break and one at 17:00 is after
    close. Normalising the receipt: inside a session it stays; in a break or before opening it
    moves to the next session start; after close or on a non-working day it moves to the first
    session of the next working day.

Time zone
    Every datetime must be timezone-aware (a naive one raises ``InvalidInput``); inputs are
    converted to ``Asia/Ho_Chi_Minh`` and every result is aware in that zone. ``cutoff`` is a wall
    time in that zone. ``amount < 0`` raises ``InvalidInput(field="amount")``.

Units (:meth:`WorkCalendar.due`)
    ``WORKING_HOURS``
        add ``amount × 60`` working minutes across sessions and days.
    ``WORKING_DAYS``
        keep the position in the working day and move forward ``amount`` working days. With the
        default 8-hour day this equals ``amount × 8`` working hours; with other hours it still
        means N days (every day has the same length, so it is ``amount × day length`` minutes).
    Result of a non-zero addition: the earliest instant at which the time has elapsed. So a
    result at offset 0 of a working day is expressed as the close of the previous working day
    (Friday 17:30 + 1 working day → Monday 17:00, not Tuesday 07:00) and a result at the end of
    the morning session stays 11:30 (not 13:30). With ``amount == 0`` the result is the
    normalised receipt (e.g. 12:00 → 13:30, Saturday → Monday 07:00).
    ``SAME_DAY`` (``amount`` ignored)
        received on a working day before the cut-off and before close → close of that day
        (close = end of the last session); received at/after the cut-off, at/after close, or on a
        non-working day → close of the next working day. ``cutoff=None`` means the close.
    ``CALENDAR_DAYS``
        the period starts the day after receipt: due = close of (receipt date + amount days);
        if that day is not a working day → close of the next working day (Civil Code Art.
        147–148). ``amount == 0`` is treated like ``SAME_DAY`` without cut-off, so that a due
        time never precedes the receipt.
    ``cutoff`` only applies to ``SAME_DAY``; other units ignore it.

Supplement pause (:meth:`WorkCalendar.resume`)
    The clock stops while the dossier waits for the citizen: remaining =
    ``working_minutes_between(paused_at, due)``; the new due time is ``remaining`` working
    minutes after ``resumed_at`` (normalised), with the same earliest-instant rule as above. If
    the pause started at or after the due time, remaining is 0 and the result is the normalised
    ``resumed_at``.

Performance
    Working flags are cached per date (ordinal) in a dict and the working days of the covered
    years are kept in a sorted list of ordinals, extended a few years at a time; per-minute lookup
    tables replace the session arithmetic, so ``due`` does O(log n) work and no big allocation.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum
from typing import Final

from app.clock import VN_TZ
from app.errors import InvalidInput

__all__ = ["VN_TZ", "DayOverride", "OfficeHours", "TimeUnit", "WorkCalendar"]


_MINUTES_PER_DAY: Final = 24 * 60
_MAX_ORDINAL: Final = date.max.toordinal()


class TimeUnit(StrEnum):
    WORKING_HOURS = "working_hours"
    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"
    SAME_DAY = "same_day"


def _hhmm(t: time) -> str:
    return f"{t.hour:02d}:{t.minute:02d}"


def _minute(t: time) -> int:
    return t.hour * 60 + t.minute


_SESSION_RE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


@dataclass(frozen=True)
class OfficeHours:
    """Office-hour sessions of a working day, wall times in Asia/Ho_Chi_Minh, whole minutes."""

    sessions: tuple[tuple[time, time], ...] = (
        (time(7, 0), time(11, 30)),
        (time(13, 30), time(17, 0)),
    )

    def __post_init__(self) -> None:
        raw_sessions: tuple[object, ...] = tuple(self.sessions)
        if not raw_sessions:
            raise InvalidInput(
                "office_hours",
                "required",
                "Giờ làm việc phải có ít nhất một buổi (ví dụ 07:00-11:30,13:30-17:00).",
            )
        sessions: list[tuple[time, time]] = []
        previous: tuple[time, time] | None = None
        for n, raw in enumerate(raw_sessions, start=1):
            pair = tuple(raw) if isinstance(raw, tuple | list) else ()
            start, end = pair if len(pair) == 2 else (None, None)
            if not (
                isinstance(start, time)
                and isinstance(end, time)
                and all(
                    t.tzinfo is None and t.second == 0 and t.microsecond == 0 for t in (start, end)
                )
            ):
                raise InvalidInput(
                    "office_hours",
                    "format",
                    f"Buổi làm việc thứ {n} phải gồm giờ bắt đầu và giờ kết thúc, "
                    "tính đến phút, không kèm múi giờ.",
                )
            if start >= end:
                raise InvalidInput(
                    "office_hours",
                    "range",
                    f"Buổi làm việc thứ {n} ({_hhmm(start)}-{_hhmm(end)}) có giờ bắt đầu "
                    "không trước giờ kết thúc.",
                )
            if previous is not None:
                if start < previous[0]:
                    raise InvalidInput(
                        "office_hours",
                        "order",
                        f"Các buổi làm việc phải theo thứ tự thời gian: buổi thứ {n} "
                        f"({_hhmm(start)}-{_hhmm(end)}) bắt đầu trước buổi thứ {n - 1} "
                        f"({_hhmm(previous[0])}-{_hhmm(previous[1])}).",
                    )
                if start < previous[1]:
                    raise InvalidInput(
                        "office_hours",
                        "overlap",
                        f"Buổi làm việc thứ {n} ({_hhmm(start)}-{_hhmm(end)}) chồng lên buổi "
                        f"thứ {n - 1} ({_hhmm(previous[0])}-{_hhmm(previous[1])}).",
                    )
            previous = (start, end)
            sessions.append(previous)
        object.__setattr__(self, "sessions", tuple(sessions))

    @classmethod
    def parse(cls, text: str) -> OfficeHours:
        """Parse ``"07:00-11:30,13:30-17:00"`` (the inverse of :meth:`format`)."""
        if not text.strip():
            raise InvalidInput(
                "office_hours",
                "required",
                "Giờ làm việc phải có ít nhất một buổi (ví dụ 07:00-11:30,13:30-17:00).",
            )
        sessions: list[tuple[time, time]] = []
        for part in text.split(","):
            match = _SESSION_RE.match(part)
            values = [int(g) for g in match.groups()] if match else []
            if not values or values[0] > 23 or values[2] > 23 or values[1] > 59 or values[3] > 59:
                raise InvalidInput(
                    "office_hours",
                    "format",
                    f"Không đọc được giờ làm việc {text!r}: cần dạng HH:MM-HH:MM, các buổi cách "
                    "nhau bằng dấu phẩy (ví dụ 07:00-11:30,13:30-17:00).",
                )
            sessions.append((time(values[0], values[1]), time(values[2], values[3])))
        return cls(tuple(sessions))

    def format(self) -> str:
        return ",".join(f"{_hhmm(s)}-{_hhmm(e)}" for s, e in self.sessions)


DEFAULT_OFFICE_HOURS: Final = OfficeHours()


@dataclass(frozen=True)
class DayOverride:
    """An exception to the Monday–Friday rule.

    ``working=False``: a day off (public holiday, observed/compensatory day, swapped day off);
    ``working=True``: a make-up working day (e.g. Saturday 26/04/2025).
    """

    day: date
    working: bool
    name: str
    source: str = "local"


def _require_aware(value: object, field: str) -> None:
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise InvalidInput(
            field,
            "timezone",
            f"{field}: thời điểm phải kèm múi giờ (ví dụ Asia/Ho_Chi_Minh), nhận được {value!r}.",
        )


def _year_start(year: int) -> int:
    """Ordinal of 1 January of ``year``, clamped to the range of ``date``."""
    if year > date.max.year:
        return _MAX_ORDINAL + 1
    return date(max(year, 1), 1, 1).toordinal()


class WorkCalendar:
    """Working days (Mon–Fri plus overrides) and office hours; computes due dates.

    See the module docstring for the semantics. Instances are not thread-safe (the caches grow
    lazily); use one per thread or guard it.
    """

    def __init__(
        self,
        overrides: Iterable[DayOverride],
        hours: OfficeHours = DEFAULT_OFFICE_HOURS,
        version: str = "",
    ) -> None:
        self.version = version
        self.hours = hours
        effective: dict[date, DayOverride] = {}
        for override in overrides:
            effective.pop(override.day, None)  # last one wins, kept in the order given
            effective[override.day] = override
        self._overrides = effective
        self._override_flags: dict[int, bool] = {
            d.toordinal(): o.working for d, o in effective.items()
        }
        self._flags: dict[int, bool] = {}

        # Office-hour lookup tables (minutes).
        bounds = [(_minute(s), _minute(e)) for s, e in hours.sessions]
        day_len = sum(e - s for s, e in bounds)
        self._day_len = day_len
        self._close = hours.sessions[-1][1]
        self._close_aware = self._close.replace(tzinfo=VN_TZ)
        # elapsed[m]: working minutes of the day elapsed at wall minute m.
        self._elapsed = [
            sum(min(max(m - s, 0), e - s) for s, e in bounds) for m in range(_MINUTES_PER_DAY)
        ]
        # left[off], off in 1..L: earliest wall time at which `off` minutes have elapsed.
        # right[off], off in 0..L-1: wall time of the next working minute after `off` elapsed.
        left: list[time] = [time(bounds[0][0] // 60, bounds[0][0] % 60, tzinfo=VN_TZ)]
        right: list[time] = []
        cumulative = 0
        for s, e in bounds:
            for k in range(e - s):
                m = s + k
                right.append(time(m // 60, m % 60, tzinfo=VN_TZ))
                m += 1
                left.append(time(m // 60, m % 60, tzinfo=VN_TZ))
            cumulative += e - s
        assert cumulative == day_len == len(right) == len(left) - 1
        self._left = left
        self._right = right

        # Working days of the covered ordinals [lo, hi), sorted. The absolute number of the
        # working day wd[i] is i - shift, stable when the list grows at the front.
        self._wd: list[int] = []
        self._lo = 0
        self._hi = 0
        self._shift = 0

    # -- days -------------------------------------------------------------------------------

    def _flag(self, ordinal: int) -> bool:
        flag = self._flags.get(ordinal)
        if flag is None:
            override = self._override_flags.get(ordinal)
            flag = (ordinal + 6) % 7 < 5 if override is None else override
            self._flags[ordinal] = flag
        return flag

    def _extend_up(self, new_hi: int) -> None:
        flag = self._flag
        self._wd.extend(o for o in range(self._hi, new_hi) if flag(o))
        self._hi = new_hi

    def _extend_down(self, new_lo: int) -> None:
        flag = self._flag
        front = [o for o in range(new_lo, self._lo) if flag(o)]
        self._wd[:0] = front
        self._shift += len(front)
        self._lo = new_lo

    def _ensure(self, ordinal: int) -> None:
        if self._lo <= ordinal < self._hi:
            return
        year = date.fromordinal(ordinal).year
        if self._lo == self._hi:
            self._lo = self._hi = _year_start(year - 1)
            self._extend_up(_year_start(year + 2))
        elif ordinal < self._lo:
            self._extend_down(_year_start(year - 1))
        else:
            self._extend_up(_year_start(year + 2))

    def _grow(self) -> None:
        """Cover more years at the end (an index ran past the known working days)."""
        if self._hi > _MAX_ORDINAL:
            raise InvalidInput("amount", "range", "Thời hạn vượt quá phạm vi lịch (sau năm 9999).")
        self._extend_up(_year_start(date.fromordinal(self._hi).year + 2))

    def is_working_day(self, d: date) -> bool:
        return self._flag(d.toordinal())

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after ``d``."""
        ordinal = d.toordinal()
        self._ensure(ordinal)
        i = bisect_right(self._wd, ordinal)
        while i >= len(self._wd):
            self._grow()
        return date.fromordinal(self._wd[i])

    def overrides_in(self, year: int) -> list[DayOverride]:
        """Effective overrides of ``year``, sorted by day."""
        return sorted(
            (o for d, o in self._overrides.items() if d.year == year), key=lambda o: o.day
        )

    # -- working-time line ------------------------------------------------------------------

    def _position(self, local: datetime) -> int:
        """Position (working minutes) of a VN-local time; the range must be ensured."""
        ordinal = local.toordinal()
        if not self._lo <= ordinal < self._hi:
            self._ensure(ordinal)
        wd = self._wd
        i = bisect_left(wd, ordinal)
        while i >= len(wd):
            self._grow()
        if wd[i] == ordinal:
            return (i - self._shift) * self._day_len + self._elapsed[local.hour * 60 + local.minute]
        return (i - self._shift) * self._day_len

    def _at(self, position: int, earliest: bool) -> datetime:
        """Wall time of a position: the earliest instant (``earliest``) or the next working one."""
        if earliest:
            j, offset = divmod(position - 1, self._day_len)
            at = self._left[offset + 1]
        else:
            j, offset = divmod(position, self._day_len)
            at = self._right[offset]
        i = j + self._shift
        while i >= len(self._wd):
            self._grow()
        return datetime.combine(date.fromordinal(self._wd[i]), at)

    def _close_of_working_day_from(self, ordinal: int, strictly_after: bool) -> datetime:
        if not self._lo <= ordinal < self._hi:
            self._ensure(ordinal)
        wd = self._wd
        i = bisect_right(wd, ordinal) if strictly_after else bisect_left(wd, ordinal)
        while i >= len(wd):
            self._grow()
        return datetime.combine(date.fromordinal(wd[i]), self._close_aware)

    def _same_day(self, local: datetime, cutoff: time | None) -> datetime:
        limit = self._close
        if cutoff is not None:
            if cutoff.tzinfo is not None:
                cutoff = cutoff.replace(tzinfo=None)
            limit = min(limit, cutoff)
        ordinal = local.toordinal()
        today = self._flag(ordinal) and local.time() < limit
        return self._close_of_working_day_from(ordinal, strictly_after=not today)

    # -- public computations ----------------------------------------------------------------

    def due(
        self, received: datetime, amount: int, unit: TimeUnit, cutoff: time | None = None
    ) -> datetime:
        """Appointment time (ngày hẹn trả) of a dossier received at ``received``."""
        if received.tzinfo is None or received.utcoffset() is None:
            _require_aware(received, "received_at")
        if amount < 0:
            raise InvalidInput(
                "amount", "range", f"Thời hạn giải quyết không được âm (nhận được {amount})."
            )
        local = received.astimezone(VN_TZ)
        if unit == TimeUnit.WORKING_DAYS:
            return self._at(self._position(local) + amount * self._day_len, amount > 0)
        if unit == TimeUnit.SAME_DAY:
            return self._same_day(local, cutoff)
        if unit == TimeUnit.WORKING_HOURS:
            return self._at(self._position(local) + amount * 60, amount > 0)
        if unit == TimeUnit.CALENDAR_DAYS:
            if amount == 0:
                return self._same_day(local, None)
            return self._close_of_working_day_from(local.toordinal() + amount, False)
        raise InvalidInput("unit", "unknown", f"Đơn vị thời hạn không hợp lệ: {unit!r}.")

    def working_minutes_between(self, start: datetime, end: datetime) -> int:
        """Working minutes in [start, end) (to the whole minute); 0 if ``end <= start``."""
        _require_aware(start, "start")
        _require_aware(end, "end")
        if end <= start:
            return 0
        start_local = start.astimezone(VN_TZ)
        end_local = end.astimezone(VN_TZ)
        self._ensure(start_local.toordinal())
        self._ensure(end_local.toordinal())
        return max(0, self._position(end_local) - self._position(start_local))

    def resume(self, due: datetime, paused_at: datetime, resumed_at: datetime) -> datetime:
        """New due time after a supplement pause from ``paused_at`` to ``resumed_at``."""
        _require_aware(due, "due")
        _require_aware(paused_at, "paused_at")
        _require_aware(resumed_at, "resumed_at")
        if resumed_at < paused_at:
            raise InvalidInput(
                "resumed_at",
                "order",
                "Thời điểm nhận bổ sung không được trước thời điểm tạm dừng.",
            )
        locals_ = [v.astimezone(VN_TZ) for v in (due, paused_at, resumed_at)]
        for value in locals_:  # cover every date first: positions stay comparable
            self._ensure(value.toordinal())
        due_pos, paused_pos, resumed_pos = (self._position(v) for v in locals_)
        remaining = max(0, due_pos - paused_pos)
        return self._at(resumed_pos + remaining, remaining > 0)
