"""Demo data for `motcua-desk --demo`: a commune, two accounts and about ten dossiers of the
last working days.

Plain Python (no Qt) so that it can run on any thread; it goes through the same use cases as
the CLI: ``motcua init``, ``create_user`` and ``receive_dossier``.

Demo accounts (the login dialog prefills the officer and shows both in demo mode):
``canbo`` / ``motcua123`` (receiving officer) and ``admin`` / ``quantri123`` (administrator).
"""

from __future__ import annotations

import io
from contextlib import redirect_stdout
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path

from app.accounts import Role, create_user, has_users
from app.calendar_store import load_calendar
from app.cli import main as cli_main
from app.clock import format_local_minute, local, system_clock
from app.datadir import db_path, open_data_dir
from app.errors import NotInitialised
from app.intake import Receipt, parse_intake, receive_dossier
from app.settings import get_agency
from app.workdays import WorkCalendar

AGENCY_CODE = "000.17.22.H56"
COMMUNE_NAME = "Xã Pà Cò"
PROVINCE = "Phú Thọ"
ADDRESS = "Bản Pà Cò, xã Pà Cò, tỉnh Phú Thọ"

DEMO_OFFICER, DEMO_OFFICER_PASSWORD, DEMO_OFFICER_NAME = "canbo", "motcua123", "Hoàng Thị Lan"
DEMO_ADMIN, DEMO_ADMIN_PASSWORD, DEMO_ADMIN_NAME = "admin", "quantri123", "Quản trị viên"

# Times of day at which the demo desk received something (inside the default office hours).
SLOTS = (time(7, 40), time(8, 25), time(9, 10), time(10, 5), time(13, 50), time(14, 40))


@dataclass(frozen=True)
class DemoApplicant:
    name: str
    id_number: str
    phone: str
    procedure: str
    channel: str = "direct"
    delivery: str = "desk"


APPLICANTS = (
    DemoApplicant("Giàng A Páo", "017085001234", "0912345678", "1.001193"),
    DemoApplicant("Lò Thị Mai", "017190002345", "0987654321", "1.004873"),
    DemoApplicant("Hà Văn Thắng", "025078004567", "0203812345", "2.000815"),
    DemoApplicant("Vàng Thị Dua", "017300003456", "0356789012", "1.000894"),
    DemoApplicant("Sùng A Dế", "017201005678", "", "1.000656"),
    DemoApplicant("Đinh Thị Hoa", "017189007890", "0978123456", "2.000884", channel="online"),
    DemoApplicant("Nguyễn Văn Hùng", "001087008901", "0904556677", "1.001612"),
    DemoApplicant("Lường Văn Khánh", "014092006789", "0868111222", "1.004194"),
    DemoApplicant("Trần Thị Ánh", "017305000123", "0399888777", "2.000635", "postal", "post"),
    DemoApplicant("Mùa A Sử", "017096009012", "", "1.004837"),
)


def is_initialised(data_dir: Path) -> bool:
    """True when the store exists and has its commune settings (opening it migrates it)."""
    if not db_path(data_dir).exists():
        return False
    store = open_data_dir(data_dir)
    try:
        with store.read() as session:
            get_agency(session)
    except NotInitialised:
        return False
    finally:
        store.dispose()
    return True


def demo_times(cal: WorkCalendar, now: datetime, count: int) -> list[datetime]:
    """``count`` receipt times on the latest working days up to ``now`` (never later), oldest first."""
    now = local(now)
    latest = now.replace(second=0, microsecond=0) - timedelta(minutes=1)
    found: list[datetime] = []
    day = now.date()
    for _ in range(60):  # Tết is the longest break: about ten days
        if cal.is_working_day(day):
            for slot in reversed(SLOTS):
                at = datetime.combine(day, slot, tzinfo=now.tzinfo)
                if at <= latest:
                    found.append(at)
            if len(found) >= count:
                break
        day -= timedelta(days=1)
    return sorted(found[:count])


def init_demo(data_dir: Path) -> None:
    with redirect_stdout(io.StringIO()) as out:
        rc = cli_main(
            [
                "init",
                "--data-dir",
                str(data_dir),
                "--agency-code",
                AGENCY_CODE,
                "--commune-name",
                COMMUNE_NAME,
                "--province",
                PROVINCE,
            ]
        )
    if rc != 0:
        raise RuntimeError(f"motcua init exited {rc}: {out.getvalue().strip()}")


def receive_demo_dossiers(data_dir: Path, now: datetime | None = None) -> list[Receipt]:
    store = open_data_dir(data_dir)
    try:
        with store.read() as session:
            cal = load_calendar(session)
        times = demo_times(cal, now or system_clock(), len(APPLICANTS))
        receipts = []
        for person, at in zip(APPLICANTS, times, strict=False):
            req = parse_intake(
                {
                    "procedure": person.procedure,
                    "received_at": format_local_minute(at),
                    "channel": person.channel,
                    "result_delivery": person.delivery,
                    "applicant": {
                        "name": person.name,
                        "id_number": person.id_number,
                        "phone": person.phone,
                        "address": ADDRESS,
                    },
                    "documents": [{"code": "TP01"}],
                }
            )
            receipts.append(receive_dossier(store, req, actor=DEMO_OFFICER))
        return receipts
    finally:
        store.dispose()


def create_demo_users(data_dir: Path, now: datetime | None = None) -> None:
    """The two demo accounts, in one transaction."""
    store = open_data_dir(data_dir)
    try:
        at = now or system_clock()
        with store.write.begin() as session:
            for username, name, role, password in (
                (DEMO_ADMIN, DEMO_ADMIN_NAME, Role.ADMIN, DEMO_ADMIN_PASSWORD),
                (DEMO_OFFICER, DEMO_OFFICER_NAME, Role.OFFICER, DEMO_OFFICER_PASSWORD),
            ):
                create_user(
                    session,
                    username=username,
                    full_name=name,
                    role=role,
                    password=password,
                    actor="demo",
                    now=at,
                )
    finally:
        store.dispose()


def _is_demo_without_users(data_dir: Path) -> bool:
    """A demo commune made before the demo had accounts (never a real commune's store)."""
    store = open_data_dir(data_dir)
    try:
        with store.read() as session:
            agency = get_agency(session)
        return (agency.agency_code, agency.commune_name) == (AGENCY_CODE, COMMUNE_NAME) and (
            not has_users(store)
        )
    finally:
        store.dispose()


def ensure_demo(data_dir: Path) -> bool:
    """Initialise a demo commune with accounts and dossiers unless the store is initialised.

    Returns True if it created the commune. A demo store from before the demo accounts gets
    them added.
    """
    if is_initialised(data_dir):
        if _is_demo_without_users(data_dir):
            create_demo_users(data_dir)
        return False
    init_demo(data_dir)
    create_demo_users(data_dir)
    receive_demo_dossiers(data_dir)
    return True


def register_demo_scanner() -> None:
    """A simulated scanner, so the demo can scan with no hardware: generated sample pages
    (text, red seal and photo, a blank back side, a skewed page), one every 0.3 s."""
    from app.scanning import registry
    from app.scanning.fake import FakeBackend

    registry.register(FakeBackend(delay_s=0.3))
