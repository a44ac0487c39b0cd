"""Entry point of the desk application (``motcua-desk``, ``python -m ui``): the composition root.

Start-up order: parse arguments, create the QApplication and its translators, migrate and open
the store (``open_data_dir`` makes a backup first when a migration is due), read the commune
settings; then, on the event loop, the first-run wizard (no store, or no account yet), the
login dialog, and the desk. After that the UI thread never touches the disk: work goes through
``ui.tasks``.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, QTimer, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from app import __version__
from app.accounts import Role, UserInfo, has_users
from app.calendar_store import load_calendar
from app.clock import VN_TZ, format_local_minute
from app.datadir import Store, db_path, default_data_dir, open_data_dir
from app.errors import NotInitialised
from app.settings import AgencyInfo, get_agency
from app.workdays import TimeUnit
from ui import STARTED
from ui.context import AppContext
from ui.dialogs.login import LoginDialog
from ui.gcguard import GuiThreadGarbageCollector
from ui.i18n import (
    LANGUAGES,
    SOURCE_LANGUAGE,
    TranslationMissing,
    install_translators,
    remove_translators,
    vi_buttons,
)
from ui.mainwindow import MainWindow
from ui.tasks import TaskRunner

if TYPE_CHECKING:  # imported when needed: start-up time counts (bench/ui_start.py)
    from ui.dialogs.first_run import FirstRunWizard

log = logging.getLogger("ui")

EXIT_ERROR, EXIT_UNINIT = 1, 5  # as app.cli
PROBE_ENV = "MOTCUA_STARTUP_PROBE"  # "user:password": log in, print timings, quit (bench)

# Self-test appointment: received Wednesday 25/11/2026 09:30, three working days.
SELFTEST_RECEIVED = datetime(2026, 11, 25, 9, 30, tzinfo=VN_TZ)
SELFTEST_DAYS = 3


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="motcua-desk", description="Phần mềm Một cửa cấp xã (máy bàn)")
    p.add_argument("--data-dir", help="thư mục dữ liệu (mặc định: MOTCUA_DATA_DIR)")
    p.add_argument(
        "--demo",
        action="store_true",
        help="nếu kho chưa khởi tạo: tạo xã mẫu Pà Cò với khoảng mười hồ sơ và hai tài khoản mẫu",
    )
    p.add_argument("--lang", choices=LANGUAGES, default=SOURCE_LANGUAGE, help="ngôn ngữ giao diện")
    p.add_argument(
        "--selftest",
        action="store_true",
        help="kiểm tra nhanh trong thư mục tạm (kho, lịch, Qt), in OK rồi thoát",
    )
    p.add_argument("--version", action="version", version=__version__)
    return p


def _utf8_streams() -> None:
    for stream in (sys.stdout, sys.stderr):  # Windows consoles default to a legacy code page
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(encoding="utf-8", errors="replace")


def _application(qt_args: Sequence[str]) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication([sys.argv[0] if sys.argv else "motcua-desk", *qt_args])
    app.setOrganizationName("MotCua")
    app.setApplicationName("motcua-desk")
    app.setApplicationVersion(__version__)
    # A child of the application: lives as long as it, collects on the GUI thread only.
    GuiThreadGarbageCollector(app)
    return app


def open_store(data_dir: Path) -> tuple[Store, AgencyInfo]:
    """Migrate (with a backup) and open the store, then read the commune settings."""
    store = open_data_dir(data_dir)
    try:
        with store.read() as session:
            agency = get_agency(session)
    except BaseException:
        store.dispose()
        raise
    return store, agency


def _error_box(app: QApplication, text: str, detail: str = "") -> None:
    """Show a start-up error and run the event loop until it is closed."""
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        QCoreApplication.translate("main", "Một cửa — lỗi khởi động"),
        text,
        QMessageBox.StandardButton.Ok,
    )
    if detail:
        box.setDetailedText(detail)
    vi_buttons(box)
    box.finished.connect(app.quit)
    box.open()
    app.exec()


def probe_store(data_dir: Path) -> tuple[Store | None, AgencyInfo | None, bool]:
    """What start-up finds: (store or None, commune settings or None, whether accounts exist).

    No file: nothing is created (the first-run wizard creates it when the officer finishes).
    """
    if not db_path(data_dir).exists():
        return None, None, False
    store = open_data_dir(data_dir)
    try:
        with store.read() as session:
            agency = get_agency(session)
    except NotInitialised:
        return store, None, False
    except BaseException:
        store.dispose()
        raise
    return store, agency, has_users(store)


class StartupProbe:
    """``MOTCUA_STARTUP_PROBE=user:password``: log in, print start-up timings, quit.

    Used by ``bench/ui_start.py``: the line ``STARTUP {json}`` holds wall-clock times
    (``time.time()``) of each step, ending with the first paint of the desk with its list.
    """

    def __init__(self, spec: str) -> None:
        self.username, _, self.password = spec.partition(":")
        now = time.time()
        self.marks: dict[str, float] = {
            "ui_package": now - (time.perf_counter() - STARTED),  # first import of ``ui``
            "imported": now,  # every module of the start-up path imported
        }

    def mark(self, name: str) -> None:
        self.marks.setdefault(name, time.time())

    def report(self, app: QApplication) -> None:
        print("STARTUP " + json.dumps(self.marks), flush=True)
        app.quit()


class Launcher(QObject):
    """Start-up on the event loop: first-run wizard if needed, then login, then the desk."""

    def __init__(
        self,
        app: QApplication,
        runner: TaskRunner,
        data_dir: Path,
        store: Store | None,
        agency: AgencyInfo | None,
        *,
        users: bool,
        demo: bool = False,
        probe: StartupProbe | None = None,
    ) -> None:
        super().__init__(app)
        self.app = app
        self.runner = runner
        self.data_dir = data_dir
        self.store = store
        self.agency = agency
        self.users = users
        self.demo = demo
        self.probe = probe
        self.ctx: AppContext | None = None
        self.window: MainWindow | None = None
        self.wizard: FirstRunWizard | None = None
        self.login: LoginDialog | None = None

    def start(self) -> None:
        if self.store is not None and self.agency is not None and self.users:
            self.show_login()
        else:
            self.show_wizard()

    def dispose(self) -> None:
        if self.store is not None:
            self.store.dispose()

    # --- first run ------------------------------------------------------------------------

    def _open_store(self) -> Store:
        """Called on the writer thread when the wizard finishes."""
        if self.store is None:
            self.store = open_data_dir(self.data_dir)
        return self.store

    def show_wizard(self) -> None:
        if self.probe is not None:
            print("STARTUP-ERROR store not initialised or without accounts", flush=True)
            QTimer.singleShot(0, lambda: self.app.exit(EXIT_UNINIT))  # once the loop runs
            return
        existing = self.agency if self.store is not None else None
        from ui.dialogs.first_run import FirstRunWizard

        self.wizard = FirstRunWizard(self.runner, self._open_store, existing)
        self.wizard.completed.connect(self._on_wizard_completed)
        self.wizard.rejected.connect(lambda: self.app.exit(EXIT_UNINIT))
        self.wizard.show()

    @Slot(object)
    def _on_wizard_completed(self, result: object) -> None:
        from ui.dialogs.first_run import FirstRunResult

        assert isinstance(result, FirstRunResult)
        self.store = result.store
        self.agency = result.report.agency
        self.users = True
        admin = result.report.admin
        self.show_login(admin.username if admin is not None else "")

    # --- login ----------------------------------------------------------------------------

    def show_login(self, username: str = "") -> None:
        assert self.store is not None
        assert self.agency is not None
        self.ctx = AppContext(self.store, self.runner, self.agency)
        hint = ""
        if self.demo:
            from ui.demo import (
                DEMO_ADMIN,
                DEMO_ADMIN_PASSWORD,
                DEMO_OFFICER,
                DEMO_OFFICER_PASSWORD,
            )

            username = username or DEMO_OFFICER
            hint = QCoreApplication.translate(
                "main",
                "Bản trình diễn: cán bộ {officer} / {officer_pw}, quản trị {admin} / {admin_pw}",
            ).format(
                officer=DEMO_OFFICER,
                officer_pw=DEMO_OFFICER_PASSWORD,
                admin=DEMO_ADMIN,
                admin_pw=DEMO_ADMIN_PASSWORD,
            )
        self.login = LoginDialog(self.ctx, None, username=username, hint=hint)
        self.login.logged_in.connect(self._on_login_logged_in)
        self.login.rejected.connect(self.app.quit)
        self.login.show()
        if self.probe is not None:
            self.probe.mark("login_shown")
            self.login.username_edit.setText(self.probe.username)
            self.login.password_edit.setText(self.probe.password)
            QTimer.singleShot(0, self.login.accept)

    @Slot(object)
    def _on_login_logged_in(self, _user: object) -> None:
        assert self.ctx is not None
        if self.probe is not None:
            self.probe.mark("logged_in")
        self.window = MainWindow(self.ctx)
        self.window.closed.connect(self.app.quit)
        if self.probe is not None:
            self.window.counts_updated.connect(lambda: self._mark("counts"))
            self.window.list_loaded.connect(self._on_probe_list_loaded)
        self.window.show()
        log.info("window shown after %.0f ms", (time.perf_counter() - STARTED) * 1000)
        if self.probe is not None:
            self.probe.mark("window_shown")

    def _mark(self, name: str) -> None:
        if self.probe is not None:
            self.probe.mark(name)

    @Slot()
    def _on_probe_list_loaded(self) -> None:
        if self.probe is None or self.window is None or "painted" in self.probe.marks:
            return
        self.probe.mark("list_loaded")
        self.window.table.viewport().repaint()  # paints now, synchronously
        self.probe.mark("painted")
        self.probe.marks["rows"] = float(self.window.model.rowCount())
        self.probe.report(self.app)


def run(args: argparse.Namespace, qt_args: Sequence[str]) -> int:
    app = _application(qt_args)
    try:
        install_translators(app, args.lang)
    except TranslationMissing as exc:
        log.warning("%s; continuing in Vietnamese", exc)
    spec = os.environ.get(PROBE_ENV, "")
    probe = StartupProbe(spec) if spec else None
    data_dir = Path(args.data_dir) if args.data_dir else default_data_dir()
    try:
        if args.demo:
            from ui.demo import ensure_demo, register_demo_scanner

            ensure_demo(data_dir)
            register_demo_scanner()
        store, agency, users = probe_store(data_dir)
    except Exception as exc:
        text = QCoreApplication.translate("main", "Không mở được kho dữ liệu tại {path}.").format(
            path=data_dir
        )
        print(f"{text}\n{exc}", file=sys.stderr)
        _error_box(app, text, traceback.format_exc())
        return EXIT_ERROR
    if probe is not None:
        probe.mark("store_open")
    runner = TaskRunner(app)
    # The launcher decides when the program ends. Qt's own rule would post a Quit event each
    # time the last window hides: between the wizard and the login, or left unprocessed when
    # the wizard's Cancel ends the loop first (it would then end any later event loop).
    quit_on_last = app.quitOnLastWindowClosed()
    app.setQuitOnLastWindowClosed(False)
    launcher = Launcher(
        app, runner, data_dir, store, agency, users=users, demo=args.demo, probe=probe
    )
    launcher.start()
    try:
        return app.exec()
    finally:
        app.setQuitOnLastWindowClosed(quit_on_last)
        if launcher.window is not None:
            launcher.window.close()
        runner.shutdown()  # queued writes finish before the store closes
        launcher.dispose()
        for w in (launcher.window, launcher.login, launcher.wizard):
            if w is not None:
                w.deleteLater()


def _selftest() -> tuple[str, str]:
    """Store, migrations, resources, calendar, translations and one Task, in a temp directory."""
    with tempfile.TemporaryDirectory(prefix="motcua-selftest-") as tmp:
        data_dir = Path(tmp) / "data"
        open_data_dir(data_dir).dispose()  # a new file: every migration runs
        from ui.demo import init_demo

        init_demo(data_dir)  # catalogue, holidays (VN), make-up days
        store, agency = open_store(data_dir)
        try:
            with store.read() as session:
                cal = load_calendar(session)
            due = cal.due(SELFTEST_RECEIVED, SELFTEST_DAYS, TimeUnit.WORKING_DAYS)
            app = _application([])
            translators = install_translators(app, "en")
            try:
                english = QCoreApplication.translate("MainWindow", "&Tệp")
                if english != "&File":
                    raise RuntimeError(f"English catalogue not applied: {english!r}")
            finally:
                remove_translators(app, translators)
            runner = TaskRunner()
            loop = QEventLoop()
            user = UserInfo("selftest", "selftest", "Tự kiểm tra", Role.OFFICER)
            ctx = AppContext(store, runner, agency, user=user)
            window = MainWindow(ctx, idle_ms=0)  # starts the counts in Tasks
            window.pending_updated.connect(loop.quit)
            deadline = QTimer()
            deadline.setSingleShot(True)
            deadline.timeout.connect(loop.quit)
            deadline.start(10_000)
            if window.pending is None and window.pending_error is None:
                loop.exec()
            deadline.stop()
            window.close()
            runner.shutdown()
            if window.pending != 0:
                raise RuntimeError(
                    f"outbox count through a Task: {window.pending!r} ({window.pending_error!r})"
                )
            window.deleteLater()
            from app import selfcheck  # scanning and sync modules that load lazily

            checks = f"{selfcheck.scan_pipeline()} {selfcheck.device_key()}"
        finally:
            store.dispose()
    return QGuiApplication.platformName(), f"{format_local_minute(due)} {checks}"


def selftest() -> int:
    try:
        platform, due = _selftest()
    except Exception as exc:
        print(f"FAIL {type(exc).__name__}: {exc}")
        traceback.print_exc()
        return EXIT_ERROR
    startup = (time.perf_counter() - STARTED) * 1000
    print(f"OK platform={platform} due={due} startup={startup:.0f}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    _utf8_streams()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args, qt_args = build_parser().parse_known_args(argv)
    if args.selftest:
        return selftest()
    return run(args, qt_args)
