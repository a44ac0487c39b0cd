"""The store's durability settings and migrations at start."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from app.datadir import open_data_dir
from db.engine import Store
from db.migrate import current_revision, head_revision


def test_pragmas_on_both_engines(store: Store) -> None:
    for factory in (store.read, store.write):
        with factory() as s:
            assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert s.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
            assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_open_migrates_a_new_store_to_head(tmp_path: Path) -> None:
    store = open_data_dir(tmp_path / "new")
    store.dispose()
    assert current_revision(tmp_path / "new" / "motcua.sqlite3") == head_revision()


def test_foreign_keys_are_enforced(store: Store) -> None:
    import pytest
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), store.write.begin() as s:
        s.execute(
            text(
                "INSERT INTO dossier_document(id, dossier_id, position, doc_code, name, copy_type,"
                " copies, required, received, digitised, reused, scan_profile)"
                " VALUES ('x', 'no-such-dossier', 0, '', 'n', 'original', 1, 1, 0, 0, 0, 'text')"
            )
        )
