"""`motcua scanners` and `motcua scan` with a generated-page scanner in place of the registry."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

import app.cli_scan
from app.cli import main
from app.datadir import db_path, open_data_dir
from app.intake import parse_intake, receive_dossier
from app.scanning.types import ColorMode, PaperJam, Source
from tests.conftest import fixed_clock, intake_json, table_counts
from tests.scan_helpers import SampleBackend, SampleRegistry, pdf_images, pdf_page_count


def _install(monkeypatch: pytest.MonkeyPatch, backend: SampleBackend) -> None:
    monkeypatch.setattr(app.cli_scan, "_registry", lambda: SampleRegistry(backend))


@pytest.fixture
def code(data_dir: Path) -> str:
    store = open_data_dir(data_dir)
    try:
        req = parse_intake(intake_json())
        return receive_dossier(store, req, actor="cb1", clock=fixed_clock).code
    finally:
        store.dispose()


def _scan(data_dir: Path, *args: str) -> int:
    return main(["scan", "--data-dir", str(data_dir), "--json", *args])


def test_scan_text_item_drops_blank_and_stores_pdf(
    data_dir: Path, code: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    backend = SampleBackend(("text", "blank", "skewed"))
    _install(monkeypatch, backend)
    rc = _scan(
        data_dir,
        "--device",
        "sample:demo",
        "--dossier",
        code,
        "--document",
        "TP01",
        "--source",
        "adf",
    )
    out, err = capsys.readouterr()
    assert rc == 0, err
    info = json.loads(out)
    assert (info["scanned"], info["blank"], info["pages"], info["profile"]) == (3, 1, 2, "text")
    assert info["file_name"] == f"{code}_TP01_1.pdf"
    (settings,) = backend.settings
    assert (settings.mode, settings.dpi, settings.source) == (ColorMode.GRAY, 200, Source.ADF)
    pdf = (data_dir / info["path"]).read_bytes()
    assert pdf_page_count(pdf) == 2
    assert {i.filter for i in pdf_images(pdf)} == {"CCITTFaxDecode"}
    assert info["bytes"] <= 2 * 45 * 1024
    with closing(sqlite3.connect(db_path(data_dir))) as c:
        assert c.execute(
            "SELECT digitised FROM dossier_document WHERE doc_code = 'TP01'"
        ).fetchone() == (1,)


def test_seal_item_scans_in_colour_and_profile_override(
    data_dir: Path, code: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    backend = SampleBackend(("seal",))
    _install(monkeypatch, backend)
    assert _scan(data_dir, "--device", "sample:demo", "--dossier", code, "--document", "TP02") == 0
    info = json.loads(capsys.readouterr().out)
    assert info["profile"] == "seal"
    assert (backend.settings[0].mode, backend.settings[0].dpi) == (ColorMode.COLOR, 150)
    assert [i.filter for i in pdf_images((data_dir / info["path"]).read_bytes())] == ["DCTDecode"]

    # The officer knows this "text" item carries a seal: --profile seal wins over the catalogue.
    assert (
        _scan(
            data_dir,
            "--device",
            "sample:demo",
            "--dossier",
            code,
            "--document",
            "1",
            "--profile",
            "seal",
            "--keep-blank",
        )
        == 0
    )
    info = json.loads(capsys.readouterr().out)
    assert (info["profile"], info["file_name"]) == ("seal", f"{code}_TP01_1.pdf")


@pytest.mark.parametrize(
    ("args", "rc", "needle"),
    [
        (("--device", "nocolon"), 2, "device:"),
        (("--device", "sample:demo", "--document", "TP99"), 2, "document:"),
        (
            ("--device", "sample:demo", "--dossier", "000.17.22.H56-261125-9999"),
            3,
            "không tìm thấy hồ sơ",
        ),
        (("--device", "nosuch:demo"), 6, "Không tìm thấy máy quét"),
    ],
)
def test_bad_input_one_line_and_nothing_written(
    data_dir: Path,
    code: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
    rc: int,
    needle: str,
) -> None:
    _install(monkeypatch, SampleBackend())
    full = {"--dossier": code, "--document": "TP01"}
    full.update(dict(zip(args[::2], args[1::2], strict=True)))
    before = table_counts(data_dir)
    assert _scan(data_dir, *[x for kv in full.items() for x in kv]) == rc
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert err.startswith("Lỗi: ")
    assert err.count(needle) == 1  # the field once, not "device: device: …"
    assert table_counts(data_dir) == before
    assert not (data_dir / "blobs").exists()


def test_scanner_error_exits_6_with_the_vietnamese_message(
    data_dir: Path, code: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _install(monkeypatch, SampleBackend(error=PaperJam("Document feeder jammed")))
    before = table_counts(data_dir)
    assert _scan(data_dir, "--device", "sample:demo", "--dossier", code, "--document", "TP01") == 6
    assert PaperJam.message_vi in capsys.readouterr().err
    assert table_counts(data_dir) == before


def test_all_blank_is_refused(
    data_dir: Path, code: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _install(monkeypatch, SampleBackend(("blank", "blank")))
    before = table_counts(data_dir)
    assert _scan(data_dir, "--device", "sample:demo", "--dossier", code, "--document", "TP01") == 2
    assert "pages:" in capsys.readouterr().err
    assert table_counts(data_dir) == before


def test_scanners_lists_devices(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _install(monkeypatch, SampleBackend())
    assert main(["scanners", "--timeout", "1"]) == 0
    out = capsys.readouterr().out
    assert "sample:demo  Máy quét mẫu  [adf, flatbed]" in out
    assert main(["scanners", "--json"]) == 0
    (dev,) = json.loads(capsys.readouterr().out)
    assert dev["device"] == "sample:demo"
    assert dev["sources"] == ["adf", "flatbed"]


def test_parse_device_keeps_colons_in_the_id() -> None:
    assert app.cli_scan.parse_device("SANE:airscan:e0:HP") == ("sane", "airscan:e0:HP")
