"""How the desk shows dates, money, states and catalogue terms (Vietnamese conventions).

Dates are dd/MM/yyyy and times HH:mm in the office's zone (Asia/Ho_Chi_Minh), whatever the
machine's zone; money is whole đồng with a dot every three digits ("2.000 đ"). The label
functions go through Qt's translation system, so an English desk shows English labels.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QCoreApplication

from app.clock import local
from app.lifecycle import LABELS_VI, State


def format_date(value: date | datetime) -> str:
    """``dd/MM/yyyy``; an aware datetime is first moved to Asia/Ho_Chi_Minh."""
    d = local(value).date() if isinstance(value, datetime) else value
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def format_datetime(value: datetime) -> str:
    """``dd/MM/yyyy HH:mm`` in Asia/Ho_Chi_Minh."""
    t = local(value)
    return f"{format_date(t.date())} {t.hour:02d}:{t.minute:02d}"


def format_count(n: int) -> str:
    """1000392 -> "1.000.392" (Vietnamese thousands separator)."""
    return f"{n:,}".replace(",", ".")


def format_money(amount: int | None) -> str:
    """2000 -> "2.000 đ"; None (amount set elsewhere) -> ""."""
    if amount is None:
        return ""
    return f"{format_count(amount)} đ"


def state_label(state: str) -> str:
    """The officer's word for a lifecycle state (app.lifecycle.LABELS_VI, translatable)."""
    # Spelled out: lupdate only sees literal QCoreApplication.translate(...) calls.
    labels = {
        State.RECEIVED: QCoreApplication.translate("states", "Đã tiếp nhận"),
        State.IN_PROCESS: QCoreApplication.translate("states", "Đang giải quyết"),
        State.SUPPLEMENT_REQUESTED: QCoreApplication.translate("states", "Chờ bổ sung hồ sơ"),
        State.SUPPLEMENT_RECEIVED: QCoreApplication.translate("states", "Đã nhận bổ sung"),
        State.FORWARDED: QCoreApplication.translate("states", "Đã chuyển cơ quan giải quyết"),
        State.RESULT_READY: QCoreApplication.translate("states", "Có kết quả, chờ trả"),
        State.RETURNED: QCoreApplication.translate("states", "Đã trả kết quả"),
        State.REFUSED: QCoreApplication.translate("states", "Từ chối tiếp nhận"),
        State.WITHDRAWAL_REQUESTED: QCoreApplication.translate("states", "Công dân xin rút hồ sơ"),
        State.ONLINE_SUBMITTED: QCoreApplication.translate(
            "states", "Nộp trực tuyến, chờ tiếp nhận"
        ),
        State.STOPPED: QCoreApplication.translate("states", "Dừng giải quyết"),
    }
    try:
        key = State(state)
    except ValueError:
        return state
    return labels.get(key, LABELS_VI.get(key, state))


def copy_type_label(copy_type: str) -> str:
    """What kind of paper a checklist line asks for (catalogue ``copy_type``)."""
    labels = {
        "original": QCoreApplication.translate("copy_types", "Bản chính"),
        "certified_copy": QCoreApplication.translate("copy_types", "Bản sao có chứng thực"),
        "photocopy": QCoreApplication.translate("copy_types", "Bản chụp"),
        "electronic": QCoreApplication.translate("copy_types", "Bản điện tử"),
        "presented": QCoreApplication.translate("copy_types", "Xuất trình để đối chiếu"),
    }
    return labels.get(copy_type, copy_type)


def processing_time_text(amount: int, unit: str, cutoff: str | None = None) -> str:
    """A procedure's processing time, e.g. "3 ngày làm việc" or "Trong ngày (nhận trước 15:00)"."""
    if unit == "same_day":
        if cutoff:
            return QCoreApplication.translate(
                "processing_time", "Trong ngày (nhận trước {cutoff})"
            ).format(cutoff=cutoff)
        return QCoreApplication.translate("processing_time", "Trong ngày")
    if unit == "working_days":
        return QCoreApplication.translate("processing_time", "%n ngày làm việc", "", amount)
    if unit == "calendar_days":
        return QCoreApplication.translate("processing_time", "%n ngày", "", amount)
    if unit == "working_hours":
        return QCoreApplication.translate("processing_time", "%n giờ làm việc", "", amount)
    return f"{amount} {unit}"
