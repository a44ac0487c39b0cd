"""HTTP transport for the sync engine: one keep-alive session, explicit timeouts, byte counters.

The engine talks to a :class:`Transport`; :class:`HttpTransport` is the real one (``requests``).
A test transport only has to implement :meth:`Transport.request` (and ``reset``/``close``) and
return a :class:`Response`; :func:`encode_json` gives it the same gzip body the real one sends.
Network-level failures are raised as :class:`TransportError`, never as ``requests`` exceptions.
"""

from __future__ import annotations

import gzip
import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

DEFAULT_TIMEOUT = (15.0, 60.0)  # (connect, read) seconds: sync-protocol.md §3.8
GZIP_MIN_BYTES = 256  # below this gzip costs more than it saves


class TransportError(Exception):
    """The request did not produce an HTTP response (refused, reset, timeout, DNS, TLS)."""


class Headers(dict[str, str]):
    """Response headers with case-insensitive lookup (keys stored lower-case)."""

    def __init__(self, items: Mapping[str, str] | None = None) -> None:
        super().__init__()
        for k, v in (items or {}).items():
            self[k.lower()] = v

    def get_ci(self, key: str, default: str | None = None) -> str | None:
        return self.get(key.lower(), default)


@dataclass
class Response:
    """What the engine needs of an HTTP response."""

    status: int
    headers: Headers
    body: bytes

    def json(self) -> Any:
        """The body as JSON; raises ValueError when it is not JSON (e.g. a portal's HTML)."""
        return json.loads(self.body.decode("utf-8"))

    def json_object(self) -> dict[str, Any] | None:
        """The body as a JSON object, or None when it is anything else."""
        try:
            data = self.json()
        except (ValueError, UnicodeDecodeError):
            return None
        return data if isinstance(data, dict) else None

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class Transport(Protocol):
    """One HTTP exchange. ``path`` is relative to the upstream's base URL (``/v1/...``)."""

    @property
    def bytes_up(self) -> int:
        """Bytes sent so far (bodies plus an estimate of the headers)."""
        ...

    @property
    def bytes_down(self) -> int: ...

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        data: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, str | int] | None = None,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
    ) -> Response: ...

    def reset(self) -> None:
        """Drop pooled connections and start afresh (the watchdog's remedy)."""
        ...

    def close(self) -> None: ...


def encode_json(obj: Any, *, compress: bool = True) -> tuple[bytes, dict[str, str]]:
    """Compact UTF-8 JSON, gzip-compressed when worth it; with the headers to send it."""
    raw = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    headers = {"Content-Type": "application/json"}
    if compress and len(raw) >= GZIP_MIN_BYTES:
        # mtime=0: the same batch always compresses to the same bytes (replays compare equal)
        raw = gzip.compress(raw, compresslevel=6, mtime=0)
        headers["Content-Encoding"] = "gzip"
    return raw, headers


def _header_bytes(headers: Mapping[str, str]) -> int:
    return sum(len(k) + len(v) + 4 for k, v in headers.items())


@dataclass
class ByteCounter:
    """Thread-safe running totals of wire bytes (bodies plus an estimate of the headers)."""

    up: int = 0
    down: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, up: int, down: int) -> None:
        with self._lock:
            self.up += up
            self.down += down


class HttpTransport:
    """The real transport: one ``requests.Session`` per engine (keep-alive, few TLS handshakes).

    urllib3 retries only connect errors (the request never reached the server, so retrying
    cannot duplicate anything); every other retry belongs to the engine's idempotent loops.
    """

    def __init__(self, base_url: str, *, verify: bool | str = True) -> None:
        self.base_url = base_url.rstrip("/")
        self.verify = verify
        self._counter = ByteCounter()
        self._session = self._new_session()

    @property
    def bytes_up(self) -> int:
        return self._counter.up

    @property
    def bytes_down(self) -> int:
        return self._counter.down

    def _new_session(self) -> requests.Session:
        s = requests.Session()
        retry = Retry(
            total=None, connect=3, read=0, redirect=0, status=0, other=0, backoff_factor=0.5
        )
        adapter = HTTPAdapter(max_retries=retry, pool_connections=1, pool_maxsize=2)
        s.mount("http://", adapter)
        s.mount("https://", adapter)
        s.headers["Accept-Encoding"] = "gzip"
        return s

    def request(
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
        send_headers = dict(headers or {})
        body = data
        if json is not None:
            body, extra = encode_json(json)
            send_headers.update(extra)
        try:
            r = self._session.request(
                method,
                self.base_url + path,
                data=body,
                headers=send_headers,
                params=dict(params) if params else None,
                timeout=timeout,
                allow_redirects=False,  # a redirect is a portal, never our server
                verify=self.verify,
            )
            content = r.content
        except requests.RequestException as exc:
            self._counter.add(len(body or b"") + _header_bytes(send_headers), 0)
            raise TransportError(f"{type(exc).__name__}: {exc}") from exc
        wire_down = r.headers.get("Content-Length")
        down = int(wire_down) if wire_down and wire_down.isdigit() else len(content)
        self._counter.add(
            len(body or b"") + _header_bytes(send_headers) + len(path) + 16,
            down + _header_bytes(r.headers),
        )
        return Response(r.status_code, Headers(r.headers), content)

    def reset(self) -> None:
        old = self._session
        self._session = self._new_session()
        old.close()

    def close(self) -> None:
        self._session.close()
