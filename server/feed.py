"""The per-scope change feed (sync-protocol.md §3.5, rule 7).

Every writer of a scope locks its ``scope_counter`` row first and keeps the lock until commit,
so within a scope commit order equals seq order and a reader can never see seq n+1 before n.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select
from sqlalchemy.orm import Session

from server.common import utc_now
from server.models import ChangeLog, ScopeCounter
from sync.wire import Change


def lock_scope(session: Session, scope: str) -> ScopeCounter:
    """The scope's counter row, locked for the rest of the transaction (created if missing)."""
    row = session.scalars(
        select(ScopeCounter).where(ScopeCounter.scope == scope).with_for_update()
    ).first()
    if row is None:
        # Counter rows are created with their agency (and "global" by migrate); this is only a
        # fallback. A concurrent creator makes one of the two transactions fail and retry.
        row = ScopeCounter(scope=scope, last_seq=0, min_seq=0)
        session.add(row)
        session.flush()
    return row


def ensure_scope(session: Session, scope: str) -> None:
    if session.get(ScopeCounter, scope) is None:
        session.add(ScopeCounter(scope=scope, last_seq=0, min_seq=0))


def append_change(
    session: Session,
    counter: ScopeCounter,
    *,
    entity_type: str,
    entity_id: str,
    version: int,
    data: dict[str, Any],
    op: str = "upsert",
) -> int:
    """Append one change under the (already locked) counter; returns its seq."""
    counter.last_seq += 1
    insert_change(
        session.connection(),
        counter.scope,
        counter.last_seq,
        entity_type=entity_type,
        entity_id=entity_id,
        version=version,
        data=data,
        op=op,
    )
    return counter.last_seq


def insert_change(
    conn: Connection,
    scope: str,
    seq: int,
    *,
    entity_type: str,
    entity_id: str,
    version: int,
    data: dict[str, Any],
    op: str = "upsert",
    now: datetime | None = None,
) -> None:
    """The change_log row of ``seq``, taken from the scope's counter under its lock."""
    conn.execute(
        insert(ChangeLog).values(
            scope=scope,
            seq=seq,
            entity_type=entity_type,
            entity_id=entity_id,
            version=version,
            op=op,
            data=data,
            committed_at=now or utc_now(),
        )
    )


def next_entity_version(session: Session, scope: str, entity_type: str, entity_id: str) -> int:
    """Version of a non-dossier entity (catalogue, calendar day): one more than its last change."""
    last = session.scalar(
        select(func.max(ChangeLog.version)).where(
            ChangeLog.scope == scope,
            ChangeLog.entity_type == entity_type,
            ChangeLog.entity_id == entity_id,
        )
    )
    return (last or 0) + 1


def read_page(session: Session, scope: str, after: int, limit: int) -> tuple[list[Change], bool]:
    rows = session.scalars(
        select(ChangeLog)
        .where(ChangeLog.scope == scope, ChangeLog.seq > after)
        .order_by(ChangeLog.seq)
        .limit(limit + 1)
    ).all()
    changes: list[Change] = [
        {
            "seq": r.seq,
            "entity_type": r.entity_type,
            "entity_id": r.entity_id,
            "version": r.version,
            "op": "delete" if r.op == "delete" else "upsert",
            "data": r.data,
        }
        for r in rows[:limit]
    ]
    return changes, len(rows) > limit


def scope_last_seq(session: Session | Connection, scope: str) -> int:
    return session.scalar(select(ScopeCounter.last_seq).where(ScopeCounter.scope == scope)) or 0
