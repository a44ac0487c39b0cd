"""How the intake dialog writes money, dates, time limits and the labels of the domain's codes.

Module-level functions translate with the ``intake`` context (``tr()`` needs a class); every
source string is a literal, in Vietnamese.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime

from PySide6.QtCore import QCoreApplication

from app.catalogue import FeeRow
from app.catalogue_schema import COPY_TYPE_LABELS, COPY_TYPES
from app.clock import local

_DAY_RE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")


def money(amount: int) -> str:
    """``2000`` -> ``"2.000 đ"`` (dots between thousands, whatever the locale)."""
    return QCoreApplication.translate("intake", "{amount} đ").format(
        amount=f"{amount:,}".replace(",", ".")
    )


def day_text(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def weekday_name(d: date) -> str:
    names = (
        QCoreApplication.translate("intake", "thứ Hai"),
        QCoreApplication.translate("intake", "thứ Ba"),
        QCoreApplication.translate("intake", "thứ Tư"),
        QCoreApplication.translate("intake", "thứ Năm"),
        QCoreApplication.translate("intake", "thứ Sáu"),
        QCoreApplication.translate("intake", "thứ Bảy"),
        QCoreApplication.translate("intake", "Chủ nhật"),
    )
    return names[d.weekday()]


def appointment_text(due: datetime) -> str:
    """``"17:00 thứ Sáu 27/11/2026"`` in the office's zone."""
    t = local(due)
    return f"{t.hour:02d}:{t.minute:02d} {weekday_name(t.date())} {day_text(t.date())}"


def form_moment(at: datetime) -> str:
    """Mẫu 01 style: ``"09 giờ 30 phút, ngày 25 tháng 11 năm 2026"``."""
    t = local(at)
    return QCoreApplication.translate(
        "intake", "{h} giờ {m} phút, ngày {d} tháng {mo} năm {y}"
    ).format(
        h=f"{t.hour:02d}", m=f"{t.minute:02d}", d=f"{t.day:02d}", mo=f"{t.month:02d}", y=t.year
    )


def time_limit_text(amount: int, unit: str, cutoff: str | None) -> str:
    """Thời gian giải quyết theo quy định, e.g. ``"03 ngày làm việc"``."""
    if unit == "same_day":
        if cutoff:
            return QCoreApplication.translate(
                "intake", "Trong ngày (nhận sau {cutoff} trả ngày làm việc tiếp theo)"
            ).format(cutoff=cutoff)
        return QCoreApplication.translate("intake", "Trong ngày")
    n = f"{amount:02d}"
    if unit == "working_days":
        return QCoreApplication.translate("intake", "{n} ngày làm việc").format(n=n)
    if unit == "working_hours":
        return QCoreApplication.translate("intake", "{n} giờ làm việc").format(n=n)
    if unit == "calendar_days":
        return QCoreApplication.translate("intake", "{n} ngày").format(n=n)
    return unit


def _fee_amount(f: FeeRow, with_unit: bool) -> str:
    if f.amount is None:
        return QCoreApplication.translate("intake", "chưa có mức thu")
    if with_unit and f.per:
        return QCoreApplication.translate("intake", "{amount}/{per}").format(
            amount=money(f.amount), per=f.per
        )
    return money(f.amount)


def fees_text(fees: Sequence[FeeRow]) -> str:
    """One fee: its amount ("2.000 đ"). Several (by page, by channel, a cap): each amount with
    its unit: summing them would be wrong."""
    if not fees:
        return QCoreApplication.translate("intake", "Không thu")
    if len(fees) == 1:
        return _fee_amount(fees[0], with_unit=False)
    return QCoreApplication.translate("intake", "nhiều mức: {amounts}").format(
        amounts=" · ".join(_fee_amount(f, with_unit=True) for f in fees)
    )


def fees_detail(fees: Sequence[FeeRow]) -> str:
    """One line per fee: its name and amount (tooltip, receipt)."""
    return "\n".join(f"{f.name}: {_fee_amount(f, with_unit=True)}" for f in fees)


def copy_type_labels() -> dict[str, str]:
    """Copy type code -> label, in the order of ``COPY_TYPES``."""
    labels = {
        "original": QCoreApplication.translate("intake", "Bản chính"),
        "certified_copy": QCoreApplication.translate("intake", "Bản sao có chứng thực"),
        "photocopy": QCoreApplication.translate("intake", "Bản chụp"),
        "electronic": QCoreApplication.translate("intake", "Bản điện tử"),
        "presented": QCoreApplication.translate("intake", "Xuất trình"),
    }
    return {code: labels.get(code, COPY_TYPE_LABELS.get(code, code)) for code in COPY_TYPES}


def channel_labels() -> dict[str, str]:
    """``app.intake.CHANNELS`` in the order the desk offers them (most common first)."""
    return {
        "direct": QCoreApplication.translate("intake", "Trực tiếp"),
        "postal": QCoreApplication.translate("intake", "Bưu chính"),
        "online": QCoreApplication.translate("intake", "Trực tuyến"),
    }


def delivery_labels() -> dict[str, str]:
    return {
        "desk": QCoreApplication.translate("intake", "Tại Bộ phận Một cửa"),
        "post": QCoreApplication.translate("intake", "Qua dịch vụ bưu chính"),
    }


def parse_day(text: str) -> date | None:
    """``dd/MM/yyyy`` (also ``d/M/yyyy``, ``dd.MM.yyyy``, ``ddMMyyyy``); empty -> None.

    Raises ValueError for anything else or an impossible date.
    """
    clean = text.strip()
    if not clean:
        return None
    if re.fullmatch(r"\d{8}", clean):
        clean = f"{clean[:2]}/{clean[2:4]}/{clean[4:]}"
    m = _DAY_RE.match(clean)
    if m is None:
        raise ValueError(text)
    d, mo, y = (int(g) for g in m.groups())
    return date(y, mo, d)
