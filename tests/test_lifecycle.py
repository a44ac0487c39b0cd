"""The dossier state machine: allowed steps, the once-only rules, the supplement pause."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app import lifecycle as lc
from app.clock import format_local_minute
from app.dossiers import extend, show, transition
from app.errors import IllegalTransition, InvalidInput
from app.intake import parse_intake, receive_dossier
from app.lifecycle import State
from db.engine import Store
from tests.conftest import fixed_clock, intake_json, table_counts


def at(local_text: str) -> datetime:
    """A clock frozen at a local (UTC+7) time."""
    naive = datetime.fromisoformat(local_text)
    return (naive - timedelta(hours=7)).replace(tzinfo=UTC)


def new_dossier(store: Store, procedure: str = "1.004873") -> str:
    # Xác nhận tình trạng hôn nhân: a few working days.
    req = parse_intake(intake_json(procedure=procedure))
    return receive_dossier(store, req, actor="cb", clock=fixed_clock).code


def test_every_state_has_a_national_code_and_a_label() -> None:
    assert set(lc.NATIONAL_STATUS) == set(State) == set(lc.LABELS_VI) == set(lc.ALLOWED)
    assert set(lc.NATIONAL_STATUS.values()) <= set(range(1, 11))


def test_happy_path_to_returned(store: Store) -> None:
    code = new_dossier(store)
    for target in (State.IN_PROCESS, State.RESULT_READY, State.RETURNED):
        view = transition(store, code, target, actor="cb", clock=fixed_clock)
    assert view.row.state == "returned"
    assert view.national_status == 10
    assert [e.to_state for e in view.events] == [
        "received",
        "in_process",
        "result_ready",
        "returned",
    ]
    assert view.allowed == ()


def test_illegal_step_changes_nothing(store: Store, data_dir: Path) -> None:
    code = new_dossier(store)
    before = table_counts(data_dir)
    with pytest.raises(IllegalTransition) as err:
        transition(store, code, State.RETURNED, actor="cb", clock=fixed_clock)
    assert err.value.reason == "not_allowed"
    assert table_counts(data_dir) == before


def test_refusal_needs_a_reason(store: Store) -> None:
    code = new_dossier(store)
    with pytest.raises(IllegalTransition) as err:
        transition(store, code, State.REFUSED, actor="cb", reason="  ", clock=fixed_clock)
    assert err.value.reason == "reason_required"
    view = transition(store, code, State.REFUSED, actor="cb", reason="Không thuộc thẩm quyền")
    assert view.row.state == "refused"
    assert view.events[-1].reason == "Không thuộc thẩm quyền"


def test_supplement_only_once_and_the_clock_stops(store: Store) -> None:
    code = new_dossier(store)
    due0 = show(store, code).row.due_at
    # Requested Wed 25/11 10:00, supplement brought Mon 30/11 10:00: the pause stops the clock.
    transition(
        store,
        code,
        State.SUPPLEMENT_REQUESTED,
        actor="cb",
        reason="Thiếu tờ khai",
        clock=lambda: at("2026-11-25 10:00"),
    )
    view = transition(
        store, code, State.SUPPLEMENT_RECEIVED, actor="cb", clock=lambda: at("2026-11-30 10:00")
    )
    assert view.row.due_at > due0
    transition(store, code, State.IN_PROCESS, actor="cb", clock=fixed_clock)
    assert "supplement_requested" not in view.allowed
    with pytest.raises(IllegalTransition) as err:
        transition(store, code, State.SUPPLEMENT_REQUESTED, actor="cb", reason="lần hai")
    assert err.value.reason == "supplement_once"


def test_one_extension_with_a_later_date(store: Store) -> None:
    code = new_dossier(store)
    due0 = show(store, code).row.due_at
    with pytest.raises(InvalidInput) as bad:
        extend(store, code, due0 - timedelta(days=1), actor="cb", reason="Chờ xác minh")
    assert bad.value.field == "new_due"
    view = extend(store, code, due0 + timedelta(days=3), actor="cb", reason="Chờ xác minh")
    assert view.original_due_at == due0
    assert view.row.due_at == due0 + timedelta(days=3)
    with pytest.raises(IllegalTransition) as err:
        extend(store, code, due0 + timedelta(days=5), actor="cb", reason="Lần nữa")
    assert err.value.reason == "extension_once"


def test_withdrawal_then_stop(store: Store) -> None:
    code = new_dossier(store)
    transition(store, code, State.WITHDRAWAL_REQUESTED, actor="cb", reason="Công dân xin rút")
    view = transition(store, code, State.STOPPED, actor="cb", reason="Theo đơn xin rút")
    assert view.national_status == 8
    assert view.finished_at is not None
    assert format_local_minute(view.row.received_at) == "2026-11-25 09:15"


def test_every_transition_writes_one_outbox_row(store: Store, data_dir: Path) -> None:
    code = new_dossier(store)
    n0 = table_counts(data_dir)["outbox"]
    transition(store, code, State.FORWARDED, actor="cb", clock=fixed_clock)
    transition(store, code, State.RESULT_READY, actor="cb", clock=fixed_clock)
    assert table_counts(data_dir)["outbox"] == n0 + 2


def test_calendar_cache_sees_edits(store: Store) -> None:
    from datetime import date

    from app.calendar_store import load_calendar, set_override

    with store.read() as s:
        first = load_calendar(s)
        assert load_calendar(s) is first  # cached
        assert first.is_working_day(date(2026, 12, 2))
    with store.write.begin() as s:
        set_override(
            s, date(2026, 12, 2), working=False, name="Nghỉ", actor="cb", now=fixed_clock()
        )
    with store.read() as s:
        again = load_calendar(s)
    assert again is not first
    assert not again.is_working_day(date(2026, 12, 2))
