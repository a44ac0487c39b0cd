"""District-side operations, shared by the admin CLI, tests and the other engineers' harnesses.

Every function works inside the caller's transaction (``with factory.begin() as session``) and
raises :class:`AdminError` naming the offending field.

Owner-side rule (docs/server.md): the district acts only on dossiers in ``forwarded``.
"""

from __future__ import annotations

import mimetypes
import secrets
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.catalogue_schema import parse_catalogue
from app.clock import VN_TZ
from app.errors import IllegalTransition, InvalidInput, NotFound
from app.lifecycle import DossierFacts, State, check_transition
from app.textnorm import nfc
from server.blobstore import BlobStore
from server.common import iso, utc_now
from server.db import new_epoch
from server.dossierdoc import clone, make_event
from server.feed import append_change, ensure_scope, lock_scope, next_entity_version
from server.models import (
    Agency,
    Blob,
    ChangeLog,
    Device,
    Dossier,
    ExpectedBlob,
    ScopeCounter,
    ServerMeta,
)
from server.push import expect_blob, store_doc
from sync.wire import GLOBAL_SCOPE, AttachmentDoc, DocumentDoc, DossierDoc, commune_scope


class AdminError(Exception):
    """A refused admin operation; ``field`` names the offending input."""

    def __init__(self, field: str, detail: str) -> None:
        super().__init__(f"{field}: {detail}")
        self.field = field
        self.detail = detail


def add_agency(session: Session, code: str, name: str) -> Agency:
    code = nfc(code)
    if not code or "-" in code or len(code) > 40:
        raise AdminError("code", "mã đơn vị trống, quá dài hoặc có dấu '-'")
    if not nfc(name):
        raise AdminError("name", "tên đơn vị bắt buộc")
    if session.get(Agency, code) is not None:
        raise AdminError("code", f"đơn vị {code} đã có")
    agency = Agency(code=code, name=nfc(name))
    session.add(agency)
    session.flush()
    ensure_scope(session, commune_scope(code))
    return agency


def find_device(session: Session, key: str) -> Device:
    """A device by id, unique id prefix, or ``<agency code>#<device_no>`` (active device)."""
    if "#" in key:
        agency, _, no = key.rpartition("#")
        found = session.scalars(
            select(Device).where(
                Device.agency == agency,
                Device.device_no == (int(no) if no.isdigit() else -1),
                Device.revoked.is_(False),
            )
        ).all()
    else:
        found = session.scalars(select(Device).where(Device.id.startswith(key))).all()
    if len(found) != 1:
        raise AdminError("device", f"không có đúng một máy khớp {key!r} ({len(found)})")
    return found[0]


def revoke(session: Session, key: str) -> Device:
    device = find_device(session, key)
    device.revoked = True
    return device


def force_repull(session: Session, key: str) -> Device:
    """Like CommCare's forced 412: the device's next pulls with a cursor get 410."""
    device = find_device(session, key)
    device.reset_token = secrets.token_hex(8)
    device.reset_scopes = [commune_scope(device.agency), GLOBAL_SCOPE]
    return device


def bump_epoch(session: Session) -> str:
    """After restoring a backup: every cursor becomes invalid (410 reset_required)."""
    meta = session.get(ServerMeta, 1)
    if meta is None:
        raise AdminError("server_meta", "chưa khởi tạo cơ sở dữ liệu")
    meta.epoch = new_epoch()
    return meta.epoch


@dataclass(frozen=True)
class DeviceHealth:
    id: str
    agency: str
    device_no: int
    label: str
    revoked: bool
    last_seen: datetime | None
    last_seq: int
    pull_lag: int
    pending_blobs: int
    clock_offset_ms: int | None
    app_version: str


def device_health(session: Session) -> list[DeviceHealth]:
    out = []
    for d in session.scalars(select(Device).order_by(Device.agency, Device.device_no)).all():
        scope_seq = (
            session.scalar(
                select(ScopeCounter.last_seq).where(ScopeCounter.scope == commune_scope(d.agency))
            )
            or 0
        )
        pending = (
            session.scalar(
                select(func.count())
                .select_from(ExpectedBlob)
                .join(Dossier, Dossier.id == ExpectedBlob.dossier_id)
                .outerjoin(Blob, Blob.sha256 == ExpectedBlob.sha256)
                .where(Dossier.agency == d.agency, Blob.sha256.is_(None))
            )
            or 0
        )
        out.append(
            DeviceHealth(
                id=d.id,
                agency=d.agency,
                device_no=d.device_no,
                label=d.label,
                revoked=d.revoked,
                last_seen=d.last_seen,
                last_seq=d.last_seq,
                pull_lag=max(0, scope_seq - d.pulled_seq),
                pending_blobs=pending,
                clock_offset_ms=d.clock_offset_ms,
                app_version=d.app_version,
            )
        )
    return out


def publish_catalogue(session: Session, data: object) -> int:
    """Global change: entity "catalogue", id = catalog_version, data = the validated JSON."""
    try:
        catalogue = parse_catalogue(data)
    except InvalidInput as exc:
        raise AdminError(exc.field, exc.detail or exc.reason) from None
    counter = lock_scope(session, GLOBAL_SCOPE)
    version = next_entity_version(session, GLOBAL_SCOPE, "catalogue", catalogue.version)
    return append_change(
        session,
        counter,
        entity_type="catalogue",
        entity_id=catalogue.version,
        version=version,
        data=cast(dict[str, Any], data),
    )


def publish_calendar_day(session: Session, day: str, working: bool, name: str) -> int:
    try:
        parsed = date.fromisoformat(day)
    except ValueError:
        raise AdminError("day", "phải là ngày YYYY-MM-DD") from None
    counter = lock_scope(session, GLOBAL_SCOPE)
    entity_id = parsed.isoformat()
    version = next_entity_version(session, GLOBAL_SCOPE, "calendar_day", entity_id)
    return append_change(
        session,
        counter,
        entity_type="calendar_day",
        entity_id=entity_id,
        version=version,
        data={"day": entity_id, "working": working, "name": nfc(name), "source": "district"},
    )


def _locked_dossier(session: Session, code: str) -> tuple[Dossier, ScopeCounter]:
    found = session.scalars(select(Dossier).where(Dossier.code == nfc(code))).first()
    if found is None:
        raise AdminError("code", f"không có hồ sơ {code}")
    counter = lock_scope(session, commune_scope(found.agency))  # scope first, then the row
    dossier = session.scalars(
        select(Dossier)
        .where(Dossier.id == found.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    return dossier, counter


def _district_step(
    session: Session,
    code: str,
    target: State,
    reason: str,
    *,
    extra: dict[str, Any] | None = None,
    attachment: AttachmentDoc | None = None,
) -> DossierDoc:
    dossier, counter = _locked_dossier(session, code)
    doc = clone(dossier.doc)
    current = State(doc["state"])
    if current is not State.FORWARDED:
        raise AdminError(
            "code",
            f"hồ sơ {doc['code']} đang ở trạng thái {current.value}; "
            "cấp huyện chỉ xử lý hồ sơ ở trạng thái forwarded",
        )
    try:
        check_transition(
            DossierFacts(current, doc["supplement_count"], doc["extension_count"]), target, reason
        )
    except IllegalTransition as exc:
        raise AdminError("state", f"{exc.current} -> {exc.target}: {exc.reason}") from None
    now = utc_now()
    if attachment is not None:
        doc["attachments"].append(attachment)
        expect_blob(session.connection(), dossier.id, attachment["sha256"], attachment["size"])
    if target is State.SUPPLEMENT_REQUESTED:
        doc["supplement_count"] += 1
        doc["paused_at"] = now.isoformat()
    if target is State.RESULT_READY and doc["finished_at"] is None:
        doc["finished_at"] = now.isoformat()
    doc["state"] = target.value
    detail = dict(extra or {})
    detail["due_at"] = doc["due_at"]
    make_event(
        doc,
        event_id=str(uuid.uuid4()),
        kind="district",
        from_state=current.value,
        to_state=target.value,
        at=now.isoformat(),
        actor="district",
        reason=nfc(reason),
        detail=detail,
    )
    store_doc(dossier, doc, now)
    append_change(
        session,
        counter,
        entity_type="dossier",
        entity_id=dossier.id,
        version=dossier.version,
        data=cast(dict[str, Any], doc),
    )
    return doc


def mark_processed(
    session: Session, store: BlobStore, code: str, result: Path, note: str = ""
) -> DossierDoc:
    """District: forwarded → result_ready, with the result file as a ``result`` attachment."""
    if not result.is_file():
        raise AdminError("result", f"không đọc được tệp {result}")
    sha, size = store.put_file(result)
    if session.get(Blob, sha) is None:
        session.add(Blob(sha256=sha, size=size, complete=True, created_at=utc_now()))
    attachment: AttachmentDoc = {
        "id": str(uuid.uuid4()),
        "document_id": None,
        "role": "result",
        "sha256": sha,
        "size": size,
        "mime": mimetypes.guess_type(result.name)[0] or "application/octet-stream",
        "file_name": result.name,
        "pages": 0,
        "profile": "",
        "reused_from": None,
    }
    return _district_step(
        session,
        code,
        State.RESULT_READY,
        note,
        extra={"result_sha256": sha, "attachment_id": attachment["id"]},
        attachment=attachment,
    )


def request_supplement(session: Session, code: str, reason: str) -> DossierDoc:
    """District: forwarded → supplement_requested (with the reason printed on Mẫu 02)."""
    if not nfc(reason):
        raise AdminError("reason", "yêu cầu bổ sung phải có lý do")
    return _district_step(session, code, State.SUPPLEMENT_REQUESTED, reason)


def _catalogue_documents(session: Session, procedure: str) -> list[DocumentDoc]:
    """The checklist of ``code@version`` from a published catalogue ([] when not published)."""
    code, _, version = procedure.partition("@")
    row = session.scalars(
        select(ChangeLog)
        .where(
            ChangeLog.scope == GLOBAL_SCOPE,
            ChangeLog.entity_type == "catalogue",
            ChangeLog.entity_id == version,
        )
        .order_by(ChangeLog.seq.desc())
    ).first()
    if row is None:
        return []
    try:
        spec = parse_catalogue(row.data).procedure(code)
    except (InvalidInput, NotFound):  # an unknown code: no checklist
        return []
    return [
        {
            "id": str(uuid.uuid4()),
            "position": i,
            "code": d.code,
            "name": d.name,
            "copy_type": d.copy_type,
            "copies": d.copies,
            "required": d.required,
            "received": False,
            "digitised": False,
            "reused": False,
            "scan_profile": d.scan_profile,
        }
        for i, d in enumerate(spec.documents)
    ]


def create_online(
    session: Session,
    *,
    agency_code: str,
    procedure: str,
    name: str,
    id_number: str,
    phone: str = "",
    email: str = "",
    address: str = "",
    birth_date: str | None = None,
    alias: str = "",
    alias_system: str = "dvcqg",
    submitted_at: datetime | None = None,
) -> DossierDoc:
    """A dossier filed online: state online_submitted, code in the device_no 0 partition."""
    if session.get(Agency, agency_code) is None:
        raise AdminError("agency-code", f"không có đơn vị {agency_code}")
    if "@" not in procedure or not all(procedure.partition("@")[::2]):
        raise AdminError("procedure", "phải có dạng <mã thủ tục>@<phiên bản danh mục>")
    if not nfc(name):
        raise AdminError("name", "họ tên bắt buộc")
    if not nfc(id_number):
        raise AdminError("id-number", "số giấy tờ bắt buộc")
    counter = lock_scope(session, commune_scope(agency_code))
    now = submitted_at or utc_now()
    prefix = f"{agency_code}-{now.astimezone(VN_TZ):%y%m%d}-0"
    taken = session.scalars(select(Dossier.code).where(Dossier.code.startswith(prefix))).all()
    n = 1 + max((int(c[len(prefix) :]) for c in taken if c[len(prefix) :].isdigit()), default=0)
    if n > 999:
        raise AdminError("code", "hết số hồ sơ trực tuyến trong ngày")
    code = f"{prefix}{n:03d}"
    received = now.isoformat()
    doc: DossierDoc = {
        "id": str(uuid.uuid4()),
        "code": code,
        "procedure": procedure,
        "channel": "online",
        "state": State.ONLINE_SUBMITTED.value,
        "received_at": received,
        # The commune computes the due date when it receives the dossier; until then the
        # submission time stands in and the flag asks the desk to recompute it.
        "due_at": received,
        "original_due_at": received,
        "paused_at": None,
        "finished_at": None,
        "supplement_count": 0,
        "extension_count": 0,
        "extension_reason": "",
        "calendar_version": "",
        "recompute_flag": True,
        "result_delivery": "desk",
        "postal_address": "",
        "sets": 1,
        "fee_total": None,
        "note": "",
        "received_by": "online",
        "device_no": 0,
        "version": 1,
        "applicant": {
            "id": str(uuid.uuid4()),
            "name": nfc(name),
            "id_number": nfc(id_number),
            "birth_date": birth_date,
            "phone": nfc(phone),
            "email": nfc(email),
            "address": nfc(address),
        },
        "documents": _catalogue_documents(session, procedure),
        "events": [],
        "attachments": [],
        "aliases": [{"system": alias_system, "code": nfc(alias)}] if nfc(alias) else [],
    }
    make_event(
        doc,
        event_id=str(uuid.uuid4()),
        kind="received",
        from_state=None,
        to_state=State.ONLINE_SUBMITTED.value,
        at=received,
        actor="online",
        detail={"submitted_at": iso(now)},
    )
    session.add(
        Dossier(
            id=doc["id"],
            agency=agency_code,
            code=code,
            state=doc["state"],
            version=1,
            doc=cast(dict[str, Any], doc),
            updated_at=utc_now(),
        )
    )
    append_change(
        session,
        counter,
        entity_type="dossier",
        entity_id=doc["id"],
        version=1,
        data=cast(dict[str, Any], doc),
    )
    return doc
