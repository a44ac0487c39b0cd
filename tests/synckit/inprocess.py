"""An in-process :class:`sync.transport.Transport` over starlette's TestClient, with faults.

The Hypothesis state machine runs hundreds of sync cycles per example; a real socket and a
subprocess per cycle would cost seconds. This transport calls ``server.app.create_app``'s ASGI
app directly (about a millisecond per request) and injects the faults that matter to the
protocol, decided per request by a seeded :class:`random.Random`:

- ``offline``: raise :class:`TransportError` before the server sees anything (link down);
- ``drop_response``: the server handles the request (and commits), then the response is lost;
- ``replay``: the request reaches the server twice (a duplicate on the network); for a push
  both answers must match (``replay_mismatches`` records any difference); the desk gets the
  first answer, as it would;
- ``portal``: a captive portal answers 200 with HTML.

``FaultPlan.mode`` is ``none``, ``offline``, ``portal`` or ``flaky`` (each request draws one of
the faults above with probability ``p``).
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from starlette.testclient import TestClient

from sync.transport import DEFAULT_TIMEOUT, Headers, Response, TransportError, encode_json

_VOLATILE = re.compile(rb'"server_time":"[^"]*"|,"cursor_hint":\d+')


@dataclass
class FaultPlan:
    mode: str = "none"  # none | offline | portal | flaky
    p: float = 0.3
    rng: random.Random = field(default_factory=lambda: random.Random(0))
    counts: dict[str, int] = field(default_factory=dict)

    def draw(self) -> str:
        if self.mode in ("offline", "portal"):
            return self.mode
        if self.mode != "flaky" or self.rng.random() >= self.p:
            return "none"
        return self.rng.choice(("offline", "drop_response", "replay"))


class InProcessTransport:
    """One desk's link to the in-process server."""

    def __init__(self, client: TestClient, plan: FaultPlan | None = None) -> None:
        self.client = client
        self.plan = plan or FaultPlan()
        self._up = 0
        self._down = 0
        self.replay_mismatches: list[str] = []

    @property
    def bytes_up(self) -> int:
        return self._up

    @property
    def bytes_down(self) -> int:
        return self._down

    def reset(self) -> None:
        pass

    def close(self) -> None:
        pass

    def _send(
        self,
        method: str,
        path: str,
        body: bytes | None,
        headers: dict[str, str],
        params: Mapping[str, str | int] | None,
    ) -> Response:
        r = self.client.request(
            method,
            path,
            content=body,
            headers=headers,
            params={k: str(v) for k, v in (params or {}).items()} or None,
            follow_redirects=False,
        )
        self._up += len(body or b"") + len(path) + 200
        self._down += len(r.content) + 150
        return Response(r.status_code, Headers(dict(r.headers)), r.content)

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
        fault = self.plan.draw()
        self.plan.counts[fault] = self.plan.counts.get(fault, 0) + 1
        if fault == "offline":
            raise TransportError("ConnectionError: injected (link down)")
        if fault == "portal":
            return Response(
                200, Headers({"Content-Type": "text/html"}), b"<html>Wi-Fi login</html>"
            )
        first = self._send(method, path, body, send_headers, params)
        if fault == "drop_response":
            raise TransportError("ConnectionError: injected (response lost after commit)")
        if fault == "replay":
            second = self._send(method, path, body, send_headers, params)
            if path == "/v1/sync/push" and _stable(first) != _stable(second):
                self.replay_mismatches.append(
                    f"{method} {path}: {first.status} {first.body[:200]!r} vs "
                    f"{second.status} {second.body[:200]!r}"
                )
        return first


def _stable(r: Response) -> tuple[int, bytes]:
    """A response without the fields a replay may change (server_time, cursor_hint)."""
    return r.status, _VOLATILE.sub(b"", r.body)


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True)
