"""Windows scanners through the WIA Automation Layer (``WIA.DeviceManager``, wiaaut.dll) and
comtypes.

UNTESTED ON REAL HARDWARE. This module is written against Microsoft's documented WIA Automation
API and tested only on Linux with fake COM objects (tests/test_scan_wia.py); check it on a real
office PC with a flatbed and a feeder scanner before relying on it (docs/scanning.md).

The COM device manager is injected (``device_manager=``), so everything except the two lines
that create the real one runs under test. HRESULTs map to the typed errors of scan-print.md §4.
"""

from __future__ import annotations

import importlib
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any

from PIL import Image

from app.scanning.types import (
    Cancelled,
    ColorMode,
    CoverOpen,
    Device,
    DeviceBusy,
    DeviceOffline,
    FeederEmpty,
    NoDevice,
    PaperJam,
    ScanError,
    ScanSettings,
    Source,
    decode_page,
    page_slots,
)

log = logging.getLogger(__name__)

# Property ids (wiadef.h). WIA_DPS_PAGES = WIA_DPS_FIRST + 22 (scan-print.md §3 marks the offset
# as unverified; NAPS2 uses the same value).
WIA_DPS_DOCUMENT_HANDLING_CAPABILITIES = 3086
WIA_DPS_DOCUMENT_HANDLING_SELECT = 3088
WIA_DPS_PAGES = 3096
WIA_IPA_ITEM_NAME = 4098
WIA_IPA_DATATYPE = 4103
WIA_IPS_CUR_INTENT = 6146
WIA_IPS_XRES = 6147
WIA_IPS_YRES = 6148
WIA_IPS_XPOS = 6149
WIA_IPS_YPOS = 6150
WIA_IPS_XEXTENT = 6151
WIA_IPS_YEXTENT = 6152

FEEDER, FLATBED, DUPLEX = 1, 2, 4  # WIA_DPS_DOCUMENT_HANDLING_SELECT / _CAPABILITIES bits
SCANNER_DEVICE_TYPE = 1  # WiaDeviceType.ScannerDeviceType
_INTENT = {ColorMode.COLOR: 1, ColorMode.GRAY: 2, ColorMode.BW: 4}  # WIA_INTENT_IMAGE_TYPE_*
_DATATYPE = {ColorMode.COLOR: 3, ColorMode.GRAY: 2, ColorMode.BW: 0}  # WIA_DATA_*

FORMAT_BMP = "{B96B3CAB-0728-11D3-9D7B-0000F81EF32E}"
FORMAT_JPEG = "{B96B3CAE-0728-11D3-9D7B-0000F81EF32E}"
FORMAT_PNG = "{B96B3CAF-0728-11D3-9D7B-0000F81EF32E}"

WIA_ERROR_PAPER_JAM = 0x80210002
WIA_ERROR_PAPER_EMPTY = 0x80210003
WIA_ERROR_OFFLINE = 0x80210005
WIA_ERROR_BUSY = 0x80210006
WIA_ERROR_WARMING_UP = 0x80210007
WIA_ERROR_DEVICE_COMMUNICATION = 0x8021000A
WIA_S_NO_DEVICE_AVAILABLE = 0x80210015
WIA_ERROR_COVER_OPEN = 0x80210016
DISP_E_EXCEPTION = 0x80020009  # IDispatch wraps the driver's HRESULT in EXCEPINFO.scode

_HRESULT_ERRORS: dict[int, type[ScanError]] = {
    WIA_ERROR_PAPER_EMPTY: FeederEmpty,
    WIA_ERROR_PAPER_JAM: PaperJam,
    WIA_ERROR_BUSY: DeviceBusy,
    WIA_ERROR_WARMING_UP: DeviceBusy,  # "wait a moment and retry" fits
    WIA_ERROR_OFFLINE: DeviceOffline,
    WIA_ERROR_DEVICE_COMMUNICATION: DeviceOffline,
    WIA_ERROR_COVER_OPEN: CoverOpen,
    WIA_S_NO_DEVICE_AVAILABLE: NoDevice,
}


def hresult_of(exc: BaseException) -> int | None:
    """The unsigned HRESULT of a COM error (comtypes ``COMError`` or pywin32 ``com_error``).

    Through IDispatch the driver's code arrives wrapped as DISP_E_EXCEPTION with the real code
    in EXCEPINFO.scode: comtypes puts it last in ``details``, pywin32 at ``excepinfo[5]``.
    """
    code = getattr(exc, "hresult", None)
    if not isinstance(code, int) and exc.args and isinstance(exc.args[0], int):
        code = exc.args[0]
    if not isinstance(code, int):
        return None
    code &= 0xFFFFFFFF
    if code == DISP_E_EXCEPTION:
        details = getattr(exc, "details", None)
        if details is None and len(exc.args) > 2:
            details = exc.args[2]
        excepinfo = getattr(exc, "excepinfo", None)
        for info, pos in ((details, -1), (excepinfo, 5)):
            if isinstance(info, tuple) and len(info) > max(pos, 0):
                scode = info[pos]
                if isinstance(scode, int) and scode:
                    return scode & 0xFFFFFFFF
    return code


def map_com_error(exc: BaseException) -> ScanError:
    code = hresult_of(exc)
    cls = _HRESULT_ERRORS.get(code, ScanError) if code is not None else ScanError
    shown = f"0x{code:08X}" if code is not None else type(exc).__name__
    return cls(f"WIA {shown}: {exc}")


def _items(collection: Any) -> Iterator[Any]:
    """A WIA collection (1-based ``Item(i)``, ``Count``), as comtypes exposes it."""
    for i in range(1, int(collection.Count) + 1):
        yield collection.Item(i)


def _prop(owner: Any, prop_id: int) -> Any | None:
    """Looks a property up by PropertyID (names are not guaranteed across drivers)."""
    for p in _items(owner.Properties):
        if int(p.PropertyID) == prop_id:
            return p
    return None


class WiaBackend:
    """Windows scanners via WIA 2.0's Automation Layer. Untested on real hardware."""

    name = "wia"

    def __init__(
        self,
        device_manager: Callable[[], Any] | None = None,
        com_error: type[BaseException] | None = None,
        image_format: str = FORMAT_BMP,
    ) -> None:
        """Args:
        device_manager: returns a ``WIA.DeviceManager`` (tests pass fakes); default: comtypes.
        com_error: the exception type COM calls raise (default ``comtypes.COMError``).
        image_format: Transfer format GUID; BMP is the one every driver supports.
        """
        self._device_manager = device_manager
        self._com_error = com_error
        self.image_format = image_format

    def available(self) -> bool:
        if self._device_manager is not None:
            return True
        if os.name != "nt":  # (not sys.platform: mypy would call the rest unreachable)
            return False
        try:
            importlib.import_module("comtypes.client")
        except Exception:  # ImportError, or a broken COM registration
            return False
        return True

    # -- COM plumbing ------------------------------------------------------------------------

    def _error_type(self) -> type[BaseException]:
        if self._com_error is None:
            self._com_error = importlib.import_module("comtypes").COMError
        return self._com_error

    def _apartment(self) -> AbstractContextManager[None]:
        """COM must be initialised on every thread that uses it; scans run on worker threads."""
        if self._device_manager is not None:
            return nullcontext()
        return _com_apartment()

    def _manager(self) -> Any:
        if self._device_manager is not None:
            return self._device_manager()
        client = importlib.import_module("comtypes.client")
        return client.CreateObject("WIA.DeviceManager")

    # -- enumeration -------------------------------------------------------------------------

    def list_devices(self, timeout_s: float = 5) -> list[Device]:
        """WIA scanners; capabilities come from connecting to each (skipped after timeout_s)."""
        if not self.available():
            return []
        deadline = time.monotonic() + timeout_s
        err = self._error_type()
        with self._apartment():
            try:
                infos = list(_items(self._manager().DeviceInfos))
            except err as exc:
                raise map_com_error(exc) from exc
            devices = []
            for info in infos:
                try:
                    if int(info.Type) != SCANNER_DEVICE_TYPE:
                        continue
                    dev_id = str(info.DeviceID)
                    name = _prop_by_name(info, "Name")
                    label = str(name.Value) if name is not None else dev_id
                except err as exc:
                    log.info("WIA device skipped: %s", map_com_error(exc))
                    continue
                sources = frozenset({Source.FLATBED})
                if time.monotonic() < deadline:
                    sources = self._sources(info, err)
                devices.append(
                    Device(
                        backend=self.name,
                        id=dev_id,
                        label=label,
                        sources=sources,
                        modes=frozenset(ColorMode),
                        resolutions=(150, 200, 300),
                    )
                )
            return devices

    def _sources(self, info: Any, err: type[BaseException]) -> frozenset[Source]:
        try:
            caps = _prop(info.Connect(), WIA_DPS_DOCUMENT_HANDLING_CAPABILITIES)
            bits = int(caps.Value) if caps is not None else FLATBED
        except err as exc:
            log.info("WIA capabilities unavailable: %s", map_com_error(exc))
            return frozenset({Source.FLATBED})
        sources = set()
        if bits & FLATBED or not bits & FEEDER:
            sources.add(Source.FLATBED)
        if bits & FEEDER:
            sources.add(Source.ADF)
        if bits & DUPLEX:
            sources.add(Source.ADF_DUPLEX)
        return frozenset(sources)

    # -- scanning ----------------------------------------------------------------------------

    def scan(
        self, device_id: str, settings: ScanSettings, cancel: threading.Event
    ) -> Iterator[Image.Image]:
        """Pages one by one; a feeder batch ends at WIA_ERROR_PAPER_EMPTY after page 1.

        ``cancel`` is checked between pages (a Transfer in progress cannot be interrupted
        through the Automation Layer).
        """
        if not self.available():
            raise NoDevice("WIA is only available on Windows")
        return self._scan(device_id, settings, cancel)

    def _scan(
        self, device_id: str, settings: ScanSettings, cancel: threading.Event
    ) -> Iterator[Image.Image]:
        err = self._error_type()
        with self._apartment():
            if cancel.is_set():
                raise Cancelled()
            try:
                device = self._connect(device_id)
                item = _configure(device, settings, err)
            except err as exc:
                raise map_com_error(exc) from exc
            for done in page_slots(settings, cancel):
                try:
                    image_file = item.Transfer(self.image_format)
                    data = bytes(image_file.FileData.BinaryData)
                except err as exc:
                    mapped = map_com_error(exc)
                    if isinstance(mapped, FeederEmpty) and done > 0:
                        return  # the normal end of a feeder batch
                    raise mapped from exc
                yield decode_page(data, settings.dpi, "WIA")

    def _connect(self, device_id: str) -> Any:
        for info in _items(self._manager().DeviceInfos):
            if str(info.DeviceID) == device_id:
                return info.Connect()
        raise NoDevice(f"WIA: no device {device_id!r}")


def _prop_by_name(owner: Any, name: str) -> Any | None:
    for p in _items(owner.Properties):
        if str(p.Name) == name:
            return p
    return None


def _set(owner: Any, prop_id: int, value: int, err: type[BaseException]) -> bool:
    """Sets a property if present, clamped to its range; drivers differ, so failures are logged
    and skipped (except the document handling selection, checked by the caller)."""
    p = _prop(owner, prop_id)
    if p is None:
        return False
    try:
        lo, hi = getattr(p, "SubTypeMin", None), getattr(p, "SubTypeMax", None)
        if isinstance(hi, int) and hi > 0:
            value = min(value, hi)
        if isinstance(lo, int):
            value = max(value, lo)
    except err:
        pass  # not a range property
    try:
        p.Value = value
    except err as exc:
        log.info("WIA property %d=%r refused: %s", prop_id, value, map_com_error(exc))
        return False
    return True


def _pick_item(device: Any, source: Source) -> Any:
    """The scan item: WIA 2.0 drivers may list Flatbed and Feeder items separately."""
    items = list(_items(device.Items))
    if not items:
        raise ScanError("WIA: the device has no scan item")
    want = "flatbed" if source is Source.FLATBED else "feeder"
    for item in items:
        name = _prop(item, WIA_IPA_ITEM_NAME)
        if name is not None and want in str(name.Value).lower():
            return item
    return items[0]


def _configure(device: Any, s: ScanSettings, err: type[BaseException]) -> Any:
    select = {Source.FLATBED: FLATBED, Source.ADF: FEEDER, Source.ADF_DUPLEX: FEEDER | DUPLEX}
    has_select = _prop(device, WIA_DPS_DOCUMENT_HANDLING_SELECT) is not None
    if has_select:
        selected = _set(device, WIA_DPS_DOCUMENT_HANDLING_SELECT, select[s.source], err)
        if not selected and s.source is not Source.FLATBED:
            raise ScanError(f"WIA: cannot select the {s.source.value} source")
        _set(device, WIA_DPS_PAGES, 1, err)  # one page per Transfer: yield as they come
    item = _pick_item(device, s.source)
    if not has_select and s.source is not Source.FLATBED:
        name = _prop(item, WIA_IPA_ITEM_NAME)
        if name is None or "feeder" not in str(name.Value).lower():
            raise ScanError("WIA: the device has no document feeder")
    _set(item, WIA_IPS_CUR_INTENT, _INTENT[s.mode], err)
    _set(item, WIA_IPA_DATATYPE, _DATATYPE[s.mode], err)
    _set(item, WIA_IPS_XRES, s.dpi, err)
    _set(item, WIA_IPS_YRES, s.dpi, err)
    _set(item, WIA_IPS_XPOS, 0, err)
    _set(item, WIA_IPS_YPOS, 0, err)
    _set(item, WIA_IPS_XEXTENT, round(s.area_mm[0] / 25.4 * s.dpi), err)  # pixels
    _set(item, WIA_IPS_YEXTENT, round(s.area_mm[1] / 25.4 * s.dpi), err)
    return item


@contextmanager
def _com_apartment() -> Iterator[None]:  # Windows only
    comtypes = importlib.import_module("comtypes")
    comtypes.CoInitializeEx(comtypes.COINIT_APARTMENTTHREADED)
    try:
        yield
    finally:
        comtypes.CoUninitialize()
