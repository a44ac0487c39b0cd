"""Demo data of `motcua-desk --demo` (Qt-free)."""

from __future__ import annotations

from datetime import UTC, datetime, time
from pathlib import Path

from app.calendar_store import builtin_calendar
from app.clock import local
from app.dossiers import pending_outbox_count
from app.settings import get_agency
from db.engine import Store
from ui.demo import APPLICANTS, demo_times, is_initialised, receive_demo_dossiers

CAL = builtin_calendar()


def _check(times: list[datetime], now: datetime, count: int = 10) -> None:
    assert len(times) == count
    assert times == sorted(times)
    for at in times:
        assert at <= now
        assert CAL.is_working_day(at.date())
        assert time(7, 0) <= at.time() < time(17, 0)
    days = {at.date() for at in times}
    assert len(days) <= 3  # "the last few working days"


def test_times_stop_before_now_on_a_working_afternoon() -> None:
    now = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)  # Wednesday 15:00 local
    times = demo_times(CAL, now, 10)
    _check(times, now)
    assert local(times[-1]).date() == local(now).date()


def test_times_skip_the_day_off_and_the_weekend() -> None:
    # Wednesday 25/11/2026 at 02:00 local: nothing yet today; Tuesday 24/11 (Ngày Văn hóa
    # Việt Nam) and the weekend are days off, so Monday 23/11 and Friday 20/11.
    now = datetime(2026, 11, 24, 19, 0, tzinfo=UTC)
    times = demo_times(CAL, now, 10)
    _check(times, now)
    assert {t.date().isoformat() for t in times} == {"2026-11-20", "2026-11-23"}


def test_receiving_the_demo_dossiers(data_dir: Path) -> None:
    receipts = receive_demo_dossiers(data_dir)
    assert [r.applicant_name for r in receipts] == [a.name for a in APPLICANTS]
    assert len({r.procedure_code for r in receipts}) == len(receipts)
    assert {"1.001193", "1.004873", "2.000815"} <= {r.procedure_code for r in receipts}
    assert all(r.received_at <= datetime.now(UTC) for r in receipts)
    assert is_initialised(data_dir)


def test_is_initialised(tmp_path: Path, store: Store, data_dir: Path) -> None:
    assert not is_initialised(tmp_path / "nothing")
    assert is_initialised(data_dir)
    with store.read() as session:
        assert get_agency(session).agency_code == "000.17.22.H56"
    assert pending_outbox_count(store) == 0
