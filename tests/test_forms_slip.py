"""The 80 mm appointment slip (app/forms/slip.py): page size, text, fonts, QR, picture, errors.

Rendered from the forms fixture of tests/test_forms.py (every Vietnamese letter, a 100-letter
name, an extension). Expected files: tests/forms_expected/slip.txt and slip.png; after an
intended layout change regenerate them and docs/forms/slip.png with

    MOTCUA_REGEN_FORMS=1 .venv/bin/python -m pytest -q -p no:randomly tests/test_forms_slip.py
"""

from __future__ import annotations

import dataclasses
import re
import sqlite3
import unicodedata
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.datadir import db_path, open_data_dir
from app.errors import InvalidInput
from app.forms import SLIP_WIDTH_MM, FormData, form_data, qr_payload, render_slip
from app.forms.layout import nfc
from tests.test_forms import (
    DOCS,
    EXPECTED,
    LONG_NAME,
    LOOKUP_URL,
    PNG_TOLERANCE,
    REGEN,
    build_fixture,
    mean_difference,
    normalise,
    page_count,
    pdf_text,
    render_png,
    run_tool,
    save_png,
)

PT_PER_MM = 72 / 25.4


@dataclass(frozen=True)
class Slip:
    code: str
    data: FormData
    pdf: bytes


@pytest.fixture(scope="module")
def slip(tmp_path_factory: pytest.TempPathFactory, _template_store: Path) -> Slip:
    data_dir = tmp_path_factory.mktemp("slip") / "data"
    data_dir.mkdir()
    with (
        closing(sqlite3.connect(db_path(_template_store))) as src,
        closing(sqlite3.connect(db_path(data_dir))) as dst,
    ):
        src.backup(dst)
    store = open_data_dir(data_dir)
    try:
        code = build_fixture(store).main
        data = form_data(store, code)
    finally:
        store.dispose()
    pdf = render_slip(data)
    if REGEN:
        tmp = tmp_path_factory.mktemp("regen-slip")
        (EXPECTED / "slip.txt").write_text(normalise(pdf_text(pdf)), encoding="utf-8")
        save_png(render_png(pdf, 100, tmp / "ref"), EXPECTED / "slip.png")
        save_png(render_png(pdf, 150, tmp / "doc"), DOCS / "slip.png")
    return Slip(code, data, pdf)


def page_size_pt(pdf: bytes) -> tuple[float, float]:
    r = run_tool("pdfinfo", "-", stdin=pdf)
    assert r.returncode == 0, r.stderr
    found = re.search(rb"^Page size:\s+([\d.]+) x ([\d.]+) pts", r.stdout, re.M)
    assert found is not None, r.stdout
    return float(found.group(1)), float(found.group(2))


def test_one_page_80_mm_wide_as_tall_as_needed(slip: Slip) -> None:
    assert page_count(slip.pdf) == 1
    width, height = page_size_pt(slip.pdf)
    assert width == pytest.approx(SLIP_WIDTH_MM * PT_PER_MM, abs=0.01)  # 226.77 pt
    height_mm = height / PT_PER_MM
    assert 100 <= height_mm <= 160, height_mm
    assert height_mm == pytest.approx(round(height_mm), abs=0.01)  # whole millimetres


def test_text_matches_expected(slip: Slip) -> None:
    got = normalise(pdf_text(slip.pdf))
    want = (EXPECTED / "slip.txt").read_text(encoding="utf-8")
    assert got == want, "slip: text differs (MOTCUA_REGEN_FORMS=1 to regenerate)"
    assert unicodedata.is_normalized("NFC", got)


def test_carries_what_the_citizen_needs(slip: Slip) -> None:
    text = " ".join(pdf_text(slip.pdf).split())
    for part in (
        "UBND XÃ PÀ CÒ",
        "GIẤY HẸN TRẢ KẾT QUẢ",
        f"Mã hồ sơ: {slip.code}",
        "Người nộp:",
        LONG_NAME.split()[-1],
        "Thủ tục: Đăng ký việc nuôi con nuôi trong nước",
        "Ngày nhận: 09 giờ 15 phút, thứ Tư 25/11/2026",
        # After the extension the slip shows the appointment in force.
        "Ngày hẹn trả: 17 giờ 00 phút, thứ Sáu 15/01/2027",
        LOOKUP_URL,
        "Điện thoại liên hệ: 0210 3 812 345",
    ):
        assert part in text, part


def test_fonts_embedded_liberation_serif_only(slip: Slip) -> None:
    r = run_tool("pdffonts", "-", stdin=slip.pdf)
    assert r.returncode == 0, r.stderr
    rows = r.stdout.decode().splitlines()[2:]
    assert rows
    for row in rows:
        emb, sub, _uni = row.split()[-5:-2]
        assert (emb, sub) == ("yes", "yes"), row
        assert "LiberationSerif" in row.split()[0], row


def test_looks_like_the_reference(slip: Slip, tmp_path: Path) -> None:
    got = render_png(slip.pdf, 100, tmp_path / "slip")
    diff = mean_difference(got, EXPECTED / "slip.png")
    assert diff <= PNG_TOLERANCE, f"slip differs by {diff:.2f}"


def test_qr_holds_the_payload_of_mau_01(slip: Slip, tmp_path: Path) -> None:
    # 203 dpi: what an 80 mm thermal printer prints.
    png = render_png(slip.pdf, 203, tmp_path / "qr")
    r = run_tool("zbarimg", "--raw", "-q", str(png))
    assert r.stdout.decode().split() == [qr_payload(slip.code, LOOKUP_URL)]


def test_reproducible(slip: Slip) -> None:
    assert render_slip(slip.data) == slip.pdf


def test_without_lookup_address_the_qr_holds_the_code(slip: Slip, tmp_path: Path) -> None:
    agency = dataclasses.replace(slip.data.agency, lookup_url="", phone="")
    pdf = render_slip(dataclasses.replace(slip.data, agency=agency))
    text = pdf_text(pdf)
    assert "Mã QR chứa mã hồ sơ" in text
    assert "Điện thoại" not in text
    png = render_png(pdf, 203, tmp_path / "qr")
    assert run_tool("zbarimg", "--raw", "-q", str(png)).stdout.decode().split() == [slip.code]


def test_short_dossier_gives_a_short_slip(slip: Slip) -> None:
    applicant = dataclasses.replace(slip.data.applicant, name="Giàng A Páo")
    pdf = render_slip(dataclasses.replace(slip.data, applicant=applicant))
    assert page_size_pt(pdf)[1] < page_size_pt(slip.pdf)[1]


def test_decomposed_input_is_printed_composed(slip: Slip) -> None:
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Ánh Tuyết")
    applicant = dataclasses.replace(slip.data.applicant, name=nfd)
    text = pdf_text(render_slip(dataclasses.replace(slip.data, applicant=applicant)))
    assert nfc(nfd) in text


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"due_at": None, "original_due_at": None}, "due_at"),
        ({"code": " "}, "code"),
    ],
)
def test_missing_data_is_a_typed_error(slip: Slip, change: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInput) as err:
        render_slip(dataclasses.replace(slip.data, **change))  # type: ignore[arg-type]
    assert err.value.field == field


def test_missing_agency_settings_is_a_typed_error(slip: Slip) -> None:
    agency = dataclasses.replace(slip.data.agency, unit_name="")
    with pytest.raises(InvalidInput) as err:
        render_slip(dataclasses.replace(slip.data, agency=agency))
    assert err.value.field == "agency.unit_name"


def test_missing_applicant_name_is_a_typed_error(slip: Slip) -> None:
    applicant = dataclasses.replace(slip.data.applicant, name="")
    with pytest.raises(InvalidInput) as err:
        render_slip(dataclasses.replace(slip.data, applicant=applicant))
    assert err.value.field == "applicant.name"
