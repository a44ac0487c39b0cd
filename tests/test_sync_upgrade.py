"""A client upgrade with pending outbox rows (sync-protocol.md §3.11, §4.2 "Upgrade tests"):
a store written by the 0003 release, with every op type of that release queued, is migrated to
head, enrolled and drained against the real server; nothing is lost or duplicated (I1–I7)."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from app.datadir import db_path, open_data_dir
from db.migrate import current_revision, head_revision
from tests.synckit.cluster import AGENCY_X, Cluster, Desk, fresh_database
from tests.synckit.faultproxy import FaultProxy
from tests.synckit.invariants import check_all

pytestmark = pytest.mark.slow

FIXTURE = Path(__file__).parent / "fixtures" / "store_0003.sqlite3"
OUTBOX = "SELECT device_seq, mutation_id, entity_id, op, payload, state FROM outbox ORDER BY 1"


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(path)) as c:
        return c.execute(sql).fetchall()


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    with fresh_database("postgresql") as url, Cluster(tmp_path, url) as c:
        c.add_agency(AGENCY_X)
        yield c


def test_fixture_is_a_0003_store_with_every_op_of_that_release_pending() -> None:
    assert current_revision(FIXTURE) == "0003"
    ops = rows(FIXTURE, "SELECT DISTINCT op FROM outbox WHERE state = 'pending' ORDER BY op")
    assert ops == [("dossier.create",), ("dossier.extend",), ("dossier.transition",)]


def test_upgrade_with_pending_outbox_then_enrol_and_drain(cluster: Cluster, tmp_path: Path) -> None:
    data = tmp_path / "desk"
    data.mkdir()
    shutil.copy(FIXTURE, db_path(data))
    before = rows(FIXTURE, OUTBOX)
    assert len(before) == 8
    assert {r[5] for r in before} == {"pending"}

    open_data_dir(data).dispose()  # the new release starts: backup, migrate to head
    assert current_revision(db_path(data)) == head_revision()
    assert rows(db_path(data), OUTBOX) == before  # migrated, never cleared

    desk = Desk(cluster, "upgraded", AGENCY_X, data, FaultProxy("127.0.0.1", cluster.port).start())
    cluster.desks.append(desk)
    r = cluster.enrol(desk, cli=True)
    assert r.returncode == 0, r.stderr
    assert desk.device_no == 1  # the codes the old release minted stay in its partition
    run = desk.drain()
    assert run.ok
    after = rows(db_path(data), OUTBOX)
    assert [x[:5] for x in after] == [x[:5] for x in before]
    assert {x[5] for x in after} == {"applied"}
    w = check_all(cluster, desks=[desk])
    assert sorted(v[2] for v in w.dossiers.values()) == [
        "forwarded",
        "in_process",
        "received",
        "refused",
    ]
