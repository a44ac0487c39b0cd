"""The scan dialog: scan one checklist item of a dossier into a PDF, page by page.

Opened from the dossier view on a checklist line. The officer picks the device (remembered),
the paper source and the profile (the item's catalogue profile by default), scans; thumbnails
appear as the pages arrive, blank pages are flagged (never dropped silently), pages can be
moved, turned, deleted, re-profiled, and more pages scanned into the same set or inserted at
the selected page. "Lưu" assembles the PDF on the I/O pool and attaches it through the one
writer thread; the dossier view then reloads and shows the item digitised.

Scanning runs in a :class:`~ui.scan.worker.ScanJob` on the I/O pool: the GUI thread never waits
on the scanner. A scanner error stops the batch, keeps the pages already scanned, and shows
what to do in the dialog, with "Tiếp tục" to go on once the paper or device is fixed.

Keys: Ctrl+←/→ move the selected page, R / Shift+R turn it, Del deletes it, Ctrl+S saves, F5
looks for scanners again, Esc cancels a running scan (a second Esc closes, asking first when
pages are not saved). Every control has a mnemonic.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.attachments import AttachmentRow, DocumentRef, attach_pdf
from app.scanning import ocr
from app.scanning.pipeline import Page, PageSet
from app.scanning.profiles import Profile, from_scan_profile
from app.scanning.types import Device, NoDevice, ScannerBackend, Source
from ui.context import AppContext
from ui.i18n import vi_buttons
from ui.levels import styled
from ui.messages import error_text
from ui.scan.devices import (
    FILE_BACKEND,
    FILE_DEVICE,
    Found,
    Scanners,
    backend_for,
    default_scanners,
    device_key,
    file_import,
    find_devices,
    probe_escl,
    remember_device,
    remember_escl_url,
    remember_source,
    remembered_device,
    remembered_escl_urls,
    remembered_source,
)
from ui.scan.errors import is_resumable, scan_error_code, scan_error_text
from ui.scan.thumbs import PageStrip, profile_label
from ui.scan.worker import ScanJob
from ui.tasks import ProgressFn

# Start the OCR job after saving when tesseract (vie) is installed. Tests switch it off.
OCR_ENABLED = True

SOURCES = (Source.FLATBED, Source.ADF, Source.ADF_DUPLEX)
PROFILES = (Profile.TEXT, Profile.SEAL, Profile.GREY, Profile.HIGH)
IMAGE_FILTER = "*.png *.jpg *.jpeg *.tif *.tiff *.bmp *.webp *.heic *.pdf"


def _saved_pdf(pages: list[Page], profile: Profile, title: str) -> tuple[bytes, int, str, bool]:
    """I/O pool: the PDF of the pages as they are now, and whether OCR can follow."""
    subset = PageSet(profile, pages)
    pdf = subset.assemble_pdf(title=title)
    want_ocr = OCR_ENABLED and ocr.available()
    return pdf, len(subset), subset.attachment_profile(), want_ocr


class ScanDialog(QDialog):
    """Scan one checklist item (``doc``) of a dossier.

    Signals:
        devices_loaded(): the device list was (re)filled.
        page_added(int): a page arrived; the number of pages now in the set.
        scan_stopped(str): a batch ended: "finished", "cancelled" or the error code.
        saved(object): the AttachmentRow written (the dialog then closes).
        save_failed(object): the exception of a failed save (pages kept, dialog open).
    """

    devices_loaded = Signal()
    page_added = Signal(int)
    scan_stopped = Signal(str)
    saved = Signal(object)
    save_failed = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        doc: DocumentRef,
        parent: QWidget | None = None,
        *,
        scanners: Scanners | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.doc = doc
        self.scanners = scanners if scanners is not None else default_scanners()
        self.default_profile = from_scan_profile(doc.scan_profile)
        self.pages = PageSet(self.default_profile)
        self.devices: list[Device] = []
        self.searching = False
        self.saving = False
        self.last_error: object | None = None
        self.confirm_box: QMessageBox | None = None
        self._job: ScanJob | None = None
        self._cancel: threading.Event | None = None
        self._insert_at: int | None = None  # where arriving pages go; None: at the end
        self._scanned_in_run = 0
        self._search_generation = 0
        self._escl_urls = remembered_escl_urls()

        self.setObjectName("scan.dialog")
        self.setWindowTitle(
            self.tr("Quét giấy tờ — {label} — hồ sơ {code}").format(
                label=doc.label, code=doc.dossier_code
            )
        )
        self.resize(960, 680)
        self._build()
        self._build_actions()
        self._update_controls()
        QTimer.singleShot(0, self, self.find_devices)

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        ctx: AppContext,
        doc: DocumentRef,
        on_saved: Callable[[object], None] | None = None,
    ) -> ScanDialog:
        """Open the dialog (window-modal, never blocking); deleted when closed. Tests replace
        this or drive the returned dialog."""
        dialog = cls(ctx, doc, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if on_saved is not None:
            dialog.saved.connect(on_saved)
        dialog.open()
        return dialog

    # -- layout --------------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)

        self.title = QLabel(
            self.tr("{label} — {name}").format(label=self.doc.label, name=self.doc.name), self
        )
        self.title.setObjectName("scan.title")
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        outer.addWidget(self.title)

        form = QFormLayout()
        device_row = QHBoxLayout()
        self.device_combo = QComboBox(self)
        self.device_combo.setObjectName("scan.device")
        self.device_combo.setMinimumWidth(320)
        self.device_combo.currentIndexChanged.connect(self._on_device_changed)
        self.find_button = QPushButton(self.tr("Tìm lạ&i (F5)"), self)
        self.find_button.setObjectName("scan.find")
        self.find_button.setAutoDefault(False)
        self.find_button.clicked.connect(self.find_devices)
        self.address_button = QPushButton(self.tr("Thêm đị&a chỉ máy quét…"), self)
        self.address_button.setObjectName("scan.address")
        self.address_button.setAutoDefault(False)
        self.address_button.setToolTip(
            self.tr("Máy quét mạng (eSCL/AirScan): nhập địa chỉ, ví dụ http://192.168.1.20/eSCL")
        )
        self.address_button.clicked.connect(self.add_address)
        device_row.addWidget(self.device_combo, 1)
        device_row.addWidget(self.find_button)
        device_row.addWidget(self.address_button)
        device_label = QLabel(self.tr("&Máy quét:"), self)
        device_label.setBuddy(self.device_combo)
        form.addRow(device_label, device_row)

        self.device_status = QLabel(self)
        self.device_status.setObjectName("scan.device_status")
        self.device_status.setWordWrap(True)
        self.device_status.setStyleSheet("color: #555;")
        form.addRow("", self.device_status)

        self.source_combo = QComboBox(self)
        self.source_combo.setObjectName("scan.source")
        for source in SOURCES:
            self.source_combo.addItem(self.source_text(source), source.value)
        remembered = remembered_source()
        if remembered is not None:
            self.source_combo.setCurrentIndex(SOURCES.index(remembered))
        source_label = QLabel(self.tr("&Nguồn giấy:"), self)
        source_label.setBuddy(self.source_combo)
        form.addRow(source_label, self.source_combo)

        self.profile_combo = QComboBox(self)
        self.profile_combo.setObjectName("scan.profile")
        for profile in PROFILES:
            self.profile_combo.addItem(profile_label(profile), profile.value)
        self.profile_combo.setCurrentIndex(PROFILES.index(self.default_profile))
        self.profile_combo.setToolTip(
            self.tr(
                "Văn bản: đen trắng 200 dpi, tệp nhỏ. Có dấu đỏ, ảnh: màu 150 dpi, giữ màu "
                "con dấu. Mặc định theo danh mục thủ tục."
            )
        )
        kind_label = QLabel(self.tr("&Kiểu quét:"), self)
        kind_label.setBuddy(self.profile_combo)
        form.addRow(kind_label, self.profile_combo)
        outer.addLayout(form)

        scan_row = QHBoxLayout()
        self.scan_button = QPushButton(self.tr("&Quét"), self)
        self.scan_button.setObjectName("scan.scan")
        self.scan_button.setAutoDefault(False)
        self.scan_button.clicked.connect(lambda *_: self.scan())
        self.insert_button = QPushButton(self.tr("Quét &chèn vào đây"), self)
        self.insert_button.setObjectName("scan.insert")
        self.insert_button.setAutoDefault(False)
        self.insert_button.setToolTip(self.tr("Quét thêm trang, đặt sau trang đang chọn"))
        self.insert_button.clicked.connect(self.scan_here)
        self.cancel_button = QPushButton(self.tr("&Hủy quét (Esc)"), self)
        self.cancel_button.setObjectName("scan.cancel")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.cancel_scan)
        self.progress = QLabel(self)
        self.progress.setObjectName("scan.progress")
        scan_row.addWidget(self.scan_button)
        scan_row.addWidget(self.insert_button)
        scan_row.addWidget(self.cancel_button)
        scan_row.addWidget(self.progress, 1)
        outer.addLayout(scan_row)

        self.error_panel = QFrame(self)
        self.error_panel.setObjectName("scan.error")
        error_row = QHBoxLayout(self.error_panel)
        error_row.setContentsMargins(8, 4, 8, 4)
        self.error_text = QLabel(self.error_panel)
        self.error_text.setObjectName("scan.error.text")
        self.error_text.setWordWrap(True)
        self.resume_button = QPushButton(self.tr("&Tiếp tục"), self.error_panel)
        self.resume_button.setObjectName("scan.resume")
        self.resume_button.setAutoDefault(False)
        self.resume_button.clicked.connect(self.resume)
        error_row.addWidget(self.error_text, 1)
        error_row.addWidget(self.resume_button)
        styled(self.error_panel, "error")
        self.error_panel.hide()
        outer.addWidget(self.error_panel)

        self.strip = PageStrip(self)
        self.strip.currentRowChanged.connect(self._on_strip_current_row_changed)
        outer.addWidget(self.strip, 1)

        ops = QHBoxLayout()
        self.left_button = self._op_button("scan.left", self.tr("◀ Sang trái (Ctrl+←)"))
        self.right_button = self._op_button("scan.right", self.tr("Sang phải ▶ (Ctrl+→)"))
        self.rotate_button = self._op_button("scan.rotate", self.tr("Xoay phải (R)"))
        self.rotate_back_button = self._op_button(
            "scan.rotate_back", self.tr("Xoay trái (Shift+R)")
        )
        self.delete_button = self._op_button("scan.delete", self.tr("Xóa trang (Del)"))
        self.blank_button = self._op_button("scan.drop_blank", self.tr("&Bỏ trang trắng"))
        self.left_button.clicked.connect(lambda *_: self.move_page(-1))
        self.right_button.clicked.connect(lambda *_: self.move_page(1))
        self.rotate_button.clicked.connect(lambda *_: self.rotate_page(90))
        self.rotate_back_button.clicked.connect(lambda *_: self.rotate_page(-90))
        self.delete_button.clicked.connect(self.delete_page)
        self.blank_button.clicked.connect(self.drop_blank)
        for b in (
            self.left_button,
            self.right_button,
            self.rotate_button,
            self.rotate_back_button,
            self.delete_button,
            self.blank_button,
        ):
            ops.addWidget(b)
        ops.addStretch(1)
        self.page_profile_combo = QComboBox(self)
        self.page_profile_combo.setObjectName("scan.page_profile")
        for profile in PROFILES:
            self.page_profile_combo.addItem(profile_label(profile), profile.value)
        self.page_profile_combo.activated.connect(self._on_page_profile_activated)
        page_profile_label = QLabel(self.tr("Kiểu của tran&g này:"), self)
        page_profile_label.setBuddy(self.page_profile_combo)
        ops.addWidget(page_profile_label)
        ops.addWidget(self.page_profile_combo)
        outer.addLayout(ops)

        bottom = QHBoxLayout()
        self.status = QLabel(self)
        self.status.setObjectName("scan.status")
        self.status.setWordWrap(True)
        self.save_button = QPushButton(self.tr("&Lưu vào hồ sơ (Ctrl+S)"), self)
        self.save_button.setObjectName("scan.save")
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        self.close_button = QPushButton(self.tr("Đóng"), self)
        self.close_button.setObjectName("scan.close")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.close_button)
        outer.addLayout(bottom)

        self.device_combo.addItem(self.tr("Nhập từ tệp (ảnh, PDF, ảnh chụp)…"), FILE_BACKEND)

    def _op_button(self, name: str, text: str) -> QPushButton:
        b = QPushButton(text, self)
        b.setObjectName(name)
        b.setAutoDefault(False)
        return b

    def _build_actions(self) -> None:
        def action(
            name: str,
            keys: str | QKeySequence.StandardKey,
            slot: Callable[[], object],
            *,
            on_strip: bool = False,
        ) -> QAction:
            a = QAction(self.strip if on_strip else self)
            a.setObjectName(name)
            a.setShortcut(QKeySequence(keys))
            a.setShortcutContext(
                Qt.ShortcutContext.WidgetShortcut if on_strip else Qt.ShortcutContext.WindowShortcut
            )
            a.triggered.connect(slot)
            (self.strip if on_strip else self).addAction(a)
            return a

        # Single keys act on the strip only: R typed into the address box is a letter.
        action("scan.key.left", "Ctrl+Left", lambda: self.move_page(-1), on_strip=True)
        action("scan.key.right", "Ctrl+Right", lambda: self.move_page(1), on_strip=True)
        action("scan.key.rotate", "R", lambda: self.rotate_page(90), on_strip=True)
        action("scan.key.rotate_back", "Shift+R", lambda: self.rotate_page(-90), on_strip=True)
        action("scan.key.delete", "Del", self.delete_page, on_strip=True)
        action("scan.key.save", "Ctrl+S", self.save)
        action("scan.key.find", QKeySequence.StandardKey.Refresh, self.find_devices)

    # -- texts ---------------------------------------------------------------------------------

    def source_text(self, source: Source) -> str:
        return {
            Source.FLATBED: self.tr("Mặt kính"),
            Source.ADF: self.tr("Khay nạp giấy"),
            Source.ADF_DUPLEX: self.tr("Hai mặt (khay nạp giấy)"),
        }[source]

    # -- state ---------------------------------------------------------------------------------

    @property
    def scanning(self) -> bool:
        return self._job is not None

    def current_device(self) -> Device | None:
        data = self.device_combo.currentData()
        if data == FILE_BACKEND:
            return FILE_DEVICE
        if isinstance(data, int) and 0 <= data < len(self.devices):
            return self.devices[data]
        return None

    def current_source(self) -> Source:
        return Source(str(self.source_combo.currentData()))

    def current_profile(self) -> Profile:
        return Profile(str(self.profile_combo.currentData()))

    def selected_index(self) -> int | None:
        row = self.strip.currentRow()
        return row if 0 <= row < len(self.pages) else None

    def _update_controls(self) -> None:
        busy = self.scanning or self.saving
        has_pages = len(self.pages) > 0
        selected = self.selected_index()
        device = self.current_device()
        self.scan_button.setText(self.tr("&Quét tiếp") if has_pages else self.tr("&Quét"))
        self.scan_button.setEnabled(not busy and device is not None)
        self.insert_button.setEnabled(not busy and device is not None and selected is not None)
        self.cancel_button.setEnabled(self.scanning)
        self.resume_button.setEnabled(not busy)
        self.find_button.setEnabled(not busy and not self.searching)
        self.address_button.setEnabled(not busy)
        self.device_combo.setEnabled(not busy)
        self.source_combo.setEnabled(not busy and device is not FILE_DEVICE)
        self.profile_combo.setEnabled(not busy)
        self.left_button.setEnabled(not busy and selected is not None and selected > 0)
        self.right_button.setEnabled(
            not busy and selected is not None and selected < len(self.pages) - 1
        )
        for b in (self.rotate_button, self.rotate_back_button):
            b.setEnabled(not self.saving and selected is not None)
        self.delete_button.setEnabled(not busy and selected is not None)
        self.blank_button.setEnabled(not busy and bool(self.pages.blank_indexes()))
        self.page_profile_combo.setEnabled(not self.saving and selected is not None)
        self.save_button.setEnabled(not busy and has_pages)
        self.close_button.setEnabled(not self.saving)
        self._show_summary()

    def _show_summary(self) -> None:
        if self.saving or self.scanning:
            return
        n = len(self.pages)
        blanks = len(self.pages.blank_indexes())
        if not n:
            self.status.setText(self.tr("Chưa có trang nào. Đặt giấy vào máy rồi bấm Quét."))
            return
        text = self.tr("%n trang sẽ được lưu.", "", n)
        if blanks:
            text += " " + self.tr(
                "Có %n trang có vẻ trắng (tô đỏ): bấm Bỏ trang trắng nếu muốn bỏ.", "", blanks
            )
        self.status.setText(text)

    # -- devices -------------------------------------------------------------------------------

    @Slot()
    def find_devices(self) -> None:
        """Look for scanners on the I/O pool (seconds); the list fills when they answer."""
        if self.searching or self.scanning or self.saving:
            return
        self.searching = True
        self._search_generation += 1
        generation = self._search_generation
        self.device_status.setText(self.tr("Đang tìm máy quét…"))
        self._update_controls()
        scanners, urls = self.scanners, list(self._escl_urls)

        def work(_progress: ProgressFn) -> Found:
            return find_devices(scanners, urls)

        self.ctx.runner.run_io(
            work,
            on_success=lambda r: self._on_devices_found(generation, r),
            on_failure=lambda e: self._on_devices_failed(generation, e),
        )

    def _on_devices_found(self, generation: int, result: object) -> None:
        if not isValid(self) or generation != self._search_generation:
            return
        assert isinstance(result, Found)
        self.searching = False
        self._fill_devices(list(result.devices))
        if result.devices:
            self.device_status.setText(self.tr("Tìm thấy %n máy quét.", "", len(result.devices)))
        elif result.errors:
            self.device_status.setText(scan_error_text(result.errors[0]))
        else:
            self.device_status.setText(
                self.tr(
                    "Không tìm thấy máy quét — cắm máy quét, bật nguồn rồi bấm Tìm lại; "
                    "hoặc nhập từ tệp."
                )
            )
        self._update_controls()
        self.devices_loaded.emit()

    def _on_devices_failed(self, generation: int, exc: object) -> None:
        if not isValid(self) or generation != self._search_generation:
            return
        self.searching = False
        self.device_status.setText(scan_error_text(exc))
        self._update_controls()
        self.devices_loaded.emit()

    def _fill_devices(self, devices: list[Device], select: str | None = None) -> None:
        wanted = select or remembered_device()
        previous = self.current_device()
        if not wanted and previous is not None and previous is not FILE_DEVICE:
            wanted = device_key(previous)
        self.devices = devices
        self.device_combo.blockSignals(True)
        try:
            self.device_combo.clear()
            for i, d in enumerate(devices):
                self.device_combo.addItem(d.label or d.id, i)
            self.device_combo.addItem(self.tr("Nhập từ tệp (ảnh, PDF, ảnh chụp)…"), FILE_BACKEND)
            index = next(
                (i for i, d in enumerate(devices) if device_key(d) == wanted),
                0 if devices else len(devices),
            )
            if wanted == device_key(FILE_DEVICE):
                index = len(devices)
            self.device_combo.setCurrentIndex(index)
        finally:
            self.device_combo.blockSignals(False)
        self._on_device_changed(self.device_combo.currentIndex())

    def select_device(self, key: str) -> bool:
        """Choose the device ``backend:id`` in the list (keyboard users: the combo itself)."""
        for i, d in enumerate(self.devices):
            if device_key(d) == key:
                self.device_combo.setCurrentIndex(i)
                return True
        return False

    def _on_device_changed(self, _index: int) -> None:
        device = self.current_device()
        model = self.source_combo.model()
        sources = device.sources if device is not None else frozenset(SOURCES)
        for row, source in enumerate(SOURCES):
            item = model.item(row) if hasattr(model, "item") else None
            if item is not None:
                item.setEnabled(device is FILE_DEVICE or source in sources)
        if (
            device is not None
            and device is not FILE_DEVICE
            and self.current_source() not in sources
        ):
            for row, source in enumerate(SOURCES):
                if source in sources:
                    self.source_combo.setCurrentIndex(row)
                    break
        self._update_controls()

    def add_address(self) -> None:
        """A network scanner by its eSCL address (asked without blocking the event loop)."""
        self.ask_address(self, self._on_address_entered)

    @classmethod
    def ask_address(cls, parent: QWidget, done: Callable[[str], None]) -> None:
        box = QInputDialog(parent)
        box.setObjectName("scan.address_dialog")
        box.setWindowTitle(QCoreApplication.translate("ScanDialog", "Thêm máy quét mạng"))
        box.setLabelText(
            QCoreApplication.translate(
                "ScanDialog", "Địa chỉ eSCL của máy quét (ví dụ http://192.168.1.20/eSCL):"
            )
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.textValueSelected.connect(done)
        box.open()

    def _on_address_entered(self, url: str) -> None:
        url = url.strip()
        if not url or not isValid(self):
            return
        self.device_status.setText(self.tr("Đang kết nối {url}…").format(url=url))

        def work(_progress: ProgressFn) -> Device:
            return probe_escl(url)

        def found(result: object) -> None:
            if not isValid(self):
                return
            assert isinstance(result, Device)
            remember_escl_url(result.id)
            if result.id not in self._escl_urls:
                self._escl_urls.append(result.id)
            devices = [d for d in self.devices if device_key(d) != device_key(result)]
            self._fill_devices([*devices, result], select=device_key(result))
            self.device_status.setText(
                self.tr("Đã thêm máy quét {label}.").format(label=result.label)
            )

        def failed(exc: object) -> None:
            if isValid(self):
                self.device_status.setText(scan_error_text(exc))

        self.ctx.runner.run_io(work, on_success=found, on_failure=failed)

    # -- scanning ------------------------------------------------------------------------------

    @Slot()
    def scan(self, insert_at: int | None = None) -> None:
        """Scan a batch into the page set (after the last page, or at ``insert_at``)."""
        if self.scanning or self.saving:
            return
        device = self.current_device()
        if device is None:
            self.show_error(scan_error_text(NoDevice()), resumable=False, level="warning")
            return
        if device is FILE_DEVICE:
            self.ask_files(self, lambda paths: self._scan_files(paths, insert_at))
            return
        remember_device(device)
        remember_source(self.current_source())
        scanners = self.scanners
        # Resolved on the pool: a backend's availability check may load its driver.
        self._start(
            lambda: backend_for(scanners, device), device.id, self.current_source(), insert_at
        )

    def scan_here(self) -> None:
        """Scan more pages and put them after the selected page."""
        index = self.selected_index()
        self.scan(insert_at=None if index is None else index + 1)

    @classmethod
    def ask_files(cls, parent: QWidget, done: Callable[[list[Path]], None]) -> None:
        """Choose image or PDF files (non-blocking). Tests replace this."""
        box = QFileDialog(parent)
        box.setObjectName("scan.files_dialog")
        box.setWindowTitle(QCoreApplication.translate("ScanDialog", "Chọn ảnh hoặc tệp PDF"))
        box.setFileMode(QFileDialog.FileMode.ExistingFiles)
        box.setNameFilter(
            QCoreApplication.translate("ScanDialog", "Ảnh, PDF ({patterns})").format(
                patterns=IMAGE_FILTER
            )
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.filesSelected.connect(lambda files: done([Path(f) for f in files]))
        box.open()

    def _scan_files(self, paths: list[Path], insert_at: int | None) -> None:
        if not paths or not isValid(self) or self.scanning or self.saving:
            return
        remember_device(FILE_DEVICE)
        backend, device_id = file_import(paths)
        self._start(lambda: backend, device_id, Source.FLATBED, insert_at)

    def _start(
        self,
        open_backend: Callable[[], ScannerBackend],
        device_id: str,
        source: Source,
        insert_at: int | None,
    ) -> None:
        self.hide_error()
        self.last_error = None
        self._insert_at = insert_at
        self._scanned_in_run = 0
        self._cancel = threading.Event()
        job = ScanJob(open_backend, device_id, self.current_profile(), source, self._cancel)
        job.signals.page_scanned.connect(self._on_page_scanned)
        job.signals.scan_finished.connect(self._on_scan_finished)
        job.signals.scan_failed.connect(self._on_scan_failed)
        job.setAutoDelete(True)
        self._job = job
        self._job_signals = job.signals  # outlives the runnable until its last signal
        self.progress.setText(self.tr("Đang quét…"))
        self.status.setText(self.tr("Đang quét — Esc để hủy."))
        self._update_controls()
        self.strip.setFocus(Qt.FocusReason.OtherFocusReason)
        self.ctx.runner.io_pool.start(job)

    @Slot()
    def cancel_scan(self) -> None:
        if self._cancel is not None:
            self._cancel.set()
            self.progress.setText(self.tr("Đang dừng quét…"))

    @Slot()
    def resume(self) -> None:
        """ "Tiếp tục" after an error: scan on into the same set, where the batch stopped."""
        self.scan(insert_at=self._insert_at)

    def _on_page_scanned(self, page: object, thumb: object) -> None:
        if not isValid(self):
            return
        assert isinstance(page, Page)
        follow = self.strip.currentRow() in (-1, self.strip.count() - 1)
        self.strip.remember_thumbnail(page, thumb)  # type: ignore[arg-type]
        if self._insert_at is None or self._insert_at >= len(self.pages):
            self.pages.add(page)
            self._insert_at = None
        else:
            self.pages.insert(self._insert_at, page)
            self._insert_at += 1
        self._scanned_in_run += 1
        current = page.id if follow or self._insert_at is not None else None
        self.strip.show_pages(self.pages.pages, current)
        self.progress.setText(self.tr("Đã quét %n trang…", "", self._scanned_in_run))
        self.page_added.emit(len(self.pages))

    def _end_run(self) -> None:
        self._job = None
        self._cancel = None

    def _on_scan_finished(self, count: int) -> None:
        if not isValid(self):
            return
        self._end_run()
        self._insert_at = None
        self.progress.setText(self.tr("Đã quét xong %n trang.", "", count))
        self._update_controls()
        target = self.save_button if len(self.pages) else self.scan_button
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        self.scan_stopped.emit("finished")

    def _on_scan_failed(self, exc: object) -> None:
        if not isValid(self):
            return
        self._end_run()
        self.last_error = exc
        code = scan_error_code(exc)
        if code == "cancelled":
            self._insert_at = None
            self.progress.setText(
                self.tr("Đã hủy quét; giữ %n trang đã quét.", "", self._scanned_in_run)
            )
            self._update_controls()
            self.scan_stopped.emit(code)
            return
        kept = (
            self.tr("Đã giữ %n trang quét được trước khi lỗi.", "", self._scanned_in_run)
            if self._scanned_in_run
            else ""
        )
        self.progress.setText(kept)
        text = scan_error_text(exc)
        self._update_controls()  # first: "Tiếp tục" is enabled again and can take the focus
        self.show_error(f"{text} {kept}".strip(), resumable=is_resumable(exc))
        self.scan_stopped.emit(code)

    def show_error(self, text: str, *, resumable: bool, level: str = "error") -> None:
        """The inline error line with what to do; "Tiếp tục" when scanning again helps."""
        self.error_text.setText(text)
        self.error_panel.setAccessibleDescription(text)
        styled(self.error_panel, level)
        self.resume_button.setVisible(resumable)
        self.error_panel.show()
        if resumable:
            self.resume_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def hide_error(self) -> None:
        self.error_panel.hide()
        self.error_text.clear()

    # -- page operations -----------------------------------------------------------------------

    def _changed(self, current: int | None) -> None:
        self.strip.show_pages(self.pages.pages, current)
        self._update_controls()

    def move_page(self, step: int) -> None:
        index = self.selected_index()
        if index is None or self.scanning or self.saving:
            return
        target = index + step
        if not 0 <= target < len(self.pages):
            return
        page = self.pages.pages[index]
        self.pages.move(index, target)
        self._changed(page.id)

    def rotate_page(self, degrees: int) -> None:
        index = self.selected_index()
        if index is None or self.saving:
            return
        self.pages.rotate(index, degrees)
        self._changed(self.pages.pages[index].id)

    def delete_page(self) -> None:
        index = self.selected_index()
        if index is None or self.scanning or self.saving:
            return
        page = self.pages.delete(index)
        self.strip.forget([page])
        left = self.pages.pages
        self._changed(left[min(index, len(left) - 1)].id if left else None)

    def drop_blank(self) -> None:
        """Delete every page flagged blank (the officer's choice, never automatic)."""
        if self.scanning or self.saving:
            return
        index = self.selected_index()
        keep = self.pages.pages[index] if index is not None else None
        dropped = self.pages.drop_blank()
        self.strip.forget(dropped)
        current = keep.id if keep is not None and keep not in dropped else None
        self._changed(current)
        if dropped:
            self.progress.setText(self.tr("Đã bỏ %n trang trắng.", "", len(dropped)))
        if current is None and self.pages.pages:
            self.strip.setCurrentRow(0)

    def _on_page_profile_activated(self, _row: int) -> None:
        index = self.selected_index()
        if index is None:
            return
        self.pages.set_profile(index, Profile(str(self.page_profile_combo.currentData())))
        self._changed(self.pages.pages[index].id)

    def _on_strip_current_row_changed(self, _row: int) -> None:
        index = self.selected_index()
        if index is not None:
            profile = self.pages.pages[index].profile
            self.page_profile_combo.setCurrentIndex(PROFILES.index(Profile(profile)))
        self._update_controls()

    # -- saving --------------------------------------------------------------------------------

    @Slot()
    def save(self) -> None:
        """Assemble the PDF (I/O pool), then attach it through the one writer thread."""
        if self.scanning or self.saving or not len(self.pages):
            return
        self.saving = True
        self.hide_error()
        self.status.setText(self.tr("Đang tạo tệp PDF…"))
        self._update_controls()
        pages = list(self.pages.pages)
        title = f"{self.doc.dossier_code} {self.doc.label}"

        def assemble(_progress: ProgressFn) -> tuple[bytes, int, str, bool]:
            return _saved_pdf(pages, self.default_profile, title)

        self.ctx.runner.run_io(
            assemble, on_success=self._on_assembled, on_failure=self._on_save_failed
        )

    def _on_assembled(self, result: object) -> None:
        if not isValid(self):
            return
        assert isinstance(result, tuple)
        pdf, count, profile, want_ocr = result
        self.status.setText(self.tr("Đang lưu vào hồ sơ…"))
        store, doc, actor, clock = self.ctx.store, self.doc, self.ctx.actor, self.ctx.clock

        def write(_progress: ProgressFn) -> AttachmentRow:
            return attach_pdf(
                store,
                doc.dossier_code,
                doc.id,
                pdf,
                count,
                profile,
                actor=actor,
                clock=clock,
                request_ocr=want_ocr,
            )

        self.ctx.runner.run_db(write, on_success=self._on_saved, on_failure=self._on_save_failed)

    def _on_saved(self, row: object) -> None:
        assert isinstance(row, AttachmentRow)
        ctx, code = self.ctx, self.doc.dossier_code
        ctx.signals.dossiers_changed.emit([code])
        if row.ocr_state == "pending":
            start_ocr(ctx, code)
        if not isValid(self):
            return
        self.saving = False
        self.pages = PageSet(self.default_profile)  # saved: nothing left to lose
        self.saved.emit(row)
        self.accept()

    def _on_save_failed(self, exc: object) -> None:
        if not isValid(self):
            return
        self.saving = False
        self.show_error(
            self.tr("Chưa lưu được: {error}. Các trang vẫn còn, bấm Lưu để thử lại.").format(
                error=error_text(exc)
            ),
            resumable=False,
        )
        self._update_controls()
        self.save_failed.emit(exc)

    # -- closing -------------------------------------------------------------------------------

    def reject(self) -> None:
        """Esc / Đóng: cancels a running scan first; closing with unsaved pages asks first."""
        if self.scanning:
            self.cancel_scan()
            return
        if self.saving or self.confirm_box is not None:
            return
        if len(self.pages) and self.isVisible():
            self._confirm_discard()
            return
        super().reject()

    def _confirm_discard(self) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Bỏ các trang đã quét?"),
            self.tr("%n trang đã quét chưa được lưu vào hồ sơ và sẽ bị bỏ.", "", len(self.pages)),
            parent=self,
        )
        box.setObjectName("scan.question")
        yes = box.addButton(self.tr("&Bỏ các trang"), QMessageBox.ButtonRole.DestructiveRole)
        no = box.addButton(self.tr("&Quay lại"), QMessageBox.ButtonRole.RejectRole)
        yes.setObjectName("scan.question.yes")
        no.setObjectName("scan.question.no")
        box.setDefaultButton(no)
        box.setEscapeButton(no)
        vi_buttons(box)
        self.confirm_box = box

        def done(_result: int) -> None:
            self.confirm_box = None
            clicked: QAbstractButton | None = box.clickedButton()
            box.deleteLater()
            if clicked is yes and isValid(self):
                self.pages = PageSet(self.default_profile)
                QDialog.reject(self)

        box.finished.connect(done)
        box.open()


def start_ocr(ctx: AppContext, code: str) -> None:
    """The optional text layer, in the background; the dossier view refreshes when done.

    tesseract spends seconds per page, so it runs on the I/O pool (``ocr_pending`` writes only
    files); its outcome is recorded by the one writer thread (``record_ocr``).
    """
    store, clock = ctx.store, ctx.clock

    def work(_progress: ProgressFn) -> list[ocr.OcrOutcome]:
        return ocr.ocr_pending(store, limit=5)

    def computed(result: object) -> None:
        if not isinstance(result, list) or not result:
            return
        outcomes = [r for r in result if isinstance(r, ocr.OcrOutcome)]

        def write(_progress: ProgressFn) -> int:
            return ocr.record_ocr(store, outcomes, clock=clock)

        ctx.runner.run_db(write, on_success=recorded, on_failure=lambda _exc: None)

    def recorded(result: object) -> None:
        if isinstance(result, int) and result:
            ctx.signals.dossiers_changed.emit([code])

    ctx.runner.run_io(work, on_success=computed, on_failure=lambda _exc: None)
