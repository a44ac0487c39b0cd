"""ASGI middleware: request gzip decoding and the protocol version gate (426).

FastAPI's GZipMiddleware only compresses responses; the desk sends ``Content-Encoding: gzip``
request bodies (sync-protocol.md §3.4), so they are inflated here before routing.
"""

from __future__ import annotations

import zlib
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.common import dumps, iso, utc_now
from sync.wire import HEADER_PROTOCOL, SUPPORTED_PROTOCOLS


async def _send_json(send: Send, status: int, body: dict[str, Any]) -> None:
    payload = dumps({**body, "server_time": iso(utc_now())}).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode("ascii")),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})


class SyncMiddleware:
    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers: list[tuple[bytes, bytes]] = list(scope.get("headers", []))
        values = {k.lower(): v for k, v in headers}
        protocol = values.get(HEADER_PROTOCOL.lower().encode("ascii"))
        if protocol is not None:
            text = protocol.decode("latin-1").strip()
            lo, hi = SUPPORTED_PROTOCOLS
            if not text.isdigit() or not lo <= int(text) <= hi:
                await _send_json(
                    send,
                    426,
                    {
                        "error": "protocol_unsupported",
                        "detail": f"Máy chủ hỗ trợ giao thức {lo}–{hi}; máy gửi {text!r}.",
                        "protocol": [lo, hi],
                    },
                )
                return
        encoding = values.get(b"content-encoding", b"").decode("latin-1").strip().lower()
        if encoding in ("", "identity"):
            await self.app(scope, receive, send)
            return
        if encoding != "gzip":
            await _send_json(
                send, 415, {"error": "malformed", "detail": f"Content-Encoding {encoding}"}
            )
            return
        raw = bytearray()
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            raw.extend(message.get("body", b""))
            more = message.get("more_body", False)
            if len(raw) > self.max_body_bytes:
                await _send_json(send, 413, {"error": "too_large", "detail": "body"})
                return
        inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        try:
            body = inflater.decompress(bytes(raw), self.max_body_bytes + 1)
            if len(body) > self.max_body_bytes or inflater.unconsumed_tail:
                await _send_json(send, 413, {"error": "too_large", "detail": "gunzipped body"})
                return
            if not inflater.eof:
                raise zlib.error("truncated gzip stream")
        except zlib.error as exc:
            await _send_json(send, 400, {"error": "malformed", "detail": f"gzip: {exc}"})
            return
        new_headers = [
            (k, v) for k, v in headers if k.lower() not in (b"content-encoding", b"content-length")
        ]
        new_headers.append((b"content-length", str(len(body)).encode("ascii")))
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app({**scope, "headers": new_headers}, replay, send)
