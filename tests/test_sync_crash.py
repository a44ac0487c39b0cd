"""SIGKILL of the desk's sync process at every named SYNC_CRASH_AT point and at random moments,
and a server killed in the middle of a push; after restart and drain, I1–I7 hold."""

from __future__ import annotations

import random
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from server import admin
from server.blobstore import DiskBlobStore
from sync.crashpoints import POINTS
from sync.wire import CHUNK_SIZE
from tests.synckit import wait_until
from tests.synckit.cluster import Cluster, Desk, fake_pdf, fresh_database
from tests.synckit.faultproxy import match_path
from tests.synckit.invariants import check_all

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX"),
]

PUSH = match_path("/v1/sync/push", "POST")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    root = tmp_path_factory.mktemp("crash")
    with fresh_database("postgresql") as url, Cluster(root, url) as c:
        yield c


def new_desk(c: Cluster, prefix: str = "K") -> Desk:
    agency = f"000.17.22.{prefix}{len(c.desks) + 1:02d}"
    c.add_agency(agency, f"Xã thử {agency}")
    return c.add_desk(agency, f"{prefix.lower()}{len(c.desks) + 1}")


def prepare(c: Cluster, desk: Desk, point: str, tmp: Path) -> None:
    """Give the desk work that passes through ``point`` in its next cycle."""
    if point == "blob_rename":  # a result document to download
        code = desk.receive()
        desk.transition(code, "forwarded")
        desk.drain(here=True)
        result = tmp / f"result-{desk.name}.pdf"
        result.write_bytes(fake_pdf(CHUNK_SIZE + 3000, 11))
        store = DiskBlobStore(c.server_dir)
        c.admin(lambda s: admin.mark_processed(s, store, code, result, "Xong"))
        return
    codes = [desk.receive(f"Người {i}") for i in range(3)]  # a pull page of >= 2 changes
    desk.transition(codes[0], "in_process")
    if point == "after_chunk_sent":
        desk.attach(codes[1], size=2 * CHUNK_SIZE + 10)


@pytest.mark.parametrize("point", POINTS)
def test_sigkill_at_named_point_then_drain(cluster: Cluster, point: str, tmp_path: Path) -> None:
    desk = new_desk(cluster)
    prepare(cluster, desk, point, tmp_path)
    run = desk.sync(crash_at=point)
    assert run.returncode == 137, run  # it really died there
    if point == "after_outbox_commit":
        assert desk.sql("SELECT DISTINCT state FROM outbox") == [("sent",)]
    assert desk.drain().ok
    check_all(cluster, desks=[desk])


def test_random_sigkills_while_syncing(cluster: Cluster) -> None:
    """The sync process is killed when the link has carried a random number of bytes."""
    desk = new_desk(cluster, "R")
    rng = random.Random(20261125)
    codes = [desk.receive(f"Người {i}") for i in range(20)]
    for code in codes[:3]:
        desk.attach(code, size=rng.randrange(CHUNK_SIZE // 2, 2 * CHUNK_SIZE))
    kills = 0
    for _ in range(3):
        start = desk.proxy.bytes_up + desk.proxy.bytes_down
        threshold = rng.randrange(2_000, 400_000)
        proc = desk.popen()
        try:
            wait_until(
                lambda proc=proc, start=start, threshold=threshold: (
                    desk.proxy.bytes_up + desk.proxy.bytes_down - start > threshold
                    or proc.poll() is not None
                ),
                60,
                "traffic or the end of the cycle",
            )
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                kills += 1
        finally:
            run = desk.finish(proc)
        assert run.returncode in (0, -signal.SIGKILL), run
    assert kills >= 1
    assert desk.drain().ok
    check_all(cluster, desks=[desk])


# --- the server dies in the middle of a push -------------------------------------------------


@pytest.mark.parametrize("where", ["push.before_commit", "push.after_commit", "blob.before_record"])
def test_server_dies_inside_a_push_and_restarts_on_the_same_database(
    cluster: Cluster, where: str
) -> None:
    c = cluster
    desk = new_desk(c, "S")
    for i in range(5):
        desk.receive(f"Người {i}")
    if where.startswith("blob"):  # the metadata goes up, then the server dies appending
        desk.attach(desk.sql("SELECT code FROM dossier LIMIT 1")[0][0], size=2 * CHUNK_SIZE + 9)
    c.restart_server(env={"SERVER_CRASH_AT": where})
    run = desk.sync()
    assert run.returncode == 6, run
    assert c.process is not None
    c.process.wait(30)
    assert c.process.returncode == 137  # the server died at the named point
    c.restart_server()
    assert desk.drain().ok
    check_all(c, desks=[desk])


def test_uvicorn_sigkilled_while_a_push_is_in_flight(cluster: Cluster) -> None:
    c = cluster
    desk = new_desk(c, "U")
    for i in range(40):
        desk.receive(f"Người {i}")
    desk.proxy.blackhole()  # hold the push at the proxy, so the kill lands mid-request
    proc = desk.popen()
    try:
        wait_until(lambda: desk.proxy.held > 0, 60, "the first request to be held")
        desk.proxy.heal()
        wait_until(
            lambda: (
                bool(desk.proxy.requests(lambda r: PUSH(r) and r.complete))
                or proc.poll() is not None
            ),
            60,
            "a complete push request",
        )
        c.kill_server()
    finally:
        run = desk.finish(proc)
    assert run.returncode in (0, 6), run
    c.restart_server()
    assert desk.drain().ok
    check_all(c, desks=[desk])
