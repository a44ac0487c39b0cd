"""The receipt page shown after Save: the fields of Mẫu 01 (Giấy tiếp nhận hồ sơ và hẹn trả kết
quả, domain.md §1.2) until the forms module prints the real form."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.catalogue import ProcedureRow
from app.clock import local
from app.identity import CMND_WARNING
from app.intake import IntakeRequest, Receipt
from app.settings import AgencyInfo
from ui.intake.checklist import ChecklistLine
from ui.intake.look import LEVEL_COLOURS, SHEET_BACKGROUND, set_colour
from ui.intake.text import (
    copy_type_labels,
    delivery_labels,
    fees_detail,
    fees_text,
    form_moment,
    time_limit_text,
    weekday_name,
)


@dataclass(frozen=True)
class ReceiptView:
    """Everything the page shows, as text (built once, on the GUI thread)."""

    code: str
    unit: str
    applicant: str
    id_number: str
    address: str
    phone: str
    email: str
    request: str
    documents: tuple[tuple[str, str, int], ...]  # name, copy type label, copies
    sets: int
    time_limit: str
    received: str
    due: str
    delivery: str
    fees: str
    officer: str
    warnings: tuple[str, ...]

    @staticmethod
    def build(
        receipt: Receipt,
        req: IntakeRequest | None,
        procedure: ProcedureRow,
        lines: Sequence[ChecklistLine],
        agency: AgencyInfo,
        officer: str,
    ) -> ReceiptView:
        labels = copy_type_labels()
        a = req.applicant if req else None
        delivery = req.result_delivery if req else "desk"
        if delivery == "post":
            where = delivery_labels()["post"]
            address = (req.postal_address if req else "") or (a.address if a else "")
            delivery_text = f"{where}: {address}" if address else where
        else:
            delivery_text = f"{agency.unit_name} — {agency.commune_name}"
        due = local(receipt.due_at)
        return ReceiptView(
            code=receipt.code,
            unit=f"{agency.unit_name} — {agency.commune_name}",
            applicant=receipt.applicant_name,
            id_number=a.id_number.strip() if a else "",
            address=a.address.strip() if a else "",
            phone=a.phone.strip() if a else "",
            email=a.email.strip() if a else "",
            request=receipt.procedure_name,
            documents=tuple(
                (ln.name, labels.get(ln.copy_type, ln.copy_type), ln.copies)
                for ln in lines
                if ln.received and ln.name
            ),
            sets=req.sets if req else 1,
            time_limit=time_limit_text(
                procedure.time_amount, procedure.time_unit, procedure.cutoff
            ),
            received=form_moment(receipt.received_at),
            due=f"{form_moment(receipt.due_at)} ({weekday_name(due.date())})",
            delivery=delivery_text,
            fees=fees_text(procedure.fees)
            if len(procedure.fees) <= 1
            else fees_detail(procedure.fees),
            officer=officer,
            warnings=receipt.warnings,
        )


class ReceiptPage(QWidget):
    """Mẫu 01's fields with the three next steps: print, next intake, close."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("intake.receipt")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        head = QLabel(self.tr("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"), self)
        head.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = head.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        head.setFont(font)
        layout.addWidget(head)
        self.code_label = QLabel("", self)
        self.code_label.setObjectName("intake.receipt.code")
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.code_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.5)
        self.code_label.setFont(font)
        layout.addWidget(self.code_label)
        self.notice = QLabel(
            self.tr("Các nội dung của Mẫu 01. In giấy tiếp nhận: Ctrl+P."),
            self,
        )
        self.notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        set_colour(self.notice, QPalette.ColorRole.WindowText, LEVEL_COLOURS["hint"])
        layout.addWidget(self.notice)

        sheet = QFrame(self)
        sheet.setObjectName("intake.receipt.sheet")
        sheet.setFrameShape(QFrame.Shape.StyledPanel)
        sheet.setAutoFillBackground(True)
        set_colour(sheet, QPalette.ColorRole.Window, SHEET_BACKGROUND)
        form = QFormLayout(sheet)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.values: dict[str, QLabel] = {}
        rows = (
            ("unit", self.tr("Bộ phận tiếp nhận và trả kết quả:")),
            ("applicant", self.tr("Tiếp nhận hồ sơ của:")),
            ("id_number", self.tr("Số định danh cá nhân:")),
            ("address", self.tr("Địa chỉ:")),
            ("contact", self.tr("Số điện thoại / Email:")),
            ("request", self.tr("Nội dung yêu cầu giải quyết:")),
            ("documents", self.tr("1. Thành phần hồ sơ nộp gồm:")),
            ("sets", self.tr("2. Số lượng hồ sơ:")),
            ("time_limit", self.tr("3. Thời gian giải quyết theo quy định:")),
            ("received", self.tr("4. Thời gian nhận hồ sơ:")),
            ("due", self.tr("5. Thời gian trả kết quả:")),
            ("delivery", self.tr("6. Đăng ký nhận kết quả tại:")),
            ("fees", self.tr("Phí, lệ phí:")),
            ("officer", self.tr("Người tiếp nhận hồ sơ:")),
        )
        for key, caption in rows:
            value = QLabel("", sheet)
            value.setObjectName(f"intake.receipt.{key}")
            value.setWordWrap(True)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(QLabel(caption, sheet), value)
            self.values[key] = value
        bold = self.values["due"].font()
        bold.setBold(True)
        self.values["due"].setFont(bold)
        scroll = QScrollArea(self)
        scroll.setWidget(sheet)
        scroll.setWidgetResizable(True)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout.addWidget(scroll, 1)

        self.warnings = QLabel("", self)
        self.warnings.setObjectName("intake.receipt.warnings")
        self.warnings.setWordWrap(True)
        set_colour(self.warnings, QPalette.ColorRole.WindowText, LEVEL_COLOURS["warning"])
        self.warnings.hide()
        layout.addWidget(self.warnings)
        self.message = QLabel("", self)
        self.message.setObjectName("intake.receipt.message")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)

        buttons = QHBoxLayout()
        self.print_button = QPushButton(self.tr("In giấy tiếp nhận (Ctrl+P)"), self)
        self.print_button.setObjectName("intake.print")
        self.print_button.setToolTip(self.tr("In Mẫu 01 hai liên (Ctrl+P)"))
        self.new_button = QPushButton(self.tr("Tiếp nhận hồ sơ mới (F2)"), self)
        self.new_button.setObjectName("intake.new")
        self.new_button.setToolTip(self.tr("Mở phiếu trống cho người nộp tiếp theo (F2)"))
        self.close_button = QPushButton(self.tr("Đóng (Esc)"), self)
        self.close_button.setObjectName("intake.close")
        self.close_button.setToolTip(self.tr("Đóng cửa sổ tiếp nhận (Esc)"))
        for b in (self.print_button, self.new_button, self.close_button):
            b.setAutoDefault(False)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)

    def _warning(self, text: str) -> str:
        if text == CMND_WARNING:
            return self.tr("Số CMND 9 số là giấy tờ cũ; đề nghị công dân dùng số định danh 12 số")
        return text

    def show_receipt(self, view: ReceiptView) -> None:
        self.view = view
        self.code_label.setText(self.tr("Mã hồ sơ: {code}").format(code=view.code))
        contact = " / ".join(x for x in (view.phone, view.email) if x)
        documents = "\n".join(
            self.tr("({i}) {name} — {kind}: {n}").format(i=i, name=name, kind=kind, n=n)
            for i, (name, kind, n) in enumerate(view.documents, start=1)
        )
        texts = {
            "unit": view.unit,
            "applicant": view.applicant,
            "id_number": view.id_number,
            "address": view.address,
            "contact": contact,
            "request": view.request,
            "documents": documents or self.tr("(không có giấy tờ nào được đánh dấu đã nhận)"),
            "sets": self.tr("{n} (bộ)").format(n=view.sets),
            "time_limit": view.time_limit,
            "received": view.received,
            "due": view.due,
            "delivery": view.delivery,
            "fees": view.fees,
            "officer": view.officer,
        }
        for key, text in texts.items():
            self.values[key].setText(text)
        self.warnings.setText("\n".join(self._warning(w) for w in view.warnings))
        self.warnings.setVisible(bool(view.warnings))
