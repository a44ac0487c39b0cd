"""Consistent backups while the desk runs (SQLite backup API), and restore with a safety copy."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from app import __version__
from app.datadir import db_path
from app.errors import InvalidInput
from db.migrate import backup_file, upgrade_to_head

REQUIRED_TABLES = {"alembic_version", "agency_settings", "dossier", "outbox"}


def backup(data_dir: Path, dest: Path) -> Path:
    """Copy the live store to ``dest`` (a file, or a directory to put a dated file in)."""
    src = db_path(data_dir)
    if not src.exists():
        raise InvalidInput("data_dir", "missing", f"Không có kho dữ liệu tại {data_dir}")
    if dest.is_dir():
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        dest = dest / f"motcua-backup-{stamp}.sqlite3"
    if dest.exists():
        raise InvalidInput("dest", "exists", f"Tệp {dest} đã có; chọn tên khác")
    tmp = dest.with_name(dest.name + ".part")
    backup_file(src, tmp)
    _check_store_file(tmp, "dest")
    tmp.replace(dest)
    return dest


def _check_store_file(path: Path, field: str) -> None:
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            ok = conn.execute("PRAGMA integrity_check").fetchone()
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as exc:
        raise InvalidInput(field, "not_a_store", f"{path} không phải kho dữ liệu: {exc}") from None
    if ok is None or ok[0] != "ok":
        raise InvalidInput(field, "corrupt", f"{path} bị hỏng (integrity_check)")
    if not tables >= REQUIRED_TABLES:
        raise InvalidInput(field, "not_a_store", f"{path} không phải kho dữ liệu Một cửa")


def restore(data_dir: Path, src: Path) -> Path | None:
    """Replace the store with ``src``; the current store is first copied aside (returned)."""
    if not src.is_file():
        raise InvalidInput("src", "missing", f"Không tìm thấy tệp {src}")
    _check_store_file(src, "src")
    target = db_path(data_dir)
    saved: Path | None = None
    if target.exists():
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        saved = data_dir / "backups" / f"before-restore-{stamp}.sqlite3"
        backup_file(target, saved)
    data_dir.mkdir(parents=True, exist_ok=True)
    backup_file(src, target)
    upgrade_to_head(target, __version__)  # an older backup is brought to the current schema
    return saved
