"""Server settings: one frozen object handed to :func:`server.app.create_app`."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from sync.wire import ENROLL_CODE_TTL_S, NONCE_TTL_S, TOKEN_TTL_S

DB_FILE = "server.sqlite3"


def default_db_url(data_dir: Path) -> str:
    """The embedded default: one SQLite file in the data directory."""
    return f"sqlite:///{(data_dir / DB_FILE).resolve()}"


def _load_or_create_secret(data_dir: Path) -> str:
    """A per-installation HS256 secret kept in ``<data_dir>/jwt_secret`` (mode 0600)."""
    path = data_dir / "jwt_secret"
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(48)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(value)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return value


@dataclass(frozen=True)
class ServerSettings:
    """Everything the server needs; build it with :meth:`create` to fill the defaults.

    Attributes:
        db_url: SQLAlchemy URL (``postgresql+psycopg://…`` or ``sqlite:///…``).
        data_dir: blobs (``blobs/``, ``partial/``), the JWT secret and the SQLite default.
        jwt_secret: HS256 key for device tokens.
        token_ttl_s / nonce_ttl_s / enroll_code_ttl_s: lifetimes (sync.wire defaults).
        require_blobs_for_forward: refuse a transition to ``forwarded`` while expected blobs of
            the dossier are missing (sync-protocol.md §3.7).
        max_body_bytes: limit of a decoded (gunzipped) request body.
        push_threads: push transactions run at once per server process. Few beat many: more
            threads only queue on the commune's feed lock and on Python's GIL
            (docs/performance.md, "Sync").
    """

    db_url: str
    data_dir: Path
    jwt_secret: str
    token_ttl_s: int = TOKEN_TTL_S
    nonce_ttl_s: int = NONCE_TTL_S
    enroll_code_ttl_s: int = ENROLL_CODE_TTL_S
    require_blobs_for_forward: bool = True
    max_body_bytes: int = 4 * 1024 * 1024
    push_threads: int = 4

    def __post_init__(self) -> None:
        if self.push_threads < 1:
            raise ValueError("push_threads: at least 1")
        if len(self.jwt_secret.encode("utf-8")) < 32:  # RFC 7518 §3.2 for HS256
            raise ValueError("jwt_secret: at least 32 bytes")

    @classmethod
    def create(
        cls,
        data_dir: Path | str,
        db_url: str | None = None,
        jwt_secret: str | None = None,
        **kwargs: object,
    ) -> ServerSettings:
        """Settings with the defaults filled: SQLite in ``data_dir``, a persisted secret."""
        root = Path(data_dir)
        root.mkdir(parents=True, exist_ok=True)
        return cls(
            db_url=db_url or os.environ.get("MOTCUA_SERVER_DB") or default_db_url(root),
            data_dir=root,
            jwt_secret=jwt_secret
            or os.environ.get("MOTCUA_SERVER_SECRET")
            or _load_or_create_secret(root),
            **kwargs,  # type: ignore[arg-type]
        )
