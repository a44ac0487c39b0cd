"""Reading back the PDFs the scan pipeline writes (img2pdf's own writer: plain object dicts)."""

from __future__ import annotations

import re
from dataclasses import dataclass

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
