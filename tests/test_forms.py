"""Golden tests of the printed forms (app/forms): text, page count, embedded fonts, a rendered
page compared with a reference PNG, the QR code, and typed errors for missing data.

The fixture dossier has every Vietnamese letter, a very long name and 25 documents. Expected
files live in tests/forms_expected/; after an intended layout change regenerate them (and the
docs/forms/ pictures) with

    MOTCUA_REGEN_FORMS=1 .venv/bin/python -m pytest -q -p no:randomly tests/test_forms.py

and look at the PNGs before committing them.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import sqlite3
import subprocess
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat
from sqlalchemy import update

from app.accounts import Role, create_user
from app.clock import VN_TZ
from app.datadir import db_path, open_data_dir
from app.dossiers import extend, transition
from app.errors import InvalidInput, NotFound, NotInitialised
from app.forms import (
    LABELS,
    BookData,
    BookRow,
    FormData,
    book_data,
    checklist_data,
    form_data,
    qr_payload,
    render_book,
    render_checklist,
    render_form,
)
from app.intake import parse_intake, receive_dossier
from app.lifecycle import State
from app.settings import AgencyInfo
from app.workdays import OfficeHours
from db.engine import Store
from db.models import AgencySettings
from tests.conftest import fixed_clock, intake_json

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = Path(__file__).resolve().parent / "forms_expected"
DOCS = ROOT / "docs" / "forms"
REGEN = os.environ.get("MOTCUA_REGEN_FORMS") == "1"
PNG_TOLERANCE = 2.0  # mean absolute difference per channel, 0–255
LOOKUP_URL = "https://dichvucong.phutho.gov.vn/tra-cuu-ho-so"

# Every vowel with every tone, both cases, and đ/Đ.
ALPHABET_LOWER = (
    "aáàảãạ ăắằẳẵặ âấầẩẫậ eéèẻẽẹ êếềểễệ iíìỉĩị oóòỏõọ ôốồổỗộ ơớờởỡợ uúùủũụ ưứừửữự yýỳỷỹỵ đ"
)
ALPHABET_UPPER = ALPHABET_LOWER.upper()
LONG_NAME = (
    "Công Tằng Tôn Nữ Hoàng Thị Phương Thảo Nguyễn Ngọc Diễm Kiều Trương Ưng Hữu Quỳnh Như "
    "Đặng Lê Bảo Châu Ỷ Lan Vũ Thị Ước Mơ"
)
LONG_ADDRESS = (
    "Số nhà 188, ngõ 21 đường Nguyễn Tất Thành, tổ dân phố Hữu Nghị, bản Pà Cò Trên, "
    "xã Pà Cò, tỉnh Phú Thọ (gần Trường Tiểu học và Trung học cơ sở Pà Cò, đối diện chợ phiên)"
)
PROCEDURE = "2.001263"  # Đăng ký việc nuôi con nuôi trong nước: 9 documents, 30 days, a fee


def at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=VN_TZ)


def clock_at(text: str) -> Callable[[], datetime]:
    moment = at(text)
    return lambda: moment


def fixture_request(received: str) -> dict[str, object]:
    catalogue = [{"code": f"TP{i:02d}"} for i in range(1, 10)]
    catalogue[1] = {"code": "TP02", "copy_type": "certified_copy", "copies": 2}
    extras: list[dict[str, object]] = [
        {"name": f"Giấy tờ kèm theo số {i}: {ALPHABET_LOWER}", "copy_type": "photocopy"}
        for i in range(1, 3)
    ]
    extras.append(
        {"name": f"GIẤY TỜ VIẾT HOA: {ALPHABET_UPPER}", "copy_type": "original", "copies": 3}
    )
    extras += [
        {
            "name": f"Bản sao sổ hộ khẩu, giấy xác nhận cư trú của người nhận con nuôi, lần {i}",
            "copy_type": "certified_copy",
            "copies": 1 + i % 3,
        }
        for i in range(1, 14)
    ]
    extras += [
        {
            "name": "Văn bản đồng ý cho làm con nuôi của cha mẹ đẻ (có chứng thực chữ ký)",
            "copy_type": "original",
            "received": False,
        },
        {
            "name": "Giấy xác nhận của Ủy ban nhân dân cấp xã nơi người được nhận làm con nuôi "
            "thường trú về hoàn cảnh đặc biệt",
            "copy_type": "original",
            "copies": 2,
            "received": False,
        },
    ]
    return intake_json(
        procedure=PROCEDURE,
        received_at=received,
        applicant={
            "name": LONG_NAME,
            "id_number": "010095001234",
            "phone": "0912345678",
            "email": "phuongthao.nguyen@example.vn",
            "address": LONG_ADDRESS,
        },
        documents=catalogue + extras,
    )


@dataclass(frozen=True)
class Fixture:
    main: str  # 01, 02, 04, 06
    refused: str  # 03
    stopped: str  # 05


def build_fixture(store: Store) -> Fixture:
    """Three dossiers of the same citizen on Wed 25/11/2026, driven with fixed clocks."""
    with store.write.begin() as session:
        session.execute(
            update(AgencySettings).values(
                lookup_url=LOOKUP_URL,
                phone="0210 3 812 345",
                address="Bản Pà Cò, xã Pà Cò, tỉnh Phú Thọ",
            )
        )
        for username, full_name in (("hoa.nt", "Nguyễn Thị Hoà"), ("tuan.lv", "Lò Văn Tuấn")):
            create_user(
                session,
                username=username,
                full_name=full_name,
                role=Role.OFFICER,
                password="mat-khau-du-dai",
                actor="test",
                now=fixed_clock(),
            )

    def receive(received: str) -> str:
        req = parse_intake(fixture_request(received))
        return receive_dossier(store, req, actor="hoa.nt", clock=fixed_clock).code

    main = receive("2026-11-25 09:15")
    transition(
        store,
        main,
        State.SUPPLEMENT_REQUESTED,
        actor="hoa.nt",
        reason="Thiếu văn bản đồng ý của cha mẹ đẻ; giấy xác nhận hoàn cảnh chưa có chữ ký, "
        "đóng dấu của Ủy ban nhân dân cấp xã nơi trẻ thường trú.",
        clock=clock_at("2026-11-25 10:05"),
    )
    transition(
        store, main, State.SUPPLEMENT_RECEIVED, actor="hoa.nt", clock=clock_at("2026-11-27 08:30")
    )
    transition(store, main, State.FORWARDED, actor="hoa.nt", clock=clock_at("2026-11-27 14:00"))
    extend(
        store,
        main,
        at("2027-01-15 17:00"),
        actor="tuan.lv",
        reason="Cần xác minh thêm tại nơi thường trú của người được nhận làm con nuôi ở tỉnh "
        "khác; chờ văn bản trả lời của cơ quan đăng ký hộ tịch nơi đó.",
        clock=clock_at("2026-12-24 16:00"),
    )
    transition(store, main, State.RESULT_READY, actor="tuan.lv", clock=clock_at("2027-01-12 10:30"))
    transition(store, main, State.RETURNED, actor="hoa.nt", clock=clock_at("2027-01-13 08:45"))

    refused = receive("2026-11-25 09:20")
    transition(
        store,
        refused,
        State.REFUSED,
        actor="hoa.nt",
        reason="Việc đăng ký nuôi con nuôi giữa hai người ở tỉnh khác thuộc thẩm quyền của Ủy "
        "ban nhân dân cấp xã nơi thường trú của người được nhận làm con nuôi, không thuộc thẩm "
        "quyền của xã Pà Cò.",
        clock=clock_at("2026-11-25 09:40"),
    )

    stopped = receive("2026-11-25 09:25")
    transition(store, stopped, State.IN_PROCESS, actor="hoa.nt", clock=clock_at("2026-11-25 10:00"))
    transition(
        store,
        stopped,
        State.WITHDRAWAL_REQUESTED,
        actor="hoa.nt",
        reason="Ông/Bà có đơn xin rút hồ sơ ngày 26/11/2026 để bổ sung giấy tờ và nộp lại sau.",
        clock=clock_at("2026-11-26 08:10"),
    )
    transition(
        store,
        stopped,
        State.STOPPED,
        actor="tuan.lv",
        reason="Theo đề nghị rút hồ sơ của người nộp hồ sơ.",
        clock=clock_at("2026-11-26 09:00"),
    )
    return Fixture(main=main, refused=refused, stopped=stopped)


# --- rendering the fixture once per module -----------------------------------------------------

FORM_NAMES = ("01", "02", "03", "04", "05", "06", "07", "checklist")
# Pages of each fixture PDF: 25 documents and a long name make Mẫu 01 three pages per copy.
PAGES = {"01": 6, "02": 1, "03": 1, "04": 1, "05": 1, "06": 2, "07": 2, "checklist": 1}


@dataclass(frozen=True)
class Rendered:
    fixture: Fixture
    pdfs: dict[str, bytes]
    data: dict[str, FormData]
    store: Store
    data_dir: Path


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory, _template_store: Path) -> Iterator[Rendered]:
    data_dir = tmp_path_factory.mktemp("forms") / "data"
    data_dir.mkdir()
    with (
        closing(sqlite3.connect(db_path(_template_store))) as src,
        closing(sqlite3.connect(db_path(data_dir))) as dst,
    ):
        src.backup(dst)
    store = open_data_dir(data_dir)
    fx = build_fixture(store)
    codes = {
        "01": fx.main,
        "02": fx.main,
        "03": fx.refused,
        "04": fx.main,
        "05": fx.stopped,
        "06": fx.main,
    }
    data = {n: form_data(store, code) for n, code in codes.items()}
    pdfs = {n: render_form(n, d) for n, d in data.items()}
    pdfs["07"] = render_book(book_data(store, date(2026, 11, 25), date(2026, 11, 25)))
    pdfs["checklist"] = render_checklist(checklist_data(store, PROCEDURE))
    yield Rendered(fx, pdfs, data, store, data_dir)
    store.dispose()


def tool(name: str) -> str:
    """A poppler/zbar command line tool; skipped locally when missing, a failure in CI."""
    found = shutil.which(name)
    if found is None:
        message = f"{name} not installed (apt-get install poppler-utils zbar-tools)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def run_tool(*cmd: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [tool(cmd[0]), *cmd[1:]], input=stdin, capture_output=True, timeout=120, check=False
    )


def pdf_text(pdf: bytes, *, first: int | None = None, last: int | None = None) -> str:
    pages = []
    if first is not None:
        pages += ["-f", str(first)]
    if last is not None:
        pages += ["-l", str(last)]
    r = run_tool("pdftotext", "-layout", "-enc", "UTF-8", *pages, "-", "-", stdin=pdf)
    assert r.returncode == 0, r.stderr
    return r.stdout.decode("utf-8")


def normalise(text: str) -> str:
    """One line per text line, whitespace runs collapsed, blank lines dropped; pages marked."""
    out = []
    for page_no, page in enumerate(text.split("\f"), 1):
        lines = [" ".join(line.split()) for line in page.splitlines()]
        lines = [line for line in lines if line]
        if lines:
            out.append(f"=== trang {page_no} ===")
            out += lines
    return "\n".join(out) + "\n"


def page_count(pdf: bytes) -> int:
    r = run_tool("pdfinfo", "-", stdin=pdf)
    assert r.returncode == 0, r.stderr
    found = re.search(rb"^Pages:\s+(\d+)", r.stdout, re.M)
    assert found is not None
    return int(found.group(1))


def render_png(pdf: bytes, dpi: int, dest: Path, *, page: int = 1) -> Path:
    """Page ``page`` as a grey PNG at ``dpi``; poppler must not complain about the fonts."""
    src = dest.with_suffix(".pdf")
    src.write_bytes(pdf)
    r = run_tool(
        "pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-gray", "-png",
        "-singlefile", str(src), str(dest.with_suffix("")),
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert r.stderr == b"", r.stderr.decode("utf-8", "replace")
    return dest.with_suffix(".png")


def mean_difference(a: Path, b: Path) -> float:
    with Image.open(a) as img_a, Image.open(b) as img_b:
        x, y = img_a.convert("L"), img_b.convert("L")
        assert x.size == y.size, f"{a.name}: {x.size} != {y.size}"
        return float(ImageStat.Stat(ImageChops.difference(x, y)).mean[0])


def stem(name: str) -> str:
    return f"mau{name}" if name.isdigit() else name


def ordinary_receipt(data: FormData) -> FormData:
    """The fixture's Mẫu 01 data cut down to an everyday dossier: short name, 3 papers."""
    return dataclasses.replace(
        data,
        applicant=dataclasses.replace(
            data.applicant, name="Giàng A Páo", address="Bản Pà Cò, xã Pà Cò, tỉnh Phú Thọ"
        ),
        documents=data.documents[:3],
    )


def save_png(src: Path, dest: Path) -> None:
    with Image.open(src) as img:  # grey, 8-bit, optimised: small files for git
        img.convert("L").save(dest, optimize=True)


def regenerate(rendered: Rendered, tmp: Path) -> None:
    """Write every expected file and the docs/forms pictures from the current renderers."""
    EXPECTED.mkdir(parents=True, exist_ok=True)
    DOCS.mkdir(parents=True, exist_ok=True)
    for name, pdf in rendered.pdfs.items():
        (EXPECTED / f"{stem(name)}.txt").write_text(normalise(pdf_text(pdf)), encoding="utf-8")
        save_png(render_png(pdf, 50, tmp / f"ref-{name}"), EXPECTED / f"{stem(name)}.png")
        save_png(render_png(pdf, 80, tmp / f"doc-{name}"), DOCS / f"{stem(name)}.png")
    ordinary = render_form("01", ordinary_receipt(rendered.data["01"]))
    save_png(render_png(ordinary, 80, tmp / "doc-01-ordinary"), DOCS / "mau01-mot-trang.png")


@pytest.fixture(scope="module")
def expected(rendered: Rendered, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if REGEN:
        regenerate(rendered, tmp_path_factory.mktemp("regen"))
    return EXPECTED


# --- golden tests -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", FORM_NAMES)
def test_text_matches_expected(rendered: Rendered, expected: Path, name: str) -> None:
    got = normalise(pdf_text(rendered.pdfs[name]))
    want = (expected / f"{stem(name)}.txt").read_text(encoding="utf-8")
    assert got == want, f"Mẫu {name}: text differs (MOTCUA_REGEN_FORMS=1 to regenerate)"
    assert unicodedata.is_normalized("NFC", got)


@pytest.mark.parametrize("name", FORM_NAMES)
def test_page_count(rendered: Rendered, name: str) -> None:
    assert page_count(rendered.pdfs[name]) == PAGES[name]


@pytest.mark.parametrize("name", FORM_NAMES)
def test_every_font_is_embedded(rendered: Rendered, name: str) -> None:
    r = run_tool("pdffonts", "-", stdin=rendered.pdfs[name])
    assert r.returncode == 0, r.stderr
    rows = r.stdout.decode().splitlines()[2:]
    assert rows, "no fonts listed"
    for row in rows:
        # name type encoding emb sub uni object ID: the three flags precede the object number
        emb, sub, _uni = row.split()[-5:-2]
        assert (emb, sub) == ("yes", "yes"), row
        assert "LiberationSerif" in row.split()[0], row


@pytest.mark.parametrize("name", FORM_NAMES)
def test_page_one_looks_like_the_reference(
    rendered: Rendered, expected: Path, name: str, tmp_path: Path
) -> None:
    got = render_png(rendered.pdfs[name], 50, tmp_path / f"mau{name}")
    diff = mean_difference(got, expected / f"{stem(name)}.png")
    assert diff <= PNG_TOLERANCE, f"Mẫu {name}: page 1 differs by {diff:.2f}"


def test_every_vietnamese_letter_survives(rendered: Rendered) -> None:
    text = pdf_text(rendered.pdfs["01"])
    for word in (*ALPHABET_LOWER.split(), *ALPHABET_UPPER.split()):
        assert word in text, word
    assert LONG_NAME.split()[-1] in text


def qr_payloads(pdf: bytes, tmp: Path) -> list[str]:
    """What zbarimg reads on each page rendered at 150 dpi (a printed page, roughly)."""
    found = []
    for page in range(1, page_count(pdf) + 1):
        png = render_png(pdf, 150, tmp / f"qr-{page}", page=page)
        r = run_tool("zbarimg", "--raw", "-q", str(png))
        found += r.stdout.decode().split()
    return found


def test_qr_code_decodes_to_the_lookup_address(rendered: Rendered, tmp_path: Path) -> None:
    """One QR per copy, holding the lookup address with the dossier code."""
    payload = f"{LOOKUP_URL}?ma={rendered.fixture.main}"
    assert qr_payloads(rendered.pdfs["01"], tmp_path) == [payload, payload]


def test_receipt_copies_start_on_their_own_page(rendered: Rendered) -> None:
    assert "(Liên 1: Lưu)" in pdf_text(rendered.pdfs["01"], first=1, last=1)
    assert "(Liên 2: Giao người nộp hồ sơ)" in pdf_text(rendered.pdfs["01"], first=4, last=4)


def test_ordinary_receipt_fits_one_page_per_copy(rendered: Rendered) -> None:
    assert page_count(render_form("01", ordinary_receipt(rendered.data["01"]))) == 2


def test_short_receipt_is_two_pages(store: Store, tmp_path: Path) -> None:
    req = parse_intake(intake_json(documents=[{"code": "TP01"}, {"code": "TP02"}]))
    code = receive_dossier(store, req, actor="cb", clock=fixed_clock).code
    pdf = render_form("01", form_data(store, code))
    assert page_count(pdf) == 2
    first, second = pdf_text(pdf, first=1, last=1), pdf_text(pdf, first=2, last=2)
    assert "Liên 1: Lưu" in first
    assert "Liên 2: Giao người nộp hồ sơ" in second
    flat = " ".join(first.split())
    assert "Tiếp nhận hồ sơ của: Giàng A Páo" in flat
    assert (
        "Thời gian trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 25 tháng 11 năm 2026" in flat
    )
    assert "Tra cứu tình trạng hồ sơ: quét mã QR (mã hồ sơ)." in flat
    # No lookup address configured: the QR holds the bare code.
    assert qr_payloads(pdf, tmp_path) == [code, code]


def test_qr_payload() -> None:
    code = "000.17.22.H56-261125-1001"
    assert qr_payload(code, "") == code
    assert qr_payload(code, " https://a.vn/tra-cuu ") == f"https://a.vn/tra-cuu?ma={code}"
    assert qr_payload(code, "https://a.vn/tc?tinh=25") == f"https://a.vn/tc?tinh=25&ma={code}"


def test_decomposed_input_is_printed_composed(rendered: Rendered) -> None:
    data = rendered.data["02"]
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Ánh Tuyết")
    changed = dataclasses.replace(data, applicant=dataclasses.replace(data.applicant, name=nfd))
    text = pdf_text(render_form("02", changed))
    assert "Nguyễn Thị Ánh Tuyết" in text
    assert unicodedata.is_normalized("NFC", text)


def test_output_is_reproducible(rendered: Rendered) -> None:
    assert render_form("01", rendered.data["01"]) == rendered.pdfs["01"]


def test_book_repeats_its_heading_on_every_page() -> None:
    agency = form_data_agency()
    rows = tuple(
        BookRow(
            no=i,
            code=f"000.17.22.H56-261125-1{i:03d}",
            procedure_name="Đăng ký khai sinh",
            sets=1,
            applicant_name=f"Nguyễn Văn Ước {i}",
            address="Bản Pà Cò, xã Pà Cò, tỉnh Phú Thọ",
            phone="0912345678",
            state=State.RECEIVED,
            received_at=at("2026-11-25 09:00"),
            due_at=at("2026-11-27 17:00"),
            original_due_at=at("2026-11-27 17:00"),
            forwarded_at=None,
            result_at=None,
            returned_at=None,
            finished_reason="",
        )
        for i in range(1, 121)
    )
    pdf = render_book(BookData(agency, date(2026, 11, 1), date(2026, 11, 30), rows))
    pages = pdf_text(pdf).split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) >= 4
    for page in pages:
        assert "Mã hồ sơ" in page
        assert "Hẹn trả" in page
    text = " ".join(pdf_text(pdf).split())
    for row in rows:  # the code's tail stays on one line of its cell
        assert row.code.split("-", 1)[1] in text
    assert "Tổng số: 120 hồ sơ." in text


def form_data_agency() -> AgencyInfo:
    return AgencyInfo(
        agency_code="000.17.22.H56",
        commune_name="Xã Pà Cò",
        parent_unit="UBND XÃ PÀ CÒ",
        unit_name="Trung tâm Phục vụ hành chính công",
        province="Phú Thọ",
        address="",
        phone="",
        place_name="Xã Pà Cò",
        lookup_url="",
        upstream_url="",
        device_no=1,
        due_soon_days=2,
        office_hours=OfficeHours(),
    )


def test_empty_book_is_one_clean_page(store: Store) -> None:
    pdf = render_book(book_data(store, date(2026, 1, 1), date(2026, 1, 31)))
    assert page_count(pdf) == 1
    assert "Không có hồ sơ tiếp nhận trong kỳ." in pdf_text(pdf)


# --- typed errors instead of broken pages -------------------------------------------------------


def test_unknown_dossier_is_not_found(store: Store) -> None:
    with pytest.raises(NotFound):
        form_data(store, "000.17.22.H56-261125-1999")


def test_store_without_settings_is_not_initialised(tmp_path: Path) -> None:
    empty = open_data_dir(tmp_path / "empty")
    try:
        with pytest.raises(NotInitialised):
            form_data(empty, "000.17.22.H56-261125-1001")
        with pytest.raises(NotInitialised):
            book_data(empty, date(2026, 11, 1), date(2026, 11, 30))
        with pytest.raises(NotInitialised):
            checklist_data(empty, PROCEDURE)
    finally:
        empty.dispose()


def test_unknown_procedure_is_not_found(store: Store) -> None:
    with pytest.raises(NotFound):
        checklist_data(store, "9.999999")


@pytest.mark.parametrize(
    ("name", "field"),
    [
        ("02", "events.supplement_requested"),
        ("03", "events.refused"),
        ("04", "events.extension"),
        ("05", "events.stopped"),
    ],
)
def test_form_without_its_event_names_the_field(rendered: Rendered, name: str, field: str) -> None:
    data = dataclasses.replace(rendered.data["01"], events=rendered.data["01"].events[:1])
    with pytest.raises(InvalidInput) as err:
        render_form(name, data)
    assert err.value.field == field


def test_receipt_without_appointment_names_the_field(rendered: Rendered) -> None:
    data = dataclasses.replace(rendered.data["01"], due_at=None, original_due_at=None)
    with pytest.raises(InvalidInput) as err:
        render_form("01", data)
    assert err.value.field == "due_at"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"unit_name": " "}, "agency.unit_name"),
        ({"parent_unit": ""}, "agency.parent_unit"),
        ({"commune_name": "", "place_name": ""}, "agency.commune_name"),
    ],
)
def test_incomplete_agency_names_the_field(
    rendered: Rendered, change: dict[str, str], field: str
) -> None:
    data = rendered.data["01"]
    broken = dataclasses.replace(data, agency=dataclasses.replace(data.agency, **change))
    with pytest.raises(InvalidInput) as err:
        render_form("06", broken)
    assert err.value.field == field


def test_missing_applicant_name_names_the_field(rendered: Rendered) -> None:
    data = rendered.data["01"]
    broken = dataclasses.replace(data, applicant=dataclasses.replace(data.applicant, name=""))
    with pytest.raises(InvalidInput) as err:
        render_form("01", broken)
    assert err.value.field == "applicant.name"


def test_unknown_form_number(rendered: Rendered) -> None:
    with pytest.raises(InvalidInput) as err:
        render_form("09", rendered.data["01"])
    assert err.value.field == "form"


def test_book_period_must_be_forward(store: Store) -> None:
    with pytest.raises(InvalidInput) as err:
        book_data(store, date(2026, 11, 30), date(2026, 11, 1))
    assert err.value.field == "to"


def test_labels_can_be_replaced(rendered: Rendered) -> None:
    labels = dataclasses.replace(LABELS, signer_guide="CÔNG CHỨC HƯỚNG DẪN")
    text = pdf_text(render_form("02", rendered.data["02"], labels))
    assert "CÔNG CHỨC HƯỚNG DẪN" in text
