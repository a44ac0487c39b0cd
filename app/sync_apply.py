"""Applying what the upstream sends: the domain side of ``sync.apply.Applier``.

Runs inside the sync engine's page transaction. The server copy of a dossier replaces the local
one (rows matched by id; events and attachments replaced by id) so that every desk of the
commune converges (invariant I4); the engine only calls this for dossiers without unacknowledged
local mutations (rule 5). Online-submitted dossiers land as ``online_submitted``: the desk's
inbox. Catalogue versions go through the catalogue import (received dossiers keep theirs);
calendar days become override rows stamped with their upstream source.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from app.catalogue import import_catalogue
from app.catalogue_schema import parse_catalogue
from app.clock import Clock, system_clock
from app.lifecycle import State
from app.search_index import index_dossier, next_local_no
from app.textnorm import nfc
from db.blobfiles import relative_path
from db.models import (
    Applicant,
    Attachment,
    AuditLog,
    Blob,
    CalendarOverride,
    Dossier,
    DossierAlias,
    DossierDocument,
    DossierEvent,
    Procedure,
)
from sync import wire

UPSTREAM_ACTOR = "upstream"


def _time(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _opt_time(value: str | None) -> datetime | None:
    return _time(value) if value else None


def _procedure(session: Session, ref: str, received_at: datetime) -> Procedure:
    """The procedure version a dossier names (``code@version``); the current version of the
    code when this desk has not seen that catalogue version yet; a placeholder otherwise."""
    code, _, version = ref.partition("@")
    proc = session.scalars(
        select(Procedure).where(Procedure.code == code, Procedure.catalog_version == version)
    ).first()
    if proc is None:
        proc = session.scalars(
            select(Procedure)
            .where(Procedure.code == code)
            .order_by(Procedure.current.desc(), Procedure.id.desc())
        ).first()
    if proc is None:
        proc = Procedure(
            code=code,
            catalog_version=version or "upstream",
            effective_from=received_at.date(),
            current=False,  # never offered for new dossiers
            name=code,
            field="",
            time_amount=0,
            time_unit="working_days",
            cutoff=None,
            time_note="Thủ tục chưa có trong danh mục của máy (nhận từ cấp trên)",
            verified={},
        )
        session.add(proc)
        session.flush()
    return proc


class DeskApplier:
    """``sync.apply.Applier`` for the desk's store."""

    def __init__(self, clock: Clock = system_clock) -> None:
        self.clock = clock

    # --- dossiers -----------------------------------------------------------------------------

    def apply_dossier(self, session: Session, doc: wire.DossierDoc) -> None:
        now = self.clock()
        received_at = _time(doc["received_at"])
        proc = _procedure(session, doc["procedure"], received_at)
        applicant = self._applicant(session, doc["applicant"], now)
        d = session.get(Dossier, doc["id"])
        if d is None:
            clash = session.scalars(select(Dossier).where(Dossier.code == doc["code"])).first()
            if clash is not None:  # only after a device number was reused (§3.2)
                clash.code = f"{clash.code}~{clash.local_no}"
                session.flush()
            d = Dossier(id=doc["id"], local_no=next_local_no(session), created_at=now)
            session.add(d)
        state = doc["state"]
        State(state)  # an unknown state is a contract bug: fail the page, keep the cursor
        d.code = nfc(doc["code"])
        d.procedure_id = proc.id
        d.applicant_id = applicant.id
        d.channel = doc["channel"]
        d.state = state
        d.received_at = received_at
        d.due_at = _time(doc["due_at"])
        d.original_due_at = _time(doc.get("original_due_at") or doc["due_at"])
        d.paused_at = _opt_time(doc.get("paused_at"))
        d.finished_at = _opt_time(doc.get("finished_at"))
        d.supplement_count = int(doc.get("supplement_count", 0))
        d.extension_count = int(doc.get("extension_count", 0))
        d.extension_reason = nfc(doc.get("extension_reason", ""))
        d.result_delivery = doc.get("result_delivery") or "desk"
        d.postal_address = nfc(doc.get("postal_address", ""))
        d.sets = int(doc.get("sets", 1))
        d.fee_total = doc.get("fee_total")
        d.note = nfc(doc.get("note", ""))
        d.received_by = doc.get("received_by", "")
        d.device_no = int(doc.get("device_no", 0))
        d.calendar_version = doc.get("calendar_version", "")
        # The local counter follows the server's version, so the next local edit's
        # base_version is the version it was made from.
        d.version = int(doc["version"])
        d.server_version = int(doc["version"])
        d.recompute_flag = bool(doc.get("recompute_flag", False))
        d.updated_at = now
        session.flush()
        self._replace_children(session, d, doc, now)
        index_dossier(session, d, applicant, proc)

    def _applicant(self, session: Session, a: wire.ApplicantDoc, now: datetime) -> Applicant:
        row = session.get(Applicant, a["id"])
        if row is None:
            row = Applicant(id=a["id"], created_at=now)
            session.add(row)
        digits = a.get("id_number", "") or ""
        row.name = nfc(a["name"])
        row.id_number = digits
        row.id_kind = "cccd" if len(digits) == 12 else ("cmnd" if len(digits) == 9 else "")
        birth = a.get("birth_date")
        row.birth_date = date.fromisoformat(birth) if birth else None
        row.phone = nfc(a.get("phone", ""))
        row.email = nfc(a.get("email", ""))
        row.address = nfc(a.get("address", ""))
        row.updated_at = now
        return row

    def _replace_children(
        self, session: Session, d: Dossier, doc: wire.DossierDoc, now: datetime
    ) -> None:
        # Attachments reference documents and blobs: out first, in last.
        session.execute(delete(Attachment).where(Attachment.dossier_id == d.id))
        session.execute(delete(DossierEvent).where(DossierEvent.dossier_id == d.id))
        session.execute(delete(DossierAlias).where(DossierAlias.dossier_id == d.id))
        keep_docs = {x["id"] for x in doc["documents"]}
        session.execute(
            delete(DossierDocument).where(
                DossierDocument.dossier_id == d.id, DossierDocument.id.not_in(keep_docs)
            )
        )
        session.flush()
        session.expire(d, ["documents", "events"])
        for x in doc["documents"]:
            line = session.get(DossierDocument, x["id"])
            if line is None:
                line = DossierDocument(id=x["id"], dossier_id=d.id)
                session.add(line)
            line.dossier_id = d.id
            line.position = int(x["position"])
            line.doc_code = x.get("code", "")
            line.name = nfc(x["name"])
            line.copy_type = x.get("copy_type", "photocopy")
            line.copies = int(x.get("copies", 1))
            line.required = bool(x.get("required", False))
            line.received = bool(x.get("received", False))
            line.digitised = bool(x.get("digitised", False))
            line.reused = bool(x.get("reused", False))
            line.scan_profile = x.get("scan_profile") or "text"
        for e in doc["events"]:
            session.add(
                DossierEvent(
                    id=e["id"],
                    dossier_id=d.id,
                    seq=int(e["seq"]),
                    kind=e["kind"],
                    from_state=e.get("from_state"),
                    to_state=e["to_state"],
                    at=_time(e["at"]),
                    actor=e.get("actor", ""),
                    reason=nfc(e.get("reason", "")),
                    detail=dict(e.get("detail") or {}),
                )
            )
        for a in doc["attachments"]:
            self._ensure_blob(session, a, now)
            session.add(
                Attachment(
                    id=a["id"],
                    dossier_id=d.id,
                    document_id=a.get("document_id"),
                    role=a.get("role", "component"),
                    sha256=a["sha256"],
                    file_name=a.get("file_name", ""),
                    pages=int(a.get("pages", 0)),
                    profile=a.get("profile", ""),
                    reused_from=a.get("reused_from"),
                    superseded_by=None,
                    ocr_state="none",
                    created_at=now,
                    created_by=UPSTREAM_ACTOR,
                )
            )
        for alias in doc.get("aliases", []):
            session.add(DossierAlias(dossier_id=d.id, system=alias["system"], code=alias["code"]))
        session.flush()

    @staticmethod
    def _ensure_blob(session: Session, a: wire.AttachmentDoc, now: datetime) -> None:
        if session.get(Blob, a["sha256"]) is None:
            # Came from upstream: nothing to upload; the blob lane downloads the file.
            session.add(
                Blob(
                    sha256=a["sha256"],
                    size=int(a["size"]),
                    mime=a.get("mime", "application/pdf"),
                    path=relative_path(a["sha256"]),
                    created_at=now,
                    up_state="done",
                    up_offset=int(a["size"]),
                    attempts=0,
                )
            )
            session.flush()

    def delete_dossier(self, session: Session, dossier_id: str) -> None:
        d = session.get(Dossier, dossier_id)
        if d is None:
            return
        session.execute(delete(Attachment).where(Attachment.dossier_id == d.id))
        session.execute(delete(DossierEvent).where(DossierEvent.dossier_id == d.id))
        session.execute(delete(DossierAlias).where(DossierAlias.dossier_id == d.id))
        session.execute(delete(DossierDocument).where(DossierDocument.dossier_id == d.id))
        session.execute(text("DELETE FROM dossier_fts WHERE rowid = :n"), {"n": d.local_no})
        session.flush()
        session.delete(d)
        session.flush()

    # --- global scope -------------------------------------------------------------------------

    def apply_catalogue(self, session: Session, data: dict[str, Any]) -> None:
        cat = parse_catalogue(data)
        import_catalogue(session, cat, actor=UPSTREAM_ACTOR, now=self.clock(), source="sync")

    def apply_calendar_day(self, session: Session, data: wire.CalendarDayDoc) -> None:
        now = self.clock()
        day = date.fromisoformat(data["day"])
        row = session.get(CalendarOverride, day)
        before = None if row is None else {"working": row.working, "name": row.name}
        if row is None:
            row = CalendarOverride(day=day)
            session.add(row)
        row.working = bool(data["working"])
        row.name = nfc(data.get("name", "")) or ("Ngày làm bù" if row.working else "Ngày nghỉ")
        row.source = nfc(data.get("source", "")) or UPSTREAM_ACTOR
        row.updated_at = now  # also what invalidates the cached calendars
        session.add(
            AuditLog(
                at=now,
                actor=UPSTREAM_ACTOR,
                action="calendar.sync",
                entity="calendar_override",
                entity_id=day.isoformat(),
                detail={"before": before, "working": row.working, "name": row.name},
            )
        )
        session.flush()

    def delete_calendar_day(self, session: Session, day: str) -> None:
        row = session.get(CalendarOverride, date.fromisoformat(day))
        if row is not None:
            session.delete(row)
            session.flush()

    def reset_scope(self, session: Session, scope: str) -> None:
        """Nothing local is deleted on a reset: the re-download overwrites by id, and dossiers
        only this desk knows (creates still in the outbox) must survive."""
        session.add(
            AuditLog(
                at=self.clock(),
                actor=UPSTREAM_ACTOR,
                action="sync.reset",
                entity="scope",
                entity_id=scope[:60],
                detail={},
            )
        )
