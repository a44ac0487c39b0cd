"""Optional OCR: a text layer over the same image streams, as a background job."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import app.scanning.ocr as ocr
from app.attachments import attach_pdf, find_document, list_attachments
from app.intake import parse_intake, receive_dossier
from app.scanning import samples
from app.scanning.pipeline import assemble_pdf as assemble
from app.scanning.pipeline import process_page
from app.scanning.profiles import Profile
from db.engine import Store
from tests.conftest import fixed_clock, intake_json, table_counts
from tests.scan_helpers import pdf_images

needs_ocr = pytest.mark.skipif(not ocr.available(), reason="tesseract + vie or pikepdf missing")


def _text_pdf() -> bytes:
    return assemble([process_page(samples.text_page(200), Profile.TEXT, dpi=200).encoded()])


def _pdftotext(pdf: bytes, tmp_path: Path) -> str:
    exe = shutil.which("pdftotext")
    if exe is None:
        pytest.skip("pdftotext (poppler-utils) missing")
    f = tmp_path / "x.pdf"
    f.write_bytes(pdf)
    return subprocess.run([exe, str(f), "-"], capture_output=True, text=True, check=True).stdout


@needs_ocr
@pytest.mark.slow
def test_text_layer_over_the_same_image(tmp_path: Path) -> None:
    import pikepdf

    pdf = _text_pdf()
    assert "Nguyễn" not in _pdftotext(pdf, tmp_path)
    out = ocr.make_searchable(pdf)
    text = _pdftotext(out, tmp_path)
    assert "Nguyễn Thị Ánh Tuyết" in text
    assert "thường trú" in text
    (original,) = pdf_images(pdf)
    with pikepdf.open(__import__("io").BytesIO(out)) as doc:
        assert len(doc.pages) == 1
        (image,) = doc.pages[0].get_images().values()
        assert image.read_raw_bytes() == original.data  # the scan itself is untouched
        assert [float(v) for v in doc.pages[0].mediabox][2:] == pytest.approx(
            [595.28, 841.89], abs=0.5
        )


@needs_ocr
@pytest.mark.slow
def test_background_job_supersedes_with_the_searchable_file(store: Store) -> None:
    code = receive_dossier(store, parse_intake(intake_json()), actor="cb1", clock=fixed_clock).code
    doc = find_document(store, code, "TP01").id
    first = attach_pdf(store, code, doc, _text_pdf(), 1, "text", actor="cb1", request_ocr=True)
    assert first.ocr_state == "pending"
    plain = attach_pdf(
        store, code, find_document(store, code, "TP02").id, _text_pdf(), 1, "text", actor="cb1"
    )
    assert plain.ocr_state == "none"

    assert ocr.run_pending_ocr(store, limit=5) == 1
    assert ocr.run_pending_ocr(store, limit=5) == 0  # nothing left

    rows = {r.document_id: r for r in list_attachments(store, code)}
    new = rows[doc]
    assert (new.file_name, new.ocr_state, new.pages) == (first.file_name, "done", 1)
    assert new.sha256 != first.sha256
    old = {r.id: r for r in list_attachments(store, code, include_superseded=True)}[first.id]
    assert (old.superseded_by, old.ocr_state) == (new.id, "done")


def test_without_tesseract_nothing_happens(
    store: Store, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = receive_dossier(store, parse_intake(intake_json()), actor="cb1", clock=fixed_clock).code
    doc = find_document(store, code, "TP01").id
    pdf = assemble([process_page(samples.blank_page(100), Profile.GREY, dpi=100).encoded()])
    attach_pdf(store, code, doc, pdf, 1, "grey", actor="cb1", request_ocr=True)
    monkeypatch.setattr(ocr, "_tesseract", lambda: None)
    assert not ocr.available()
    before = table_counts(data_dir)
    assert ocr.run_pending_ocr(store) == 0
    assert table_counts(data_dir) == before
    assert [r.ocr_state for r in list_attachments(store, code)] == ["pending"]
    with pytest.raises(ocr.OcrUnavailable):
        ocr.make_searchable(pdf)


def test_failed_ocr_is_marked_failed(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    code = receive_dossier(store, parse_intake(intake_json()), actor="cb1", clock=fixed_clock).code
    doc = find_document(store, code, "TP01").id
    pdf = assemble([process_page(samples.blank_page(100), Profile.GREY, dpi=100).encoded()])
    attach_pdf(store, code, doc, pdf, 1, "grey", actor="cb1", request_ocr=True)
    monkeypatch.setattr(ocr, "available", lambda: True)

    def broken(_pdf: bytes) -> bytes:
        raise subprocess.CalledProcessError(1, "tesseract")

    monkeypatch.setattr(ocr, "make_searchable", broken)
    assert ocr.run_pending_ocr(store) == 0
    assert [r.ocr_state for r in list_attachments(store, code)] == ["failed"]
