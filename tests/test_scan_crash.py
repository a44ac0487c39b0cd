"""SIGKILL at every named point of `motcua scan`: no row ever references a missing or
half-written file, and no item is digitised without its attachment."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from app.datadir import db_path, open_data_dir
from app.intake import parse_intake, receive_dossier
from app.scanning.blobstore import BlobStore
from tests.conftest import fixed_clock, intake_json

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX"),
]

CRASH_POINTS = [
    "scan.before_attach",
    "blob.mid_write",
    "blob.before_rename",
    "blob.after_rename",
    "attach.after_blob",
    "attach.after_rows",
    "attach.before_commit",
]

# `motcua scan` with the generated-page scanner standing in for the registry.
SCRIPT = """
import sys
import app.cli_scan
from app.cli import main
from tests.scan_helpers import SampleBackend, SampleRegistry
app.cli_scan._registry = lambda: SampleRegistry(SampleBackend(("text", "blank")))
sys.exit(main(sys.argv[1:]))
"""

ROOT = Path(__file__).resolve().parent.parent


def _run(data_dir: Path, code: str, crash_at: str | None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONPATH": str(ROOT)}
    env.pop("MOTCUA_CRASH_AT", None)
    if crash_at:
        env["MOTCUA_CRASH_AT"] = crash_at
    cmd = [sys.executable, "-c", SCRIPT, "scan", "--data-dir", str(data_dir)]
    cmd += ["--device", "sample:demo", "--dossier", code, "--document", "TP01"]
    return subprocess.run(
        cmd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def check_invariants(data_dir: Path) -> int:
    """Returns the number of attachments; asserts the store never points at a bad file."""
    bs = BlobStore(data_dir)
    with closing(sqlite3.connect(db_path(data_dir))) as c:
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        for sha, size, path in c.execute("SELECT sha256, size, path FROM blob"):
            data = (data_dir / path).read_bytes()  # the file exists
            assert len(data) == size
            assert hashlib.sha256(data).hexdigest() == sha
        assert c.execute(
            "SELECT count(*) FROM attachment a LEFT JOIN blob b ON b.sha256 = a.sha256"
            " WHERE b.sha256 IS NULL"
        ).fetchone() == (0,)
        assert c.execute(
            "SELECT count(*) FROM dossier_document x WHERE x.digitised = 1 AND NOT EXISTS"
            " (SELECT 1 FROM attachment a WHERE a.document_id = x.id)"
        ).fetchone() == (0,)
        n = int(c.execute("SELECT count(*) FROM attachment").fetchone()[0])
        adds = c.execute("SELECT count(*) FROM outbox WHERE op = 'attachment.add'").fetchone()[0]
        assert adds == n
    for sha in bs.all_hashes():  # every file under a final name is complete
        assert bs.verify(sha)
    for tmp in bs.temp_files():  # anything else is a recognisable temporary file
        assert tmp.name.startswith(".")
        assert tmp.name.endswith(".tmp")
    return n


def test_kill_at_every_point_leaves_no_half_written_file_referenced(data_dir: Path) -> None:
    store = open_data_dir(data_dir)
    try:
        code = receive_dossier(
            store, parse_intake(intake_json()), actor="cb1", clock=fixed_clock
        ).code
    finally:
        store.dispose()

    saw_temp = False
    for point in CRASH_POINTS:
        r = _run(data_dir, code, point)
        assert r.returncode == -signal.SIGKILL, (point, r.stderr)
        assert check_invariants(data_dir) == 0, point  # the killed scan left no rows
        saw_temp = saw_temp or any(BlobStore(data_dir).temp_files())
    assert saw_temp  # the mid-write kills really left temporary files behind

    assert BlobStore(data_dir).sweep_temp(older_than_s=0) >= 1
    assert list(BlobStore(data_dir).temp_files()) == []

    r = _run(data_dir, code, None)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(f"{code}_TP01_1.pdf: 1 trang")
    assert check_invariants(data_dir) == 1
