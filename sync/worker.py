"""A Qt-free background runner for the engine (sync-protocol.md §3.8, rule 2).

Cycles run on one thread: at start, on :meth:`Worker.kick` (debounced after local commits), on
:meth:`Worker.sync_now`, and on a periodic timer that is ALWAYS armed (default 60 s; after a
failure the exponential backoff with full jitter decides, ``Retry-After`` honoured). Triggers
only move the next run earlier; nothing ever disarms the timer.

A separate watchdog thread looks at the last cycle: link healthy, work pending, no progress for
``watchdog_s`` (or a cycle stuck that long) -> a ``sync_log`` line, a fresh HTTP session and the
status flag. Every method is safe to call from any thread and returns at once; only
:meth:`Worker.stop` waits (for the running request at most its timeout).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from sync.backoff import Backoff
from sync.engine import CycleReport

logger = logging.getLogger(__name__)

Monotonic = Callable[[], float]

NON_RETRY_OUTCOMES = frozenset({"revoked", "update_required", "not_enrolled"})


class CycleRunner(Protocol):
    def run_cycle(self) -> CycleReport: ...

    def reset_session(self) -> None: ...

    def note_watchdog(self, fired: bool, detail: str) -> None: ...


@dataclass(frozen=True)
class WorkerState:
    running: bool
    in_cycle: bool
    next_run_in_s: float | None
    failures: int
    watchdog_active: bool
    watchdog_fired: int
    cycles: int
    last_report: CycleReport | None


class Worker:
    def __init__(
        self,
        engine: CycleRunner,
        *,
        interval_s: float = 60.0,
        debounce_s: float = 2.0,
        watchdog_s: float = 600.0,
        clock: Monotonic = time.monotonic,
        backoff: Backoff | None = None,
        on_report: Callable[[CycleReport], None] | None = None,
    ) -> None:
        self.engine = engine
        self.interval_s = interval_s
        self.debounce_s = debounce_s
        self.watchdog_s = watchdog_s
        self.clock = clock
        self.backoff = backoff or Backoff()
        self.on_report = on_report
        self._cond = threading.Condition()
        self._stopping = False
        self._thread: threading.Thread | None = None
        self._watch_thread: threading.Thread | None = None
        now = clock()
        self._timer_due: float = now  # run at start
        self._kick_due: float | None = None
        self._first_kick: float | None = None
        self._now_requested = False
        self._in_cycle_since: float | None = None
        self._last_report: CycleReport | None = None
        self._last_progress_at = now
        self._watchdog_active = False
        self._watchdog_fired = 0
        self._cycles = 0

    # --- triggers (any thread, never block) ---------------------------------------------------

    def kick(self) -> None:
        """A local commit happened: run a cycle ``debounce_s`` after the last kick of a burst
        (at most 5 debounce periods after the first one, so a busy desk still syncs)."""
        with self._cond:
            now = self.clock()
            if self._first_kick is None:
                self._first_kick = now
            self._kick_due = min(now + self.debounce_s, self._first_kick + 5 * self.debounce_s)
            self._cond.notify_all()

    def sync_now(self) -> None:
        """The officer pressed "Đồng bộ ngay": run as soon as the current cycle (if any) ends."""
        with self._cond:
            self._now_requested = True
            self.backoff.reset()
            self._cond.notify_all()

    # --- scheduling core (testable without threads) -------------------------------------------

    def next_due(self) -> float:
        with self._cond:
            return self._next_due_locked()

    def _next_due_locked(self, now: float | None = None) -> float:
        due = self._timer_due
        if self._kick_due is not None:
            due = min(due, self._kick_due)
        if self._now_requested:
            due = min(due, self.clock() if now is None else now)
        return due

    def step(self) -> CycleReport | None:
        """Run one cycle if one is due now; returns its report (None when nothing was due)."""
        with self._cond:
            now = self.clock()
            if self._next_due_locked(now) > now:
                return None
            self._kick_due = self._first_kick = None
            self._now_requested = False
            self._in_cycle_since = now
        try:
            report = self.engine.run_cycle()
        finally:
            with self._cond:
                self._in_cycle_since = None
        self._after_cycle(report)
        if self.on_report is not None:
            try:
                self.on_report(report)
            except Exception:
                logger.exception("sync on_report callback failed")
        return report

    def _after_cycle(self, report: CycleReport) -> None:
        clear_watchdog = False
        with self._cond:
            now = self.clock()
            self._cycles += 1
            self._last_report = report
            if report.ok:
                self.backoff.reset()
                delay = 0.0 if report.yielded else self.interval_s
            elif report.outcome in NON_RETRY_OUTCOMES:
                delay = self.interval_s  # still armed: an admin may fix it upstream
            else:
                delay = self.backoff.next_delay(report.retry_after)
            self._timer_due = now + delay  # ALWAYS re-armed, whatever happened
            idle = report.pending_after + report.blobs_pending_after == 0
            if report.progress or (report.ok and idle):
                self._last_progress_at = now
                if self._watchdog_active:
                    self._watchdog_active = False
                    clear_watchdog = True
        if clear_watchdog:
            self.engine.note_watchdog(False, "tiến triển trở lại")

    def watchdog_check(self) -> bool:
        """Fire the watchdog if the queue is wedged; True when it fired."""
        with self._cond:
            now = self.clock()
            report = self._last_report
            stuck_cycle = (
                self._in_cycle_since is not None and now - self._in_cycle_since > self.watchdog_s
            )
            healthy = report is not None and report.reached_server
            pending = report is not None and (report.pending_after + report.blobs_pending_after) > 0
            stalled = now - self._last_progress_at > self.watchdog_s
            if not (stuck_cycle or (healthy and pending and stalled)):
                return False
            self._watchdog_active = True
            self._watchdog_fired += 1
            self._last_progress_at = now  # the next verdict needs another full window
            minutes = round(self.watchdog_s / 60, 1)
            detail = (
                f"một lượt đồng bộ chạy quá {minutes} phút"
                if stuck_cycle
                else f"còn {report.pending_after if report else 0} thay đổi chờ, "
                f"không tiến triển trong {minutes} phút"
            )
        logger.warning("sync watchdog: %s", detail)
        try:
            self.engine.note_watchdog(True, detail)
        finally:
            self.engine.reset_session()
        return True

    # --- threads --------------------------------------------------------------------------------

    def start(self) -> None:
        with self._cond:
            if self._thread is not None:
                return
            self._stopping = False
            self._thread = threading.Thread(target=self._loop, name="sync-worker", daemon=True)
            self._watch_thread = threading.Thread(
                target=self._watch_loop, name="sync-watchdog", daemon=True
            )
        self._thread.start()
        self._watch_thread.start()

    def stop(self, timeout: float = 90.0) -> bool:
        """Ask the threads to end and join them; True when they ended within ``timeout``."""
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
            threads = [t for t in (self._thread, self._watch_thread) if t is not None]
        deadline = time.monotonic() + timeout
        for t in threads:
            t.join(max(0.0, deadline - time.monotonic()))
        alive = any(t.is_alive() for t in threads)
        if not alive:
            with self._cond:
                self._thread = self._watch_thread = None
        return not alive

    @property
    def running(self) -> bool:
        t = self._thread
        return t is not None and t.is_alive()

    def _loop(self) -> None:
        while True:
            with self._cond:
                if self._stopping:
                    return
                now = self.clock()
                wait = self._next_due_locked(now) - now
                if wait > 0:
                    self._cond.wait(min(wait, 3600.0))
                    continue
            try:
                self.step()
            except Exception:  # run_cycle does not raise; this is belt and braces
                logger.exception("sync worker step failed")
                with self._cond:
                    self._timer_due = self.clock() + self.backoff.next_delay()

    def _watch_loop(self) -> None:
        period = max(0.05, min(60.0, self.watchdog_s / 4))
        while True:
            with self._cond:
                if self._stopping:
                    return
                self._cond.wait(period)
                if self._stop_requested():
                    return
            try:
                self.watchdog_check()
            except Exception:
                logger.exception("sync watchdog failed")

    def _stop_requested(self) -> bool:
        return self._stopping

    def state(self) -> WorkerState:
        with self._cond:
            due = self._next_due_locked()
            return WorkerState(
                running=self.running,
                in_cycle=self._in_cycle_since is not None,
                next_run_in_s=max(0.0, due - self.clock()),
                failures=self.backoff.failures,
                watchdog_active=self._watchdog_active,
                watchdog_fired=self._watchdog_fired,
                cycles=self._cycles,
                last_report=self._last_report,
            )
