"""Alembic migrations applied at start, after a consistent copy of the file is put aside."""

from __future__ import annotations

import sqlite3
import sys
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class MigrationError(Exception):
    """The store could not be brought to the current schema; the backup is untouched."""


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    if head is None:
        raise MigrationError("no migration scripts found")
    return head


def current_revision(db_path: Path) -> str | None:
    if not db_path.exists():
        return None
    engine = create_engine(f"sqlite:///{db_path}")
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()


def backup_file(src: Path, dest: Path) -> None:
    """Consistent copy through SQLite's backup API (pages may still sit in the -wal file)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(src)) as s, closing(sqlite3.connect(dest)) as d:
        s.backup(d)


@contextmanager
def _migration_lock(db_path: Path) -> Iterator[None]:
    """One migrating process at a time: the desk and a CLI started together after an upgrade
    would otherwise both create the new tables."""
    lock_path = db_path.with_name(db_path.name + ".migrate-lock")
    with open(lock_path, "a+b") as fh:
        if sys.platform == "win32":  # not exercised on this project's Linux CI
            import msvcrt

            while True:
                try:
                    fh.seek(0)
                    msvcrt.locking(fh.fileno(), msvcrt.LK_LOCK, 1)
                    break
                except OSError:  # LK_LOCK gives up after ~10 s; keep waiting
                    time.sleep(0.2)
            try:
                yield
            finally:
                fh.seek(0)
                msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def upgrade_to_head(db_path: Path, app_version: str, target: str = "head") -> Path | None:
    """Migrate ``db_path`` to ``target``; returns the backup made first, if any was needed.

    The migration runs on a connection without the foreign-key pragma (batch mode copies
    tables), then ``PRAGMA foreign_key_check`` must come back empty.
    """
    wanted = head_revision() if target == "head" else target
    if current_revision(db_path) == wanted:
        return None
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with _migration_lock(db_path):
        return _upgrade_locked(db_path, app_version, target, wanted)


def _upgrade_locked(db_path: Path, app_version: str, target: str, wanted: str) -> Path | None:
    backup: Path | None = None
    current = current_revision(db_path)  # again: another process may have just migrated it
    if current == wanted:
        return None
    if current is not None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        backup = db_path.parent / "backups" / f"{db_path.stem}.pre-{app_version}-{stamp}.sqlite3"
        backup_file(db_path, backup)
    engine = create_engine(f"sqlite:///{db_path}")
    cfg = _config()
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, target)
            broken = conn.exec_driver_sql("PRAGMA foreign_key_check").first()
            if broken is not None:
                raise MigrationError(f"foreign keys broken after upgrade: {tuple(broken)}")
    finally:
        engine.dispose()
    return backup
