"""Keystrokes and reaction times of a scripted intake of birth registration (1.001193).

Run from the repo root: ``.venv/bin/python bench/intake.py`` (offscreen; no display needed).

A temporary store is initialised, then the real IntakeDialog is driven with key events sent to
the focused widget, as an officer would type. Two counts:

* keystrokes beyond the applicant's own data (target <= 25): choosing the procedure, ticking the
  papers, moving between fields, saving, closing; the applicant's characters are counted apart;
* reaction of every keystroke (target <= 50 ms): key sent -> handlers done -> the dialog
  repainted (``repaint()``: the whole window, a conservative upper bound), and for the steps that
  wait on a Task (opening: catalogue and calendar; CCCD: earlier-applicant lookup; Ctrl+S: the
  write and the receipt page) until that result is on screen.

Scenarios: a new citizen typing "khai sinh"; the same with Enter on the empty procedure field
(the most common procedure comes first); a returning citizen (CCCD, then Ctrl+R reuses the data).
Each is run after one unmeasured warm-up intake; the cold first opening is reported too.
Figures only, no asserts.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Python puts bench/ first on sys.path, where bench/calendar.py shadows the stdlib module that
# ``holidays`` imports: put the repo root there instead.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import contextlib  # noqa: E402
import io  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from app.accounts import Role, UserInfo  # noqa: E402
from app.cli import main as cli_main  # noqa: E402
from app.clock import new_id  # noqa: E402
from app.datadir import open_data_dir  # noqa: E402
from app.settings import get_agency  # noqa: E402
from ui.context import AppContext  # noqa: E402
from ui.intake import dialog as dialog_module  # noqa: E402
from ui.intake.dialog import IntakeDialog  # noqa: E402
from ui.tasks import TaskRunner  # noqa: E402

WRITES: list[float] = []  # ms of each receive_dossier call (on the writer thread)


def _timed_receive(*args: object, **kwargs: object) -> object:
    t0 = time.perf_counter()
    try:
        return _receive_dossier(*args, **kwargs)  # type: ignore[arg-type]
    finally:
        WRITES.append((time.perf_counter() - t0) * 1000)


_receive_dossier = dialog_module.receive_dossier
dialog_module.receive_dossier = _timed_receive  # type: ignore[assignment]

TARGET_KEYS = 25
TARGET_MS = 50.0
TIMEOUT_S = 10.0
Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
NONE = Qt.KeyboardModifier.NoModifier

APPLICANT = {
    "name": "Giàng A Páo",
    "birth_date": "12031995",
    "phone": "0912345678",
    "address": "Bản Pà Cò, xã Pà Cò, tỉnh Phú Thọ",
}


@dataclass
class Run:
    keys: int = 0  # beyond the applicant's data
    data_keys: int = 0  # the applicant's own characters
    steps: list[tuple[str, float]] = field(default_factory=list)  # (step, ms)


class Driver:
    """Sends keys to whatever has the focus and times each reaction."""

    def __init__(self, app: QApplication, ctx: AppContext) -> None:
        self.app = app
        self.ctx = ctx
        self.dlg: IntakeDialog | None = None
        self.run = Run()

    # -- timing ---------------------------------------------------------------------------------

    def _settle(self, until: Callable[[], bool] | None) -> None:
        deadline = time.perf_counter() + TIMEOUT_S
        self.app.processEvents()
        while until is not None and not until():
            if time.perf_counter() > deadline:
                raise TimeoutError("the dialog did not react in time")
            self.app.processEvents()
            time.sleep(0.0005)
        if self.dlg is not None:
            self.dlg.repaint()

    def timed(
        self, step: str, action: Callable[[], None], until: Callable[[], bool] | None
    ) -> None:
        t0 = time.perf_counter()
        action()
        self._settle(until)
        self.run.steps.append((step, (time.perf_counter() - t0) * 1000))

    # -- keys -----------------------------------------------------------------------------------

    @staticmethod
    def focused() -> QWidget:
        w = QApplication.focusWidget()
        if w is None:
            raise RuntimeError("nothing has the keyboard focus")
        return w

    def key(
        self,
        step: str,
        key: Qt.Key,
        mod: Qt.KeyboardModifier = NONE,
        until: Callable[[], bool] | None = None,
    ) -> None:
        self.run.keys += 1
        self.timed(step, lambda: QTest.keyClick(self.focused(), key, mod), until)

    def type(
        self, step: str, text: str, *, data: bool, last_until: Callable[[], bool] | None = None
    ) -> None:
        for i, ch in enumerate(text):
            if data:
                self.run.data_keys += 1
            else:
                self.run.keys += 1
            until = last_until if i == len(text) - 1 else None

            def send(ch: str = ch) -> None:
                w = self.focused()
                if ch.isascii():
                    QTest.keyClicks(w, ch)
                else:  # QTest.keyClicks aborts on most non-ASCII letters (qasciikey.cpp)
                    QTest.sendKeyEvent(QTest.KeyAction.Click, w, Key.Key_unknown, ch, NONE)

            self.timed(step, send, until)

    # -- the intake -----------------------------------------------------------------------------

    def open(self, step: str = "F2: mở hộp thoại → danh mục sẵn sàng") -> IntakeDialog:
        """What the main window's F2 does: build, show; ready when the procedure list is up."""
        self.run.keys += 1

        def build() -> None:
            self.dlg = IntakeDialog(self.ctx)
            self.dlg.show()
            self.dlg.activateWindow()

        self.timed(
            step, build, lambda: self.dlg is not None and self.dlg.procedure_list.isVisible()
        )
        assert self.dlg is not None
        self._settle(lambda: QApplication.focusWidget() is self.dlg.procedure_edit)  # type: ignore[union-attr]
        return self.dlg

    def intake(self, *, search: str, returning: bool, id_number: str) -> Run:
        self.run = Run()
        dlg = self.open()
        shown = lambda: dlg.procedure is not None and dlg.appointment_label.text() != ""  # noqa: E731
        if search:
            self.type("gõ tên thủ tục → lọc danh sách", search, data=False)
        self.key("Enter: chọn thủ tục → danh mục giấy tờ + lịch hẹn", Key.Key_Return, until=shown)
        assert dlg.procedure is not None
        assert dlg.procedure.code == "1.001193", dlg.procedure.code
        for _ in dlg.checklist.lines():
            self.key("Space: đánh dấu đã nhận", Key.Key_Space)
        self.key("Enter: sang ô kế", Key.Key_Return)
        looked_up: list[str] = []
        dlg.lookup_finished.connect(looked_up.append)
        self.type(
            "gõ CCCD (kiểm tra tức thì; số cuối: tra người nộp cũ)",
            id_number,
            data=True,
            last_until=lambda: id_number in looked_up,
        )
        if returning:
            assert dlg.reuse_bar.isVisible()
            self.key("Ctrl+R: dùng lại thông tin", Key.Key_R, CTRL)
        else:
            self.key("Enter: sang ô kế", Key.Key_Return)
            self.type("gõ họ tên", APPLICANT["name"], data=True)
            self.key("Enter: sang ô kế", Key.Key_Return)
            self.type("gõ ngày sinh", APPLICANT["birth_date"], data=True)
            self.key("Enter: sang ô kế", Key.Key_Return)
            self.type("gõ điện thoại", APPLICANT["phone"], data=True)
            self.key("Enter: sang ô kế", Key.Key_Return)
            self.key("Enter: bỏ qua email", Key.Key_Return)
            self.type("gõ địa chỉ", APPLICANT["address"], data=True)
        codes: list[str] = []
        dlg.dossier_received.connect(codes.append)
        # Ctrl+S: the immediate reaction ("Đang lưu hồ sơ…"), then the receipt page, which
        # waits for the write on the writer thread (its share is measured apart).
        self.run.keys += 1
        t0 = time.perf_counter()
        QTest.keyClick(self.focused(), Key.Key_S, CTRL)
        self._settle(None)
        t1 = time.perf_counter()
        self._settle(lambda: bool(codes) and dlg.pages.currentWidget() is dlg.receipt_page)
        t2 = time.perf_counter()
        self.run.steps.append(("Ctrl+S: phản hồi ngay (đang lưu…)", (t1 - t0) * 1000))
        self.run.steps.append(("Ctrl+S → trang giấy tiếp nhận (cả ghi CSDL)", (t2 - t0) * 1000))
        self.run.steps.append(("   trong đó receive_dossier trên luồng ghi", WRITES[-1]))
        self.key("Esc: đóng", Key.Key_Escape, until=lambda: not dlg.isVisible())
        dlg.deleteLater()
        self.dlg = None
        self.app.processEvents()
        return self.run


def report(title: str, run: Run) -> bool:
    print(f"\n== {title}")
    ok_keys = run.keys <= TARGET_KEYS
    print(
        f"phím ngoài dữ liệu người nộp: {run.keys} (mục tiêu ≤ {TARGET_KEYS}) "
        f"{'OK' if ok_keys else 'VƯỢT'}; phím dữ liệu người nộp: {run.data_keys}"
    )
    by_step: dict[str, list[float]] = {}
    for step, ms in run.steps:
        by_step.setdefault(step, []).append(ms)
    print(f"{'bước':58} {'lần':>4} {'trung vị ms':>12} {'lớn nhất ms':>12}")
    worst = 0.0
    for step, values in by_step.items():
        if not step.startswith(" "):  # a share of another step, not a reaction of its own
            worst = max(worst, *values)
        flag = "" if max(values) <= TARGET_MS else "  > 50 ms"
        print(
            f"{step:58} {len(values):>4} {statistics.median(values):>12.1f} "
            f"{max(values):>12.1f}{flag}"
        )
    print(f"phản hồi chậm nhất: {worst:.1f} ms (mục tiêu ≤ {TARGET_MS:.0f} ms)")
    return ok_keys and worst <= TARGET_MS


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        with contextlib.redirect_stdout(io.StringIO()):
            rc = cli_main(
                [
                    "init",
                    "--data-dir",
                    str(data),
                    "--agency-code",
                    "000.17.22.H56",
                    "--commune-name",
                    "Xã Pà Cò",
                    "--device-no",
                    "1",
                    "--province",
                    "Phú Thọ",
                ]
            )
        if rc != 0:
            raise SystemExit(f"init failed ({rc})")
        store = open_data_dir(data)
        runner = TaskRunner()
        try:
            with store.read() as session:
                agency = get_agency(session)
            user = UserInfo(new_id(), "cb.lan", "Lò Thị Lan", Role.OFFICER)
            ctx = AppContext(store, runner, agency, user=user)  # the real clock
            driver = Driver(app, ctx)

            print(
                f"bench/intake.py — {platform.python_implementation()} {platform.python_version()}, "
                f"{platform.machine()}, {os.cpu_count()} CPU, QPA {app.platformName()}"
            )
            # Warm-up: a new citizen, whose CCCD the "returning" run uses again. Its opening is
            # the first of the process with nothing cached (no preload).
            cold = driver.intake(search="khai sinh", returning=False, id_number="010095001234")
            print(f"F2 lần đầu, chưa nạp trước danh mục: {cold.steps[0][1]:.1f} ms")
            # What the main window does after login: IntakeDialog.preload(ctx).
            dialog_module._reference_cache.clear()
            loaded: list[object] = []
            IntakeDialog.preload(ctx).succeeded.connect(loaded.append)
            driver._settle(lambda: bool(loaded))
            first = driver.intake(search="khai sinh", returning=False, id_number="010095001237")
            print(
                f"F2 lần đầu sau khi nạp trước (preload lúc đăng nhập): {first.steps[0][1]:.1f} ms"
            )
            ok = report(
                "Người nộp mới, gõ “khai sinh”",
                driver.intake(search="khai sinh", returning=False, id_number="010095001235"),
            )
            ok &= report(
                "Người nộp mới, Enter ở ô thủ tục trống (thủ tục hay dùng nhất)",
                driver.intake(search="", returning=False, id_number="010095001236"),
            )
            ok &= report(
                "Người nộp cũ (CCCD đã có), Ctrl+R dùng lại",
                driver.intake(search="", returning=True, id_number="010095001234"),
            )
            print("\nKẾT QUẢ:", "đạt cả hai mục tiêu" if ok else "CHƯA ĐẠT (xem các dòng > 50 ms)")
        finally:
            runner.shutdown()
            store.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
