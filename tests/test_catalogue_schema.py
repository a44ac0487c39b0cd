"""The shipped procedure catalogue and its strict parser (app.catalogue_schema)."""

from __future__ import annotations

import copy
import datetime as dt
import json
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.catalogue_schema import (
    COPY_TYPES,
    SCAN_PROFILES,
    TIME_UNITS,
    load_catalogue_file,
    parse_catalogue,
)
from app.errors import InvalidInput, NotFound

CATALOGUE_FILE = Path(__file__).resolve().parents[1] / "resources" / "catalogue" / "procedures.json"


def _minimal() -> dict[str, Any]:
    """A small valid catalogue: one same-day procedure and one working-days procedure."""
    return {
        "catalog_version": "2026.11.1",
        "effective_from": "2025-07-01",
        "note": "Ghi chú / note",
        "procedures": [
            {
                "code": "1.001193",
                "name": "Đăng ký khai sinh",
                "field": "Hộ tịch",
                "time": {"amount": 0, "unit": "same_day", "cutoff": "15:00", "note": ""},
                "fees": [
                    {
                        "code": "LEPHI",
                        "name": "Lệ phí đăng ký khai sinh",
                        "amount": 0,
                        "per": "hồ sơ",
                        "note": "Miễn lệ phí nếu đăng ký đúng hạn",
                        "verified": False,
                    }
                ],
                "documents": [
                    {
                        "code": "TP01",
                        "name": "Tờ khai đăng ký khai sinh theo mẫu",
                        "copy_type": "original",
                        "copies": 1,
                        "required": True,
                        "scan_profile": "text",
                        "verified": False,
                    },
                    {
                        "code": "TP02",
                        "name": "Giấy chứng sinh",
                        "copy_type": "original",
                        "copies": 1,
                        "required": True,
                        "scan_profile": "seal",
                        "verified": False,
                    },
                ],
                "verified": {
                    "code": True,
                    "name": True,
                    "time": True,
                    "fees": False,
                    "documents": False,
                },
            },
            {
                "code": "XA.HT.015",
                "name": "Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch",
                "field": "Hộ tịch",
                "time": {"amount": 3, "unit": "working_days", "cutoff": None, "note": ""},
                "fees": [],
                "documents": [
                    {
                        "code": "TP01",
                        "name": "Tờ khai",
                        "copy_type": "original",
                        "copies": 1,
                        "required": True,
                        "scan_profile": "text",
                        "verified": False,
                    }
                ],
                "verified": {
                    "code": False,
                    "name": False,
                    "time": False,
                    "fees": False,
                    "documents": False,
                },
            },
        ],
    }


# ---------------------------------------------------------------------------------------------
# The shipped file


@pytest.fixture(scope="module")
def shipped_raw() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))
    return data


def test_shipped_file_parses_with_enough_procedures() -> None:
    catalogue = load_catalogue_file(CATALOGUE_FILE)
    assert catalogue.version == "2026.11.1"
    assert catalogue.effective_from == dt.date(2025, 7, 1)
    assert len(catalogue.procedures) >= 42
    codes = [p.code for p in catalogue.procedures]
    assert len(codes) == len(set(codes))
    for proc in catalogue.procedures:
        assert proc.documents, proc.code
        assert proc.name
        assert proc.field
        assert proc.time.unit in TIME_UNITS
        for doc in proc.documents:
            assert doc.copy_type in COPY_TYPES
            assert doc.scan_profile in SCAN_PROFILES


def test_shipped_file_is_nfc_and_notes_unverified_values(shipped_raw: dict[str, Any]) -> None:
    text = CATALOGUE_FILE.read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", text) == text
    assert "verified=false" in shipped_raw["note"]
    assert "Quyết định công bố TTHC" in shipped_raw["note"]


def test_khai_sinh_is_same_day_with_15h_cutoff() -> None:
    proc = load_catalogue_file(CATALOGUE_FILE).procedure("1.001193")
    assert proc.name == "Đăng ký khai sinh"
    assert proc.time.unit == "same_day"
    assert proc.time.amount == 0
    assert proc.time.cutoff == dt.time(15, 0)
    assert proc.is_verified("code")
    assert proc.is_verified("time")
    assert not proc.is_verified("fees")


def test_copy_certification_fee_tiers_are_data() -> None:
    proc = load_catalogue_file(CATALOGUE_FILE).procedure("2.000815")
    amounts = {(fee.amount, fee.per) for fee in proc.fees}
    assert amounts == {(2000, "trang"), (1000, "trang"), (200000, "bản")}
    assert all(fee.verified for fee in proc.fees)
    assert proc.time.cutoff == dt.time(15, 0)


def test_row_38_is_split_into_four_procedures() -> None:
    catalogue = load_catalogue_file(CATALOGUE_FILE)
    for code in ("1.002755", "1.003677", "1.003197", "1.010038"):
        assert catalogue.procedure(code).field == "Cư trú"


def test_local_codes_are_never_marked_verified() -> None:
    for proc in load_catalogue_file(CATALOGUE_FILE).procedures:
        if proc.code.startswith("XA."):
            assert not proc.is_verified("code"), proc.code


def test_cutoff_only_on_same_day_and_hdnd_fees_have_no_amount() -> None:
    for proc in load_catalogue_file(CATALOGUE_FILE).procedures:
        if proc.time.unit != "same_day":
            assert proc.time.cutoff is None
        for fee in proc.fees:
            if fee.note.startswith("Theo Nghị quyết HĐND tỉnh"):
                assert fee.amount is None, proc.code


def test_unknown_procedure_code_raises_not_found() -> None:
    with pytest.raises(NotFound):
        load_catalogue_file(CATALOGUE_FILE).procedure("9.999999")


# ---------------------------------------------------------------------------------------------
# Parser


def test_minimal_catalogue_parses() -> None:
    catalogue = parse_catalogue(_minimal())
    assert [p.code for p in catalogue.procedures] == ["1.001193", "XA.HT.015"]
    assert catalogue.procedures[1].time.cutoff is None
    assert catalogue.procedures[1].fees == ()


def test_strings_are_nfc_normalised_and_stripped() -> None:
    data = _minimal()
    decomposed = unicodedata.normalize("NFD", "  Đăng ký khai sinh \n")
    assert decomposed.strip() != "Đăng ký khai sinh"
    data["procedures"][0]["name"] = decomposed
    data["procedures"][0]["documents"][0]["code"] = " TP01 "
    proc = parse_catalogue(data).procedures[0]
    assert proc.name == "Đăng ký khai sinh"
    assert proc.documents[0].code == "TP01"


def test_specs_are_frozen() -> None:
    proc = parse_catalogue(_minimal()).procedures[0]
    with pytest.raises(AttributeError):
        proc.name = "x"  # type: ignore[misc]


Mutation = Callable[[dict[str, Any]], None]


def _set(path: str, value: object) -> Mutation:
    """A mutation that sets ``path`` (dotted, with [i]) to ``value``."""

    def mutate(data: dict[str, Any]) -> None:
        target: Any = data
        parts = path.replace("[", ".").replace("]", "").split(".")
        for part in parts[:-1]:
            target = target[int(part)] if part.isdigit() else target[part]
        last = parts[-1]
        if last.isdigit():
            target[int(last)] = value
        else:
            target[last] = value

    return mutate


def _delete(path: str) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        target: Any = data
        parts = path.replace("[", ".").replace("]", "").split(".")
        for part in parts[:-1]:
            target = target[int(part)] if part.isdigit() else target[part]
        del target[parts[-1]]

    return mutate


def _duplicate_procedure(data: dict[str, Any]) -> None:
    data["procedures"][1]["code"] = "1.001193"


def _duplicate_document(data: dict[str, Any]) -> None:
    data["procedures"][0]["documents"][1]["code"] = "TP01"


def _duplicate_fee(data: dict[str, Any]) -> None:
    fees = data["procedures"][0]["fees"]
    fees.append(copy.deepcopy(fees[0]))


MALFORMED: list[tuple[str, Mutation, str, str]] = [
    ("missing version", _delete("catalog_version"), "catalog_version", "required"),
    ("unknown top key", _set("extra", 1), "extra", "unknown"),
    ("bad date", _set("effective_from", "2025-13-01"), "effective_from", "format"),
    ("compact date", _set("effective_from", "20250701"), "effective_from", "format"),
    ("empty note", _set("note", "  "), "note", "empty"),
    ("procedures not list", _set("procedures", {}), "procedures", "type"),
    ("no procedures", _set("procedures", []), "procedures", "empty"),
    ("procedure not object", _set("procedures[1]", "x"), "procedures[1]", "type"),
    ("empty name", _set("procedures[0].name", " \t"), "procedures[0].name", "empty"),
    ("name not string", _set("procedures[0].name", 5), "procedures[0].name", "type"),
    ("code with space", _set("procedures[0].code", "1.001 193"), "procedures[0].code", "format"),
    ("missing field", _delete("procedures[1].field"), "procedures[1].field", "required"),
    ("unknown proc key", _set("procedures[0].extra", 1), "procedures[0].extra", "unknown"),
    (
        "unknown unit",
        _set("procedures[1].time.unit", "weeks"),
        "procedures[1].time.unit",
        "unknown",
    ),
    (
        "negative amount",
        _set("procedures[1].time.amount", -1),
        "procedures[1].time.amount",
        "negative",
    ),
    (
        "zero working days",
        _set("procedures[1].time.amount", 0),
        "procedures[1].time.amount",
        "range",
    ),
    ("bool amount", _set("procedures[1].time.amount", True), "procedures[1].time.amount", "type"),
    ("float amount", _set("procedures[1].time.amount", 3.0), "procedures[1].time.amount", "type"),
    ("same_day amount", _set("procedures[0].time.amount", 1), "procedures[0].time.amount", "range"),
    (
        "cutoff on working days",
        _set("procedures[1].time.cutoff", "15:00"),
        "procedures[1].time.cutoff",
        "not_allowed",
    ),
    (
        "bad cutoff",
        _set("procedures[0].time.cutoff", "25:00"),
        "procedures[0].time.cutoff",
        "format",
    ),
    (
        "cutoff no minutes",
        _set("procedures[0].time.cutoff", "15"),
        "procedures[0].time.cutoff",
        "format",
    ),
    (
        "missing cutoff",
        _delete("procedures[0].time.cutoff"),
        "procedures[0].time.cutoff",
        "required",
    ),
    ("fees not list", _set("procedures[0].fees", None), "procedures[0].fees", "type"),
    (
        "negative fee",
        _set("procedures[0].fees[0].amount", -2000),
        "procedures[0].fees[0].amount",
        "negative",
    ),
    (
        "float fee",
        _set("procedures[0].fees[0].amount", 2000.5),
        "procedures[0].fees[0].amount",
        "type",
    ),
    (
        "string fee",
        _set("procedures[0].fees[0].amount", "2.000"),
        "procedures[0].fees[0].amount",
        "type",
    ),
    ("empty per", _set("procedures[0].fees[0].per", ""), "procedures[0].fees[0].per", "empty"),
    (
        "fee verified not bool",
        _set("procedures[0].fees[0].verified", "no"),
        "procedures[0].fees[0].verified",
        "type",
    ),
    ("duplicate fee code", _duplicate_fee, "procedures[0].fees[1].code", "duplicate"),
    ("no documents", _set("procedures[0].documents", []), "procedures[0].documents", "empty"),
    (
        "unknown copy type",
        _set("procedures[0].documents[1].copy_type", "scan"),
        "procedures[0].documents[1].copy_type",
        "unknown",
    ),
    (
        "unknown scan profile",
        _set("procedures[0].documents[0].scan_profile", "colour"),
        "procedures[0].documents[0].scan_profile",
        "unknown",
    ),
    (
        "zero copies",
        _set("procedures[0].documents[0].copies", 0),
        "procedures[0].documents[0].copies",
        "range",
    ),
    (
        "required not bool",
        _set("procedures[0].documents[0].required", 1),
        "procedures[0].documents[0].required",
        "type",
    ),
    (
        "duplicate document code",
        _duplicate_document,
        "procedures[0].documents[1].code",
        "duplicate",
    ),
    ("duplicate procedure code", _duplicate_procedure, "procedures[1].code", "duplicate"),
    (
        "missing verified key",
        _delete("procedures[0].verified.fees"),
        "procedures[0].verified.fees",
        "required",
    ),
    (
        "unknown verified key",
        _set("procedures[0].verified.law", True),
        "procedures[0].verified.law",
        "unknown",
    ),
    (
        "verified not bool",
        _set("procedures[0].verified.time", None),
        "procedures[0].verified.time",
        "type",
    ),
    (
        "local code marked verified",
        _set("procedures[1].verified.code", True),
        "procedures[1].verified.code",
        "not_national",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "field", "reason"),
    [pytest.param(m, f, r, id=name) for name, m, f, r in MALFORMED],
)
def test_malformed_catalogue_names_the_field(mutate: Mutation, field: str, reason: str) -> None:
    data = _minimal()
    mutate(data)
    with pytest.raises(InvalidInput) as excinfo:
        parse_catalogue(data)
    assert excinfo.value.field == field
    assert excinfo.value.reason == reason
    assert field in excinfo.value.detail


@pytest.mark.parametrize("data", [None, [], "catalogue", 42])
def test_non_object_root_is_rejected(data: object) -> None:
    with pytest.raises(InvalidInput) as excinfo:
        parse_catalogue(data)
    assert excinfo.value.field == "catalogue"


# ---------------------------------------------------------------------------------------------
# Files


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b'{"catalog_version": ', "json"),
        (b"", "json"),
        (b'{"a": NaN}', "json"),
        (b'{"note": "a", "note": "b"}', "duplicate_key"),
        (b"\xff\xfe{}", "encoding"),
    ],
)
def test_bad_file_raises_on_field_file(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "procedures.json"
    path.write_bytes(content)
    with pytest.raises(InvalidInput) as excinfo:
        load_catalogue_file(path)
    assert excinfo.value.field == "file"
    assert excinfo.value.reason == reason


def test_missing_file_raises_on_field_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as excinfo:
        load_catalogue_file(tmp_path / "absent.json")
    assert excinfo.value.field == "file"


def test_file_with_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "procedures.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(_minimal(), ensure_ascii=False).encode("utf-8"))
    assert len(load_catalogue_file(path).procedures) == 2
