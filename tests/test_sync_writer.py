"""Every store write of the sync engine goes through its injectable ``Writer``.

In the desk the writer runs each transaction on the one writer thread (``TaskRunner.db_pool``)
while the network work stays on the sync worker's thread; headless runs write inline. The
write engine's "begin" event tells which thread really opened each write transaction.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from app.clock import system_clock
from app.sync_service import build_engine, enrol
from db.engine import Store
from db.models import Blob, DeviceIdentity, Outbox, SyncLog, SyncStatus
from sync import wire
from sync.status import acknowledge_clock, snapshot
from sync.writer import Writer, inline_writer
from tests.sync_helpers import queue_blob, receive, result_attachment, upstream_doc
from tests.test_sync_fake import FakeUpstream

T = TypeVar("T")
SCOPE = wire.commune_scope("000.17.22.H56")
URL = "http://upstream.test"


class ThreadWriter:
    """A writer like the desk's: one dedicated thread runs every transaction, the caller waits."""

    def __init__(self, store: Store) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="test-writer")
        self._inline = inline_writer(store)
        self.calls = 0
        self.threads: set[int] = set()

    def __call__(self, fn: Callable[[Session], T]) -> T:
        self.calls += 1

        def run() -> T:
            self.threads.add(threading.get_ident())
            return self._inline(fn)

        return self._pool.submit(run).result()

    def close(self) -> None:
        self._pool.shutdown()


@contextmanager
def write_begins(
    store: Store, probe: Callable[[], Any] = threading.get_ident
) -> Iterator[list[Any]]:
    """``probe()`` at every write transaction the store's write engine begins."""
    seen: list[Any] = []

    def on_begin(_conn: Any) -> None:
        seen.append(probe())

    event.listen(store.write_engine, "begin", on_begin)
    try:
        yield seen
    finally:
        event.remove(store.write_engine, "begin", on_begin)


class RecordingTransport:
    """Delegates to the fake upstream and notes the thread of every request."""

    def __init__(self, up: FakeUpstream) -> None:
        self.up = up
        self.threads: set[int] = set()

    def request(self, *args: Any, **kwargs: Any) -> Any:
        self.threads.add(threading.get_ident())
        return self.up.request(*args, **kwargs)

    def reset(self) -> None:
        self.up.reset()

    def close(self) -> None:
        self.up.close()

    @property
    def bytes_up(self) -> int:
        return self.up.bytes_up

    @property
    def bytes_down(self) -> int:
        return self.up.bytes_down


def result_doc(store: Store, dossier_id: str, files: list[bytes]) -> dict[str, Any]:
    """The upstream's copy of a dossier with result files."""
    attachments = [
        result_attachment(f"att-{i}", content, f"ketqua{i}.pdf") for i, content in enumerate(files)
    ]
    return upstream_doc(store, dossier_id, state="result_ready", attachments=attachments)


def events(store: Store) -> set[str]:
    with store.read() as s:
        return set(s.scalars(select(SyncLog.event)))


# --- headless: the writer sees every write ------------------------------------------------------


def test_every_engine_write_goes_through_the_writer(store: Store, data_dir: Path) -> None:
    up = FakeUpstream(strict_seq=False)
    transport = RecordingTransport(up)
    writer = ThreadWriter(store)
    caller = threading.get_ident()
    try:
        with write_begins(store) as begins:
            enrol(store, URL, "GOOD", "Máy 1", transport=up, writer=writer)
        assert begins
        assert set(begins) == writer.threads

        # local work (the desk's own writes, not the engine's): outside the recording
        bad, _ = receive(store, "Người xấu")
        good, _ = receive(store, "Người tốt")
        with store.read() as s:
            bad_mutation = s.scalars(
                select(Outbox.mutation_id).where(Outbox.entity_id == bad)
            ).one()
        up.bad_mutations.add(bad_mutation)  # 400 three times: quarantine
        upload = queue_blob(store, data_dir, b"scan " * 60_000)  # 2 chunks
        present, absent = b"ket qua " * 1000, b"mat tich " * 10
        up.blobs[hashlib.sha256(present).hexdigest()] = present  # the other one: 404
        engine = build_engine(store, data_dir, transport=transport, writer=writer)

        with write_begins(store) as begins:
            outcomes = [engine.run_cycle().outcome for _ in range(3)]
            assert outcomes == ["transient", "transient", "ok"]
            up.add_change(SCOPE, "dossier", good, result_doc(store, good, [present, absent]))
            report = engine.run_cycle()
            assert report.ok, report.detail
            assert report.pull.changes == 1
            assert report.blobs.downloaded == 1
            up.epoch = "E2"  # a restored upstream: 410 reset_required for both scopes
            report = engine.run_cycle()
            assert report.ok, report.detail
            assert report.pull.resets == [SCOPE, wire.GLOBAL_SCOPE]
            up.tokens.clear()  # 401: a fresh token is stored
            assert engine.run_cycle().ok
            engine.note_watchdog(True, "thử")
            engine.note_watchdog(False, "tiến triển trở lại")
            acknowledge_clock(store, writer=writer)
            next(iter(up.devices.values()))["revoked"] = True
            assert engine.run_cycle().outcome == "revoked"

        # every write transaction of the engine was opened by the writer, on its thread ...
        assert begins
        assert set(begins) == writer.threads
        assert caller not in writer.threads
        # ... one transaction per writer call (the old `with` blocks, one for one)
        assert len(begins) == writer.calls - 2  # minus the enrolment's two (its key, its identity)
        # ... while the network stayed on the calling thread
        assert transport.threads == {caller}

        # the paths above were all taken
        assert {
            "quarantine",
            "blob_missing_upstream",
            "reset_required",
            "watchdog",
            "clock_ack",
            "cycle_ok",
            "transient",
            "revoked",
        } <= events(store)
        with store.read() as s:
            blob = s.get(Blob, upload)
            assert blob is not None
            assert blob.up_state == "done"
            ident = s.get(DeviceIdentity, 1)
            assert ident is not None
            assert ident.revoked
            watchdog = s.get(SyncStatus, "watchdog")
            assert watchdog is not None
            assert watchdog.value == "0"
        assert up.blobs[upload] == b"scan " * 60_000
        assert snapshot(store).revoked
    finally:
        writer.close()


def test_inline_writer_is_one_transaction_in_the_calling_thread(store: Store) -> None:
    writer: Writer = inline_writer(store)
    now = system_clock()

    def add(session: Session) -> int:
        session.add(SyncStatus(key="probe_a", value="1", at=now))
        return 7

    def add_then_fail(session: Session) -> None:
        session.add(SyncStatus(key="probe_b", value="1", at=now))
        session.flush()
        raise ValueError("hỏng")

    with write_begins(store) as begins:
        assert writer(add) == 7
        with pytest.raises(ValueError, match="hỏng"):
            writer(add_then_fail)
    assert begins == [threading.get_ident()] * 2
    with store.read() as s:
        assert s.get(SyncStatus, "probe_a") is not None
        assert s.get(SyncStatus, "probe_b") is None  # rolled back


# --- the desk: TaskRunner.call_on_writer ----------------------------------------------------------


def _in_thread(qtbot: Any, fn: Callable[[], Any]) -> Any:
    """Run ``fn`` on a plain (non-GUI) thread while the GUI thread keeps turning."""
    out: dict[str, Any] = {}

    def run() -> None:
        try:
            out["result"] = fn()
        except BaseException as exc:
            out["error"] = exc

    t = threading.Thread(target=run, name="not-gui")
    t.start()
    qtbot.waitUntil(lambda: not t.is_alive(), timeout=30_000)
    t.join()
    if "error" in out:
        raise out["error"]
    return out["result"]


@pytest.mark.qt
def test_call_on_writer_runs_on_the_db_thread_and_never_on_the_gui_thread(qtbot: Any) -> None:
    from ui.tasks import TaskRunner

    runner = TaskRunner()
    runner.db_pool.setExpiryTimeout(-1)  # keep the one thread: its identity is compared below
    try:
        ran: list[int] = []
        with pytest.raises(RuntimeError, match="GUI thread"):
            runner.call_on_writer(lambda: ran.append(1))
        assert ran == []  # refused before anything was queued

        db_threads: list[int] = []
        runner.run_db(lambda _p: threading.get_ident(), on_success=db_threads.append)
        qtbot.waitUntil(lambda: bool(db_threads), timeout=5_000)

        caller, where = _in_thread(
            qtbot, lambda: (threading.get_ident(), runner.call_on_writer(threading.get_ident))
        )
        assert where == db_threads[0]
        assert where != caller
        assert where != threading.get_ident()

        boom = ValueError("hỏng")

        def fail() -> None:
            raise boom

        with pytest.raises(ValueError, match="hỏng") as info:
            _in_thread(qtbot, lambda: runner.call_on_writer(fail))
        assert info.value is boom  # fn's own exception, re-raised in the caller

        # a run_db task (already on the writer thread) is not deadlocked by it: runs at once
        nested: list[object] = []
        runner.run_db(
            lambda _p: runner.call_on_writer(threading.get_ident),
            on_success=nested.append,
            on_failure=nested.append,
        )
        qtbot.waitUntil(lambda: bool(nested), timeout=5_000)
        assert nested == [db_threads[0]]
    finally:
        assert runner.shutdown(5_000)


@pytest.mark.qt
def test_desk_writer_runs_a_whole_cycle_on_the_db_thread(
    qtbot: Any, store: Store, data_dir: Path
) -> None:
    from ui.tasks import TaskRunner, _on_writer_thread

    runner = TaskRunner()
    try:
        up = FakeUpstream()
        writer = runner.store_writer(store)
        receive(store, "Giàng A Páo")  # the test's own write, not the engine's
        with write_begins(store, lambda: (threading.get_ident(), _on_writer_thread())) as begins:
            _in_thread(
                qtbot, lambda: enrol(store, URL, "GOOD", "Máy 1", transport=up, writer=writer)
            )
            engine = build_engine(store, data_dir, transport=up, writer=writer)
            report = _in_thread(qtbot, engine.run_cycle)
        assert report.ok, report.detail
        assert report.push.applied == 1
        assert begins
        assert all(on_writer for _ident, on_writer in begins), begins
        assert threading.get_ident() not in {ident for ident, _ in begins}
        with store.read() as s:
            assert s.scalars(select(Outbox.state)).all() == ["applied"]
    finally:
        assert runner.shutdown(5_000)
