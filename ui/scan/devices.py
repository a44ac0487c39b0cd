"""Which scanners the dialog offers, and which one it remembers.

Enumeration is slow (``scanimage -L`` took 3.4 s with no hardware, scan-print.md §4): it runs
on the I/O pool and the dialog fills its list when the answer comes. The registry
(``app.scanning.registry``) is imported by name, as the CLI does, so a desk whose scanner
libraries fail to import still opens the dialog (file import works); tests inject their own
object with the same two functions.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QSettings

from app.scanning.escl import EsclBackend
from app.scanning.file_import import FileImportBackend, device_id_for
from app.scanning.types import (
    Device,
    NoDevice,
    ScanError,
    ScannerBackend,
    Source,
)

SETTINGS_DEVICE = "scan/device"  # "backend:id" of the last device used
SETTINGS_SOURCE = "scan/source"
SETTINGS_ESCL_URLS = "scan/escl_urls"  # scanners added by address
LIST_TIMEOUT_S = 5.0

FILE_BACKEND = "file"  # the "Nhập từ tệp…" entry of the device list
FILE_DEVICE = Device(FILE_BACKEND, "import", "", frozenset({Source.FLATBED}))


class Scanners(Protocol):
    """What the dialog needs from ``app.scanning.registry``."""

    def list_all_devices(self, timeout_s: float = 5) -> Sequence[Device]: ...

    def backend_for(self, name: str) -> ScannerBackend | None: ...


class _NoScanners:
    """Stands in when the registry cannot be imported: no device, never a crash."""

    def list_all_devices(self, timeout_s: float = 5) -> Sequence[Device]:
        return []

    def backend_for(self, name: str) -> ScannerBackend | None:
        return None


def default_scanners() -> Scanners:
    try:
        module = importlib.import_module("app.scanning.registry")
    except ImportError:
        return _NoScanners()
    return module  # type: ignore[return-value]


def device_key(device: Device) -> str:
    return f"{device.backend}:{device.id}"


def settings() -> QSettings:
    """The desk's user settings file, as the printers use it (ui/printing.py)."""
    from ui.printing import settings as desk_settings

    return desk_settings()


def remembered_device() -> str:
    value = settings().value(SETTINGS_DEVICE, "")
    return str(value or "")


def remember_device(device: Device) -> None:
    s = settings()
    s.setValue(SETTINGS_DEVICE, device_key(device))
    s.sync()


def remembered_source() -> Source | None:
    try:
        return Source(str(settings().value(SETTINGS_SOURCE, "") or ""))
    except ValueError:
        return None


def remember_source(source: Source) -> None:
    s = settings()
    s.setValue(SETTINGS_SOURCE, source.value)
    s.sync()


def remembered_escl_urls() -> list[str]:
    value = settings().value(SETTINGS_ESCL_URLS, [])
    if isinstance(value, str):
        return [value] if value else []
    return [str(v) for v in value or [] if v]


def remember_escl_url(url: str) -> None:
    urls = remembered_escl_urls()
    if url not in urls:
        s = settings()
        s.setValue(SETTINGS_ESCL_URLS, [*urls, url])
        s.sync()


@dataclass(frozen=True)
class Found:
    """The answer of one enumeration."""

    devices: tuple[Device, ...]
    errors: tuple[ScanError, ...]


def find_devices(scanners: Scanners, escl_urls: Sequence[str]) -> Found:
    """Registry devices plus the scanners added by address (I/O pool; may take seconds)."""
    devices: list[Device] = []
    errors: list[ScanError] = []
    try:
        devices.extend(scanners.list_all_devices(LIST_TIMEOUT_S))
    except ScanError as exc:
        errors.append(exc)
    known = {device_key(d) for d in devices}
    if escl_urls:
        for d in EsclBackend(escl_urls).list_devices(LIST_TIMEOUT_S):
            if device_key(d) not in known:
                devices.append(d)
    return Found(tuple(devices), tuple(errors))


def probe_escl(url: str) -> Device:
    """The scanner at an address the officer typed (I/O pool)."""
    return EsclBackend().probe(url)


def backend_for(scanners: Scanners, device: Device) -> ScannerBackend:
    """The backend that scans on ``device``; NoDevice when it is not there any more."""
    if device.backend == "escl":
        return EsclBackend([device.id])  # any address, also one typed in by the officer
    backend = scanners.backend_for(device.backend)  # the registry raises NoDevice itself
    if backend is None or not backend.available():
        raise NoDevice(device.backend)
    return backend


def file_import(paths: Sequence[Path]) -> tuple[ScannerBackend, str]:
    """The file-import backend and the device id that names ``paths`` (images, PDFs, photos)."""
    return FileImportBackend(), device_id_for(paths)
