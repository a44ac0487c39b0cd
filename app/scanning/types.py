"""The scanner interface every backend implements (scan-print.md §4) and its typed errors.

Backends yield pages one by one so the dialog can show a thumbnail per page; the end of a
feeder batch is the end of the iterator, and an empty feeder *before* page 1 is FeederEmpty.
Every backend maps its own failures onto these errors, whose ``message_vi`` tells the officer
what to do.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from PIL import Image, UnidentifiedImageError


class ColorMode(StrEnum):
    BW = "bw"
    GRAY = "gray"
    COLOR = "color"


class Source(StrEnum):
    FLATBED = "flatbed"
    ADF = "adf"
    ADF_DUPLEX = "adf_duplex"


@dataclass(frozen=True)
class ScanSettings:
    source: Source = Source.FLATBED
    mode: ColorMode = ColorMode.GRAY
    dpi: int = 200
    area_mm: tuple[float, float] = (210.0, 297.0)
    max_pages: int | None = None


@dataclass(frozen=True)
class Device:
    backend: str  # "sane" | "escl" | "wia" | "file" | "fake"
    id: str  # backend-specific; the pair (backend, id) is what is remembered
    label: str
    sources: frozenset[Source] = field(default_factory=lambda: frozenset({Source.FLATBED}))
    modes: frozenset[ColorMode] = field(
        default_factory=lambda: frozenset({ColorMode.GRAY, ColorMode.COLOR})
    )
    resolutions: tuple[int, ...] = (150, 200, 300)


class ScannerBackend(Protocol):
    name: str

    def available(self) -> bool:
        """Import/platform check; never raises."""
        ...

    def list_devices(self, timeout_s: float = 5) -> list[Device]: ...

    def scan(
        self, device_id: str, settings: ScanSettings, cancel: threading.Event
    ) -> Iterator[Image.Image]: ...


class ScanError(Exception):
    """A scan failed; ``message_vi`` says what happened and what to do, in Vietnamese."""

    code = "scan_error"
    message_vi = "Máy quét báo lỗi. Kiểm tra máy quét rồi thử lại."

    def __init__(self, detail: str = "") -> None:
        super().__init__(detail or self.code)
        self.detail = detail


class FeederEmpty(ScanError):
    code = "feeder_empty"
    message_vi = "Khay nạp giấy đã hết giấy — đặt thêm giấy rồi bấm Tiếp tục."


class PaperJam(ScanError):
    code = "paper_jam"
    message_vi = "Giấy bị kẹt trong máy quét — gỡ tờ giấy bị kẹt rồi bấm Tiếp tục."


class CoverOpen(ScanError):
    code = "cover_open"
    message_vi = "Nắp máy quét đang mở — đóng nắp rồi bấm Tiếp tục."


class DeviceBusy(ScanError):
    code = "busy"
    message_vi = "Máy quét đang bận với việc khác — chờ một lát rồi thử lại."


class DeviceOffline(ScanError):
    code = "offline"
    message_vi = "Không kết nối được máy quét — kiểm tra cáp, nguồn điện hoặc mạng rồi thử lại."


class Cancelled(ScanError):
    code = "cancelled"
    message_vi = "Đã hủy quét."


class NoDevice(ScanError):
    code = "no_device"
    message_vi = "Không tìm thấy máy quét — cắm máy quét, bật nguồn rồi bấm Tìm lại."


class UnsupportedFile(ScanError):
    code = "unsupported_file"
    message_vi = "Không đọc được tệp này — chọn tệp ảnh (PNG, JPEG, TIFF) hoặc PDF khác."


class PdfRendererMissing(ScanError):
    code = "pdf_renderer_missing"
    message_vi = (
        "Máy này chưa đọc được tệp PDF (thiếu công cụ pdftoppm của Poppler) — "
        "nhập ảnh chụp thay thế hoặc nhờ cán bộ kỹ thuật cài đặt."
    )


def page_slots(settings: ScanSettings, cancel: threading.Event) -> Iterator[int]:
    """The page numbers a backend may fetch, 0, 1, …: one on the flatbed, up to ``max_pages``
    from a feeder (no limit: until the backend reports the end of the batch). Raises
    :class:`Cancelled` before each page once ``cancel`` is set."""
    limit = settings.max_pages if settings.source is not Source.FLATBED else 1
    n = 0
    while limit is None or n < limit:
        if cancel.is_set():
            raise Cancelled()
        yield n
        n += 1


def decode_page(data: bytes, dpi: int, who: str) -> Image.Image:
    """An image file a scanner sent, in "1"/"L"/"RGB", tagged with the resolution asked for.
    Unreadable bytes raise :class:`ScanError` (``who`` names the backend in the detail)."""
    img: Image.Image
    try:
        img = Image.open(io.BytesIO(data))
        img.load()
    except (UnidentifiedImageError, OSError) as exc:
        raise ScanError(f"{who}: the scanner sent an unreadable page: {exc}") from exc
    if img.mode not in ("1", "L", "RGB"):
        img = img.convert("L" if img.mode in ("I;16", "I", "LA") else "RGB")
    img.info["dpi"] = (dpi, dpi)
    return img
