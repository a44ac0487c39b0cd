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

from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

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
from server.feed import append_change, lock_scope, scope_last_seq
from server.models import AppliedMutation, Blob, Device, Dossier, ExpectedBlob
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
    factory: sessionmaker[Session],
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
                factory, device_id, item, require_blobs_for_forward, crash_hook, scope
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


def _stored(session: Session, mutation_id: str, device_id: str) -> str | None:
    row = session.get(AppliedMutation, mutation_id, populate_existing=True)
    if row is None:
        return None
    if row.device_id != device_id:
        raise ApiError(400, "malformed", f"mutation_id {mutation_id} đã được máy khác dùng")
    return row.result_json


def _apply_one(
    factory: sessionmaker[Session],
    device_id: str,
    item: dict[str, Any],
    require_blobs: bool,
    crash_hook: Callable[[str], None] | None,
    scope: str | None = None,
) -> Applied:
    mutation_id: str = item["mutation_id"]
    with factory.begin() as session:
        found = _stored(session, mutation_id, device_id)
        if found is not None:
            return found, None, _hint(session, scope)
        device = session.scalars(
            select(Device).where(Device.id == device_id).with_for_update()
        ).one()
        # Re-check under the lock: a concurrent request of the same batch may have committed.
        found = _stored(session, mutation_id, device_id)
        if found is not None:
            return found, None, _hint(session, scope)
        if device.revoked:
            raise ApiError(403, "device_revoked", "Máy đã bị thu hồi.")
        if item["device_seq"] != device.last_seq + 1:
            return "", device.last_seq + 1, None
        device.last_seen = utc_now()  # the row is locked and written anyway (cached token)
        offset = item.get("clock_offset_ms")
        if isinstance(offset, int) and not isinstance(offset, bool):
            device.clock_offset_ms = offset
        counter = lock_scope(session, commune_scope(device.agency))
        result, dossier = _evaluate(session, device, item, require_blobs)
        # Applied: the new state. Rejected: the unchanged state again, because the desk that
        # was refused still shows its own local step until the feed brings the server's copy.
        if dossier is not None and result["status"] in ("applied", "rejected"):
            append_change(
                session,
                counter,
                entity_type="dossier",
                entity_id=dossier.id,
                version=dossier.version,
                data=dossier.doc,
            )
        text = dumps(result)
        session.add(
            AppliedMutation(
                mutation_id=mutation_id,
                device_id=device_id,
                device_seq=item["device_seq"],
                entity_id=item["entity_id"],
                op=item["op"],
                status=result["status"],
                result_json=text,
                applied_at=utc_now(),
            )
        )
        device.last_seq = item["device_seq"]
        hint = counter.last_seq  # locked until commit: the scope's last seq at commit
        if crash_hook is not None:
            crash_hook("push.before_commit")
    if crash_hook is not None:
        crash_hook("push.after_commit")
    return text, None, hint


def _hint(session: Session, scope: str | None) -> int | None:
    return None if scope is None else scope_last_seq(session, scope)


def _rejected(mutation_id: str, exc: Rejected, version: int | None) -> MutationResult:
    return {
        "mutation_id": mutation_id,
        "status": "rejected",
        "version": version,
        "conflict": {"kind": exc.kind, "server_state": exc.server_state, "detail": exc.detail},
    }


def _evaluate(
    session: Session, device: Device, item: dict[str, Any], require_blobs: bool
) -> tuple[MutationResult, Dossier | None]:
    """The result, and the dossier row it applied to or was refused on (None when unknown)."""
    mutation_id: str = item["mutation_id"]
    entity_id: str = item["entity_id"]
    op: str = item["op"]
    payload = item.get("payload")
    event_id = mutation_id
    version: int | None = None
    dossier: Dossier | None = None
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
        dossier = session.scalars(
            select(Dossier).where(Dossier.id == entity_id).with_for_update()
        ).first()
        if dossier is not None and dossier.agency != device.agency:
            # Never reveal another commune's dossier: it is simply unknown here.
            dossier = None
            if op == "dossier.create":
                raise Rejected("owner", "Mã định danh hồ sơ đã thuộc đơn vị khác.", {})
        if op == "dossier.create":
            return _create(session, device, item, payload, event_id, actor, dossier)
        if dossier is None:
            raise Rejected("unknown_entity", "Máy chủ không có hồ sơ này (chưa được gửi lên?).", {})
        version = dossier.version
        doc = clone(dossier.doc)
        status: Status
        if op == "dossier.transition":
            missing = _missing_blobs(session, dossier.id) if require_blobs else 0
            status = apply_transition(
                doc, payload, event_id=event_id, actor=actor, missing_blobs=missing
            )
        elif op == "dossier.extend":
            status = apply_extend(doc, payload, event_id=event_id, actor=actor)
        else:  # attachment.add
            att = parse_attachment(payload, item.get("blob_refs"))
            status = apply_attachment(doc, att, superseded_ids(payload))
            expect_blob(session, dossier.id, att["sha256"], att["size"])
        _expect_refs(session, dossier.id, item.get("blob_refs"))
        if status == "applied":
            store_doc(dossier, doc)
        return {"mutation_id": mutation_id, "status": status, "version": dossier.version}, dossier
    except Rejected as exc:
        # The dossier as the server holds it (None when unknown or another commune's): the
        # commune's feed carries it again so the desk that acted locally converges on it.
        return _rejected(mutation_id, exc, version), dossier


def _create(
    session: Session,
    device: Device,
    item: dict[str, Any],
    payload: dict[str, Any],
    event_id: str,
    actor: str,
    existing: Dossier | None,
) -> tuple[MutationResult, Dossier | None]:
    mutation_id: str = item["mutation_id"]
    doc = build_create(payload, entity_id=item["entity_id"], event_id=event_id, actor=actor)
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
            server_state(existing.doc),  # type: ignore[arg-type]
        )
    if not doc["code"].startswith(f"{device.agency}-"):
        raise Rejected(
            "owner", f"Số hồ sơ {doc['code']} không thuộc mã đơn vị {device.agency}.", {}
        )
    clash = session.scalars(select(Dossier).where(Dossier.code == doc["code"])).first()
    if clash is not None:
        raise Rejected(
            "code",
            f"Số hồ sơ {doc['code']} đã được dùng cho một hồ sơ khác trên máy chủ "
            "(có thể do dùng lại số máy). Cần cấp số mới.",
            server_state(cast(DossierDoc, clash.doc)),
        )
    dossier = Dossier(
        id=doc["id"],
        agency=device.agency,
        code=doc["code"],
        state=doc["state"],
        version=1,
        doc=cast(dict[str, Any], doc),
        updated_at=utc_now(),
    )
    session.add(dossier)
    session.flush()
    _expect_refs(session, doc["id"], item.get("blob_refs"))
    return {"mutation_id": mutation_id, "status": "applied", "version": 1}, dossier


def store_doc(dossier: Dossier, doc: DossierDoc, now: datetime | None = None) -> None:
    """The dossier's next version is ``doc`` (the row's columns follow the document)."""
    dossier.version += 1
    doc["version"] = dossier.version
    dossier.doc = cast(dict[str, Any], doc)
    dossier.state = doc["state"]
    dossier.updated_at = now or utc_now()


def expect_blob(session: Session, dossier_id: str, sha256: str, size: int) -> None:
    """Record that the dossier refers to this blob (download rights, forward check)."""
    if session.get(ExpectedBlob, (dossier_id, sha256)) is None:
        session.add(ExpectedBlob(dossier_id=dossier_id, sha256=sha256, size=size))
        session.flush()


def _expect_refs(session: Session, dossier_id: str, refs: object) -> None:
    if not isinstance(refs, list):
        return
    for ref in refs:
        if not isinstance(ref, dict):
            continue
        sha = ref.get("sha256")
        size = ref.get("size", 0)
        if isinstance(sha, str) and len(sha) == 64 and isinstance(size, int):
            expect_blob(session, dossier_id, sha.lower(), size)


def _missing_blobs(session: Session, dossier_id: str) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(ExpectedBlob)
            .outerjoin(Blob, Blob.sha256 == ExpectedBlob.sha256)
            .where(ExpectedBlob.dossier_id == dossier_id)
            .where((Blob.sha256.is_(None)) | (Blob.complete.is_(False)))
        )
        or 0
    )
