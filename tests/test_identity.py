"""CCCD / CMND checks (docs/domain.md §9)."""

from __future__ import annotations

import json
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.errors import InvalidInput
from app.identity import (
    CMND_WARNING,
    PROVINCE_CODES,
    IdCheck,
    check_id_number,
    validate_id_number,
)

TODAY = date(2025, 7, 15)
DATA_FILE = Path(__file__).resolve().parent.parent / "resources/identity/cccd_province_codes.json"


# --- province table ---------------------------------------------------------------------------


def test_province_table_has_the_63_codes_of_the_spec() -> None:
    assert len(PROVINCE_CODES) == 63
    assert PROVINCE_CODES["001"] == "Hà Nội"
    assert PROVINCE_CODES["079"] == "TP Hồ Chí Minh"
    assert PROVINCE_CODES["096"] == "Cà Mau"
    # one published implementation swaps these two
    assert PROVINCE_CODES["019"] == "Thái Nguyên"
    assert PROVINCE_CODES["020"] == "Lạng Sơn"
    for code, name in PROVINCE_CODES.items():
        assert len(code) == 3
        assert code.isdigit()
        assert name == unicodedata.normalize("NFC", name)


def test_province_table_is_loaded_from_the_data_file_and_read_only() -> None:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    assert data["source"]
    assert dict(PROVINCE_CODES) == data["codes"]
    with pytest.raises(TypeError):
        PROVINCE_CODES["099"] = "X"  # type: ignore[index]


# --- valid CCCD -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "province", "gender", "year"),
    [
        ("079090012873", "TP Hồ Chí Minh", "male", 1990),
        ("036195004512", "Nam Định", "female", 1995),
        ("001203014567", "Hà Nội", "male", 2003),
        ("040305001234", "Nghệ An", "female", 2005),
        ("019000123456", "Thái Nguyên", "male", 1900),
        ("020199987654", "Lạng Sơn", "female", 1999),
        ("096325338170", "Cà Mau", "female", 2025),  # born this year
    ],
)
def test_valid_cccd(number: str, province: str, gender: str, year: int) -> None:
    check = check_id_number(number, today=TODAY)
    assert check == IdCheck(
        number=number,
        kind="cccd",
        valid=True,
        reason=None,
        message="Số định danh cá nhân hợp lệ",
        warning=None,
        province=province,
        gender=gender,  # type: ignore[arg-type]
        birth_year=year,
    )


def test_valid_cccd_with_real_clock() -> None:
    check = check_id_number("001090012345")
    assert check.valid
    assert check.birth_year == 1990


@pytest.mark.parametrize(
    "raw",
    [
        "001 090 012 345",
        "001.090.012.345",
        " 001090012345 ",
        "001\u00a0090\t012345",
        "0010.9001 2345",
    ],
)
def test_spaces_and_dots_are_stripped(raw: str) -> None:
    check = check_id_number(raw, today=TODAY)
    assert check.valid
    assert check.number == "001090012345"


def test_matching_birth_date_is_accepted() -> None:
    check = check_id_number("036195004512", date(1995, 12, 31), today=TODAY)
    assert check.valid
    assert validate_id_number("036195004512", date(1995, 1, 1), today=TODAY) == check


# --- invalid CCCD -----------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["000", "003", "099", "100", "999", "028"])
def test_unknown_province_code(code: str) -> None:
    check = check_id_number(f"{code}090012345", today=TODAY)
    assert not check.valid
    assert check.reason == "province"
    assert check.message == f"Mã tỉnh {code} không tồn tại"
    assert check.province is None
    assert check.kind == "cccd"


def test_birth_year_mismatch() -> None:
    check = check_id_number("036195004512", date(1996, 3, 4), today=TODAY)
    assert not check.valid
    assert check.reason == "birth_year"
    assert check.birth_year == 1995
    assert "1995" in check.message
    assert "04/03/1996" in check.message


def test_century_digit_matters_for_birth_date() -> None:
    # same YY, other century: 1903 vs 2003
    check = check_id_number("001003014567", date(2003, 5, 6), today=TODAY)
    assert check.reason == "birth_year"
    assert check.birth_year == 1903


@pytest.mark.parametrize(
    ("number", "year"),
    [
        ("001226012345", 2026),  # next year
        ("001399012345", 2099),
        ("001400012345", 2100),  # 4/5 = 2100s
        ("001500012345", 2100),
        ("001799012345", 2299),
        ("001899012345", 2399),
        ("001999012345", 2399),
    ],
)
def test_birth_year_in_the_future(number: str, year: int) -> None:
    check = check_id_number(number, today=TODAY)
    assert not check.valid
    assert check.reason == "future"
    assert check.birth_year == year
    assert str(year) in check.message


def test_future_is_judged_against_the_vietnam_clock() -> None:
    assert check_id_number("001499000001").reason == "future"  # 2199, whatever the clock


def test_future_wins_over_birth_date() -> None:
    check = check_id_number("001226012345", date(2026, 1, 1), today=TODAY)
    assert check.reason == "future"


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "00109001234",  # 11
        "0010900123456",  # 13
        "0010900123",  # 10
        "12345678",  # 8
        "00109001234a",
        "001-090-012-345",  # dashes are not stripped
        "\uff10\uff10\uff11\uff10\uff19\uff10\uff10\uff11\uff12\uff13\uff14\uff15",  # full-width
        "٠٠١٠٩٠٠١٢٣٤٥",  # Arabic-Indic digits
    ],
)
def test_bad_format(raw: str) -> None:
    check = check_id_number(raw, today=TODAY)
    assert not check.valid
    assert check.reason == "format"
    assert check.kind == "cccd"
    assert check.province is None
    assert check.gender is None
    assert check.birth_year is None
    assert "12 chữ số" in check.message


# --- CMND -------------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["012345678", "012 345 678", "012.345.678"])
def test_cmnd_is_accepted_with_a_warning(raw: str) -> None:
    check = check_id_number(raw, date(1980, 1, 1), today=TODAY)
    assert check.valid
    assert check.kind == "cmnd"
    assert check.reason is None
    assert check.number == "012345678"
    assert check.warning == CMND_WARNING
    assert CMND_WARNING == (
        "Số CMND 9 số là giấy tờ cũ, đề nghị công dân dùng số định danh cá nhân 12 số"
    )
    assert check.province is None
    assert check.gender is None
    assert check.birth_year is None
    assert validate_id_number(raw) == check_id_number(raw)


# --- validate_id_number -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "birth_date", "reason"),
    [
        ("12345", None, "format"),
        ("099090012345", None, "province"),
        ("001226012345", None, "future"),
        ("001090012345", date(1991, 1, 1), "birth_year"),
    ],
)
def test_validate_raises_invalid_input(number: str, birth_date: date | None, reason: str) -> None:
    with pytest.raises(InvalidInput) as info:
        validate_id_number(number, birth_date, field="applicant.id_number", today=TODAY)
    assert info.value.field == "applicant.id_number"
    assert info.value.reason == reason
    assert info.value.detail == check_id_number(number, birth_date, today=TODAY).message


def test_validate_default_field_name() -> None:
    with pytest.raises(InvalidInput) as info:
        validate_id_number("099090012345")
    assert info.value.field == "id_number"
    assert info.value.detail == "Mã tỉnh 099 không tồn tại"


# --- properties -------------------------------------------------------------------------------


@given(st.text(alphabet="0123456789", min_size=12, max_size=12), st.none() | st.dates())
def test_any_12_digit_string_gives_a_result(number: str, birth_date: date | None) -> None:
    check = check_id_number(number, birth_date)
    assert isinstance(check, IdCheck)
    assert check.kind == "cccd"
    assert check.number == number
    assert check.valid == (check.reason is None)
    assert check.reason in {None, "province", "future", "birth_year"}
    assert check.message
    assert check.gender == ("male" if int(number[3]) % 2 == 0 else "female")
    assert check.birth_year is not None
    assert check.birth_year % 100 == int(number[4:6])
    assert (check.province is None) == (number[:3] not in PROVINCE_CODES)


@given(st.text(), st.none() | st.dates())
def test_any_text_gives_a_result(number: str, birth_date: date | None) -> None:
    check = check_id_number(number, birth_date)
    assert isinstance(check, IdCheck)
    assert check.valid == (check.reason is None)
    if not check.valid:
        with pytest.raises(InvalidInput):
            validate_id_number(number, birth_date)
