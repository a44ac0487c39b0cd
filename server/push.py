"""Push (sync-protocol.md §3.4): one database transaction per mutation.

1. A known ``mutation_id`` returns its stored result byte for byte (replay).
2. The device row is locked (FOR UPDATE; BEGIN IMMEDIATE on SQLite); ``device_seq`` must be
   ``last_seq + 1`` or the batch stops with 409 ``seq_gap``.
3. The op is authorised for the device's commune, validated against the *current* server state
   and applied: ``applied``, ``applied_noop`` or ``rejected{kind, server_state, detail}``.
4. In the same transaction: ``applied_mutation``, ``device.last_seq`` and the commune
   ``change_log`` entry (the full DossierDoc).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    Connection,
    Engine,
    Table,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.exc import DBAPIError, IntegrityError

from app.lifecycle import State
from server.common import ApiError, dumps, utc_now
from server.dossierdoc import (
    Rejected,
    Status,
    apply_attachment,
    apply_extend,
    apply_transition,
    build_create,
    clone,
    parse_attachment,
    server_state,
    superseded_ids,
)
from server.feed import insert_change, scope_last_seq
from server.models import AppliedMutation, Blob, Device, Dossier, ExpectedBlob, ScopeCounter
from sync.wire import OPS, PAYLOAD_SCHEMA, DossierDoc, MutationResult, commune_scope

log = logging.getLogger(__name__)

REQUIRED_FIELDS: dict[str, type] = {
    "device_seq": int,
    "mutation_id": str,
    "entity_type": str,
    "entity_id": str,
    "op": str,
}


@dataclass(frozen=True)
class PushOutcome:
    results: list[str]  # stored result JSON texts, in batch order
    gap_expected: int | None  # set when the batch stopped at a seq gap
    cursor_hint: int | None = None  # the scope's last seq, read in the last transaction


def check_item(item: object, index: int) -> dict[str, Any]:
    """The envelope of one mutation; a broken envelope is a 400 (a client bug)."""
    if not isinstance(item, dict):
        raise ApiError(400, "malformed", f"batch[{index}]: phải là đối tượng")
    for key, kind in REQUIRED_FIELDS.items():
        value = item.get(key)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise ApiError(400, "malformed", f"batch[{index}].{key}: thiếu hoặc sai kiểu")
    if not item["mutation_id"] or len(item["mutation_id"]) > 36:
        raise ApiError(400, "malformed", f"batch[{index}].mutation_id: không hợp lệ")
    if not item["entity_id"] or len(item["entity_id"]) > 36:
        raise ApiError(400, "malformed", f"batch[{index}].entity_id: không hợp lệ")
    return item


def push_batch(
    engine: Engine,
    device_id: str,
    batch: list[dict[str, Any]],
    *,
    require_blobs_for_forward: bool,
    crash_hook: Callable[[str], None] | None = None,
    scope: str | None = None,
) -> PushOutcome:
    """``scope`` (the device's commune scope): read its last seq for ``cursor_hint`` in the
    mutation transactions, so the response needs no transaction of its own."""
    results: list[str] = []
    hint: int | None = None
    for item in batch:
        stored, expected, hint = _with_retries(
            lambda item=item: _apply_one(  # type: ignore[misc]
                engine, device_id, item, require_blobs_for_forward, crash_hook, scope
            )
        )
        if expected is not None:
            return PushOutcome(results, expected, hint)
        results.append(stored)
    return PushOutcome(results, None, hint)


Applied = tuple[str, int | None, int | None]  # stored result, seq_gap expected, cursor hint


def _with_retries(fn: Callable[[], Applied]) -> Applied:
    """Retry a mutation transaction that lost a race (unique key, deadlock, serialisation).

    The retry sees the winner's commit and answers from the current state.
    """
    for attempt in range(3):
        try:
            return fn()
        except (IntegrityError, DBAPIError) as exc:
            if attempt == 2 or (not isinstance(exc, IntegrityError) and not _is_retryable(exc)):
                raise
            log.info("push: retrying a mutation after %s", type(exc.orig).__name__)
    raise AssertionError("unreachable")


def _is_retryable(exc: DBAPIError) -> bool:
    sqlstate = getattr(exc.orig, "sqlstate", None)
    return sqlstate in ("40001", "40P01")  # serialization_failure, deadlock_detected


# The hot path is SQLAlchemy Core on the mapped tables: the ORM's unit of work cost more server
# CPU per push than everything else together (docs/performance.md, "Sync").
_device = cast(Table, Device.__table__)
_applied = cast(Table, AppliedMutation.__table__)
_dossier = cast(Table, Dossier.__table__)
_counter = cast(Table, ScopeCounter.__table__)


@dataclass(frozen=True)
class _DeviceState:
    last_seq: int
    revoked: bool
    agency: str


@dataclass
class _Dossier:
    """The locked dossier row the mutation applies to."""

    id: str
    agency: str
    code: str
    version: int
    doc: dict[str, Any]


def _lock_device(
    conn: Connection, device_id: str, mutation_id: str
) -> tuple[_DeviceState, str | None]:
    """The device row, locked (FOR UPDATE; BEGIN IMMEDIATE on SQLite), and the stored result
    of ``mutation_id`` when it was applied before (read under the lock: a concurrent request of
    the same batch may have committed it)."""
    row = conn.execute(
        select(
            _device.c.last_seq,
            _device.c.revoked,
            _device.c.agency,
            _applied.c.device_id.label("owner"),
            _applied.c.result_json,
        )
        .select_from(_device.outerjoin(_applied, _applied.c.mutation_id == mutation_id))
        .where(_device.c.id == device_id)
        .with_for_update(of=_device)
    ).first()
    if row is None:
        raise ApiError(403, "device_revoked", "Máy đã bị thu hồi hoặc chưa đăng ký.")
    state = _DeviceState(int(row.last_seq), bool(row.revoked), str(row.agency))
    if row.result_json is None:
        return state, None
    if row.owner != device_id:
        raise ApiError(400, "malformed", f"mutation_id {mutation_id} đã được máy khác dùng")
    return state, str(row.result_json)


def _next_seq(conn: Connection, scope: str) -> int:
    """Lock the scope's counter for the rest of the transaction and take its next seq."""
    seq = conn.execute(
        update(_counter)
        .where(_counter.c.scope == scope)
        .values(last_seq=_counter.c.last_seq + 1)
        .returning(_counter.c.last_seq)
    ).scalar()
    if seq is None:
        # Counter rows are created with their agency; this is only a fallback. A concurrent
        # creator makes one of the two transactions fail and retry.
        conn.execute(insert(_counter).values(scope=scope, last_seq=1, min_seq=0))
        seq = 1
    return int(seq)


def _apply_one(
    engine: Engine,
    device_id: str,
    item: dict[str, Any],
    require_blobs: bool,
    crash_hook: Callable[[str], None] | None,
    scope: str | None = None,
) -> Applied:
    mutation_id: str = item["mutation_id"]
    with engine.begin() as conn:
        device, found = _lock_device(conn, device_id, mutation_id)
        if found is not None:
            return found, None, None if scope is None else scope_last_seq(conn, scope)
        if device.revoked:
            raise ApiError(403, "device_revoked", "Máy đã bị thu hồi.")
        if item["device_seq"] != device.last_seq + 1:
            return "", device.last_seq + 1, None
        now = utc_now()
        changes: dict[str, Any] = {"last_seq": item["device_seq"], "last_seen": now}
        offset = item.get("clock_offset_ms")
        if isinstance(offset, int) and not isinstance(offset, bool):
            changes["clock_offset_ms"] = offset
        # The scope lock is taken before the dossier row's, in the same order as the admin's
        # district steps; the seq it hands out is given back below when nothing is appended.
        feed = commune_scope(device.agency)
        seq = _next_seq(conn, feed)
        result, dossier = _evaluate(conn, device.agency, item, require_blobs, now)
        # Applied: the new state. Rejected: the unchanged state again, because the desk that
        # was refused still shows its own local step until the feed brings the server's copy.
        if dossier is not None and result["status"] in ("applied", "rejected"):
            insert_change(
                conn,
                feed,
                seq,
                entity_type="dossier",
                entity_id=dossier.id,
                version=dossier.version,
                data=dossier.doc,
                now=now,
            )
        else:
            seq -= 1
            conn.execute(update(_counter).where(_counter.c.scope == feed).values(last_seq=seq))
        text = dumps(result)
        conn.execute(
            insert(_applied).values(
                mutation_id=mutation_id,
                device_id=device_id,
                device_seq=item["device_seq"],
                entity_id=item["entity_id"],
                op=item["op"],
                status=result["status"],
                result_json=text,
                applied_at=now,
            )
        )
        conn.execute(update(_device).where(_device.c.id == device_id).values(**changes))
        if crash_hook is not None:
            crash_hook("push.before_commit")
    if crash_hook is not None:
        crash_hook("push.after_commit")
    return text, None, seq  # the counter stays locked until commit: the scope's last seq


def _rejected(mutation_id: str, exc: Rejected, version: int | None) -> MutationResult:
    return {
        "mutation_id": mutation_id,
        "status": "rejected",
        "version": version,
        "conflict": {"kind": exc.kind, "server_state": exc.server_state, "detail": exc.detail},
    }


def _load(
    conn: Connection, entity_id: str, code: str | None
) -> tuple[_Dossier | None, _Dossier | None]:
    """The dossier with this id, locked, and (for a create) another one holding ``code``."""
    where = _dossier.c.id == entity_id
    if code is not None:
        where = or_(where, _dossier.c.code == code)
    rows = conn.execute(
        select(
            _dossier.c.id, _dossier.c.agency, _dossier.c.code, _dossier.c.version, _dossier.c.doc
        )
        .where(where)
        .with_for_update()
    ).all()
    by_id = clash = None
    for r in rows:
        found = _Dossier(r.id, r.agency, r.code, r.version, r.doc)
        if r.id == entity_id:
            by_id = found
        else:
            clash = found
    return by_id, clash


def _evaluate(
    conn: Connection, agency: str, item: dict[str, Any], require_blobs: bool, now: datetime
) -> tuple[MutationResult, _Dossier | None]:
    """The result, and the dossier it applied to or was refused on (None when unknown)."""
    mutation_id: str = item["mutation_id"]
    entity_id: str = item["entity_id"]
    op: str = item["op"]
    payload = item.get("payload")
    event_id = mutation_id
    version: int | None = None
    dossier: _Dossier | None = None
    try:
        if item["entity_type"] != "dossier" or op not in OPS:
            raise Rejected("validation", f"Thao tác không được hỗ trợ: {op}", {})
        schema = item.get("payload_schema", 1)
        if schema != PAYLOAD_SCHEMA[op]:
            raise Rejected(
                "validation", f"Phiên bản dữ liệu {schema!r} của {op} chưa được hỗ trợ", {}
            )
        if not isinstance(payload, dict):
            raise Rejected("validation", "payload: phải là đối tượng", {})
        if isinstance(payload.get("event_id"), str) and payload["event_id"]:
            event_id = payload["event_id"]
        actor: str = item["user_id"] if isinstance(item.get("user_id"), str) else ""
        created: DossierDoc | None = None
        invalid: Rejected | None = None
        if op == "dossier.create":
            try:
                created = build_create(payload, entity_id=entity_id, event_id=event_id, actor=actor)
            except Rejected as exc:
                invalid = exc  # raised once the dossier it names is known (and re-published)
        # One query for a create: the dossier with this id and any other holding its code.
        dossier, clash = _load(conn, entity_id, None if created is None else created["code"])
        if dossier is not None and dossier.agency != agency:
            # Never reveal another commune's dossier: it is simply unknown here.
            dossier = None
            if op == "dossier.create":
                raise Rejected("owner", "Mã định danh hồ sơ đã thuộc đơn vị khác.", {})
        if invalid is not None:
            raise invalid
        if created is not None:
            return _create(conn, agency, item, created, dossier, clash, now)
        if dossier is None:
            raise Rejected("unknown_entity", "Máy chủ không có hồ sơ này (chưa được gửi lên?).", {})
        version = dossier.version
        doc = clone(dossier.doc)
        status: Status
        if op == "dossier.transition":
            # Only a forward needs the files on the server (§3.7); the count is one query.
            forward = payload.get("to") == State.FORWARDED.value
            missing = _missing_blobs(conn, dossier.id) if require_blobs and forward else 0
            status = apply_transition(
                doc, payload, event_id=event_id, actor=actor, missing_blobs=missing
            )
        elif op == "dossier.extend":
            status = apply_extend(doc, payload, event_id=event_id, actor=actor)
        else:  # attachment.add
            att = parse_attachment(payload, item.get("blob_refs"))
            status = apply_attachment(doc, att, superseded_ids(payload))
            expect_blob(conn, dossier.id, att["sha256"], att["size"])
        _expect_refs(conn, dossier.id, item.get("blob_refs"))
        if status == "applied":
            dossier.version = bump_version(doc, dossier.version)
            dossier.doc = cast(dict[str, Any], doc)
            conn.execute(
                update(_dossier)
                .where(_dossier.c.id == dossier.id)
                .values(
                    version=dossier.version,
                    doc=dossier.doc,
                    state=doc["state"],
                    updated_at=now,
                )
            )
        return {"mutation_id": mutation_id, "status": status, "version": dossier.version}, dossier
    except Rejected as exc:
        # The dossier as the server holds it (None when unknown or another commune's): the
        # commune's feed carries it again so the desk that acted locally converges on it.
        return _rejected(mutation_id, exc, version), dossier


def _create(
    conn: Connection,
    agency: str,
    item: dict[str, Any],
    doc: DossierDoc,
    existing: _Dossier | None,
    clash: _Dossier | None,
    now: datetime,
) -> tuple[MutationResult, _Dossier | None]:
    mutation_id: str = item["mutation_id"]
    if existing is not None:
        if existing.code == doc["code"]:
            result: MutationResult = {
                "mutation_id": mutation_id,
                "status": "applied_noop",
                "version": existing.version,
            }
            return result, existing
        raise Rejected(
            "code",
            "Mã định danh hồ sơ đã có trên máy chủ với số hồ sơ khác.",
            server_state(cast(DossierDoc, existing.doc)),
        )
    if not doc["code"].startswith(f"{agency}-"):
        raise Rejected("owner", f"Số hồ sơ {doc['code']} không thuộc mã đơn vị {agency}.", {})
    if clash is not None:
        raise Rejected(
            "code",
            f"Số hồ sơ {doc['code']} đã được dùng cho một hồ sơ khác trên máy chủ "
            "(có thể do dùng lại số máy). Cần cấp số mới.",
            server_state(cast(DossierDoc, clash.doc)),
        )
    dossier = _Dossier(doc["id"], agency, doc["code"], 1, cast(dict[str, Any], doc))
    conn.execute(
        insert(_dossier).values(
            id=dossier.id,
            agency=agency,
            code=dossier.code,
            state=doc["state"],
            version=1,
            doc=dossier.doc,
            updated_at=now,
        )
    )
    _expect_refs(conn, dossier.id, item.get("blob_refs"))
    return {"mutation_id": mutation_id, "status": "applied", "version": 1}, dossier


def bump_version(doc: DossierDoc, version: int) -> int:
    """The dossier's next version, written into ``doc`` too; returns it."""
    doc["version"] = version + 1
    return version + 1


def store_doc(dossier: Dossier, doc: DossierDoc, now: datetime | None = None) -> None:
    """The dossier's next version is ``doc`` (the row's columns follow the document)."""
    dossier.version = bump_version(doc, dossier.version)
    dossier.doc = cast(dict[str, Any], doc)
    dossier.state = doc["state"]
    dossier.updated_at = now or utc_now()


def expect_blob(conn: Connection, dossier_id: str, sha256: str, size: int) -> None:
    """Record that the dossier refers to this blob (download rights, forward check)."""
    key = (ExpectedBlob.dossier_id == dossier_id) & (ExpectedBlob.sha256 == sha256)
    if conn.execute(select(ExpectedBlob.size).where(key)).first() is None:
        conn.execute(insert(ExpectedBlob).values(dossier_id=dossier_id, sha256=sha256, size=size))


def _expect_refs(conn: Connection, dossier_id: str, refs: object) -> None:
    if not isinstance(refs, list):
        return
    for ref in refs:
        if not isinstance(ref, dict):
            continue
        sha = ref.get("sha256")
        size = ref.get("size", 0)
        if isinstance(sha, str) and len(sha) == 64 and isinstance(size, int):
            expect_blob(conn, dossier_id, sha.lower(), size)


def _missing_blobs(conn: Connection, dossier_id: str) -> int:
    return (
        conn.scalar(
            select(func.count())
            .select_from(ExpectedBlob)
            .outerjoin(Blob, Blob.sha256 == ExpectedBlob.sha256)
            .where(ExpectedBlob.dossier_id == dossier_id)
            .where((Blob.sha256.is_(None)) | (Blob.complete.is_(False)))
        )
        or 0
    )
