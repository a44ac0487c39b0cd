"""One sync cycle: health probe -> push -> pull (commune, global) -> blob lane.

Metadata first, files after. Every cycle writes one ``sync_log`` row (bytes up/down, outcome)
and the status facts the UI shows. Qt-free and blocking: run it on a worker thread
(:mod:`sync.worker`) or from the command line (``motcua sync --once``).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.engine import Store
from db.models import Blob, DeviceIdentity, Outbox
from sync import wire
from sync.apply import Applier
from sync.blobs import BlobLane, BlobStats
from sync.client import ApiClient
from sync.clock import WallClock, utc_now
from sync.errors import CaptivePortal, DeviceRevoked, Offline, SyncError, UpdateRequired
from sync.health import probe
from sync.pull import PullStats, fold_all_shadows, pull_scope
from sync.push import Pusher, PushStats
from sync.status import (
    LAST_ERROR,
    LAST_PROBE,
    LAST_SUCCESS,
    ONLINE,
    UPDATE_REQUIRED,
    WATCHDOG,
    log,
    set_status,
    unsent_counts,
)
from sync.transport import Transport
from sync.writer import Writer, inline_writer

logger = logging.getLogger(__name__)


@dataclass
class CycleReport:
    """What one cycle did; also what the worker, the CLI and the fault harness read."""

    outcome: str = "ok"  # ok | offline | captive_portal | transient | revoked | update_required
    #                      | not_enrolled | protocol_error | error
    detail: str = ""
    started_at: datetime | None = None
    finished_at: datetime | None = None
    retry_after: float | None = None
    push: PushStats = field(default_factory=PushStats)
    pull: PullStats = field(default_factory=PullStats)
    blobs: BlobStats = field(default_factory=BlobStats)
    bytes_up: int = 0
    bytes_down: int = 0
    clock_offset_ms: int | None = None
    pending_after: int = 0  # sendable mutations still waiting (held ones excluded)
    held_after: int = 0
    blobs_pending_after: int = 0

    @property
    def ok(self) -> bool:
        return self.outcome == "ok"

    @property
    def reached_server(self) -> bool:
        return self.outcome not in ("offline", "captive_portal", "not_enrolled")

    @property
    def progress(self) -> bool:
        p, b = self.push, self.blobs
        return bool(
            p.applied + p.noop + p.rejected + self.pull.changes + b.uploaded + b.deduped
            or b.bytes_up
            or b.downloaded
            or b.bytes_down
        )

    @property
    def yielded(self) -> bool:
        return self.blobs.yielded

    def as_dict(self) -> dict[str, object]:
        d = asdict(self)
        d["ok"] = self.ok
        d["progress"] = self.progress
        return d


@dataclass
class Counters:
    cycles: int = 0
    ok: int = 0
    failed: int = 0
    mutations_acknowledged: int = 0
    changes_pulled: int = 0
    blob_bytes_up: int = 0
    blob_bytes_down: int = 0
    session_resets: int = 0


class Engine:
    """The sync client of one store. One cycle at a time (a lock makes overlap impossible)."""

    def __init__(
        self,
        store: Store,
        transport: Transport,
        applier: Applier,
        data_dir: Path,
        *,
        app_version: str,
        clock: WallClock = utc_now,
        download_roles: tuple[str, ...] = ("result",),
        writer: Writer | None = None,
    ) -> None:
        self.store = store
        self.transport = transport
        self.applier = applier
        self.data_dir = data_dir
        self.clock = clock
        self.writer: Writer = writer or inline_writer(store)
        self.client = ApiClient(
            store, transport, app_version=app_version, clock=clock, writer=self.writer
        )
        self.pusher = Pusher(self.client, store, applier, clock, writer=self.writer)
        self.download_roles = download_roles
        self.counters = Counters()
        self._lock = threading.Lock()
        self._push_horizon = 0

    # --- helpers ------------------------------------------------------------------------------

    def use_writer(self, writer: Writer) -> None:
        """Route every store write of this engine through ``writer`` (before the first cycle)."""
        self.writer = self.client.writer = self.pusher.writer = writer

    def note_watchdog(self, fired: bool, detail: str) -> None:
        note_watchdog(self.store, fired, detail, self.clock(), writer=self.writer)

    def reset_session(self) -> None:
        """Recreate the HTTP session (the watchdog's remedy for a wedged connection)."""
        self.transport.reset()
        self.counters.session_resets += 1

    def metadata_waiting(self) -> bool:
        """New local mutations arrived since this cycle's push: let the blob lane yield."""
        with self.store.read() as session:
            newest = session.scalar(
                select(func.max(Outbox.device_seq)).where(Outbox.state == "pending")
            )
        return newest is not None and newest > self._push_horizon

    def pending_counts(self) -> tuple[int, int, int]:
        """(sendable mutations, held mutations, blobs to upload)."""
        with self.store.read() as session:
            unsent, held = unsent_counts(session)
            blobs = session.scalar(
                select(func.count())
                .select_from(Blob)
                .where(Blob.up_state.in_(("queued", "partial")))
            )
        return unsent - held, held, int(blobs or 0)

    def files_needed_before_forward(self) -> set[str]:
        """SHA-256s of not-yet-uploaded files of dossiers with an unsent forward step."""
        with self.store.read() as session:
            unsent = list(
                session.scalars(
                    select(Outbox).where(
                        Outbox.state.in_(("pending", "sent")), Outbox.entity_type == "dossier"
                    )
                )
            )
            forwarding = {
                r.entity_id
                for r in unsent
                if r.op == "dossier.transition" and r.payload.get("to") == "forwarded"
            }
            if not forwarding:
                return set()
            wanted = {
                str(ref.get("sha256"))
                for r in session.scalars(
                    select(Outbox).where(Outbox.entity_id.in_(sorted(forwarding)))
                )
                for ref in r.blob_refs
            }
            if not wanted:
                return set()
            return set(
                session.scalars(
                    select(Blob.sha256).where(
                        Blob.sha256.in_(sorted(wanted)), Blob.up_state.in_(("queued", "partial"))
                    )
                )
            )

    # --- the cycle ----------------------------------------------------------------------------

    def run_cycle(self) -> CycleReport:
        """Run one full cycle; never raises for sync failures (see ``CycleReport.outcome``)."""
        with self._lock:
            return self._run_cycle()

    def _run_cycle(self) -> CycleReport:
        report = CycleReport(started_at=self.clock())
        up0, down0 = self.transport.bytes_up, self.transport.bytes_down
        try:
            self._cycle(report)
        except SyncError as exc:
            report.outcome = exc.outcome
            report.detail = str(exc)
            report.retry_after = getattr(exc, "retry_after", None)
        except Exception as exc:  # a bug must not kill the worker; it is logged and retried
            logger.exception("sync cycle failed")
            report.outcome = "error"
            report.detail = f"{type(exc).__name__}: {exc}"
        report.finished_at = self.clock()
        report.bytes_up = self.transport.bytes_up - up0
        report.bytes_down = self.transport.bytes_down - down0
        try:
            report.pending_after, report.held_after, report.blobs_pending_after = (
                self.pending_counts()
            )
            self._finish(report)
        except Exception:  # the store itself failed (disk full?): report, do not raise
            logger.exception("recording the sync cycle failed")
        self._count(report)
        return report

    def _cycle(self, report: CycleReport) -> None:
        ident = self.client.reload_identity()
        if ident.revoked:
            raise DeviceRevoked("thiết bị đã bị thu hồi; liên hệ quản trị cấp huyện")
        health = probe(self.client)
        report.clock_offset_ms = health.offset_ms
        now = self.clock()

        def record_probe(session: Session) -> None:
            row = session.get(DeviceIdentity, 1)
            if row is not None:
                row.clock_offset_ms = health.offset_ms
                row.clock_measured_at = now
            set_status(session, ONLINE, "1", now)
            set_status(session, LAST_PROBE, "ok", now)
            set_status(session, UPDATE_REQUIRED, "0", now)
            # Shadows whose mutations were acknowledged by an earlier run (e.g. a crash
            # between recording and folding is impossible, but a conflict resolved by a
            # person unblocks an entity): fold them before anything else.
            fold_all_shadows(session, self.applier)

        self.writer(record_probe)
        lane = BlobLane(
            self.client,
            self.store,
            self.data_dir,
            self.clock,
            should_yield=self.metadata_waiting,
            download_roles=self.download_roles,
            writer=self.writer,
        )
        # The upstream refuses to take a dossier forward while its scans are missing
        # (sync-protocol.md §3.7), so the files of a dossier about to be forwarded go up
        # before the metadata; every other file trails the metadata as usual.
        urgent = self.files_needed_before_forward()
        if urgent:
            BlobLane(
                self.client,
                self.store,
                self.data_dir,
                self.clock,
                should_yield=lambda: False,
                download_roles=self.download_roles,
                writer=self.writer,
            ).upload(report.blobs, only=urgent)
        report.push = self.pusher.run()
        self._push_horizon = report.push.max_seq
        for scope in (ident.commune_scope, wire.GLOBAL_SCOPE):
            pull_scope(
                self.client,
                self.store,
                self.applier,
                scope,
                self.clock,
                report.pull,
                writer=self.writer,
            )
        lane.upload(report.blobs)
        if not report.blobs.yielded:
            lane.download(report.blobs)

    def _finish(self, report: CycleReport) -> None:
        now = report.finished_at or self.clock()

        def record(session: Session) -> None:
            if report.ok:
                summary = (
                    f"push {report.push.applied + report.push.noop}/{report.push.rejected} "
                    f"pull {report.pull.changes} blobs {report.blobs.uploaded}"
                    f"/{report.blobs.downloaded}"
                )
                set_status(session, LAST_SUCCESS, summary, now)
                set_status(session, LAST_ERROR, "", now)
                detail = summary
            else:
                detail = f"{report.outcome}: {report.detail}"
                set_status(session, LAST_ERROR, detail[:500], now)
                if report.outcome in ("offline", "captive_portal"):
                    set_status(session, ONLINE, "0", now)
                    set_status(session, LAST_PROBE, report.outcome, now)
                if report.outcome == UpdateRequired.outcome:
                    set_status(session, UPDATE_REQUIRED, "1", now)
            log(
                session,
                now,
                "cycle",
                "cycle_ok" if report.ok else report.outcome,
                bytes_up=report.bytes_up,
                bytes_down=report.bytes_down,
                detail=detail[:2000],
            )

        self.writer(record)

    def _count(self, report: CycleReport) -> None:
        c = self.counters
        c.cycles += 1
        if report.ok:
            c.ok += 1
        else:
            c.failed += 1
        c.mutations_acknowledged += report.push.applied + report.push.noop + report.push.rejected
        c.changes_pulled += report.pull.changes
        c.blob_bytes_up += report.blobs.bytes_up
        c.blob_bytes_down += report.blobs.bytes_down


TRANSIENT_OUTCOMES = frozenset(
    {Offline.outcome, CaptivePortal.outcome, "transient", "protocol_error", "error"}
)


def note_watchdog(
    store: Store, fired: bool, detail: str, now: datetime, *, writer: Writer | None = None
) -> None:
    """Record the watchdog's verdict: a sync_log line when it fires, the status flag always."""

    def record(session: Session) -> None:
        set_status(session, WATCHDOG, "1" if fired else "0", now)
        if fired:
            log(session, now, "watchdog", "watchdog", detail=detail)

    (writer or inline_writer(store))(record)
