"""Dossier use cases after intake: look up, search, lifecycle steps, one extension.

Each step is one transaction that writes the dossier, an immutable event and an outbox row;
an illegal step raises before anything is written. Frozen DTOs go out, never ORM objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session, selectinload

from app.calendar_store import load_calendar
from app.clock import Clock, new_id, system_clock
from app.errors import InvalidInput, NotFound
from app.lifecycle import (
    NATIONAL_STATUS,
    DossierFacts,
    State,
    allowed_targets,
    check_extension,
    check_transition,
)
from app.outbox import enqueue
from app.search_index import match_expression
from app.textnorm import nfc
from app.workdays import TimeUnit
from db.engine import Store
from db.models import AuditLog, Dossier, DossierEvent

# States at which processing ended (QĐ 766's NgayKetThucXuLy).
_FINISHING = {State.RESULT_READY, State.REFUSED, State.STOPPED}


@dataclass(frozen=True)
class EventRow:
    seq: int
    kind: str
    from_state: str | None
    to_state: str
    at: datetime
    actor: str
    reason: str
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ChecklistRow:
    code: str
    name: str
    copy_type: str
    copies: int
    required: bool
    received: bool
    digitised: bool
    reused: bool


@dataclass(frozen=True)
class DossierRow:
    """One line of a dossier list."""

    id: str
    code: str
    state: str
    applicant_name: str
    id_number: str
    phone: str
    procedure_code: str
    procedure_name: str
    received_at: datetime
    due_at: datetime

    @staticmethod
    def from_model(d: Dossier) -> DossierRow:
        return DossierRow(
            id=d.id,
            code=d.code,
            state=d.state,
            applicant_name=d.applicant.name,
            id_number=d.applicant.id_number,
            phone=d.applicant.phone,
            procedure_code=d.procedure.code,
            procedure_name=d.procedure.name,
            received_at=d.received_at,
            due_at=d.due_at,
        )


@dataclass(frozen=True)
class DossierView:
    """Everything about one dossier, for the dossier view and `motcua dossier show`."""

    row: DossierRow
    local_no: int
    national_status: int
    channel: str
    address: str
    email: str
    birth_date: str | None
    original_due_at: datetime
    paused_at: datetime | None
    supplement_count: int
    extension_count: int
    extension_reason: str
    finished_at: datetime | None
    result_delivery: str
    postal_address: str
    sets: int
    fee_total: int | None
    received_by: str
    catalog_version: str
    calendar_version: str
    documents: tuple[ChecklistRow, ...]
    events: tuple[EventRow, ...]
    allowed: tuple[str, ...]

    @staticmethod
    def from_model(d: Dossier) -> DossierView:
        facts = _facts(d)
        return DossierView(
            row=DossierRow.from_model(d),
            local_no=d.local_no,
            national_status=NATIONAL_STATUS[State(d.state)],
            channel=d.channel,
            address=d.applicant.address,
            email=d.applicant.email,
            birth_date=d.applicant.birth_date.isoformat() if d.applicant.birth_date else None,
            original_due_at=d.original_due_at,
            paused_at=d.paused_at,
            supplement_count=d.supplement_count,
            extension_count=d.extension_count,
            extension_reason=d.extension_reason,
            finished_at=d.finished_at,
            result_delivery=d.result_delivery,
            postal_address=d.postal_address,
            sets=d.sets,
            fee_total=d.fee_total,
            received_by=d.received_by,
            catalog_version=d.procedure.catalog_version,
            calendar_version=d.calendar_version,
            documents=tuple(
                ChecklistRow(
                    x.doc_code,
                    x.name,
                    x.copy_type,
                    x.copies,
                    x.required,
                    x.received,
                    x.digitised,
                    x.reused,
                )
                for x in d.documents
            ),
            events=tuple(
                EventRow(
                    e.seq, e.kind, e.from_state, e.to_state, e.at, e.actor, e.reason, dict(e.detail)
                )
                for e in d.events
            ),
            allowed=tuple(s.value for s in allowed_targets(facts)),
        )


def _facts(d: Dossier) -> DossierFacts:
    return DossierFacts(State(d.state), d.supplement_count, d.extension_count)


def load_dossier(session: Session, code: str) -> Dossier:
    """The dossier with its checklist, events, applicant and procedure loaded."""
    d = session.scalars(
        select(Dossier)
        .where(Dossier.code == code.strip())
        .options(
            selectinload(Dossier.documents),
            selectinload(Dossier.events),
            selectinload(Dossier.applicant),
            selectinload(Dossier.procedure),
        )
    ).first()
    if d is None:
        raise NotFound("dossier", code)
    return d


def show(store: Store, code: str) -> DossierView:
    with store.read() as session:
        return DossierView.from_model(load_dossier(session, code))


def _append_event(
    session: Session,
    d: Dossier,
    *,
    kind: str,
    from_state: str | None,
    to_state: str,
    at: datetime,
    actor: str,
    reason: str,
    detail: dict[str, Any],
) -> DossierEvent:
    seq = max((e.seq for e in d.events), default=0) + 1
    event = DossierEvent(
        id=new_id(),
        seq=seq,
        kind=kind,
        from_state=from_state,
        to_state=to_state,
        at=at,
        actor=actor,
        reason=reason,
        detail=detail,
    )
    d.events.append(event)
    return event


def transition(
    store: Store,
    code: str,
    target: State,
    *,
    actor: str,
    reason: str = "",
    detail: dict[str, Any] | None = None,
    clock: Clock = system_clock,
) -> DossierView:
    """Move a dossier one lifecycle step; IllegalTransition changes nothing.

    ``detail`` carries what the step records besides its reason (e.g. ``missing`` documents of a
    supplement request, ``agency`` a dossier is forwarded to, ``handed_to`` for the result);
    it goes into the event and the outbox payload as given (text NFC-normalised).
    """
    clean_reason = nfc(reason)
    now = clock()
    with store.write.begin() as session:
        d = load_dossier(session, code)
        current = State(d.state)
        check_transition(_facts(d), target, clean_reason)
        base_version = d.version
        extra = _clean_detail(detail or {})
        detail = dict(extra)
        if target is State.SUPPLEMENT_REQUESTED:
            d.supplement_count += 1
            d.paused_at = now  # the clock stops while the citizen completes the dossier
        elif current is State.SUPPLEMENT_REQUESTED and d.paused_at is not None:
            cal = load_calendar(session)
            new_due = cal.resume(d.due_at, d.paused_at, now)
            detail = {"paused_at": d.paused_at.isoformat(), "due_before": d.due_at.isoformat()}
            d.due_at = new_due
            d.paused_at = None
        elif current is State.ONLINE_SUBMITTED and target is State.RECEIVED:
            # A dossier filed online is received when the officer accepts it: the processing
            # time runs from now (the upstream only knew the submission time).
            cal = load_calendar(session)
            proc = d.procedure
            cutoff = time.fromisoformat(proc.cutoff) if proc.cutoff else None
            d.received_at = now
            d.due_at = d.original_due_at = cal.due(
                now, proc.time_amount, TimeUnit(proc.time_unit), cutoff
            )
            d.calendar_version = cal.version
            d.recompute_flag = False
            detail = {"received_at": now.isoformat(), "calendar_version": cal.version}
            extra = {**extra, **detail}
        if target in _FINISHING and d.finished_at is None:
            d.finished_at = now
        d.state = target.value
        d.version += 1
        d.updated_at = now
        detail["due_at"] = d.due_at.isoformat()
        event = _append_event(
            session,
            d,
            kind="transition",
            from_state=current.value,
            to_state=target.value,
            at=now,
            actor=actor,
            reason=clean_reason,
            detail=detail,
        )
        enqueue(
            session,
            entity_type="dossier",
            entity_id=d.id,
            op="dossier.transition",
            payload={
                "from": current.value,
                "to": target.value,
                "reason": clean_reason,
                "at": now.isoformat(),
                "due_at": d.due_at.isoformat(),
                "national_status": NATIONAL_STATUS[target],
                "event_id": event.id,  # the upstream keeps the same id: history merges by id
                **extra,
            },
            actor=actor,
            at=now,
            base_version=base_version,
        )
        session.add(
            AuditLog(
                at=now,
                actor=actor,
                action="dossier.transition",
                entity="dossier",
                entity_id=d.id,
                detail={"code": d.code, "from": current.value, "to": target.value},
            )
        )
        session.flush()
        return DossierView.from_model(d)


def _clean_detail(detail: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in detail.items():
        if isinstance(value, str):
            out[key] = nfc(value)
        elif isinstance(value, list):
            out[key] = [nfc(v) if isinstance(v, str) else v for v in value]
        else:
            out[key] = value
    return out


def extend(
    store: Store,
    code: str,
    new_due: datetime,
    *,
    actor: str,
    reason: str,
    clock: Clock = system_clock,
) -> DossierView:
    """The one extension (Mẫu 04): a later due date and a reason; the original stays recorded."""
    clean_reason = nfc(reason)
    now = clock()
    if new_due.tzinfo is None:
        raise InvalidInput("new_due", "naive", "new_due: thiếu múi giờ")
    with store.write.begin() as session:
        d = load_dossier(session, code)
        check_extension(_facts(d), clean_reason)
        if new_due <= d.due_at:
            raise InvalidInput("new_due", "not_later", "new_due: ngày hẹn mới phải sau ngày hẹn cũ")
        base_version = d.version
        old_due = d.due_at
        d.due_at = new_due
        d.extension_count += 1
        d.extension_reason = clean_reason
        d.version += 1
        d.updated_at = now
        event = _append_event(
            session,
            d,
            kind="extension",
            from_state=d.state,
            to_state=d.state,
            at=now,
            actor=actor,
            reason=clean_reason,
            detail={"due_before": old_due.isoformat(), "due_at": new_due.isoformat()},
        )
        enqueue(
            session,
            entity_type="dossier",
            entity_id=d.id,
            op="dossier.extend",
            payload={
                "due_before": old_due.isoformat(),
                "due_at": new_due.isoformat(),
                "reason": clean_reason,
                "event_id": event.id,
            },
            actor=actor,
            at=now,
            base_version=base_version,
        )
        session.flush()
        return DossierView.from_model(d)


def search_ids(session: Session, query: str, limit: int = 50) -> list[int]:
    """local_no of dossiers whose code, name, ID, phone, address or procedure match every
    word of ``query`` as a prefix, ignoring diacritics and đ/Đ. Newest first."""
    expr = match_expression(query)
    if expr is None:
        return []
    rows = session.execute(
        text(
            "SELECT rowid FROM dossier_fts WHERE dossier_fts MATCH :q ORDER BY rowid DESC LIMIT :n"
        ),
        {"q": expr, "n": limit},
    )
    return [int(r[0]) for r in rows]


def search(store: Store, query: str, limit: int = 50) -> list[DossierRow]:
    with store.read() as session:
        nos = search_ids(session, query, limit)
        if not nos:
            return []
        found = session.scalars(
            select(Dossier)
            .where(Dossier.local_no.in_(nos))
            .options(selectinload(Dossier.applicant), selectinload(Dossier.procedure))
        ).all()
        by_no = {d.local_no: d for d in found}
        return [DossierRow.from_model(by_no[n]) for n in nos if n in by_no]


def pending_outbox_count(store: Store) -> int:
    with store.read() as session:
        return int(
            session.execute(
                text("SELECT count(*) FROM outbox WHERE state = 'pending'")
            ).scalar_one()
        )
