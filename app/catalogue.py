"""The procedure catalogue in the store: import a new version, list, look up.

An import never touches dossiers already received: each dossier points at the procedure
*version* row it was received under; a new version adds rows and marks them current.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.catalogue_schema import Catalogue, ProcedureSpec, load_catalogue_file
from app.errors import NotFound
from app.resources import resource_path
from db.models import AuditLog, Fee, Procedure, RequiredDocument


def shipped_catalogue_path() -> Path:
    return resource_path("catalogue", "procedures.json")


@dataclass(frozen=True)
class ImportReport:
    catalog_version: str
    added: int  # procedure versions added
    unchanged: int  # already present in this version
    retired: int  # no longer in the catalogue: not offered for new dossiers


@dataclass(frozen=True)
class DocumentRow:
    code: str
    name: str
    copy_type: str
    copies: int
    required: bool
    scan_profile: str


@dataclass(frozen=True)
class FeeRow:
    code: str
    name: str
    amount: int | None
    per: str
    note: str


@dataclass(frozen=True)
class ProcedureRow:
    id: int
    code: str
    name: str
    field: str
    catalog_version: str
    time_amount: int
    time_unit: str
    cutoff: str | None
    time_note: str
    documents: tuple[DocumentRow, ...]
    fees: tuple[FeeRow, ...]
    verified: dict[str, bool]

    @staticmethod
    def from_model(p: Procedure) -> ProcedureRow:
        return ProcedureRow(
            id=p.id,
            code=p.code,
            name=p.name,
            field=p.field,
            catalog_version=p.catalog_version,
            time_amount=p.time_amount,
            time_unit=p.time_unit,
            cutoff=p.cutoff,
            time_note=p.time_note,
            documents=tuple(
                DocumentRow(d.code, d.name, d.copy_type, d.copies, d.required, d.scan_profile)
                for d in p.documents
            ),
            fees=tuple(FeeRow(f.code, f.name, f.amount, f.per, f.note) for f in p.fees),
            verified=dict(p.verified),
        )


def _add_version(session: Session, cat: Catalogue, spec: ProcedureSpec) -> Procedure:
    proc = Procedure(
        code=spec.code,
        catalog_version=cat.version,
        effective_from=cat.effective_from,
        current=True,
        name=spec.name,
        field=spec.field,
        time_amount=spec.time.amount,
        time_unit=spec.time.unit,
        cutoff=spec.time.cutoff.strftime("%H:%M") if spec.time.cutoff else None,
        time_note=spec.time.note,
        verified=dict(spec.verified),
    )
    session.add(proc)
    for i, d in enumerate(spec.documents):
        proc.documents.append(
            RequiredDocument(
                position=i,
                code=d.code,
                name=d.name,
                copy_type=d.copy_type,
                copies=d.copies,
                required=d.required,
                scan_profile=d.scan_profile,
                verified=d.verified,
            )
        )
    for i, f in enumerate(spec.fees):
        proc.fees.append(
            Fee(
                position=i,
                code=f.code,
                name=f.name,
                amount=f.amount,
                per=f.per,
                note=f.note,
                verified=f.verified,
            )
        )
    return proc


def import_catalogue(
    session: Session, cat: Catalogue, *, actor: str, now: datetime, source: str
) -> ImportReport:
    """Make ``cat`` the current catalogue. Runs inside the caller's write transaction."""
    current = {p.code: p for p in session.scalars(select(Procedure).where(Procedure.current))}
    existing_versions = {
        (code, version)
        for code, version in session.execute(select(Procedure.code, Procedure.catalog_version))
    }
    added = unchanged = 0
    incoming = set()
    for spec in cat.procedures:
        incoming.add(spec.code)
        if (spec.code, cat.version) in existing_versions:
            unchanged += 1
            continue
        old = current.get(spec.code)
        if old is not None:
            old.current = False
        _add_version(session, cat, spec)
        added += 1
    retired = 0
    for code, proc in current.items():
        if code not in incoming:
            proc.current = False
            retired += 1
    session.add(
        AuditLog(
            at=now,
            actor=actor,
            action="catalogue.import",
            entity="catalogue",
            entity_id=cat.version,
            detail={"source": source, "added": added, "unchanged": unchanged, "retired": retired},
        )
    )
    session.flush()
    return ImportReport(cat.version, added, unchanged, retired)


def import_catalogue_file(
    session: Session, path: Path, *, actor: str, now: datetime
) -> ImportReport:
    return import_catalogue(
        session, load_catalogue_file(path), actor=actor, now=now, source=str(path)
    )


def list_current(session: Session) -> list[ProcedureRow]:
    rows = session.scalars(
        select(Procedure).where(Procedure.current).order_by(Procedure.field, Procedure.code)
    ).all()
    return [ProcedureRow.from_model(p) for p in rows]


def current_procedure(session: Session, code: str) -> Procedure:
    proc = session.scalars(
        select(Procedure).where(Procedure.code == code.strip(), Procedure.current)
    ).first()
    if proc is None:
        raise NotFound("procedure", code)
    return proc
