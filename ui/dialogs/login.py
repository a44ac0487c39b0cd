"""Login: username and password, Enter logs in; also the unlock dialog of the idle lock.

The password check (argon2, and the audit-log row it writes) runs in a Task on the writer
thread; the dialog waits without freezing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.accounts import UserInfo, authenticate
from ui.context import AppContext
from ui.i18n import vi_buttons
from ui.messages import error_text
from ui.tasks import ProgressFn


class LoginDialog(QDialog):
    """Asks for a username and password and sets ``ctx.user`` when they are right.

    With ``locked_user`` it is the unlock dialog: the username is filled in and the text says
    why; another officer may still log in instead.

    Signals:
        logged_in(UserInfo): the check passed; ``ctx.user`` is already set.
    """

    logged_in = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        username: str = "",
        hint: str = "",
        locked_user: UserInfo | None = None,
        idle_minutes: int = 0,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("login_dialog")
        self._ctx = ctx
        self._busy = False
        self.locked_user = locked_user
        if locked_user is None:
            self.setWindowTitle(self.tr("Đăng nhập — Một cửa"))
            intro = self.tr("Đăng nhập để làm việc.")
        else:
            self.setWindowTitle(self.tr("Mở khóa — Một cửa"))
            if idle_minutes:
                intro = self.tr(
                    "Bàn làm việc đã khóa sau {minutes} phút không dùng.\n"
                    "Nhập mật khẩu của {name} để mở, hoặc đăng nhập bằng tài khoản khác."
                ).format(minutes=idle_minutes, name=locked_user.full_name)
            else:
                intro = self.tr(
                    "Bàn làm việc đã khóa.\n"
                    "Nhập mật khẩu của {name} để mở, hoặc đăng nhập bằng tài khoản khác."
                ).format(name=locked_user.full_name)
            username = locked_user.username

        self.title_label = QLabel(
            f"{ctx.agency.commune_name} — {ctx.agency.unit_name}"
            if ctx.agency.unit_name
            else ctx.agency.commune_name,
            self,
        )
        self.title_label.setObjectName("login_title")
        self.title_label.setWordWrap(True)
        font = self.title_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title_label.setFont(font)
        self.intro_label = QLabel(intro, self)
        self.intro_label.setObjectName("login_intro")
        self.intro_label.setWordWrap(True)
        self.username_edit = QLineEdit(username, self)
        self.username_edit.setObjectName("login_username")
        self.username_edit.setMaxLength(40)
        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("login_password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("login_error")
        self.error_label.setStyleSheet("color: #b00020; font-weight: bold;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.hint_label = QLabel(hint, self)
        self.hint_label.setObjectName("login_hint")
        self.hint_label.setWordWrap(True)
        self.hint_label.setStyleSheet("color: #555;")
        self.hint_label.setVisible(bool(hint))

        form = QFormLayout()
        form.addRow(self.tr("&Tên đăng nhập:"), self.username_edit)
        form.addRow(self.tr("&Mật khẩu:"), self.password_edit)
        for field in (self.username_edit, self.password_edit):
            label = form.labelForField(field)
            if isinstance(label, QLabel):
                label.setBuddy(field)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.setObjectName("login_buttons")
        vi_buttons(self.buttons)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("login_ok")
        self.ok_button.setText(self.tr("Đăng nhập"))
        self.ok_button.setDefault(True)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setObjectName("login_cancel")
        if locked_user is None and parent is None:
            cancel.setText(self.tr("Thoát"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.intro_label)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        (self.password_edit if username else self.username_edit).setFocus()

    @property
    def busy(self) -> bool:
        """A password check is running."""
        return self._busy

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def accept(self) -> None:
        """Enter or the button: check the password in a Task; the dialog closes on success."""
        if self._busy:
            return
        username = self.username_edit.text().strip()
        password = self.password_edit.text()
        if not username:
            self.show_error(self.tr("Nhập tên đăng nhập."))
            self.username_edit.setFocus()
            return
        if not password:
            self.show_error(self.tr("Nhập mật khẩu."))
            self.password_edit.setFocus()
            return
        self._set_busy(True)
        store, clock = self._ctx.store, self._ctx.clock

        def check(_progress: ProgressFn) -> UserInfo:
            return authenticate(store, username, password, clock=clock)

        self._ctx.runner.run_db(
            check, on_success=self._on_check_succeeded, on_failure=self._on_check_failed
        )

    def reject(self) -> None:
        if self._busy:
            return  # the answer is on its way; closing now would leave it unheard
        super().reject()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for w in (self.username_edit, self.password_edit, self.buttons):
            w.setEnabled(not busy)
        if busy:
            self.error_label.setText(self.tr("Đang kiểm tra…"))
            self.error_label.show()
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    @Slot(object)
    def _on_check_succeeded(self, user: object) -> None:
        self._set_busy(False)
        if not isinstance(user, UserInfo):
            self._on_check_failed(TypeError(f"unexpected {type(user).__name__}"))
            return
        self.error_label.hide()
        self.password_edit.clear()
        self._ctx.user = user
        self._ctx.signals.user_changed.emit()
        self.logged_in.emit(user)
        super().accept()

    @Slot(object)
    def _on_check_failed(self, exc: object) -> None:
        self._set_busy(False)
        self.show_error(error_text(exc))
        self.password_edit.clear()
        self.password_edit.setFocus()
