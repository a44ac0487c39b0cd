"""The desk shell, driven offscreen: actions, desk lists and counts, search as you type,
reminders, opening dialogs, login, idle lock and logout."""

from __future__ import annotations

import re
import sys
import types
from pathlib import Path

import pytest

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox, QWidget

from app.accounts import Role, UserInfo, create_user
from app.desk import DeskList
from app.dossiers import transition
from app.intake import parse_intake, receive_dossier
from app.lifecycle import State
from app.settings import AgencyInfo, get_agency
from db.engine import Store
from tests.conftest import fixed_clock, intake_json
from tests.qt_helpers import runner_fixture  # noqa: F401  (fixture "runner")
from tests.qt_helpers import type_text as _type_text_latin1
from ui.context import AppContext
from ui.dialogs.catalogue import CatalogueDialog, ChecklistDialog
from ui.dialogs.login import LoginDialog
from ui.mainwindow import LIST_ORDER, MainWindow
from ui.models.dossier_table import DossierTableModel
from ui.tasks import TaskRunner

pytestmark = pytest.mark.qt

OFFICER = ("canbo", "motcua123", "Hoàng Thị Lan")
WAIT = 5_000


def type_text(widget: QWidget, text: str) -> None:
    """tests.qt_helpers.type_text, but every non-ASCII letter as text-carrying key events.

    QTest.keyClicks aborts on lower-case Latin-1 letters too (à, á, ì, ô, ú …), which
    qt_helpers still sends through it; ASCII runs go through the real keys.
    """
    for part in re.split(r"([^\x00-\x7f]+)", text):
        if not part:
            continue
        if part.isascii():
            _type_text_latin1(widget, part)
        else:
            for ch in part:
                QTest.sendKeyEvent(
                    QTest.KeyAction.Click,
                    widget,
                    Qt.Key.Key_unknown,
                    ch,
                    Qt.KeyboardModifier.NoModifier,
                )


# --- fixtures ---------------------------------------------------------------------------------


def add_user(
    store: Store,
    username: str = OFFICER[0],
    password: str = OFFICER[1],
    full_name: str = OFFICER[2],
    role: Role = Role.OFFICER,
) -> UserInfo:
    with store.write.begin() as session:
        return create_user(
            session,
            username=username,
            full_name=full_name,
            role=role,
            password=password,
            actor="test",
            now=fixed_clock(),
        )


def receive(
    store: Store,
    received: str,
    *,
    procedure: str = "1.004873",
    name: str = "Giàng A Páo",
    cccd: str = "010095001234",
    phone: str = "0912345678",
) -> str:
    req = parse_intake(
        intake_json(
            procedure=procedure,
            received_at=received,
            applicant={"name": name, "id_number": cccd, "phone": phone},
        )
    )
    return receive_dossier(store, req, actor="canbo", clock=fixed_clock).code


@pytest.fixture
def agency(store: Store) -> AgencyInfo:
    with store.read() as session:
        return get_agency(session)


@pytest.fixture
def officer(store: Store) -> UserInfo:
    return add_user(store)


@pytest.fixture
def ctx(store: Store, runner: TaskRunner, agency: AgencyInfo, officer: UserInfo) -> AppContext:
    """A logged-in officer on the fixed clock (Wednesday 25/11/2026 09:30)."""
    return AppContext(store, runner, agency, user=officer, clock=fixed_clock)


@pytest.fixture
def desk_store(store: Store) -> dict[str, str]:
    """Dossiers for every list, as seen at 25/11/2026 09:30 (the fixed clock)."""
    codes = {
        "same_day": receive(store, "2026-11-25 09:00", procedure="1.001193"),  # due 25/11 17:00
        "three_days": receive(
            store, "2026-11-25 09:10", name="Nguyễn Văn An", cccd="001087008901", phone=""
        ),
        "old": receive(store, "2026-11-16 09:00", name="Trần Thị Bình", cccd="017305000123"),
        "waiting": receive(store, "2026-11-23 08:00", name="Lò Thị Mai", cccd="017190002345"),
    }
    transition(
        store,
        codes["waiting"],
        State.SUPPLEMENT_REQUESTED,
        actor="canbo",
        reason="Thiếu giấy",
        detail={"missing": ["Tờ khai"]},
        clock=fixed_clock,
    )
    return codes


def show(qtbot, ctx: AppContext, **kw: object) -> MainWindow:
    window = MainWindow(ctx, **kw)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()  # Xvfb has no window manager to do it: shortcuts need it
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT)
    return window


def loaded(qtbot, window: MainWindow) -> MainWindow:
    """Wait until the first counts and the list on screen have arrived."""
    qtbot.waitUntil(lambda: bool(window.desk_counts) and window.pending is not None, timeout=WAIT)
    qtbot.waitUntil(  # the list comes in its own Task
        lambda: window.model.rowCount() == window.desk_counts[DeskList.ALL], timeout=WAIT
    )
    return window


def table_codes(window: MainWindow) -> list[str]:
    model = window.model
    return [model.index(r, DossierTableModel.CODE).data() for r in range(model.rowCount())]


# --- actions ----------------------------------------------------------------------------------


def test_every_main_action_has_a_stable_name_and_shortcut(qtbot, ctx) -> None:
    window = show(qtbot, ctx)
    expected = {
        "action_intake": ["F2"],
        "action_find": ["Ctrl+F", "F3"],
        "action_refresh": ["F5"],
        "action_catalogue": ["F9"],
        "action_lock": ["Ctrl+L"],
        "action_logout": [],
        "action_quit": ["Ctrl+Q"],
        "action_open": [],
    }
    for name, keys in expected.items():
        action = window.findChild(QAction, name)
        assert action is not None, name
        assert [k.toString() for k in action.shortcuts()] == keys, name
    texts = {a.objectName(): a.text().replace("&", "") for a in window.actions()}
    assert texts["action_intake"] == "Tiếp nhận hồ sơ"
    assert texts["action_catalogue"] == "Danh mục thủ tục"
    assert texts["action_quit"] == "Thoát"
    assert texts["action_logout"] == "Đăng xuất"
    for name in ("search", "desk_lists", "dossier_table", "reminder", "pending", "officer"):
        assert window.findChild(QWidget, name) is not None, name


def test_window_title_status_bar_and_quit(qtbot, ctx, store) -> None:
    receive(store, "2026-11-20 09:15")
    window = loaded(qtbot, show(qtbot, ctx))
    assert window.windowTitle() == "Một cửa — Xã Pà Cò"
    assert window.pending_label.text() == "1 thay đổi chưa đồng bộ"
    assert window.officer_label.text() == "Cán bộ: Hoàng Thị Lan (canbo)"
    assert window.date_label.text() == "Hôm nay: 25/11/2026"  # Asia/Ho_Chi_Minh, not UTC
    assert window.menuBar().actions()[0].text() == "&Tệp"
    assert window.quit_action.shortcut() == QKeySequence("Ctrl+Q")
    window.quit_action.trigger()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=2_000)


def test_outbox_count_failure_is_shown_not_raised(qtbot, ctx) -> None:
    class BrokenStore:
        def read(self) -> object:
            raise OSError("disk gone")

    ctx.store = BrokenStore()  # type: ignore[assignment]
    window = show(qtbot, ctx)
    qtbot.waitUntil(lambda: window.pending_error is not None, timeout=WAIT)
    assert window.pending is None
    assert window.pending_label.text() == "Không đọc được số thay đổi chưa đồng bộ"
    assert "disk gone" in window.pending_label.toolTip()


# --- desk lists -------------------------------------------------------------------------------


def test_desk_lists_show_counts_and_marked_rows(qtbot, ctx, desk_store) -> None:
    window = loaded(qtbot, show(qtbot, ctx))
    texts = [window.lists.item(i).text() for i in range(window.lists.count())]
    assert texts == [
        "Đến hạn hôm nay (1)",
        "Quá hạn (1)",
        "Sắp đến hạn (1)",
        "Chờ bổ sung (1)",
        "Có kết quả chờ trả (0)",
        "Tiếp nhận hôm nay (2)",
        "Chưa đồng bộ (4)",
        "Tất cả (4)",
    ]
    assert window.list_title.text() == "Tất cả: 4 hồ sơ"
    assert set(table_codes(window)) == set(desk_store.values())

    # Keyboard: Up from "Tất cả" to the overdue list.
    window.lists.setFocus()
    for _ in range(LIST_ORDER.index(DeskList.ALL) - LIST_ORDER.index(DeskList.OVERDUE)):
        qtbot.keyClick(window.lists, Qt.Key.Key_Up)
    qtbot.waitUntil(lambda: table_codes(window) == [desk_store["old"]], timeout=WAIT)
    assert window.list_title.text() == "Quá hạn: 1 hồ sơ"
    due = window.model.index(0, DossierTableModel.DUE)
    assert due.data() == "19/11/2026 09:00 · QUÁ HẠN"  # said in words, not only in red
    assert due.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert due.data(Qt.ItemDataRole.ForegroundRole) is not None
    assert window.model.index(0, DossierTableModel.STATE).data() == "Đã tiếp nhận"
    assert window.model.index(0, DossierTableModel.RECEIVED).data() == "16/11/2026 09:00"

    window.select_list(DeskList.DUE_SOON)
    qtbot.waitUntil(lambda: table_codes(window) == [desk_store["same_day"]], timeout=WAIT)
    assert window.model.index(0, DossierTableModel.DUE).data() == "25/11/2026 17:00 · sắp đến hạn"

    window.select_list(DeskList.SUPPLEMENT)
    qtbot.waitUntil(lambda: table_codes(window) == [desk_store["waiting"]], timeout=WAIT)
    assert window.model.index(0, DossierTableModel.STATE).data() == "Chờ bổ sung hồ sơ"
    assert window.model.flag(0) is None  # the clock is stopped while waiting


def test_long_lists_show_a_first_page_then_the_rest(qtbot, ctx, store) -> None:
    codes = [receive(store, f"2026-11-2{d} 0{h}:30") for d in (3, 4, 5) for h in (7, 8)]
    window = show(qtbot, ctx, first_page=2)
    qtbot.waitUntil(lambda: window.model.rowCount() == len(codes), timeout=WAIT)
    assert table_codes(window) == list(reversed(codes))  # newest first


def test_refresh_keeps_the_selected_dossier(qtbot, ctx, store) -> None:
    first = receive(store, "2026-11-23 08:00")
    window = loaded(qtbot, show(qtbot, ctx))
    window.table.setCurrentIndex(window.model.index(0, 0))
    newer = receive(store, "2026-11-24 08:00")
    ctx.signals.dossiers_changed.emit([newer])
    qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=WAIT)
    assert window.current_code() == first
    qtbot.waitUntil(lambda: window.lists.item(7).text() == "Tất cả (2)", timeout=WAIT)


# --- search -----------------------------------------------------------------------------------


def test_search_as_you_type_ignores_diacritics(qtbot, ctx, desk_store) -> None:
    window = loaded(qtbot, show(qtbot, ctx))
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search_edit.hasFocus()
    with qtbot.waitSignal(window.search_finished, timeout=WAIT):
        qtbot.keyClicks(window.search_edit, "nguyen")
    assert table_codes(window) == [desk_store["three_days"]]
    assert window.model.index(0, DossierTableModel.NAME).data() == "Nguyễn Văn An"
    assert window.list_title.text() == "Kết quả tìm “nguyen”: 1 hồ sơ"

    # Vietnamese typed as is, CCCD and phone prefixes, the dossier code.
    for query, key in (
        ("Trần Thị Bình", "old"),
        ("017190", "waiting"),
        (desk_store["same_day"], "same_day"),
    ):
        window.search_edit.clear()
        with qtbot.waitSignal(window.search_finished, timeout=WAIT):
            type_text(window.search_edit, query)
        assert table_codes(window) == [desk_store[key]], query

    # Escape clears the box and brings the list back.
    window.search_edit.setFocus()
    qtbot.keyClick(window.search_edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.model.rowCount() == 4, timeout=WAIT)
    assert window.list_title.text() == "Tất cả: 4 hồ sơ"


def test_stale_search_results_are_dropped(qtbot, ctx, desk_store) -> None:
    window = loaded(qtbot, show(qtbot, ctx))
    window._start_search("nguyen")
    window._start_search("binh")  # typed on before the first answer was shown
    qtbot.waitUntil(lambda: window._search_query == "binh", timeout=WAIT)
    qtbot.wait(300)  # the "nguyen" answer has arrived by now and must not replace it
    assert table_codes(window) == [desk_store["old"]]


def test_f3_focuses_search_and_enter_moves_to_the_results(qtbot, ctx, desk_store) -> None:
    window = loaded(qtbot, show(qtbot, ctx))
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_F3)
    assert window.search_edit.hasFocus()
    qtbot.keyClicks(window.search_edit, "mai")
    qtbot.keyClick(window.search_edit, Qt.Key.Key_Return)  # before the pause: searches now
    qtbot.waitUntil(lambda: table_codes(window) == [desk_store["waiting"]], timeout=WAIT)
    assert window.table.hasFocus()
    assert window.current_code() == desk_store["waiting"]


# --- opening the other dialogs ----------------------------------------------------------------


class FakeDossierDialog(QDialog):
    opened: list[str] = []  # noqa: RUF012 (a test double)

    def __init__(self, ctx: AppContext, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        FakeDossierDialog.opened.append(code)


class FakeIntakeDialog(QDialog):
    dossier_received = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)


def _fake_module(monkeypatch, name: str, **attrs: object) -> None:
    module = types.ModuleType(name)
    for key, value in attrs.items():
        setattr(module, key, value)
    monkeypatch.setitem(sys.modules, name, module)


def test_enter_on_a_row_opens_the_dossier(qtbot, ctx, desk_store, monkeypatch) -> None:
    _fake_module(monkeypatch, "ui.dossier.view", DossierDialog=FakeDossierDialog)
    FakeDossierDialog.opened = []
    window = loaded(qtbot, show(qtbot, ctx))
    window.select_list(DeskList.OVERDUE)
    qtbot.waitUntil(lambda: table_codes(window) == [desk_store["old"]], timeout=WAIT)
    window.table.setFocus()
    window.table.setCurrentIndex(window.model.index(0, 0))
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    assert FakeDossierDialog.opened == [desk_store["old"]]
    dialog = window.findChild(FakeDossierDialog)
    assert dialog is not None
    assert dialog.isVisible()
    assert dialog.isModal()  # opened with open(): window-modal, not exec()
    dialog.reject()

    rect = window.table.visualRect(window.model.index(0, DossierTableModel.NAME))
    viewport = window.table.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=rect.center())  # as a real
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=rect.center())  # double-click
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    assert FakeDossierDialog.opened == [desk_store["old"], desk_store["old"]]


def test_f2_opens_intake_and_a_new_dossier_refreshes_the_desk(
    qtbot, ctx, store, monkeypatch
) -> None:
    _fake_module(monkeypatch, "ui.intake.dialog", IntakeDialog=FakeIntakeDialog)
    window = loaded(qtbot, show(qtbot, ctx))
    assert window.lists.item(7).text() == "Tất cả (0)"
    qtbot.keyClick(window, Qt.Key.Key_F2)
    dialog = window.findChild(FakeIntakeDialog)
    assert dialog is not None
    assert dialog.isVisible()
    code = receive(store, "2026-11-25 09:20")
    dialog.dossier_received.emit(code)
    qtbot.waitUntil(lambda: window.lists.item(7).text() == "Tất cả (1)", timeout=WAIT)
    qtbot.waitUntil(lambda: table_codes(window) == [code], timeout=WAIT)  # its own Task
    assert code in window.statusBar().currentMessage()
    dialog.accept()


def test_a_missing_dialog_is_explained(qtbot, ctx, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "ui.intake.dialog", None)  # import fails
    window = loaded(qtbot, show(qtbot, ctx))
    window.intake_action.trigger()
    box = window.findChild(QMessageBox, "message_box")
    assert box is not None
    assert "Tiếp nhận hồ sơ" in box.text()
    assert box.button(QMessageBox.StandardButton.Ok).text() == "Đồng ý"
    box.accept()


# --- reminders --------------------------------------------------------------------------------


def test_reminder_after_login_counts_overdue_and_due_soon(qtbot, ctx, desk_store) -> None:
    window = loaded(qtbot, show(qtbot, ctx))
    assert window.reminder.isVisible()
    assert window.reminder_text == "1 hồ sơ quá hạn, 1 hồ sơ sắp đến hạn"
    assert window.reminder_label.text() == window.reminder_text
    assert window.statusBar().currentMessage() == window.reminder_text
    qtbot.mouseClick(window.reminder_show, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: table_codes(window) == [desk_store["old"]], timeout=WAIT)
    assert window.current_list is DeskList.OVERDUE
    window.reminder_hide.click()
    assert not window.reminder.isVisible()


def test_no_reminder_when_nothing_is_due(qtbot, ctx, store) -> None:
    receive(store, "2026-11-25 09:10")  # three working days: due Monday 30/11
    window = loaded(qtbot, show(qtbot, ctx))
    assert window.reminder_text == ""
    assert not window.reminder.isVisible()


# --- login ------------------------------------------------------------------------------------


def _login_dialog(qtbot, ctx: AppContext, **kw: object) -> LoginDialog:
    dialog = LoginDialog(ctx, **kw)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_login_with_enter_sets_the_user(qtbot, ctx) -> None:
    ctx.user = None
    dialog = _login_dialog(qtbot, ctx)
    assert dialog.focusWidget() is dialog.username_edit
    qtbot.keyClicks(dialog.username_edit, "CanBo")  # usernames are case-insensitive
    qtbot.keyClick(dialog.username_edit, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.password_edit, OFFICER[1])
    with qtbot.waitSignal(dialog.logged_in, timeout=WAIT) as blocker:
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert isinstance(blocker.args[0], UserInfo)
    assert ctx.user is not None
    assert ctx.actor == "canbo"
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_wrong_password_is_refused_in_vietnamese(qtbot, ctx) -> None:
    ctx.user = None
    dialog = _login_dialog(qtbot, ctx, username="canbo", hint="mật khẩu mẫu: motcua123")
    assert dialog.focusWidget() is dialog.password_edit  # the username is filled in
    assert dialog.hint_label.isVisible()
    qtbot.keyClicks(dialog.password_edit, "sai-mat-khau")
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=WAIT)
    assert dialog.error_label.text() == "Sai tên đăng nhập hoặc mật khẩu."
    assert dialog.isVisible()
    assert dialog.password_edit.text() == ""
    assert ctx.user is None
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)  # empty password: said locally
    assert dialog.error_label.text() == "Nhập mật khẩu."


# --- idle lock, Ctrl+L, logout ----------------------------------------------------------------


def _login_over(window: MainWindow) -> LoginDialog:
    shown = [d for d in window.findChildren(LoginDialog) if d.isVisible()]
    assert len(shown) == 1
    return shown[0]


def test_idle_lock_hides_data_and_unlocks_with_the_password(qtbot, ctx, desk_store) -> None:
    window = show(qtbot, ctx, idle_ms=700)
    changes: list[bool] = []
    window.lock_changed.connect(changes.append)
    qtbot.waitUntil(lambda: window.locked, timeout=WAIT)  # nobody touches anything
    assert changes == [True]
    assert window.stack.currentWidget() is window.lock_page
    assert not window.table.isVisible()
    assert not window.search_edit.isVisible()
    assert not window.intake_action.isEnabled()
    dialog = _login_over(window)
    assert dialog.username_edit.text() == "canbo"
    assert "không dùng" in dialog.intro_label.text()

    type_text(dialog.password_edit, "sai-mat-khau")
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: dialog.error_label.text() == "Sai tên đăng nhập hoặc mật khẩu.", timeout=WAIT
    )
    assert window.locked

    window.idle.timeout_ms = 60_000  # do not lock again while the test looks
    qtbot.keyClicks(dialog.password_edit, OFFICER[1])
    with qtbot.waitSignal(window.lock_changed, timeout=WAIT) as blocker:
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert blocker.args == [False]
    assert window.stack.currentWidget() is window.desk_page
    assert window.table.isVisible()
    assert window.idle.active
    qtbot.waitUntil(lambda: window.model.rowCount() == 4, timeout=WAIT)
    assert changes == [True, False]


def test_activity_keeps_the_desk_open(qtbot, ctx) -> None:
    window = loaded(qtbot, show(qtbot, ctx, idle_ms=600))
    for _ in range(12):  # 1.2 s of typing, never a 600 ms pause
        qtbot.keyClick(window.search_edit, Qt.Key.Key_Shift)
        qtbot.wait(100)
    assert not window.locked


def test_ctrl_l_locks_and_another_officer_can_log_in(qtbot, ctx, store, monkeypatch) -> None:
    add_user(store, "cb.hoa", "matkhau456", "Đinh Thị Hoa")
    _fake_module(monkeypatch, "ui.intake.dialog", IntakeDialog=FakeIntakeDialog)
    window = loaded(qtbot, show(qtbot, ctx))
    window.open_intake()
    intake = window.findChild(FakeIntakeDialog)
    assert intake is not None
    assert intake.isVisible()
    qtbot.keyClick(intake, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # from the dialog
    assert window.locked
    assert not intake.isVisible()  # hidden with the desk
    dialog = _login_over(window)
    assert "không dùng" not in dialog.intro_label.text()  # locked by hand
    dialog.username_edit.setFocus()
    dialog.username_edit.selectAll()
    qtbot.keyClicks(dialog.username_edit, "cb.hoa")
    qtbot.keyClick(dialog.username_edit, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.password_edit, "matkhau456")
    with qtbot.waitSignal(window.lock_changed, timeout=WAIT):
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert ctx.actor == "cb.hoa"
    assert window.officer_label.text() == "Cán bộ: Đinh Thị Hoa (cb.hoa)"
    qtbot.waitUntil(lambda: intake.result() == QDialog.DialogCode.Rejected, timeout=WAIT)
    assert not intake.isVisible()  # the other officer's unfinished work is not handed over


def test_logout_clears_the_desk_and_asks_for_a_login(qtbot, ctx, desk_store) -> None:
    window = loaded(qtbot, show(qtbot, ctx))
    window.logout_action.trigger()
    assert ctx.user is None
    assert window.locked
    assert window.model.rowCount() == 0
    assert window.officer_label.text() == "Chưa đăng nhập"
    dialog = _login_over(window)
    assert dialog.username_edit.text() == ""
    dialog.reject()  # Esc: the desk stays locked, the button brings the dialog back
    assert window.locked
    window.unlock_button.click()
    dialog = _login_over(window)
    qtbot.keyClicks(dialog.username_edit, OFFICER[0])
    qtbot.keyClicks(dialog.password_edit, OFFICER[1])
    with qtbot.waitSignal(window.lock_changed, timeout=WAIT):
        dialog.accept()
    qtbot.waitUntil(lambda: window.model.rowCount() == 4, timeout=WAIT)
    qtbot.waitUntil(window.reminder.isVisible, timeout=WAIT)  # a new session


# --- catalogue ---------------------------------------------------------------------------------


def test_f9_opens_the_catalogue(qtbot, ctx) -> None:
    window = loaded(qtbot, show(qtbot, ctx))
    qtbot.keyClick(window, Qt.Key.Key_F9)
    dialog = window.findChild(CatalogueDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: len(dialog.procedures) > 40, timeout=WAIT)
    assert dialog.filter_edit.hasFocus()
    dialog.reject()


def test_screens_render(qtbot, ctx, desk_store, tmp_path: Path) -> None:
    """Grabbing works offscreen (docs/screenshots are made the same way)."""
    window = loaded(qtbot, show(qtbot, ctx))
    assert not window.grab().isNull()
    assert isinstance(window.findChild(QLabel, "list_title"), QLabel)


def test_catalogue_filter_ignores_diacritics_and_ranks_names(qtbot, ctx) -> None:
    dialog = CatalogueDialog(ctx)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=WAIT):
        dialog.show()
    total = len(dialog.procedures)
    assert dialog.count_label.text() == f"{total} / {total} thủ tục"
    qtbot.keyClicks(dialog.filter_edit, "khai sinh")
    codes = dialog.visible_codes()
    assert codes[0] == "1.001193"  # "Đăng ký khai sinh": the name starts with the query
    assert set(codes) >= {"1.001193", "1.000689", "1.004884"}
    assert dialog.current_procedure().code == "1.001193"  # type: ignore[union-attr]
    html = dialog.detail.toPlainText()
    assert "Tờ khai đăng ký khai sinh theo mẫu" in html
    assert "Bản chính" in html
    assert "Trong ngày (nhận trước 15:00)" in html

    dialog.filter_edit.clear()
    type_text(dialog.filter_edit, "Đăng ký KHAI TỬ")
    assert dialog.visible_codes()[0] == "1.000656"
    dialog.filter_edit.clear()
    qtbot.keyClicks(dialog.filter_edit, "1.0011")  # part of a code
    assert "1.001193" in dialog.visible_codes()
    dialog.filter_edit.clear()
    qtbot.keyClicks(dialog.filter_edit, "khong co thu tuc nay")
    assert dialog.visible_codes() == []
    assert not dialog.checklist_button.isEnabled()
    assert "Không có thủ tục nào" in dialog.detail.toPlainText()

    dialog.filter_edit.clear()
    qtbot.keyClicks(dialog.filter_edit, "chung thuc ban sao")
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Down)  # into the list
    assert dialog.focusWidget() is dialog.list
    proc = dialog.current_procedure()
    assert proc is not None
    fees = dialog.detail.toPlainText()
    amounts = [f.amount for f in proc.fees if f.amount]
    if amounts:
        assert f"{amounts[0]:,}".replace(",", ".") + " đ" in fees

    checklist = dialog.show_checklist()
    assert isinstance(checklist, ChecklistDialog)
    assert checklist.isVisible()
    assert "GIẤY TỜ CẦN MANG" in checklist.view.toPlainText()
    assert proc.documents[0].name in checklist.view.toPlainText()
    # The print button is there once the desk has wired printing (MainWindow opens F9).
    assert checklist.print_button.isVisible() == (ChecklistDialog.print_hook is not None)
    checklist.reject()


def test_checklist_print_hook(qtbot, ctx, monkeypatch) -> None:
    printed: list[tuple[str, str]] = []
    monkeypatch.setattr(
        ChecklistDialog,
        "print_hook",
        staticmethod(lambda w, p, html: printed.append((p.code, html))),
    )
    dialog = CatalogueDialog(ctx)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=WAIT):
        dialog.show()
    qtbot.keyClicks(dialog.filter_edit, "khai sinh")
    checklist = dialog.show_checklist()
    assert checklist is not None
    assert checklist.print_button.isVisible()
    checklist.print_button.click()
    assert printed[0][0] == "1.001193"
    assert "Giấy chứng sinh" in printed[0][1]
    checklist.reject()


def test_ctrl_l_from_the_desk(qtbot, ctx) -> None:
    window = loaded(qtbot, show(qtbot, ctx))
    qtbot.keyClick(window.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.locked
    assert _login_over(window).username_edit.text() == "canbo"


def test_clearing_the_box_drops_a_search_on_its_way(qtbot, ctx, desk_store) -> None:
    window = loaded(qtbot, show(qtbot, ctx))
    window._start_search("nguyen")
    window.clear_search()  # emptied before the answer came
    qtbot.wait(300)
    assert window._search_query == ""
    assert window.model.rowCount() == 4
    assert window.list_title.text() == "Tất cả: 4 hồ sơ"
