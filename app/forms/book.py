"""Mẫu 07: Sổ theo dõi hồ sơ for a period, A4 landscape, the column headings repeated on every
page. Columns of the TT 01/2018 book (Mẫu 06 there); docs/forms/README.md says what is
unverified."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.platypus import PageBreak, Paragraph, Spacer, Table  # type: ignore[import-untyped]

from app.forms.data import BookData, BookRow
from app.forms.fonts import REGULAR, string_width
from app.forms.labels import LABELS, Labels
from app.forms.layout import (
    BOOK_SIZE,
    LANDSCAPE,
    LANDSCAPE_MARGINS,
    Meta,
    build_pdf,
    commune_inline,
    esc,
    frame_width,
    grid_style,
    header,
    para,
    short_date,
    styles,
    unit_inline,
)
from app.forms.render import check_agency
from app.lifecycle import State
from app.settings import AgencyInfo

# TT, mã, thủ tục, số bộ, tên, địa chỉ, cơ quan, 5 dates, ghi chú (mm; sums to the frame width)
_WIDTHS_MM = (8, 24, 28, 11, 30, 36, 17, 18, 18, 18, 18, 18, 18)


def agency_short(agency: AgencyInfo) -> str:
    """ "UBND xã Pà Cò" for a narrow column; the stored parent unit when it is not the default
    upper-case heading."""
    parent = agency.parent_unit.strip()
    if parent.isupper() or not parent:
        return f"UBND {commune_inline(agency)}"
    return parent


def _code_markup(code: str, width: float) -> str:
    """Break a dossier code after the agency part when it does not fit on one line."""
    if string_width(code, REGULAR, BOOK_SIZE) <= width or "-" not in code:
        return esc(code)
    head, _, tail = code.partition("-")
    return f"{esc(head)}-<br/>{esc(tail)}"


def _note(row: BookRow, labels: Labels) -> str:
    notes = []
    if row.state == State.REFUSED:
        notes.append(labels.note_refused.format(reason=row.finished_reason))
    elif row.state == State.STOPPED:
        notes.append(labels.note_stopped.format(reason=row.finished_reason))
    if row.due_at != row.original_due_at and row.state not in (State.REFUSED, State.STOPPED):
        notes.append(f"Hẹn lại: {short_date(row.due_at)}")
    return "; ".join(notes)


class _Cell(Paragraph):  # type: ignore[misc]
    """A paragraph that remembers its last wrap: the book measures every row once to
    paginate, and the page's table then wraps the same cells at the same widths."""

    _memo: tuple[float, tuple[float, float]] | None = None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if self._memo is not None and abs(self._memo[0] - avail_width) < 1e-6:
            return self._memo[1]
        size = super().wrap(avail_width, avail_height)
        self._memo = (avail_width, (float(size[0]), float(size[1])))
        return self._memo[1]


_PAD_X, _PAD_TOP, _PAD_BOTTOM = 2, 2, 3


def _row_height(row: list[Any], widths: list[float]) -> float:
    tallest = BOOK_SIZE * 1.2
    for value, width in zip(row, widths, strict=True):
        if isinstance(value, Paragraph):
            tallest = max(tallest, value.wrap(width - 2 * _PAD_X, 10_000)[1])
    return tallest + _PAD_TOP + _PAD_BOTTOM


def _table_style(with_empty_row: bool) -> Any:
    style = grid_style(3, size=BOOK_SIZE)
    style.add("SPAN", (7, 0), (11, 0))
    for c in (*range(7), 12):
        style.add("SPAN", (c, 0), (c, 1))
    style.add("ALIGN", (0, 2), (-1, -1), "CENTER")
    style.add("FONT", (0, 2), (-1, 2), REGULAR, BOOK_SIZE - 1)
    style.add("LEFTPADDING", (0, 0), (-1, -1), _PAD_X)
    style.add("RIGHTPADDING", (0, 0), (-1, -1), _PAD_X)
    style.add("TOPPADDING", (0, 3), (-1, -1), _PAD_TOP)
    style.add("BOTTOMPADDING", (0, 3), (-1, -1), _PAD_BOTTOM)
    if with_empty_row:
        style.add("SPAN", (0, 3), (-1, 3))
    return style


def _height(flowables: list[Any], width: float) -> float:
    total = 0.0
    for f in flowables:
        total += f.wrap(width, 10_000)[1] + f.getSpaceBefore() + f.getSpaceAfter()
    return total


def render_book(data: BookData, labels: Labels = LABELS) -> bytes:
    """The register of dossiers received in ``data.start`` .. ``data.end``.

    Rows never split; each page is its own table under the repeated column headings. The
    pages are cut here from row heights measured once: letting platypus split one long table
    re-measures every remaining row at each page break (quadratic; seconds for 1,000 rows).
    """
    check_agency(data.agency)
    s = styles()
    width = frame_width(LANDSCAPE)
    frame_height = LANDSCAPE[1] - LANDSCAPE_MARGINS[2] - LANDSCAPE_MARGINS[3]
    widths = [w * mm for w in _WIDTHS_MM]
    widths[-1] += width - sum(widths)
    a = data.agency
    story: list[Any] = header(a, labels, width=width, date_line=None, left_share=0.4)
    story.append(para(labels.title_07, s.title))
    story.append(
        para(
            labels.book_period.format(start=short_date(data.start), end=short_date(data.end)),
            s.body_italic_center,
        )
    )
    story.append(para(unit_inline(a), s.body_center))
    story.append(Spacer(1, 4 * mm))
    title_height = _height(story, width)

    cols = labels.book_cols
    h = s.book_head
    head0: list[Any] = [_Cell(esc(c), h) for c in cols[:7]]
    head0 += [_Cell(esc(labels.book_dates_group), h), "", "", "", ""]
    head0.append(_Cell(esc(cols[12]), h))
    head1: list[Any] = [""] * 7 + [_Cell(esc(c), h) for c in cols[7:12]] + [""]
    head2: list[Any] = [f"({i})" for i in range(1, len(cols) + 1)]
    heading = Table([head0, head1, head2], colWidths=widths)
    heading.setStyle(_table_style(False))
    heading_height = heading.wrap(width, frame_height)[1]

    cell, center = s.book_cell, s.book_cell_center
    handling = agency_short(a)
    code_w = widths[1] - 2 * _PAD_X
    body: list[list[Any]] = []
    for r in data.rows:
        contact = r.address + (f"; {r.phone}" if r.phone else "")
        body.append(
            [
                str(r.no),
                _Cell(_code_markup(r.code, code_w), center),
                _Cell(esc(r.procedure_name), cell),
                f"{r.sets:02d}",
                _Cell(esc(r.applicant_name), cell),
                _Cell(esc(contact), cell),
                _Cell(esc(handling), cell),
                short_date(r.received_at),
                short_date(r.original_due_at),
                short_date(r.forwarded_at) if r.forwarded_at else "",
                short_date(r.result_at) if r.result_at else "",
                short_date(r.returned_at) if r.returned_at else "",
                _Cell(esc(_note(r, labels)), cell),
            ]
        )
    if not body:
        body.append([para(labels.book_empty, cell)] + [""] * (len(cols) - 1))

    safety = 4.0  # points: rounding between this estimate and the table's own layout
    pages: list[list[list[Any]]] = [[]]
    room = frame_height - title_height - heading_height - safety
    for row in body:
        need = _row_height(row, widths)
        if pages[-1] and need > room:
            pages.append([])
            room = frame_height - heading_height - safety
        pages[-1].append(row)
        room -= need

    for i, rows in enumerate(pages):
        if i:
            story.append(PageBreak())
        table = Table([head0, head1, head2, *rows], colWidths=widths, repeatRows=3)
        table.setStyle(_table_style(not data.rows))
        story.append(table)
    story.append(Spacer(1, 3 * mm))
    story.append(para(labels.book_count.format(n=len(data.rows)), s.body))
    meta = Meta(
        title=f"{labels.title_07} {short_date(data.start)} - {short_date(data.end)}",
        subject=labels.title_07,
        author=unit_inline(a),
    )
    return build_pdf(story, meta, pagesize=LANDSCAPE, margins=LANDSCAPE_MARGINS)
