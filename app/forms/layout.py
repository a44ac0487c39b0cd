"""Shared layout of the forms: styles, the NĐ 30/2020 two-column header, signature blocks,
document tables, the QR code and the PDF builder. Every text goes through :func:`esc`, which
NFC-normalises it (NFD input misplaces Vietnamese marks in reportlab) and escapes markup.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache, lru_cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.barcode import qrencoder  # type: ignore[import-untyped]
from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import A4, landscape  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from app.clock import local
from app.forms.fonts import BOLD, ITALIC, REGULAR, register_fonts, string_width
from app.forms.labels import Labels
from app.settings import AgencyInfo

PORTRAIT = A4
LANDSCAPE = landscape(A4)
BODY_SIZE = 13
TABLE_SIZE = 12
BOOK_SIZE = 9.5  # Mẫu 07 has 13 columns on a landscape page
QR_SYMBOL_MM = 25.5  # the symbol itself, without its 4-module quiet zone

# NĐ 30/2020 margins: top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
PORTRAIT_MARGINS = (30 * mm, 15 * mm, 20 * mm, 20 * mm)  # left, right, top, bottom
LANDSCAPE_MARGINS = (20 * mm, 15 * mm, 20 * mm, 15 * mm)

_ADMIN_UNIT_WORDS = ("Xã ", "Phường ", "Thị trấn ", "Đặc khu ")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def esc(text: str) -> str:
    """NFC, trimmed, markup-escaped text for a Paragraph."""
    return escape(" ".join(nfc(text).split()))


# --- dates ------------------------------------------------------------------------------------


def _day(d: int) -> str:
    return f"{d:02d}"


def _month(m: int) -> str:
    # NĐ 30/2020 Phụ lục I: a 0 before days under 10 and before months 1 and 2.
    return f"{m:02d}" if m < 3 else str(m)


def place_date(labels: Labels, place: str, day: date) -> str:
    return labels.place_date.format(place=place, d=_day(day.day), m=_month(day.month), y=day.year)


def long_time(labels: Labels, at: datetime) -> str:
    """ "09 giờ 15 phút, ngày 25 tháng 11 năm 2026" in the office's time zone."""
    t = local(at)
    return labels.hours_minutes_date.format(
        H=f"{t.hour:02d}", M=f"{t.minute:02d}", d=_day(t.day), m=_month(t.month), y=t.year
    )


def short_date(at: datetime | date) -> str:
    d = local(at).date() if isinstance(at, datetime) else at
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def money(labels: Labels, amount: int) -> str:
    return labels.currency.format(amount=f"{amount:,}".replace(",", "."))


# --- names ------------------------------------------------------------------------------------


def commune_inline(agency: AgencyInfo) -> str:
    """ "Xã Pà Cò" -> "xã Pà Cò" inside a sentence."""
    name = nfc(agency.commune_name).strip()
    for word in _ADMIN_UNIT_WORDS:
        if name.startswith(word):
            return word.lower() + name[len(word) :]
    return name


def unit_inline(agency: AgencyInfo) -> str:
    """The one-stop unit inside a sentence: "Trung tâm Phục vụ hành chính công xã Pà Cò"."""
    unit = nfc(agency.unit_name).strip()
    commune = commune_inline(agency)
    if commune.casefold() in unit.casefold():
        return unit
    return f"{unit} {commune}"


def place_of(agency: AgencyInfo) -> str:
    """Địa danh of the date line. NĐ 30/2020 Phụ lục I writes the commune's own name ("Pà Cò,
    ngày …"), keeping the unit word only for numbered units ("Phường 12, ngày …"). The stored
    place name is used as entered; when it is empty or just the commune's name, it is derived."""
    place = " ".join(nfc(agency.place_name).split())
    commune = " ".join(nfc(agency.commune_name).split())
    if place and place != commune:
        return place
    for word in _ADMIN_UNIT_WORDS:
        rest = commune[len(word) :]
        if commune.startswith(word) and rest and not rest[0].isdigit():
            return rest
    return commune


def agency_inline(agency: AgencyInfo) -> str:
    """The commune's People's Committee inside a sentence. The stored parent unit is used as
    written unless it is the default upper-case "UBND XÃ …" heading."""
    parent = nfc(agency.parent_unit).strip()
    if parent == f"UBND {nfc(agency.commune_name).strip().upper()}" or parent.isupper():
        return f"Ủy ban nhân dân {commune_inline(agency)}"
    return parent


# --- styles -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Styles:
    body: Any
    body_indent: Any
    body_left: Any
    body_left_indent: Any
    body_center: Any
    body_italic_center: Any
    small: Any
    small_left: Any
    small_italic: Any
    title: Any
    subtitle: Any
    cell: Any
    cell_center: Any
    cell_head: Any
    head_left: Any
    head_left_bold: Any
    head_right_bold: Any
    head_motto: Any
    head_date: Any
    sign_title: Any
    sign_note: Any
    sign_name: Any
    book_cell: Any
    book_cell_center: Any
    book_head: Any
    page_no: Any


@cache
def styles() -> Styles:
    register_fonts()

    def st(name: str, **kw: Any) -> Any:
        base: dict[str, Any] = {
            "fontName": REGULAR,
            "fontSize": BODY_SIZE,
            "leading": BODY_SIZE * 1.2,
        }
        base.update(kw)
        return ParagraphStyle(name, **base)

    return Styles(
        body=st("body", alignment=TA_JUSTIFY, spaceAfter=1.5),
        body_indent=st("body_indent", alignment=TA_JUSTIFY, firstLineIndent=10 * mm, spaceAfter=3),
        body_left=st("body_left", alignment=TA_LEFT, spaceAfter=1.5),
        body_left_indent=st(
            "body_left_indent", alignment=TA_LEFT, firstLineIndent=10 * mm, spaceAfter=3
        ),
        body_center=st("body_center", alignment=TA_CENTER),
        body_italic_center=st("body_italic_center", fontName=ITALIC, alignment=TA_CENTER),
        small=st("small", fontSize=10.5, leading=12.5, alignment=TA_JUSTIFY),
        small_left=st("small_left", fontSize=10.5, leading=12.5, alignment=TA_LEFT),
        small_italic=st("small_italic", fontName=ITALIC, fontSize=11, leading=13.5),
        title=st("title", fontName=BOLD, fontSize=14, leading=18, alignment=TA_CENTER),
        subtitle=st("subtitle", fontName=BOLD, alignment=TA_CENTER),
        cell=st("cell", fontSize=TABLE_SIZE, leading=TABLE_SIZE * 1.2),
        cell_center=st("cell_center", fontSize=TABLE_SIZE, leading=14.4, alignment=TA_CENTER),
        cell_head=st(
            "cell_head", fontName=BOLD, fontSize=TABLE_SIZE, leading=14.4, alignment=TA_CENTER
        ),
        head_left=st("head_left", fontSize=12, leading=14.5, alignment=TA_CENTER),
        head_left_bold=st(
            "head_left_bold", fontName=BOLD, fontSize=12, leading=14.5, alignment=TA_CENTER
        ),
        head_right_bold=st(
            "head_right_bold", fontName=BOLD, fontSize=12, leading=14.5, alignment=TA_CENTER
        ),
        head_motto=st("head_motto", fontName=BOLD, leading=16, alignment=TA_CENTER),
        head_date=st("head_date", fontName=ITALIC, alignment=TA_CENTER),
        sign_title=st("sign_title", fontName=BOLD, alignment=TA_CENTER, leading=16),
        sign_note=st("sign_note", fontName=ITALIC, alignment=TA_CENTER, leading=16),
        sign_name=st("sign_name", fontName=BOLD, alignment=TA_CENTER),
        book_cell=st("book_cell", fontSize=BOOK_SIZE, leading=BOOK_SIZE * 1.2),
        book_cell_center=st(
            "book_cell_center", fontSize=BOOK_SIZE, leading=BOOK_SIZE * 1.2, alignment=TA_CENTER
        ),
        book_head=st(
            "book_head",
            fontName=BOLD,
            fontSize=BOOK_SIZE,
            leading=BOOK_SIZE * 1.2,
            alignment=TA_CENTER,
        ),
        page_no=st("page_no", fontSize=12, alignment=TA_CENTER),
    )


def para(text: str, style: Any) -> Any:
    """A paragraph of plain text (escaped here)."""
    return Paragraph(esc(text), style)


def markup(text: str, style: Any) -> Any:
    """A paragraph of reportlab markup whose variable parts were already escaped."""
    return Paragraph(text, style)


def field_line(caption: str, value: str, style: Any, *, bold: bool = False) -> Any:
    shown = esc(value) if value.strip() else "……………………"
    if bold and value.strip():
        shown = f"<b>{shown}</b>"
    return Paragraph(f"{esc(caption)} {shown}", style)


def balanced_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """Split a heading into the fewest lines that fit, as evenly as possible
    ("TRUNG TÂM PHỤC VỤ / HÀNH CHÍNH CÔNG", not "… HÀNH CHÍNH / CÔNG")."""
    words = nfc(text).split()
    if not words:
        return []
    if string_width(" ".join(words), font, size) <= width or len(words) == 1:
        return [" ".join(words)]

    best: list[str] | None = None
    for n_lines in range(2, min(len(words), 4) + 1):
        best_cost = float("inf")
        for cuts in _cuts(len(words), n_lines):
            lines = [
                " ".join(words[a:b]) for a, b in zip((0, *cuts), (*cuts, len(words)), strict=True)
            ]
            widest = max(string_width(ln, font, size) for ln in lines)
            if widest <= width and widest < best_cost:
                best_cost, best = widest, lines
        if best is not None:
            return best
    return [" ".join(words)]  # let the paragraph wrap it


def _cuts(n: int, parts: int) -> list[tuple[int, ...]]:
    if parts == 1:
        return [()]
    out = []
    for first in range(1, n - parts + 2):
        for rest in _cuts(n - first, parts - 1):
            out.append((first, *(first + r for r in rest)))
    return out


# --- flowables --------------------------------------------------------------------------------


class HRule(Flowable):  # type: ignore[misc]
    """A centred horizontal line of a given width (the rules under the header lines)."""

    def __init__(self, width: float, thickness: float = 0.6, space_before: float = 3.0) -> None:
        super().__init__()
        self.rule_width = width
        self.thickness = thickness
        self.space_before = space_before

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.avail = avail_width
        return avail_width, self.space_before + self.thickness + 1

    def draw(self) -> None:
        x0 = (self.avail - self.rule_width) / 2
        self.canv.setLineWidth(self.thickness)
        self.canv.line(x0, 1, x0 + self.rule_width, 1)


@dataclass
class PageState:
    """Pages are numbered within a section (each copy of Mẫu 01 restarts at 1)."""

    section_start: int = 1
    sections: list[int] = field(default_factory=list)


class SectionStart(Flowable):  # type: ignore[misc]
    """Zero-size marker: the page it lands on is page 1 of a new section."""

    def __init__(self, state: PageState) -> None:
        super().__init__()
        self.state = state

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        page = int(self.canv.getPageNumber())
        self.state.section_start = page
        self.state.sections.append(page)


def qr_payload(code: str, lookup_url: str) -> str:
    """What the QR on Mẫu 01 holds: ``<lookup_url>?ma=<code>`` (``&ma=`` when the address
    already has a query), or the bare code when the commune has no lookup address."""
    url = nfc(lookup_url).strip()
    if not url:
        return code
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}ma={code}"


@lru_cache(maxsize=64)
def qr_modules(payload: str) -> tuple[tuple[bool, ...], ...]:
    """The module matrix of ``payload`` (level M, smallest version), from reportlab's own QR
    encoder. Cached: encoding tries all 8 masks (~8 ms) and Mẫu 01 prints it twice."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(payload)
    code.make()
    return tuple(tuple(bool(m) for m in row) for row in code.modules)


class QrFlowable(Flowable):  # type: ignore[misc]
    """A vector QR code whose symbol is ``symbol_mm`` wide, inside a 4-module quiet zone.
    Drawn as one filled path (one rectangle per run of dark modules): fast and small."""

    def __init__(self, payload: str, symbol_mm: float = QR_SYMBOL_MM) -> None:
        super().__init__()
        self.payload = payload
        self.modules = qr_modules(payload)
        self.box = symbol_mm * mm / len(self.modules)
        self.width = self.height = self.box * (len(self.modules) + 8)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        box = self.box
        n = len(self.modules)
        path = self.canv.beginPath()
        for r, row in enumerate(self.modules):
            y = (n + 4 - r - 1) * box
            c = 0
            while c < n:
                if not row[c]:
                    c += 1
                    continue
                start = c
                while c < n and row[c]:
                    c += 1
                path.rect((start + 4) * box, y, (c - start) * box, box)
        self.canv.saveState()
        self.canv.setFillColorRGB(0, 0, 0)
        self.canv.drawPath(path, stroke=0, fill=1)
        self.canv.restoreState()


# --- blocks -----------------------------------------------------------------------------------


def header(
    agency: AgencyInfo,
    labels: Labels,
    *,
    width: float,
    date_line: str | None,
    number: str | None = None,
    left_share: float = 0.42,
) -> list[Any]:
    """Left: parent unit / unit (bold) / short rule; right: national name / motto / rule;
    then "Số: …" under the left column and the italic place and date under the right."""
    s = styles()
    left_w = width * left_share
    right_w = width - left_w
    pad = 2
    unit_lines = balanced_lines(nfc(agency.unit_name).upper(), BOLD, 12, left_w - 2 * pad)
    unit_w = max((string_width(ln, BOLD, 12) for ln in unit_lines), default=0.0)
    left = [
        para(nfc(agency.parent_unit).upper(), s.head_left),
        markup("<br/>".join(esc(ln) for ln in unit_lines), s.head_left_bold),
        HRule(max(unit_w / 3, 20 * mm)),
    ]
    right = [
        para(labels.national_name, s.head_right_bold),
        para(labels.motto, s.head_motto),
        HRule(string_width(labels.motto, BOLD, BODY_SIZE)),
    ]
    rows: list[list[Any]] = [[left, right]]
    if date_line is not None or number is not None:
        rows.append(
            [
                para(number, s.body_center) if number else "",
                para(date_line, s.head_date) if date_line else "",
            ]
        )
    table = Table(rows, colWidths=[left_w, right_w], hAlign="CENTER")
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), pad),
                ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 1), (-1, 1), 5),
            ]
        )
    )
    return [table, Spacer(1, 4 * mm)]


@dataclass(frozen=True)
class Signer:
    title: str
    note: str
    name: str = ""
    above: str = ""  # e.g. "TM. ỦY BAN NHÂN DÂN" above the title


def signatures(
    left: Signer | None, right: Signer | None, *, width: float, middle: Any = None
) -> Any:
    """Two signature blocks; ``middle`` (the receipt's QR code) goes between them, in the
    space the signatures leave blank anyway."""
    s = styles()

    def cell(sig: Signer | None) -> list[Any]:
        if sig is None:
            return []
        out: list[Any] = []
        if sig.above:
            out.append(para(sig.above, s.sign_title))
        out += [para(sig.title, s.sign_title), para(sig.note, s.sign_note), Spacer(1, 17 * mm)]
        if sig.name:
            out.append(para(sig.name, s.sign_name))
        return out

    if middle is None:
        table = Table([[cell(left), cell(right)]], colWidths=[width * 0.45, width * 0.55])
    else:
        side = (width - middle.width - 4 * mm) / 2
        table = Table(
            [[cell(left), middle, cell(right)]],
            colWidths=[side, middle.width + 4 * mm, side],
        )
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ("ALIGN", (1, 0), (1, 0), "CENTER"),
            ]
        )
    )
    table.keepWithNext = False
    return table


def table_style(commands: list[tuple[Any, ...]]) -> Any:
    """A TableStyle whose cells use our font: reportlab's default is an unembedded Helvetica,
    which would appear in the PDF's font list even for empty cells."""
    return TableStyle([("FONT", (0, 0), (-1, -1), REGULAR, BODY_SIZE), *commands])


def grid_style(header_rows: int = 1, *, size: float = TABLE_SIZE) -> Any:
    return TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("VALIGN", (0, header_rows), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("FONT", (0, 0), (-1, -1), REGULAR, size),
        ]
    )


def documents_table(
    rows: Sequence[tuple[str, str, int]],
    labels: Labels,
    *,
    width: float,
    required: Sequence[bool] | None = None,
) -> Any:
    """TT | Tên giấy tờ | Hình thức | Số lượng [| Bắt buộc]; the header repeats on every page."""
    s = styles()
    head = [labels.col_no, labels.col_document, labels.col_copy_type, labels.col_copies]
    widths = [10 * mm, 0.0, 40 * mm, 19 * mm]
    if required is not None:
        head.append(labels.col_required)
        widths.append(19 * mm)
    widths[1] = width - sum(widths)
    data: list[list[Any]] = [[para(h, s.cell_head) for h in head]]
    if not rows:
        data.append(["", para(labels.no_documents, s.cell), "", ""] + ([""] if required else []))
    for i, (name, copy_type, copies) in enumerate(rows, 1):
        line = [
            para(str(i), s.cell_center),
            para(name, s.cell),
            para(labels.copy_type(copy_type), s.cell_center),
            para(f"{copies:02d}", s.cell_center),
        ]
        if required is not None:
            line.append(para(labels.yes if required[i - 1] else labels.no, s.cell_center))
        data.append(line)
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(grid_style())
    return table


# --- document ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Meta:
    title: str
    subject: str
    author: str


def build_pdf(
    story: list[Any],
    meta: Meta,
    *,
    pagesize: tuple[float, float] = PORTRAIT,
    margins: tuple[float, float, float, float] = PORTRAIT_MARGINS,
    state: PageState | None = None,
) -> bytes:
    """Lay out ``story`` and return the PDF. Byte-for-byte reproducible (``invariant``): no
    creation date or random id, so identical data gives an identical file."""
    register_fonts()
    pages = state or PageState()
    left, right, top, bottom = margins
    page_w, page_h = pagesize
    buf = io.BytesIO()
    doc = BaseDocTemplate(
        buf,
        pagesize=pagesize,
        leftMargin=left,
        rightMargin=right,
        topMargin=top,
        bottomMargin=bottom,
        title=nfc(meta.title),
        subject=nfc(meta.subject),
        author=nfc(meta.author),
        creator="motcua-desk",
        producer="motcua-desk (reportlab)",
        invariant=1,
        lang="vi-VN",
        initialFontName=REGULAR,
        initialFontSize=BODY_SIZE,
        initialLeading=BODY_SIZE * 1.2,
    )
    frame = Frame(
        left,
        bottom,
        page_w - left - right,
        page_h - top - bottom,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )

    def on_page_end(canv: Any, _doc: Any) -> None:
        # NĐ 30/2020: page numbers at the top centre, from the second page (of each section).
        n = int(canv.getPageNumber()) - pages.section_start + 1
        if n > 1:
            canv.saveState()
            canv.setFont(REGULAR, 12)
            canv.drawCentredString(page_w / 2, page_h - top / 2 - 2, str(n))
            canv.restoreState()

    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPageEnd=on_page_end)])
    doc.build(story)
    return buf.getvalue()


def frame_width(pagesize: tuple[float, float] = PORTRAIT) -> float:
    margins = PORTRAIT_MARGINS if pagesize == PORTRAIT else LANDSCAPE_MARGINS
    return float(pagesize[0] - margins[0] - margins[1])
