"""The document checklist of the intake dialog: one row per paper, driven from the keyboard.

Keys (the table has focus):
    Up/Down, Left/Right  move between rows and columns
    Space                tick/untick the row as received, then go to the next row
    + / -                one copy more / less
    F2 or typing         edit the cell: copy type (combo), number of copies (spin), name of
                         an "other paper"
    Insert (Ctrl+T)      add an other paper (a document outside the procedure's list)
    Delete               remove an other paper
Enter and Tab leave the table (the dialog moves to the next field).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from app.catalogue import DocumentRow
from ui.intake.text import copy_type_labels

Index = QModelIndex | QPersistentModelIndex

COL_TICK, COL_NAME, COL_TYPE, COL_COUNT = range(4)
CODE_ROLE = Qt.ItemDataRole.UserRole  # on the name item: catalogue code ("" for other papers)
REQUIRED_ROLE = Qt.ItemDataRole.UserRole + 1  # on the name item
TYPE_ROLE = Qt.ItemDataRole.UserRole  # on the copy-type item: the copy type code
MAX_COPIES = 99


@dataclass(frozen=True)
class ChecklistLine:
    """One row as the dialog reads it back."""

    row: int
    code: str  # "" for an other paper
    name: str
    copy_type: str
    copies: int
    received: bool
    required: bool


class CopyTypeDelegate(QStyledItemDelegate):
    """A combo of the copy types; letters jump to a type (b: bản…, x: xuất trình)."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:  # noqa: N802
        combo = QComboBox(parent)
        combo.setObjectName("intake.checklist.copy_type_editor")
        for code, label in copy_type_labels().items():
            combo.addItem(label, code)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        i = editor.findData(index.data(TYPE_ROLE))
        editor.setCurrentIndex(max(i, 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), TYPE_ROLE)
        model.setData(index, editor.currentText(), Qt.ItemDataRole.DisplayRole)


class CountDelegate(QStyledItemDelegate):
    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:  # noqa: N802
        spin = QSpinBox(parent)
        spin.setObjectName("intake.checklist.copies_editor")
        spin.setRange(1, MAX_COPIES)
        spin.setAlignment(Qt.AlignmentFlag.AlignRight)
        return spin


class ChecklistTable(QTableWidget):
    """Signals:
    changed(): a tick, a copy type, a count or the set of rows changed.
    add_requested(): Space on the "add other paper" row.
    """

    changed = Signal()
    add_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 4, parent)
        self.setObjectName("intake.checklist")
        self.setHorizontalHeaderLabels(
            [self.tr("Nhận"), self.tr("Tên giấy tờ"), self.tr("Loại bản"), self.tr("Số bản")]
        )
        self.horizontalHeaderItem(COL_TICK).setToolTip(self.tr("Đã nhận (phím cách)"))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)  # Tab leaves the table: the next field follows
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.horizontalHeader()
        header.setSectionResizeMode(COL_TICK, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_TYPE, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(COL_COUNT, QHeaderView.ResizeMode.Fixed)
        self.setColumnWidth(
            COL_TYPE, self.fontMetrics().horizontalAdvance("Bản sao có chứng thực") + 40
        )
        self.setColumnWidth(COL_COUNT, self.fontMetrics().horizontalAdvance("Số bản") + 24)
        self._type_delegate = CopyTypeDelegate(self)
        self._count_delegate = CountDelegate(self)
        self.setItemDelegateForColumn(COL_TYPE, self._type_delegate)
        self.setItemDelegateForColumn(COL_COUNT, self._count_delegate)
        self._loading = False
        self.itemChanged.connect(self._on_item_changed)
        self._append_add_row()

    # -- contents ---------------------------------------------------------------------------

    def set_documents(self, docs: Sequence[DocumentRow]) -> None:
        """The procedure's papers, unticked; other papers already added are kept after them."""
        extras = [line for line in self.lines() if not line.code]
        self._loading = True
        try:
            self.setRowCount(0)
            for d in docs:
                self._append(d.code, d.name, d.copy_type, d.copies, False, d.required)
            for e in extras:
                self._append("", e.name, e.copy_type, e.copies, e.received, False)
            self._append_add_row()
        finally:
            self._loading = False
        if self.rowCount() > 0:
            self.setCurrentCell(0, COL_TICK)
        self.changed.emit()

    def clear_all(self) -> None:
        self._loading = True
        try:
            self.setRowCount(0)
            self._append_add_row()
        finally:
            self._loading = False
        self.changed.emit()

    def add_other(self) -> int:
        """Insert an other paper (ticked, one photocopy) and open its name for typing."""
        row = self.add_row()
        self._loading = True
        try:
            self.insertRow(row)
            self._fill(row, "", "", "photocopy", 1, True, False)
        finally:
            self._loading = False
        self.setCurrentCell(row, COL_NAME)
        self.editItem(self.item(row, COL_NAME))
        self.changed.emit()
        return row

    def add_row(self) -> int:
        """Index of the "add other paper" row (always the last)."""
        return self.rowCount() - 1

    def lines(self) -> list[ChecklistLine]:
        out = []
        for row in range(self.add_row()):
            name_item = self.item(row, COL_NAME)
            out.append(
                ChecklistLine(
                    row=row,
                    code=str(name_item.data(CODE_ROLE) or ""),
                    name=name_item.text().strip(),
                    copy_type=str(self.item(row, COL_TYPE).data(TYPE_ROLE)),
                    copies=int(self.item(row, COL_COUNT).data(Qt.ItemDataRole.EditRole)),
                    received=self.item(row, COL_TICK).checkState() == Qt.CheckState.Checked,
                    required=bool(name_item.data(REQUIRED_ROLE)),
                )
            )
        return out

    def toggle(self, row: int) -> None:
        item = self.item(row, COL_TICK)
        if item is None or row >= self.add_row():
            return
        checked = item.checkState() == Qt.CheckState.Checked
        item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)

    def set_received(self, row: int, received: bool) -> None:
        state = Qt.CheckState.Checked if received else Qt.CheckState.Unchecked
        self.item(row, COL_TICK).setCheckState(state)

    def set_copies(self, row: int, copies: int) -> None:
        self.item(row, COL_COUNT).setData(Qt.ItemDataRole.EditRole, max(1, min(MAX_COPIES, copies)))

    def set_copy_type(self, row: int, copy_type: str) -> None:
        item = self.item(row, COL_TYPE)
        item.setData(TYPE_ROLE, copy_type)
        item.setText(copy_type_labels().get(copy_type, copy_type))

    # -- keys -------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        row = self.currentRow()
        key = event.key()
        plain = not (
            event.modifiers()
            & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        )
        if key == Qt.Key.Key_Space and plain and self.state() != self.State.EditingState:
            if row == self.add_row():
                self.add_requested.emit()
            elif row >= 0:
                self.toggle(row)
                if row + 1 < self.add_row():
                    self.setCurrentCell(row + 1, self.currentColumn())
            event.accept()
            return
        if plain and event.text() in ("+", "-") and 0 <= row < self.add_row():
            count = int(self.item(row, COL_COUNT).data(Qt.ItemDataRole.EditRole))
            self.set_copies(row, count + (1 if event.text() == "+" else -1))
            event.accept()
            return
        if key == Qt.Key.Key_Delete and 0 <= row < self.add_row():
            if not self.item(row, COL_NAME).data(CODE_ROLE):
                self.removeRow(row)
                self.setCurrentCell(min(row, self.rowCount() - 1), COL_TICK)
                self.changed.emit()
            event.accept()
            return
        if key == Qt.Key.Key_Insert and plain:
            self.add_requested.emit()
            event.accept()
            return
        if row == self.add_row() and event.text().strip() and plain:
            self.add_requested.emit()  # typing on the "add" row starts an other paper
            event.accept()
            return
        super().keyPressEvent(event)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:  # noqa: N802
        super().closeEditor(editor, hint)
        # An other paper whose name was left empty is not kept.
        for row in reversed(range(self.add_row())):
            name_item = self.item(row, COL_NAME)
            if not name_item.data(CODE_ROLE) and not name_item.text().strip():
                self.removeRow(row)
                self.setCurrentCell(min(row, self.add_row()), COL_TICK)
                self.changed.emit()

    # -- internals --------------------------------------------------------------------------

    def _append(
        self, code: str, name: str, copy_type: str, copies: int, received: bool, required: bool
    ) -> None:
        row = self.rowCount()
        self.insertRow(row)
        self._fill(row, code, name, copy_type, copies, received, required)

    def _fill(
        self,
        row: int,
        code: str,
        name: str,
        copy_type: str,
        copies: int,
        received: bool,
        required: bool,
    ) -> None:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        tick = QTableWidgetItem()
        tick.setFlags(flags | Qt.ItemFlag.ItemIsUserCheckable)
        tick.setCheckState(Qt.CheckState.Checked if received else Qt.CheckState.Unchecked)
        self.setItem(row, COL_TICK, tick)

        name_item = QTableWidgetItem(name)
        name_item.setData(CODE_ROLE, code)
        name_item.setData(REQUIRED_ROLE, required)
        if code:
            name_item.setFlags(flags)
            name_item.setToolTip(
                self.tr("{code} — bắt buộc").format(code=code)
                if required
                else self.tr("{code} — nếu có").format(code=code)
            )
            if not required:
                font = name_item.font()
                font.setItalic(True)
                name_item.setFont(font)
        else:
            name_item.setFlags(flags | Qt.ItemFlag.ItemIsEditable)
            name_item.setToolTip(self.tr("Giấy tờ khác ngoài danh mục (Delete để bỏ)"))
        self.setItem(row, COL_NAME, name_item)

        type_item = QTableWidgetItem(copy_type_labels().get(copy_type, copy_type))
        type_item.setData(TYPE_ROLE, copy_type)
        type_item.setFlags(flags | Qt.ItemFlag.ItemIsEditable)
        type_item.setToolTip(self.tr("F2 hoặc gõ chữ cái đầu để đổi loại bản"))
        self.setItem(row, COL_TYPE, type_item)

        count_item = QTableWidgetItem()
        count_item.setData(Qt.ItemDataRole.EditRole, copies)
        count_item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        count_item.setFlags(flags | Qt.ItemFlag.ItemIsEditable)
        count_item.setToolTip(self.tr("Gõ số hoặc +/− để đổi số bản"))
        self.setItem(row, COL_COUNT, count_item)

    def _append_add_row(self) -> None:
        row = self.rowCount()
        self.insertRow(row)
        item = QTableWidgetItem(self.tr("+ Thêm giấy tờ khác… (Ctrl+T)"))
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        item.setToolTip(self.tr("Phím cách, Insert hoặc Ctrl+T: thêm giấy tờ ngoài danh mục"))
        font = item.font()
        font.setItalic(True)
        item.setFont(font)
        self.setItem(row, COL_TICK, item)
        self.setSpan(row, COL_TICK, 1, 4)

    def _on_item_changed(self, _item: QTableWidgetItem) -> None:
        if not self._loading:
            self.changed.emit()
