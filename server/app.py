"""The HTTP API of sync/wire.py: health, enrolment, tokens, push, pull, blobs.

``create_app(settings)`` builds a self-contained FastAPI application (engine, migrations, blob
store). Bodies are parsed by hand, not by Pydantic models: the wire contract is the TypedDicts
of sync/wire.py, and any malformed body must be a 400 ``malformed`` (never a 422 or a 500).
Every JSON response carries ``server_time``.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import anyio
import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response, StreamingResponse
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from server import auth
from server.blobstore import BadRange, DiskBlobStore, HashMismatch, OffsetConflict, is_sha256
from server.common import ApiError, crash_point, dumps, iso, utc_now
from server.db import get_epoch, make_engine, make_session_factory, migrate
from server.feed import read_page, scope_last_seq
from server.middleware import SyncMiddleware
from server.models import Blob, Device, Dossier, ExpectedBlob, ScopeCounter
from server.push import check_item, push_batch
from server.settings import ServerSettings
from sync.wire import (
    CHUNK_SIZE,
    GLOBAL_SCOPE,
    HEADER_APP_VERSION,
    HEADER_CHUNK_SHA256,
    MAX_BATCH,
    MAX_BATCH_BYTES,
    PULL_LIMIT,
    SERVICE_MARKER,
    SUPPORTED_PROTOCOLS,
    commune_scope,
    make_cursor,
    parse_cursor,
)

HEADER_CLOCK_OFFSET = "X-Clock-Offset-Ms"  # optional: the desk's measured offset (§3.10)
# A verified token is trusted without a database round trip for at most this long; then the
# device row is read again (revocation, last_seen). Push re-checks revocation on the device row
# it locks for every new mutation and pull on the row it reads, so this bound only matters for
# replays and blob requests.
AUTH_RECHECK_S = 10.0
AUTH_CACHE_MAX = 10_000
T = TypeVar("T")
_RANGE_RE = re.compile(r"bytes (\d+)-(\d+)/(\d+)")


def json_response(body: dict[str, Any], status: int = 200) -> Response:
    data = dumps({**body, "server_time": iso(utc_now())}).encode("utf-8")
    return Response(data, status_code=status, media_type="application/json")


def error_response(exc: ApiError) -> Response:
    return json_response({"error": exc.code, "detail": exc.detail, **exc.extra}, exc.status)


@dataclass(frozen=True)
class Caller:
    """The authenticated device of a request (a snapshot, not a live ORM object)."""

    device_id: str
    agency: str
    device_no: int


@dataclass(frozen=True)
class _Verified:
    """A token already verified (signature, expiry) and checked against its device row."""

    caller: Caller
    expires_at: float  # the token's ``exp`` (Unix time)
    checked_at: float  # time.monotonic() of the last device-row check
    app_version: str
    offset_text: str


class TokenCache:
    """Verified bearer token -> caller, for at most ``recheck_s`` and never past ``exp``.

    A changed ``X-App-Version`` or ``X-Clock-Offset-Ms`` misses, so those are recorded at once.
    Per process (``serve --workers N``: one each); nothing here is needed for correctness.
    """

    def __init__(self, recheck_s: float = AUTH_RECHECK_S, max_entries: int = AUTH_CACHE_MAX):
        self.recheck_s = recheck_s
        self.max_entries = max_entries
        self._entries: dict[str, _Verified] = {}
        self._lock = threading.Lock()

    def get(self, token: str, app_version: str, offset_text: str) -> Caller | None:
        entry = self._entries.get(token)
        if (
            entry is None
            or entry.expires_at <= time.time()
            or time.monotonic() - entry.checked_at >= self.recheck_s
            or entry.app_version != app_version
            or entry.offset_text != offset_text
        ):
            return None
        return entry.caller

    def put(
        self, token: str, caller: Caller, expires_at: float, app_version: str, offset_text: str
    ) -> None:
        entry = _Verified(caller, expires_at, time.monotonic(), app_version, offset_text)
        with self._lock:
            if len(self._entries) >= self.max_entries:
                now = time.time()
                self._entries = {k: v for k, v in self._entries.items() if v.expires_at > now}
                if len(self._entries) >= self.max_entries:
                    self._entries.clear()
            self._entries[token] = entry

    def forget(self, device_id: str) -> None:
        with self._lock:
            self._entries = {
                k: v for k, v in self._entries.items() if v.caller.device_id != device_id
            }


class Server:
    """The application's state: settings, sessions and the blob store."""

    def __init__(self, settings: ServerSettings, engine: Engine) -> None:
        self.settings = settings
        self.engine = engine
        self.factory: sessionmaker[Session] = make_session_factory(engine)
        self.store = DiskBlobStore(settings.data_dir)
        self.tokens = TokenCache()
        # Pushes get their own small pool (settings.push_threads); other work keeps anyio's.
        self.push_limiter = anyio.CapacityLimiter(settings.push_threads)

    async def db(self, fn: Callable[[Session], T]) -> T:
        """Run ``fn`` in one transaction on a worker thread."""

        def work() -> T:
            with self.factory.begin() as session:
                return fn(session)

        return await run_in_threadpool(work)

    async def authenticate(self, request: Request) -> Caller:
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise ApiError(401, "token_invalid", "Authorization: thiếu Bearer token")
        token = token.strip()
        app_version = request.headers.get(HEADER_APP_VERSION, "")[:40]
        offset_text = request.headers.get(HEADER_CLOCK_OFFSET, "")
        cached = self.tokens.get(token, app_version, offset_text)
        if cached is not None:
            return cached
        claims = auth.decode_token(token, self.settings.jwt_secret)

        def check(session: Session) -> Caller:
            device = session.get(Device, str(claims["sub"]))
            if device is None or device.revoked:
                raise ApiError(403, "device_revoked", "Máy đã bị thu hồi hoặc chưa đăng ký.")
            device.last_seen = utc_now()
            if app_version:
                device.app_version = app_version
            if offset_text.lstrip("-").isdigit():
                device.clock_offset_ms = int(offset_text)
            return Caller(device.id, device.agency, device.device_no)

        try:
            caller = await self.db(check)
        except ApiError:
            self.tokens.forget(str(claims["sub"]))
            raise
        self.tokens.put(token, caller, float(claims["exp"]), app_version, offset_text)
        return caller


async def _json_body(request: Request, limit: int | None = None) -> dict[str, Any]:
    raw = await request.body()
    if limit is not None and len(raw) > limit:
        raise ApiError(413, "too_large", f"Thân yêu cầu {len(raw)} byte > {limit}")
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApiError(400, "malformed", f"JSON: {exc}") from None
    if not isinstance(body, dict):
        raise ApiError(400, "malformed", "JSON: phải là đối tượng")
    return body


def _str_field(body: dict[str, Any], key: str) -> str:
    value = body.get(key)
    if not isinstance(value, str) or not value:
        raise ApiError(400, "malformed", f"{key}: bắt buộc, kiểu chuỗi")
    return value


def create_app(
    settings: ServerSettings, *, engine: Engine | None = None, recover_blobs: bool = True
) -> FastAPI:
    """A ready server: migrates the database, recovers partial blob uploads.

    ``recover_blobs=False`` for the workers of ``serve --workers N``: the parent recovers once
    before they start (a worker restarted later must not cut another worker's upload short).
    """
    engine = engine or make_engine(settings.db_url)
    migrate(engine)
    srv = Server(settings, engine)
    if recover_blobs:
        srv.store.recover()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        engine.dispose()

    app = FastAPI(title="Xã-sync upstream", version="1", lifespan=lifespan)
    app.state.server = srv
    app.add_middleware(SyncMiddleware, max_body_bytes=settings.max_body_bytes)

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> Response:
        return error_response(exc)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> Response:
        return error_response(ApiError(400, "malformed", str(exc.errors())[:500]))

    @app.exception_handler(Exception)
    async def _internal(_request: Request, exc: Exception) -> Response:
        # Still a JSON body with server_time: the desk treats a 5xx as transient and retries.
        return error_response(ApiError(500, "internal", type(exc).__name__))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> Response:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return error_response(ApiError(exc.status_code, code, str(exc.detail)))

    # -- control plane ------------------------------------------------------------------------

    @app.get("/v1/health")
    async def health() -> Response:
        epoch = await srv.db(get_epoch)
        return json_response(
            {"service": SERVICE_MARKER, "epoch": epoch, "protocol": list(SUPPORTED_PROTOCOLS)}
        )

    @app.post("/v1/devices/enroll")
    async def enroll(request: Request) -> Response:
        body = await _json_body(request)
        code = _str_field(body, "code")
        public_key = _str_field(body, "public_key")
        hostname: str = body["hostname"] if isinstance(body.get("hostname"), str) else ""
        version: str = body["app_version"] if isinstance(body.get("app_version"), str) else ""

        def work(session: Session) -> dict[str, Any]:
            device = auth.enroll(session, code, public_key, hostname, version)
            return {
                "device_id": device.id,
                "device_no": device.device_no,
                "agency_code": device.agency,
                "scope": commune_scope(device.agency),
                "epoch": get_epoch(session),
            }

        return json_response(await srv.db(work))

    @app.post("/v1/auth/nonce")
    async def nonce(request: Request) -> Response:
        device_id = _str_field(await _json_body(request), "device_id")

        def work(session: Session) -> dict[str, Any]:
            n = auth.issue_nonce(session, device_id, settings.nonce_ttl_s)
            return {"nonce": n.value, "expires_at": iso(n.expires_at)}

        return json_response(await srv.db(work))

    @app.post("/v1/auth/token")
    async def token(request: Request) -> Response:
        body = await _json_body(request)
        device_id = _str_field(body, "device_id")
        nonce_value = _str_field(body, "nonce")
        signature = _str_field(body, "signature")

        def work(session: Session) -> dict[str, Any] | ApiError:
            outcome = auth.verify_nonce(session, device_id, nonce_value, signature)
            if isinstance(outcome, ApiError):
                return outcome  # committed: the nonce is spent
            outcome.last_seen = utc_now()
            tok, expires = auth.make_token(outcome, settings.jwt_secret, settings.token_ttl_s)
            return {"token": tok, "expires_at": iso(expires)}

        result = await srv.db(work)
        if isinstance(result, ApiError):
            raise result
        return json_response(result)

    # -- push / pull --------------------------------------------------------------------------

    @app.post("/v1/sync/push")
    async def push(request: Request) -> Response:
        caller = await srv.authenticate(request)
        body = await _json_body(request, MAX_BATCH_BYTES)
        if body.get("device_id") != caller.device_id:
            raise ApiError(403, "forbidden_scope", "device_id: khác máy của token")
        batch = body.get("batch")
        if not isinstance(batch, list):
            raise ApiError(400, "malformed", "batch: phải là danh sách")
        if len(batch) > MAX_BATCH:
            raise ApiError(413, "too_large", f"batch: tối đa {MAX_BATCH} thao tác")
        items = [check_item(item, i) for i, item in enumerate(batch)]
        scope = commune_scope(caller.agency)
        try:
            outcome = await anyio.to_thread.run_sync(
                functools.partial(
                    push_batch,
                    srv.engine,
                    caller.device_id,
                    items,
                    require_blobs_for_forward=settings.require_blobs_for_forward,
                    crash_hook=crash_point,
                    scope=scope,
                ),
                limiter=srv.push_limiter,
            )
        except ApiError as exc:
            if exc.code == "device_revoked":
                srv.tokens.forget(caller.device_id)
            raise
        results = ",".join(outcome.results)
        now = dumps(iso(utc_now()))
        if outcome.gap_expected is not None:
            detail = dumps(f"device_seq phải là {outcome.gap_expected}")
            text = (
                f'{{"error":"seq_gap","detail":{detail},"expected":{outcome.gap_expected},'
                f'"results":[{results}],"server_time":{now}}}'
            )
            return Response(text.encode("utf-8"), 409, media_type="application/json")
        hint = outcome.cursor_hint  # read in the batch's last mutation transaction
        if hint is None:  # an empty batch
            hint = await srv.db(lambda s: scope_last_seq(s, scope))
        # The stored results are spliced in byte for byte: a replay answers identically
        # (only server_time and cursor_hint, which follow them, may differ).
        text = f'{{"results":[{results}],"server_time":{now},"cursor_hint":{hint}}}'
        return Response(text.encode("utf-8"), 200, media_type="application/json")

    @app.get("/v1/sync/pull")
    async def pull(request: Request) -> Response:
        caller = await srv.authenticate(request)
        scope = request.query_params.get("scope", "")
        cursor = request.query_params.get("cursor", "")
        limit_text = request.query_params.get("limit", str(PULL_LIMIT))
        if not limit_text.isdigit() or not 1 <= int(limit_text) <= PULL_LIMIT:
            raise ApiError(400, "malformed", f"limit: 1..{PULL_LIMIT}")
        limit = int(limit_text)
        own = commune_scope(caller.agency)
        if scope not in (own, GLOBAL_SCOPE):
            raise ApiError(403, "forbidden_scope", f"scope: chỉ được đọc {own} và global")
        try:
            cursor_epoch, after = parse_cursor(cursor)
        except ValueError:
            raise ApiError(400, "malformed", "cursor: không hợp lệ") from None

        def work(session: Session) -> dict[str, Any] | ApiError:
            epoch = get_epoch(session)
            counter = session.get(ScopeCounter, scope)
            last, floor = (counter.last_seq, counter.min_seq) if counter else (0, 0)
            device = session.get(Device, caller.device_id)
            if device is None or device.revoked:
                return ApiError(403, "device_revoked", "Máy đã bị thu hồi hoặc chưa đăng ký.")
            gone = ApiError(
                410,
                "reset_required",
                "Cần tải lại toàn bộ dữ liệu; hàng đợi gửi được giữ nguyên.",
                server_epoch=epoch,
            )
            if scope in device.reset_scopes:
                if cursor:
                    return gone
                device.reset_scopes = [s for s in device.reset_scopes if s != scope]
                if not device.reset_scopes:
                    device.reset_token = None
            if cursor and (cursor_epoch != epoch or after < floor or after > last):
                return gone
            changes, has_more = read_page(session, scope, after, limit)
            next_seq = changes[-1]["seq"] if changes else after
            if scope == own:
                device.pulled_seq = after
            return {
                "changes": changes,
                "next_cursor": make_cursor(epoch, next_seq),
                "has_more": has_more,
                "server_epoch": epoch,
            }

        result = await srv.db(work)
        if isinstance(result, ApiError):
            if result.code == "device_revoked":
                srv.tokens.forget(caller.device_id)
            raise result
        return json_response(result)

    # -- blobs --------------------------------------------------------------------------------

    @app.post("/v1/blobs/check")
    async def blobs_check(request: Request) -> Response:
        await srv.authenticate(request)
        wanted = (await _json_body(request)).get("sha256")
        if not isinstance(wanted, list) or not all(
            isinstance(s, str) and is_sha256(s) for s in wanted
        ):
            raise ApiError(400, "malformed", "sha256: danh sách mã SHA-256 (hex thường)")
        if len(wanted) > 1000:
            raise ApiError(413, "too_large", "sha256: tối đa 1000")

        def work() -> dict[str, Any]:
            have = [s for s in wanted if srv.store.size(s) is not None]
            partial: dict[str, int] = {}
            for s in wanted:
                offset = srv.store.partial_offset(s)
                if offset is not None and s not in have:
                    partial[s] = offset
            return {"have": have, "partial": partial}

        return json_response(await run_in_threadpool(work))

    @app.put("/v1/blobs/{sha256}")
    async def blob_put(sha256: str, request: Request) -> Response:
        await srv.authenticate(request)
        if not is_sha256(sha256):
            raise ApiError(400, "malformed", "sha256: phải là SHA-256 dạng hex thường")
        match = _RANGE_RE.fullmatch(request.headers.get("content-range", "").strip())
        if match is None:
            raise ApiError(400, "malformed", "Content-Range: bytes N-M/TOTAL")
        start, end, total = (int(g) for g in match.groups())
        data = await request.body()
        if len(data) > CHUNK_SIZE:
            raise ApiError(413, "too_large", f"chunk: tối đa {CHUNK_SIZE} byte")
        if end < start or end - start + 1 != len(data) or end >= total:
            raise ApiError(400, "malformed", "Content-Range: không khớp độ dài thân")
        chunk_sha = request.headers.get(HEADER_CHUNK_SHA256, "").strip().lower()
        if not chunk_sha:
            raise ApiError(400, "malformed", f"{HEADER_CHUNK_SHA256}: bắt buộc")
        if hashlib.sha256(data).hexdigest() != chunk_sha:
            raise ApiError(
                422,
                "hash_mismatch",
                "Khối dữ liệu hỏng trên đường truyền; gửi lại khối.",
                chunk=True,
            )

        def work() -> tuple[int, bool]:
            result = srv.store.append(sha256, start, total, data)
            return result.offset, result.complete

        try:
            offset, complete = await run_in_threadpool(work)
        except OffsetConflict as exc:
            raise ApiError(409, "offset", "Sai vị trí khối.", offset=exc.offset) from None
        except HashMismatch:
            raise ApiError(
                422, "hash_mismatch", "Tệp ghép lại không khớp SHA-256; đã hủy, gửi lại từ đầu."
            ) from None
        except BadRange as exc:
            raise ApiError(400, "malformed", f"Content-Range: {exc}") from None
        if not complete:
            return json_response({"offset": offset})

        def record(session: Session) -> None:
            if session.get(Blob, sha256) is None:
                session.add(Blob(sha256=sha256, size=offset, complete=True, created_at=utc_now()))

        await srv.db(record)
        return json_response({"sha256": sha256, "size": offset}, 201)

    @app.get("/v1/blobs/{sha256}")
    async def blob_get(sha256: str, request: Request) -> Response:
        caller = await srv.authenticate(request)
        if not is_sha256(sha256):
            raise ApiError(400, "malformed", "sha256: phải là SHA-256 dạng hex thường")

        def allowed(session: Session) -> bool:
            ref = session.scalars(
                select(ExpectedBlob.sha256)
                .join(Dossier, Dossier.id == ExpectedBlob.dossier_id)
                .where(ExpectedBlob.sha256 == sha256, Dossier.agency == caller.agency)
                .limit(1)
            ).first()
            return ref is not None

        size = srv.store.size(sha256)
        if size is None or not await srv.db(allowed):
            raise ApiError(404, "not_found", "Không có tệp này cho đơn vị của máy.")
        start, end = 0, size - 1
        status = 200
        headers = {"Accept-Ranges": "bytes"}
        wanted = request.headers.get("range")
        if wanted:
            parsed = _parse_range(wanted, size)
            if parsed is None:
                headers["Content-Range"] = f"bytes */{size}"
                return Response(b"", 416, headers=headers)
            start, end = parsed
            status = 206
            headers["Content-Range"] = f"bytes {start}-{end}/{size}"
        headers["Content-Length"] = str(end - start + 1)
        return StreamingResponse(
            srv.store.read(sha256, start, end),
            status_code=status,
            headers=headers,
            media_type="application/octet-stream",
        )

    return app


def _parse_range(header: str, size: int) -> tuple[int, int] | None:
    """One ``bytes=a-b`` / ``bytes=a-`` / ``bytes=-n`` range, clipped; None if unsatisfiable."""
    match = re.fullmatch(r"\s*bytes=(\d*)-(\d*)\s*", header)
    if match is None or (not match.group(1) and not match.group(2)):
        return None
    first, last = match.groups()
    if not first:
        n = int(last)
        if n == 0:
            return None
        return max(0, size - n), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or end < start:
        return None
    return start, end
