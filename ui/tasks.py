"""Background work: a Task runs a plain function on a pool thread and reports through signals.

The UI thread never waits on disk. Every store access goes through ``TaskRunner.db_pool``: one
thread, so writes are serialised (Anki's collection executor, Picard's save pool) and no Session
is ever shared between threads. File and network work that does not touch the store goes
to ``io_pool``.

Threads that are not the GUI thread and must write synchronously (the sync worker) use
``TaskRunner.call_on_writer``: their function runs on that same one thread while they wait.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar, cast

from PySide6.QtCore import QObject, QRunnable, QThread, QThreadPool, Signal

if TYPE_CHECKING:
    from app.datadir import Store
    from app.sync_service import Writer

ProgressFn = Callable[[int, int], None]
TaskFn = Callable[[ProgressFn], object]
T = TypeVar("T")

_writer_thread = threading.local()  # .active: this thread is running a db_pool job now


def _on_writer_thread() -> bool:
    return bool(getattr(_writer_thread, "active", False))


def _as_writer(fn: TaskFn) -> TaskFn:
    """``fn`` marked as running on the writer thread (for the duration of its run)."""

    def run(progress: ProgressFn) -> object:
        _writer_thread.active = True
        try:
            return fn(progress)
        finally:
            _writer_thread.active = False

    return run


class TaskSignals(QObject):
    """Signals of one Task; the object lives on the GUI thread, so emits from a pool are queued.

    Signals:
        progress: (done, total) while the function runs.
        succeeded: the function's return value (a DTO or a report, never a live ORM object).
        failed: the exception instance it raised.
    """

    progress = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)


class Task(QRunnable):
    """Runs ``fn`` on a pool thread; ``fn`` must never touch widgets (Anki's rule)."""

    def __init__(self, fn: TaskFn) -> None:
        super().__init__()
        self.signals = TaskSignals()  # created here, on the GUI thread
        self._fn = fn

    def run(self) -> None:
        try:
            result = self._fn(self.signals.progress.emit)
        except Exception as exc:  # always reported to the UI, never swallowed
            self.signals.failed.emit(exc)
        else:
            self.signals.succeeded.emit(result)


class _Outcome(Generic[T]):
    """What a blocking call produced; outlives the runnable (the pool deletes that)."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.result: T | None = None
        self.error: BaseException | None = None


class _BlockingCall(QRunnable):
    """Runs ``fn`` on the pool; the waiting thread reads the outcome."""

    def __init__(self, fn: Callable[[], object], outcome: _Outcome[object]) -> None:
        super().__init__()
        self._fn = fn
        self._outcome = outcome

    def run(self) -> None:
        outcome = self._outcome
        _writer_thread.active = True
        try:
            outcome.result = self._fn()
        except BaseException as exc:  # handed to the waiting thread, which re-raises it
            outcome.error = exc
        finally:
            _writer_thread.active = False
            outcome.done.set()


class TaskRunner(QObject):
    """The two pools of the application and the bookkeeping that keeps Task signals alive.

    ``db_pool`` has exactly one thread: the one writer (and, for simplicity, the reader of the
    store too). ``io_pool`` is for work that touches no store (files, scanner, network).
    """

    def __init__(self, parent: QObject | None = None, io_threads: int = 2) -> None:
        super().__init__(parent)
        self.db_pool = QThreadPool(self)
        self.db_pool.setMaxThreadCount(1)
        self.db_pool.setObjectName("db")
        self.io_pool = QThreadPool(self)
        self.io_pool.setMaxThreadCount(io_threads)
        self.io_pool.setObjectName("io")
        # The pool owns (and deletes) the runnable; the signals must outlive it until they fire.
        self._live: set[TaskSignals] = set()

    def run_db(
        self,
        fn: TaskFn,
        on_success: Callable[[object], None] | None = None,
        on_failure: Callable[[object], None] | None = None,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> TaskSignals:
        """Queue ``fn`` on the writer thread; the callbacks run on the GUI thread."""
        return self._start(self.db_pool, _as_writer(fn), on_success, on_failure, on_progress)

    def call_on_writer(self, fn: Callable[[], T]) -> T:
        """Run ``fn`` on the writer thread and wait for it; returns its result or re-raises its
        exception. For threads other than the GUI thread only (the sync worker): it blocks the
        caller, so on the GUI thread it raises RuntimeError instead. Called from the writer
        thread itself (a ``run_db`` task), ``fn`` runs at once: waiting there would deadlock."""
        if QThread.isMainThread():
            raise RuntimeError("call_on_writer would block the GUI thread; use run_db")
        if _on_writer_thread():
            return fn()
        outcome: _Outcome[T] = _Outcome()
        self.db_pool.start(_BlockingCall(fn, cast(_Outcome[object], outcome)))
        outcome.done.wait()
        if outcome.error is not None:
            raise outcome.error
        return cast(T, outcome.result)

    def store_writer(self, store: Store) -> Writer:
        """A sync ``Writer`` for ``store`` whose transactions run on the writer thread (through
        :meth:`call_on_writer`): give it to ``SyncService`` and ``enrol``."""
        from app.sync_service import writer_via  # sync loads lazily (app.selfcheck)

        return writer_via(self.call_on_writer, store)

    def run_io(
        self,
        fn: TaskFn,
        on_success: Callable[[object], None] | None = None,
        on_failure: Callable[[object], None] | None = None,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> TaskSignals:
        """Queue ``fn`` on the I/O pool: network, files, scanners and store reads, never writes."""
        return self._start(self.io_pool, fn, on_success, on_failure, on_progress)

    def _start(
        self,
        pool: QThreadPool,
        fn: TaskFn,
        on_success: Callable[[object], None] | None,
        on_failure: Callable[[object], None] | None,
        on_progress: Callable[[int, int], None] | None,
    ) -> TaskSignals:
        task = Task(fn)
        signals = task.signals
        self._live.add(signals)
        if on_progress is not None:
            signals.progress.connect(on_progress)
        if on_success is not None:
            signals.succeeded.connect(on_success)
        if on_failure is not None:
            signals.failed.connect(on_failure)
        # Connected last, so user callbacks have run when the reference is dropped.
        signals.succeeded.connect(lambda _result: self._live.discard(signals))
        signals.failed.connect(lambda _exc: self._live.discard(signals))
        pool.start(task)
        return signals

    def pending(self) -> int:
        """Tasks whose result has not reached the GUI thread yet."""
        return len(self._live)

    def shutdown(self, timeout_ms: int = 30_000) -> bool:
        """At exit only: drop I/O work not started yet, finish every queued write, then return."""
        self.io_pool.clear()  # never db_pool: a queued write is a user's action
        done_io = self.io_pool.waitForDone(timeout_ms)
        done_db = self.db_pool.waitForDone(timeout_ms)  # a write in progress is finished
        return done_io and done_db
