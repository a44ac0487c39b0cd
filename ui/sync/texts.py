"""How the desk words sync facts: outcomes, ages, sizes, clock offsets, times.

Module-level functions use ``QCoreApplication.translate("sync", …)`` with literal sources so
lupdate finds them. No plural forms: Vietnamese has none, and the English reads "change(s)".
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication

from app.clock import local
from ui.formatting import format_count, format_date


def outcome_text(outcome: str) -> str:
    """Why the last cycle did not complete, in the officer's words."""
    texts = {
        "ok": QCoreApplication.translate("sync", "đồng bộ xong"),
        "offline": QCoreApplication.translate("sync", "không kết nối được máy chủ"),
        "captive_portal": QCoreApplication.translate(
            "sync", "mạng trả về trang không phải máy chủ đồng bộ (cần đăng nhập mạng?)"
        ),
        "transient": QCoreApplication.translate("sync", "máy chủ tạm thời lỗi, sẽ thử lại"),
        "revoked": QCoreApplication.translate(
            "sync", "thiết bị đã bị thu hồi, liên hệ quản trị cấp huyện"
        ),
        "update_required": QCoreApplication.translate("sync", "cần cập nhật phần mềm để đồng bộ"),
        "not_enrolled": QCoreApplication.translate("sync", "máy chưa đăng ký với máy chủ"),
        "protocol_error": QCoreApplication.translate(
            "sync", "máy chủ trả lời không đúng giao thức"
        ),
        "error": QCoreApplication.translate("sync", "lỗi phần mềm khi đồng bộ"),
    }
    return texts.get(outcome, outcome)


def error_summary(last_error: str) -> str:
    """The short form of ``StatusSnapshot.last_error`` ("offline: …" → the outcome's words)."""
    head, sep, _rest = last_error.partition(":")
    if sep and head.strip() in (
        "offline",
        "captive_portal",
        "transient",
        "revoked",
        "update_required",
        "not_enrolled",
        "protocol_error",
        "error",
    ):
        return outcome_text(head.strip())
    first = last_error.splitlines()[0] if last_error else ""
    return first if len(first) <= 60 else first[:59] + "…"


def age_text(seconds: float) -> str:
    """A waiting time: "45 giây", "12 phút", "2 giờ", "3 ngày"."""
    s = max(0, int(seconds))
    if s < 60:
        return QCoreApplication.translate("sync", "{n} giây").format(n=s)
    if s < 3600:
        return QCoreApplication.translate("sync", "{n} phút").format(n=s // 60)
    if s < 86_400:
        return QCoreApplication.translate("sync", "{n} giờ").format(n=s // 3600)
    return QCoreApplication.translate("sync", "{n} ngày").format(n=format_count(s // 86_400))


def mb_text(n_bytes: int) -> str:
    """Megabytes with one decimal and a decimal comma: 3565158 → "3,4"."""
    mb = n_bytes / (1024 * 1024)
    if 0 < mb < 0.1:
        return "0,1"
    return f"{mb:.1f}".replace(".", ",")


def offset_text(offset_ms: int) -> str:
    """How far this PC's clock is from the server's: "chậm 7 phút", "nhanh 1 giờ 3 phút"
    (to the minute once it is a minute or more)."""
    seconds = round(abs(offset_ms) / 1000)
    minutes = round(seconds / 60)  # a clock off by minutes: the seconds are noise (RTT)
    hours, rest = divmod(minutes, 60)
    if hours:
        amount = QCoreApplication.translate("sync", "{h} giờ {m} phút").format(h=hours, m=rest)
    elif seconds >= 60:
        amount = QCoreApplication.translate("sync", "{n} phút").format(n=minutes)
    else:
        amount = QCoreApplication.translate("sync", "{n} giây").format(n=seconds)
    # offset = server − device: positive means the PC is behind (slow).
    if offset_ms > 0:
        return QCoreApplication.translate("sync", "chậm {amount}").format(amount=amount)
    return QCoreApplication.translate("sync", "nhanh {amount}").format(amount=amount)


def when_text(value: datetime, now: datetime) -> str:
    """HH:mm today, otherwise dd/MM/yyyy HH:mm (office time)."""
    t = local(value)
    hm = f"{t.hour:02d}:{t.minute:02d}"
    if t.date() == local(now).date():
        return hm
    return f"{format_date(t)} {hm}"
