"""The small dialogs of the lifecycle actions: each asks only what its step needs.

Every dialog exposes ``classmethod ask(parent, view, done, ...)``: it opens the dialog with
``open()`` (never ``exec()``) and, when the officer confirms, calls ``done(answer)`` with a
frozen answer object. Cancelling calls nothing. Tests monkeypatch ``ask`` to answer at once.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimeZone
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.clock import VN_TZ, local
from app.dossiers import DossierView
from app.textnorm import nfc
from ui.formatting import copy_type_label, format_datetime
from ui.i18n import vi_buttons

# --- answers ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Confirmed:
    """The officer confirmed a step that needs nothing else."""


@dataclass(frozen=True)
class ReasonAnswer:
    reason: str


@dataclass(frozen=True)
class SupplementAnswer:
    """What the citizen must bring (printed on Mẫu 02) and why."""

    missing: tuple[str, ...]  # names of checklist items, then free-text items
    missing_codes: tuple[str, ...]  # catalogue codes of the checked checklist items
    reason: str


@dataclass(frozen=True)
class ForwardAnswer:
    agency: str


@dataclass(frozen=True)
class HandOverAnswer:
    """Who took the result: a name and an ID number or the relationship to the applicant."""

    name: str
    id_or_relation: str


@dataclass(frozen=True)
class ExtendAnswer:
    new_due: datetime  # aware, Asia/Ho_Chi_Minh
    reason: str


Done = Callable[[Any], None]


def _clean(text: str) -> str:
    return nfc(text).strip()


# --- the common frame -------------------------------------------------------------------------


class ActionDialog(QDialog):
    """Frame of an action dialog: a line naming the dossier, the inputs, an error line, OK/Cancel.

    OK stays enabled: a missing answer is explained in the error line and the field is focused,
    never silently refused.
    """

    KEY: ClassVar[str] = "action"

    def __init__(self, parent: QWidget | None, view: DossierView) -> None:
        super().__init__(parent)
        self.view = view
        self.answer: object | None = None
        self.setObjectName(f"dossier.dialog.{self.KEY}")
        self.setModal(True)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumWidth(560)
        self.layout_ = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setObjectName(f"dossier.{self.KEY}.summary")
        self.summary.setWordWrap(True)
        self.summary.setText(
            self.tr("Hồ sơ {code} — {name} — {procedure}").format(
                code=view.row.code, name=view.row.applicant_name, procedure=view.row.procedure_name
            )
        )
        self.layout_.addWidget(self.summary)
        self.intro = QLabel(self)
        self.intro.setObjectName(f"dossier.{self.KEY}.intro")
        self.intro.setWordWrap(True)
        self.layout_.addWidget(self.intro)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.layout_.addLayout(self.form)
        self.error = QLabel(self)
        self.error.setObjectName(f"dossier.{self.KEY}.error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020; font-weight: bold;")
        self.error.hide()
        self.layout_.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        vi_buttons(self.buttons)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName(f"dossier.{self.KEY}.ok")
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setObjectName(f"dossier.{self.KEY}.cancel")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def _finish(self) -> None:
        """Called by subclasses once their inputs are in the form: the inputs come first in
        the tab order and the first one has the focus (the buttons were made before them)."""
        self.layout_.addWidget(self.buttons)
        inputs = [
            w
            for w in self.findChildren(QWidget)
            if w.focusPolicy() & Qt.FocusPolicy.TabFocus
            and not self.buttons.isAncestorOf(w)
            and w is not self.buttons
        ]
        inputs.sort(
            key=lambda w: (
                w.mapTo(self, w.rect().topLeft()).y(),
                w.mapTo(self, w.rect().topLeft()).x(),
            )
        )
        chain = [
            *inputs,
            self.ok_button,
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel),
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        if inputs:
            inputs[0].setFocus()

    def problem(self) -> tuple[str, QWidget] | None:
        """What is missing, and the field to focus; None when the answer is complete."""
        return None

    def make_answer(self) -> object:
        return Confirmed()

    def accept(self) -> None:
        found = self.problem()
        if found is not None:
            text, field = found
            self.error.setText(text)
            self.error.show()
            field.setFocus()
            return
        self.answer = self.make_answer()
        super().accept()

    @classmethod
    def ask(cls, parent: QWidget | None, view: DossierView, done: Done) -> ActionDialog:
        """Open the dialog (``open()``, not ``exec()``); ``done(answer)`` runs on OK only."""
        return cls._start(cls(parent, view), done)

    @classmethod
    def _start(cls, dialog: ActionDialog, done: Done) -> ActionDialog:
        dialog.accepted.connect(lambda: done(dialog.answer))
        dialog.open()
        return dialog


# --- steps that need only a confirmation ------------------------------------------------------


class StartDialog(ActionDialog):
    """Bắt đầu giải quyết (received → in process): after it the dossier can no longer be refused."""

    KEY = "start"

    def __init__(self, parent: QWidget | None, view: DossierView) -> None:
        super().__init__(parent, view)
        self.setWindowTitle(self.tr("Bắt đầu giải quyết"))
        self.intro.setText(
            self.tr("Chuyển hồ sơ sang giải quyết? Sau bước này không còn từ chối tiếp nhận được.")
        )
        self.ok_button.setText(self.tr("Bắt đầu giải quyết"))
        self._finish()


class SupplementReceivedDialog(ActionDialog):
    """Nhận bổ sung: the citizen brought what was asked; the processing clock runs again."""

    KEY = "supplement_received"

    def __init__(self, parent: QWidget | None, view: DossierView) -> None:
        super().__init__(parent, view)
        self.setWindowTitle(self.tr("Nhận bổ sung"))
        self.intro.setText(
            self.tr(
                "Ghi nhận công dân đã nộp đủ giấy tờ bổ sung? "
                "Thời hạn giải quyết được tính tiếp từ lúc này."
            )
        )
        self.ok_button.setText(self.tr("Nhận bổ sung"))
        self._finish()


class ResultReadyDialog(ActionDialog):
    """Ghi nhận có kết quả: processing is over; the result waits for the citizen."""

    KEY = "result"

    def __init__(self, parent: QWidget | None, view: DossierView) -> None:
        super().__init__(parent, view)
        self.setWindowTitle(self.tr("Ghi nhận có kết quả"))
        self.intro.setText(
            self.tr("Ghi nhận hồ sơ đã có kết quả giải quyết, chờ trả cho công dân?")
        )
        self.ok_button.setText(self.tr("Ghi nhận có kết quả"))
        self._finish()


# --- steps that need a reason -----------------------------------------------------------------


class ReasonDialog(ActionDialog):
    """A step whose reason is printed or required: one line of text."""

    def __init__(self, parent: QWidget | None, view: DossierView) -> None:
        super().__init__(parent, view)
        self.reason = QLineEdit(self)
        self.reason.setObjectName(f"dossier.{self.KEY}.reason")
        self.reason.setMaxLength(500)
        self.reason.textChanged.connect(lambda _t: self.error.hide())

    def problem(self) -> tuple[str, QWidget] | None:
        if not _clean(self.reason.text()):
            return self.tr("Cần ghi rõ lý do."), self.reason
        return None

    def make_answer(self) -> object:
        return ReasonAnswer(_clean(self.reason.text()))


class RefuseDialog(ReasonDialog):
    """Từ chối tiếp nhận (Mẫu 03): the reason is written out for the citizen."""

    KEY = "refuse"

    def __init__(self, parent: QWidget | None, view: DossierView) -> None:
        super().__init__(parent, view)
        self.setWindowTitle(self.tr("Từ chối tiếp nhận hồ sơ"))
        self.intro.setText(
            self.tr("Lý do được in trên Phiếu từ chối tiếp nhận giải quyết hồ sơ (Mẫu 03).")
        )
        self.reason.setPlaceholderText(self.tr("Ví dụ: Hồ sơ không thuộc thẩm quyền của xã"))
        self.form.addRow(self.tr("&Lý do từ chối:"), self.reason)
        self.ok_button.setText(self.tr("Từ chối"))
        self._finish()


class WithdrawDialog(ReasonDialog):
    """Công dân xin rút hồ sơ: the citizen's request, with its reason."""

    KEY = "withdraw"

    def __init__(self, parent: QWidget | None, view: DossierView) -> None:
        super().__init__(parent, view)
        self.setWindowTitle(self.tr("Công dân xin rút hồ sơ"))
        self.intro.setText(self.tr("Ghi lại yêu cầu rút hồ sơ của công dân và lý do."))
        self.reason.setPlaceholderText(self.tr("Ví dụ: Công dân không còn nhu cầu"))
        self.form.addRow(self.tr("&Lý do xin rút:"), self.reason)
        self.ok_button.setText(self.tr("Ghi nhận xin rút"))
        self._finish()


class StopDialog(ReasonDialog):
    """Dừng giải quyết (Mẫu 05): ends the dossier; the reason goes on the notice."""

    KEY = "stop"

    def __init__(self, parent: QWidget | None, view: DossierView) -> None:
        super().__init__(parent, view)
        self.setWindowTitle(self.tr("Dừng giải quyết hồ sơ"))
        self.intro.setText(
            self.tr(
                "Hồ sơ sẽ kết thúc. Lý do được in trên Thông báo dừng giải quyết hồ sơ (Mẫu 05)."
            )
        )
        self.reason.setPlaceholderText(self.tr("Ví dụ: Theo đề nghị rút hồ sơ của công dân"))
        self.form.addRow(self.tr("&Lý do dừng:"), self.reason)
        self.ok_button.setText(self.tr("Dừng giải quyết"))
        self._finish()


# --- supplement request -----------------------------------------------------------------------


class SupplementRequestDialog(ActionDialog):
    """Yêu cầu bổ sung (Mẫu 02): the missing items — checklist lines and free text — and why.

    Asked once per dossier, so the dialog says so: everything missing must be listed now.
    """

    KEY = "supplement"

    def __init__(self, parent: QWidget | None, view: DossierView) -> None:
        super().__init__(parent, view)
        self.setWindowTitle(self.tr("Yêu cầu bổ sung, hoàn thiện hồ sơ"))
        self.setMinimumWidth(680)
        self.intro.setText(
            self.tr(
                "Chỉ được yêu cầu bổ sung MỘT lần: đánh dấu (phím cách) mọi giấy tờ còn thiếu "
                "hoặc cần hoàn thiện, ghi thêm giấy tờ khác nếu có, và lý do."
            )
        )
        self.items = QListWidget(self)
        self.items.setObjectName("dossier.supplement.items")
        self.items.setMinimumHeight(120)
        self.items.setWordWrap(True)
        for doc in view.documents:
            text = self.tr("{code} — {name} ({copy_type} × {copies})").format(
                code=doc.code,
                name=doc.name,
                copy_type=copy_type_label(doc.copy_type),
                copies=doc.copies,
            )
            if not doc.received:
                text += self.tr(" — chưa nhận")
            item = QListWidgetItem(text, self.items)
            item.setData(Qt.ItemDataRole.UserRole, doc.code)
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable
            )
            item.setCheckState(Qt.CheckState.Unchecked if doc.received else Qt.CheckState.Checked)
        if self.items.count():
            self.items.setCurrentRow(0)
        self.items.itemChanged.connect(lambda _i: self.error.hide())
        self.other = QPlainTextEdit(self)
        self.other.setObjectName("dossier.supplement.other")
        self.other.setTabChangesFocus(True)
        self.other.setPlaceholderText(self.tr("Mỗi dòng một giấy tờ"))
        self.other.setFixedHeight(70)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("dossier.supplement.reason")
        self.reason.setMaxLength(500)
        self.reason.setPlaceholderText(self.tr("Ví dụ: Giấy chứng sinh bị tẩy xóa"))
        self.reason.textChanged.connect(lambda _t: self.error.hide())
        self.form.addRow(self.tr("&Giấy tờ cần bổ sung:"), self.items)
        self.form.addRow(self.tr("Giấy tờ &khác:"), self.other)
        self.form.addRow(self.tr("&Lý do:"), self.reason)
        self.ok_button.setText(self.tr("Yêu cầu bổ sung"))
        self._finish()

    def checked(self) -> list[QListWidgetItem]:
        return [
            self.items.item(i)
            for i in range(self.items.count())
            if self.items.item(i).checkState() == Qt.CheckState.Checked
        ]

    def other_items(self) -> list[str]:
        return [line for line in (_clean(x) for x in self.other.toPlainText().splitlines()) if line]

    def problem(self) -> tuple[str, QWidget] | None:
        if not self.checked() and not self.other_items():
            return (
                self.tr("Cần chọn hoặc ghi ít nhất một giấy tờ phải bổ sung."),
                self.items if self.items.count() else self.other,
            )
        if not _clean(self.reason.text()):
            return self.tr("Cần ghi rõ lý do."), self.reason
        return None

    def make_answer(self) -> object:
        by_code = {d.code: d for d in self.view.documents}
        codes = tuple(str(i.data(Qt.ItemDataRole.UserRole)) for i in self.checked())
        names = tuple(by_code[c].name for c in codes if c in by_code)
        return SupplementAnswer(
            missing=names + tuple(self.other_items()),
            missing_codes=codes,
            reason=_clean(self.reason.text()),
        )


# --- forward, hand over -----------------------------------------------------------------------


class ForwardDialog(ActionDialog):
    """Chuyển cơ quan giải quyết: only the name of the agency that processes the dossier."""

    KEY = "forward"

    def __init__(self, parent: QWidget | None, view: DossierView) -> None:
        super().__init__(parent, view)
        self.setWindowTitle(self.tr("Chuyển cơ quan giải quyết"))
        self.intro.setText(self.tr("Hồ sơ được chuyển đến cơ quan (bộ phận) giải quyết nào?"))
        self.agency = QLineEdit(self)
        self.agency.setObjectName("dossier.forward.agency")
        self.agency.setMaxLength(200)
        self.agency.setPlaceholderText(self.tr("Ví dụ: Công chức Tư pháp - Hộ tịch"))
        self.agency.textChanged.connect(lambda _t: self.error.hide())
        self.form.addRow(self.tr("&Cơ quan giải quyết:"), self.agency)
        self.ok_button.setText(self.tr("Chuyển"))
        self._finish()

    def problem(self) -> tuple[str, QWidget] | None:
        if not _clean(self.agency.text()):
            return self.tr("Cần ghi tên cơ quan giải quyết."), self.agency
        return None

    def make_answer(self) -> object:
        return ForwardAnswer(_clean(self.agency.text()))


class HandOverDialog(ActionDialog):
    """Trả kết quả: who received the result. Filled with the applicant, who usually comes."""

    KEY = "return"

    def __init__(self, parent: QWidget | None, view: DossierView) -> None:
        super().__init__(parent, view)
        self.setWindowTitle(self.tr("Trả kết quả"))
        if view.result_delivery == "post":
            self.intro.setText(
                self.tr("Kết quả gửi qua bưu chính tới: {address}. Ai đã nhận kết quả?").format(
                    address=view.postal_address or view.address
                )
            )
        else:
            self.intro.setText(self.tr("Ai nhận kết quả? Người nhận ký vào sổ theo dõi."))
        self.name = QLineEdit(view.row.applicant_name, self)
        self.name.setObjectName("dossier.return.name")
        self.name.setMaxLength(200)
        self.name.textChanged.connect(lambda _t: self.error.hide())
        self.id_or_relation = QLineEdit(view.row.id_number, self)
        self.id_or_relation.setObjectName("dossier.return.id")
        self.id_or_relation.setMaxLength(200)
        self.id_or_relation.setPlaceholderText(self.tr("Số CCCD, hoặc ví dụ: con trai người nộp"))
        self.id_or_relation.textChanged.connect(lambda _t: self.error.hide())
        self.form.addRow(self.tr("&Người nhận:"), self.name)
        self.form.addRow(self.tr("&CCCD / quan hệ:"), self.id_or_relation)
        self.ok_button.setText(self.tr("Trả kết quả"))
        self._finish()
        self.name.selectAll()

    def problem(self) -> tuple[str, QWidget] | None:
        if not _clean(self.name.text()):
            return self.tr("Cần ghi họ tên người nhận kết quả."), self.name
        if not _clean(self.id_or_relation.text()):
            return (
                self.tr("Cần ghi số giấy tờ của người nhận hoặc quan hệ với người nộp."),
                self.id_or_relation,
            )
        return None

    def make_answer(self) -> object:
        return HandOverAnswer(_clean(self.name.text()), _clean(self.id_or_relation.text()))


# --- extension --------------------------------------------------------------------------------


def _to_qdatetime(value: datetime) -> QDateTime:
    """The local (Asia/Ho_Chi_Minh) wall time as a UTC-spec QDateTime: no host DST involved."""
    v = local(value)
    return QDateTime(
        QDate(v.year, v.month, v.day), QTime(v.hour, v.minute), QTimeZone(QTimeZone.utc())
    )


def _from_qdatetime(value: QDateTime) -> datetime:
    d, t = value.date(), value.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=VN_TZ)


class ExtendDialog(ActionDialog):
    """Gia hạn (Mẫu 04): once per dossier, a later appointment and the reason of the delay."""

    KEY = "extend"

    def __init__(
        self, parent: QWidget | None, view: DossierView, proposed: datetime, earliest: datetime
    ) -> None:
        super().__init__(parent, view)
        self.earliest = earliest
        self.setWindowTitle(self.tr("Xin lỗi và gia hạn thời gian giải quyết"))
        self.intro.setText(
            self.tr(
                "Chỉ được gia hạn MỘT lần. Hẹn trả hiện tại: {due}. Lý do và ngày hẹn mới được "
                "in trên Văn bản xin lỗi và đề nghị gia hạn (Mẫu 04)."
            ).format(due=format_datetime(view.row.due_at))
        )
        self.new_due = QDateTimeEdit(self)
        self.new_due.setObjectName("dossier.extend.new_due")
        self.new_due.setTimeZone(QTimeZone(QTimeZone.utc()))
        self.new_due.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.new_due.setCalendarPopup(True)
        self.new_due.setDateTime(_to_qdatetime(proposed))
        self.new_due.dateTimeChanged.connect(lambda _v: self.error.hide())
        self.reason = QLineEdit(self)
        self.reason.setObjectName("dossier.extend.reason")
        self.reason.setMaxLength(500)
        self.reason.setPlaceholderText(self.tr("Ví dụ: Cần xác minh thêm thông tin với nơi cư trú"))
        self.reason.textChanged.connect(lambda _t: self.error.hide())
        self.form.addRow(self.tr("&Hẹn trả mới:"), self.new_due)
        self.form.addRow(self.tr("&Lý do chậm:"), self.reason)
        self.ok_button.setText(self.tr("Gia hạn"))
        self._finish()

    def chosen(self) -> datetime:
        return _from_qdatetime(self.new_due.dateTime())

    def problem(self) -> tuple[str, QWidget] | None:
        if self.chosen() <= self.earliest:
            return (
                self.tr("Hẹn trả mới phải sau {earliest}.").format(
                    earliest=format_datetime(self.earliest)
                ),
                self.new_due,
            )
        if not _clean(self.reason.text()):
            return self.tr("Cần ghi rõ lý do."), self.reason
        return None

    def make_answer(self) -> object:
        return ExtendAnswer(self.chosen(), _clean(self.reason.text()))

    @classmethod
    def ask(  # type: ignore[override]
        cls,
        parent: QWidget | None,
        view: DossierView,
        done: Done,
        proposed: datetime,
        earliest: datetime,
    ) -> ActionDialog:
        """``earliest``: the new date must be later than this (the current due date or now)."""
        return cls._start(cls(parent, view, proposed, earliest), done)
