"""Migrations never lose data, queued sync changes included (fixture DB from revision 0001)."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine

from app.datadir import db_path, open_data_dir
from app.dossiers import search, transition
from app.lifecycle import State
from db.migrate import current_revision, head_revision, upgrade_to_head
from db.models import Base

FIXTURE = Path(__file__).parent / "fixtures" / "store_0001.sqlite3"
OUTBOX_COLS = (
    "device_seq, mutation_id, entity_type, entity_id, op, base_version, payload, payload_schema,"
    " user_id, device_time, clock_offset_ms, blob_refs, state, attempts, last_error"
)


def dump(path: Path, sql: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(path)) as c:
        return c.execute(sql).fetchall()


def test_fixture_is_at_0001() -> None:
    assert current_revision(FIXTURE) == "0001"


def test_upgrade_from_0001_keeps_everything(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(FIXTURE, db_path(data))
    before = {
        "outbox": dump(FIXTURE, f"SELECT {OUTBOX_COLS} FROM outbox ORDER BY device_seq"),
        "dossier": dump(FIXTURE, "SELECT * FROM dossier ORDER BY code"),
        "event": dump(FIXTURE, "SELECT * FROM dossier_event ORDER BY id"),
        "doc": dump(FIXTURE, "SELECT * FROM dossier_document ORDER BY id"),
        "seq": dump(FIXTURE, "SELECT seq FROM sqlite_sequence WHERE name = 'outbox'"),
    }
    assert len(before["outbox"]) == 3
    assert before["seq"] == [(4,)]

    store = open_data_dir(data)  # migrates, after a backup
    try:
        path = db_path(data)
        assert current_revision(path) == head_revision()
        assert (
            dump(path, f"SELECT {OUTBOX_COLS} FROM outbox ORDER BY device_seq") == before["outbox"]
        )
        width = len(before["dossier"][0])  # later migrations only append columns
        assert [r[:width] for r in dump(path, "SELECT * FROM dossier ORDER BY code")] == before[
            "dossier"
        ]
        assert dump(path, "SELECT server_version, recompute_flag FROM dossier LIMIT 1") == [
            (None, 0)
        ]
        assert dump(path, "SELECT * FROM dossier_event ORDER BY id") == before["event"]
        assert dump(path, "SELECT * FROM dossier_document ORDER BY id") == before["doc"]
        assert dump(path, "SELECT seq FROM sqlite_sequence WHERE name = 'outbox'") == [(4,)]
        backups = list((data / "backups").glob("*.sqlite3"))
        assert len(backups) == 1
        assert current_revision(backups[0]) == "0001"
        # The store works on: a new mutation never takes the pruned number 4 again.
        transition(store, "000.17.22.H56-261120-1002", State.IN_PROCESS, actor="cb")
        seqs = [r[0] for r in dump(path, "SELECT device_seq FROM outbox ORDER BY device_seq")]
        assert seqs == [1, 2, 3, 5]
        assert [r.code for r in search(store, "dang thi anh")]  # the FTS index came along
    finally:
        store.dispose()


def test_empty_store_to_head_and_models_match(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    assert upgrade_to_head(path, "t") is None  # nothing to back up
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as conn:
            diff = compare_metadata(
                MigrationContext.configure(conn, opts={"render_as_batch": True}), Base.metadata
            )
    finally:
        engine.dispose()
    # The FTS5 tables are created by hand in 0001 and are not ORM models.
    real = [d for d in diff if not (d[0] == "remove_table" and d[1].name.startswith("dossier_fts"))]
    assert real == []


def test_downgrade_and_upgrade_again_keep_the_outbox(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    shutil.copy(FIXTURE, path)
    upgrade_to_head(path, "t")
    rows = dump(path, f"SELECT {OUTBOX_COLS} FROM outbox")
    seq_sql = "SELECT seq FROM sqlite_sequence WHERE name = 'outbox'"
    upgrade_to_head(path, "t", target="0001")
    assert dump(path, f"SELECT {OUTBOX_COLS} FROM outbox") == rows
    assert dump(path, seq_sql) == [(4,)]
    upgrade_to_head(path, "t")
    assert dump(path, f"SELECT {OUTBOX_COLS} FROM outbox") == rows
    assert dump(path, seq_sql) == [(4,)]


def test_processes_started_together_migrate_once(tmp_path: Path) -> None:
    """Six processes open a 0001 store at once (desk + scripts after an upgrade): one migrates,
    the others wait for it; nobody fails and exactly one backup is made."""
    import subprocess
    import sys

    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(FIXTURE, db_path(data))
    code = "import sys; from app.datadir import open_data_dir; open_data_dir(__import__('pathlib').Path(sys.argv[1])).dispose()"
    procs = [
        subprocess.Popen([sys.executable, "-c", code, str(data)], stderr=subprocess.PIPE)
        for _ in range(6)
    ]
    errors = [p.communicate(timeout=120)[1].decode() for p in procs]
    assert [p.returncode for p in procs] == [0] * 6, errors
    assert current_revision(db_path(data)) == head_revision()
    assert len(list((data / "backups").glob("*.sqlite3"))) == 1
