"""The clock warning (sync-protocol.md §3.10): this PC's clock is more than 5 minutes off.

A red banner at the top of the desk, with the measured offset, asks staff to fix the Windows
clock. It stays until an officer acknowledges it ("Tôi đã hiểu"), which is recorded through
``app.sync_service.acknowledge_clock``; a later measurement that is still off shows it again.
Work continues all the time: the desk is never blocked, and timestamps never decide conflicts.
"""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget
from shiboken6 import isValid

from app.sync_service import StatusSnapshot, acknowledge_clock
from ui.context import AppContext
from ui.messages import error_text
from ui.sync.texts import offset_text
from ui.tasks import ProgressFn


class ClockWarning(QFrame):
    """Signals:
    acknowledged(): the acknowledgement was recorded.
    """

    acknowledged = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("clock_warning")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#clock_warning { background: #fde7e9; border: 2px solid #c62828; border-radius: 3px; }"
            " #clock_warning QLabel { color: #7f0000; font-weight: bold; }"
        )
        self.text = QLabel(self)
        self.text.setObjectName("clock_warning.text")
        self.text.setWordWrap(True)
        self.ack_button = QPushButton(self.tr("Tôi đã &hiểu"), self)
        self.ack_button.setObjectName("clock_warning.ack")
        self.ack_button.clicked.connect(self.acknowledge)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 6, 8, 6)
        row.addWidget(self.text, 1)
        row.addWidget(self.ack_button)
        self.offset_ms: int | None = None
        self.busy = False
        self.hide()

    def show_snapshot(self, snap: StatusSnapshot) -> None:
        if not snap.clock_warning or snap.clock_offset_ms is None:
            self.offset_ms = None
            self.hide()
            return
        self.offset_ms = snap.clock_offset_ms
        self.text.setText(
            self.tr(
                "Đồng hồ của máy tính này {offset} so với máy chủ. Hãy chỉnh lại ngày giờ của "
                "Windows (Cài đặt → Thời gian và ngôn ngữ → Đặt giờ tự động) hoặc báo người quản "
                "trị. Công việc vẫn tiếp tục bình thường; giờ trên máy không dùng để quyết định "
                "xung đột."
            ).format(offset=offset_text(snap.clock_offset_ms))
        )
        self.ack_button.setEnabled(not self.busy)
        self.show()

    @Slot()
    def acknowledge(self) -> None:
        """Record that an officer saw the warning (on the writer thread)."""
        if self.busy:
            return
        self.busy = True
        self.ack_button.setEnabled(False)
        store = self.ctx.store

        def write(_progress: ProgressFn) -> None:
            acknowledge_clock(store)

        self.ctx.runner.run_db(write, on_success=self._on_done, on_failure=self._on_failed)

    def _on_done(self, _result: object) -> None:
        if not isValid(self):
            return
        self.busy = False
        self.hide()
        self.acknowledged.emit()

    def _on_failed(self, exc: object) -> None:
        if not isValid(self):
            return
        self.busy = False
        self.ack_button.setEnabled(True)
        self.text.setText(
            self.tr("Không ghi nhận được: {error}").format(error=error_text(exc))
            + "\n"
            + self.text.text()
        )
