"""The sync engine against an in-memory upstream: push recording, holds, gaps, pull, shadows,
resets, captive portals, auth, blobs, clock."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.dossiers import transition
from app.lifecycle import State
from app.sync_service import build_engine, conflicts, enrol, resolve_conflict, status
from db.blobfiles import relative_path
from db.engine import Store
from db.models import (
    Attachment,
    Blob,
    DeviceIdentity,
    Dossier,
    SyncConflict,
    SyncCursor,
    SyncLog,
    SyncShadow,
)
from sync import wire
from sync.engine import Engine
from tests.conftest import AGENCY, fixed_clock
from tests.sync_helpers import outbox, queue_blob, receive, result_attachment, upstream_doc
from tests.test_sync_fake import FakeUpstream

SCOPE = wire.commune_scope(AGENCY)


@pytest.fixture
def up() -> FakeUpstream:
    return FakeUpstream()


@pytest.fixture
def engine(store: Store, data_dir: Path, up: FakeUpstream) -> Engine:
    enrol(store, "http://upstream.test", "GOOD", "Máy 1", transport=up)
    return build_engine(store, data_dir, transport=up)


# --- push ---------------------------------------------------------------------------------------


def test_push_applies_in_device_seq_order_and_records_versions(
    store: Store, engine: Engine, up: FakeUpstream
) -> None:
    ids = [receive(store, f"Người {i}")[0] for i in range(3)]
    report = engine.run_cycle()
    assert report.ok, report.detail
    assert report.push.applied == 3
    assert [m["entity_id"] for m in up.pushed] == ids
    rows = outbox(store)
    assert [r.state for r in rows] == ["applied"] * 3
    assert all(r.server_version == 1 for r in rows)
    again = engine.run_cycle()
    assert again.ok
    assert again.push.sent == 0
    assert len(up.applied) == 3
    with store.read() as s:
        log = s.scalars(select(SyncLog).order_by(SyncLog.id.desc())).first()
        assert log is not None
        assert log.event == "cycle_ok"
    assert report.bytes_up > 0
    assert report.bytes_down > 0


def test_rejection_records_conflict_and_holds_only_that_dossier(
    store: Store, engine: Engine, up: FakeUpstream
) -> None:
    up.strict_seq = False  # a hold-aware upstream (see docs/sync.md on the gapless sequence)
    a_id, a_code = receive(store, "Người A")
    b_id, b_code = receive(store, "Người B")
    assert engine.run_cycle().ok
    rejected: set[str] = set()

    def reject(m: dict[str, Any]) -> wire.Conflict | None:
        if m["entity_id"] == a_id and m["op"] == "dossier.transition" and not rejected:
            rejected.add(m["mutation_id"])
            return {
                "kind": "state",
                "server_state": {"state": "forwarded", "version": 3},
                "detail": "Hồ sơ đã được chuyển lên huyện",
            }
        return None

    up.reject = reject
    transition(store, a_code, State.IN_PROCESS, actor="canbo", clock=fixed_clock)
    transition(store, b_code, State.IN_PROCESS, actor="canbo", clock=fixed_clock)
    r = engine.run_cycle()
    assert r.ok
    assert r.push.rejected == 1
    assert r.push.applied == 1
    # later mutations: A's waits behind the conflict, B's flows
    transition(store, a_code, State.RESULT_READY, actor="canbo", clock=fixed_clock)
    transition(store, b_code, State.RESULT_READY, actor="canbo", clock=fixed_clock)
    r = engine.run_cycle()
    assert r.ok
    assert r.push.applied == 1
    assert r.push.held == 1
    rows = outbox(store)
    states = {(x.entity_id, x.payload.get("to")): x.state for x in rows if x.op != "dossier.create"}
    assert states == {
        (a_id, "in_process"): "rejected",
        (b_id, "in_process"): "applied",
        (a_id, "result_ready"): "pending",
        (b_id, "result_ready"): "applied",
    }
    cs = conflicts(store)
    assert len(cs) == 1
    assert cs[0].dossier_code == a_code
    assert cs[0].kind == "state"
    assert "huyện" in cs[0].explanation
    snap = status(store)
    assert snap.conflicts_unresolved == 1
    assert snap.held_mutations == 1
    # a person resolves it: the held mutation goes up
    resolve_conflict(store, cs[0].mutation_id, actor="truongbp")
    r = engine.run_cycle()
    assert r.ok
    assert r.push.applied == 1
    assert all(x.state in ("applied", "rejected") for x in outbox(store))
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(SyncConflict)) == 1  # never dropped


def test_strict_upstream_releases_a_held_mutation_instead_of_stalling(
    store: Store, engine: Engine, up: FakeUpstream
) -> None:
    a_id, a_code = receive(store, "Người A")
    _, b_code = receive(store, "Người B")
    up.reject = lambda m: (
        {"kind": "state", "server_state": {}, "detail": "x"}
        if m["entity_id"] == a_id and m["op"] == "dossier.transition"
        else None
    )
    transition(store, a_code, State.IN_PROCESS, actor="canbo", clock=fixed_clock)
    assert engine.run_cycle().ok
    transition(store, a_code, State.RESULT_READY, actor="canbo", clock=fixed_clock)
    transition(store, b_code, State.IN_PROCESS, actor="canbo", clock=fixed_clock)
    r = engine.run_cycle()
    assert r.ok
    assert r.push.seq_gaps == 1
    assert not [x for x in outbox(store) if x.state in ("pending", "sent")]


def test_seq_gap_resends_from_expected_after_a_server_restore(
    store: Store, engine: Engine, up: FakeUpstream
) -> None:
    for i in range(4):
        receive(store, f"Người {i}")
    assert engine.run_cycle().ok
    # the server went back in time: it lost the last two mutations
    dev = next(iter(up.devices.values()))
    lost = [m["mutation_id"] for m in up.pushed[2:]]
    for mid in lost:
        del up.applied[mid]
    dev["last_seq"] = 2
    receive(store, "Người 5")
    r = engine.run_cycle()
    assert r.ok
    assert r.push.seq_gaps == 1
    assert all(mid in up.applied for mid in lost)
    assert len(up.applied) == 5


def test_413_halves_the_batch(store: Store, engine: Engine, up: FakeUpstream) -> None:
    for i in range(5):
        receive(store, f"Người {i}")
    up.max_batch = 2
    r = engine.run_cycle()
    assert r.ok
    assert r.push.applied == 5
    assert engine.pusher.batch_limit <= 2


def test_400_quarantines_after_three_tries_and_others_flow(
    store: Store, engine: Engine, up: FakeUpstream
) -> None:
    up.strict_seq = False
    receive(store, "Người xấu")
    receive(store, "Người tốt")
    bad = outbox(store)[0].mutation_id
    up.bad_mutations.add(bad)
    outcomes = [engine.run_cycle().outcome for _ in range(3)]
    assert outcomes[:2] == ["transient", "transient"]
    assert outcomes[2] == "ok"
    rows = outbox(store)
    assert rows[0].state == "pending"
    assert (rows[0].last_error or "").startswith("quarantine")
    assert rows[1].state == "applied"
    with store.read() as s:
        assert s.scalars(select(SyncLog).where(SyncLog.event == "quarantine")).first()


# --- health, auth, clock ----------------------------------------------------------------------


def test_captive_portal_is_transient_and_touches_nothing(
    store: Store, engine: Engine, up: FakeUpstream
) -> None:
    receive(store)
    up.portal = True
    r = engine.run_cycle()
    assert r.outcome == "captive_portal"
    assert [x.state for x in outbox(store)] == ["pending"]
    snap = status(store)
    assert snap.online is False
    assert snap.last_probe == "captive_portal"
    up.portal = False
    up.inject.append(("/v1/health", 200, {"ok": True}))  # JSON but no marker
    assert engine.run_cycle().outcome == "captive_portal"
    assert engine.run_cycle().ok
    assert status(store).online is True


def test_offline_and_5xx_are_transient(store: Store, engine: Engine, up: FakeUpstream) -> None:
    up.offline = True
    assert engine.run_cycle().outcome == "offline"
    up.offline = False
    receive(store)
    up.inject.append(("/v1/sync/push", 503, {"error": "x", "detail": "busy"}))
    r = engine.run_cycle()
    assert r.outcome == "transient"
    assert engine.run_cycle().ok


def test_401_refreshes_the_token_once(store: Store, engine: Engine, up: FakeUpstream) -> None:
    assert engine.run_cycle().ok
    up.tokens.clear()  # server forgot every token
    receive(store)
    r = engine.run_cycle()
    assert r.ok
    assert r.push.applied == 1
    assert len(up.tokens) == 1


def test_revoked_device_stops_and_keeps_data(
    store: Store, engine: Engine, up: FakeUpstream
) -> None:
    receive(store)
    next(iter(up.devices.values()))["revoked"] = True
    assert engine.run_cycle().outcome == "revoked"
    n = len(up.requests)
    assert engine.run_cycle().outcome == "revoked"
    assert len(up.requests) == n  # no network at all
    assert status(store).revoked
    assert [x.state for x in outbox(store)] in (["pending"], ["sent"])


def test_426_sets_update_required(store: Store, engine: Engine, up: FakeUpstream) -> None:
    up.inject.append(("/v1/health", 426, {"error": "protocol_unsupported", "detail": "cũ"}))
    assert engine.run_cycle().outcome == "update_required"
    assert status(store).update_required


def test_clock_offset_measured_and_stamped_on_new_mutations(
    store: Store, engine: Engine, up: FakeUpstream
) -> None:
    up.clock_skew = timedelta(minutes=10)
    assert engine.run_cycle().ok
    snap = status(store)
    assert snap.clock_offset_ms is not None
    assert abs(snap.clock_offset_ms - 600_000) < 5_000
    assert snap.clock_warning
    receive(store)
    assert abs((outbox(store)[-1].clock_offset_ms or 0) - 600_000) < 5_000
    from app.sync_service import acknowledge_clock

    acknowledge_clock(store)
    assert not status(store).clock_warning


def test_enrol_refused_code(store: Store, up: FakeUpstream) -> None:
    from app.errors import InvalidInput

    with pytest.raises(InvalidInput):
        enrol(store, "http://upstream.test", "BAD", transport=up)
    with store.read() as s:
        assert s.get(DeviceIdentity, 1) is None


# --- pull ---------------------------------------------------------------------------------------


def test_pull_applies_pages_with_the_cursor(store: Store, engine: Engine, up: FakeUpstream) -> None:
    a_id, _ = receive(store)
    assert engine.run_cycle().ok
    for v in range(3):
        up.add_change(SCOPE, "dossier", a_id, upstream_doc(store, a_id, note=f"ghi chú {v}"))
    from sync.pull import PullStats, pull_scope

    stats = PullStats()
    pull_scope(engine.client, store, engine.applier, SCOPE, engine.clock, stats, limit=2)
    assert stats.pages == 2
    assert stats.changes == 3
    assert stats.gaps == 0
    with store.read() as s:
        cur = s.get(SyncCursor, SCOPE)
        assert cur is not None
        assert cur.cursor == "E1.3"
        assert cur.server_epoch == "E1"
        d = s.get(Dossier, a_id)
        assert d is not None
        assert d.note == "ghi chú 2"


def test_shadow_then_fold_in_when_local_mutations_are_acknowledged(
    store: Store, engine: Engine, up: FakeUpstream
) -> None:
    a_id, a_code = receive(store)
    assert engine.run_cycle().ok
    transition(store, a_code, State.IN_PROCESS, actor="canbo", clock=fixed_clock)
    # the district changed it meanwhile; the local edit is still pending
    up.add_change(SCOPE, "dossier", a_id, upstream_doc(store, a_id, note="từ huyện"))
    up.offline = False
    from sync.pull import PullStats, pull_scope

    pull_scope(engine.client, store, engine.applier, SCOPE, engine.clock, PullStats())
    with store.read() as s:
        assert s.get(SyncShadow, ("dossier", a_id)) is not None
        d = s.get(Dossier, a_id)
        assert d is not None
        assert d.state == "in_process"
        assert d.note == ""
    assert engine.run_cycle().ok  # push acknowledges the transition -> fold in
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(SyncShadow)) == 0
        d = s.get(Dossier, a_id)
        assert d is not None
        assert d.note == "từ huyện"
        assert d.server_version is not None


def test_reset_required_redownloads_and_keeps_the_outbox(
    store: Store, engine: Engine, up: FakeUpstream
) -> None:
    a_id, _ = receive(store)
    assert engine.run_cycle().ok
    up.add_change(SCOPE, "dossier", a_id, upstream_doc(store, a_id, note="một"))
    assert engine.run_cycle().ok
    receive(store, "Người mới")  # pending
    up.strict_seq = True
    up.epoch = "E2"  # server restored from a backup
    up.offline = True
    before = [(x.mutation_id, x.state) for x in outbox(store)]
    up.offline = False
    up.inject.append(("/v1/sync/push", 503, {"error": "x"}))  # push fails this time
    assert engine.run_cycle().outcome == "transient"
    assert [(x.mutation_id, x.state) for x in outbox(store)][:1] == before[:1]
    r = engine.run_cycle()
    assert r.ok
    assert r.pull.resets == [SCOPE, wire.GLOBAL_SCOPE]
    with store.read() as s:
        cur = s.get(SyncCursor, SCOPE)
        assert cur is not None
        assert cur.cursor.startswith("E2.")
        assert s.scalars(select(SyncLog).where(SyncLog.event == "reset_required")).first()
    assert len(outbox(store)) == 2


# --- blobs --------------------------------------------------------------------------------------


def test_blob_upload_resumes_from_the_servers_offset(
    store: Store, data_dir: Path, engine: Engine, up: FakeUpstream
) -> None:
    content = bytes(range(256)) * 2600  # 665,600 bytes: 3 chunks
    sha = queue_blob(store, data_dir, content)
    up.partial[sha] = bytearray(content[: wire.CHUNK_SIZE])  # an earlier run sent one chunk
    r = engine.run_cycle()
    assert r.ok
    assert r.blobs.uploaded == 1
    assert up.blobs[sha] == content
    assert up.chunk_ranges[0].startswith(f"bytes {wire.CHUNK_SIZE}-")
    assert r.blobs.bytes_up == len(content) - wire.CHUNK_SIZE
    with store.read() as s:
        b = s.get(Blob, sha)
        assert b is not None
        assert b.up_state == "done"


def test_blob_upload_follows_a_409_offset(
    store: Store, data_dir: Path, engine: Engine, up: FakeUpstream
) -> None:
    content = b"x" * (wire.CHUNK_SIZE + 10)
    sha = queue_blob(store, data_dir, content)
    with store.write.begin() as s:
        b = s.get(Blob, sha)
        assert b is not None
        b.up_offset, b.up_state = 0, "partial"
    up.inject.append(("/v1/blobs/check", 200, {"have": [], "partial": {}}))
    up.partial[sha] = bytearray(content[: wire.CHUNK_SIZE])  # check "lied": 409 corrects it
    r = engine.run_cycle()
    assert r.ok
    assert up.blobs[sha] == content


def test_blob_download_resumes_with_range_and_verifies(
    store: Store, data_dir: Path, engine: Engine, up: FakeUpstream
) -> None:
    a_id, _ = receive(store)
    assert engine.run_cycle().ok
    content = b"ket qua " * 70000
    sha = hashlib.sha256(content).hexdigest()
    up.blobs[sha] = content
    doc = upstream_doc(store, a_id, state="result_ready")
    doc["attachments"] = [result_attachment("att-1", content, "ketqua.pdf")]
    up.add_change(SCOPE, "dossier", a_id, doc)
    part = data_dir / "blobs" / "partial" / f"{sha}.part"
    part.parent.mkdir(parents=True, exist_ok=True)
    part.write_bytes(content[:1000])  # an interrupted earlier download
    r = engine.run_cycle()
    assert r.ok
    assert r.blobs.downloaded == 1
    assert r.blobs.bytes_down == len(content) - 1000
    assert (data_dir / relative_path(sha)).read_bytes() == content
    assert not part.exists()
    with store.read() as s:
        assert s.get(Attachment, "att-1") is not None
