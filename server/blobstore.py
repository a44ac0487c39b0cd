"""Content-addressed blob storage with resumable, crash-safe chunked uploads (§3.7).

:class:`BlobStore` is the interface (object storage can implement it later);
:class:`DiskBlobStore` keeps ``partial/<sha>`` while an upload is in progress and
``blobs/<sha>`` once complete. Each append is fsynced *before* its new offset is recorded
(``partial/<sha>.json``, written atomically), and every append first truncates the partial file
to the recorded offset, so bytes written before a crash but never recorded are dropped instead
of duplicated. The last chunk triggers a hash of the whole file: match → atomic rename,
mismatch → the partial is discarded.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from server.common import crash_point

READ_CHUNK = 64 * 1024


class BlobError(Exception):
    """Base of the blob store's errors."""


class OffsetConflict(BlobError):
    """The chunk does not start at the store's current offset; resume at ``offset``."""

    def __init__(self, offset: int) -> None:
        super().__init__(f"expected offset {offset}")
        self.offset = offset


class HashMismatch(BlobError):
    """The assembled file does not hash to its name; the partial was discarded."""


class BadRange(BlobError):
    """A chunk that cannot belong to the declared upload (size or total inconsistent)."""


@dataclass(frozen=True)
class AppendResult:
    offset: int  # bytes stored so far
    complete: bool  # True: the blob is verified and final


def is_sha256(text: str) -> bool:
    return len(text) == 64 and all(c in "0123456789abcdef" for c in text)


class BlobStore(ABC):
    """Where blob bytes live. Names are lowercase hex SHA-256 of the content."""

    @abstractmethod
    def size(self, sha256: str) -> int | None:
        """Size of a complete blob, None when it is not (completely) stored."""

    @abstractmethod
    def partial_offset(self, sha256: str) -> int | None:
        """Recorded offset of an upload in progress, None when there is none."""

    @abstractmethod
    def append(self, sha256: str, start: int, total: int, data: bytes) -> AppendResult:
        """Append ``data`` at ``start`` of an upload of ``total`` bytes.

        Raises OffsetConflict, HashMismatch (last chunk, upload discarded) or BadRange.
        Appending to a complete blob returns ``complete`` (a replayed last chunk).
        """

    @abstractmethod
    def read(self, sha256: str, start: int, end: int) -> Iterator[bytes]:
        """Bytes ``start..end`` inclusive of a complete blob."""

    @abstractmethod
    def put_file(self, path: Path) -> tuple[str, int]:
        """Store a local file (admin side); returns (sha256, size)."""

    @abstractmethod
    def recover(self) -> None:
        """After a restart: cut every partial upload back to its recorded offset."""


class DiskBlobStore(BlobStore):
    def __init__(self, root: Path) -> None:
        self.root = root
        self.blobs = root / "blobs"
        self.partial = root / "partial"
        self.blobs.mkdir(parents=True, exist_ok=True)
        self.partial.mkdir(parents=True, exist_ok=True)
        self.locks = root / "locks"
        self.locks.mkdir(parents=True, exist_ok=True)
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    # -- helpers ------------------------------------------------------------------------------

    @contextmanager
    def _lock(self, sha256: str) -> Iterator[None]:
        """One upload at a time per blob: a thread lock, and a file lock across processes
        (``serve --workers N``). The lock files are 256 stripes keyed by the hash's first byte.
        """
        with self._guard:
            lock = self._locks.setdefault(sha256, threading.Lock())
        with lock, open(self.locks / f"{sha256[:2]}.lock", "a+b") as fh:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)

    def _final(self, sha256: str) -> Path:
        return self.blobs / sha256

    def _part(self, sha256: str) -> Path:
        return self.partial / sha256

    def _record_path(self, sha256: str) -> Path:
        return self.partial / f"{sha256}.json"

    def _read_record(self, sha256: str) -> tuple[int, int] | None:
        try:
            data = json.loads(self._record_path(sha256).read_text(encoding="ascii"))
            return int(data["offset"]), int(data["total"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def _write_record(self, sha256: str, offset: int, total: int) -> None:
        path = self._record_path(sha256)
        tmp = path.with_suffix(".tmp")
        with open(tmp, "w", encoding="ascii") as fh:
            json.dump({"offset": offset, "total": total}, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        _fsync_dir(self.partial)

    def _discard(self, sha256: str) -> None:
        for path in (self._part(sha256), self._record_path(sha256)):
            path.unlink(missing_ok=True)

    # -- interface ----------------------------------------------------------------------------

    def size(self, sha256: str) -> int | None:
        try:
            return self._final(sha256).stat().st_size
        except FileNotFoundError:
            return None

    def partial_offset(self, sha256: str) -> int | None:
        record = self._read_record(sha256)
        return None if record is None else record[0]

    def append(self, sha256: str, start: int, total: int, data: bytes) -> AppendResult:
        if not is_sha256(sha256):
            raise BadRange("name is not a sha256")
        if total < 1 or start < 0 or start + len(data) > total or not data:
            raise BadRange(f"bytes {start}+{len(data)} of {total}")
        with self._lock(sha256):
            size = self.size(sha256)
            if size is not None:
                return AppendResult(size, True)
            record = self._read_record(sha256) or (0, total)
            offset, known_total = record
            if known_total != total:
                if offset:
                    raise BadRange(f"total {total} differs from {known_total}")
                known_total = total
            if start != offset:
                raise OffsetConflict(offset)
            part = self._part(sha256)
            with open(part, "ab") as _:
                pass  # create it if missing
            with open(part, "r+b") as fh:
                fh.truncate(offset)  # drop bytes written before a crash but never recorded
                fh.seek(offset)
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            crash_point("blob.before_record")  # bytes on disk, offset not yet recorded
            offset += len(data)
            if offset < total:
                self._write_record(sha256, offset, total)
                return AppendResult(offset, False)
            if _hash_file(part) != sha256:
                self._discard(sha256)
                raise HashMismatch(sha256)
            os.replace(part, self._final(sha256))
            _fsync_dir(self.blobs)
            self._record_path(sha256).unlink(missing_ok=True)
            return AppendResult(total, True)

    def read(self, sha256: str, start: int, end: int) -> Iterator[bytes]:
        with open(self._final(sha256), "rb") as fh:
            fh.seek(start)
            remaining = end - start + 1
            while remaining > 0:
                chunk = fh.read(min(READ_CHUNK, remaining))
                if not chunk:
                    break
                remaining -= len(chunk)
                yield chunk

    def put_file(self, path: Path) -> tuple[str, int]:
        sha = _hash_file(path)
        size = path.stat().st_size
        if self.size(sha) is None:
            tmp = self.partial / f"{sha}.put"
            with open(path, "rb") as src, open(tmp, "wb") as dst:
                while chunk := src.read(READ_CHUNK):
                    dst.write(chunk)
                dst.flush()
                os.fsync(dst.fileno())
            os.replace(tmp, self._final(sha))
            _fsync_dir(self.blobs)
        return sha, size

    def recover(self) -> None:
        for part in self.partial.iterdir():
            if part.suffix:  # records and temp files
                if part.suffix in (".tmp", ".put"):
                    part.unlink(missing_ok=True)
                continue
            record = self._read_record(part.name)
            with open(part, "r+b") as fh:
                fh.truncate(0 if record is None else record[0])

    def expire_partials(self, max_age_s: float) -> list[str]:
        """Delete uploads not touched for ``max_age_s`` seconds; returns their names."""
        cutoff = time.time() - max_age_s
        gone = []
        for part in self.partial.iterdir():
            if not part.suffix and part.stat().st_mtime < cutoff:
                with self._lock(part.name):
                    self._discard(part.name)
                gone.append(part.name)
        return gone


def _hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":  # Windows cannot open a directory; NTFS journals the rename
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
