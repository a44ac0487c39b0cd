"""The real intake dialog opened from the real main window with F2, keyboard only, offscreen.

Kept apart from test_ui_intake.py: it depends on the main window (built by another piece of
work), so a change there shows up here and not in the dialog's own tests.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.accounts import Role, UserInfo
from app.clock import format_local_minute, new_id
from db.engine import Store
from db.models import Dossier, Outbox
from tests.qt_helpers import (
    desk_context,
    press,
    runner_fixture,  # noqa: F401  (fixture "runner")
    type_in,
)
from ui.context import AppContext
from ui.intake.dialog import IntakeDialog
from ui.mainwindow import MainWindow
from ui.tasks import TaskRunner

pytestmark = pytest.mark.qt

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
WAIT = 5_000


@pytest.fixture
def ctx(store: Store, runner: TaskRunner) -> AppContext:
    return desk_context(store, runner, UserInfo(new_id(), "cb.lan", "Lò Thị Lan", Role.OFFICER))


def test_f2_in_the_desk_receives_a_birth_registration(qtbot, ctx: AppContext, store: Store) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.waitUntil(lambda: bool(window.desk_counts) and window.pending is not None, timeout=WAIT)
    QTest.keyClick(window, Key.Key_F2)
    dlg = window.findChild(IntakeDialog)
    assert dlg is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dlg.procedure_edit, timeout=WAIT)
    qtbot.waitUntil(lambda: dlg.index is not None, timeout=WAIT)

    type_in("khai sinh")
    press(Key.Key_Return)
    assert dlg.appointment_label.text() == "Hẹn trả: 17:00 thứ Tư 25/11/2026"
    for _ in range(3):
        press(Key.Key_Space)
    press(Key.Key_Return)
    type_in("010095001234")
    press(Key.Key_Return)
    type_in("Giàng A Páo")
    press(Key.Key_Return)
    press(Key.Key_Return)  # no birth date
    type_in("0912345678")
    with qtbot.waitSignal(dlg.dossier_received, timeout=10_000) as blocker:
        press(Key.Key_S, CTRL)
    code = blocker.args[0]
    assert dlg.pages.currentWidget() is dlg.receipt_page

    with store.read() as s:
        d = s.scalars(select(Dossier).where(Dossier.code == code)).one()
        assert d.applicant.name == "Giàng A Páo"
        assert format_local_minute(d.due_at) == "2026-11-25 17:00"
        assert all(doc.received for doc in d.documents)
        assert s.scalars(select(Outbox.op)).all() == ["dossier.create"]

    with qtbot.waitSignal(dlg.finished, timeout=WAIT):
        press(Key.Key_Escape)  # the receipt page closes at once
    qtbot.waitUntil(lambda: code in window.statusBar().currentMessage(), timeout=WAIT)
