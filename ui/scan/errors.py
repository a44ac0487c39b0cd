"""Scanner errors in plain Vietnamese, with what to do next (through the translator).

The wording follows the domain's ``message_vi`` texts (app/scanning/types.py); the codes are the
contract. An error this module does not know falls back to the error's own ``message_vi``, so a
new backend error is never shown as a Python exception.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.scanning.types import ScanError
from ui.messages import error_text


def _texts() -> dict[str, str]:
    return {
        "feeder_empty": QCoreApplication.translate(
            "ScanErrors", "Khay nạp giấy đã hết giấy — đặt thêm giấy rồi bấm Tiếp tục."
        ),
        "paper_jam": QCoreApplication.translate(
            "ScanErrors", "Giấy bị kẹt trong máy quét — gỡ tờ giấy bị kẹt rồi bấm Tiếp tục."
        ),
        "cover_open": QCoreApplication.translate(
            "ScanErrors", "Nắp máy quét đang mở — đóng nắp rồi bấm Tiếp tục."
        ),
        "busy": QCoreApplication.translate(
            "ScanErrors", "Máy quét đang bận với việc khác — chờ một lát rồi bấm Tiếp tục."
        ),
        "offline": QCoreApplication.translate(
            "ScanErrors",
            "Không kết nối được máy quét — kiểm tra cáp, nguồn điện hoặc mạng rồi bấm Tiếp tục.",
        ),
        "cancelled": QCoreApplication.translate(
            "ScanErrors", "Đã hủy quét. Các trang đã quét vẫn được giữ lại."
        ),
        "no_device": QCoreApplication.translate(
            "ScanErrors", "Không tìm thấy máy quét — cắm máy quét, bật nguồn rồi bấm Tìm lại."
        ),
        "unsupported_file": QCoreApplication.translate(
            "ScanErrors", "Không đọc được tệp này — chọn tệp ảnh (PNG, JPEG, TIFF) hoặc PDF khác."
        ),
        "pdf_renderer_missing": QCoreApplication.translate(
            "ScanErrors",
            "Máy này chưa đọc được tệp PDF (thiếu công cụ pdftoppm của Poppler) — nhập ảnh "
            "chụp thay thế hoặc nhờ cán bộ kỹ thuật cài đặt.",
        ),
        "scan_error": QCoreApplication.translate(
            "ScanErrors", "Máy quét báo lỗi. Kiểm tra máy quét rồi bấm Tiếp tục để thử lại."
        ),
    }


# Errors after which "Tiếp tục" makes sense: fix the paper or the device, then go on.
RESUMABLE = frozenset({"feeder_empty", "paper_jam", "cover_open", "busy", "offline", "scan_error"})


def scan_error_code(exc: object) -> str:
    return exc.code if isinstance(exc, ScanError) else "unexpected"


def scan_error_text(exc: object) -> str:
    """One or two sentences for the officer: what happened and what to do."""
    if isinstance(exc, ScanError):
        text = _texts().get(exc.code)
        return text if text is not None else exc.message_vi
    return error_text(exc)


def is_resumable(exc: object) -> bool:
    return isinstance(exc, ScanError) and exc.code in RESUMABLE
