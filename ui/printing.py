"""Printing the forms: render in a Task, preview with QtPdf, print through the system's printers.

The PDFs come from ``app.forms`` (reportlab, Qt-free): Mẫu 01–06 and the 80 mm appointment
slip. ``PrintService`` is what the windows use:

- ``preview_form(code, form)``: render on the I/O pool, then the preview dialog
  (``ui.print_preview``) with In (Ctrl+P), Lưu PDF… (Ctrl+S), Đóng (Esc). The dossier view
  uses it after supplement (02), refusal (03), extension (04) and stop (05).
- ``print_form_direct(code, form)`` / ``print_direct(pdf, printer_name)``: no preview, straight
  to the remembered printer; the system print dialog only when none is remembered or it is
  gone. The intake's Ctrl+P prints Mẫu 01 this way.
- ``print_slip(code)``: the 80 mm slip on the remembered receipt printer, on a custom
  80 × N mm page.

How a page reaches the printer: QtPdf renders each PDF page at the printer's resolution
(300 dpi for A4 forms, 203 dpi for the slip), over white (``QPdfDocument.render`` gives a
transparent background), and a QPainter draws that image on the QPrinter, page by page. This
runs in a pool thread (Qt supports QPainter on a QPrinter outside the GUI thread), so the
window never freezes. The printer's driver does the rest: Windows or CUPS drivers, any
printer, no PDF reader needed. The price is a raster spool file (the text of a "print to
file" PDF cannot be searched): "Lưu PDF…" saves the original, vector PDF instead.

Printers are remembered by name in ``QSettings`` (INI format, user scope, "MotCua"/"desk"):
``printing/printer`` for A4 forms, ``printing/slip_printer`` for the receipt printer, and the
folder of the last saved PDF in ``printing/pdf_dir``. "Print to file" is never remembered.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QObject,
    QPoint,
    QSettings,
    QSize,
    QSizeF,
    QStandardPaths,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QImage, QKeySequence, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import (
    QBoxLayout,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QPushButton,
    QWidget,
)
from shiboken6 import isValid

from app.datadir import Store
from app.forms import form_data, render_form, render_slip, write_pdf
from app.forms.data import checklist_data
from app.forms.render import render_checklist
from ui.context import AppContext
from ui.i18n import vi_buttons
from ui.messages import error_text
from ui.print_preview import PrintPreviewDialog
from ui.tasks import ProgressFn

ORGANIZATION = "MotCua"
APPLICATION = "desk"
PDF_DIR_SETTING = "printing/pdf_dir"
SLIP = "slip"  # the "form" name of the 80 mm appointment slip
CHECKLIST = "checklist"  # the "what to bring" list of a procedure; its "code" is the procedure's

StatusFn = Callable[[str, str], None]  # (level, text); level: info | ok | warning | error


# --- settings ---------------------------------------------------------------------------------


class Paper(Enum):
    SHEET = "sheet"  # A4 forms on the office printer
    SLIP = "slip"  # the 80 mm appointment slip on the receipt printer


@dataclass(frozen=True)
class PaperSpec:
    setting: str  # QSettings key of the remembered printer
    dpi: int  # raster resolution sent to the printer
    monochrome: bool  # 1-bit threshold (thermal printers: no grey fringes from dithering)
    exact_size: bool  # force the PDF's page size (80 × N mm) instead of the printer's paper


PAPERS = {
    Paper.SHEET: PaperSpec("printing/printer", dpi=300, monochrome=False, exact_size=False),
    Paper.SLIP: PaperSpec("printing/slip_printer", dpi=203, monochrome=True, exact_size=True),
}


def settings() -> QSettings:
    """The desk's user settings file (readable INI; style.md §11)."""
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION
    )


def remembered_printer(paper: Paper) -> str:
    value = settings().value(PAPERS[paper].setting, "")
    return value if isinstance(value, str) else ""


def remember_printer(paper: Paper, name: str) -> None:
    s = settings()
    s.setValue(PAPERS[paper].setting, name)
    s.sync()


def printer_to_remember(printer: QPrinter) -> str:
    """The name to remember after the print dialog: a real printer, never "print to file"."""
    if printer.outputFormat() != QPrinter.OutputFormat.NativeFormat:
        return ""
    return str(printer.printerName())


def printer_named(name: str) -> QPrinter | None:
    """A QPrinter on the installed printer ``name``; None when there is no such printer (it
    was removed, renamed, or this machine has none). Tests replace this function."""
    if not name:
        return None
    info = QPrinterInfo.printerInfo(name)
    if info.isNull():
        return None
    return QPrinter(info, QPrinter.PrinterMode.HighResolution)


def pdf_dir() -> Path:
    value = settings().value(PDF_DIR_SETTING, "")
    if isinstance(value, str) and value and Path(value).is_dir():
        return Path(value)
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs) if docs else Path.home()


# --- rendering --------------------------------------------------------------------------------


def render_document(store: Store, code: str, form: str) -> bytes:
    """The PDF of Mẫu ``form`` ("01"–"06") or of the slip (``SLIP``) for one dossier. Reads
    the store: call it on a pool thread."""
    if form == CHECKLIST:
        return render_checklist(checklist_data(store, code))
    data = form_data(store, code)
    if form == SLIP:
        return render_slip(data)
    return render_form(form, data)


def document_title(form: str, code: str) -> str:
    """ "Mẫu 02 - 000.17.22.H56-261125-1001": the spooler's job name and the window titles."""
    if form == SLIP:
        return QCoreApplication.translate("Printing", "Giấy hẹn 80 mm - {code}").format(code=code)
    if form == CHECKLIST:
        return QCoreApplication.translate("Printing", "Giấy tờ cần mang - {code}").format(code=code)
    return QCoreApplication.translate("Printing", "Mẫu {form} - {code}").format(
        form=form, code=code
    )


def title_file_name(title: str) -> str:
    """A file name every file system accepts, from a document title:
    "Mẫu 02 - 000.17.22.H56-261125-1001" -> "Mau02_000.17.22.H56-261125-1001.pdf"."""
    folded = title.replace("đ", "d").replace("Đ", "D")
    ascii_text = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    head, sep, tail = ascii_text.rpartition(" - ")
    stem = f"{head.replace(' ', '')}_{tail}" if sep else ascii_text.replace(" ", "")
    return re.sub(r"[^0-9A-Za-z._-]", "_", stem) + ".pdf"


def file_name(form: str, code: str) -> str:
    return title_file_name(document_title(form, code))


# --- printing a PDF ---------------------------------------------------------------------------


class PrintFailed(Exception):
    """A print job that could not be done; the message is for the officer (Vietnamese)."""


@dataclass(frozen=True)
class PrintReport:
    title: str
    pages: int  # pages of the document
    sheets: int  # pages sent to the printer (page range and copies included)
    target: str  # "máy in X" or "tệp Y"


def target_text(printer: QPrinter) -> str:
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
        return QCoreApplication.translate("Printing", "tệp {path}").format(
            path=printer.outputFileName()
        )
    return QCoreApplication.translate("Printing", "máy in {name}").format(
        name=printer.printerName()
    )


def load_pdf(pdf: bytes) -> tuple[QPdfDocument, QBuffer]:
    """A QPdfDocument on ``pdf`` and the buffer it reads (keep both). Any thread."""
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    return document, buffer


def page_point_sizes(pdf: bytes) -> list[QSizeF]:
    document, _buffer = load_pdf(pdf)
    try:
        if document.status() != QPdfDocument.Status.Ready:
            raise PrintFailed(
                QCoreApplication.translate(
                    "Printing", "Tệp PDF của biểu mẫu bị hỏng, không in được."
                )
            )
        return [document.pagePointSize(i) for i in range(document.pageCount())]
    finally:
        document.close()


def prepare_printer(printer: QPrinter, first_page: QSizeF, paper: Paper, title: str) -> None:
    """Before the print dialog or a direct print: the form's paper size and orientation,
    one copy, the full page as the drawing area, the job's name in the spooler."""
    printer.setDocName(title)
    printer.setCopyCount(1)
    printer.setFullPage(True)
    _set_page(printer, first_page, PAPERS[paper])


def _set_page(printer: QPrinter, size: QSizeF, spec: PaperSpec) -> None:
    w, h = size.width(), size.height()
    if spec.exact_size:
        mm_per_pt = 25.4 / 72
        page = QPageSize(
            QSizeF(round(w * mm_per_pt, 1), round(h * mm_per_pt, 1)),
            QPageSize.Unit.Millimeter,
            QCoreApplication.translate("Printing", "Phiếu hẹn 80 mm"),
            QPageSize.SizeMatchPolicy.ExactMatch,
        )
        printer.setPageSize(page)
        printer.setPageOrientation(QPageLayout.Orientation.Portrait)
        return
    portrait = QSizeF(min(w, h), max(w, h))
    printer.setPageSize(
        QPageSize(portrait, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
    )
    printer.setPageOrientation(
        QPageLayout.Orientation.Landscape if w > h else QPageLayout.Orientation.Portrait
    )


def _follow_orientation(printer: QPrinter, size: QSizeF) -> None:
    """A landscape page (Mẫu 07) on the paper the officer chose, turned."""
    want = (
        QPageLayout.Orientation.Landscape
        if size.width() > size.height()
        else QPageLayout.Orientation.Portrait
    )
    if printer.pageLayout().orientation() != want:
        printer.setPageOrientation(want)


def page_image(document: QPdfDocument, page: int, size: QSize, *, monochrome: bool) -> QImage:
    """Page ``page`` rendered to ``size`` pixels over white: grey for sheets, 1-bit threshold
    for thermal slips."""
    rendered = document.render(page, size)
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.drawImage(0, 0, rendered)
    painter.end()
    if monochrome:
        flags = Qt.ImageConversionFlag.ThresholdDither | Qt.ImageConversionFlag.MonoOnly
        return image.convertToFormat(QImage.Format.Format_Mono, flags)
    return image.convertToFormat(QImage.Format.Format_Grayscale8)


def print_pdf(
    printer: QPrinter,
    pdf: bytes,
    *,
    paper: Paper = Paper.SHEET,
    title: str = "",
    progress: ProgressFn | None = None,
) -> PrintReport:
    """Print ``pdf`` on ``printer`` as images at ``PAPERS[paper].dpi``, page by page.

    Honours the page range and the copies chosen in the print dialog (copies are painted here
    when the printer cannot repeat a job itself, e.g. print to file). Sheets keep the paper
    chosen in the dialog (each page scaled down to fit if needed, never up, centred across and
    from the top); slips force the PDF's own 80 × N mm page. Safe on a pool thread: nothing
    here touches a widget.
    """
    spec = PAPERS[paper]
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and not printer.outputFileName():
        raise PrintFailed(
            QCoreApplication.translate("Printing", "Chưa chọn máy in hoặc tệp để in ra.")
        )
    document, _buffer = load_pdf(pdf)
    try:
        if document.status() != QPdfDocument.Status.Ready or document.pageCount() < 1:
            raise PrintFailed(
                QCoreApplication.translate(
                    "Printing", "Tệp PDF của biểu mẫu bị hỏng, không in được."
                )
            )
        n = document.pageCount()
        ranges = printer.pageRanges()
        wanted = [i for i in range(n) if ranges.isEmpty() or ranges.contains(i + 1)]
        if not wanted:
            raise PrintFailed(
                QCoreApplication.translate(
                    "Printing", "Khoảng trang đã chọn không có trang nào để in."
                )
            )
        copies = max(1, printer.copyCount())
        if printer.supportsMultipleCopies() or copies == 1:
            sequence = wanted
        elif printer.collateCopies():
            sequence = wanted * copies
        else:
            sequence = [i for i in wanted for _ in range(copies)]
        printer.setFullPage(True)
        printer.setResolution(spec.dpi)
        painter = QPainter()
        try:
            for done, index in enumerate(sequence):
                size = document.pagePointSize(index)
                if spec.exact_size:
                    _set_page(printer, size, spec)
                else:
                    _follow_orientation(printer, size)
                if done == 0:
                    if not painter.begin(printer):
                        raise PrintFailed(
                            QCoreApplication.translate(
                                "Printing", "Không mở được {target}."
                            ).format(target=target_text(printer))
                        )
                elif not printer.newPage():
                    raise PrintFailed(
                        QCoreApplication.translate(
                            "Printing", "{target} không nhận trang tiếp theo."
                        ).format(target=target_text(printer))
                    )
                dpi = printer.resolution()
                area = printer.pageLayout().fullRectPixels(dpi)
                w_px = size.width() / 72 * dpi
                h_px = size.height() / 72 * dpi
                scale = min(1.0, area.width() / w_px, area.height() / h_px)
                image_size = QSize(max(1, round(w_px * scale)), max(1, round(h_px * scale)))
                image = page_image(document, index, image_size, monochrome=spec.monochrome)
                x = area.x() + (area.width() - image.width()) // 2
                painter.drawImage(QPoint(x, area.y()), image)
                if progress is not None:
                    progress(done + 1, len(sequence))
        finally:
            if painter.isActive() and not painter.end():
                raise PrintFailed(
                    QCoreApplication.translate("Printing", "{target} không nhận lệnh in.").format(
                        target=target_text(printer)
                    )
                )
        return PrintReport(title=title, pages=n, sheets=len(sequence), target=target_text(printer))
    finally:
        document.close()


# --- dialogs ----------------------------------------------------------------------------------


class PrintDialog(QPrintDialog):
    """The system print dialog (printer, copies, page range, print to file). On Windows it is
    the native dialog, in Windows' language; elsewhere Qt's, with our button texts."""

    def __init__(self, printer: QPrinter, pages: int, parent: QWidget | None = None) -> None:
        super().__init__(printer, parent)
        self._printer = printer  # Qt keeps a bare pointer: the printer must outlive the dialog
        self.setObjectName("printing.print_dialog")
        self.setWindowTitle(self.tr("In"))
        options = QAbstractPrintDialog.PrintDialogOption
        self.setOption(options.PrintToFile, True)
        self.setOption(options.PrintPageRange, True)
        self.setOption(options.PrintCollateCopies, True)
        self.setOption(options.PrintShowPageSize, True)
        self.setOption(options.PrintSelection, False)
        self.setOption(options.PrintCurrentPage, False)
        self.setMinMax(1, max(1, pages))
        for box in self.findChildren(QDialogButtonBox):
            vi_buttons(box)
            for button in box.buttons():
                role = box.buttonRole(button)
                if role == QDialogButtonBox.ButtonRole.AcceptRole:
                    button.setText(self.tr("&In"))
                elif role == QDialogButtonBox.ButtonRole.RejectRole:
                    button.setText(self.tr("Hủy"))
                elif button.text().startswith("&Options"):
                    button.setText(self.tr("Tùy &chọn >>"))

    @classmethod
    def ask(
        cls, parent: QWidget | None, printer: QPrinter, pages: int, done: Callable[[bool], None]
    ) -> QDialog:
        """Open the dialog (never blocking); ``done(True)`` when the officer chose to print.
        Tests replace this."""
        dialog = cls(printer, pages, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda result: done(result == QDialog.DialogCode.Accepted))
        QDialog.open(dialog)  # QPrintDialog.open(receiver, member) hides the plain overload
        return dialog


class SavePdfDialog(QFileDialog):
    """Where to save a PDF; Vietnamese labels on Qt's own dialog (Windows uses its own)."""

    def __init__(self, suggested: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent, self.tr("Lưu PDF"), str(suggested), self.tr("Tệp PDF (*.pdf)"))
        self.setObjectName("printing.save_dialog")
        self.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        self.setFileMode(QFileDialog.FileMode.AnyFile)
        self.setDefaultSuffix("pdf")
        labels = QFileDialog.DialogLabel
        self.setLabelText(labels.LookIn, self.tr("Thư mục:"))
        self.setLabelText(labels.FileName, self.tr("Tên tệp:"))
        self.setLabelText(labels.FileType, self.tr("Kiểu tệp:"))
        self.setLabelText(labels.Accept, self.tr("Lưu"))
        self.setLabelText(labels.Reject, self.tr("Hủy"))

    @classmethod
    def ask(
        cls, parent: QWidget | None, suggested: Path, done: Callable[[Path | None], None]
    ) -> QDialog:
        """Open the dialog (never blocking); ``done(path)`` or ``done(None)``. Tests replace
        this."""
        dialog = cls(suggested, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def finished(result: int) -> None:
            files = dialog.selectedFiles()
            ok = result == QDialog.DialogCode.Accepted and files
            done(Path(files[0]) if ok else None)

        dialog.finished.connect(finished)
        dialog.open()
        return dialog


# --- the service ------------------------------------------------------------------------------


class PrintService(QObject):
    """Rendering, preview, printing and saving for one window (a child of it).

    Signals:
        status(str, str): a level ("info", "ok", "warning", "error") and a sentence for the
            officer: preparing, printing page i/n, printed, failed.
        printed(object): a PrintReport once a job was handed to the printer.
        failed(object): the exception of a render, print or save that failed.
        previewed(object): the PrintPreviewDialog just opened.
    """

    status = Signal(str, str)
    printed = Signal(object)
    failed = Signal(object)
    previewed = Signal(object)

    OBJECT_NAME = "printing.service"

    def __init__(self, ctx: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName(self.OBJECT_NAME)
        self.ctx = ctx
        self.window = parent
        self._busy = 0

    @classmethod
    def for_widget(
        cls, widget: QWidget, ctx: AppContext, on_status: StatusFn | None = None
    ) -> PrintService:
        """The widget's service, made (and ``on_status`` connected) on first use."""
        found = widget.findChild(PrintService, cls.OBJECT_NAME)
        if isinstance(found, PrintService):
            return found
        service = cls(ctx, widget)
        if on_status is not None:
            service.status.connect(on_status)
        return service

    @property
    def busy(self) -> bool:
        """A render or a print job of this service has not finished yet."""
        return self._busy > 0

    # -- entry points --------------------------------------------------------------------------

    def preview_form(self, code: str, form: str, *, name: str = "") -> None:
        """Render Mẫu ``form`` of ``code`` in a Task, then open the preview (``name``, the
        form's official name, goes into its title)."""
        title = document_title(form, code)
        shown = self.tr("{title} ({name})").format(title=title, name=name) if name else title
        self._render(code, form, lambda pdf: self._preview(pdf, form, code, title, shown))

    def preview_checklist(self, procedure_code: str) -> None:
        """The citizen's "what to bring" list of a procedure, in the preview (print or save)."""
        self.preview_form(procedure_code, CHECKLIST)

    def print_form_direct(self, code: str, form: str) -> None:
        """Render and print Mẫu ``form`` to the remembered printer, no preview."""
        title = document_title(form, code)
        self._render(
            code,
            form,
            lambda pdf: self.print_direct(pdf, remembered_printer(Paper.SHEET), title=title),
        )

    def print_slip(self, code: str) -> None:
        """Render and print the 80 mm appointment slip to the remembered receipt printer."""
        title = document_title(SLIP, code)
        self._render(
            code,
            SLIP,
            lambda pdf: self.print_direct(
                pdf, remembered_printer(Paper.SLIP), title=title, paper=Paper.SLIP
            ),
        )

    def print_direct(
        self, pdf: bytes, printer_name: str | None, *, title: str, paper: Paper = Paper.SHEET
    ) -> None:
        """Print ``pdf`` on the printer ``printer_name`` without a dialog; when it is None,
        empty or not installed, ask with the print dialog (which then remembers the choice)."""
        printer = printer_named(printer_name) if printer_name else None
        if printer is None:
            if printer_name:
                self._report(
                    "warning",
                    self.tr("Không tìm thấy máy in {name}; hãy chọn máy in.").format(
                        name=printer_name
                    ),
                )
            self.print_with_dialog(pdf, title=title, paper=paper)
            return
        try:
            prepare_printer(printer, page_point_sizes(pdf)[0], paper, title)
        except PrintFailed as exc:
            self._fail(exc, title)
            return
        self._start_print(printer, pdf, title=title, paper=paper)

    def print_with_dialog(
        self,
        pdf: bytes,
        *,
        title: str,
        paper: Paper = Paper.SHEET,
        preview: PrintPreviewDialog | None = None,
    ) -> None:
        """The print dialog on the remembered printer; the choice is remembered."""
        if self.busy:
            self._report(
                "warning",
                self.tr("Đang in, xin chờ xong rồi in {title}.").format(title=title),
                preview,
            )
            return
        try:
            sizes = page_point_sizes(pdf)
        except PrintFailed as exc:
            self._fail(exc, title, preview)
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        remembered = remembered_printer(paper)
        if remembered and not QPrinterInfo.printerInfo(remembered).isNull():
            printer.setPrinterName(remembered)
        prepare_printer(printer, sizes[0], paper, title)
        if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
            # No printer installed (Linux without CUPS): the dialog offers print to file only;
            # suggest a file rather than the home folder.
            printer.setOutputFileName(str(pdf_dir() / title_file_name(title)))
        parent = preview if preview is not None and isValid(preview) else self.window

        def done(accepted: bool) -> None:
            if not isValid(self):
                return
            self._busy -= 1
            if not accepted:
                self._report("info", self.tr("{title}: đã hủy in.").format(title=title), preview)
                return
            name = printer_to_remember(printer)
            if name:
                remember_printer(paper, name)
            self._start_print(printer, pdf, title=title, paper=paper, preview=preview)

        self._busy += 1  # the dialog is open: a second Ctrl+P must not open another
        PrintDialog.ask(parent, printer, len(sizes), done)

    def save_pdf(
        self, pdf: bytes, *, name: str, title: str, preview: PrintPreviewDialog | None = None
    ) -> None:
        """Ask where, then write the original (vector) PDF in a Task."""
        parent = preview if preview is not None and isValid(preview) else self.window

        def chosen(path: Path | None) -> None:
            if path is None or not isValid(self):
                return
            if path.suffix.lower() != ".pdf":
                path = path.with_name(path.name + ".pdf")
            s = settings()
            s.setValue(PDF_DIR_SETTING, str(path.parent))
            s.sync()

            def work(_progress: ProgressFn) -> Path:
                return write_pdf(path, pdf, field="path")

            self._busy += 1
            self.ctx.runner.run_io(
                work,
                on_success=lambda saved: self._on_saved(title, saved, preview),
                on_failure=lambda exc: self._on_job_failed(exc, title, preview),
            )

        SavePdfDialog.ask(parent, pdf_dir() / name, chosen)

    # -- steps ---------------------------------------------------------------------------------

    def _render(self, code: str, form: str, then: Callable[[bytes], None]) -> None:
        title = document_title(form, code)
        if self.busy:
            self._report(
                "warning", self.tr("Đang in, xin chờ xong rồi in {title}.").format(title=title)
            )
            return
        self._busy += 1
        self._report("info", self.tr("{title}: đang chuẩn bị bản in…").format(title=title))
        store = self.ctx.store

        def work(_progress: ProgressFn) -> bytes:
            return render_document(store, code, form)

        def rendered(pdf: object) -> None:
            if not isValid(self):
                return
            self._busy -= 1
            assert isinstance(pdf, bytes)
            then(pdf)

        self.ctx.runner.run_io(
            work, on_success=rendered, on_failure=lambda exc: self._on_job_failed(exc, title)
        )

    def _preview(self, pdf: bytes, form: str, code: str, title: str, shown: str) -> None:
        holder: list[PrintPreviewDialog] = []

        def on_print() -> None:
            if holder and isValid(self):
                self.print_with_dialog(pdf, title=title, preview=holder[0])

        def on_save() -> None:
            if holder and isValid(self):
                self.save_pdf(pdf, name=file_name(form, code), title=title, preview=holder[0])

        dialog = PrintPreviewDialog.ask(self.window, pdf, shown, on_print, on_save)
        holder.append(dialog)
        self._report("ok", self.tr("{title}: đã mở bản xem trước.").format(title=title))
        self.previewed.emit(dialog)

    def _start_print(
        self,
        printer: QPrinter,
        pdf: bytes,
        *,
        title: str,
        paper: Paper,
        preview: PrintPreviewDialog | None = None,
    ) -> None:
        if (
            printer.outputFormat() == QPrinter.OutputFormat.PdfFormat
            and not printer.outputFileName()
        ):
            self._fail(
                PrintFailed(
                    QCoreApplication.translate("Printing", "Chưa chọn máy in hoặc tệp để in ra.")
                ),
                title,
                preview,
            )
            return
        self._busy += 1
        target = target_text(printer)
        self._report(
            "info",
            self.tr("{title}: đang gửi tới {target}…").format(title=title, target=target),
            preview,
        )

        def work(progress: ProgressFn) -> PrintReport:
            return print_pdf(printer, pdf, paper=paper, title=title, progress=progress)

        def on_progress(done: int, total: int) -> None:
            if isValid(self) and done < total:
                self._report(
                    "info",
                    self.tr("{title}: đang in trang {done}/{total}…").format(
                        title=title, done=done + 1, total=total
                    ),
                    preview,
                )

        self.ctx.runner.run_io(
            work,
            on_success=lambda report: self._on_printed(report, preview),
            on_failure=lambda exc: self._on_job_failed(exc, title, preview),
            on_progress=on_progress,
        )

    # -- results -------------------------------------------------------------------------------

    def _on_printed(self, report: object, preview: PrintPreviewDialog | None) -> None:
        if not isValid(self):
            return
        self._busy -= 1
        assert isinstance(report, PrintReport)
        self._report(
            "ok",
            self.tr("{title}: đã gửi {sheets} trang tới {target}.").format(
                title=report.title, sheets=report.sheets, target=report.target
            ),
            preview,
        )
        self.printed.emit(report)

    def _on_saved(self, title: str, path: object, preview: PrintPreviewDialog | None) -> None:
        if not isValid(self):
            return
        self._busy -= 1
        self._report(
            "ok", self.tr("{title}: đã lưu {path}.").format(title=title, path=path), preview
        )

    def _on_job_failed(
        self, exc: object, title: str, preview: PrintPreviewDialog | None = None
    ) -> None:
        if not isValid(self):
            return
        self._busy -= 1
        self._fail(exc, title, preview)

    def _fail(self, exc: object, title: str, preview: PrintPreviewDialog | None = None) -> None:
        why = str(exc) if isinstance(exc, PrintFailed) else error_text(exc)
        self._report(
            "error", self.tr("Không in được {title}: {why}").format(title=title, why=why), preview
        )
        self.failed.emit(exc)

    def _report(self, level: str, text: str, preview: PrintPreviewDialog | None = None) -> None:
        if preview is not None and isValid(preview):
            preview.show_status(text, level)
        self.status.emit(level, text)


# --- wiring into windows ----------------------------------------------------------------------


def ensure_action(
    window: QWidget, name: str, text: str, shortcut: str, slot: Callable[[], None]
) -> QAction:
    """A window-wide action (``name`` is its objectName), added once."""
    found = window.findChild(QAction, name)
    if isinstance(found, QAction):
        return found
    action = QAction(text, window)
    action.setObjectName(name)
    action.setShortcut(QKeySequence(shortcut))
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.triggered.connect(slot)
    window.addAction(action)
    return action


def ensure_button_after(
    anchor: QPushButton, name: str, text: str, tooltip: str, slot: Callable[[], None]
) -> QPushButton:
    """A push button placed right after ``anchor`` in its row, added once."""
    parent = anchor.parentWidget()
    assert parent is not None
    found = parent.findChild(QPushButton, name)
    if isinstance(found, QPushButton):
        return found
    button = QPushButton(text, parent)
    button.setObjectName(name)
    button.setToolTip(tooltip)
    button.setAutoDefault(False)
    button.clicked.connect(slot)
    row = _layout_holding(parent.layout(), anchor)
    if row is not None:
        row.insertWidget(row.indexOf(anchor) + 1, button)
    return button


def _layout_holding(layout: object, widget: QWidget) -> QBoxLayout | None:
    if not isinstance(layout, QBoxLayout):
        return None
    if layout.indexOf(widget) >= 0:
        return layout
    for i in range(layout.count()):
        item = layout.itemAt(i)
        child = item.layout() if item is not None else None
        found = _layout_holding(child, widget)
        if found is not None:
            return found
    return None
