"""Commune settings (agency code, names, device number) and office hours."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.errors import InvalidInput, NotInitialised
from app.textnorm import nfc
from app.workdays import OfficeHours
from db.models import AgencySettings, AuditLog, OfficeSession

# Shape of the agency identifier of QĐ 20/2020/QĐ-TTg as seen in production codes,
# e.g. 000.17.22.H56 (domain.md §2.2). Never computed, always entered.
AGENCY_CODE_RE = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$")


@dataclass(frozen=True)
class AgencyInfo:
    agency_code: str
    commune_name: str
    parent_unit: str
    unit_name: str
    province: str
    address: str
    phone: str
    place_name: str
    lookup_url: str
    upstream_url: str
    device_no: int
    due_soon_days: int
    office_hours: OfficeHours
    idle_lock_minutes: int = 10


def validate_agency_code(code: str) -> str:
    clean = nfc(code).upper()
    if not AGENCY_CODE_RE.match(clean):
        raise InvalidInput(
            "agency_code",
            "format",
            f"Mã định danh cơ quan {code!r} không đúng dạng 000.00.00.H00 (ví dụ 000.17.22.H56)",
        )
    return clean


def validate_device_no(value: int) -> int:
    if not 1 <= value <= 9:
        raise InvalidInput("device_no", "range", f"Số máy phải từ 1 đến 9, nhận được {value}")
    return value


def _required_text(value: str, field: str, label: str, max_len: int = 200) -> str:
    clean = nfc(value)
    if not clean:
        raise InvalidInput(field, "required", f"{label} không được để trống")
    if len(clean) > max_len:
        raise InvalidInput(field, "too_long", f"{label} dài quá {max_len} ký tự")
    return clean


def init_agency(
    session: Session,
    *,
    agency_code: str,
    commune_name: str,
    device_no: int = 1,
    parent_unit: str = "",
    unit_name: str = "",
    province: str = "",
    address: str = "",
    phone: str = "",
    place_name: str = "",
    lookup_url: str = "",
    upstream_url: str = "",
    office_hours: OfficeHours | None = None,
    actor: str,
    now: datetime,
) -> AgencyInfo:
    """Write the commune settings once. Called inside the caller's write transaction."""
    code = validate_agency_code(agency_code)
    name = _required_text(commune_name, "commune_name", "Tên xã")
    device = validate_device_no(device_no)
    existing = session.get(AgencySettings, 1)
    if existing is not None:
        if existing.agency_code == code and existing.device_no == device:
            return get_agency(session)  # same answer twice: nothing to do
        raise InvalidInput(
            "agency_code",
            "already_initialised",
            f"Kho dữ liệu đã được khởi tạo cho {existing.agency_code}, máy số {existing.device_no}",
        )
    hours = office_hours or OfficeHours()
    session.add(
        AgencySettings(
            id=1,
            agency_code=code,
            commune_name=name,
            parent_unit=nfc(parent_unit) or f"UBND {name.upper()}",
            unit_name=nfc(unit_name) or "Trung tâm Phục vụ hành chính công",
            province=nfc(province),
            address=nfc(address),
            phone=nfc(phone),
            place_name=nfc(place_name) or name,
            lookup_url=nfc(lookup_url),
            upstream_url=nfc(upstream_url),
            device_no=device,
            due_soon_days=2,
            created_at=now,
            updated_at=now,
        )
    )
    set_office_hours(session, hours)
    session.add(
        AuditLog(
            at=now,
            actor=actor,
            action="settings.init",
            entity="agency_settings",
            entity_id=code,
            detail={"device_no": device, "commune_name": name},
        )
    )
    session.flush()
    return get_agency(session)


def set_office_hours(session: Session, hours: OfficeHours) -> None:
    session.execute(delete(OfficeSession))
    for no, (opens, closes) in enumerate(hours.sessions, start=1):
        session.add(
            OfficeSession(no=no, opens=opens.strftime("%H:%M"), closes=closes.strftime("%H:%M"))
        )


def load_office_hours(session: Session) -> OfficeHours:
    rows = session.scalars(select(OfficeSession).order_by(OfficeSession.no)).all()
    if not rows:
        return OfficeHours()
    return OfficeHours.parse(",".join(f"{r.opens}-{r.closes}" for r in rows))


def get_agency(session: Session) -> AgencyInfo:
    row = session.get(AgencySettings, 1)
    if row is None:
        raise NotInitialised("store has no commune settings")
    return AgencyInfo(
        agency_code=row.agency_code,
        commune_name=row.commune_name,
        parent_unit=row.parent_unit,
        unit_name=row.unit_name,
        province=row.province,
        address=row.address,
        phone=row.phone,
        place_name=row.place_name,
        lookup_url=row.lookup_url,
        upstream_url=row.upstream_url,
        device_no=row.device_no,
        due_soon_days=row.due_soon_days,
        office_hours=load_office_hours(session),
        idle_lock_minutes=row.idle_lock_minutes,
    )
