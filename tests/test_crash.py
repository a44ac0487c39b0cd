"""SIGKILL in the middle of `motcua dossier receive`, many times: all or nothing, no code reused."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from app.datadir import db_path
from tests.cli_helpers import motcua_exe, run
from tests.conftest import intake_json

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX"),
]

CRASH_POINTS = ["intake.after_code", "intake.after_dossier", "intake.before_commit"]
PAST = "2026-11-20 09:15"


def check_invariants(path: Path) -> list[str]:
    """Every dossier has its event, checklist, search row and exactly one create mutation, and
    the day's counter is at or past every issued number."""
    with closing(sqlite3.connect(path)) as c:
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        codes = [r[0] for r in c.execute("SELECT code FROM dossier ORDER BY code")]
        n_dossiers = len(codes)
        assert (
            c.execute(
                "SELECT count(*) FROM dossier d WHERE NOT EXISTS"
                " (SELECT 1 FROM dossier_event e WHERE e.dossier_id = d.id AND e.kind = 'received')"
            ).fetchone()[0]
            == 0
        )
        assert (
            c.execute(
                "SELECT count(*) FROM dossier d WHERE NOT EXISTS"
                " (SELECT 1 FROM dossier_document x WHERE x.dossier_id = d.id)"
            ).fetchone()[0]
            == 0
        )
        creates = c.execute(
            "SELECT entity_id, count(*) FROM outbox WHERE op = 'dossier.create' GROUP BY entity_id"
        ).fetchall()
        assert len(creates) == n_dossiers
        assert all(n == 1 for _, n in creates)
        assert (
            c.execute(
                "SELECT count(*) FROM outbox o WHERE op = 'dossier.create' AND NOT EXISTS"
                " (SELECT 1 FROM dossier d WHERE d.id = o.entity_id)"
            ).fetchone()[0]
            == 0
        )
        assert c.execute("SELECT count(*) FROM dossier_fts").fetchone()[0] == n_dossiers
        last = c.execute(
            "SELECT last_n FROM dossier_counter WHERE day = '2026-11-20' AND device_no = 1"
        ).fetchone()
        if codes:
            assert last is not None
            assert last[0] >= max(int(code[-3:]) for code in codes)
        return codes


def test_sigkill_at_named_points_and_at_random_times(data_dir: Path, tmp_path: Path) -> None:
    path = db_path(data_dir)
    f = tmp_path / "d.json"
    f.write_text(json.dumps(intake_json(received_at=PAST)), encoding="utf-8")
    issued: list[str] = []

    # Named points, each several times: the process dies inside the open transaction.
    for point in CRASH_POINTS * 3:
        r = run("dossier", "receive", str(f), data_dir=data_dir, env={"MOTCUA_CRASH_AT": point})
        assert r.returncode == -signal.SIGKILL
        assert check_invariants(path) == issued  # nothing of the killed intake remains

    # Random moments, from start-up to commit: each run either landed whole or not at all.
    rng = random.Random(20261124)
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    for _ in range(12):
        proc = subprocess.Popen(
            [motcua_exe(), "dossier", "receive", str(f), "--data-dir", str(data_dir)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        time.sleep(rng.uniform(0.2, 1.5))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate(timeout=60)
        codes = check_invariants(path)
        if proc.returncode == 0:  # finished before the kill: its code is in the store
            assert out.decode().strip() in codes
        assert set(issued) <= set(codes)
        issued = codes

    # After all of that, a normal intake gets a fresh number.
    r = run("dossier", "receive", str(f), data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    new_code = r.stdout.strip()
    assert new_code not in issued
    assert int(new_code[-3:]) > max((int(c[-3:]) for c in issued), default=0)
    assert check_invariants(path) == [*issued, new_code]
