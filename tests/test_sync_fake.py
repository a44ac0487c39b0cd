"""An in-memory upstream that speaks sync/wire.py, as a Transport (no HTTP, no server/).

Used by the sync unit tests to script exact answers (409, 410, 413, 400, portals, partial
blobs). The real server is exercised end to end in test_sync_e2e.py.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from sync import wire
from sync.transport import Headers, Response, TransportError

AGENCY = "000.17.22.H56"


def _resp(status: int, body: Any = None, headers: Mapping[str, str] | None = None) -> Response:
    raw = b"" if body is None else json.dumps(body).encode()
    h = {"Content-Type": "application/json", **(headers or {})}
    return Response(status, Headers(h), raw)


@dataclass
class FakeUpstream:
    epoch: str = "E1"
    clock_skew: timedelta = timedelta(0)
    strict_seq: bool = True
    portal: bool = False  # answer everything with a 200 HTML page
    offline: bool = False
    reject: Callable[[dict[str, Any]], wire.Conflict | None] = lambda m: None
    max_batch: int | None = None  # 413 above this
    bad_mutations: set[str] = field(default_factory=set)  # 400 when in a batch
    inject: list[tuple[str, int, Any]] = field(default_factory=list)  # (path prefix, status, body)
    bytes_up: int = 0
    bytes_down: int = 0
    # state
    devices: dict[str, dict[str, Any]] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    nonces: dict[str, str] = field(default_factory=dict)
    applied: dict[str, wire.MutationResult] = field(default_factory=dict)
    versions: dict[str, int] = field(default_factory=dict)
    pushed: list[dict[str, Any]] = field(default_factory=list)
    feeds: dict[str, list[wire.Change]] = field(default_factory=dict)
    blobs: dict[str, bytes] = field(default_factory=dict)
    partial: dict[str, bytearray] = field(default_factory=dict)
    requests: list[tuple[str, str]] = field(default_factory=list)
    chunk_ranges: list[str] = field(default_factory=list)
    resets: int = 0

    # --- helpers for tests ----------------------------------------------------------------------

    def now(self) -> datetime:
        return datetime.now(UTC) + self.clock_skew

    def add_change(
        self, scope: str, entity_type: str, entity_id: str, data: dict[str, Any], op: str = "upsert"
    ) -> None:
        feed = self.feeds.setdefault(scope, [])
        version = self.versions.get(entity_id, 0) + 1
        self.versions[entity_id] = version
        feed.append(
            {
                "seq": len(feed) + 1,
                "entity_type": entity_type,
                "entity_id": entity_id,
                "version": version,
                "op": op,  # type: ignore[typeddict-item]
                "data": data,
            }
        )

    # --- Transport ------------------------------------------------------------------------------

    def reset(self) -> None:
        self.resets += 1

    def close(self) -> None:
        pass

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        data: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, str | int] | None = None,
        timeout: tuple[float, float] = (15, 60),
    ) -> Response:
        self.requests.append((method, path))
        self.bytes_up += len(data or b"") + len(str(json or ""))
        if self.offline:
            raise TransportError("ConnectionError: refused")
        if self.portal:
            return Response(200, Headers({"Content-Type": "text/html"}), b"<html>Login</html>")
        for i, (prefix, status, body) in enumerate(self.inject):
            if path.startswith(prefix):
                del self.inject[i]
                return _resp(status, body)
        h = {k.lower(): v for k, v in (headers or {}).items()}
        if h.get("x-sync-protocol") != "1":
            return _resp(426, {"error": "protocol_unsupported", "detail": "x"})
        r = self._route(method, path, json, data, h, dict(params or {}))
        self.bytes_down += len(r.body)
        return r

    def _auth(self, h: dict[str, str]) -> str | None:
        token = h.get("authorization", "").removeprefix("Bearer ")
        return self.tokens.get(token)

    def _route(
        self,
        method: str,
        path: str,
        body: Any,
        data: bytes | None,
        h: dict[str, str],
        params: dict[str, Any],
    ) -> Response:
        st = self.now().isoformat()
        if path == "/v1/health":
            return _resp(
                200,
                {
                    "service": wire.SERVICE_MARKER,
                    "epoch": self.epoch,
                    "server_time": st,
                    "protocol": [1, 1],
                },
            )
        if path == "/v1/devices/enroll":
            if body["code"] != "GOOD":
                return _resp(403, {"error": "enroll_code_invalid", "detail": "mã sai"})
            device_id = f"dev-{len(self.devices) + 1}"
            self.devices[device_id] = {
                "public_key": body["public_key"],
                "last_seq": 0,
                "revoked": False,
                "no": len(self.devices) + 1,
            }
            return _resp(
                200,
                {
                    "device_id": device_id,
                    "device_no": self.devices[device_id]["no"],
                    "agency_code": AGENCY,
                    "scope": wire.commune_scope(AGENCY),
                    "epoch": self.epoch,
                    "server_time": st,
                },
            )
        if path == "/v1/auth/nonce":
            nonce = f"n{len(self.nonces)}"
            self.nonces[nonce] = body["device_id"]
            return _resp(200, {"nonce": nonce, "expires_at": st})
        if path == "/v1/auth/token":
            dev = self.devices[body["device_id"]]
            key = serialization.load_pem_public_key(dev["public_key"].encode())
            assert isinstance(key, Ed25519PublicKey)
            key.verify(base64.b64decode(body["signature"]), body["nonce"].encode())
            token = f"t{len(self.tokens)}"
            self.tokens[token] = body["device_id"]
            exp = (self.now() + timedelta(hours=1)).isoformat()
            return _resp(200, {"token": token, "expires_at": exp, "server_time": st})
        device_id = self._auth(h)
        if device_id is None:
            return _resp(401, {"error": "token_invalid", "detail": ""})
        dev = self.devices[device_id]
        if dev["revoked"]:
            return _resp(403, {"error": "device_revoked", "detail": "thu hồi"})
        if path == "/v1/sync/push":
            return self._push(dev, body, st)
        if path == "/v1/sync/pull":
            return self._pull(params, st)
        if path == "/v1/blobs/check":
            have = [s for s in body["sha256"] if s in self.blobs]
            part = {s: len(self.partial[s]) for s in body["sha256"] if s in self.partial}
            return _resp(200, {"have": have, "partial": part, "server_time": st})
        if path.startswith("/v1/blobs/") and method == "PUT":
            return self._put_chunk(path.rsplit("/", 1)[1], data or b"", h)
        if path.startswith("/v1/blobs/") and method == "GET":
            sha = path.rsplit("/", 1)[1]
            blob = self.blobs.get(sha)
            if blob is None:
                return _resp(404, {"error": "not_found"})
            rng = h.get("range", "")
            if rng.startswith("bytes="):
                a, _, b = rng[6:].partition("-")
                start, end = int(a), int(b) if b else len(blob) - 1
                return Response(
                    206,
                    Headers({"Content-Range": f"bytes {start}-{end}/{len(blob)}"}),
                    blob[start : end + 1],
                )
            return Response(200, Headers({}), blob)
        return _resp(404, {"error": "not_found"})

    def _push(self, dev: dict[str, Any], body: Any, st: str) -> Response:
        batch = body["batch"]
        if self.max_batch is not None and len(batch) > self.max_batch:
            return _resp(413, {"error": "too_large", "detail": ""})
        if any(m["mutation_id"] in self.bad_mutations for m in batch):
            return _resp(400, {"error": "malformed", "detail": "bad payload"})
        results: list[wire.MutationResult] = []
        for m in batch:
            mid = m["mutation_id"]
            if mid in self.applied:
                results.append(self.applied[mid])
                continue
            if self.strict_seq and m["device_seq"] != dev["last_seq"] + 1:
                if not results:
                    return _resp(409, {"error": "seq_gap", "expected": dev["last_seq"] + 1})
                break
            dev["last_seq"] = max(dev["last_seq"], m["device_seq"])
            self.pushed.append(m)
            conflict = self.reject(m)
            eid = m["entity_id"]
            if conflict is None:
                self.versions[eid] = self.versions.get(eid, 0) + 1
                res: wire.MutationResult = {
                    "mutation_id": mid,
                    "status": "applied",
                    "version": self.versions[eid],
                }
            else:
                res = {
                    "mutation_id": mid,
                    "status": "rejected",
                    "version": self.versions.get(eid),
                    "conflict": conflict,
                }
            self.applied[mid] = res
            results.append(res)
        return _resp(200, {"results": results, "server_time": st, "cursor_hint": 0})

    def _pull(self, params: dict[str, Any], st: str) -> Response:
        scope = str(params["scope"])
        cursor = str(params.get("cursor", ""))
        epoch, seq = wire.parse_cursor(cursor)
        if cursor and epoch != self.epoch:
            return _resp(410, {"error": "reset_required", "detail": "epoch"})
        feed = self.feeds.get(scope, [])
        limit = int(params.get("limit", 500))
        page = [c for c in feed if c["seq"] > seq][:limit]
        last = page[-1]["seq"] if page else seq
        return _resp(
            200,
            {
                "changes": page,
                "next_cursor": wire.make_cursor(self.epoch, last),
                "has_more": last < (feed[-1]["seq"] if feed else 0),
                "server_time": st,
                "server_epoch": self.epoch,
            },
        )

    def _put_chunk(self, sha: str, chunk: bytes, h: dict[str, str]) -> Response:
        rng = h["content-range"]
        self.chunk_ranges.append(rng)
        span, _, total_s = rng.removeprefix("bytes ").partition("/")
        start = int(span.split("-")[0])
        total = int(total_s)
        assert hashlib.sha256(chunk).hexdigest() == h["x-chunk-sha256"]
        buf = self.partial.setdefault(sha, bytearray())
        if start != len(buf):
            return _resp(409, {"error": "offset", "offset": len(buf)})
        buf.extend(chunk)
        if len(buf) < total:
            return _resp(200, {"offset": len(buf)})
        del self.partial[sha]
        if hashlib.sha256(bytes(buf)).hexdigest() != sha:
            return _resp(422, {"error": "hash_mismatch"})
        self.blobs[sha] = bytes(buf)
        return _resp(201, {"sha256": sha, "size": total})
