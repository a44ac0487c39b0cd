"""The on-disk layout of content-addressed files: ``<data dir>/blobs/ab/cd/<sha256>``.

One implementation for both writers of that layout: app/scanning/blobstore.py (scans) and
sync/blobs.py (downloaded result files). A file becomes a blob only by :func:`install`: the
complete temporary file is fsynced, renamed over its final name and the directory fsynced, so
after a crash a blob path holds either nothing or the whole file, never a prefix. Directories
are made durable when they are created (:func:`make_parent`). Qt-free, no database access.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Callable
from pathlib import Path

BLOB_DIR = "blobs"
TMP_SUFFIX = ".tmp"


def check_sha(sha256: str) -> str:
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValueError(f"not a lowercase SHA-256 hex digest: {sha256!r}")
    return sha256


def relative_path(sha256: str) -> str:
    """Where a blob lives relative to the data directory (stored in ``Blob.path``)."""
    check_sha(sha256)
    return f"{BLOB_DIR}/{sha256[:2]}/{sha256[2:4]}/{sha256}"


def blob_path(data_dir: Path, sha256: str) -> Path:
    return Path(data_dir) / relative_path(sha256)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def verify(path: Path, sha256: str) -> bool:
    """The file exists and its content hashes to ``sha256``."""
    return path.is_file() and sha256_file(path) == sha256


def fsync_dir(path: Path) -> None:
    if os.name == "nt":  # Windows cannot open a directory; NTFS journals the rename itself
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def make_parent(data_dir: Path, sha256: str) -> Path:
    """Create ``blobs/ab/cd`` as needed, each new directory durable; returns the blob's path."""
    final = blob_path(data_dir, sha256)
    d = Path(data_dir)
    for part in final.parent.relative_to(d).parts:
        d = d / part
        if not d.is_dir():
            d.mkdir(exist_ok=True)
            fsync_dir(d.parent)  # the new directory's entry survives a power cut
    return final


def temp_path(final: Path) -> Path:
    """A fresh temporary name next to ``final`` (``.<name>.<random>.tmp``, swept later)."""
    return final.parent / f".{final.name}.{secrets.token_hex(4)}{TMP_SUFFIX}"


def install(tmp: Path, final: Path, *, before_rename: Callable[[], None] | None = None) -> None:
    """fsync the complete file ``tmp``, rename it atomically over ``final``, fsync the directory.

    ``tmp`` must be on the same file system (the blob directory); ``final``'s directory must
    exist (:func:`make_parent`). ``before_rename`` is the caller's crash point.
    """
    with open(tmp, "rb+") as f:
        os.fsync(f.fileno())
    if before_rename is not None:
        before_rename()
    os.replace(tmp, final)
    fsync_dir(final.parent)
