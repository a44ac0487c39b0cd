"""The page pipeline on generated pages: profiles, sizes, the red seal, blank flag, deskew, the
officer's page operations and the PDF assembled without re-encoding."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from app.scanning import samples
from app.scanning.pipeline import (
    EmptyDocument,
    PageSet,
    assemble_pdf,
    blank_score,
    detect_skew,
    is_blank,
    process_page,
)
from app.scanning.profiles import (
    Encoding,
    Profile,
    from_scan_profile,
    scan_settings,
    scan_settings_for,
    spec,
)
from app.scanning.types import ColorMode, Source
from tests.scan_helpers import media_boxes, pdf_images, pdf_page_count

KB = 1024
A4_W, A4_H = 595.28, 841.89


@pytest.fixture(scope="module")
def text_img() -> Image.Image:
    return samples.text_page(200)


@pytest.fixture(scope="module")
def skewed_img() -> Image.Image:
    return samples.text_page(200, skew_deg=2.0)


@pytest.fixture(scope="module")
def seal_img() -> Image.Image:
    return samples.seal_page(150)


@pytest.fixture(scope="module")
def blank_img() -> Image.Image:
    return samples.blank_page(200)


@pytest.fixture(scope="module")
def scanned(
    text_img: Image.Image, seal_img: Image.Image, blank_img: Image.Image, skewed_img: Image.Image
) -> PageSet:
    """A text page, a seal+photo page, a blank back side, a page skewed by 2°."""
    pages = PageSet(Profile.TEXT)
    pages.add(process_page(text_img, Profile.TEXT, dpi=200))
    pages.add(process_page(seal_img, Profile.SEAL, dpi=150))
    pages.add(process_page(blank_img, Profile.TEXT, dpi=200))
    pages.add(process_page(skewed_img, Profile.TEXT, dpi=200))
    return pages


def test_samples_are_deterministic_a4() -> None:
    a, b = samples.seal_page(100), samples.seal_page(100)
    assert a.size == samples.a4_size(100) == (827, 1169)
    assert a.mode == "RGB"
    assert np.array_equal(np.asarray(a), np.asarray(b))


def test_profile_mapping_and_scanner_settings() -> None:
    assert from_scan_profile("text") is Profile.TEXT
    assert from_scan_profile("seal") is Profile.SEAL
    assert from_scan_profile("anything else") is Profile.SEAL  # never binarise by accident
    t = scan_settings(Profile.TEXT, Source.ADF)
    assert (t.mode, t.dpi, t.source) == (ColorMode.GRAY, 200, Source.ADF)
    s = scan_settings(Profile.SEAL)
    assert (s.mode, s.dpi) == (ColorMode.COLOR, 150)
    both = scan_settings_for([Profile.TEXT, Profile.SEAL])
    assert (both.mode, both.dpi) == (ColorMode.COLOR, 200)
    assert spec(Profile.TEXT).binarised
    assert not any(spec(p).binarised for p in (Profile.SEAL, Profile.GREY, Profile.HIGH))


def test_pipeline_page_count_profiles_and_sizes(scanned: PageSet) -> None:
    assert len(scanned) == 4
    assert [p.profile for p in scanned.pages] == [
        Profile.TEXT,
        Profile.SEAL,
        Profile.TEXT,
        Profile.TEXT,
    ]
    assert scanned.blank_indexes() == [2]  # flagged, still there until the officer drops it
    pdf = scanned.assemble_pdf()
    assert pdf_page_count(pdf) == 4

    dropped = PageSet(scanned.profile, scanned.pages)  # a copy: the fixture stays as scanned
    removed = dropped.drop_blank()
    assert [p.blank for p in removed] == [True]
    pdf = dropped.assemble_pdf()
    assert pdf.startswith(b"%PDF-")
    assert pdf_page_count(pdf) == 3
    images = pdf_images(pdf)
    assert [i.filter for i in images] == ["CCITTFaxDecode", "DCTDecode", "CCITTFaxDecode"]
    assert (images[0].width, images[0].height) == samples.a4_size(200)
    assert (images[1].width, images[1].height) == samples.a4_size(150)
    for w, h in media_boxes(pdf):
        assert w == pytest.approx(A4_W, abs=0.5)
        assert h == pytest.approx(A4_H, abs=0.5)
    assert dropped.attachment_profile() == "mixed"


def test_sizes_within_targets(scanned: PageSet) -> None:
    text_pdf = assemble_pdf([scanned.pages[0].encoded()])
    seal_pdf = assemble_pdf([scanned.pages[1].encoded()])
    skew_pdf = assemble_pdf([scanned.pages[3].encoded()])
    assert len(text_pdf) <= 45 * KB
    assert len(skew_pdf) <= 45 * KB
    assert len(seal_pdf) <= 180 * KB
    assert len(text_pdf) >= 10 * KB  # the text is really there, not thresholded away


def test_seal_is_still_red_and_photo_still_grey(scanned: PageSet) -> None:
    pdf = assemble_pdf([scanned.pages[1].encoded()])
    (img,) = pdf_images(pdf)
    assert img.filter == "DCTDecode"
    page = np.asarray(Image.open(io.BytesIO(img.data)).convert("RGB")).astype(int)
    cx, cy, _r = samples.seal_box(150)
    star = page[cy - 4 : cy + 4, cx - 4 : cx + 4].reshape(-1, 3)  # the seal's solid star
    r, g, b = np.median(star, axis=0)
    assert r > 150
    assert g < 90
    assert b < 90
    left, top, right, bottom = samples.photo_box(150)
    face = page[top + (bottom - top) * 38 // 100, (left + right) // 2]
    assert 150 < face.mean() < 240  # a grey face, not a black blob
    assert max(face) - min(face) < 25


def test_text_page_is_bilevel_g4_with_text_left(scanned: PageSet) -> None:
    enc = scanned.pages[0].encoded()
    assert enc.encoding is Encoding.G4
    tiff = Image.open(io.BytesIO(enc.data))
    assert tiff.mode == "1"
    assert tiff.info["compression"] == "group4"
    ink = 1.0 - np.asarray(tiff, dtype=float).mean()
    assert 0.02 < ink < 0.2  # text, not noise and not a black page


def test_pdf_streams_are_the_encoded_bytes(scanned: PageSet) -> None:
    encoded = [scanned.pages[0].encoded(), scanned.pages[1].encoded()]
    images = pdf_images(assemble_pdf(encoded))
    assert images[1].data == encoded[1].data  # the JPEG file itself
    assert images[0].data in encoded[0].data  # the G4 strip of the TIFF, untouched


def test_same_pages_same_pdf_bytes(scanned: PageSet) -> None:
    encoded = [p.encoded() for p in scanned.pages[:2]]
    assert assemble_pdf(encoded) == assemble_pdf(encoded)  # content addressing can dedupe


def test_blank_detection(
    text_img: Image.Image, seal_img: Image.Image, blank_img: Image.Image
) -> None:
    assert is_blank(blank_score(blank_img, 200))
    assert not is_blank(blank_score(text_img, 200))
    assert not is_blank(blank_score(seal_img, 150))
    white = Image.new("L", samples.a4_size(100), 255)
    assert is_blank(blank_score(white, 100))


@pytest.mark.parametrize("angle", [2.0, -2.0, 0.7, -4.5])
def test_deskew_recovers_the_angle(angle: float) -> None:
    img = samples.text_page(100, skew_deg=angle)  # detection runs on a ≤100 dpi copy anyway
    assert detect_skew(img, 100) == pytest.approx(angle, abs=0.3)


def test_deskewed_page_is_straight(scanned: PageSet) -> None:
    page = scanned.pages[3]
    assert page.skew_deg == pytest.approx(2.0, abs=0.3)
    straightened = Image.open(io.BytesIO(page.encoded().data)).convert("L")
    assert abs(detect_skew(straightened, 200)) <= 0.3
    assert abs(scanned.pages[0].skew_deg) <= 0.3  # a straight page stays straight


def test_officer_operations(text_img: Image.Image, seal_img: Image.Image) -> None:
    a = process_page(text_img, Profile.TEXT, dpi=200, encode_now=False)
    b = process_page(seal_img, Profile.SEAL, dpi=150, encode_now=False)
    c = process_page(text_img, Profile.TEXT, dpi=200, deskew=False, encode_now=False)
    ps = PageSet(Profile.TEXT, [a, b])
    ps.insert(1, c)
    assert [p.id for p in ps.pages] == [a.id, c.id, b.id]
    ps.move(2, 0)
    assert [p.id for p in ps.pages] == [b.id, a.id, c.id]
    ps.reorder([1, 2, 0])
    assert [p.id for p in ps.pages] == [a.id, c.id, b.id]
    assert ps.delete(1) is c
    with pytest.raises(IndexError):
        ps.delete(5)
    with pytest.raises(ValueError, match="permutation"):
        ps.reorder([0, 0])
    with pytest.raises(ValueError, match="90"):
        ps.rotate(0, 45)
    assert [p.id for p in ps.pages] == [a.id, b.id]  # failed operations changed nothing

    ps.rotate(0, 90)
    enc = ps.pages[0].encoded()
    w, h = samples.a4_size(200)
    assert (enc.width, enc.height) == (h, w)
    ps.rotate(0, -90)
    assert ps.pages[0].rotation == 0

    # The officer finds a seal on a "text" item: that page goes colour, never bilevel.
    ps.set_profile(0, Profile.SEAL)
    assert ps.pages[0].encoded().encoding is Encoding.JPEG
    ps.rotate(1, 180)
    pdf = ps.assemble_pdf()
    assert [i.filter for i in pdf_images(pdf)] == ["DCTDecode", "DCTDecode"]
    assert ps.attachment_profile() == "seal"


def test_landscape_page_gets_a_landscape_a4(text_img: Image.Image) -> None:
    page = process_page(text_img, Profile.TEXT, dpi=200)
    page.rotation = 90
    ((w, h),) = media_boxes(assemble_pdf([page.encoded()]))
    assert w == pytest.approx(A4_H, abs=0.5)
    assert h == pytest.approx(A4_W, abs=0.5)


def test_manual_duplex_interleaves(text_img: Image.Image, blank_img: Image.Image) -> None:
    f1 = process_page(text_img, Profile.TEXT, dpi=200, encode_now=False)
    f2 = process_page(text_img, Profile.TEXT, dpi=200, encode_now=False)
    b2 = process_page(blank_img, Profile.TEXT, dpi=200, encode_now=False)
    b1 = process_page(blank_img, Profile.TEXT, dpi=200, encode_now=False)
    ps = PageSet(Profile.TEXT, [f1, f2, b2, b1])
    ps.interleave_duplex()
    assert [p.id for p in ps.pages] == [f1.id, b1.id, f2.id, b2.id]
    ps.drop_blank()
    assert [p.id for p in ps.pages] == [f1.id, f2.id]


def test_other_inputs_grey_rgba_and_other_dpi() -> None:
    rgba = samples.seal_page(100).convert("RGBA")
    page = process_page(rgba, Profile.SEAL, dpi=100)
    enc = page.encoded()
    assert (enc.width, enc.height) == samples.a4_size(150)  # resampled to the profile's dpi
    grey = samples.seal_page(150).convert("L")
    enc = process_page(grey, Profile.SEAL, dpi=150).encoded()
    assert Image.open(io.BytesIO(enc.data)).mode == "L"  # grey in, grey JPEG out
    assert (pdf_images(assemble_pdf([enc]))[0].filter) == "DCTDecode"


def test_empty_document_is_refused() -> None:
    with pytest.raises(EmptyDocument):
        PageSet(Profile.TEXT).assemble_pdf()
    with pytest.raises(EmptyDocument):
        assemble_pdf([])
