"""Printing (ui/printing.py, ui/print_preview.py), offscreen, with no real printer.

This machine has no printer and no CUPS (``QPrinterInfo.availablePrinters() == []``): every
job goes to a QPrinter in PdfFormat writing a file, through the same raster path a real
printer gets (QtPdf renders each page at the printer's resolution, a QPainter draws it). The
system print dialog and the save dialog are replaced through their ``ask`` classmethods, and
``ui.printing.printer_named`` stands in for an installed printer. Real printers, Windows
drivers and thermal printers are not exercised here (docs/forms/README.md, "Printing").

The printed PDFs are images, so ``pdftotext`` finds no text in them: the dossier code is
checked through the QR code they carry (zbarimg) and by comparing the printed page with the
form's own rendering.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageStat

from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtGui import QImage, QPageRanges
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QWidget

from app.accounts import Role, UserInfo
from app.clock import VN_TZ
from app.forms import book_data, form_data, render_book, render_form, render_slip
from app.lifecycle import State
from app.settings import get_agency
from db.engine import Store
from tests.conftest import fixed_clock
from tests.test_forms import page_count, pdf_text, render_png, run_tool
from tests.test_ui_dossier import SUPPLEMENT, FakeAsk, open_dialog, receive, step
from ui import printing
from ui.context import AppContext
from ui.dossier import actions as dlgs
from ui.print_preview import PrintPreviewDialog
from ui.printing import (
    Paper,
    PrintDialog,
    PrintFailed,
    PrintReport,
    PrintService,
    SavePdfDialog,
    file_name,
    print_pdf,
    printer_to_remember,
    remember_printer,
    remembered_printer,
    settings,
)
from ui.tasks import TaskRunner

pytestmark = pytest.mark.qt

PT_PER_MM = 72 / 25.4
A4_PT = (595.0, 842.0)  # as pdfinfo rounds 595.28 x 841.89


# --- fixtures and helpers ---------------------------------------------------------------------


@pytest.fixture(autouse=True)
def user_settings(tmp_path: Path) -> Iterator[Path]:
    """QSettings in a temporary folder: the officer's real settings are never touched."""
    original = Path(settings().fileName()).parent.parent
    folder = tmp_path / "settings"
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield folder
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(original))


@pytest.fixture
def runner(store: Store) -> Iterator[TaskRunner]:
    r = TaskRunner()
    yield r
    assert r.shutdown(10_000)


@pytest.fixture
def ctx(store: Store, runner: TaskRunner) -> AppContext:
    with store.read() as session:
        agency = get_agency(session)
    user = UserInfo("u-1", "canbo1", "Lò Thị Mai", Role.OFFICER)
    return AppContext(store, runner, agency, user=user, clock=fixed_clock)


@pytest.fixture
def code(store: Store) -> str:
    """An ordinary dossier (one paper received): Mẫu 01 is one page per copy."""
    return receive(store, documents=[{"code": "TP01", "received": True}])


@pytest.fixture
def mau01(store: Store, code: str) -> bytes:
    return render_form("01", form_data(store, code))


@pytest.fixture
def window(qtbot: Any) -> QWidget:
    w = QWidget()
    w.setObjectName("test.window")
    qtbot.addWidget(w)
    return w


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def page_size_pt(pdf: Path | bytes) -> tuple[float, float]:
    data = pdf.read_bytes() if isinstance(pdf, Path) else pdf
    r = run_tool("pdfinfo", "-", stdin=data)
    assert r.returncode == 0, r.stderr
    found = re.search(rb"^Page size:\s+([\d.]+) x ([\d.]+) pts", r.stdout, re.M)
    assert found is not None, r.stdout
    return float(found.group(1)), float(found.group(2))


def ink_of(png: Path) -> tuple[tuple[int, int, int, int], float]:
    """Bounding box of the dark pixels and their share of the page."""
    with Image.open(png) as img:
        dark = img.convert("L").point(lambda v: 255 if v < 128 else 0)
        box = dark.getbbox()
        assert box is not None, f"{png.name} is blank"
        return box, ImageStat.Stat(dark).mean[0] / 255


def has_ink(widget: QWidget) -> bool:
    """Some dark pixels on the widget: text has been drawn."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    step = 3
    return any(
        image.pixelColor(x, y).value() < 80
        for y in range(0, image.height(), step)
        for x in range(0, image.width(), step)
    )


def qr_codes(pdf: Path, tmp: Path, dpi: int = 150) -> list[str]:
    found: list[str] = []
    data = pdf.read_bytes()
    for page in range(1, page_count(data) + 1):
        png = render_png(data, dpi, tmp / f"{pdf.stem}-qr-{page}", page=page)
        found += run_tool("zbarimg", "--raw", "-q", str(png)).stdout.decode().split()
    return found


@dataclass
class FakePrintDialog:
    """Replaces ``PrintDialog.ask``: "chooses" print to file (the next path) or cancels."""

    outputs: list[Path]
    calls: list[dict[str, Any]] = field(default_factory=list)

    def install(self, monkeypatch: pytest.MonkeyPatch) -> FakePrintDialog:
        def ask(cls: type, parent: Any, printer: QPrinter, pages: int, done: Any) -> None:
            layout = printer.pageLayout()
            self.calls.append(
                {
                    "parent": parent,
                    "pages": pages,
                    "title": printer.docName(),
                    "copies": printer.copyCount(),
                    "size_mm": layout.pageSize().size(layout.pageSize().Unit.Millimeter),
                    "file": printer.outputFileName(),
                }
            )
            if not self.outputs:
                done(False)
                return
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(self.outputs.pop(0)))
            done(True)

        monkeypatch.setattr(PrintDialog, "ask", classmethod(ask))
        return self


@dataclass
class Statuses:
    items: list[tuple[str, str]] = field(default_factory=list)

    def __call__(self, level: str, text: str) -> None:
        self.items.append((level, text))

    def texts(self) -> str:
        return "\n".join(text for _level, text in self.items)


# --- print_pdf: what reaches the printer --------------------------------------------------------


def test_print_pdf_rasterises_each_page_onto_the_printer(
    qtbot: Any, mau01: bytes, code: str, tmp_path: Path
) -> None:
    out = tmp_path / "printed.pdf"
    printer = pdf_printer(out)
    printing.prepare_printer(printer, printing.page_point_sizes(mau01)[0], Paper.SHEET, "Mẫu 01")
    progress: list[tuple[int, int]] = []
    report = print_pdf(
        printer, mau01, title="Mẫu 01", progress=lambda d, t: progress.append((d, t))
    )
    assert report == PrintReport("Mẫu 01", pages=2, sheets=2, target=f"tệp {out}")
    assert progress == [(1, 2), (2, 2)]
    assert out.is_file()
    assert page_count(out.read_bytes()) == 2
    assert page_size_pt(out) == pytest.approx(A4_PT, abs=1)
    # Raster: no text layer, but both copies carry the QR with the dossier code.
    assert pdf_text(out.read_bytes()).strip() == ""
    assert qr_codes(out, tmp_path) == [code, code]
    # And each printed page is the form's page: same place, same size, as much ink.
    for page in (1, 2):
        box, ink = ink_of(render_png(mau01, 150, tmp_path / f"original-{page}", page=page))
        got_box, got_ink = ink_of(
            render_png(out.read_bytes(), 150, tmp_path / f"printed-{page}", page=page)
        )
        assert got_box == pytest.approx(box, abs=2)  # pixels at 150 dpi: within 0.35 mm
        assert got_ink == pytest.approx(ink, rel=0.05)


def test_copies_are_painted_when_the_printer_cannot_repeat(
    qtbot: Any, mau01: bytes, tmp_path: Path
) -> None:
    out = tmp_path / "copies.pdf"
    printer = pdf_printer(out)
    assert not printer.supportsMultipleCopies()  # print to file: we repeat the pages
    printer.setCopyCount(2)
    printer.setCollateCopies(True)
    assert print_pdf(printer, mau01).sheets == 4
    assert page_count(out.read_bytes()) == 4


def test_page_range_chosen_in_the_dialog_is_honoured(
    qtbot: Any, mau01: bytes, tmp_path: Path
) -> None:
    out = tmp_path / "range.pdf"
    printer = pdf_printer(out)
    ranges = QPageRanges()
    ranges.addPage(2)
    printer.setPageRanges(ranges)
    assert print_pdf(printer, mau01).sheets == 1
    assert page_count(out.read_bytes()) == 1


def test_landscape_book_prints_landscape(qtbot: Any, store: Store, tmp_path: Path) -> None:
    receive(store)
    book = render_book(book_data(store, date(2026, 11, 25), date(2026, 11, 25)))
    out = tmp_path / "book.pdf"
    printer = pdf_printer(out)
    printing.prepare_printer(printer, printing.page_point_sizes(book)[0], Paper.SHEET, "Sổ")
    print_pdf(printer, book)
    assert page_size_pt(out) == pytest.approx(A4_PT[::-1], abs=1)


def test_slip_prints_on_an_80_mm_page_in_black_and_white(
    qtbot: Any, store: Store, code: str, tmp_path: Path
) -> None:
    slip = render_slip(form_data(store, code))
    out = tmp_path / "slip.pdf"
    printer = pdf_printer(out)
    printing.prepare_printer(printer, printing.page_point_sizes(slip)[0], Paper.SLIP, "Giấy hẹn")
    assert printer.pageLayout().pageSize().name() == "Phiếu hẹn 80 mm"
    print_pdf(printer, slip, paper=Paper.SLIP)
    assert page_count(out.read_bytes()) == 1
    assert page_size_pt(out) == pytest.approx(page_size_pt(slip), abs=0.5)
    assert page_size_pt(out)[0] == pytest.approx(80 * PT_PER_MM, abs=0.5)
    images = run_tool("pdfimages", "-list", str(out)).stdout.decode().splitlines()[2:]
    assert len(images) == 1
    assert int(images[0].split()[3]) == round(80 / 25.4 * 203)  # 203 dpi across 80 mm
    assert qr_codes(out, tmp_path, dpi=203) == [code]
    # What the driver gets is thresholded to black and white (Qt's PDF engine then stores
    # it as a JPEG, so this is checked on the image itself).
    document, _buffer = printing.load_pdf(slip)
    image = printing.page_image(document, 0, QSize(576, 900), monochrome=True)
    assert image.format() == QImage.Format.Format_Mono
    document.close()


def test_broken_pdf_is_a_print_failure(qtbot: Any, tmp_path: Path) -> None:
    with pytest.raises(PrintFailed, match="bị hỏng"):
        print_pdf(pdf_printer(tmp_path / "x.pdf"), b"%PDF-1.4 not really")
    assert not (tmp_path / "x.pdf").exists()


def test_print_to_file_without_a_file_name_is_refused(qtbot: Any, mau01: bytes) -> None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    with pytest.raises(PrintFailed, match="Chưa chọn máy in"):
        print_pdf(printer, mau01)


def test_only_real_printers_are_remembered(qtbot: Any, tmp_path: Path) -> None:
    assert printer_to_remember(pdf_printer(tmp_path / "x.pdf")) == ""

    class Native:
        def outputFormat(self) -> QPrinter.OutputFormat:  # noqa: N802 - Qt's name
            return QPrinter.OutputFormat.NativeFormat

        def printerName(self) -> str:  # noqa: N802 - Qt's name
            return "Canon LBP2900"

    assert printer_to_remember(Native()) == "Canon LBP2900"  # type: ignore[arg-type]


def test_printers_are_remembered_in_the_ini_file(user_settings: Path) -> None:
    assert remembered_printer(Paper.SHEET) == ""
    remember_printer(Paper.SHEET, "Canon LBP2900")
    remember_printer(Paper.SLIP, "XP-80C")
    ini = user_settings / "MotCua" / "desk.ini"
    text = ini.read_text(encoding="utf-8")
    assert "[printing]" in text
    assert "printer=Canon LBP2900" in text
    assert "slip_printer=XP-80C" in text
    assert (remembered_printer(Paper.SHEET), remembered_printer(Paper.SLIP)) == (
        "Canon LBP2900",
        "XP-80C",
    )


def test_file_names_fit_every_file_system() -> None:
    code = "000.17.22.H56-261125-1001"
    assert file_name("02", code) == f"Mau02_{code}.pdf"
    assert file_name(printing.SLIP, code) == f"Giayhen80mm_{code}.pdf"
    assert printing.title_file_name("Sổ theo dõi") == "Sotheodoi.pdf"
    assert printing.document_title("04", code) == f"Mẫu 04 - {code}"


# --- dialogs --------------------------------------------------------------------------------


def test_print_and_save_dialogs_speak_vietnamese(qtbot: Any, tmp_path: Path) -> None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = PrintDialog(printer, 3)
    qtbot.addWidget(dialog)
    texts = {
        box.buttonRole(b): b.text()
        for box in dialog.findChildren(QDialogButtonBox)
        for b in box.buttons()
    }
    assert texts[QDialogButtonBox.ButtonRole.AcceptRole] == "&In"
    assert texts[QDialogButtonBox.ButtonRole.RejectRole] == "Hủy"
    assert dialog.minPage() == 1
    assert dialog.maxPage() == 3
    save = SavePdfDialog(tmp_path / "Mau01.pdf")
    qtbot.addWidget(save)
    assert save.labelText(QFileDialog.DialogLabel.Accept) == "Lưu"
    assert save.labelText(QFileDialog.DialogLabel.Reject) == "Hủy"
    assert save.acceptMode() == QFileDialog.AcceptMode.AcceptSave


# --- the preview ------------------------------------------------------------------------------


def test_preview_shows_the_document_page_by_page(
    qtbot: Any, mau01: bytes, code: str, tmp_path: Path
) -> None:
    dialog = PrintPreviewDialog(mau01, f"Mẫu 01 - {code}")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2_000)
    assert dialog.document.status() == QPdfDocument.Status.Ready
    assert dialog.page_count() == 2
    assert code in dialog.document.getAllText(0).text()
    assert dialog.windowTitle() == f"Xem trước bản in — Mẫu 01 - {code}"
    assert [b.text() for b in (dialog.print_button, dialog.save_button, dialog.close_button)] == [
        "In (Ctrl+P)",
        "Lưu PDF… (Ctrl+S)",
        "Đóng (Esc)",
    ]
    assert dialog.page_label.text() == "Trang 1/2"
    QTest.keyClick(dialog.view, Qt.Key.Key_PageDown)
    assert dialog.current_page() == 1
    assert dialog.page_label.text() == "Trang 2/2"
    QTest.keyClick(dialog.view, Qt.Key.Key_PageDown)  # stays on the last page
    assert dialog.current_page() == 1
    QTest.keyClick(dialog.view, Qt.Key.Key_PageUp)
    assert dialog.current_page() == 0
    QTest.keyClick(dialog.view, Qt.Key.Key_End)
    assert dialog.current_page() == 1
    QTest.keyClick(dialog.view, Qt.Key.Key_Home)
    assert dialog.current_page() == 0
    # What the officer sees (kept for a look: the PNG is in the test's tmp_path). QPdfView
    # renders pages in the background: a white page first, the text a moment later.
    qtbot.waitUntil(lambda: has_ink(dialog.view), timeout=5_000)
    shot = tmp_path / "preview.png"
    assert dialog.grab().save(str(shot))
    with qtbot.waitSignal(dialog.finished, timeout=2_000):
        QTest.keyClick(dialog.view, Qt.Key.Key_Escape)


def test_preview_of_a_broken_pdf_says_so(qtbot: Any) -> None:
    dialog = PrintPreviewDialog(b"%PDF-1.4 not really", "Mẫu 01 - X")
    qtbot.addWidget(dialog)
    assert not dialog.print_button.isEnabled()
    assert dialog.status.property("level") == "error"
    assert "bị hỏng" in dialog.status.text()


# --- the service ------------------------------------------------------------------------------


def test_first_print_asks_then_the_remembered_printer_needs_no_dialog(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, window: QWidget, ctx: AppContext, code: str,
    tmp_path: Path,
) -> None:  # fmt: skip
    statuses = Statuses()
    service = PrintService.for_widget(window, ctx, statuses)
    assert PrintService.for_widget(window, ctx) is service  # one per window
    fake = FakePrintDialog([tmp_path / "asked.pdf"]).install(monkeypatch)
    with qtbot.waitSignal(service.printed, timeout=10_000) as first:
        service.print_form_direct(code, "01")
    assert len(fake.calls) == 1
    call = fake.calls[0]
    assert (call["parent"], call["pages"], call["copies"]) == (window, 2, 1)
    assert call["title"] == f"Mẫu 01 - {code}"
    assert call["size_mm"].width() == pytest.approx(210, abs=0.5)  # A4 offered
    if not QPrinterInfo.availablePrinters():  # print to file only: a file is suggested
        assert call["file"] == str(printing.pdf_dir() / f"Mau01_{code}.pdf")
    assert first.args[0].sheets == 2
    assert page_count((tmp_path / "asked.pdf").read_bytes()) == 2
    assert remembered_printer(Paper.SHEET) == ""  # print to file is not remembered

    remember_printer(Paper.SHEET, "Máy in quầy")
    direct = tmp_path / "direct.pdf"
    monkeypatch.setattr(
        printing,
        "printer_named",
        lambda name: pdf_printer(direct) if name == "Máy in quầy" else None,
    )
    with qtbot.waitSignal(service.printed, timeout=10_000):
        service.print_form_direct(code, "01")
    assert len(fake.calls) == 1  # no dialog this time
    assert page_count(direct.read_bytes()) == 2
    assert page_size_pt(direct) == pytest.approx(A4_PT, abs=1)
    levels = [level for level, _text in statuses.items]
    assert levels[0] == "info"
    assert statuses.items[-1] == ("ok", f"Mẫu 01 - {code}: đã gửi 2 trang tới tệp {direct}.")
    assert f"Mẫu 01 - {code}: đang chuẩn bị bản in…" in statuses.texts()
    assert f"Mẫu 01 - {code}: đang in trang 2/2…" in statuses.texts()
    assert not service.busy


def test_remembered_printer_that_is_gone_asks_again(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, window: QWidget, ctx: AppContext, mau01: bytes,
    tmp_path: Path,
) -> None:  # fmt: skip
    statuses = Statuses()
    service = PrintService.for_widget(window, ctx, statuses)
    fake = FakePrintDialog([tmp_path / "again.pdf"]).install(monkeypatch)
    with qtbot.waitSignal(service.printed, timeout=10_000):
        service.print_direct(mau01, "Máy in đã gỡ", title="Mẫu 01 - X")
    assert len(fake.calls) == 1
    assert ("warning", "Không tìm thấy máy in Máy in đã gỡ; hãy chọn máy in.") in statuses.items


def test_cancelling_the_print_dialog_prints_nothing(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, window: QWidget, ctx: AppContext, mau01: bytes
) -> None:
    statuses = Statuses()
    service = PrintService.for_widget(window, ctx, statuses)
    fake = FakePrintDialog([]).install(monkeypatch)
    service.print_with_dialog(mau01, title="Mẫu 01 - X")
    assert len(fake.calls) == 1
    assert statuses.items == [("info", "Mẫu 01 - X: đã hủy in.")]
    assert not service.busy


def test_data_missing_for_a_form_is_reported_in_vietnamese(
    qtbot: Any, window: QWidget, ctx: AppContext, code: str
) -> None:
    statuses = Statuses()
    service = PrintService.for_widget(window, ctx, statuses)
    with qtbot.waitSignal(service.failed, timeout=10_000) as failed:
        service.preview_form(code, "02")  # no supplement request in its history
    level, text = statuses.items[-1]
    assert level == "error"
    assert text.startswith(f"Không in được Mẫu 02 - {code}: events.supplement_requested")
    assert "chưa có bước này" in text
    assert type(failed.args[0]).__name__ == "InvalidInput"
    assert not service.busy


def test_a_second_print_while_busy_is_refused(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, window: QWidget, ctx: AppContext, code: str,
    tmp_path: Path,
) -> None:  # fmt: skip
    statuses = Statuses()
    service = PrintService.for_widget(window, ctx, statuses)
    FakePrintDialog([tmp_path / "one.pdf", tmp_path / "two.pdf"]).install(monkeypatch)
    with qtbot.waitSignal(service.printed, timeout=10_000):
        service.print_form_direct(code, "01")
        service.print_form_direct(code, "01")  # key repeat: refused, not printed twice
    assert ("warning", f"Đang in, xin chờ xong rồi in Mẫu 01 - {code}.") in statuses.items
    qtbot.wait(200)
    assert not (tmp_path / "two.pdf").exists()


# --- the dossier view's hooks: Mẫu 02–05 after their actions ------------------------------------

HOOKS = [
    # action key, set-up steps, dialog, answer, form, title on the form
    (
        "supplement",
        (),
        dlgs.SupplementRequestDialog,
        SUPPLEMENT,
        "02",
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
    ),
    (
        "refuse",
        (),
        dlgs.RefuseDialog,
        dlgs.ReasonAnswer("Không thuộc thẩm quyền của xã"),
        "03",
        "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
    ),
    (
        "extend",
        (),
        dlgs.ExtendDialog,
        dlgs.ExtendAnswer(datetime(2026, 12, 9, 16, 0, tzinfo=VN_TZ), "Cần xác minh nơi cư trú"),
        "04",
        "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
    ),
    (
        "stop",
        (State.IN_PROCESS,),
        dlgs.StopDialog,
        dlgs.ReasonAnswer("Theo đề nghị rút hồ sơ"),
        "05",
        "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
    ),
]


@dataclass
class PreviewRecorder:
    """Wraps ``PrintPreviewDialog.ask``: the real preview opens, and the call is recorded."""

    calls: list[tuple[str, bytes, PrintPreviewDialog]] = field(default_factory=list)

    def install(self, monkeypatch: pytest.MonkeyPatch) -> PreviewRecorder:
        original = PrintPreviewDialog.ask.__func__  # type: ignore[attr-defined]

        def ask(cls: type, parent: Any, pdf: bytes, title: str, *rest: Any) -> Any:
            dialog = original(cls, parent, pdf, title, *rest)
            self.calls.append((title, pdf, dialog))
            return dialog

        monkeypatch.setattr(PrintPreviewDialog, "ask", classmethod(ask))
        return self


@pytest.mark.parametrize(
    ("key", "setup", "dialog_class", "answer", "form", "title"),
    HOOKS,
    ids=[h[0] for h in HOOKS],
)
def test_dossier_action_previews_its_form(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, store: Store, ctx: AppContext, key: str,
    setup: tuple[State, ...], dialog_class: type, answer: object, form: str, title: str,
) -> None:  # fmt: skip
    code = receive(store, documents=[{"code": "TP02", "received": True}])
    step(store, code, *setup)
    FakeAsk(answer).install(monkeypatch, dialog_class)
    previews = PreviewRecorder().install(monkeypatch)
    dialog = open_dialog(qtbot, ctx, code)
    qtbot.mouseClick(dialog.buttons[key], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(previews.calls), timeout=10_000)

    shown, pdf, preview = previews.calls[0]
    assert shown.startswith(f"Mẫu {form} - {code} (")  # "(Phiếu yêu cầu bổ sung, …)"
    text = " ".join(pdf_text(pdf).split())
    assert title in text
    assert code in text
    assert preview.parent() is dialog
    assert preview.isVisible()
    assert preview.page_count() == page_count(pdf)
    assert f"Mẫu {form} - {code}: đã mở bản xem trước." in dialog.notice.text()
    assert "đang chuẩn bị" not in dialog.notice.text()  # the print line was replaced
    preview.close()


def test_preview_prints_and_saves(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, store: Store, ctx: AppContext, tmp_path: Path
) -> None:
    code = receive(store, documents=[{"code": "TP02", "received": True}])
    FakeAsk(SUPPLEMENT).install(monkeypatch, dlgs.SupplementRequestDialog)
    previews = PreviewRecorder().install(monkeypatch)
    printed = FakePrintDialog([tmp_path / "mau02-printed.pdf"]).install(monkeypatch)
    saved_to = tmp_path / "saved" / "Mau02.pdf"
    saved_to.parent.mkdir()
    suggestions: list[Path] = []

    def save_ask(cls: type, parent: Any, suggested: Path, done: Any) -> None:
        suggestions.append(suggested)
        done(saved_to)

    monkeypatch.setattr(SavePdfDialog, "ask", classmethod(save_ask))
    dialog = open_dialog(qtbot, ctx, code)
    press_key = Qt.KeyboardModifier.ControlModifier
    QTest.keyClick(dialog, Qt.Key.Key_B, press_key)  # Ctrl+B: yêu cầu bổ sung
    qtbot.waitUntil(lambda: bool(previews.calls), timeout=10_000)
    _title, pdf, preview = previews.calls[0]
    preview.activateWindow()
    qtbot.waitUntil(preview.isActiveWindow, timeout=2_000)
    service = dialog.findChild(PrintService, PrintService.OBJECT_NAME)
    assert isinstance(service, PrintService)

    with qtbot.waitSignal(service.printed, timeout=10_000):
        QTest.keyClick(preview.view, Qt.Key.Key_P, press_key)
    assert printed.calls[0]["parent"] is preview
    assert page_count((tmp_path / "mau02-printed.pdf").read_bytes()) == page_count(pdf)
    assert preview.status.text().startswith(f"Mẫu 02 - {code}: đã gửi ")

    QTest.keyClick(preview.view, Qt.Key.Key_S, press_key)
    qtbot.waitUntil(saved_to.exists, timeout=10_000)
    qtbot.waitUntil(lambda: "đã lưu" in preview.status.text(), timeout=10_000)
    assert saved_to.read_bytes() == pdf  # the original, vector PDF
    assert suggestions[0].name == f"Mau02_{code}.pdf"
    assert settings().value(printing.PDF_DIR_SETTING) == str(saved_to.parent)
    with qtbot.waitSignal(preview.finished, timeout=2_000):
        QTest.keyClick(preview.view, Qt.Key.Key_Escape)


@pytest.mark.qt
def test_catalogue_checklist_opens_in_the_preview(qtbot, store) -> None:
    """F9 → a procedure → "what to bring" → print: the checklist PDF of that procedure."""
    from app.catalogue import list_current
    from app.settings import get_agency
    from ui.dialogs.catalogue import ChecklistDialog
    from ui.print_preview import PrintPreviewDialog
    from ui.printing import CHECKLIST, PrintService, render_document
    from ui.tasks import TaskRunner

    with store.read() as s:
        agency = get_agency(s)
        proc = next(p for p in list_current(s) if p.code == "1.001193")
    pdf = render_document(store, "1.001193", CHECKLIST)
    assert pdf.startswith(b"%PDF")
    from ui.context import AppContext

    runner = TaskRunner()
    ctx = AppContext(store, runner, agency)
    dialog = ChecklistDialog(proc, agency, None)
    qtbot.addWidget(dialog)
    service = PrintService.for_widget(dialog, ctx)
    with qtbot.waitSignal(service.previewed, timeout=10_000) as blocker:
        service.preview_checklist(proc.code)
    preview = blocker.args[0]
    assert isinstance(preview, PrintPreviewDialog)
    qtbot.addWidget(preview)
    runner.shutdown()
