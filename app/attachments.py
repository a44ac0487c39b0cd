"""Digitised files of a dossier: attach a scanned PDF to a checklist item, list, view, reuse.

Order of writes (scan-print.md §1, domain.md §5): the PDF goes to the content-addressed blob
store first (temp file, fsync, rename); only then does one write transaction add the Blob and
Attachment rows, flag the checklist item digitised and queue the ``attachment.add`` mutation
with its blob reference. A crash at any point leaves either no rows or rows whose file is
complete; a complete file nobody references is harmless (the same bytes reuse it).

Reuse (QĐ 766 indicator 4.3): a component digitised for an earlier dossier of the same citizen
(same CCCD) is attached again without a copy: a new Attachment over the same blob, with
``reused_from`` set and the item flagged ``reused``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.clock import Clock, new_id, system_clock
from app.crashpoints import crash_point
from app.dossiers import load_dossier
from app.errors import InvalidInput, NotFound
from app.intake import id_number_key
from app.outbox import enqueue
from app.scanning.blobstore import BlobStore, StoredBlob
from app.textnorm import nfc
from db.engine import Store
from db.models import Applicant, Attachment, AuditLog, Blob, Dossier, DossierDocument

PDF_MIME = "application/pdf"
PROFILES = ("text", "seal", "grey", "high", "mixed")
ROLES = ("component", "result")
MAX_PDF_BYTES = 200 * 1024 * 1024
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class AttachmentRow:
    id: str
    dossier_code: str
    document_id: str | None
    document_code: str
    document_name: str
    role: str
    file_name: str
    pages: int
    profile: str
    sha256: str
    size: int
    path: str  # relative to the data directory
    reused_from: str | None
    superseded_by: str | None
    ocr_state: str
    created_at: datetime
    created_by: str


@dataclass(frozen=True)
class ReusableRow:
    """A digitised component of an earlier dossier of the same citizen."""

    attachment_id: str
    dossier_code: str
    dossier_received_at: datetime
    document_code: str
    document_name: str
    file_name: str
    pages: int
    profile: str
    size: int
    created_at: datetime


def blob_store(store: Store) -> BlobStore:
    """The blob files live beside the database, in the data directory."""
    return BlobStore(store.path.parent)


def _doc_label(doc: DossierDocument) -> str:
    return doc.doc_code or f"K{doc.position + 1:02d}"  # items typed in at the desk have no code


def _file_name(dossier_code: str, doc: DossierDocument, n: int) -> str:
    return f"{_UNSAFE.sub('-', dossier_code)}_{_UNSAFE.sub('-', _doc_label(doc))}_{n}.pdf"


def _row(a: Attachment, d: Dossier, doc: DossierDocument | None, blob: Blob) -> AttachmentRow:
    return AttachmentRow(
        id=a.id,
        dossier_code=d.code,
        document_id=a.document_id,
        document_code=doc.doc_code if doc else "",
        document_name=doc.name if doc else "",
        role=a.role,
        file_name=a.file_name,
        pages=a.pages,
        profile=a.profile,
        sha256=a.sha256,
        size=blob.size,
        path=blob.path,
        reused_from=a.reused_from,
        superseded_by=a.superseded_by,
        ocr_state=a.ocr_state,
        created_at=a.created_at,
        created_by=a.created_by,
    )


def _dossier(session: Session, code: str) -> Dossier:
    clean = nfc(code)
    if not clean:
        raise InvalidInput("code", "required", "code: cần mã hồ sơ")
    return load_dossier(session, clean)


def _document(session: Session, d: Dossier, document_id: str) -> DossierDocument:
    doc = session.get(DossierDocument, document_id) if document_id else None
    if doc is None:
        raise InvalidInput(
            "document_id", "unknown", f"document_id: hồ sơ {d.code} không có thành phần này"
        )
    if doc.dossier_id != d.id:
        raise InvalidInput(
            "document_id", "other_dossier", f"document_id: thành phần không thuộc hồ sơ {d.code}"
        )
    return doc


@dataclass(frozen=True)
class DocumentRef:
    """A checklist item as the scan flow needs it."""

    id: str
    dossier_code: str
    code: str  # catalogue code, "" for items typed in at the desk
    label: str  # the code used in file names
    name: str
    scan_profile: str  # text | seal (catalogue data)
    digitised: bool
    reused: bool


def find_document(store: Store, code: str, ref: str) -> DocumentRef:
    """A checklist item given by its catalogue code (``TP01``) or its 1-based number in the
    checklist (as ``motcua dossier show`` prints it)."""
    clean = nfc(ref)
    with store.read() as session:
        d = _dossier(session, code)
        docs = list(d.documents)  # in checklist order
        found = next((x for x in docs if clean and x.doc_code.casefold() == clean.casefold()), None)
        if found is None and clean.isdigit() and 1 <= int(clean) <= len(docs):
            found = docs[int(clean) - 1]
        if found is not None:
            return DocumentRef(
                found.id,
                d.code,
                found.doc_code,
                _doc_label(found),
                found.name,
                found.scan_profile,
                found.digitised,
                found.reused,
            )
    known = ", ".join(x.doc_code or str(i) for i, x in enumerate(docs, 1))
    raise InvalidInput(
        "document", "unknown", f"document: hồ sơ {d.code} không có thành phần {ref!r} (có: {known})"
    )


def _validate_pdf(pdf_bytes: bytes, pages: int, profile: str, role: str) -> None:
    if not pdf_bytes:
        raise InvalidInput("pdf", "required", "pdf: tệp PDF rỗng")
    if not pdf_bytes.startswith(b"%PDF-") or b"%%EOF" not in pdf_bytes[-1024:]:
        raise InvalidInput("pdf", "format", "pdf: không phải tệp PDF hoàn chỉnh")
    if len(pdf_bytes) > MAX_PDF_BYTES:
        raise InvalidInput("pdf", "too_large", "pdf: tệp quá lớn (tối đa 200 MB)")
    if pages < 1:
        raise InvalidInput("pages", "range", "pages: cần ít nhất một trang")
    if profile not in PROFILES:
        raise InvalidInput("profile", "unknown", f"profile: chỉ nhận {', '.join(PROFILES)}")
    if role not in ROLES:
        raise InvalidInput("role", "unknown", f"role: chỉ nhận {', '.join(ROLES)}")


def _next_n(session: Session, document_id: str) -> int:
    count = session.scalar(
        select(func.count()).select_from(Attachment).where(Attachment.document_id == document_id)
    )
    return int(count or 0) + 1


def ensure_blob(session: Session, stored: StoredBlob, now: datetime) -> Blob:
    """The blob row of a file just stored, created (queued for upload) when new."""
    blob = session.get(Blob, stored.sha256)
    if blob is None:
        blob = Blob(
            sha256=stored.sha256,
            size=stored.size,
            mime=PDF_MIME,
            path=stored.path,
            created_at=now,
            up_state="queued",
            up_offset=0,
            attempts=0,
        )
        session.add(blob)
    return blob


def _blob_ref(blob: Blob, role: str) -> dict[str, Any]:
    return {"sha256": blob.sha256, "size": blob.size, "mime": blob.mime, "role": role}


def add_attachment(
    session: Session,
    *,
    d: Dossier,
    doc: DossierDocument,
    blob: Blob,
    pages: int,
    profile: str,
    role: str,
    reused_from: str | None,
    supersede: bool,
    ocr_state: str,
    actor: str,
    now: datetime,
    file_name: str | None = None,
) -> Attachment:
    """The rows of one attachment, inside the caller's write transaction."""
    n = _next_n(session, doc.id)
    a = Attachment(
        id=new_id(),
        dossier_id=d.id,
        document_id=doc.id,
        role=role,
        sha256=blob.sha256,
        file_name=file_name or _file_name(d.code, doc, n),
        pages=pages,
        profile=profile,
        reused_from=reused_from,
        superseded_by=None,
        ocr_state=ocr_state,
        created_at=now,
        created_by=actor,
    )
    session.add(a)
    superseded: list[str] = []
    if supersede:
        for old in session.scalars(
            select(Attachment).where(
                Attachment.document_id == doc.id, Attachment.superseded_by.is_(None)
            )
        ):
            if old.id != a.id:
                old.superseded_by = a.id
                superseded.append(old.id)
    doc.digitised = True
    if reused_from is not None:
        doc.reused = True
    crash_point("attach.after_rows")
    payload: dict[str, Any] = {
        "attachment_id": a.id,
        "document_id": doc.id,
        "document_code": doc.doc_code,
        "role": role,
        "file_name": a.file_name,
        "pages": pages,
        "profile": profile,
        "reused_from": reused_from,
    }
    if superseded:
        payload["supersedes"] = superseded
    enqueue(
        session,
        entity_type="dossier",
        entity_id=d.id,
        op="attachment.add",
        payload=payload,
        actor=actor,
        at=now,
        base_version=None,  # add-only: never conflicts with the dossier's own edits
        blob_refs=[_blob_ref(blob, role)],
    )
    session.add(
        AuditLog(
            at=now,
            actor=actor,
            action="attachment.reuse" if reused_from else "attachment.add",
            entity="dossier",
            entity_id=d.id,
            detail={
                "code": d.code,
                "attachment_id": a.id,
                "file_name": a.file_name,
                "sha256": blob.sha256,
                "reused_from": reused_from,
            },
        )
    )
    session.flush()
    return a


def attach_pdf(
    store: Store,
    code: str,
    document_id: str,
    pdf_bytes: bytes,
    pages: int,
    profile: str,
    *,
    actor: str,
    clock: Clock = system_clock,
    role: str = "component",
    supersede: bool = False,
    request_ocr: bool = False,
) -> AttachmentRow:
    """Store a scanned PDF for one checklist item and mark the item digitised.

    The file is written (atomically) before the transaction; bad input raises InvalidInput or
    NotFound before anything is written. ``supersede`` marks the item's earlier files as
    replaced by this one (a re-scan); otherwise the file is numbered after them.
    """
    _validate_pdf(pdf_bytes, pages, profile, role)
    with store.read() as session:  # refuse bad input before a file is written
        _document(session, _dossier(session, code), document_id)
    stored = blob_store(store).put(pdf_bytes)
    crash_point("attach.after_blob")
    now = clock()
    with store.write.begin() as session:
        d = _dossier(session, code)
        doc = _document(session, d, document_id)
        blob = ensure_blob(session, stored, now)
        a = add_attachment(
            session,
            d=d,
            doc=doc,
            blob=blob,
            pages=pages,
            profile=profile,
            role=role,
            reused_from=None,
            supersede=supersede,
            ocr_state="pending" if request_ocr else "none",
            actor=actor,
            now=now,
        )
        crash_point("attach.before_commit")
        return _row(a, d, doc, blob)


def list_attachments(
    store: Store, code: str, *, include_superseded: bool = False
) -> list[AttachmentRow]:
    """The dossier's files in checklist order, then by creation."""
    with store.read() as session:
        d = _dossier(session, code)
        q = (
            select(Attachment, DossierDocument, Blob)
            .join(Blob, Blob.sha256 == Attachment.sha256)
            .outerjoin(DossierDocument, DossierDocument.id == Attachment.document_id)
            .where(Attachment.dossier_id == d.id)
        )
        if not include_superseded:
            q = q.where(Attachment.superseded_by.is_(None))
        rows: list[tuple[Attachment, DossierDocument | None, Blob]] = [
            (a, doc, blob) for a, doc, blob in session.execute(q)
        ]
        rows.sort(key=lambda r: (_position(r[1]), r[0].created_at, r[0].id))
        return [_row(a, d, doc, blob) for a, doc, blob in rows]


def _position(doc: DossierDocument | None) -> int:
    return doc.position if doc is not None else 10**6


def attachment_path(store: Store, attachment_id: str) -> Path:
    """The file to open for viewing; NotFound if the attachment or its file is missing."""
    with store.read() as session:
        a = session.get(Attachment, attachment_id)
        if a is None:
            raise NotFound("attachment", attachment_id)
        blob = session.get(Blob, a.sha256)
        rel = blob.path if blob is not None else ""
    path = store.path.parent / rel
    if not rel or not path.is_file():
        raise NotFound("blob", a.sha256)
    return path


def find_reusable(
    store: Store, id_number: str, exclude_code: str | None = None
) -> list[ReusableRow]:
    """Digitised components of the citizen's earlier dossiers, newest first, one per distinct
    (document code, file content)."""
    digits = id_number_key(id_number)
    if not digits:
        return []
    with store.read() as session:
        q = (
            select(Attachment, DossierDocument, Dossier, Blob)
            .join(DossierDocument, DossierDocument.id == Attachment.document_id)
            .join(Dossier, Dossier.id == Attachment.dossier_id)
            .join(Applicant, Applicant.id == Dossier.applicant_id)
            .join(Blob, Blob.sha256 == Attachment.sha256)
            .where(
                Applicant.id_number == digits,
                Attachment.role == "component",
                Attachment.superseded_by.is_(None),
                DossierDocument.digitised.is_(True),
            )
            .order_by(Attachment.created_at.desc(), Attachment.id.desc())
        )
        if exclude_code:
            q = q.where(Dossier.code != nfc(exclude_code))
        seen: set[tuple[str, str]] = set()
        out: list[ReusableRow] = []
        for a, doc, d, blob in session.execute(q):
            key = (doc.doc_code or doc.name, a.sha256)
            if key in seen:
                continue
            seen.add(key)
            out.append(
                ReusableRow(
                    attachment_id=a.id,
                    dossier_code=d.code,
                    dossier_received_at=d.received_at,
                    document_code=doc.doc_code,
                    document_name=doc.name,
                    file_name=a.file_name,
                    pages=a.pages,
                    profile=a.profile,
                    size=blob.size,
                    created_at=a.created_at,
                )
            )
        return out


def reuse_attachment(
    store: Store,
    code: str,
    document_id: str,
    source_attachment_id: str,
    *,
    actor: str,
    clock: Clock = system_clock,
) -> AttachmentRow:
    """Attach an earlier dossier's digitised component of the same citizen to this item: no
    copy, the same blob; the item is flagged digitised and reused (QĐ 766, 4.3)."""
    now = clock()
    with store.write.begin() as session:
        d = _dossier(session, code)
        doc = _document(session, d, document_id)
        src = session.get(Attachment, source_attachment_id) if source_attachment_id else None
        if src is None or src.role != "component":
            raise InvalidInput(
                "source_attachment_id", "unknown", "source_attachment_id: không có tệp này"
            )
        if src.dossier_id == d.id:
            raise InvalidInput(
                "source_attachment_id",
                "same_dossier",
                "source_attachment_id: tệp của chính hồ sơ này",
            )
        src_dossier = session.get(Dossier, src.dossier_id)
        owner = session.get(Applicant, src_dossier.applicant_id) if src_dossier else None
        me = session.get(Applicant, d.applicant_id)
        if owner is None or me is None or not me.id_number or owner.id_number != me.id_number:
            raise InvalidInput(
                "source_attachment_id",
                "other_person",
                "source_attachment_id: tệp thuộc hồ sơ của người khác (khác số CCCD)",
            )
        blob = session.get(Blob, src.sha256)
        if blob is None:
            raise NotFound("blob", src.sha256)
        a = add_attachment(
            session,
            d=d,
            doc=doc,
            blob=blob,
            pages=src.pages,
            profile=src.profile,
            role="component",
            reused_from=src.id,
            supersede=False,
            ocr_state="done" if src.ocr_state == "done" else "none",
            actor=actor,
            now=now,
        )
        return _row(a, d, doc, blob)
