"""The admin CLI, run in-process through server.cli.main against a live in-process server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from server.cli import main
from sync.wire import GLOBAL_SCOPE
from tests.server.helpers import AGENCY_A, Desk, Harness, public_pem

CATALOGUE = Path(__file__).resolve().parents[2] / "resources" / "catalogue" / "procedures.json"


def run(h: Harness, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    rc = main([*args, "--db", h.settings.db_url, "--data-dir", str(h.settings.data_dir)])
    captured = capsys.readouterr()
    return rc, captured.out, captured.err


def test_agency_enroll_devices_revoke(harness: Harness, capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, _ = run(
        harness, capsys, "agency", "add", "--code", "000.99.01.H56", "--name", "Xã Mới"
    )
    assert rc == 0
    assert "000.99.01.H56" in out
    rc, _, err = run(harness, capsys, "agency", "add", "--code", "000.99.01.H56", "--name", "x")
    assert rc == 2
    assert err.startswith("Lỗi: code:")
    assert err.count("\n") == 1
    rc, out, _ = run(harness, capsys, "enroll", "--agency-code", AGENCY_A, "--label", "PC 1")
    assert rc == 0
    code = out.strip()
    key = Ed25519PrivateKey.generate()
    r = harness.client.post(
        "/v1/devices/enroll",
        json={"code": code, "public_key": public_pem(key), "hostname": "h", "app_version": "9"},
    )
    assert r.status_code == 200, r.text
    device_id = r.json()["device_id"]
    rc, out, _ = run(harness, capsys, "devices", "--json")
    (row,) = json.loads(out)
    assert row["id"] == device_id
    assert row["label"] == "PC 1"
    assert row["device_no"] == 1
    assert row["app_version"] == "9"
    assert row["revoked"] is False
    rc, out, _ = run(harness, capsys, "devices")
    assert device_id in out
    rc, _, err = run(harness, capsys, "enroll", "--agency-code", "nope", "--label", "x")
    assert rc == 2
    assert "agency-code" in err
    rc, out, _ = run(harness, capsys, "revoke", device_id[:8])
    assert rc == 0
    r = harness.client.post("/v1/auth/nonce", json={"device_id": device_id})
    assert r.status_code == 403
    rc, _, err = run(harness, capsys, "revoke", "zzz")
    assert rc == 2
    assert err.startswith("Lỗi: device:")


def _forwarded(harness: Harness) -> tuple[Desk, str, str]:
    desk = harness.enroll()
    create = desk.create()
    dossier = create["entity_id"]
    r = desk.push([create, desk.transition(dossier, "received", "forwarded")])
    assert [x["status"] for x in r.json()["results"]] == ["applied", "applied"]
    return desk, dossier, create["payload"]["code"]


def test_mark_processed_adds_the_result(
    harness: Harness, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    desk, dossier, code = _forwarded(harness)
    result = tmp_path / "ket-qua.pdf"
    result.write_bytes(b"%PDF-1.4 giay khai sinh")
    rc, out, err = run(
        harness, capsys, "mark-processed", code, "--result", str(result), "--note", "Đã ký"
    )
    assert rc == 0, err
    assert "result_ready" in out
    doc = desk.pull_all()[0][-1]["data"]
    assert doc["state"] == "result_ready"
    (att,) = doc["attachments"]
    assert att["role"] == "result"
    assert att["document_id"] is None
    assert att["mime"] == "application/pdf"
    event = doc["events"][-1]
    assert (event["kind"], event["from_state"], event["to_state"], event["reason"]) == (
        "district",
        "forwarded",
        "result_ready",
        "Đã ký",
    )
    r = desk.client.get(f"/v1/blobs/{att['sha256']}", headers=desk.headers())
    assert r.content == b"%PDF-1.4 giay khai sinh"
    # The district acts only on forwarded dossiers.
    rc, _, err = run(harness, capsys, "mark-processed", code, "--result", str(result))
    assert rc == 2
    assert err.startswith("Lỗi: code:")
    # The commune then hands the result over.
    r = desk.push([desk.transition(dossier, "result_ready", "returned")])
    assert r.json()["results"][0]["status"] == "applied"


def test_request_supplement_and_missing_arguments(
    harness: Harness, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    desk, _, code = _forwarded(harness)
    rc, _, err = run(harness, capsys, "request-supplement", code, "--reason", " ")
    assert rc == 2
    assert err.startswith("Lỗi: reason:")
    rc, _, _ = run(harness, capsys, "request-supplement", code, "--reason", "Thiếu bản sao")
    assert rc == 0
    doc = desk.pull_all()[0][-1]["data"]
    assert (doc["state"], doc["supplement_count"]) == ("supplement_requested", 1)
    assert doc["paused_at"] is not None
    rc, _, err = run(harness, capsys, "mark-processed", "NOPE", "--result", str(tmp_path / "x"))
    assert rc == 2
    assert err.startswith("Lỗi: result:")


def test_publish_catalogue_calendar_and_create_online(
    harness: Harness, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    desk = harness.enroll()
    rc, out, err = run(harness, capsys, "publish-catalogue", str(CATALOGUE))
    assert rc == 0, err
    version = json.loads(CATALOGUE.read_text(encoding="utf-8"))["catalog_version"]
    bad = tmp_path / "bad.json"
    bad.write_text('{"catalog_version": "x"}', encoding="utf-8")
    rc, _, err = run(harness, capsys, "publish-catalogue", str(bad))
    assert rc == 2
    assert err.startswith("Lỗi: ")
    rc, _, _ = run(
        harness, capsys, "publish-calendar", "--day", "2026-12-31", "--holiday", "--name", "Nghỉ"
    )
    assert rc == 0
    rc, _, err = run(harness, capsys, "publish-calendar", "--day", "31/12", "--working")
    assert rc == 2
    assert err.startswith("Lỗi: day:")
    changes, _ = desk.pull_all(GLOBAL_SCOPE)
    assert [(c["entity_type"], c["entity_id"]) for c in changes] == [
        ("catalogue", version),
        ("calendar_day", "2026-12-31"),
    ]
    assert changes[0]["data"]["catalog_version"] == version
    rc, out, err = run(
        harness,
        capsys,
        "create-online",
        "--agency-code",
        AGENCY_A,
        "--procedure",
        f"1.001193@{version}",
        "--name",
        "Trần Thị Bình",
        "--id-number",
        "001199000001",
        "--alias",
        "G22.99-261125-0001",
    )
    assert rc == 0, err
    code, dossier_id = out.split()
    assert code.startswith(f"{AGENCY_A}-")
    assert code.endswith("-0001")
    doc = desk.pull_all()[0][-1]["data"]
    assert doc["code"] == code
    assert doc["state"] == "online_submitted"
    assert doc["channel"] == "online"
    assert doc["device_no"] == 0
    assert doc["aliases"] == [{"system": "dvcqg", "code": "G22.99-261125-0001"}]
    assert doc["documents"]
    assert doc["documents"][0]["code"] == "TP01"
    rc, out, _ = run(
        harness,
        capsys,
        "create-online",
        "--agency-code",
        AGENCY_A,
        "--procedure",
        f"1.001193@{version}",
        "--name",
        "Lê C",
        "--id-number",
        "001",
    )
    assert out.split()[0].endswith("-0002")
    rc, _, err = run(
        harness,
        capsys,
        "create-online",
        "--agency-code",
        AGENCY_A,
        "--procedure",
        "1.001193",
        "--name",
        "x",
        "--id-number",
        "1",
    )
    assert rc == 2
    assert err.startswith("Lỗi: procedure:")
    # The commune receives the online dossier.
    r = desk.push([desk.transition(dossier_id, "online_submitted", "received")])
    assert r.json()["results"][0]["status"] == "applied"


def test_new_epoch_and_force_repull(harness: Harness, capsys: pytest.CaptureFixture[str]) -> None:
    desk = harness.enroll()
    desk.push([desk.create()])
    _, cursor = desk.pull_all()
    rc, _, _ = run(harness, capsys, "force-repull", desk.device_id)
    assert rc == 0
    assert desk.pull(cursor=cursor).status_code == 410
    _, cursor = desk.pull_all()
    rc, out, _ = run(harness, capsys, "new-epoch")
    assert rc == 0
    assert desk.pull(cursor=cursor).status_code == 410
    health = harness.client.get("/v1/health").json()
    assert health["epoch"] in out


def test_init_db_and_gc(harness: Harness, capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, _ = run(harness, capsys, "init-db")
    assert rc == 0
    assert "Cơ sở dữ liệu đã sẵn sàng" in out
    rc, out, _ = run(harness, capsys, "gc-partials", "--max-age-hours", "1")
    assert rc == 0
    assert out.startswith("Đã xóa 0 ")


def test_serve_refuses_bad_pool_sizes_naming_the_option(
    harness: Harness, capsys: pytest.CaptureFixture[str]
) -> None:
    rc, _, err = run(harness, capsys, "serve", "--push-threads", "0")
    assert rc == 2
    assert err.startswith("Lỗi: --push-threads:")
    rc, _, err = run(harness, capsys, "serve", "--workers", "0")
    assert rc == 2
    assert err.startswith("Lỗi: --workers:")
