"""Dossier codes: unique across the PCs of one commune with no connection, never reused."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.codes import format_code, mint_code
from app.datadir import open_data_dir
from app.errors import SequenceExhausted
from app.intake import parse_intake, receive_dossier
from db.models import DossierCounter
from tests.conftest import AGENCY, fixed_clock, init_store, intake_json


def test_two_devices_on_the_same_day_never_collide(tmp_path: Path) -> None:
    codes: list[str] = []
    for device in (1, 2):
        d = tmp_path / f"pc{device}"
        init_store(d, device_no=device)
        store = open_data_dir(d)
        try:
            for _ in range(25):
                req = parse_intake(intake_json())
                codes.append(receive_dossier(store, req, actor="cb", clock=fixed_clock).code)
        finally:
            store.dispose()
    assert len(codes) == len(set(codes)) == 50
    assert {c[-4] for c in codes} == {"1", "2"}  # device digit leads the sequence


def test_format() -> None:
    assert format_code("000.17.22.H56", date(2026, 11, 22), 2, 3) == "000.17.22.H56-261122-2003"


def test_the_thousandth_code_of_a_day_fails_loudly(tmp_path: Path) -> None:
    init_store(tmp_path / "d")
    store = open_data_dir(tmp_path / "d")
    try:
        with store.write.begin() as s:
            s.add(DossierCounter(day=date(2026, 11, 25), device_no=1, last_n=998))
        with store.write.begin() as s:
            assert mint_code(s, AGENCY, 1, date(2026, 11, 25)).endswith("-1999")
        with pytest.raises(SequenceExhausted), store.write.begin() as s:
            mint_code(s, AGENCY, 1, date(2026, 11, 25))
    finally:
        store.dispose()


def test_a_day_seen_before_continues_its_numbering(tmp_path: Path) -> None:
    """A clock set back to an earlier day continues that day's sequence."""
    init_store(tmp_path / "d")
    store = open_data_dir(tmp_path / "d")
    try:
        with store.write.begin() as s:
            first = mint_code(s, AGENCY, 1, date(2026, 11, 20))
            mint_code(s, AGENCY, 1, date(2026, 11, 21))
            again = mint_code(s, AGENCY, 1, date(2026, 11, 20))
        assert first.endswith("-1001")
        assert again.endswith("-1002")
    finally:
        store.dispose()


def test_concurrent_writers_on_one_store_queue_on_the_lock(data_dir: Path, tmp_path: Path) -> None:
    """Two processes receiving at once (the desk and a script, say): BEGIN IMMEDIATE makes the
    second wait for the first, so neither fails half-way and no code repeats."""
    import json
    import os
    import subprocess

    from tests.cli_helpers import motcua_exe

    f = tmp_path / "d.json"
    f.write_text(json.dumps(intake_json(received_at="2026-11-20 09:15")), encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    procs = [
        subprocess.Popen(
            [motcua_exe(), "dossier", "receive", str(f), "--data-dir", str(data_dir)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        for _ in range(6)
    ]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 6, [e.decode() for _, e in results]
    codes = [out.decode().strip() for out, _ in results]
    assert len(set(codes)) == 6
