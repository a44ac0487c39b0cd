"""The scan job: drives a backend on a pool thread and posts each processed page as it comes.

The GUI thread never waits on the scanner: the job runs on the I/O pool, every page is analysed
and encoded there (blank flag, deskew, G4/JPEG) and its thumbnail made there too, then the page
crosses to the GUI thread through a queued signal. A failure part-way reports the typed
ScanError after the pages already sent, which the dialog keeps.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PIL import Image

from PySide6.QtCore import QObject, QRunnable, Signal
from PySide6.QtGui import QImage

from app.scanning.pipeline import Page, image_dpi, process_page
from app.scanning.profiles import Profile, scan_settings
from app.scanning.types import Cancelled, ScannerBackend, Source

THUMB_PX = 160


def to_qimage(img: Image.Image) -> QImage:
    """A deep copy (the bytes of ``img`` may go away); QImage, not QPixmap: any thread."""
    rgb = img if img.mode == "RGB" else img.convert("RGB")
    data = rgb.tobytes("raw", "RGB")
    return QImage(data, rgb.width, rgb.height, 3 * rgb.width, QImage.Format.Format_RGB888).copy()


class ScanJobSignals(QObject):
    """Signals of one scan job (created on the GUI thread: emits from the pool are queued).

    Signals:
        page_scanned(object, object): a processed Page and its upright thumbnail (QImage).
        scan_finished(int): the batch ended normally after this many pages.
        scan_failed(object): the ScanError (or other exception) that stopped the batch.
    """

    page_scanned = Signal(object, object)
    scan_finished = Signal(int)
    scan_failed = Signal(object)


class ScanJob(QRunnable):
    """One batch from one device. ``open_backend`` gives the backend that scans (it raises
    NoDevice when the device is gone); ``cancel`` stops the batch between pages (and inside a
    page for backends that watch it, like SANE)."""

    def __init__(
        self,
        open_backend: Callable[[], ScannerBackend],
        device_id: str,
        profile: Profile,
        source: Source,
        cancel: threading.Event,
        *,
        deskew: bool = True,
    ) -> None:
        super().__init__()
        self.signals = ScanJobSignals()
        self.open_backend = open_backend  # called here, on the pool (may load a driver)
        self.device_id = device_id
        self.profile = profile
        self.source = source
        self.cancel = cancel
        self.deskew = deskew

    def run(self) -> None:
        done = 0
        try:
            settings = scan_settings(self.profile, self.source)
            pages = self.open_backend().scan(self.device_id, settings, self.cancel)
            try:
                for img in pages:
                    if self.cancel.is_set():
                        raise Cancelled()
                    page = self._process(img, image_dpi(img, settings.dpi))
                    done += 1
                    self.signals.page_scanned.emit(page, to_qimage(page.thumbnail(THUMB_PX)))
            finally:
                # Close the backend's generator here, on this thread: its ``finally`` releases
                # the device (the cyclic collector does not run on pool threads, gcguard.py).
                close = getattr(pages, "close", None)
                if close is not None:
                    close()
            if self.cancel.is_set():
                raise Cancelled()
        except Exception as exc:  # reported to the dialog, never lost
            self.signals.scan_failed.emit(exc)
        else:
            self.signals.scan_finished.emit(done)

    def _process(self, img: Image.Image, dpi: int) -> Page:
        return process_page(img, self.profile, dpi=dpi, deskew=self.deskew)
