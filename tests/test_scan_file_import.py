"""FileImportBackend and import_files: images, phone photos, multi-page TIFF, PDFs via pdftoppm."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from PIL import Image

from app.scanning.file_import import (
    FileImportBackend,
    device_id_for,
    fit_size,
    import_files,
    paths_of,
)
from app.scanning.types import (
    Cancelled,
    ColorMode,
    PdfRendererMissing,
    ScanSettings,
    UnsupportedFile,
)

ORIENTATION = 0x0112


def write_pdf(path: Path, pages: int) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    c = Canvas(str(path), pagesize=A4)
    for n in range(pages):
        c.setFillColorRGB(0.8, 0.1, 0.1)
        c.rect(100, 600, 100 + n * 50, 100, fill=1)  # red: survives colour rendering
        c.showPage()
    c.save()
    return path


def test_fit_size_never_upscales_and_keeps_orientation() -> None:
    assert fit_size((800, 600), 200) == (800, 600)
    # 4000x3000 landscape photo at 150 dpi: A4 landscape is 1754x1240 px; the short side binds
    assert fit_size((4000, 3000), 150) == (1654, 1240)
    assert fit_size((3000, 4000), 150) == (1240, 1654)
    assert fit_size((8000, 2000), 150) == (1754, 438)  # a panorama: the long side binds


def test_png_with_alpha_is_flattened_onto_white(tmp_path: Path) -> None:
    img = Image.new("RGBA", (40, 30), (0, 0, 0, 0))
    img.paste((255, 0, 0, 255), (0, 0, 10, 10))
    img.save(tmp_path / "a.png")
    (page,) = import_files([tmp_path / "a.png"], 200)
    assert page.mode == "RGB"
    assert page.getpixel((20, 20)) == (255, 255, 255)
    assert page.getpixel((5, 5)) == (255, 0, 0)
    assert page.info["dpi"] == (200, 200)


def test_phone_photo_is_turned_upright_and_downscaled(tmp_path: Path) -> None:
    # A sensor-landscape 4000x3000 JPEG, tagged "rotate 90° CW to display" (orientation 6).
    img = Image.new("RGB", (4000, 3000), "white")
    img.paste((0, 0, 0), (0, 0, 400, 300))  # dark block top-left as stored
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    img.save(tmp_path / "photo.jpg", exif=exif, quality=85)
    (page,) = import_files([tmp_path / "photo.jpg"], 150)
    assert page.size == (1240, 1654)  # upright portrait, fits A4 at 150 dpi
    # After a 90° clockwise turn the stored top-left block sits at the top-right.
    assert page.convert("L").getpixel((page.width - 20, 20)) < 60
    assert page.convert("L").getpixel((20, 20)) > 200
    assert ORIENTATION not in page.getexif()


def test_multi_frame_tiff_gives_every_frame(tmp_path: Path) -> None:
    frames = [Image.new("L", (100, 140), v) for v in (10, 120, 240)]
    frames[0].save(tmp_path / "m.tif", save_all=True, append_images=frames[1:])
    pages = list(import_files([tmp_path / "m.tif"], 200, mode=ColorMode.GRAY))
    assert [p.getpixel((5, 5)) for p in pages] == [10, 120, 240]


def test_grey_mode_converts_colour(tmp_path: Path) -> None:
    Image.new("RGB", (50, 50), (200, 30, 30)).save(tmp_path / "c.png")
    (page,) = import_files([tmp_path / "c.png"], 200, mode=ColorMode.GRAY)
    assert page.mode == "L"


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_pdf_pages_are_rendered_at_the_dpi(tmp_path: Path) -> None:
    pdf = write_pdf(tmp_path / "two.pdf", 2)
    pages = list(import_files([pdf], 100))
    assert len(pages) == 2
    assert all(p.mode == "RGB" and p.size == (826, 1169) for p in pages)  # A4 at 100 dpi
    r, g, _ = pages[1].getpixel((round(150 / 72 * 100), 1169 - round(650 / 72 * 100)))
    assert r > 150, "the red box"
    assert g < 100, "the red box"
    grey = list(import_files([pdf], 50, mode=ColorMode.GRAY, max_pages=1))
    assert [p.mode for p in grey] == ["L"]


def test_pdf_without_renderer(tmp_path: Path) -> None:
    pdf = write_pdf(tmp_path / "one.pdf", 1)
    empty = tmp_path / "bin"
    empty.mkdir()
    with pytest.raises(PdfRendererMissing) as info:
        list(import_files([pdf], 100, poppler_path=empty))
    assert "pdftoppm" in str(info.value)
    assert "Poppler" in info.value.message_vi


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_damaged_pdf_is_unsupported(tmp_path: Path) -> None:
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.4\nnot really\n")
    with pytest.raises(UnsupportedFile):
        list(import_files([tmp_path / "bad.pdf"], 100))


def test_unreadable_and_missing_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("không phải ảnh")
    with pytest.raises(UnsupportedFile):
        list(import_files([tmp_path / "notes.txt"], 100))
    with pytest.raises(UnsupportedFile):
        list(import_files([tmp_path / "missing.png"], 100))


def test_backend_takes_several_paths_in_order(tmp_path: Path) -> None:
    for name, value in (("a.png", 10), ("b.png", 20), ("c.png", 30)):
        Image.new("L", (20, 20), value).save(tmp_path / name)
    paths = [tmp_path / n for n in ("c.png", "a.png", "b.png")]
    device_id = device_id_for(paths)
    assert paths_of(device_id) == paths
    backend = FileImportBackend()
    assert backend.available()
    assert backend.list_devices() == []
    pages = list(backend.scan(device_id, ScanSettings(max_pages=2), threading.Event()))
    assert [p.getpixel((0, 0)) for p in pages] == [30, 10]


def test_cancel_between_files(tmp_path: Path) -> None:
    for name in ("a.png", "b.png"):
        Image.new("L", (20, 20), 0).save(tmp_path / name)
    cancel = threading.Event()
    got: list[Image.Image] = []

    def consume() -> None:
        for page in import_files([tmp_path / "a.png", tmp_path / "b.png"], 100, cancel=cancel):
            got.append(page)
            cancel.set()

    with pytest.raises(Cancelled):
        consume()
    assert len(got) == 1
