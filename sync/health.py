"""The reachability probe: our own ``/v1/health`` with its marker (rule 10).

A 200 is not trusted: only a JSON body whose ``service`` is :data:`wire.SERVICE_MARKER` proves
that the answer came from our server and not from a captive portal or a proxy's error page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sync import wire
from sync.client import ApiClient
from sync.clock import offset_ms, parse_time
from sync.errors import CaptivePortal, UpdateRequired


@dataclass(frozen=True)
class HealthResult:
    epoch: str
    server_time: datetime
    offset_ms: int
    rtt_ms: int
    protocol: tuple[int, int]


def probe(client: ApiClient) -> HealthResult:
    t_send = client.clock()
    resp = client.call("GET", "/v1/health", auth=False, timeout=(15.0, 20.0))
    t_recv = client.clock()
    body = resp.json_object()
    if resp.status != 200 or body is None or body.get("service") != wire.SERVICE_MARKER:
        raise CaptivePortal(
            f"/v1/health: HTTP {resp.status} không phải máy chủ đồng bộ (cổng đăng nhập mạng?)"
        )
    try:
        server_time = parse_time(str(body["server_time"]))
        proto_raw = body.get("protocol") or [wire.PROTOCOL_VERSION, wire.PROTOCOL_VERSION]
        protocol = (int(proto_raw[0]), int(proto_raw[1]))
    except (KeyError, ValueError, TypeError, IndexError) as exc:
        raise CaptivePortal(f"/v1/health: nội dung không hợp lệ ({exc})") from exc
    if not protocol[0] <= wire.PROTOCOL_VERSION <= protocol[1]:
        raise UpdateRequired(f"máy chủ hỗ trợ giao thức {protocol[0]}–{protocol[1]}")
    return HealthResult(
        epoch=str(body.get("epoch", "")),
        server_time=server_time,
        offset_ms=offset_ms(server_time, t_send, t_recv),
        rtt_ms=round((t_recv - t_send).total_seconds() * 1000),
        protocol=protocol,
    )
