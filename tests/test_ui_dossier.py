"""The dossier view driven offscreen: fields, every lifecycle action, refusals, reminders, keys."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton

from app.accounts import Role, UserInfo
from app.catalogue_schema import COPY_TYPE_LABELS
from app.clock import VN_TZ
from app.datadir import db_path
from app.dossiers import DossierView, extend, show, transition
from app.intake import parse_intake, receive_dossier
from app.lifecycle import LABELS_VI, REASON_REQUIRED, State
from db.engine import Store
from tests.conftest import fixed_clock, intake_json, table_counts
from tests.qt_helpers import (
    desk_context,
    runner_fixture,  # noqa: F401  (fixture "runner")
)
from ui.context import AppContext
from ui.dossier import actions as dlgs
from ui.dossier.view import ACTIONS, DossierDialog
from ui.formatting import copy_type_label, format_datetime, format_money, state_label
from ui.tasks import TaskRunner

pytestmark = pytest.mark.qt

OFFICER = "canbo1"
PAO = {
    "name": "Giàng A Páo",
    "id_number": "010095001234",
    "phone": "0912345678",
    "address": "Bản Pà Cò, xã Pà Cò, tỉnh Phú Thọ",
    "email": "pao@example.vn",
}
LONG = "1.004222"  # Đăng ký thường trú: 7 working days, never due soon at the fixed clock
SAME_DAY = "1.001193"  # Đăng ký khai sinh: due 17:00 the same day (due soon at 09:30)


# --- fixtures and helpers ---------------------------------------------------------------------


@pytest.fixture
def ctx(store: Store, runner: TaskRunner) -> AppContext:
    return desk_context(store, runner, UserInfo("u-1", OFFICER, "Lò Thị Mai", Role.OFFICER))


def receive(store: Store, **over: Any) -> str:
    data = intake_json(applicant=dict(PAO), procedure=LONG, **over)
    return receive_dossier(store, parse_intake(data), actor=OFFICER, clock=fixed_clock).code


def step(store: Store, code: str, *targets: State) -> None:
    """Move a dossier through lifecycle steps directly (the set-up of a test)."""
    for target in targets:
        reason = "Chuẩn bị" if target in REASON_REQUIRED else ""
        transition(store, code, target, actor="setup", reason=reason, clock=fixed_clock)


def open_dialog(qtbot, ctx: AppContext, code: str) -> DossierDialog:
    dialog = DossierDialog(ctx, code)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.data is not None and not dialog.loading, timeout=5_000)
    return dialog


def last_outbox(data_dir: Path, dossier_id: str) -> tuple[str, str, dict[str, Any]]:
    with closing(sqlite3.connect(db_path(data_dir))) as conn:
        op, user, payload = conn.execute(
            "SELECT op, user_id, payload FROM outbox WHERE entity_id = ? "
            "ORDER BY device_seq DESC LIMIT 1",
            (dossier_id,),
        ).fetchone()
    return op, user, json.loads(payload)


@dataclass
class FakeAsk:
    """Replaces a dialog's ``ask``: records the call and answers at once (or not at all)."""

    answer: object | None
    calls: list[tuple[Any, ...]] = field(default_factory=list)

    def install(self, monkeypatch: pytest.MonkeyPatch, dialog_class: type) -> FakeAsk:
        def ask(cls: type, parent: Any, view: DossierView, done: Any, *rest: Any) -> None:
            self.calls.append((cls, view, *rest))
            if self.answer is not None:
                done(self.answer)

        monkeypatch.setattr(dialog_class, "ask", classmethod(ask))
        return self


def press(dialog: DossierDialog, shortcut: str) -> None:
    """Type a shortcut such as "Ctrl+Shift+B" at the dialog."""
    *mods, key = shortcut.split("+")
    modifiers = Qt.KeyboardModifier.NoModifier
    for m in mods:
        modifiers |= {
            "Ctrl": Qt.KeyboardModifier.ControlModifier,
            "Shift": Qt.KeyboardModifier.ShiftModifier,
        }[m]
    QTest.keyClick(dialog, getattr(Qt.Key, f"Key_{key}"), modifiers)


def type_text(widget: Any, text: str) -> None:
    """Type Vietnamese text as key events.

    Not ``tests.qt_helpers.type_text``: with PySide6 6.12, ``QTest.keyClicks`` aborts the
    process on Latin-1 letters above U+007F too ("á", "ê", "ô"), so only ASCII goes through
    it here; every other character is a key event carrying its text.
    """
    for ch in text:
        if ord(ch) < 0x80:
            QTest.keyClicks(widget, ch)
        else:
            QTest.sendKeyEvent(
                QTest.KeyAction.Click,
                widget,
                Qt.Key.Key_unknown,
                ch,
                Qt.KeyboardModifier.NoModifier,
            )


def all_enabled(dialog: DossierDialog) -> set[str]:
    return {k for k, b in dialog.buttons.items() if b.isEnabled()}


# --- what the view shows ----------------------------------------------------------------------


def test_shows_every_field_checklist_history_and_attachments(qtbot, store, ctx) -> None:
    code = receive(
        store,
        documents=[{"code": "TP01", "received": True}],
        result_delivery="post",
        postal_address="Tổ 3, bản Pà Cò",
    )
    dialog = open_dialog(qtbot, ctx, code)
    f = {name: label.text() for name, label in dialog.fields.items()}
    assert f["code"] == code
    assert f["state"] == "Đã tiếp nhận — mã trạng thái quốc gia 2 (Được tiếp nhận)"
    assert f["procedure"] == "1.004222 — Đăng ký thường trú"
    assert f["channel"] == "Trực tiếp"
    assert f["received"] == "25/11/2026 09:15, bởi canbo1"
    assert f["due"].startswith("04/12/2026 09:15")
    assert f["finished"] == "Chưa kết thúc"
    assert f["sets"] == "1"
    # Thường trú has two rates (direct / online): no single amount is recorded at intake.
    assert f["fee"] == "Theo biểu phí của thủ tục (nhiều mức)"
    assert f["applicant"] == "Giàng A Páo"
    assert f["id_number"] == "010095001234"
    assert f["phone"] == "0912345678"
    assert f["address"] == "Bản Pà Cò, xã Pà Cò, tỉnh Phú Thọ"
    assert f["email"] == "pao@example.vn"
    assert f["delivery"] == "Nhận qua bưu chính: Tổ 3, bản Pà Cò"
    assert dialog.state_chip.text() == "Đã tiếp nhận"
    assert dialog.windowTitle() == f"Hồ sơ {code} — Giàng A Páo"

    checklist = dialog.checklist
    assert checklist.rowCount() == 2
    assert [checklist.item(0, c).text() for c in (0, 2, 3, 4)] == ["TP01", "Bản chính", "1", "✓"]
    assert checklist.item(1, 4).text() == "chưa nhận"
    assert dialog.tabs.tabText(0) == "&Thành phần hồ sơ (2)"

    history = dialog.history
    assert history.rowCount() == 1
    assert [history.item(0, c).text() for c in range(4)] == [
        "25/11/2026 09:15",
        OFFICER,
        "Tiếp nhận hồ sơ",
        "Đã tiếp nhận",
    ]
    assert dialog.attachments.count() == 1
    assert dialog.attachments.item(0).text() == "Chưa có tệp số hóa"
    assert not dialog.banner.isVisible()  # due in 7 working days


def test_history_shows_who_when_what_why(qtbot, store, ctx) -> None:
    code = receive(store)
    step(store, code, State.IN_PROCESS)
    transition(
        store, code, State.STOPPED, actor="lanhdao", reason="Công dân đề nghị", clock=fixed_clock
    )
    dialog = open_dialog(qtbot, ctx, code)
    h = dialog.history
    assert h.rowCount() == 3
    assert [h.item(2, c).text() for c in range(5)] == [
        "25/11/2026 09:30",
        "lanhdao",
        "Dừng giải quyết",
        "Đang giải quyết → Dừng giải quyết",
        "Công dân đề nghị",
    ]
    assert dialog.fields["finished"].text() == "25/11/2026 09:30"
    assert all_enabled(dialog) == set()
    assert dialog.actions_hint.text() == (
        "Hồ sơ đã kết thúc (Dừng giải quyết): không còn bước nào để làm."
    )


def test_labels_match_the_domain_words() -> None:
    for state, text in LABELS_VI.items():
        assert state_label(state.value) == text
    for copy_type, text in COPY_TYPE_LABELS.items():
        assert copy_type_label(copy_type) == text
    assert format_money(2000) == "2.000 đ"
    assert format_money(1_250_000) == "1.250.000 đ"
    assert format_datetime(datetime(2026, 1, 2, 3, 4, tzinfo=VN_TZ)) == "02/01/2026 03:04"


def test_every_input_and_action_has_a_stable_object_name(qtbot, store, ctx) -> None:
    dialog = open_dialog(qtbot, ctx, receive(store))
    for spec in ACTIONS:
        assert (
            dialog.findChild(QPushButton, f"dossier.action.{spec.key}") is dialog.buttons[spec.key]
        )
    for name in ("dossier.reload", "dossier.close", "dossier.banner.extend"):
        assert dialog.findChild(QPushButton, name) is not None
    view = dialog.data.view
    for cls in (dlgs.RefuseDialog, dlgs.SupplementRequestDialog, dlgs.HandOverDialog):
        small = cls(dialog, view)
        assert small.objectName() == f"dossier.dialog.{cls.KEY}"
        assert small.ok_button.objectName() == f"dossier.{cls.KEY}.ok"
    supplement = dlgs.SupplementRequestDialog(dialog, view)
    for name in ("items", "other", "reason"):
        assert supplement.findChild(object, f"dossier.supplement.{name}") is not None


# --- every lifecycle action through the dialog ------------------------------------------------

HAND_OVER = dlgs.HandOverAnswer("Giàng Thị Mỷ", "Vợ người nộp")
SUPPLEMENT = dlgs.SupplementAnswer(
    missing=("Tờ khai thay đổi thông tin cư trú (Mẫu CT01)", "Sổ hộ khẩu cũ"),
    missing_codes=("TP01",),
    reason="Tờ khai thiếu chữ ký của chủ hộ",
)

CASES = [
    # key, set-up steps, dialog class, answer, state after, reason recorded, payload extras, form
    ("start", (), dlgs.StartDialog, dlgs.Confirmed(), State.IN_PROCESS, "", {}, None),
    (
        "supplement",
        (),
        dlgs.SupplementRequestDialog,
        SUPPLEMENT,
        State.SUPPLEMENT_REQUESTED,
        SUPPLEMENT.reason,
        {"missing": list(SUPPLEMENT.missing), "missing_codes": ["TP01"]},
        "02",
    ),
    (
        "supplement_received",
        (State.SUPPLEMENT_REQUESTED,),
        dlgs.SupplementReceivedDialog,
        dlgs.Confirmed(),
        State.SUPPLEMENT_RECEIVED,
        "",
        {},
        None,
    ),
    (
        "refuse",
        (),
        dlgs.RefuseDialog,
        dlgs.ReasonAnswer("Không thuộc thẩm quyền của xã"),
        State.REFUSED,
        "Không thuộc thẩm quyền của xã",
        {},
        "03",
    ),
    (
        "forward",
        (State.IN_PROCESS,),
        dlgs.ForwardDialog,
        dlgs.ForwardAnswer("Công an xã Pà Cò"),
        State.FORWARDED,
        "",
        {"agency": "Công an xã Pà Cò"},
        None,
    ),
    (
        "result",
        (State.IN_PROCESS,),
        dlgs.ResultReadyDialog,
        dlgs.Confirmed(),
        State.RESULT_READY,
        "",
        {},
        None,
    ),
    (
        "return",
        (State.IN_PROCESS, State.RESULT_READY),
        dlgs.HandOverDialog,
        HAND_OVER,
        State.RETURNED,
        "",
        {"handed_to": "Giàng Thị Mỷ", "handed_to_id": "Vợ người nộp"},
        None,
    ),
    (
        "withdraw",
        (State.IN_PROCESS,),
        dlgs.WithdrawDialog,
        dlgs.ReasonAnswer("Công dân chuyển nơi ở"),
        State.WITHDRAWAL_REQUESTED,
        "Công dân chuyển nơi ở",
        {},
        None,
    ),
    (
        "stop",
        (State.IN_PROCESS, State.WITHDRAWAL_REQUESTED),
        dlgs.StopDialog,
        dlgs.ReasonAnswer("Theo đề nghị rút hồ sơ"),
        State.STOPPED,
        "Theo đề nghị rút hồ sơ",
        {},
        "05",
    ),
]


@pytest.mark.parametrize(
    ("key", "setup", "dialog_class", "answer", "after", "reason", "extras", "form"),
    CASES,
    ids=[c[0] for c in CASES],
)
def test_lifecycle_action_writes_state_event_and_outbox(
    qtbot, monkeypatch, store, data_dir, ctx, key, setup, dialog_class, answer, after, reason,
    extras, form,
) -> None:  # fmt: skip
    code = receive(store, documents=[{"code": "TP02", "received": True}])
    step(store, code, *setup)
    before = show(store, code)
    fake = FakeAsk(answer).install(monkeypatch, dialog_class)
    printed: list[tuple[str, str]] = []
    original_print = DossierDialog.print_form

    def record_print(self: DossierDialog, c: str, f: str) -> None:
        printed.append((c, f))
        original_print(self, c, f)

    monkeypatch.setattr(DossierDialog, "print_form", record_print)
    dialog = open_dialog(qtbot, ctx, code)
    assert key in all_enabled(dialog)
    broadcast: list[list[str]] = []
    ctx.signals.dossiers_changed.connect(broadcast.append)
    changed: list[str] = []
    dialog.dossier_changed.connect(changed.append)

    with qtbot.waitSignals([dialog.dossier_changed, dialog.loaded], timeout=5_000):
        qtbot.mouseClick(dialog.buttons[key], Qt.MouseButton.LeftButton)
    assert changed == [code]
    assert broadcast == [[code]]
    assert len(fake.calls) == 1
    assert fake.calls[0][1].row.code == code  # asked with the loaded dossier

    v = show(store, code)
    assert v.row.state == after.value
    event = v.events[-1]
    assert (event.kind, event.from_state, event.to_state) == (
        "transition",
        before.row.state,
        after.value,
    )
    assert (event.actor, event.reason) == (OFFICER, reason)
    op, user, payload = last_outbox(data_dir, v.row.id)
    assert (op, user) == ("dossier.transition", OFFICER)
    assert payload["to"] == after.value
    assert payload["reason"] == reason
    for name, value in extras.items():
        assert payload[name] == value
    # The view shows the new state, and the form hook ran for the steps that print one.
    assert dialog.state_chip.text() == LABELS_VI[after]
    assert dialog.history.rowCount() == len(v.events)
    assert printed == ([(code, form)] if form else [])
    assert dialog.notice.text().startswith("Đã ghi: ")
    if form:
        assert f"Mẫu {form} - {code}" in dialog.notice.text()


def test_extension_writes_new_due_event_and_outbox(qtbot, monkeypatch, store, data_dir, ctx):
    code = receive(store)
    before = show(store, code)
    new_due = datetime(2026, 12, 9, 16, 0, tzinfo=VN_TZ)
    fake = FakeAsk(dlgs.ExtendAnswer(new_due, "Cần xác minh nơi cư trú")).install(
        monkeypatch, dlgs.ExtendDialog
    )
    dialog = open_dialog(qtbot, ctx, code)
    with qtbot.waitSignals([dialog.dossier_changed, dialog.loaded], timeout=5_000):
        qtbot.mouseClick(dialog.buttons["extend"], Qt.MouseButton.LeftButton)
    _cls, _view, proposed, earliest = fake.calls[0]
    # The proposal: 3 working days after the due date (Fri 04/12 09:15 -> Wed 09/12 09:15).
    assert proposed == datetime(2026, 12, 9, 9, 15, tzinfo=VN_TZ)
    assert earliest == before.row.due_at

    v = show(store, code)
    assert v.row.due_at == new_due
    assert v.original_due_at == before.row.due_at
    assert (v.extension_count, v.extension_reason) == (1, "Cần xác minh nơi cư trú")
    event = v.events[-1]
    assert (event.kind, event.actor, event.reason) == ("extension", OFFICER, v.extension_reason)
    op, user, payload = last_outbox(data_dir, v.row.id)
    assert (op, user) == ("dossier.extend", OFFICER)
    assert payload["due_at"] == new_due.isoformat()
    due_text = dialog.fields["due"].text()
    assert due_text.startswith("09/12/2026 16:00")
    assert "Hẹn ban đầu: 04/12/2026 09:15" in due_text
    assert "Đã gia hạn một lần. Lý do: Cần xác minh nơi cư trú" in due_text
    assert "Mẫu 04" in dialog.notice.text()
    assert "extend" not in all_enabled(dialog)


def test_cancelled_dialog_writes_nothing(qtbot, monkeypatch, store, data_dir, ctx) -> None:
    code = receive(store)
    fake = FakeAsk(None).install(monkeypatch, dlgs.RefuseDialog)
    dialog = open_dialog(qtbot, ctx, code)
    counts = table_counts(data_dir)
    qtbot.mouseClick(dialog.buttons["refuse"], Qt.MouseButton.LeftButton)
    qtbot.wait(100)
    assert len(fake.calls) == 1
    assert table_counts(data_dir) == counts
    assert ctx.runner.pending() == 0


# --- refusals: explained, never silent, nothing written ---------------------------------------


def _refused(qtbot, monkeypatch, dialog, data_dir, key: str, shortcut: str, dialog_class) -> str:
    fake = FakeAsk(dlgs.Confirmed()).install(monkeypatch, dialog_class)
    assert not dialog.buttons[key].isEnabled()
    tooltip = dialog.buttons[key].toolTip()
    counts = table_counts(data_dir)
    press(dialog, shortcut)
    qtbot.wait(50)
    assert fake.calls == []  # nothing asked
    assert dialog.notice.isVisible()
    assert dialog.notice.property("level") == "warning"
    assert dialog.notice.text() == tooltip  # the same explanation as the tooltip
    assert table_counts(data_dir) == counts
    return dialog.notice.text()


def test_second_supplement_request_is_refused_and_explained(
    qtbot, monkeypatch, store, data_dir, ctx
) -> None:
    code = receive(store)
    step(store, code, State.SUPPLEMENT_REQUESTED, State.SUPPLEMENT_RECEIVED, State.IN_PROCESS)
    dialog = open_dialog(qtbot, ctx, code)
    text = _refused(
        qtbot, monkeypatch, dialog, data_dir, "supplement", "Ctrl+B", dlgs.SupplementRequestDialog
    )
    assert text == (
        "Yêu cầu bổ sung: Chỉ được yêu cầu bổ sung hồ sơ một lần. "
        "Trạng thái hiện tại: Đang giải quyết."
    )
    assert show(store, code).supplement_count == 1


def test_second_extension_is_refused_and_explained(
    qtbot, monkeypatch, store, data_dir, ctx
) -> None:
    code = receive(store)
    extend(
        store,
        code,
        datetime(2026, 12, 10, 17, 0, tzinfo=VN_TZ),
        actor="setup",
        reason="Lần một",
        clock=fixed_clock,
    )
    dialog = open_dialog(qtbot, ctx, code)
    text = _refused(qtbot, monkeypatch, dialog, data_dir, "extend", "Ctrl+E", dlgs.ExtendDialog)
    assert text.startswith("Gia hạn: Chỉ được gia hạn một lần.")
    assert "Hẹn ban đầu 04/12/2026 09:15, hẹn hiện tại 10/12/2026 17:00." in text


def test_returning_a_result_that_is_not_ready_is_refused(
    qtbot, monkeypatch, store, data_dir, ctx
) -> None:
    code = receive(store)
    step(store, code, State.IN_PROCESS)
    dialog = open_dialog(qtbot, ctx, code)
    text = _refused(
        qtbot, monkeypatch, dialog, data_dir, "return", "Ctrl+Shift+K", dlgs.HandOverDialog
    )
    assert "Trạng thái hiện tại: Đang giải quyết." in text
    assert "chỉ làm được khi hồ sơ ở trạng thái: Có kết quả, chờ trả." in text
    assert show(store, code).row.state == State.IN_PROCESS.value


def test_refusal_after_processing_started_and_terminal_dossier(
    qtbot, monkeypatch, store, data_dir, ctx
) -> None:
    code = receive(store)
    step(store, code, State.IN_PROCESS)
    dialog = open_dialog(qtbot, ctx, code)
    text = _refused(qtbot, monkeypatch, dialog, data_dir, "refuse", "Ctrl+T", dlgs.RefuseDialog)
    assert "Đã tiếp nhận" in text

    done = receive(store)
    step(store, done, State.REFUSED)
    dialog = open_dialog(qtbot, ctx, done)
    assert all_enabled(dialog) == set()
    text = _refused(qtbot, monkeypatch, dialog, data_dir, "stop", "Ctrl+D", dlgs.StopDialog)
    assert "Hồ sơ đã kết thúc" in text


def test_write_refused_by_the_store_is_shown_and_changes_nothing(
    qtbot, monkeypatch, store, data_dir, ctx
) -> None:
    """Another desk moved the dossier after the view loaded: the store's check wins."""
    code = receive(store)
    FakeAsk(dlgs.ReasonAnswer("Không thuộc thẩm quyền")).install(monkeypatch, dlgs.RefuseDialog)
    dialog = open_dialog(qtbot, ctx, code)
    step(store, code, State.IN_PROCESS)  # behind the dialog's back
    counts = table_counts(data_dir)
    with (
        qtbot.waitSignal(dialog.loaded, timeout=5_000),
        qtbot.assertNotEmitted(dialog.dossier_changed),
    ):
        press(dialog, "Ctrl+T")
        qtbot.waitUntil(lambda: dialog.notice.property("level") == "error", timeout=5_000)
    assert table_counts(data_dir) == counts
    assert dialog.notice.text().startswith("Từ chối chưa được ghi: ")
    assert "không thực hiện được ở trạng thái hiện tại" in dialog.notice.text()
    assert dialog.state_chip.text() == "Đang giải quyết"  # reloaded
    assert "refuse" not in all_enabled(dialog)


# --- reminders: overdue and due soon ----------------------------------------------------------


def test_overdue_banner_offers_apology_and_extension(qtbot, monkeypatch, store, ctx) -> None:
    code = receive(store, received_at="2026-11-02 09:00")  # due 11/11/2026 09:00
    step(store, code, State.IN_PROCESS)
    new_due = datetime(2026, 11, 30, 17, 0, tzinfo=VN_TZ)
    fake = FakeAsk(dlgs.ExtendAnswer(new_due, "Chờ xác minh của Công an")).install(
        monkeypatch, dlgs.ExtendDialog
    )
    dialog = open_dialog(qtbot, ctx, code)
    assert dialog.banner.isVisible()
    assert dialog.banner.property("level") == "overdue"
    text = dialog.banner_text.text()
    assert text.startswith("Hồ sơ đã quá hạn (hẹn trả 11/11/2026 09:00)")
    assert "gửi văn bản xin lỗi và gia hạn (Ctrl+E)" in text
    assert "ĐÃ QUÁ HẠN" in dialog.fields["due"].text()
    assert dialog.focusWidget() is dialog.banner_extend  # one Enter away

    with qtbot.waitSignal(dialog.loaded, timeout=5_000):
        QTest.keyClick(dialog.banner_extend, Qt.Key.Key_Return)
    _cls, _view, proposed, earliest = fake.calls[0]
    # Overdue: counted from now (Wed 25/11 09:30) + 3 working days, not from the past due date.
    assert proposed == datetime(2026, 11, 30, 9, 30, tzinfo=VN_TZ)
    assert earliest == fixed_clock()
    assert show(store, code).row.due_at == new_due
    assert not dialog.banner.isVisible()  # no longer overdue, not within 2 working days


def test_overdue_after_the_one_extension_says_so(qtbot, store, ctx) -> None:
    code = receive(store, received_at="2026-11-02 09:00")
    extend(
        store,
        code,
        datetime(2026, 11, 20, 17, 0, tzinfo=VN_TZ),
        actor="setup",
        reason="Lần một",
        clock=fixed_clock,
    )
    dialog = open_dialog(qtbot, ctx, code)
    assert dialog.banner.property("level") == "overdue"
    assert "không gia hạn thêm được" in dialog.banner_text.text()
    assert not dialog.banner_extend.isVisible()


def test_due_soon_banner_is_amber(qtbot, store, ctx) -> None:
    code = receive_dossier(
        store,
        parse_intake(intake_json(procedure=SAME_DAY)),
        actor=OFFICER,
        clock=fixed_clock,
    ).code
    dialog = open_dialog(qtbot, ctx, code)
    assert dialog.banner.isVisible()
    assert dialog.banner.property("level") == "due_soon"
    assert dialog.banner_text.text().startswith("Hồ sơ sắp đến hạn trả (25/11/2026 17:00).")
    assert "sắp đến hạn" in dialog.fields["due"].text()


def test_waiting_for_a_supplement_shows_the_pause(qtbot, store, ctx) -> None:
    code = receive(store, received_at="2026-11-02 09:00")
    step(store, code, State.SUPPLEMENT_REQUESTED)
    dialog = open_dialog(qtbot, ctx, code)
    assert not dialog.banner.isVisible()  # the clock is stopped
    assert "Tạm dừng từ 25/11/2026 09:30 — chờ công dân bổ sung" in dialog.fields["due"].text()


# --- the real small dialogs, by keyboard ------------------------------------------------------


def _open_small(qtbot, dialog: DossierDialog, shortcut: str, cls: type) -> Any:
    press(dialog, shortcut)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in dialog.findChildren(cls)), timeout=3_000)
    small = next(d for d in dialog.findChildren(cls) if d.isVisible())
    qtbot.waitExposed(small)
    return small


def test_extension_dialog_by_keyboard(qtbot, store, data_dir, ctx) -> None:
    code = receive(store)
    dialog = open_dialog(qtbot, ctx, code)
    small = _open_small(qtbot, dialog, "Ctrl+E", dlgs.ExtendDialog)
    assert small.new_due.text() == "09/12/2026 09:15"  # due + 3 working days
    assert small.new_due.displayFormat() == "dd/MM/yyyy HH:mm"
    counts = table_counts(data_dir)
    QTest.keyClick(small.reason, Qt.Key.Key_Return)  # no reason yet: explained, stays open
    assert small.isVisible()
    assert small.error.text() == "Cần ghi rõ lý do."
    assert table_counts(data_dir) == counts
    small.reason.setFocus()
    type_text(small.reason, "Chờ kết quả xác minh của Công an xã")
    with qtbot.waitSignal(dialog.loaded, timeout=5_000):
        QTest.keyClick(small.reason, Qt.Key.Key_Return)
    v = show(store, code)
    assert v.row.due_at == datetime(2026, 12, 9, 9, 15, tzinfo=VN_TZ)
    assert v.extension_reason == "Chờ kết quả xác minh của Công an xã"


def test_supplement_dialog_by_keyboard(qtbot, store, data_dir, ctx) -> None:
    code = receive(store, documents=[{"code": "TP01", "received": True}])
    dialog = open_dialog(qtbot, ctx, code)
    small = _open_small(qtbot, dialog, "Ctrl+B", dlgs.SupplementRequestDialog)
    items = small.items
    # Not-received documents are ticked already; space toggles the current one.
    assert [items.item(i).checkState() for i in range(items.count())] == [
        Qt.CheckState.Unchecked,
        Qt.CheckState.Checked,
    ]
    items.setFocus()
    QTest.keyClick(items, Qt.Key.Key_Space)  # tick TP01 too
    assert items.item(0).checkState() == Qt.CheckState.Checked
    small.other.setFocus()
    type_text(small.other, "Giấy xác nhận của trưởng bản")
    small.reason.setFocus()
    type_text(small.reason, "Thiếu chữ ký chủ hộ")
    with qtbot.waitSignal(dialog.loaded, timeout=5_000):
        QTest.keyClick(small.reason, Qt.Key.Key_Return)
    v = show(store, code)
    assert v.row.state == State.SUPPLEMENT_REQUESTED.value
    assert v.events[-1].reason == "Thiếu chữ ký chủ hộ"
    _op, _user, payload = last_outbox(data_dir, v.row.id)
    assert payload["missing_codes"] == ["TP01", "TP02"]
    assert payload["missing"][-1] == "Giấy xác nhận của trưởng bản"


def test_refusal_dialog_needs_a_reason(qtbot, store, data_dir, ctx) -> None:
    code = receive(store)
    dialog = open_dialog(qtbot, ctx, code)
    small = _open_small(qtbot, dialog, "Ctrl+T", dlgs.RefuseDialog)
    counts = table_counts(data_dir)
    type_text(small.reason, "   ")
    QTest.keyClick(small.reason, Qt.Key.Key_Return)
    assert small.isVisible()
    assert small.error.text() == "Cần ghi rõ lý do."
    QTest.keyClick(small, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not small.isVisible(), timeout=2_000)
    qtbot.wait(50)
    assert table_counts(data_dir) == counts
    assert show(store, code).row.state == State.RECEIVED.value


def test_hand_over_dialog_is_filled_with_the_applicant(qtbot, store, data_dir, ctx) -> None:
    code = receive(store)
    step(store, code, State.IN_PROCESS, State.RESULT_READY)
    dialog = open_dialog(qtbot, ctx, code)
    small = _open_small(qtbot, dialog, "Ctrl+Shift+K", dlgs.HandOverDialog)
    assert small.name.text() == "Giàng A Páo"
    assert small.id_or_relation.text() == "010095001234"
    with qtbot.waitSignal(dialog.loaded, timeout=5_000):
        QTest.keyClick(small.name, Qt.Key.Key_Return)
    _op, _user, payload = last_outbox(data_dir, show(store, code).row.id)
    assert payload["handed_to"] == "Giàng A Páo"
    assert show(store, code).row.state == State.RETURNED.value


# --- keyboard ---------------------------------------------------------------------------------


@pytest.mark.parametrize("spec", ACTIONS, ids=[a.key for a in ACTIONS])
def test_shortcut_triggers_action(qtbot, monkeypatch, store, ctx, spec) -> None:
    setups = {
        "supplement_received": (State.SUPPLEMENT_REQUESTED,),
        "forward": (State.IN_PROCESS,),
        "result": (State.IN_PROCESS,),
        "return": (State.IN_PROCESS, State.RESULT_READY),
        "withdraw": (State.IN_PROCESS,),
        "stop": (State.IN_PROCESS,),
    }
    code = receive(store)
    step(store, code, *setups.get(spec.key, ()))
    classes = {
        "start": dlgs.StartDialog,
        "supplement": dlgs.SupplementRequestDialog,
        "supplement_received": dlgs.SupplementReceivedDialog,
        "forward": dlgs.ForwardDialog,
        "result": dlgs.ResultReadyDialog,
        "return": dlgs.HandOverDialog,
        "extend": dlgs.ExtendDialog,
        "refuse": dlgs.RefuseDialog,
        "withdraw": dlgs.WithdrawDialog,
        "stop": dlgs.StopDialog,
    }
    fake = FakeAsk(None).install(monkeypatch, classes[spec.key])
    dialog = open_dialog(qtbot, ctx, code)
    assert spec.key in all_enabled(dialog)
    assert spec.shortcut in dialog.buttons[spec.key].text()
    press(dialog, spec.shortcut)
    assert len(fake.calls) == 1


def test_tab_order_follows_the_screen(qtbot, store, ctx) -> None:
    code = receive(store)
    dialog = open_dialog(qtbot, ctx, code)
    first = dialog.buttons["start"]
    assert dialog.focusWidget() is first  # nothing overdue: the first allowed step
    seen = [first.objectName()]
    for _ in range(12):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget().objectName())
    enabled = [f"dossier.action.{a.key}" for a in ACTIONS if dialog.buttons[a.key].isEnabled()]
    assert seen[: len(enabled) + 2] == [*enabled, "dossier.reload", "dossier.close"]
    # Round to the top of the screen: the tabs, the list on the current tab, the first step.
    n = len(enabled) + 2
    assert seen[n : n + 3] == ["qt_tabwidget_tabbar", "dossier.checklist", enabled[0]]


def test_reloads_when_another_window_changes_the_dossier(qtbot, store, ctx) -> None:
    code = receive(store)
    dialog = open_dialog(qtbot, ctx, code)
    step(store, code, State.IN_PROCESS)
    with qtbot.waitSignal(dialog.loaded, timeout=5_000):
        ctx.signals.dossiers_changed.emit([code])
    assert dialog.state_chip.text() == "Đang giải quyết"


def test_unknown_code_is_explained(qtbot, ctx) -> None:
    dialog = DossierDialog(ctx, "000.17.22.H56-261125-9999")
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=5_000):
        dialog.show()
    assert dialog.notice.text() == "Không tìm thấy hồ sơ 000.17.22.H56-261125-9999."
    assert all_enabled(dialog) == set()
    dialog.trigger("start")
    assert dialog.notice.text() == "Bắt đầu giải quyết: chưa đọc được hồ sơ."


def test_only_the_newest_read_is_shown(qtbot, store, ctx) -> None:
    code = receive(store)
    dialog = open_dialog(qtbot, ctx, code)
    seen: list[int] = []
    dialog.loaded.connect(lambda: seen.append(1))
    dialog.reload()
    step(store, code, State.IN_PROCESS)
    dialog.reload()
    qtbot.waitUntil(lambda: not dialog.loading, timeout=5_000)
    qtbot.wait(100)
    assert seen == [1]  # the first read arrived late or early: dropped either way
    assert dialog.state_chip.text() == "Đang giải quyết"
