"""Push: the outbox goes up in ``device_seq`` order; every response is recorded in ONE
SQLite transaction (sync-protocol.md §3.4).

- applied / applied_noop -> 'applied' with the server version; rejected -> 'rejected' and a
  ``conflict`` row (never dropped). Shadows of entities whose mutations are now all
  acknowledged are folded in by the same transaction.
- Later pending mutations of an entity with an unresolved conflict are held back; other
  entities flow. The server checks that ``device_seq`` has no gaps, so when it answers
  409 ``seq_gap`` with a held mutation's seq, the client sends from there in order (see
  docs/sync.md, "held mutations and the gapless sequence").
- 409 seq_gap -> resend from ``expected`` (also rows already applied: a restored server);
  413 -> halve the batch (floor 1); 400 -> isolate by halving, then quarantine a single
  mutation after 3 tries. 5xx/429/network errors propagate as :class:`Transient`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from db.engine import Store
from db.models import Outbox, SyncConflict
from sync import wire
from sync.apply import Applier
from sync.client import ApiClient, Identity, error_code, error_detail
from sync.clock import WallClock
from sync.crashpoints import crash_point
from sync.errors import CaptivePortal, ProtocolError, Transient
from sync.pull import fold_shadows
from sync.status import (
    LAST_PROGRESS,
    QUARANTINE,
    QUARANTINE_PREFIX,
    blocked_entities,
    is_quarantined,
    log,
    set_status,
)
from sync.writer import Writer, inline_writer

MALFORMED_TRIES = 3
MAX_ROUNDS = 100_000


@dataclass
class PushStats:
    batches: int = 0
    sent: int = 0  # mutations sent, resends included
    applied: int = 0
    noop: int = 0
    rejected: int = 0
    held: int = 0  # pending mutations waiting behind a conflict at the end of the push
    quarantined: int = 0
    seq_gaps: int = 0
    max_seq: int = 0  # the highest device_seq this push considered


def mutation_of(row: Outbox) -> wire.Mutation:
    return {
        "device_seq": row.device_seq,
        "mutation_id": row.mutation_id,
        "entity_type": row.entity_type,
        "entity_id": row.entity_id,
        "op": row.op,
        "base_version": row.base_version,
        "payload": row.payload,
        "payload_schema": row.payload_schema,
        "user_id": row.user_id,
        "device_time": row.device_time.isoformat(),
        "clock_offset_ms": row.clock_offset_ms,
        "blob_refs": cast(list[wire.BlobRef], row.blob_refs or []),
    }


def _size(m: wire.Mutation) -> int:
    return len(json.dumps(m, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


class Pusher:
    """Pushes the outbox. One per engine: it remembers a shrunken batch size (413)."""

    def __init__(
        self,
        client: ApiClient,
        store: Store,
        applier: Applier,
        clock: WallClock,
        *,
        writer: Writer | None = None,
    ) -> None:
        self.client = client
        self.store = store
        self.applier = applier
        self.clock = clock
        self.writer: Writer = writer or inline_writer(store)
        self.batch_limit = wire.MAX_BATCH
        self.batch_bytes = wire.MAX_BATCH_BYTES

    # --- choosing the batch -------------------------------------------------------------------

    def _next_batch(self, force_from: int | None, stats: PushStats) -> list[wire.Mutation]:
        with self.store.read() as session:
            if force_from is not None:
                # The server's sequence decides: send from `expected` in order, whatever the
                # local state (a restored server lost rows we had seen applied).
                rows = session.scalars(
                    select(Outbox)
                    .where(Outbox.device_seq >= force_from)
                    .order_by(Outbox.device_seq)
                    .limit(self.batch_limit)
                ).all()
                if rows and is_quarantined(rows[0]):
                    return []  # the sequence is stuck on a quarantined mutation
                rows = [r for r in rows if not is_quarantined(r)]
                taken = _contiguous(rows, force_from)
            else:
                blocked = blocked_entities(session)
                candidates = session.scalars(
                    select(Outbox)
                    .where(Outbox.state.in_(("pending", "sent")))
                    .order_by(Outbox.device_seq)
                ).all()
                taken = []
                held = 0
                for r in candidates:
                    stats.max_seq = max(stats.max_seq, r.device_seq)
                    if (r.entity_type, r.entity_id) in blocked or is_quarantined(r):
                        held += 1
                        continue
                    if len(taken) < self.batch_limit:
                        taken.append(r)
                stats.held = held
            batch: list[wire.Mutation] = []
            size = 0
            for r in taken:
                m = mutation_of(r)
                s = _size(m)
                if batch and size + s > self.batch_bytes:
                    break
                batch.append(m)
                size += s
            return batch

    # --- the loop -----------------------------------------------------------------------------

    def run(self) -> PushStats:
        stats = PushStats()
        force_from: int | None = None
        last_gap: int | None = None
        ident = self.client.identity
        for _ in range(MAX_ROUNDS):
            batch = self._next_batch(force_from, stats)
            if not batch:
                if force_from is not None:
                    raise ProtocolError(
                        f"máy chủ chờ thay đổi số {force_from} nhưng thay đổi này bị cách ly"
                    )
                return stats
            stats.max_seq = max(stats.max_seq, batch[-1]["device_seq"])
            self._mark_sent(batch)
            crash_point("after_outbox_commit")
            resp = self.client.call(
                "POST",
                "/v1/sync/push",
                json={"device_id": ident.device_id, "batch": batch},
            )
            crash_point("after_request_sent")
            stats.batches += 1
            stats.sent += len(batch)
            status = resp.status
            if status == 200:
                body = resp.json_object()
                if body is None or not isinstance(body.get("results"), list):
                    raise CaptivePortal("push: HTTP 200 không đúng định dạng")
                recorded = self._record(batch, cast(wire.PushResponse, body), stats)
                if recorded == 0:
                    raise ProtocolError("push: máy chủ không trả kết quả nào cho lô")
                force_from = None
                continue
            code = error_code(resp)
            if status == 409 and code == "seq_gap":
                force_from = self._seq_gap(resp, batch, ident, last_gap)
                last_gap = force_from
                stats.seq_gaps += 1
                continue
            if status == 413:
                self.batch_limit = max(1, len(batch) // 2)
                if len(batch) == 1:
                    self._malformed(batch[0], f"413 {error_detail(resp)}", stats)
                continue
            if status == 400:
                if len(batch) > 1:
                    self.batch_limit = max(1, len(batch) // 2)  # isolate the bad one
                    continue
                if not self._malformed(batch[0], error_detail(resp), stats):
                    raise Transient(f"push: HTTP 400 {error_detail(resp)}")
                continue
            raise ProtocolError(f"push: HTTP {status} {code} {error_detail(resp)}".strip())
        raise ProtocolError("push: quá nhiều vòng")

    def _seq_gap(
        self, resp: Any, batch: list[wire.Mutation], ident: Identity, last_gap: int | None
    ) -> int:
        body = resp.json_object() or {}
        expected = body.get("expected")
        if not isinstance(expected, int) or expected < 1:
            raise ProtocolError("push: seq_gap không có 'expected'")
        with self.store.read() as session:
            exists = session.get(Outbox, expected) is not None
        if not exists:
            raise ProtocolError(
                f"máy chủ chờ thay đổi số {expected}, máy {ident.device_no} không có "
                "(kho dữ liệu bị khôi phục từ bản cũ?)"
            )
        if expected == last_gap and batch and batch[0]["device_seq"] == expected:
            raise ProtocolError(f"push: seq_gap lặp lại ở {expected}")
        return expected

    def _mark_sent(self, batch: list[wire.Mutation]) -> None:
        seqs = [m["device_seq"] for m in batch]

        def mark(session: Session) -> None:
            session.execute(
                update(Outbox)
                .where(Outbox.device_seq.in_(seqs), Outbox.state == "pending")
                .values(state="sent")
            )
            session.execute(
                update(Outbox)
                .where(Outbox.device_seq.in_(seqs))
                .values(attempts=Outbox.attempts + 1)
            )

        self.writer(mark)

    def _record(self, batch: list[wire.Mutation], body: wire.PushResponse, stats: PushStats) -> int:
        """Every result of one response in one transaction; returns how many were recorded."""
        raw: list[Any] = list(body["results"])
        results = {r.get("mutation_id"): r for r in raw if isinstance(r, dict)}
        now = self.clock()

        def record(session: Session) -> int:
            recorded = 0
            touched: set[tuple[str, str]] = set()
            for m in batch:
                res = results.get(m["mutation_id"])
                if res is None:
                    continue  # not processed (the server stopped early): stays 'sent', resent
                row = session.get(Outbox, m["device_seq"])
                if row is None:
                    continue
                self._record_one(session, row, cast(wire.MutationResult, res), now, stats)
                touched.add((row.entity_type, row.entity_id))
                recorded += 1
            if recorded:
                fold_shadows(session, self.applier, touched)
                set_status(session, LAST_PROGRESS, f"push {recorded}", now)
            crash_point("after_response_before_local_commit")
            return recorded

        return self.writer(record)

    def _record_one(
        self,
        session: Session,
        row: Outbox,
        res: wire.MutationResult,
        now: datetime,
        stats: PushStats,
    ) -> None:
        status = res.get("status")
        row.server_version = res.get("version")
        row.resolved_at = now
        conflict_row = session.get(SyncConflict, row.mutation_id)
        if status in ("applied", "applied_noop"):
            row.state = "applied"
            row.last_error = None
            if conflict_row is not None and conflict_row.resolved_by is None:
                conflict_row.resolved_by = "upstream"  # re-sent after a restore and accepted
            if status == "applied":
                stats.applied += 1
            else:
                stats.noop += 1
            return
        if status != "rejected":
            raise ProtocolError(f"push: trạng thái kết quả lạ {status!r}")
        conflict: dict[str, Any] = dict(res.get("conflict") or {})
        kind = str(conflict.get("kind") or "unknown")
        detail = str(conflict.get("detail") or "")
        row.state = "rejected"
        row.last_error = f"{kind}: {detail}"[:1000]
        if conflict_row is None:
            session.add(
                SyncConflict(
                    mutation_id=row.mutation_id,
                    kind=kind[:20],
                    server_state=dict(conflict.get("server_state") or {}),
                    detail=detail,
                    created_at=now,
                    resolved_by=None,
                )
            )
        stats.rejected += 1

    def _malformed(self, m: wire.Mutation, detail: str, stats: PushStats) -> bool:
        """Count one more refusal of a single mutation; True once it is quarantined."""
        now = self.clock()

        def count(session: Session) -> bool:
            row = session.get(Outbox, m["device_seq"])
            if row is None:
                return False
            tries = _malformed_tries(row.last_error) + 1
            if tries < MALFORMED_TRIES:
                row.last_error = f"malformed {tries}/{MALFORMED_TRIES}: {detail}"[:1000]
                return False
            row.last_error = f"{QUARANTINE_PREFIX}: {detail}"[:1000]
            row.state = "pending"
            set_status(session, QUARANTINE, row.mutation_id, now)
            log(
                session,
                now,
                "push",
                "quarantine",
                detail=f"{row.mutation_id} ({row.op} {row.entity_id}): {detail}",
            )
            return True

        if not self.writer(count):
            return False
        stats.quarantined += 1
        return True


def _malformed_tries(last_error: str | None) -> int:
    text = last_error or ""
    if not text.startswith("malformed "):
        return 0
    try:
        return int(text.split(" ", 2)[1].split("/")[0])
    except (IndexError, ValueError):
        return 0


def _contiguous(rows: Any, start: int) -> list[Outbox]:
    out: list[Outbox] = []
    expect = start
    for r in rows:
        if r.device_seq != expect:
            break
        out.append(r)
        expect += 1
    return out
