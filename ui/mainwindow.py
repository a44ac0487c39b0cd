"""The main window (a placeholder for now): commune, today's date, unsynced-change count."""

from __future__ import annotations

from datetime import date
from functools import partial

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QVBoxLayout, QWidget

from app.clock import local, system_clock
from app.dossiers import pending_outbox_count
from app.settings import AgencyInfo
from db.engine import Store
from ui.tasks import ProgressFn, TaskRunner


def _count_pending(store: Store, _progress: ProgressFn) -> int:
    return pending_outbox_count(store)


def today_text(today: date | None = None) -> str:
    """Today in the office's zone (Asia/Ho_Chi_Minh), dd/MM/yyyy."""
    d = today or local(system_clock()).date()
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


class MainWindow(QMainWindow):
    """Shows which commune this desk serves; everything that reads the store runs in a Task.

    Signals:
        pending_updated: the unsynced-change count (or the error reading it) has arrived.
    """

    pending_updated = Signal()

    def __init__(
        self,
        store: Store,
        agency: AgencyInfo,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._agency = agency
        self._runner = runner
        self.pending: int | None = None  # last count read, None until the first read
        self.pending_error: BaseException | None = None
        self.setWindowTitle(self.tr("Một cửa — {commune}").format(commune=agency.commune_name))
        self.resize(900, 600)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        self.commune_label = QLabel(agency.commune_name, central)
        self.commune_label.setObjectName("commune")
        font = self.commune_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.commune_label.setFont(font)
        self.unit_label = QLabel(
            self.tr("{unit} — {parent} — mã cơ quan {code}").format(
                unit=agency.unit_name, parent=agency.parent_unit, code=agency.agency_code
            ),
            central,
        )
        self.date_label = QLabel(self.tr("Hôm nay: {date}").format(date=today_text()), central)
        for label in (self.commune_label, self.unit_label, self.date_label):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addStretch(1)
        layout.addWidget(self.commune_label)
        layout.addWidget(self.unit_label)
        layout.addWidget(self.date_label)
        layout.addStretch(2)
        self.setCentralWidget(central)

        file_menu = self.menuBar().addMenu(self.tr("&Tệp"))
        self.quit_action = QAction(self.tr("&Thoát"), self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))  # Quit has no standard key on Windows
        self.quit_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.quit_action.setStatusTip(self.tr("Đóng chương trình"))
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.quit_action)

        self.pending_label = QLabel(self.tr("Đang đếm thay đổi chưa đồng bộ…"), self)
        self.pending_label.setObjectName("pending")
        self.statusBar().addPermanentWidget(self.pending_label)

        self.refresh_pending()

    def refresh_pending(self) -> None:
        """Count the outbox on the writer thread; the label changes when the answer arrives."""
        self._runner.run_db(
            partial(_count_pending, self._store),
            on_success=self._on_pending_succeeded,
            on_failure=self._on_pending_failed,
        )

    @Slot(object)
    def _on_pending_succeeded(self, count: object) -> None:
        if not isinstance(count, int):
            self._on_pending_failed(TypeError(f"count is {type(count).__name__}"))
            return
        self.pending, self.pending_error = count, None
        self.pending_label.setText(self.tr("%n thay đổi chưa đồng bộ", "", count))
        self.pending_label.setToolTip("")
        self.pending_updated.emit()

    @Slot(object)
    def _on_pending_failed(self, exc: object) -> None:
        self.pending = None
        self.pending_error = exc if isinstance(exc, BaseException) else RuntimeError(str(exc))
        self.pending_label.setText(self.tr("Không đọc được số thay đổi chưa đồng bộ"))
        self.pending_label.setToolTip(str(exc))
        self.pending_updated.emit()
