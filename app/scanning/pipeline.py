"""The page pipeline: blank flag, deskew, encoding per profile, the officer's page operations and
the multi-page PDF (scan-print.md §4, §6–§8).

``Image → (blank? skew?) → encoded bytes → img2pdf``, independent of the scanner backend. Every
scanned page keeps its source image, so the officer can rotate a page or change its profile and
the page is encoded once more *from the source*, never from an earlier encoding. The PDF is
assembled from the encoded bytes as they are (img2pdf passes JPEG and G4 through).

Heavy calls (:func:`process_page`, :meth:`PageSet.assemble_pdf`) belong on a worker thread;
page operations (rotate, move, delete, profile) are cheap bookkeeping.
"""

from __future__ import annotations

import io
import itertools
import math
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import img2pdf
import numpy as np
from PIL import Image, ImageFilter, ImageOps

from app.scanning.profiles import Encoding, Profile, scan_settings, spec
from app.scanning.types import ScannerBackend, Source

A4_PT = (img2pdf.mm_to_pt(210.0), img2pdf.mm_to_pt(297.0))
DESKEW_RANGE_DEG = 5.0
DESKEW_MIN_DEG = 0.1  # below this a rotation costs quality and buys nothing

# NAPS2 BlankDetectionImageOp defaults (scan-print.md §7).
BLANK_WHITE = 70
BLANK_COVERAGE = 25

_ids = itertools.count(1)
_ids_lock = threading.Lock()


def _next_id() -> int:
    with _ids_lock:
        return next(_ids)


# --- analysis ---------------------------------------------------------------------------------


def _grey(img: Image.Image) -> Image.Image:
    if img.mode == "L":
        return img
    if img.mode in ("RGBA", "LA", "P", "PA"):
        img = flatten(img)
    return img.convert("L")


def flatten(img: Image.Image) -> Image.Image:
    """RGB/L without alpha (img2pdf would write an /SMask; PDF/A forbids transparency)."""
    if img.mode in ("RGB", "L"):
        return img
    if img.mode == "1":
        return img.convert("L")
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        white = Image.new("RGB", rgba.size, (255, 255, 255))
        white.paste(rgba, mask=rgba.getchannel("A"))
        return white
    return img.convert("RGB")


def _reduced(grey: Image.Image, dpi: int, target: int = 100) -> tuple[Image.Image, int]:
    factor = max(1, round(dpi / target))
    return (grey.reduce(factor) if factor > 1 else grey), max(1, dpi // factor)


def blank_score(img: Image.Image, dpi: int) -> float:
    """Dark-pixel fraction as NAPS2 counts it: luma < 1 + white%·254, 1 % border ignored."""
    small, _ = _reduced(_grey(img), dpi, 100)
    a = np.asarray(small)
    h, w = a.shape
    by, bx = max(1, h // 100), max(1, w // 100)
    inner = a[by : h - by, bx : w - bx]
    limit = 1 + BLANK_WHITE / 100.0 * 254.0
    return float(np.count_nonzero(inner < limit)) / max(1, inner.size)


def is_blank(score: float) -> bool:
    return score < BLANK_COVERAGE / 100.0 * 0.01


def _profile_score(xs: np.ndarray, ys: np.ndarray, angle_deg: float) -> float:
    a = math.radians(angle_deg)
    r = ys * math.cos(a) + xs * math.sin(a)
    r -= r.min()
    lo = np.floor(r)
    frac = r - lo
    idx = lo.astype(np.int64)
    # Each point is shared between its two nearest rows (linear splatting): plain rounding
    # would favour exactly 0° (integer rows line up) over the true angle.
    hist = np.bincount(idx, weights=1.0 - frac) + np.bincount(idx + 1, weights=frac)[:-1]
    return float(np.square(hist).sum())


def detect_skew(img: Image.Image, dpi: int) -> float:
    """The angle (degrees, counter-clockwise as in ``Image.rotate``) by which the page content
    is turned, within ±5°, to about 0.05°; 0.0 when the page has too little ink to tell.

    A projection profile on a ≤100 dpi grey copy: text lines give the sharpest row histogram
    when the projection follows them. Coarse-to-fine search, numpy only (no scikit-image in the
    frozen build).
    """
    small, _ = _reduced(_grey(img), dpi, 100)
    a = np.asarray(small)
    h, w = a.shape
    my, mx = h // 20, w // 20  # scanner edges and shadows are not text
    core = a[my : h - my, mx : w - mx]
    ys, xs = np.nonzero(core < 150)
    if ys.size < 500:
        return 0.0
    step = max(1, ys.size // 60_000)
    ys_f = ys[::step].astype(np.float64) - core.shape[0] / 2.0
    xs_f = xs[::step].astype(np.float64) - core.shape[1] / 2.0

    best = 0.0
    for half, delta in ((DESKEW_RANGE_DEG, 0.5), (0.5, 0.1), (0.1, 0.025)):
        n = round(half / delta)
        candidates = [best + k * delta for k in range(-n, n + 1)]
        candidates = [c for c in candidates if abs(c) <= DESKEW_RANGE_DEG + 1e-9]
        best = max(candidates, key=lambda c: _profile_score(xs_f, ys_f, c))
    return round(best, 3)


# --- encoding ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class EncodedPage:
    data: bytes  # a JPEG file or a single-strip G4 TIFF, passed through by img2pdf
    encoding: Encoding
    width: int
    height: int
    dpi: int


def _resample(img: Image.Image, src_dpi: int, dst_dpi: int) -> Image.Image:
    if abs(src_dpi - dst_dpi) <= max(2, dst_dpi // 50):
        return img
    size = (
        max(1, round(img.width * dst_dpi / src_dpi)),
        max(1, round(img.height * dst_dpi / src_dpi)),
    )
    return img.resize(
        size, Image.Resampling.LANCZOS if dst_dpi < src_dpi else Image.Resampling.BICUBIC
    )


def _orient(
    img: Image.Image, skew_deg: float, rotation: int, fill: int | tuple[int, int, int]
) -> Image.Image:
    if abs(skew_deg) >= DESKEW_MIN_DEG:
        img = img.rotate(-skew_deg, Image.Resampling.BICUBIC, expand=False, fillcolor=fill)
    if rotation == 90:
        img = img.transpose(Image.Transpose.ROTATE_270)  # 90° clockwise
    elif rotation == 180:
        img = img.transpose(Image.Transpose.ROTATE_180)
    elif rotation == 270:
        img = img.transpose(Image.Transpose.ROTATE_90)
    return img


def binarise(grey: Image.Image, dpi: int) -> Image.Image:
    """Adaptive threshold against the local paper colour: a pixel is ink when it is darker than
    72 % of the paper around it (or very dark outright). Faded photocopies and uneven toner
    survive where a global threshold loses them (the gscan2pdf complaint, scan-print.md §2).
    """
    factor = max(1, dpi // 25)  # paper estimate on a ~25 dpi copy
    small = grey.reduce(factor).filter(ImageFilter.MaxFilter(5)).filter(ImageFilter.BoxBlur(2))
    paper = np.asarray(small.resize(grey.size, Image.Resampling.BILINEAR), dtype=np.uint16)
    a = np.asarray(grey)
    threshold = ((paper * 184) >> 8).astype(np.uint8)
    ink = (a < threshold) | (a < 80)
    return Image.fromarray(~ink)  # mode "1": True is white


def _g4(bilevel: Image.Image, dpi: int) -> bytes:
    buf = io.BytesIO()
    # One strip: img2pdf can pass a single-strip G4 TIFF through untouched.
    bilevel.save(buf, "TIFF", compression="group4", dpi=(dpi, dpi), strip_size=1 << 30)
    return buf.getvalue()


PAPER_WHITE = 235  # levels: 0..235 -> 0..255


def whiten_paper(img: Image.Image) -> Image.Image:
    """Paper to white: the tint and sensor noise of the background are clipped away, which is
    most of what a JPEG would otherwise spend its bytes on. Dark ink and the seal's red keep
    their hue (a linear stretch of every channel)."""
    lut = [min(255, round(v * 255 / PAPER_WHITE)) for v in range(256)]
    return img.point(lut * len(img.getbands()))


def _jpeg(img: Image.Image, dpi: int, quality: int) -> bytes:
    buf = io.BytesIO()
    # Progressive: 5-10 % smaller for the same quality; DCTDecode reads it since PDF 1.3.
    img.save(buf, "JPEG", quality=quality, optimize=True, progressive=True, dpi=(dpi, dpi))
    return buf.getvalue()


def encode(
    img: Image.Image, src_dpi: int, profile: Profile, *, skew_deg: float = 0.0, rotation: int = 0
) -> EncodedPage:
    """Encode one source page for ``profile``: resample to the profile's dpi, deskew, rotate by
    the officer's quarter turns, then G4 (text) or JPEG (seal/grey/high). Seal and photo
    profiles are never binarised."""
    s = spec(profile)
    img = flatten(img)
    if s.encoding is Encoding.G4:
        grey = _orient(_resample(_grey(img), src_dpi, s.dpi), skew_deg, rotation, 255)
        out = binarise(grey, s.dpi)
        data = _g4(out, s.dpi)
    else:
        base = img if (s.colour and img.mode == "RGB") else _grey(img)
        fill: int | tuple[int, int, int] = (255, 255, 255) if base.mode == "RGB" else 255
        out = whiten_paper(_orient(_resample(base, src_dpi, s.dpi), skew_deg, rotation, fill))
        if s.smooth:
            out = out.filter(ImageFilter.SMOOTH)
        data = _jpeg(out, s.dpi, s.jpeg_quality)
    return EncodedPage(data, s.encoding, out.width, out.height, s.dpi)


# --- pages and the officer's operations ---------------------------------------------------------


def image_dpi(img: Image.Image, default: int) -> int:
    """The resolution recorded in the image, else ``default``."""
    dpi = img.info.get("dpi")
    try:
        value = round(float(dpi[0])) if dpi else 0
    except (TypeError, ValueError, IndexError):
        value = 0
    return value if 30 <= value <= 2400 else default


@dataclass(eq=False)
class Page:
    """One scanned page. ``source`` is kept as scanned; everything else is derived from it."""

    source: Image.Image
    source_dpi: int
    profile: Profile
    blank: bool = False
    blank_fraction: float = 0.0
    skew_deg: float = 0.0
    rotation: int = 0  # the officer's quarter turns, clockwise: 0, 90, 180, 270
    deskew: bool = True
    id: int = field(default_factory=_next_id)  # stable handle for the UI's thumbnail strip
    _encoded: EncodedPage | None = field(default=None, repr=False)
    _key: tuple[Profile, int, float] | None = field(default=None, repr=False)

    def encoded(self) -> EncodedPage:
        """The page encoded for its current profile and orientation (cached)."""
        skew = self.skew_deg if self.deskew else 0.0
        key = (self.profile, self.rotation, skew)
        if self._encoded is None or self._key != key:
            self._encoded = encode(
                self.source, self.source_dpi, self.profile, skew_deg=skew, rotation=self.rotation
            )
            self._key = key
        return self._encoded

    def thumbnail(self, max_px: int = 240) -> Image.Image:
        """A small upright RGB/L preview of the page as it will be stored (deskew not shown)."""
        img = flatten(self.source).copy()
        img.thumbnail((max_px, max_px))
        return _orient(img, 0.0, self.rotation, 255 if img.mode == "L" else (255, 255, 255))


def process_page(
    img: Image.Image,
    profile: Profile,
    *,
    dpi: int | None = None,
    deskew: bool = True,
    encode_now: bool = True,
) -> Page:
    """Analyse (blank flag, skew) and, by default, encode one scanned page. Worker thread."""
    src_dpi = dpi or image_dpi(img, spec(profile).dpi)
    img = ImageOps.exif_transpose(img)  # phone photos carry their orientation in EXIF
    score = blank_score(img, src_dpi)
    blank = is_blank(score)
    skew = detect_skew(img, src_dpi) if (deskew and not blank) else 0.0
    page = Page(
        source=img,
        source_dpi=src_dpi,
        profile=profile,
        blank=blank,
        blank_fraction=score,
        skew_deg=skew,
        deskew=deskew,
    )
    if encode_now:
        page.encoded()
    return page


def scan_pages(
    backend: ScannerBackend,
    device_id: str,
    profile: Profile,
    *,
    source: Source = Source.FLATBED,
    cancel: threading.Event | None = None,
    max_pages: int | None = None,
    deskew: bool = True,
    on_page: Callable[[Page], None] | None = None,
) -> PageSet:
    """Scan with the settings ``profile`` asks for and process each page as it arrives
    (``on_page`` after each one, e.g. to post a thumbnail). Worker thread. Scanner failures
    propagate as the backend's ScanError subclasses; ``on_page`` has seen the pages before."""
    settings = scan_settings(profile, source, max_pages)
    pages = PageSet(profile)
    for img in backend.scan(device_id, settings, cancel or threading.Event()):
        page = process_page(img, profile, dpi=image_dpi(img, settings.dpi), deskew=deskew)
        pages.add(page)
        if on_page is not None:
            on_page(page)
    return pages


class EmptyDocument(ValueError):
    """No page left to assemble."""


class PageSet:
    """The pages of one checklist item, in order, with the officer's operations.

    Indexes are positions in :attr:`pages`; every operation raises ``IndexError`` for a bad
    index and ``ValueError`` for a bad argument, and leaves the set unchanged in that case.
    """

    def __init__(self, profile: Profile, pages: Iterable[Page] = ()) -> None:
        self.profile = profile  # the item's profile; new pages get it unless told otherwise
        self.pages: list[Page] = list(pages)

    def __len__(self) -> int:
        return len(self.pages)

    def _check(self, index: int) -> int:
        if not 0 <= index < len(self.pages):
            raise IndexError(index)
        return index

    def add(self, page: Page) -> Page:
        self.pages.append(page)
        return page

    def extend(self, pages: Iterable[Page]) -> None:
        self.pages.extend(pages)

    def insert(self, index: int, page: Page) -> Page:
        """Insert before position ``index`` (``len(self)`` appends)."""
        if not 0 <= index <= len(self.pages):
            raise IndexError(index)
        self.pages.insert(index, page)
        return page

    def move(self, src: int, dst: int) -> None:
        """Move the page at ``src`` so that it ends up at position ``dst``."""
        self._check(src)
        self._check(dst)
        page = self.pages.pop(src)
        self.pages.insert(dst, page)

    def reorder(self, order: list[int]) -> None:
        """Put the pages in the given order of current positions (a permutation)."""
        if sorted(order) != list(range(len(self.pages))):
            raise ValueError("order must be a permutation of the page positions")
        self.pages = [self.pages[i] for i in order]

    def rotate(self, index: int, degrees: int) -> None:
        """Turn a page clockwise by 90, 180 or 270 degrees (negative: anticlockwise)."""
        if degrees % 90 != 0:
            raise ValueError("degrees must be a multiple of 90")
        page = self.pages[self._check(index)]
        page.rotation = (page.rotation + degrees) % 360

    def delete(self, index: int) -> Page:
        return self.pages.pop(self._check(index))

    def set_profile(self, index: int, profile: Profile) -> None:
        """The officer's override for one page (e.g. a seal found on a "text" item)."""
        self.pages[self._check(index)].profile = Profile(profile)

    def blank_indexes(self) -> list[int]:
        return [i for i, p in enumerate(self.pages) if p.blank]

    def drop_blank(self) -> list[Page]:
        """Delete every page flagged blank (the officer's choice, never automatic)."""
        dropped = [p for p in self.pages if p.blank]
        self.pages = [p for p in self.pages if not p.blank]
        return dropped

    def interleave_duplex(self) -> None:
        """Manual duplex on a simplex feeder: fronts were scanned first, then the stack turned
        over, so the backs come last and in reverse. Interleave before dropping blanks."""
        n = len(self.pages)
        if n % 2:
            raise ValueError("manual duplex needs an even number of pages")
        fronts, backs = self.pages[: n // 2], self.pages[n // 2 :][::-1]
        self.pages = [p for pair in zip(fronts, backs, strict=True) for p in pair]

    def attachment_profile(self) -> str:
        """``text``, ``seal``… when every page shares one profile, else ``mixed``."""
        kinds = {p.profile for p in self.pages}
        return next(iter(kinds)).value if len(kinds) == 1 else "mixed"

    def assemble_pdf(self, title: str = "") -> bytes:
        """The multi-page A4 PDF. Worker thread (encodes pages whose state changed)."""
        if not self.pages:
            raise EmptyDocument("no pages")
        return assemble_pdf([p.encoded() for p in self.pages], title=title)


def _layout() -> object:
    return img2pdf.get_layout_fun(A4_PT, auto_orient=True)  # landscape pages on landscape A4


def assemble_pdf(pages: list[EncodedPage], title: str = "") -> bytes:
    """A4 pages (landscape when the image is), each image stream exactly the encoded bytes.

    No dates and img2pdf's own writer: the same pages always give the same bytes, so a repeated
    attachment is stored once (content addressing), with or without pikepdf installed.
    """
    if not pages:
        raise EmptyDocument("no pages")
    data = img2pdf.convert(
        [p.data for p in pages],
        layout_fun=_layout(),
        nodate=True,
        engine=img2pdf.Engine.internal,
        title=title or None,
        producer="motcua-desk",
    )
    assert isinstance(data, bytes)
    return data
