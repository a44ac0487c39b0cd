"""Applying the desk's mutations to a DossierDoc: pure functions on dicts, no database.

Each function validates against the *current* server document (sync-protocol.md §3.6) and
either changes ``doc`` in place and returns ``"applied"``, returns ``"applied_noop"`` (the same
step is already there), or raises :class:`Rejected` with a Vietnamese detail for the officer.
The caller bumps the version and writes the change.
"""

from __future__ import annotations

import copy
from typing import Any, Literal, cast

from app.errors import IllegalTransition
from app.lifecycle import (
    LABELS_VI,
    REASON_REQUIRED,
    DossierFacts,
    State,
    check_extension,
    check_transition,
)
from app.textnorm import nfc
from server.common import iso, parse_aware, utc_now
from sync.wire import (
    AttachmentDoc,
    ConflictKind,
    DocumentDoc,
    DossierDoc,
    EventDoc,
)

Status = Literal["applied", "applied_noop"]
FINISHING = frozenset({State.RESULT_READY, State.REFUSED, State.STOPPED})
TRANSITION_KEYS = frozenset({"from", "to", "reason", "at", "due_at", "national_status", "event_id"})


class Rejected(Exception):
    """A business rejection: recorded as ``rejected{kind, server_state, detail}``."""

    def __init__(self, kind: ConflictKind, detail: str, server_state: dict[str, Any]) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind: ConflictKind = kind
        self.detail = detail
        self.server_state = server_state


def server_state(doc: DossierDoc) -> dict[str, Any]:
    return {"state": doc["state"], "version": doc["version"], "code": doc["code"]}


def label(state: str) -> str:
    try:
        return LABELS_VI[State(state)]
    except ValueError:
        return state


def _invalid(field: str, detail: str) -> Rejected:
    return Rejected("validation", f"{field}: {detail}", {})


def _text(obj: dict[str, Any], key: str, field: str, *, required: bool = False) -> str:
    value = obj.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise _invalid(field, "phải là chuỗi ký tự")
    if required and not value.strip():
        raise _invalid(field, "bắt buộc")
    return nfc(value)


def _time(obj: dict[str, Any], key: str, field: str) -> str:
    value = parse_aware(obj.get(key))
    if value is None:
        raise _invalid(field, "phải là thời điểm ISO 8601 có múi giờ")
    return value.isoformat()


def _int(obj: dict[str, Any], key: str, field: str, default: int | None = None) -> int:
    value = obj.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool):
        raise _invalid(field, "phải là số nguyên")
    return value


def _bool(obj: dict[str, Any], key: str, default: bool = False) -> bool:
    value = obj.get(key, default)
    return bool(value)


def _next_event_seq(doc: DossierDoc) -> int:
    return max((e["seq"] for e in doc["events"]), default=0) + 1


def has_event(doc: DossierDoc, event_id: str) -> bool:
    return any(e["id"] == event_id for e in doc["events"])


def make_event(
    doc: DossierDoc,
    *,
    event_id: str,
    kind: str,
    from_state: str | None,
    to_state: str,
    at: str,
    actor: str,
    reason: str = "",
    detail: dict[str, Any] | None = None,
) -> EventDoc:
    event: EventDoc = {
        "id": event_id,
        "seq": _next_event_seq(doc),
        "kind": kind,
        "from_state": from_state,
        "to_state": to_state,
        "at": at,
        "actor": actor,
        "reason": reason,
        "detail": detail or {},
    }
    doc["events"].append(event)
    return event


def build_create(
    payload: dict[str, Any], *, entity_id: str, event_id: str, actor: str
) -> DossierDoc:
    """The DossierDoc of a ``dossier.create`` payload (app.intake.dossier_payload + event_id)."""
    if payload.get("id") != entity_id:
        raise _invalid("payload.id", "khác entity_id")
    code = _text(payload, "code", "payload.code", required=True)
    procedure = _text(payload, "procedure", "payload.procedure", required=True)
    if "@" not in procedure:
        raise _invalid("payload.procedure", "phải có dạng <mã>@<phiên bản danh mục>")
    state_text = _text(payload, "state", "payload.state", required=True)
    try:
        state = State(state_text)
    except ValueError:
        raise _invalid("payload.state", f"trạng thái không hợp lệ {state_text!r}") from None
    received_at = _time(payload, "received_at", "payload.received_at")
    due_at = _time(payload, "due_at", "payload.due_at")
    applicant = payload.get("applicant")
    if not isinstance(applicant, dict):
        raise _invalid("payload.applicant", "bắt buộc")
    birth = applicant.get("birth_date")
    if birth is not None and not isinstance(birth, str):
        raise _invalid("payload.applicant.birth_date", "phải là ngày YYYY-MM-DD")
    documents_in = payload.get("documents", [])
    if not isinstance(documents_in, list):
        raise _invalid("payload.documents", "phải là danh sách")
    documents: list[DocumentDoc] = []
    for i, d in enumerate(documents_in):
        if not isinstance(d, dict):
            raise _invalid(f"payload.documents[{i}]", "phải là đối tượng")
        documents.append(
            {
                "id": _text(d, "id", f"payload.documents[{i}].id", required=True),
                "position": _int(d, "position", f"payload.documents[{i}].position", i),
                "code": _text(d, "code", f"payload.documents[{i}].code"),
                "name": _text(d, "name", f"payload.documents[{i}].name"),
                "copy_type": _text(d, "copy_type", f"payload.documents[{i}].copy_type"),
                "copies": _int(d, "copies", f"payload.documents[{i}].copies", 1),
                "required": _bool(d, "required"),
                "received": _bool(d, "received"),
                "digitised": _bool(d, "digitised"),
                "reused": _bool(d, "reused"),
                "scan_profile": _text(d, "scan_profile", "scan_profile") or "text",
            }
        )
    fee_total = payload.get("fee_total")
    if fee_total is not None and (not isinstance(fee_total, int) or isinstance(fee_total, bool)):
        raise _invalid("payload.fee_total", "phải là số nguyên hoặc null")
    aliases_in = payload.get("aliases", [])
    aliases = (
        [
            {str(k): str(v) for k, v in a.items()}
            for a in aliases_in
            if isinstance(a, dict) and a.get("code")
        ]
        if isinstance(aliases_in, list)
        else []
    )
    calendar_version = _text(payload, "calendar_version", "payload.calendar_version")
    received_by = _text(payload, "received_by", "payload.received_by") or actor
    doc: DossierDoc = {
        "id": entity_id,
        "code": code,
        "procedure": procedure,
        "channel": _text(payload, "channel", "payload.channel") or "direct",
        "state": state.value,
        "received_at": received_at,
        "due_at": due_at,
        "original_due_at": payload.get("original_due_at") or due_at,
        "paused_at": None,
        "finished_at": None,
        "supplement_count": 0,
        "extension_count": 0,
        "extension_reason": "",
        "calendar_version": calendar_version,
        "recompute_flag": False,
        "result_delivery": _text(payload, "result_delivery", "payload.result_delivery"),
        "postal_address": _text(payload, "postal_address", "payload.postal_address"),
        "sets": _int(payload, "sets", "payload.sets", 1),
        "fee_total": fee_total,
        "note": _text(payload, "note", "payload.note"),
        "received_by": received_by,
        "device_no": _int(payload, "device_no", "payload.device_no", 0),
        "version": 1,
        "applicant": {
            "id": _text(applicant, "id", "payload.applicant.id"),
            "name": _text(applicant, "name", "payload.applicant.name", required=True),
            "id_number": _text(applicant, "id_number", "payload.applicant.id_number"),
            "birth_date": birth,
            "phone": _text(applicant, "phone", "payload.applicant.phone"),
            "email": _text(applicant, "email", "payload.applicant.email"),
            "address": _text(applicant, "address", "payload.applicant.address"),
        },
        "documents": documents,
        "events": [],
        "attachments": [],
        "aliases": aliases,
    }
    make_event(
        doc,
        event_id=event_id,
        kind="received",
        from_state=None,
        to_state=state.value,
        at=received_at,
        actor=received_by,
        detail={"due_at": due_at, "calendar_version": calendar_version},
    )
    return doc


_WHY_VI = {
    "supplement_once": "Hồ sơ {code} đã được yêu cầu bổ sung một lần; không được yêu cầu lần nữa.",
    "reason_required": "Bước «{target}» phải có lý do.",
    "extension_once": "Hồ sơ {code} đã được gia hạn một lần; không được gia hạn lần nữa.",
    "not_open": "Hồ sơ {code} đang ở trạng thái «{current}» trên máy chủ; không thể gia hạn.",
    "terminal": "Hồ sơ {code} đã kết thúc («{current}») trên máy chủ; không thể chuyển sang «{target}».",
}
_DEFAULT_WHY = (
    "Hồ sơ {code} đang ở trạng thái «{current}» trên máy chủ (có thể máy khác đã xử lý); "
    "không thể chuyển sang «{target}»."
)


def illegal(doc: DossierDoc, exc: IllegalTransition) -> Rejected:
    text = _WHY_VI.get(exc.reason, _DEFAULT_WHY).format(
        code=doc["code"], current=label(doc["state"]), target=label(exc.target)
    )
    return Rejected("state", text, server_state(doc))


def _facts(doc: DossierDoc) -> DossierFacts:
    return DossierFacts(State(doc["state"]), doc["supplement_count"], doc["extension_count"])


def apply_transition(
    doc: DossierDoc,
    payload: dict[str, Any],
    *,
    event_id: str,
    actor: str,
    missing_blobs: int = 0,
) -> Status:
    """A commune step, validated with app.lifecycle against the current server state."""
    target_text = _text(payload, "to", "payload.to", required=True)
    try:
        target = State(target_text)
    except ValueError:
        raise _invalid("payload.to", f"trạng thái không hợp lệ {target_text!r}") from None
    reason = _text(payload, "reason", "payload.reason")
    if has_event(doc, event_id):
        return "applied_noop"  # this very step already reached the server (new mutation id)
    current = State(doc["state"])
    if current is target:
        same = target not in REASON_REQUIRED or _last_reason(doc, target) == reason
        if same:
            return "applied_noop"  # e.g. both PCs forwarded it
    try:
        check_transition(_facts(doc), target, reason)
    except IllegalTransition as exc:
        raise illegal(doc, exc) from None
    if target is State.FORWARDED and missing_blobs:
        raise Rejected(
            "blob_missing",
            f"Hồ sơ {doc['code']} còn {missing_blobs} tệp scan chưa tải lên máy chủ; "
            "chưa thể chuyển cơ quan giải quyết. Máy sẽ gửi lại khi tải xong.",
            server_state(doc),
        )
    at = parse_aware(payload.get("at")) or utc_now()
    extra = {k: v for k, v in payload.items() if k not in TRANSITION_KEYS}
    detail: dict[str, Any] = dict(extra)
    if target is State.SUPPLEMENT_REQUESTED:
        doc["supplement_count"] += 1
        doc["paused_at"] = at.isoformat()
    elif current is State.SUPPLEMENT_REQUESTED and doc["paused_at"] is not None:
        # The desk computed the resumed due date with its calendar; the server records it.
        new_due = parse_aware(payload.get("due_at"))
        detail.update({"paused_at": doc["paused_at"], "due_before": doc["due_at"]})
        if new_due is not None:
            doc["due_at"] = new_due.isoformat()
        doc["paused_at"] = None
    elif current is State.ONLINE_SUBMITTED and target is State.RECEIVED:
        # Accepted at the desk: reception and the due date run from there (computed by the
        # desk with its calendar, as for every dossier it receives).
        new_due = parse_aware(payload.get("due_at"))
        received = parse_aware(payload.get("received_at"))
        if new_due is not None:
            doc["due_at"] = doc["original_due_at"] = new_due.isoformat()
        if received is not None:
            doc["received_at"] = received.isoformat()
        if isinstance(payload.get("calendar_version"), str):
            doc["calendar_version"] = payload["calendar_version"]
        doc["recompute_flag"] = False
    if target in FINISHING and doc["finished_at"] is None:
        doc["finished_at"] = at.isoformat()
    doc["state"] = target.value
    detail["due_at"] = doc["due_at"]
    make_event(
        doc,
        event_id=event_id,
        kind="transition",
        from_state=current.value,
        to_state=target.value,
        at=at.isoformat(),
        actor=actor,
        reason=reason,
        detail=detail,
    )
    return "applied"


def _last_reason(doc: DossierDoc, target: State) -> str:
    for event in reversed(doc["events"]):
        if event["to_state"] == target.value and event["kind"] != "extension":
            return str(event["reason"])
    return ""


def apply_extend(doc: DossierDoc, payload: dict[str, Any], *, event_id: str, actor: str) -> Status:
    """The one extension (Mẫu 04)."""
    reason = _text(payload, "reason", "payload.reason")
    new_due = parse_aware(payload.get("due_at"))
    if new_due is None:
        raise _invalid("payload.due_at", "phải là thời điểm ISO 8601 có múi giờ")
    if has_event(doc, event_id):
        return "applied_noop"
    current_due = parse_aware(doc["due_at"])
    if doc["extension_count"] >= 1 and current_due == new_due:
        return "applied_noop"  # both PCs extended to the same date
    try:
        check_extension(_facts(doc), reason)
    except IllegalTransition as exc:
        raise illegal(doc, exc) from None
    if current_due is not None and new_due <= current_due:
        raise Rejected(
            "state",
            f"Hồ sơ {doc['code']}: ngày hẹn mới phải sau ngày hẹn hiện tại trên máy chủ.",
            server_state(doc),
        )
    old = doc["due_at"]
    doc["due_at"] = new_due.isoformat()
    doc["extension_count"] += 1
    doc["extension_reason"] = reason
    make_event(
        doc,
        event_id=event_id,
        kind="extension",
        from_state=doc["state"],
        to_state=doc["state"],
        at=(parse_aware(payload.get("at")) or utc_now()).isoformat(),
        actor=actor,
        reason=reason,
        detail={"due_before": old, "due_at": doc["due_at"]},
    )
    return "applied"


def parse_attachment(payload: dict[str, Any], blob_refs: object = None) -> AttachmentDoc:
    """``attachment.add``: the desk's payload (app/attachments.py) plus its blob_ref.

    The desk sends ``attachment_id``, ``document_id``, ``role``, ``file_name``, ``pages``,
    ``profile``, ``reused_from`` (and ``supersedes``) with the file's sha256/size/mime in
    ``blob_refs``; an AttachmentDoc-shaped payload (``id``, ``sha256``, ``size``, ``mime``)
    is accepted too.
    """
    ref: dict[str, Any] = {}
    if isinstance(blob_refs, list):
        refs = [r for r in blob_refs if isinstance(r, dict)]
        ref = refs[0] if refs else {}
    merged = {**ref, **{k: v for k, v in payload.items() if v is not None or k == "document_id"}}
    merged.setdefault("id", payload.get("attachment_id"))
    sha = _text(merged, "sha256", "payload.sha256", required=True).lower()
    if len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha):
        raise _invalid("payload.sha256", "phải là SHA-256 dạng hex")
    role = _text(merged, "role", "payload.role") or "component"
    if role not in ("component", "result"):
        raise _invalid("payload.role", "phải là component hoặc result")
    document_id = payload.get("document_id")
    if document_id is not None and not isinstance(document_id, str):
        raise _invalid("payload.document_id", "phải là chuỗi hoặc null")
    reused_from = payload.get("reused_from")
    if reused_from is not None and not isinstance(reused_from, str):
        raise _invalid("payload.reused_from", "phải là chuỗi hoặc null")
    return {
        "id": _text(merged, "id", "payload.attachment_id", required=True),
        "document_id": document_id,
        "role": role,
        "sha256": sha,
        "size": _int(merged, "size", "payload.size"),
        "mime": _text(merged, "mime", "payload.mime") or "application/pdf",
        "file_name": _text(merged, "file_name", "payload.file_name"),
        "pages": _int(merged, "pages", "payload.pages", 0),
        "profile": _text(merged, "profile", "payload.profile"),
        "reused_from": reused_from,
    }


def superseded_ids(payload: dict[str, Any]) -> list[str]:
    value = payload.get("supersedes", [])
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def apply_attachment(
    doc: DossierDoc, att: AttachmentDoc, supersedes: list[str] | None = None
) -> Status:
    """Set union by id; marks the checklist line digitised (and reused).

    Attachments named in ``supersedes`` leave ``attachments`` (the desk shows current files
    only) and are kept under the server-side key ``superseded_attachments``: never deleted.
    """
    if any(a["id"] == att["id"] for a in doc["attachments"]):
        return "applied_noop"
    old = [a for a in doc["attachments"] if a["id"] in set(supersedes or ())]
    if old:
        kept = cast(dict[str, Any], doc).setdefault("superseded_attachments", [])
        for a in old:
            kept.append({**a, "superseded_by": att["id"]})
        doc["attachments"] = [a for a in doc["attachments"] if a not in old]
    if att["document_id"] is not None and not any(
        d["id"] == att["document_id"] for d in doc["documents"]
    ):
        raise _invalid("payload.document_id", "không có trong danh mục giấy tờ của hồ sơ")
    doc["attachments"].append(att)
    for line in doc["documents"]:
        if line["id"] == att["document_id"]:
            line["digitised"] = True
            if att["reused_from"]:
                line["reused"] = True
    return "applied"


def clone(doc: dict[str, Any]) -> DossierDoc:
    return cast(DossierDoc, copy.deepcopy(doc))


def now_iso() -> str:
    return iso(utc_now())
