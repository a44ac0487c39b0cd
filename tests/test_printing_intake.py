"""The intake's one-key printing: Ctrl+P prints Mẫu 01, Ctrl+Shift+P the 80 mm slip.

Keyboard only, offscreen, against a real store (the intake dialog's own fixtures and helpers).
There is no printer here: the print dialog is replaced through ``PrintDialog.ask`` (it
"chooses" print to file) and ``ui.printing.printer_named`` plays the remembered printer,
handing out a QPrinter that writes a PDF file. See tests/test_printing.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from db.engine import Store
from tests.qt_helpers import runner_fixture  # noqa: F401 - fixture "runner"
from tests.test_forms import page_count
from tests.test_printing import (
    FakePrintDialog,
    page_size_pt,
    pdf_printer,
    qr_codes,
    user_settings,  # noqa: F401 - autouse fixture: settings in a temporary folder
)
from tests.test_ui_intake import (
    choose_birth_registration,
    ctx,  # noqa: F401 - fixture
    dialog,  # noqa: F401 - fixture
    fill_applicant,
    focused,
    press,
    tick_all,
)
from ui import printing
from ui.intake.dialog import IntakeDialog
from ui.printing import Paper, remember_printer, remembered_printer

pytestmark = pytest.mark.qt

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
PT_PER_MM = 72 / 25.4


def save_intake(qtbot: Any, dlg: IntakeDialog) -> str:
    choose_birth_registration(dlg)
    tick_all(dlg)
    fill_applicant(dlg)
    with qtbot.waitSignal(dlg.dossier_received, timeout=10_000) as blocker:
        press(Key.Key_Return)
    assert dlg.pages.currentWidget() is dlg.receipt_page
    return str(blocker.args[0])


def wait_message(qtbot: Any, dlg: IntakeDialog, part: str) -> str:
    label = dlg.receipt_page.message
    qtbot.waitUntil(lambda: part in label.text(), timeout=10_000)
    return str(label.text())


def test_ctrl_p_prints_mau_01_and_then_goes_straight_to_the_remembered_printer(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, dialog: IntakeDialog, store: Store,  # noqa: F811
    tmp_path: Path,
) -> None:  # fmt: skip
    dlg = dialog
    code = save_intake(qtbot, dlg)
    fake = FakePrintDialog([tmp_path / "first.pdf"]).install(monkeypatch)

    # First Ctrl+P: no printer remembered yet, so the print dialog asks.
    press(Key.Key_P, CTRL)
    text = wait_message(qtbot, dlg, "đã gửi")
    assert text == f"Mẫu 01 - {code}: đã gửi 2 trang tới tệp {tmp_path / 'first.pdf'}."
    assert dlg.receipt_page.message.property("level") == "ok"
    assert len(fake.calls) == 1
    assert fake.calls[0]["parent"] is dlg
    assert fake.calls[0]["copies"] == 1  # both liên are pages of Mẫu 01
    first = tmp_path / "first.pdf"
    assert page_count(first.read_bytes()) == 2
    assert qr_codes(first, tmp_path) == [code, code]  # no lookup address: the bare code

    # A remembered printer: Ctrl+P prints at once, no dialog.
    remember_printer(Paper.SHEET, "Máy in quầy 1")
    second = tmp_path / "second.pdf"
    monkeypatch.setattr(
        printing,
        "printer_named",
        lambda name: pdf_printer(second) if name == "Máy in quầy 1" else None,
    )
    press(Key.Key_P, CTRL)
    wait_message(qtbot, dlg, f"đã gửi 2 trang tới tệp {second}")
    assert len(fake.calls) == 1
    assert page_count(second.read_bytes()) == 2
    assert page_size_pt(second) == pytest.approx((595, 842), abs=1)

    # The receipt page now offers the 80 mm slip too.
    button = dlg.findChild(QPushButton, "intake.print_slip")
    assert isinstance(button, QPushButton)
    assert button.text() == "In phiếu hẹn khổ 80 mm (Ctrl+Shift+P)"
    assert button.isVisible()


def test_ctrl_shift_p_prints_the_slip_on_the_receipt_printer(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, dialog: IntakeDialog, store: Store,  # noqa: F811
    tmp_path: Path,
) -> None:  # fmt: skip
    dlg = dialog
    code = save_intake(qtbot, dlg)
    remember_printer(Paper.SHEET, "Máy in quầy 1")
    a4 = tmp_path / "mau01.pdf"
    monkeypatch.setattr(
        printing, "printer_named", lambda name: pdf_printer(a4) if name == "Máy in quầy 1" else None
    )
    press(Key.Key_P, CTRL)
    wait_message(qtbot, dlg, "đã gửi")

    # The slip has its own printer setting: none yet, so the dialog asks, on an 80 mm page.
    fake = FakePrintDialog([tmp_path / "slip.pdf"]).install(monkeypatch)
    press(Key.Key_P, CTRL | SHIFT)
    text = wait_message(qtbot, dlg, "đã gửi")
    assert text.startswith(f"Giấy hẹn 80 mm - {code}: đã gửi 1 trang")
    assert len(fake.calls) == 1
    assert fake.calls[0]["size_mm"].width() == pytest.approx(80, abs=0.1)
    slip = tmp_path / "slip.pdf"
    assert page_count(slip.read_bytes()) == 1
    assert page_size_pt(slip)[0] == pytest.approx(80 * PT_PER_MM, abs=0.5)
    assert qr_codes(slip, tmp_path, dpi=203) == [code]
    assert remembered_printer(Paper.SHEET) == "Máy in quầy 1"  # untouched

    # Remembered receipt printer: straight there.
    remember_printer(Paper.SLIP, "XP-80C")
    direct = tmp_path / "slip-direct.pdf"
    monkeypatch.setattr(
        printing, "printer_named", lambda name: pdf_printer(direct) if name == "XP-80C" else None
    )
    press(Key.Key_P, CTRL | SHIFT)
    wait_message(qtbot, dlg, f"đã gửi 1 trang tới tệp {direct}")
    assert len(fake.calls) == 1
    assert page_size_pt(direct) == pytest.approx(page_size_pt(slip), abs=0.5)


def test_print_keys_do_nothing_on_the_form_page(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, dialog: IntakeDialog, tmp_path: Path,  # noqa: F811
) -> None:  # fmt: skip
    dlg = dialog
    fake = FakePrintDialog([tmp_path / "never.pdf"]).install(monkeypatch)
    assert focused() is dlg.procedure_edit
    press(Key.Key_P, CTRL)
    qtbot.wait(100)
    assert fake.calls == []
    assert dlg.pages.currentIndex() == 0
