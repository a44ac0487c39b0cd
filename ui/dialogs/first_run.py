"""First-run wizard: the commune, this PC's device number and the first administrator.

Three pages, keyboard only (Enter goes to the next page). Finish runs
``app.setup.first_run`` in a Task on the writer thread: one transaction, so a refusal leaves
nothing behind. The domain validates; when it refuses a value (``InvalidInput``), the wizard
goes back to the page holding that field, marks and focuses it, and shows the message.

When the store already has its commune settings but no account (set up with ``motcua init``),
only the administrator page is shown and the commune settings are kept as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.datadir import Store
from app.settings import AgencyInfo
from app.setup import AgencyForm, InitReport, first_run
from app.workdays import DEFAULT_OFFICE_HOURS, OfficeHours
from ui.messages import error_field, error_text
from ui.tasks import ProgressFn, TaskRunner

StoreFactory = Callable[[], Store]

INVALID_STYLE = (
    'QLineEdit[invalid="true"], QSpinBox[invalid="true"] '
    "{ border: 2px solid #b00020; background: #fdecee; }"
)


@dataclass(frozen=True)
class FirstRunResult:
    store: Store
    report: InitReport


def _mark(widget: QWidget, invalid: bool) -> None:
    if bool(widget.property("invalid")) == invalid:
        return
    widget.setProperty("invalid", invalid)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


class _Page(QWizardPage):
    """A page with a form and an error line; knows which fields it holds."""

    def __init__(self, title: str, subtitle: str, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.fields_by_name: dict[str, QWidget] = {}
        self.form = QFormLayout()
        self.error_label = QLabel(self)
        self.error_label.setObjectName(f"{name}_error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020; font-weight: bold;")
        self.error_label.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addStretch(1)
        layout.addWidget(self.error_label)

    def add_edit(self, field: str, label: str, text: str = "", placeholder: str = "") -> QLineEdit:
        edit = QLineEdit(text, self)
        edit.setObjectName(field)
        edit.setPlaceholderText(placeholder)
        edit.textEdited.connect(lambda _t, e=edit: self.clear_error(e))
        self._add(field, label, edit)
        return edit

    def _add(self, field: str, label: str, widget: QWidget) -> None:
        self.form.addRow(label, widget)
        buddy = self.form.labelForField(widget)
        if isinstance(buddy, QLabel):
            buddy.setBuddy(widget)
        self.fields_by_name[field] = widget

    def show_error(self, widget: QWidget | None, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()
        if widget is not None:
            _mark(widget, True)
            widget.setFocus()
            if isinstance(widget, QLineEdit):
                widget.selectAll()

    def clear_error(self, widget: QWidget | None = None) -> None:
        if widget is not None:
            _mark(widget, False)
        if not any(bool(w.property("invalid")) for w in self.fields_by_name.values()):
            self.error_label.hide()


class CommunePage(_Page):
    def __init__(self) -> None:
        super().__init__(
            self.tr("Thông tin xã"),
            self.tr(
                "Mã định danh cơ quan theo Quyết định 20/2020/QĐ-TTg và tên đơn vị; các ô trống "
                "sẽ được điền theo mặc định."
            ),
            "page_commune",
        )
        self.agency_code = self.add_edit(
            "agency_code",
            self.tr("&Mã định danh cơ quan:"),
            placeholder=self.tr("dạng 000.00.00.H00, ví dụ 000.17.22.H56"),
        )
        self.commune_name = self.add_edit(
            "commune_name", self.tr("&Tên xã:"), placeholder=self.tr("ví dụ: Xã Pà Cò")
        )
        self.parent_unit = self.add_edit(
            "parent_unit",
            self.tr("Cơ quan &chủ quản:"),
            placeholder=self.tr("để trống: UBND và tên xã"),
        )
        self.unit_name = self.add_edit(
            "unit_name",
            self.tr("Tên &bộ phận:"),
            placeholder=self.tr("để trống: Trung tâm Phục vụ hành chính công"),
        )
        self.province = self.add_edit("province", self.tr("Tỉnh (&V):"))
        self.address = self.add_edit("address", self.tr("Đị&a chỉ:"))
        self.phone = self.add_edit("phone", self.tr("Điện thoại (&P):"))
        self.office_hours = self.add_edit(
            "office_hours",
            self.tr("&Giờ làm việc:"),
            DEFAULT_OFFICE_HOURS.format(),
            "07:00-11:30,13:30-17:00",
        )


class DevicePage(_Page):
    def __init__(self) -> None:
        super().__init__(
            self.tr("Máy này"),
            self.tr(
                "Mỗi máy tiếp nhận của xã có một số riêng từ 1 đến 9; số máy nằm trong mã hồ sơ, "
                "nên hai máy không được trùng số."
            ),
            "page_device",
        )
        self.device_no = QSpinBox(self)
        self.device_no.setObjectName("device_no")
        self.device_no.setRange(1, 9)
        self.device_no.setValue(1)
        self.device_no.valueChanged.connect(lambda _v: self.clear_error(self.device_no))
        self._add("device_no", self.tr("&Số máy:"), self.device_no)


class AdminPage(_Page):
    def __init__(self, existing: AgencyInfo | None) -> None:
        subtitle = self.tr(
            "Tài khoản quản trị đầu tiên: dùng để tạo tài khoản cho cán bộ. Mật khẩu ít nhất "
            "8 ký tự."
        )
        if existing is not None:
            subtitle = self.tr(
                "{commune} (mã {code}, máy số {device}) đã được thiết lập nhưng chưa có tài "
                "khoản nào. Tạo tài khoản quản trị đầu tiên; mật khẩu ít nhất 8 ký tự."
            ).format(
                commune=existing.commune_name,
                code=existing.agency_code,
                device=existing.device_no,
            )
        super().__init__(self.tr("Quản trị viên"), subtitle, "page_admin")
        self.username = self.add_edit("username", self.tr("&Tên đăng nhập:"), "admin")
        self.full_name = self.add_edit("full_name", self.tr("&Họ và tên:"))
        self.password = self.add_edit("password", self.tr("&Mật khẩu:"))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password2 = self.add_edit("password2", self.tr("&Nhập lại mật khẩu:"))
        self.password2.setEchoMode(QLineEdit.EchoMode.Password)

    def validatePage(self) -> bool:  # noqa: N802
        """Only what the domain cannot check: the two passwords agree."""
        if self.password.text() != self.password2.text():
            self.password2.clear()
            self.show_error(self.password2, self.tr("Hai lần nhập mật khẩu không khớp."))
            return False
        return True


class FirstRunWizard(QWizard):
    """Sets up the store; emits ``completed`` with the open store and the report.

    ``open_store`` opens (creating and migrating if needed) the store; it is called on the
    writer thread when the officer presses Finish, so nothing is created before that.

    Signals:
        completed(FirstRunResult): the commune and the administrator are saved.
    """

    completed = Signal(object)

    COMMUNE, DEVICE, ADMIN = 0, 1, 2

    def __init__(
        self,
        runner: TaskRunner,
        open_store: StoreFactory,
        existing: AgencyInfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("first_run_wizard")
        self.setWindowTitle(self.tr("Thiết lập lần đầu — Một cửa"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setStyleSheet(INVALID_STYLE)
        self._runner = runner
        self._open_store = open_store
        self._existing = existing
        self._busy = False
        self._done = False
        self.result_value: FirstRunResult | None = None

        self.commune_page: CommunePage | None = None
        self.device_page: DevicePage | None = None
        if existing is None:
            self.commune_page = CommunePage()
            self.device_page = DevicePage()
            self.setPage(self.COMMUNE, self.commune_page)
            self.setPage(self.DEVICE, self.device_page)
        self.admin_page = AdminPage(existing)
        self.setPage(self.ADMIN, self.admin_page)
        self.setStartId(self.COMMUNE if existing is None else self.ADMIN)

        texts = {
            QWizard.WizardButton.BackButton: self.tr("< &Quay lại"),
            QWizard.WizardButton.NextButton: self.tr("&Tiếp >"),
            QWizard.WizardButton.FinishButton: self.tr("&Hoàn tất"),
            QWizard.WizardButton.CancelButton: self.tr("Hủy"),
        }
        names = {
            QWizard.WizardButton.BackButton: "wizard_back",
            QWizard.WizardButton.NextButton: "wizard_next",
            QWizard.WizardButton.FinishButton: "wizard_finish",
            QWizard.WizardButton.CancelButton: "wizard_cancel",
        }
        for which, text in texts.items():
            self.setButtonText(which, text)
            self.button(which).setObjectName(names[which])
        self.resize(640, 480)

    @property
    def busy(self) -> bool:
        return self._busy

    def pages(self) -> list[_Page]:
        found = [self.commune_page, self.device_page, self.admin_page]
        return [p for p in found if p is not None]

    def page_of(self, field: str) -> tuple[int, _Page, QWidget | None]:
        """Which page (id, page, widget) holds a field named by an ``InvalidInput``."""
        for page_id, page in (
            (self.COMMUNE, self.commune_page),
            (self.DEVICE, self.device_page),
            (self.ADMIN, self.admin_page),
        ):
            if page is not None and field in page.fields_by_name:
                return page_id, page, page.fields_by_name[field]
        first = self.startId()
        page = self.page(first)
        assert isinstance(page, _Page)
        return first, page, None

    def form(self) -> tuple[AgencyForm, str, str, str]:
        """The answers as the domain wants them (office hours are parsed in the Task)."""
        a = self.admin_page
        if self._existing is not None:
            e = self._existing
            agency = AgencyForm(
                agency_code=e.agency_code,
                commune_name=e.commune_name,
                device_no=e.device_no,
                office_hours=e.office_hours,
            )
        else:
            c, d = self.commune_page, self.device_page
            assert c is not None
            assert d is not None
            agency = AgencyForm(
                agency_code=c.agency_code.text(),
                commune_name=c.commune_name.text(),
                device_no=d.device_no.value(),
                parent_unit=c.parent_unit.text(),
                unit_name=c.unit_name.text(),
                province=c.province.text(),
                address=c.address.text(),
                phone=c.phone.text(),
            )
        return agency, a.username.text().strip(), a.full_name.text(), a.password.text()

    def accept(self) -> None:
        """Finish: save in a Task; the wizard closes only when the store says yes."""
        if self._done:
            super().accept()
            return
        if self._busy or not self.validateCurrentPage():  # QWizard.done() would check it
            return
        agency, username, full_name, password = self.form()
        hours_text = None
        if self.commune_page is not None:
            hours_text = self.commune_page.office_hours.text()
        open_store = self._open_store

        def save(_progress: ProgressFn) -> FirstRunResult:
            form = agency
            if hours_text is not None:
                form = replace(form, office_hours=OfficeHours.parse(hours_text))
            store = open_store()
            report = first_run(
                store,
                form,
                admin_username=username,
                admin_full_name=full_name,
                admin_password=password,
            )
            return FirstRunResult(store, report)

        self._set_busy(True)
        self._runner.run_db(
            save, on_success=self._on_save_succeeded, on_failure=self._on_save_failed
        )

    def reject(self) -> None:
        if self._busy:
            return
        super().reject()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for which in (
            QWizard.WizardButton.BackButton,
            QWizard.WizardButton.FinishButton,
            QWizard.WizardButton.CancelButton,
        ):
            self.button(which).setEnabled(not busy)
        page = self.currentPage()
        if isinstance(page, _Page):
            if busy:
                page.error_label.setStyleSheet("color: #333;")
                page.error_label.setText(self.tr("Đang lưu thiết lập…"))
                page.error_label.show()
            else:
                page.error_label.setStyleSheet("color: #b00020; font-weight: bold;")
                page.error_label.hide()

    @Slot(object)
    def _on_save_succeeded(self, result: object) -> None:
        self._set_busy(False)
        assert isinstance(result, FirstRunResult)
        self.result_value = result
        self._done = True
        self.completed.emit(result)
        super().accept()

    @Slot(object)
    def _on_save_failed(self, exc: object) -> None:
        self._set_busy(False)
        field = error_field(exc) or ""
        page_id, page, widget = self.page_of(field)
        while self.currentId() != page_id and self.currentId() != self.startId():
            self.back()  # Finish is on the last page: every field is on it or behind it
        page.show_error(widget, error_text(exc))
