"""A real upstream server plus enrolled desks that sync as subprocesses through fault proxies.

    with fresh_database("postgresql") as url, Cluster(tmp_path, url) as c:
        c.add_agency(AGENCY_X, "Xã Pà Cò")
        a = c.add_desk(AGENCY_X, "Máy 1")           # initialised store, `motcua enroll` via proxy
        code = a.receive("Giàng A Páo")             # app use cases in the test process
        a.sync()                                    # `motcua sync --once --json` subprocess
        a.proxy.truncate_response(match_path("/v1/sync/push"))
        ...
        c.drain_all(); check_all(c)                 # I1–I7 (tests.synckit.invariants)

PostgreSQL comes from ``TEST_PG_DSN`` (CI, scripts/test.sh), else the development server on
127.0.0.1:55440 when it answers; with ``CI`` or ``TEST_PG_DSN`` set and no server the test FAILS,
otherwise it is skipped. Every database, process and proxy is removed by ``close()``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from app.datadir import db_path, open_data_dir
from app.dossiers import transition
from app.intake import parse_intake, receive_dossier
from app.lifecycle import State
from server.db import make_engine, make_session_factory, migrate
from server.testing import (
    create_agency,
    create_enrolment_code,
    scratch_database,
    start_server,
    stop_server,
)
from tests.server.helpers import require_pg
from tests.synckit.faultproxy import FaultProxy

T = TypeVar("T")
REPO = Path(__file__).resolve().parents[2]

AGENCY_X = "000.17.22.H56"  # tests.conftest.AGENCY: Xã Pà Cò
AGENCY_Y = "000.18.30.H56"  # a second commune
NAMES = {AGENCY_X: "Xã Pà Cò", AGENCY_Y: "Xã Hang Kia"}
# 25/11/2026 09:30 in Asia/Ho_Chi_Minh, as tests.conftest.FIXED_NOW: every intake is on that day.
FIXED_NOW = datetime(2026, 11, 25, 2, 30, tzinfo=UTC)
SYNC_TIMEOUT = 120.0


def fixed_clock() -> datetime:
    return FIXED_NOW


@contextlib.contextmanager
def fresh_database(kind: str, tmp: Path | None = None) -> Iterator[str]:
    """A new, empty server database (``postgresql``: created and dropped; ``sqlite``: a file)."""
    if kind == "sqlite":
        assert tmp is not None
        tmp.mkdir(parents=True, exist_ok=True)
        yield f"sqlite:///{tmp / f'server-{uuid.uuid4().hex[:8]}.sqlite3'}"
        return
    with scratch_database(require_pg(), "motcua_sync") as url:
        yield url


def motcua_exe() -> str:
    beside = Path(sys.executable).with_name("motcua")
    found = str(beside) if beside.exists() else shutil.which("motcua")
    assert found, "the motcua entry point is not installed (pip install -e .)"
    return found


def make_template(dest: Path, agency: str) -> Path:
    """An initialised store of ``agency`` (``motcua init``), to be copied per desk."""
    from app.cli import main as cli_main

    rc = cli_main(
        [
            "init",
            "--data-dir",
            str(dest),
            "--agency-code",
            agency,
            "--commune-name",
            NAMES.get(agency, agency),
            "--device-no",
            "1",
            "--province",
            "Phú Thọ",
        ]
    )
    assert rc == 0
    return dest


def copy_store(src: Path, dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    with (
        closing(sqlite3.connect(db_path(src))) as a,
        closing(sqlite3.connect(db_path(dest))) as b,
    ):
        a.backup(b)


def fake_pdf(size: int, seed: int) -> bytes:
    """A PDF-shaped file of ``size`` bytes with incompressible content (scans are JPEG/G4)."""
    body = random.Random(seed).randbytes(max(0, size - 16))
    return b"%PDF-1.4\n%" + body + b"\n%%EOF\n"


def sample_pdf(label: str) -> bytes:
    """A small real scan: one generated page through the scan pipeline."""
    from PIL import Image, ImageDraw

    from app.scanning.pipeline import assemble_pdf, encode
    from app.scanning.profiles import Profile

    img = Image.new("L", (420, 594), 250)
    ImageDraw.Draw(img).text((20, 20), label, fill=0)
    return assemble_pdf([encode(img, 50, Profile.GREY)])


@dataclass
class SyncRun:
    returncode: int
    report: dict[str, Any] | None
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and self.report is not None and bool(self.report.get("ok"))

    @property
    def idle(self) -> bool:
        r = self.report or {}
        return self.ok and r.get("pending_after") == 0 and r.get("blobs_pending_after") == 0


@dataclass
class Desk:
    """One desk PC: its data directory, its proxy, its enrolment."""

    cluster: Cluster
    name: str
    agency: str
    data_dir: Path
    proxy: FaultProxy
    device_id: str = ""
    device_no: int = 0
    runs: list[SyncRun] = field(default_factory=list)
    _n: int = 0

    # --- local user actions (the app's use cases, in the test process) -------------------------

    @contextlib.contextmanager
    def store(self) -> Iterator[Any]:
        s = open_data_dir(self.data_dir)
        try:
            yield s
        finally:
            s.dispose()

    def receive(self, name: str = "Giàng A Páo") -> str:
        self._n += 1
        data = {
            "procedure": "1.001193",
            "received_at": "2026-11-25 09:15",
            "channel": "direct",
            "applicant": {
                "name": name,
                "id_number": f"0100950{self.device_no:02d}{self._n:03d}",
                "phone": "0912345678",
                "address": "Bản Pà Cò",
            },
            "documents": [],
        }
        with self.store() as s:
            return receive_dossier(
                s, parse_intake(data), actor=f"cb{self.device_no}", clock=fixed_clock
            ).code

    def transition(self, code: str, to: str, reason: str = "") -> None:
        with self.store() as s:
            transition(
                s, code, State(to), actor=f"cb{self.device_no}", reason=reason, clock=fixed_clock
            )

    def attach(self, code: str, size: int | None = None) -> str:
        """Attach a scan to the dossier's first checklist line; returns its SHA-256."""
        from app.attachments import attach_pdf

        self._n += 1
        pdf = (
            sample_pdf(f"{self.name} {code} {self._n}")
            if size is None
            else fake_pdf(size, hash((self.name, code, self._n)) & 0xFFFFFFFF)
        )
        doc_id = self.sql(
            "SELECT x.id FROM dossier_document x JOIN dossier d ON d.id = x.dossier_id"
            " WHERE d.code = ? ORDER BY x.position LIMIT 1",
            code,
        )[0][0]
        with self.store() as s:
            attach_pdf(
                s, code, doc_id, pdf, 1, "text", actor=f"cb{self.device_no}", clock=fixed_clock
            )
        return hashlib.sha256(pdf).hexdigest()

    def sql(self, query: str, *args: Any) -> list[tuple[Any, ...]]:
        with closing(sqlite3.connect(db_path(self.data_dir))) as c:
            return c.execute(query, args).fetchall()

    def state_of(self, code: str) -> str:
        return str(self.sql("SELECT state FROM dossier WHERE code = ?", code)[0][0])

    def pending(self) -> int:
        return int(self.sql("SELECT count(*) FROM outbox WHERE state IN ('pending','sent')")[0][0])

    # --- sync as a separate process -------------------------------------------------------------

    def sync_cmd(self) -> list[str]:
        return [motcua_exe(), "sync", "--once", "--json", "--data-dir", str(self.data_dir)]

    def env(self, crash_at: str | None = None) -> dict[str, str]:
        env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
        env.pop("SYNC_CRASH_AT", None)
        if crash_at:
            env["SYNC_CRASH_AT"] = crash_at
        return env

    def popen(self, crash_at: str | None = None) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            self.sync_cmd(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=self.env(crash_at)
        )

    def finish(self, proc: subprocess.Popen[bytes], timeout: float = SYNC_TIMEOUT) -> SyncRun:
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
            raise AssertionError(f"{self.name}: sync did not end in {timeout} s") from None
        report = None
        if out.strip():
            with contextlib.suppress(ValueError):
                report = json.loads(out.decode("utf-8"))
        run = SyncRun(proc.returncode, report, err.decode("utf-8", "replace"))
        self.runs.append(run)
        return run

    def sync(self, crash_at: str | None = None, timeout: float = SYNC_TIMEOUT) -> SyncRun:
        return self.finish(self.popen(crash_at), timeout)

    def sync_here(self) -> SyncRun:
        """One cycle in this process (app.sync_service.run_once over a real HttpTransport
        through the proxy): for the set-up steps of a test, 2 s cheaper than a subprocess."""
        from app.sync_service import run_once

        with self.store() as s:
            report = run_once(s, self.data_dir)
        d = json.loads(json.dumps(report.as_dict(), default=str))
        run = SyncRun(0 if report.ok else 6, d, "")
        self.runs.append(run)
        return run

    def drain(self, max_cycles: int = 8, *, here: bool = False) -> SyncRun:
        """Sync until a cycle succeeds with nothing left to send (fails after ``max_cycles``)."""
        run = None
        for _ in range(max_cycles):
            run = self.sync_here() if here else self.sync()
            if run.idle:
                return run
        raise AssertionError(f"{self.name} did not drain: {run}")


class Cluster:
    """The server (subprocess, uvicorn) on one database, agencies, desks and their proxies."""

    def __init__(
        self, root: Path, db_url: str, *, templates: dict[str, Path] | None = None
    ) -> None:
        self.root = root
        self.db_url = db_url
        self.server_dir = root / "server"
        self.templates = templates if templates is not None else {}
        self.desks: list[Desk] = []
        self.online_ids: list[str] = []  # dossiers filed online (not created by a desk)
        self.port = 0
        self.base_url = ""
        self.process: subprocess.Popen[bytes] | None = None
        self._engine = make_engine(db_url)
        migrate(self._engine)
        self.factory = make_session_factory(self._engine)
        self.start_server()

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for d in self.desks:
            d.proxy.stop()
        if self.process is not None:
            stop_server(self.process)
            self.process = None
        self._engine.dispose()

    # --- server -------------------------------------------------------------------------------

    def start_server(self, env: dict[str, str] | None = None) -> None:
        self.base_url, self.process = start_server(self.db_url, self.server_dir, self.port, env=env)
        self.port = int(self.base_url.rsplit(":", 1)[1])

    def kill_server(self) -> None:
        """SIGKILL uvicorn (no shutdown at all)."""
        assert self.process is not None
        self.process.kill()
        self.process.wait(30)
        self.process = None

    def restart_server(self, env: dict[str, str] | None = None) -> None:
        if self.process is not None:
            if self.process.poll() is None:
                self.kill_server()
            else:
                self.process = None
        self.start_server(env)

    def admin(self, fn: Callable[[Session], T]) -> T:
        """Run a server.admin function in one transaction on the server database."""
        with self.factory.begin() as session:
            return fn(session)

    def server_cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        # `python -m server.cli` is `motcua-server` (the venv's entry point may predate server/)
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "server.cli",
                *args,
                "--db",
                self.db_url,
                "--data-dir",
                str(self.server_dir),
            ],
            cwd=REPO,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
            check=False,
        )

    # --- agencies and desks -------------------------------------------------------------------

    def add_agency(self, code: str, name: str | None = None) -> None:
        create_agency(self.db_url, code, name or NAMES.get(code, code))

    def template(self, agency: str) -> Path:
        """An initialised store of ``agency``: made once (``motcua init``) for the two named
        communes, copied and re-coded for any other agency code."""
        if agency not in self.templates:
            dest = self.root / f"template-{agency}"
            if agency in NAMES:
                self.templates[agency] = make_template(dest, agency)
            else:
                copy_store(self.template(AGENCY_X), dest)
                with closing(sqlite3.connect(db_path(dest))) as c, c:
                    c.execute("UPDATE agency_settings SET agency_code = ?", (agency,))
                self.templates[agency] = dest
        return self.templates[agency]

    def add_desk(
        self, agency: str, name: str = "", *, enrol: bool = True, cli: bool = False
    ) -> Desk:
        name = name or f"desk{len(self.desks) + 1}"
        data_dir = self.root / name
        copy_store(self.template(agency), data_dir)
        proxy = FaultProxy("127.0.0.1", self.port).start()
        desk = Desk(self, name, agency, data_dir, proxy)
        self.desks.append(desk)
        if enrol:
            self.enrol(desk, cli=cli)
        return desk

    def enrol(
        self, desk: Desk, code: str | None = None, *, cli: bool = False
    ) -> subprocess.CompletedProcess[str]:
        """Enrol through the desk's proxy: ``motcua enroll`` when ``cli``, else the same use
        case (app.sync_service.enrol over a real HttpTransport) in this process, 2 s faster."""
        code = code or create_enrolment_code(self.db_url, desk.agency, desk.name)
        if not cli:
            from app.sync_service import enrol

            with desk.store() as s:
                info = enrol(s, desk.proxy.url, code, desk.name)
            desk.device_id, desk.device_no = info.device_id, info.device_no
            return subprocess.CompletedProcess([], 0, "", "")
        r = subprocess.run(
            [
                motcua_exe(),
                "enroll",
                "--url",
                desk.proxy.url,
                "--code",
                code,
                "--label",
                desk.name,
                "--data-dir",
                str(desk.data_dir),
                "--json",
            ],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=desk.env(),
            timeout=120,
            check=False,
        )
        if r.returncode == 0:
            info = json.loads(r.stdout)
            desk.device_id, desk.device_no = info["device_id"], int(info["device_no"])
        return r

    def drain_all(self, max_rounds: int = 6) -> None:
        """Heal every link, sync every desk until all are idle, then one more pull each."""
        for d in self.desks:
            d.proxy.clear_rules()
            d.proxy.heal()
        for _ in range(max_rounds):
            runs = [d.sync() for d in self.desks]
            if all(r.idle for r in runs):
                break
        else:
            raise AssertionError(f"desks did not drain: {[d.runs[-1] for d in self.desks]}")
        # a last pull each: the others' final pushes reach everybody
        for d in self.desks:
            run = d.sync()
            assert run.idle, run
            assert (run.report or {})["push"]["sent"] == 0, run.report
