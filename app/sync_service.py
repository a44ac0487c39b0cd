"""Sync as the desk uses it: enrolment, the background worker, status and conflicts.

The composition root for sync: it builds :class:`sync.engine.Engine` with the desk's applier
(:class:`app.sync_apply.DeskApplier`) and wraps :class:`sync.worker.Worker`. ``ui/`` reaches
sync only through this module (import contract "ui reaches data only through app").

Public API (all Qt-free; nothing here blocks longer than a short SQLite read unless noted):

- :func:`enrol` (network, blocking: run it in a Task) and :func:`is_enrolled`
- :class:`SyncService`: ``start()``, ``stop()``, ``kick()`` (after a local commit),
  ``sync_now()``, ``status()``, ``worker_state()``
- :func:`status` -> :class:`StatusSnapshot`; :func:`acknowledge_clock`
- :func:`conflicts` (optionally for one dossier), :func:`resolve_conflict`
- :func:`run_once` (blocking, one cycle: the CLI and tests)
- :class:`Writer`, :func:`writer_via`: where the engine's store writes run (the desk passes a
  writer that runs them on its one writer thread; the default runs them in the calling thread)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import __version__
from app.clock import Clock, system_clock
from app.errors import InvalidInput, NotFound, NotInitialised
from app.sync_apply import DeskApplier
from db.engine import Store
from db.models import (
    AgencySettings,
    AuditLog,
    DeviceIdentity,
    Dossier,
    Outbox,
    SyncConflict,
    SyncLog,
)
from sync import status as sync_status
from sync import wire
from sync.client import Identity
from sync.engine import CycleReport, Engine
from sync.enrol import enrol as sync_enrol
from sync.errors import EnrollRefused, NotEnrolled, SyncError
from sync.status import StatusSnapshot
from sync.transport import HttpTransport, Transport
from sync.worker import Worker, WorkerState
from sync.writer import Writer

__all__ = [
    "ConflictRow",
    "CycleReport",
    "NotEnrolled",
    "StatusSnapshot",
    "SyncError",
    "SyncLogRow",
    "SyncService",
    "WorkerState",
    "Writer",
    "acknowledge_clock",
    "build_engine",
    "conflicts",
    "enrol",
    "is_enrolled",
    "recent_log",
    "resolve_conflict",
    "run_once",
    "status",
    "writer_via",
]

TransportFactory = Callable[[str], Transport]

T = TypeVar("T")

# What each rejection kind means for the officer (sync-protocol.md §3.6); the server's own
# detail follows it.
CONFLICT_KINDS_VI: dict[str, str] = {
    "state": "Hồ sơ đã được xử lý ở nơi khác (máy khác trong xã hoặc cấp huyện) nên bước này "
    "không còn hợp lệ với trạng thái hiện tại trên máy chủ.",
    "owner": "Hồ sơ đang thuộc thẩm quyền của đơn vị khác (cấp huyện); xã không được chuyển bước.",
    "code": "Mã hồ sơ trùng với một hồ sơ khác trên máy chủ (số máy có thể đã bị dùng lại).",
    "validation": "Máy chủ không chấp nhận dữ liệu của thay đổi này (thiếu hoặc sai thông tin).",
    "blob_missing": "Máy chủ chưa nhận đủ các tệp số hoá mà bước này cần.",
    "unknown_entity": "Máy chủ chưa có hồ sơ này (thay đổi tạo hồ sơ chưa được ghi nhận).",
}


def _default_transport(url: str) -> Transport:
    return HttpTransport(url)


def explain_conflict(kind: str, detail: str) -> str:
    base = CONFLICT_KINDS_VI.get(kind, "Máy chủ từ chối thay đổi này.")
    return f"{base} {detail}".strip() if detail else base


# --- the writer ------------------------------------------------------------------------------


class RunOnWriter(Protocol):
    """Runs ``fn`` on the desk's writer thread, blocks until it is done and returns its result
    (re-raising its exception); ``ui.tasks.TaskRunner.call_on_writer`` is one."""

    def __call__(self, fn: Callable[[], T]) -> T: ...


class _WriterVia:
    def __init__(self, run: RunOnWriter, store: Store) -> None:
        self.run = run
        self.store = store

    def __call__(self, fn: Callable[[Session], T]) -> T:
        store = self.store

        def in_transaction() -> T:
            with store.write.begin() as session:
                return fn(session)

        return self.run(in_transaction)


def writer_via(run: RunOnWriter, store: Store) -> Writer:
    """A :class:`Writer` whose transactions (``with store.write.begin()``, then ``fn``) run
    wherever ``run`` puts them: in the desk, the one writer thread."""
    return _WriterVia(run, store)


# --- enrolment --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Enrolment:
    device_id: str
    device_no: int
    agency_code: str
    upstream_url: str
    label: str
    device_no_changed: bool


def is_enrolled(store: Store) -> bool:
    with store.read() as session:
        return session.get(DeviceIdentity, 1) is not None


def enrol(
    store: Store,
    url: str,
    code: str,
    label: str = "",
    *,
    transport: Transport | None = None,
    clock: Clock = system_clock,
    writer: Writer | None = None,
) -> Enrolment:
    """Enrol this PC with the district server (blocking network call, then one write through
    ``writer``; default: in the calling thread).

    The upstream must serve this store's agency code; the device number it assigns becomes
    the store's (it partitions the dossier codes, §3.2). Raises InvalidInput for a refused
    code or another commune's enrolment, SyncError subclasses for network problems.
    """
    url = url.strip().rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise InvalidInput("url", "format", "url: cần dạng https://máy-chủ")
    with store.read() as session:
        if session.get(AgencySettings, 1) is None:
            raise NotInitialised("agency_settings")
    changed = False

    def on_enrolled(session: Session, answer: wire.EnrollResponse) -> None:
        nonlocal changed
        agency = session.get(AgencySettings, 1)
        if agency is None:
            raise NotInitialised("agency_settings")
        if agency.agency_code != answer["agency_code"]:
            raise InvalidInput(
                "code",
                "agency_mismatch",
                f"mã đăng ký dành cho cơ quan {answer['agency_code']}, máy này thuộc "
                f"{agency.agency_code}; cần cấp mã đăng ký mới đúng xã",
            )
        now = clock()
        changed = agency.device_no != answer["device_no"]
        before = agency.device_no
        agency.device_no = int(answer["device_no"])
        agency.upstream_url = url
        agency.updated_at = now
        session.add(
            AuditLog(
                at=now,
                actor="sync",
                action="device.enrol",
                entity="device_identity",
                entity_id=str(answer["device_id"]),
                detail={"device_no": answer["device_no"], "before": before, "url": url},
            )
        )

    t = transport or _default_transport(url)
    try:
        ident: Identity = sync_enrol(
            store,
            t,
            url=url,
            code=code,
            label=label,
            app_version=__version__,
            clock=clock,
            on_enrolled=on_enrolled,
            writer=writer,
        )
    except EnrollRefused as exc:
        raise InvalidInput("code", "refused", f"mã đăng ký không hợp lệ: {exc}") from exc
    finally:
        if transport is None:
            t.close()
    return Enrolment(ident.device_id, ident.device_no, ident.agency_code, url, ident.label, changed)


# --- engine and worker ------------------------------------------------------------------------


def build_engine(
    store: Store,
    data_dir: Path,
    *,
    transport: Transport | None = None,
    clock: Clock = system_clock,
    download_roles: tuple[str, ...] = ("result",),
    writer: Writer | None = None,
) -> Engine:
    """An engine for the enrolled store (raises sync.errors.NotEnrolled otherwise); its store
    writes go through ``writer`` (default: in the thread running the cycle)."""
    if transport is None:
        with store.read() as session:
            row = session.get(DeviceIdentity, 1)
            if row is None:
                raise NotEnrolled("thiết bị chưa được đăng ký với máy chủ (chạy motcua enroll)")
            url = row.upstream_url
        transport = _default_transport(url)
    return Engine(
        store,
        transport,
        DeskApplier(clock),
        data_dir,
        app_version=__version__,
        clock=clock,
        download_roles=download_roles,
        writer=writer,
    )


def run_once(store: Store, data_dir: Path, *, transport: Transport | None = None) -> CycleReport:
    """One full cycle, blocking (the CLI's ``sync --once``)."""
    engine = build_engine(store, data_dir, transport=transport)
    try:
        return engine.run_cycle()
    finally:
        if transport is None:
            engine.transport.close()


class SyncService:
    """The background sync of one store, for the desk's lifetime."""

    def __init__(
        self,
        store: Store,
        data_dir: Path,
        *,
        transport: Transport | None = None,
        interval_s: float = 60.0,
        watchdog_s: float = 600.0,
        debounce_s: float = 2.0,
        on_report: Callable[[CycleReport], None] | None = None,
        writer: Writer | None = None,
    ) -> None:
        self.store = store
        self.engine = build_engine(store, data_dir, transport=transport, writer=writer)
        self._own_transport = transport is None
        self.worker = Worker(
            self.engine,
            interval_s=interval_s,
            debounce_s=debounce_s,
            watchdog_s=watchdog_s,
            on_report=on_report,
        )

    def use_writer(self, writer: Writer) -> None:
        """Route the engine's store writes through ``writer`` (before :meth:`start`): the
        desk applies its one-writer-thread writer to whatever service its factory built."""
        if self.worker.running:
            raise RuntimeError("use_writer: the sync worker is already running")
        self.engine.use_writer(writer)

    def start(self) -> None:
        self.worker.start()

    def stop(self, timeout: float = 90.0) -> bool:
        done = self.worker.stop(timeout)
        if self._own_transport and done:
            self.engine.transport.close()
        return done

    def kick(self) -> None:
        """Call after every local commit (debounced 2 s)."""
        self.worker.kick()

    def sync_now(self) -> None:
        self.worker.sync_now()

    def status(self) -> StatusSnapshot:
        return status(self.store)

    def worker_state(self) -> WorkerState:
        return self.worker.state()


def status(store: Store) -> StatusSnapshot:
    return sync_status.snapshot(store)


def acknowledge_clock(store: Store) -> None:
    """The officer acknowledged the clock warning (work was never blocked; §3.10)."""
    sync_status.acknowledge_clock(store)


# --- conflicts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConflictRow:
    mutation_id: str
    dossier_id: str
    dossier_code: str
    op: str
    kind: str
    explanation: str  # Vietnamese, shown as is
    detail: str
    server_state: dict[str, Any]
    created_at: datetime
    resolved_by: str | None
    payload: dict[str, Any]
    user_id: str = ""  # who made the refused change (the desk shows it to that officer)
    done_at: datetime | None = None  # when it was made (device time)


def conflicts(
    store: Store, dossier_id: str | None = None, *, include_resolved: bool = False
) -> list[ConflictRow]:
    with store.read() as session:
        q = (
            select(SyncConflict, Outbox, Dossier.code)
            .join(Outbox, Outbox.mutation_id == SyncConflict.mutation_id)
            .outerjoin(Dossier, Dossier.id == Outbox.entity_id)
            .order_by(SyncConflict.created_at, Outbox.device_seq)
        )
        if dossier_id is not None:
            q = q.where(Outbox.entity_id == dossier_id)
        if not include_resolved:
            q = q.where(SyncConflict.resolved_by.is_(None))
        out = []
        for c, o, code in session.execute(q).all():
            out.append(
                ConflictRow(
                    mutation_id=c.mutation_id,
                    dossier_id=o.entity_id,
                    dossier_code=code or "",
                    op=o.op,
                    kind=c.kind,
                    explanation=explain_conflict(c.kind, c.detail),
                    detail=c.detail,
                    server_state=dict(c.server_state),
                    created_at=c.created_at,
                    resolved_by=c.resolved_by,
                    payload=dict(o.payload),
                    user_id=o.user_id,
                    done_at=o.device_time,
                )
            )
        return out


def resolve_conflict(
    store: Store, mutation_id: str, *, actor: str, clock: Clock = system_clock
) -> None:
    """A person has dealt with the conflict: the dossier's held mutations may flow again and
    its server copy is folded in at the next cycle."""
    now = clock()
    with store.write.begin() as session:
        c = session.get(SyncConflict, mutation_id)
        if c is None:
            raise NotFound("conflict", mutation_id)
        c.resolved_by = actor
        session.add(
            AuditLog(
                at=now,
                actor=actor,
                action="sync.conflict_resolved",
                entity="outbox",
                entity_id=mutation_id,
                detail={"kind": c.kind},
            )
        )


# --- sync log (the desk's details dialog) ---------------------------------------------------------


@dataclass(frozen=True)
class SyncLogRow:
    at: datetime
    channel: str
    event: str
    bytes_up: int
    bytes_down: int
    detail: str


def recent_log(store: Store, limit: int = 30) -> list[SyncLogRow]:
    """The newest ``sync_log`` lines, newest first (cycles, errors, watchdog, clock)."""
    with store.read() as session:
        rows = session.scalars(select(SyncLog).order_by(SyncLog.id.desc()).limit(limit))
        return [
            SyncLogRow(r.at, r.channel, r.event, r.bytes_up, r.bytes_down, r.detail) for r in rows
        ]
