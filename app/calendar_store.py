"""The working-day calendar as stored: override rows and office hours from the store."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.calendar_seed import seed_overrides
from app.settings import load_office_hours
from app.workdays import DayOverride, OfficeHours, WorkCalendar
from db.models import CalendarOverride

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


def load_calendar(session: Session) -> WorkCalendar:
    overrides = load_overrides(session)
    hours = load_office_hours(session)
    return WorkCalendar(overrides, hours, version=calendar_version(overrides, hours))


def builtin_calendar() -> WorkCalendar:
    """The shipped seed, for answers given before a store exists."""
    overrides = seed_overrides(SEED_FIRST_YEAR, SEED_LAST_YEAR)
    hours = OfficeHours()
    return WorkCalendar(overrides, hours, version=calendar_version(overrides, hours))
