"""Blob lane: chunked upload, resume, integrity, crash recovery, Range download."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import pytest

from server.blobstore import DiskBlobStore, HashMismatch, OffsetConflict
from tests.server.helpers import AGENCY_B, Desk, Harness, new_id

CHUNK = 256 * 1024


def put(desk: Desk, sha: str, data: bytes, start: int, total: int, chunk_sha: str = "") -> Any:
    end = start + len(data) - 1
    headers = {
        **desk.headers(),
        "Content-Range": f"bytes {start}-{end}/{total}",
        "X-Chunk-SHA256": chunk_sha or hashlib.sha256(data).hexdigest(),
        "Content-Type": "application/octet-stream",
    }
    return desk.client.put(f"/v1/blobs/{sha}", content=data, headers=headers)


def check(desk: Desk, shas: list[str]) -> Any:
    r = desk.client.post("/v1/blobs/check", json={"sha256": shas}, headers=desk.headers())
    assert r.status_code == 200, r.text
    return r.json()


def attach(desk: Desk, sha: str, size: int) -> str:
    """A dossier of the desk's commune referring to the blob (so the commune may read it)."""
    create = desk.create()
    att = {
        "id": new_id(),
        "document_id": None,
        "role": "component",
        "sha256": sha,
        "size": size,
        "mime": "application/pdf",
        "file_name": "scan.pdf",
        "pages": 1,
        "profile": "text",
        "reused_from": None,
    }
    r = desk.push([create, desk.mutation("attachment.add", create["entity_id"], att)])
    assert [x["status"] for x in r.json()["results"]] == ["applied", "applied"]
    return str(create["entity_id"])


def payload(size: int) -> tuple[bytes, str]:
    data = os.urandom(size)
    return data, hashlib.sha256(data).hexdigest()


def test_chunked_upload_resume_and_range_download(harness: Harness) -> None:
    desk = harness.enroll()
    data, sha = payload(2 * CHUNK + 1000)
    total = len(data)
    first = check(desk, [sha])
    assert (first["have"], first["partial"]) == ([], {})
    r = put(desk, sha, data[:CHUNK], 0, total)
    assert r.status_code == 200, r.text
    assert r.json()["offset"] == CHUNK
    # The link is cut; the client asks where to resume.
    assert check(desk, [sha])["partial"] == {sha: CHUNK}
    # A replayed first chunk is at the wrong offset: 409 with the offset to resume at.
    r = put(desk, sha, data[:CHUNK], 0, total)
    assert r.status_code == 409
    assert (r.json()["error"], r.json()["offset"]) == ("offset", CHUNK)
    assert put(desk, sha, data[CHUNK : 2 * CHUNK], CHUNK, total).json()["offset"] == 2 * CHUNK
    r = put(desk, sha, data[2 * CHUNK :], 2 * CHUNK, total)
    assert r.status_code == 201, r.text
    assert r.json()["sha256"] == sha
    assert r.json()["size"] == total
    # The last chunk replayed (its response was lost): still 201, nothing duplicated.
    assert put(desk, sha, data[2 * CHUNK :], 2 * CHUNK, total).status_code == 201
    assert check(desk, [sha])["have"] == [sha]
    assert harness.sql("SELECT sha256, size, complete FROM blob") == [(sha, total, True)]
    stored = harness.settings.data_dir / "blobs" / sha
    assert stored.read_bytes() == data
    assert not (harness.settings.data_dir / "partial" / sha).exists()
    # Download: only for a commune whose dossiers refer to the blob.
    other = harness.enroll(agency=AGENCY_B)
    assert desk.client.get(f"/v1/blobs/{sha}", headers=desk.headers()).status_code == 404
    attach(desk, sha, total)
    full = desk.client.get(f"/v1/blobs/{sha}", headers=desk.headers())
    assert full.status_code == 200
    assert full.content == data
    part = desk.client.get(
        f"/v1/blobs/{sha}", headers={**desk.headers(), "Range": f"bytes={CHUNK}-"}
    )
    assert part.status_code == 206
    assert part.headers["content-range"] == f"bytes {CHUNK}-{total - 1}/{total}"
    assert part.content == data[CHUNK:]
    tail = desk.client.get(f"/v1/blobs/{sha}", headers={**desk.headers(), "Range": "bytes=-10"})
    assert tail.content == data[-10:]
    bad = desk.client.get(
        f"/v1/blobs/{sha}", headers={**desk.headers(), "Range": f"bytes={total}-"}
    )
    assert bad.status_code == 416
    assert other.client.get(f"/v1/blobs/{sha}", headers=other.headers()).status_code == 404


def test_whole_file_mismatch_is_422_and_discarded(harness: Harness) -> None:
    desk = harness.enroll()
    data, sha = payload(CHUNK + 10)
    wrong = bytearray(data)
    wrong[-1] ^= 0xFF
    assert put(desk, sha, bytes(wrong[:CHUNK]), 0, len(data)).status_code == 200
    r = put(desk, sha, bytes(wrong[CHUNK:]), CHUNK, len(data))
    assert r.status_code == 422
    assert r.json()["error"] == "hash_mismatch"
    after = check(desk, [sha])
    assert (after["have"], after["partial"]) == ([], {})
    assert list((harness.settings.data_dir / "partial").iterdir()) == []
    assert put(desk, sha, data[:CHUNK], 0, len(data)).status_code == 200  # starts again at 0


def test_corrupt_chunk_is_refused_without_losing_the_upload(harness: Harness) -> None:
    desk = harness.enroll()
    data, sha = payload(CHUNK + 10)
    assert put(desk, sha, data[:CHUNK], 0, len(data)).status_code == 200
    r = put(desk, sha, data[CHUNK:], CHUNK, len(data), chunk_sha="0" * 64)
    assert r.status_code == 422
    assert r.json()["chunk"] is True
    assert check(desk, [sha])["partial"] == {sha: CHUNK}
    assert put(desk, sha, data[CHUNK:], CHUNK, len(data)).status_code == 201


def test_bad_chunk_requests(harness: Harness) -> None:
    desk = harness.enroll()
    data, sha = payload(100)
    headers = {**desk.headers(), "X-Chunk-SHA256": hashlib.sha256(data).hexdigest()}
    r = desk.client.put(f"/v1/blobs/{sha}", content=data, headers=headers)
    assert r.status_code == 400  # no Content-Range
    r = desk.client.put(
        f"/v1/blobs/{sha}", content=data, headers={**headers, "Content-Range": "bytes 0-10/100"}
    )
    assert r.status_code == 400  # length does not match
    big = b"x" * (CHUNK + 1)
    r = put(desk, hashlib.sha256(big).hexdigest(), big, 0, len(big))
    assert r.status_code == 413
    assert put(desk, "NOTASHA", data, 0, 100).status_code == 400


def test_crash_between_write_and_record_is_truncated(tmp_path: Path) -> None:
    store = DiskBlobStore(tmp_path)
    data, sha = payload(3000)
    assert store.append(sha, 0, len(data), data[:1000]).offset == 1000
    # Bytes reached the disk but the process died before recording the new offset.
    with open(tmp_path / "partial" / sha, "ab") as fh:
        fh.write(data[1000:1500])
    restarted = DiskBlobStore(tmp_path)
    restarted.recover()
    assert (tmp_path / "partial" / sha).stat().st_size == 1000
    assert restarted.partial_offset(sha) == 1000
    with pytest.raises(OffsetConflict) as err:
        restarted.append(sha, 1500, len(data), data[1500:])
    assert err.value.offset == 1000
    assert restarted.append(sha, 1000, len(data), data[1000:]).complete
    assert (tmp_path / "blobs" / sha).read_bytes() == data


def test_put_file_and_hash_mismatch_in_the_store(tmp_path: Path) -> None:
    store = DiskBlobStore(tmp_path / "store")
    src = tmp_path / "result.pdf"
    src.write_bytes(b"%PDF-1.4 result")
    sha, size = store.put_file(src)
    assert sha == hashlib.sha256(b"%PDF-1.4 result").hexdigest()
    assert store.size(sha) == size == 15
    with pytest.raises(HashMismatch):
        store.append("0" * 64, 0, 3, b"abc")
