"""Shared fixtures: an initialised store in a temporary directory, a fixed clock."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from app.cli import main as cli_main
from app.datadir import db_path, open_data_dir
from db.engine import Store

AGENCY = "000.17.22.H56"

# Wednesday 25/11/2026 09:30 in Asia/Ho_Chi_Minh (UTC+7), a working day.
FIXED_NOW = datetime(2026, 11, 25, 2, 30, tzinfo=UTC)


def fixed_clock() -> datetime:
    return FIXED_NOW


def init_store(data_dir: Path, device_no: int = 1) -> None:
    rc = cli_main(
        [
            "init",
            "--data-dir",
            str(data_dir),
            "--agency-code",
            AGENCY,
            "--commune-name",
            "Xã Pà Cò",
            "--device-no",
            str(device_no),
            "--province",
            "Phú Thọ",
        ]
    )
    assert rc == 0


@pytest.fixture(scope="session")
def _template_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One initialised store per run; each test gets its own copy (init seeds ~400 rows)."""
    d = tmp_path_factory.mktemp("template") / "data"
    init_store(d)
    return d


@pytest.fixture
def data_dir(tmp_path: Path, _template_store: Path) -> Path:
    d = tmp_path / "data"
    d.mkdir()
    with (
        closing(sqlite3.connect(db_path(_template_store))) as src,
        closing(sqlite3.connect(db_path(d))) as dst,
    ):
        src.backup(dst)
    return d


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    s = open_data_dir(data_dir)
    yield s
    s.dispose()


def table_counts(data_dir: Path) -> dict[str, int]:
    """Row counts of every table: proves that a refused action wrote nothing."""
    with closing(sqlite3.connect(db_path(data_dir))) as conn:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'dossier_fts_%'"
            )
        ]
        return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


def intake_json(**over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "procedure": "1.001193",
        "received_at": "2026-11-25 09:15",
        "channel": "direct",
        "applicant": {
            "name": "Giàng A Páo",
            "id_number": "010095001234",
            "phone": "0912345678",
            "address": "Bản Pà Cò, xã Pà Cò, tỉnh Phú Thọ",
        },
        "documents": [],
    }
    data.update(over)
    return data


@pytest.fixture(autouse=True)
def _isolated_user_settings(tmp_path: Path) -> None:
    """Every test gets its own QSettings folder: the remembered printers and window state of
    whoever runs the suite are never read (a test could otherwise print on a real printer)."""
    from PySide6.QtCore import QSettings

    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "user-settings")
    )


@pytest.fixture(autouse=True, scope="session")
def _no_garbage_collection_on_pool_threads() -> Iterator[None]:
    """As in the app (ui/gcguard.py): the cyclic collector must not run on a Task's thread,
    where it may finalise Qt objects of the GUI thread and crash the process."""
    import gc

    gc.disable()
    yield
    gc.enable()


@pytest.fixture(autouse=True)
def _collect_on_the_main_thread() -> Iterator[None]:
    import gc

    yield
    gc.collect()
