"""The scan dialog driven offscreen by keyboard: the issue's "Done when", thumbnails as pages
arrive, errors with "Tiếp tục", cancel, a responsive UI, and reuse of earlier scans at intake."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from functools import cache
from typing import Any

import pytest
from PIL import Image

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

import ui.scan.dialog as scan_dialog
from app.accounts import Role, UserInfo
from app.attachments import attach_pdf, find_document, list_attachments
from app.intake import parse_intake, receive_dossier
from app.scanning import samples
from app.scanning.fake import FakeBackend
from app.scanning.pipeline import PageSet, process_page
from app.scanning.profiles import Profile
from app.scanning.types import (
    Cancelled,
    CoverOpen,
    Device,
    FeederEmpty,
    PaperJam,
    ScanError,
    ScanSettings,
    Source,
)
from db.engine import Store
from tests.conftest import fixed_clock, intake_json
from tests.qt_helpers import (
    desk_context,
    focused,
    runner_fixture,  # noqa: F401  (fixture "runner")
)
from tests.qt_helpers import press as key
from tests.sane_env import sane_test_config  # noqa: F401  (fixture)
from ui.context import AppContext
from ui.dossier.view import DossierDialog
from ui.scan.dialog import ScanDialog
from ui.tasks import TaskRunner

pytestmark = pytest.mark.qt

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
WAIT = 20_000
OFFICER = "canbo1"
PAO = {
    "name": "Giàng A Páo",
    "id_number": "010095001234",
    "phone": "0912345678",
    "address": "Bản Pà Cò, xã Pà Cò, tỉnh Phú Thọ",
}
LONG = "1.004222"  # Đăng ký thường trú: TP01 and TP02 on its checklist
DPI = 100  # small pages: the pipeline's work, not the test's, is what is being tested


# --- a scanner for tests ------------------------------------------------------------------------


@cache
def _sample(kind: str) -> Image.Image:
    img = samples.blank_page(DPI) if kind == "blank" else samples.text_page(DPI)
    img.info["dpi"] = (DPI, DPI)
    return img


def sample(kind: str) -> Image.Image:
    img = _sample(kind).copy()
    img.info["dpi"] = (DPI, DPI)
    return img


def fake(kinds: Sequence[str], **kw: Any) -> FakeBackend:
    """app.scanning.fake's scanner with these pages in its feeder."""
    return FakeBackend([sample(k) for k in kinds], **kw)


class FeederScanner:
    """A minimal scanner failing before page ``fail_at`` with any exception, also one that is
    not a ScanError (a driver bug): shown in words, never a crash."""

    name = "fake"

    def __init__(
        self,
        kinds: Sequence[str],
        *,
        delay: float = 0.0,
        fail_at: int | None = None,
        error: ScanError | None = None,
    ) -> None:
        self.kinds = list(kinds)
        self.delay = delay
        self.fail_at = fail_at
        self.error = error
        self.next = 0
        self.settings: list[ScanSettings] = []
        self.device = Device(
            "fake",
            "desk",
            "Máy quét thử",
            frozenset({Source.FLATBED, Source.ADF, Source.ADF_DUPLEX}),
        )

    def available(self) -> bool:
        return True

    def list_devices(self, timeout_s: float = 5) -> list[Device]:
        return [self.device]

    def scan(
        self, device_id: str, settings: ScanSettings, cancel: threading.Event
    ) -> Iterator[Image.Image]:
        self.settings.append(settings)
        while self.next < len(self.kinds):
            if self.fail_at is not None and self.next == self.fail_at and self.error:
                error, self.error = self.error, None
                raise error
            if cancel.wait(self.delay):
                raise Cancelled()
            kind = self.kinds[self.next]
            self.next += 1
            yield sample(kind)
            if settings.source is Source.FLATBED:
                return


class Scanners:
    """Stands in for app.scanning.registry."""

    def __init__(self, *backends: Any) -> None:
        self.backends = {b.name: b for b in backends}

    def list_all_devices(self, timeout_s: float = 5) -> list[Device]:
        return [d for b in self.backends.values() for d in b.list_devices(timeout_s)]

    def backend_for(self, name: str) -> Any:
        return self.backends.get(name)


# --- fixtures and helpers ---------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _no_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scan_dialog, "OCR_ENABLED", False)


@pytest.fixture
def ctx(store: Store, runner: TaskRunner) -> AppContext:
    return desk_context(store, runner, UserInfo("u-1", OFFICER, "Lò Thị Mai", Role.OFFICER))


def use_scanners(monkeypatch: pytest.MonkeyPatch, *backends: Any) -> Scanners:
    scanners = Scanners(*backends)
    monkeypatch.setattr(scan_dialog, "default_scanners", lambda: scanners)
    return scanners


def receive(store: Store, **over: Any) -> str:
    data = intake_json(
        applicant=dict(PAO),
        procedure=LONG,
        documents=[{"code": "TP01", "received": True}],
        **over,
    )
    return receive_dossier(store, parse_intake(data), actor=OFFICER, clock=fixed_clock).code


def alt(qtbot: Any, k: Qt.Key) -> None:
    """Alt + an underlined letter: the button animates its click for 100 ms, then clicks."""
    key(k, ALT)
    qtbot.wait(250)


def activate(qtbot: Any, w: QWidget) -> None:
    qtbot.waitExposed(w)
    if QApplication.activeWindow() is not w:
        w.activateWindow()  # no window manager offscreen
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w, timeout=WAIT)


def open_dossier(qtbot: Any, ctx: AppContext, code: str) -> DossierDialog:
    dialog = DossierDialog(ctx, code)
    qtbot.addWidget(dialog)
    dialog.show()
    activate(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.data is not None and not dialog.loading, timeout=WAIT)
    return dialog


def open_scan(qtbot: Any, ctx: AppContext, code: str, ref: str = "TP01") -> ScanDialog:
    doc = find_document(ctx.store, code, ref)
    dialog = ScanDialog(ctx, doc)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.devices_loaded, timeout=WAIT):
        dialog.show()
    activate(qtbot, dialog)
    return dialog


def wait_stopped(qtbot: Any, dialog: ScanDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.scanning, timeout=WAIT)


# --- Done when --------------------------------------------------------------------------------


def test_done_when_feeder_batch_into_a_checklist_item_by_keyboard(
    qtbot, monkeypatch, store, ctx
) -> None:
    """From the dossier: select TP01, Ctrl+Shift+S, feeder, scan 10 pages (one blank), drop
    the blank page, Ctrl+S: one 9-page attachment, TP01 digitised, the view shows it."""
    kinds = ["text"] * 4 + ["blank"] + ["text"] * 5
    scanner = fake(kinds)
    use_scanners(monkeypatch, scanner)
    code = receive(store)
    view = open_dossier(qtbot, ctx, code)

    view.checklist.setFocus()  # Tab order puts the officer here; keys from now on
    key(Key.Key_Home)
    assert view.checklist.currentRow() == 0
    key(Key.Key_S, CTRL | SHIFT)
    qtbot.waitUntil(lambda: view.findChild(ScanDialog) is not None, timeout=WAIT)
    dialog = view.findChild(ScanDialog)
    assert isinstance(dialog, ScanDialog)
    qtbot.waitUntil(lambda: bool(dialog.devices) and not dialog.searching, timeout=WAIT)
    activate(qtbot, dialog)
    assert dialog.doc.code == "TP01"
    assert dialog.device_combo.currentText() == "Máy quét giả lập (thử nghiệm)"

    alt(qtbot, Key.Key_N)  # &Nguồn giấy
    assert focused() is dialog.source_combo
    key(Key.Key_Down)
    assert dialog.current_source() is Source.ADF
    assert dialog.source_combo.currentText() == "Khay nạp giấy"

    alt(qtbot, Key.Key_Q)  # &Quét
    wait_stopped(qtbot, dialog)
    assert dialog.last_error is None
    assert scanner.calls[-1][1].source is Source.ADF
    assert len(dialog.pages) == 10
    assert dialog.strip.count() == 10
    assert dialog.strip.blank_rows() == [4]  # flagged, not dropped
    assert "TRANG TRẮNG" in dialog.strip.item(4).text()
    assert dialog.progress.text() == "Đã quét xong 10 trang."

    alt(qtbot, Key.Key_B)  # &Bỏ trang trắng
    assert len(dialog.pages) == 9
    assert dialog.strip.blank_rows() == []

    with qtbot.waitSignal(dialog.saved, timeout=WAIT) as saved:
        key(Key.Key_S, CTRL)
    row = saved.args[0]
    assert row.pages == 9
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT)

    rows = list_attachments(store, code)
    assert len(rows) == 1
    assert rows[0].pages == 9
    assert rows[0].profile == "text" or rows[0].profile == "seal"
    assert find_document(store, code, "TP01").digitised
    # The view reloads by itself (dossiers_changed) and shows the item digitised.
    qtbot.waitUntil(lambda: view.checklist.item(0, 5).text() == "✓", timeout=WAIT)
    qtbot.waitUntil(lambda: bool(view.attachment_rows), timeout=WAIT)
    assert view.attachments.item(0).text().startswith(rows[0].file_name)
    assert "9 trang" in view.attachments.item(0).text()
    assert view.tabs.tabText(2) == "Tệp &số hóa (1)"


@pytest.mark.usefixtures("sane_test_config")
def test_done_when_on_the_sane_test_device(qtbot, monkeypatch, store, ctx) -> None:
    """The same on the real SANE ``test`` backend: its feeder holds 10 pages; one is deleted."""
    from app.scanning.sane_backend import SaneBackend

    backend = SaneBackend(extra_options={"test_picture": "Grid"})
    use_scanners(monkeypatch, backend)
    code = receive(store)
    dialog = open_scan(qtbot, ctx, code)
    assert dialog.select_device("sane:test:0")
    dialog.source_combo.setFocus()
    dialog.source_combo.setCurrentIndex(1)
    assert dialog.current_source() is Source.ADF
    alt(qtbot, Key.Key_Q)
    wait_stopped(qtbot, dialog)
    assert dialog.last_error is None
    assert len(dialog.pages) == 10
    dialog.strip.setFocus()
    key(Key.Key_End)
    key(Key.Key_Delete)
    assert len(dialog.pages) == 9
    with qtbot.waitSignal(dialog.saved, timeout=WAIT):
        key(Key.Key_S, CTRL)
    assert [r.pages for r in list_attachments(store, code)] == [9]
    assert find_document(store, code, "TP01").digitised


# --- pages arrive one by one, the UI stays responsive -------------------------------------------


def test_thumbnails_appear_while_the_scan_runs_and_the_ui_is_never_blocked(
    qtbot, monkeypatch, store, ctx
) -> None:
    scanner = fake(["text"] * 6, delay_s=0.4)
    use_scanners(monkeypatch, scanner)
    dialog = open_scan(qtbot, ctx, receive(store))
    dialog.source_combo.setCurrentIndex(1)

    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    alt(qtbot, Key.Key_Q)
    assert dialog.scanning
    qtbot.waitUntil(lambda: dialog.strip.count() >= 2, timeout=WAIT)
    assert dialog.scanning, "the first thumbnails are shown before the batch ends"
    assert dialog.strip.count() < 6
    assert dialog.progress.text().startswith("Đã quét ")
    qtbot.wait(500)
    timer.stop()
    # The event loop ran the 20 ms timer all along: the scan is not on the GUI thread.
    assert len(ticks) >= 20
    wait_stopped(qtbot, dialog)
    assert dialog.strip.count() == 6


# --- errors and cancel --------------------------------------------------------------------------


def test_paper_jam_keeps_pages_and_tiep_tuc_resumes(qtbot, monkeypatch, store, ctx) -> None:
    scanner = fake(["text"] * 6, error=PaperJam("SANE: Document feeder jammed"), error_after=3)
    use_scanners(monkeypatch, scanner)
    dialog = open_scan(qtbot, ctx, receive(store))
    dialog.source_combo.setCurrentIndex(1)
    with qtbot.waitSignal(dialog.scan_stopped, timeout=WAIT) as stopped:
        alt(qtbot, Key.Key_Q)
    assert stopped.args == ["paper_jam"]
    assert len(dialog.pages) == 3  # kept
    assert dialog.error_panel.isVisible()
    text = dialog.error_text.text()
    assert text.startswith("Giấy bị kẹt trong máy quét — gỡ tờ giấy bị kẹt rồi bấm Tiếp tục.")
    assert "Đã giữ 3 trang" in text
    assert dialog.resume_button.isVisible()
    assert focused() is dialog.resume_button

    scanner.error = None  # the officer pulled the jammed sheet out
    scanner.pages = scanner.pages[3:] if scanner.pages else []  # what is left in the tray
    with qtbot.waitSignal(dialog.scan_stopped, timeout=WAIT) as stopped:
        alt(qtbot, Key.Key_T)  # &Tiếp tục
    assert stopped.args == ["finished"]
    assert not dialog.error_panel.isVisible()
    assert len(dialog.pages) == 6
    assert [dialog.strip.item(i).text().split("\n")[0] for i in range(6)] == [
        f"Trang {n}" for n in range(1, 7)
    ]


def test_a_scanner_gone_since_the_search_is_explained_off_the_gui_thread(
    qtbot, monkeypatch, store, ctx
) -> None:
    """The backend is looked up by the scan job (a driver may load): a device that went away
    after the search stops the batch with the no-device advice, nothing scanned."""
    scanner = fake(["text"])
    scanners = use_scanners(monkeypatch, scanner)
    dialog = open_scan(qtbot, ctx, receive(store))
    assert dialog.current_device() is not None
    scanners.backends.clear()  # unplugged: the registry no longer offers its backend
    with qtbot.waitSignal(dialog.scan_stopped, timeout=WAIT) as stopped:
        alt(qtbot, Key.Key_Q)
    assert stopped.args == ["no_device"]
    assert scanner.calls == []
    assert len(dialog.pages) == 0
    assert dialog.error_panel.isVisible()
    assert dialog.error_text.text().startswith("Không tìm thấy máy quét")
    assert not dialog.resume_button.isVisible()
    assert dialog.scan_button.isEnabled()


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (ScanError("SANE: Error during device I/O"), "Máy quét báo lỗi."),
        (
            FeederEmpty(),
            "Khay nạp giấy đã hết giấy — đặt thêm giấy rồi bấm Tiếp tục.",
        ),
        (
            CoverOpen(),
            "Nắp máy quét đang mở — đóng nắp rồi bấm Tiếp tục.",
        ),
        (RuntimeError("boom"), "Lỗi không mong đợi: boom"),
    ],
)
def test_every_error_is_plain_vietnamese_never_a_crash(
    qtbot, monkeypatch, store, ctx, error, expected
) -> None:
    use_scanners(monkeypatch, FeederScanner(["text"], fail_at=0, error=error))
    dialog = open_scan(qtbot, ctx, receive(store))
    with qtbot.waitSignal(dialog.scan_stopped, timeout=WAIT):
        alt(qtbot, Key.Key_Q)
    assert dialog.error_text.text().startswith(expected)
    assert dialog.isVisible()


def test_esc_cancels_the_scan_then_asks_before_dropping_pages(
    qtbot, monkeypatch, store, ctx
) -> None:
    use_scanners(monkeypatch, fake(["text"] * 8, delay_s=0.3))
    dialog = open_scan(qtbot, ctx, receive(store))
    dialog.source_combo.setCurrentIndex(1)
    alt(qtbot, Key.Key_Q)
    qtbot.waitUntil(lambda: dialog.strip.count() >= 1, timeout=WAIT)
    with qtbot.waitSignal(dialog.scan_stopped, timeout=WAIT) as stopped:
        key(Key.Key_Escape)
    assert stopped.args == ["cancelled"]
    kept = len(dialog.pages)
    assert 1 <= kept < 8
    assert dialog.isVisible(), "the first Esc only cancels the scan"
    assert dialog.progress.text().startswith("Đã hủy quét; giữ ")

    key(Key.Key_Escape)  # unsaved pages: asks
    qtbot.waitUntil(lambda: dialog.confirm_box is not None, timeout=WAIT)
    box = dialog.confirm_box
    activate(qtbot, box)
    key(Key.Key_Return)  # the default answer goes back
    qtbot.waitUntil(lambda: dialog.confirm_box is None, timeout=WAIT)
    assert dialog.isVisible()
    assert len(dialog.pages) == kept

    activate(qtbot, dialog)
    key(Key.Key_Escape)
    qtbot.waitUntil(lambda: dialog.confirm_box is not None, timeout=WAIT)
    activate(qtbot, dialog.confirm_box)
    alt(qtbot, Key.Key_B)  # &Bỏ các trang
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT)
    assert list_attachments(ctx.store, dialog.doc.dossier_code) == []


def test_import_from_files(qtbot, monkeypatch, store, ctx, tmp_path) -> None:
    use_scanners(monkeypatch, fake([]))
    photo = tmp_path / "cccd.jpg"
    sample("text").convert("RGB").save(photo, dpi=(DPI, DPI))
    monkeypatch.setattr(ScanDialog, "ask_files", classmethod(lambda cls, p, done: done([photo])))
    dialog = open_scan(qtbot, ctx, receive(store))
    dialog.device_combo.setFocus()
    key(Key.Key_End)  # the last entry: Nhập từ tệp…
    assert dialog.device_combo.currentText() == "Nhập từ tệp (ảnh, PDF, ảnh chụp)…"
    assert not dialog.source_combo.isEnabled()
    with qtbot.waitSignal(dialog.scan_stopped, timeout=WAIT) as stopped:
        alt(qtbot, Key.Key_Q)
    assert stopped.args == ["finished"]
    assert len(dialog.pages) == 1


# --- page operations --------------------------------------------------------------------------


def test_page_keys_move_rotate_delete_profile_and_insert_here(
    qtbot, monkeypatch, store, ctx
) -> None:
    scanner = fake(["text"] * 3)
    use_scanners(monkeypatch, scanner)
    dialog = open_scan(qtbot, ctx, receive(store))
    dialog.source_combo.setCurrentIndex(1)
    alt(qtbot, Key.Key_Q)
    wait_stopped(qtbot, dialog)
    ids = [p.id for p in dialog.pages.pages]

    dialog.strip.setFocus()
    key(Key.Key_Home)
    key(Key.Key_Right, CTRL)  # page 1 -> position 2
    assert [p.id for p in dialog.pages.pages] == [ids[1], ids[0], ids[2]]
    assert dialog.strip.currentRow() == 1
    key(Key.Key_R)
    key(Key.Key_R)
    key(Key.Key_R, SHIFT)
    assert dialog.pages.pages[1].rotation == 90
    key(Key.Key_Left, CTRL)
    assert [p.id for p in dialog.pages.pages] == ids
    alt(qtbot, Key.Key_G)  # Kiểu của tran&g này
    assert focused() is dialog.page_profile_combo
    dialog.page_profile_combo.setCurrentIndex(1)
    dialog.page_profile_combo.activated.emit(1)
    assert dialog.pages.pages[0].profile is Profile.SEAL
    assert "Có dấu đỏ, ảnh" in dialog.strip.item(0).text()

    dialog.strip.setFocus()
    key(Key.Key_End)
    key(Key.Key_Delete)
    assert [p.id for p in dialog.pages.pages] == ids[:2]

    # Two more pages inserted after page 1.
    scanner.pages = [sample("text"), sample("text")]
    dialog.strip.setCurrentRow(0)
    alt(qtbot, Key.Key_C)  # Quét &chèn vào đây
    wait_stopped(qtbot, dialog)
    new = [p.id for p in dialog.pages.pages]
    assert len(new) == 4
    assert new[0] == ids[0]
    assert new[3] == ids[1]

    with qtbot.waitSignal(dialog.saved, timeout=WAIT) as saved:
        key(Key.Key_S, CTRL)
    assert saved.args[0].pages == 4
    assert saved.args[0].profile == "mixed"


# --- reuse at intake --------------------------------------------------------------------------


def _earlier_scan(store: Store) -> str:
    """An earlier dossier of Páo with TP01 digitised; returns its code."""
    code = receive(store)
    doc = find_document(store, code, "TP01")
    pages = PageSet(Profile.TEXT, [process_page(sample("text"), Profile.TEXT, dpi=DPI)])
    attach_pdf(
        store, code, doc.id, pages.assemble_pdf(), 1, "text", actor=OFFICER, clock=fixed_clock
    )
    return code


def test_intake_offers_earlier_scans_of_the_same_cccd_and_reuses_the_ticked_one(
    qtbot, store, ctx
) -> None:
    from ui.intake.dialog import IntakeDialog

    earlier = _earlier_scan(store)
    dlg = IntakeDialog(ctx)
    qtbot.addWidget(dlg)
    with qtbot.waitSignal(dlg.reference_loaded, timeout=WAIT):
        dlg.show()
    activate(qtbot, dlg)
    qtbot.waitUntil(lambda: focused() is dlg.procedure_edit, timeout=WAIT)
    panel = dlg.scan_reuse
    assert panel.list.focusPolicy() == Qt.FocusPolicy.ClickFocus  # not in the Tab/Enter chain

    QTest.keyClicks(focused(), LONG)
    key(Key.Key_Return)
    assert dlg.procedure is not None
    assert dlg.procedure.code == LONG
    assert focused() is dlg.checklist
    for _ in dlg.checklist.lines():
        key(Key.Key_Space)
    key(Key.Key_Return)
    assert focused() is dlg.id_edit
    with qtbot.waitSignal(panel.offers_loaded, timeout=WAIT) as offers:
        QTest.keyClicks(focused(), PAO["id_number"])
    assert offers.args == [1]
    assert panel.isVisible()
    text = panel.list.item(0).text()
    assert text == f"TP01: dùng lại bản số hóa ngày 25/11/2026 của hồ sơ {earlier} (1 trang)"
    assert panel.ticked_ids() == []  # the officer decides

    key(Key.Key_D, ALT)  # &Dùng lại bản số hóa
    assert focused() is panel.list
    key(Key.Key_Space)
    assert len(panel.ticked_ids()) == 1
    qtbot.waitUntil(dlg.reuse_bar.isVisible, timeout=WAIT)
    key(Key.Key_R, CTRL)  # the applicant's data too
    with qtbot.waitSignal(panel.reuse_done, timeout=WAIT) as done:
        key(Key.Key_S, CTRL)
    result = done.args[0]
    assert result.errors == ()
    assert result.attached == 1
    assert dlg.last_receipt is not None
    code = dlg.last_receipt.code
    assert code != earlier
    rows = list_attachments(store, code)
    assert len(rows) == 1
    assert rows[0].reused_from is not None
    assert rows[0].document_code == "TP01"
    doc = find_document(store, code, "TP01")
    assert doc.digitised
    assert doc.reused
    assert "Đã dùng lại 1 bản số hóa." in dlg.receipt_page.message.text()
