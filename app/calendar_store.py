"""The working-day calendar as stored: override rows and office hours from the store."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.calendar_seed import seed_overrides
from app.errors import InvalidInput
from app.settings import load_office_hours
from app.textnorm import nfc
from app.workdays import DayOverride, OfficeHours, WorkCalendar
from db.models import AuditLog, CalendarOverride, OfficeSession

SEED_FIRST_YEAR = 2015
SEED_LAST_YEAR = 2040


def calendar_version(overrides: Iterable[DayOverride], hours: OfficeHours) -> str:
    """A short fingerprint recorded on each dossier: which calendar computed its due date."""
    h = hashlib.sha256(hours.format().encode())
    for o in sorted(overrides, key=lambda o: o.day):
        h.update(f"{o.day.isoformat()}{int(o.working)}".encode())
    return "cal-" + h.hexdigest()[:12]


def seed_calendar(session: Session, now: datetime) -> int:
    """Insert the seed rows for days that have no row yet; local edits are kept."""
    existing = set(session.scalars(select(CalendarOverride.day)).all())
    added = 0
    for o in seed_overrides(SEED_FIRST_YEAR, SEED_LAST_YEAR):
        if o.day in existing:
            continue
        session.add(
            CalendarOverride(
                day=o.day, working=o.working, name=o.name, source=o.source, updated_at=now
            )
        )
        existing.add(o.day)
        added += 1
    return added


def load_overrides(session: Session) -> list[DayOverride]:
    rows = session.scalars(select(CalendarOverride).order_by(CalendarOverride.day)).all()
    return [DayOverride(r.day, r.working, r.name, r.source) for r in rows]


# Built calendars, per thread (WorkCalendar fills its caches lazily and is not thread-safe),
# keyed by a cheap fingerprint of the rows: every edit stamps updated_at, a delete changes count.
_cache = threading.local()


def _fingerprint(session: Session) -> tuple[object, ...]:
    count, latest = session.execute(
        select(func.count(), func.max(CalendarOverride.updated_at))
    ).one()
    sessions = session.execute(
        select(OfficeSession.no, OfficeSession.opens, OfficeSession.closes).order_by(
            OfficeSession.no
        )
    ).all()
    return (count, latest, tuple(tuple(r) for r in sessions))


def load_calendar(session: Session) -> WorkCalendar:
    """The store's calendar; rebuilt only when its rows or the office hours changed."""
    key = _fingerprint(session)
    cached: tuple[tuple[object, ...], WorkCalendar] | None = getattr(_cache, "entry", None)
    if cached is not None and cached[0] == key:
        return cached[1]
    rows = session.execute(
        select(
            CalendarOverride.day,
            CalendarOverride.working,
            CalendarOverride.name,
            CalendarOverride.source,
        )
    ).all()
    overrides = [DayOverride(day, working, name, source) for day, working, name, source in rows]
    hours = load_office_hours(session)
    cal = WorkCalendar(overrides, hours, version=calendar_version(overrides, hours))
    _cache.entry = (key, cal)
    return cal


def builtin_calendar() -> WorkCalendar:
    """The shipped seed, for answers given before a store exists."""
    overrides = seed_overrides(SEED_FIRST_YEAR, SEED_LAST_YEAR)
    hours = OfficeHours()
    return WorkCalendar(overrides, hours, version=calendar_version(overrides, hours))


def set_override(
    session: Session, day: date, *, working: bool, name: str, actor: str, now: datetime
) -> DayOverride:
    """Mark one day as a day off or a make-up working day (a local edit; sync carries it later).

    Dossiers already received keep their printed due dates; only new computations see the edit.
    """
    clean = nfc(name)
    if not clean:
        raise InvalidInput("name", "required", "Cần ghi tên/lý do của ngày đặc biệt")
    row = session.get(CalendarOverride, day)
    before = None if row is None else {"working": row.working, "name": row.name}
    if row is None:
        row = CalendarOverride(day=day)
        session.add(row)
    row.working, row.name, row.source, row.updated_at = working, clean, "local", now
    session.add(
        AuditLog(
            at=now,
            actor=actor,
            action="calendar.set",
            entity="calendar_override",
            entity_id=day.isoformat(),
            detail={"before": before, "working": working, "name": clean},
        )
    )
    session.flush()
    return DayOverride(day, working, clean, "local")
