"""Sync details: the status in full, unresolved conflicts, the last lines of ``sync_log``.

Opened from the status bar (a click) or the Đồng bộ menu. Everything is read in one Task on
the I/O pool; "Đồng bộ ngay" only kicks the worker and the dialog re-reads when the controller
reports a new status.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.datadir import Store
from app.sync_service import (
    ConflictRow,
    StatusSnapshot,
    SyncLogRow,
    conflicts,
    recent_log,
    status,
)
from ui.context import AppContext
from ui.formatting import format_count, format_datetime
from ui.messages import error_text
from ui.sync.controller import SyncController
from ui.sync.texts import age_text, mb_text, offset_text
from ui.tasks import ProgressFn

LOG_LINES = 30


@dataclass(frozen=True)
class Details:
    snapshot: StatusSnapshot
    conflicts: list[ConflictRow]
    log: list[SyncLogRow]


def read_details(store: Store, _progress: ProgressFn) -> Details:
    return Details(status(store), conflicts(store), recent_log(store, LOG_LINES))


def _table(parent: QWidget, name: str, headers: list[str], stretch: int) -> QTableWidget:
    t = QTableWidget(0, len(headers), parent)
    t.setObjectName(name)
    t.setHorizontalHeaderLabels(headers)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setTabKeyNavigation(False)
    t.verticalHeader().setVisible(False)
    header = t.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return t


class SyncDetailsDialog(QDialog):
    """Signals:
    loaded(): the details are on screen (or ``load_error`` says why not).
    open_dossier(str): the officer asked to open the dossier of a conflict (its code).
    """

    loaded = Signal()
    open_dossier = Signal(str)

    def __init__(
        self, ctx: AppContext, controller: SyncController, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.controller = controller
        self.details: Details | None = None
        self.load_error: object | None = None
        self._seq = 0
        self.setObjectName("sync.details")
        self.setWindowTitle(self.tr("Tình trạng đồng bộ"))
        self.resize(900, 620)
        self._build()
        controller.status_changed.connect(self._on_controller_status_changed)
        self.reload()

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        box = QGroupBox(self.tr("Trạng thái"), self)
        form = QFormLayout(box)
        self.fields: dict[str, QLabel] = {}
        for name, label in (
            ("server", self.tr("Máy chủ cấp trên:")),
            ("device", self.tr("Thiết bị:")),
            ("connection", self.tr("Kết nối:")),
            ("pending", self.tr("Chờ gửi:")),
            ("oldest", self.tr("Thay đổi cũ nhất:")),
            ("success", self.tr("Đồng bộ thành công lần cuối:")),
            ("error", self.tr("Lỗi gần nhất:")),
            ("clock", self.tr("Đồng hồ máy:")),
            ("worker", self.tr("Lượt đồng bộ:")),
        ):
            value = QLabel(box)
            value.setObjectName(f"sync.details.{name}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(label, value)
            self.fields[name] = value
        outer.addWidget(box)

        self.conflicts_box = QGroupBox(self.tr("Thay đổi bị máy chủ từ chối"), self)
        cbox = QVBoxLayout(self.conflicts_box)
        self.conflicts_table = _table(
            self.conflicts_box,
            "sync.details.conflicts",
            [self.tr("Mã hồ sơ"), self.tr("Lúc"), self.tr("Giải thích")],
            2,
        )
        self.conflicts_table.setWordWrap(True)
        self.conflicts_table.cellActivated.connect(self._on_conflicts_table_cell_activated)
        cbox.addWidget(self.conflicts_table)
        hint = QLabel(self.tr("Enter hoặc nhấp đúp để mở hồ sơ và xem cách xử lý."), self)
        hint.setStyleSheet("color: #555;")
        cbox.addWidget(hint)
        outer.addWidget(self.conflicts_box, 1)

        log_box = QGroupBox(self.tr("Nhật ký đồng bộ gần đây"), self)
        lbox = QVBoxLayout(log_box)
        self.log_table = _table(
            log_box,
            "sync.details.log",
            [self.tr("Thời gian"), self.tr("Việc"), self.tr("Gửi / nhận"), self.tr("Chi tiết")],
            3,
        )
        lbox.addWidget(self.log_table)
        outer.addWidget(log_box, 1)

        self.notice = QLabel(self)
        self.notice.setObjectName("sync.details.notice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        outer.addWidget(self.notice)

        row = QHBoxLayout()
        self.sync_button = QPushButton(self.tr("Đồng bộ &ngay"), self)
        self.sync_button.setObjectName("sync.details.sync_now")
        self.sync_button.clicked.connect(self.sync_now)
        self.reload_button = QPushButton(self.tr("Đọc &lại"), self)
        self.reload_button.setObjectName("sync.details.reload")
        self.reload_button.setAutoDefault(False)
        self.reload_button.clicked.connect(self.reload)
        close = QPushButton(self.tr("Đóng (Esc)"), self)
        close.setObjectName("sync.details.close")
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        row.addWidget(self.sync_button)
        row.addWidget(self.reload_button)
        row.addStretch(1)
        row.addWidget(close)
        outer.addLayout(row)

    # --- actions --------------------------------------------------------------------------

    @Slot()
    def sync_now(self) -> None:
        if self.controller.sync_now():
            self._notice(self.tr("Đã yêu cầu đồng bộ ngay; kết quả hiện ở đây khi xong."))
        else:
            self._notice(
                self.tr(
                    "Máy này chưa đăng ký với máy chủ cấp trên: chọn Đồng bộ → Đăng ký máy "
                    "với máy chủ cấp trên."
                )
            )

    def _notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.show()

    @Slot(int, int)
    def _on_conflicts_table_cell_activated(self, row: int, _column: int) -> None:
        item = self.conflicts_table.item(row, 0)
        if item is not None and item.text():
            self.open_dossier.emit(item.text())

    # --- reading --------------------------------------------------------------------------

    @Slot()
    def reload(self) -> None:
        self._seq += 1
        seq = self._seq
        store = self.ctx.store

        def work(progress: ProgressFn) -> Details:
            return read_details(store, progress)

        self.ctx.runner.run_io(
            work,
            on_success=lambda result: self._on_loaded(seq, result),
            on_failure=lambda exc: self._on_failed(seq, exc),
        )

    @Slot(object)
    def _on_controller_status_changed(self, _snap: object) -> None:
        if isValid(self) and self.isVisible():
            self.reload()

    def _on_failed(self, seq: int, exc: object) -> None:
        if not isValid(self) or seq != self._seq:
            return
        self.load_error = exc
        self._notice(self.tr("Không đọc được: {error}").format(error=error_text(exc)))
        self.loaded.emit()

    def _on_loaded(self, seq: int, result: object) -> None:
        if not isValid(self) or seq != self._seq or not isinstance(result, Details):
            return
        self.details, self.load_error = result, None
        self._show(result)
        self.loaded.emit()

    def _show(self, d: Details) -> None:
        s, f = d.snapshot, self.fields
        f["server"].setText(s.upstream_url or self.tr("chưa đăng ký"))
        f["device"].setText(self.tr("máy số {no}").format(no=s.device_no) if s.enrolled else "—")
        if not s.enrolled:
            f["connection"].setText(self.tr("Chưa kết nối máy chủ cấp trên"))
        elif s.online is None:
            f["connection"].setText(self.tr("Chưa kiểm tra"))
        else:
            f["connection"].setText(
                (self.tr("Trực tuyến") if s.online else self.tr("Mất kết nối"))
                + (f" ({s.last_probe})" if s.last_probe else "")
            )
        f["pending"].setText(
            self.tr("{n} thay đổi ({held} bị giữ lại), {mb} MB tệp").format(
                n=format_count(s.pending_mutations),
                held=format_count(s.held_mutations),
                mb=mb_text(s.pending_blob_bytes),
            )
        )
        f["oldest"].setText(
            self.tr("{age} ({at})").format(
                age=age_text(s.oldest_pending_age_s), at=format_datetime(s.oldest_pending_at)
            )
            if s.oldest_pending_age_s is not None and s.oldest_pending_at is not None
            else self.tr("không có")
        )
        f["success"].setText(
            format_datetime(s.last_success_at) if s.last_success_at else self.tr("chưa có")
        )
        f["error"].setText(
            self.tr("{at}: {error}").format(
                at=format_datetime(s.last_error_at) if s.last_error_at else "",
                error=s.last_error,
            )
            if s.last_error
            else self.tr("không có")
        )
        if s.clock_offset_ms is None:
            f["clock"].setText(self.tr("chưa đo"))
        else:
            text = self.tr("{offset} so với máy chủ").format(offset=offset_text(s.clock_offset_ms))
            if s.clock_warning:
                text += " — " + self.tr("CẦN CHỈNH ĐỒNG HỒ MÁY TÍNH")
            f["clock"].setText(text)
        self._show_worker(s)
        self._fill_conflicts(d.conflicts)
        self._fill_log(d.log)

    def _show_worker(self, s: StatusSnapshot) -> None:
        service = self.controller.service
        if service is None:
            self.fields["worker"].setText(
                self.tr("không chạy") if s.enrolled else self.tr("chưa đăng ký")
            )
            return
        w = service.worker_state()
        parts = [self.tr("{n} lượt từ khi mở").format(n=format_count(w.cycles))]
        if w.in_cycle:
            parts.append(self.tr("đang đồng bộ"))
        elif w.next_run_in_s is not None:
            parts.append(self.tr("lượt sau sau {age}").format(age=age_text(w.next_run_in_s)))
        if w.failures:
            parts.append(self.tr("{n} lần lỗi liên tiếp").format(n=w.failures))
        if s.watchdog or w.watchdog_active:
            parts.append(self.tr("hàng đợi không tiến triển (đã kết nối lại)"))
        if s.revoked:
            parts.append(self.tr("thiết bị đã bị thu hồi"))
        if s.update_required:
            parts.append(self.tr("cần cập nhật phần mềm"))
        self.fields["worker"].setText(", ".join(parts))

    def _fill_conflicts(self, rows: list[ConflictRow]) -> None:
        t = self.conflicts_table
        t.setRowCount(len(rows))
        for r, c in enumerate(rows):
            for col, text in enumerate(
                (c.dossier_code, format_datetime(c.created_at), c.explanation)
            ):
                t.setItem(r, col, QTableWidgetItem(text))
        t.resizeRowsToContents()
        self.conflicts_box.setTitle(
            self.tr("Thay đổi bị máy chủ từ chối ({n})").format(n=len(rows))
        )

    def _fill_log(self, rows: list[SyncLogRow]) -> None:
        t = self.log_table
        t.setRowCount(len(rows))
        for r, line in enumerate(rows):
            sizes = (
                self.tr("{up} / {down} KB").format(
                    up=round(line.bytes_up / 1024, 1), down=round(line.bytes_down / 1024, 1)
                )
                if line.bytes_up or line.bytes_down
                else ""
            )
            detail = line.detail.splitlines()[0] if line.detail else ""
            for col, text in enumerate(
                (format_datetime(line.at), f"{line.channel}: {line.event}", sizes, detail)
            ):
                item = QTableWidgetItem(text)
                if col == 3 and line.detail:
                    item.setToolTip(line.detail)
                t.setItem(r, col, item)
