"""The fault matrix (sync-protocol.md §4.3) at small sizes: a real server on PostgreSQL, desks
syncing as `motcua sync --once` subprocesses through their own fault proxy; I1–I7 after each."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from server import admin
from server.blobstore import DiskBlobStore
from server.models import AppliedMutation, Blob, ChangeLog, Device, Dossier
from sync.wire import CHUNK_SIZE
from tests.synckit import wait_until
from tests.synckit.cluster import Cluster, Desk, fake_pdf, fresh_database
from tests.synckit.faultproxy import last_chunk, match_path
from tests.synckit.invariants import check_all

pytestmark = pytest.mark.slow

PUSH = match_path("/v1/sync/push", "POST")
PULL = match_path("/v1/sync/pull", "GET")
BLOB_PUT = match_path("/v1/blobs/", "PUT")
BLOB_GET = match_path("/v1/blobs/", "GET")


@pytest.fixture(scope="module")
def templates() -> dict[str, Path]:
    return {}


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """One server for the module; every test gets a commune of its own (I1–I7 are checked
    over all desks so far, so an earlier test's leftovers would show up too)."""
    root = tmp_path_factory.mktemp("faults")
    with fresh_database("postgresql") as url, Cluster(root, url) as c:
        yield c


@pytest.fixture
def desk(cluster: Cluster) -> Desk:
    agency = f"000.17.22.F{len(cluster.desks) + 1:02d}"
    cluster.add_agency(agency, f"Xã thử {agency}")
    return cluster.add_desk(agency, f"f{len(cluster.desks) + 1}")


def server_snapshot(c: Cluster) -> dict[str, Any]:
    """What a replay must not change (device.last_seen aside)."""

    def read(s: Any) -> dict[str, Any]:
        return {
            "applied": sorted(
                s.execute(select(AppliedMutation.mutation_id, AppliedMutation.result_json)).all()
            ),
            "dossiers": sorted(s.execute(select(Dossier.id, Dossier.version, Dossier.state)).all()),
            "changes": s.scalar(select(func.count()).select_from(ChangeLog)),
            "seqs": sorted(s.execute(select(Device.id, Device.last_seq)).all()),
            "blobs": sorted(s.execute(select(Blob.sha256, Blob.size)).all()),
        }

    return c.admin(read)


def applied_count(c: Cluster, desk: Desk) -> int:
    return int(
        c.admin(
            lambda s: s.scalar(
                select(func.count())
                .select_from(AppliedMutation)
                .where(AppliedMutation.device_id == desk.device_id)
            )
        )
    )


def body_of(raw: bytes) -> bytes:
    return raw.partition(b"\r\n\r\n")[2]


# --- response lost after the server committed -------------------------------------------------


def test_push_response_lost_after_commit_is_not_duplicated(cluster: Cluster, desk: Desk) -> None:
    codes = [desk.receive(f"Người {i}") for i in range(3)]
    desk.transition(codes[0], "in_process")
    desk.proxy.truncate_response(PUSH)
    run = desk.sync()
    assert run.returncode == 6, run
    assert "truncated" in desk.proxy.events
    assert applied_count(cluster, desk) == 4  # committed upstream...
    assert desk.sql("SELECT DISTINCT state FROM outbox") == [("sent",)]  # ...unknown here
    run = desk.sync()
    assert run.idle, run
    assert applied_count(cluster, desk) == 4
    check_all(cluster, desks=[desk])


def test_pull_response_lost_keeps_the_cursor(cluster: Cluster, desk: Desk) -> None:
    desk.receive()
    desk.proxy.truncate_response(PULL)
    assert desk.sync().returncode == 6
    assert desk.sql("SELECT cursor FROM sync_cursor") in ([], [("",)])
    desk.drain()
    check_all(cluster, desks=[desk])


def test_last_blob_chunk_response_lost_then_dedupe(cluster: Cluster, desk: Desk) -> None:
    code = desk.receive()
    sha = desk.attach(code, size=2 * CHUNK_SIZE + 1000)
    desk.proxy.truncate_response(last_chunk)
    assert desk.sync().returncode == 6
    assert cluster.admin(lambda s: s.get(Blob, sha)) is not None  # complete upstream
    assert desk.sql("SELECT up_state FROM blob WHERE sha256 = ?", sha) != [("done",)]
    run = desk.sync()
    assert run.idle, run
    assert run.report is not None
    assert run.report["blobs"]["bytes_up"] == 0  # "have": nothing sent again
    check_all(cluster, desks=[desk])


def test_blob_download_lost_and_reset_then_resumed(
    cluster: Cluster, desk: Desk, tmp_path: Path
) -> None:
    code = desk.receive()
    desk.transition(code, "forwarded")
    desk.drain(here=True)
    result = tmp_path / "ket-qua.pdf"
    result.write_bytes(fake_pdf(2 * CHUNK_SIZE + 5000, 7))
    store = DiskBlobStore(cluster.server_dir)
    cluster.admin(lambda s: admin.mark_processed(s, store, code, result, "Đã giải quyết"))
    desk.proxy.truncate_response(BLOB_GET)
    assert desk.sync().returncode == 6
    desk.proxy.rst_after("down", CHUNK_SIZE + 10_000, BLOB_GET)
    assert desk.sync().returncode == 6
    partial = list((desk.data_dir / "blobs" / "partial").glob("*.part"))
    assert [p.stat().st_size for p in partial] == [CHUNK_SIZE]  # the first chunk was kept
    desk.proxy.reset_counters()
    run = desk.drain()
    assert run.ok
    down = sum(r.down for r in desk.proxy.requests(BLOB_GET))
    assert down < result.stat().st_size - CHUNK_SIZE + 4096  # resumed, not restarted
    assert desk.state_of(code) == "result_ready"
    check_all(cluster, desks=[desk])


def test_token_response_lost(cluster: Cluster, desk: Desk) -> None:
    desk.receive()
    desk.proxy.truncate_response(match_path("/v1/auth/token"))
    assert desk.sync().returncode == 6
    assert desk.drain().ok
    check_all(cluster, desks=[desk])


def test_enrol_response_lost_then_retry_with_the_same_code(cluster: Cluster) -> None:
    from server.testing import create_enrolment_code

    agency = "000.17.22.E01"
    cluster.add_agency(agency, "Xã đăng ký")
    d = cluster.add_desk(agency, "e1", enrol=False)
    code = create_enrolment_code(cluster.db_url, agency, "e1")
    d.proxy.truncate_response(match_path("/v1/devices/enroll"))
    first = cluster.enrol(d, code, cli=True)
    assert first.returncode != 0
    assert "truncated" in d.proxy.events
    again = cluster.enrol(d, code, cli=True)
    cluster.desks.remove(d)  # whatever happens, this desk is not part of the I1–I7 world
    assert again.returncode == 0, again.stderr
    n = cluster.admin(
        lambda s: s.scalar(select(func.count()).select_from(Device).where(Device.agency == agency))
    )
    assert n == 1


# --- resets in the middle -----------------------------------------------------------------------


def test_rst_in_the_middle_of_a_push_request(cluster: Cluster, desk: Desk) -> None:
    for i in range(20):
        desk.receive(f"Người {i}")
    desk.proxy.rst_after("up", 700, PUSH)
    assert desk.sync().returncode == 6
    assert "rst_up" in desk.proxy.events
    assert applied_count(cluster, desk) == 0  # the server never had the whole request
    assert desk.drain().ok
    check_all(cluster, desks=[desk])


def test_rst_in_the_middle_of_a_pull_page_and_of_a_token_request(
    cluster: Cluster, desk: Desk
) -> None:
    for i in range(10):
        desk.receive(f"Người {i}")
    desk.proxy.rst_after("down", 2000, PULL)  # the page is cut after 2,000 bytes
    assert desk.sync().returncode == 6
    assert "rst_down" in desk.proxy.events
    assert desk.sql("SELECT cursor FROM sync_cursor WHERE scope LIKE 'commune:%'") in ([], [("",)])
    with desk.store() as s, s.write.begin() as session:  # force a token refresh next time
        session.execute(text("UPDATE device_identity SET token = ''"))
    desk.proxy.rst_after("up", 40, match_path("/v1/auth/token"))
    assert desk.sync().returncode == 6
    assert "rst_up" in desk.proxy.events
    assert desk.drain().ok
    check_all(cluster, desks=[desk])


def test_rst_in_the_middle_of_a_chunk_resends_at_most_one_chunk(
    cluster: Cluster, desk: Desk
) -> None:
    code = desk.receive()
    size = 3 * CHUNK_SIZE + 777
    desk.attach(code, size=size)
    desk.sync_here()  # metadata and the whole file
    code2 = desk.receive()
    desk.attach(code2, size=size)
    desk.proxy.reset_counters()
    desk.proxy.rst_after("up", CHUNK_SIZE + CHUNK_SIZE // 2, BLOB_PUT)  # inside the 2nd chunk
    assert desk.sync().returncode == 6
    assert desk.drain().ok
    sent = sum(r.up for r in desk.proxy.requests(BLOB_PUT))
    headers = 600 * len(desk.proxy.requests(BLOB_PUT))
    assert sent <= size + CHUNK_SIZE + headers, (sent, size)
    check_all(cluster, desks=[desk])


# --- blackhole, portal, corruption -------------------------------------------------------------


def test_blackhole_then_heal_completes_the_cycle(cluster: Cluster, desk: Desk) -> None:
    desk.receive()
    desk.proxy.blackhole()
    proc = desk.popen()
    try:
        wait_until(lambda: desk.proxy.held > 0, 30, "the desk's first request to be held")
        assert applied_count(cluster, desk) == 0
        assert proc.poll() is None  # waiting on the silent link, not failing
    finally:
        desk.proxy.heal()
    run = desk.finish(proc)
    assert run.idle, run
    check_all(cluster, desks=[desk])


def test_captive_portal_is_not_the_server(cluster: Cluster, desk: Desk) -> None:
    desk.receive()
    desk.proxy.portal()
    run = desk.sync()
    assert run.returncode == 6
    assert run.report is not None
    assert run.report["outcome"] == "captive_portal"
    assert desk.sql("SELECT state, attempts FROM outbox") == [("pending", 0)]
    assert applied_count(cluster, desk) == 0
    desk.proxy.heal()
    assert desk.drain().ok
    check_all(cluster, desks=[desk])


def test_corrupted_chunk_is_refused_and_sent_again(cluster: Cluster, desk: Desk) -> None:
    code = desk.receive()
    sha = desk.attach(code, size=CHUNK_SIZE + 5000)
    desk.proxy.corrupt_blob_chunk()
    first = desk.sync()
    assert "corrupted" in desk.proxy.events
    assert first.returncode == 6, first
    assert cluster.admin(lambda s: s.get(Blob, sha)) is None
    assert desk.drain().ok
    check_all(cluster, desks=[desk])


# --- replays -----------------------------------------------------------------------------------

_VOLATILE = re.compile(rb'"server_time":"[^"]*"|\r\ndate: [^\r]*', re.IGNORECASE)


def test_replayed_push_x10_answers_identically_and_changes_nothing(
    cluster: Cluster, desk: Desk
) -> None:
    codes = [desk.receive(f"Người {i}") for i in range(3)]
    desk.transition(codes[1], "refused", "Không đủ điều kiện")
    desk.drain(here=True)
    before = server_snapshot(cluster)
    replies = desk.proxy.replay_last(10, PUSH)
    assert all(r.startswith(b"HTTP/1.1 200") for r in replies), replies[0][:200]
    bodies = {_VOLATILE.sub(b"", body_of(r)) for r in replies}
    assert len(bodies) == 1, bodies
    results = json.loads(body_of(replies[0]))["results"]
    assert results, "the replayed push carried no mutation"
    assert [r["status"] for r in results] == ["applied"] * len(results)
    assert server_snapshot(cluster) == before
    check_all(cluster, desks=[desk])


def test_replayed_blob_chunk_and_token_requests_change_nothing(
    cluster: Cluster, desk: Desk
) -> None:
    code = desk.receive()
    desk.attach(code, size=CHUNK_SIZE + 100)
    desk.drain(here=True)
    before = server_snapshot(cluster)
    chunk_replies = desk.proxy.replay_last(10, BLOB_PUT)
    assert {r.split(b" ", 2)[1] for r in chunk_replies} <= {b"201", b"409"}, chunk_replies[0][:300]
    token_replies = desk.proxy.replay_last(10, match_path("/v1/auth/token"))
    assert not [r for r in token_replies if r.startswith(b"HTTP/1.1 200")]  # the nonce is spent
    assert server_snapshot(cluster) == before
    check_all(cluster, desks=[desk])
