"""Demo data of `motcua-desk --demo` (Qt-free)."""

from __future__ import annotations

from datetime import UTC, datetime, time
from pathlib import Path

import pytest

from app.accounts import LoginFailed, Role, authenticate, has_users
from app.calendar_store import builtin_calendar
from app.clock import local
from app.datadir import open_data_dir
from app.dossiers import pending_outbox_count
from app.errors import InvalidInput
from app.settings import get_agency
from db.engine import Store
from db.models import AgencySettings
from tests.conftest import init_store
from ui.demo import (
    APPLICANTS,
    DEMO_ADMIN,
    DEMO_ADMIN_PASSWORD,
    DEMO_OFFICER,
    DEMO_OFFICER_PASSWORD,
    create_demo_users,
    demo_times,
    ensure_demo,
    is_initialised,
    receive_demo_dossiers,
)

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


def test_demo_accounts(tmp_path: Path) -> None:
    data_dir = tmp_path / "demo"
    assert ensure_demo(data_dir)
    store = open_data_dir(data_dir)
    try:
        officer = authenticate(store, DEMO_OFFICER, DEMO_OFFICER_PASSWORD)
        admin = authenticate(store, DEMO_ADMIN, DEMO_ADMIN_PASSWORD)
        assert (officer.username, officer.role) == ("canbo", Role.OFFICER)
        assert (admin.username, admin.role) == ("admin", Role.ADMIN)
        assert (DEMO_OFFICER_PASSWORD, DEMO_ADMIN_PASSWORD) == ("motcua123", "quantri123")
        with pytest.raises(LoginFailed):
            authenticate(store, DEMO_OFFICER, DEMO_ADMIN_PASSWORD)
        assert pending_outbox_count(store) == len(APPLICANTS)
    finally:
        store.dispose()
    assert not ensure_demo(data_dir)  # a second start changes nothing


def test_an_old_demo_store_gets_the_accounts(data_dir: Path) -> None:
    # conftest's store is the demo commune (000.17.22.H56, Xã Pà Cò) without accounts.
    assert not ensure_demo(data_dir)
    store = open_data_dir(data_dir)
    try:
        assert authenticate(store, DEMO_OFFICER, DEMO_OFFICER_PASSWORD).username == "canbo"
    finally:
        store.dispose()


def test_a_real_commune_never_gets_demo_accounts(tmp_path: Path) -> None:
    data_dir = tmp_path / "real"
    init_store(data_dir)
    store = open_data_dir(data_dir)
    try:
        with store.write.begin() as session:
            row = session.get(AgencySettings, 1)
            assert row is not None
            row.commune_name = "Xã Mường Lát"
        assert not ensure_demo(data_dir)
        assert not has_users(store)
    finally:
        store.dispose()


def test_create_demo_users_twice_is_refused(data_dir: Path) -> None:
    create_demo_users(data_dir)
    with pytest.raises(InvalidInput):
        create_demo_users(data_dir)


def test_the_demo_has_a_simulated_scanner() -> None:
    from app.scanning import registry
    from ui.demo import register_demo_scanner

    try:
        register_demo_scanner()
        devices = registry.list_all_devices(timeout_s=1)
        assert any(d.backend == "fake" for d in devices)
    finally:
        registry.unregister("fake")
