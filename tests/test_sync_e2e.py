"""End to end against the real server (uvicorn subprocess, SQLite): enrol, receive dossiers,
`motcua sync --once`, the server holds them exactly once, a second desk of the commune pulls
them into its own store (searchable)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from app.cli import main as cli_main
from app.dossiers import search
from app.intake import parse_intake, receive_dossier
from app.sync_service import status
from db.engine import Store
from tests.conftest import AGENCY, fixed_clock, init_store, intake_json

testing = pytest.importorskip("server.testing")


@pytest.fixture
def upstream(tmp_path: Path) -> Iterator[tuple[str, str]]:
    db_file = tmp_path / "server" / "server.sqlite3"
    db_file.parent.mkdir(parents=True)
    db_url = f"sqlite:///{db_file}"
    testing.create_agency(db_url, AGENCY, "Xã Pà Cò")
    base_url, process = testing.start_server(db_url, tmp_path / "server")
    try:
        yield base_url, db_url
    finally:
        testing.stop_server(process)


def _server_rows(db_url: str, sql: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(db_url.removeprefix("sqlite:///"))) as conn:
        return conn.execute(sql).fetchall()


def test_enrol_push_and_second_device_pulls(
    upstream: tuple[str, str], store: Store, data_dir: Path, tmp_path: Path
) -> None:
    base_url, db_url = upstream
    code = testing.create_enrolment_code(db_url, AGENCY, "Máy 1")
    assert cli_main(["enroll", "--data-dir", str(data_dir), "--url", base_url, "--code", code]) == 0
    ids = []
    for name in ("Giàng A Páo", "Lò Thị Mến"):
        data = intake_json()
        data["applicant"] = {**data["applicant"], "name": name}
        ids.append(receive_dossier(store, parse_intake(data), actor="canbo", clock=fixed_clock).id)
    assert cli_main(["sync", "--once", "--data-dir", str(data_dir)]) == 0
    assert cli_main(["sync", "--once", "--data-dir", str(data_dir)]) == 0  # nothing twice
    snap = status(store)
    assert snap.pending_mutations == 0
    assert snap.online is True
    assert snap.conflicts_unresolved == 0

    applied = _server_rows(db_url, "SELECT mutation_id FROM applied_mutation")
    assert len(applied) == 2
    assert len({r[0] for r in applied}) == 2
    dossiers = _server_rows(db_url, "SELECT id FROM dossier")
    assert sorted(r[0] for r in dossiers) == sorted(ids)

    # a second desk of the same commune
    second = tmp_path / "second"
    init_store(second, device_no=2)
    code2 = testing.create_enrolment_code(db_url, AGENCY, "Máy 2")
    assert cli_main(["enroll", "--data-dir", str(second), "--url", base_url, "--code", code2]) == 0
    assert cli_main(["sync", "--once", "--data-dir", str(second)]) == 0
    from app.datadir import open_data_dir

    s2 = open_data_dir(second)
    try:
        found = search(s2, "lo thi men")
        assert [r.id for r in found] == [ids[1]]
        assert len(search(s2, "pa co")) == 2
    finally:
        s2.dispose()


def test_sync_once_fails_with_a_reason_when_offline(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli_main(["sync", "--once", "--data-dir", str(data_dir)]) == 6
    assert "đăng ký" in capsys.readouterr().err


def test_a_scanned_dossier_forwarded_offline_is_accepted_with_its_files(
    upstream: tuple[str, str], store: Store, data_dir: Path
) -> None:
    """Scan, then forward, all offline: the upstream refuses a forward whose files are missing,
    so the engine sends that dossier's files before the metadata and the forward is applied."""
    from app.attachments import attach_pdf, find_document
    from app.dossiers import transition
    from app.lifecycle import State
    from app.scanning.pipeline import PageSet, process_page
    from app.scanning.profiles import Profile
    from app.scanning.samples import text_page

    base_url, db_url = upstream
    code = testing.create_enrolment_code(db_url, AGENCY, "Máy 1")
    assert cli_main(["enroll", "--data-dir", str(data_dir), "--url", base_url, "--code", code]) == 0
    view = receive_dossier(store, parse_intake(intake_json()), actor="canbo", clock=fixed_clock)
    pages = PageSet(Profile.TEXT)
    pages.add(process_page(text_page(200), Profile.TEXT, dpi=200))
    first_line = find_document(store, view.code, "1")
    attach_pdf(store, view.code, first_line.id, pages.assemble_pdf(), 1, "text", actor="canbo")
    transition(store, view.code, State.FORWARDED, actor="canbo", detail={"agency": "UBND"})
    assert cli_main(["sync", "--once", "--data-dir", str(data_dir)]) == 0
    snap = status(store)
    assert snap.conflicts_unresolved == 0
    assert snap.pending_mutations == 0
    statuses = _server_rows(db_url, "SELECT status FROM applied_mutation ORDER BY device_seq")
    assert [s[0] for s in statuses] == ["applied", "applied", "applied"]
    assert _server_rows(db_url, "SELECT state FROM dossier") == [("forwarded",)]


def test_a_dossier_filed_online_is_due_from_when_the_desk_accepts_it(
    upstream: tuple[str, str], store: Store, data_dir: Path
) -> None:
    """The upstream knows only the submission time; accepting at the desk starts the clock."""
    from datetime import UTC, datetime

    from app.dossiers import show, transition
    from app.lifecycle import State
    from server.cli import main as server_main

    base_url, db_url = upstream
    code = testing.create_enrolment_code(db_url, AGENCY, "Máy 1")
    assert cli_main(["enroll", "--data-dir", str(data_dir), "--url", base_url, "--code", code]) == 0
    data = str(Path(db_url.removeprefix("sqlite:///")).parent)
    args = ["create-online", "--db", db_url, "--data-dir", data, "--agency-code", AGENCY]
    args += ["--procedure", "1.001193@2025.1", "--name", "Lò Văn Tám"]
    assert server_main([*args, "--id-number", "010095009999"]) == 0
    assert cli_main(["sync", "--once", "--data-dir", str(data_dir)]) == 0
    online_code = _server_rows(db_url, "SELECT code FROM dossier")[0][0]
    assert show(store, str(online_code)).row.state == State.ONLINE_SUBMITTED.value

    # Friday 27/11/2026 09:00 (UTC+7): a birth registration is due the same day at 17:00.
    accepted = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)
    view = transition(
        store, str(online_code), State.RECEIVED, actor="canbo", clock=lambda: accepted
    )
    assert view.row.received_at == accepted
    assert view.row.due_at == datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
    assert cli_main(["sync", "--once", "--data-dir", str(data_dir)]) == 0
    rows = _server_rows(db_url, "SELECT state FROM dossier")
    assert rows == [("received",)]
    assert status(store).conflicts_unresolved == 0
