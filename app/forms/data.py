"""What the forms print, as frozen dataclasses read from the store in one read transaction.

The renderers take these objects and nothing else, so a form can also be printed from data that
never touched the store (a preview, a test). ``form_data`` gathers a dossier's view, the
commune's settings and the procedure version the dossier was received under.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.catalogue import ProcedureRow, current_procedure
from app.clock import VN_TZ
from app.dossiers import ChecklistRow, DossierView, load_dossier
from app.errors import InvalidInput
from app.lifecycle import State
from app.settings import AgencyInfo, get_agency
from db.engine import Store
from db.models import Dossier, DossierEvent, UserAccount

MAX_BOOK_DAYS = 366


@dataclass(frozen=True)
class Person:
    name: str
    id_number: str
    phone: str
    email: str
    address: str


@dataclass(frozen=True)
class FormEvent:
    """One step of the dossier's history, with the due date in force after it."""

    seq: int
    kind: str  # received | transition | extension
    from_state: str | None
    to_state: str
    at: datetime
    actor: str
    actor_name: str  # the officer's full name, "" when the actor is no local account
    reason: str
    due_at: datetime | None
    due_before: datetime | None  # extension and resume: the due date before the step


@dataclass(frozen=True)
class FormData:
    """Everything Mẫu 01–06 print about one dossier."""

    agency: AgencyInfo
    procedure: ProcedureRow
    code: str
    local_no: int
    state: str
    channel: str
    applicant: Person
    received_at: datetime
    due_at: datetime | None
    original_due_at: datetime | None
    result_delivery: str
    postal_address: str
    sets: int
    fee_total: int | None
    received_by: str
    officer_name: str  # full name of the receiving officer, "" when unknown
    documents: tuple[ChecklistRow, ...]
    events: tuple[FormEvent, ...]

    def last_event(self, *, to_state: str | None = None, kind: str | None = None) -> FormEvent:
        """The latest event into ``to_state`` (or of ``kind``); InvalidInput naming it if none."""
        for e in reversed(self.events):
            if to_state is not None and e.to_state == to_state and e.kind == "transition":
                return e
            if kind is not None and e.kind == kind:
                return e
        what = to_state or kind or "?"
        raise InvalidInput(
            f"events.{what}",
            "missing",
            f"events.{what}: hồ sơ {self.code} chưa có bước này trong lịch sử",
        )

    def find_event(self, *, to_state: str) -> FormEvent | None:
        for e in reversed(self.events):
            if e.to_state == to_state and e.kind == "transition":
                return e
        return None


@dataclass(frozen=True)
class BookRow:
    """One line of the register (Mẫu 07)."""

    no: int
    code: str
    procedure_name: str
    sets: int
    applicant_name: str
    address: str
    phone: str
    state: str
    received_at: datetime
    due_at: datetime
    original_due_at: datetime
    forwarded_at: datetime | None
    result_at: datetime | None
    returned_at: datetime | None
    finished_reason: str  # reason of refusal or stop


@dataclass(frozen=True)
class BookData:
    agency: AgencyInfo
    start: date
    end: date
    rows: tuple[BookRow, ...]


@dataclass(frozen=True)
class ChecklistData:
    agency: AgencyInfo
    procedure: ProcedureRow


# --- builders ---------------------------------------------------------------------------------


def _parse_dt(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def _officer_names(session: Session, usernames: Iterable[str]) -> dict[str, str]:
    wanted = {u for u in usernames if u}
    if not wanted:
        return {}
    rows = session.execute(
        select(UserAccount.username, UserAccount.full_name).where(UserAccount.username.in_(wanted))
    )
    return {str(username): str(full_name) for username, full_name in rows}


def build_form_data(
    view: DossierView,
    agency: AgencyInfo,
    procedure: ProcedureRow,
    *,
    officer_names: dict[str, str] | None = None,
) -> FormData:
    """Pure: a dossier view, the commune and the procedure version -> what the forms print.
    ``officer_names`` maps actors (usernames) to the full names printed under signatures."""
    names = officer_names or {}
    events = []
    for e in view.events:
        detail = e.detail
        events.append(
            FormEvent(
                seq=e.seq,
                kind=e.kind,
                from_state=e.from_state,
                to_state=e.to_state,
                at=e.at,
                actor=e.actor,
                actor_name=names.get(e.actor, ""),
                reason=e.reason,
                due_at=_parse_dt(detail.get("due_at")),
                due_before=_parse_dt(detail.get("due_before")),
            )
        )
    r = view.row
    return FormData(
        agency=agency,
        procedure=procedure,
        code=r.code,
        local_no=view.local_no,
        state=r.state,
        channel=view.channel,
        applicant=Person(
            name=r.applicant_name,
            id_number=r.id_number,
            phone=r.phone,
            email=view.email,
            address=view.address,
        ),
        received_at=r.received_at,
        due_at=r.due_at,
        original_due_at=view.original_due_at,
        result_delivery=view.result_delivery,
        postal_address=view.postal_address,
        sets=view.sets,
        fee_total=view.fee_total,
        received_by=view.received_by,
        officer_name=names.get(view.received_by, ""),
        documents=view.documents,
        events=tuple(events),
    )


def form_data(store: Store, code: str) -> FormData:
    """Read one dossier for printing. NotInitialised before NotFound: an empty store has no
    dossiers, and "run motcua init" is the useful answer."""
    with store.read() as session:
        agency = get_agency(session)
        d = load_dossier(session, code)
        view = DossierView.from_model(d)
        procedure = ProcedureRow.from_model(d.procedure)
        names = _officer_names(session, [d.received_by, *(e.actor for e in d.events)])
    return build_form_data(view, agency, procedure, officer_names=names)


def _local_day_start(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=VN_TZ)


def _transition_at(events: list[DossierEvent], state: State) -> datetime | None:
    found = [e.at for e in events if e.kind == "transition" and e.to_state == state.value]
    return found[-1] if found else None


def book_data(store: Store, start: date, end: date) -> BookData:
    """Dossiers received from ``start`` to ``end`` (local dates, both included), oldest first."""
    if end < start:
        raise InvalidInput("to", "before_from", "to: ngày kết thúc phải từ ngày bắt đầu trở đi")
    if (end - start).days >= MAX_BOOK_DAYS:
        raise InvalidInput("to", "range", f"to: một kỳ in sổ tối đa {MAX_BOOK_DAYS} ngày")
    lo = _local_day_start(start)
    hi = _local_day_start(end + timedelta(days=1))
    with store.read() as session:
        agency = get_agency(session)
        found = session.scalars(
            select(Dossier)
            .where(Dossier.received_at >= lo, Dossier.received_at < hi)
            .order_by(Dossier.received_at, Dossier.local_no)
            .options(
                selectinload(Dossier.events),
                selectinload(Dossier.applicant),
                selectinload(Dossier.procedure),
            )
        ).all()
        rows = []
        for d in found:
            finished = [
                e.reason
                for e in d.events
                if e.kind == "transition" and e.to_state in (State.REFUSED, State.STOPPED)
            ]
            rows.append(
                BookRow(
                    no=d.local_no,
                    code=d.code,
                    procedure_name=d.procedure.name,
                    sets=d.sets,
                    applicant_name=d.applicant.name,
                    address=d.applicant.address,
                    phone=d.applicant.phone,
                    state=d.state,
                    received_at=d.received_at,
                    due_at=d.due_at,
                    original_due_at=d.original_due_at,
                    forwarded_at=_transition_at(d.events, State.FORWARDED),
                    result_at=_transition_at(d.events, State.RESULT_READY),
                    returned_at=_transition_at(d.events, State.RETURNED),
                    finished_reason=finished[-1] if finished else "",
                )
            )
    return BookData(agency=agency, start=start, end=end, rows=tuple(rows))


def checklist_data(store: Store, procedure_code: str) -> ChecklistData:
    """The current version of a procedure, for the citizen's "what to bring" sheet."""
    with store.read() as session:
        agency = get_agency(session)
        procedure = ProcedureRow.from_model(current_procedure(session, procedure_code))
    return ChecklistData(agency=agency, procedure=procedure)
