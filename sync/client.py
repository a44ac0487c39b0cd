"""Authenticated calls to the upstream: protocol headers, bearer token, status classification.

Every call goes through :meth:`ApiClient.call`, which turns the transport's outcome into either
a :class:`~sync.transport.Response` the caller must interpret (2xx, 400, 409, 410, 413, 422) or
one of the typed errors of :mod:`sync.errors` (offline, captive portal, 5xx, 429, 426, revoked).
A 401 refreshes the token once (nonce -> signature -> JWT) and retries the call once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.engine import Store
from db.models import DeviceIdentity
from sync import wire
from sync.backoff import parse_retry_after
from sync.clock import WallClock, parse_time, utc_now
from sync.errors import (
    CaptivePortal,
    DeviceRevoked,
    NotEnrolled,
    Offline,
    ProtocolError,
    Transient,
    UpdateRequired,
)
from sync.keys import sign_nonce
from sync.transport import DEFAULT_TIMEOUT, Response, Transport, TransportError
from sync.writer import Writer, inline_writer

TOKEN_MARGIN = timedelta(seconds=60)  # refresh a token this long before it expires


@dataclass(frozen=True)
class Identity:
    """This device as enrolled (a copy of the ``device_identity`` row)."""

    device_id: str
    device_no: int
    agency_code: str
    upstream_url: str
    label: str
    private_key: str
    token: str
    token_expires_at: datetime | None
    revoked: bool

    @property
    def commune_scope(self) -> str:
        return wire.commune_scope(self.agency_code)


def load_identity(store: Store) -> Identity:
    with store.read() as session:
        row = session.scalars(select(DeviceIdentity).where(DeviceIdentity.id == 1)).first()
        if row is None:
            raise NotEnrolled("thiết bị chưa được đăng ký với máy chủ (chạy motcua enroll)")
        return Identity(
            row.device_id,
            row.device_no,
            row.agency_code,
            row.upstream_url,
            row.label,
            row.private_key,
            row.token,
            row.token_expires_at,
            row.revoked,
        )


def error_code(resp: Response) -> str:
    body = resp.json_object()
    value = body.get("error") if body else None
    return value if isinstance(value, str) else ""


def error_detail(resp: Response) -> str:
    body = resp.json_object()
    if body is None:
        return resp.text[:200]
    return str(body.get("detail") or body.get("error") or "")[:500]


class ApiClient:
    """The engine's view of the upstream. Not thread-safe: one per engine (one worker thread)."""

    def __init__(
        self,
        store: Store,
        transport: Transport,
        *,
        app_version: str,
        clock: WallClock = utc_now,
        writer: Writer | None = None,
    ) -> None:
        self.store = store
        self.transport = transport
        self.app_version = app_version
        self.clock = clock
        self.writer: Writer = writer or inline_writer(store)
        self._identity: Identity | None = None

    # --- identity and token ------------------------------------------------------------------

    @property
    def identity(self) -> Identity:
        if self._identity is None:
            self._identity = load_identity(self.store)
        return self._identity

    def reload_identity(self) -> Identity:
        self._identity = None
        return self.identity

    def base_headers(self) -> dict[str, str]:
        return {
            wire.HEADER_PROTOCOL: str(wire.PROTOCOL_VERSION),
            wire.HEADER_APP_VERSION: self.app_version,
        }

    def _token_valid(self) -> bool:
        ident = self.identity
        if not ident.token or ident.token_expires_at is None:
            return False
        return ident.token_expires_at - TOKEN_MARGIN > self.clock()

    def refresh_token(self) -> str:
        """Ask for a nonce, sign it, trade it for a JWT; store the token in the identity row."""
        ident = self.identity
        resp = self._send("POST", "/v1/auth/nonce", json={"device_id": ident.device_id})
        self._check_common(resp)
        nonce_body = resp.json_object()
        if resp.status != 200 or not nonce_body or not isinstance(nonce_body.get("nonce"), str):
            raise ProtocolError(f"nonce: HTTP {resp.status} {error_detail(resp)}")
        nonce = str(nonce_body["nonce"])
        req: wire.TokenRequest = {
            "device_id": ident.device_id,
            "nonce": nonce,
            "signature": sign_nonce(ident.private_key, nonce),
        }
        resp = self._send("POST", "/v1/auth/token", json=req)
        self._check_common(resp)
        body = resp.json_object()
        if resp.status != 200 or not body or not isinstance(body.get("token"), str):
            raise ProtocolError(f"token: HTTP {resp.status} {error_detail(resp)}")
        token = str(body["token"])
        expires = parse_time(str(body["expires_at"])) if body.get("expires_at") else None
        if expires is None:
            expires = self.clock() + timedelta(seconds=wire.TOKEN_TTL_S)

        def store_token(session: Session) -> None:
            row = session.get(DeviceIdentity, 1)
            if row is not None:
                row.token, row.token_expires_at = token, expires

        self.writer(store_token)
        self._identity = None
        return token

    def mark_revoked(self) -> None:
        def revoke(session: Session) -> None:
            row = session.get(DeviceIdentity, 1)
            if row is not None:
                row.revoked = True

        self.writer(revoke)
        self._identity = None

    # --- calls --------------------------------------------------------------------------------

    def _send(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        data: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, str | int] | None = None,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
    ) -> Response:
        all_headers = self.base_headers()
        all_headers.update(headers or {})
        try:
            return self.transport.request(
                method,
                path,
                json=json,
                data=data,
                headers=all_headers,
                params=params,
                timeout=timeout,
            )
        except TransportError as exc:
            raise Offline(str(exc)) from exc

    def _check_common(self, resp: Response) -> None:
        """Raise for the statuses every call treats alike."""
        status = resp.status
        if 300 <= status < 400:
            raise CaptivePortal(f"HTTP {status} chuyển hướng (cổng đăng nhập mạng?)")
        if status == 426:
            raise UpdateRequired(error_detail(resp) or "cần cập nhật phần mềm")
        if status == 403 and error_code(resp) == "device_revoked":
            self.mark_revoked()
            raise DeviceRevoked(error_detail(resp) or "thiết bị đã bị thu hồi")
        if status == 429 or status >= 500:
            raise Transient(
                f"HTTP {status} {error_detail(resp)}".strip(),
                retry_after=parse_retry_after(resp.headers.get_ci("Retry-After")),
            )

    def call(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        data: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, str | int] | None = None,
        auth: bool = True,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
    ) -> Response:
        """One call, with the token and one refresh on 401. Non-common statuses are returned."""
        for attempt in (0, 1):
            extra = dict(headers or {})
            if auth:
                if self.identity.revoked:
                    raise DeviceRevoked("thiết bị đã bị thu hồi")
                if attempt == 1 or not self._token_valid():
                    self.refresh_token()
                extra["Authorization"] = f"Bearer {self.identity.token}"
            resp = self._send(
                method, path, json=json, data=data, headers=extra, params=params, timeout=timeout
            )
            if resp.status == 401 and auth and attempt == 0:
                continue
            self._check_common(resp)
            if resp.status == 401:
                raise Transient(f"HTTP 401 {error_detail(resp)}".strip())
            return resp
        raise AssertionError("unreachable")  # pragma: no cover
