"""The dossier table of the desk: ids first, rows fetched a hundred at a time (style.md §10.4).

A desk list or a search result is a list of ``local_no`` values; only the rows the view asks
for are read, one ``rows_by_local_no`` query per batch of :attr:`DossierTableModel.BATCH`, so a
list of a million dossiers costs a list of a million ints and a few hundred rows.

Overdue rows are red and due-soon rows amber, and the due column says so in words as well
(never colour alone).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from app.desk import Thresholds
from app.dossiers import DossierRow
from ui.formatting import format_datetime, state_label

Index = QModelIndex | QPersistentModelIndex
RowFetcher = Callable[[Sequence[int]], Mapping[int, DossierRow]]

OVERDUE, DUE_SOON = "overdue", "due_soon"

# Background / foreground pairs with a contrast ratio above 7:1.
_COLOURS = {
    OVERDUE: (QColor("#fde0e0"), QColor("#8b0000")),
    DUE_SOON: (QColor("#fff1c9"), QColor("#6b4500")),
}

_MISSING = object()  # a row that was deleted after its id was listed


class DossierTableModel(QAbstractTableModel):
    """Columns: Mã hồ sơ, Người nộp, Thủ tục, Trạng thái, Nhận lúc, Hẹn trả.

    ``fetch`` is e.g. ``partial(rows_by_local_no, store)``: a key lookup of at most BATCH rows,
    fine on the GUI thread; the id lists themselves come from Tasks.
    """

    FIELDS = ("code", "applicant_name", "procedure_name", "state", "received_at", "due_at")
    BATCH = 100
    CODE, NAME, PROCEDURE, STATE, RECEIVED, DUE = range(6)

    def __init__(self, fetch: RowFetcher, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._ids: list[int] = []
        self._rows: dict[int, DossierRow | object] = {}
        self._thresholds: Thresholds | None = None
        self._brushes = {k: (QBrush(bg), QBrush(fg)) for k, (bg, fg) in _COLOURS.items()}

    # --- content --------------------------------------------------------------------------

    def set_ids(self, ids: list[int], thresholds: Thresholds | None = None) -> None:
        """A new list (a desk list or a search result): rows are read again as shown."""
        self.beginResetModel()
        self._ids = list(ids)
        self._rows = {}
        if thresholds is not None:
            self._thresholds = thresholds
        self.endResetModel()

    def extend_ids(self, ids: list[int], thresholds: Thresholds | None = None) -> bool:
        """The full list after a first page: append what is new without a reset.

        Returns False (and does nothing) when ``ids`` does not start with the rows shown: the
        list changed in between and the caller should :meth:`set_ids` instead.
        """
        n = len(self._ids)
        if len(ids) < n or ids[:n] != self._ids:
            return False
        if thresholds is not None:
            self._thresholds = thresholds
        if len(ids) > n:
            self.beginInsertRows(QModelIndex(), n, len(ids) - 1)
            self._ids.extend(ids[n:])
            self.endInsertRows()
        return True

    def ids(self) -> list[int]:
        return list(self._ids)

    def local_no(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, local_no: int) -> int | None:
        try:
            return self._ids.index(local_no)
        except ValueError:
            return None

    def dossier(self, row: int) -> DossierRow | None:
        """The row's DTO (fetched with its batch if needed); None when out of range or gone."""
        if not 0 <= row < len(self._ids):
            return None
        no = self._ids[row]
        if no not in self._rows:
            batch = self._ids[row : row + self.BATCH]
            found = self._fetch(batch)
            for n in batch:
                self._rows[n] = found.get(n, _MISSING)
        value = self._rows.get(no)
        return value if isinstance(value, DossierRow) else None

    def flag(self, row: int) -> str | None:
        """'overdue', 'due_soon' or None (reminder marks, from the list's Thresholds)."""
        d = self.dossier(row)
        if d is None or self._thresholds is None:
            return None
        return self._thresholds.flag(d)

    def forget_rows(self) -> None:
        """Drop the cached rows (after a write): visible lines are read again."""
        self._rows = {}
        if self._ids:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._ids) - 1, len(self.FIELDS) - 1)
            )

    # --- QAbstractTableModel ---------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.FIELDS)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (
            self.tr("Mã hồ sơ"),
            self.tr("Người nộp"),
            self.tr("Thủ tục"),
            self.tr("Trạng thái"),
            self.tr("Nhận lúc"),
            self.tr("Hẹn trả"),
        )
        return titles[section] if 0 <= section < len(titles) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.BackgroundRole,
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return None
        row = self.dossier(index.row())
        if row is None:
            if role == Qt.ItemDataRole.DisplayRole and index.column() == self.CODE:
                return self.tr("(hồ sơ không còn)")
            return None
        flag = self._thresholds.flag(row) if self._thresholds is not None else None
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._brushes[flag][0] if flag else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._brushes[flag][1] if flag else None
        text = self._text(row, index.column(), flag)
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.column() == self.DUE and flag:
                return self._flag_sentence(flag)
            if index.column() in (self.NAME, self.PROCEDURE, self.STATE):
                return text
            return None
        if role == Qt.ItemDataRole.AccessibleTextRole and index.column() == self.DUE and flag:
            return f"{text}. {self._flag_sentence(flag)}"
        return text

    def _text(self, row: DossierRow, column: int, flag: str | None) -> str:
        if column == self.CODE:
            return row.code
        if column == self.NAME:
            return row.applicant_name
        if column == self.PROCEDURE:
            return row.procedure_name
        if column == self.STATE:
            return state_label(row.state)
        if column == self.RECEIVED:
            return format_datetime(row.received_at)
        due = format_datetime(row.due_at)
        if flag == OVERDUE:
            return self.tr("{due} · QUÁ HẠN").format(due=due)
        if flag == DUE_SOON:
            return self.tr("{due} · sắp đến hạn").format(due=due)
        return due

    def _flag_sentence(self, flag: str) -> str:
        if flag == OVERDUE:
            return self.tr("Hồ sơ đã quá hạn trả kết quả")
        return self.tr("Hồ sơ sắp đến hạn trả kết quả")
