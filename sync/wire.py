"""The wire contract between the desk (sync/) and the upstream server (server/): Xã-sync v1.

sync-protocol.md is the design; this module is its single executable statement. The server
imports it too, so both sides agree by construction. Qt-free and dependency-free.

Endpoints (JSON bodies; request bodies may be ``Content-Encoding: gzip``):

    GET  /v1/health                       -> Health (the marker a captive portal cannot fake)
    POST /v1/devices/enroll  EnrollRequest -> EnrollResponse
    POST /v1/auth/nonce      {"device_id"} -> {"nonce", "expires_at"}
    POST /v1/auth/token      TokenRequest  -> TokenResponse
    POST /v1/sync/push       PushRequest   -> PushResponse | 409 {"error": "seq_gap", "expected"}
    GET  /v1/sync/pull?scope=&cursor=&limit=  -> PullResponse | 410 {"error": "reset_required"}
    POST /v1/blobs/check     {"sha256": [..]} -> {"have": [..], "partial": {sha: offset}}
    PUT  /v1/blobs/{sha256}  bytes, Content-Range + X-Chunk-SHA256
                             -> 200 {"offset"} (more expected) | 201 {"sha256", "size"} (complete)
                             |  409 {"error": "offset", "offset"} | 422 {"error": "hash_mismatch"}
    GET  /v1/blobs/{sha256}  Range supported -> 200/206 bytes

Every authenticated call carries ``Authorization: Bearer <token>``, ``X-Sync-Protocol`` and
``X-App-Version``; every JSON response carries ``server_time``. Errors are
``{"error": ErrorCode, "detail": str}``.
"""

from __future__ import annotations

from typing import Any, Literal, NotRequired, TypedDict

PROTOCOL_VERSION = 1
SUPPORTED_PROTOCOLS = (1, 1)  # (min, max) the server accepts; outside -> 426
SERVICE_MARKER = "xa-sync"

HEADER_PROTOCOL = "X-Sync-Protocol"
HEADER_APP_VERSION = "X-App-Version"
HEADER_CHUNK_SHA256 = "X-Chunk-SHA256"

CHUNK_SIZE = 256 * 1024  # blob chunks (sync-protocol.md §3.7)
MAX_BATCH = 50  # mutations per push
MAX_BATCH_BYTES = 64 * 1024  # uncompressed JSON of one push batch
PULL_LIMIT = 500
TOKEN_TTL_S = 3600
NONCE_TTL_S = 120
ENROLL_CODE_TTL_S = 24 * 3600
CLOCK_WARN_MS = 5 * 60 * 1000  # |offset| above this: warn the officer (never decides anything)

GLOBAL_SCOPE = "global"


def commune_scope(agency_code: str) -> str:
    return f"commune:{agency_code}"


def make_cursor(epoch: str, seq: int) -> str:
    """Opaque to the client; carries the epoch so a restored server can answer 410."""
    return f"{epoch}.{seq}"


def parse_cursor(cursor: str) -> tuple[str, int]:
    """("", 0) for the empty cursor (start of the feed). Raises ValueError when malformed."""
    if not cursor:
        return "", 0
    epoch, _, seq = cursor.rpartition(".")
    if not epoch or not seq.isdigit():
        raise ValueError(f"bad cursor {cursor!r}")
    return epoch, int(seq)


ErrorCode = Literal[
    "malformed",  # 400: a bug; the client quarantines after 3 tries
    "token_invalid",  # 401: refresh the token once, then retry
    "device_revoked",  # 403: stop syncing, keep local data, tell the officer
    "forbidden_scope",  # 403: another commune's data
    "enroll_code_invalid",  # 403: unknown, used or expired enrolment code
    "seq_gap",  # 409: resend from "expected"
    "offset",  # 409: blob chunk at the wrong offset; resume at "offset"
    "reset_required",  # 410: re-download the scope, keep the outbox
    "too_large",  # 413: halve the batch
    "hash_mismatch",  # 422: the assembled blob does not match its name
    "protocol_unsupported",  # 426: client too old
]

# Operations a desk pushes. ``entity_type`` is "dossier" for all of them, so one dossier's
# mutations stay ordered and a conflict holds back only that dossier.
OPS = ("dossier.create", "dossier.transition", "dossier.extend", "attachment.add")
PAYLOAD_SCHEMA = dict.fromkeys(OPS, 1)


class Health(TypedDict):
    service: str  # == SERVICE_MARKER
    epoch: str  # changes when the server is restored from a backup
    server_time: str  # ISO 8601 with offset
    protocol: list[int]  # [min, max]


class EnrollRequest(TypedDict):
    code: str  # one-time code from `motcua-server enroll`
    public_key: str  # Ed25519, PEM (SubjectPublicKeyInfo)
    hostname: str
    app_version: str


class EnrollResponse(TypedDict):
    device_id: str
    device_no: int  # 1..9 within the agency code: the dossier-code partition
    agency_code: str
    scope: str
    epoch: str
    server_time: str


class TokenRequest(TypedDict):
    device_id: str
    nonce: str
    signature: str  # base64 of Ed25519 signature over the nonce's UTF-8 bytes


class TokenResponse(TypedDict):
    token: str  # JWT, TOKEN_TTL_S
    expires_at: str
    server_time: str


class BlobRef(TypedDict):
    sha256: str
    size: int
    mime: str
    role: str  # component | result


class Mutation(TypedDict):
    device_seq: int
    mutation_id: str
    entity_type: str
    entity_id: str
    op: str
    base_version: int | None
    payload: dict[str, Any]
    payload_schema: int
    user_id: str
    device_time: str
    clock_offset_ms: int | None
    blob_refs: list[BlobRef]


class PushRequest(TypedDict):
    device_id: str
    batch: list[Mutation]


ConflictKind = Literal["state", "owner", "code", "validation", "blob_missing", "unknown_entity"]


class Conflict(TypedDict):
    kind: ConflictKind
    server_state: dict[str, Any]  # e.g. {"state": "forwarded", "version": 4}
    detail: str  # Vietnamese, shown to the officer as is


class MutationResult(TypedDict):
    mutation_id: str
    status: Literal["applied", "applied_noop", "rejected"]
    version: int | None  # server version of the entity after this mutation
    conflict: NotRequired[Conflict | None]


class PushResponse(TypedDict):
    results: list[MutationResult]
    server_time: str
    cursor_hint: int  # the commune scope's newest seq (a hint that a pull is worth it)


class Change(TypedDict):
    seq: int  # contiguous per scope (I7)
    entity_type: str  # commune scope: "dossier"; global: "catalogue" | "calendar_day"
    entity_id: str
    version: int
    op: Literal["upsert", "delete"]
    data: dict[str, Any]  # DossierDoc | catalogue JSON | CalendarDayDoc


class PullResponse(TypedDict):
    changes: list[Change]
    next_cursor: str
    has_more: bool
    server_time: str
    server_epoch: str


class ApplicantDoc(TypedDict):
    id: str
    name: str
    id_number: str
    birth_date: str | None
    phone: str
    email: str
    address: str


class DocumentDoc(TypedDict):
    id: str
    position: int
    code: str
    name: str
    copy_type: str
    copies: int
    required: bool
    received: bool
    digitised: bool
    reused: bool
    scan_profile: str


class EventDoc(TypedDict):
    id: str  # the desk's event id (payload "event_id"); mutation_id when a payload lacks it
    seq: int
    kind: str  # received | transition | extension | district
    from_state: str | None
    to_state: str
    at: str
    actor: str
    reason: str
    detail: dict[str, Any]


class AttachmentDoc(TypedDict):
    id: str
    document_id: str | None  # None for a result document
    role: str  # component | result
    sha256: str
    size: int
    mime: str
    file_name: str
    pages: int
    profile: str
    reused_from: str | None


class DossierDoc(TypedDict):
    """A dossier as the upstream holds it: what the commune feed carries (entity "dossier")."""

    id: str
    code: str
    procedure: str  # "<code>@<catalog_version>"
    channel: str  # direct | online | postal
    state: str  # app.lifecycle.State value
    received_at: str
    due_at: str
    original_due_at: str
    paused_at: str | None
    finished_at: str | None
    supplement_count: int
    extension_count: int
    extension_reason: str
    calendar_version: str
    recompute_flag: bool
    result_delivery: str
    postal_address: str
    sets: int
    fee_total: int | None
    note: str
    received_by: str
    device_no: int  # 0 = minted by the upstream (dossiers filed online)
    version: int
    applicant: ApplicantDoc
    documents: list[DocumentDoc]
    events: list[EventDoc]
    attachments: list[AttachmentDoc]
    aliases: list[dict[str, str]]  # [{"system": "dvcqg", "code": "..."}]


class CalendarDayDoc(TypedDict):
    day: str  # ISO date
    working: bool
    name: str
    source: str
