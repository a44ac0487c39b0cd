"""Content-addressed files under the data directory: ``blobs/ab/cd/<sha256>``.

A file is written to a temporary name in its final directory and installed by
:mod:`db.blobfiles` (fsync, rename, directory fsync; shared with sync/blobs.py): after a crash a
blob path holds either nothing or the complete file, never a prefix. Temporary files are
recognisable by name (``.<sha>.<random>.tmp``) and swept later. Writing the same bytes twice is
a no-op.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from app.crashpoints import crash_point
from db.blobfiles import (
    BLOB_DIR,
    TMP_SUFFIX,
    install,
    make_parent,
    relative_path,
    sha256_hex,
    temp_path,
)
from db.blobfiles import (
    verify as verify_file,
)

__all__ = [
    "BLOB_DIR",
    "TMP_SUFFIX",
    "BlobCorrupt",
    "BlobStore",
    "StoredBlob",
    "relative_path",
    "sha256_hex",
]


class BlobCorrupt(Exception):
    """A stored file is missing or its content does not match its SHA-256."""

    def __init__(self, sha256: str, reason: str) -> None:
        self.sha256 = sha256
        self.reason = reason
        super().__init__(f"blob {sha256}: {reason}")


@dataclass(frozen=True)
class StoredBlob:
    sha256: str
    size: int
    path: str  # relative to the data directory, with forward slashes (stored in Blob.path)


class BlobStore:
    """The blob files of one data directory (``Store.path.parent``)."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.root = self.data_dir / BLOB_DIR

    def path(self, sha256: str) -> Path:
        return self.data_dir / relative_path(sha256)

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def put(self, data: bytes) -> StoredBlob:
        """Store ``data`` durably under its SHA-256; idempotent. Returns where it is."""
        sha = sha256_hex(data)
        rel = relative_path(sha)
        final = self.data_dir / rel
        if final.is_file() and final.stat().st_size == len(data) and verify_file(final, sha):
            return StoredBlob(sha, len(data), rel)
        make_parent(self.data_dir, sha)
        tmp = temp_path(final)
        try:
            with open(tmp, "xb") as f:
                half = len(data) // 2
                f.write(data[:half])
                crash_point("blob.mid_write")  # a half-written file exists only as a temp name
                f.write(data[half:])
            install(tmp, final, before_rename=partial(crash_point, "blob.before_rename"))
        except BaseException:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise
        crash_point("blob.after_rename")
        return StoredBlob(sha, len(data), rel)

    def read(self, sha256: str, *, verify: bool = True) -> bytes:
        """The file's bytes; BlobCorrupt if it is missing or (``verify``) does not match."""
        p = self.path(sha256)
        try:
            data = p.read_bytes()
        except FileNotFoundError:
            raise BlobCorrupt(sha256, "missing") from None
        if verify and sha256_hex(data) != sha256:
            raise BlobCorrupt(sha256, "mismatch")
        return data

    def verify(self, sha256: str) -> bool:
        return verify_file(self.path(sha256), sha256)

    def temp_files(self) -> Iterator[Path]:
        if not self.root.is_dir():
            return
        yield from (p for p in self.root.rglob(f".*{TMP_SUFFIX}") if p.is_file())

    def sweep_temp(self, older_than_s: float = 3600.0) -> int:
        """Delete temporary files left by a crash; returns how many. The age guard spares a
        write in progress in another process (the desk and the CLI share the directory)."""
        cutoff = time.time() - older_than_s
        removed = 0
        for p in list(self.temp_files()):
            with contextlib.suppress(OSError):
                if p.stat().st_mtime <= cutoff:
                    p.unlink()
                    removed += 1
        return removed

    def all_hashes(self) -> Iterator[str]:
        """SHA-256 of every complete blob file (temporary files excluded)."""
        if not self.root.is_dir():
            return
        for p in self.root.glob("??/??/*"):
            if p.is_file() and not p.name.startswith(".") and len(p.name) == 64:
                yield p.name
