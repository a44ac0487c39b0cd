"""Catalogue browser (F9): procedures with their documents, processing time and fees.

Type part of a name or code to filter (diacritics and case ignored: "khai sinh" finds
"Đăng ký khai sinh"); Down or Enter moves into the list. The "what to bring" checklist opens
in a read-only view; printing it comes with the forms issue through
:attr:`ChecklistDialog.print_hook`.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import ClassVar

from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.catalogue import FeeRow, ProcedureRow, list_current
from app.settings import AgencyInfo
from app.textnorm import fold
from ui.context import AppContext
from ui.formatting import copy_type_label, format_money, processing_time_text
from ui.i18n import vi_buttons
from ui.messages import error_text
from ui.tasks import ProgressFn

PrintHook = Callable[[QWidget, ProcedureRow, str], None]


def matches(query: str, haystack: str) -> bool:
    """Every folded word of ``query`` occurs in the folded ``haystack``."""
    return all(word in haystack for word in fold(query).split())


class _FeeTexts(QObject):
    """Fee wording (a QObject so that the strings have a translation context)."""

    def amount(self, fee: FeeRow) -> str:
        if fee.amount is None:
            return fee.note or self.tr("Theo quy định của tỉnh")
        if fee.amount == 0:
            return self.tr("Không thu")
        per = f" / {fee.per}" if fee.per else ""
        return f"{format_money(fee.amount)}{per}"


class ChecklistDialog(QDialog):
    """ "Giấy tờ cần mang": the checklist to show the citizen (or print, once forms land).

    ``print_hook`` (set by the forms code at start-up) receives the parent widget, the
    procedure and the checklist HTML; while it is None there is no print button.
    """

    print_hook: ClassVar[PrintHook | None] = None

    def __init__(self, proc: ProcedureRow, agency: AgencyInfo, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName("checklist_dialog")
        self.setWindowTitle(self.tr("Giấy tờ cần mang — {name}").format(name=proc.name))
        self.proc = proc
        self.html = self.checklist_html(proc, agency)
        self.view = QTextBrowser(self)
        self.view.setObjectName("checklist_view")
        self.view.setHtml(self.html)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        vi_buttons(buttons)
        buttons.rejected.connect(self.reject)
        self.print_button = QPushButton(self.tr("&In…"), self)
        self.print_button.setObjectName("checklist_print")
        self.print_button.clicked.connect(self._on_print_button_clicked)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.setVisible(ChecklistDialog.print_hook is not None)  # after addButton
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addWidget(buttons)
        self.resize(720, 640)
        self.view.setFocus()

    def checklist_html(self, proc: ProcedureRow, agency: AgencyInfo) -> str:
        t = {
            "title": self.tr("GIẤY TỜ CẦN MANG"),
            "procedure": self.tr("Thủ tục"),
            "no": self.tr("STT"),
            "paper": self.tr("Giấy tờ"),
            "copy": self.tr("Loại bản"),
            "copies": self.tr("Số lượng"),
            "if_any": self.tr("nếu có"),
            "time": self.tr("Thời hạn giải quyết"),
            "fees": self.tr("Phí, lệ phí"),
        }
        t = {k: escape(v) for k, v in t.items()}
        items = "".join(
            f"<tr><td align='right'>{i}</td><td>☐</td><td>{escape(d.name)}"
            f"{'' if d.required else ' <i>(' + t['if_any'] + ')</i>'}</td>"
            f"<td>{escape(copy_type_label(d.copy_type))}</td><td align='center'>{d.copies}</td>"
            "</tr>"
            for i, d in enumerate(proc.documents, start=1)
        )
        time_text = escape(processing_time_text(proc.time_amount, proc.time_unit, proc.cutoff))
        fees = _FeeTexts(self)
        fee_lines = escape("; ".join(f"{f.name}: {fees.amount(f)}" for f in proc.fees))
        contact = escape(", ".join(p for p in (agency.address, agency.phone) if p))
        return (
            f"<p align='center'><b>{escape(agency.unit_name.upper())}</b><br>"
            f"{escape(agency.commune_name)}</p>"
            f"<h3 align='center'>{t['title']}</h3>"
            f"<p align='center'>{t['procedure']}: <b>{escape(proc.name)}</b> "
            f"({escape(proc.code)})</p>"
            "<table border='1' cellspacing='0' cellpadding='5' width='100%'>"
            f"<tr><th>{t['no']}</th><th></th><th>{t['paper']}</th><th>{t['copy']}</th>"
            f"<th>{t['copies']}</th></tr>{items}</table>"
            f"<p>{t['time']}: {time_text}</p>"
            + (f"<p>{t['fees']}: {fee_lines}</p>" if fee_lines else "")
            + (f"<p><small>{contact}</small></p>" if contact else "")
        )

    @Slot()
    def _on_print_button_clicked(self) -> None:
        hook = ChecklistDialog.print_hook
        if hook is not None:
            hook(self, self.proc, self.html)


class CatalogueDialog(QDialog):
    """Filterable list of the current procedures and the details of the selected one.

    Signals:
        loaded(): the procedures have arrived (or the error reading them).
    """

    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("catalogue_dialog")
        self.setWindowTitle(self.tr("Danh mục thủ tục hành chính"))
        self._ctx = ctx
        self._fees = _FeeTexts(self)
        self.procedures: list[ProcedureRow] = []
        self._keys: list[str] = []  # folded code, name and field of each procedure
        self._names: list[str] = []

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("catalogue_filter")
        self.filter_edit.setPlaceholderText(self.tr("Gõ một phần tên hoặc mã thủ tục…"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.apply_filter)
        self.filter_edit.installEventFilter(self)
        filter_label = QLabel(self.tr("&Lọc:"), self)
        filter_label.setBuddy(self.filter_edit)

        self.list = QListWidget(self)
        self.list.setObjectName("catalogue_list")
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.currentItemChanged.connect(self._on_list_current_item_changed)
        self.count_label = QLabel(self.tr("Đang tải danh mục…"), self)
        self.count_label.setObjectName("catalogue_count")

        self.detail = QTextBrowser(self)
        self.detail.setObjectName("catalogue_detail")
        self.detail.setOpenLinks(False)

        self.checklist_button = QPushButton(self.tr("In danh sách &giấy tờ cần mang"), self)
        self.checklist_button.setObjectName("catalogue_checklist")
        self.checklist_button.setAutoDefault(False)
        self.checklist_button.setEnabled(False)
        self.checklist_button.clicked.connect(self.show_checklist)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        vi_buttons(buttons)
        for b in buttons.buttons():
            if isinstance(b, QPushButton):
                b.setAutoDefault(False)
        buttons.rejected.connect(self.reject)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(filter_label)
        row.addWidget(self.filter_edit)
        left_layout.addLayout(row)
        left_layout.addWidget(self.list)
        left_layout.addWidget(self.count_label)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.detail)
        right_layout.addWidget(self.checklist_button)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([380, 620])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        layout.addWidget(buttons)
        self.setTabOrder(self.filter_edit, self.list)
        self.setTabOrder(self.list, self.detail)
        self.setTabOrder(self.detail, self.checklist_button)
        self.resize(1000, 640)
        self.filter_edit.setFocus()
        self._load()

    # --- data -----------------------------------------------------------------------------

    def _load(self) -> None:
        store = self._ctx.store

        def read(_progress: ProgressFn) -> list[ProcedureRow]:
            with store.read() as session:
                return list_current(session)

        self._ctx.runner.run_io(
            read, on_success=self._on_load_succeeded, on_failure=self._on_load_failed
        )

    @Slot(object)
    def _on_load_succeeded(self, rows: object) -> None:
        found = rows if isinstance(rows, list) else []
        self.procedures = [r for r in found if isinstance(r, ProcedureRow)]
        self._keys = [fold(f"{p.code} {p.name} {p.field}") for p in self.procedures]
        self._names = [fold(p.name) for p in self.procedures]
        self.apply_filter(self.filter_edit.text())
        self.loaded.emit()

    @Slot(object)
    def _on_load_failed(self, exc: object) -> None:
        self.count_label.setText(error_text(exc))
        self.loaded.emit()

    # --- filter and selection ---------------------------------------------------------------

    def ranked(self, text: str) -> list[int]:
        """Indexes of the matching procedures, best first: names holding the typed words as
        one phrase before the others, then shorter (more general) names."""
        query = " ".join(fold(text).split())
        hits = [i for i, key in enumerate(self._keys) if matches(query, key)]
        if not query:
            return hits
        return sorted(hits, key=lambda i: (query not in self._names[i], len(self._names[i]), i))

    @Slot(str)
    def apply_filter(self, text: str) -> None:
        """Show the matching procedures, best first; keep the selection when it still matches."""
        previous = self.current_procedure()
        hits = self.ranked(text)
        self.list.blockSignals(True)
        self.list.clear()
        for i in hits:
            p = self.procedures[i]
            item = QListWidgetItem(f"{p.code}  {p.name}")
            item.setData(Qt.ItemDataRole.UserRole, i)
            item.setToolTip(f"{p.field} — {p.name}")
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.count_label.setText(
            self.tr("%n / {total} thủ tục", "", len(hits)).format(total=len(self._keys))
        )
        keep = [
            n for n, i in enumerate(hits) if previous is not None and self.procedures[i] == previous
        ]
        self.list.setCurrentRow(keep[0] if keep else 0 if hits else -1)
        self._on_list_current_item_changed(None, None)
        if not hits and self.procedures:
            nothing = self.tr("Không có thủ tục nào khớp với “{text}”.").format(text=text)
            self.detail.setHtml(f"<p>{escape(nothing)}</p>")

    def visible_codes(self) -> list[str]:
        """Codes in the list, in the order shown."""
        return [
            self.procedures[self.list.item(n).data(Qt.ItemDataRole.UserRole)].code
            for n in range(self.list.count())
        ]

    def current_procedure(self) -> ProcedureRow | None:
        item = self.list.currentItem()
        if item is None:
            return None
        index = item.data(Qt.ItemDataRole.UserRole)
        return self.procedures[index] if isinstance(index, int) else None

    @Slot(object, object)
    def _on_list_current_item_changed(self, _current: object, _previous: object) -> None:
        proc = self.current_procedure()
        self.checklist_button.setEnabled(proc is not None)
        if proc is not None:
            self.detail.setHtml(self.procedure_html(proc))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (
            watched is self.filter_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.list.setFocus()
            return True
        return super().eventFilter(watched, event)

    def procedure_html(self, proc: ProcedureRow) -> str:
        """The right-hand pane: time, fees and documents of one procedure."""
        t = {  # tr() outside f-strings: lupdate does not look inside them
            "code": self.tr("Mã thủ tục"),
            "field": self.tr("Lĩnh vực"),
            "catalogue": self.tr("Danh mục"),
            "time": self.tr("Thời hạn giải quyết"),
            "fees": self.tr("Phí, lệ phí"),
            "no_fees": self.tr("Chưa có thông tin phí, lệ phí"),
            "documents": self.tr("Thành phần hồ sơ"),
            "no": self.tr("STT"),
            "name": self.tr("Tên giấy tờ"),
            "copy": self.tr("Loại bản"),
            "copies": self.tr("Số lượng"),
            "need": self.tr("Yêu cầu"),
            "fee": self.tr("Khoản"),
            "amount": self.tr("Mức thu"),
            "note": self.tr("Ghi chú"),
            "required": self.tr("Bắt buộc"),
            "optional": self.tr("Nếu có"),
        }
        t = {k: escape(v) for k, v in t.items()}
        rows = "".join(
            f"<tr><td align='right'>{i}</td><td>{escape(d.name)}</td>"
            f"<td>{escape(copy_type_label(d.copy_type))}</td>"
            f"<td align='center'>{d.copies}</td>"
            f"<td>{t['required'] if d.required else t['optional']}</td></tr>"
            for i, d in enumerate(proc.documents, start=1)
        )
        fees = "".join(
            f"<tr><td>{escape(f.name)}</td><td>{escape(self._fees.amount(f))}</td>"
            f"<td>{escape(f.note if f.amount is not None else '')}</td></tr>"
            for f in proc.fees
        ) or (f"<tr><td colspan='3'>{t['no_fees']}</td></tr>")
        time_text = escape(processing_time_text(proc.time_amount, proc.time_unit, proc.cutoff))
        note = f"<br><i>{escape(proc.time_note)}</i>" if proc.time_note else ""
        table = "<table border='1' cellspacing='0' cellpadding='4' width='100%'>"
        return (
            f"<h3>{escape(proc.name)}</h3>"
            f"<p>{t['code']}: <b>{escape(proc.code)}</b> · {t['field']}: {escape(proc.field)}"
            f" · {t['catalogue']} {escape(proc.catalog_version)}</p>"
            f"<p><b>{t['time']}:</b> {time_text}{note}</p>"
            f"<p><b>{t['fees']}</b></p>{table}"
            f"<tr><th>{t['fee']}</th><th>{t['amount']}</th><th>{t['note']}</th></tr>{fees}</table>"
            f"<p><b>{t['documents']}</b></p>{table}"
            f"<tr><th>{t['no']}</th><th>{t['name']}</th><th>{t['copy']}</th>"
            f"<th>{t['copies']}</th><th>{t['need']}</th></tr>{rows}</table>"
        )

    @Slot()
    def show_checklist(self) -> ChecklistDialog | None:
        proc = self.current_procedure()
        if proc is None:
            return None
        dialog = ChecklistDialog(proc, self._ctx.agency, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
