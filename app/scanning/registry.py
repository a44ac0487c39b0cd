"""Which scanner backends this PC offers, and the devices behind them.

Defaults: WIA (Windows), SANE (Linux), eSCL (by configured URL, any OS) and file import. The
demo adds :class:`~app.scanning.fake.FakeBackend` with :func:`register`; the eSCL addresses the
commune typed in are set with :func:`set_escl_urls`. Enumeration can take seconds (SANE probes
the network): call :func:`list_all_devices` from a worker thread and cache the result.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from PIL import Image

from app.scanning.escl import EsclBackend
from app.scanning.file_import import FileImportBackend
from app.scanning.sane_backend import SaneBackend
from app.scanning.types import Device, NoDevice, ScannerBackend, ScanSettings
from app.scanning.wia import WiaBackend

log = logging.getLogger(__name__)

_lock = threading.Lock()
_registered: dict[str, ScannerBackend] | None = None  # name -> backend, in preference order


def _defaults() -> dict[str, ScannerBackend]:
    found: list[ScannerBackend] = [WiaBackend(), SaneBackend(), EsclBackend(), FileImportBackend()]
    return {b.name: b for b in found}


def _all() -> dict[str, ScannerBackend]:
    global _registered  # noqa: PLW0603  (the process-wide registry)
    with _lock:
        if _registered is None:
            _registered = _defaults()
        return dict(_registered)


def register(backend: ScannerBackend) -> None:
    """Adds ``backend``, or replaces the one with the same name (e.g. a configured eSCL)."""
    _all()
    with _lock:
        assert _registered is not None
        _registered[backend.name] = backend


def unregister(name: str) -> None:
    _all()
    with _lock:
        assert _registered is not None
        _registered.pop(name, None)


def reset() -> None:
    """Back to the default backends (tests)."""
    global _registered  # noqa: PLW0603
    with _lock:
        _registered = None


def set_escl_urls(urls: Iterable[str]) -> None:
    """The manually configured eSCL scanners, e.g. ``["http://192.168.1.20/eSCL"]``."""
    register(EsclBackend(list(urls)))


def _available(backend: ScannerBackend) -> bool:
    try:
        return backend.available()
    except Exception:  # the protocol says never, but a broken driver must not stop the app
        log.exception("scanner backend %s: available() failed", backend.name)
        return False


def backends() -> list[ScannerBackend]:
    """The registered backends usable on this PC, in preference order."""
    return [b for b in _all().values() if _available(b)]


def backend_for(name: str) -> ScannerBackend:
    """The available backend called ``name`` (as stored in a scan profile).

    Raises:
        NoDevice: unknown here or not usable on this PC (e.g. "wia" on Linux).
    """
    backend = _all().get(name)
    if backend is None or not _available(backend):
        raise NoDevice(f"scanner backend {name!r} is not available on this computer")
    return backend


def list_all_devices(timeout_s: float = 5) -> list[Device]:
    """Devices of every available backend. Never raises: a failing backend is logged and
    skipped. Slow (seconds); run it in a worker."""
    devices: list[Device] = []
    for backend in backends():
        try:
            devices.extend(backend.list_devices(timeout_s))
        except Exception:
            log.warning("scanner backend %s: listing devices failed", backend.name, exc_info=True)
    return devices


@dataclass(frozen=True)
class OpenDevice:
    """A device chosen by ``(backend, id)``, as a scan profile remembers it."""

    backend: ScannerBackend
    device_id: str

    def scan(self, settings: ScanSettings, cancel: threading.Event) -> Iterator[Image.Image]:
        return self.backend.scan(self.device_id, settings, cancel)


def open_device(backend_name: str, device_id: str) -> OpenDevice:
    """Binds a remembered device to its backend without touching the hardware (cheap); a
    missing device shows up when scanning (NoDevice, DeviceOffline).

    Raises:
        NoDevice: the backend is not available on this computer.
    """
    return OpenDevice(backend_for(backend_name), device_id)
