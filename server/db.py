"""Engine, sessions and migrations for PostgreSQL and the embedded SQLite default.

Write serialisation (sync-protocol.md §3.4): on PostgreSQL writers lock rows with
``SELECT … FOR UPDATE``; on SQLite ``with_for_update()`` renders nothing, so every transaction
starts with ``BEGIN IMMEDIATE`` (SQLite's single writer gives the same serialisation).
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.orm import Session, sessionmaker

from server.common import utc_now
from server.models import ScopeCounter, ServerMeta
from sync.wire import GLOBAL_SCOPE

MIGRATIONS = Path(__file__).parent / "migrations"


def new_epoch() -> str:
    return secrets.token_hex(8)


def make_engine(url: str) -> Engine:
    """An engine with the pragmas and transaction mode the server relies on."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (below)
            for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON"):
                dbapi_conn.execute(f"PRAGMA {pragma}")

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Any) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def migrate(engine: Engine) -> None:
    """Bring the schema to head and make sure the server_meta row (epoch) exists."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    with make_session_factory(engine).begin() as session:
        if session.get(ServerMeta, 1) is None:
            session.add(ServerMeta(id=1, epoch=new_epoch(), created_at=utc_now()))
        if session.get(ScopeCounter, GLOBAL_SCOPE) is None:
            session.add(ScopeCounter(scope=GLOBAL_SCOPE, last_seq=0, min_seq=0))


def get_epoch(session: Session) -> str:
    epoch = session.scalar(select(ServerMeta.epoch).where(ServerMeta.id == 1))
    if epoch is None:
        raise RuntimeError("server_meta missing: run `motcua-server init-db`")
    return epoch
