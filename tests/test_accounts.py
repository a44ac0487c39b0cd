"""Local accounts: argon2 hashes, roles, login failures recorded."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from app.accounts import LoginFailed, Role, authenticate, create_user, has_users
from app.errors import InvalidInput
from db.engine import Store
from db.models import AuditLog, UserAccount
from tests.conftest import fixed_clock


def add_user(store: Store, username: str = "lan.nt", password: str = "mat-khau-1") -> None:
    with store.write.begin() as s:
        create_user(
            s,
            username=username,
            full_name="Nguyễn Thị Lan",
            role=Role.OFFICER,
            password=password,
            actor="admin",
            now=fixed_clock(),
        )


def test_create_and_login(store: Store) -> None:
    assert not has_users(store)
    add_user(store)
    assert has_users(store)
    user = authenticate(store, "Lan.NT", "mat-khau-1")
    assert (user.username, user.role, user.full_name) == ("lan.nt", Role.OFFICER, "Nguyễn Thị Lan")
    with store.read() as s:
        stored = s.scalars(select(UserAccount)).one().password_hash
    assert stored.startswith("$argon2id$")
    assert "mat-khau-1" not in stored


def test_wrong_password_is_refused_and_recorded(store: Store) -> None:
    add_user(store)
    with pytest.raises(LoginFailed):
        authenticate(store, "lan.nt", "sai-mat-khau")
    with pytest.raises(LoginFailed):
        authenticate(store, "nobody", "sai-mat-khau")
    with store.read() as s:
        actions = s.scalars(
            select(AuditLog.action).where(AuditLog.action.like("user.login%"))
        ).all()
        assert actions == ["user.login_failed", "user.login_failed"]
        assert s.scalars(select(UserAccount.failed_logins)).one() == 1


@pytest.mark.parametrize(
    ("username", "password", "field"),
    [
        ("a", "12345678", "username"),
        ("Lan Nguyễn", "12345678", "username"),
        ("lan", "short", "password"),
    ],
)
def test_bad_account_input(store: Store, username: str, password: str, field: str) -> None:
    with pytest.raises(InvalidInput) as err:
        add_user(store, username, password)
    assert err.value.field == field
    assert not has_users(store)


def test_username_taken(store: Store) -> None:
    add_user(store)
    with pytest.raises(InvalidInput) as err:
        add_user(store)
    assert err.value.reason == "taken"


def test_first_run_sets_everything_up_in_one_go(tmp_path: Path) -> None:
    from app.datadir import open_data_dir
    from app.setup import AgencyForm, first_run

    store = open_data_dir(tmp_path / "d")
    try:
        with pytest.raises(InvalidInput) as err:  # a bad password: nothing at all is written
            first_run(
                store,
                AgencyForm("000.17.22.H56", "Xã Pà Cò", 2),
                admin_username="admin",
                admin_full_name="Quản trị",
                admin_password="123",
            )
        assert err.value.field == "password"
        assert not has_users(store)
        report = first_run(
            store,
            AgencyForm("000.17.22.H56", "Xã Pà Cò", 2),
            admin_username="admin",
            admin_full_name="Quản trị",
            admin_password="mat-khau-dai",
        )
        assert report.agency.device_no == 2
        assert report.admin is not None
        assert report.admin.role is Role.ADMIN
        assert report.catalogue.added >= 40
    finally:
        store.dispose()
