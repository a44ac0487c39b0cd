"""Device enrolment, nonces and tokens (sync-protocol.md §3.9).

Enrolment codes are random, shown once and stored only as SHA-256 (they carry 60 bits of
entropy and expire in 24 h, so a plain hash is enough). Tokens are HS256 JWTs naming the device
and its agency; the device row is checked on every request, so revocation is immediate.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import secrets
import uuid
from datetime import datetime, timedelta
from typing import Any

import jwt
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.textnorm import nfc
from server.common import ApiError, utc_now
from server.models import Agency, Device, Enrolment, Nonce

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no I/L/O/U/0/1: read aloud over the phone
CODE_LENGTH = 12
MAX_DEVICE_NO = 9


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def hash_code(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode("ascii", "ignore")).hexdigest()


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def create_enrolment(
    session: Session,
    agency_code: str,
    label: str,
    *,
    ttl_s: int,
    created_by: str = "admin",
    now: datetime | None = None,
) -> str:
    """A new one-time code for (agency, PC label); returns the code in clear (shown once)."""
    if session.get(Agency, agency_code) is None:
        raise ApiError(404, "unknown_agency", f"agency-code: không có đơn vị {agency_code}")
    now = now or utc_now()
    code = new_code()
    session.add(
        Enrolment(
            code_hash=hash_code(code),
            agency=agency_code,
            label=nfc(label),
            expires_at=now + timedelta(seconds=ttl_s),
            used_at=None,
            device_id=None,
            created_by=created_by,
            created_at=now,
        )
    )
    return code


def load_public_key(pem: str) -> Ed25519PublicKey:
    try:
        key = load_pem_public_key(pem.encode("ascii"))
    except (ValueError, UnicodeEncodeError, TypeError):
        raise ApiError(400, "malformed", "public_key: không phải khóa PEM hợp lệ") from None
    if not isinstance(key, Ed25519PublicKey):
        raise ApiError(400, "malformed", "public_key: phải là khóa Ed25519")
    return key


def enroll(session: Session, code: str, public_key: str, hostname: str, app_version: str) -> Device:
    """Consume a one-time code and create the device with the lowest free device_no."""
    load_public_key(public_key)
    enrolment = session.scalars(
        select(Enrolment).where(Enrolment.code_hash == hash_code(code)).with_for_update()
    ).first()
    now = utc_now()
    if enrolment is not None and enrolment.used_at is not None and enrolment.device_id:
        # A retry after a lost response: the same key proves it is the same PC, which gets the
        # device it was given (the code stays single-use for anyone else).
        earlier = session.get(Device, enrolment.device_id)
        if earlier is not None and not earlier.revoked and earlier.public_key == public_key:
            return earlier
    if enrolment is None or enrolment.used_at is not None or enrolment.expires_at <= now:
        raise ApiError(
            403, "enroll_code_invalid", "Mã đăng ký không đúng, đã dùng hoặc đã hết hạn."
        )
    # Serialise enrolments of one agency (device_no allocation) on the agency row.
    session.scalars(select(Agency).where(Agency.code == enrolment.agency).with_for_update()).one()
    devices = session.scalars(select(Device).where(Device.agency == enrolment.agency)).all()
    active = {d.device_no for d in devices if not d.revoked}
    ever = {d.device_no for d in devices}
    free = [n for n in range(1, MAX_DEVICE_NO + 1) if n not in ever]
    # A revoked PC's number is reused only when all nine were used once (its codes may clash:
    # the server then answers rejected{kind:"code"}, sync-protocol.md §3.2).
    free = free or [n for n in range(1, MAX_DEVICE_NO + 1) if n not in active]
    if not free:
        raise ApiError(
            403, "enroll_code_invalid", "Đơn vị đã có đủ 9 máy; hãy thu hồi một máy trước."
        )
    device = Device(
        id=str(uuid.uuid4()),
        agency=enrolment.agency,
        device_no=free[0],
        label=enrolment.label,
        hostname=nfc(hostname)[:200],
        public_key=public_key,
        last_seq=0,
        revoked=False,
        reset_token=None,
        reset_scopes=[],
        pulled_seq=0,
        enrolled_at=now,
        last_seen=now,
        app_version=app_version[:40],
        clock_offset_ms=None,
    )
    session.add(device)
    enrolment.used_at = now
    enrolment.device_id = device.id
    session.flush()
    return device


def _active_device(session: Session, device_id: str) -> Device:
    device = session.get(Device, device_id)
    if device is None or device.revoked:
        raise ApiError(403, "device_revoked", "Máy chưa đăng ký hoặc đã bị thu hồi.")
    return device


def issue_nonce(session: Session, device_id: str, ttl_s: int) -> Nonce:
    _active_device(session, device_id)
    nonce = Nonce(
        value=secrets.token_urlsafe(32),
        device_id=device_id,
        expires_at=utc_now() + timedelta(seconds=ttl_s),
        used=False,
    )
    session.add(nonce)
    return nonce


def verify_nonce(
    session: Session, device_id: str, nonce_value: str, signature: str
) -> Device | ApiError:
    """The device, or the error to answer *after committing* (the nonce is spent either way)."""
    device = _active_device(session, device_id)
    nonce = session.scalars(
        select(Nonce).where(Nonce.value == nonce_value).with_for_update()
    ).first()
    if nonce is None or nonce.device_id != device_id or nonce.used or nonce.expires_at <= utc_now():
        return ApiError(401, "token_invalid", "nonce: không đúng, đã dùng hoặc đã hết hạn")
    nonce.used = True  # single use, even when the signature turns out bad
    try:
        raw = base64.b64decode(signature, validate=True)
        load_public_key(device.public_key).verify(raw, nonce_value.encode("utf-8"))
    except (InvalidSignature, binascii.Error, ValueError):
        return ApiError(401, "token_invalid", "signature: chữ ký không hợp lệ")
    return device


def make_token(device: Device, secret: str, ttl_s: int) -> tuple[str, datetime]:
    now = utc_now()
    expires = now + timedelta(seconds=ttl_s)
    claims = {
        "sub": device.id,
        "agency": device.agency,
        "device_no": device.device_no,
        "iat": int(now.timestamp()),
        "exp": int(expires.timestamp()),
    }
    return jwt.encode(claims, secret, algorithm="HS256"), expires


def decode_token(token: str, secret: str) -> dict[str, Any]:
    try:
        claims: dict[str, Any] = jwt.decode(
            token, secret, algorithms=["HS256"], options={"require": ["exp", "sub"]}
        )
    except jwt.PyJWTError as exc:
        raise ApiError(401, "token_invalid", f"token: {type(exc).__name__}") from None
    return claims
