"""The desk side of sync, offscreen, against a real upstream (``motcua-server`` in a uvicorn
subprocess, server/testing.py): status bar texts from real snapshots, "Đồng bộ ngay" against a
blackholed server while the event loop keeps turning, enrolment (success, wrong code,
unreachable, captive portal), a refused transition shown on its dossier, the clock warning,
and the online inbox."""

from __future__ import annotations

import itertools
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest

from app.accounts import Role, UserInfo
from app.clock import VN_TZ, system_clock
from app.datadir import db_path, open_data_dir
from app.desk import DeskList, counts, list_ids
from app.dossiers import show, transition
from app.intake import parse_intake, receive_dossier
from app.lifecycle import State
from app.sync_service import (
    SyncService,
    build_engine,
    conflicts,
    enrol,
    is_enrolled,
    run_once,
    status,
)
from db.engine import Store
from server.testing import create_agency, create_enrolment_code, start_server, stop_server
from sync.backoff import Backoff
from sync.transport import HttpTransport
from tests.conftest import AGENCY, intake_json
from tests.qt_helpers import (
    desk_context,
    runner_fixture,  # noqa: F401  (fixture "runner")
    type_text,
)
from ui.context import AppContext
from ui.dossier import actions as dlgs
from ui.dossier.view import DossierDialog
from ui.mainwindow import LIST_ORDER, MainWindow
from ui.sync.details import SyncDetailsDialog
from ui.sync.enrol import EnrolDialog
from ui.sync.online import AcceptOnlineDialog
from ui.sync.statusbar import SyncStatusBar
from ui.tasks import TaskRunner

pytestmark = pytest.mark.qt

WAIT = 15_000
OFFICER = UserInfo("u-canbo", "canbo", "Hoàng Thị Lan", Role.OFFICER)


# --- the upstream and the desks ------------------------------------------------------------


@dataclass
class Upstream:
    url: str
    db_url: str
    data_dir: Path

    def code(self, label: str = "PC") -> str:
        return create_enrolment_code(self.db_url, AGENCY, label)

    def cli(self, *args: str) -> str:
        out = subprocess.run(
            [
                sys.executable,
                "-m",
                "server.cli",
                *args,
                "--db",
                self.db_url,
                "--data-dir",
                str(self.data_dir),
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert out.returncode == 0, out.stderr
        return out.stdout


@pytest.fixture(scope="module")
def upstream(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Upstream]:
    root = tmp_path_factory.mktemp("upstream")
    db_url = f"sqlite:///{root / 'server.sqlite3'}"
    create_agency(db_url, AGENCY, "Xã Pà Cò")
    url, process = start_server(db_url, root / "data")
    try:
        yield Upstream(url, db_url, root / "data")
    finally:
        stop_server(process)


def copy_store(template: Path, target: Path) -> Path:
    target.mkdir(parents=True)
    with (
        closing(sqlite3.connect(db_path(template))) as src,
        closing(sqlite3.connect(db_path(target))) as dst,
    ):
        src.backup(dst)
    return target


def context(store: Store, runner: TaskRunner, user: UserInfo = OFFICER) -> AppContext:
    return desk_context(store, runner, user, clock=system_clock)


@pytest.fixture
def ctx(store: Store, runner: TaskRunner) -> AppContext:
    return context(store, runner)


@pytest.fixture
def second(tmp_path: Path, _template_store: Path, runner: TaskRunner) -> Iterator[Store]:
    """Another PC of the same commune (its own store). Disposed after ``runner`` shut down."""
    s = open_data_dir(copy_store(_template_store, tmp_path / "second"))
    yield s
    s.dispose()


def data_dir_of(store: Store) -> Path:
    return Path(store.path).parent


def receive(
    store: Store, name: str = "Giàng A Páo", *, at: datetime | None = None, actor: str = "canbo"
) -> str:
    data = intake_json()
    data["applicant"] = {**data["applicant"], "name": name}
    when = at or datetime.now(UTC)
    data["received_at"] = when.astimezone(VN_TZ).strftime("%Y-%m-%d %H:%M")
    r = receive_dossier(store, parse_intake(data), actor=actor, clock=lambda: when)
    return r.code


def enrolled(store: Store, up: Upstream, label: str = "PC") -> None:
    enrol(store, up.url, up.code(label), label)


def window(qtbot: Any, ctx: AppContext) -> MainWindow:
    w = MainWindow(ctx, idle_ms=0)
    qtbot.addWidget(w)
    w.show()
    return w


def wait_text(qtbot: Any, label: Any, expected: str | Callable[[str], bool]) -> None:
    check = expected if callable(expected) else (lambda t: t == expected)
    qtbot.waitUntil(lambda: check(label.text()), timeout=WAIT)


# --- status bar --------------------------------------------------------------------------------


def active(qtbot: Any, window: Any) -> None:
    """Give ``window`` the keyboard: on Xvfb (no window manager) a shown window is not active
    by itself, and window shortcuts (F8, Ctrl+N) only reach the active window."""
    qtbot.waitExposed(window)
    if not window.isActiveWindow():
        window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT)


def test_desk_without_upstream_says_so_and_never_starts_a_worker(qtbot, store, ctx) -> None:
    receive(store)
    w = window(qtbot, ctx)
    wait_text(qtbot, w.connection_label, "Chưa kết nối máy chủ cấp trên")
    qtbot.waitUntil(lambda: w.pending == 1, timeout=WAIT)
    assert w.pending_label.text() == "1 thay đổi chưa đồng bộ"
    assert not w.sync.running
    assert not w.sync_status.detail_label.isVisible()
    assert w.lists.count() == len(LIST_ORDER) - 1  # no online inbox for a desk that never syncs
    w.sync_now_action.trigger()
    assert "chưa đăng ký" in w.statusBar().currentMessage()


def test_status_bar_texts_from_real_snapshots(qtbot, store, data_dir, upstream) -> None:
    bar = SyncStatusBar()
    qtbot.addWidget(bar)
    bar.set_unsynced("0 thay đổi chưa đồng bộ")
    bar.show_snapshot(status(store))
    assert bar.connection_label.text() == "Chưa kết nối máy chủ cấp trên"
    assert bar.pending_label.text() == "0 thay đổi chưa đồng bộ"

    enrolled(store, upstream, "PC trạng thái")
    bar.show_snapshot(status(store))
    assert bar.connection_label.text() == "Đang kết nối máy chủ…"

    assert run_once(store, data_dir).ok
    bar.show_snapshot(status(store))
    assert bar.connection_label.text() == "Trực tuyến"
    assert bar.pending_label.text() == "Đã gửi hết thay đổi"
    assert bar.detail_label.text().startswith("đồng bộ lúc ")
    assert not bar.warning

    two_hours_ago = datetime.now(UTC) - timedelta(hours=2, minutes=5)
    receive(store, "Người Một", at=two_hours_ago)
    receive(store, "Người Hai")
    bar.show_snapshot(status(store))
    assert bar.pending_label.text() == "2 thay đổi, 0,0 MB chờ gửi"
    assert bar.detail_label.text().startswith("cũ nhất 2 giờ · đồng bộ lúc ")

    # Offline, honestly: nothing listens on that port.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}"
    engine = build_engine(store, data_dir, transport=HttpTransport(dead))
    try:
        report = engine.run_cycle()
    finally:
        engine.transport.close()
    assert report.outcome == "offline"
    bar.show_snapshot(status(store))
    assert bar.connection_label.text() == "Mất kết nối"
    assert "lỗi: không kết nối được máy chủ" in bar.detail_label.text()
    assert "Lỗi gần nhất" in bar.detail_label.toolTip()
    assert bar.warning

    assert run_once(store, data_dir).ok  # back online: sent, error cleared
    bar.show_snapshot(status(store))
    assert bar.connection_label.text() == "Trực tuyến"
    assert bar.pending_label.text() == "Đã gửi hết thay đổi"
    assert "lỗi" not in bar.detail_label.text()


def test_revoked_device_is_a_warning(qtbot, store, data_dir, upstream) -> None:
    enrolled(store, upstream, "PC thu hồi")
    assert run_once(store, data_dir).ok
    with store.read() as session:
        from db.models import DeviceIdentity

        ident = session.get(DeviceIdentity, 1)
        assert ident is not None
        device_id = ident.device_id
    upstream.cli("revoke", device_id)
    assert run_once(store, data_dir).outcome == "revoked"
    bar = SyncStatusBar()
    qtbot.addWidget(bar)
    bar.show_snapshot(status(store))
    assert bar.connection_label.text() == "Thiết bị đã bị thu hồi"
    assert "font-weight: bold" in bar.connection_label.styleSheet()
    assert bar.warning


# --- "Đồng bộ ngay" against a blackholed server ----------------------------------------------


class Blackhole:
    """A TCP server that accepts connections and never answers (or drops them at once)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.hang = False
        self.accepted = 0
        self.held: list[socket.socket] = []
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with self._lock:
                self.accepted += 1
                if self.hang:
                    self.held.append(conn)
                    continue
            conn.close()

    def drop_all(self) -> None:
        with self._lock:
            held, self.held = self.held, []
            self.hang = False
        for c in held:
            c.close()

    def close(self) -> None:
        self.drop_all()
        self.sock.close()


class Patient(Backoff):
    """Only the triggers under test start a cycle: failures wait an hour."""

    def next_delay(self, retry_after: float | None = None) -> float:
        self.failures += 1
        return 3600.0


def test_sync_now_runs_a_cycle_while_the_ui_keeps_turning(
    qtbot, monkeypatch, store, ctx, upstream
) -> None:
    enrolled(store, upstream, "PC blackhole")
    hole = Blackhole()

    def factory(s: Store, d: Path, on_report: Callable[[Any], None]) -> SyncService:
        service = SyncService(
            s, d, transport=HttpTransport(hole.url), interval_s=3600, on_report=on_report
        )
        service.worker.backoff = Patient()
        return service

    monkeypatch.setattr("ui.sync.controller.default_service", factory)
    try:
        w = MainWindow(ctx, idle_ms=0)
        qtbot.addWidget(w)
        reports: list[Any] = []
        w.sync.cycle_finished.connect(reports.append)
        w.show()
        qtbot.waitUntil(lambda: len(reports) == 1, timeout=WAIT)  # the start-up cycle: dropped
        assert reports[0].outcome == "offline"
        wait_text(qtbot, w.connection_label, "Mất kết nối")

        hole.hang = True
        before = hole.accepted
        active(qtbot, w)
        started = time.monotonic()
        QTest.keyClick(w, Qt.Key.Key_F8)
        assert time.monotonic() - started < 0.5  # the key returns at once
        assert w.statusBar().currentMessage() == "Đang đồng bộ với máy chủ cấp trên…"
        qtbot.waitUntil(lambda: hole.accepted > before, timeout=WAIT)
        assert w.sync.service is not None
        assert w.sync.service.worker_state().in_cycle

        ticks: list[float] = []
        timer = QTimer()
        timer.timeout.connect(lambda: ticks.append(time.monotonic()))
        timer.start(20)
        qtbot.wait(1_000)  # the request hangs; the event loop turns
        timer.stop()
        assert len(ticks) >= 20
        assert max(b - a for a, b in itertools.pairwise(ticks)) < 0.5
        assert w.sync.service.worker_state().in_cycle
        w.search_edit.setFocus()
        type_text(w.search_edit, "giang")
        assert w.search_edit.text() == "giang"

        hole.drop_all()
        qtbot.waitUntil(lambda: len(reports) == 2, timeout=WAIT)
        assert reports[1].outcome == "offline"
        w.close()
        assert not w.sync.running
    finally:
        hole.close()


# --- enrolment --------------------------------------------------------------------------------


def fill(dialog: EnrolDialog, url: str, code: str, label: str) -> None:
    dialog.url_edit.clear()
    type_text(dialog.url_edit, url)
    dialog.code_edit.clear()
    type_text(dialog.code_edit, code)
    dialog.label_edit.clear()
    type_text(dialog.label_edit, label)


def test_enrolment_from_the_menu_starts_the_worker(qtbot, store, ctx, upstream) -> None:
    w = window(qtbot, ctx)
    wait_text(qtbot, w.connection_label, "Chưa kết nối máy chủ cấp trên")
    dialog = w.open_enrol()
    assert isinstance(dialog, EnrolDialog)
    fill(dialog, upstream.url, upstream.code("PC menu"), "Máy một cửa")
    with qtbot.waitSignal(dialog.enrolled, timeout=WAIT) as blocker:
        QTest.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0].agency_code == AGENCY
    assert is_enrolled(store)
    qtbot.waitUntil(lambda: w.sync.running, timeout=WAIT)
    wait_text(qtbot, w.connection_label, "Trực tuyến")
    wait_text(qtbot, w.pending_label, "Đã gửi hết thay đổi")
    assert w.lists.count() == len(LIST_ORDER)  # the online inbox is listed now
    assert (
        w.lists.item(LIST_ORDER.index(DeskList.ONLINE)).text().startswith("Hồ sơ nộp trực tuyến (")
    )
    w.close()


def test_wrong_code_unreachable_server_and_captive_portal_are_explained(
    qtbot, store, ctx, upstream
) -> None:
    dialog = EnrolDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()

    def attempt(url: str, code: str) -> str:
        fill(dialog, url, code, "PC lỗi")
        with qtbot.waitSignal(dialog.failed, timeout=WAIT) as blocker:
            dialog.submit()
        assert dialog.isVisible()
        assert dialog.ok_button.isEnabled()
        return str(blocker.args[0])

    assert attempt(upstream.url, "SAI-MA-123").startswith("Mã đăng ký không đúng, đã dùng")
    assert dialog.code_edit.hasFocus() or not dialog.isActiveWindow()

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}"
    assert attempt(dead, upstream.code()).startswith(f"Không kết nối được máy chủ {dead}")

    class Portal(BaseHTTPRequestHandler):
        def _page(self) -> None:
            body = b"<html><body>Dang nhap Wi-Fi</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _page  # noqa: N815

        def log_message(self, *_args: object) -> None:
            pass

    portal = ThreadingHTTPServer(("127.0.0.1", 0), Portal)
    threading.Thread(target=portal.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{portal.server_address[1]}"
        text = attempt(url, upstream.code())
    finally:
        portal.shutdown()
        portal.server_close()
    assert "không phải máy chủ đồng bộ" in text
    assert "cổng đăng nhập Wi-Fi" in text
    assert not is_enrolled(store)


# --- a refused transition on its dossier -------------------------------------------------------


def test_refused_transition_is_explained_on_the_dossier(
    qtbot, store, data_dir, second, runner, upstream
) -> None:
    a, b = store, second
    enrolled(a, upstream, "PC A")
    enrolled(b, upstream, "PC B")
    code = receive(a, "Người Xung Đột")
    assert run_once(a, data_dir).ok
    assert run_once(b, data_dir_of(b)).ok  # B has the dossier too
    transition(a, code, State.FORWARDED, actor="canbo", detail={"agency": "UBND huyện"})
    assert run_once(a, data_dir).ok
    transition(b, code, State.REFUSED, actor="canbo2", reason="Sai thẩm quyền")
    report = run_once(b, data_dir_of(b))
    assert report.push.rejected == 1

    ctx_b = context(b, runner, UserInfo("u-canbo2", "canbo2", "Lò Văn Hai", Role.OFFICER))
    dialog = DossierDialog(ctx_b, code)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.conflicts.loaded, timeout=WAIT):
        dialog.show()
    banner = dialog.conflicts
    assert banner.isVisible()
    assert banner.title.text() == "Máy chủ cấp trên không nhận một thay đổi của hồ sơ này"
    text = banner.text.text()
    assert text.startswith("Bước “Từ chối tiếp nhận” (")
    assert "canbo2) không được máy chủ ghi nhận." in text
    assert conflicts(b)[0].explanation in text
    assert "Trên máy chủ hồ sơ đang ở trạng thái: Đã chuyển cơ quan giải quyết." in text
    assert "Bấm “Đã xem”" in text

    with qtbot.waitSignal(banner.resolved, timeout=WAIT):
        QTest.mouseClick(banner.ack_button, Qt.MouseButton.LeftButton)
    assert not banner.isVisible()
    assert conflicts(b) == []
    assert run_once(b, data_dir_of(b)).ok
    assert show(b, code).row.state == State.FORWARDED.value  # the server's copy folded in
    with qtbot.waitSignal(dialog.loaded, timeout=WAIT):
        ctx_b.signals.synced.emit(report)  # what the controller emits after such a cycle
    assert dialog.state_chip.text() == "Đã chuyển cơ quan giải quyết"


# --- the clock --------------------------------------------------------------------------------


def test_clock_warning_asks_to_fix_the_clock_and_records_the_acknowledgement(
    qtbot, monkeypatch, store, data_dir, ctx, upstream
) -> None:
    enrolled(store, upstream, "PC đồng hồ")

    def behind() -> datetime:
        return datetime.now(UTC) - timedelta(minutes=12)

    engine = build_engine(store, data_dir, clock=behind)  # this PC runs 12 minutes slow
    try:
        assert engine.run_cycle().ok
    finally:
        engine.transport.close()
    snap = status(store)
    assert snap.clock_warning
    assert snap.clock_offset_ms is not None
    assert snap.clock_offset_ms > 11 * 60_000

    # The window's own worker must not measure again meanwhile: it talks to a dead port.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}"

    def factory(st: Store, d: Path, on_report: Callable[[Any], None]) -> SyncService:
        return SyncService(st, d, transport=HttpTransport(dead), on_report=on_report)

    monkeypatch.setattr("ui.sync.controller.default_service", factory)
    w = window(qtbot, ctx)
    banner = w.clock_warning
    qtbot.waitUntil(banner.isVisible, timeout=WAIT)
    assert banner.text.text().startswith("Đồng hồ của máy tính này chậm 12 phút")
    assert "chỉnh lại ngày giờ của Windows" in banner.text.text()
    assert "Công việc vẫn tiếp tục bình thường" in banner.text.text()
    assert "đồng hồ chậm 12 phút" in w.sync_status.detail_label.text()
    assert w.intake_action.isEnabled()  # work continues

    with qtbot.waitSignal(banner.acknowledged, timeout=WAIT):
        QTest.mouseClick(banner.ack_button, Qt.MouseButton.LeftButton)
    assert not banner.isVisible()
    after = status(store)
    assert not after.clock_warning
    assert after.clock_ack_at is not None
    w.close()


# --- the online inbox -------------------------------------------------------------------------


def test_dossier_filed_online_lands_in_the_inbox(qtbot, store, data_dir, ctx, upstream) -> None:
    enrolled(store, upstream, "PC trực tuyến")
    out = upstream.cli(
        "create-online",
        "--agency-code",
        AGENCY,
        "--procedure",
        "1.001193@2025.1",
        "--name",
        "Lò Văn Tám",
        "--id-number",
        "010095009999",
    )
    code = out.split()[0]
    report = run_once(store, data_dir)
    assert report.ok, report.detail
    ids, _t = list_ids(store, DeskList.ONLINE)
    assert len(ids) == 1
    w = window(qtbot, ctx)
    qtbot.waitUntil(lambda: w.desk_counts.get(DeskList.ONLINE) == 1, timeout=WAIT)
    assert w.lists.item(LIST_ORDER.index(DeskList.ONLINE)).text() == "Hồ sơ nộp trực tuyến (1)"
    w.select_list(DeskList.ONLINE)
    qtbot.waitUntil(lambda: w.model.rowCount() == 1, timeout=WAIT)
    row = w.model.dossier(0)
    assert row is not None
    assert row.code == code
    assert row.state == State.ONLINE_SUBMITTED.value
    dialog = w.open_dossier(code)
    assert isinstance(dialog, DossierDialog)
    qtbot.waitUntil(dialog.online.isVisible, timeout=WAIT)
    assert dialog.fields["channel"].text() == "Trực tuyến"
    dialog.close()
    w.close()


def make_online(store: Store, name: str = "Lò Thị Mai") -> str:
    """A local dossier put in online_submitted, as a pulled one would be (test set-up only)."""
    code = receive(store, name)
    with closing(sqlite3.connect(store.path)) as conn:
        conn.execute(
            "UPDATE dossier SET state = 'online_submitted', channel = 'online' WHERE code = ?",
            (code,),
        )
        conn.commit()
    return code


def test_online_inbox_list_and_its_two_actions(qtbot, monkeypatch, store, ctx) -> None:
    waiting = make_online(store, "Lò Thị Mai")
    refused = make_online(store, "Vàng A Dế")
    receive(store, "Người Trực Tiếp")
    assert counts(store)[DeskList.ONLINE] == 2

    w = window(qtbot, ctx)
    qtbot.waitUntil(lambda: w.lists.count() == len(LIST_ORDER), timeout=WAIT)
    w.select_list(DeskList.ONLINE)
    qtbot.waitUntil(lambda: w.model.rowCount() == 2, timeout=WAIT)
    item = w.lists.item(LIST_ORDER.index(DeskList.ONLINE))
    assert item.text() == "Hồ sơ nộp trực tuyến (2)"
    assert item.font().bold()

    answers = {AcceptOnlineDialog: dlgs.Confirmed(), dlgs.RefuseDialog: dlgs.ReasonAnswer("Thiếu")}
    for cls, answer in answers.items():
        monkeypatch.setattr(
            cls, "ask", classmethod(lambda _cls, _p, _v, done, *_r, a=answer: done(a))
        )
    monkeypatch.setattr(DossierDialog, "print_form", lambda *_a: None)

    dialog = w.open_dossier(waiting)
    assert isinstance(dialog, DossierDialog)
    qtbot.waitUntil(lambda: dialog.data is not None and dialog.online.isVisible(), timeout=WAIT)
    assert dialog.online.accept_button.text() == "Tiếp nhận hồ sơ trực tuyến  (Ctrl+N)"
    assert dialog.online.refuse_button.isEnabled()
    assert dialog.focusWidget() is dialog.online.accept_button
    assert not dialog.buttons["start"].isEnabled()
    with qtbot.waitSignal(dialog.dossier_changed, timeout=WAIT):
        QTest.keyClick(dialog, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not dialog.online.isVisible(), timeout=WAIT)
    assert show(store, waiting).row.state == State.RECEIVED.value
    history = [dialog.history.item(r, 2).text() for r in range(dialog.history.rowCount())]
    assert history[-1] == "Tiếp nhận hồ sơ trực tuyến"
    dialog.close()

    dialog = w.open_dossier(refused)
    assert isinstance(dialog, DossierDialog)
    qtbot.waitUntil(lambda: dialog.data is not None and dialog.online.isVisible(), timeout=WAIT)
    with qtbot.waitSignal(dialog.dossier_changed, timeout=WAIT):
        QTest.mouseClick(dialog.online.refuse_button, Qt.MouseButton.LeftButton)
    assert show(store, refused).row.state == State.REFUSED.value
    dialog.close()
    qtbot.waitUntil(lambda: w.desk_counts.get(DeskList.ONLINE) == 0, timeout=WAIT)
    w.close()


def test_accepting_is_explained_on_a_dossier_not_filed_online(qtbot, store, ctx) -> None:
    code = receive(store)
    dialog = DossierDialog(ctx, code)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=WAIT):
        dialog.show()
    assert not dialog.online.isVisible()
    active(qtbot, dialog)
    QTest.keyClick(dialog, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert dialog.notice.text().startswith("Tiếp nhận hồ sơ trực tuyến: ")
    assert "Nộp trực tuyến, chờ tiếp nhận" in dialog.notice.text()


def test_status_bar_click_opens_the_details(qtbot, store, data_dir, ctx, upstream) -> None:
    enrolled(store, upstream, "PC chi tiết")
    assert run_once(store, data_dir).ok
    w = window(qtbot, ctx)
    wait_text(qtbot, w.connection_label, "Trực tuyến")
    QTest.mouseClick(w.sync_status.connection_label, Qt.MouseButton.LeftButton)
    dialog = next(d for d in w.findChildren(SyncDetailsDialog) if d.isVisible())
    qtbot.waitUntil(lambda: dialog.details is not None, timeout=WAIT)
    assert dialog.fields["server"].text() == upstream.url
    assert dialog.fields["connection"].text() == "Trực tuyến (ok)"
    assert dialog.fields["error"].text() == "không có"
    assert dialog.log_table.rowCount() >= 1
    assert dialog.conflicts_box.title() == "Thay đổi bị máy chủ từ chối (0)"
    qtbot.waitUntil(lambda: w.sync.running, timeout=WAIT)
    QTest.mouseClick(dialog.sync_button, Qt.MouseButton.LeftButton)
    assert dialog.notice.text() == "Đã yêu cầu đồng bộ ngay; kết quả hiện ở đây khi xong."
    dialog.close()
    w.close()
