"""Checks of personal identification numbers: CCCD / số định danh cá nhân (12 digits), CMND (9).

Structure of the 12-digit number (docs/domain.md §9)::

    PPP G YY RRRRRR
    PPP  province where the birth was registered (country code if born abroad)
    G    gender + century: even = male, odd = female; 0/1 -> 1900s, 2/3 -> 2000s, ... 8/9 -> 2300s
    YY   last two digits of the birth year
    R    random sequence

There is no check digit. The province codes are data (``resources/identity/
cccd_province_codes.json``); the country codes used for people born abroad are not known to us,
so such a number is reported invalid with reason ``province`` rather than guessed at.

Reasons of an invalid result: ``format``, ``province``, ``future``, ``birth_year``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType
from typing import Literal

from app.clock import VN_TZ
from app.errors import InvalidInput
from app.resources import resource_path

__all__ = [
    "CMND_WARNING",
    "PROVINCE_CODES",
    "IdCheck",
    "check_id_number",
    "validate_id_number",
]

Kind = Literal["cccd", "cmnd"]
Gender = Literal["male", "female"]

CMND_WARNING = "Số CMND 9 số là giấy tờ cũ, đề nghị công dân dùng số định danh cá nhân 12 số"

_SEPARATORS = re.compile(r"[\s.]+")
_CCCD = re.compile(r"[0-9]{12}")
_CMND = re.compile(r"[0-9]{9}")
_CODE = re.compile(r"[0-9]{3}")


def _load_province_codes() -> Mapping[str, str]:
    path = resource_path("identity", "cccd_province_codes.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    codes = data["codes"]
    if not isinstance(codes, dict) or not codes:
        raise ValueError(f"{path}: 'codes' must be a non-empty object")
    for code, name in codes.items():
        if not _CODE.fullmatch(code) or not isinstance(name, str) or not name:
            raise ValueError(f"{path}: bad entry {code!r}: {name!r}")
    return MappingProxyType(dict(codes))


PROVINCE_CODES: Mapping[str, str] = _load_province_codes()
"""CCCD province code (3 digits, e.g. ``"001"``) -> province name (63 pre-2025 provinces)."""


@dataclass(frozen=True)
class IdCheck:
    """Result of :func:`check_id_number`. Never raised; ``valid`` says whether it passed.

    ``number`` is the number with spaces and dots removed. Fields that could be decoded are
    filled in even when the number is invalid (e.g. ``birth_year`` on a ``birth_year`` mismatch);
    ``province`` is ``None`` when the code is unknown, and all decoded fields are ``None`` for a
    CMND or a ``format`` failure.
    """

    number: str
    kind: Kind
    valid: bool
    reason: str | None
    message: str
    warning: str | None
    province: str | None
    gender: Gender | None
    birth_year: int | None


def _today_vn() -> date:
    return datetime.now(VN_TZ).date()


def check_id_number(
    number: str, birth_date: date | None = None, *, today: date | None = None
) -> IdCheck:
    """Check a CCCD (12 digits) or a legacy CMND (9 digits); never raises for any string.

    Spaces and dots are removed first. A CMND is accepted with :data:`CMND_WARNING`; a CCCD must
    have a known province code, a birth year (from the gender/century digit and YY) not later
    than this year in Vietnam (``today`` overrides the date, for tests), and, when ``birth_date``
    is given, the same birth year as that date. Anything else fails with reason ``format``.
    """
    cleaned = _SEPARATORS.sub("", number)

    if _CMND.fullmatch(cleaned):
        return IdCheck(
            number=cleaned,
            kind="cmnd",
            valid=True,
            reason=None,
            message="Số CMND 9 số đúng định dạng",
            warning=CMND_WARNING,
            province=None,
            gender=None,
            birth_year=None,
        )

    if not _CCCD.fullmatch(cleaned):
        return IdCheck(
            number=cleaned,
            kind="cccd",
            valid=False,
            reason="format",
            message=(
                "Số định danh cá nhân phải gồm đúng 12 chữ số (hoặc số CMND cũ 9 chữ số), "
                f"số đã nhập có {len(cleaned)} ký tự"
            ),
            warning=None,
            province=None,
            gender=None,
            birth_year=None,
        )

    code = cleaned[:3]
    g = int(cleaned[3])
    gender: Gender = "male" if g % 2 == 0 else "female"
    birth_year = 1900 + (g // 2) * 100 + int(cleaned[4:6])
    province = PROVINCE_CODES.get(code)

    def result(reason: str | None, message: str) -> IdCheck:
        return IdCheck(
            number=cleaned,
            kind="cccd",
            valid=reason is None,
            reason=reason,
            message=message,
            warning=None,
            province=province,
            gender=gender,
            birth_year=birth_year,
        )

    if province is None:
        return result("province", f"Mã tỉnh {code} không tồn tại")
    current_year = (today or _today_vn()).year
    if birth_year > current_year:
        return result(
            "future",
            f"Năm sinh theo số định danh là {birth_year}, sau năm hiện tại {current_year}",
        )
    if birth_date is not None and birth_date.year != birth_year:
        return result(
            "birth_year",
            f"Năm sinh theo số định danh là {birth_year}, không khớp với ngày sinh "
            f"{birth_date.day:02d}/{birth_date.month:02d}/{birth_date.year:04d}",
        )
    return result(None, "Số định danh cá nhân hợp lệ")


def validate_id_number(
    number: str,
    birth_date: date | None = None,
    field: str = "id_number",
    *,
    today: date | None = None,
) -> IdCheck:
    """Like :func:`check_id_number`, but raise :class:`InvalidInput` when the number is invalid.

    The error carries ``field``, the check's ``reason`` and its Vietnamese message as ``detail``.
    A CMND passes; the caller shows ``warning``.
    """
    check = check_id_number(number, birth_date, today=today)
    if not check.valid:
        raise InvalidInput(field, check.reason or "invalid", detail=check.message)
    return check
