"""FakeBackend: given or generated pages, flatbed vs feeder semantics, injected errors, delay,
cancellation; and ``page_slots``, the page loop the SANE and WIA backends share."""

from __future__ import annotations

import threading
import time

import pytest
from PIL import Image

from app.scanning.fake import DEVICE_ID, FakeBackend
from app.scanning.types import (
    Cancelled,
    ColorMode,
    DeviceBusy,
    FeederEmpty,
    NoDevice,
    PaperJam,
    ScanSettings,
    Source,
    page_slots,
)

ADF = ScanSettings(source=Source.ADF, dpi=50)


def pages(n: int) -> list[Image.Image]:
    return [Image.new("L", (20, 30), 10 * i) for i in range(n)]


def values(got: list[Image.Image]) -> list[int]:
    return [int(p.getpixel((0, 0))) for p in got]  # type: ignore[arg-type]


def scan(backend: FakeBackend, settings: ScanSettings) -> list[Image.Image]:
    return list(backend.scan(DEVICE_ID, settings, threading.Event()))


def test_feeder_yields_all_given_pages_in_order() -> None:
    backend = FakeBackend(pages(4))
    assert values(scan(backend, ADF)) == [0, 10, 20, 30]
    assert values(scan(backend, ScanSettings(source=Source.ADF, max_pages=2))) == [0, 10]
    assert backend.calls[0] == (DEVICE_ID, ADF)


def test_flatbed_gives_one_page_round_robin() -> None:
    backend = FakeBackend(pages(3))
    got = [values(scan(backend, ScanSettings()))[0] for _ in range(4)]
    assert got == [0, 10, 20, 0]


def test_given_pages_are_copies() -> None:
    original = pages(1)
    (page,) = scan(FakeBackend(original), ADF)
    page.putpixel((0, 0), 255)
    assert original[0].getpixel((0, 0)) == 0


def test_empty_feeder_and_empty_flatbed() -> None:
    with pytest.raises(FeederEmpty):
        scan(FakeBackend([]), ADF)
    (white,) = scan(FakeBackend([]), ScanSettings(dpi=50, mode=ColorMode.GRAY))
    assert white.size == (413, 585)
    assert white.getextrema() == (255, 255)


def test_generated_sample_pages() -> None:
    got = scan(FakeBackend(), ScanSettings(source=Source.ADF, dpi=40, mode=ColorMode.GRAY))
    assert len(got) == 4  # text, seal + photo, blank, skewed text
    assert all(p.mode == "L" and p.size == (331, 468) for p in got)
    (colour,) = scan(FakeBackend(), ScanSettings(dpi=40, mode=ColorMode.COLOR))
    assert colour.mode == "RGB"


def test_jam_at_page_three() -> None:
    backend = FakeBackend(pages(5), error=PaperJam, error_after=2)
    got: list[Image.Image] = []

    def consume() -> None:
        got.extend(backend.scan(DEVICE_ID, ADF, threading.Event()))

    with pytest.raises(PaperJam):
        consume()
    assert len(got) == 2
    backend.error = None  # the officer cleared the jam
    assert len(scan(backend, ADF)) == 5


def test_error_instance_before_the_first_page() -> None:
    busy = DeviceBusy("copying")
    with pytest.raises(DeviceBusy) as info:
        scan(FakeBackend(pages(1), error=busy), ScanSettings())
    assert info.value is busy


def test_unknown_device() -> None:
    with pytest.raises(NoDevice):
        FakeBackend().scan("fake:9", ScanSettings(), threading.Event())


def test_cancel_interrupts_the_delay() -> None:
    backend = FakeBackend(pages(3), delay_s=30.0)  # a very slow scanner
    cancel = threading.Event()
    page_iter = backend.scan(DEVICE_ID, ADF, cancel)
    timer = threading.Timer(0.1, cancel.set)  # the officer presses Cancel while it waits
    started = time.monotonic()
    timer.start()
    try:
        with pytest.raises(Cancelled):
            next(page_iter)
    finally:
        timer.cancel()
    assert time.monotonic() - started < 5


def test_cancel_between_pages() -> None:
    cancel = threading.Event()
    got: list[Image.Image] = []

    def consume() -> None:
        for page in FakeBackend(pages(5)).scan(DEVICE_ID, ADF, cancel):
            got.append(page)
            if len(got) == 2:
                cancel.set()

    with pytest.raises(Cancelled):
        consume()
    assert len(got) == 2


def test_page_slots_flatbed_one_feeder_up_to_max_and_cancel_before_each_page() -> None:
    never = threading.Event()
    assert list(page_slots(ScanSettings(max_pages=5), never)) == [0]  # the glass holds one page
    assert list(page_slots(ScanSettings(source=Source.ADF, max_pages=3), never)) == [0, 1, 2]
    unlimited = page_slots(ScanSettings(source=Source.ADF_DUPLEX), never)
    assert [next(unlimited) for _ in range(50)] == list(range(50))  # until the batch ends
    cancel = threading.Event()
    slots = page_slots(ADF, cancel)
    assert next(slots) == 0
    cancel.set()
    with pytest.raises(Cancelled):
        next(slots)
