"""The background worker: timer always armed, backoff, debounce, sync now, watchdog, stop."""

from __future__ import annotations

import random
import threading

from sync.backoff import Backoff
from sync.engine import CycleReport
from sync.push import PushStats
from sync.worker import Worker


class FakeClock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


class FakeEngine:
    def __init__(self) -> None:
        self.outcomes: list[str] = []
        self.cycles = 0
        self.resets = 0
        self.watchdog_notes: list[bool] = []
        self.pending = 0
        self.progress = False
        self.ran = threading.Event()

    def run_cycle(self) -> CycleReport:
        self.cycles += 1
        outcome = self.outcomes.pop(0) if self.outcomes else "ok"
        r = CycleReport(outcome=outcome, pending_after=self.pending)
        if self.progress:
            r.push = PushStats(applied=1)
        self.ran.set()
        return r

    def reset_session(self) -> None:
        self.resets += 1

    def note_watchdog(self, fired: bool, detail: str) -> None:
        self.watchdog_notes.append(fired)


def make(engine: FakeEngine, clock: FakeClock, **kw: float) -> Worker:
    return Worker(
        engine,
        interval_s=60.0,
        debounce_s=2.0,
        watchdog_s=600.0,
        clock=clock,
        backoff=Backoff(rng=random.Random(3)),
        **kw,
    )


def test_runs_at_start_then_the_timer_is_always_rearmed() -> None:
    e, c = FakeEngine(), FakeClock()
    w = make(e, c)
    assert w.step() is not None  # at start
    assert w.step() is None
    assert w.next_due() == c.t + 60
    e.outcomes = ["offline", "offline", "update_required", "revoked"]
    for _ in range(4):
        c.t = w.next_due()
        report = w.step()
        assert report is not None
        assert w.next_due() > c.t  # armed after every outcome
    assert e.cycles == 5


def test_failures_back_off_and_success_resets() -> None:
    e, c = FakeEngine(), FakeClock()
    w = make(e, c)
    e.outcomes = ["offline"] * 6
    delays = []
    for _ in range(6):
        c.t = w.next_due()
        w.step()
        delays.append(w.next_due() - c.t)
    assert all(0 <= d <= 300 for d in delays)
    assert w.backoff.failures == 6
    c.t = w.next_due()
    w.step()  # ok
    assert w.backoff.failures == 0
    assert w.next_due() == c.t + 60


def test_retry_after_is_honoured() -> None:
    e, c = FakeEngine(), FakeClock()
    w = make(e, c)

    def slow() -> CycleReport:
        return CycleReport(outcome="transient", retry_after=240.0)

    e.run_cycle = slow  # type: ignore[method-assign]
    w.step()
    assert w.next_due() - c.t >= 240.0


def test_kick_is_debounced_and_sync_now_is_immediate() -> None:
    e, c = FakeEngine(), FakeClock()
    w = make(e, c)
    w.step()
    w.kick()
    c.t += 1
    w.kick()  # a burst of commits
    assert w.step() is None
    assert w.next_due() == c.t + 2
    c.t += 2
    assert w.step() is not None
    assert w.next_due() == c.t + 60  # the timer is still there
    for _ in range(20):  # a desk that commits every second still syncs within 5 debounces
        w.kick()
        c.t += 1
        if w.step() is not None:
            break
    assert e.cycles == 3
    w.sync_now()
    assert w.step() is not None


def test_watchdog_fires_on_a_wedged_queue_and_clears_on_progress() -> None:
    e, c = FakeEngine(), FakeClock()
    w = make(e, c)
    e.pending = 5
    w.step()  # healthy link, 5 pending, no progress
    c.t += 599
    assert not w.watchdog_check()
    c.t += 2
    assert w.watchdog_check()
    assert e.resets == 1
    assert e.watchdog_notes == [True]
    assert w.state().watchdog_active
    assert not w.watchdog_check()  # needs another full window
    e.progress = True
    c.t = w.next_due()
    w.step()
    assert e.watchdog_notes == [True, False]
    assert not w.state().watchdog_active


def test_watchdog_quiet_when_offline_or_idle() -> None:
    e, c = FakeEngine(), FakeClock()
    w = make(e, c)
    e.pending = 3
    e.outcomes = ["offline"]
    w.step()
    c.t += 3600
    assert not w.watchdog_check()  # offline is not "wedged": backoff handles it
    e.pending = 0
    c.t = w.next_due()
    w.step()
    c.t += 3600
    assert not w.watchdog_check()


def test_thread_runs_at_start_on_kick_and_stops_cleanly() -> None:
    e = FakeEngine()
    w = Worker(e, interval_s=3600, debounce_s=0.01, watchdog_s=3600)
    w.start()
    try:
        assert e.ran.wait(5)
        e.ran.clear()
        w.kick()
        assert e.ran.wait(5)
        e.ran.clear()
        w.sync_now()
        assert e.ran.wait(5)
        assert w.state().running
    finally:
        assert w.stop(timeout=5)
    assert not w.running
