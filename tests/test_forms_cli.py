"""`motcua print`, `print-book` and `print-checklist`: files written atomically, one-line errors
naming the field, the exit codes documented at the top of app/cli.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main as cli_main
from app.intake import parse_intake, receive_dossier
from db.engine import Store
from tests.cli_helpers import run
from tests.conftest import fixed_clock, intake_json


@pytest.fixture
def code(store: Store) -> str:
    req = parse_intake(intake_json(documents=[{"code": "TP01"}, {"code": "TP02"}]))
    return receive_dossier(store, req, actor="cb", clock=fixed_clock).code


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    rc = cli_main(list(args))
    out, err = capsys.readouterr()
    return rc, out, err


def only_pdfs(folder: Path) -> list[str]:
    """Every file in ``folder``: no temporary file may be left behind."""
    return sorted(p.name for p in folder.iterdir())


def test_print_receipt(
    data_dir: Path, code: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "giay-tiep-nhan.pdf"
    rc, stdout, _ = cli(
        capsys, "print", code, "--form", "01", "--out", str(out), "--data-dir", str(data_dir)
    )
    assert rc == 0
    assert out.read_bytes().startswith(b"%PDF-")
    assert str(out) in stdout
    assert only_pdfs(out_dir) == ["giay-tiep-nhan.pdf"]


def test_print_json_reports_the_file(
    data_dir: Path, code: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "kiem-soat.pdf"
    rc, stdout, _ = cli(
        capsys, "print", code, "--form", "6", "--out", str(out), "--data-dir", str(data_dir),
        "--json",
    )  # fmt: skip
    assert rc == 0
    info = json.loads(stdout)
    assert info == {"out": str(out), "bytes": out.stat().st_size}


@pytest.mark.parametrize(
    ("args", "rc", "field"),
    [
        (["--form", "09"], 2, "form:"),
        (["--form", "02"], 2, "events.supplement_requested:"),  # no supplement request yet
    ],
)
def test_print_bad_input_keeps_the_old_file(
    data_dir: Path,
    code: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    rc: int,
    field: str,
) -> None:
    out = tmp_path / "old.pdf"
    out.write_bytes(b"old")
    got, _, err = cli(capsys, "print", code, *args, "--out", str(out), "--data-dir", str(data_dir))
    assert got == rc
    assert len(err.strip().splitlines()) == 1
    assert err.startswith(f"Lỗi: {field}")
    assert out.read_bytes() == b"old"
    assert only_pdfs(tmp_path) == ["data", "old.pdf"]


def test_print_unknown_dossier(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rc, _, err = cli(
        capsys, "print", "000.17.22.H56-261125-1999", "--form", "01",
        "--out", str(tmp_path / "x.pdf"), "--data-dir", str(data_dir),
    )  # fmt: skip
    assert rc == 3
    assert "không tìm thấy hồ sơ" in err
    assert not (tmp_path / "x.pdf").exists()


def test_print_without_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc, _, err = cli(
        capsys, "print", "X", "--form", "01", "--out", str(tmp_path / "x.pdf"),
        "--data-dir", str(tmp_path / "none"),
    )  # fmt: skip
    assert rc == 5
    assert err.startswith("Lỗi: data_dir:")


def test_print_into_missing_folder(
    data_dir: Path, code: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rc, _, err = cli(
        capsys, "print", code, "--form", "01", "--out", str(tmp_path / "no" / "x.pdf"),
        "--data-dir", str(data_dir),
    )  # fmt: skip
    assert rc == 2
    assert err.startswith("Lỗi: out:")


def test_print_book(
    data_dir: Path, code: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "so.pdf"
    rc, stdout, _ = cli(
        capsys, "print-book", "--from", "2026-11-01", "--to", "2026-11-30", "--out", str(out),
        "--data-dir", str(data_dir), "--json",
    )  # fmt: skip
    assert rc == 0
    assert json.loads(stdout)["rows"] == 1
    assert out.read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [("2026-11-31", "2026-12-01", "from:"), ("2026-11-30", "2026-11-01", "to:")],
)
def test_print_book_bad_period(
    data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    start: str,
    end: str,
    field: str,
) -> None:
    rc, _, err = cli(
        capsys, "print-book", "--from", start, "--to", end, "--out", str(tmp_path / "s.pdf"),
        "--data-dir", str(data_dir),
    )  # fmt: skip
    assert rc == 2
    assert err.startswith(f"Lỗi: {field}")
    assert only_pdfs(tmp_path) == ["data"]


def test_print_checklist(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "giay-to.pdf"
    rc, _, _ = cli(
        capsys, "print-checklist", "--procedure", "1.001193", "--out", str(out),
        "--data-dir", str(data_dir),
    )  # fmt: skip
    assert rc == 0
    assert out.read_bytes().startswith(b"%PDF-")
    rc, _, err = cli(
        capsys, "print-checklist", "--procedure", "9.999999", "--out", str(out),
        "--data-dir", str(data_dir),
    )  # fmt: skip
    assert rc == 3
    assert "không tìm thấy thủ tục 9.999999" in err


def test_installed_entry_point_prints(data_dir: Path, code: str, tmp_path: Path) -> None:
    out = tmp_path / "phieu.pdf"
    r = run("print", code, "--form", "01", "--out", str(out), data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    assert out.stat().st_size > 10_000
