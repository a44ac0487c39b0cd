"""Guards for the push fast path: the verified-token cache and the cursor hint read in the
mutation transaction must not weaken revocation, replay bytes or last_seen (docs/server.md)."""

from __future__ import annotations

from typing import Any

from server import admin
from server.app import TokenCache
from tests.server.helpers import Harness


def _results_bytes(body: bytes) -> bytes:
    head, sep, _ = body.partition(b',"server_time"')
    assert sep
    return head


def _cache(h: Harness) -> TokenCache:
    cache: TokenCache = h.client.app.state.server.tokens  # type: ignore[attr-defined]
    return cache


def _revoke(h: Harness, device_id: str) -> None:
    with h.factory.begin() as session:
        admin.revoke(session, device_id)


def test_replay_after_a_cache_hit_returns_the_stored_bytes(harness: Harness) -> None:
    desk = harness.enroll()
    create = desk.create()
    batch = [create, desk.transition(create["entity_id"], "received", "in_process")]
    first = desk.push(batch)
    assert first.status_code == 200
    assert _cache(harness).get(desk.token, "0.1.0", "") is not None  # the next push hits it
    stored = [r[0] for r in harness.sql("SELECT result_json FROM applied_mutation")]
    for _ in range(3):
        again = desk.push(batch)
        assert again.status_code == 200
        assert _results_bytes(again.content) == _results_bytes(first.content)
        assert again.json()["cursor_hint"] == first.json()["cursor_hint"]
    assert sorted(r[0] for r in harness.sql("SELECT result_json FROM applied_mutation")) == sorted(
        stored
    )


def test_cursor_hint_is_the_scope_last_seq(harness: Harness) -> None:
    desk = harness.enroll()
    other = harness.enroll(label="PC 2")
    for d in (desk, other, desk):
        r = d.push([d.create()])
        assert r.status_code == 200
        (last,) = harness.sql("SELECT last_seq FROM scope_counter WHERE scope = :s", s=desk.scope)[
            0
        ]
        assert r.json()["cursor_hint"] == last
    r = desk.push([])
    assert r.status_code == 200
    assert r.json()["cursor_hint"] == 3


def test_revoked_device_is_refused_at_once_for_new_mutations_and_pulls(harness: Harness) -> None:
    desk = harness.enroll()
    assert desk.push([desk.create()]).status_code == 200
    assert _cache(harness).get(desk.token, "0.1.0", "") is not None
    _revoke(harness, desk.device_id)  # another process (the admin CLI): no cache invalidation
    r = desk.push([desk.create()])
    assert r.status_code == 403
    assert r.json()["error"] == "device_revoked"
    assert _cache(harness).get(desk.token, "0.1.0", "") is None  # forgotten
    r = desk.pull()
    assert r.status_code == 403
    assert r.json()["error"] == "device_revoked"


def test_revoked_device_is_refused_everywhere_within_the_bound(harness: Harness) -> None:
    desk = harness.enroll()
    first = desk.create()
    assert desk.push([first]).status_code == 200
    cache = _cache(harness)
    _revoke(harness, desk.device_id)
    cache.recheck_s = 0.0  # the bound has passed
    r = desk.push([first])  # a replay reads no device row of its own
    assert r.status_code == 403
    assert r.json()["error"] == "device_revoked"
    r = harness.client.post("/v1/blobs/check", json={"sha256": []}, headers=desk.headers())
    assert r.status_code == 403


def test_cache_misses_on_new_app_version_and_records_it(harness: Harness) -> None:
    desk = harness.enroll()
    assert desk.push([desk.create()]).status_code == 200
    headers: dict[str, Any] = {**desk.headers(), "X-App-Version": "0.2.0"}
    r = harness.client.get(
        "/v1/sync/pull", params={"scope": desk.scope, "cursor": ""}, headers=headers
    )
    assert r.status_code == 200
    rows = harness.sql("SELECT app_version FROM device WHERE id = :d", d=desk.device_id)
    assert rows[0][0] == "0.2.0"


def test_push_records_last_seen_on_a_cache_hit(harness: Harness) -> None:
    desk = harness.enroll()
    assert desk.push([desk.create()]).status_code == 200
    (before,) = harness.sql("SELECT last_seen FROM device WHERE id = :d", d=desk.device_id)[0]
    assert desk.push([desk.create()]).status_code == 200
    (after,) = harness.sql("SELECT last_seen FROM device WHERE id = :d", d=desk.device_id)[0]
    assert after > before


def test_token_cache_never_outlives_the_token() -> None:
    from server.app import Caller

    cache = TokenCache(recheck_s=60)
    caller = Caller("d", "a", 1)
    cache.put("t", caller, expires_at=0.0, app_version="v", offset_text="")
    assert cache.get("t", "v", "") is None  # exp in the past
    cache.put("t", caller, expires_at=4e9, app_version="v", offset_text="")
    assert cache.get("t", "v", "") == caller
    assert cache.get("t", "v", "5") is None
    cache.forget("d")
    assert cache.get("t", "v", "") is None
