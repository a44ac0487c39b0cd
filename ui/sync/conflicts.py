"""The dossier's conflict banner: changes of this dossier the server refused, explained.

A refused change (sync-protocol.md §3.6: another PC or the district moved the dossier first,
the district owns its state, a duplicate code, invalid data) is recorded by the engine as a
conflict; later changes of the same dossier wait behind it. The banner says which step was
refused, why (``app.sync_service`` explains each kind in Vietnamese), the state the server
holds, and what to do. "Đã xem" records that a person dealt with it
(``app.sync_service.resolve_conflict``): the dossier's held changes flow again and the server's
copy is folded in at the next cycle.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget
from shiboken6 import isValid

from app.sync_service import ConflictRow, conflicts, resolve_conflict
from ui.context import AppContext
from ui.dossier.labels import event_label
from ui.formatting import format_datetime, state_label
from ui.levels import styled
from ui.messages import error_text
from ui.tasks import ProgressFn


class ConflictBanner(QFrame):
    """Signals:
    loaded(): the conflicts of the dossier were read (``rows``; may be empty: hidden).
    resolved(): "Đã xem" was recorded.
    """

    loaded = Signal()
    resolved = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[ConflictRow] = []
        self.dossier_id = ""
        self.code = ""
        self.busy = False
        self._seq = 0
        self.setObjectName("dossier.conflicts")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        styled(self, "error")
        self.title = QLabel(self)
        self.title.setObjectName("dossier.conflicts.title")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.text = QLabel(self)
        self.text.setObjectName("dossier.conflicts.text")
        self.text.setWordWrap(True)
        self.ack_button = QPushButton(self.tr("Đã &xem"), self)
        self.ack_button.setObjectName("dossier.conflicts.ack")
        self.ack_button.setToolTip(
            self.tr(
                "Ghi nhận đã xem và xử lý: các thay đổi sau của hồ sơ được gửi tiếp và hồ sơ "
                "được cập nhật theo máy chủ ở lượt đồng bộ sau."
            )
        )
        self.ack_button.clicked.connect(self.acknowledge)
        column = QVBoxLayout()
        column.addWidget(self.title)
        column.addWidget(self.text)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        row.addLayout(column, 1)
        row.addWidget(self.ack_button)
        self.hide()

    # --- reading --------------------------------------------------------------------------

    def load(self, dossier_id: str, code: str) -> None:
        """Read the dossier's unresolved conflicts on the I/O pool."""
        self.dossier_id, self.code = dossier_id, code
        self._seq += 1
        seq = self._seq
        store = self.ctx.store

        def work(_progress: ProgressFn) -> list[ConflictRow]:
            return conflicts(store, dossier_id)

        self.ctx.runner.run_io(
            work,
            on_success=lambda rows: self._on_read(seq, rows),
            on_failure=lambda exc: self._on_read_failed(seq, exc),
        )

    def _on_read(self, seq: int, rows: object) -> None:
        if not isValid(self) or seq != self._seq or not isinstance(rows, list):
            return
        self.show_rows(rows)
        self.loaded.emit()

    def _on_read_failed(self, seq: int, exc: object) -> None:
        if not isValid(self) or seq != self._seq:
            return
        self.rows = []
        self.title.setText(self.tr("Không đọc được xung đột đồng bộ của hồ sơ"))
        self.text.setText(error_text(exc))
        self.ack_button.hide()
        self.show()
        self.loaded.emit()

    # --- showing --------------------------------------------------------------------------

    def show_rows(self, rows: list[ConflictRow]) -> None:
        self.rows = rows
        if not rows:
            self.hide()
            return
        if len(rows) == 1:
            self.title.setText(self.tr("Máy chủ cấp trên không nhận một thay đổi của hồ sơ này"))
        else:
            self.title.setText(
                self.tr("Máy chủ cấp trên không nhận {n} thay đổi của hồ sơ này").format(
                    n=len(rows)
                )
            )
        self.text.setText("\n\n".join(self.explain(c) for c in rows))
        self.ack_button.show()
        self.ack_button.setEnabled(not self.busy)
        self.show()

    def step_text(self, c: ConflictRow) -> str:
        """The refused step in the officer's words."""
        if c.op == "dossier.transition":
            return event_label("transition", str(c.payload.get("to", "")))
        if c.op == "dossier.create":
            return event_label("received", "received")
        if c.op == "dossier.extend":
            return event_label("extension", "")
        return c.op

    def server_text(self, server: dict[str, Any]) -> str:
        state = server.get("state")
        if not state:
            return ""
        text = self.tr("Trên máy chủ hồ sơ đang ở trạng thái: {state}.").format(
            state=state_label(str(state))
        )
        return text

    def advice(self, kind: str) -> str:
        texts = {
            "state": self.tr(
                "Trạng thái trên máy chủ là trạng thái đúng. Bấm “Đã xem” để hồ sơ trên máy này "
                "được cập nhật theo máy chủ; nếu vẫn cần làm bước này, làm lại sau khi cập nhật."
            ),
            "owner": self.tr(
                "Chờ cấp huyện xử lý xong và trả hồ sơ về xã. Bấm “Đã xem” để hồ sơ trên máy "
                "này được cập nhật theo máy chủ."
            ),
            "code": self.tr(
                "Báo quản trị cấp huyện: mã hồ sơ cần được kiểm tra. Bấm “Đã xem” sau khi đã xử lý."
            ),
            "validation": self.tr(
                "Kiểm tra lại thông tin của hồ sơ. Bấm “Đã xem” để các thay đổi sau của hồ sơ "
                "được gửi tiếp."
            ),
            "blob_missing": self.tr(
                "Chờ các tệp số hoá được gửi xong (xem Tình trạng đồng bộ) rồi làm lại bước này."
            ),
        }
        return texts.get(
            kind, self.tr("Bấm “Đã xem” sau khi đã xử lý để các thay đổi sau được gửi tiếp.")
        )

    def explain(self, c: ConflictRow) -> str:
        parts = [
            self.tr("Bước “{step}” ({at}, {actor}) không được máy chủ ghi nhận.").format(
                step=self.step_text(c),
                at=format_datetime(c.done_at or c.created_at),
                actor=c.user_id or self.tr("máy này"),
            ),
            c.explanation,
        ]
        server = self.server_text(c.server_state)
        if server:
            parts.append(server)
        parts.append(self.advice(c.kind))
        return " ".join(p for p in parts if p)

    # --- acknowledging --------------------------------------------------------------------

    @Slot()
    def acknowledge(self) -> None:
        """Record "Đã xem" for every conflict shown (one write on the writer thread)."""
        if self.busy or not self.rows:
            return
        self.busy = True
        self.ack_button.setEnabled(False)
        store, actor = self.ctx.store, self.ctx.actor
        ids = [c.mutation_id for c in self.rows]

        def write(_progress: ProgressFn) -> int:
            for mutation_id in ids:
                resolve_conflict(store, mutation_id, actor=actor)
            return len(ids)

        self.ctx.runner.run_db(write, on_success=self._on_resolved, on_failure=self._on_failed)

    def _on_resolved(self, _n: object) -> None:
        if not isValid(self):
            return
        self.busy = False
        self.rows = []
        self.hide()
        self.resolved.emit()
        # A write of this desk: lists refresh and the sync worker is kicked (the held changes
        # of the dossier may go now, and its server copy comes down).
        self.ctx.signals.dossiers_changed.emit([self.code])

    def _on_failed(self, exc: object) -> None:
        if not isValid(self):
            return
        self.busy = False
        self.ack_button.setEnabled(True)
        self.text.setText(
            self.tr("Chưa ghi nhận được: {error}").format(error=error_text(exc))
            + "\n\n"
            + "\n\n".join(self.explain(c) for c in self.rows)
        )
