"""The blob lane (sync-protocol.md §3.7): content-addressed files, chunked and resumable.

Upload: ``blob`` rows in ``queued``/``partial`` -> one ``POST /v1/blobs/check`` (dedupe and
resume offsets) -> ``PUT`` chunks of 256 KiB with ``Content-Range`` and ``X-Chunk-SHA256``,
resuming from the server's offset; 201 -> ``done``. One blob at a time; between chunks the lane
yields to metadata (new outbox rows), so an interruption costs at most one chunk.

Download: files of pulled attachments (by default result documents) missing locally are
fetched with ``Range`` in chunks into ``blobs/partial/<sha>.part``, verified against their
SHA-256 and installed atomically as ``blobs/ab/cd/<sha>`` by :mod:`db.blobfiles`, the layout
and writer app/scanning/blobstore.py shares.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.blobfiles import install, make_parent, sha256_file
from db.engine import Store
from db.models import Attachment, Blob
from sync import wire
from sync.client import ApiClient, error_code, error_detail
from sync.clock import WallClock
from sync.crashpoints import crash_point
from sync.errors import CaptivePortal, ProtocolError, Transient
from sync.status import LAST_PROGRESS, log, set_status
from sync.writer import Writer, inline_writer

CHECK_BATCH = 100


@dataclass
class BlobStats:
    uploaded: int = 0  # blobs completed upstream
    deduped: int = 0  # already there (check said "have")
    bytes_up: int = 0  # chunk bytes sent
    downloaded: int = 0
    bytes_down: int = 0
    failed: int = 0
    yielded: bool = False


class BlobLane:
    def __init__(
        self,
        client: ApiClient,
        store: Store,
        data_dir: Path,
        clock: WallClock,
        *,
        should_yield: Callable[[], bool] = lambda: False,
        download_roles: Sequence[str] = ("result",),
        writer: Writer | None = None,
    ) -> None:
        self.client = client
        self.store = store
        self.writer: Writer = writer or inline_writer(store)
        self.data_dir = data_dir
        self.clock = clock
        self.should_yield = should_yield
        self.download_roles = tuple(download_roles)

    def _log(self, event: str, detail: str) -> None:
        """One ``sync_log`` line of the blob channel, in its own write transaction."""
        self.writer(partial(log, now=self.clock(), channel="blob", event=event, detail=detail))

    # --- upload -------------------------------------------------------------------------------

    def upload(self, stats: BlobStats, only: set[str] | None = None) -> None:
        """Upload queued files (``only``: just these SHA-256s)."""
        with self.store.read() as session:
            query = select(Blob.sha256).where(Blob.up_state.in_(("queued", "partial")))
            if only is not None:
                query = query.where(Blob.sha256.in_(sorted(only)))
            shas = list(
                session.scalars(
                    query.order_by(Blob.created_at, Blob.sha256).limit(CHECK_BATCH)
                ).all()
            )
        if not shas:
            return
        todo = self._check(shas, stats)
        for sha in todo:
            self._upload_one(sha, stats)
            if stats.yielded:
                return
            if self.should_yield():
                stats.yielded = True
                return

    def _check(self, shas: list[str], stats: BlobStats) -> list[str]:
        resp = self.client.call("POST", "/v1/blobs/check", json={"sha256": shas})
        body = resp.json_object()
        if resp.status != 200 or body is None or not isinstance(body.get("have"), list):
            if resp.status == 200:
                raise CaptivePortal("blobs/check: HTTP 200 không đúng định dạng")
            raise ProtocolError(f"blobs/check: HTTP {resp.status} {error_detail(resp)}")
        have = {str(s) for s in body["have"]}
        partial_raw = body.get("partial") or {}
        offsets = (
            {str(k): int(v) for k, v in partial_raw.items()}
            if isinstance(partial_raw, dict)
            else {}
        )
        now = self.clock()

        def record(session: Session) -> None:
            for sha in shas:
                row = session.get(Blob, sha)
                if row is None:
                    continue
                if sha in have:
                    row.up_state, row.up_offset = "done", row.size
                    stats.deduped += 1
                else:
                    row.up_offset = min(max(offsets.get(sha, 0), 0), row.size)
                    row.up_state = "partial" if row.up_offset else "queued"
            if have:
                set_status(session, LAST_PROGRESS, f"blobs have {len(have)}", now)

        self.writer(record)
        return [s for s in shas if s not in have]

    def _fail(self, sha: str, reason: str, stats: BlobStats) -> None:
        now = self.clock()

        def record(session: Session) -> None:
            row = session.get(Blob, sha)
            if row is not None:
                row.up_state, row.last_error = "failed", reason[:1000]
                row.attempts += 1
            log(session, now, "blob", "blob_failed", detail=f"{sha}: {reason}")

        self.writer(record)
        stats.failed += 1

    def _record_offset(self, sha: str, offset: int, done: bool) -> None:
        now = self.clock()

        def record(session: Session) -> None:
            row = session.get(Blob, sha)
            if row is None:
                return
            row.up_offset = offset
            row.up_state = "done" if done else ("partial" if offset else "queued")
            row.last_error = None
            set_status(session, LAST_PROGRESS, f"blob {sha[:12]} {offset}", now)

        self.writer(record)

    def _upload_one(self, sha: str, stats: BlobStats) -> None:
        with self.store.read() as session:
            row = session.get(Blob, sha)
            if row is None:
                return
            rel, total, offset = row.path, row.size, row.up_offset
        path = self.data_dir / rel
        if not path.is_file():
            self._fail(sha, "không tìm thấy tệp trên máy", stats)
            return
        if path.stat().st_size != total:
            self._fail(sha, "kích thước tệp không khớp (tệp bị hỏng?)", stats)
            return
        with path.open("rb") as f:
            for _ in range(total // wire.CHUNK_SIZE + 64):
                f.seek(offset)
                chunk = f.read(wire.CHUNK_SIZE)
                end = offset + len(chunk) - 1
                resp = self.client.call(
                    "PUT",
                    f"/v1/blobs/{sha}",
                    data=chunk,
                    headers={
                        "Content-Type": "application/octet-stream",
                        "Content-Range": f"bytes {offset}-{end}/{total}",
                        wire.HEADER_CHUNK_SHA256: hashlib.sha256(chunk).hexdigest(),
                    },
                )
                crash_point("after_chunk_sent")
                body = resp.json_object() or {}
                if resp.status == 201:
                    stats.bytes_up += len(chunk)
                    self._record_offset(sha, total, done=True)
                    stats.uploaded += 1
                    return
                if resp.status == 200 and isinstance(body.get("offset"), int):
                    stats.bytes_up += len(chunk)
                    offset = int(body["offset"])
                    self._record_offset(sha, offset, done=False)
                elif resp.status == 409 and isinstance(body.get("offset"), int):
                    offset = int(body["offset"])  # resume where the server stands
                    self._record_offset(sha, offset, done=False)
                elif resp.status == 422:
                    if sha256_file(path) == sha:
                        self._record_offset(sha, 0, done=False)
                        raise Transient(f"blob {sha[:12]}: máy chủ báo sai mã băm, gửi lại")
                    self._fail(sha, "tệp trên máy không khớp mã SHA-256 (toàn vẹn)", stats)
                    return
                elif resp.status == 200:
                    raise CaptivePortal("PUT blob: HTTP 200 không đúng định dạng")
                else:
                    raise ProtocolError(
                        f"PUT blob: HTTP {resp.status} {error_code(resp)} {error_detail(resp)}"
                    )
                if not 0 <= offset <= total:
                    raise ProtocolError(f"PUT blob: offset {offset} ngoài 0..{total}")
                if self.should_yield():
                    stats.yielded = True
                    return
        raise ProtocolError(f"blob {sha[:12]}: tải lên không kết thúc")

    # --- download -----------------------------------------------------------------------------

    def missing(self) -> list[tuple[str, int]]:
        """(sha256, size) of attachment files this desk should have but does not."""
        with self.store.read() as session:
            rows = session.execute(
                select(Blob.sha256, Blob.size, Blob.path)
                .join(Attachment, Attachment.sha256 == Blob.sha256)
                .where(Attachment.role.in_(self.download_roles), Attachment.superseded_by.is_(None))
                .distinct()
            ).all()
        return [(s, size) for s, size, rel in rows if not (self.data_dir / rel).is_file()]

    def download(self, stats: BlobStats) -> None:
        for sha, size in self.missing():
            self._download_one(sha, size, stats)
            if self.should_yield():
                stats.yielded = True
                return

    def _download_one(self, sha: str, size: int, stats: BlobStats) -> None:
        partial_dir = self.data_dir / "blobs" / "partial"
        partial_dir.mkdir(parents=True, exist_ok=True)
        part = partial_dir / f"{sha}.part"
        have = part.stat().st_size if part.exists() else 0
        if have > size:
            part.unlink()
            have = 0
        for _ in range(size // wire.CHUNK_SIZE + 64):
            if have >= size:
                break
            end = min(size, have + wire.CHUNK_SIZE) - 1
            resp = self.client.call(
                "GET", f"/v1/blobs/{sha}", headers={"Range": f"bytes={have}-{end}"}
            )
            if resp.status == 206:
                data = resp.body
                mode = "ab"
            elif resp.status == 200:
                data, mode, have = resp.body, "wb", 0  # the server ignored Range: whole file
            elif resp.status == 416:
                part.unlink(missing_ok=True)
                have = 0
                continue
            elif resp.status == 404:
                self._log("blob_missing_upstream", sha)
                return
            else:
                raise ProtocolError(f"GET blob: HTTP {resp.status} {error_detail(resp)}")
            if not data:
                raise Transient(f"GET blob {sha[:12]}: phản hồi rỗng")
            with part.open(mode) as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            have += len(data)
            stats.bytes_down += len(data)
        if sha256_file(part) != sha:
            part.unlink(missing_ok=True)
            self._log("integrity", f"tải về {sha}: sai mã băm")
            raise Transient(f"blob {sha[:12]}: tải về sai mã băm, tải lại")
        final = make_parent(self.data_dir, sha)
        install(part, final, before_rename=partial(crash_point, "blob_rename"))
        stats.downloaded += 1
        self.writer(
            partial(set_status, key=LAST_PROGRESS, value=f"download {sha[:12]}", now=self.clock())
        )
