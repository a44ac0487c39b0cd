"""Diacritic- and đ-insensitive search over the FTS5 index."""

from __future__ import annotations

import pytest

from app.dossiers import search
from app.intake import parse_intake, receive_dossier
from db.engine import Store
from tests.conftest import fixed_clock, intake_json

PEOPLE = [
    ("Nguyễn Thị Ánh", "001195012345", "0912000001", "Thôn Nà Lầu, xã Pà Cò"),
    ("Đặng Văn Đức", "038090004321", "0912000002", "Bản Khó Ly, xã Pà Cò"),
    ("Giàng A Páo", "010095001234", "0912000003", "Bản Pà Cò"),
    ("Trần Văn Nguyên", "027200003333", "0912000004", "Thôn Đồng Tâm"),
]


@pytest.fixture
def filled(store: Store) -> dict[str, str]:
    codes = {}
    for name, cccd, phone, address in PEOPLE:
        req = parse_intake(
            intake_json(
                procedure="1.004873",  # "Cấp Giấy xác nhận tình trạng hôn nhân"
                applicant={"name": name, "id_number": cccd, "phone": phone, "address": address},
            )
        )
        codes[name] = receive_dossier(store, req, actor="cb", clock=fixed_clock).code
    return codes


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("nguyen thi anh", {"Nguyễn Thị Ánh"}),
        ("NGUYỄN THỊ ÁNH", {"Nguyễn Thị Ánh"}),
        ("dang", {"Đặng Văn Đức"}),
        ("Đặng", {"Đặng Văn Đức"}),
        ("giang a pao", {"Giàng A Páo"}),
        ("nguyen", {"Nguyễn Thị Ánh", "Trần Văn Nguyên"}),
        ("038090004321", {"Đặng Văn Đức"}),
        ("0912000004", {"Trần Văn Nguyên"}),
        ("khó ly", {"Đặng Văn Đức"}),
        ("tinh trang hon nhan giang", {"Giàng A Páo"}),
        ("1.004873 pao", {"Giàng A Páo"}),
        ("xyz", set()),
        ("", set()),
        ('"; DROP TABLE dossier; --', set()),
    ],
)
def test_examples(store: Store, filled: dict[str, str], query: str, expected: set[str]) -> None:
    assert {r.applicant_name for r in search(store, query)} == expected


def test_by_code(store: Store, filled: dict[str, str]) -> None:
    code = filled["Giàng A Páo"]
    assert [r.code for r in search(store, code)] == [code]
    assert code in [r.code for r in search(store, code[-11:])]  # "261125-1003"
