"""The day's desk: desk lists with counts, one search box, the dossier table, the status bar.

Everything that reads the store runs in a Task (counts, id lists, searches, the outbox
count); only the lazy table model reads its visible rows, a hundred at a time, on the GUI
thread (style.md §10.4). The idle lock hides the desk until the officer (or another one)
logs in again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from functools import partial

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.accounts import UserInfo
from app.desk import DeskList, Thresholds, counts, list_ids, rows_by_local_no, thresholds
from app.dossiers import pending_outbox_count, search_ids
from app.sync_service import StatusSnapshot
from app.textnorm import fold
from ui.context import AppContext
from ui.dialogs import show_message
from ui.dialogs.login import LoginDialog
from ui.formatting import format_count, format_date
from ui.idle import DEFAULT_IDLE_MINUTES, IdleWatcher
from ui.messages import error_text
from ui.models.dossier_table import DossierTableModel
from ui.sync.clockwarn import ClockWarning
from ui.sync.controller import SyncController
from ui.sync.statusbar import SyncStatusBar
from ui.tasks import ProgressFn

log = logging.getLogger(__name__)

SEARCH_DELAY_MS = 200
SEARCH_LIMIT = 200
SEARCH_MIN_CHARS = 2  # one letter matches half the store: not worth a query
FIRST_PAGE = 500  # ids shown at once; the rest of a long list follows in the background
TICK_MS = 60_000  # counts, outbox and date are refreshed every minute

LIST_ORDER = (
    DeskList.DUE_TODAY,
    DeskList.OVERDUE,
    DeskList.DUE_SOON,
    DeskList.SUPPLEMENT,
    DeskList.RESULT_READY,
    DeskList.RECEIVED_TODAY,
    DeskList.UNSYNCED,
    DeskList.ALL,
    # The inbox of dossiers filed online: listed once the desk is enrolled with the upstream
    # (or holds such dossiers); a desk that never syncs cannot receive any.
    DeskList.ONLINE,
)


def today_text(ctx: AppContext) -> str:
    """Today in the office's zone (Asia/Ho_Chi_Minh), dd/MM/yyyy."""
    return format_date(ctx.clock())


def _count_pending(ctx: AppContext, _progress: ProgressFn) -> int:
    return pending_outbox_count(ctx.store)


def _desk_counts(ctx: AppContext, _progress: ProgressFn) -> dict[DeskList, int]:
    return counts(ctx.store, clock=ctx.clock)


def _list(
    ctx: AppContext, which: DeskList, limit: int | None, _progress: ProgressFn
) -> tuple[list[int], Thresholds]:
    return list_ids(ctx.store, which, clock=ctx.clock, limit=limit)


def _search(ctx: AppContext, query: str, _progress: ProgressFn) -> tuple[list[int], Thresholds]:
    with ctx.store.read() as session:  # a read session of its own, on the pool thread
        # Fresh thresholds too: the marks of search results must follow the clock like the lists.
        return search_ids(session, query, SEARCH_LIMIT), thresholds(session, ctx.clock())


class MainWindow(QMainWindow):
    """The desk of the logged-in officer (``ctx.user``).

    Signals:
        pending_updated: the unsynced-change count (or the error reading it) has arrived.
        counts_updated: the desk-list counts have arrived.
        list_loaded: the table shows a desk list (its first page at least).
        search_finished: the table shows the results of the current search text.
        lock_changed(bool): the desk was locked (True) or opened again (False).
        closed: the window was closed (the application ends).
    """

    pending_updated = Signal()
    counts_updated = Signal()
    list_loaded = Signal()
    search_finished = Signal()
    lock_changed = Signal(bool)
    closed = Signal()

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        idle_minutes: int | None = None,
        idle_ms: int | None = None,
        initial_list: DeskList = DeskList.ALL,
        first_page: int = FIRST_PAGE,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self.ctx = ctx
        self.pending: int | None = None  # last count read, None until the first read
        self.pending_error: BaseException | None = None
        self.desk_counts: dict[DeskList, int] = {}
        self.current_list = initial_list
        self.thresholds: Thresholds | None = None
        self.locked = False
        self.reminder_text = ""
        self._first_page = first_page
        self._list_seq = 0
        self._search_seq = 0
        self._counts_seq = 0
        self._search_query = ""  # the query whose results are on screen ("" = a desk list)
        self._remind_after_counts = True
        self._hidden_dialogs: list[QDialog] = []
        self._login: QDialog | None = None
        self._locked_user: UserInfo | None = None
        self._locked_idle = False  # locked by the idle timer (not Ctrl+L)
        if idle_minutes is None:  # the commune's setting (agency_settings.idle_lock_minutes)
            idle_minutes = ctx.agency.idle_lock_minutes or DEFAULT_IDLE_MINUTES
        self.idle_minutes = idle_minutes
        self.idle = IdleWatcher(idle_ms if idle_ms is not None else idle_minutes * 60_000, self)
        self.idle.idle.connect(self._on_idle_idle)
        self.idle.lock_pressed.connect(self.lock)

        self.setWindowTitle(self.tr("Một cửa — {commune}").format(commune=ctx.agency.commune_name))
        self.resize(1280, 760)
        self._build_actions()
        self._build_desk()
        self._build_lock_page()
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.desk_page)
        self.stack.addWidget(self.lock_page)
        self.setCentralWidget(self.stack)
        self._build_status_bar()
        self._build_sync()

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._on_search_timer_timeout)
        self._changed_timer = QTimer(self)  # merges bursts of dossiers_changed
        self._changed_timer.setSingleShot(True)
        self._changed_timer.setInterval(50)
        self._changed_timer.timeout.connect(self.refresh)
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self._on_tick_timeout)
        ctx.signals.dossiers_changed.connect(self._on_dossiers_changed)

        if ctx.user is None:
            self._enter_locked(self.tr("Chưa đăng nhập."))
            QTimer.singleShot(0, self.show_login)
        else:
            self._enter_desk()

    # --- building -------------------------------------------------------------------------

    def _action(
        self,
        name: str,
        text: str,
        slot: Callable[[], object],
        shortcuts: Sequence[str | QKeySequence.StandardKey] = (),
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        keys = [QKeySequence(k) for k in shortcuts]
        if keys:
            action.setShortcuts(keys)
            shown = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys)
            action.setToolTip(f"{text.replace('&', '')} ({shown})")
        action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)  # shortcuts work even with the toolbar hidden
        return action

    def _build_actions(self) -> None:
        self.intake_action = self._action(
            "action_intake",
            self.tr("&Tiếp nhận hồ sơ"),
            self.open_intake,
            ["F2"],
            self.tr("Tiếp nhận một hồ sơ mới"),
        )
        self.open_action = self._action(
            "action_open",
            self.tr("&Mở hồ sơ"),
            self.open_current,
            [],
            self.tr("Mở hồ sơ đang chọn (Enter trên dòng)"),
        )
        self.find_action = self._action(
            "action_find",
            self.tr("&Tìm"),
            self.focus_search,
            ["Ctrl+F", "F3"],
            self.tr("Tìm theo mã hồ sơ, họ tên, CCCD hoặc số điện thoại"),
        )
        self.refresh_action = self._action(
            "action_refresh",
            self.tr("&Làm mới"),
            self.refresh,
            ["F5"],
            self.tr("Đọc lại các danh sách"),
        )
        self.catalogue_action = self._action(
            "action_catalogue",
            self.tr("&Danh mục thủ tục"),
            self.open_catalogue,
            ["F9"],
            self.tr("Thủ tục, giấy tờ cần mang, thời hạn và lệ phí"),
        )
        self.lock_action = self._action(
            "action_lock",
            self.tr("&Khóa"),
            self.lock,
            ["Ctrl+L"],
            self.tr("Khóa bàn làm việc khi rời chỗ"),
        )
        self.logout_action = self._action(
            "action_logout",
            self.tr("Đăng &xuất"),
            self.logout,
            [],
            self.tr("Đăng xuất để cán bộ khác đăng nhập"),
        )
        self.quit_action = self._action(
            "action_quit", self.tr("&Thoát"), self.close, ["Ctrl+Q"], self.tr("Đóng chương trình")
        )
        self.idle.lock_keys = tuple(self.lock_action.shortcuts())  # also from inside dialogs
        # Quit has no standard key on Windows; it works from the lock page too.
        self.quit_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.desk_actions = (
            self.intake_action,
            self.open_action,
            self.find_action,
            self.refresh_action,
            self.catalogue_action,
            self.lock_action,
            self.logout_action,
        )

        file_menu = self.menuBar().addMenu(self.tr("&Tệp"))
        file_menu.setObjectName("menu_file")
        file_menu.addAction(self.lock_action)
        file_menu.addAction(self.logout_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        dossier_menu = self.menuBar().addMenu(self.tr("&Hồ sơ"))
        dossier_menu.setObjectName("menu_dossier")
        for a in (self.intake_action, self.open_action, self.find_action, self.refresh_action):
            dossier_menu.addAction(a)
        catalogue_menu = self.menuBar().addMenu(self.tr("&Danh mục"))
        catalogue_menu.setObjectName("menu_catalogue")
        catalogue_menu.addAction(self.catalogue_action)

        self.toolbar = QToolBar(self.tr("Thao tác"), self)
        self.toolbar.setObjectName("main_toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for a in (
            self.intake_action,
            self.find_action,
            self.refresh_action,
            self.catalogue_action,
            self.lock_action,
        ):
            self.toolbar.addAction(a)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)

    def _build_desk(self) -> None:
        self.desk_page = QWidget(self)
        self.desk_page.setObjectName("desk_page")

        self.reminder = QFrame(self.desk_page)
        self.reminder.setObjectName("reminder")
        self.reminder.setFrameShape(QFrame.Shape.StyledPanel)
        self.reminder.setStyleSheet(
            "#reminder { background: #fff1c9; border: 1px solid #c99a00; border-radius: 3px; }"
        )
        self.reminder_label = QLabel(self.reminder)
        self.reminder_label.setObjectName("reminder_text")
        self.reminder_label.setStyleSheet("color: #4a3000; font-weight: bold;")
        self.reminder_show = QPushButton(self.tr("&Xem hồ sơ quá hạn"), self.reminder)
        self.reminder_show.setObjectName("reminder_show")
        self.reminder_show.clicked.connect(self._on_reminder_show_clicked)
        self.reminder_hide = QPushButton(self.tr("Ẩ&n"), self.reminder)
        self.reminder_hide.setObjectName("reminder_hide")
        self.reminder_hide.clicked.connect(self.reminder.hide)
        row = QHBoxLayout(self.reminder)
        row.setContentsMargins(8, 4, 8, 4)
        row.addWidget(self.reminder_label, 1)
        row.addWidget(self.reminder_show)
        row.addWidget(self.reminder_hide)
        self.reminder.hide()

        self.search_edit = QLineEdit(self.desk_page)
        self.search_edit.setObjectName("search")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(
            self.tr("Mã hồ sơ, họ tên, số CCCD hoặc số điện thoại — gõ để tìm (Ctrl+F)")
        )
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        self.search_edit.installEventFilter(self)
        search_label = QLabel(self.tr("Tìm &kiếm:"), self.desk_page)
        search_label.setBuddy(self.search_edit)
        search_row = QHBoxLayout()
        search_row.addWidget(search_label)
        search_row.addWidget(self.search_edit, 1)

        self.lists = QListWidget(self.desk_page)
        self.lists.setObjectName("desk_lists")
        self.lists.setSpacing(3)
        for which in LIST_ORDER[:-1]:
            item = QListWidgetItem(self._list_text(which, None))
            item.setData(Qt.ItemDataRole.UserRole, which.value)
            self.lists.addItem(item)
        self.lists.setCurrentRow(LIST_ORDER.index(self.current_list))
        self.lists.currentRowChanged.connect(self._on_lists_current_row_changed)
        self.lists.installEventFilter(self)
        lists_label = QLabel(self.tr("Danh &sách"), self.desk_page)
        lists_label.setBuddy(self.lists)
        left = QWidget(self.desk_page)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(lists_label)
        left_layout.addWidget(self.lists)

        self.model = DossierTableModel(partial(rows_by_local_no, self.ctx.store), self)
        self.table = QTableView(self.desk_page)
        self.table.setObjectName("dossier_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.setCornerButtonEnabled(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        digits = self.fontMetrics().horizontalAdvance("0")  # sizes follow the font, not pixels
        widths = {
            DossierTableModel.CODE: 27 * digits,
            DossierTableModel.NAME: 21 * digits,
            DossierTableModel.STATE: 27 * digits,
            DossierTableModel.RECEIVED: 17 * digits,
            DossierTableModel.DUE: 28 * digits,
        }
        for column, width in widths.items():
            header.resizeSection(column, width)
        header.setSectionResizeMode(DossierTableModel.PROCEDURE, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._on_table_activated)
        self.list_title = QLabel(self.desk_page)
        self.list_title.setObjectName("list_title")
        font = self.list_title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.list_title.setFont(font)
        self.list_title.setBuddy(self.table)
        right = QWidget(self.desk_page)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.list_title)
        right_layout.addWidget(self.table)

        splitter = QSplitter(Qt.Orientation.Horizontal, self.desk_page)
        splitter.setObjectName("desk_splitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([230, 1050])

        layout = QVBoxLayout(self.desk_page)
        layout.addWidget(self.reminder)
        layout.addLayout(search_row)
        layout.addWidget(splitter, 1)
        self.setTabOrder(self.search_edit, self.lists)
        self.setTabOrder(self.lists, self.table)

    def _build_lock_page(self) -> None:
        self.lock_page = QWidget(self)
        self.lock_page.setObjectName("lock_page")
        self.lock_label = QLabel(self.lock_page)
        self.lock_label.setObjectName("lock_text")
        self.lock_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.lock_label.setWordWrap(True)
        font = self.lock_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.lock_label.setFont(font)
        self.unlock_button = QPushButton(self.tr("Đăng &nhập…"), self.lock_page)
        self.unlock_button.setObjectName("unlock_button")
        self.unlock_button.clicked.connect(self.show_login)
        layout = QVBoxLayout(self.lock_page)
        layout.addStretch(2)
        layout.addWidget(self.lock_label)
        layout.addWidget(self.unlock_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        bar.setObjectName("status_bar")
        # Connection, pending changes, oldest age, last success and error (ui/sync/statusbar.py);
        # before the desk is enrolled, ``pending`` shows the outbox count read below.
        self.sync_status = SyncStatusBar(self)
        self.sync_status.clicked.connect(self.open_sync_details)
        self.connection_label = self.sync_status.connection_label
        self.pending_label = self.sync_status.pending_label
        self.sync_status.set_unsynced(self.tr("Đang đếm thay đổi chưa đồng bộ…"))
        self.officer_label = QLabel(self)
        self.officer_label.setObjectName("officer")
        self.date_label = QLabel(self)
        self.date_label.setObjectName("today")
        bar.addPermanentWidget(self.sync_status)
        for w in (self.officer_label, self.date_label):
            w.setContentsMargins(6, 0, 6, 0)
            bar.addPermanentWidget(w)
        self._update_officer()
        self._update_date()

    def _build_sync(self) -> None:
        """Background sync (ui/sync): controller, menu, clock warning; starts when enrolled.

        The worker keeps running while the desk is locked or logged out: the outbox belongs to
        the device, not to the officer (sync-protocol.md §3.9). It stops when the window closes.
        """
        self.sync = SyncController(self.ctx, self)
        self.sync.status_changed.connect(self._on_sync_status_changed)
        self.sync.status_failed.connect(self.sync_status.show_failure)
        self.ctx.signals.synced.connect(self._on_context_synced)
        self.clock_warning = ClockWarning(self.ctx, self.desk_page)
        self.clock_warning.acknowledged.connect(self.sync.refresh_status)
        layout = self.desk_page.layout()
        if isinstance(layout, QVBoxLayout):
            layout.insertWidget(0, self.clock_warning)
        self.sync_now_action = self._action(
            "action_sync_now",
            self.tr("Đồng bộ &ngay"),
            self.sync_now,
            ["F8"],
            self.tr("Gửi thay đổi và nhận hồ sơ từ máy chủ cấp trên ngay bây giờ"),
        )
        self.sync_details_action = self._action(
            "action_sync_details",
            self.tr("&Tình trạng đồng bộ…"),
            self.open_sync_details,
            [],
            self.tr("Kết nối, thay đổi chờ gửi, xung đột và nhật ký đồng bộ"),
        )
        self.enrol_action = self._action(
            "action_enrol",
            self.tr("Đăng &ký máy với máy chủ cấp trên…"),
            self.open_enrol,
            [],
            self.tr("Nhập địa chỉ máy chủ cấp huyện và mã đăng ký của máy này"),
        )
        sync_menu = self.menuBar().addMenu(self.tr("Đồng &bộ"))
        sync_menu.setObjectName("menu_sync")
        sync_menu.addAction(self.sync_now_action)
        sync_menu.addAction(self.sync_details_action)
        sync_menu.addSeparator()
        sync_menu.addAction(self.enrol_action)
        self.desk_actions = (
            *self.desk_actions,
            self.sync_now_action,
            self.sync_details_action,
            self.enrol_action,
        )
        self.sync.start()

    @Slot(object)
    def _on_sync_status_changed(self, snap: object) -> None:
        if not isinstance(snap, StatusSnapshot):
            return
        self.sync_status.show_snapshot(snap)
        self.clock_warning.show_snapshot(snap)
        if snap.enrolled:
            self._add_online_list()

    @Slot(object)
    def _on_context_synced(self, _report: object) -> None:
        self._changed_timer.start()  # pulled dossiers (e.g. filed online) reach the lists

    @Slot()
    def sync_now(self) -> None:
        """ "Đồng bộ ngay" (F8): the worker runs a cycle at once; the UI never waits for it."""
        if self.sync.sync_now():
            self.statusBar().showMessage(self.tr("Đang đồng bộ với máy chủ cấp trên…"), 5_000)
        else:
            self.statusBar().showMessage(
                self.tr(
                    "Máy này chưa đăng ký với máy chủ cấp trên: chọn Đồng bộ → Đăng ký máy với "
                    "máy chủ cấp trên."
                ),
                10_000,
            )

    @Slot()
    def open_sync_details(self) -> QDialog | None:
        if self.locked:
            return None
        from ui.sync.details import SyncDetailsDialog

        dialog = SyncDetailsDialog(self.ctx, self.sync, self)
        dialog.open_dossier.connect(self.open_dossier)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    @Slot()
    def open_enrol(self) -> QDialog | None:
        if self.locked:
            return None
        from ui.sync.enrol import EnrolDialog

        snap = self.sync.snapshot
        dialog = EnrolDialog(self.ctx, self, url=snap.upstream_url if snap else "")
        dialog.enrolled.connect(self._on_enrol_enrolled)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    @Slot(object)
    def _on_enrol_enrolled(self, result: object) -> None:
        self.sync.restart()
        no = getattr(result, "device_no", "?")
        self.statusBar().showMessage(
            self.tr("Đã đăng ký máy số {no} với máy chủ cấp trên; bắt đầu đồng bộ.").format(no=no),
            10_000,
        )

    # --- texts ----------------------------------------------------------------------------

    def list_label(self, which: DeskList) -> str:
        labels = {
            DeskList.DUE_TODAY: self.tr("Đến hạn hôm nay"),
            DeskList.OVERDUE: self.tr("Quá hạn"),
            DeskList.DUE_SOON: self.tr("Sắp đến hạn"),
            DeskList.SUPPLEMENT: self.tr("Chờ bổ sung"),
            DeskList.RESULT_READY: self.tr("Có kết quả chờ trả"),
            DeskList.RECEIVED_TODAY: self.tr("Tiếp nhận hôm nay"),
            DeskList.ONLINE: self.tr("Hồ sơ nộp trực tuyến"),
            DeskList.UNSYNCED: self.tr("Chưa đồng bộ"),
            DeskList.ALL: self.tr("Tất cả"),
        }
        return labels[which]

    def _list_text(self, which: DeskList, count: int | None) -> str:
        shown = "…" if count is None else format_count(count)
        return f"{self.list_label(which)} ({shown})"

    def _update_officer(self) -> None:
        user = self.ctx.user
        if user is None:
            self.officer_label.setText(self.tr("Chưa đăng nhập"))
        else:
            self.officer_label.setText(
                self.tr("Cán bộ: {name} ({username})").format(
                    name=user.full_name, username=user.username
                )
            )

    def _update_date(self) -> None:
        self.date_label.setText(self.tr("Hôm nay: {date}").format(date=today_text(self.ctx)))

    def _update_title(self) -> None:
        if self._search_query:
            n = self.model.rowCount()
            text = self.tr("Kết quả tìm “{query}”: ").format(query=self._search_query) + self.tr(
                "%n hồ sơ", "", n
            )
            if n >= SEARCH_LIMIT:
                text += " " + self.tr("(chỉ hiện {limit} hồ sơ mới nhất)").format(
                    limit=SEARCH_LIMIT
                )
        else:
            n = self.desk_counts.get(self.current_list, self.model.rowCount())
            text = f"{self.list_label(self.current_list)}: " + self.tr("%n hồ sơ", "", n).replace(
                str(n), format_count(n), 1
            )
        self.list_title.setText(text)

    # --- loading --------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """Read everything again: counts, the list or search on screen, the outbox count."""
        if self.ctx.user is None or self.locked:
            return
        self._update_date()
        self.refresh_counts()
        self.refresh_pending()
        if self._search_query:
            self._start_search(self._search_query)
        else:  # an empty table (after login) shows the first page at once
            self.load_list(self.current_list, keep_position=self.model.rowCount() > 0)

    def refresh_counts(self) -> None:
        self._counts_seq += 1
        seq = self._counts_seq
        self.ctx.runner.run_io(
            partial(_desk_counts, self.ctx),
            on_success=lambda result: self._on_counts_succeeded(seq, result),
            on_failure=self._on_read_failed,
        )

    def refresh_pending(self) -> None:
        """Count the outbox in a Task; the label changes when the answer arrives."""
        self.ctx.runner.run_io(
            partial(_count_pending, self.ctx),
            on_success=self._on_pending_succeeded,
            on_failure=self._on_pending_failed,
        )

    def load_list(self, which: DeskList, *, keep_position: bool = False) -> None:
        """Show a desk list: the first page at once, the rest of a long list in the background.

        ``keep_position`` (a refresh of the list on screen) reads the whole list in one go and
        swaps it in when it arrives, keeping the selected dossier.
        """
        self._list_seq += 1
        seq = self._list_seq
        limit = None if keep_position else self._first_page
        self.ctx.runner.run_io(
            partial(_list, self.ctx, which, limit),
            on_success=lambda result: self._on_list_succeeded(seq, which, limit, result),
            on_failure=self._on_read_failed,
        )

    def _on_list_succeeded(
        self, seq: int, which: DeskList, limit: int | None, result: object
    ) -> None:
        if not isValid(self) or seq != self._list_seq or self._search_query or self.locked:
            return  # a newer list or a search took the table meanwhile
        ids, thresholds = result  # type: ignore[misc]
        self.thresholds = thresholds
        if limit is None and self.model.extend_ids(ids, thresholds):
            self.model.forget_rows()  # same order, maybe more rows: read visible rows again
        else:
            self._set_ids_keeping_selection(ids, thresholds)
        self._update_title()
        self.list_loaded.emit()
        if limit is not None and len(ids) >= limit:  # a long list: the rest, off the GUI thread
            self.ctx.runner.run_io(
                partial(_list, self.ctx, which, None),
                on_success=lambda full: self._on_list_succeeded(seq, which, None, full),
                on_failure=self._on_read_failed,
            )

    def _set_ids_keeping_selection(self, ids: list[int], thresholds: Thresholds | None) -> None:
        current = self.model.local_no(self.table.currentIndex().row())
        scroll = self.table.verticalScrollBar().value()
        self.model.set_ids(ids, thresholds)
        row = self.model.row_of(current) if current is not None else None
        if row is not None:
            self.table.setCurrentIndex(self.model.index(row, 0))
            self.table.verticalScrollBar().setValue(scroll)

    def _on_counts_succeeded(self, seq: int, result: object) -> None:
        if (
            not isValid(self)
            or seq != self._counts_seq
            or self.locked
            or not isinstance(result, dict)
        ):
            return
        self.desk_counts = dict(result)
        if self.desk_counts.get(DeskList.ONLINE):
            self._add_online_list()
        for row, which in enumerate(LIST_ORDER):
            item = self.lists.item(row)
            if item is None:  # the online inbox before the desk is enrolled
                continue
            n = self.desk_counts.get(which)
            item.setText(self._list_text(which, n))
            font = item.font()
            font.setBold(bool(n) and which is not DeskList.ALL)
            item.setFont(font)
        self._update_title()
        self._update_reminder()
        self.counts_updated.emit()

    def _update_reminder(self) -> None:
        overdue = self.desk_counts.get(DeskList.OVERDUE, 0)
        soon = self.desk_counts.get(DeskList.DUE_SOON, 0)
        if overdue + soon == 0:
            self.reminder_text = ""
            self.reminder.hide()
            self._remind_after_counts = False
            return
        self.reminder_text = (
            self.tr("%n hồ sơ quá hạn", "", overdue).replace(str(overdue), format_count(overdue))
            + ", "
            + self.tr("%n hồ sơ sắp đến hạn", "", soon).replace(str(soon), format_count(soon))
        )
        self.reminder_label.setText(self.reminder_text)
        self.reminder_show.setText(
            self.tr("&Xem hồ sơ quá hạn") if overdue else self.tr("&Xem hồ sơ sắp đến hạn")
        )
        if self._remind_after_counts:  # after a login: show it (again) and say it once
            self._remind_after_counts = False
            self.reminder.show()
            self.statusBar().showMessage(self.reminder_text, 15_000)

    @Slot(object)
    def _on_pending_succeeded(self, count: object) -> None:
        if not isinstance(count, int):
            self._on_pending_failed(TypeError(f"count is {type(count).__name__}"))
            return
        self.pending, self.pending_error = count, None
        self.sync_status.set_unsynced(self.tr("%n thay đổi chưa đồng bộ", "", count))
        self.pending_updated.emit()

    @Slot(object)
    def _on_pending_failed(self, exc: object) -> None:
        self.pending = None
        self.pending_error = exc if isinstance(exc, BaseException) else RuntimeError(str(exc))
        self.sync_status.set_unsynced(self.tr("Không đọc được số thay đổi chưa đồng bộ"), str(exc))
        self.pending_updated.emit()

    @Slot(object)
    def _on_read_failed(self, exc: object) -> None:
        log.error("reading the desk failed: %r", exc)
        self.statusBar().showMessage(
            self.tr("Không đọc được dữ liệu: {error}").format(error=error_text(exc)), 10_000
        )

    # --- search ---------------------------------------------------------------------------

    @Slot()
    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    @Slot(str)
    def _on_search_edit_text_changed(self, _text: str) -> None:
        self._search_timer.start()  # restarts: one query per pause in typing

    @Slot()
    def _on_search_timer_timeout(self) -> None:
        query = " ".join(self.search_edit.text().split())
        if len("".join(fold(query).split())) < SEARCH_MIN_CHARS:
            self._search_seq += 1  # an answer still on its way is for text no longer there
            if self._search_query:  # back from a search to the desk list
                self._search_query = ""
                self.load_list(self.current_list)
            return
        self._start_search(query)

    def _start_search(self, query: str) -> None:
        self._search_seq += 1
        seq = self._search_seq
        self.ctx.runner.run_io(
            partial(_search, self.ctx, query),
            on_success=lambda ids: self._on_search_succeeded(seq, query, ids),
            on_failure=self._on_read_failed,
        )

    def _on_search_succeeded(self, seq: int, query: str, result: object) -> None:
        if not isValid(self) or seq != self._search_seq or self.locked:
            return  # the officer typed on: a newer query is on its way
        self._list_seq += 1  # a list still loading must not replace the results
        self._search_query = query
        ids: list[int] = []
        if isinstance(result, tuple):
            ids, self.thresholds = result
        self.model.set_ids(ids, self.thresholds)
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, 0))
        self._update_title()
        self.search_finished.emit()

    def clear_search(self) -> None:
        self.search_edit.clear()
        self._search_timer.stop()
        self._on_search_timer_timeout()

    # --- lists, table, dialogs ----------------------------------------------------------------

    @Slot(int)
    def _on_lists_current_row_changed(self, row: int) -> None:
        if not 0 <= row < len(LIST_ORDER):
            return
        self.current_list = LIST_ORDER[row]
        if self._search_query or self.search_edit.text():
            self.search_edit.blockSignals(True)
            self.search_edit.clear()
            self.search_edit.blockSignals(False)
            self._search_timer.stop()
            self._search_seq += 1
            self._search_query = ""
        self._update_title()
        self.load_list(self.current_list)

    def select_list(self, which: DeskList) -> None:
        if which is DeskList.ONLINE:
            self._add_online_list()
        self.lists.setCurrentRow(LIST_ORDER.index(which))

    def _add_online_list(self) -> None:
        """Show the online inbox in the list selector (once; it stays)."""
        if self.lists.count() == len(LIST_ORDER):
            return
        item = QListWidgetItem(
            self._list_text(DeskList.ONLINE, self.desk_counts.get(DeskList.ONLINE))
        )
        item.setData(Qt.ItemDataRole.UserRole, DeskList.ONLINE.value)
        self.lists.addItem(item)

    @Slot()
    def _on_reminder_show_clicked(self) -> None:
        overdue = self.desk_counts.get(DeskList.OVERDUE, 0)
        self.select_list(DeskList.OVERDUE if overdue else DeskList.DUE_SOON)
        self.table.setFocus()

    def current_code(self) -> str | None:
        row = self.model.dossier(self.table.currentIndex().row())
        return row.code if row is not None else None

    @Slot(object)
    def _on_table_activated(self, index: object) -> None:
        row = self.model.dossier(getattr(index, "row", lambda: -1)())
        if row is not None:
            self.open_dossier(row.code)

    @Slot()
    def open_current(self) -> None:
        code = self.current_code()
        if code is None:
            self.statusBar().showMessage(self.tr("Chọn một hồ sơ trong bảng trước."), 5_000)
            return
        self.open_dossier(code)

    def _feature_missing(self, what: str, exc: BaseException) -> None:
        log.warning("%s is not available: %r", what, exc)
        show_message(
            self,
            self.tr("Chưa có chức năng"),
            self.tr("Chức năng “{what}” chưa có trong bản này.").format(what=what),
            QMessageBox.Icon.Information,
            detail=str(exc),
        )

    def _track(self, dialog: QDialog) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._changed_timer.start())
        return dialog

    @Slot()
    def open_intake(self) -> QDialog | None:
        if self.locked:
            return None
        try:
            from ui.intake.dialog import IntakeDialog
        except ImportError as exc:
            self._feature_missing(self.tr("Tiếp nhận hồ sơ"), exc)
            return None
        dialog = IntakeDialog(self.ctx, self)
        dialog.setObjectName(dialog.objectName() or "intake_dialog")
        signal = getattr(dialog, "dossier_received", None)
        if signal is not None:
            signal.connect(self._on_intake_dossier_received)
        self._track(dialog).open()
        return dialog

    @Slot(str)
    def _on_intake_dossier_received(self, code: str) -> None:
        self.statusBar().showMessage(
            self.tr("Đã tiếp nhận hồ sơ {code}.").format(code=code), 10_000
        )
        self._changed_timer.start()

    def open_dossier(self, code: str) -> QDialog | None:
        if self.locked:
            return None
        try:
            from ui.dossier.view import DossierDialog
        except ImportError as exc:
            self._feature_missing(self.tr("Xem hồ sơ"), exc)
            return None
        dialog = DossierDialog(self.ctx, code, self)
        dialog.setObjectName(dialog.objectName() or "dossier_dialog")
        changed = getattr(dialog, "dossier_changed", None)  # a lifecycle step was saved
        if changed is not None:
            changed.connect(lambda _code: self._changed_timer.start())
        self._track(dialog).open()
        return dialog

    @Slot()
    def open_catalogue(self) -> QDialog | None:
        if self.locked:
            return None
        from ui.dialogs.catalogue import CatalogueDialog, ChecklistDialog
        from ui.printing import PrintService

        ctx = self.ctx
        ChecklistDialog.print_hook = lambda parent, proc, _html: PrintService.for_widget(
            parent, ctx
        ).preview_checklist(proc.code)

        dialog = CatalogueDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    @Slot(list)
    def _on_dossiers_changed(self, _codes: list[str]) -> None:
        self._changed_timer.start()

    @Slot()
    def _on_tick_timeout(self) -> None:
        if self.ctx.user is None or self.locked:
            return
        self._update_date()
        self.refresh_counts()
        self.refresh_pending()

    # --- keyboard -------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if watched is self.search_edit:
                if key in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    self._search_timer.stop()
                    if self.search_edit.text().strip() and (
                        self._search_query != " ".join(self.search_edit.text().split())
                    ):
                        self._on_search_timer_timeout()  # Enter before the pause: search now
                    self._focus_table()
                    return True
                if key == Qt.Key.Key_Escape and self.search_edit.text():
                    self.clear_search()
                    return True
            elif watched is self.lists and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._focus_table()
                return True
        return super().eventFilter(watched, event)

    def _focus_table(self) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, 0))

    # --- login, lock, logout --------------------------------------------------------------

    def _enter_desk(self) -> None:
        self.locked = False
        self.stack.setCurrentWidget(self.desk_page)
        for a in self.desk_actions:
            a.setEnabled(True)
        self._update_officer()
        self.idle.start()
        self._tick.start()
        self.refresh()
        self.lock_changed.emit(False)

    def _enter_locked(self, text: str) -> None:
        self.locked = True
        self.idle.stop()
        self._tick.stop()
        self._search_timer.stop()
        self._list_seq += 1  # answers on their way are dropped
        self._search_seq += 1
        for a in self.desk_actions:
            a.setEnabled(False)
        self.lock_label.setText(text)
        self.stack.setCurrentWidget(self.lock_page)
        self.reminder.hide()
        self.statusBar().clearMessage()
        self.lock_changed.emit(True)

    def _hide_dialogs(self) -> None:
        for dialog in self.findChildren(QDialog):
            if dialog.isVisible() and dialog is not self._login:
                dialog.hide()
                self._hidden_dialogs.append(dialog)

    def _restore_dialogs(self, show: bool) -> None:
        for dialog in self._hidden_dialogs:
            if not isValid(dialog):  # deleted meanwhile
                continue
            if show:
                dialog.show()
            else:
                dialog.reject()
        self._hidden_dialogs = []

    @Slot()
    def lock(self, *, idle: bool = False) -> None:
        """Hide the desk and ask for the password again (Ctrl+L, or after idle time)."""
        if self.locked or self.ctx.user is None:
            return
        self._locked_user = self.ctx.user
        self._locked_idle = idle
        self._hide_dialogs()
        self._enter_locked(
            self.tr("Bàn làm việc đã khóa. Dữ liệu được ẩn cho đến khi đăng nhập lại.")
        )
        self.ctx.signals.user_changed.emit()
        self.show_login()

    @Slot()
    def _on_idle_idle(self) -> None:
        self.lock(idle=True)

    @Slot()
    def logout(self) -> None:
        if self.ctx.user is None:
            return
        if not self.locked:
            self._hide_dialogs()
        self._restore_dialogs(show=False)  # an unfinished intake belongs to who started it
        self._locked_user = None
        self.ctx.user = None
        self.ctx.signals.user_changed.emit()
        self.search_edit.clear()
        self._search_query = ""
        self.model.set_ids([])
        self._remind_after_counts = True
        self._update_officer()
        self._enter_locked(self.tr("Đã đăng xuất."))
        self.show_login()

    @Slot()
    def show_login(self) -> QDialog | None:
        """The login dialog over the locked desk (again, if it was closed)."""
        current = self._login if self._login is not None and isValid(self._login) else None
        if current is not None and current.isVisible():
            current.raise_()
            current.activateWindow()
            return current
        dialog = LoginDialog(
            self.ctx,
            self,
            locked_user=self._locked_user,
            idle_minutes=self.idle_minutes if self._locked_idle else 0,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.logged_in.connect(self._on_login_logged_in)
        self._login = dialog
        dialog.open()
        return dialog

    @Slot(object)
    def _on_login_logged_in(self, user: object) -> None:
        previous = self._locked_user
        same = (
            isinstance(user, UserInfo)
            and previous is not None
            and (user.username == previous.username)
        )
        self._restore_dialogs(show=same)
        self._locked_user = None
        if not same:  # a new session: the model is read again and reminders shown
            self._remind_after_counts = True
            self.search_edit.clear()
            self._search_query = ""
            self.model.set_ids([])
        self._enter_desk()
        self.table.setFocus()

    # --- closing --------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self.idle.stop()
        self._tick.stop()
        self.sync.stop()  # the application ends: a request in flight waits a few seconds at most
        for dialog in self.findChildren(QDialog):
            if dialog.isVisible():
                dialog.done(QDialog.DialogCode.Rejected)
        super().closeEvent(event)
        self.closed.emit()
