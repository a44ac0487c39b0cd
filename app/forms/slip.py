"""The 80 mm appointment slip ("Giấy hẹn trả kết quả") for small receipt printers. Qt-free.

A short version of Mẫu 01 for the citizen's pocket: unit, title, mã hồ sơ, applicant,
procedure, received and appointment times, the QR of Mẫu 01 (same payload, so a phone opens
the same lookup page) and the office's phone. It is not an official form: Mẫu 01 stays the
receipt of record.

The page is 80 mm wide with 4 mm side margins (the 72 mm that 80 mm thermal printers print) and
exactly as tall as its content: the flowables are measured first, then drawn on one page of
that height. The UI prints it through the printer's own driver with a custom 80 × N mm page.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_LEFT  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]
from reportlab.platypus import Paragraph  # type: ignore[import-untyped]

from app.clock import local
from app.errors import InvalidInput
from app.forms.data import FormData
from app.forms.fonts import BOLD, ITALIC, REGULAR, register_fonts
from app.forms.layout import HRule, QrFlowable, esc, nfc, qr_payload, unit_inline
from app.forms.render import check_agency

SLIP_WIDTH_MM = 80.0
SLIP_PRINTABLE_MM = 72.0
SLIP_QR_MM = 28.0  # the symbol; ~0.85 mm modules for a lookup address: 6–7 dots at 203 dpi
_SIDE = (SLIP_WIDTH_MM - SLIP_PRINTABLE_MM) / 2 * mm
_TOP = 4 * mm
_BOTTOM = 8 * mm  # room before the cutter


@dataclass(frozen=True)
class SlipLabels:
    """The slip's fixed wording; the unit names, phone and lookup address come from the
    commune's settings."""

    title: str = "GIẤY HẸN TRẢ KẾT QUẢ"
    code: str = "Mã hồ sơ:"
    applicant: str = "Người nộp:"
    procedure: str = "Thủ tục:"
    received: str = "Ngày nhận:"
    due: str = "Ngày hẹn trả:"
    time: str = "{H} giờ {M} phút, {weekday} {d}/{m}/{y}"
    weekdays: tuple[str, ...] = (
        "thứ Hai",
        "thứ Ba",
        "thứ Tư",
        "thứ Năm",
        "thứ Sáu",
        "thứ Bảy",
        "Chủ nhật",
    )
    scan: str = "Quét mã QR để tra cứu tình trạng hồ sơ"
    scan_code: str = "Mã QR chứa mã hồ sơ"
    lookup: str = "{url}"
    phone: str = "Điện thoại liên hệ: {phone}"
    bring: str = "Vui lòng mang theo giấy hẹn này khi đến nhận kết quả."


SLIP_LABELS = SlipLabels()


@dataclass(frozen=True)
class _Styles:
    unit: Any
    unit_bold: Any
    title: Any
    code: Any
    body: Any
    due: Any
    small: Any
    small_italic: Any


def _styles() -> _Styles:
    register_fonts()

    def st(name: str, size: float, font: str = REGULAR, align: int = TA_LEFT) -> Any:
        return ParagraphStyle(
            f"slip_{name}", fontName=font, fontSize=size, leading=size * 1.22, alignment=align
        )

    return _Styles(
        unit=st("unit", 9, align=TA_CENTER),
        unit_bold=st("unit_bold", 9.5, BOLD, TA_CENTER),
        title=st("title", 11, BOLD, TA_CENTER),
        code=st("code", 11, BOLD, TA_CENTER),
        body=st("body", 10),
        due=st("due", 11, BOLD, TA_CENTER),
        small=st("small", 9, align=TA_CENTER),
        small_italic=st("small_italic", 9, ITALIC, TA_CENTER),
    )


def _time(labels: SlipLabels, at: datetime) -> str:
    t = local(at)
    return labels.time.format(
        H=f"{t.hour:02d}",
        M=f"{t.minute:02d}",
        weekday=labels.weekdays[t.weekday()],
        d=f"{t.day:02d}",
        m=f"{t.month:02d}",
        y=t.year,
    )


def _require(value: str, field: str, label: str) -> None:
    if not value.strip():
        raise InvalidInput(field, "required", f"{field}: thiếu {label}, không in được giấy hẹn")


def _line(caption: str, value: str, style: Any) -> Any:
    return Paragraph(f"<b>{esc(caption)}</b> {esc(value)}", style)


def slip_story(data: FormData, labels: SlipLabels = SLIP_LABELS) -> list[tuple[Any, float]]:
    """The slip's flowables, each with the space above it (points). Raises InvalidInput for
    missing data before anything is drawn."""
    check_agency(data.agency)
    _require(data.code, "code", "mã hồ sơ")
    _require(data.applicant.name, "applicant.name", "tên người nộp hồ sơ")
    # The appointment in force: after an extension the slip shows the new date (Mẫu 01 keeps
    # the original promise, Mẫu 04 announces the new one).
    due = data.due_at or data.original_due_at
    if due is None:
        raise InvalidInput("due_at", "required", "due_at: hồ sơ chưa có ngày hẹn trả kết quả")
    s = _styles()
    a = data.agency
    width = SLIP_PRINTABLE_MM * mm
    story: list[tuple[Any, float]] = [
        (Paragraph(esc(nfc(a.parent_unit).upper()), s.unit), 0),
        (Paragraph(esc(nfc(unit_inline(a)).upper()), s.unit_bold), 0),
        (HRule(width * 0.3, space_before=2), 0),
        (Paragraph(esc(labels.title), s.title), 3 * mm),
        (Paragraph(f"{esc(labels.code)} {esc(data.code)}", s.code), 1 * mm),
        (_line(labels.applicant, data.applicant.name, s.body), 3 * mm),
        (_line(labels.procedure, data.procedure.name, s.body), 1),
        (_line(labels.received, _time(labels, data.received_at), s.body), 1),
        (_line(labels.due, "", s.body), 1),
        (Paragraph(esc(_time(labels, due)), s.due), 1),
    ]
    story.append((QrFlowable(qr_payload(data.code, a.lookup_url), symbol_mm=SLIP_QR_MM), 2 * mm))
    if a.lookup_url.strip():
        story.append((Paragraph(esc(labels.scan), s.small), 0))
        story.append((Paragraph(esc(labels.lookup.format(url=a.lookup_url.strip())), s.small), 1))
    else:
        story.append((Paragraph(esc(labels.scan_code), s.small), 0))
    if a.phone.strip():
        story.append((Paragraph(esc(labels.phone.format(phone=a.phone.strip())), s.small), 1))
    story.append((Paragraph(esc(labels.bring), s.small_italic), 2 * mm))
    return story


def render_slip(data: FormData, labels: SlipLabels = SLIP_LABELS) -> bytes:
    """The appointment slip of one dossier: one page, 80 mm wide, as tall as needed."""
    story = slip_story(data, labels)
    width = SLIP_PRINTABLE_MM * mm
    sizes = [f.wrap(width, 10_000 * mm) for f, _space in story]
    content = sum(h + space for (_w, h), (_f, space) in zip(sizes, story, strict=True))
    # Whole millimetres: the printer gets a round custom paper length.
    height = math.ceil((_TOP + content + _BOTTOM) / mm) * mm
    page_w = SLIP_WIDTH_MM * mm
    buf = io.BytesIO()
    canvas = Canvas(
        buf,
        pagesize=(page_w, height),
        invariant=1,
        initialFontName=REGULAR,
        initialFontSize=10,
        lang="vi-VN",
    )
    canvas.setTitle(nfc(f"{labels.title} - {data.code}"))
    canvas.setSubject(nfc(data.procedure.name))
    canvas.setAuthor(nfc(unit_inline(data.agency)))
    canvas.setCreator("motcua-desk")
    canvas.setProducer("motcua-desk (reportlab)")
    y = height - _TOP
    for (flowable, space), (w, h) in zip(story, sizes, strict=True):
        y -= space + h
        x = _SIDE + (width - w) / 2 if isinstance(flowable, QrFlowable) else _SIDE
        flowable.drawOn(canvas, x, y)
    canvas.showPage()
    canvas.save()
    return buf.getvalue()
