"""Local officer accounts: argon2id password hashes, roles, login, first administrator.

The officer's username is what every dossier and event records as the actor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.clock import Clock, new_id, system_clock
from app.errors import DomainError, InvalidInput
from app.textnorm import nfc
from db.engine import Store
from db.models import AuditLog, UserAccount

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{2,39}$")
MIN_PASSWORD = 8
_HASHER = PasswordHasher()  # argon2id with the library's current defaults


class Role(StrEnum):
    OFFICER = "officer"  # cán bộ tiếp nhận
    HEAD = "head"  # lãnh đạo bộ phận
    ADMIN = "admin"  # quản trị


class LoginFailed(DomainError):
    """Wrong username or password, or the account is disabled (deliberately not told apart)."""


@dataclass(frozen=True)
class UserInfo:
    id: str
    username: str
    full_name: str
    role: Role

    @staticmethod
    def from_model(u: UserAccount) -> UserInfo:
        return UserInfo(u.id, u.username, u.full_name, Role(u.role))


def validate_username(username: str) -> str:
    clean = nfc(username).lower()
    if not USERNAME_RE.match(clean):
        raise InvalidInput(
            "username",
            "format",
            "Tên đăng nhập 3–40 ký tự: chữ không dấu, số, dấu chấm, gạch dưới hoặc gạch ngang",
        )
    return clean


def validate_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput("password", "too_short", f"Mật khẩu cần ít nhất {MIN_PASSWORD} ký tự")
    return password


def create_user(
    session: Session,
    *,
    username: str,
    full_name: str,
    role: Role,
    password: str,
    actor: str,
    now: datetime,
) -> UserInfo:
    """Inside the caller's write transaction."""
    name = validate_username(username)
    full = nfc(full_name)
    if not full:
        raise InvalidInput("full_name", "required", "Họ và tên không được để trống")
    validate_password(password)
    if session.scalar(select(UserAccount.id).where(UserAccount.username == name)) is not None:
        raise InvalidInput("username", "taken", f"Tên đăng nhập {name} đã có")
    user = UserAccount(
        id=new_id(),
        username=name,
        full_name=full,
        role=role.value,
        password_hash=_HASHER.hash(password),
        active=True,
        failed_logins=0,
        created_at=now,
    )
    session.add(user)
    session.add(
        AuditLog(
            at=now,
            actor=actor,
            action="user.create",
            entity="user_account",
            entity_id=user.id,
            detail={"username": name, "role": role.value},
        )
    )
    session.flush()
    return UserInfo.from_model(user)


def has_users(store: Store) -> bool:
    with store.read() as session:
        return bool(session.scalar(select(func.count()).select_from(UserAccount)))


def list_users(store: Store) -> list[UserInfo]:
    with store.read() as session:
        rows = session.scalars(
            select(UserAccount).where(UserAccount.active).order_by(UserAccount.username)
        )
        return [UserInfo.from_model(u) for u in rows]


def authenticate(
    store: Store, username: str, password: str, *, clock: Clock = system_clock
) -> UserInfo:
    """Check a password; records the login (or the failure) in the audit log."""
    name = nfc(username).lower()
    now = clock()
    with store.write.begin() as session:
        user = session.scalars(select(UserAccount).where(UserAccount.username == name)).first()
        ok = False
        if user is not None and user.active:
            try:
                ok = _HASHER.verify(user.password_hash, password)
            except (VerifyMismatchError, VerificationError, InvalidHashError):
                ok = False
        session.add(
            AuditLog(
                at=now,
                actor=name or "?",
                action="user.login" if ok else "user.login_failed",
                entity="user_account",
                entity_id=user.id if user else "",
                detail={},
            )
        )
        if user is None or not ok:
            if user is not None:
                user.failed_logins += 1
            session.flush()
            result: UserInfo | None = None
        else:
            user.failed_logins = 0
            user.last_login_at = now
            if _HASHER.check_needs_rehash(user.password_hash):
                user.password_hash = _HASHER.hash(password)
            result = UserInfo.from_model(user)
    if result is None:
        raise LoginFailed(name)
    return result
