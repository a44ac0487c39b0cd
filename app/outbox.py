"""Writing sync outbox rows. Called inside the transaction of the change they describe."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.clock import new_id
from db.models import DeviceIdentity, Outbox

PAYLOAD_SCHEMA = 1


def enqueue(
    session: Session,
    *,
    entity_type: str,
    entity_id: str,
    op: str,
    payload: dict[str, Any],
    actor: str,
    at: datetime,
    base_version: int | None,
    blob_refs: list[dict[str, Any]] | None = None,
) -> Outbox:
    """Queue one mutation. ``blob_refs`` lists the files it needs uploaded first
    (``{sha256, size, mime, role}``, sync/wire.py BlobRef)."""
    row = Outbox(
        mutation_id=new_id(),
        entity_type=entity_type,
        entity_id=entity_id,
        op=op,
        base_version=base_version,
        payload=payload,
        payload_schema=PAYLOAD_SCHEMA,
        user_id=actor,
        device_time=at,
        clock_offset_ms=_clock_offset_ms(session),  # None until measured against the upstream
        blob_refs=list(blob_refs or []),
        state="pending",
        attempts=0,
    )
    session.add(row)
    return row


def _clock_offset_ms(session: Session) -> int | None:
    """The last offset the sync engine measured against the upstream (§3.10), if any."""
    return session.scalar(select(DeviceIdentity.clock_offset_ms).where(DeviceIdentity.id == 1))
