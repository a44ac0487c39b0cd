"""Vietnamese labels of the dossier view's codes (national status, channel, delivery, event
kinds, form names). Dates, money, states and copy types come from ``ui.formatting``.

Every text goes through ``QCoreApplication.translate`` with a literal source string, so
lupdate finds it; the dictionaries are built at call time, after the translators are installed.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def format_date_iso(value: str | None) -> str:
    """An ISO date (``YYYY-MM-DD``) as dd/MM/yyyy; anything else unchanged."""
    if not value:
        return ""
    parts = value.split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return f"{parts[2]}/{parts[1]}/{parts[0]}"
    return value


def national_status_label(code: int) -> str:
    """TrangThaiHoSo of the national portal (domain.md §3.1)."""
    labels = {
        1: QCoreApplication.translate("DossierLabels", "Mới đăng ký"),
        2: QCoreApplication.translate("DossierLabels", "Được tiếp nhận"),
        3: QCoreApplication.translate("DossierLabels", "Không được tiếp nhận"),
        4: QCoreApplication.translate("DossierLabels", "Đang xử lý"),
        5: QCoreApplication.translate("DossierLabels", "Yêu cầu bổ sung giấy tờ"),
        6: QCoreApplication.translate("DossierLabels", "Yêu cầu thực hiện nghĩa vụ tài chính"),
        7: QCoreApplication.translate("DossierLabels", "Công dân yêu cầu rút hồ sơ"),
        8: QCoreApplication.translate("DossierLabels", "Dừng xử lý"),
        9: QCoreApplication.translate("DossierLabels", "Đã xử lý xong"),
        10: QCoreApplication.translate("DossierLabels", "Đã trả kết quả"),
    }
    return labels.get(code, str(code))


def channel_label(channel: str) -> str:
    labels = {
        "direct": QCoreApplication.translate("DossierLabels", "Trực tiếp"),
        "online": QCoreApplication.translate("DossierLabels", "Trực tuyến"),
        "postal": QCoreApplication.translate("DossierLabels", "Qua bưu chính công ích"),
    }
    return labels.get(channel, channel)


def delivery_label(delivery: str) -> str:
    labels = {
        "desk": QCoreApplication.translate("DossierLabels", "Nhận tại Bộ phận một cửa"),
        "post": QCoreApplication.translate("DossierLabels", "Nhận qua bưu chính"),
    }
    return labels.get(delivery, delivery)


def event_label(kind: str, to_state: str) -> str:
    """What an event of the history did, in the officer's words."""
    if kind == "received":
        return QCoreApplication.translate("DossierLabels", "Tiếp nhận hồ sơ")
    if kind == "extension":
        return QCoreApplication.translate("DossierLabels", "Gia hạn thời gian giải quyết")
    if kind == "transition":
        steps = {
            # online_submitted -> received: the desk takes in a dossier filed online
            "received": QCoreApplication.translate("DossierLabels", "Tiếp nhận hồ sơ trực tuyến"),
            "in_process": QCoreApplication.translate("DossierLabels", "Bắt đầu giải quyết"),
            "supplement_requested": QCoreApplication.translate("DossierLabels", "Yêu cầu bổ sung"),
            "supplement_received": QCoreApplication.translate("DossierLabels", "Nhận bổ sung"),
            "forwarded": QCoreApplication.translate("DossierLabels", "Chuyển cơ quan giải quyết"),
            "result_ready": QCoreApplication.translate("DossierLabels", "Ghi nhận có kết quả"),
            "returned": QCoreApplication.translate("DossierLabels", "Trả kết quả"),
            "refused": QCoreApplication.translate("DossierLabels", "Từ chối tiếp nhận"),
            "withdrawal_requested": QCoreApplication.translate(
                "DossierLabels", "Công dân xin rút hồ sơ"
            ),
            "stopped": QCoreApplication.translate("DossierLabels", "Dừng giải quyết"),
        }
        return steps.get(to_state, QCoreApplication.translate("DossierLabels", "Chuyển bước"))
    return kind


def form_name(form: str) -> str:
    """The official name of a one-stop form (TT 03/2025/TT-VPCP, domain.md §1.1)."""
    names = {
        "01": QCoreApplication.translate(
            "DossierLabels", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"
        ),
        "02": QCoreApplication.translate(
            "DossierLabels", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"
        ),
        "03": QCoreApplication.translate(
            "DossierLabels", "Phiếu từ chối tiếp nhận giải quyết hồ sơ"
        ),
        "04": QCoreApplication.translate(
            "DossierLabels", "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"
        ),
        "05": QCoreApplication.translate("DossierLabels", "Thông báo dừng giải quyết hồ sơ"),
    }
    return names.get(form, form)
