"""SANE scanners through python-sane (Linux; network MFPs too via sane-airscan).

python-sane reports failures as ``_sane.error('<English status text>')`` with no numeric status,
so the typed errors are found by matching those texts (scan-print.md §4). ``sane_init`` and
``sane_exit`` are process-wide: they happen once, under a module-level lock, and never while a
scan is running. python-sane releases the GIL around SANE calls, so scans run in worker threads.
"""

from __future__ import annotations

import atexit
import ctypes
import importlib
import logging
import math
import os
import signal
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from types import ModuleType
from typing import Any

from PIL import Image

from app.scanning.types import (
    Cancelled,
    ColorMode,
    CoverOpen,
    Device,
    DeviceBusy,
    FeederEmpty,
    NoDevice,
    PaperJam,
    ScanError,
    ScanSettings,
    Source,
    page_slots,
)

log = logging.getLogger(__name__)

NO_DOCS = "Document feeder out of documents"
# sane_strstatus() texts (untranslated in libsane) -> typed errors.
_STATUS_ERRORS: dict[str, type[ScanError]] = {
    NO_DOCS: FeederEmpty,
    "Document feeder jammed": PaperJam,
    "Scanner cover is open": CoverOpen,
    "Device busy": DeviceBusy,
    "Operation was canceled": Cancelled,
    "Operation was cancelled": Cancelled,  # spelling differs between SANE releases
}

_MODE_NAMES: dict[ColorMode, tuple[str, ...]] = {
    ColorMode.BW: ("lineart", "binary", "black & white", "black and white", "bw", "halftone"),
    ColorMode.GRAY: ("gray", "grey", "grayscale", "greyscale", "gray8"),
    ColorMode.COLOR: ("color", "colour", "rgb", "24bit color"),
}
_TYPE_INT = 1  # SANE_TYPE_INT (the FIXED type is 2); constants of the SANE C API
_UNIT_PIXEL = 1  # SANE_UNIT_PIXEL
_STANDARD_DPI = (75, 100, 150, 200, 300, 400, 600)

# The process-wide SANE session: init once, exit only when no scan is running.
_lock = threading.Condition()
_initialised = False
_active = 0
_atexit_registered = False
# SANE backends need not be reentrant: two scans at once on the SANE test backend hang in
# sane_read (also with bare python-sane). One device operation at a time per process; only
# sane_cancel, which SANE allows from anywhere, bypasses it.
_device_lock = threading.Lock()


def _import_sane() -> ModuleType | None:
    try:  # optional: absent on Windows and where libsane is not installed
        return importlib.import_module("sane")
    except ImportError:
        return None


def _ensure_init(sane: ModuleType) -> None:
    global _initialised, _atexit_registered  # noqa: PLW0603  (one SANE session per process)
    with _lock:
        if _initialised:
            return
        try:
            sane.init()  # reads SANE_CONFIG_DIR from os.environ now, never later
        except Exception as exc:
            raise map_sane_error(exc) from exc
        _initialised = True
        if not _atexit_registered:
            atexit.register(shutdown, timeout_s=2.0)  # a stuck scan must not hold up exit
            _atexit_registered = True


@contextmanager
def _session(sane: ModuleType) -> Iterator[None]:
    """Keeps SANE initialised while the block runs (shutdown() waits for it)."""
    global _active  # noqa: PLW0603
    _ensure_init(sane)
    with _lock:
        _active += 1
    try:
        yield
    finally:
        with _lock:
            _active -= 1
            _lock.notify_all()


def shutdown(timeout_s: float = 10.0) -> bool:
    """Calls ``sane_exit`` once no scan is running; the next use initialises SANE again.

    Needed when ``SANE_CONFIG_DIR`` changes (tests) and at process exit (registered with
    atexit). Returns False, leaving SANE initialised, if scans are still running after
    ``timeout_s``.
    """
    global _initialised  # noqa: PLW0603
    with _lock:
        if not _initialised:
            return True
        if not _lock.wait_for(lambda: _active == 0, timeout=timeout_s):
            log.warning("SANE still in use after %.1f s; not calling sane_exit", timeout_s)
            return False
        sane = _import_sane()
        if sane is not None:
            try:
                sane.exit()
            except Exception:
                log.exception("sane_exit failed")
            keep_sigpipe_ignored()
        _initialised = False
        return True


_libc: Any = None


def keep_sigpipe_ignored() -> int | None:
    """Puts SIGPIPE back to "ignore"; returns the disposition found (0 = default), or None
    where this does not apply.

    sane-backends' sanei_thread (used by the test backend and many drivers for their reader
    thread) "restores" SIGPIPE to SIG_DFL after a scan, although Python had set SIG_IGN: the
    next write to a closed socket (sync, eSCL, a cancelled download) would then kill the whole
    process. Python's signal module only works on the main thread, scans run on workers, so
    this calls libc's signal() directly; the setting is process-wide.
    """
    global _libc  # noqa: PLW0603  (loaded once)
    if os.name != "posix" or not hasattr(signal, "SIGPIPE"):
        return None
    if _libc is None:
        _libc = ctypes.CDLL(None)
        _libc.signal.argtypes = (ctypes.c_int, ctypes.c_void_p)
        _libc.signal.restype = ctypes.c_void_p
    previous = _libc.signal(int(signal.SIGPIPE), 1)  # 1 = SIG_IGN
    if previous != 1:
        log.debug("SIGPIPE was reset to %r by SANE; ignoring it again", previous)
    return int(previous or 0)


def map_sane_error(exc: BaseException) -> ScanError:
    """The typed error for a python-sane exception (scan-print.md §4).

    An empty feeder after at least one page is the normal end of a batch; callers check for
    it with :func:`is_end_of_batch` before calling this.
    """
    if isinstance(exc, ScanError):
        return exc
    text = str(exc).strip()
    cls = _STATUS_ERRORS.get(text, ScanError)
    return cls(f"SANE: {text}" if text else f"SANE: {type(exc).__name__}")


def is_end_of_batch(exc: BaseException) -> bool:
    return str(exc).strip() == NO_DOCS


class SaneBackend:
    """Scanners reachable through SANE. Every method is safe to call from a worker thread."""

    name = "sane"

    def __init__(
        self,
        extra_options: Mapping[str, object] | None = None,
        sane_module: ModuleType | None = None,
        busy_wait_s: float = 5.0,
    ) -> None:
        """Args:
        extra_options: device-specific SANE options set after the settings (python-sane
            names, e.g. ``{"test_picture": "Grid"}``); options the device lacks are skipped.
        busy_wait_s: how long a scan waits for another SANE scan of this process to finish
            before raising :class:`DeviceBusy`.
        """
        self.extra_options = dict(extra_options or {})
        self.busy_wait_s = busy_wait_s
        self._sane = sane_module  # injected in tests; imported lazily otherwise
        self._last_devices: list[Device] = []

    def _module(self) -> ModuleType | None:
        if self._sane is None:
            self._sane = _import_sane()
        return self._sane

    def available(self) -> bool:
        try:
            return self._module() is not None
        except Exception:
            return False

    def list_devices(self, timeout_s: float = 5) -> list[Device]:
        """SANE devices with their capabilities.

        ``sane_get_devices`` itself cannot be interrupted (network probing may take seconds);
        ``timeout_s`` bounds the time spent opening devices to read their capabilities: past
        it, devices are listed with default capabilities.
        """
        sane = self._module()
        if sane is None:
            return []
        deadline = time.monotonic() + timeout_s
        with _session(sane):
            if not _device_lock.acquire(timeout=timeout_s):
                log.info("SANE busy with a scan; listing the devices found last time")
                return list(self._last_devices)
            try:
                try:
                    found = sane.get_devices()
                except Exception as exc:
                    raise map_sane_error(exc) from exc
                devices = []
                for devname, vendor, model, _kind in found:
                    label = " ".join(p for p in (vendor, model) if p and p != "Noname")
                    label = f"{label or devname} ({devname})"
                    if time.monotonic() < deadline:
                        devices.append(self._probe(sane, devname, label))
                    else:
                        devices.append(Device(backend=self.name, id=devname, label=label))
            finally:
                keep_sigpipe_ignored()
                _device_lock.release()
            self._last_devices = devices
            return devices

    def _probe(self, sane: ModuleType, devname: str, label: str) -> Device:
        try:
            dev = sane.open(devname)
        except Exception as exc:
            log.info("cannot open %s to read its capabilities: %s", devname, exc)
            return Device(backend=self.name, id=devname, label=label)
        try:
            sources = {Source.FLATBED}
            src_opt = _option(dev, "source")
            if src_opt is not None and isinstance(src_opt.constraint, list):
                names = [str(v) for v in src_opt.constraint]
                sources = {s for s in Source if _pick_source(names, s) is not None}
                sources = sources or {Source.FLATBED}
            modes = {ColorMode.GRAY, ColorMode.COLOR}
            mode_opt = _option(dev, "mode")
            if mode_opt is not None and isinstance(mode_opt.constraint, list):
                names = [str(v) for v in mode_opt.constraint]
                modes = {m for m in ColorMode if _pick_named(names, _MODE_NAMES[m]) is not None}
                if ColorMode.GRAY in modes:
                    modes.add(ColorMode.BW)  # binarised from grey by the page pipeline
            resolutions: tuple[int, ...] = (150, 200, 300)
            res_opt = _option(dev, "resolution")
            if res_opt is not None:
                resolutions = _resolutions(res_opt.constraint) or resolutions
            return Device(
                backend=self.name,
                id=devname,
                label=label,
                sources=frozenset(sources),
                modes=frozenset(modes or {ColorMode.GRAY}),
                resolutions=resolutions,
            )
        finally:
            _close(dev)

    def scan(
        self, device_id: str, settings: ScanSettings, cancel: threading.Event
    ) -> Iterator[Image.Image]:
        """Pages one by one; a feeder batch ends when the feeder is empty (after page 1).

        Raises a :class:`ScanError` subclass; :class:`Cancelled` once ``cancel`` is set (checked
        between pages; a page being read is aborted with ``sane_cancel`` and discarded).
        """
        sane = self._module()
        if sane is None:
            raise NoDevice("python-sane is not installed")
        return self._scan(sane, device_id, settings, cancel)

    def _scan(
        self,
        sane: ModuleType,
        device_id: str,
        settings: ScanSettings,
        cancel: threading.Event,
    ) -> Iterator[Image.Image]:
        with _session(sane), self._device_turn():
            if cancel.is_set():
                raise Cancelled()
            try:
                dev = sane.open(device_id)
            except Exception as exc:
                if str(exc).strip() == "Invalid argument":
                    raise NoDevice(f"SANE: no device {device_id!r}") from exc
                raise map_sane_error(exc) from exc
            watcher = _CancelWatcher(dev, cancel)
            try:
                _configure(dev, settings)
                for key, value in self.extra_options.items():
                    _set(dev, key, value)
                watcher.start()
                feeder = settings.source is not Source.FLATBED
                for done in page_slots(settings, cancel):
                    try:
                        dev.start()
                        # no_cancel: within a feeder batch sane_cancel would end the batch
                        page: Image.Image = dev.snap(no_cancel=feeder)
                    except Exception as exc:
                        keep_sigpipe_ignored()
                        if cancel.is_set():
                            raise Cancelled() from exc
                        if feeder and done > 0 and is_end_of_batch(exc):
                            return
                        raise map_sane_error(exc) from exc
                    keep_sigpipe_ignored()  # the page's reader thread has ended
                    if cancel.is_set():  # sane_cancel mid-page leaves a truncated image
                        raise Cancelled()
                    page.info["dpi"] = (settings.dpi, settings.dpi)
                    yield page
            finally:
                watcher.stop()
                _close(dev)
                keep_sigpipe_ignored()

    @contextmanager
    def _device_turn(self) -> Iterator[None]:
        """Held from open to close, also while the consumer handles a yielded page."""
        if not _device_lock.acquire(timeout=self.busy_wait_s):
            raise DeviceBusy("SANE: another scan is running in this program")
        try:
            yield
        finally:
            _device_lock.release()


class _CancelWatcher:
    """Calls ``sane_cancel`` from a helper thread as soon as the cancel event is set, so a page
    being read stops at once instead of at the next page boundary."""

    POLL_S = 0.1  # the caller's Event cannot be combined with ours; poll it

    def __init__(self, dev: Any, cancel: threading.Event) -> None:
        self._dev = dev
        self._cancel = cancel
        self._stop = threading.Event()
        self._lock = threading.Lock()  # no sane_cancel on a closed handle
        self._thread = threading.Thread(target=self._run, name="sane-cancel", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            if self._cancel.wait(self.POLL_S):
                with self._lock:
                    if not self._stop.is_set():
                        try:
                            self._dev.cancel()
                        except Exception:
                            log.debug("sane_cancel failed", exc_info=True)
                return

    def stop(self) -> None:
        # No join: after this the thread never touches the handle (checked under the lock)
        # and ends within POLL_S; joining would add that delay to every scan.
        with self._lock:
            self._stop.set()


def _close(dev: Any) -> None:
    try:
        dev.cancel()  # ends a feeder batch cleanly before closing
    except Exception:
        log.debug("sane_cancel before close failed", exc_info=True)
    try:
        dev.close()
    except Exception:
        log.debug("sane_close failed", exc_info=True)


def _option(dev: Any, name: str) -> Any | None:
    """The python-sane Option, or None when the device lacks it or it is inactive."""
    opt = dev.opt.get(name)
    if opt is None:
        return None
    try:
        if not opt.is_active() or not opt.is_settable():
            return None
    except Exception:
        return None
    return opt


def _set(dev: Any, name: str, value: object) -> bool:
    """Sets an option if the device has it; tolerant because option sets differ per device."""
    if _option(dev, name) is None:
        return False
    try:
        setattr(dev, name, value)
    except Exception as exc:
        log.info("SANE option %s=%r refused: %s", name, value, exc)
        return False
    return True


def _pick_named(names: list[str], wanted: tuple[str, ...]) -> str | None:
    lowered = {n.lower(): n for n in names}
    for w in wanted:
        if w in lowered:
            return lowered[w]
    for w in wanted:
        for low, n in lowered.items():
            if w in low:
                return n
    return None


def _pick_source(names: list[str], source: Source) -> str | None:
    for n in names:
        low = n.lower()
        is_feeder = any(k in low for k in ("adf", "feeder", "automatic document"))
        is_duplex = "duplex" in low
        if source is Source.FLATBED and ("flatbed" in low or "platen" in low):
            return n
        if source is Source.ADF and is_feeder and not is_duplex and "back" not in low:
            return n
        if source is Source.ADF_DUPLEX and is_duplex:
            return n
    return None


def _resolutions(constraint: object) -> tuple[int, ...]:
    if isinstance(constraint, list):
        return tuple(sorted({round(float(v)) for v in constraint if float(v) > 0}))
    if isinstance(constraint, tuple) and len(constraint) == 3:
        lo, hi = float(constraint[0]), float(constraint[1])
        return tuple(d for d in _STANDARD_DPI if lo <= d <= hi)
    return ()


def _nearest_resolution(constraint: object, dpi: int) -> float:
    if isinstance(constraint, list) and constraint:
        return float(min(constraint, key=lambda v: abs(float(v) - dpi)))
    if isinstance(constraint, tuple) and len(constraint) == 3:
        lo, hi = float(constraint[0]), float(constraint[1])
        return min(max(float(dpi), lo), hi)
    return float(dpi)


def _configure(dev: Any, s: ScanSettings) -> None:
    """Source, then mode, then resolution, then area: each may change the others' ranges."""
    src_opt = _option(dev, "source")
    if src_opt is not None and isinstance(src_opt.constraint, list):
        name = _pick_source([str(v) for v in src_opt.constraint], s.source)
        if name is None:
            if s.source is not Source.FLATBED:
                raise ScanError(f"SANE: no {s.source.value} source in {src_opt.constraint!r}")
        elif not _set(dev, "source", name):
            raise ScanError(f"SANE: cannot select source {name!r}")
    elif s.source is not Source.FLATBED:
        raise ScanError("SANE: the device has no document feeder")

    mode_opt = _option(dev, "mode")
    if mode_opt is not None and isinstance(mode_opt.constraint, list):
        names = [str(v) for v in mode_opt.constraint]
        # No lineart mode: scan grey and let the page pipeline binarise (adaptive threshold).
        wanted = _MODE_NAMES[s.mode] + (
            _MODE_NAMES[ColorMode.GRAY] if s.mode is ColorMode.BW else ()
        )
        mode = _pick_named(names, wanted)
        if mode is not None:
            _set(dev, "mode", mode)

    res_opt = _option(dev, "resolution")
    if res_opt is not None:
        dpi = _nearest_resolution(res_opt.constraint, s.dpi)
        _set(dev, "resolution", round(dpi) if res_opt.type == _TYPE_INT else dpi)
    else:
        for axis in ("x_resolution", "y_resolution"):
            opt = _option(dev, axis)
            if opt is not None:
                _set(dev, axis, _nearest_resolution(opt.constraint, s.dpi))

    width_mm, height_mm = s.area_mm
    for name, mm in (("page_width", width_mm), ("page_height", height_mm)):  # sheet-fed devices
        _set_length(dev, name, mm, s.dpi)
    _set_length(dev, "tl_x", 0.0, s.dpi)
    _set_length(dev, "tl_y", 0.0, s.dpi)
    _set_length(dev, "br_x", width_mm, s.dpi)
    _set_length(dev, "br_y", height_mm, s.dpi)


def _set_length(dev: Any, name: str, mm: float, dpi: int) -> None:
    """Sets a geometry option given in mm, clamped to the device's range (a flatbed smaller than
    A4 still scans all it can); converts to pixels for devices that use pixel units."""
    opt = _option(dev, name)
    if opt is None:
        return
    value: float = mm * dpi / 25.4 if opt.unit == _UNIT_PIXEL else mm
    constraint = opt.constraint
    if isinstance(constraint, tuple) and len(constraint) == 3:
        value = min(max(value, float(constraint[0])), float(constraint[1]))
    if opt.type == _TYPE_INT:
        _set(dev, name, math.floor(value))
    else:
        _set(dev, name, float(value))
