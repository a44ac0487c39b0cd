"""Server tables (SQLAlchemy 2 ``Mapped[]``). The schema itself is built by server/migrations.

Times are stored as timezone-aware UTC (``UtcDateTime``) on both PostgreSQL and SQLite.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out (SQLite drops the offset otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, datetime: UtcDateTime}


class ServerMeta(Base):
    """One row (id = 1). ``epoch`` changes when the server is restored from a backup."""

    __tablename__ = "server_meta"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    epoch: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime]


class Agency(Base):
    """A commune (its one-stop office's agency code, e.g. ``000.17.22.H56``)."""

    __tablename__ = "agency"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))


class Enrolment(Base):
    """A one-time enrolment code (only its SHA-256 is stored), valid 24 h, single use."""

    __tablename__ = "enrolment"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    agency: Mapped[str] = mapped_column(ForeignKey("agency.code"), index=True)
    label: Mapped[str] = mapped_column(String(100))
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    device_id: Mapped[str | None] = mapped_column(String(36))
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime]


class Device(Base):
    """An enrolled PC. ``device_no`` (1..9) is unique among the agency's active devices."""

    __tablename__ = "device"
    __table_args__ = (
        Index(
            "uq_device_agency_no_active",
            "agency",
            "device_no",
            unique=True,
            postgresql_where=text("NOT revoked"),
            sqlite_where=text("NOT revoked"),
        ),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    agency: Mapped[str] = mapped_column(ForeignKey("agency.code"), index=True)
    device_no: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(100))
    hostname: Mapped[str] = mapped_column(String(200), default="")
    public_key: Mapped[str] = mapped_column(Text)
    last_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    # force-repull: set by the admin; pulls with a non-empty cursor get 410 until the device
    # pulls the scopes listed in reset_scopes from the start.
    reset_token: Mapped[str | None] = mapped_column(String(40))
    reset_scopes: Mapped[list[str]] = mapped_column(JSON, default=list)
    pulled_seq: Mapped[int] = mapped_column(BigInteger, default=0)  # commune scope cursor
    enrolled_at: Mapped[datetime]
    last_seen: Mapped[datetime | None]
    app_version: Mapped[str] = mapped_column(String(40), default="")
    clock_offset_ms: Mapped[int | None] = mapped_column(BigInteger)


class Nonce(Base):
    """A challenge for ``/v1/auth/token``; single use, short-lived."""

    __tablename__ = "nonce"

    value: Mapped[str] = mapped_column(String(64), primary_key=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("device.id"), index=True)
    expires_at: Mapped[datetime]
    used: Mapped[bool] = mapped_column(Boolean, default=False)


class AppliedMutation(Base):
    """The dedupe marker: written in the same transaction as the mutation's effect."""

    __tablename__ = "applied_mutation"
    __table_args__ = (Index("uq_applied_device_seq", "device_id", "device_seq", unique=True),)

    mutation_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("device.id"))
    device_seq: Mapped[int] = mapped_column(BigInteger)
    entity_id: Mapped[str] = mapped_column(String(36), index=True)
    op: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20))
    result_json: Mapped[str] = mapped_column(Text)  # returned byte for byte on a replay
    applied_at: Mapped[datetime]


class Dossier(Base):
    """The current state of a dossier: the wire DossierDoc in ``doc`` plus indexed columns."""

    __tablename__ = "dossier"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    agency: Mapped[str] = mapped_column(ForeignKey("agency.code"), index=True)
    code: Mapped[str] = mapped_column(String(80), unique=True)
    state: Mapped[str] = mapped_column(String(30), index=True)
    version: Mapped[int] = mapped_column(Integer)
    doc: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime]


class ChangeLog(Base):
    """The per-scope change feed; ``seq`` is gap-free (assigned under the scope_counter lock)."""

    __tablename__ = "change_log"

    scope: Mapped[str] = mapped_column(String(60), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    entity_type: Mapped[str] = mapped_column(String(30))
    entity_id: Mapped[str] = mapped_column(String(80))
    version: Mapped[int] = mapped_column(Integer)
    op: Mapped[str] = mapped_column(String(10))
    data: Mapped[dict[str, Any]]
    committed_at: Mapped[datetime]


class ScopeCounter(Base):
    """Last seq per scope; locked by every writer of the scope (sync-protocol.md rule 7).

    ``min_seq``: cursors below it are older than the retained tombstones (410).
    """

    __tablename__ = "scope_counter"

    scope: Mapped[str] = mapped_column(String(60), primary_key=True)
    last_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    min_seq: Mapped[int] = mapped_column(BigInteger, default=0)


class Blob(Base):
    """A complete, verified blob of the blob store."""

    __tablename__ = "blob"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    complete: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]


class ExpectedBlob(Base):
    """A blob a dossier refers to (declared by a mutation's blob_refs or an attachment)."""

    __tablename__ = "expected_blob"

    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossier.id"), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)
    size: Mapped[int] = mapped_column(BigInteger, default=0)
