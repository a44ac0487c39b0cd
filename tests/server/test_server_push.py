"""Push: idempotency, seq gaps, per-mutation transactions, state conflicts, isolation, gzip."""

from __future__ import annotations

import gzip
import json
from typing import Any

from tests.server.helpers import AGENCY_B, Harness, new_id


def snapshot(h: Harness) -> dict[str, list[Any]]:
    tables = ("applied_mutation", "dossier", "change_log", "scope_counter", "expected_blob")
    out = {t: sorted(map(repr, h.sql(f"SELECT * FROM {t}"))) for t in tables}
    out["device"] = sorted(map(repr, h.sql("SELECT id, last_seq FROM device")))
    return out


def results_bytes(body: bytes) -> bytes:
    """The part of a push response before server_time (results in stored bytes)."""
    head, sep, _ = body.partition(b',"server_time"')
    assert sep
    return head


def test_create_then_pull_shows_the_full_dossier(harness: Harness) -> None:
    desk = harness.enroll()
    m = desk.create()
    r = desk.push([m])
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["results"] == [{"mutation_id": m["mutation_id"], "status": "applied", "version": 1}]
    assert body["cursor_hint"] == 1
    assert "server_time" in body
    changes, _ = desk.pull_all()
    assert [c["seq"] for c in changes] == [1]
    doc = changes[0]["data"]
    assert changes[0]["entity_type"] == "dossier"
    assert changes[0]["entity_id"] == m["entity_id"] == doc["id"]
    assert doc["code"] == m["payload"]["code"]
    assert doc["state"] == "received"
    assert doc["version"] == 1
    assert doc["applicant"]["name"] == "Nguyễn Văn An"
    assert doc["documents"][0]["position"] == 0
    assert doc["events"][0]["id"] == m["payload"]["event_id"]  # the desk's event id is kept
    assert doc["events"][0]["kind"] == "received"


def test_replay_ten_times_gives_identical_bytes_and_no_change(harness: Harness) -> None:
    desk = harness.enroll()
    create = desk.create()
    batch = [create, desk.transition(create["entity_id"], "received", "forwarded")]
    batch.append(desk.transition(create["entity_id"], "received", "refused", "Thiếu giấy tờ"))
    first = desk.push(batch)
    assert first.status_code == 200
    assert [r["status"] for r in first.json()["results"]] == ["applied", "applied", "rejected"]
    before = snapshot(harness)
    for _ in range(10):
        again = desk.push(batch)
        assert again.status_code == 200
        assert results_bytes(again.content) == results_bytes(first.content)
        assert again.json()["cursor_hint"] == first.json()["cursor_hint"]
    assert snapshot(harness) == before


def test_seq_gap_is_409_with_expected(harness: Harness) -> None:
    desk = harness.enroll()
    m = desk.create()
    m["device_seq"] = 3
    r = desk.push([m])
    assert r.status_code == 409
    body = r.json()
    assert body["error"] == "seq_gap"
    assert body["expected"] == 1
    assert body["results"] == []
    assert harness.sql("SELECT count(*) FROM applied_mutation")[0][0] == 0


def test_seq_gap_in_mid_batch_keeps_the_committed_prefix(harness: Harness) -> None:
    desk = harness.enroll()
    a, b = desk.create(), desk.create()
    b["device_seq"] = 5
    r = desk.push([a, b])
    assert r.status_code == 409
    assert r.json()["expected"] == 2
    assert [x["mutation_id"] for x in r.json()["results"]] == [a["mutation_id"]]
    b["device_seq"] = 2  # the client resends from "expected"; the first item replays
    r = desk.push([a, b])
    assert r.status_code == 200
    assert [x["status"] for x in r.json()["results"]] == ["applied", "applied"]


def test_a_rejected_item_between_two_good_ones(harness: Harness) -> None:
    desk = harness.enroll()
    first = desk.create()
    bad = desk.transition(new_id(), "received", "forwarded")  # unknown dossier
    third = desk.create()
    r = desk.push([first, bad, third])
    assert r.status_code == 200
    results = r.json()["results"]
    assert [x["status"] for x in results] == ["applied", "rejected", "applied"]
    assert results[1]["conflict"]["kind"] == "unknown_entity"
    assert harness.sql("SELECT count(*) FROM dossier")[0][0] == 2
    assert harness.sql("SELECT last_seq FROM device")[0][0] == 3
    changes, _ = desk.pull_all()
    assert [c["seq"] for c in changes] == [1, 2]


def test_invalid_payload_is_rejected_not_blocking(harness: Harness) -> None:
    desk = harness.enroll()
    broken = desk.create(received_at="yesterday")
    unknown_op = desk.mutation("dossier.delete", new_id(), {})
    good = desk.create()
    r = desk.push([broken, unknown_op, good])
    kinds = [(x["status"], (x.get("conflict") or {}).get("kind")) for x in r.json()["results"]]
    assert kinds == [("rejected", "validation"), ("rejected", "validation"), ("applied", None)]
    assert "received_at" in r.json()["results"][0]["conflict"]["detail"]


def test_two_devices_conflict_and_noop(harness: Harness) -> None:
    pc1, pc2 = harness.enroll(label="PC 1"), harness.enroll(label="PC 2")
    create = pc1.create()
    assert pc1.push([create]).json()["results"][0]["status"] == "applied"
    dossier = create["entity_id"]
    # PC 1 forwards; PC 2, offline, refuses the same dossier.
    assert pc1.push([pc1.transition(dossier, "received", "forwarded")]).status_code == 200
    refuse = pc2.push([pc2.transition(dossier, "received", "refused", "Không đủ điều kiện")])
    (result,) = refuse.json()["results"]
    assert result["status"] == "rejected"
    conflict = result["conflict"]
    assert conflict["kind"] == "state"
    assert conflict["server_state"]["state"] == "forwarded"
    assert conflict["server_state"]["version"] == 2
    assert "Đã chuyển cơ quan giải quyết" in conflict["detail"]
    # PC 2 forwards too: the same target already reached, not a conflict.
    forward = pc2.push([pc2.transition(dossier, "received", "forwarded")])
    (result,) = forward.json()["results"]
    assert result == {"mutation_id": result["mutation_id"], "status": "applied_noop", "version": 2}
    changes, _ = pc2.pull_all()
    # create, forward, and the refusal re-publishing the unchanged dossier for PC 2 to converge
    assert [c["version"] for c in changes] == [1, 2, 2]
    assert changes[1]["data"] == changes[2]["data"]
    events = changes[-1]["data"]["events"]
    assert [e["kind"] for e in events] == ["received", "transition"]


def test_validation_uses_the_current_server_state(harness: Harness) -> None:
    desk = harness.enroll()
    create = desk.create()
    dossier = create["entity_id"]
    desk.push([create, desk.transition(dossier, "received", "supplement_requested", "Thiếu")])
    # A second supplement request is forbidden (once only) even from a stale "received".
    again = desk.push([desk.transition(dossier, "received", "supplement_requested", "Lại")])
    (result,) = again.json()["results"]
    assert result["status"] == "rejected"
    assert result["conflict"]["kind"] == "state"
    resume = desk.transition(dossier, "supplement_requested", "supplement_received")
    resume["payload"]["due_at"] = "2026-11-27T17:00:00+07:00"
    assert desk.push([resume]).json()["results"][0]["status"] == "applied"
    changes, _ = desk.pull_all()
    doc = changes[-1]["data"]
    assert doc["state"] == "supplement_received"
    assert doc["supplement_count"] == 1
    assert doc["paused_at"] is None
    assert doc["due_at"] == "2026-11-27T17:00:00+07:00"


def test_extension_once_and_noop_for_the_same_date(harness: Harness) -> None:
    pc1, pc2 = harness.enroll(), harness.enroll()
    create = pc1.create()
    dossier = create["entity_id"]
    pc1.push([create])

    def extend(desk: Any, due: str) -> dict[str, Any]:
        payload = {
            "due_before": "2026-11-25T17:00:00+07:00",
            "due_at": due,
            "reason": "Cần xác minh",
            "event_id": new_id(),
        }
        m: dict[str, Any] = desk.mutation("dossier.extend", dossier, payload)
        return m

    first = pc1.push([extend(pc1, "2026-11-30T17:00:00+07:00")]).json()["results"][0]
    assert first["status"] == "applied"
    same = pc2.push([extend(pc2, "2026-11-30T17:00:00+07:00")]).json()["results"][0]
    assert same["status"] == "applied_noop"
    other = pc2.push([extend(pc2, "2026-12-02T17:00:00+07:00")]).json()["results"][0]
    assert other["status"] == "rejected"
    assert other["conflict"]["kind"] == "state"


def test_dossier_code_uniqueness(harness: Harness) -> None:
    pc1, pc2 = harness.enroll(), harness.enroll()
    a = pc1.create()
    pc1.push([a])
    clash = pc2.create(code=a["payload"]["code"])
    (result,) = pc2.push([clash]).json()["results"]
    assert result["status"] == "rejected"
    assert result["conflict"]["kind"] == "code"
    # The same dossier id created again (a new mutation id): a no-op, not a duplicate.
    again = pc1.create(id=a["entity_id"], code=a["payload"]["code"])
    assert pc1.push([again]).json()["results"][0]["status"] == "applied_noop"
    assert harness.sql("SELECT count(*) FROM dossier")[0][0] == 1


def test_cross_commune_isolation(harness: Harness) -> None:
    a = harness.enroll()
    b = harness.enroll(agency=AGENCY_B)
    create = a.create()
    a.push([create])
    dossier = create["entity_id"]
    # b cannot read a's scope ...
    r = b.pull(scope=a.scope)
    assert r.status_code == 403
    assert r.json()["error"] == "forbidden_scope"
    assert b.pull_all()[0] == []
    # ... cannot write a's dossier (it does not exist for b) ...
    (result,) = b.push([b.transition(dossier, "received", "refused", "x")]).json()["results"]
    assert result["status"] == "rejected"
    assert result["conflict"]["kind"] == "unknown_entity"
    assert result["conflict"]["server_state"] == {}
    # ... cannot create a dossier with a's code or a's dossier id ...
    stolen = b.create(code=create["payload"]["code"])
    (result,) = b.push([stolen]).json()["results"]
    assert result["conflict"]["kind"] == "owner"
    same_id = b.create(id=dossier, code=f"{AGENCY_B}-261125-1001")
    (result,) = b.push([same_id]).json()["results"]
    assert result["conflict"]["kind"] == "owner"
    # ... and cannot push as another device.
    r = b.client.post(
        "/v1/sync/push", json={"device_id": a.device_id, "batch": []}, headers=b.headers()
    )
    assert r.status_code == 403
    doc = a.pull_all()[0][-1]["data"]
    assert doc["state"] == "received"
    assert doc["version"] == 1


def test_gzip_request_body(harness: Harness) -> None:
    desk = harness.enroll()
    r = desk.push([desk.create()], gzip_body=True)
    assert r.status_code == 200, r.text
    assert r.json()["results"][0]["status"] == "applied"
    bad = desk.client.post(
        "/v1/sync/push",
        content=b"not gzip",
        headers={**desk.headers(), "Content-Encoding": "gzip"},
    )
    assert bad.status_code == 400
    assert bad.json()["error"] == "malformed"
    assert "server_time" in bad.json()
    truncated = gzip.compress(b'{"device_id": "x", "batch": []}')[:-6]
    r = desk.client.post(
        "/v1/sync/push",
        content=truncated,
        headers={**desk.headers(), "Content-Encoding": "gzip"},
    )
    assert r.status_code == 400


def test_malformed_json_is_400(harness: Harness) -> None:
    desk = harness.enroll()
    for body in (b"{", b"[]", json.dumps({"device_id": desk.device_id}).encode()):
        r = desk.client.post("/v1/sync/push", content=body, headers=desk.headers())
        assert r.status_code == 400, body
        assert r.json()["error"] == "malformed"
    item = desk.create()
    del item["mutation_id"]
    r = desk.push([item])
    assert r.status_code == 400
    assert "mutation_id" in r.json()["detail"]


def test_too_many_mutations_is_413(harness: Harness) -> None:
    desk = harness.enroll()
    r = desk.push([desk.mutation("dossier.extend", new_id(), {}) for _ in range(51)])
    assert r.status_code == 413
    assert r.json()["error"] == "too_large"


def test_attachment_add_is_a_set_union_and_records_expected_blobs(harness: Harness) -> None:
    desk = harness.enroll()
    create = desk.create()
    dossier = create["entity_id"]
    line = create["payload"]["documents"][0]["id"]
    sha = "ab" * 32
    att = {
        "id": new_id(),
        "document_id": line,
        "role": "component",
        "sha256": sha,
        "size": 1234,
        "mime": "application/pdf",
        "file_name": "x.pdf",
        "pages": 2,
        "profile": "text",
        "reused_from": None,
    }
    ref = [{"sha256": sha, "size": 1234, "mime": "application/pdf", "role": "component"}]
    add = desk.mutation("attachment.add", dossier, att, blob_refs=ref)
    add_again = desk.mutation("attachment.add", dossier, att, blob_refs=ref)
    r = desk.push([create, add, add_again])
    assert [x["status"] for x in r.json()["results"]] == ["applied", "applied", "applied_noop"]
    doc = desk.pull_all()[0][-1]["data"]
    assert [a["id"] for a in doc["attachments"]] == [att["id"]]
    assert doc["documents"][0]["digitised"] is True
    assert harness.sql("SELECT dossier_id, sha256 FROM expected_blob") == [(dossier, sha)]
    # Forwarding waits for the scans (sync-protocol.md §3.7).
    (fwd,) = desk.push([desk.transition(dossier, "received", "forwarded")]).json()["results"]
    assert fwd["status"] == "rejected"
    assert fwd["conflict"]["kind"] == "blob_missing"


def test_attachment_add_in_the_desk_shape_with_supersedes(harness: Harness) -> None:
    """The payload app/attachments.py queues: attachment_id + blob_refs (+ supersedes)."""
    desk = harness.enroll()
    create = desk.create()
    dossier = create["entity_id"]
    line = create["payload"]["documents"][0]["id"]

    def add(sha: str, supersedes: list[str] | None = None) -> tuple[str, dict[str, Any]]:
        att_id = new_id()
        payload: dict[str, Any] = {
            "attachment_id": att_id,
            "document_id": line,
            "document_code": "TP01",
            "role": "component",
            "file_name": "HS_TP01_1.pdf",
            "pages": 3,
            "profile": "text",
            "reused_from": None,
        }
        if supersedes:
            payload["supersedes"] = supersedes
        ref = [{"sha256": sha, "size": 99, "mime": "application/pdf", "role": "component"}]
        return att_id, desk.mutation("attachment.add", dossier, payload, blob_refs=ref)

    first_id, first = add("cd" * 32)
    second_id, second = add("ef" * 32, supersedes=[first_id])
    r = desk.push([create, first, second])
    assert [x["status"] for x in r.json()["results"]] == ["applied", "applied", "applied"]
    doc = desk.pull_all()[0][-1]["data"]
    (att,) = doc["attachments"]
    assert (att["id"], att["sha256"], att["size"], att["pages"]) == (second_id, "ef" * 32, 99, 3)
    assert [a["id"] for a in doc["superseded_attachments"]] == [first_id]
    assert doc["superseded_attachments"][0]["superseded_by"] == second_id
    assert sorted(r[0] for r in harness.sql("SELECT sha256 FROM expected_blob")) == [
        "cd" * 32,
        "ef" * 32,
    ]
