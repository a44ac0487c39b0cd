"""The lazy dossier table model (ids first, rows in batches), the idle watcher and the
formatting helpers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from functools import partial

import pytest

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit

from app.desk import DeskList, Thresholds, list_ids, rows_by_local_no
from app.dossiers import DossierRow
from app.lifecycle import LABELS_VI, State
from tests.conftest import fixed_clock
from tests.test_ui_shell import receive
from ui.formatting import (
    copy_type_label,
    format_count,
    format_date,
    format_datetime,
    format_money,
    processing_time_text,
    state_label,
)
from ui.idle import IdleWatcher
from ui.models.dossier_table import DossierTableModel

NOW = datetime(2026, 11, 25, 2, 30, tzinfo=UTC)  # 09:30 in Asia/Ho_Chi_Minh
THRESHOLDS = Thresholds(
    now=NOW,
    day_start=datetime(2026, 11, 24, 17, 0, tzinfo=UTC),
    day_end=datetime(2026, 11, 25, 17, 0, tzinfo=UTC),
    soon_until=NOW + timedelta(days=2),
    soon_days=2,
)


def row(n: int, due: datetime, state: State = State.RECEIVED) -> DossierRow:
    return DossierRow(
        id=f"id-{n}",
        code=f"000.17.22.H56-261125-{1000 + n}",
        state=state.value,
        applicant_name=f"Nguyễn Văn {n}",
        id_number="001087008901",
        phone="",
        procedure_code="1.001193",
        procedure_name="Đăng ký khai sinh",
        received_at=NOW - timedelta(hours=1),
        due_at=due,
    )


class FakeFetch:
    """rows_by_local_no over a dict; records each batch asked for."""

    def __init__(self, rows: Mapping[int, DossierRow]) -> None:
        self.rows = rows
        self.calls: list[list[int]] = []

    def __call__(self, nos: Sequence[int]) -> dict[int, DossierRow]:
        self.calls.append(list(nos))
        return {n: self.rows[n] for n in nos if n in self.rows}


# --- model ------------------------------------------------------------------------------------


@pytest.mark.qt
def test_model_passes_the_model_tester(qtmodeltester) -> None:
    rows = {
        1: row(1, NOW - timedelta(hours=2)),  # overdue
        2: row(2, NOW + timedelta(hours=5)),  # due soon
        3: row(3, NOW + timedelta(days=9)),
        4: row(4, NOW - timedelta(days=1), State.SUPPLEMENT_REQUESTED),  # clock stopped
    }
    model = DossierTableModel(FakeFetch(rows))
    model.set_ids([1, 2, 3, 4, 5], THRESHOLDS)  # 5 was deleted after listing
    qtmodeltester.check(model)
    assert model.flag(0) == "overdue"
    assert model.flag(1) == "due_soon"
    assert model.flag(2) is None
    assert model.flag(3) is None
    assert model.index(4, 0).data() == "(hồ sơ không còn)"
    model.extend_ids([1, 2, 3, 4, 5, 6])
    qtmodeltester.check(model)


@pytest.mark.qt
def test_model_on_a_real_store_with_the_model_tester(qtmodeltester, store) -> None:
    for d in range(16, 26):
        if d not in (21, 22):  # a weekend
            receive(store, f"2026-11-{d} 08:30")
    ids, t = list_ids(store, DeskList.ALL, clock=fixed_clock)
    model = DossierTableModel(partial(rows_by_local_no, store))
    model.set_ids(ids, t)
    qtmodeltester.check(model)
    assert model.rowCount() == 8
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Mã hồ sơ"
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)]
    assert headers == ["Mã hồ sơ", "Người nộp", "Thủ tục", "Trạng thái", "Nhận lúc", "Hẹn trả"]


@pytest.mark.qt
def test_rows_are_fetched_in_batches_of_100_only_when_shown() -> None:
    rows = {n: row(n, NOW + timedelta(days=30)) for n in range(1, 1001)}
    fetch = FakeFetch(rows)
    model = DossierTableModel(fetch)
    model.set_ids(list(range(1, 1001)), THRESHOLDS)
    assert fetch.calls == []  # ids only
    assert model.rowCount() == 1000
    assert model.index(0, 0).data() == rows[1].code
    assert model.index(99, 1).data() == rows[100].applicant_name
    assert fetch.calls == [list(range(1, 101))]
    assert model.index(550, 0).data() == rows[551].code
    assert fetch.calls[1] == list(range(551, 651))
    model.forget_rows()
    assert model.index(0, 0).data() == rows[1].code
    assert len(fetch.calls) == 3


@pytest.mark.qt
def test_marks_are_colour_and_words() -> None:
    rows = {1: row(1, NOW - timedelta(hours=2)), 2: row(2, NOW + timedelta(hours=5))}
    model = DossierTableModel(FakeFetch(rows))
    model.set_ids([1, 2], THRESHOLDS)
    due = DossierTableModel.DUE
    assert model.index(0, due).data() == "25/11/2026 07:30 · QUÁ HẠN"
    assert model.index(1, due).data() == "25/11/2026 14:30 · sắp đến hạn"
    assert model.index(0, due).data(Qt.ItemDataRole.ToolTipRole) == "Hồ sơ đã quá hạn trả kết quả"
    red = model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole)
    amber = model.index(1, 0).data(Qt.ItemDataRole.BackgroundRole)
    assert red is not None
    assert amber is not None
    assert red.color() != amber.color()
    assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is not None


@pytest.mark.qt
def test_extend_refuses_a_list_that_changed() -> None:
    model = DossierTableModel(FakeFetch({}))
    model.set_ids([9, 8, 7])
    assert model.extend_ids([9, 8, 7, 6, 5])
    assert model.ids() == [9, 8, 7, 6, 5]
    assert not model.extend_ids([10, 9, 8, 7, 6, 5])  # a new dossier came first
    assert model.ids() == [9, 8, 7, 6, 5]
    assert model.rowCount(model.index(0, 0)) == 0
    assert model.columnCount(QModelIndex()) == 6


# --- idle watcher -----------------------------------------------------------------------------


@pytest.mark.qt
def test_idle_watcher_fires_once_after_the_limit(qtbot) -> None:
    watcher = IdleWatcher(200)
    with qtbot.waitSignal(watcher.idle, timeout=3_000):
        watcher.start()
    assert not watcher.active
    assert watcher.idle_ms() >= 200
    watcher.stop()


@pytest.mark.qt
def test_idle_watcher_counts_key_presses_in_any_window(qtbot, qapp: QApplication) -> None:
    watcher = IdleWatcher(60_000)
    watcher.start()
    edit = QLineEdit()
    qtbot.addWidget(edit)
    qtbot.wait(120)
    assert watcher.idle_ms() >= 100
    qtbot.keyClick(edit, Qt.Key.Key_A)
    assert watcher.idle_ms() < 100
    assert edit.text() == "a"  # nothing is swallowed
    watcher.stop()


@pytest.mark.qt
def test_idle_watcher_takes_the_lock_key_from_any_window(qtbot) -> None:
    watcher = IdleWatcher(0)  # the timer is off; the lock key still works
    watcher.lock_keys = (QKeySequence("Ctrl+L"),)
    watcher.start()
    edit = QLineEdit()
    qtbot.addWidget(edit)
    with qtbot.waitSignal(watcher.lock_pressed, timeout=1_000):
        qtbot.keyClick(edit, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert not watcher.active
    watcher.stop()


@pytest.mark.qt
def test_idle_watcher_ignores_other_events() -> None:
    watcher = IdleWatcher(1_000)
    before = watcher._last
    assert not watcher.eventFilter(QObject(), QEvent(QEvent.Type.Paint))
    assert watcher._last == before
    key = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a")
    assert not watcher.eventFilter(QObject(), key)
    assert watcher._last >= before


# --- formatting -------------------------------------------------------------------------------


def test_dates_and_money_in_vietnamese_form() -> None:
    assert format_date(date(2026, 1, 5)) == "05/01/2026"
    assert format_date(datetime(2026, 11, 24, 18, 0, tzinfo=UTC)) == "25/11/2026"  # UTC+7
    assert format_datetime(datetime(2026, 11, 24, 18, 5, tzinfo=UTC)) == "25/11/2026 01:05"
    assert format_money(2000) == "2.000 đ"
    assert format_money(1_250_000) == "1.250.000 đ"
    assert format_money(0) == "0 đ"
    assert format_money(None) == ""
    assert format_count(1_000_392) == "1.000.392"


@pytest.mark.qt
def test_labels_match_the_domain_in_vietnamese(qapp) -> None:
    for state, text in LABELS_VI.items():
        assert state_label(state.value) == text
    assert state_label("unknown") == "unknown"
    assert copy_type_label("certified_copy") == "Bản sao có chứng thực"
    assert processing_time_text(3, "working_days") == "3 ngày làm việc"
    assert processing_time_text(0, "same_day", "15:00") == "Trong ngày (nhận trước 15:00)"
    assert processing_time_text(15, "calendar_days") == "15 ngày"
