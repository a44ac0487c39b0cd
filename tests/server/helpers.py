"""Helpers of the server tests: enrolled desks talking to an in-process server.

Imported as ``tests.server.helpers``. tests/server is deliberately not a package: tests/ is not
one either, so pytest's prepend import mode would import ``tests/server/__init__.py`` as a
top-level package named ``server`` and shadow the real one.
"""

from __future__ import annotations

import base64
import gzip
import itertools
import json
import os
import uuid
from dataclasses import dataclass, field
from typing import Any

import psycopg
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from server import admin, auth
from server.settings import ServerSettings
from server.testing import libpq, pg_dsn
from sync.wire import HEADER_APP_VERSION, HEADER_PROTOCOL, PROTOCOL_VERSION, commune_scope

AGENCY_A = "000.17.22.H56"
AGENCY_B = "000.18.30.H56"
JWT_SECRET = "test-secret-test-secret-test-secret-0123"


def require_pg() -> str:
    """:func:`server.testing.pg_dsn` when it answers; otherwise fail (CI, or ``TEST_PG_DSN``
    set) or skip (a laptop without PostgreSQL)."""
    dsn = pg_dsn()
    try:
        with psycopg.connect(libpq(dsn), connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except psycopg.OperationalError as exc:
        if os.environ.get("CI") or os.environ.get("TEST_PG_DSN"):
            pytest.fail(f"PostgreSQL not reachable at {dsn}: {exc}")
        pytest.skip(f"PostgreSQL not reachable at {dsn}")
    return dsn


def public_pem(key: Ed25519PrivateKey) -> str:
    return (
        key.public_key()
        .public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
        .decode("ascii")
    )


def sign(key: Ed25519PrivateKey, nonce: str) -> str:
    return base64.b64encode(key.sign(nonce.encode("utf-8"))).decode("ascii")


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass
class Desk:
    """An enrolled PC talking to the in-process server."""

    client: TestClient
    device_id: str
    device_no: int
    agency: str
    key: Ed25519PrivateKey
    token: str = ""
    seq: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    day_counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def scope(self) -> str:
        return commune_scope(self.agency)

    def login(self) -> None:
        r = self.client.post("/v1/auth/nonce", json={"device_id": self.device_id})
        assert r.status_code == 200, r.text
        nonce = r.json()["nonce"]
        r = self.client.post(
            "/v1/auth/token",
            json={"device_id": self.device_id, "nonce": nonce, "signature": sign(self.key, nonce)},
        )
        assert r.status_code == 200, r.text
        self.token = r.json()["token"]

    def headers(self) -> dict[str, str]:
        return {
            "Authorization": f"Bearer {self.token}",
            HEADER_PROTOCOL: str(PROTOCOL_VERSION),
            HEADER_APP_VERSION: "0.1.0",
        }

    def mutation(
        self,
        op: str,
        entity_id: str,
        payload: dict[str, Any],
        *,
        seq: int | None = None,
        blob_refs: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        return {
            "device_seq": next(self.seq) if seq is None else seq,
            "mutation_id": new_id(),
            "entity_type": "dossier",
            "entity_id": entity_id,
            "op": op,
            "base_version": None,
            "payload": payload,
            "payload_schema": 1,
            "user_id": "canbo1",
            "device_time": "2026-11-25T09:30:00+07:00",
            "clock_offset_ms": None,
            "blob_refs": blob_refs or [],
        }

    def create(self, **overrides: Any) -> dict[str, Any]:
        """A dossier.create mutation shaped like app.intake.dossier_payload (+ event_id)."""
        dossier_id = overrides.pop("id", new_id())
        code = overrides.pop(
            "code", f"{self.agency}-261125-{self.device_no * 1000 + next(self.day_counter)}"
        )
        payload = {
            "id": dossier_id,
            "code": code,
            "procedure": "1.001193@2026.11.1",
            "channel": "direct",
            "state": "received",
            "received_at": "2026-11-25T09:30:00+07:00",
            "due_at": "2026-11-25T17:00:00+07:00",
            "calendar_version": "2026.1",
            "result_delivery": "desk",
            "postal_address": "",
            "sets": 1,
            "fee_total": 0,
            "note": "",
            "received_by": "canbo1",
            "device_no": self.device_no,
            "applicant": {
                "id": new_id(),
                "name": "Nguyễn Văn An",
                "id_number": "001099012345",
                "birth_date": "1990-01-02",
                "phone": "0912345678",
                "email": "",
                "address": "Xã Pà Cò",
            },
            "documents": [
                {
                    "id": new_id(),
                    "code": "TP01",
                    "name": "Tờ khai",
                    "copy_type": "original",
                    "copies": 1,
                    "required": True,
                    "received": True,
                    "digitised": False,
                    "reused": False,
                }
            ],
            "event_id": new_id(),
            **overrides,
        }
        return self.mutation("dossier.create", dossier_id, payload)

    def transition(self, dossier_id: str, frm: str, to: str, reason: str = "") -> dict[str, Any]:
        payload = {
            "from": frm,
            "to": to,
            "reason": reason,
            "at": "2026-11-25T10:00:00+07:00",
            "due_at": "2026-11-25T17:00:00+07:00",
            "national_status": 4,
            "event_id": new_id(),
        }
        return self.mutation("dossier.transition", dossier_id, payload)

    def push(self, batch: list[dict[str, Any]], *, gzip_body: bool = False) -> Any:
        body = json.dumps({"device_id": self.device_id, "batch": batch}).encode("utf-8")
        headers = {**self.headers(), "Content-Type": "application/json"}
        if gzip_body:
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        return self.client.post("/v1/sync/push", content=body, headers=headers)

    def pull(self, scope: str | None = None, cursor: str = "", limit: int | None = None) -> Any:
        params: dict[str, Any] = {"scope": scope or self.scope, "cursor": cursor}
        if limit is not None:
            params["limit"] = limit
        return self.client.get("/v1/sync/pull", params=params, headers=self.headers())

    def pull_all(self, scope: str | None = None, cursor: str = "") -> tuple[list[Any], str]:
        changes: list[Any] = []
        while True:
            r = self.pull(scope, cursor)
            assert r.status_code == 200, r.text
            body = r.json()
            changes.extend(body["changes"])
            cursor = body["next_cursor"]
            if not body["has_more"]:
                return changes, cursor


@dataclass
class Harness:
    client: TestClient
    settings: ServerSettings
    factory: sessionmaker[Session]

    def add_agency(self, code: str, name: str = "Xã thử") -> None:
        with self.factory.begin() as session:
            admin.add_agency(session, code, name)

    def enrolment_code(self, agency: str, label: str = "PC 1", ttl_s: int = 3600) -> str:
        with self.factory.begin() as session:
            return auth.create_enrolment(session, agency, label, ttl_s=ttl_s)

    def enroll(self, agency: str = AGENCY_A, label: str = "PC") -> Desk:
        key = Ed25519PrivateKey.generate()
        code = self.enrolment_code(agency, label)
        r = self.client.post(
            "/v1/devices/enroll",
            json={
                "code": code,
                "public_key": public_pem(key),
                "hostname": "pc",
                "app_version": "0.1.0",
            },
        )
        assert r.status_code == 200, r.text
        body = r.json()
        desk = Desk(self.client, body["device_id"], body["device_no"], agency, key)
        desk.login()
        return desk

    def sql(self, query: str, **params: Any) -> list[Any]:
        with self.factory() as session:
            return list(session.execute(text(query), params).all())
