"""Device enrolment (sync-protocol.md §3.9): key pair, one-time code, identity row.

The key pair is generated here and the private key never leaves the store. Enrolling again
(a new code, e.g. after a revocation) replaces the identity row; the outbox and every other
local row are kept, and pushes continue from the outbox's own sequence.
"""

from __future__ import annotations

import hashlib
import json
import socket
from collections.abc import Callable
from typing import cast

from sqlalchemy.orm import Session

from db.engine import Store
from db.models import DeviceIdentity, SyncStatus
from sync import wire
from sync.client import Identity, error_code, error_detail, load_identity
from sync.clock import WallClock, offset_ms, parse_time, utc_now
from sync.errors import EnrollRefused, Offline, ProtocolError, Transient, UpdateRequired
from sync.keys import generate_key_pair
from sync.transport import Transport, TransportError
from sync.writer import Writer, inline_writer

OnEnrolled = Callable[[Session, wire.EnrollResponse], None]

# The key pair made for a code, kept until that enrolment succeeds: if the server's answer is
# lost, a retry with the same code presents the same key and gets the same device back.
PENDING_KEY = "enrol_pending_key"


def _key_for_code(write: Writer, code: str, clock: WallClock) -> tuple[str, str]:
    code_hash = hashlib.sha256(code.encode("utf-8")).hexdigest()

    def fetch_or_make(session: Session) -> tuple[str, str]:
        row = session.get(SyncStatus, PENDING_KEY)
        if row is not None:
            try:
                kept = json.loads(row.value)
                if kept.get("code") == code_hash:
                    return str(kept["private"]), str(kept["public"])
            except (ValueError, KeyError, AttributeError):
                pass  # unreadable: make a new pair
        private, public = generate_key_pair()
        value = json.dumps({"code": code_hash, "private": private, "public": public})
        if row is None:
            session.add(SyncStatus(key=PENDING_KEY, value=value, at=clock()))
        else:
            row.value, row.at = value, clock()
        return private, public

    return write(fetch_or_make)


def enrol(
    store: Store,
    transport: Transport,
    *,
    url: str,
    code: str,
    label: str = "",
    app_version: str,
    hostname: str | None = None,
    clock: WallClock = utc_now,
    on_enrolled: OnEnrolled | None = None,
    writer: Writer | None = None,
) -> Identity:
    """Enrol this PC with a one-time code; ``on_enrolled`` runs inside the same transaction
    (the app uses it to check the agency code and take the assigned device number). The
    network call runs in the calling thread, the identity row is written through ``writer``."""
    write = writer or inline_writer(store)
    private_pem, public_pem = _key_for_code(write, code.strip(), clock)
    req: wire.EnrollRequest = {
        "code": code.strip(),
        "public_key": public_pem,
        "hostname": hostname or socket.gethostname(),
        "app_version": app_version,
    }
    headers = {
        wire.HEADER_PROTOCOL: str(wire.PROTOCOL_VERSION),
        wire.HEADER_APP_VERSION: app_version,
    }
    t_send = clock()
    try:
        resp = transport.request("POST", "/v1/devices/enroll", json=req, headers=headers)
    except TransportError as exc:
        raise Offline(str(exc)) from exc
    t_recv = clock()
    if resp.status == 426:
        raise UpdateRequired(error_detail(resp))
    if resp.status in (400, 403, 404, 409, 410) and error_code(resp):
        raise EnrollRefused(error_detail(resp) or error_code(resp))
    if resp.status == 429 or resp.status >= 500:
        raise Transient(f"HTTP {resp.status} {error_detail(resp)}")
    body = resp.json_object()
    if resp.status not in (200, 201) or body is None or "device_id" not in body:
        raise ProtocolError(f"enroll: HTTP {resp.status} {error_detail(resp)}")
    answer = cast(wire.EnrollResponse, body)
    server_time = parse_time(answer["server_time"]) if answer.get("server_time") else None

    def record(session: Session) -> None:
        row = session.get(DeviceIdentity, 1)
        if row is None:
            row = DeviceIdentity(id=1)
            session.add(row)
        row.upstream_url = url
        row.device_id = str(answer["device_id"])
        row.device_no = int(answer["device_no"])
        row.agency_code = str(answer["agency_code"])
        row.label = label
        row.private_key = private_pem
        row.public_key = public_pem
        row.enrolled_at = t_recv
        row.token = ""
        row.token_expires_at = None
        row.revoked = False
        pending = session.get(SyncStatus, PENDING_KEY)
        if pending is not None:
            session.delete(pending)
        if server_time is not None:
            row.clock_offset_ms = offset_ms(server_time, t_send, t_recv)
            row.clock_measured_at = t_recv
        if on_enrolled is not None:
            on_enrolled(session, answer)

    (writer or inline_writer(store))(record)
    return load_identity(store)
