"""Render the main screens of the desk app into docs/screenshots/ (issue 3: "look at them").

    .venv/bin/python scripts/screenshots.py [--out DIR]

Runs on the real xcb platform: without a ``DISPLAY`` the script starts itself again under
``xvfb-run -a -s "-screen 0 1366x768x24"`` with ``QT_QPA_PLATFORM=xcb`` (Debian: ``apt-get
install xvfb libxcb-icccm4 libxcb-keysyms1``). The data is a temporary demo commune made with
``ui.demo`` (commune, the two demo accounts, about ten dossiers), seen on a fixed clock so that
the pictures do not change from one run to the next. The screens are driven the way an officer
drives them, by keys (QTest key events to the focused widget), and captured with
``QWidget.grab()``; a dialog is painted over its window where it stands on the screen.

Files: 01-first-run, 02-login, 03-desk, 04-search, 05-intake, 06-receipt, 07-dossier,
08-supplement, 09-catalogue, 10-locked (.png).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "docs" / "screenshots"
SCREEN = (1366, 768)  # an old office PC's screen
REEXEC_FLAG = "MOTCUA_SCREENSHOTS_UNDER_XVFB"
TITLE_BAR = 26  # height of the title bar drawn over dialogs (no window manager on Xvfb)
XVFB_PACKAGES = "xvfb libxcb-icccm4 libxcb-keysyms1"


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def ensure_display(argv: Sequence[str]) -> None:
    """On a display: use xcb. Without one: run this script again under xvfb-run."""
    if os.environ.get("DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "xcb"  # the real platform, even if offscreen was set
        return
    if os.environ.get(REEXEC_FLAG):
        sys.exit("screenshots: xvfb-run started but DISPLAY is still unset")
    xvfb_run = shutil.which("xvfb-run")
    if xvfb_run is None:
        sys.exit(f"screenshots: xvfb-run is missing (apt-get install -y {XVFB_PACKAGES})")
    env = dict(os.environ, QT_QPA_PLATFORM="xcb", **{REEXEC_FLAG: "1"})
    width, height = SCREEN
    args = [xvfb_run, "-a", "-s", f"-screen 0 {width}x{height}x24"]
    args += [sys.executable, str(Path(__file__).resolve()), *argv]
    os.execve(xvfb_run, args, env)


# Everything below runs on a display: Qt is imported only now (main()).


def run(out: Path) -> list[Path]:
    from PySide6.QtCore import QPoint, QRect, Qt
    from PySide6.QtGui import QColor, QFont, QGuiApplication, QPainter, QPixmap
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QDialog, QWidget

    from app.clock import VN_TZ
    from app.desk import DeskList
    from app.dossiers import transition
    from app.lifecycle import State
    from db.engine import Store
    from ui.demo import (
        APPLICANTS,
        DEMO_OFFICER_PASSWORD,
        create_demo_users,
        init_demo,
        receive_demo_dossiers,
    )
    from ui.dialogs.catalogue import CatalogueDialog
    from ui.dialogs.first_run import FirstRunWizard
    from ui.dialogs.login import LoginDialog
    from ui.dossier.actions import SupplementRequestDialog
    from ui.dossier.view import DossierDialog
    from ui.i18n import install_translators
    from ui.intake.dialog import IntakeDialog
    from ui.main import Launcher, open_store
    from ui.mainwindow import MainWindow
    from ui.tasks import TaskRunner

    # The demo dossiers arrive on Friday 20/11 and Monday 23/11/2026 (Tuesday 24/11 is a day
    # off); the desk is seen on Wednesday 25/11/2026 at 09:30, when some are overdue.
    received_until = datetime(2026, 11, 23, 15, 0, tzinfo=VN_TZ)
    steps_at = datetime(2026, 11, 23, 16, 0, tzinfo=VN_TZ)
    desk_now = datetime(2026, 11, 25, 9, 30, tzinfo=VN_TZ)

    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setOrganizationName("MotCua")
    app.setApplicationName("motcua-desk-screenshots")  # keeps the desk's own settings apart
    install_translators(app, "vi")
    app.styleHints().setCursorFlashTime(0)  # a steady text cursor: the same pictures every run
    platform = QGuiApplication.platformName()
    say(f"platform={platform}, screen={QGuiApplication.primaryScreen().size().toTuple()}")
    if platform != "xcb":
        raise RuntimeError(f"expected the xcb platform, got {platform!r}")

    mod = Qt.KeyboardModifier
    saved: list[Path] = []

    def wait_until(what: str, ready: Callable[[], bool], timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while not ready():
            if time.monotonic() > deadline:
                raise RuntimeError(f"timed out waiting for {what}")
            QTest.qWait(20)

    def settle(ms: int = 150) -> None:
        """Let layouts, queued signals and paints happen."""
        QTest.qWait(ms)

    def activate(window: QWidget) -> None:
        """Xvfb has no window manager: give the window the keyboard as one would."""
        window.activateWindow()
        window.raise_()
        wait_until(f"{window.objectName()} active", window.isActiveWindow)

    def focused() -> QWidget:
        widget = QApplication.focusWidget()
        if widget is None:
            raise RuntimeError("nothing has the keyboard focus")
        return widget

    def press(key: Qt.Key, modifier: Qt.KeyboardModifier = mod.NoModifier) -> None:
        QTest.keyClick(focused(), key, modifier)

    def type_in(text: str) -> None:
        """ASCII as real keys; other letters as key events carrying their text (QTest aborts
        on letters it cannot map to a key, e.g. "ễ")."""
        widget = focused()
        for ch in text:
            if ch.isascii():
                QTest.keyClicks(widget, ch)
            else:
                QTest.sendKeyEvent(
                    QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, mod.NoModifier
                )

    def shown(parent: QWidget, kind: type[QDialog]) -> QDialog:
        def find() -> QDialog | None:
            found = [d for d in parent.findChildren(kind) if d.isVisible()]
            return found[0] if found else None

        wait_until(kind.__name__, lambda: find() is not None)
        dialog = find()
        assert dialog is not None
        return dialog

    def framed(window: QWidget) -> QPixmap:
        """The window with a plain title bar and border, as a window manager would draw
        them (Xvfb has none): a dialog stands out from the window under it."""
        inner = window.grab()
        title = TITLE_BAR
        picture = QPixmap(inner.width() + 2, inner.height() + title + 1)
        picture.fill(QColor("#3c4043"))
        painter = QPainter(picture)
        painter.drawPixmap(1, title, inner)
        painter.setPen(QColor("#ffffff"))
        font = QFont(window.font())
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(
            QRect(10, 0, picture.width() - 20, title),
            int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
            window.windowTitle(),
        )
        painter.end()
        return picture

    def write(name: str, picture: QPixmap) -> None:
        path = out / f"{name}.png"
        if not picture.save(str(path), "PNG"):
            raise RuntimeError(f"could not write {path}")
        saved.append(path)
        say(f"  {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")

    def save_window(name: str, window: QWidget) -> None:
        """A window on its own (the wizard, the login before the desk exists)."""
        settle()
        write(name, framed(window))

    def save(name: str, base: QWidget, *over: QWidget) -> None:
        """The desk as on a full screen, with each visible window of ``over`` (framed)
        painted where it stands."""
        settle()
        picture: QPixmap = base.grab()
        origin = base.mapToGlobal(QPoint(0, 0))
        painter = QPainter(picture)
        for window in over:
            if window.isVisible():
                at = window.mapToGlobal(QPoint(0, 0)) - origin
                painter.drawPixmap(at - QPoint(1, TITLE_BAR), framed(window))
        painter.end()
        write(name, picture)

    out.mkdir(parents=True, exist_ok=True)
    runner = TaskRunner(app)
    with tempfile.TemporaryDirectory(prefix="motcua-screenshots-") as tmp:
        data_dir = Path(tmp) / "data"
        store: Store | None = None
        try:
            # --- 01: the first-run wizard, its first page partly filled -------------------
            def never(_: object = None) -> Store:
                raise RuntimeError("the screenshot wizard never finishes")

            wizard = FirstRunWizard(runner, never)
            wizard.show()
            activate(wizard)
            page = wizard.commune_page
            assert page is not None
            type_in("000.17.22.H56")
            press(Qt.Key.Key_Tab)
            type_in("Xã Pà Cò")
            press(Qt.Key.Key_Tab)
            press(Qt.Key.Key_Tab)
            press(Qt.Key.Key_Tab)
            type_in("Phú Thọ")
            save_window("01-first-run", wizard)
            wizard.hide()
            wizard.deleteLater()

            # --- the demo commune, with a few dossiers moved on ------------------------------
            init_demo(data_dir)
            create_demo_users(data_dir, received_until)
            receipts = receive_demo_dossiers(data_dir, received_until)
            by_name = {r.applicant_name: r.code for r in receipts}
            store, agency = open_store(data_dir)

            def clock_at(at: datetime) -> Callable[[], datetime]:
                return lambda: at

            def step(name: str, target: State, reason: str = "", **detail: object) -> None:
                assert store is not None
                transition(
                    store,
                    by_name[name],
                    target,
                    actor="canbo",
                    reason=reason,
                    detail=dict(detail) or None,
                    clock=clock_at(steps_at),
                )

            step(
                APPLICANTS[1].name,
                State.SUPPLEMENT_REQUESTED,
                "Tờ khai chưa có chữ ký",
                missing=["Tờ khai"],
            )
            step(APPLICANTS[2].name, State.IN_PROCESS)
            step(APPLICANTS[2].name, State.RESULT_READY)
            history_of = APPLICANTS[0].name  # Giàng A Páo, received on Friday: overdue
            step(history_of, State.IN_PROCESS)
            step(history_of, State.FORWARDED, agency="Công chức Tư pháp - Hộ tịch")

            # --- 02: login, as `motcua-desk --demo` shows it ---------------------------------
            launcher = Launcher(app, runner, data_dir, store, agency, users=True, demo=True)
            launcher.start()
            assert launcher.ctx is not None
            assert launcher.login is not None
            launcher.ctx.clock = clock_at(desk_now)
            login: LoginDialog = launcher.login
            activate(login)
            type_in(DEMO_OFFICER_PASSWORD)  # the officer's name is filled in: focus on password
            save_window("02-login", login)
            press(Qt.Key.Key_Return)
            wait_until("the desk", lambda: launcher.window is not None)
            window: MainWindow = launcher.window  # type: ignore[assignment]
            window.setGeometry(0, 0, *SCREEN)
            activate(window)
            wait_until(
                "the desk's counts and list",
                lambda: (
                    bool(window.desk_counts)
                    and window.pending is not None
                    and window.model.rowCount() == window.desk_counts[DeskList.ALL] > 0
                ),
            )

            # --- 03: the desk --------------------------------------------------------------
            save("03-desk", window)

            # --- 04: search as you type -----------------------------------------------------
            press(Qt.Key.Key_F, mod.ControlModifier)
            type_in("nguyen")
            wait_until("the search", lambda: window.list_title.text().startswith("Kết quả"))
            save("04-search", window)
            press(Qt.Key.Key_Escape)  # back to the list
            settle()

            # --- 05, 06: intake by keyboard, then the receipt ----------------------------------
            press(Qt.Key.Key_F2)
            intake = shown(window, IntakeDialog)
            assert isinstance(intake, IntakeDialog)
            wait_until("the catalogue", lambda: intake.index is not None)
            activate(intake)
            wait_until("the procedure field", lambda: focused() is intake.procedure_edit)
            type_in("khai sinh")
            press(Qt.Key.Key_Return)
            for _ in intake.checklist.lines():
                press(Qt.Key.Key_Space)
            press(Qt.Key.Key_Return)
            type_in("017088004321")
            press(Qt.Key.Key_Return)
            type_in("Nguyễn Văn An")
            press(Qt.Key.Key_Return)
            type_in("05031988")
            press(Qt.Key.Key_Return)  # phone, email, address: left for the citizen to give
            settle(300)
            save("05-intake", window, intake)
            press(Qt.Key.Key_S, mod.ControlModifier)
            wait_until("the receipt", lambda: intake.last_receipt is not None)
            new_code = intake.last_receipt.code  # type: ignore[union-attr]
            save("06-receipt", window, intake)
            press(Qt.Key.Key_Escape)
            wait_until("the receipt to close", lambda: not intake.isVisible())
            activate(window)

            # --- 07: a dossier with its history and actions -----------------------------------
            view = window.open_dossier(by_name[history_of])
            assert isinstance(view, DossierDialog)
            wait_until("the dossier", lambda: view.data is not None and not view.loading)
            activate(view)
            press(Qt.Key.Key_L, mod.AltModifier)  # the tab "Lịch sử xử lý"
            save("07-dossier", window, view)
            press(Qt.Key.Key_Escape)
            wait_until("the dossier to close", lambda: not view.isVisible())
            activate(window)

            # --- 08: the supplement request of the dossier just received ------------------------
            view = window.open_dossier(new_code)
            assert isinstance(view, DossierDialog)
            wait_until("the dossier", lambda: view.data is not None and not view.loading)
            activate(view)
            press(Qt.Key.Key_B, mod.ControlModifier)
            ask = shown(view, SupplementRequestDialog)
            assert isinstance(ask, SupplementRequestDialog)
            activate(ask)
            press(Qt.Key.Key_G, mod.AltModifier)  # the list of papers
            press(Qt.Key.Key_Space)
            press(Qt.Key.Key_L, mod.AltModifier)  # the reason
            type_in("Giấy chứng sinh bị tẩy xóa")
            save("08-supplement", window, view, ask)
            press(Qt.Key.Key_Escape)  # nothing is written
            wait_until("the question to close", lambda: not ask.isVisible())
            activate(view)
            press(Qt.Key.Key_Escape)
            wait_until("the dossier to close", lambda: not view.isVisible())
            activate(window)

            # --- 09: the catalogue ----------------------------------------------------------
            press(Qt.Key.Key_F9)
            catalogue = shown(window, CatalogueDialog)
            assert isinstance(catalogue, CatalogueDialog)
            activate(catalogue)
            wait_until("the procedures", lambda: bool(catalogue.procedures))
            type_in("khai sinh")
            settle(300)
            save("09-catalogue", window, catalogue)
            press(Qt.Key.Key_Escape)
            wait_until("the catalogue to close", lambda: not catalogue.isVisible())
            activate(window)

            # --- 10: locked (Ctrl+L): the desk hidden, the unlock dialog --------------------
            press(Qt.Key.Key_L, mod.ControlModifier)
            unlock = shown(window, LoginDialog)
            activate(unlock)
            save("10-locked", window, unlock)

            window.closed.disconnect()  # ui.main quits the application here
            window.close()
            login.deleteLater()
            window.deleteLater()
        finally:
            runner.shutdown(10_000)
            if store is not None:
                store.dispose()
    return saved


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    args = parser.parse_args(argv)
    ensure_display(sys.argv[1:] if argv is None else list(argv))
    saved = run(args.out.resolve())
    say(f"{len(saved)} screenshots in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
