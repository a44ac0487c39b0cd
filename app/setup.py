"""Setting a store up: commune settings, calendar seed, catalogue, first administrator.

Shared by `motcua init` and the desk's first-run wizard; one transaction, so a failure leaves
the store as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from app.accounts import Role, UserInfo, create_user
from app.calendar_store import seed_calendar
from app.catalogue import ImportReport, import_catalogue, shipped_catalogue_path
from app.catalogue_schema import Catalogue, load_catalogue_file
from app.clock import Clock, system_clock
from app.settings import AgencyInfo, init_agency
from app.workdays import OfficeHours
from db.engine import Store


@dataclass(frozen=True)
class AgencyForm:
    """What the first-run wizard (or `motcua init`) asks for."""

    agency_code: str
    commune_name: str
    device_no: int = 1
    parent_unit: str = ""
    unit_name: str = ""
    province: str = ""
    address: str = ""
    phone: str = ""
    place_name: str = ""
    lookup_url: str = ""  # printed in the receipt's QR code
    upstream_url: str = ""
    office_hours: OfficeHours | None = None


@dataclass(frozen=True)
class InitReport:
    agency: AgencyInfo
    calendar_rows: int
    catalogue: ImportReport
    admin: UserInfo | None


def initialise(
    session: Session,
    form: AgencyForm,
    catalogue: Catalogue,
    *,
    source: str,
    actor: str,
    now: datetime,
) -> tuple[AgencyInfo, int, ImportReport]:
    info = init_agency(
        session,
        agency_code=form.agency_code,
        commune_name=form.commune_name,
        device_no=form.device_no,
        parent_unit=form.parent_unit,
        unit_name=form.unit_name,
        province=form.province,
        address=form.address,
        phone=form.phone,
        place_name=form.place_name,
        lookup_url=form.lookup_url,
        upstream_url=form.upstream_url,
        office_hours=form.office_hours,
        actor=actor,
        now=now,
    )
    seeded = seed_calendar(session, now)
    report = import_catalogue(session, catalogue, actor=actor, now=now, source=source)
    return info, seeded, report


def first_run(
    store: Store,
    form: AgencyForm,
    *,
    admin_username: str,
    admin_full_name: str,
    admin_password: str,
    clock: Clock = system_clock,
) -> InitReport:
    """The wizard's one transaction: settings, calendar, catalogue and the first administrator."""
    path = shipped_catalogue_path()
    catalogue = load_catalogue_file(path)
    now = clock()
    with store.write.begin() as session:
        info, seeded, report = initialise(
            session, form, catalogue, source=str(path), actor="first-run", now=now
        )
        admin = create_user(
            session,
            username=admin_username,
            full_name=admin_full_name,
            role=Role.ADMIN,
            password=admin_password,
            actor="first-run",
            now=now,
        )
    return InitReport(info, seeded, report, admin)
