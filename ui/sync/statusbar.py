"""The sync part of the main window's status bar: connection, pending changes, the rest.

Three labels side by side, all fed by ``StatusSnapshot``s:

- ``connection``: "Trực tuyến" / "Mất kết nối" / "Chưa kết nối máy chủ cấp trên", or a warning
  (device revoked, update required) in the warning colour;
- ``pending``: "12 thay đổi, 3,4 MB chờ gửi" once the desk is enrolled; before that the main
  window's own outbox count ("N thay đổi chưa đồng bộ") stays there;
- ``sync_detail``: the oldest pending change's age, the last success, the last error (short;
  the tooltip has it in full), conflicts, the watchdog and the clock, in the warning colour
  when something needs a person.

A click anywhere on it opens the details (``clicked``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from app.clock import Clock, system_clock
from app.sync_service import StatusSnapshot
from ui.formatting import format_count
from ui.messages import error_text
from ui.sync.texts import age_text, error_summary, mb_text, offset_text, when_text

OK_STYLE = "color: #1b5e20;"
WARN_STYLE = "color: #8a1c00; font-weight: bold;"
MUTED_STYLE = "color: #555555;"


class SyncStatusBar(QWidget):
    """Signals:
    clicked(): the officer clicked the sync status (open the details).
    """

    clicked = Signal()

    def __init__(self, parent: QWidget | None = None, *, clock: Clock = system_clock) -> None:
        super().__init__(parent)
        self.setObjectName("sync_status")
        self.clock: Callable[[], datetime] = clock
        self.snapshot: StatusSnapshot | None = None
        self.warning = False  # something in the bar needs a person
        self._unsynced_text = ""
        self._unsynced_tip = ""
        self.connection_label = QLabel(self.tr("Đang đọc trạng thái đồng bộ…"), self)
        self.connection_label.setObjectName("connection")
        self.pending_label = QLabel(self)
        self.pending_label.setObjectName("pending")
        self.detail_label = QLabel(self)
        self.detail_label.setObjectName("sync_detail")
        self.detail_label.hide()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        for w in (self.connection_label, self.pending_label, self.detail_label):
            w.setContentsMargins(6, 0, 6, 0)
            row.addWidget(w)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(self.tr("Bấm để xem tình trạng đồng bộ"))

    @property
    def enrolled(self) -> bool:
        return self.snapshot is not None and self.snapshot.enrolled

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
            event.accept()
            return
        super().mousePressEvent(event)

    # --- the outbox count of a desk that is not enrolled ----------------------------------

    def set_unsynced(self, text: str, tooltip: str = "") -> None:
        """The main window's outbox count; shown while the desk is not enrolled."""
        self._unsynced_text, self._unsynced_tip = text, tooltip
        if not self.enrolled:
            self.pending_label.setText(text)
            self.pending_label.setToolTip(tooltip)

    # --- snapshots ------------------------------------------------------------------------

    def show_failure(self, exc: object) -> None:
        self.connection_label.setText(self.tr("Không đọc được trạng thái đồng bộ"))
        self.connection_label.setToolTip(error_text(exc))
        self.connection_label.setStyleSheet(WARN_STYLE)

    def show_snapshot(self, snap: StatusSnapshot) -> None:
        self.snapshot = snap
        self._show_connection(snap)
        self._show_pending(snap)
        self._show_detail(snap)

    def _show_connection(self, snap: StatusSnapshot) -> None:
        label = self.connection_label
        if not snap.enrolled:
            label.setText(self.tr("Chưa kết nối máy chủ cấp trên"))
            label.setToolTip(
                self.tr(
                    "Máy này chưa đăng ký với máy chủ cấp huyện: mọi thay đổi được giữ lại trên "
                    "máy. Đăng ký trong trình đơn Đồng bộ."
                )
            )
            label.setStyleSheet(MUTED_STYLE)
        elif snap.revoked:
            label.setText(self.tr("Thiết bị đã bị thu hồi"))
            label.setToolTip(
                self.tr(
                    "Máy chủ đã thu hồi quyền đồng bộ của máy này. Dữ liệu trên máy vẫn được giữ; "
                    "liên hệ quản trị cấp huyện để được cấp mã đăng ký mới."
                )
            )
            label.setStyleSheet(WARN_STYLE)
        elif snap.update_required:
            label.setText(self.tr("Cần cập nhật phần mềm"))
            label.setToolTip(
                self.tr(
                    "Máy chủ không còn nhận phiên bản này. Vẫn làm việc bình thường trên máy; "
                    "cài bản mới để đồng bộ tiếp."
                )
            )
            label.setStyleSheet(WARN_STYLE)
        elif snap.online:
            label.setText(self.tr("Trực tuyến"))
            label.setToolTip(self.tr("Đã kết nối máy chủ {url}").format(url=snap.upstream_url))
            label.setStyleSheet(OK_STYLE)
        elif snap.online is None:
            label.setText(self.tr("Đang kết nối máy chủ…"))
            label.setToolTip(snap.upstream_url)
            label.setStyleSheet(MUTED_STYLE)
        else:
            label.setText(self.tr("Mất kết nối"))
            label.setToolTip(
                self.tr(
                    "Không kết nối được máy chủ {url}. Vẫn làm việc bình thường; thay đổi sẽ "
                    "được gửi khi có mạng."
                ).format(url=snap.upstream_url)
            )
            label.setStyleSheet(WARN_STYLE)

    def _show_pending(self, snap: StatusSnapshot) -> None:
        label = self.pending_label
        if not snap.enrolled:
            label.setText(self._unsynced_text)
            label.setToolTip(self._unsynced_tip)
            return
        if snap.pending_mutations == 0 and snap.pending_blob_bytes == 0:
            label.setText(self.tr("Đã gửi hết thay đổi"))
        else:
            label.setText(
                self.tr("{n} thay đổi, {mb} MB chờ gửi").format(
                    n=format_count(snap.pending_mutations), mb=mb_text(snap.pending_blob_bytes)
                )
            )
        tip = []
        if snap.held_mutations:
            tip.append(
                self.tr("{n} thay đổi bị giữ lại chờ xử lý xung đột.").format(
                    n=format_count(snap.held_mutations)
                )
            )
        label.setToolTip(" ".join(tip))

    def _show_detail(self, snap: StatusSnapshot) -> None:
        if not snap.enrolled:
            self.detail_label.hide()
            self.warning = False
            return
        now = self.clock()
        parts: list[str] = []
        tips: list[str] = []
        warn = snap.revoked or snap.update_required
        if snap.oldest_pending_age_s is not None and snap.pending_mutations:
            parts.append(self.tr("cũ nhất {age}").format(age=age_text(snap.oldest_pending_age_s)))
        if snap.last_success_at is not None:
            parts.append(
                self.tr("đồng bộ lúc {time}").format(time=when_text(snap.last_success_at, now))
            )
        else:
            parts.append(self.tr("chưa đồng bộ lần nào"))
        if snap.last_error:
            parts.append(self.tr("lỗi: {error}").format(error=error_summary(snap.last_error)))
            when = when_text(snap.last_error_at, now) if snap.last_error_at else ""
            tips.append(
                self.tr("Lỗi gần nhất ({time}): {error}").format(time=when, error=snap.last_error)
            )
            warn = True
        if snap.conflicts_unresolved:
            parts.append(self.tr("{n} xung đột").format(n=format_count(snap.conflicts_unresolved)))
            tips.append(self.tr("Có thay đổi bị máy chủ từ chối: mở hồ sơ để xem giải thích."))
            warn = True
        if snap.watchdog:
            parts.append(self.tr("đồng bộ bị treo"))
            tips.append(
                self.tr("Còn thay đổi chờ gửi nhưng không tiến triển; phần mềm đã thử kết nối lại.")
            )
            warn = True
        if snap.clock_warning and snap.clock_offset_ms is not None:
            parts.append(
                self.tr("đồng hồ {offset}").format(offset=offset_text(snap.clock_offset_ms))
            )
            warn = True
        self.detail_label.setText(" · ".join(parts))
        self.detail_label.setToolTip("\n".join(tips))
        self.detail_label.setStyleSheet(WARN_STYLE if warn else MUTED_STYLE)
        self.detail_label.show()
        self.warning = warn
