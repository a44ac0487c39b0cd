"""Optional OCR: an invisible Vietnamese text layer over the same page images (searchable PDF).

Needs ``tesseract`` with the ``vie`` language on PATH and pikepdf (the ``ocr`` extra); without
them :func:`available` is False and nothing else changes. ≈3 s per page on 2 cores: a
background job (:func:`run_pending_ocr`), never on the receipt path (scan-print.md §9).

Each page image is read out of the PDF, tesseract writes a text-only PDF for it
(``-c textonly_pdf=1``), and that page is overlaid on the original page: the image streams are
not touched, only a text layer is added.
"""

from __future__ import annotations

import functools
import io
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from app.attachments import add_attachment, blob_store, ensure_blob
from app.clock import Clock, system_clock
from app.scanning.blobstore import StoredBlob
from db.engine import Store
from db.models import Attachment, AuditLog, Blob, Dossier, DossierDocument

LANG = "vie"
PAGE_TIMEOUT_S = 120


class OcrUnavailable(RuntimeError):
    """tesseract with Vietnamese, or pikepdf, is not installed."""


@functools.cache
def _tesseract() -> str | None:
    exe = shutil.which("tesseract")
    if exe is None:
        return None
    try:
        out = subprocess.run(
            [exe, "--list-langs"], capture_output=True, text=True, timeout=20, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    langs = {line.strip() for line in (out.stdout + out.stderr).splitlines()}
    return exe if LANG in langs else None


def available() -> bool:
    """tesseract + vie on PATH and pikepdf importable. Never raises; cached per process."""
    try:
        import pikepdf  # noqa: F401
    except ImportError:
        return False
    return _tesseract() is not None


def _text_layer(exe: str, png: bytes, workdir: Path, n: int) -> bytes:
    src = workdir / f"p{n}.png"
    src.write_bytes(png)
    base = workdir / f"p{n}"
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}  # leave a core for the desk
    subprocess.run(
        [exe, str(src), str(base), "-l", LANG, "-c", "textonly_pdf=1", "pdf"],
        capture_output=True,
        timeout=PAGE_TIMEOUT_S,
        check=True,
        env=env,
    )
    return base.with_suffix(".pdf").read_bytes()


def make_searchable(pdf_bytes: bytes) -> bytes:
    """The same PDF with an invisible text layer on every page that has an image."""
    exe = _tesseract()
    try:
        import pikepdf
    except ImportError:
        raise OcrUnavailable("pikepdf") from None
    if exe is None:
        raise OcrUnavailable("tesseract/vie")
    pdf = pikepdf.open(io.BytesIO(pdf_bytes))
    with tempfile.TemporaryDirectory(prefix="motcua-ocr-") as tmp:
        layers: list[pikepdf.Pdf | None] = []
        for n, page in enumerate(pdf.pages):
            images = list(page.get_images(recursive=False).values())
            if not images:
                layers.append(None)
                continue
            img = pikepdf.PdfImage(images[0]).as_pil_image()  # type: ignore[arg-type]
            box = [float(v) for v in page.mediabox]
            width_in = (box[2] - box[0]) / 72.0
            dpi = max(1, round(img.width / width_in))
            buf = io.BytesIO()
            img.save(buf, "PNG", dpi=(dpi, dpi))
            layers.append(pikepdf.open(io.BytesIO(_text_layer(exe, buf.getvalue(), Path(tmp), n))))
        for page, layer in zip(pdf.pages, layers, strict=True):
            if layer is not None:
                page.add_overlay(layer.pages[0], pikepdf.Rectangle(page.mediabox))
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
    return out.getvalue()


@dataclass(frozen=True)
class OcrOutcome:
    """One attachment's OCR, computed without touching the database."""

    attachment_id: str
    stored: StoredBlob | None  # the searchable PDF, already written to the blob store
    error: str = ""


def ocr_pending(store: Store, limit: int = 5) -> list[OcrOutcome]:
    """The slow half: read what waits for OCR and run tesseract; writes files, never the store.

    Run it off the writer thread (it takes seconds per page), then hand the outcomes to
    :func:`record_ocr` on the one writer.
    """
    if not available():
        return []
    with store.read() as session:
        todo = list(
            session.execute(
                select(Attachment.id, Blob.sha256)
                .join(Blob, Blob.sha256 == Attachment.sha256)
                .where(Attachment.ocr_state == "pending", Attachment.superseded_by.is_(None))
                .order_by(Attachment.created_at)
                .limit(limit)
            )
        )
    blobs = blob_store(store)
    out = []
    for attachment_id, sha in todo:
        try:
            searchable = make_searchable(blobs.read(sha))
        except (OSError, subprocess.SubprocessError, ValueError, RuntimeError) as exc:
            out.append(OcrOutcome(attachment_id, None, str(exc)[:500]))
            continue
        out.append(OcrOutcome(attachment_id, blobs.put(searchable)))
    return out


def run_pending_ocr(
    store: Store, limit: int = 5, *, actor: str = "ocr", clock: Clock = system_clock
) -> int:
    """OCR up to ``limit`` attachments waiting for it; returns how many were done.

    The searchable PDF is a new blob and a new attachment (same file name) that supersedes the
    scanned one, queued for sync like any attachment; the old row gets ``ocr_state`` done, or
    failed if tesseract failed. Does nothing when OCR is not available.
    """
    return record_ocr(store, ocr_pending(store, limit), actor=actor, clock=clock)


def record_ocr(
    store: Store, outcomes: list[OcrOutcome], *, actor: str = "ocr", clock: Clock = system_clock
) -> int:
    """The quick half: one short write per outcome (on the writer thread in the desk)."""
    done = 0
    for outcome in outcomes:
        attachment_id, stored, error = outcome.attachment_id, outcome.stored, outcome.error
        now = clock()
        with store.write.begin() as session:
            old = session.get(Attachment, attachment_id)
            if old is None or old.ocr_state != "pending" or old.superseded_by is not None:
                continue  # handled meanwhile (another desk process)
            if stored is None:
                old.ocr_state = "failed"
                session.add(
                    AuditLog(
                        at=now,
                        actor=actor,
                        action="attachment.ocr_failed",
                        entity="dossier",
                        entity_id=old.dossier_id,
                        detail={"attachment_id": old.id, "error": error},
                    )
                )
                continue
            blob = ensure_blob(session, stored, now)
            d = session.get(Dossier, old.dossier_id)
            doc = session.get(DossierDocument, old.document_id) if old.document_id else None
            if d is None or doc is None:
                continue
            add_attachment(  # supersedes the scanned attachment
                session,
                d=d,
                doc=doc,
                blob=blob,
                pages=old.pages,
                profile=old.profile,
                role=old.role,
                reused_from=old.reused_from,
                supersede=True,
                ocr_state="done",
                actor=actor,
                now=now,
                file_name=old.file_name,
            )
            old.ocr_state = "done"
            done += 1
    return done
