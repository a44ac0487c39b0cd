"""Turning the domain's typed errors into Vietnamese sentences for the officer."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.accounts import LoginFailed
from app.errors import (
    IllegalTransition,
    InvalidInput,
    NotFound,
    NotInitialised,
    SequenceExhausted,
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("messages", text)


def transition_reason(reason: str) -> str:
    """Why a lifecycle step is not allowed, in words an officer understands."""
    texts = {
        "terminal": _tr("Hồ sơ đã kết thúc, không thể thực hiện thêm bước nào."),
        "not_allowed": _tr("Bước này không thực hiện được ở trạng thái hiện tại của hồ sơ."),
        "supplement_once": _tr("Chỉ được yêu cầu bổ sung hồ sơ một lần."),
        "reason_required": _tr("Cần ghi rõ lý do."),
        "extension_once": _tr("Chỉ được gia hạn một lần."),
        "not_open": _tr("Hồ sơ không còn trong thời gian giải quyết."),
        "unknown_state": _tr("Trạng thái không tồn tại."),
    }
    return texts.get(reason, _tr("Bước này không được phép."))


def error_text(exc: object) -> str:
    """One sentence for any error a Task reports; unexpected ones say so plainly."""
    if isinstance(exc, InvalidInput):
        return exc.detail or _tr("Giá trị không hợp lệ: {field}").format(field=exc.field)
    if isinstance(exc, IllegalTransition):
        return transition_reason(exc.reason)
    if isinstance(exc, NotFound):
        return _tr("Không tìm thấy {key}.").format(key=exc.key)
    if isinstance(exc, NotInitialised):
        return _tr("Kho dữ liệu chưa được khởi tạo.")
    if isinstance(exc, SequenceExhausted):
        return _tr("Máy này đã cấp hết 999 mã hồ sơ trong ngày {day}.").format(day=exc.day)
    if isinstance(exc, LoginFailed):
        return _tr("Sai tên đăng nhập hoặc mật khẩu.")
    return _tr("Lỗi không mong đợi: {error}").format(error=str(exc))


def error_field(exc: object) -> str | None:
    """The field to highlight and focus, when the error names one."""
    return exc.field if isinstance(exc, InvalidInput) else None
