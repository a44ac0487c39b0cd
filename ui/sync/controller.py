"""The desk's handle on the background sync: starts the Qt-free worker, kicks it, reads status.

The worker (``app.sync_service.SyncService`` around ``sync.worker.Worker``) runs its cycles on
its own thread with a timer that is always armed (sync-protocol.md §3.8, rule 2). This object
only adds triggers and reads:

- start: when the store is enrolled (a plain demo store never is, so it never starts there);
- kicks: after every local write (``ctx.signals.dossiers_changed``), on "Đồng bộ ngay", and on a
  ``QNetworkInformation`` reachability change (a hint only; the backend is optional);
- status: a ``StatusSnapshot`` read on the I/O pool every ``status_ms`` and after each cycle;
  cycle reports come from the worker thread through a queued signal, never by waiting.

The worker keeps running while the desk is locked or nobody is logged in: the outbox is per
device and a queued change still goes out after its author logs out (§3.9). It stops when the
window closes (the application quits).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from shiboken6 import isValid

from app.datadir import Store
from app.sync_service import CycleReport, StatusSnapshot, SyncService, status
from ui.context import AppContext
from ui.tasks import ProgressFn

log = logging.getLogger(__name__)

STATUS_MS = 15_000  # status bar refresh while the desk is open (a handful of indexed reads)
AFTER_WRITE_MS = 300  # a local write changed the pending count: read it again shortly after
STOP_TIMEOUT_S = 5.0  # at quit: a request in flight is abandoned after this (daemon thread)

OnReport = Callable[[CycleReport], None]
ServiceFactory = Callable[[Store, Path, OnReport], SyncService]


def default_service(store: Store, data_dir: Path, on_report: OnReport) -> SyncService:
    return SyncService(store, data_dir, on_report=on_report)


def _read_status(store: Store, _progress: ProgressFn) -> StatusSnapshot:
    return status(store)


class SyncController(QObject):
    """Owns the sync worker of one desk (created by the main window).

    Signals:
        status_changed(object): a fresh ``StatusSnapshot`` arrived.
        status_failed(object): reading the status failed (the exception).
        cycle_finished(object): the worker finished a cycle (its ``CycleReport``).
        running_changed(bool): the worker started (True) or stopped (False).
    """

    status_changed = Signal(object)
    status_failed = Signal(object)
    cycle_finished = Signal(object)
    running_changed = Signal(bool)
    _report_arrived = Signal(object)  # emitted on the worker's thread, delivered queued

    def __init__(
        self,
        ctx: AppContext,
        parent: QObject | None = None,
        *,
        service_factory: ServiceFactory | None = None,
        status_ms: int = STATUS_MS,
        network_hint: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sync_controller")
        self.ctx = ctx
        self.service: SyncService | None = None
        self.snapshot: StatusSnapshot | None = None
        self.status_error: object | None = None
        self.last_report: CycleReport | None = None
        self._factory = service_factory or default_service
        self._active = False  # between start() and stop()
        self._building = False
        self._status_seq = 0
        self._report_arrived.connect(self._on_report_arrived, Qt.ConnectionType.QueuedConnection)
        self._status_timer = QTimer(self)
        self._status_timer.setInterval(status_ms)
        self._status_timer.timeout.connect(self.refresh_status)
        self._soon = QTimer(self)  # merges bursts of writes into one status read
        self._soon.setSingleShot(True)
        self._soon.setInterval(AFTER_WRITE_MS)
        self._soon.timeout.connect(self.refresh_status)
        ctx.signals.dossiers_changed.connect(self._on_dossiers_changed)
        self.network_backend = ""
        if network_hint:
            self._watch_network()

    # --- life cycle -----------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.service is not None

    def start(self) -> None:
        """Read the status; the worker starts once it says the store is enrolled."""
        self._active = True
        self._status_timer.start()
        self.refresh_status()

    def stop(self, timeout: float = STOP_TIMEOUT_S) -> bool:
        """Stop the worker (at quit). Waits at most ``timeout`` for a request in flight; its
        threads are daemons, so an abandoned request never holds the process."""
        self._active = False
        self._status_timer.stop()
        self._soon.stop()
        service, self.service = self.service, None
        if service is None:
            return True
        done = service.stop(timeout)
        if not done:
            log.warning("sync worker still busy after %.0f s at stop", timeout)
        self.running_changed.emit(False)
        return done

    def restart(self) -> None:
        """After a new enrolment: the old worker (if any) ends off the GUI thread, then a new
        one starts with the new identity."""
        old, self.service = self.service, None
        self._active = True
        self._status_timer.start()
        if old is None:
            self.refresh_status()
            return
        self.running_changed.emit(False)

        def stop_old(_progress: ProgressFn) -> bool:
            return old.stop(90.0)

        self.ctx.runner.run_io(
            stop_old, on_success=self._on_old_stopped, on_failure=self._on_old_stopped
        )

    def _on_old_stopped(self, _result: object) -> None:
        if isValid(self):
            self.refresh_status()

    def _build_service(self) -> None:
        if self._building or self.service is not None or not self._active:
            return
        self._building = True
        store = self.ctx.store
        factory, on_report = self._factory, self._on_worker_report
        writer = self.ctx.runner.store_writer(store)  # the engine writes on the one writer thread

        def build(_progress: ProgressFn) -> SyncService:
            service = factory(store, Path(store.path).parent, on_report)
            service.use_writer(writer)
            return service

        self.ctx.runner.run_io(
            build, on_success=self._on_service_built, on_failure=self._on_service_failed
        )

    def _on_service_built(self, service: object) -> None:
        assert isinstance(service, SyncService)
        if not isValid(self):
            service.stop(0.0)
            return
        self._building = False
        if not self._active or self.service is not None:
            service.stop(0.0)  # never started: returns at once
            return
        self.service = service
        service.start()
        self.running_changed.emit(True)

    def _on_service_failed(self, exc: object) -> None:
        if not isValid(self):
            return
        self._building = False
        self.status_error = exc
        log.warning("sync worker could not start: %r", exc)
        self.status_failed.emit(exc)

    # --- triggers -------------------------------------------------------------------------

    def sync_now(self) -> bool:
        """ "Đồng bộ ngay": run a cycle as soon as possible. False when there is no worker
        (not enrolled), so the caller can explain."""
        if self.service is None:
            return False
        self.service.sync_now()
        self._soon.start()
        return True

    def kick(self) -> None:
        """A local commit happened: the worker runs a cycle shortly (debounced)."""
        if self.service is not None:
            self.service.kick()

    @Slot(list)
    def _on_dossiers_changed(self, _codes: list[str]) -> None:
        self.kick()
        if self._active:
            self._soon.start()

    def _watch_network(self) -> None:
        """Reachability changes kick the worker (a hint: the health probe decides)."""
        try:
            from PySide6.QtNetwork import QNetworkInformation

            info: QNetworkInformation | None = QNetworkInformation.instance()
            if info is None and QNetworkInformation.loadBackendByFeatures(
                QNetworkInformation.Feature.Reachability
            ):
                info = QNetworkInformation.instance()
        except Exception as exc:  # no backend on this platform: the timer still runs
            log.info("no network information backend: %r", exc)
            return
        if info is None:
            return
        self.network_backend = info.backendName()
        info.reachabilityChanged.connect(self._on_reachability_changed)

    @Slot(object)
    def _on_reachability_changed(self, _reachability: object) -> None:
        self.kick()

    # --- reports and status ---------------------------------------------------------------

    def _on_worker_report(self, report: CycleReport) -> None:
        """Runs on the worker's thread: hand the report to the GUI thread, nothing else."""
        if self._active:
            self._report_arrived.emit(report)

    @Slot(object)
    def _on_report_arrived(self, report: object) -> None:
        if not isinstance(report, CycleReport):
            return
        self.last_report = report
        self.cycle_finished.emit(report)
        if report.progress:  # pulled changes or refusals: lists and open dossiers re-read
            self.ctx.signals.synced.emit(report)
        self.refresh_status()

    @Slot()
    def refresh_status(self) -> None:
        """Read the status snapshot on the I/O pool; ``status_changed`` when it arrives."""
        self._status_seq += 1
        seq = self._status_seq
        self.ctx.runner.run_io(
            partial(_read_status, self.ctx.store),
            on_success=partial(self._on_status_read, seq),
            on_failure=partial(self._on_status_failed, seq),
        )

    def _on_status_read(self, seq: int, snap: object) -> None:
        if not isValid(self) or seq != self._status_seq or not isinstance(snap, StatusSnapshot):
            return
        self.snapshot, self.status_error = snap, None
        self.status_changed.emit(snap)
        if snap.enrolled and self._active and self.service is None:
            self._build_service()

    def _on_status_failed(self, seq: int, exc: object) -> None:
        if not isValid(self) or seq != self._status_seq:
            return
        self.status_error = exc
        self.status_failed.emit(exc)
