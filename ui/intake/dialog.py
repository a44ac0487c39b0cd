"""Receiving a dossier, keyboard only: procedure -> checklist -> applicant -> save -> receipt.

Nothing is written before Save: the dialog reads the catalogue, the calendar and earlier
applicants in Tasks, and saving is one ``receive_dossier`` call on the writer thread.

Keys (also shown on the buttons and in tooltips):
    F2 (main window)   open the dialog; on the receipt page: the next intake
    type + Enter       choose the procedure (Up/Down in the list; Enter on an empty field takes
                       the first, the most common one: Đăng ký khai sinh)
    Space              tick a paper as received (checklist), then the next one
    Ctrl+T             add an other paper (Insert too, in the checklist); Delete removes it
    Enter              next field; on the last field it saves
    Ctrl+R             reuse the earlier applicant's data when offered
    Ctrl+S             save (tiếp nhận)
    Ctrl+P             print the receipt (receipt page)
    Esc                close the list / cancel (asks first when something was typed) / close
    Alt+letter         jump to a field (underlined letter of its label)
"""

from __future__ import annotations

import copy
import itertools
import re
from collections.abc import Callable
from datetime import date, time
from functools import partial

from PySide6.QtCore import QEvent, QObject, QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QKeyEvent,
    QKeySequence,
    QPalette,
    QRegularExpressionValidator,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.calendar_store import load_calendar
from app.catalogue import ProcedureRow, list_current
from app.clock import local
from app.datadir import Store
from app.desk import KnownApplicant, find_applicant
from app.errors import InvalidInput, NotFound
from app.identity import check_id_number
from app.intake import (
    ApplicantInput,
    DocumentInput,
    IntakeRequest,
    Receipt,
    receive_dossier,
)
from app.workdays import TimeUnit, WorkCalendar
from ui.context import AppContext
from ui.i18n import vi_buttons
from ui.intake.checklist import COL_COUNT, COL_NAME, COL_TICK, COL_TYPE, ChecklistTable
from ui.intake.look import (
    APPOINTMENT_COLOUR,
    INVALID_STYLE,
    LEVEL_COLOURS,
    REUSE_BACKGROUND,
    SUMMARY_BACKGROUND,
    set_colour,
)
from ui.intake.procedures import ProcedureIndex
from ui.intake.receipt import ReceiptPage, ReceiptView
from ui.intake.reuse_scans import Reused, ScanReusePanel
from ui.intake.text import (
    appointment_text,
    channel_labels,
    day_text,
    delivery_labels,
    fees_detail,
    fees_text,
    parse_day,
    time_limit_text,
)
from ui.messages import error_field, error_text
from ui.tasks import ProgressFn, TaskSignals

FORM_PAGE, RECEIPT_PAGE = 0, 1
LIST_ROWS = 9  # procedures visible in the drop-down list
CMND_PAUSE_MS = 600  # 9 digits may be a CCCD half typed: look up a CMND after a pause
REFRESH_MS = 30_000
REVALIDATE_MS = 1_500  # re-read a cached catalogue this long after opening
PREBUILD_MS = 200  # build the receipt page this long after opening, not on Save  # the appointment follows the clock (e.g. past the 15:00 cut-off)
_DOC_FIELD = re.compile(r"^documents\[(\d+)\](?:\.(\w+))?$")


Reference = tuple[list[ProcedureRow], WorkCalendar]

# Catalogue and calendar of each store (by path), kept between dialogs so that F2 opens a
# ready dialog; every dialog still re-reads them in the background and takes any change.
_reference_cache: dict[str, Reference] = {}


def _load_reference(store: Store, _progress: ProgressFn) -> Reference:
    """Catalogue and calendar (a read session of its own, on a pool thread).

    ``load_calendar`` keeps one instance per thread and a WorkCalendar is not thread-safe, so
    the GUI thread gets its own copy.
    """
    with store.read() as session:
        return list_current(session), copy.deepcopy(load_calendar(session))


def _set_level(label: QLabel, level: str, text: str) -> None:
    """A message under a field: ``error``, ``warning``, ``ok`` or ``hint``; hidden when empty."""
    label.setText(text)
    if label.property("level") != level:
        label.setProperty("level", level)
        set_colour(label, QPalette.ColorRole.WindowText, LEVEL_COLOURS[level])
    label.setVisible(bool(text))


def _set_invalid(widget: QWidget, invalid: bool) -> None:
    if bool(widget.property("invalid")) == invalid:
        return
    widget.setProperty("invalid", invalid)
    widget.setStyleSheet(INVALID_STYLE if invalid else "")


class IntakeDialog(QDialog):
    """Receive one dossier (and then the next, with F2) without touching the mouse.

    Signals:
        dossier_received(str): the code of the dossier just saved.
        reference_loaded(): the catalogue and the calendar arrived; the procedure list works.
        lookup_finished(str): the earlier-applicant lookup of this number came back (match or
            not).
        save_failed(object): saving was refused; the exception (the field is marked).
    """

    dossier_received = Signal(str)
    reference_loaded = Signal()
    lookup_finished = Signal(str)
    save_failed = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("intake")
        self.setWindowTitle(self.tr("Tiếp nhận hồ sơ"))
        self.setMinimumSize(880, 600)  # below that the applicant form is crushed
        self.resize(980, 640)  # fits a 1024×768 screen

        self.index: ProcedureIndex | None = None
        self.calendar: WorkCalendar | None = None
        self.procedure: ProcedureRow | None = None
        self.known: KnownApplicant | None = None  # earlier applicant offered for reuse
        self.last_receipt: Receipt | None = None
        self.confirm_box: QMessageBox | None = None  # the open question, if any
        self._saving = False
        self._lookup_for = ""  # the number a lookup is running for
        self._pending: set[object] = set()  # Tasks started here that have not reported
        self._fields: dict[str, tuple[QWidget, QLabel]] = {}
        self._doc_rows: list[int] = []  # checklist row of each request document
        self._request: IntakeRequest | None = None

        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._build_form())
        self._receipt_page: ReceiptPage | None = None  # built on the first save
        outer = QVBoxLayout(self)
        outer.setContentsMargins(10, 10, 10, 10)
        outer.addWidget(self.pages)

        self.procedure_list = self._build_procedure_list()
        self._build_actions()
        self._set_tab_order()
        self._watch_keys()

        self._cmnd_timer = QTimer(self)
        self._cmnd_timer.setSingleShot(True)
        self._cmnd_timer.setInterval(CMND_PAUSE_MS)
        self._cmnd_timer.timeout.connect(self._look_up_cmnd)

        self._refresh = QTimer(self)
        self._refresh.setInterval(REFRESH_MS)
        self._refresh.timeout.connect(self._update_schedule)
        self._refresh.start()

        self.procedure_edit.textEdited.connect(self._filter_procedures)
        cached = _reference_cache.get(self._cache_key())
        if cached is not None:
            self._use_reference(cached)
        self._show_page(FORM_PAGE)
        # Fresh catalogue and calendar: at once when nothing is cached; otherwise a little
        # later, so that the read does not compete with opening for the interpreter.
        QTimer.singleShot(0 if cached is None else REVALIDATE_MS, self, self._reload_reference)

    def _reload_reference(self) -> None:
        self._run_io(
            partial(_load_reference, self.ctx.store),
            self._on_reference_loaded,
            self._on_reference_failed,
        )

    @classmethod
    def preload(cls, ctx: AppContext) -> TaskSignals:
        """Read the catalogue and calendar in the background now (e.g. after login), so that
        the first F2 of the day opens a ready dialog too. Failures are left to the dialog."""
        key = str(ctx.store.path)

        def keep(result: object) -> None:
            assert isinstance(result, tuple)
            _reference_cache[key] = result

        return ctx.runner.run_io(partial(_load_reference, ctx.store), keep, lambda _exc: None)

    def _cache_key(self) -> str:
        return str(self.ctx.store.path)

    # == construction ======================================================================

    def _build_form(self) -> QWidget:
        page = QWidget(self)
        page.setObjectName("intake.form")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)

        # Procedure line, then a summary strip: code/field/time limit, fees, appointment.
        top = QHBoxLayout()
        self.procedure_edit = QLineEdit(page)
        self.procedure_edit.setObjectName("intake.procedure")
        self.procedure_edit.setPlaceholderText(
            self.tr("Gõ tên hoặc mã thủ tục, ví dụ: khai sinh, 1.001193, chung thuc")
        )
        self.procedure_edit.setToolTip(
            self.tr(
                "Gõ một phần tên (có dấu hay không dấu) hoặc mã; ↑/↓ để chọn, Enter để nhận.\n"
                "Để trống và Enter: chọn thủ tục đầu danh sách (hay dùng nhất)."
            )
        )
        procedure_label = QLabel(self.tr("&Thủ tục:"), page)
        procedure_label.setBuddy(self.procedure_edit)
        font = self.procedure_edit.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.procedure_edit.setFont(font)
        top.addWidget(procedure_label)
        top.addWidget(self.procedure_edit, 1)
        layout.addLayout(top)
        self.procedure_message = self._message_label(page, "intake.procedure.message")
        layout.addWidget(self.procedure_message)
        self._fields["procedure"] = (self.procedure_edit, self.procedure_message)

        summary = QFrame(page)
        summary.setFrameShape(QFrame.Shape.StyledPanel)
        summary.setAutoFillBackground(True)
        set_colour(summary, QPalette.ColorRole.Window, SUMMARY_BACKGROUND)
        strip = QGridLayout(summary)  # info and fees on the left, the appointment on the right
        strip.setContentsMargins(8, 4, 8, 4)
        strip.setVerticalSpacing(2)
        self.procedure_info = QLabel(self.tr("Chưa chọn thủ tục"), summary)
        self.procedure_info.setObjectName("intake.procedure_info")
        self.procedure_info.setWordWrap(True)
        self.fees_label = QLabel("", summary)
        self.fees_label.setObjectName("intake.fees")
        self.appointment_label = QLabel("", summary)
        self.appointment_label.setObjectName("intake.appointment")
        set_colour(self.appointment_label, QPalette.ColorRole.WindowText, APPOINTMENT_COLOUR)
        big = self.appointment_label.font()
        big.setPointSizeF(big.pointSizeF() * 1.25)
        big.setBold(True)
        self.appointment_label.setFont(big)
        self.fees_label.setWordWrap(True)
        strip.addWidget(self.procedure_info, 0, 0)
        strip.addWidget(self.fees_label, 1, 0)
        strip.addWidget(self.appointment_label, 0, 1, 2, 1, Qt.AlignmentFlag.AlignRight)
        strip.setColumnStretch(0, 1)
        strip.setColumnMinimumWidth(1, 16)
        layout.addWidget(summary)

        middle = QHBoxLayout()
        layout.addLayout(middle, 1)

        # Checklist.
        docs_box = QGroupBox(self.tr("Thành &phần hồ sơ"), page)
        docs_layout = QVBoxLayout(docs_box)
        self.checklist = ChecklistTable(docs_box)
        self.checklist.setToolTip(
            self.tr(
                "Phím cách: đánh dấu đã nhận · F2 hoặc gõ: đổi loại bản, số bản · +/−: số bản\n"
                "Ctrl+T hoặc Insert: thêm giấy tờ khác · Delete: bỏ giấy tờ khác · Enter: sang ô kế"
            )
        )
        self.checklist.changed.connect(self._on_checklist_changed)
        self.checklist.add_requested.connect(self.add_other_document)
        docs_layout.addWidget(self.checklist, 1)
        self.checklist_summary = self._message_label(docs_box, "intake.checklist.summary")
        docs_layout.addWidget(self.checklist_summary)
        self.checklist_message = self._message_label(docs_box, "intake.checklist.message")
        docs_layout.addWidget(self.checklist_message)
        self._fields["documents"] = (self.checklist, self.checklist_message)
        self.scan_reuse = ScanReusePanel(
            self.ctx, lambda: [ln.code for ln in self.checklist.lines()], docs_box
        )
        self.scan_reuse.reuse_done.connect(self._on_scans_reused)
        self.checklist.changed.connect(self.scan_reuse.refresh)
        docs_layout.addWidget(self.scan_reuse)
        middle.addWidget(docs_box, 11)

        # Applicant, channel, delivery.
        right = QVBoxLayout()
        middle.addLayout(right, 9)
        applicant_box = QGroupBox(self.tr("Người nộp hồ sơ"), page)
        right.addWidget(applicant_box)
        applicant_layout = QVBoxLayout(applicant_box)
        self.reuse_bar = self._build_reuse_bar(applicant_box)
        applicant_layout.addWidget(self.reuse_bar)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        applicant_layout.addLayout(form)

        self.id_edit = self._line(applicant_box, "applicant.id_number", 15)
        self.id_edit.setValidator(QRegularExpressionValidator(r"[0-9 .]*", self.id_edit))
        self.id_edit.setPlaceholderText(self.tr("12 số (CMND cũ: 9 số)"))
        self.id_edit.textChanged.connect(self._on_id_changed)
        self._add_row(form, self.tr("&Số CCCD/CMND:"), "applicant.id_number", self.id_edit)
        self.name_edit = self._line(applicant_box, "applicant.name", 200)
        self._add_row(form, self.tr("&Họ và tên:"), "applicant.name", self.name_edit)
        self.birth_edit = self._line(applicant_box, "applicant.birth_date", 10)
        self.birth_edit.setPlaceholderText(self.tr("dd/mm/yyyy (không bắt buộc)"))
        self.birth_edit.textEdited.connect(self._on_birth_edited)
        self._add_row(form, self.tr("&Ngày sinh:"), "applicant.birth_date", self.birth_edit)
        self.phone_edit = self._line(applicant_box, "applicant.phone", 20)
        self.phone_edit.setPlaceholderText(self.tr("ví dụ 0912345678"))
        self._add_row(form, self.tr("Điện th&oại:"), "applicant.phone", self.phone_edit)
        self.email_edit = self._line(applicant_box, "applicant.email", 120)
        self._add_row(form, self.tr("&Email:"), "applicant.email", self.email_edit)
        self.address_edit = self._line(applicant_box, "applicant.address", 400)
        self._add_row(form, self.tr("Đị&a chỉ:"), "applicant.address", self.address_edit)

        result_box = QGroupBox(self.tr("Hình thức nộp và nhận kết quả"), page)
        right.addWidget(result_box)
        result_form = QFormLayout(result_box)
        result_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.channel_combo = QComboBox(result_box)
        self.channel_combo.setObjectName("intake.channel")
        for code, label in channel_labels().items():
            self.channel_combo.addItem(label, code)
        self.channel_combo.currentIndexChanged.connect(self._on_field_edited)
        self._add_row(result_form, self.tr("&Kênh nộp:"), "channel", self.channel_combo)
        self.delivery_combo = QComboBox(result_box)
        self.delivery_combo.setObjectName("intake.result_delivery")
        for code, label in delivery_labels().items():
            self.delivery_combo.addItem(label, code)
        self.delivery_combo.currentIndexChanged.connect(self._on_delivery_changed)
        self._add_row(
            result_form, self.tr("Nhận kết &quả:"), "result_delivery", self.delivery_combo
        )
        self.postal_edit = self._line(result_box, "postal_address", 400)
        self.postal_edit.setPlaceholderText(self.tr("Để trống: gửi về địa chỉ người nộp"))
        self.postal_edit.setEnabled(False)
        self._add_row(
            result_form, self.tr("Địa chỉ &bưu chính:"), "postal_address", self.postal_edit
        )
        right.addStretch(1)

        # Footer: what went wrong (if anything), cancel, save.
        footer = QHBoxLayout()
        self.error_label = self._message_label(page, "intake.error")
        footer.addWidget(self.error_label, 1)
        footer.addStretch(0)
        self.cancel_button = QPushButton(self.tr("Hủy (Esc)"), page)
        self.cancel_button.setObjectName("intake.cancel")
        self.cancel_button.setToolTip(self.tr("Bỏ hồ sơ đang nhập, không lưu gì (Esc)"))
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        self.save_button = QPushButton(self.tr("Tiếp nhận hồ sơ (Ctrl+S)"), page)
        self.save_button.setObjectName("intake.save")
        self.save_button.setToolTip(
            self.tr("Cấp mã hồ sơ, lưu và xem giấy tiếp nhận (Ctrl+S, hoặc Enter ở ô cuối)")
        )
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        footer.addWidget(self.cancel_button)
        footer.addWidget(self.save_button)
        layout.addLayout(footer)
        return page

    def _build_reuse_bar(self, parent: QWidget) -> QFrame:
        bar = QFrame(parent)
        bar.setObjectName("intake.reuse_bar")
        bar.setFrameShape(QFrame.Shape.StyledPanel)
        bar.setAutoFillBackground(True)
        set_colour(bar, QPalette.ColorRole.Window, REUSE_BACKGROUND)
        col = QVBoxLayout(bar)
        col.setContentsMargins(8, 6, 8, 6)
        col.setSpacing(4)
        row = QHBoxLayout()
        self.reuse_label = QLabel("", bar)
        self.reuse_label.setObjectName("intake.reuse_text")
        self.reuse_label.setWordWrap(True)
        self.reuse_button = QPushButton(self.tr("Dùng lại (Ctrl+R)"), bar)
        self.reuse_button.setObjectName("intake.reuse")
        self.reuse_dismiss = QPushButton(self.tr("Bỏ qua"), bar)
        self.reuse_dismiss.setObjectName("intake.reuse_dismiss")
        self.reuse_dismiss.setToolTip(self.tr("Không dùng lại; cứ tiếp tục nhập là được"))
        for b in (self.reuse_button, self.reuse_dismiss):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # never in the Enter/Tab chain
            b.setAutoDefault(False)
        self.reuse_button.clicked.connect(self.reuse_applicant)
        self.reuse_dismiss.clicked.connect(self._hide_reuse)
        col.addWidget(self.reuse_label)
        row.addStretch(1)
        row.addWidget(self.reuse_button)
        row.addWidget(self.reuse_dismiss)
        col.addLayout(row)
        bar.hide()
        return bar

    def _build_procedure_list(self) -> QListWidget:
        """The filtered list under the procedure field; focus never leaves the field."""
        lst = QListWidget(self)
        lst.setObjectName("intake.procedure_list")
        lst.setFrameShape(QFrame.Shape.Box)
        set_colour(lst, QPalette.ColorRole.WindowText, "#6b8fc7")
        lst.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        lst.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        lst.setUniformItemSizes(True)
        lst.itemClicked.connect(lambda item: self._choose_item(item, advance=True))
        lst.hide()
        return lst

    def _build_actions(self) -> None:
        def action(name: str, text: str, keys: list[QKeySequence], slot: object) -> QAction:
            a = QAction(text, self)
            a.setObjectName(name)
            a.setShortcuts(keys)
            a.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            a.triggered.connect(slot)
            self.addAction(a)
            return a

        self.save_action = action(
            "intake.action.save", self.tr("Tiếp nhận hồ sơ"), [QKeySequence("Ctrl+S")], self.save
        )
        self.reuse_action = action(
            "intake.action.reuse",
            self.tr("Dùng lại thông tin người nộp"),
            [QKeySequence("Ctrl+R")],
            self.reuse_applicant,
        )
        self.add_document_action = action(
            "intake.action.add_document",
            self.tr("Thêm giấy tờ khác"),
            [QKeySequence("Ctrl+T")],
            self.add_other_document,
        )
        self.print_action = action(
            "intake.action.print",
            self.tr("In giấy tiếp nhận"),
            [QKeySequence("Ctrl+P")],
            self._print_current,
        )
        self.new_action = action(
            "intake.action.new",
            self.tr("Tiếp nhận hồ sơ mới"),
            [QKeySequence(Qt.Key.Key_F2)],
            self.start_new,
        )
        self.reuse_action.setEnabled(False)

    @property
    def receipt_page(self) -> ReceiptPage:
        """The page shown after Save (built on first use: opening stays fast)."""
        if self._receipt_page is None:
            page = ReceiptPage(self.pages)
            page.print_button.clicked.connect(self._print_current)
            page.new_button.clicked.connect(self.start_new)
            page.close_button.clicked.connect(self.accept)
            self.pages.addWidget(page)
            self._receipt_page = page
        return self._receipt_page

    def _set_tab_order(self) -> None:
        chain: list[QWidget] = [
            self.procedure_edit,
            self.checklist,
            self.id_edit,
            self.name_edit,
            self.birth_edit,
            self.phone_edit,
            self.email_edit,
            self.address_edit,
            self.channel_combo,
            self.delivery_combo,
            self.postal_edit,
            self.save_button,
            self.cancel_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _watch_keys(self) -> None:
        """Enter advances (or saves on the last field); the procedure field drives its list."""
        self._inputs: list[QWidget] = [
            self.procedure_edit,
            self.checklist,
            self.id_edit,
            self.name_edit,
            self.birth_edit,
            self.phone_edit,
            self.email_edit,
            self.address_edit,
            self.channel_combo,
            self.delivery_combo,
            self.postal_edit,
        ]
        for w in self._inputs:
            w.installEventFilter(self)

    def _line(self, parent: QWidget, field: str, max_len: int) -> QLineEdit:
        edit = QLineEdit(parent)
        edit.setObjectName(f"intake.{field}")
        edit.setMaxLength(max_len)
        edit.textEdited.connect(self._on_field_edited)
        return edit

    def _message_label(self, parent: QWidget, name: str) -> QLabel:
        label = QLabel("", parent)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.hide()
        return label

    def _add_row(self, form: QFormLayout, text: str, field: str, widget: QWidget) -> None:
        label = QLabel(text, form.parentWidget())
        label.setBuddy(widget)
        box = QWidget(form.parentWidget())
        col = QVBoxLayout(box)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(1)
        col.addWidget(widget)
        message = self._message_label(box, f"intake.{field}.message")
        col.addWidget(message)
        form.addRow(label, box)
        self._fields[field] = (widget, message)

    # == public API ========================================================================

    def print_receipt(self, code: str, *, slip: bool = False) -> None:
        """Print Mẫu 01 of ``code`` with one key (Ctrl+P): rendered in a Task, then straight to
        the remembered printer; the system print dialog only the first time (or when that
        printer is gone). With ``slip``: the 80 mm appointment slip on the remembered receipt
        printer (Ctrl+Shift+P). Progress, result and errors show under the receipt."""
        from ui.printing import PrintService, ensure_action, ensure_button_after

        page = self.receipt_page
        levels = {"info": "hint", "ok": "ok", "warning": "warning", "error": "error"}

        def status(level: str, text: str) -> None:
            if isValid(page):
                _set_level(page.message, levels.get(level, "hint"), text)

        def print_slip() -> None:
            if self.pages.currentIndex() == RECEIPT_PAGE and self.last_receipt is not None:
                self.print_receipt(self.last_receipt.code, slip=True)

        # The slip's key and button, added here on first use: this method is the intake's
        # printing hook (docs/forms/README.md, "Intake: one key").
        ensure_action(
            self,
            "intake.action.print_slip",
            self.tr("In phiếu hẹn khổ 80 mm"),
            "Ctrl+Shift+P",
            print_slip,
        )
        ensure_button_after(
            page.print_button,
            "intake.print_slip",
            self.tr("In phiếu hẹn khổ 80 mm (Ctrl+Shift+P)"),
            self.tr("In giấy hẹn trên máy in hóa đơn khổ 80 mm (Ctrl+Shift+P)"),
            print_slip,
        )
        service = PrintService.for_widget(self, self.ctx, status)
        if slip:
            service.print_slip(code)
        else:
            service.print_form_direct(code, "01")

    def start_new(self) -> None:
        """Empty form for the next citizen (F2 on the receipt page)."""
        if self.pages.currentIndex() != RECEIPT_PAGE:
            return
        self._reset_form()
        self._show_page(FORM_PAGE)

    def add_other_document(self) -> None:
        if self.pages.currentIndex() != FORM_PAGE or self._saving:
            return
        self.checklist.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.checklist.add_other()

    def reuse_applicant(self) -> None:
        """Fill the applicant fields from the earlier dossier's applicant (Ctrl+R)."""
        known = self.known
        if known is None or not self.reuse_bar.isVisible():
            return
        pairs = [
            (self.name_edit, known.name),
            (self.phone_edit, known.phone),
            (self.email_edit, known.email),
            (self.address_edit, known.address),
        ]
        if known.birth_date:
            pairs.append((self.birth_edit, day_text(date.fromisoformat(known.birth_date))))
        for edit, value in pairs:
            if value:
                edit.setText(value)
                self._clear_mark(edit)
        self._check_birth_date()
        self._hide_reuse()
        if self.id_edit.hasFocus() or not self.focusWidget():
            self.name_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.name_edit.selectAll()

    def save(self) -> None:
        """Build the request and receive the dossier on the writer thread (Ctrl+S)."""
        if self.pages.currentIndex() != FORM_PAGE or self._saving or self.confirm_box:
            return
        self.procedure_list.hide()
        req = self._build_request()
        if req is None:
            return
        missing = [ln for ln in self.checklist.lines() if ln.required and not ln.received]
        if missing:
            self._confirm_incomplete(req, len(missing))
            return
        self._submit(req)

    def is_dirty(self) -> bool:
        """Something was typed or chosen (cancelling then asks first)."""
        texts = (
            self.procedure_edit,
            self.id_edit,
            self.name_edit,
            self.birth_edit,
            self.phone_edit,
            self.email_edit,
            self.address_edit,
            self.postal_edit,
        )
        return (
            self.procedure is not None
            or any(e.text().strip() for e in texts)
            or bool(self.checklist.lines())
            or self.channel_combo.currentIndex() != 0
            or self.delivery_combo.currentIndex() != 0
        )

    # == closing ===========================================================================

    def reject(self) -> None:
        """Esc / Hủy / the window's close button: nothing is written before Save.

        Asks first when something was typed, but only while the dialog is on screen: the main
        window rejects hidden dialogs itself (logout), and nobody could answer the question.
        """
        on_screen = self.isVisible()
        if self._saving and on_screen:
            _set_level(self.error_label, "hint", self.tr("Đang lưu hồ sơ, xin chờ…"))
            return
        if self.confirm_box is not None and on_screen:
            return
        if on_screen and self.pages.currentIndex() == FORM_PAGE and self.is_dirty():
            self._ask(
                self.tr("Bỏ hồ sơ đang nhập?"),
                self.tr("Những gì đã nhập sẽ bị bỏ, không có gì được lưu."),
                self.tr("&Bỏ hồ sơ"),
                self.tr("&Tiếp tục nhập"),
                self._discard,
            )
            return
        self._close_dialog(accepted=self.pages.currentIndex() == RECEIPT_PAGE)

    def _discard(self) -> None:
        self._close_dialog(accepted=False)

    def _close_dialog(self, accepted: bool) -> None:
        if self.confirm_box is not None:
            self.confirm_box.finished.disconnect()
            self.confirm_box.close()
            self.confirm_box.deleteLater()
            self.confirm_box = None
        self.procedure_list.hide()
        self._refresh.stop()
        if accepted:
            super().accept()
        else:
            super().reject()

    def accept(self) -> None:
        """Only the receipt page closes with "accepted" (a dossier was received)."""
        if self.pages.currentIndex() == RECEIPT_PAGE:
            self._close_dialog(accepted=True)

    # == keys ==============================================================================

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if watched is self.procedure_edit and self._procedure_key(event):
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
                event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            ):
                if watched is self.checklist and (
                    self.checklist.state() == QAbstractItemView.State.EditingState
                ):
                    return False
                self._enter_pressed(watched)
                return True
        elif event.type() == QEvent.Type.FocusOut and watched is self.procedure_edit:
            self._on_procedure_focus_out()
        elif (
            event.type() == QEvent.Type.FocusIn
            and watched is self.procedure_edit
            and self.procedure is None
            and self.index is not None
        ):
            self._filter_procedures(self.procedure_edit.text())
        return super().eventFilter(watched, event)

    def _enter_pressed(self, watched: QObject) -> None:
        if watched is self._last_input():
            self.save()
        elif isinstance(watched, QWidget):
            if watched is self.birth_edit:
                self._normalise_birth_date()
            watched.focusNextChild()

    def _last_input(self) -> QWidget:
        return self.postal_edit if self.postal_edit.isEnabled() else self.delivery_combo

    def _procedure_key(self, event: QKeyEvent) -> bool:
        """Keys of the procedure field while its list is open; True when handled."""
        key = event.key()
        lst = self.procedure_list
        if not lst.isVisible():
            if self.index is None:
                return False
            open_list = key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown)
            typed_not_chosen = (
                key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and self.procedure is None
                and bool(self.procedure_edit.text().strip())
            )
            if open_list or typed_not_chosen:  # Enter on an unmatched text stays here
                self._filter_procedures(self.procedure_edit.text())
                return True
            return False
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
            step = {
                Qt.Key.Key_Down: 1,
                Qt.Key.Key_Up: -1,
                Qt.Key.Key_PageDown: LIST_ROWS - 1,
                Qt.Key.Key_PageUp: -(LIST_ROWS - 1),
            }[Qt.Key(key)]
            row = max(0, min(lst.count() - 1, lst.currentRow() + step))
            lst.setCurrentRow(row)
            return True
        if key == Qt.Key.Key_Tab and not self.procedure_edit.text().strip():
            lst.hide()  # Tab through an empty field chooses nothing
            return False
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab):
            item = lst.currentItem()
            if item is not None:
                self._choose_item(item, advance=True)
            return True  # nothing matches: stay
        if key == Qt.Key.Key_Escape:
            if self.procedure is None and not self.procedure_edit.text().strip():
                return False  # nothing typed: Esc closes the dialog as everywhere else
            lst.hide()
            if self.procedure is not None:
                self.procedure_edit.setText(self.procedure.name)
            return True
        return False

    # == procedure =========================================================================

    def _on_reference_loaded(self, result: object) -> None:
        if not isValid(self):
            return
        assert isinstance(result, tuple)
        _reference_cache[self._cache_key()] = result
        self._use_reference(result)
        self.reference_loaded.emit()

    def _use_reference(self, reference: Reference) -> None:
        """Take the catalogue and calendar (from the cache, then fresh from the store)."""
        rows, calendar = reference
        self.calendar = calendar
        if self.index is None or self.index.rows != rows:
            self.index = ProcedureIndex(rows)
            showing = self.procedure_edit.hasFocus() or self.procedure_list.isVisible()
            if showing and self.procedure is None and self.pages.currentIndex() == FORM_PAGE:
                self._filter_procedures(self.procedure_edit.text())
        self._update_schedule()

    def _on_reference_failed(self, exc: object) -> None:
        if not isValid(self):
            return
        _set_level(
            self.procedure_message,
            "error",
            self.tr("Không đọc được danh mục thủ tục: {error}").format(error=error_text(exc)),
        )

    def _filter_procedures(self, text: str) -> None:
        if self.index is None or self.pages.currentIndex() != FORM_PAGE:
            return
        rows = self.index.search(text)
        lst = self.procedure_list
        lst.setUpdatesEnabled(False)
        lst.clear()
        height = lst.fontMetrics().height() + 8
        for row in rows:
            item = QListWidgetItem(f"{row.name}  —  {row.code}")
            item.setSizeHint(QSize(0, height))
            item.setData(Qt.ItemDataRole.UserRole, row.code)
            item.setToolTip(
                f"{row.code} · {row.field} · "
                f"{time_limit_text(row.time_amount, row.time_unit, row.cutoff)}"
            )
            lst.addItem(item)
        lst.setUpdatesEnabled(True)
        if rows:
            lst.setCurrentRow(0)
            _set_level(self.procedure_message, "hint", "")
        else:
            _set_level(
                self.procedure_message,
                "warning",
                self.tr("Không có thủ tục nào khớp với “{text}”").format(text=text.strip()),
            )
        self._place_list()
        lst.setVisible(bool(rows))
        lst.raise_()

    def _place_list(self) -> None:
        edit = self.procedure_edit
        pos = edit.mapTo(self, QPoint(0, edit.height()))
        lst = self.procedure_list
        rows = min(LIST_ROWS, max(1, lst.count()))
        height = lst.sizeHintForRow(0) * rows + 2 * lst.frameWidth() if lst.count() else 40
        lst.setGeometry(pos.x(), pos.y() + 1, edit.width(), height)

    def _choose_item(self, item: QListWidgetItem, *, advance: bool) -> None:
        assert self.index is not None
        row = self.index.get(str(item.data(Qt.ItemDataRole.UserRole)))
        if row is None:
            return
        self.choose_procedure(row)
        if advance:
            self.checklist.setFocus(Qt.FocusReason.OtherFocusReason)

    def choose_procedure(self, row: ProcedureRow) -> None:
        """Fill the checklist, fees and appointment for ``row`` (keeps other papers)."""
        self.procedure_list.hide()
        self.procedure = row
        self.procedure_edit.setText(row.name)
        self.procedure_edit.setCursorPosition(0)
        self._clear_mark(self.procedure_edit)
        self.procedure_info.setText(
            f"{row.code} · {row.field} · "
            f"{time_limit_text(row.time_amount, row.time_unit, row.cutoff)}"
        )
        self.procedure_info.setToolTip(row.time_note)
        self.fees_label.setText(self.tr("Phí, lệ phí: {fees}").format(fees=fees_text(row.fees)))
        self.fees_label.setToolTip(fees_detail(row.fees))
        self.checklist.set_documents(row.documents)
        self._update_schedule()

    def _on_procedure_focus_out(self) -> None:
        if self.procedure_list.isVisible():
            self.procedure_list.hide()
        if self.procedure is not None and self.procedure_edit.text() != self.procedure.name:
            self.procedure_edit.setText(self.procedure.name)  # typed but not chosen: undo

    def _update_schedule(self) -> None:
        """The appointment as if received now (clock), by the stored calendar."""
        row, cal = self.procedure, self.calendar
        if row is None or cal is None:
            self.appointment_label.setText("")
            return
        try:
            cutoff = time.fromisoformat(row.cutoff) if row.cutoff else None
            due = cal.due(self.ctx.clock(), row.time_amount, TimeUnit(row.time_unit), cutoff)
        except (ValueError, InvalidInput) as exc:
            self.appointment_label.setText(self.tr("Không tính được ngày hẹn trả"))
            self.appointment_label.setToolTip(error_text(exc))
            return
        self.appointment_label.setText(
            self.tr("Hẹn trả: {when}").format(when=appointment_text(due))
        )
        self.appointment_label.setToolTip(
            self.tr("Tính theo lịch làm việc nếu nhận hồ sơ ngay bây giờ")
        )

    # == checklist =========================================================================

    def _on_checklist_changed(self) -> None:
        self._clear_mark(self.checklist)
        lines = self.checklist.lines()
        required = [ln for ln in lines if ln.required]
        if not required:
            _set_level(self.checklist_summary, "hint", "")
            return
        got = sum(1 for ln in required if ln.received)
        if got == len(required):
            _set_level(
                self.checklist_summary,
                "ok",
                self.tr("Đã nhận đủ {n} giấy tờ bắt buộc").format(n=len(required)),
            )
        else:
            _set_level(
                self.checklist_summary,
                "warning",
                self.tr("Đã nhận {got}/{n} giấy tờ bắt buộc (phím cách để đánh dấu)").format(
                    got=got, n=len(required)
                ),
            )

    # == applicant =========================================================================

    def _today(self) -> date:
        return local(self.ctx.clock()).date()

    def _on_id_changed(self, text: str) -> None:
        self._clear_mark(self.id_edit)
        self._hide_reuse()
        self.scan_reuse.clear()
        digits = "".join(ch for ch in text if ch.isdigit())
        message = self._fields["applicant.id_number"][1]
        if not digits:
            _set_level(message, "hint", "")
            self._check_birth_date()
            return
        check = check_id_number(text, None, today=self._today())
        if len(digits) < 12 and check.kind != "cmnd":
            _set_level(message, "hint", self.tr("Đã nhập {n}/12 chữ số").format(n=len(digits)))
        elif check.kind == "cmnd":
            _set_level(
                message,
                "warning",
                self.tr("Số CMND 9 số là giấy tờ cũ; đề nghị công dân dùng số định danh 12 số"),
            )
        elif check.valid:
            gender = self.tr("Nam") if check.gender == "male" else self.tr("Nữ")
            _set_level(
                message,
                "ok",
                self.tr(
                    "Hợp lệ: {gender}, sinh năm {year}, nơi đăng ký khai sinh {province}"
                ).format(gender=gender, year=check.birth_year, province=check.province),
            )
        else:
            _set_level(message, "error", self._id_problem(text))
        self._check_birth_date()
        self._cmnd_timer.stop()
        if check.valid and check.kind == "cccd":
            self._look_up(check.number)
            self.scan_reuse.look_up(check.number)
        elif check.valid:  # 9 digits: a CMND, or a CCCD still being typed
            self._cmnd_timer.start()

    def _id_problem(self, text: str) -> str:
        """Why the number is refused, in our words (translatable)."""
        check = check_id_number(text, None, today=self._today())
        if check.reason == "province":
            return self.tr("Mã tỉnh {code} không tồn tại (3 số đầu của số định danh)").format(
                code=check.number[:3]
            )
        if check.reason == "future":
            return self.tr("Năm sinh theo số định danh là {year}, sau năm hiện tại").format(
                year=check.birth_year
            )
        return self.tr(
            "Số định danh cá nhân gồm đúng 12 chữ số (CMND cũ: 9 số); đã nhập {n} chữ số"
        ).format(n=len(check.number))

    def _on_birth_edited(self, text: str) -> None:
        if re.fullmatch(r"\d{8}", text.strip()):
            self._normalise_birth_date()
        self._check_birth_date()

    def _normalise_birth_date(self) -> None:
        try:
            d = parse_day(self.birth_edit.text())
        except ValueError:
            return
        if d is not None:
            self.birth_edit.setText(day_text(d))

    def _check_birth_date(self) -> bool:
        """Live check of the birth date and its agreement with the CCCD; True when usable."""
        message = self._fields["applicant.birth_date"][1]
        text = self.birth_edit.text().strip()
        try:
            born = parse_day(text)
        except ValueError:
            if re.fullmatch(r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4}|\d{8}", text):
                _set_level(message, "error", self.tr("Ngày sinh không có thật"))
            elif len(text) >= 8:
                _set_level(message, "error", self.tr("Ngày sinh cần dạng dd/mm/yyyy"))
            else:
                _set_level(message, "hint", "")
            return False
        if born is None:
            _set_level(message, "hint", "")
            return True
        if born > self._today():
            _set_level(message, "error", self.tr("Ngày sinh ở tương lai"))
            return False
        if self.id_edit.text().strip():
            check = check_id_number(self.id_edit.text(), born, today=self._today())
            if check.reason == "birth_year":
                _set_level(
                    message,
                    "error",
                    self.tr("Không khớp số định danh (năm sinh theo số định danh: {year})").format(
                        year=check.birth_year
                    ),
                )
                return True  # receive_dossier refuses it and names the CCCD field
        _set_level(message, "hint", "")
        return True

    def _look_up_cmnd(self) -> None:
        digits = "".join(ch for ch in self.id_edit.text() if ch.isdigit())
        if len(digits) == 9:
            self._look_up(digits)

    def _look_up(self, number: str) -> None:
        self._lookup_for = number
        store = self.ctx.store
        self._run_io(
            lambda _p: (number, find_applicant(store, number)),
            self._on_lookup_done,
            lambda _exc: self._on_lookup_done((number, None)),
        )

    def _on_lookup_done(self, result: object) -> None:
        if not isValid(self):
            return
        assert isinstance(result, tuple)
        number, known = result
        current = "".join(ch for ch in self.id_edit.text() if ch.isdigit())
        if number == self._lookup_for == current and isinstance(known, KnownApplicant):
            self._offer_reuse(known)
        self.lookup_finished.emit(number)

    def _offer_reuse(self, known: KnownApplicant) -> None:
        self.known = known
        self.reuse_label.setText(
            self.tr(
                "Đã có người nộp {name} (%n hồ sơ). Dùng lại thông tin? [Ctrl+R]",
                "",
                known.dossier_count,
            ).format(name=known.name)
        )
        details = [known.name]
        if known.birth_date:
            details.append(
                self.tr("Ngày sinh: {d}").format(d=day_text(date.fromisoformat(known.birth_date)))
            )
        if known.phone:
            details.append(self.tr("Điện thoại: {p}").format(p=known.phone))
        if known.address:
            details.append(self.tr("Địa chỉ: {a}").format(a=known.address))
        self.reuse_bar.setToolTip("\n".join(details))
        self.reuse_bar.show()
        self.reuse_action.setEnabled(True)

    def _hide_reuse(self) -> None:
        self.known = None
        self.reuse_bar.hide()
        self.reuse_action.setEnabled(False)

    def _on_delivery_changed(self, _index: int) -> None:
        post = self.delivery_combo.currentData() == "post"
        self.postal_edit.setEnabled(post)
        if not post:
            self._clear_mark(self.postal_edit)

    def _on_field_edited(self, *_args: object) -> None:
        sender = self.sender()
        if isinstance(sender, QWidget):
            self._clear_mark(sender)

    # == saving ============================================================================

    def _build_request(self) -> IntakeRequest | None:
        """The request from the form, or None after marking what cannot even be built."""
        self._clear_all_marks()
        if self.procedure is None:
            self._mark("procedure", self.tr("Chưa chọn thủ tục: gõ tên hoặc mã rồi Enter"))
            return None
        try:
            born = parse_day(self.birth_edit.text())
        except ValueError:
            self._mark("applicant.birth_date", self.tr("Ngày sinh cần dạng dd/mm/yyyy, có thật"))
            return None
        if born is not None and born > self._today():
            self._mark("applicant.birth_date", self.tr("Ngày sinh ở tương lai"))
            return None
        self._doc_rows = []
        documents = []
        for line in self.checklist.lines():
            if not line.code and not line.name:
                continue
            self._doc_rows.append(line.row)
            documents.append(
                DocumentInput(
                    code=line.code,
                    name=line.name,
                    copy_type=line.copy_type,
                    copies=line.copies,
                    received=line.received,
                )
            )
        return IntakeRequest(
            procedure_code=self.procedure.code,
            received_at=self.ctx.clock(),
            channel=str(self.channel_combo.currentData()),
            applicant=ApplicantInput(
                name=self.name_edit.text(),
                id_number=self.id_edit.text(),
                birth_date=born,
                phone=self.phone_edit.text(),
                email=self.email_edit.text(),
                address=self.address_edit.text(),
            ),
            documents=tuple(documents),
            result_delivery=str(self.delivery_combo.currentData()),
            postal_address=self.postal_edit.text() if self.postal_edit.isEnabled() else "",
        )

    def _confirm_incomplete(self, req: IntakeRequest, missing: int) -> None:
        def go_back() -> None:
            self.checklist.setFocus(Qt.FocusReason.OtherFocusReason)
            for ln in self.checklist.lines():
                if ln.required and not ln.received:
                    self.checklist.setCurrentCell(ln.row, COL_TICK)
                    break

        self._ask(
            self.tr("Hồ sơ chưa đủ giấy tờ bắt buộc"),
            self.tr(
                "Còn %n giấy tờ bắt buộc chưa đánh dấu đã nhận. Vẫn tiếp nhận hồ sơ?", "", missing
            ),
            self.tr("&Vẫn tiếp nhận"),
            self.tr("&Quay lại đánh dấu"),
            partial(self._submit_fresh, req),
            go_back,
        )

    def _submit_fresh(self, req: IntakeRequest) -> None:
        """After a question: the received time is the moment the officer confirmed."""
        fresh = self._build_request()
        self._submit(fresh if fresh is not None else req)

    def _submit(self, req: IntakeRequest) -> None:
        self._saving = True
        self._request = req
        self.save_button.setEnabled(False)
        self.save_action.setEnabled(False)
        _set_level(self.error_label, "hint", self.tr("Đang lưu hồ sơ…"))
        store, actor, clock = self.ctx.store, self.ctx.actor, self.ctx.clock
        self._run_db(
            lambda _p: receive_dossier(store, req, actor=actor, clock=clock),
            self._on_saved,
            self._on_save_failed,
        )

    def _on_saved(self, result: object) -> None:
        if not isValid(self):
            return
        assert isinstance(result, Receipt)
        self._saving = False
        self.save_button.setEnabled(True)
        self.save_action.setEnabled(True)
        self.last_receipt = result
        assert self.procedure is not None
        self.receipt_page.show_receipt(
            ReceiptView.build(
                result,
                self._request,
                self.procedure,
                self.checklist.lines(),
                self.ctx.agency,
                self.ctx.user.full_name if self.ctx.user else self.ctx.actor,
            )
        )
        _set_level(self.error_label, "hint", "")
        self._show_page(RECEIPT_PAGE)
        self.dossier_received.emit(result.code)
        self.ctx.signals.dossiers_changed.emit([result.code])
        if self.scan_reuse.apply(result.code):
            _set_level(self.receipt_page.message, "hint", self.tr("Đang dùng lại bản số hóa…"))

    def _on_scans_reused(self, result: object) -> None:
        """The ticked earlier scans were attached to the dossier just received (or not)."""
        assert isinstance(result, Reused)
        page, receipt = self._receipt_page, self.last_receipt
        if page is not None and receipt is not None and receipt.code == result.code:
            level = "warning" if result.errors else "ok"
            _set_level(page.message, level, self.scan_reuse.result_text(result))

    def _on_save_failed(self, exc: object) -> None:
        if not isValid(self):
            return
        self._saving = False
        self.save_button.setEnabled(True)
        self.save_action.setEnabled(True)
        _set_level(self.error_label, "hint", "")
        field = error_field(exc)
        if isinstance(exc, NotFound) and exc.kind == "procedure":
            field = "procedure"
        text = self._error_message(exc)
        if field is None or not self._mark(field, text):
            _set_level(self.error_label, "error", text)
        self.save_failed.emit(exc)

    def _error_message(self, exc: object) -> str:
        """Our own sentence for the errors an officer meets; the domain's text otherwise."""
        if isinstance(exc, NotFound) and exc.kind == "procedure":
            return self.tr("Thủ tục {code} không còn trong danh mục hiện hành").format(code=exc.key)
        if not isinstance(exc, InvalidInput):
            return error_text(exc)
        known = {
            ("applicant.name", "required"): self.tr("Cần nhập họ và tên người nộp"),
            ("applicant.phone", "format"): self.tr(
                "Số điện thoại không hợp lệ: 10 số, ví dụ 0912345678"
            ),
            ("applicant.email", "format"): self.tr("Địa chỉ email không hợp lệ"),
            ("postal_address", "required"): self.tr(
                "Cần địa chỉ nhận kết quả qua bưu chính (hoặc địa chỉ người nộp)"
            ),
            ("received_at", "future"): self.tr(
                "Giờ của máy tính đang sai (thời điểm nhận ở tương lai); hãy kiểm tra đồng hồ"
            ),
        }
        if (exc.field, exc.reason) in known:
            return known[(exc.field, exc.reason)]
        if exc.field == "applicant.id_number":
            if exc.reason == "birth_year":
                return self.tr("Số định danh không khớp với năm sinh đã nhập")
            return self._id_problem(self.id_edit.text())
        text = error_text(exc)
        prefix = f"{exc.field}: "
        return text[len(prefix) :] if text.startswith(prefix) else text

    # == marks =============================================================================

    def _mark(self, field: str, text: str) -> bool:
        """Mark the widget of a domain field name with ``text`` and focus it; False if unknown."""
        m = _DOC_FIELD.match(field)
        if m:
            i, attr = int(m.group(1)), m.group(2) or ""
            rows = self._doc_rows
            row = rows[i] if i < len(rows) else 0
            column = {"copy_type": COL_TYPE, "copies": COL_COUNT, "received": COL_TICK}.get(
                attr, COL_NAME
            )
            self.checklist.setCurrentCell(row, column)
            field = "documents"
        if field not in self._fields:
            return False
        widget, label = self._fields[field]
        _set_invalid(widget, True)
        _set_level(label, "error", text)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(widget, QLineEdit):
            widget.selectAll()
        return True

    def _clear_mark(self, widget: QWidget) -> None:
        if not widget.property("invalid"):
            return
        _set_invalid(widget, False)
        for w, label in self._fields.values():
            if w is widget and label.property("level") == "error":
                _set_level(label, "hint", "")

    def _clear_all_marks(self) -> None:
        for widget, label in self._fields.values():
            if widget.property("invalid"):
                _set_invalid(widget, False)
                _set_level(label, "hint", "")
        _set_level(self.error_label, "hint", "")

    # == pages, reset, questions ===========================================================

    def _show_page(self, page: int) -> None:
        self.pages.setCurrentWidget(
            self.receipt_page if page == RECEIPT_PAGE else self.pages.widget(0)
        )
        on_form = page == FORM_PAGE
        self.save_action.setEnabled(on_form)
        self.add_document_action.setEnabled(on_form)
        self.print_action.setEnabled(not on_form)
        self.new_action.setEnabled(not on_form)  # F2 edits a checklist cell on the form
        if on_form:
            self.reuse_action.setEnabled(self.reuse_bar.isVisible())
            self.procedure_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            if self.index is not None:
                self._filter_procedures("")
        else:
            self.reuse_action.setEnabled(False)
            self.procedure_list.hide()
            self.receipt_page.new_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _reset_form(self) -> None:
        self.procedure = None
        self.last_receipt = None
        self.procedure_edit.clear()
        self.procedure_info.setText(self.tr("Chưa chọn thủ tục"))
        self.procedure_info.setToolTip("")
        self.fees_label.setText("")
        self.appointment_label.setText("")
        for edit in (
            self.id_edit,
            self.name_edit,
            self.birth_edit,
            self.phone_edit,
            self.email_edit,
            self.address_edit,
            self.postal_edit,
        ):
            edit.clear()
        self.channel_combo.setCurrentIndex(0)
        self.delivery_combo.setCurrentIndex(0)
        self.checklist.clear_all()
        self._hide_reuse()
        self.scan_reuse.clear()
        self._clear_all_marks()
        for _w, label in self._fields.values():
            _set_level(label, "hint", "")
        if self._receipt_page is not None:
            _set_level(self._receipt_page.message, "hint", "")

    def _ask(
        self,
        title: str,
        text: str,
        yes: str,
        no: str,
        on_yes: object,
        on_no: object | None = None,
    ) -> None:
        """A question that never blocks the event loop: Enter/Esc = ``no``, the underlined
        letter of ``yes`` = yes."""
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=self)
        box.setObjectName("intake.question")
        yes_button = box.addButton(yes, QMessageBox.ButtonRole.DestructiveRole)
        no_button = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
        yes_button.setObjectName("intake.question.yes")
        no_button.setObjectName("intake.question.no")
        box.setDefaultButton(no_button)
        box.setEscapeButton(no_button)
        vi_buttons(box)
        self.confirm_box = box
        back_to = self.focusWidget()

        def done(_result: int) -> None:
            self.confirm_box = None
            clicked: QAbstractButton | None = box.clickedButton()
            box.deleteLater()
            self.activateWindow()  # the keyboard comes back to the form
            if back_to is not None:
                back_to.setFocus(Qt.FocusReason.ActiveWindowFocusReason)
            if clicked is yes_button:
                on_yes()  # type: ignore[operator]
            elif on_no is not None:
                on_no()  # type: ignore[operator]

        box.finished.connect(done)
        box.open()

    def _print_current(self) -> None:
        if self.pages.currentIndex() == RECEIPT_PAGE and self.last_receipt is not None:
            self.print_receipt(self.last_receipt.code)

    # == tasks =============================================================================

    def _run_io(
        self, fn: object, on_success: Callable[[object], None], on_failure: Callable[[object], None]
    ) -> None:
        self._track(self.ctx.runner.run_io, fn, on_success, on_failure)

    def _run_db(
        self, fn: object, on_success: Callable[[object], None], on_failure: Callable[[object], None]
    ) -> None:
        self._track(self.ctx.runner.run_db, fn, on_success, on_failure)

    def _track(
        self,
        start: Callable[..., TaskSignals],
        fn: object,
        on_success: Callable[[object], None],
        on_failure: Callable[[object], None],
    ) -> None:
        """Start a Task; ``busy()`` is True until its result has been handled here."""
        token = object()
        self._pending.add(token)

        def succeeded(result: object) -> None:
            self._pending.discard(token)
            on_success(result)

        def failed(exc: object) -> None:
            self._pending.discard(token)
            on_failure(exc)

        start(fn, succeeded, failed)

    def busy(self) -> bool:
        """A Task of this dialog has not reported yet."""
        return bool(self._pending)

    # == Qt events =========================================================================

    def resizeEvent(self, event: object) -> None:  # type: ignore[override]
        super().resizeEvent(event)  # type: ignore[arg-type]
        if self.procedure_list.isVisible():
            self._place_list()

    def showEvent(self, event: object) -> None:  # type: ignore[override]
        super().showEvent(event)  # type: ignore[arg-type]
        self._refresh.start()  # stopped on close; the main window may show the dialog again
        if self._receipt_page is None:
            QTimer.singleShot(PREBUILD_MS, self, lambda: self.receipt_page)
        if self.pages.currentIndex() == FORM_PAGE and self.procedure is None:
            self.procedure_edit.setFocus(Qt.FocusReason.OtherFocusReason)
