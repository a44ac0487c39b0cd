"""First run by keyboard only: the wizard, a refused value sent back to its page, then login;
and ``ui.main`` choosing the wizard when there is no store or no account."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from app.accounts import authenticate, has_users
from app.datadir import db_path, open_data_dir
from app.settings import get_agency
from db.engine import Store
from tests.test_ui_shell import type_text
from ui.dialogs.first_run import FirstRunResult, FirstRunWizard
from ui.dialogs.login import LoginDialog
from ui.main import main
from ui.mainwindow import MainWindow
from ui.tasks import TaskRunner

pytestmark = pytest.mark.qt

WAIT = 10_000


class Opener:
    """The wizard's store factory; remembers the store so that the test can close it."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.store: Store | None = None

    def __call__(self) -> Store:
        if self.store is None:
            self.store = open_data_dir(self.data_dir)
        return self.store


@pytest.fixture
def opener(tmp_path: Path) -> Iterator[Opener]:
    o = Opener(tmp_path / "new")
    yield o
    if o.store is not None:
        o.store.dispose()


@pytest.fixture
def runner(opener: Opener) -> Iterator[TaskRunner]:
    r = TaskRunner()
    yield r
    assert r.shutdown(10_000)


def _enter(qtbot, widget: QWidget) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def _fill(qtbot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    type_text(edit, text)


def drive_wizard(qtbot, wizard: FirstRunWizard, agency_code: str) -> None:
    """Every page by keyboard: type, Tab, Enter for the next page."""
    page = wizard.commune_page
    assert page is not None
    assert wizard.currentId() == wizard.COMMUNE
    assert wizard.focusWidget() is page.agency_code
    type_text(page.agency_code, agency_code)
    qtbot.keyClick(page.agency_code, Qt.Key.Key_Tab)
    type_text(page.commune_name, "Xã Pà Cò")
    qtbot.keyClick(page.commune_name, Qt.Key.Key_Tab)
    qtbot.keyClick(page.parent_unit, Qt.Key.Key_Tab)  # left empty: a default is used
    qtbot.keyClick(page.unit_name, Qt.Key.Key_Tab)
    type_text(page.province, "Phú Thọ")
    _enter(qtbot, page.province)
    assert wizard.currentId() == wizard.DEVICE
    device = wizard.device_page
    assert device is not None
    qtbot.keyClick(device.device_no, Qt.Key.Key_Up)  # 1 -> 2
    _enter(qtbot, device.device_no)
    assert wizard.currentId() == wizard.ADMIN
    admin = wizard.admin_page
    _fill(qtbot, admin.username, "quantri")
    qtbot.keyClick(admin.username, Qt.Key.Key_Tab)
    type_text(admin.full_name, "Lường Văn Khánh")
    qtbot.keyClick(admin.full_name, Qt.Key.Key_Tab)
    type_text(admin.password, "matkhau123")
    qtbot.keyClick(admin.password, Qt.Key.Key_Tab)
    type_text(admin.password2, "matkhau123")
    _enter(qtbot, admin.password2)  # Finish


def _wizard(qtbot, runner: TaskRunner, opener: Opener, existing=None) -> FirstRunWizard:
    wizard = FirstRunWizard(runner, opener, existing)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def test_first_run_by_keyboard_sends_a_bad_code_back_to_its_page(qtbot, runner, opener) -> None:
    wizard = _wizard(qtbot, runner, opener)
    assert wizard.button(wizard.WizardButton.NextButton).text() == "&Tiếp >"
    drive_wizard(qtbot, wizard, "17.22.H56")  # not 000.00.00.H00
    page = wizard.commune_page
    assert page is not None
    qtbot.waitUntil(lambda: wizard.currentId() == wizard.COMMUNE, timeout=WAIT)
    assert page.error_label.isVisible()
    assert "000.00.00.H00" in page.error_label.text()
    assert page.agency_code.property("invalid") is True
    assert wizard.focusWidget() is page.agency_code
    assert wizard.isVisible()
    assert opener.store is not None
    assert not has_users(opener.store)  # nothing was written

    type_text(page.agency_code, "000.17.22.H56")  # the bad text is selected: typed over
    assert page.agency_code.property("invalid") is False
    _enter(qtbot, page.agency_code)
    _enter(qtbot, wizard.device_page.device_no)  # type: ignore[union-attr]
    assert wizard.currentId() == wizard.ADMIN
    assert wizard.admin_page.password2.text() == "matkhau123"  # answers are kept
    with qtbot.waitSignal(wizard.completed, timeout=WAIT) as blocker:
        _enter(qtbot, wizard.admin_page.password2)
    result = blocker.args[0]
    assert isinstance(result, FirstRunResult)
    assert result.report.agency.agency_code == "000.17.22.H56"
    assert result.report.agency.device_no == 2
    assert result.report.agency.parent_unit == "UBND XÃ PÀ CÒ"
    assert result.report.admin is not None
    assert result.report.admin.username == "quantri"
    assert not wizard.isVisible()
    assert authenticate(result.store, "quantri", "matkhau123").full_name == "Lường Văn Khánh"


def test_a_refused_password_goes_to_the_admin_page(qtbot, runner, opener) -> None:
    wizard = _wizard(qtbot, runner, opener)
    page = wizard.commune_page
    assert page is not None
    type_text(page.agency_code, "000.17.22.H56")
    type_text(page.commune_name, "Xã Pà Cò")
    _enter(qtbot, page.commune_name)
    _enter(qtbot, wizard.device_page.device_no)  # type: ignore[union-attr]
    admin = wizard.admin_page
    _fill(qtbot, admin.username, "quantri")
    type_text(admin.full_name, "Lường Văn Khánh")
    type_text(admin.password, "ngan")
    type_text(admin.password2, "ngan")
    _enter(qtbot, admin.password2)
    qtbot.waitUntil(lambda: not wizard.busy, timeout=WAIT)
    assert admin.error_label.isVisible()
    assert "ít nhất 8" in admin.error_label.text()
    assert admin.password.property("invalid") is True
    assert wizard.currentId() == wizard.ADMIN


def test_office_hours_are_checked_on_the_commune_page(qtbot, runner, opener) -> None:
    wizard = _wizard(qtbot, runner, opener)
    page = wizard.commune_page
    assert page is not None
    type_text(page.agency_code, "000.17.22.H56")
    type_text(page.commune_name, "Xã Pà Cò")
    _fill(qtbot, page.office_hours, "7h-11h")
    _enter(qtbot, page.office_hours)
    _enter(qtbot, wizard.device_page.device_no)  # type: ignore[union-attr]
    admin = wizard.admin_page
    _fill(qtbot, admin.username, "quantri")
    type_text(admin.full_name, "Lường Văn Khánh")
    type_text(admin.password, "matkhau123")
    type_text(admin.password2, "matkhau123")
    _enter(qtbot, admin.password2)
    qtbot.waitUntil(lambda: wizard.currentId() == wizard.COMMUNE, timeout=WAIT)
    assert page.office_hours.property("invalid") is True
    assert "HH:MM-HH:MM" in page.error_label.text()


def test_passwords_must_match(qtbot, runner, opener) -> None:
    wizard = _wizard(qtbot, runner, opener)
    wizard.setStartId(wizard.ADMIN)
    wizard.restart()
    admin = wizard.admin_page
    type_text(admin.password, "matkhau123")
    type_text(admin.password2, "matkhau124")
    _enter(qtbot, admin.password2)
    assert admin.error_label.text() == "Hai lần nhập mật khẩu không khớp."
    assert admin.password2.text() == ""
    assert opener.store is None  # nothing was even opened


def test_a_store_without_accounts_only_asks_for_the_administrator(
    qtbot, data_dir: Path, tmp_path: Path
) -> None:
    opener = Opener(data_dir)  # initialised by `motcua init`: commune, no account
    existing = opener()
    with existing.read() as session:
        agency = get_agency(session)
    runner = TaskRunner()
    try:
        wizard = _wizard(qtbot, runner, opener, agency)
        assert wizard.currentId() == wizard.ADMIN
        assert wizard.commune_page is None
        assert "Xã Pà Cò" in wizard.admin_page.subTitle()
        admin = wizard.admin_page
        _fill(qtbot, admin.username, "quantri")
        type_text(admin.full_name, "Lường Văn Khánh")
        type_text(admin.password, "matkhau123")
        type_text(admin.password2, "matkhau123")
        with qtbot.waitSignal(wizard.completed, timeout=WAIT) as blocker:
            _enter(qtbot, admin.password2)
        assert blocker.args[0].report.agency.agency_code == agency.agency_code
        assert has_users(existing)
    finally:
        assert runner.shutdown(10_000)
        existing.dispose()


# --- ui.main: wizard, then login, then the desk -------------------------------------------------


def _guard(qapp: QApplication, ms: int) -> QTimer:
    """Quit after ``ms`` so that a failing start-up cannot hang the suite; stop it after."""
    guard = QTimer(qapp)
    guard.setSingleShot(True)
    guard.timeout.connect(qapp.quit)
    guard.start(ms)
    return guard


def _poll(qapp: QApplication, step: Callable[[], bool]) -> QTimer:
    """Call ``step`` from inside app.exec() every 50 ms until it returns True."""
    timer = QTimer(qapp)

    def tick() -> None:
        if step():
            timer.stop()

    timer.timeout.connect(tick)
    timer.start(50)
    return timer


def _visible(qapp: QApplication, kind: type) -> QWidget | None:
    found = [w for w in qapp.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
    return found[0] if found else None


def test_main_without_a_store_runs_the_wizard_then_login_then_the_desk(
    qtbot, qapp: QApplication, tmp_path: Path
) -> None:
    data_dir = tmp_path / "fresh"
    seen: dict[str, object] = {}
    state = {"step": "wizard"}

    def step() -> bool:
        if state["step"] == "wizard":
            wizard = _visible(qapp, FirstRunWizard)
            if wizard is None:
                return False
            state["step"] = "login"
            drive_wizard(qtbot, wizard, "000.17.22.H56")
            return False
        if state["step"] == "login":
            login = _visible(qapp, LoginDialog)
            if login is None:
                return False
            state["step"] = "desk"
            seen["username"] = login.username_edit.text()  # the new administrator
            type_text(login.password_edit, "matkhau123")
            qtbot.keyClick(login.password_edit, Qt.Key.Key_Return)
            return False
        window = _visible(qapp, MainWindow)
        if window is None or window.pending is None:
            return False
        seen["officer"] = window.officer_label.text()
        window.close()
        return True

    timer = _poll(qapp, step)
    guard = _guard(qapp, 30_000)
    rc = main(["--data-dir", str(data_dir)])
    timer.stop()
    guard.stop()  # a pending quit would end a later test's wait early
    assert rc == 0
    assert seen == {"username": "quantri", "officer": "Cán bộ: Lường Văn Khánh (quantri)"}


def test_main_wizard_cancelled_creates_nothing(qapp: QApplication, tmp_path: Path) -> None:
    data_dir = tmp_path / "empty"

    def step() -> bool:
        wizard = _visible(qapp, FirstRunWizard)
        if wizard is None:
            return False
        wizard.reject()
        return True

    timer = _poll(qapp, step)
    guard = _guard(qapp, 20_000)
    rc = main(["--data-dir", str(data_dir)])
    timer.stop()
    guard.stop()  # a pending quit would end a later test's wait early
    assert rc == 5
    assert not db_path(data_dir).exists()
