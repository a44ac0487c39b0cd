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


def transition_reason(reason: str) -> str:
    """Why a lifecycle step is not allowed, in words an officer understands."""
    texts = {
        "terminal": QCoreApplication.translate(
            "messages", "Hồ sơ đã kết thúc, không thể thực hiện thêm bước nào."
        ),
        "not_allowed": QCoreApplication.translate(
            "messages", "Bước này không thực hiện được ở trạng thái hiện tại của hồ sơ."
        ),
        "supplement_once": QCoreApplication.translate(
            "messages", "Chỉ được yêu cầu bổ sung hồ sơ một lần."
        ),
        "reason_required": QCoreApplication.translate("messages", "Cần ghi rõ lý do."),
        "extension_once": QCoreApplication.translate("messages", "Chỉ được gia hạn một lần."),
        "not_open": QCoreApplication.translate(
            "messages", "Hồ sơ không còn trong thời gian giải quyết."
        ),
        "unknown_state": QCoreApplication.translate("messages", "Trạng thái không tồn tại."),
    }
    return texts.get(reason, QCoreApplication.translate("messages", "Bước này không được phép."))


def error_text(exc: object) -> str:
    """One sentence for any error a Task reports; unexpected ones say so plainly."""
    if isinstance(exc, InvalidInput):
        return exc.detail or QCoreApplication.translate(
            "messages", "Giá trị không hợp lệ: {field}"
        ).format(field=exc.field)
    if isinstance(exc, IllegalTransition):
        return transition_reason(exc.reason)
    if isinstance(exc, NotFound):
        return QCoreApplication.translate("messages", "Không tìm thấy {key}.").format(key=exc.key)
    if isinstance(exc, NotInitialised):
        return QCoreApplication.translate("messages", "Kho dữ liệu chưa được khởi tạo.")
    if isinstance(exc, SequenceExhausted):
        return QCoreApplication.translate(
            "messages", "Máy này đã cấp hết 999 mã hồ sơ trong ngày {day}."
        ).format(day=exc.day)
    if isinstance(exc, LoginFailed):
        return QCoreApplication.translate("messages", "Sai tên đăng nhập hoặc mật khẩu.")
    return QCoreApplication.translate("messages", "Lỗi không mong đợi: {error}").format(
        error=str(exc)
    )


def error_field(exc: object) -> str | None:
    """The field to highlight and focus, when the error names one."""
    return exc.field if isinstance(exc, InvalidInput) else None
