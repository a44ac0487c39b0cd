"""Health, enrolment (one-time, 24 h) and tokens (signature, expiry, revocation)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from server import admin, auth
from server.models import Enrolment
from sync.wire import SERVICE_MARKER, parse_cursor
from tests.server.helpers import AGENCY_A, JWT_SECRET, Harness, public_pem, sign


def _enroll(h: Harness, code: str, key: Ed25519PrivateKey | None = None) -> object:
    key = key or Ed25519PrivateKey.generate()
    return h.client.post(
        "/v1/devices/enroll",
        json={"code": code, "public_key": public_pem(key), "hostname": "pc", "app_version": "1"},
    )


def test_health_has_marker_epoch_and_time(harness: Harness) -> None:
    r = harness.client.get("/v1/health")
    assert r.status_code == 200
    body = r.json()
    assert body["service"] == SERVICE_MARKER
    assert body["protocol"] == [1, 1]
    assert body["epoch"]
    assert datetime.fromisoformat(body["server_time"]).tzinfo is not None


def test_enrolment_is_single_use_and_numbers_devices(harness: Harness) -> None:
    code = harness.enrolment_code(AGENCY_A, "PC 1")
    first = _enroll(harness, code)
    assert first.status_code == 200, first.text  # type: ignore[attr-defined]
    body = first.json()  # type: ignore[attr-defined]
    assert body["device_no"] == 1
    assert body["agency_code"] == AGENCY_A
    assert body["scope"] == f"commune:{AGENCY_A}"
    assert "server_time" in body
    again = _enroll(harness, code)
    assert again.status_code == 403  # type: ignore[attr-defined]
    assert again.json()["error"] == "enroll_code_invalid"  # type: ignore[attr-defined]
    second = _enroll(harness, harness.enrolment_code(AGENCY_A, "PC 2"))
    assert second.json()["device_no"] == 2  # type: ignore[attr-defined]


def test_a_retry_with_the_same_key_gets_the_same_device(harness: Harness) -> None:
    """The answer to an enrolment can be lost after the server committed: the PC retries with
    the same code and the same key and gets the device it was given; nobody else can."""
    code = harness.enrolment_code(AGENCY_A, "PC 1")
    key = Ed25519PrivateKey.generate()
    first = _enroll(harness, code, key).json()  # type: ignore[attr-defined]
    retry = _enroll(harness, code, key).json()  # type: ignore[attr-defined]
    assert (retry["device_id"], retry["device_no"]) == (first["device_id"], first["device_no"])
    stranger = _enroll(harness, code)
    assert stranger.status_code == 403  # type: ignore[attr-defined]
    assert [r[0] for r in harness.sql("SELECT count(*) FROM device")] == [1]


def test_enrolment_code_is_hashed_at_rest(harness: Harness) -> None:
    code = harness.enrolment_code(AGENCY_A)
    stored = [row[0] for row in harness.sql("SELECT code_hash FROM enrolment")]
    assert stored == [auth.hash_code(code)]
    assert code.replace("-", "") not in stored[0]


def test_expired_enrolment_code_is_refused(harness: Harness) -> None:
    code = harness.enrolment_code(AGENCY_A)
    with harness.factory.begin() as session:
        row = session.get(Enrolment, auth.hash_code(code))
        assert row is not None
        row.expires_at = datetime.now(UTC) - timedelta(seconds=1)
    r = _enroll(harness, code)
    assert r.status_code == 403  # type: ignore[attr-defined]
    assert r.json()["error"] == "enroll_code_invalid"  # type: ignore[attr-defined]


def test_unknown_code_and_bad_key_are_refused(harness: Harness) -> None:
    assert _enroll(harness, "AAAA-BBBB-CCCC").status_code == 403  # type: ignore[attr-defined]
    r = harness.client.post(
        "/v1/devices/enroll",
        json={"code": harness.enrolment_code(AGENCY_A), "public_key": "nope", "hostname": ""},
    )
    assert r.status_code == 400
    assert r.json()["error"] == "malformed"


def test_token_requires_a_valid_signature_over_a_fresh_nonce(harness: Harness) -> None:
    desk = harness.enroll()
    nonce = harness.client.post("/v1/auth/nonce", json={"device_id": desk.device_id}).json()[
        "nonce"
    ]
    other = Ed25519PrivateKey.generate()
    bad = harness.client.post(
        "/v1/auth/token",
        json={"device_id": desk.device_id, "nonce": nonce, "signature": sign(other, nonce)},
    )
    assert bad.status_code == 401
    assert bad.json()["error"] == "token_invalid"
    # The nonce was spent by the failed attempt: even the right signature is refused now.
    replay = harness.client.post(
        "/v1/auth/token",
        json={"device_id": desk.device_id, "nonce": nonce, "signature": sign(desk.key, nonce)},
    )
    assert replay.status_code == 401
    desk.login()
    claims = jwt.decode(desk.token, JWT_SECRET, algorithms=["HS256"])
    assert claims["sub"] == desk.device_id
    assert claims["agency"] == AGENCY_A
    assert claims["exp"] - claims["iat"] == 3600


def test_bad_and_expired_tokens_get_401(harness: Harness) -> None:
    desk = harness.enroll()
    assert desk.pull().status_code == 200
    desk.token = jwt.encode(
        {"sub": desk.device_id, "exp": int(datetime.now(UTC).timestamp()) - 10},
        JWT_SECRET,
        algorithm="HS256",
    )
    r = desk.pull()
    assert r.status_code == 401
    assert r.json()["error"] == "token_invalid"
    desk.token = jwt.encode(
        {"sub": desk.device_id, "exp": int(datetime.now(UTC).timestamp()) + 60},
        JWT_SECRET + "x",
        algorithm="HS256",
    )
    assert desk.pull().status_code == 401
    desk.token = ""
    assert desk.pull().status_code == 401


def test_revoked_device_gets_403_everywhere(harness: Harness) -> None:
    desk = harness.enroll()
    with harness.factory.begin() as session:
        admin.revoke(session, desk.device_id)
    for r in (desk.pull(), desk.push([desk.create()])):
        assert r.status_code == 403
        assert r.json()["error"] == "device_revoked"
    r = harness.client.post("/v1/auth/nonce", json={"device_id": desk.device_id})
    assert r.status_code == 403
    assert r.json()["error"] == "device_revoked"


def test_protocol_outside_range_gets_426(harness: Harness) -> None:
    desk = harness.enroll()
    for value in ("2", "0", "x"):
        r = harness.client.get(
            "/v1/sync/pull",
            params={"scope": desk.scope},
            headers={**desk.headers(), "X-Sync-Protocol": value},
        )
        assert r.status_code == 426
        assert r.json()["error"] == "protocol_unsupported"
        assert "server_time" in r.json()
    assert desk.pull().status_code == 200


def test_clock_offset_and_app_version_are_recorded(harness: Harness) -> None:
    desk = harness.enroll()
    r = harness.client.get(
        "/v1/sync/pull",
        params={"scope": desk.scope},
        headers={**desk.headers(), "X-Clock-Offset-Ms": "-4200", "X-App-Version": "0.2.0"},
    )
    assert r.status_code == 200
    with harness.factory() as session:
        (health,) = admin.device_health(session)
    assert health.clock_offset_ms == -4200
    assert health.app_version == "0.2.0"
    assert health.last_seen is not None
    assert parse_cursor(r.json()["next_cursor"])[1] == 0
