"""Pull: pagination, scopes, 410 reset paths, gap-free seqs under concurrent writers."""

from __future__ import annotations

import threading
from typing import Any

from server import admin
from server.models import ScopeCounter
from sync.wire import GLOBAL_SCOPE, make_cursor, parse_cursor
from tests.server.helpers import Desk, Harness


def _create_many(desk: Desk, n: int) -> None:
    for start in range(0, n, 50):
        batch = [desk.create() for _ in range(min(50, n - start))]
        r = desk.push(batch)
        assert r.status_code == 200, r.text


def test_pagination_is_contiguous_with_has_more(harness: Harness) -> None:
    desk = harness.enroll()
    _create_many(desk, 7)
    cursor = ""
    pages = []
    while True:
        r = desk.pull(cursor=cursor, limit=3)
        assert r.status_code == 200
        body = r.json()
        pages.append([c["seq"] for c in body["changes"]])
        assert body["server_epoch"] == parse_cursor(body["next_cursor"])[0]
        cursor = body["next_cursor"]
        if not body["has_more"]:
            break
    assert pages == [[1, 2, 3], [4, 5, 6], [7]]
    r = desk.pull(cursor=cursor)  # caught up: empty page, same cursor
    assert r.json()["changes"] == []
    assert r.json()["next_cursor"] == cursor
    assert r.json()["has_more"] is False


def test_bad_limit_and_cursor_are_400(harness: Harness) -> None:
    desk = harness.enroll()
    assert desk.pull(limit=0).status_code == 400
    assert desk.pull(limit=501).status_code == 400
    assert desk.pull(cursor="garbage").status_code == 400


def test_global_scope_carries_catalogue_and_calendar(harness: Harness) -> None:
    desk = harness.enroll()
    with harness.factory.begin() as session:
        admin.publish_calendar_day(session, "2026-12-31", False, "Nghỉ bù")
    changes, _ = desk.pull_all(GLOBAL_SCOPE)
    assert [(c["entity_type"], c["entity_id"], c["version"]) for c in changes] == [
        ("calendar_day", "2026-12-31", 1)
    ]
    assert changes[0]["data"] == {
        "day": "2026-12-31",
        "working": False,
        "name": "Nghỉ bù",
        "source": "district",
    }


def test_new_epoch_gives_410_and_the_scope_restarts(harness: Harness) -> None:
    desk = harness.enroll()
    _create_many(desk, 2)
    _, cursor = desk.pull_all()
    with harness.factory.begin() as session:
        epoch = admin.bump_epoch(session)
    r = desk.pull(cursor=cursor)
    assert r.status_code == 410
    assert r.json()["error"] == "reset_required"
    assert r.json()["server_epoch"] == epoch
    changes, cursor = desk.pull_all()  # from the start: the whole scope again
    assert [c["seq"] for c in changes] == [1, 2]
    assert parse_cursor(cursor) == (epoch, 2)
    assert desk.pull(cursor=cursor).status_code == 200


def test_cursor_beyond_the_feed_or_behind_retention_is_410(harness: Harness) -> None:
    desk = harness.enroll()
    _create_many(desk, 3)
    _, cursor = desk.pull_all()
    epoch, seq = parse_cursor(cursor)
    # A server restored from a backup without an epoch change: the cursor is in the future.
    assert desk.pull(cursor=make_cursor(epoch, seq + 5)).status_code == 410
    with harness.factory.begin() as session:
        counter = session.get(ScopeCounter, desk.scope)
        assert counter is not None
        counter.min_seq = 2  # tombstones before seq 2 are no longer retained
    assert desk.pull(cursor=make_cursor(epoch, 1)).status_code == 410
    assert desk.pull(cursor=make_cursor(epoch, 2)).status_code == 200


def test_force_repull_is_410_until_the_device_restarts_the_scope(harness: Harness) -> None:
    desk = harness.enroll()
    other = harness.enroll()
    _create_many(desk, 2)
    _, cursor = desk.pull_all()
    _, other_cursor = other.pull_all()
    with harness.factory.begin() as session:
        admin.force_repull(session, desk.device_id)
    assert desk.pull(cursor=cursor).status_code == 410
    assert desk.pull(cursor=cursor).status_code == 410  # a lost 410 is not a lost reset
    assert other.pull(cursor=other_cursor).status_code == 200  # only that device
    changes, cursor = desk.pull_all()
    assert len(changes) == 2
    assert desk.pull(cursor=cursor).status_code == 200
    assert desk.pull(GLOBAL_SCOPE, cursor="x.0").status_code == 410  # global still pending
    assert desk.pull_all(GLOBAL_SCOPE)[0] == []


def test_concurrent_writers_give_gap_free_seqs(pg_harness: Harness) -> None:
    """Four PCs push at once while a reader pulls: no reader ever sees seq n+1 before n."""
    desks = [pg_harness.enroll(label=f"PC {i}") for i in range(4)]
    reader = pg_harness.enroll(label="reader")
    per_desk = 30
    done = threading.Event()
    errors: list[BaseException] = []
    seen: list[int] = []

    def write(desk: Desk) -> None:
        try:
            for _ in range(per_desk // 3):
                r = desk.push([desk.create() for _ in range(3)])
                assert r.status_code == 200, r.text
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    def read() -> None:
        cursor = ""
        try:
            while True:
                finished = done.is_set()
                r = reader.pull(cursor=cursor, limit=7)
                assert r.status_code == 200, r.text
                body: dict[str, Any] = r.json()
                seqs = [c["seq"] for c in body["changes"]]
                start = parse_cursor(cursor)[1] if cursor else 0
                assert seqs == list(range(start + 1, start + 1 + len(seqs))), (start, seqs)
                seen.extend(seqs)
                cursor = body["next_cursor"]
                if finished and not body["has_more"]:
                    return
        except BaseException as exc:
            errors.append(exc)

    writers = [threading.Thread(target=write, args=(d,)) for d in desks]
    reader_thread = threading.Thread(target=read)
    reader_thread.start()
    for t in writers:
        t.start()
    for t in writers:
        t.join()
    done.set()
    reader_thread.join()
    assert errors == []
    total = len(desks) * per_desk
    assert seen == list(range(1, total + 1))
    rows = pg_harness.sql("SELECT seq FROM change_log ORDER BY seq")
    assert [r[0] for r in rows] == list(range(1, total + 1))
    assert pg_harness.sql("SELECT count(*) FROM dossier")[0][0] == total
