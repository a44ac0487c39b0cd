"""Enrol this PC with the district (upstream) server: address, one-time code, PC label.

``app.sync_service.enrol`` runs in a Task on the I/O pool (a network call, then one short
write of the identity row); the dialog shows a busy bar and turns every failure into a
Vietnamese sentence: wrong or used code, another commune's code, server unreachable, a
captive portal answering instead of the server, an outdated client.
"""

from __future__ import annotations

import socket

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.errors import InvalidInput
from app.sync_service import Enrolment, SyncError, enrol
from app.textnorm import nfc
from ui.context import AppContext
from ui.i18n import vi_buttons
from ui.messages import error_text
from ui.tasks import ProgressFn


class EnrolDialog(QDialog):
    """Signals:
    enrolled(object): the server accepted this PC (an ``app.sync_service.Enrolment``).
    failed(str): the attempt failed; the text shown to the officer.
    """

    enrolled = Signal(object)
    failed = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, url: str = "") -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.busy = False
        self.result_: Enrolment | None = None
        self.setObjectName("sync.enrol")
        self.setWindowTitle(self.tr("Đăng ký máy với máy chủ cấp trên"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Nhập địa chỉ máy chủ cấp huyện và mã đăng ký dùng một lần do quản trị cấp huyện "
                "cấp cho máy này (hiệu lực 24 giờ). Dữ liệu trên máy được giữ nguyên."
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.url_edit = QLineEdit(url, self)
        self.url_edit.setObjectName("sync.enrol.url")
        self.url_edit.setPlaceholderText(self.tr("Ví dụ: https://motcua.huyen.gov.vn"))
        self.code_edit = QLineEdit(self)
        self.code_edit.setObjectName("sync.enrol.code")
        self.code_edit.setMaxLength(64)
        self.label_edit = QLineEdit(self)
        self.label_edit.setObjectName("sync.enrol.label")
        self.label_edit.setMaxLength(80)
        self.label_edit.setPlaceholderText(self.tr("Ví dụ: Máy bộ phận một cửa số 1"))
        form.addRow(self.tr("Địa chỉ &máy chủ:"), self.url_edit)
        form.addRow(self.tr("Mã đăng &ký:"), self.code_edit)
        form.addRow(self.tr("&Tên máy:"), self.label_edit)
        layout.addLayout(form)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("sync.enrol.progress")
        self.progress.setRange(0, 0)  # busy: the server answers in one go
        self.progress.hide()
        layout.addWidget(self.progress)
        self.message = QLabel(self)
        self.message.setObjectName("sync.enrol.message")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        vi_buttons(self.buttons)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("sync.enrol.ok")
        self.ok_button.setText(self.tr("Đăng ký"))
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setObjectName("sync.enrol.cancel")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        (self.code_edit if url else self.url_edit).setFocus()

    # --- submitting -------------------------------------------------------------------------

    def _say(self, text: str, level: str = "error") -> None:
        colour = {"error": "#b00020", "ok": "#1b5e20", "info": "#123a63"}[level]
        self.message.setStyleSheet(f"color: {colour}; font-weight: bold;")
        self.message.setText(text)
        self.message.show()

    @Slot()
    def submit(self) -> None:
        """Check the inputs, then enrol in a Task (the dialog stays responsive)."""
        if self.busy:
            return
        url = self.url_edit.text().strip()
        code = "".join(self.code_edit.text().split())
        label = nfc(self.label_edit.text()).strip() or socket.gethostname()
        if not url:
            self._say(self.tr("Cần nhập địa chỉ máy chủ cấp trên."))
            self.url_edit.setFocus()
            return
        if not code:
            self._say(self.tr("Cần nhập mã đăng ký."))
            self.code_edit.setFocus()
            return
        self.busy = True
        for w in (self.url_edit, self.code_edit, self.label_edit, self.ok_button):
            w.setEnabled(False)
        self.progress.show()
        self._say(self.tr("Đang kết nối {url}…").format(url=url), "info")
        store = self.ctx.store
        writer = self.ctx.runner.store_writer(store)  # the identity row: on the writer thread

        def work(_progress: ProgressFn) -> Enrolment:
            return enrol(store, url, code, label, writer=writer)

        self.ctx.runner.run_io(work, on_success=self._on_enrolled, on_failure=self._on_failed)

    def _on_enrolled(self, result: object) -> None:
        if not isValid(self):
            return
        assert isinstance(result, Enrolment)
        self.busy = False
        self.progress.hide()
        self.result_ = result
        self._say(
            self.tr("Đã đăng ký: máy số {no} của {agency}. Đồng bộ bắt đầu ngay.").format(
                no=result.device_no, agency=result.agency_code
            ),
            "ok",
        )
        self.enrolled.emit(result)
        self.accept()

    def _on_failed(self, exc: object) -> None:
        if not isValid(self):
            return
        self.busy = False
        self.progress.hide()
        for w in (self.url_edit, self.code_edit, self.label_edit, self.ok_button):
            w.setEnabled(True)
        text = self.explain(exc)
        self._say(text)
        if isinstance(exc, InvalidInput) and exc.field == "url":
            self.url_edit.setFocus()
        elif isinstance(exc, InvalidInput) and exc.field == "code":
            self.code_edit.selectAll()
            self.code_edit.setFocus()
        else:
            self.url_edit.setFocus()
        self.failed.emit(text)

    def explain(self, exc: object) -> str:
        """Why the enrolment failed, and what to do, in one or two sentences."""
        url = self.url_edit.text().strip()
        if isinstance(exc, InvalidInput):
            if exc.field == "url":
                return self.tr("Địa chỉ máy chủ cần có dạng https://tên-máy-chủ (hoặc http://).")
            if exc.field == "code" and exc.reason == "refused":
                return self.tr(
                    "Mã đăng ký không đúng, đã dùng hoặc đã hết hạn. Xin quản trị cấp huyện "
                    "cấp mã mới cho máy này."
                )
            if exc.field == "code" and exc.reason == "agency_mismatch":
                return self.tr("Mã đăng ký này dành cho xã khác: {detail}").format(
                    detail=exc.detail
                )
            return error_text(exc)
        if isinstance(exc, SyncError):
            outcome = exc.outcome
            if outcome == "offline":
                return self.tr(
                    "Không kết nối được máy chủ {url}. Kiểm tra địa chỉ, dây mạng hoặc Wi-Fi "
                    "rồi thử lại."
                ).format(url=url)
            if outcome in ("captive_portal", "protocol_error"):
                # Enrolment is a POST: a portal's login page or redirect shows up as an answer
                # that is not our protocol, so both outcomes get the same advice.
                return self.tr(
                    "Địa chỉ {url} trả lời nhưng không phải máy chủ đồng bộ: có thể sai địa chỉ, "
                    "hoặc mạng đang đòi đăng nhập (cổng đăng nhập Wi-Fi). Kiểm tra địa chỉ, mở "
                    "trình duyệt để đăng nhập mạng rồi thử lại."
                ).format(url=url)
            if outcome == "update_required":
                return self.tr("Máy chủ không nhận phiên bản phần mềm này: cần cập nhật trước.")
            if outcome == "transient":
                return self.tr("Máy chủ đang bận hoặc lỗi tạm thời; thử lại sau ít phút.")
            return self.tr("Không đăng ký được: {error}").format(error=str(exc))
        return error_text(exc)

    def reject(self) -> None:
        if self.busy:  # the Task is on its way; closing now would hide its answer
            self._say(self.tr("Đang đăng ký, xin chờ…"), "info")
            return
        super().reject()
