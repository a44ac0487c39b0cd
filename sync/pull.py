"""Pull: per-scope change feed, each page applied with its cursor in one transaction (rule 6).

Server copies of entities that still have unacknowledged local mutations go to ``sync_shadow``
(rule 5) and are folded in by :func:`fold_shadows` once those mutations are applied or rejected.
A 410 ``reset_required`` clears the scope's cursor and shadows and downloads the scope again;
the outbox is never touched.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any, cast

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from db.engine import Store
from db.models import Outbox, SyncCursor, SyncShadow
from sync import wire
from sync.apply import Applier
from sync.client import ApiClient, error_code, error_detail
from sync.clock import WallClock
from sync.crashpoints import crash_point
from sync.errors import CaptivePortal, ProtocolError
from sync.status import log
from sync.writer import Writer, inline_writer

UNACKED = ("pending", "sent")
SHADOWED_TYPES = frozenset({"dossier"})  # entity types the desk edits (and so may shadow)
MAX_PAGES = 100_000


@dataclass
class PullStats:
    pages: int = 0
    changes: int = 0
    applied: int = 0
    shadowed: int = 0
    resets: list[str] = field(default_factory=list)
    gaps: int = 0


def apply_change(
    session: Session,
    applier: Applier,
    entity_type: str,
    entity_id: str,
    op: str,
    data: dict[str, Any],
) -> bool:
    """Apply one upstream change to the working copy; False for an unknown entity type."""
    if entity_type == "dossier":
        if op == "delete":
            applier.delete_dossier(session, entity_id)
        else:
            applier.apply_dossier(session, cast(wire.DossierDoc, data))
    elif entity_type == "catalogue":
        if op != "delete":  # a catalogue version is never deleted, only superseded
            applier.apply_catalogue(session, data)
    elif entity_type == "calendar_day":
        if op == "delete":
            applier.delete_calendar_day(session, entity_id)
        else:
            applier.apply_calendar_day(session, cast(wire.CalendarDayDoc, data))
    else:
        return False
    return True


def unacked_entities(session: Session, entity_type: str, ids: Iterable[str]) -> set[str]:
    wanted = list(set(ids))
    if not wanted:
        return set()
    rows = session.scalars(
        select(Outbox.entity_id).where(
            Outbox.entity_type == entity_type,
            Outbox.entity_id.in_(wanted),
            Outbox.state.in_(UNACKED),
        )
    ).all()
    return set(rows)


def fold_shadows(session: Session, applier: Applier, entities: Iterable[tuple[str, str]]) -> int:
    """Apply and drop the shadows of entities whose local mutations are all acknowledged."""
    folded = 0
    by_type: dict[str, set[str]] = {}
    for t, i in entities:
        by_type.setdefault(t, set()).add(i)
    for entity_type, ids in by_type.items():
        still = unacked_entities(session, entity_type, ids)
        for entity_id in sorted(ids - still):
            shadow = session.get(SyncShadow, (entity_type, entity_id))
            if shadow is None:
                continue
            apply_change(session, applier, entity_type, entity_id, shadow.op, dict(shadow.data))
            session.delete(shadow)
            folded += 1
    return folded


def fold_all_shadows(session: Session, applier: Applier) -> int:
    keys = session.execute(select(SyncShadow.entity_type, SyncShadow.entity_id)).all()
    return fold_shadows(session, applier, [(t, i) for t, i in keys])


def _stash(session: Session, scope: str, change: wire.Change, now: datetime) -> None:
    key = (change["entity_type"], change["entity_id"])
    shadow = session.get(SyncShadow, key)
    if shadow is None:
        session.add(
            SyncShadow(
                entity_type=key[0],
                entity_id=key[1],
                scope=scope,
                version=change["version"],
                op=change["op"],
                data=change["data"],
                received_at=now,
            )
        )
    elif change["version"] >= shadow.version:
        shadow.version, shadow.op, shadow.data = change["version"], change["op"], change["data"]
        shadow.scope, shadow.received_at = scope, now


def apply_page(
    session: Session,
    applier: Applier,
    scope: str,
    changes: list[wire.Change],
    now: datetime,
    stats: PullStats,
) -> None:
    """Apply one page (inside the caller's transaction, which also stores the cursor)."""
    busy: dict[str, set[str]] = {}
    for t in SHADOWED_TYPES:
        busy[t] = unacked_entities(
            session, t, (c["entity_id"] for c in changes if c["entity_type"] == t)
        )
    half = len(changes) // 2
    for i, change in enumerate(changes):
        if i == half and i > 0:
            crash_point("mid_pull_page_apply")
        t, entity_id = change["entity_type"], change["entity_id"]
        if entity_id in busy.get(t, ()):
            _stash(session, scope, change, now)
            stats.shadowed += 1
            continue
        if apply_change(session, applier, t, entity_id, change["op"], change["data"]):
            stats.applied += 1
            stale = session.get(SyncShadow, (t, entity_id))
            if stale is not None:  # a newer server copy supersedes the held one
                session.delete(stale)
        else:
            log(session, now, "pull", "unknown_entity", detail=f"{scope} {t} {entity_id}")
        session.flush()


def _valid_page(body: dict[str, Any] | None) -> bool:
    return (
        body is not None
        and isinstance(body.get("changes"), list)
        and isinstance(body.get("next_cursor"), str)
        and isinstance(body.get("has_more"), bool)
    )


def pull_scope(
    client: ApiClient,
    store: Store,
    applier: Applier,
    scope: str,
    clock: WallClock,
    stats: PullStats,
    *,
    limit: int = wire.PULL_LIMIT,
    writer: Writer | None = None,
) -> None:
    """Pull ``scope`` until the feed says there is no more (each page: one ``writer`` call)."""
    write = writer or inline_writer(store)
    resets = 0
    for _ in range(MAX_PAGES):
        with store.read() as session:
            row = session.get(SyncCursor, scope)
            cursor = row.cursor if row else ""
        resp = client.call(
            "GET", "/v1/sync/pull", params={"scope": scope, "cursor": cursor, "limit": limit}
        )
        if resp.status == 410:
            resets += 1
            if resets > 2:
                raise ProtocolError(f"{scope}: reset_required lặp lại")
            reset_scope(store, applier, scope, clock(), error_detail(resp), writer=write)
            stats.resets.append(scope)
            continue
        if resp.status != 200:
            code = error_code(resp)
            raise ProtocolError(f"pull {scope}: HTTP {resp.status} {code} {error_detail(resp)}")
        body = resp.json_object()
        if not _valid_page(body):
            raise CaptivePortal(f"pull {scope}: HTTP 200 không đúng định dạng")
        page = cast(wire.PullResponse, body)
        changes = page["changes"]
        write(
            partial(
                _store_page,
                applier=applier,
                scope=scope,
                cursor=cursor,
                page=page,
                now=clock(),
                stats=stats,
            )
        )
        stats.pages += 1
        stats.changes += len(changes)
        if not page["has_more"] or not changes:
            return
    raise ProtocolError(f"{scope}: quá nhiều trang")


def _store_page(
    session: Session,
    *,
    applier: Applier,
    scope: str,
    cursor: str,
    page: wire.PullResponse,
    now: datetime,
    stats: PullStats,
) -> None:
    """One page and the scope's new cursor, inside one write transaction."""
    gap = _continuity_gap(cursor, page)
    if gap:
        stats.gaps += 1
        log(session, now, "pull", "feed_gap", detail=f"{scope}: {gap}")
    apply_page(session, applier, scope, page["changes"], now, stats)
    row = session.get(SyncCursor, scope)
    if row is None:
        row = SyncCursor(scope=scope)
        session.add(row)
    row.cursor = page["next_cursor"]
    row.server_epoch = str(page.get("server_epoch", ""))


def _continuity_gap(cursor: str, page: wire.PullResponse) -> str:
    """I7: the first seq of a page follows the cursor's seq within the same epoch."""
    if not page["changes"]:
        return ""
    try:
        epoch, seq = wire.parse_cursor(cursor)
    except ValueError:
        return ""
    if not cursor or epoch != str(page.get("server_epoch", "")):
        return ""
    seqs = [c["seq"] for c in page["changes"]]
    expected = list(range(seq + 1, seq + 1 + len(seqs)))
    return "" if seqs == expected else f"sau {seq} nhận {seqs[:5]}"


def reset_scope(
    store: Store,
    applier: Applier,
    scope: str,
    now: datetime,
    detail: str,
    *,
    writer: Writer | None = None,
) -> None:
    """410 reset_required: forget the cursor and the shadows of ``scope``; keep the outbox."""

    def reset(session: Session) -> None:
        applier.reset_scope(session, scope)
        session.execute(delete(SyncShadow).where(SyncShadow.scope == scope))
        row = session.get(SyncCursor, scope)
        if row is not None:
            row.cursor, row.server_epoch = "", ""
        log(session, now, "pull", "reset_required", detail=f"{scope}: {detail}")

    (writer or inline_writer(store))(reset)
