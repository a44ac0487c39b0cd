"""Shared setup of the sync client tests: dossiers received locally, the upstream's copy of
one, result attachments and queued blob files."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.clock import system_clock
from app.intake import parse_intake, receive_dossier
from db.blobfiles import relative_path
from db.engine import Store
from db.models import Blob, Outbox
from tests.conftest import fixed_clock, intake_json


def receive(store: Store, name: str = "Giàng A Páo") -> tuple[str, str]:
    """Receive a dossier at the desk; returns (id, code)."""
    data = intake_json()
    data["applicant"] = {**data["applicant"], "name": name}
    r = receive_dossier(store, parse_intake(data), actor="canbo", clock=fixed_clock)
    return r.id, r.code


def outbox(store: Store) -> list[Outbox]:
    with store.read() as s:
        return list(s.scalars(select(Outbox).order_by(Outbox.device_seq)))


def upstream_doc(store: Store, dossier_id: str, **over: Any) -> dict[str, Any]:
    """A DossierDoc as the upstream would send it, built from the local create payload."""
    with store.read() as s:
        p = dict(
            s.scalars(
                select(Outbox.payload).where(
                    Outbox.entity_id == dossier_id, Outbox.op == "dossier.create"
                )
            ).one()
        )
    doc: dict[str, Any] = {
        **p,
        "original_due_at": p["due_at"],
        "paused_at": None,
        "finished_at": None,
        "supplement_count": 0,
        "extension_count": 0,
        "extension_reason": "",
        "recompute_flag": False,
        "version": 2,
        "documents": [
            {**d, "position": i, "scan_profile": "text"} for i, d in enumerate(p["documents"])
        ],
        "events": [
            {
                "id": p["event_id"],
                "seq": 1,
                "kind": "received",
                "from_state": None,
                "to_state": "received",
                "at": p["received_at"],
                "actor": "canbo",
                "reason": "",
                "detail": {},
            }
        ],
        "attachments": [],
        "aliases": [],
    }
    doc.pop("event_id", None)
    doc.update(over)
    return doc


def result_attachment(att_id: str, content: bytes, file_name: str) -> dict[str, Any]:
    """An AttachmentDoc of a result file the upstream holds."""
    return {
        "id": att_id,
        "document_id": None,
        "role": "result",
        "sha256": hashlib.sha256(content).hexdigest(),
        "size": len(content),
        "mime": "application/pdf",
        "file_name": file_name,
        "pages": 1,
        "profile": "text",
        "reused_from": None,
    }


def queue_blob(store: Store, data_dir: Path, content: bytes) -> str:
    """A file on disk with its ``blob`` row queued for upload; returns its SHA-256."""
    sha = hashlib.sha256(content).hexdigest()
    path = data_dir / relative_path(sha)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    with store.write.begin() as s:
        s.add(
            Blob(
                sha256=sha,
                size=len(content),
                mime="application/pdf",
                path=relative_path(sha),
                created_at=system_clock(),
                up_state="queued",
                up_offset=0,
                attempts=0,
            )
        )
    return sha
