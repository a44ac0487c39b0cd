"""The Task runner, translations, standard buttons and the start-up paths (demo, self-test).

The desk itself is tested in tests/test_ui_shell*.py."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from PySide6.QtCore import Qt, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from app.accounts import Role, UserInfo
from app.intake import parse_intake, receive_dossier
from app.settings import AgencyInfo, get_agency
from db.engine import Store
from tests.conftest import intake_json
from tests.qt_helpers import type_text
from ui.context import AppContext
from ui.demo import DEMO_OFFICER_PASSWORD
from ui.dialogs.login import LoginDialog
from ui.i18n import install_translators, remove_translators, vi_buttons
from ui.main import main
from ui.mainwindow import MainWindow
from ui.tasks import Task, TaskRunner

pytestmark = pytest.mark.qt

ROOT = Path(__file__).resolve().parent.parent
PAST = "2026-11-20 09:15"  # receipts run on the real clock; the future is refused


@pytest.fixture
def runner(store: Store) -> Iterator[TaskRunner]:
    """Depends on ``store`` so that it is shut down before the store is disposed."""
    r = TaskRunner()
    yield r
    assert r.shutdown(10_000)


@pytest.fixture
def agency(store: Store) -> AgencyInfo:
    with store.read() as session:
        return get_agency(session)


@pytest.fixture
def english(qapp: QApplication, tmp_path: Path) -> Iterator[None]:
    """The English catalogue, compiled from the .ts into a temporary directory."""
    translators = install_translators(qapp, "en", qm_dir=tmp_path / "qm")
    yield
    remove_translators(qapp, translators)


def _receive(store: Store, n: int) -> None:
    for i in range(n):
        req = parse_intake(
            intake_json(received_at=PAST, applicant={"name": f"Lò Văn Tính {i}", "phone": ""})
        )
        receive_dossier(store, req, actor="test")


def _window(qtbot, store: Store, agency: AgencyInfo, runner: TaskRunner) -> MainWindow:
    user = UserInfo("test-user", "canbo", "Hoàng Thị Lan", Role.OFFICER)
    window = MainWindow(AppContext(store, runner, agency, user=user))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


# --- translations -----------------------------------------------------------------------------


@pytest.mark.usefixtures("english")
def test_english_catalogue_translates_window(qtbot, store, agency, runner) -> None:
    _receive(store, 1)
    window = _window(qtbot, store, agency, runner)
    assert window.windowTitle() == "One-stop desk — Xã Pà Cò"
    assert window.menuBar().actions()[0].text() == "&File"
    assert window.quit_action.text() == "&Quit"
    qtbot.waitUntil(lambda: window.pending == 1, timeout=5_000)
    assert window.pending_label.text() == "1 unsynchronised change"
    window._on_pending_succeeded(3)
    assert window.pending_label.text() == "3 unsynchronised changes"


def test_vi_buttons_sets_vietnamese_texts(qtbot) -> None:
    box = QMessageBox(QMessageBox.Icon.Question, "Hỏi", "Lưu hồ sơ?")
    box.setStandardButtons(
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel
    )
    qtbot.addWidget(box)
    vi_buttons(box)
    texts = {box.button(b).text() for b in (box.StandardButton.Save, box.StandardButton.Cancel)}
    assert texts == {"Lưu", "Hủy"}
    assert box.button(QMessageBox.StandardButton.Discard).text() == "Không lưu"


@pytest.mark.usefixtures("english")
def test_vi_buttons_follows_the_english_catalogue(qtbot) -> None:
    box = QMessageBox(QMessageBox.Icon.Information, "", "", QMessageBox.StandardButton.Ok)
    qtbot.addWidget(box)
    vi_buttons(box)
    assert box.button(QMessageBox.StandardButton.Ok).text() == "OK"


# --- tasks ------------------------------------------------------------------------------------


def test_task_reports_result(qtbot) -> None:
    task = Task(lambda progress: 42)
    with (
        qtbot.waitSignal(task.signals.succeeded, timeout=3_000) as blocker,
        qtbot.assertNotEmitted(task.signals.failed),
    ):
        QThreadPool.globalInstance().start(task)
    assert blocker.args == [42]


def test_task_reports_exception_and_progress(qtbot) -> None:
    runner = TaskRunner()
    seen: list[tuple[int, int]] = []

    def work(progress) -> None:
        progress(1, 2)
        raise ValueError("hỏng")

    signals = runner.run_io(work, on_progress=lambda d, t: seen.append((d, t)))
    with qtbot.waitSignal(signals.failed, timeout=3_000) as blocker:
        pass
    assert isinstance(blocker.args[0], ValueError)
    assert seen == [(1, 2)]
    qtbot.waitUntil(lambda: runner.pending() == 0, timeout=1_000)
    assert runner.shutdown(3_000)


def test_db_pool_has_one_thread() -> None:
    runner = TaskRunner()
    assert runner.db_pool.maxThreadCount() == 1
    assert runner.io_pool.maxThreadCount() >= 1


# --- test helper ------------------------------------------------------------------------------


def test_type_text_handles_vietnamese(qtbot) -> None:
    edit = QLineEdit()
    qtbot.addWidget(edit)
    type_text(edit, "Trần Văn Đức, Nguyễn Thị Ánh; Ê Ô ầ ễ")
    assert edit.text() == "Trần Văn Đức, Nguyễn Thị Ánh; Ê Ô ầ ễ"


# --- start-up ---------------------------------------------------------------------------------


def _guard(qapp: QApplication, ms: int) -> QTimer:
    """Quit after ``ms`` so that a failing start-up cannot hang the suite; stop it after."""
    guard = QTimer(qapp)
    guard.setSingleShot(True)
    guard.timeout.connect(qapp.quit)
    guard.start(ms)
    return guard


def _close_when(qapp: QApplication, ready, on_ready) -> QTimer:
    """Poll from inside app.exec(): when ``ready()`` holds, run ``on_ready()``."""
    timer = QTimer(qapp)

    def tick() -> None:
        if ready():
            timer.stop()
            on_ready()

    timer.timeout.connect(tick)
    timer.start(20)
    return timer


def test_main_demo_initialises_and_logs_in_as_the_demo_officer(qtbot, qapp, tmp_path: Path) -> None:
    data_dir = tmp_path / "demo"
    seen: dict[str, object] = {}

    def visible(kind: type) -> object:
        found = [w for w in qapp.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
        return found[0] if found else None

    def ready() -> bool:
        login = visible(LoginDialog)
        if isinstance(login, LoginDialog) and "login" not in seen:
            seen["login"] = (login.username_edit.text(), login.hint_label.text())
            type_text(login.password_edit, DEMO_OFFICER_PASSWORD)
            qtbot.keyClick(login.password_edit, Qt.Key.Key_Return)
            return False
        w = visible(MainWindow)
        return isinstance(w, MainWindow) and w.pending is not None

    def close() -> None:
        w = visible(MainWindow)
        assert isinstance(w, MainWindow)
        seen["title"], seen["pending"] = w.windowTitle(), w.pending_label.text()
        seen["officer"] = w.officer_label.text()
        w.close()

    timer = _close_when(qapp, ready, close)
    guard = _guard(qapp, 20_000)
    rc = main(["--demo", "--data-dir", str(data_dir)])
    timer.stop()
    guard.stop()  # a pending quit would end a later test's wait early
    assert rc == 0
    username, hint = seen.pop("login")  # type: ignore[misc]
    assert username == "canbo"
    assert "motcua123" in hint
    assert "quantri123" in hint
    assert seen == {
        "title": "Một cửa — Xã Pà Cò",
        "pending": "10 thay đổi chưa đồng bộ",
        "officer": "Cán bộ: Hoàng Thị Lan (canbo)",
    }


def test_selftest_from_source_prints_ok(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    proc = subprocess.run(
        [sys.executable, "-m", "ui", "--selftest"],
        cwd=tmp_path,  # not the repo root: the installed package must find its resources
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert re.fullmatch(
        r"OK platform=\S+ due=2026-11-30 09:30 pdf=\d+B backends=sane,escl,file ed25519=ok startup=\d+\n",
        proc.stdout,
    ), proc.stdout


def test_selftest_failure_prints_the_error_and_exits_1(monkeypatch, capsys) -> None:
    import ui.main

    def broken(_path: Path) -> Store:
        raise OSError("ổ đĩa chỉ đọc")

    monkeypatch.setattr(ui.main, "open_data_dir", broken)
    assert ui.main.selftest() == 1
    out = capsys.readouterr()
    assert out.out == "FAIL OSError: ổ đĩa chỉ đọc\n"
    assert "Traceback" in out.err


@pytest.mark.qt
def test_garbage_is_collected_on_the_gui_thread_only(qapp) -> None:
    import gc

    from ui.gcguard import GuiThreadGarbageCollector

    collector = GuiThreadGarbageCollector()
    try:
        assert not gc.isenabled()
        assert collector.timer.isActive()

        class Cycle:
            pass

        for _ in range(gc.get_threshold()[0] + 10):
            a, b = Cycle(), Cycle()
            a.other, b.other = b, a  # type: ignore[attr-defined]
        assert collector.collect_if_due() > 0
    finally:
        collector.timer.stop()
        collector.deleteLater()
