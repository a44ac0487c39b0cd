"""The content-addressed blob store: atomic, idempotent, verifiable, temp files swept."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from app.scanning.blobstore import BlobCorrupt, BlobStore, relative_path


def test_put_writes_under_the_hash_and_returns_where(tmp_path: Path) -> None:
    bs = BlobStore(tmp_path)
    data = b"%PDF-1.3 hello\n%%EOF\n"
    sha = hashlib.sha256(data).hexdigest()
    stored = bs.put(data)
    assert stored.sha256 == sha
    assert stored.size == len(data)
    assert stored.path == f"blobs/{sha[:2]}/{sha[2:4]}/{sha}"
    assert (tmp_path / stored.path).read_bytes() == data
    assert bs.read(sha) == data
    assert bs.verify(sha)
    assert list(bs.all_hashes()) == [sha]
    assert list(bs.temp_files()) == []


def test_put_is_idempotent(tmp_path: Path) -> None:
    bs = BlobStore(tmp_path)
    first = bs.put(b"same bytes")
    mtime = (tmp_path / first.path).stat().st_mtime_ns
    second = bs.put(b"same bytes")
    assert first == second
    assert (tmp_path / first.path).stat().st_mtime_ns == mtime  # not rewritten
    assert len(list(bs.all_hashes())) == 1


def test_a_damaged_file_is_detected_and_repaired_by_put(tmp_path: Path) -> None:
    bs = BlobStore(tmp_path)
    stored = bs.put(b"x" * 1000)
    (tmp_path / stored.path).write_bytes(b"x" * 999 + b"y")
    assert not bs.verify(stored.sha256)
    with pytest.raises(BlobCorrupt, match="mismatch"):
        bs.read(stored.sha256)
    bs.put(b"x" * 1000)
    assert bs.verify(stored.sha256)
    (tmp_path / stored.path).unlink()
    with pytest.raises(BlobCorrupt, match="missing"):
        bs.read(stored.sha256)


def test_failed_write_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bs = BlobStore(tmp_path)

    def boom(*_a: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(OSError, match="disk full"):
        bs.put(b"never stored")
    monkeypatch.undo()
    assert list(bs.all_hashes()) == []
    assert list(bs.temp_files()) == []


def test_sweep_removes_only_old_temp_files(tmp_path: Path) -> None:
    bs = BlobStore(tmp_path)
    stored = bs.put(b"kept")
    folder = (tmp_path / stored.path).parent
    stale = folder / f".{stored.sha256}.dead.tmp"
    stale.write_bytes(b"half")
    os.utime(stale, (1, 1))
    fresh = folder / f".{stored.sha256}.live.tmp"
    fresh.write_bytes(b"in progress")
    assert set(bs.temp_files()) == {stale, fresh}
    assert bs.sweep_temp(older_than_s=3600) == 1
    assert set(bs.temp_files()) == {fresh}
    assert bs.sweep_temp(older_than_s=0) == 1
    assert list(bs.temp_files()) == []
    assert bs.verify(stored.sha256)


def test_bad_hash_is_refused() -> None:
    with pytest.raises(ValueError, match="SHA-256"):
        relative_path("../../etc/passwd")
