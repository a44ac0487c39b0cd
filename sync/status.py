"""Sync status: the key/value facts the engine records and the snapshot the UI polls.

:func:`snapshot` only reads (the WAL read engine never waits for the writer), so the UI thread
may call it at any time; it costs a handful of indexed queries.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.engine import Store
from db.models import Blob, DeviceIdentity, Outbox, SyncConflict, SyncLog, SyncStatus
from sync import wire
from sync.clock import WallClock, utc_now
from sync.writer import Writer, inline_writer

# Keys of sync_status.
ONLINE = "online"  # "1" the last probe reached our server, "0" it did not
LAST_PROBE = "last_probe"  # outcome of the last probe (ok / offline / captive_portal / ...)
LAST_SUCCESS = "last_success"  # a full cycle completed (value: short summary)
LAST_ERROR = "last_error"  # the last failure's one-line reason ("" once a cycle succeeds)
UPDATE_REQUIRED = "update_required"  # "1" after a 426
WATCHDOG = "watchdog"  # "1" while the watchdog considers the queue wedged
QUARANTINE = "quarantine"  # mutation ids held after repeated 400s, comma separated
LAST_PROGRESS = "last_progress"  # anything acknowledged, pulled or uploaded


def set_status(session: Session, key: str, value: str, now: datetime) -> None:
    row = session.get(SyncStatus, key)
    if row is None:
        session.add(SyncStatus(key=key, value=value, at=now))
    else:
        row.value, row.at = value, now


def get_status(session: Session, key: str) -> SyncStatus | None:
    return session.get(SyncStatus, key)


def log(
    session: Session,
    now: datetime,
    channel: str,
    event: str,
    *,
    bytes_up: int = 0,
    bytes_down: int = 0,
    detail: str = "",
) -> None:
    session.add(
        SyncLog(
            at=now,
            channel=channel[:10],
            event=event[:40],
            bytes_up=bytes_up,
            bytes_down=bytes_down,
            detail=detail,
        )
    )


@dataclass(frozen=True)
class StatusSnapshot:
    enrolled: bool
    online: bool | None  # None: never probed
    last_probe: str
    pending_mutations: int  # pending or sent (not yet acknowledged)
    held_mutations: int  # waiting behind an unresolved conflict or quarantined
    pending_blob_bytes: int
    oldest_pending_at: datetime | None
    oldest_pending_age_s: float | None
    last_success_at: datetime | None
    last_error: str
    last_error_at: datetime | None
    conflicts_unresolved: int
    clock_offset_ms: int | None
    clock_measured_at: datetime | None
    clock_warning: bool  # |offset| > wire.CLOCK_WARN_MS and not acknowledged since measured
    clock_ack_at: datetime | None
    revoked: bool
    update_required: bool
    watchdog: bool
    device_no: int | None
    upstream_url: str

    @property
    def pending_blob_mb(self) -> float:
        return round(self.pending_blob_bytes / (1024 * 1024), 2)

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["pending_blob_mb"] = self.pending_blob_mb
        return d


def _status_map(session: Session) -> dict[str, SyncStatus]:
    return {r.key: r for r in session.scalars(select(SyncStatus))}


QUARANTINE_PREFIX = "quarantine"  # Outbox.last_error of a mutation held after repeated 400s


def is_quarantined(row: Outbox) -> bool:
    return (row.last_error or "").startswith(QUARANTINE_PREFIX)


def blocked_entities(session: Session) -> set[tuple[str, str]]:
    """Entities with an unresolved conflict: their later mutations wait for a person."""
    rows = session.execute(
        select(Outbox.entity_type, Outbox.entity_id)
        .join(SyncConflict, SyncConflict.mutation_id == Outbox.mutation_id)
        .where(SyncConflict.resolved_by.is_(None))
    ).all()
    return {(t, i) for t, i in rows}


def unsent_counts(session: Session) -> tuple[int, int]:
    """(unsent mutations, of which held): held = quarantined or behind an open conflict."""
    blocked = blocked_entities(session)
    rows = session.scalars(select(Outbox).where(Outbox.state.in_(("pending", "sent")))).all()
    held = sum(1 for r in rows if (r.entity_type, r.entity_id) in blocked or is_quarantined(r))
    return len(rows), held


def snapshot(store: Store, clock: WallClock = utc_now) -> StatusSnapshot:
    now = clock()
    with store.read() as session:
        ident = session.get(DeviceIdentity, 1)
        st = _status_map(session)
        unsent, held = unsent_counts(session)
        oldest = session.scalar(
            select(func.min(Outbox.device_time)).where(Outbox.state.in_(("pending", "sent")))
        )
        blob_bytes = session.scalar(
            select(func.coalesce(func.sum(Blob.size - Blob.up_offset), 0)).where(
                Blob.up_state.in_(("queued", "partial"))
            )
        )
        conflicts = session.scalar(
            select(func.count()).select_from(SyncConflict).where(SyncConflict.resolved_by.is_(None))
        )
        online_row = st.get(ONLINE)
        success = st.get(LAST_SUCCESS)
        error = st.get(LAST_ERROR)
        offset = ident.clock_offset_ms if ident else None
        measured = ident.clock_measured_at if ident else None
        ack = ident.clock_ack_at if ident else None
        warn = offset is not None and abs(offset) > wire.CLOCK_WARN_MS
        if warn and ack is not None and measured is not None and ack >= measured:
            warn = False
        return StatusSnapshot(
            enrolled=ident is not None,
            online=None if online_row is None else online_row.value == "1",
            last_probe=st[LAST_PROBE].value if LAST_PROBE in st else "",
            pending_mutations=unsent,
            held_mutations=held,
            pending_blob_bytes=int(blob_bytes or 0),
            oldest_pending_at=oldest,
            oldest_pending_age_s=(now - oldest).total_seconds() if oldest else None,
            last_success_at=success.at if success else None,
            last_error=error.value if error else "",
            last_error_at=error.at if error and error.value else None,
            conflicts_unresolved=int(conflicts or 0),
            clock_offset_ms=offset,
            clock_measured_at=measured,
            clock_warning=warn,
            clock_ack_at=ack,
            revoked=bool(ident and ident.revoked),
            update_required=UPDATE_REQUIRED in st and st[UPDATE_REQUIRED].value == "1",
            watchdog=WATCHDOG in st and st[WATCHDOG].value == "1",
            device_no=ident.device_no if ident else None,
            upstream_url=ident.upstream_url if ident else "",
        )


def acknowledge_clock(
    store: Store, clock: WallClock = utc_now, *, writer: Writer | None = None
) -> None:
    """The officer saw the clock warning (recorded; work was never blocked)."""
    now = clock()

    def record(session: Session) -> None:
        row = session.get(DeviceIdentity, 1)
        if row is not None:
            row.clock_ack_at = now
            log(session, now, "clock", "clock_ack", detail=f"offset_ms={row.clock_offset_ms}")

    (writer or inline_writer(store))(record)
