"""Content-addressed files under the data directory: ``blobs/ab/cd/<sha256>``.

A file is written to a temporary name in its final directory, fsynced, renamed over its final
name and the directory fsynced: after a crash a blob path holds either nothing or the complete
file, never a prefix. Temporary files are recognisable by name (``.<sha>.<random>.tmp``) and
swept later. Writing the same bytes twice is a no-op.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from app.crashpoints import crash_point

BLOB_DIR = "blobs"
TMP_SUFFIX = ".tmp"


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


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _check_sha(sha256: str) -> str:
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValueError(f"not a lowercase SHA-256 hex digest: {sha256!r}")
    return sha256


def relative_path(sha256: str) -> str:
    _check_sha(sha256)
    return f"{BLOB_DIR}/{sha256[:2]}/{sha256[2:4]}/{sha256}"


def _fsync_dir(path: Path) -> None:
    if os.name == "nt":  # Windows cannot open a directory; NTFS journals the rename itself
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


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
        if final.is_file() and final.stat().st_size == len(data) and self._matches(final, sha):
            return StoredBlob(sha, len(data), rel)
        created: list[Path] = []
        parent = final.parent
        for d in (self.root, parent.parent, parent):
            if not d.is_dir():
                d.mkdir(exist_ok=True)
                created.append(d)
        tmp = parent / f".{sha}.{secrets.token_hex(4)}{TMP_SUFFIX}"
        try:
            with open(tmp, "xb") as f:
                half = len(data) // 2
                f.write(data[:half])
                crash_point("blob.mid_write")  # a half-written file exists only as a temp name
                f.write(data[half:])
                f.flush()
                os.fsync(f.fileno())
            crash_point("blob.before_rename")
            os.replace(tmp, final)
        except BaseException:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise
        for d in (parent, *reversed(created)):
            _fsync_dir(d)  # the rename and any new directories survive a power cut
        _fsync_dir(self.root.parent)
        crash_point("blob.after_rename")
        return StoredBlob(sha, len(data), rel)

    @staticmethod
    def _matches(path: Path, sha256: str) -> bool:
        h = hashlib.sha256()
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
        return h.hexdigest() == sha256

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
        p = self.path(sha256)
        return p.is_file() and self._matches(p, sha256)

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
