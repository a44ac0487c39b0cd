"""The dossier view: all fields, the checklist, the history, attachments and the lifecycle actions.

Reading runs in a Task on the I/O pool (its own ``store.read()`` session); every action's write
runs in a Task on the one writer thread. Only the actions the lifecycle allows are enabled; a
disabled one says why in its tooltip, and its shortcut shows the same explanation in the
dialog's notice line, so nothing is hidden silently.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from itertools import pairwise
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.attachments import (
    AttachmentRow,
    DocumentRef,
    attachment_path,
    find_document,
    list_attachments,
)
from app.calendar_store import load_calendar
from app.clock import Clock
from app.datadir import Store
from app.desk import thresholds
from app.dossiers import DossierView, extend, show, transition
from app.errors import IllegalTransition, InvalidInput, NotFound
from app.lifecycle import (
    ALLOWED,
    TERMINAL,
    DossierFacts,
    State,
    check_extension,
    check_transition,
)
from app.workdays import TimeUnit
from ui.context import AppContext
from ui.dossier.actions import (
    ActionDialog,
    Confirmed,
    ExtendAnswer,
    ExtendDialog,
    ForwardAnswer,
    ForwardDialog,
    HandOverAnswer,
    HandOverDialog,
    ReasonAnswer,
    RefuseDialog,
    ResultReadyDialog,
    StartDialog,
    StopDialog,
    SupplementAnswer,
    SupplementReceivedDialog,
    SupplementRequestDialog,
    WithdrawDialog,
)
from ui.dossier.labels import (
    channel_label,
    delivery_label,
    event_label,
    form_name,
    format_date_iso,
    national_status_label,
)
from ui.formatting import copy_type_label, format_datetime, format_money, state_label
from ui.levels import LEVEL_STYLE, styled
from ui.messages import error_text, transition_reason
from ui.scan.thumbs import profile_label
from ui.sync.conflicts import ConflictBanner
from ui.sync.online import AcceptOnlineDialog, OnlineStrip
from ui.tasks import ProgressFn

EXTENSION_WORKING_DAYS = 3  # the proposed new date: this many working days after the due date
_PROBE_REASON = "-"  # lets check_transition/check_extension judge a step before a reason exists
_YES, _NO = "✓", "—"  # marks, not words


@dataclass(frozen=True)
class ActionSpec:
    """One lifecycle action of the view: its key (objectName suffix), target and shortcut."""

    key: str
    target: State | None  # None: the extension (not a state change)
    shortcut: str
    form: str | None = None  # the form printed after it (Mẫu 02 … 05)


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("start", State.IN_PROCESS, "Ctrl+G"),
    ActionSpec("supplement", State.SUPPLEMENT_REQUESTED, "Ctrl+B", "02"),
    ActionSpec("supplement_received", State.SUPPLEMENT_RECEIVED, "Ctrl+Shift+B"),
    ActionSpec("forward", State.FORWARDED, "Ctrl+U"),
    ActionSpec("result", State.RESULT_READY, "Ctrl+K"),
    ActionSpec("return", State.RETURNED, "Ctrl+Shift+K"),
    ActionSpec("extend", None, "Ctrl+E", "04"),
    ActionSpec("refuse", State.REFUSED, "Ctrl+T", "03"),
    ActionSpec("withdraw", State.WITHDRAWAL_REQUESTED, "Ctrl+R"),
    ActionSpec("stop", State.STOPPED, "Ctrl+D", "05"),
)
# The online inbox (online_submitted → received): its own strip, not the action column.
ONLINE_ACTIONS: tuple[ActionSpec, ...] = (ActionSpec("accept_online", State.RECEIVED, "Ctrl+N"),)
SPECS = {a.key: a for a in (*ACTIONS, *ONLINE_ACTIONS)}

# The dialog that asks what each transition needs (the extension is asked separately).
_DIALOGS: dict[str, type[ActionDialog]] = {
    "start": StartDialog,
    "supplement": SupplementRequestDialog,
    "supplement_received": SupplementReceivedDialog,
    "forward": ForwardDialog,
    "result": ResultReadyDialog,
    "return": HandOverDialog,
    "refuse": RefuseDialog,
    "withdraw": WithdrawDialog,
    "stop": StopDialog,
    "accept_online": AcceptOnlineDialog,
}


@dataclass(frozen=True)
class Loaded:
    """What the view shows, read in one Task."""

    view: DossierView
    now: datetime
    flag: str | None  # "overdue", "due_soon" or None (app.desk.Thresholds.flag)
    proposed_due: datetime  # default new date of an extension

    @property
    def facts(self) -> DossierFacts:
        v = self.view
        return DossierFacts(State(v.row.state), v.supplement_count, v.extension_count)


def load_dossier(store: Store, code: str, clock: Clock) -> Loaded:
    """The dossier, its reminder flag and a proposed extension date (runs off the GUI thread)."""
    view = show(store, code)
    now = clock()
    with store.read() as session:
        flag = thresholds(session, now).flag(view.row)
        cal = load_calendar(session)
        # An overdue dossier cannot be extended into the past: count from now then.
        base = max(view.row.due_at, now)
        proposed = cal.due(base, EXTENSION_WORKING_DAYS, TimeUnit.WORKING_DAYS)
    return Loaded(view, now, flag, proposed)


def _value_label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(f"dossier.field.{name}")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    return label


class DossierDialog(QDialog):
    """One dossier: read it, act on it.

    Signals:
        dossier_changed(str): an action of this dialog changed the dossier (its code).
        loaded(): a read finished (after opening, an action, F5): the dossier is on screen,
            or ``load_error`` says why not.
    """

    dossier_changed = Signal(str)
    loaded = Signal()

    def __init__(self, ctx: AppContext, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.code = code.strip()
        self.data: Loaded | None = None
        self.load_error: object | None = None
        self.busy = False  # a write is on its way: actions wait
        self.loading = False
        self._emitting = False
        self._refocus = True  # after the first load and after an action: focus the next step
        self._generation = 0  # of the newest read
        self.buttons: dict[str, QPushButton] = {}
        self.shortcuts: dict[str, QAction] = {}
        self._notices: list[str] = []
        self.setObjectName("dossier.dialog")
        self.setWindowTitle(self.tr("Hồ sơ {code}").format(code=self.code))
        self.resize(1120, 740)
        self._build()
        ctx.signals.dossiers_changed.connect(self._on_context_dossiers_changed)
        self.reload()

    # -- layout --------------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)

        head = QHBoxLayout()
        self.title = QLabel(self.tr("Hồ sơ {code}").format(code=self.code), self)
        self.title.setObjectName("dossier.title")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.state_chip = QLabel(self)
        self.state_chip.setObjectName("dossier.state_chip")
        head.addWidget(self.title)
        head.addWidget(self.state_chip)
        head.addStretch(1)
        outer.addLayout(head)

        self.banner = QFrame(self)
        self.banner.setObjectName("dossier.banner")
        banner_row = QHBoxLayout(self.banner)
        banner_row.setContentsMargins(8, 4, 8, 4)
        self.banner_text = QLabel(self.banner)
        self.banner_text.setObjectName("dossier.banner.text")
        self.banner_text.setWordWrap(True)
        self.banner_extend = QPushButton(self.banner)
        self.banner_extend.setObjectName("dossier.banner.extend")
        self.banner_extend.clicked.connect(lambda *_: self.trigger("extend"))
        banner_row.addWidget(self.banner_text, 1)
        banner_row.addWidget(self.banner_extend)
        self.banner.hide()
        outer.addWidget(self.banner)
        self._build_sync_section(outer)

        self.notice = QLabel(self)
        self.notice.setObjectName("dossier.notice")
        self.notice.setWordWrap(True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice.hide()
        outer.addWidget(self.notice)

        body = QHBoxLayout()
        left = QVBoxLayout()
        left.addLayout(self._build_fields())
        left.addWidget(self._build_tabs(), 1)
        body.addLayout(left, 1)
        body.addWidget(self._build_actions())
        outer.addLayout(body, 1)

        bottom = QHBoxLayout()
        self.reload_button = QPushButton(self.tr("Tải lại (F5)"), self)
        self.reload_button.setObjectName("dossier.reload")
        self.reload_button.setAutoDefault(False)
        self.reload_button.clicked.connect(self.reload)
        self.close_button = QPushButton(self.tr("Đóng (Esc)"), self)
        self.close_button.setObjectName("dossier.close")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        bottom.addWidget(self.reload_button)
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        outer.addLayout(bottom)

        reload_action = QAction(self.tr("Tải lại"), self)
        reload_action.setObjectName("dossier.shortcut.reload")
        reload_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        reload_action.triggered.connect(self.reload)
        self.addAction(reload_action)

        # Logical tab order: the banner's action, the tabs and their lists, actions, bottom row.
        chain: list[QWidget] = [
            self.banner_extend,
            self.tabs,
            self.checklist,
            self.history,
            self.attachments,
            *(self.buttons[a.key] for a in ACTIONS),
            self.reload_button,
            self.close_button,
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _build_fields(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.fields: dict[str, QLabel] = {}

        dossier_box = QGroupBox(self.tr("Hồ sơ"), self)
        dossier_box.setObjectName("dossier.box.dossier")
        form = QFormLayout(dossier_box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name, label in (
            ("code", self.tr("Mã hồ sơ:")),
            ("state", self.tr("Trạng thái:")),
            ("procedure", self.tr("Thủ tục:")),
            ("channel", self.tr("Kênh nộp:")),
            ("received", self.tr("Nhận lúc:")),
            ("due", self.tr("Hẹn trả:")),
            ("finished", self.tr("Kết thúc xử lý:")),
            ("sets", self.tr("Số bộ hồ sơ:")),
            ("fee", self.tr("Phí, lệ phí:")),
        ):
            self.fields[name] = _value_label(dossier_box, name)
            form.addRow(label, self.fields[name])

        applicant_box = QGroupBox(self.tr("Người nộp hồ sơ"), self)
        applicant_box.setObjectName("dossier.box.applicant")
        form2 = QFormLayout(applicant_box)
        form2.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name, label in (
            ("applicant", self.tr("Họ tên:")),
            ("id_number", self.tr("Số CCCD:")),
            ("birth_date", self.tr("Ngày sinh:")),
            ("phone", self.tr("Điện thoại:")),
            ("address", self.tr("Địa chỉ:")),
            ("email", self.tr("Thư điện tử:")),
            ("delivery", self.tr("Trả kết quả:")),
            ("technical", self.tr("Kỹ thuật:")),
        ):
            self.fields[name] = _value_label(applicant_box, name)
            form2.addRow(label, self.fields[name])
        small = self.fields["technical"].font()
        small.setPointSizeF(small.pointSizeF() * 0.85)
        self.fields["technical"].setFont(small)
        self.fields["technical"].setStyleSheet("color: #555;")

        row.addWidget(dossier_box, 1)
        row.addWidget(applicant_box, 1)
        return row

    def _build_tabs(self) -> QTabWidget:
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("dossier.tabs")

        self.checklist = QTableWidget(0, 7, self.tabs)
        self.checklist.setObjectName("dossier.checklist")
        self.checklist.setHorizontalHeaderLabels(
            [
                self.tr("Mã"),
                self.tr("Thành phần hồ sơ"),
                self.tr("Loại bản"),
                self.tr("SL"),
                self.tr("Đã nhận"),
                self.tr("Đã số hóa"),
                self.tr("Tái sử dụng"),
            ]
        )
        self.history = QTableWidget(0, 5, self.tabs)
        self.history.setObjectName("dossier.history")
        self.history.setHorizontalHeaderLabels(
            [
                self.tr("Thời gian"),
                self.tr("Người thực hiện"),
                self.tr("Việc"),
                self.tr("Trạng thái"),
                self.tr("Lý do"),
            ]
        )
        for table, stretch in ((self.checklist, 1), (self.history, 4)):
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            table.setTabKeyNavigation(False)  # Tab leaves the table: no keyboard trap
            table.setWordWrap(True)
            table.verticalHeader().setVisible(False)
            header = table.horizontalHeader()
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)

        attachments_page = self._build_attachments_page()

        self.tabs.addTab(self._build_checklist_page(), self.tr("&Thành phần hồ sơ"))
        self.tabs.addTab(self.history, self.tr("&Lịch sử xử lý"))
        self.tabs.addTab(attachments_page, self.tr("Tệp &số hóa"))
        return self.tabs

    # -- checklist scanning and the digitised files (ui/scan) ---------------------------------

    def _build_checklist_page(self) -> QWidget:
        """The checklist table with "Quét…" for the selected line (Ctrl+Shift+S)."""
        page = QWidget(self.tabs)
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        self.checklist.setParent(page)
        column.addWidget(self.checklist, 1)
        row = QHBoxLayout()
        self.scan_button = QPushButton(self.tr("&Quét… (Ctrl+Shift+S)"), page)
        self.scan_button.setObjectName("dossier.scan")
        self.scan_button.setAutoDefault(False)
        # Out of the Tab chain (tabs, list, first step): Ctrl+Shift+S or Alt+Q reach it.
        self.scan_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scan_button.setToolTip(
            self.tr("Quét giấy tờ của thành phần đang chọn và lưu vào hồ sơ")
        )
        self.scan_button.clicked.connect(self.scan_selected)
        row.addWidget(self.scan_button)
        row.addStretch(1)
        column.addLayout(row)
        scan_action = QAction(self.tr("Quét thành phần đang chọn"), self)
        scan_action.setObjectName("dossier.shortcut.scan")
        scan_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        scan_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        scan_action.triggered.connect(self.scan_selected)
        self.addAction(scan_action)
        return page

    def _build_attachments_page(self) -> QWidget:
        page = QWidget(self.tabs)
        column = QVBoxLayout(page)
        self.attachments = QListWidget(page)
        self.attachments.setObjectName("dossier.attachments")
        self.attachments.setWordWrap(True)
        self.attachments.itemActivated.connect(lambda *_: self.open_attachment())
        self.attachment_rows: list[AttachmentRow] = []
        self._attachments_generation = 0
        row = QHBoxLayout()
        self.open_button = QPushButton(self.tr("&Mở (Enter)"), page)
        self.open_button.setObjectName("dossier.attachments.open")
        self.open_button.setAutoDefault(False)
        self.open_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Enter on the list opens too
        self.open_button.clicked.connect(self.open_attachment)
        note = QLabel(
            self.tr("Để quét: chọn thành phần ở thẻ Thành phần hồ sơ rồi nhấn Ctrl+Shift+S."),
            page,
        )
        note.setObjectName("dossier.attachments.note")
        note.setStyleSheet("color: #555;")
        note.setWordWrap(True)
        row.addWidget(self.open_button)
        row.addWidget(note, 1)
        column.addWidget(self.attachments, 1)
        column.addLayout(row)
        self._show_attachments([])
        self.loaded.connect(self._load_attachments)
        return page

    @Slot()
    def _load_attachments(self) -> None:
        """The dossier's files, read on the I/O pool after each load of the dossier."""
        self._attachments_generation += 1
        generation = self._attachments_generation
        store, code = self.ctx.store, self.code

        def work(_progress: ProgressFn) -> list[AttachmentRow]:
            return list_attachments(store, code)

        def done(result: object) -> None:
            if isValid(self) and generation == self._attachments_generation:
                assert isinstance(result, list)
                self._show_attachments(result)

        self.ctx.runner.run_io(work, on_success=done, on_failure=lambda _exc: None)

    def _attachment_text(self, a: AttachmentRow) -> str:
        doc = " — ".join(p for p in (a.document_code, a.document_name) if p)
        details = [
            self.tr("%n trang", "", a.pages),
            self.tr("{kb} KB").format(kb=max(1, round(a.size / 1024))),
            profile_label(a.profile) if a.profile != "mixed" else self.tr("Nhiều kiểu trang"),
        ]
        if a.reused_from:
            details.append(self.tr("Dùng lại bản số hóa cũ"))
        ocr = {
            "pending": self.tr("Đang chờ nhận dạng chữ"),
            "done": self.tr("Đã nhận dạng chữ"),
            "failed": self.tr("Nhận dạng chữ lỗi"),
        }.get(a.ocr_state)
        if ocr:
            details.append(ocr)
        return "\n".join([f"{a.file_name}  ({doc})" if doc else a.file_name, " · ".join(details)])

    def _show_attachments(self, rows: list[AttachmentRow]) -> None:
        self.attachment_rows = rows
        self.attachments.clear()
        if not rows:
            placeholder = QListWidgetItem(self.tr("Chưa có tệp số hóa"), self.attachments)
            placeholder.setFlags(Qt.ItemFlag.ItemIsEnabled)
            placeholder.setForeground(QBrush(QColor("#666666")))
        for a in rows:
            item = QListWidgetItem(self._attachment_text(a), self.attachments)
            item.setData(Qt.ItemDataRole.UserRole, a.id)
            item.setToolTip(
                self.tr("Lưu lúc {at}, bởi {by}").format(
                    at=format_datetime(a.created_at), by=a.created_by
                )
            )
        if rows:
            self.attachments.setCurrentRow(0)
        self.open_button.setEnabled(bool(rows))
        if self.tabs.count() > 2:
            self.tabs.setTabText(2, self.tr("Tệp &số hóa ({n})").format(n=len(rows)))

    @Slot()
    def open_attachment(self) -> None:
        """Show the selected file in the app's PDF preview (print or save from there)."""
        item = self.attachments.currentItem()
        attachment_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if not attachment_id:
            return
        row = next((a for a in self.attachment_rows if a.id == attachment_id), None)
        title = row.file_name if row is not None else str(attachment_id)
        store = self.ctx.store

        def work(_progress: ProgressFn) -> bytes:
            return attachment_path(store, str(attachment_id)).read_bytes()

        def opened(pdf: object) -> None:
            if isValid(self):
                assert isinstance(pdf, bytes)
                self._preview_attachment(pdf, title)

        def failed(exc: object) -> None:
            if isValid(self):
                self.show_notice(
                    self.tr("Không mở được tệp {name}: {error}").format(
                        name=title, error=error_text(exc)
                    ),
                    "error",
                )

        self.ctx.runner.run_io(work, on_success=opened, on_failure=failed)

    def _preview_attachment(self, pdf: bytes, title: str) -> None:
        from ui.print_preview import PrintPreviewDialog
        from ui.printing import PrintService

        service = PrintService.for_widget(self, self.ctx)
        holder: list[PrintPreviewDialog] = []

        def on_print() -> None:
            if holder and isValid(service):
                service.print_with_dialog(pdf, title=title, preview=holder[0])

        def on_save() -> None:
            if holder and isValid(service):
                service.save_pdf(pdf, name=title, title=title, preview=holder[0])

        holder.append(PrintPreviewDialog.ask(self, pdf, title, on_print, on_save))

    @Slot()
    def scan_selected(self) -> None:
        """Open the scan dialog for the selected checklist line (Ctrl+Shift+S)."""
        row = self.checklist.currentRow()
        if self.data is None or not 0 <= row < len(self.data.view.documents):
            self.show_notice(
                self.tr("Chọn một thành phần hồ sơ trong danh sách rồi nhấn Ctrl+Shift+S."),
                "warning",
            )
            self.tabs.setCurrentIndex(0)
            self.checklist.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
        store, code = self.ctx.store, self.code

        def work(_progress: ProgressFn) -> DocumentRef:
            return find_document(store, code, str(row + 1))

        def found(doc: object) -> None:
            if isValid(self):
                assert isinstance(doc, DocumentRef)
                from ui.scan.dialog import ScanDialog

                ScanDialog.ask(self, self.ctx, doc)

        def failed(exc: object) -> None:
            if isValid(self):
                self.show_notice(error_text(exc), "error")

        self.ctx.runner.run_io(work, on_success=found, on_failure=failed)

    def _build_actions(self) -> QGroupBox:
        box = QGroupBox(self.tr("Thao tác"), self)
        box.setObjectName("dossier.actions")
        box.setMinimumWidth(300)
        column = QVBoxLayout(box)
        groups = (
            ("start", "forward", "result", "return"),
            ("supplement", "supplement_received", "extend"),
            ("refuse", "withdraw", "stop"),
        )
        for n, keys in enumerate(groups):
            if n:
                line = QFrame(box)
                line.setFrameShape(QFrame.Shape.HLine)
                line.setFrameShadow(QFrame.Shadow.Sunken)
                column.addWidget(line)
            for key in keys:
                spec = SPECS[key]
                sequence = QKeySequence(spec.shortcut)
                shown = sequence.toString(QKeySequence.SequenceFormat.NativeText)
                button = QPushButton(
                    self.tr("{action}  ({shortcut})").format(
                        action=self.action_text(key), shortcut=shown
                    ),
                    box,
                )
                button.setObjectName(f"dossier.action.{key}")
                button.setAutoDefault(True)  # Enter on a focused action runs it
                button.setStyleSheet("QPushButton { text-align: left; padding: 5px 10px; }")
                button.setEnabled(False)
                button.clicked.connect(lambda *_, k=key: self.trigger(k))
                column.addWidget(button)
                self.buttons[key] = button
                # The shortcut lives on the dialog and stays enabled, so pressing it on a
                # disallowed step explains instead of doing nothing.
                action = QAction(self.action_text(key), self)
                action.setObjectName(f"dossier.shortcut.{key}")
                action.setShortcut(sequence)
                action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
                action.triggered.connect(lambda *_, k=key: self.trigger(k))
                self.addAction(action)
                self.shortcuts[key] = action
        column.addStretch(1)
        self.actions_hint = QLabel(box)
        self.actions_hint.setObjectName("dossier.actions.hint")
        self.actions_hint.setWordWrap(True)
        self.actions_hint.setStyleSheet("color: #555;")
        column.addWidget(self.actions_hint)
        self._set_hint()
        return box

    def _set_hint(self) -> None:
        if self.data is not None and State(self.data.view.row.state) in TERMINAL:
            self.actions_hint.setText(
                self.tr("Hồ sơ đã kết thúc ({state}): không còn bước nào để làm.").format(
                    state=state_label(self.data.view.row.state)
                )
            )
        else:
            self.actions_hint.setText(
                self.tr(
                    "Thao tác bị mờ là chưa được phép ở trạng thái này: "
                    "nhấn phím tắt của nó để xem lý do."
                )
            )

    # -- sync: refused changes and the online inbox (ui/sync) ----------------------------------

    def _build_sync_section(self, outer: QVBoxLayout) -> None:
        """The conflict banner and the online-inbox strip, under the due-date banner."""
        self.conflicts = ConflictBanner(self.ctx, self)
        outer.addWidget(self.conflicts)
        self.online = OnlineStrip(self)
        for key, button in (
            ("accept_online", self.online.accept_button),
            ("refuse", self.online.refuse_button),
        ):
            shown = QKeySequence(SPECS[key].shortcut).toString(
                QKeySequence.SequenceFormat.NativeText
            )
            button.setText(
                self.tr("{action}  ({shortcut})").format(
                    action=self.action_text(key), shortcut=shown
                )
            )
            button.setAutoDefault(True)
            button.clicked.connect(lambda *_, k=key: self.trigger(k))
        outer.addWidget(self.online)
        action = QAction(self.action_text("accept_online"), self)
        action.setObjectName("dossier.shortcut.accept_online")
        action.setShortcut(QKeySequence(SPECS["accept_online"].shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda *_: self.trigger("accept_online"))
        self.addAction(action)
        self.shortcuts["accept_online"] = action
        self.loaded.connect(self._on_loaded_sync)
        self.ctx.signals.synced.connect(self._on_context_synced)

    @Slot()
    def _on_loaded_sync(self) -> None:
        """After each read: the dossier's refused changes (own Task) and the inbox strip."""
        if self.data is None:
            self.conflicts.hide()
        else:
            self.conflicts.load(self.data.view.row.id, self.data.view.row.code)
        self._update_online()

    @Slot(object)
    def _on_context_synced(self, _report: object) -> None:
        """A sync cycle pulled changes or recorded a refusal: show the new state."""
        if isValid(self):
            self.reload()

    def _update_online(self) -> None:
        waiting = (
            self.data is not None and State(self.data.view.row.state) is State.ONLINE_SUBMITTED
        )
        self.online.setVisible(waiting)
        if not waiting:
            return
        for key, button in (
            ("accept_online", self.online.accept_button),
            ("refuse", self.online.refuse_button),
        ):
            why = self.why_not(key)
            button.setEnabled(why is None and not self.loading and not self.busy)
            button.setToolTip(why or "")

    # -- texts ---------------------------------------------------------------------------------

    def action_text(self, key: str) -> str:
        texts = {
            "start": self.tr("Bắt đầu giải quyết"),
            "supplement": self.tr("Yêu cầu bổ sung"),
            "supplement_received": self.tr("Nhận bổ sung"),
            "forward": self.tr("Chuyển cơ quan giải quyết"),
            "result": self.tr("Ghi nhận có kết quả"),
            "return": self.tr("Trả kết quả"),
            "extend": self.tr("Gia hạn"),
            "refuse": self.tr("Từ chối"),
            "withdraw": self.tr("Công dân xin rút"),
            "stop": self.tr("Dừng giải quyết"),
            "accept_online": self.tr("Tiếp nhận hồ sơ trực tuyến"),
        }
        return texts[key]

    def why_not(self, key: str) -> str | None:
        """Why the action cannot run now (one or two sentences), or None when it can."""
        spec = SPECS[key]
        if self.data is None:
            if self.load_error is not None:
                return self.tr("{action}: chưa đọc được hồ sơ.").format(
                    action=self.action_text(key)
                )
            return self.tr("{action}: hồ sơ đang được tải, xin chờ.").format(
                action=self.action_text(key)
            )
        if self.busy:
            return self.tr("{action}: đang lưu thao tác trước, xin chờ.").format(
                action=self.action_text(key)
            )
        facts = self.data.facts
        try:
            if spec.target is None:
                check_extension(facts, _PROBE_REASON)
            else:
                check_transition(facts, spec.target, _PROBE_REASON)
        except IllegalTransition as exc:
            return self._explain(spec, exc.reason)
        return None

    def _explain(self, spec: ActionSpec, reason: str) -> str:
        assert self.data is not None
        v = self.data.view
        state = State(v.row.state)
        parts = [transition_reason(reason)]
        parts.append(self.tr("Trạng thái hiện tại: {state}.").format(state=state_label(state)))
        if reason == "not_allowed" and spec.target is not None and state not in TERMINAL:
            sources = [s for s in State if spec.target in ALLOWED[s]]
            parts.append(
                self.tr("Bước này chỉ làm được khi hồ sơ ở trạng thái: {states}.").format(
                    states=", ".join(state_label(s) for s in sources)
                )
            )
        if (
            spec.target is State.SUPPLEMENT_REQUESTED
            and v.supplement_count
            and reason != "supplement_once"
        ):
            parts.append(self.tr("Hồ sơ này đã được yêu cầu bổ sung; chỉ được yêu cầu một lần."))
        if reason == "extension_once":
            parts.append(
                self.tr("Hẹn ban đầu {original}, hẹn hiện tại {due}.").format(
                    original=format_datetime(v.original_due_at), due=format_datetime(v.row.due_at)
                )
            )
        return self.tr("{action}: {why}").format(
            action=self.action_text(spec.key), why=" ".join(parts)
        )

    # -- notices -------------------------------------------------------------------------------

    def show_notice(self, text: str, level: str = "info", *, append: bool = False) -> None:
        """The notice line under the banner: explanations, results of actions, errors."""
        self._notices = [*self._notices, text] if append else [text]
        self.notice.setText("\n".join(self._notices))
        styled(self.notice, level)
        self.notice.setAccessibleDescription(self.notice.text())
        self.notice.show()

    def clear_notice(self) -> None:
        self._notices = []
        self.notice.clear()
        self.notice.hide()

    def print_form(self, code: str, form: str) -> None:
        """Print the form of an action (Mẫu 02, 03, 04, 05): rendered in a Task, then the
        preview with In (Ctrl+P), Lưu PDF… (Ctrl+S) and Đóng (Esc). Progress and errors take
        one line of the notice, replaced as printing goes on."""
        from ui.printing import PrintService

        levels = {"info": "info", "ok": "info", "warning": "warning", "error": "error"}
        last: list[str] = []

        def status(level: str, text: str) -> None:
            if not isValid(self):
                return
            self._notices = [n for n in self._notices if not last or n != last[0]]
            last[:] = [text]
            self.show_notice(text, levels.get(level, "info"), append=True)

        service = PrintService.for_widget(self, self.ctx, status)
        service.preview_form(code, form, name=form_name(form))

    # -- loading -------------------------------------------------------------------------------

    @Slot()
    def reload(self) -> None:
        """Read the dossier again in a Task; the view changes when the answer arrives.

        Only the newest read counts: an older one that arrives late is dropped.
        """
        self._generation += 1
        generation = self._generation
        self.loading = True
        self._update_actions()
        store, code, clock = self.ctx.store, self.code, self.ctx.clock

        def work(_progress: ProgressFn) -> Loaded:
            return load_dossier(store, code, clock)

        self.ctx.runner.run_io(
            work,
            on_success=partial(self._on_loaded, generation),
            on_failure=partial(self._on_load_failed, generation),
        )

    def _on_loaded(self, generation: int, result: object) -> None:
        if not isValid(self) or generation != self._generation:
            return
        assert isinstance(result, Loaded)
        self.loading = False
        self.data, self.load_error = result, None
        self._show(result)
        self._update_actions()
        self._settle_focus()
        self.loaded.emit()

    def _on_load_failed(self, generation: int, exc: object) -> None:
        if not isValid(self) or generation != self._generation:
            return
        self.loading = False
        self.load_error = exc
        if isinstance(exc, NotFound):
            self.show_notice(
                self.tr("Không tìm thấy hồ sơ {code}.").format(code=self.code), "error"
            )
        else:
            self.show_notice(
                self.tr("Không đọc được hồ sơ: {error}").format(error=error_text(exc)), "error"
            )
        self._update_actions()
        self.loaded.emit()

    @Slot(list)
    def _on_context_dossiers_changed(self, codes: list[Any]) -> None:
        """Another window changed this dossier: show the new state."""
        if not self._emitting and self.code in codes:
            self.reload()

    def _show(self, data: Loaded) -> None:
        v, row = data.view, data.view.row
        f = self.fields
        self.setWindowTitle(
            self.tr("Hồ sơ {code} — {name}").format(code=row.code, name=row.applicant_name)
        )
        self.title.setText(self.tr("Hồ sơ {code}").format(code=row.code))
        state = State(row.state)
        self.state_chip.setText(state_label(state))
        if state in TERMINAL:
            chip = LEVEL_STYLE["closed"]
        elif state is State.SUPPLEMENT_REQUESTED or state is State.WITHDRAWAL_REQUESTED:
            chip = LEVEL_STYLE["warning"]
        elif state is State.RESULT_READY:
            chip = LEVEL_STYLE["ok"]
        else:
            chip = LEVEL_STYLE["info"]
        self.state_chip.setStyleSheet(
            f"background: {chip[0]}; border: 1px solid {chip[1]}; color: {chip[2]}; "
            "border-radius: 9px; padding: 2px 10px; font-weight: bold;"
        )

        f["code"].setText(row.code)
        f["state"].setText(
            self.tr("{state} — mã trạng thái quốc gia {national} ({national_name})").format(
                state=state_label(state),
                national=v.national_status,
                national_name=national_status_label(v.national_status),
            )
        )
        f["procedure"].setText(
            self.tr("{code} — {name}").format(code=row.procedure_code, name=row.procedure_name)
        )
        f["channel"].setText(channel_label(v.channel))
        f["received"].setText(
            self.tr("{at}, bởi {officer}").format(
                at=format_datetime(row.received_at), officer=v.received_by
            )
        )
        f["due"].setText(self._due_text(data))
        if data.flag == "overdue":
            f["due"].setStyleSheet("color: #b00020; font-weight: bold;")
        elif data.flag == "due_soon":
            f["due"].setStyleSheet("color: #8a5a00; font-weight: bold;")
        else:
            f["due"].setStyleSheet("")
        f["finished"].setText(
            format_datetime(v.finished_at) if v.finished_at else self.tr("Chưa kết thúc")
        )
        f["sets"].setText(str(v.sets))
        if v.fee_total is None:
            f["fee"].setText(self.tr("Theo biểu phí của thủ tục (nhiều mức)"))
        elif v.fee_total == 0:
            f["fee"].setText(self.tr("Không thu"))
        else:
            f["fee"].setText(format_money(v.fee_total))

        dash = _NO
        f["applicant"].setText(row.applicant_name)
        f["id_number"].setText(row.id_number or dash)
        f["birth_date"].setText(format_date_iso(v.birth_date) or dash)
        f["phone"].setText(row.phone or dash)
        f["address"].setText(v.address or dash)
        f["email"].setText(v.email or dash)
        if v.result_delivery == "post":
            f["delivery"].setText(
                self.tr("{delivery}: {address}").format(
                    delivery=delivery_label(v.result_delivery),
                    address=v.postal_address or v.address,
                )
            )
        else:
            f["delivery"].setText(delivery_label(v.result_delivery))
        f["technical"].setText(
            self.tr("Số thứ tự {no} · danh mục {catalog} · lịch {calendar}").format(
                no=v.local_no, catalog=v.catalog_version, calendar=v.calendar_version
            )
        )

        self._show_banner(data)
        self._fill_checklist(v)
        self._fill_history(v)
        self.tabs.setTabText(0, self.tr("&Thành phần hồ sơ ({n})").format(n=len(v.documents)))
        self.tabs.setTabText(1, self.tr("&Lịch sử xử lý ({n})").format(n=len(v.events)))

    def _due_text(self, data: Loaded) -> str:
        v = data.view
        lines = [format_datetime(v.row.due_at)]
        if data.flag == "overdue":
            lines[0] = self.tr("{due} — ĐÃ QUÁ HẠN").format(due=lines[0])
        elif data.flag == "due_soon":
            lines[0] = self.tr("{due} — sắp đến hạn").format(due=lines[0])
        if v.original_due_at != v.row.due_at:
            lines.append(
                self.tr("Hẹn ban đầu: {due}").format(due=format_datetime(v.original_due_at))
            )
        if v.extension_count:
            lines.append(
                self.tr("Đã gia hạn một lần. Lý do: {reason}").format(reason=v.extension_reason)
            )
        if v.paused_at is not None:
            lines.append(
                self.tr("Tạm dừng từ {at} — chờ công dân bổ sung").format(
                    at=format_datetime(v.paused_at)
                )
            )
        return "\n".join(lines)

    def _show_banner(self, data: Loaded) -> None:
        if data.flag is None:
            self.banner.hide()
            self.banner.setProperty("level", None)
            return
        can_extend = self.why_not("extend") is None or self.busy
        due = format_datetime(data.view.row.due_at)
        if data.flag == "overdue":
            if can_extend:
                text = self.tr(
                    "Hồ sơ đã quá hạn (hẹn trả {due}) — gửi văn bản xin lỗi và gia hạn (Ctrl+E)."
                ).format(due=due)
            else:
                text = self.tr(
                    "Hồ sơ đã quá hạn (hẹn trả {due}). Đã gia hạn một lần, không gia hạn thêm "
                    "được: cần giải quyết ngay."
                ).format(due=due)
        elif can_extend:
            text = self.tr(
                "Hồ sơ sắp đến hạn trả ({due}). Nếu không kịp, gửi văn bản xin lỗi và gia hạn "
                "trước hạn (Ctrl+E)."
            ).format(due=due)
        else:
            text = self.tr("Hồ sơ sắp đến hạn trả ({due}).").format(due=due)
        self.banner_text.setText(text)
        self.banner_extend.setText(self.tr("Xin lỗi và gia hạn (Ctrl+E)"))
        self.banner_extend.setVisible(can_extend)
        styled(self.banner, data.flag, bold=data.flag == "overdue")
        self.banner.show()

    def _fill_checklist(self, v: DossierView) -> None:
        t = self.checklist
        t.setRowCount(len(v.documents))
        yes, no = _YES, _NO
        for r, doc in enumerate(v.documents):
            name = (
                doc.name
                if doc.required
                else self.tr("{name} (không bắt buộc)").format(name=doc.name)
            )
            cells = [
                doc.code,
                name,
                copy_type_label(doc.copy_type),
                str(doc.copies),
                yes if doc.received else self.tr("chưa nhận"),
                yes if doc.digitised else no,
                yes if doc.reused else no,
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c in (3, 4, 5, 6):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if c == 4 and not doc.received and doc.required:
                    item.setForeground(QBrush(QColor("#b00020")))
                t.setItem(r, c, item)
        t.resizeRowsToContents()

    def _fill_history(self, v: DossierView) -> None:
        t = self.history
        t.setRowCount(len(v.events))
        for r, e in enumerate(v.events):
            if e.from_state is None:
                states = state_label(e.to_state)
            elif e.from_state == e.to_state:
                states = self.tr("{state} (không đổi)").format(state=state_label(e.to_state))
            else:
                states = self.tr("{before} → {after}").format(
                    before=state_label(e.from_state), after=state_label(e.to_state)
                )
            cells = [
                format_datetime(e.at),
                e.actor,
                event_label(e.kind, e.to_state),
                states,
                e.reason,
            ]
            for c, text in enumerate(cells):
                t.setItem(r, c, QTableWidgetItem(text))
        t.resizeRowsToContents()
        if v.events:
            t.scrollToBottom()

    # -- actions -------------------------------------------------------------------------------

    def _update_actions(self) -> None:
        for spec in ACTIONS:
            button = self.buttons[spec.key]
            if self.loading or self.busy:
                button.setEnabled(False)
                continue
            why = self.why_not(spec.key)
            button.setEnabled(why is None)
            sequence = (
                self.shortcuts[spec.key].shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            )
            button.setToolTip(
                why
                or self.tr("{action} ({shortcut})").format(
                    action=self.action_text(spec.key), shortcut=sequence
                )
            )
            button.setAccessibleDescription(why or "")
        if self.data is not None and not self.loading:
            self._show_banner(self.data)
            self._set_hint()
        self._update_online()

    def _settle_focus(self) -> None:
        """Put the focus on the banner's action or the first allowed step (first load, after
        an action); on other reloads keep it where the officer left it, if still usable."""
        current = self.focusWidget()
        if (
            not self._refocus
            and current is not None
            and current.isEnabled()
            and current.isVisible()
        ):
            return
        self._refocus = False
        if self.banner.isVisible() and self.banner_extend.isVisible():
            self.banner_extend.setFocus()
            return
        if self.online.isVisible() and self.online.accept_button.isEnabled():
            self.online.accept_button.setFocus()  # the inbox step comes first
            return
        for spec in ACTIONS:
            if self.buttons[spec.key].isEnabled():
                self.buttons[spec.key].setFocus()
                return
        self.close_button.setFocus()

    def trigger(self, key: str) -> None:
        """Run an action (button, shortcut or banner): ask what it needs, then write.

        A step that is not allowed now is explained in the notice line instead.
        """
        why = self.why_not(key)
        if why is None and self.loading:
            why = self.tr("{action}: hồ sơ đang được tải lại, xin chờ.").format(
                action=self.action_text(key)
            )
        if why is not None:
            self.show_notice(why, "warning")
            return
        assert self.data is not None
        done = partial(self._on_answered, key)
        if key == "extend":
            earliest = max(self.data.view.row.due_at, self.data.now)
            ExtendDialog.ask(self, self.data.view, done, self.data.proposed_due, earliest)
        else:
            _DIALOGS[key].ask(self, self.data.view, done)

    def _on_answered(self, key: str, answer: object) -> None:
        """The officer answered an action's dialog: write it on the writer thread."""
        spec = SPECS[key]
        store, code, actor, clock = self.ctx.store, self.code, self.ctx.actor, self.ctx.clock
        write: Callable[[ProgressFn], object]
        if spec.target is None:
            if not isinstance(answer, ExtendAnswer):
                raise TypeError(f"extend expects ExtendAnswer, got {answer!r}")
            new_due, reason = answer.new_due, answer.reason

            def write(_progress: ProgressFn) -> object:
                return extend(store, code, new_due, actor=actor, reason=reason, clock=clock)

        else:
            target = spec.target
            reason, detail = self._reason_and_detail(key, answer)

            def write(_progress: ProgressFn) -> object:
                return transition(
                    store, code, target, actor=actor, reason=reason, detail=detail, clock=clock
                )

        self.busy = True
        self.show_notice(
            self.tr("{action}: đang lưu…").format(action=self.action_text(key)), "info"
        )
        self._update_actions()
        self.ctx.runner.run_db(
            write,
            on_success=partial(self._on_written, key),
            on_failure=partial(self._on_write_failed, key),
        )

    def _reason_and_detail(self, key: str, answer: object) -> tuple[str, dict[str, Any] | None]:
        if isinstance(answer, SupplementAnswer):
            detail = {"missing": list(answer.missing), "missing_codes": list(answer.missing_codes)}
            return answer.reason, detail
        if isinstance(answer, ReasonAnswer):
            return answer.reason, None
        if isinstance(answer, ForwardAnswer):
            return "", {"agency": answer.agency}
        if isinstance(answer, HandOverAnswer):
            return "", {"handed_to": answer.name, "handed_to_id": answer.id_or_relation}
        if isinstance(answer, Confirmed):
            return "", None
        raise TypeError(f"{key}: unexpected answer {answer!r}")

    def _on_written(self, key: str, _result: object) -> None:
        if not isValid(self):  # closed and deleted while the write ran
            return
        self.busy = False
        self.show_notice(self.tr("Đã ghi: {action}.").format(action=self.action_text(key)), "info")
        form = SPECS[key].form
        if form is not None:
            self.print_form(self.code, form)
        self._refocus = True
        self._emitting = True
        try:
            self.dossier_changed.emit(self.code)
            self.ctx.signals.dossiers_changed.emit([self.code])
        finally:
            self._emitting = False
        self.reload()

    def _on_write_failed(self, key: str, exc: object) -> None:
        if not isValid(self):
            return
        self.busy = False
        if isinstance(exc, InvalidInput) and exc.field == "new_due":
            text = self.tr("Hẹn trả mới phải sau hẹn trả hiện tại.")
        else:
            text = error_text(exc)
        self.show_notice(
            self.tr("{action} chưa được ghi: {error}").format(
                action=self.action_text(key), error=text
            ),
            "error",
        )
        self.reload()  # the dossier may have changed meanwhile (another window, another desk)
