"""Typed SQLAlchemy models of the local store.

Every table that sync will carry uses client-minted UUIDv7 text ids. Times are aware UTC
(``UtcDateTime``); presentation converts them to Asia/Ho_Chi_Minh.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from db.types import JsonText, UtcDateTime


class Base(DeclarativeBase):
    metadata = MetaData(
        naming_convention={
            "pk": "pk_%(table_name)s",
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        }
    )


class AgencySettings(Base):
    """The commune office this store belongs to, and this PC's device number. One row (id 1)."""

    __tablename__ = "agency_settings"
    __table_args__ = (
        CheckConstraint("id = 1", name="single_row"),
        CheckConstraint("device_no BETWEEN 1 AND 9", name="device_no_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_code: Mapped[str] = mapped_column(String(32))  # mã định danh cơ quan (QĐ 20/2020)
    commune_name: Mapped[str] = mapped_column(String(200))  # "Xã Pà Cò"
    parent_unit: Mapped[str] = mapped_column(String(200))  # "UBND XÃ PÀ CÒ" (forms' left header)
    unit_name: Mapped[str] = mapped_column(String(200))  # "Trung tâm Phục vụ hành chính công"
    province: Mapped[str] = mapped_column(String(100), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    place_name: Mapped[str] = mapped_column(String(100), default="")  # địa danh on forms
    lookup_url: Mapped[str] = mapped_column(String(300), default="")
    upstream_url: Mapped[str] = mapped_column(String(300), default="")
    device_no: Mapped[int] = mapped_column(Integer)
    due_soon_days: Mapped[int] = mapped_column(Integer, default=2)
    idle_lock_minutes: Mapped[int] = mapped_column(Integer, default=10, server_default="10")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class OfficeSession(Base):
    """One opening session of the working day (default 07:00–11:30 and 13:30–17:00)."""

    __tablename__ = "office_session"

    no: Mapped[int] = mapped_column(Integer, primary_key=True)
    opens: Mapped[str] = mapped_column(String(5))  # "HH:MM"
    closes: Mapped[str] = mapped_column(String(5))


class CalendarOverride(Base):
    """A day that is not an ordinary weekday/weekend: a day off or a make-up working day.

    Seeded from the `holidays` package and the State's yearly swap notices; editable locally and
    later corrected by the upstream. The working-day calendar reads only this table.
    """

    __tablename__ = "calendar_override"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    working: Mapped[bool] = mapped_column(Boolean)
    name: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(100))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Procedure(Base):
    """One version of an administrative procedure (TTHC). Dossiers point at the version they used."""

    __tablename__ = "procedure"
    __table_args__ = (UniqueConstraint("code", "catalog_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), index=True)
    catalog_version: Mapped[str] = mapped_column(String(40))
    effective_from: Mapped[date] = mapped_column(Date)
    current: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    name: Mapped[str] = mapped_column(String(400))
    field: Mapped[str] = mapped_column(String(200))
    time_amount: Mapped[int] = mapped_column(Integer)
    time_unit: Mapped[str] = mapped_column(String(20))
    cutoff: Mapped[str | None] = mapped_column(String(5))
    time_note: Mapped[str] = mapped_column(Text, default="")
    verified: Mapped[dict[str, bool]] = mapped_column(JsonText, default=dict)

    documents: Mapped[list[RequiredDocument]] = relationship(
        back_populates="procedure", order_by="RequiredDocument.position"
    )
    fees: Mapped[list[Fee]] = relationship(back_populates="procedure", order_by="Fee.position")


class RequiredDocument(Base):
    """A component of the dossier (thành phần hồ sơ) that the procedure asks for."""

    __tablename__ = "required_document"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(Text)
    copy_type: Mapped[str] = mapped_column(String(20))
    copies: Mapped[int] = mapped_column(Integer, default=1)
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    scan_profile: Mapped[str] = mapped_column(String(10), default="text")
    verified: Mapped[bool] = mapped_column(Boolean, default=False)

    procedure: Mapped[Procedure] = relationship(back_populates="documents")


class Fee(Base):
    """A fee or charge of a procedure version; amount None = set by the provincial council."""

    __tablename__ = "fee"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(Text)
    amount: Mapped[int | None] = mapped_column(Integer)
    per: Mapped[str] = mapped_column(String(60), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    verified: Mapped[bool] = mapped_column(Boolean, default=False)

    procedure: Mapped[Procedure] = relationship(back_populates="fees")


class Applicant(Base):
    """A citizen or organisation that files dossiers; found again by ID number."""

    __tablename__ = "applicant"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    id_number: Mapped[str] = mapped_column(String(12), index=True, default="")
    id_kind: Mapped[str] = mapped_column(String(8), default="")  # cccd | cmnd | ""
    birth_date: Mapped[date | None] = mapped_column(Date)
    phone: Mapped[str] = mapped_column(String(30), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(400), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Dossier(Base):
    """A dossier (hồ sơ) received at the desk, in its current lifecycle state."""

    __tablename__ = "dossier"
    __table_args__ = (
        CheckConstraint("channel IN ('direct','online','postal')", name="channel"),
        CheckConstraint("result_delivery IN ('desk','post')", name="result_delivery"),
        Index("ix_dossier_state_due_at", "state", "due_at"),  # the desk's lists (0003)
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # UUIDv7
    code: Mapped[str] = mapped_column(String(48), unique=True)
    # Local running number: the search index's rowid and the "số thứ tự" of the register book.
    local_no: Mapped[int] = mapped_column(Integer, unique=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id"), index=True)
    applicant_id: Mapped[str] = mapped_column(ForeignKey("applicant.id"), index=True)
    channel: Mapped[str] = mapped_column(String(10))
    state: Mapped[str] = mapped_column(String(24), index=True)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    due_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    original_due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    paused_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    supplement_count: Mapped[int] = mapped_column(Integer, default=0)
    extension_count: Mapped[int] = mapped_column(Integer, default=0)
    extension_reason: Mapped[str] = mapped_column(Text, default="")
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    result_delivery: Mapped[str] = mapped_column(String(8), default="desk")
    postal_address: Mapped[str] = mapped_column(String(400), default="")
    sets: Mapped[int] = mapped_column(Integer, default=1)  # số lượng hồ sơ (bộ)
    fee_total: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    received_by: Mapped[str] = mapped_column(String(100))
    device_no: Mapped[int] = mapped_column(Integer)
    calendar_version: Mapped[str] = mapped_column(String(40), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)  # local edit counter
    # The upstream's version of this dossier, as last pulled (0004); NULL until it has been seen.
    server_version: Mapped[int | None] = mapped_column(Integer)
    # Set by the upstream when its calendar gives another due date (sync-protocol.md §3.6).
    recompute_flag: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)

    procedure: Mapped[Procedure] = relationship()
    applicant: Mapped[Applicant] = relationship()
    documents: Mapped[list[DossierDocument]] = relationship(
        back_populates="dossier", order_by="DossierDocument.position"
    )
    events: Mapped[list[DossierEvent]] = relationship(
        back_populates="dossier", order_by="DossierEvent.seq"
    )


class DossierDocument(Base):
    """One line of the dossier's checklist: what was asked, what was handed in, what was scanned."""

    __tablename__ = "dossier_document"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossier.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    doc_code: Mapped[str] = mapped_column(String(40), default="")  # "" = not in the catalogue
    name: Mapped[str] = mapped_column(Text)
    copy_type: Mapped[str] = mapped_column(String(20))
    copies: Mapped[int] = mapped_column(Integer, default=1)
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    received: Mapped[bool] = mapped_column(Boolean, default=False)
    digitised: Mapped[bool] = mapped_column(Boolean, default=False)
    reused: Mapped[bool] = mapped_column(Boolean, default=False)
    scan_profile: Mapped[str] = mapped_column(String(10), default="text")

    dossier: Mapped[Dossier] = relationship(back_populates="documents")


class DossierEvent(Base):
    """An immutable step of a dossier's life: who, when, from which state to which, and why."""

    __tablename__ = "dossier_event"
    __table_args__ = (UniqueConstraint("dossier_id", "seq"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossier.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(24))  # received | transition | extension
    from_state: Mapped[str | None] = mapped_column(String(24))
    to_state: Mapped[str] = mapped_column(String(24))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(Text, default="")
    detail: Mapped[dict[str, Any]] = mapped_column(JsonText, default=dict)

    dossier: Mapped[Dossier] = relationship(back_populates="events")


class DossierCounter(Base):
    """The last sequence number a device issued on a day. Rows are kept: a clock set back
    to an earlier day continues that day's numbering instead of restarting it."""

    __tablename__ = "dossier_counter"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    device_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_n: Mapped[int] = mapped_column(Integer)


class DossierAlias(Base):
    """A code another system (portal) gave the same dossier; searchable, never replaces ours."""

    __tablename__ = "dossier_alias"

    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossier.id"), primary_key=True)
    system: Mapped[str] = mapped_column(String(40), primary_key=True)
    code: Mapped[str] = mapped_column(String(80), index=True)


class UserAccount(Base):
    """A local officer account (0003). Passwords are argon2id hashes, never the password."""

    __tablename__ = "user_account"
    __table_args__ = (CheckConstraint("role IN ('officer','head','admin')", name="role"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(10))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class AuditLog(Base):
    """Who did what to the store (settings, catalogue imports, restores, dossier actions)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(40), default="")
    entity_id: Mapped[str] = mapped_column(String(60), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(JsonText, default=dict)


class Outbox(Base):
    """The sync outbox (sync-protocol.md §3.3): one row per local mutation, written in the
    same transaction as the change. ``device_seq`` is AUTOINCREMENT so it is never reused."""

    __tablename__ = "outbox"
    __table_args__ = (
        CheckConstraint("state IN ('pending','sent','applied','rejected')", name="state"),
        {"sqlite_autoincrement": True},
    )

    device_seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    mutation_id: Mapped[str] = mapped_column(String(36), unique=True)
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(36), index=True)
    op: Mapped[str] = mapped_column(String(40))
    base_version: Mapped[int | None] = mapped_column(Integer)
    payload: Mapped[dict[str, Any]] = mapped_column(JsonText)
    payload_schema: Mapped[int] = mapped_column(Integer, default=1)
    user_id: Mapped[str] = mapped_column(String(100))
    device_time: Mapped[datetime] = mapped_column(UtcDateTime)
    clock_offset_ms: Mapped[int | None] = mapped_column(Integer)
    blob_refs: Mapped[list[dict[str, Any]]] = mapped_column(JsonText, default=list)
    state: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    server_version: Mapped[int | None] = mapped_column(Integer)
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # backoff (0002)


class SyncCursor(Base):
    """Where the pull feed of a scope stands; written with the data it brought (0002)."""

    __tablename__ = "sync_cursor"

    scope: Mapped[str] = mapped_column(String(60), primary_key=True)
    cursor: Mapped[str] = mapped_column(String(200), default="")
    server_epoch: Mapped[str] = mapped_column(String(60), default="")


class SyncConflict(Base):
    """A mutation the upstream rejected for business reasons: shown to a person, never dropped."""

    __tablename__ = "conflict"

    mutation_id: Mapped[str] = mapped_column(ForeignKey("outbox.mutation_id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    server_state: Mapped[dict[str, Any]] = mapped_column(JsonText, default=dict)
    detail: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    resolved_by: Mapped[str | None] = mapped_column(String(100))


class SyncLog(Base):
    """One line per sync attempt: what the status bar and support staff read."""

    __tablename__ = "sync_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    channel: Mapped[str] = mapped_column(String(10))
    event: Mapped[str] = mapped_column(String(40))
    bytes_up: Mapped[int] = mapped_column(Integer, default=0)
    bytes_down: Mapped[int] = mapped_column(Integer, default=0)
    detail: Mapped[str] = mapped_column(Text, default="")


class Blob(Base):
    """A file stored content-addressed under the data directory (``blobs/ab/cd/<sha256>``).

    Written (temp file, fsync, rename) before the transaction that references it commits; the
    sync blob lane uploads it (``up_state``). Files that came down from the upstream are ``done``.
    """

    __tablename__ = "blob"
    __table_args__ = (
        CheckConstraint("up_state IN ('queued','partial','done','failed')", name="up_state"),
    )

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    mime: Mapped[str] = mapped_column(String(60))
    path: Mapped[str] = mapped_column(String(200))  # relative to the data directory
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    up_state: Mapped[str] = mapped_column(String(10), default="queued", index=True)
    up_offset: Mapped[int] = mapped_column(Integer, default=0)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)


class Attachment(Base):
    """A digitised file of a dossier: one PDF per checklist item (role ``component``) or the
    result document (role ``result``). Only added or superseded, never overwritten."""

    __tablename__ = "attachment"
    __table_args__ = (
        CheckConstraint("role IN ('component','result')", name="role"),
        CheckConstraint("ocr_state IN ('none','pending','done','failed')", name="ocr_state"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # UUIDv7
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossier.id"), index=True)
    document_id: Mapped[str | None] = mapped_column(ForeignKey("dossier_document.id"), index=True)
    role: Mapped[str] = mapped_column(String(10), default="component")
    sha256: Mapped[str] = mapped_column(ForeignKey("blob.sha256"), index=True)
    file_name: Mapped[str] = mapped_column(String(200))  # <dossier code>_<document code>_<n>.pdf
    pages: Mapped[int] = mapped_column(Integer, default=0)
    profile: Mapped[str] = mapped_column(String(10), default="")  # text | seal | mixed
    reused_from: Mapped[str | None] = mapped_column(String(36))  # attachment id it was reused from
    superseded_by: Mapped[str | None] = mapped_column(String(36))
    ocr_state: Mapped[str] = mapped_column(String(10), default="none")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_by: Mapped[str] = mapped_column(String(100))


class DeviceIdentity(Base):
    """This PC as the upstream knows it (one row, id = 1): enrolment, key pair, token, clock."""

    __tablename__ = "device_identity"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    upstream_url: Mapped[str] = mapped_column(String(300))
    device_id: Mapped[str] = mapped_column(String(36))
    device_no: Mapped[int] = mapped_column(Integer)
    agency_code: Mapped[str] = mapped_column(String(32))
    label: Mapped[str] = mapped_column(String(100), default="")
    private_key: Mapped[str] = mapped_column(Text)  # Ed25519, PEM (protected by the OS account)
    public_key: Mapped[str] = mapped_column(Text)
    enrolled_at: Mapped[datetime] = mapped_column(UtcDateTime)
    token: Mapped[str] = mapped_column(Text, default="")
    token_expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    clock_offset_ms: Mapped[int | None] = mapped_column(Integer)
    clock_measured_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    clock_ack_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # officer saw the warning


class SyncShadow(Base):
    """An upstream copy held back because the entity still has unacknowledged local mutations
    (sync-protocol.md rule 5); folded in once they are applied or rejected."""

    __tablename__ = "sync_shadow"

    entity_type: Mapped[str] = mapped_column(String(40), primary_key=True)
    entity_id: Mapped[str] = mapped_column(String(60), primary_key=True)
    scope: Mapped[str] = mapped_column(String(60))
    version: Mapped[int] = mapped_column(Integer)
    op: Mapped[str] = mapped_column(String(10))  # upsert | delete
    data: Mapped[dict[str, Any]] = mapped_column(JsonText, default=dict)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)


class SyncStatus(Base):
    """Key/value facts the status bar shows (last success, last error, watchdog...)."""

    __tablename__ = "sync_status"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UtcDateTime)
