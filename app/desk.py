"""The day's desk: which dossiers need the officer today, as counts and as id lists.

Lists return ``local_no`` values only (ids first); the UI's lazy models fetch rows for the few
that are on screen with :func:`rows_by_local_no`. Every query here is served by an index
(``ix_dossier_state_due_at``, ``received_at``, ``outbox.state``), so counts stay fast on a
store of a million dossiers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from app.calendar_store import load_calendar
from app.clock import Clock, local, system_clock
from app.dossiers import DossierRow
from app.lifecycle import State
from app.settings import get_agency
from app.workdays import TimeUnit
from db.engine import Store
from db.models import Applicant, Dossier, Outbox

# States in which the processing clock runs (a supplement request stops it; results are done).
RUNNING = (
    State.RECEIVED.value,
    State.IN_PROCESS.value,
    State.SUPPLEMENT_RECEIVED.value,
    State.FORWARDED.value,
    State.WITHDRAWAL_REQUESTED.value,
)


class DeskList(StrEnum):
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    SUPPLEMENT = "supplement"
    RESULT_READY = "result_ready"
    RECEIVED_TODAY = "received_today"
    ONLINE = "online"  # filed online (level 3/4), pulled from the upstream, waiting for the desk
    UNSYNCED = "unsynced"
    ALL = "all"


@dataclass(frozen=True)
class Thresholds:
    """The moments that decide the reminder marks, computed once per refresh."""

    now: datetime
    day_start: datetime
    day_end: datetime
    soon_until: datetime  # due within N working days (setting) of now
    soon_days: int

    def flag(self, row: DossierRow) -> str | None:
        """'overdue', 'due_soon' or None for a list row."""
        if row.state not in RUNNING:
            return None
        if row.due_at < self.now:
            return "overdue"
        if row.due_at <= self.soon_until:
            return "due_soon"
        return None


def thresholds(session: Session, now: datetime) -> Thresholds:
    agency = get_agency(session)
    cal = load_calendar(session)
    today = local(now).date()
    tz = local(now).tzinfo
    day_start = datetime.combine(today, time(0, 0), tzinfo=tz)
    soon = cal.due(now, agency.due_soon_days, TimeUnit.WORKING_DAYS)
    return Thresholds(now, day_start, day_start + timedelta(days=1), soon, agency.due_soon_days)


def _query(which: DeskList, t: Thresholds) -> Select[int]:
    q = select(Dossier.local_no)
    running = Dossier.state.in_(RUNNING)
    if which is DeskList.DUE_TODAY:
        return q.where(running, Dossier.due_at >= t.day_start, Dossier.due_at < t.day_end).order_by(
            Dossier.due_at
        )
    if which is DeskList.OVERDUE:
        return q.where(running, Dossier.due_at < t.now).order_by(Dossier.due_at)
    if which is DeskList.DUE_SOON:
        return q.where(running, Dossier.due_at >= t.now, Dossier.due_at <= t.soon_until).order_by(
            Dossier.due_at
        )
    if which is DeskList.SUPPLEMENT:
        return q.where(Dossier.state == State.SUPPLEMENT_REQUESTED.value).order_by(Dossier.due_at)
    if which is DeskList.RESULT_READY:
        return q.where(Dossier.state == State.RESULT_READY.value).order_by(Dossier.due_at)
    if which is DeskList.RECEIVED_TODAY:
        return q.where(Dossier.received_at >= t.day_start).order_by(Dossier.received_at.desc())
    if which is DeskList.ONLINE:  # oldest first: the citizen has waited longest
        return q.where(Dossier.state == State.ONLINE_SUBMITTED.value).order_by(
            Dossier.received_at, Dossier.local_no
        )
    if which is DeskList.UNSYNCED:
        pending = select(Outbox.entity_id).where(
            Outbox.state == "pending", Outbox.entity_type == "dossier"
        )
        return q.where(Dossier.id.in_(pending)).order_by(Dossier.local_no.desc())
    return q.order_by(Dossier.local_no.desc())


def counts(store: Store, *, clock: Clock = system_clock) -> dict[DeskList, int]:
    """How many dossiers each desk list holds right now."""
    with store.read() as session:
        t = thresholds(session, clock())
        out: dict[DeskList, int] = {}
        for which in DeskList:
            sub = _query(which, t).order_by(None).subquery()
            out[which] = int(session.scalar(select(func.count()).select_from(sub)) or 0)
        return out


def list_ids(
    store: Store, which: DeskList, *, clock: Clock = system_clock, limit: int | None = None
) -> tuple[list[int], Thresholds]:
    """The ``local_no`` of every dossier in a list, in display order (ids only)."""
    with store.read() as session:
        t = thresholds(session, clock())
        q = _query(which, t)
        if limit is not None:
            q = q.limit(limit)
        return [int(n) for n in session.scalars(q)], t


def rows_by_local_no(store: Store, nos: Sequence[int]) -> dict[int, DossierRow]:
    """Rows for the lines on screen (one query per batch of the lazy model)."""
    if not nos:
        return {}
    with store.read() as session:
        found = session.scalars(
            select(Dossier)
            .where(Dossier.local_no.in_(list(nos)))
            .options(selectinload(Dossier.applicant), selectinload(Dossier.procedure))
        ).all()
        return {d.local_no: DossierRow.from_model(d) for d in found}


@dataclass(frozen=True)
class KnownApplicant:
    """An earlier applicant with the same ID number, offered for reuse at intake."""

    id_number: str
    name: str
    birth_date: str | None
    phone: str
    email: str
    address: str
    dossier_count: int


def find_applicant(store: Store, id_number: str) -> KnownApplicant | None:
    digits = "".join(ch for ch in id_number if ch.isdigit())
    if len(digits) not in (9, 12):
        return None
    with store.read() as session:
        a = session.scalars(
            select(Applicant)
            .where(Applicant.id_number == digits)
            .order_by(Applicant.updated_at.desc())
        ).first()
        if a is None:
            return None
        n = session.scalar(select(func.count()).where(Dossier.applicant_id == a.id)) or 0
        return KnownApplicant(
            a.id_number,
            a.name,
            a.birth_date.isoformat() if a.birth_date else None,
            a.phone,
            a.email,
            a.address,
            int(n),
        )
