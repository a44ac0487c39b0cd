"""Reuse of digitised papers at intake (QĐ 766, indicator 4.3).

When the CCCD field holds a valid number, the citizen's earlier digitised components are read in
the background (``find_reusable``); those whose paper is on the current checklist are offered
under it, one tickable line each ("Dùng lại bản số hóa ngày … của hồ sơ …"). Nothing is ticked
by default and the list is outside the Tab/Enter chain, so the normal intake takes not one
keystroke more; Alt+D reaches it, Space ticks. After the dossier is received, each ticked
paper is attached to the new dossier with ``reuse_attachment`` on the writer thread.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.attachments import ReusableRow, find_document, find_reusable, reuse_attachment
from ui.context import AppContext
from ui.formatting import format_date
from ui.messages import error_text
from ui.tasks import ProgressFn


@dataclass(frozen=True)
class Reused:
    """What :meth:`ScanReusePanel.apply` did for one dossier."""

    code: str
    attached: int
    errors: tuple[str, ...]


class ScanReusePanel(QFrame):
    """Earlier digitised papers of the same citizen, offered per checklist line.

    Signals:
        offers_loaded(int): the lookup for the current number came back; rows offered.
        reuse_done(object): a :class:`Reused` after :meth:`apply` wrote (or failed).
    """

    offers_loaded = Signal(int)
    reuse_done = Signal(object)

    def __init__(
        self, ctx: AppContext, codes: Callable[[], Sequence[str]], parent: QWidget | None = None
    ) -> None:
        """``codes``: the catalogue codes of the papers on the checklist now."""
        super().__init__(parent)
        self.ctx = ctx
        self._codes = codes
        self._number = ""
        self.rows: list[ReusableRow] = []
        self.setObjectName("intake.scan_reuse")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        column = QVBoxLayout(self)
        column.setContentsMargins(6, 4, 6, 4)
        self.title = QLabel(self.tr("&Dùng lại bản số hóa đã có (phím cách để chọn):"), self)
        self.title.setObjectName("intake.scan_reuse.title")
        self.list = QListWidget(self)
        self.list.setObjectName("intake.scan_reuse.list")
        self.list.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # never in the Tab/Enter chain
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setMaximumHeight(90)
        self.title.setBuddy(self.list)
        column.addWidget(self.title)
        column.addWidget(self.list)
        self.hide()

    # -- offers --------------------------------------------------------------------------------

    def look_up(self, number: str) -> None:
        """Read the citizen's earlier digitised papers (I/O pool); shown when they arrive."""
        self.clear()
        self._number = number
        store = self.ctx.store

        def work(_progress: ProgressFn) -> tuple[str, list[ReusableRow]]:
            return number, find_reusable(store, number)

        self.ctx.runner.run_io(work, on_success=self._on_found, on_failure=lambda _exc: None)

    def _on_found(self, result: object) -> None:
        if not isValid(self):
            return
        assert isinstance(result, tuple)
        number, rows = result
        if number != self._number:
            return  # the officer typed another number meanwhile
        self.rows = list(rows)
        self.refresh()
        self.offers_loaded.emit(self.list.count())

    def refresh(self) -> None:
        """Offer the rows whose paper is on the checklist (call when the checklist changes)."""
        ticked = set(self.ticked_ids())
        self.list.clear()
        codes = {c for c in self._codes() if c}
        for row in self.rows:
            if row.document_code not in codes:
                continue
            text = self.tr(
                "{doc}: dùng lại bản số hóa ngày {day} của hồ sơ {code} (%n trang)",
                "",
                row.pages,
            ).format(
                doc=row.document_code,
                day=format_date(row.created_at),
                code=row.dossier_code,
            )
            item = QListWidgetItem(text, self.list)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            checked = row.attachment_id in ticked
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, row.attachment_id)
            item.setToolTip(f"{row.document_name}\n{row.file_name}")
        if self.list.count() and self.list.currentRow() < 0:
            self.list.setCurrentRow(0)  # Space ticks at once after Alt+D
        self.setVisible(self.list.count() > 0)

    def clear(self) -> None:
        self._number = ""
        self.rows = []
        self.list.clear()
        self.hide()

    def ticked_ids(self) -> list[str]:
        out = []
        for r in range(self.list.count()):
            item = self.list.item(r)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                out.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return out

    def ticked(self) -> list[ReusableRow]:
        ids = set(self.ticked_ids())
        return [r for r in self.rows if r.attachment_id in ids]

    # -- after the dossier is received ---------------------------------------------------------

    def apply(self, code: str) -> bool:
        """Attach the ticked papers to the dossier just received (writer thread). False when
        nothing was ticked."""
        chosen = [(r.document_code, r.attachment_id) for r in self.ticked()]
        if not chosen:
            return False
        store, actor, clock, ctx = self.ctx.store, self.ctx.actor, self.ctx.clock, self.ctx

        def work(_progress: ProgressFn) -> Reused:
            attached, errors = 0, []
            for doc_code, attachment_id in chosen:
                try:
                    doc = find_document(store, code, doc_code)
                    reuse_attachment(store, code, doc.id, attachment_id, actor=actor, clock=clock)
                    attached += 1
                except Exception as exc:  # one refused paper does not stop the others
                    errors.append(f"{doc_code}: {error_text(exc)}")
            return Reused(code, attached, tuple(errors))

        def done(result: object) -> None:
            assert isinstance(result, Reused)
            if result.attached:
                ctx.signals.dossiers_changed.emit([code])
            if isValid(self):
                self.reuse_done.emit(result)

        def failed(exc: object) -> None:
            if isValid(self):
                self.reuse_done.emit(Reused(code, 0, (error_text(exc),)))

        ctx.runner.run_db(work, on_success=done, on_failure=failed)
        return True

    def result_text(self, result: Reused) -> str:
        """A line for the receipt page."""
        text = self.tr("Đã dùng lại %n bản số hóa.", "", result.attached)
        if result.errors:
            text += " " + self.tr("Chưa dùng lại được: {errors}").format(
                errors="; ".join(result.errors)
            )
        return text
