"""Helpers for other engineers' tests: a real uvicorn subprocess and in-process admin calls.

Stable API:
    start_server(db_url, data_dir, port=0) -> (base_url, process)
    stop_server(process)
    create_agency(db_url, code, name)
    create_enrolment_code(db_url, agency_code, label="PC 1") -> str
    new_epoch(db_url) -> str
    pg_dsn() -> str; libpq(url) -> str; scratch_database(base_url, prefix) -> url (context)
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.engine import make_url

from server import admin, auth
from server.db import make_engine, make_session_factory, migrate
from server.models import Agency
from sync.wire import ENROLL_CODE_TTL_S, SERVICE_MARKER

DEV_PG = "postgresql+psycopg://postgres@127.0.0.1:55440/postgres"


def pg_dsn() -> str:
    """The PostgreSQL to make test and benchmark databases in: ``TEST_PG_DSN``, else the
    development server."""
    return os.environ.get("TEST_PG_DSN") or DEV_PG


def libpq(url: str) -> str:
    """A SQLAlchemy URL as a libpq connection string (for psycopg.connect)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@contextmanager
def scratch_database(base_url: str, prefix: str) -> Iterator[str]:
    """A new, empty database ``<prefix>_<hex>`` on ``base_url``'s server, dropped
    ``WITH (FORCE)`` on exit; yields its SQLAlchemy URL."""
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(libpq(base_url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(base_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(libpq(base_url), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_server(
    db_url: str,
    data_dir: Path | str,
    port: int = 0,
    *,
    timeout_s: float = 30.0,
    env: dict[str, str] | None = None,
    workers: int = 1,
    push_threads: int | None = None,
) -> tuple[str, subprocess.Popen[bytes]]:
    """Run ``motcua-server serve`` in a subprocess; returns once /v1/health answers.

    ``port=0`` picks a free port. ``env`` adds variables (e.g. ``SERVER_CRASH_AT``). The
    process's output goes to ``<data_dir>/server.log``. Stop it with :func:`stop_server`.
    ``workers`` > 1 runs ``serve --workers N`` (PostgreSQL only); ``push_threads`` sets
    ``serve --push-threads``.
    """
    root = Path(data_dir)
    root.mkdir(parents=True, exist_ok=True)
    port = port or _free_port()
    log = open(root / "server.log", "ab")  # noqa: SIM115 - owned by the child process
    cmd = [
        sys.executable,
        "-m",
        "server.cli",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--db",
        db_url,
        "--data-dir",
        str(root),
        "--log-level",
        "warning",
    ]
    if workers != 1:
        cmd += ["--workers", str(workers)]
    if push_threads is not None:
        cmd += ["--push-threads", str(push_threads)]
    process = subprocess.Popen(
        cmd, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})}
    )
    log.close()
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}; see {root}/server.log")
        try:
            with urllib.request.urlopen(f"{base_url}/v1/health", timeout=2) as resp:
                if json.loads(resp.read()).get("service") == SERVICE_MARKER:
                    return base_url, process
        except (urllib.error.URLError, OSError, ValueError):
            pass
        time.sleep(0.1)
    stop_server(process)
    raise RuntimeError(f"server did not answer /v1/health within {timeout_s} s")


def stop_server(process: subprocess.Popen[bytes], timeout_s: float = 10.0) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def create_agency(db_url: str, code: str, name: str) -> None:
    """Add a commune (idempotent: an existing one is left as is)."""
    engine = make_engine(db_url)
    try:
        migrate(engine)
        with make_session_factory(engine).begin() as session:
            if session.get(Agency, code) is None:
                admin.add_agency(session, code, name)
    finally:
        engine.dispose()


def create_enrolment_code(
    db_url: str, agency_code: str, label: str = "PC 1", ttl_s: int = ENROLL_CODE_TTL_S
) -> str:
    """A one-time enrolment code for the agency (as ``motcua-server enroll`` prints it)."""
    engine = make_engine(db_url)
    try:
        migrate(engine)
        with make_session_factory(engine).begin() as session:
            return auth.create_enrolment(session, agency_code, label, ttl_s=ttl_s)
    finally:
        engine.dispose()


def new_epoch(db_url: str) -> str:
    """The "server restored from backup" switch: every cursor gets 410 afterwards."""
    engine = make_engine(db_url)
    try:
        with make_session_factory(engine).begin() as session:
            return admin.bump_epoch(session)
    finally:
        engine.dispose()
