"""Dossiers filed online (level 3/4) in the dossier view: the inbox step.

They arrive through sync in ``online_submitted``. The officer checks them and either receives
them ("Tiếp nhận hồ sơ trực tuyến", → ``received``) or refuses them (the view's existing
"Từ chối", → ``refused`` with a reason and Mẫu 03). This module holds the confirmation dialog
and the strip the view shows above its tabs while a dossier waits in the inbox.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from app.dossiers import DossierView
from ui.dossier.actions import ActionDialog
from ui.levels import styled


class AcceptOnlineDialog(ActionDialog):
    """Tiếp nhận hồ sơ trực tuyến (online_submitted → received): a confirmation."""

    KEY = "accept_online"

    def __init__(self, parent: QWidget | None, view: DossierView) -> None:
        super().__init__(parent, view)
        self.setWindowTitle(self.tr("Tiếp nhận hồ sơ trực tuyến"))
        self.intro.setText(
            self.tr(
                "Tiếp nhận hồ sơ công dân nộp trực tuyến? Hãy kiểm tra thành phần hồ sơ và các "
                "tệp đính kèm trước. Sau bước này hồ sơ được giải quyết như hồ sơ nộp trực tiếp; "
                "nếu hồ sơ không hợp lệ, chọn Từ chối."
            )
        )
        self.ok_button.setText(self.tr("Tiếp nhận"))
        self._finish()


class OnlineStrip(QFrame):
    """The inbox strip of an online dossier: what to do, and its two actions."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dossier.online")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        styled(self, "info", bold=True)
        self.text = QLabel(self)
        self.text.setObjectName("dossier.online.text")
        self.text.setWordWrap(True)
        self.text.setText(
            self.tr(
                "Hồ sơ nộp trực tuyến, chờ tiếp nhận: kiểm tra thành phần hồ sơ rồi tiếp nhận "
                "hoặc từ chối (ghi rõ lý do)."
            )
        )
        self.accept_button = QPushButton(self)
        self.accept_button.setObjectName("dossier.online.accept")
        self.refuse_button = QPushButton(self)
        self.refuse_button.setObjectName("dossier.online.refuse")
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        row.addWidget(self.text, 1)
        row.addWidget(self.accept_button)
        row.addWidget(self.refuse_button)
        self.hide()
