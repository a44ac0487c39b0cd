"""Pages from files instead of a scanner: images (PNG, JPEG, multi-page TIFF, phone photos) and
PDFs (rendered with Poppler's pdftoppm when it is installed).

Photos are turned upright (EXIF orientation) and downscaled to fit A4 at the requested dpi, so a
12-megapixel phone photo becomes an ordinary page (scan-print.md §7). The UI calls
:func:`import_files` directly; :class:`FileImportBackend` offers the same through the scanner
interface, its device id being one path or several joined with newlines
(:func:`device_id_for`).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Generator, Iterable, Iterator
from contextlib import closing
from pathlib import Path

from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from app.scanning.types import (
    Cancelled,
    ColorMode,
    Device,
    PdfRendererMissing,
    ScanError,
    ScanSettings,
    UnsupportedFile,
)

A4_MM = (210.0, 297.0)
SEPARATOR = "\n"  # between paths in a device id: never part of a real file name
PDF_TIMEOUT_S = 120  # per page; a damaged PDF must not hang the import
_NO_WINDOW = getattr(subprocess, "CREATE_NO_WINDOW", 0)  # no console flash on Windows


def device_id_for(paths: Iterable[str | os.PathLike[str]]) -> str:
    return SEPARATOR.join(os.fspath(p) for p in paths)


def paths_of(device_id: str) -> list[Path]:
    return [Path(p) for p in device_id.split(SEPARATOR) if p.strip()]


def fit_size(
    size: tuple[int, int], dpi: int, page_mm: tuple[float, float] = A4_MM
) -> tuple[int, int]:
    """``size`` scaled down (never up) to fit the page at ``dpi`` in either orientation."""
    w, h = size
    short_px = page_mm[0] / 25.4 * dpi
    long_px = page_mm[1] / 25.4 * dpi
    box = (long_px, short_px) if w > h else (short_px, long_px)
    scale = min(1.0, box[0] / w, box[1] / h)
    return (max(1, round(w * scale)), max(1, round(h * scale)))


def import_files(
    paths: Iterable[str | os.PathLike[str]],
    dpi: int = 200,
    *,
    mode: ColorMode | None = None,
    cancel: threading.Event | None = None,
    max_pages: int | None = None,
    poppler_path: str | os.PathLike[str] | None = None,
) -> Iterator[Image.Image]:
    """Pages of the files in order, one by one (every frame of a TIFF, every page of a PDF).

    Args:
        dpi: pages are downscaled to fit A4 at this resolution (never upscaled).
        mode: GRAY or BW gives "L" pages (BW is binarised later by the pipeline); COLOR or
            None keeps the file's own colours ("1", "L" or "RGB").
        cancel: checked between pages; raises :class:`Cancelled` once set.
        poppler_path: a folder holding pdftoppm/pdfinfo (e.g. shipped with the app on
            Windows); default: the PATH.

    Raises:
        UnsupportedFile: a file is missing or neither an image nor a PDF.
        PdfRendererMissing: a PDF, but no pdftoppm.
    """
    done = 0
    for path in map(Path, paths):
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        pages = (
            _pdf_pages(path, dpi, mode, poppler_path)
            if _is_pdf(path)
            else _image_pages(path, dpi, mode)
        )
        with closing(pages):  # a PDF's temporary folder goes as soon as we stop
            while max_pages is None or done < max_pages:
                if cancel is not None and cancel.is_set():
                    raise Cancelled()  # checked before decoding, not after
                page = next(pages, None)
                if page is None:
                    break
                done += 1
                yield page
        if max_pages is not None and done >= max_pages:
            return


def _is_pdf(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(1024).lstrip().startswith(b"%PDF-")
    except OSError as exc:
        raise UnsupportedFile(f"{path}: {exc.strerror or exc}") from exc


def _image_pages(
    path: Path, dpi: int, mode: ColorMode | None
) -> Generator[Image.Image, None, None]:
    try:
        with Image.open(path) as img:
            if img.format == "JPEG":  # decode at 1/2, 1/4 or 1/8 scale when that suffices
                img.draft(img.mode, fit_size(img.size, dpi))
            for frame in ImageSequence.Iterator(img):
                yield normalise_page(frame, dpi, mode)
    except UnidentifiedImageError as exc:
        raise UnsupportedFile(f"{path}: not an image or PDF") from exc
    except OSError as exc:  # truncated or damaged file
        raise UnsupportedFile(f"{path}: {exc}") from exc


def normalise_page(img: Image.Image, dpi: int, mode: ColorMode | None = None) -> Image.Image:
    """Upright, flattened onto white, in "1"/"L"/"RGB", fitting A4 at ``dpi``."""
    page = ImageOps.exif_transpose(img)  # a copy, also when there is no orientation tag
    if page.mode in ("RGBA", "LA", "PA") or (page.mode == "P" and "transparency" in page.info):
        rgba = page.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        page = flat
    elif page.mode.startswith("I;16") or page.mode in ("I", "F"):
        page = page.convert("I").point(lambda v: v * (1 / 256)).convert("L")  # 16-bit grey
    elif page.mode not in ("1", "L", "RGB"):
        page = page.convert("RGB")  # CMYK, palette, YCbCr
    if mode in (ColorMode.GRAY, ColorMode.BW) and page.mode == "RGB":
        page = page.convert("L")
    target = fit_size(page.size, dpi)
    if target != page.size:
        if page.mode == "1":
            page = page.convert("L")  # resampling needs grey levels
        page = page.resize(target, Image.Resampling.LANCZOS, reducing_gap=3.0)
    page.info["dpi"] = (dpi, dpi)  # keeps an ICC profile; the orientation tag is gone
    return page


def _tool(name: str, poppler_path: str | os.PathLike[str] | None) -> str:
    found = shutil.which(name, path=os.fspath(poppler_path) if poppler_path else None)
    if found is None:
        raise PdfRendererMissing(f"{name} not found (install poppler-utils)")
    return found


def _run(args: list[str], path: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        r = subprocess.run(
            args, capture_output=True, timeout=PDF_TIMEOUT_S, check=False, creationflags=_NO_WINDOW
        )
    except subprocess.TimeoutExpired as exc:
        raise ScanError(f"{path}: PDF rendering took over {PDF_TIMEOUT_S} s") from exc
    if r.returncode != 0:
        err = r.stderr.decode(errors="replace").strip().splitlines()
        raise UnsupportedFile(f"{path}: {err[-1] if err else f'exit code {r.returncode}'}")
    return r


def pdf_page_count(path: Path, poppler_path: str | os.PathLike[str] | None = None) -> int:
    out = _run([_tool("pdfinfo", poppler_path), str(path)], path).stdout.decode(errors="replace")
    m = re.search(r"^Pages:\s+(\d+)", out, flags=re.MULTILINE)
    if m is None:
        raise UnsupportedFile(f"{path}: no page count in pdfinfo output")
    return int(m.group(1))


def _pdf_pages(
    path: Path, dpi: int, mode: ColorMode | None, poppler_path: str | os.PathLike[str] | None
) -> Generator[Image.Image, None, None]:
    """Renders page by page, so the first thumbnail appears before the last page is drawn."""
    pdftoppm = _tool("pdftoppm", poppler_path)
    count = pdf_page_count(path, poppler_path)
    colour = ["-gray"] if mode in (ColorMode.GRAY, ColorMode.BW) else []
    with tempfile.TemporaryDirectory(prefix="motcua-pdf-") as tmp:
        for n in range(1, count + 1):
            out = Path(tmp) / f"p{n}"
            args = [pdftoppm, "-f", str(n), "-l", str(n), "-r", str(dpi), *colour]
            _run([*args, "-png", "-singlefile", str(path), str(out)], path)
            png = out.with_suffix(".png")
            with Image.open(png) as img:
                page = normalise_page(img, dpi, mode)
            png.unlink()
            yield page


class FileImportBackend:
    """Files as a "scanner"; device id: paths joined by newlines (:func:`device_id_for`)."""

    name = "file"

    def __init__(self, poppler_path: str | os.PathLike[str] | None = None) -> None:
        self.poppler_path = poppler_path

    def available(self) -> bool:
        return True

    def list_devices(self, timeout_s: float = 5) -> list[Device]:
        return []  # files are chosen in a file dialog, not listed

    def scan(
        self, device_id: str, settings: ScanSettings, cancel: threading.Event
    ) -> Iterator[Image.Image]:
        paths = paths_of(device_id)
        if not paths:
            raise UnsupportedFile("no file given")
        return import_files(
            paths,
            settings.dpi,
            mode=settings.mode,
            cancel=cancel,
            max_pages=settings.max_pages,
            poppler_path=self.poppler_path,
        )
