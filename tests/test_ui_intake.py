"""The intake dialog driven from the keyboard only, offscreen, against a real store.

Every key goes to the widget that has the focus (``QApplication.focusWidget()``), as on a real
keyboard: the tests never put the focus anywhere themselves, so they also prove the tab order,
Enter-advances and the shortcuts.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QWidget

from app.accounts import Role, UserInfo
from app.clock import format_local_minute, local, new_id
from app.errors import InvalidInput
from app.intake import parse_intake, receive_dossier
from db.engine import Store
from db.models import Dossier, Outbox
from tests.conftest import fixed_clock, intake_json, table_counts
from tests.qt_helpers import (
    desk_context,
    focused,
    press,
    runner_fixture,  # noqa: F401  (fixture "runner")
    type_in,
)
from ui.context import AppContext
from ui.intake.checklist import COL_COUNT, COL_TICK, COL_TYPE
from ui.intake.dialog import IntakeDialog
from ui.tasks import TaskRunner

pytestmark = pytest.mark.qt

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
CCCD = "010095001234"  # Lào Cai, male, born 1995


# --- fixtures and keyboard helpers --------------------------------------------------------------


@pytest.fixture
def ctx(store: Store, runner: TaskRunner) -> AppContext:
    """The officer who logged in; the dialog only needs their name (no account row)."""
    return desk_context(store, runner, UserInfo(new_id(), "cb.lan", "Lò Thị Lan", Role.OFFICER))


@pytest.fixture
def dialog(qtbot, ctx: AppContext) -> IntakeDialog:
    """Opened as the main window's F2 does: shown, active, focus in the procedure field."""
    dlg = IntakeDialog(ctx)
    qtbot.addWidget(dlg)
    with qtbot.waitSignal(dlg.reference_loaded, timeout=5_000):
        dlg.show()
    dlg.activateWindow()
    qtbot.waitActive(dlg)
    qtbot.waitUntil(lambda: focused() is dlg.procedure_edit, timeout=2_000)
    return dlg


def field(dlg: IntakeDialog, name: str) -> QWidget:
    widget = dlg.findChild(QWidget, name)
    assert widget is not None, name
    return widget


def message(dlg: IntakeDialog, name: str) -> QLabel:
    label = dlg.findChild(QLabel, f"{name}.message")
    assert label is not None, name
    return label


def choose_birth_registration(dlg: IntakeDialog) -> None:
    assert focused() is dlg.procedure_edit
    type_in("khai sinh")
    press(Key.Key_Return)
    assert dlg.procedure is not None
    assert dlg.procedure.code == "1.001193"


def fill_applicant(dlg: IntakeDialog, *, phone: str = "0912345678") -> None:
    """From the checklist: Enter, then every field in tab order."""
    press(Key.Key_Return)
    assert focused() is field(dlg, "intake.applicant.id_number")
    type_in(CCCD)
    press(Key.Key_Return)
    assert focused() is field(dlg, "intake.applicant.name")
    type_in("Giàng A Páo")
    press(Key.Key_Return)
    assert focused() is field(dlg, "intake.applicant.birth_date")
    type_in("12031995")
    press(Key.Key_Return)
    assert focused() is field(dlg, "intake.applicant.phone")
    type_in(phone)
    press(Key.Key_Return)
    assert focused() is field(dlg, "intake.applicant.email")
    press(Key.Key_Return)
    assert focused() is field(dlg, "intake.applicant.address")
    type_in("Bản Pà Cò, xã Pà Cò, tỉnh Phú Thọ")
    press(Key.Key_Return)
    assert focused() is field(dlg, "intake.channel")
    press(Key.Key_Return)
    assert focused() is field(dlg, "intake.result_delivery")


def tick_all(dlg: IntakeDialog) -> None:
    assert focused() is dlg.checklist
    for _ in range(len(dlg.checklist.lines())):
        press(Key.Key_Space)
    assert all(line.received for line in dlg.checklist.lines())


def wait_for_question(qtbot, box: QWidget) -> None:
    """The question window is up and has the keyboard."""
    qtbot.waitUntil(lambda: box.isVisible() and focused().window() is box, timeout=2_000)


def is_cccd(number: str) -> bool:
    return number == CCCD


def receive_earlier(store: Store) -> str:
    req = parse_intake(intake_json(received_at="2026-11-20 09:15"))
    return receive_dossier(store, req, actor="cb.lan", clock=fixed_clock).code


# --- the whole intake ---------------------------------------------------------------------------


def test_birth_registration_by_keyboard_only(qtbot, dialog: IntakeDialog, store: Store) -> None:
    dlg = dialog
    changed: list[list[str]] = []
    dlg.ctx.signals.dossiers_changed.connect(changed.append)

    choose_birth_registration(dlg)
    assert focused() is dlg.checklist
    assert [line.code for line in dlg.checklist.lines()] == ["TP01", "TP02", "TP03"]
    # Wednesday 25/11/2026 09:30, same-day procedure with a 15:00 cut-off.
    assert dlg.appointment_label.text() == "Hẹn trả: 17:00 thứ Tư 25/11/2026"
    assert dlg.fees_label.text() == "Phí, lệ phí: 0 đ"

    tick_all(dlg)  # Space ticks and moves down
    # TP02 as a certified copy: Up to its row, Right twice to the copy type, F2, Down, Enter.
    press(Key.Key_Up)
    press(Key.Key_Right)
    press(Key.Key_Right)
    assert dlg.checklist.currentColumn() == COL_TYPE
    press(Key.Key_F2)
    press(Key.Key_Down)
    press(Key.Key_Return)  # the delegate commits and closes its editor (queued)
    qtbot.waitUntil(lambda: focused() is dlg.checklist, timeout=2_000)
    assert dlg.checklist.lines()[1].copy_type == "certified_copy"
    # Two forms of TP01: Up, "+".
    press(Key.Key_Up)
    QTest.keyClicks(focused(), "+")
    assert dlg.checklist.lines()[0].copies == 2
    # An other paper: Ctrl+T opens its name, Enter keeps it.
    press(Key.Key_T, CTRL)
    assert isinstance(focused(), QLineEdit)
    type_in("Sổ hộ khẩu (bản cũ)")
    press(Key.Key_Return)
    qtbot.waitUntil(lambda: focused() is dlg.checklist, timeout=2_000)
    assert dlg.checklist.lines()[3].name == "Sổ hộ khẩu (bản cũ)"
    assert dlg.checklist_summary.text() == "Đã nhận đủ 3 giấy tờ bắt buộc"

    fill_applicant(dlg)
    assert field(dlg, "intake.applicant.birth_date").text() == "12/03/1995"  # type: ignore[attr-defined]
    assert "Hợp lệ" in message(dlg, "intake.applicant.id_number").text()
    with qtbot.waitSignal(dlg.dossier_received, timeout=10_000) as blocker:
        press(Key.Key_Return)  # Enter on the last field saves
    code = blocker.args[0]
    assert code.endswith("-261125-1001")
    assert changed == [[code]]

    # The receipt page, Mẫu 01's fields.
    assert dlg.pages.currentWidget() is dlg.receipt_page
    page = dlg.receipt_page
    assert page.code_label.text() == f"Mã hồ sơ: {code}"
    values = {k: v.text() for k, v in page.values.items()}
    assert values["applicant"] == "Giàng A Páo"
    assert values["request"] == "Đăng ký khai sinh"
    assert values["received"] == "09 giờ 30 phút, ngày 25 tháng 11 năm 2026"
    assert values["due"] == "17 giờ 00 phút, ngày 25 tháng 11 năm 2026 (thứ Tư)"
    assert values["sets"] == "1 (bộ)"
    assert values["contact"] == "0912345678"
    assert values["officer"] == "Lò Thị Lan"
    assert values["fees"] == "0 đ"
    assert values["documents"].splitlines()[0].startswith("(1) Tờ khai đăng ký khai sinh")
    assert values["documents"].splitlines()[0].endswith("Bản chính: 2")
    assert values["documents"].splitlines()[3] == "(4) Sổ hộ khẩu (bản cũ) — Bản chụp: 1"
    assert values["delivery"] == f"{dlg.ctx.agency.unit_name} — Xã Pà Cò"

    with store.read() as s:
        d = s.scalars(select(Dossier).where(Dossier.code == code)).one()
        assert d.procedure.code == "1.001193"
        assert d.channel == "direct"
        assert d.result_delivery == "desk"
        assert d.received_by == "cb.lan"
        assert format_local_minute(d.received_at) == "2026-11-25 09:30"
        assert format_local_minute(d.due_at) == "2026-11-25 17:00"
        assert d.fee_total == 0
        a = d.applicant
        assert (a.name, a.id_number, a.birth_date, a.phone, a.address) == (
            "Giàng A Páo",
            CCCD,
            date(1995, 3, 12),
            "0912345678",
            "Bản Pà Cò, xã Pà Cò, tỉnh Phú Thọ",
        )
        docs = sorted(d.documents, key=lambda x: x.position)
        assert [(x.doc_code, x.copy_type, x.copies, x.received) for x in docs] == [
            ("TP01", "original", 2, True),
            ("TP02", "certified_copy", 1, True),
            ("TP03", "presented", 1, True),
            ("", "photocopy", 1, True),
        ]
        assert docs[3].name == "Sổ hộ khẩu (bản cũ)"
        outbox = s.scalars(select(Outbox)).all()
        assert [(o.op, o.entity_id, o.state) for o in outbox] == [
            ("dossier.create", d.id, "pending")
        ]

    # Ctrl+P (printing Mẫu 01 with one key) is tested in tests/test_printing_intake.py.
    # F2: the next intake starts empty; Esc with nothing typed closes at once.
    press(Key.Key_F2)
    assert dlg.pages.currentIndex() == 0
    assert focused() is dlg.procedure_edit
    assert dlg.procedure is None
    assert not dlg.checklist.lines()
    assert not dlg.is_dirty()
    with qtbot.waitSignal(dlg.finished, timeout=2_000):
        press(Key.Key_Escape)
    assert dlg.confirm_box is None


def test_save_from_anywhere_with_ctrl_s_and_postal_delivery(
    qtbot, dialog: IntakeDialog, store: Store
) -> None:
    dlg = dialog
    choose_birth_registration(dlg)
    tick_all(dlg)
    fill_applicant(dlg)
    # By post: Down on the delivery combo enables the postal address, which is now last.
    postal = field(dlg, "intake.postal_address")
    assert not postal.isEnabled()
    press(Key.Key_Down)
    assert postal.isEnabled()
    press(Key.Key_Return)
    assert focused() is postal
    type_in("Thôn Nà Hẩu, xã Pà Cò")
    with qtbot.waitSignal(dlg.dossier_received, timeout=10_000) as blocker:
        press(Key.Key_S, CTRL)
    with store.read() as s:
        d = s.scalars(select(Dossier).where(Dossier.code == blocker.args[0])).one()
        assert d.result_delivery == "post"
        assert d.postal_address == "Thôn Nà Hẩu, xã Pà Cò"
    assert dlg.receipt_page.values["delivery"].text() == (
        "Qua dịch vụ bưu chính: Thôn Nà Hẩu, xã Pà Cò"
    )


# --- refusals write nothing ---------------------------------------------------------------------


def test_bad_phone_focuses_the_phone_field_and_writes_nothing(
    qtbot, dialog: IntakeDialog, data_dir: Path
) -> None:
    dlg = dialog
    before = table_counts(data_dir)
    choose_birth_registration(dlg)
    tick_all(dlg)
    fill_applicant(dlg, phone="12345")
    with qtbot.waitSignal(dlg.save_failed, timeout=10_000) as blocker:
        press(Key.Key_Return)
    exc = blocker.args[0]
    assert isinstance(exc, InvalidInput)
    assert exc.field == "applicant.phone"
    phone = field(dlg, "intake.applicant.phone")
    assert focused() is phone
    assert phone.property("invalid") is True
    assert message(dlg, "intake.applicant.phone").isVisible()
    assert message(dlg, "intake.applicant.phone").text() == (
        "Số điện thoại không hợp lệ: 10 số, ví dụ 0912345678"
    )
    assert dlg.pages.currentIndex() == 0
    qtbot.waitUntil(lambda: not dlg.busy(), timeout=5_000)
    assert table_counts(data_dir) == before
    # Typing a correct number clears the mark; saving then works.
    QTest.keyClick(focused(), Key.Key_A, CTRL)
    type_in("0912345678")
    assert phone.property("invalid") is False
    assert not message(dlg, "intake.applicant.phone").isVisible()
    with qtbot.waitSignal(dlg.dossier_received, timeout=10_000):
        press(Key.Key_S, CTRL)


def test_saving_without_a_procedure_marks_the_procedure_field(
    qtbot, dialog: IntakeDialog, data_dir: Path
) -> None:
    dlg = dialog
    before = table_counts(data_dir)
    type_in("khai")
    press(Key.Key_Escape)  # closes the procedure list, not the dialog
    assert dlg.isVisible()
    assert not dlg.procedure_list.isVisible()
    press(Key.Key_S, CTRL)
    assert focused() is dlg.procedure_edit
    assert dlg.procedure_edit.property("invalid") is True
    assert message(dlg, "intake.procedure").text().startswith("Chưa chọn thủ tục")
    assert not dlg.busy()
    assert table_counts(data_dir) == before


def test_a_missing_required_paper_asks_first(qtbot, dialog: IntakeDialog, data_dir: Path) -> None:
    dlg = dialog
    before = table_counts(data_dir)
    choose_birth_registration(dlg)
    press(Key.Key_Space)  # only TP01
    assert "1/3" in dlg.checklist_summary.text()
    fill_applicant(dlg)
    press(Key.Key_Return)
    box = dlg.confirm_box
    assert box is not None
    assert "2 giấy tờ bắt buộc" in box.text()
    wait_for_question(qtbot, box)
    press(Key.Key_Escape)  # "Quay lại đánh dấu": back to the first unticked paper
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dlg.checklist, timeout=2_000)
    assert dlg.confirm_box is None
    assert (dlg.checklist.currentRow(), dlg.checklist.currentColumn()) == (1, COL_TICK)
    assert table_counts(data_dir) == before
    # Ctrl+S again, and this time "Vẫn tiếp nhận" (V).
    press(Key.Key_S, CTRL)
    box = dlg.confirm_box
    assert box is not None
    wait_for_question(qtbot, box)
    with qtbot.waitSignal(dlg.dossier_received, timeout=10_000):
        press(Key.Key_V)
    assert [line.received for line in dlg.checklist.lines()] == [True, False, False]


def test_a_document_error_marks_its_row(dialog: IntakeDialog) -> None:
    dlg = dialog
    choose_birth_registration(dlg)
    press(Key.Key_Return)  # to the applicant: the error must bring the focus back
    assert dlg._build_request() is not None  # remembers document i -> checklist row
    exc = InvalidInput("documents[2].copies", "range", "documents[2].copies: từ 1 đến 99")
    dlg._on_save_failed(exc)  # as the save Task reports it
    assert focused() is dlg.checklist
    assert (dlg.checklist.currentRow(), dlg.checklist.currentColumn()) == (2, COL_COUNT)
    assert dlg.checklist.property("invalid") is True
    assert dlg.checklist_message.isVisible()
    assert dlg.checklist_message.text() == "từ 1 đến 99"
    press(Key.Key_Space)  # any change clears the mark
    assert dlg.checklist.property("invalid") is False
    assert not dlg.checklist_message.isVisible()


# --- cancelling ---------------------------------------------------------------------------------


def test_cancel_asks_then_leaves_nothing_behind(
    qtbot, dialog: IntakeDialog, data_dir: Path
) -> None:
    dlg = dialog
    before = table_counts(data_dir)
    choose_birth_registration(dlg)
    tick_all(dlg)
    press(Key.Key_Return)
    type_in(CCCD)
    qtbot.waitUntil(lambda: not dlg.busy(), timeout=5_000)
    assert dlg.is_dirty()

    press(Key.Key_Escape)  # something was typed: ask
    box = dlg.confirm_box
    assert box is not None
    wait_for_question(qtbot, box)
    assert box.defaultButton().text() == "&Tiếp tục nhập"
    press(Key.Key_Escape)  # Esc on the question = keep typing
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dlg.id_edit, timeout=2_000)
    assert dlg.confirm_box is None
    assert dlg.isVisible()
    assert field(dlg, "intake.applicant.id_number").text() == CCCD  # type: ignore[attr-defined]

    press(Key.Key_Escape)
    box = dlg.confirm_box
    assert box is not None
    wait_for_question(qtbot, box)
    with qtbot.waitSignal(dlg.rejected, timeout=2_000):
        press(Key.Key_B)  # "Bỏ hồ sơ"
    assert not dlg.isVisible()
    assert table_counts(data_dir) == before


def test_a_hidden_dialog_is_rejected_without_a_question(qtbot, dialog: IntakeDialog) -> None:
    """The main window hides dialogs when the desk locks and rejects them at logout."""
    dlg = dialog
    choose_birth_registration(dlg)
    dlg.hide()
    with qtbot.waitSignal(dlg.rejected, timeout=2_000):
        dlg.reject()
    assert dlg.confirm_box is None


# --- applicant ----------------------------------------------------------------------------------


def test_known_cccd_offers_to_reuse_the_applicant(
    qtbot, dialog: IntakeDialog, store: Store
) -> None:
    receive_earlier(store)
    dlg = dialog
    choose_birth_registration(dlg)
    press(Key.Key_Return)
    assert focused() is field(dlg, "intake.applicant.id_number")
    with qtbot.waitSignal(dlg.lookup_finished, timeout=5_000, check_params_cb=is_cccd):
        type_in(CCCD)
    assert dlg.reuse_bar.isVisible()
    assert dlg.reuse_label.text() == (
        "Đã có người nộp Giàng A Páo (1 hồ sơ). Dùng lại thông tin? [Ctrl+R]"
    )
    press(Key.Key_R, CTRL)
    assert not dlg.reuse_bar.isVisible()
    assert dlg.name_edit.text() == "Giàng A Páo"
    assert dlg.phone_edit.text() == "0912345678"
    assert dlg.address_edit.text() == "Bản Pà Cò, xã Pà Cò, tỉnh Phú Thọ"
    assert focused() is dlg.name_edit
    # Changing the number withdraws the offer.
    dlg.id_edit.setText("010095001235")
    assert not dlg.reuse_bar.isVisible()


def test_unknown_cccd_offers_nothing(qtbot, dialog: IntakeDialog) -> None:
    dlg = dialog
    choose_birth_registration(dlg)
    press(Key.Key_Return)
    with qtbot.waitSignal(dlg.lookup_finished, timeout=5_000, check_params_cb=is_cccd):
        type_in(CCCD)
    assert not dlg.reuse_bar.isVisible()
    press(Key.Key_R, CTRL)  # nothing to reuse: nothing happens
    assert dlg.name_edit.text() == ""


def test_cccd_is_checked_as_it_is_typed(dialog: IntakeDialog) -> None:
    dlg = dialog
    choose_birth_registration(dlg)
    press(Key.Key_Return)
    note = message(dlg, "intake.applicant.id_number")
    type_in("0100950")
    assert note.text() == "Đã nhập 7/12 chữ số"
    assert note.property("level") == "hint"
    type_in("01234")
    assert note.property("level") == "ok"
    assert note.text() == "Hợp lệ: Nam, sinh năm 1995, nơi đăng ký khai sinh Lào Cai"
    # Birth date must agree with the number.
    press(Key.Key_Return)
    press(Key.Key_Return)
    type_in("12/03/1996")
    born = message(dlg, "intake.applicant.birth_date")
    assert born.text() == "Không khớp số định danh (năm sinh theo số định danh: 1995)"
    # A 9-digit CMND is accepted with a warning; an unknown province is refused.
    dlg.id_edit.setText("123456789")
    assert note.property("level") == "warning"
    assert "CMND 9 số" in note.text()
    dlg.id_edit.setText("999095001234")
    assert note.property("level") == "error"
    assert note.text().startswith("Mã tỉnh 999 không tồn tại")


# --- procedure and appointment ------------------------------------------------------------------


def test_appointment_follows_the_procedure(dialog: IntakeDialog) -> None:
    dlg = dialog
    assert dlg.appointment_label.text() == ""
    choose_birth_registration(dlg)
    assert dlg.appointment_label.text() == "Hẹn trả: 17:00 thứ Tư 25/11/2026"
    # Back to the procedure (Alt+T), another one by its code: 3 working days.
    press(Key.Key_T, Qt.KeyboardModifier.AltModifier)
    assert focused() is dlg.procedure_edit
    press(Key.Key_A, CTRL)
    type_in("1.004873")
    assert dlg.procedure_list.isVisible()
    press(Key.Key_Return)
    assert dlg.procedure is not None
    assert dlg.procedure.code == "1.004873"
    assert dlg.appointment_label.text() == "Hẹn trả: 09:30 thứ Hai 30/11/2026"
    assert "03 ngày làm việc" in dlg.procedure_info.text()
    # A fee: Cấp bản sao Trích lục hộ tịch.
    press(Key.Key_T, Qt.KeyboardModifier.AltModifier)
    press(Key.Key_A, CTRL)
    type_in("trich luc")
    press(Key.Key_Return)
    assert dlg.procedure is not None
    assert dlg.procedure.code == "2.000635"
    assert dlg.fees_label.text() == "Phí, lệ phí: 8.000 đ"
    assert dlg.appointment_label.text() == "Hẹn trả: 17:00 thứ Tư 25/11/2026"
    # Fees by page with a cap are shown as such, never summed.
    press(Key.Key_T, Qt.KeyboardModifier.AltModifier)
    press(Key.Key_A, CTRL)
    type_in("2.000815")
    press(Key.Key_Return)
    assert dlg.fees_label.text() == (
        "Phí, lệ phí: nhiều mức: 2.000 đ/trang · 1.000 đ/trang · 200.000 đ/bản"
    )


def test_procedure_list_matches_names_codes_and_initials(dialog: IntakeDialog) -> None:
    dlg = dialog

    def first(query: str) -> str:
        press(Key.Key_A, CTRL)
        type_in(query)
        item = dlg.procedure_list.item(0)
        assert dlg.procedure_list.isVisible(), query
        assert item is not None, query
        return str(item.data(Qt.ItemDataRole.UserRole))

    # Empty field: the most common first, so Enter alone takes khai sinh.
    assert dlg.procedure_list.isVisible()
    assert dlg.procedure_list.item(0).data(Qt.ItemDataRole.UserRole) == "1.001193"
    assert first("khai sinh") == "1.001193"
    assert first("Khai Sinh") == "1.001193"
    assert first("1.001193") == "1.001193"
    assert first("001193") == "1.001193"
    assert first("chung thuc") == "2.000815"
    assert first("chứng thực chữ ký") == "2.000884"
    assert first("ket hon") == "1.000894"
    assert first("dkkt") == "1.000656"  # Đăng ký khai tử
    press(Key.Key_A, CTRL)
    type_in("zzzz")
    assert not dlg.procedure_list.isVisible()
    assert "Không có thủ tục nào khớp" in message(dlg, "intake.procedure").text()
    press(Key.Key_Return)  # nothing to choose: Enter stays in the field
    assert focused() is dlg.procedure_edit
    assert dlg.procedure is None
    # Down/Up move in the list; Enter takes the highlighted one.
    press(Key.Key_A, CTRL)
    type_in("khai sinh")
    press(Key.Key_Down)
    chosen = dlg.procedure_list.currentItem().data(Qt.ItemDataRole.UserRole)
    press(Key.Key_Return)
    assert dlg.procedure is not None
    assert dlg.procedure.code == chosen != "1.001193"


def test_tab_through_an_empty_procedure_field_chooses_nothing(dialog: IntakeDialog) -> None:
    press(Key.Key_Tab)
    assert dialog.procedure is None
    assert focused() is dialog.checklist
    assert not dialog.procedure_list.isVisible()


def test_enter_on_an_empty_procedure_field_takes_the_most_common(dialog: IntakeDialog) -> None:
    press(Key.Key_Return)
    assert dialog.procedure is not None
    assert dialog.procedure.code == "1.001193"
    assert focused() is dialog.checklist


def test_every_input_and_action_has_a_stable_name(dialog: IntakeDialog) -> None:
    names = [
        "intake.procedure",
        "intake.procedure_list",
        "intake.checklist",
        "intake.fees",
        "intake.appointment",
        "intake.applicant.id_number",
        "intake.applicant.name",
        "intake.applicant.birth_date",
        "intake.applicant.phone",
        "intake.applicant.email",
        "intake.applicant.address",
        "intake.channel",
        "intake.result_delivery",
        "intake.postal_address",
        "intake.reuse",
        "intake.save",
        "intake.cancel",
    ]
    for name in names:
        assert dialog.findChild(QWidget, name) is not None, name
    shortcuts = {a.objectName(): a.shortcut().toString() for a in dialog.actions()}
    page = dialog.receipt_page  # built on first use
    for name in ("intake.print", "intake.new", "intake.close", "intake.receipt.code"):
        assert page.findChild(QWidget, name) is not None, name
    assert shortcuts == {
        "intake.action.save": "Ctrl+S",
        "intake.action.reuse": "Ctrl+R",
        "intake.action.add_document": "Ctrl+T",
        "intake.action.print": "Ctrl+P",
        "intake.action.new": "F2",
    }
    # Every shortcut is written on its button.
    assert "Ctrl+S" in dialog.save_button.text()
    assert "Esc" in dialog.cancel_button.text()
    assert "Ctrl+R" in dialog.reuse_button.text()
    assert "Ctrl+P" in dialog.receipt_page.print_button.text()
    assert "F2" in dialog.receipt_page.new_button.text()


def test_the_appointment_is_computed_from_the_clock(qtbot, ctx: AppContext) -> None:
    """After the 15:00 cut-off a same-day procedure is due the next working day."""
    late = local(fixed_clock()).replace(hour=15, minute=30)
    ctx.clock = lambda: late
    dlg = IntakeDialog(ctx)
    qtbot.addWidget(dlg)
    with qtbot.waitSignal(dlg.reference_loaded, timeout=5_000):
        dlg.show()
    assert dlg.index is not None
    row = dlg.index.get("1.001193")
    assert row is not None
    dlg.choose_procedure(row)
    assert dlg.appointment_label.text() == "Hẹn trả: 17:00 thứ Năm 26/11/2026"


def test_a_9_digit_cmnd_is_looked_up_after_a_pause(
    qtbot, dialog: IntakeDialog, store: Store
) -> None:
    req = parse_intake(
        intake_json(
            received_at="2026-11-20 09:15",
            applicant={"name": "Lò Văn Tính", "id_number": "123456789", "phone": "0987654321"},
        )
    )
    receive_dossier(store, req, actor="cb.lan", clock=fixed_clock)
    dlg = dialog
    choose_birth_registration(dlg)
    press(Key.Key_Return)
    with qtbot.waitSignal(
        dlg.lookup_finished, timeout=5_000, check_params_cb=lambda n: n == "123456789"
    ):
        type_in("123456789")
    assert dlg.reuse_label.text().startswith("Đã có người nộp Lò Văn Tính (1 hồ sơ)")
    press(Key.Key_R, CTRL)
    assert dlg.phone_edit.text() == "0987654321"
