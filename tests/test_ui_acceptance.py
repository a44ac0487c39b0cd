"""Issue 3's "Done when", as one scenario through the real start-up path, keyboard only.

The desk starts as ``motcua-desk`` starts it, through ``ui.main.Launcher`` (an initialised
store with an account: the ``AppContext``, the login dialog, then the ``MainWindow``), on an
initialised commune with one receiving officer and no dossier. The officer logs in by keyboard
and, with no connection and without the mouse:

1. receives a birth-registration dossier (F2, "khai sinh", Enter, Space on each paper, the
   applicant Nguyễn Văn An with a valid CCCD, Ctrl+S) and closes the receipt (Esc);
2. finds it again by typing "nguyen" (Ctrl+F) and opens it (Enter);
3. requests a supplement (Ctrl+B; the real dialog, filled by keyboard);
4. sees it flagged as its due date nears: the clock of the context moves on and F5 refreshes.

Birth registration is a same-day procedure, so the row is "sắp đến hạn" (due within
``due_soon_days`` working days) from the start. While the dossier waits for the citizen's
supplement the processing clock stops (domain.md §4.1): no mark, even past the old due time.
When the supplement is recorded (Ctrl+Shift+B) the clock runs again, the due time moves by
the waiting time, and the row is marked "sắp đến hạn", then "QUÁ HẠN" once that time passes.

Every key goes to ``QApplication.focusWidget()``, as on a real keyboard; the test never moves
the focus itself. Xvfb has no window manager, so a window that pops up is activated by the
test when the platform did not do it (the only non-key call). An application-wide event
filter proves that no mouse button event reached any widget.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from shiboken6 import isValid

from app.accounts import Role, create_user
from app.clock import VN_TZ
from app.desk import DeskList
from app.lifecycle import State
from app.settings import get_agency
from db.engine import Store
from tests.conftest import FIXED_NOW
from tests.qt_helpers import type_text
from ui.dossier.actions import SupplementReceivedDialog, SupplementRequestDialog
from ui.dossier.view import DossierDialog
from ui.intake.dialog import IntakeDialog
from ui.main import Launcher
from ui.mainwindow import LIST_ORDER, MainWindow
from ui.models.dossier_table import DossierTableModel
from ui.tasks import TaskRunner

pytestmark = pytest.mark.qt

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
WAIT = 10_000

USERNAME, PASSWORD, FULL_NAME = "canbo", "motcua123", "Hoàng Thị Lan"
APPLICANT = "Nguyễn Văn An"
CCCD = "001087008901"  # Hà Nội, male, born 1987
REASON = "Giấy chứng sinh bị tẩy xóa"

MOUSE_EVENTS = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick,
}


class SteppedClock:
    """The context's clock: fixed, moved on by the test (``ctx.clock`` is read at each use)."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def set_local(self, year: int, month: int, day: int, hour: int, minute: int) -> None:
        at = datetime(year, month, day, hour, minute, tzinfo=VN_TZ)
        assert at >= self.now, "time only moves forward"
        self.now = at

    def advance(self, minutes: int) -> None:
        self.now += timedelta(minutes=minutes)


class MouseSpy(QObject):
    """Counts mouse button events delivered to any object of the application."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in MOUSE_EVENTS:
            self.seen.append(f"{event.type().name} on {watched.objectName() or watched}")
        return False


# --- fixtures ---------------------------------------------------------------------------------


@pytest.fixture
def officer(store: Store) -> None:
    """A receiving officer in an initialised store without any dossier (not the demo)."""
    with store.write.begin() as session:
        create_user(
            session,
            username=USERNAME,
            full_name=FULL_NAME,
            role=Role.OFFICER,
            password=PASSWORD,
            actor="test",
            now=FIXED_NOW,
        )


@pytest.fixture
def runner(store: Store) -> Iterator[TaskRunner]:
    """Depends on ``store`` so that it is shut down before the store is disposed."""
    r = TaskRunner()
    yield r
    assert r.shutdown(WAIT)


@pytest.fixture
def launcher(
    qapp: QApplication, runner: TaskRunner, data_dir: Path, store: Store, officer: None
) -> Iterator[Launcher]:
    """``ui.main``'s start-up object for this store (``run()`` would also start app.exec())."""
    with store.read() as session:
        agency = get_agency(session)
    started = Launcher(qapp, runner, data_dir, store, agency, users=True)
    yield started
    started.deleteLater()


@pytest.fixture
def mouse_spy(qapp: QApplication) -> Iterator[MouseSpy]:
    spy = MouseSpy()
    qapp.installEventFilter(spy)
    yield spy
    qapp.removeEventFilter(spy)


# --- keyboard ---------------------------------------------------------------------------------


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """One key on the focused widget (shortcuts included, as QTest sends ShortcutOverride)."""
    QTest.keyClick(focused(), key, modifier)


def type_in(text: str) -> None:
    type_text(focused(), text)


def keyboard_in(qtbot, window: QWidget) -> None:
    """Wait until ``window`` has the keyboard (activated by hand where no window manager is)."""
    qtbot.waitExposed(window)
    if not window.isActiveWindow():
        window.activateWindow()
    qtbot.waitUntil(
        lambda: (
            window.isActiveWindow()
            and QApplication.focusWidget() is not None
            and QApplication.focusWidget().window() is window
        ),
        timeout=WAIT,
    )


def visible_dialog(window: QWidget, kind: type[QDialog]) -> QDialog | None:
    found = [d for d in window.findChildren(kind) if d.isVisible()]
    return found[0] if found else None


# --- reading the desk -------------------------------------------------------------------------


def row_texts(window: MainWindow, row: int = 0) -> dict[str, str]:
    model = window.model
    names = ("code", "name", "procedure", "state", "received", "due")
    return {n: model.index(row, c).data() for c, n in enumerate(names)}


def due_roles(window: MainWindow, row: int = 0) -> tuple[str | None, str | None, str]:
    """The due cell's background colour, tooltip and accessible text."""
    index = window.model.index(row, DossierTableModel.DUE)
    brush = index.data(Qt.ItemDataRole.BackgroundRole)
    colour = brush.color().name() if isinstance(brush, QBrush) else None
    return (
        colour,
        index.data(Qt.ItemDataRole.ToolTipRole),
        index.data(Qt.ItemDataRole.AccessibleTextRole),
    )


def list_item_text(window: MainWindow, which: DeskList) -> str:
    return window.lists.item(LIST_ORDER.index(which)).text()


def refresh(qtbot, window: MainWindow) -> None:
    """F5 from the desk; wait for the counts and the desk list to come back."""
    with (
        qtbot.waitSignal(window.counts_updated, timeout=WAIT),
        qtbot.waitSignal(window.list_loaded, timeout=WAIT),
    ):
        press(Key.Key_F5)


def open_from_table(qtbot, window: MainWindow) -> DossierDialog:
    """Enter on the selected row opens the dossier view; wait until it is read and focused."""
    assert focused() is window.table
    press(Key.Key_Return)
    qtbot.waitUntil(lambda: visible_dialog(window, DossierDialog) is not None, timeout=WAIT)
    view = visible_dialog(window, DossierDialog)
    assert isinstance(view, DossierDialog)
    qtbot.waitUntil(lambda: view.data is not None and not view.loading, timeout=WAIT)
    keyboard_in(qtbot, view)
    return view


def close_view(qtbot, window: MainWindow, view: QDialog) -> None:
    press(Key.Key_Escape)
    qtbot.waitUntil(lambda: not view.isVisible(), timeout=WAIT)
    keyboard_in(qtbot, window)


def close_print_preview(qtbot, view: DossierDialog) -> None:
    """After a supplement request the view previews Mẫu 02 (when the printing module is in
    the tree): Esc closes the preview and the keyboard returns to the view."""
    if importlib.util.find_spec("ui.printing") is None:
        return
    from ui.print_preview import PrintPreviewDialog

    qtbot.waitUntil(lambda: visible_dialog(view, PrintPreviewDialog) is not None, timeout=WAIT)
    preview = visible_dialog(view, PrintPreviewDialog)
    assert preview is not None
    keyboard_in(qtbot, preview)
    assert preview.windowTitle().startswith("Xem trước bản in — Mẫu 02")
    assert preview.windowTitle().endswith("(Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ)")
    press(Key.Key_Escape)
    qtbot.waitUntil(lambda: not preview.isVisible(), timeout=WAIT)
    keyboard_in(qtbot, view)


# --- the scenario -----------------------------------------------------------------------------


def test_receive_find_supplement_and_reminders_by_keyboard_only(
    qtbot, launcher: Launcher, mouse_spy: MouseSpy
) -> None:
    clock = SteppedClock(FIXED_NOW)  # Wednesday 25/11/2026 09:30 in Asia/Ho_Chi_Minh

    # --- start-up as ui.main does it: an initialised store with an account -> login ---------
    launcher.start()
    login = launcher.login
    assert login is not None
    assert launcher.ctx is not None
    launcher.ctx.clock = clock  # the only change to the composition: a clock the test moves
    qtbot.addWidget(login)
    keyboard_in(qtbot, login)
    assert login.windowTitle() == "Đăng nhập — Một cửa"
    assert login.intro_label.text() == "Đăng nhập để làm việc."
    assert login.title_label.text().startswith("Xã Pà Cò")
    assert login.ok_button.text() == "Đăng nhập"

    assert focused() is login.username_edit
    type_in(USERNAME)
    press(Key.Key_Tab)
    assert focused() is login.password_edit
    type_in(PASSWORD)
    press(Key.Key_Return)
    qtbot.waitUntil(lambda: launcher.window is not None, timeout=WAIT)
    window = launcher.window
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    assert not login.isVisible()
    keyboard_in(qtbot, window)
    qtbot.waitUntil(lambda: bool(window.desk_counts) and window.pending is not None, timeout=WAIT)

    assert window.windowTitle() == "Một cửa — Xã Pà Cò"
    assert window.officer_label.text() == f"Cán bộ: {FULL_NAME} ({USERNAME})"
    assert window.date_label.text() == "Hôm nay: 25/11/2026"
    assert window.connection_label.text() == "Chưa kết nối máy chủ cấp trên"
    assert window.pending_label.text() == "0 thay đổi chưa đồng bộ"
    assert list_item_text(window, DeskList.ALL) == "Tất cả (0)"
    assert window.intake_action.text().replace("&", "") == "Tiếp nhận hồ sơ"

    # --- 1. receive a birth registration ---------------------------------------------------
    press(Key.Key_F2)
    qtbot.waitUntil(lambda: visible_dialog(window, IntakeDialog) is not None, timeout=WAIT)
    intake = visible_dialog(window, IntakeDialog)
    assert isinstance(intake, IntakeDialog)
    assert intake.windowTitle() == "Tiếp nhận hồ sơ"
    qtbot.waitUntil(lambda: intake.index is not None, timeout=WAIT)  # the catalogue is read
    keyboard_in(qtbot, intake)
    assert focused() is intake.procedure_edit

    type_in("khai sinh")
    press(Key.Key_Return)
    assert intake.procedure is not None
    assert intake.procedure.code == "1.001193"
    assert intake.procedure_edit.text() == "Đăng ký khai sinh"
    assert intake.appointment_label.text() == "Hẹn trả: 17:00 thứ Tư 25/11/2026"
    assert intake.fees_label.text() == "Phí, lệ phí: 0 đ"
    assert focused() is intake.checklist
    for _ in intake.checklist.lines():
        press(Key.Key_Space)  # ticks the paper and moves to the next one
    assert all(line.received for line in intake.checklist.lines())
    assert intake.checklist_summary.text() == "Đã nhận đủ 3 giấy tờ bắt buộc"

    press(Key.Key_Return)
    assert focused() is intake.id_edit
    with qtbot.waitSignal(intake.lookup_finished, timeout=WAIT):  # no earlier applicant
        type_in(CCCD)
    assert intake.findChild(QWidget, "intake.applicant.id_number.message").text() == (
        "Hợp lệ: Nam, sinh năm 1987, nơi đăng ký khai sinh Hà Nội"
    )
    assert not intake.reuse_bar.isVisible()
    press(Key.Key_Return)
    assert focused() is intake.name_edit
    type_in(APPLICANT)
    assert intake.name_edit.text() == APPLICANT
    with qtbot.waitSignal(intake.dossier_received, timeout=WAIT) as received:
        press(Key.Key_S, CTRL)
    code = received.args[0]
    assert code.endswith("-261125-1001")

    page = intake.receipt_page
    assert intake.pages.currentWidget() is page
    assert page.code_label.text() == f"Mã hồ sơ: {code}"
    assert page.values["applicant"].text() == APPLICANT
    assert page.values["request"].text() == "Đăng ký khai sinh"
    assert page.values["due"].text() == "17 giờ 00 phút, ngày 25 tháng 11 năm 2026 (thứ Tư)"
    assert page.values["officer"].text() == FULL_NAME
    press(Key.Key_Escape)  # closes the receipt: the dossier is saved
    qtbot.waitUntil(lambda: not intake.isVisible(), timeout=WAIT)
    keyboard_in(qtbot, window)
    qtbot.waitUntil(lambda: list_item_text(window, DeskList.ALL) == "Tất cả (1)", timeout=WAIT)
    assert window.statusBar().currentMessage() == f"Đã tiếp nhận hồ sơ {code}."
    qtbot.waitUntil(lambda: window.pending_label.text() == "1 thay đổi chưa đồng bộ", timeout=WAIT)

    # --- 2. find it again by typing "nguyen", open it --------------------------------------
    press(Key.Key_F, CTRL)
    assert focused() is window.search_edit
    with qtbot.waitSignal(window.search_finished, timeout=WAIT):
        type_in("nguyen")
        press(Key.Key_Return)  # searches at once and moves to the table
    assert focused() is window.table
    assert window.model.rowCount() == 1
    assert window.list_title.text() == "Kết quả tìm “nguyen”: 1 hồ sơ"
    row = row_texts(window)
    assert row["code"] == code
    assert row["name"] == APPLICANT
    assert row["procedure"] == "Đăng ký khai sinh"
    assert row["state"] == "Đã tiếp nhận"
    # Same-day procedure: due at 17:00 today, within the two working days of "sắp đến hạn".
    assert row["due"] == "25/11/2026 17:00 · sắp đến hạn"
    assert window.model.flag(0) == "due_soon"
    assert due_roles(window) == (
        QColor("#fff1c9").name(),
        "Hồ sơ sắp đến hạn trả kết quả",
        "25/11/2026 17:00 · sắp đến hạn. Hồ sơ sắp đến hạn trả kết quả",
    )

    clock.advance(5)  # 09:35
    view = open_from_table(qtbot, window)
    assert view.windowTitle() == f"Hồ sơ {code} — {APPLICANT}"
    assert view.state_chip.text() == "Đã tiếp nhận"
    assert view.banner.isVisible()
    assert view.banner_text.text().startswith("Hồ sơ sắp đến hạn trả (25/11/2026 17:00).")
    assert view.fields["due"].text() == "25/11/2026 17:00 — sắp đến hạn"
    assert view.fields["received"].text() == f"25/11/2026 09:30, bởi {USERNAME}"
    assert view.buttons["supplement"].isEnabled()
    assert view.buttons["supplement"].text() == "Yêu cầu bổ sung  (Ctrl+B)"

    # --- 3. request a supplement (Ctrl+B), the dialog filled by keyboard ---------------------
    press(Key.Key_B, CTRL)
    qtbot.waitUntil(lambda: visible_dialog(view, SupplementRequestDialog) is not None, timeout=WAIT)
    ask = visible_dialog(view, SupplementRequestDialog)
    assert isinstance(ask, SupplementRequestDialog)
    keyboard_in(qtbot, ask)
    assert ask.windowTitle() == "Yêu cầu bổ sung, hoàn thiện hồ sơ"
    assert ask.ok_button.text() == "Yêu cầu bổ sung"
    assert ask.checked() == []  # every paper was received at the desk
    press(Key.Key_G, ALT)  # "&Giấy tờ cần bổ sung:"
    assert focused() is ask.items
    assert ask.items.currentRow() == 0
    press(Key.Key_Space)  # the first paper (the declaration) must be completed
    assert [i.data(Qt.ItemDataRole.UserRole) for i in ask.checked()] == ["TP01"]
    press(Key.Key_Tab)
    assert focused() is ask.other
    press(Key.Key_L, ALT)  # "&Lý do:"
    assert focused() is ask.reason
    type_in(REASON)
    with qtbot.waitSignal(view.dossier_changed, timeout=WAIT):
        press(Key.Key_Return)  # OK is the default button
    assert not isValid(ask) or not ask.isVisible()  # closed (and deleted)
    qtbot.waitUntil(
        lambda: (
            view.data is not None
            and not view.loading
            and view.data.view.row.state == State.SUPPLEMENT_REQUESTED.value
        ),
        timeout=WAIT,
    )
    assert view.state_chip.text() == "Chờ bổ sung hồ sơ"
    assert "Đã ghi: Yêu cầu bổ sung." in view.notice.text()
    assert not view.banner.isVisible()  # the clock is stopped: nothing is due
    assert "chờ công dân bổ sung" in view.fields["due"].text()
    history = view.history
    last = history.rowCount() - 1
    assert history.item(last, 1).text() == USERNAME
    assert history.item(last, 3).text() == "Đã tiếp nhận → Chờ bổ sung hồ sơ"
    assert history.item(last, 4).text() == REASON
    close_print_preview(qtbot, view)
    assert not view.buttons["supplement"].isEnabled()  # only once
    press(Key.Key_B, CTRL)  # asked again: explained, not silently ignored
    assert view.notice.isVisible()
    assert view.notice.text().startswith("Yêu cầu bổ sung: ")
    assert view.notice.text().endswith(
        "Hồ sơ này đã được yêu cầu bổ sung; chỉ được yêu cầu một lần."
    )
    assert visible_dialog(view, SupplementRequestDialog) is None
    close_view(qtbot, window, view)

    # --- 4. reminders: back to the desk list, the clock moves on, F5 -----------------------
    # (The desk lists: search results keep the marks of the last list read, see
    # test_search_results_follow_the_clock below.)
    press(Key.Key_F, CTRL)
    assert focused() is window.search_edit
    with qtbot.waitSignal(window.list_loaded, timeout=WAIT):
        press(Key.Key_Escape)  # clears the search: the desk list "Tất cả" again
    assert window.list_title.text() == "Tất cả: 1 hồ sơ"
    press(Key.Key_Return)
    assert focused() is window.table

    # Waiting for the citizen: no mark, even after the old due time (17:00) has passed.
    clock.set_local(2026, 11, 25, 17, 30)
    refresh(qtbot, window)
    row = row_texts(window)
    assert row["state"] == "Chờ bổ sung hồ sơ"
    assert row["due"] == "25/11/2026 17:00"
    assert window.model.flag(0) is None
    assert due_roles(window) == (None, None, "25/11/2026 17:00")
    assert list_item_text(window, DeskList.SUPPLEMENT) == "Chờ bổ sung (1)"
    assert list_item_text(window, DeskList.OVERDUE) == "Quá hạn (0)"

    # The citizen brings the paper the next morning: the clock runs again from there.
    clock.set_local(2026, 11, 26, 8, 0)
    refresh(qtbot, window)
    assert window.date_label.text() == "Hôm nay: 26/11/2026"
    view = open_from_table(qtbot, window)
    assert focused() is view.buttons["supplement_received"]  # the first allowed step
    press(Key.Key_B, CTRL | SHIFT)
    qtbot.waitUntil(
        lambda: visible_dialog(view, SupplementReceivedDialog) is not None, timeout=WAIT
    )
    confirm = visible_dialog(view, SupplementReceivedDialog)
    assert isinstance(confirm, SupplementReceivedDialog)
    keyboard_in(qtbot, confirm)
    assert confirm.windowTitle() == "Nhận bổ sung"
    with qtbot.waitSignal(view.dossier_changed, timeout=WAIT):
        press(Key.Key_Return)
    qtbot.waitUntil(
        lambda: (
            view.data is not None
            and not view.loading
            and view.data.view.row.state == State.SUPPLEMENT_RECEIVED.value
        ),
        timeout=WAIT,
    )
    keyboard_in(qtbot, view)
    new_due = view.data.view.row.due_at
    due_text = new_due.astimezone(VN_TZ).strftime("%d/%m/%Y %H:%M")
    assert due_text.startswith("26/11/2026 ")  # moved on by the time spent waiting
    assert view.state_chip.text() == "Đã nhận bổ sung"
    assert view.banner.isVisible()
    assert view.banner_text.text().startswith(f"Hồ sơ sắp đến hạn trả ({due_text}).")
    close_view(qtbot, window, view)

    refresh(qtbot, window)
    row = row_texts(window)
    assert row["state"] == "Đã nhận bổ sung"
    assert row["due"] == f"{due_text} · sắp đến hạn"
    assert window.model.flag(0) == "due_soon"
    assert due_roles(window)[:2] == (QColor("#fff1c9").name(), "Hồ sơ sắp đến hạn trả kết quả")
    assert list_item_text(window, DeskList.DUE_SOON) == "Sắp đến hạn (1)"
    assert list_item_text(window, DeskList.DUE_TODAY) == "Đến hạn hôm nay (1)"

    # Ten minutes past the new due time: overdue, in red and in words.
    clock.now = new_due + timedelta(minutes=10)
    refresh(qtbot, window)
    row = row_texts(window)
    assert row["due"] == f"{due_text} · QUÁ HẠN"
    assert window.model.flag(0) == "overdue"
    assert due_roles(window) == (
        QColor("#fde0e0").name(),
        "Hồ sơ đã quá hạn trả kết quả",
        f"{due_text} · QUÁ HẠN. Hồ sơ đã quá hạn trả kết quả",
    )
    assert list_item_text(window, DeskList.OVERDUE) == "Quá hạn (1)"
    assert list_item_text(window, DeskList.DUE_SOON) == "Sắp đến hạn (0)"
    assert window.lists.item(LIST_ORDER.index(DeskList.OVERDUE)).font().bold()

    # The list "Quá hạn" by keyboard (Tab from the search box, Up/Down, Enter to the table).
    press(Key.Key_F, CTRL)
    press(Key.Key_Tab)
    assert focused() is window.lists
    press(Key.Key_Home)
    with qtbot.waitSignal(window.list_loaded, timeout=WAIT):
        press(Key.Key_Down)
    assert window.current_list is DeskList.OVERDUE
    assert window.list_title.text() == "Quá hạn: 1 hồ sơ"
    press(Key.Key_Return)
    assert focused() is window.table
    assert row_texts(window)["due"] == f"{due_text} · QUÁ HẠN"

    # The overdue dossier offers the apology and extension (Mẫu 04).
    view = open_from_table(qtbot, window)
    assert view.banner.isVisible()
    assert view.banner_text.text().startswith(f"Hồ sơ đã quá hạn (hẹn trả {due_text})")
    assert view.banner_extend.text() == "Xin lỗi và gia hạn (Ctrl+E)"
    assert focused() is view.banner_extend
    assert view.fields["due"].text().startswith(f"{due_text} — ĐÃ QUÁ HẠN")
    close_view(qtbot, window, view)

    assert mouse_spy.seen == [], "the scenario must not need the mouse"


# --- search results and the clock -------------------------------------------------------------


def test_search_results_follow_the_clock_after_f5(
    qtbot, store: Store, officer: None, runner, mouse_spy
) -> None:
    """A dossier found by name turns from "sắp đến hạn" to "QUÁ HẠN" on F5 once its due time
    has passed, as it does in the desk lists."""
    from app.accounts import authenticate
    from app.intake import parse_intake, receive_dossier
    from tests.conftest import intake_json
    from ui.context import AppContext

    clock = SteppedClock(FIXED_NOW)  # Wednesday 25/11/2026 09:30
    req = parse_intake(
        intake_json(
            procedure="1.001193",  # same day: due 17:00
            received_at="2026-11-25 09:15",
            applicant={"name": APPLICANT, "id_number": CCCD, "phone": ""},
        )
    )
    code = receive_dossier(store, req, actor=USERNAME, clock=clock).code
    with store.read() as session:
        agency = get_agency(session)
    user = authenticate(store, USERNAME, PASSWORD, clock=clock)
    window = MainWindow(AppContext(store, runner, agency, user=user, clock=clock))
    qtbot.addWidget(window)
    window.show()
    keyboard_in(qtbot, window)
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=WAIT)

    press(Key.Key_F, CTRL)
    with qtbot.waitSignal(window.search_finished, timeout=WAIT):
        type_in("nguyen")
        press(Key.Key_Return)
    assert row_texts(window)["code"] == code
    assert row_texts(window)["due"] == "25/11/2026 17:00 · sắp đến hạn"

    clock.set_local(2026, 11, 25, 17, 30)
    with (
        qtbot.waitSignal(window.counts_updated, timeout=WAIT),
        qtbot.waitSignal(window.search_finished, timeout=WAIT),
    ):
        press(Key.Key_F5)
    assert list_item_text(window, DeskList.OVERDUE) == "Quá hạn (1)"  # the counts follow
    assert row_texts(window)["due"] == "25/11/2026 17:00 · QUÁ HẠN"  # the row does not (yet)
    assert mouse_spy.seen == []
