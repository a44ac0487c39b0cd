"""Entry point of the desk application (``motcua-desk``, ``python -m ui``): the composition root.

Start-up order: parse arguments, create the QApplication and its translators, migrate and open
the store (``open_data_dir`` makes a backup first), read the commune settings, then show the
window. After that the UI thread never touches the disk: work goes through ``ui.tasks``.
"""

from __future__ import annotations

import argparse
import io
import logging
import sys
import tempfile
import time
import traceback
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from app import __version__
from app.calendar_store import load_calendar
from app.clock import VN_TZ, format_local_minute
from app.datadir import db_path, default_data_dir, open_data_dir
from app.errors import NotInitialised
from app.settings import AgencyInfo, get_agency
from app.workdays import TimeUnit
from db.engine import Store
from ui import STARTED
from ui.demo import ensure_demo, init_demo
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

log = logging.getLogger("ui")

EXIT_ERROR, EXIT_UNINIT = 1, 5  # as app.cli

# Self-test appointment: received Wednesday 25/11/2026 09:30, three working days.
SELFTEST_RECEIVED = datetime(2026, 11, 25, 9, 30, tzinfo=VN_TZ)
SELFTEST_DAYS = 3


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="motcua-desk", description="Phần mềm Một cửa cấp xã (máy bàn)")
    p.add_argument("--data-dir", help="thư mục dữ liệu (mặc định: MOTCUA_DATA_DIR)")
    p.add_argument(
        "--demo",
        action="store_true",
        help="nếu kho chưa khởi tạo: tạo xã mẫu Pà Cò với khoảng mười hồ sơ",
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


def run(args: argparse.Namespace, qt_args: Sequence[str]) -> int:
    app = _application(qt_args)
    try:
        install_translators(app, args.lang)
    except TranslationMissing as exc:
        log.warning("%s; continuing in Vietnamese", exc)
    data_dir = Path(args.data_dir) if args.data_dir else default_data_dir()
    try:
        if args.demo:
            ensure_demo(data_dir)
        elif not db_path(data_dir).exists():  # do not create a store nobody initialised
            raise NotInitialised(str(data_dir))
        store, agency = open_store(data_dir)
    except NotInitialised:
        text = QCoreApplication.translate(
            "main",
            "Kho dữ liệu tại {path} chưa được khởi tạo.\n"
            "Cán bộ tin học chạy: motcua init --data-dir … --agency-code … --commune-name …",
        ).format(path=data_dir)
        print(text, file=sys.stderr)
        _error_box(app, text)
        return EXIT_UNINIT
    except Exception as exc:
        text = QCoreApplication.translate("main", "Không mở được kho dữ liệu tại {path}.").format(
            path=data_dir
        )
        print(f"{text}\n{exc}", file=sys.stderr)
        _error_box(app, text, traceback.format_exc())
        return EXIT_ERROR
    runner = TaskRunner(app)
    window = MainWindow(store, agency, runner)
    window.show()
    log.info("window shown after %.0f ms", (time.perf_counter() - STARTED) * 1000)
    try:
        return app.exec()
    finally:
        runner.shutdown()  # queued writes finish before the store closes
        store.dispose()


def _selftest() -> tuple[str, str]:
    """Store, migrations, resources, calendar, translations and one Task, in a temp directory."""
    with tempfile.TemporaryDirectory(prefix="motcua-selftest-") as tmp:
        data_dir = Path(tmp) / "data"
        open_data_dir(data_dir).dispose()  # a new file: every migration runs
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
            window = MainWindow(store, agency, runner)  # starts the count on the db pool
            window.pending_updated.connect(loop.quit)
            deadline = QTimer()
            deadline.setSingleShot(True)
            deadline.timeout.connect(loop.quit)
            deadline.start(10_000)
            if window.pending is None and window.pending_error is None:
                loop.exec()
            deadline.stop()
            runner.shutdown()
            if window.pending != 0:
                raise RuntimeError(
                    f"outbox count through a Task: {window.pending!r} ({window.pending_error!r})"
                )
            window.deleteLater()
        finally:
            store.dispose()
    return QGuiApplication.platformName(), format_local_minute(due)


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
