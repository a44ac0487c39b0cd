"""Procedure catalogue (danh mục TTHC cấp xã): immutable specs and a strict parser.

The catalogue is data (``resources/catalogue/procedures.json``); this module turns the decoded
JSON into frozen dataclasses and rejects anything malformed with :class:`app.errors.InvalidInput`
naming the first offending field as a dotted path (``procedures[3].time.unit``).

Pure: no Qt, no database; the only I/O is :func:`load_catalogue_file`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final, NoReturn

from app.errors import InvalidInput, NotFound

COPY_TYPES: Final[tuple[str, ...]] = (
    "original",  # bản chính
    "certified_copy",  # bản sao có chứng thực
    "photocopy",  # bản chụp
    "electronic",  # bản điện tử
    "presented",  # xuất trình để đối chiếu, không lưu
)
COPY_TYPE_LABELS: Final[Mapping[str, str]] = {
    "original": "Bản chính",
    "certified_copy": "Bản sao có chứng thực",
    "photocopy": "Bản chụp",
    "electronic": "Bản điện tử",
    "presented": "Xuất trình để đối chiếu",
}
TIME_UNITS: Final[tuple[str, ...]] = ("working_hours", "working_days", "calendar_days", "same_day")
SCAN_PROFILES: Final[tuple[str, ...]] = ("text", "seal")
VERIFIED_ASPECTS: Final[tuple[str, ...]] = ("code", "name", "time", "fees", "documents")

_CODE_RE: Final = re.compile(r"[0-9A-Za-z]+(?:[._-][0-9A-Za-z]+)*")
_NATIONAL_CODE_RE: Final = re.compile(r"[0-9]\.[0-9]{6}(?:\..+)?")
_CUTOFF_RE: Final = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])")
_DATE_RE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True, slots=True)
class TimeSpec:
    """Time limit (thời hạn giải quyết). ``same_day`` has amount 0 and usually a cut-off hour."""

    amount: int
    unit: str
    cutoff: dt.time | None
    note: str


@dataclass(frozen=True, slots=True)
class FeeSpec:
    """One fee line (phí/lệ phí). ``amount`` is in đồng; ``None`` = set by HĐND tỉnh."""

    code: str
    name: str
    amount: int | None
    per: str
    note: str
    verified: bool


@dataclass(frozen=True, slots=True)
class DocumentSpec:
    """One thành phần hồ sơ."""

    code: str
    name: str
    copy_type: str
    copies: int
    required: bool
    scan_profile: str
    verified: bool


@dataclass(frozen=True, slots=True)
class ProcedureSpec:
    """One TTHC. ``verified`` holds (aspect, flag) pairs in :data:`VERIFIED_ASPECTS` order."""

    code: str
    name: str
    field: str
    time: TimeSpec
    fees: tuple[FeeSpec, ...]
    documents: tuple[DocumentSpec, ...]
    verified: tuple[tuple[str, bool], ...]

    def is_verified(self, aspect: str) -> bool:
        """Evidence flag of one aspect (``code``, ``name``, ``time``, ``fees``, ``documents``)."""
        for key, flag in self.verified:
            if key == aspect:
                return flag
        raise KeyError(aspect)

    @property
    def fully_verified(self) -> bool:
        return all(flag for _, flag in self.verified)


@dataclass(frozen=True, slots=True)
class Catalogue:
    version: str
    effective_from: dt.date
    note: str
    procedures: tuple[ProcedureSpec, ...]

    def procedure(self, code: str) -> ProcedureSpec:
        """The procedure with this code; raises :class:`NotFound` otherwise."""
        wanted = _nfc(code).upper()
        for spec in self.procedures:
            if spec.code.upper() == wanted:
                return spec
        raise NotFound("procedure", code)


# --------------------------------------------------------------------------------------------
# Parsing helpers. Each takes the dotted path of the value it checks.


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def _fail(path: str, reason: str, detail: str) -> NoReturn:
    raise InvalidInput(field=path, reason=reason, detail=detail)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _object(value: object, path: str, keys: Sequence[str]) -> Mapping[str, object]:
    """A JSON object with exactly ``keys`` (all required, no others)."""
    if not isinstance(value, dict):
        _fail(path, "type", f"Trường {path} phải là một đối tượng JSON.")
    for key in keys:
        if key not in value:
            sub = _join(path, key)
            _fail(sub, "required", f"Thiếu trường bắt buộc {sub}.")
    for key in value:
        if key not in keys:
            sub = _join(path, str(key))
            _fail(sub, "unknown", f"Trường {sub} không thuộc định dạng danh mục.")
    return value


def _list(value: object, path: str, *, allow_empty: bool) -> list[object]:
    if not isinstance(value, list):
        _fail(path, "type", f"Trường {path} phải là một danh sách.")
    if not value and not allow_empty:
        _fail(path, "empty", f"Trường {path} phải có ít nhất một phần tử.")
    return value


def _text(value: object, path: str, *, allow_empty: bool = False) -> str:
    if not isinstance(value, str):
        _fail(path, "type", f"Trường {path} phải là chuỗi ký tự.")
    text = _nfc(value)
    if not text and not allow_empty:
        _fail(path, "empty", f"Trường {path} không được để trống.")
    return text


def _code(value: object, path: str) -> str:
    text = _text(value, path)
    if not _CODE_RE.fullmatch(text):
        _fail(path, "format", f"Trường {path} chỉ gồm chữ, số và dấu chấm, gạch (không dấu cách).")
    return text


def _int(value: object, path: str, *, minimum: int) -> int:
    # bool is a subclass of int in Python: reject it explicitly.
    if isinstance(value, bool) or not isinstance(value, int):
        _fail(path, "type", f"Trường {path} phải là số nguyên.")
    if value < minimum:
        reason = "negative" if value < 0 else "range"
        _fail(path, reason, f"Trường {path} phải lớn hơn hoặc bằng {minimum}.")
    return value


def _bool(value: object, path: str) -> bool:
    if not isinstance(value, bool):
        _fail(path, "type", f"Trường {path} phải là true hoặc false.")
    return value


def _choice(value: object, path: str, allowed: Sequence[str]) -> str:
    text = _text(value, path)
    if text not in allowed:
        _fail(path, "unknown", f"Trường {path} phải là một trong: {', '.join(allowed)}.")
    return text


def _parse_time(value: object, path: str) -> TimeSpec:
    obj = _object(value, path, ("amount", "unit", "cutoff", "note"))
    unit = _choice(obj["unit"], _join(path, "unit"), TIME_UNITS)
    amount_path = _join(path, "amount")
    if unit == "same_day":
        amount = _int(obj["amount"], amount_path, minimum=0)
        if amount != 0:
            _fail(
                amount_path, "range", f"Trường {amount_path} phải bằng 0 khi giải quyết trong ngày."
            )
    else:
        amount = _int(obj["amount"], amount_path, minimum=1)
    cutoff_path = _join(path, "cutoff")
    raw_cutoff = obj["cutoff"]
    cutoff: dt.time | None = None
    if raw_cutoff is not None:
        if unit != "same_day":
            _fail(
                cutoff_path,
                "not_allowed",
                f"Trường {cutoff_path} chỉ dùng cho thủ tục giải quyết trong ngày (same_day).",
            )
        text = _text(raw_cutoff, cutoff_path)
        match = _CUTOFF_RE.fullmatch(text)
        if match is None:
            _fail(cutoff_path, "format", f"Trường {cutoff_path} phải có dạng giờ:phút (HH:MM).")
        cutoff = dt.time(int(match.group(1)), int(match.group(2)))
    note = _text(obj["note"], _join(path, "note"), allow_empty=True)
    return TimeSpec(amount=amount, unit=unit, cutoff=cutoff, note=note)


def _parse_fee(value: object, path: str) -> FeeSpec:
    obj = _object(value, path, ("code", "name", "amount", "per", "note", "verified"))
    raw_amount = obj["amount"]
    amount = None if raw_amount is None else _int(raw_amount, _join(path, "amount"), minimum=0)
    return FeeSpec(
        code=_code(obj["code"], _join(path, "code")),
        name=_text(obj["name"], _join(path, "name")),
        amount=amount,
        per=_text(obj["per"], _join(path, "per")),
        note=_text(obj["note"], _join(path, "note"), allow_empty=True),
        verified=_bool(obj["verified"], _join(path, "verified")),
    )


def _parse_document(value: object, path: str) -> DocumentSpec:
    obj = _object(
        value,
        path,
        ("code", "name", "copy_type", "copies", "required", "scan_profile", "verified"),
    )
    return DocumentSpec(
        code=_code(obj["code"], _join(path, "code")),
        name=_text(obj["name"], _join(path, "name")),
        copy_type=_choice(obj["copy_type"], _join(path, "copy_type"), COPY_TYPES),
        copies=_int(obj["copies"], _join(path, "copies"), minimum=1),
        required=_bool(obj["required"], _join(path, "required")),
        scan_profile=_choice(obj["scan_profile"], _join(path, "scan_profile"), SCAN_PROFILES),
        verified=_bool(obj["verified"], _join(path, "verified")),
    )


def _check_unique(codes: Sequence[str], path: str, key: str) -> None:
    seen: set[str] = set()
    for index, code in enumerate(codes):
        folded = code.upper()
        if folded in seen:
            sub = f"{path}[{index}].{key}"
            _fail(sub, "duplicate", f"Mã {code} ở trường {sub} bị trùng.")
        seen.add(folded)


def _parse_procedure(value: object, path: str) -> ProcedureSpec:
    obj = _object(value, path, ("code", "name", "field", "time", "fees", "documents", "verified"))
    code = _code(obj["code"], _join(path, "code"))
    name = _text(obj["name"], _join(path, "name"))
    field = _text(obj["field"], _join(path, "field"))
    time_spec = _parse_time(obj["time"], _join(path, "time"))

    fees_path = _join(path, "fees")
    fees = tuple(
        _parse_fee(item, f"{fees_path}[{i}]")
        for i, item in enumerate(_list(obj["fees"], fees_path, allow_empty=True))
    )
    _check_unique([fee.code for fee in fees], fees_path, "code")

    docs_path = _join(path, "documents")
    documents = tuple(
        _parse_document(item, f"{docs_path}[{i}]")
        for i, item in enumerate(_list(obj["documents"], docs_path, allow_empty=False))
    )
    _check_unique([doc.code for doc in documents], docs_path, "code")

    verified_path = _join(path, "verified")
    flags = _object(obj["verified"], verified_path, VERIFIED_ASPECTS)
    verified = tuple(
        (aspect, _bool(flags[aspect], _join(verified_path, aspect))) for aspect in VERIFIED_ASPECTS
    )
    if dict(verified)["code"] and not _NATIONAL_CODE_RE.fullmatch(code):
        sub = _join(verified_path, "code")
        _fail(
            sub,
            "not_national",
            f"Trường {sub} chỉ được là true với mã TTHC quốc gia (dạng 1.001193); mã {code} là mã nội bộ.",
        )
    return ProcedureSpec(
        code=code,
        name=name,
        field=field,
        time=time_spec,
        fees=fees,
        documents=documents,
        verified=verified,
    )


def parse_catalogue(data: object) -> Catalogue:
    """Validate decoded JSON and build a :class:`Catalogue`.

    Raises :class:`InvalidInput` on the first problem, ``field`` being the dotted path of the
    offending value (``catalogue`` when the whole document is not an object).
    """
    if not isinstance(data, dict):
        _fail("catalogue", "type", "Danh mục thủ tục phải là một đối tượng JSON.")
    obj = _object(data, "", ("catalog_version", "effective_from", "note", "procedures"))
    version = _text(obj["catalog_version"], "catalog_version")

    date_text = _text(obj["effective_from"], "effective_from")
    try:
        if not _DATE_RE.fullmatch(date_text):
            raise ValueError(date_text)
        effective_from = dt.date.fromisoformat(date_text)
    except ValueError:
        _fail("effective_from", "format", "Trường effective_from phải là ngày dạng YYYY-MM-DD.")

    note = _text(obj["note"], "note")
    procedures = tuple(
        _parse_procedure(item, f"procedures[{i}]")
        for i, item in enumerate(_list(obj["procedures"], "procedures", allow_empty=False))
    )
    _check_unique([proc.code for proc in procedures], "procedures", "code")
    return Catalogue(
        version=version, effective_from=effective_from, note=note, procedures=procedures
    )


def _no_duplicate_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    result: dict[str, object] = {}
    for key, value in pairs:
        if key in result:
            _fail(
                "file", "duplicate_key", f"Tệp danh mục có khóa {key} lặp lại trong một đối tượng."
            )
        result[key] = value
    return result


def _reject_constant(name: str) -> NoReturn:
    _fail("file", "json", f"Tệp danh mục chứa giá trị {name} không hợp lệ trong JSON.")


def load_catalogue_file(path: Path) -> Catalogue:
    """Read a UTF-8 JSON catalogue file (a BOM is tolerated) and parse it."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(
            field="file", reason="unreadable", detail=f"Không đọc được tệp danh mục {path}."
        ) from exc
    try:
        text = raw.decode("utf-8-sig")
        data = json.loads(
            text, object_pairs_hook=_no_duplicate_keys, parse_constant=_reject_constant
        )
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            field="file", reason="encoding", detail="Tệp danh mục không phải văn bản UTF-8."
        ) from exc
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            field="file",
            reason="json",
            detail=f"Tệp danh mục không phải JSON hợp lệ (dòng {exc.lineno}, cột {exc.colno}).",
        ) from exc
    return parse_catalogue(data)
