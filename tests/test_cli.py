"""The `motcua` admin CLI, run as a separate process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_helpers import run
from tests.conftest import intake_json, table_counts

# The CLI runs with the real clock, and a receipt in the future is refused.
PAST = "2026-11-20 09:15"

# Hand-worked appointments (default hours 07:00-11:30, 13:30-17:00). How each was worked out:
CALENDAR_CASES = [
    # Tết 2025: days off Mon 27/01 - Sat 01/02. Fri 24/01 + 2 days: Mon 03/02, Tue 04/02.
    (["--working-days", "2"], "2025-01-24 10:00", "2025-02-04 10:00"),
    # Tết 2026: days off Mon 16/02 - Fri 20/02. Fri 13/02 + 3 days: 23, 24, 25/02.
    (["--working-days", "3"], "2026-02-13 10:00", "2026-02-25 10:00"),
    # 2025 swap: Fri 02/05 off, Sat 26/04 worked. Fri 25/04 + 1 day = Sat 26/04.
    (["--working-days", "1"], "2025-04-25 10:00", "2025-04-26 10:00"),
    # 30/04 Wed, 01/05 Thu, 02/05 Fri (swap) off in 2025: Tue 29/04 + 1 day = Mon 05/05.
    (["--working-days", "1"], "2025-04-29 10:00", "2025-05-05 10:00"),
    # Giỗ Tổ 2026 on Sunday 26/04, observed Mon 27/04; 30/04 Thu, 01/05 Fri off.
    # Fri 24/04 + 3 days: Tue 28, Wed 29, Mon 04/05.
    (["--working-days", "3"], "2026-04-24 10:00", "2026-05-04 10:00"),
    # 01/01/2026 is a Thursday: Wed 31/12/2025 16:00 + 1 day = Fri 02/01/2026 16:00.
    (["--working-days", "1"], "2025-12-31 16:00", "2026-01-02 16:00"),
    # Khai sinh (same day, cut-off 15:00) on Friday 27/11/2026: before -> that day 17:00 ...
    (["--procedure", "1.001193"], "2026-11-27 14:59", "2026-11-27 17:00"),
    # ... after -> the next working day, Monday 30/11, 17:00.
    (["--procedure", "1.001193"], "2026-11-27 15:01", "2026-11-30 17:00"),
    # Ngày Văn hóa Việt Nam, Tue 24/11/2026, is a day off: Mon 23/11 10:00 + 1 = Wed 25/11.
    (["--working-days", "1"], "2026-11-23 10:00", "2026-11-25 10:00"),
    # Received after close: Fri 17:30 + 1 day = Monday 17:00 (end of the first working day).
    (["--working-days", "1"], "2026-11-27 17:30", "2026-11-30 17:00"),
]


@pytest.mark.parametrize(("how", "received", "expected"), CALENDAR_CASES)
def test_calendar_due_table(data_dir: Path, how: list[str], received: str, expected: str) -> None:
    r = run("calendar", "due", *how, "--received", received, data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == expected


def test_calendar_due_without_a_store_uses_the_shipped_calendar(tmp_path: Path) -> None:
    r = run(
        "calendar",
        "due",
        "--working-days",
        "1",
        "--received",
        "2025-04-25 10:00",
        data_dir=tmp_path / "none",
    )
    assert (r.returncode, r.stdout.strip()) == (0, "2025-04-26 10:00")


def test_calendar_holidays(data_dir: Path) -> None:
    r = run("calendar", "holidays", "--year", "2026", "--json", data_dir=data_dir)
    days = {d["date"]: d for d in json.loads(r.stdout)}
    assert days["2026-11-24"]["working"] is False
    assert days["2026-08-22"]["working"] is True  # make-up Saturday
    assert days["2026-02-17"]["working"] is False


@pytest.mark.parametrize(
    ("args", "rc"),
    [
        (["001195012345"], 0),
        (["001195012345", "--birth-date", "1995-03-02"], 0),
        (["001195012345", "--birth-date", "1996-03-02"], 1),
        (["099195012345"], 1),
        (["12345"], 1),
        (["123456789"], 0),  # CMND: accepted with a warning
    ],
)
def test_cccd_check(args: list[str], rc: int) -> None:
    r = run("cccd", "check", *args)
    assert r.returncode == rc, r.stdout + r.stderr
    if rc == 1:
        assert r.stdout.strip()  # the reason


def test_receive_show_search_transition(data_dir: Path, tmp_path: Path) -> None:
    f = tmp_path / "d.json"
    f.write_text(
        json.dumps(
            intake_json(
                received_at=PAST, documents=[{"code": "TP01", "copy_type": "original", "copies": 1}]
            )
        ),
        encoding="utf-8",
    )
    r = run("dossier", "receive", str(f), data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    code = r.stdout.strip()
    assert code == "000.17.22.H56-261120-1001"
    shown = json.loads(run("dossier", "show", code, "--json", data_dir=data_dir).stdout)
    assert shown["row"]["applicant_name"] == "Giàng A Páo"
    found = json.loads(run("dossier", "search", "giang a pao", "--json", data_dir=data_dir).stdout)
    assert [x["code"] for x in found] == [code]
    r = run("dossier", "transition", code, "refused", data_dir=data_dir)
    assert r.returncode == 4
    assert "reason" in r.stderr
    r = run(
        "dossier",
        "transition",
        code,
        "refused",
        "--reason",
        "Hồ sơ không thuộc thẩm quyền",
        data_dir=data_dir,
    )
    assert r.returncode == 0, r.stderr


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"channel": "fax"}, "channel"),
        ({"applicant": {"name": "A", "id_number": "0011950123"}}, "applicant.id_number"),
        ({"procedure": "9.999999"}, None),
    ],
)
def test_bad_receive_one_line_nonzero_nothing_written(
    data_dir: Path, tmp_path: Path, over: dict[str, object], field: str | None
) -> None:
    before = table_counts(data_dir)
    f = tmp_path / "bad.json"
    f.write_text(json.dumps(intake_json(received_at=PAST, **over)), encoding="utf-8")
    r = run("dossier", "receive", str(f), data_dir=data_dir)
    assert r.returncode != 0
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Lỗi:")
    if field:
        assert field in lines[0]
    assert table_counts(data_dir) == before


def test_not_json(data_dir: Path, tmp_path: Path) -> None:
    f = tmp_path / "x.json"
    f.write_text("{not json", encoding="utf-8")
    r = run("dossier", "receive", str(f), data_dir=data_dir)
    assert r.returncode == 2
    assert "file" in r.stderr


def test_init_rejects_bad_agency_code(tmp_path: Path) -> None:
    r = run("init", "--agency-code", "H56", "--commune-name", "Xã A", data_dir=tmp_path / "d")
    assert r.returncode == 2
    assert "agency_code" in r.stderr


def test_uninitialised_store(tmp_path: Path) -> None:
    r = run("dossier", "search", "a", data_dir=tmp_path / "empty")
    assert r.returncode == 5


def test_catalog_list_and_import_keeps_old_versions(data_dir: Path, tmp_path: Path) -> None:
    listed = json.loads(run("catalog", "list", "--json", data_dir=data_dir).stdout)
    assert len(listed) >= 40
    f = tmp_path / "d.json"
    f.write_text(json.dumps(intake_json(received_at=PAST)), encoding="utf-8")
    code = run("dossier", "receive", str(f), data_dir=data_dir).stdout.strip()
    # A new catalogue version changes khai sinh's time; the received dossier keeps its version.
    cat = json.loads(Path("resources/catalogue/procedures.json").read_text(encoding="utf-8"))
    old_version = cat["catalog_version"]
    cat["catalog_version"] = "2027.01.1"
    for p in cat["procedures"]:
        if p["code"] == "1.001193":
            p["time"] = {"amount": 1, "unit": "working_days", "cutoff": None, "note": ""}
    newf = tmp_path / "cat.json"
    newf.write_text(json.dumps(cat, ensure_ascii=False), encoding="utf-8")
    r = run("catalog", "import", str(newf), data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    shown = json.loads(run("dossier", "show", code, "--json", data_dir=data_dir).stdout)
    assert shown["catalog_version"] == old_version
    r = run(
        "calendar",
        "due",
        "--procedure",
        "1.001193",
        "--received",
        "2026-11-25 09:00",
        data_dir=data_dir,
    )
    assert r.stdout.strip() == "2026-11-26 09:00"


def test_bad_catalogue_file_writes_nothing(data_dir: Path, tmp_path: Path) -> None:
    before = table_counts(data_dir)
    f = tmp_path / "cat.json"
    f.write_text(
        json.dumps({"catalog_version": "x", "procedures": [{"code": "1"}]}), encoding="utf-8"
    )
    r = run("catalog", "import", str(f), data_dir=data_dir)
    assert r.returncode == 2
    assert table_counts(data_dir) == before


def test_backup_and_restore(data_dir: Path, tmp_path: Path) -> None:
    f = tmp_path / "d.json"
    f.write_text(json.dumps(intake_json(received_at=PAST)), encoding="utf-8")
    code = run("dossier", "receive", str(f), data_dir=data_dir).stdout.strip()
    dest = tmp_path / "b.sqlite3"
    assert run("backup", str(dest), data_dir=data_dir).returncode == 0
    other = tmp_path / "restored"
    r = run("restore", str(dest), data_dir=other)
    assert r.returncode == 0, r.stderr
    assert (
        json.loads(run("dossier", "show", code, "--json", data_dir=other).stdout)["row"]["code"]
        == code
    )
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all")
    r = run("restore", str(junk), data_dir=other)
    assert r.returncode == 2
    assert "src" in r.stderr


def test_calendar_edit_changes_new_appointments(data_dir: Path) -> None:
    """An edited override row is used at once (the cached calendar is rebuilt)."""
    before = run(
        "calendar",
        "due",
        "--working-days",
        "1",
        "--received",
        "2026-12-01 10:00",
        data_dir=data_dir,
    )
    assert before.stdout.strip() == "2026-12-02 10:00"
    r = run(
        "calendar",
        "set",
        "2026-12-02",
        "--day-off",
        "--name",
        "Nghỉ theo thông báo của tỉnh",
        data_dir=data_dir,
    )
    assert r.returncode == 0, r.stderr
    after = run(
        "calendar",
        "due",
        "--working-days",
        "1",
        "--received",
        "2026-12-01 10:00",
        data_dir=data_dir,
    )
    assert after.stdout.strip() == "2026-12-03 10:00"
    r = run("calendar", "set", "2026-12-05", "--working", "--name", "", data_dir=data_dir)
    assert r.returncode == 2
    assert "name" in r.stderr
