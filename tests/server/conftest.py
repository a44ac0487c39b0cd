"""Fixtures for server/ tests: both backends and an in-process server (see helpers.py)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from server.app import create_app
from server.db import make_session_factory
from server.settings import ServerSettings
from tests.server.helpers import AGENCY_A, AGENCY_B, JWT_SECRET, Harness

FALLBACK_PG = "postgresql+psycopg://postgres@127.0.0.1:55440/postgres"
TABLES = (
    "nonce, applied_mutation, expected_blob, change_log, dossier, enrolment, device, "
    "scope_counter, blob, agency, server_meta"
)


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def pg_base_dsn() -> str:
    """TEST_PG_DSN (CI), else the development server; CI without PostgreSQL fails."""
    dsn = os.environ.get("TEST_PG_DSN") or FALLBACK_PG
    try:
        with psycopg.connect(_libpq(dsn), connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except psycopg.OperationalError as exc:
        if os.environ.get("CI") or os.environ.get("TEST_PG_DSN"):
            pytest.fail(f"PostgreSQL not reachable at {dsn}: {exc}")
        pytest.skip(f"PostgreSQL not reachable at {dsn}")
    return dsn


@pytest.fixture(scope="module")
def pg_url(pg_base_dsn: str) -> Iterator[str]:
    """A fresh database for this test module (dropped afterwards)."""
    name = f"motcua_srv_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_libpq(pg_base_dsn), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = make_url(pg_base_dsn).set(database=name).render_as_string(hide_password=False)
    yield url
    with psycopg.connect(_libpq(pg_base_dsn), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


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
