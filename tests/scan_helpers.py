"""Reading back the PDFs the scan pipeline writes (img2pdf's own writer: plain object dicts)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from PIL import Image

_IMAGE = re.compile(rb"<<(?P<dict>(?:(?!>>\s*stream).)*?/Subtype /Image.*?)>>\s*stream\r?\n", re.S)


@dataclass(frozen=True)
class PdfImage:
    filter: str
    width: int
    height: int
    data: bytes


def _int(d: bytes, key: bytes) -> int:
    m = re.search(rb"/" + key + rb"\s+(\d+)", d)
    assert m, key
    return int(m.group(1))


def pdf_images(pdf: bytes) -> list[PdfImage]:
    """Every image XObject, in file order (img2pdf writes one per page, in page order)."""
    out = []
    for m in _IMAGE.finditer(pdf):
        d = m.group("dict")
        f = re.search(rb"/Filter\s*\[?\s*/(\w+)", d)
        length = _int(d, b"Length")
        start = m.end()
        out.append(
            PdfImage(
                f.group(1).decode() if f else "",
                _int(d, b"Width"),
                _int(d, b"Height"),
                pdf[start : start + length],
            )
        )
    return out


def pdf_page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def media_boxes(pdf: bytes) -> list[tuple[float, float]]:
    return [
        (float(m.group(3)) - float(m.group(1)), float(m.group(4)) - float(m.group(2)))
        for m in re.finditer(
            rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", pdf
        )
    ]


class SampleBackend:
    """A scanner for tests: yields generated pages at the dpi asked for, or raises ``error``."""

    name = "sample"

    def __init__(
        self, kinds: tuple[str, ...] = ("text", "blank", "skewed"), error: Exception | None = None
    ) -> None:
        self.kinds = kinds
        self.error = error
        self.settings: list[object] = []

    def available(self) -> bool:
        return True

    def list_devices(self, timeout_s: float = 5) -> list[object]:
        from app.scanning.types import Device, Source

        return [Device("sample", "demo", "Máy quét mẫu", frozenset({Source.FLATBED, Source.ADF}))]

    def scan(self, device_id: str, settings: object, cancel: object) -> Iterator[Image.Image]:
        from app.scanning import samples

        self.settings.append(settings)
        if self.error is not None:
            raise self.error
        dpi = settings.dpi  # type: ignore[attr-defined]
        make = {
            "text": lambda: samples.text_page(dpi),
            "skewed": lambda: samples.text_page(dpi, skew_deg=2.0),
            "blank": lambda: samples.blank_page(dpi),
            "seal": lambda: samples.seal_page(dpi),
        }
        for kind in self.kinds:
            yield make[kind]()


class SampleRegistry:
    """Stands in for app.scanning.registry: one ``sample`` backend."""

    def __init__(self, backend: SampleBackend) -> None:
        self.backend = backend

    def backend_for(self, name: str) -> SampleBackend:
        from app.scanning.types import NoDevice

        if name != "sample":
            raise NoDevice(f"scanner backend {name!r} is not available on this computer")
        return self.backend

    def list_all_devices(self, timeout_s: float = 5) -> list[object]:
        return self.backend.list_devices(timeout_s)
