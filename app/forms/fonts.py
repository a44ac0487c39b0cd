"""The bundled Liberation Serif 2.x family, registered with reportlab once per process.

Liberation Serif has the metrics of Times New Roman (NĐ 30/2020's conventional font) and every
Vietnamese letter. reportlab embeds TrueType fonts as subsets, so a one-page form carries only
the glyphs it uses.
"""

from __future__ import annotations

import struct
import threading
from typing import Any

from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
from reportlab.pdfbase.ttfonts import TTFont, TTFontMaker  # type: ignore[import-untyped]

from app.errors import NotFound
from app.resources import resource_path

FAMILY = "LiberationSerif"
REGULAR = "LiberationSerif"
BOLD = "LiberationSerif-Bold"
ITALIC = "LiberationSerif-Italic"
BOLD_ITALIC = "LiberationSerif-BoldItalic"

_FILES = {
    REGULAR: "LiberationSerif-Regular.ttf",
    BOLD: "LiberationSerif-Bold.ttf",
    ITALIC: "LiberationSerif-Italic.ttf",
    BOLD_ITALIC: "LiberationSerif-BoldItalic.ttf",
}

_lock = threading.Lock()
_registered: set[str] = set()  # the family name once registered


def register_fonts() -> None:
    """Register the four faces and the family (so <b>/<i> work in paragraphs). Idempotent."""
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for name, filename in _FILES.items():
            path = resource_path("fonts", filename)
            if not path.is_file():
                raise NotFound("font", str(path))
            pdfmetrics.registerFont(_lean(TTFont(name, str(path))))
        pdfmetrics.registerFontFamily(
            FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
        )
        _registered.add(FAMILY)


def string_width(text: str, font: str, size: float) -> float:
    register_fonts()
    return float(pdfmetrics.stringWidth(text, font, size))


# --- lean subsets -----------------------------------------------------------------------------
# Liberation Serif is heavily hinted: TrueType instructions are ~60 % of each glyph and the
# subset of a one-page form carried ~30 KB per face. Hinting only matters for rasterising at
# small pixel sizes on screen; printers and PDF viewers do well without it. So the subset that
# goes into the PDF (a document, which the OFL leaves free) drops the instructions and the
# cvt/fpgm/prep tables. The bundled font files themselves are never modified.

_HINT_TABLES = (b"cvt ", b"fpgm", b"prep")
_ARG_WORDS, _SCALE, _XY_SCALE, _TWO_BY_TWO = 0x0001, 0x0008, 0x0040, 0x0080
_MORE, _INSTRUCTIONS = 0x0020, 0x0100


def _strip_glyph(data: bytes) -> bytes:
    if len(data) < 10:
        return data
    (contours,) = struct.unpack(">h", data[:2])
    if contours >= 0:
        at = 10 + 2 * contours
        (n_instr,) = struct.unpack(">H", data[at : at + 2])
        return data[:at] + b"\0\0" + data[at + 2 + n_instr :]
    out = bytearray(data)
    at = 10
    flags = _MORE
    while flags & _MORE:
        (flags,) = struct.unpack(">H", data[at : at + 2])
        struct.pack_into(">H", out, at, flags & ~_INSTRUCTIONS)
        at += 4 + (4 if flags & _ARG_WORDS else 2)
        if flags & _SCALE:
            at += 2
        elif flags & _XY_SCALE:
            at += 4
        elif flags & _TWO_BY_TWO:
            at += 8
    return bytes(out[:at])


def strip_hinting(font: bytes) -> bytes:
    """A TrueType file without glyph instructions and without cvt/fpgm/prep."""
    (n_tables,) = struct.unpack(">H", font[4:6])
    tables: dict[bytes, bytes] = {}
    for i in range(n_tables):
        tag, _checksum, offset, length = struct.unpack(">4sIII", font[12 + 16 * i : 28 + 16 * i])
        tables[tag] = font[offset : offset + length]
    head = bytearray(tables[b"head"])
    (long_loca,) = struct.unpack(">h", head[50:52])
    (n_glyphs,) = struct.unpack(">H", tables[b"maxp"][4:6])
    loca = tables[b"loca"]
    if long_loca:
        offsets = list(struct.unpack(f">{n_glyphs + 1}I", loca[: 4 * (n_glyphs + 1)]))
    else:
        offsets = [2 * o for o in struct.unpack(f">{n_glyphs + 1}H", loca[: 2 * (n_glyphs + 1)])]
    glyf = tables[b"glyf"]
    parts: list[bytes] = []
    new_offsets = [0]
    pos = 0
    for i in range(n_glyphs):
        glyph = glyf[offsets[i] : offsets[i + 1]]
        if glyph:
            glyph = _strip_glyph(glyph)
            glyph += b"\0" * (-len(glyph) % 4)
        parts.append(glyph)
        pos += len(glyph)
        new_offsets.append(pos)
    if pos // 2 > 0xFFFF:
        new_loca = struct.pack(f">{len(new_offsets)}I", *new_offsets)
        struct.pack_into(">h", head, 50, 1)
    else:
        new_loca = struct.pack(f">{len(new_offsets)}H", *(o // 2 for o in new_offsets))
        struct.pack_into(">h", head, 50, 0)
    maker = TTFontMaker()
    replaced = {b"glyf": b"".join(parts), b"loca": new_loca, b"head": bytes(head)}
    for tag, data in tables.items():
        if tag not in _HINT_TABLES:
            maker.add(tag.decode("latin-1"), replaced.get(tag, data))
    return bytes(maker.makeStream())


def _lean(font: Any) -> Any:
    """Make ``font`` embed hint-free subsets (see above)."""
    face = font.face
    make_subset = face.makeSubset

    def lean_subset(subset: Any) -> bytes:
        return strip_hinting(bytes(make_subset(subset)))

    face.makeSubset = lean_subset
    return font
