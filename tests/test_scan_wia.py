"""WiaBackend with fake COM objects: the WIA Automation object model (DeviceManager, DeviceInfos,
Items, Properties, Transfer) as plain Python classes, and COM errors carrying HRESULTs the way
comtypes raises them. Real hardware is not covered (docs/scanning.md)."""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from typing import Any

import pytest
from PIL import Image

from app.scanning.types import (
    Cancelled,
    ColorMode,
    CoverOpen,
    DeviceBusy,
    DeviceOffline,
    FeederEmpty,
    NoDevice,
    PaperJam,
    ScanError,
    ScanSettings,
    Source,
)
from app.scanning.wia import (
    FORMAT_BMP,
    WiaBackend,
    hresult_of,
    map_com_error,
)


def signed(code: int) -> int:
    """HRESULTs arrive from comtypes as signed 32-bit ints."""
    return code - (1 << 32) if code & 0x80000000 else code


PAPER_EMPTY, JAM, BUSY, OFFLINE = 0x80210003, 0x80210002, 0x80210006, 0x80210005


class FakeCOMError(Exception):
    """Shaped like comtypes.COMError: args (hresult, text, details), attribute hresult."""

    def __init__(self, hresult: int, text: str = "", details: tuple[Any, ...] = ()) -> None:
        super().__init__(signed(hresult), text, details)
        self.hresult = signed(hresult)
        self.details = details


def dispatch_error(code: int) -> FakeCOMError:
    """What IDispatch::Invoke gives: DISP_E_EXCEPTION, the real code in EXCEPINFO.scode."""
    return FakeCOMError(0x80020009, "Exception occurred.", ("", "WIA", None, 0, signed(code)))


class Prop:
    def __init__(self, pid: int, name: str, value: object, hi: int | None = None) -> None:
        self.PropertyID, self.Name, self._value = pid, name, value
        self.SubTypeMin = 0 if hi is not None else None
        self.SubTypeMax = hi
        self.refuse = False
        self.history: list[object] = []

    @property
    def Value(self) -> object:  # noqa: N802  (COM names)
        return self._value

    @Value.setter
    def Value(self, v: object) -> None:  # noqa: N802
        if self.refuse:
            raise FakeCOMError(0x80070057, "The parameter is incorrect.")
        self.history.append(v)
        self._value = v


class Collection:
    def __init__(self, items: Sequence[Any]) -> None:
        self._items = list(items)

    @property
    def Count(self) -> int:  # noqa: N802
        return len(self._items)

    def Item(self, index: int) -> Any:  # noqa: N802  (1-based, like COM)
        return self._items[index - 1]


class FileData:
    def __init__(self, data: bytes) -> None:
        self.BinaryData = tuple(data)  # a SAFEARRAY of bytes arrives as a tuple of ints


class ImageFile:
    def __init__(self, data: bytes) -> None:
        self.FileData = FileData(data)


def bmp(size: tuple[int, int], mode: str = "L") -> bytes:
    buf = io.BytesIO()
    Image.new(mode, size, 200).save(buf, "BMP")
    return buf.getvalue()


class ScanItem:
    """The scanner's item; Transfer() plays a script of pages and errors."""

    def __init__(self, script: list[bytes | Exception], name: str = "Flatbed") -> None:
        self.script = script
        self.formats: list[str] = []
        self.Properties = Collection(
            [
                Prop(4098, "Item Name", name),
                Prop(4103, "Data Type", 3),
                Prop(6146, "Current Intent", 0),
                Prop(6147, "Horizontal Resolution", 150, hi=1200),
                Prop(6148, "Vertical Resolution", 150, hi=1200),
                Prop(6149, "Horizontal Start Position", 0, hi=2550),
                Prop(6150, "Vertical Start Position", 0, hi=3508),
                Prop(6151, "Horizontal Extent", 100, hi=2550),  # letter width at 300 dpi
                Prop(6152, "Vertical Extent", 100, hi=3508),
            ]
        )

    def prop(self, pid: int) -> Prop:
        return next(p for p in self.Properties._items if p.PropertyID == pid)

    def Transfer(self, fmt: str) -> ImageFile:  # noqa: N802
        self.formats.append(fmt)
        step = self.script.pop(0) if self.script else FakeCOMError(PAPER_EMPTY)
        if isinstance(step, Exception):
            raise step
        return ImageFile(step)


class WiaDevice:
    def __init__(self, item: ScanItem, handling_caps: int = 3) -> None:
        self.item = item
        self.Items = Collection([item])
        self.Properties = Collection(
            [
                Prop(3086, "Document Handling Capabilities", handling_caps),
                Prop(3088, "Document Handling Select", 2),
                Prop(3096, "Pages", 0),
            ]
        )

    def prop(self, pid: int) -> Prop:
        return next(p for p in self.Properties._items if p.PropertyID == pid)


class DeviceInfo:
    def __init__(self, dev_id: str, name: str, device: WiaDevice | Exception, kind: int = 1):
        self.DeviceID, self.Type, self._device = dev_id, kind, device
        self.Properties = Collection([Prop(7, "Name", name)])

    def Connect(self) -> WiaDevice:  # noqa: N802
        if isinstance(self._device, Exception):
            raise self._device
        return self._device


class Manager:
    def __init__(self, *infos: DeviceInfo) -> None:
        self.DeviceInfos = Collection(infos)


DEV_ID = "{6BDD1FC6-810F-11D0-BEC7-08002BE2092F}\\0001"


def backend_with(device: WiaDevice | Exception) -> WiaBackend:
    manager = Manager(
        DeviceInfo("{camera}\\0002", "Webcam", Exception("never connected"), kind=2),
        DeviceInfo(DEV_ID, "Canon LiDE 300", device),
    )
    return WiaBackend(device_manager=lambda: manager, com_error=FakeCOMError)


def scan_all(backend: WiaBackend, settings: ScanSettings) -> list[Image.Image]:
    return list(backend.scan(DEV_ID, settings, threading.Event()))


def test_not_available_off_windows_without_injection() -> None:
    assert WiaBackend().available() is False
    assert WiaBackend().list_devices() == []
    with pytest.raises(NoDevice):
        WiaBackend().scan("x", ScanSettings(), threading.Event())


@pytest.mark.parametrize(
    "exc",
    [
        FakeCOMError(PAPER_EMPTY),
        dispatch_error(PAPER_EMPTY),
        OSError(signed(PAPER_EMPTY), "pywin32-like"),
    ],
)
def test_hresult_of(exc: Exception) -> None:
    assert hresult_of(exc) == PAPER_EMPTY


def test_hresult_of_pywin32_excepinfo() -> None:
    class ComError(Exception):
        def __init__(self) -> None:
            super().__init__(signed(0x80020009), "Exception occurred.", None, None)
            self.hresult = signed(0x80020009)
            self.excepinfo = (0, "WIA", "Paper empty", None, 0, signed(JAM))

    assert hresult_of(ComError()) == JAM
    assert hresult_of(ValueError("no code")) is None


@pytest.mark.parametrize(
    ("code", "error"),
    [
        (PAPER_EMPTY, FeederEmpty),
        (JAM, PaperJam),
        (BUSY, DeviceBusy),
        (OFFLINE, DeviceOffline),
        (0x80210016, CoverOpen),
        (0x80210001, ScanError),  # WIA_ERROR_GENERAL_ERROR
        (0x80004005, ScanError),  # E_FAIL
    ],
)
def test_error_table(code: int, error: type[ScanError]) -> None:
    mapped = map_com_error(FakeCOMError(code))
    assert type(mapped) is error
    assert f"0x{code:08X}" in str(mapped)


def test_list_devices_scanners_only_with_sources() -> None:
    backend = backend_with(WiaDevice(ScanItem([]), handling_caps=1 | 2 | 4))
    (dev,) = backend.list_devices()
    assert (dev.backend, dev.id, dev.label) == ("wia", DEV_ID, "Canon LiDE 300")
    assert dev.sources == {Source.FLATBED, Source.ADF, Source.ADF_DUPLEX}


def test_flatbed_sets_properties_and_yields_one_page() -> None:
    item = ScanItem([bmp((300, 400)), bmp((300, 400))])
    device = WiaDevice(item)
    settings = ScanSettings(source=Source.FLATBED, mode=ColorMode.GRAY, dpi=200)
    (page,) = scan_all(backend_with(device), settings)
    assert page.size == (300, 400)
    assert page.mode == "L"
    assert page.info["dpi"] == (200, 200)
    assert item.formats == [FORMAT_BMP]
    assert device.prop(3088).Value == 2  # flatbed
    assert item.prop(6146).Value == 2  # grayscale intent
    assert item.prop(4103).Value == 2  # WIA_DATA_GRAYSCALE
    assert item.prop(6147).Value == item.prop(6148).Value == 200
    assert item.prop(6151).Value == 1654  # 210 mm at 200 dpi
    assert item.prop(6152).Value == 2339


def test_extent_is_clamped_to_the_bed() -> None:
    item = ScanItem([bmp((10, 10))])
    scan_all(backend_with(WiaDevice(item)), ScanSettings(dpi=600))
    assert item.prop(6151).Value == 2550


def test_refused_property_is_tolerated() -> None:
    item = ScanItem([bmp((10, 10))])
    item.prop(6146).refuse = True
    assert len(scan_all(backend_with(WiaDevice(item)), ScanSettings())) == 1


def test_feeder_batch_ends_at_paper_empty() -> None:
    item = ScanItem([bmp((30, 40)) for _ in range(4)] + [dispatch_error(PAPER_EMPTY)])
    device = WiaDevice(item)
    pages = scan_all(backend_with(device), ScanSettings(source=Source.ADF, mode=ColorMode.COLOR))
    assert len(pages) == 4
    assert device.prop(3088).Value == 1  # feeder
    assert device.prop(3096).Value == 1  # one page per Transfer
    assert item.prop(4103).Value == 3  # colour


def test_duplex_and_max_pages() -> None:
    item = ScanItem([bmp((30, 40)) for _ in range(6)])
    device = WiaDevice(item, handling_caps=7)
    settings = ScanSettings(source=Source.ADF_DUPLEX, max_pages=2)
    assert len(scan_all(backend_with(device), settings)) == 2
    assert device.prop(3088).Value == 5  # feeder | duplex


def test_feeder_empty_before_the_first_page() -> None:
    item = ScanItem([FakeCOMError(PAPER_EMPTY)])
    with pytest.raises(FeederEmpty):
        scan_all(backend_with(WiaDevice(item)), ScanSettings(source=Source.ADF))


def test_jam_mid_batch_keeps_the_pages_before() -> None:
    item = ScanItem([bmp((30, 40)), bmp((30, 40)), FakeCOMError(JAM)])
    got: list[Image.Image] = []

    def consume() -> None:
        got.extend(
            backend_with(WiaDevice(item)).scan(
                DEV_ID, ScanSettings(source=Source.ADF), threading.Event()
            )
        )

    with pytest.raises(PaperJam):
        consume()
    assert len(got) == 2


def test_busy_on_connect_and_offline_on_transfer() -> None:
    with pytest.raises(DeviceBusy):
        scan_all(backend_with(dispatch_error(BUSY)), ScanSettings())
    item = ScanItem([FakeCOMError(OFFLINE)])
    with pytest.raises(DeviceOffline):
        scan_all(backend_with(WiaDevice(item)), ScanSettings())


def test_unknown_device() -> None:
    backend = backend_with(WiaDevice(ScanItem([])))
    with pytest.raises(NoDevice):
        list(backend.scan("{nope}", ScanSettings(), threading.Event()))


def test_cancel_between_pages() -> None:
    item = ScanItem([bmp((30, 40)) for _ in range(5)])
    cancel = threading.Event()
    got: list[Image.Image] = []

    def consume() -> None:
        for page in backend_with(WiaDevice(item)).scan(
            DEV_ID, ScanSettings(source=Source.ADF), cancel
        ):
            got.append(page)
            cancel.set()

    with pytest.raises(Cancelled):
        consume()
    assert len(got) == 1
    assert len(item.script) == 4  # no further Transfer after the cancel


def test_feeder_request_on_a_flatbed_only_device() -> None:
    device = WiaDevice(ScanItem([bmp((10, 10))]), handling_caps=2)
    device.prop(3088).refuse = True
    with pytest.raises(ScanError, match="cannot select"):
        scan_all(backend_with(device), ScanSettings(source=Source.ADF))
