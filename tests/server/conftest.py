"""Fixtures for server/ tests: both backends and an in-process server (see helpers.py)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from server.app import create_app
from server.db import make_session_factory
from server.settings import ServerSettings
from server.testing import scratch_database
from tests.server.helpers import AGENCY_A, AGENCY_B, JWT_SECRET, Harness, require_pg

TABLES = (
    "nonce, applied_mutation, expected_blob, change_log, dossier, enrolment, device, "
    "scope_counter, blob, agency, server_meta"
)


@pytest.fixture(scope="session")
def pg_base_dsn() -> str:
    """TEST_PG_DSN (CI), else the development server; CI without PostgreSQL fails."""
    return require_pg()


@pytest.fixture(scope="module")
def pg_url(pg_base_dsn: str) -> Iterator[str]:
    """A fresh database for this test module (dropped afterwards)."""
    with scratch_database(pg_base_dsn, "motcua_srv") as url:
        yield url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'server.sqlite3'}"


def _reset_pg(url: str) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            exists = conn.execute(text("SELECT to_regclass('public.server_meta')")).scalar()
            if exists is not None:
                conn.execute(text(f"TRUNCATE {TABLES}"))
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each test that uses it runs on both backends (PostgreSQL: emptied module database)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'server.sqlite3'}"
    url: str = request.getfixturevalue("pg_url")
    _reset_pg(url)
    return url


@contextmanager
def running(db_url: str, data_dir: Path) -> Iterator[Harness]:
    settings = ServerSettings.create(data_dir, db_url=db_url, jwt_secret=JWT_SECRET)
    app = create_app(settings)
    with TestClient(app) as client:
        h = Harness(client, settings, make_session_factory(app.state.server.engine))
        h.add_agency(AGENCY_A, "Xã Pà Cò")
        h.add_agency(AGENCY_B, "Xã Hang Kia")
        yield h


@pytest.fixture
def harness(db_url: str, tmp_path: Path) -> Iterator[Harness]:
    """An in-process server on each backend with two communes (AGENCY_A, AGENCY_B)."""
    with running(db_url, tmp_path / "data") as h:
        yield h


@pytest.fixture
def pg_harness(pg_url: str, tmp_path: Path) -> Iterator[Harness]:
    """The same on PostgreSQL only (concurrency tests)."""
    _reset_pg(pg_url)
    with running(pg_url, tmp_path / "data") as h:
        yield h
