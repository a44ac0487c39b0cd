"""Receiving a dossier: validate everything first, then one transaction writes the dossier,
its checklist, its first event, its search entry, the code counter and the outbox row."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.calendar_store import load_calendar
from app.catalogue import current_procedure
from app.catalogue_schema import COPY_TYPES
from app.clock import Clock, local, new_id, parse_local_minute, system_clock
from app.codes import mint_code
from app.crashpoints import crash_point
from app.errors import InvalidInput
from app.identity import validate_id_number
from app.lifecycle import State
from app.outbox import enqueue
from app.search_index import index_dossier, next_local_no
from app.settings import get_agency
from app.textnorm import nfc
from app.workdays import TimeUnit
from db.engine import Store
from db.models import Applicant, AuditLog, Dossier, DossierDocument, DossierEvent, Fee

CHANNELS = ("direct", "online", "postal")
DELIVERIES = ("desk", "post")
PHONE_RE = re.compile(r"^(\+84|0)\d{8,10}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
FUTURE_TOLERANCE = timedelta(minutes=10)


@dataclass(frozen=True)
class ApplicantInput:
    name: str
    id_number: str = ""
    birth_date: date | None = None
    phone: str = ""
    email: str = ""
    address: str = ""


@dataclass(frozen=True)
class DocumentInput:
    code: str = ""
    name: str = ""
    copy_type: str | None = None
    copies: int | None = None
    received: bool = True


@dataclass(frozen=True)
class IntakeRequest:
    procedure_code: str
    received_at: datetime
    channel: str
    applicant: ApplicantInput
    documents: tuple[DocumentInput, ...]
    result_delivery: str = "desk"
    postal_address: str = ""
    sets: int = 1
    note: str = ""


@dataclass(frozen=True)
class Receipt:
    id: str
    code: str
    procedure_code: str
    procedure_name: str
    applicant_name: str
    received_at: datetime
    due_at: datetime
    warnings: tuple[str, ...]


def _text(obj: dict[str, Any], key: str, field: str, *, required: bool = False) -> str:
    value = obj.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(field, "type", f"{field}: phải là chuỗi ký tự")
    clean = nfc(value)
    if required and not clean:
        raise InvalidInput(field, "required", f"{field}: không được để trống")
    if len(clean) > 400:
        raise InvalidInput(field, "too_long", f"{field}: dài quá 400 ký tự")
    return clean


def _int(obj: dict[str, Any], key: str, field: str, lo: int, hi: int) -> int | None:
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise InvalidInput(field, "range", f"{field}: phải là số nguyên từ {lo} đến {hi}")
    return value


def parse_intake(data: object) -> IntakeRequest:
    """Turn the JSON of `motcua dossier receive` into a request; the first problem is raised
    as InvalidInput naming its field."""
    if not isinstance(data, dict):
        raise InvalidInput("(root)", "type", "Nội dung phải là một đối tượng JSON")
    procedure = _text(data, "procedure", "procedure", required=True)
    received_raw = data.get("received_at")
    if not isinstance(received_raw, str):
        raise InvalidInput("received_at", "required", "received_at: cần dạng YYYY-MM-DD HH:MM")
    received_at = parse_local_minute(received_raw, "received_at")
    channel = _text(data, "channel", "channel") or "direct"
    if channel not in CHANNELS:
        raise InvalidInput("channel", "unknown", "channel: chỉ nhận direct, online hoặc postal")
    app_raw = data.get("applicant")
    if not isinstance(app_raw, dict):
        raise InvalidInput("applicant", "required", "applicant: thiếu thông tin người nộp")
    birth: date | None = None
    birth_raw = app_raw.get("birth_date")
    if birth_raw not in (None, ""):
        try:
            birth = date.fromisoformat(str(birth_raw))
        except ValueError:
            raise InvalidInput(
                "applicant.birth_date", "format", "applicant.birth_date: cần dạng YYYY-MM-DD"
            ) from None
    applicant = ApplicantInput(
        name=_text(app_raw, "name", "applicant.name", required=True),
        id_number=_text(app_raw, "id_number", "applicant.id_number"),
        birth_date=birth,
        phone=_text(app_raw, "phone", "applicant.phone"),
        email=_text(app_raw, "email", "applicant.email"),
        address=_text(app_raw, "address", "applicant.address"),
    )
    docs_raw = data.get("documents", [])
    if not isinstance(docs_raw, list):
        raise InvalidInput("documents", "type", "documents: phải là một danh sách")
    documents = []
    for i, d in enumerate(docs_raw):
        field = f"documents[{i}]"
        if not isinstance(d, dict):
            raise InvalidInput(field, "type", f"{field}: phải là một đối tượng")
        code = _text(d, "code", f"{field}.code")
        name = _text(d, "name", f"{field}.name")
        if not code and not name:
            raise InvalidInput(f"{field}.code", "required", f"{field}: cần code hoặc name")
        copy_type = _text(d, "copy_type", f"{field}.copy_type") or None
        if copy_type is not None and copy_type not in COPY_TYPES:
            raise InvalidInput(
                f"{field}.copy_type",
                "unknown",
                f"{field}.copy_type: chỉ nhận {', '.join(COPY_TYPES)}",
            )
        received = d.get("received", True)
        if not isinstance(received, bool):
            raise InvalidInput(f"{field}.received", "type", f"{field}.received: true hoặc false")
        documents.append(
            DocumentInput(
                code=code,
                name=name,
                copy_type=copy_type,
                copies=_int(d, "copies", f"{field}.copies", 1, 99),
                received=received,
            )
        )
    delivery = _text(data, "result_delivery", "result_delivery") or "desk"
    if delivery not in DELIVERIES:
        raise InvalidInput("result_delivery", "unknown", "result_delivery: chỉ nhận desk hoặc post")
    return IntakeRequest(
        procedure_code=procedure,
        received_at=received_at,
        channel=channel,
        applicant=applicant,
        documents=tuple(documents),
        result_delivery=delivery,
        postal_address=_text(data, "postal_address", "postal_address"),
        sets=_int(data, "sets", "sets", 1, 99) or 1,
        note=_text(data, "note", "note"),
    )


def _validate(req: IntakeRequest, now: datetime) -> list[str]:
    """Checks that need no store; returns warnings that do not block receipt."""
    warnings: list[str] = []
    if req.received_at.tzinfo is None:
        raise InvalidInput("received_at", "naive", "received_at: thiếu múi giờ")
    if req.received_at > now + FUTURE_TOLERANCE:
        raise InvalidInput("received_at", "future", "received_at: thời điểm nhận ở tương lai")
    a = req.applicant
    if not nfc(a.name):
        raise InvalidInput("applicant.name", "required", "applicant.name: không được để trống")
    if a.id_number:
        check = validate_id_number(a.id_number, a.birth_date, field="applicant.id_number")
        if check.warning:
            warnings.append(check.warning)
    if a.phone and not PHONE_RE.match(re.sub(r"[\s.\-]", "", a.phone)):
        raise InvalidInput(
            "applicant.phone", "format", "applicant.phone: số điện thoại 10 số, ví dụ 0912345678"
        )
    if a.email and not EMAIL_RE.match(a.email):
        raise InvalidInput("applicant.email", "format", "applicant.email: địa chỉ thư không hợp lệ")
    if req.result_delivery == "post" and not nfc(req.postal_address or a.address):
        raise InvalidInput(
            "postal_address", "required", "postal_address: cần địa chỉ nhận kết quả qua bưu chính"
        )
    return warnings


def id_number_key(id_number: str) -> str:
    """An id number as the applicant row stores it: NFC, without spaces or dots."""
    return re.sub(r"[\s.]", "", nfc(id_number))


def _find_or_make_applicant(session: Session, a: ApplicantInput, now: datetime) -> Applicant:
    digits = id_number_key(a.id_number)
    found = (
        session.scalars(
            select(Applicant)
            .where(Applicant.id_number == digits)
            .order_by(Applicant.updated_at.desc())
        ).first()
        if digits
        else None
    )
    if found is None:
        found = Applicant(id=new_id(), id_number=digits, created_at=now)
        session.add(found)
    # The newest statement of the citizen's details wins locally; dossiers keep their snapshot.
    found.name = nfc(a.name)
    found.id_kind = "cccd" if len(digits) == 12 else ("cmnd" if len(digits) == 9 else "")
    found.birth_date = a.birth_date or found.birth_date
    found.phone = nfc(a.phone) or (found.phone or "")
    found.email = nfc(a.email) or (found.email or "")
    found.address = nfc(a.address) or (found.address or "")
    found.updated_at = now
    return found


def receive_dossier(
    store: Store, req: IntakeRequest, *, actor: str, clock: Clock = system_clock
) -> Receipt:
    """One user action, one transaction. On any error nothing is written."""
    now = clock()
    warnings = _validate(req, now)
    with store.write.begin() as session:
        agency = get_agency(session)
        proc = current_procedure(session, req.procedure_code)
        catalogue_docs = {d.code: d for d in proc.documents}
        for i, d in enumerate(req.documents):
            if d.code and d.code not in catalogue_docs:
                raise InvalidInput(
                    f"documents[{i}].code",
                    "unknown",
                    f"documents[{i}].code: thủ tục {proc.code} không có thành phần {d.code!r}",
                )
        cal = load_calendar(session)
        cutoff = time.fromisoformat(proc.cutoff) if proc.cutoff else None
        due = cal.due(req.received_at, proc.time_amount, TimeUnit(proc.time_unit), cutoff)
        applicant = _find_or_make_applicant(session, req.applicant, now)
        code = mint_code(
            session, agency.agency_code, agency.device_no, local(req.received_at).date()
        )
        crash_point("intake.after_code")
        fee_total = fixed_fee(proc.fees)
        dossier = Dossier(
            id=new_id(),
            code=code,
            local_no=next_local_no(session),
            procedure_id=proc.id,
            applicant_id=applicant.id,
            channel=req.channel,
            state=State.RECEIVED.value,
            received_at=req.received_at,
            due_at=due,
            original_due_at=due,
            result_delivery=req.result_delivery,
            postal_address=nfc(req.postal_address)
            or (nfc(req.applicant.address) if req.result_delivery == "post" else ""),
            sets=req.sets,
            fee_total=fee_total,
            note=nfc(req.note),
            received_by=actor,
            device_no=agency.device_no,
            calendar_version=cal.version,
            version=1,
            created_at=now,
            updated_at=now,
        )
        session.add(dossier)
        given = {d.code: d for d in req.documents if d.code}
        lines: list[DossierDocument] = []
        for spec in proc.documents:
            got = given.get(spec.code)
            lines.append(
                DossierDocument(
                    id=new_id(),
                    doc_code=spec.code,
                    name=spec.name,
                    copy_type=(got.copy_type if got and got.copy_type else spec.copy_type),
                    copies=(got.copies if got and got.copies else spec.copies),
                    required=spec.required,
                    received=bool(got and got.received),
                    scan_profile=spec.scan_profile,
                )
            )
        for extra in (d for d in req.documents if not d.code):
            lines.append(
                DossierDocument(
                    id=new_id(),
                    doc_code="",
                    name=extra.name,
                    copy_type=extra.copy_type or "photocopy",
                    copies=extra.copies or 1,
                    required=False,
                    received=extra.received,
                    scan_profile="text",
                )
            )
        for pos, line in enumerate(lines):
            line.position = pos
            dossier.documents.append(line)
        first_event = DossierEvent(
            id=new_id(),
            dossier=dossier,
            seq=1,
            kind="received",
            from_state=None,
            to_state=State.RECEIVED.value,
            at=req.received_at,
            actor=actor,
            reason="",
            detail={"due_at": due.isoformat(), "calendar_version": cal.version},
        )
        session.add(first_event)
        session.flush()
        crash_point("intake.after_dossier")
        index_dossier(session, dossier, applicant, proc)
        enqueue(
            session,
            entity_type="dossier",
            entity_id=dossier.id,
            op="dossier.create",
            payload={
                **dossier_payload(dossier, applicant, proc.code, proc.catalog_version, lines),
                "event_id": first_event.id,
            },
            actor=actor,
            at=now,
            base_version=None,
        )
        session.add(
            AuditLog(
                at=now,
                actor=actor,
                action="dossier.receive",
                entity="dossier",
                entity_id=dossier.id,
                detail={"code": code},
            )
        )
        crash_point("intake.before_commit")
        receipt = Receipt(
            id=dossier.id,
            code=code,
            procedure_code=proc.code,
            procedure_name=proc.name,
            applicant_name=applicant.name,
            received_at=req.received_at,
            due_at=due,
            warnings=tuple(warnings),
        )
    return receipt


def fixed_fee(fees: list[Fee]) -> int | None:
    """The fee when the procedure has exactly one fixed amount; otherwise None.

    Several rows are tiers or alternatives (per page, capped per copy; direct vs online), not
    charges to add up: the amount then depends on facts the desk records later.
    """
    if not fees:
        return 0
    if len(fees) == 1 and fees[0].amount is not None:
        return fees[0].amount
    return None


def dossier_payload(
    d: Dossier,
    a: Applicant,
    procedure_code: str,
    catalog_version: str,
    lines: list[DossierDocument],
) -> dict[str, Any]:
    """The full dossier as the upstream receives it in `dossier.create`."""
    return {
        "id": d.id,
        "code": d.code,
        "procedure": f"{procedure_code}@{catalog_version}",
        "channel": d.channel,
        "state": d.state,
        "received_at": d.received_at.isoformat(),
        "due_at": d.due_at.isoformat(),
        "calendar_version": d.calendar_version,
        "result_delivery": d.result_delivery,
        "postal_address": d.postal_address,
        "sets": d.sets,
        "fee_total": d.fee_total,
        "note": d.note,
        "received_by": d.received_by,
        "device_no": d.device_no,
        "applicant": {
            "id": a.id,
            "name": a.name,
            "id_number": a.id_number,
            "birth_date": a.birth_date.isoformat() if a.birth_date else None,
            "phone": a.phone,
            "email": a.email,
            "address": a.address,
        },
        "documents": [
            {
                "id": ln.id,
                "code": ln.doc_code,
                "name": ln.name,
                "copy_type": ln.copy_type,
                "copies": ln.copies,
                "required": ln.required,
                "received": ln.received,
                "digitised": ln.digitised,
                "reused": ln.reused,
            }
            for ln in lines
        ],
    }
