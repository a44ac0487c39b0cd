"""SQLite engines for the local store: durable (WAL + synchronous=FULL), foreign keys on.

Two session factories share one file: ``write`` opens every transaction with BEGIN IMMEDIATE,
so two writers (the desk and a CLI run, say) queue on the lock instead of failing half-way;
``read`` uses deferred transactions so reads never block the writer (WAL).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

PRAGMAS = (
    "foreign_keys=ON",
    "journal_mode=WAL",
    "synchronous=FULL",  # this file holds the outbox and issued dossier numbers
    "busy_timeout=15000",
)

DB_FILENAME = "motcua.sqlite3"


def _make_engine(path: Path, begin: str) -> Engine:
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": 15})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event emit BEGIN itself (the pysqlite driver would
        # otherwise start transactions lazily and always DEFERRED).
        dbapi_conn.isolation_level = None
        for pragma in PRAGMAS:
            dbapi_conn.execute(f"PRAGMA {pragma}")

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql(begin)

    return engine


@dataclass
class Store:
    """The engines and session factories of one local database file."""

    path: Path
    write_engine: Engine
    read_engine: Engine
    write: sessionmaker[Session]
    read: sessionmaker[Session]

    def dispose(self) -> None:
        self.write_engine.dispose()
        self.read_engine.dispose()


def open_store(path: Path) -> Store:
    """Open (not migrate) the database at ``path``."""
    write_engine = _make_engine(path, "BEGIN IMMEDIATE")
    read_engine = _make_engine(path, "BEGIN")
    return Store(
        path=path,
        write_engine=write_engine,
        read_engine=read_engine,
        write=sessionmaker(write_engine, expire_on_commit=False),
        read=sessionmaker(read_engine, expire_on_commit=False),
    )
