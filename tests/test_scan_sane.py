"""SaneBackend against the SANE ``test`` device (scan-print.md §5.1–5.2): A4 flatbed, a 10-page
feeder batch, the typed errors of §4, cancellation. Each scan opens a fresh handle, so the test
device's feeder count (it spans sources) never leaks from one test into another."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from PIL import Image

from app.scanning import sane_backend
from app.scanning.sane_backend import SaneBackend
from app.scanning.types import (
    Cancelled,
    ColorMode,
    CoverOpen,
    DeviceBusy,
    FeederEmpty,
    NoDevice,
    PaperJam,
    ScanError,
    ScanSettings,
    Source,
)
from tests.sane_env import sane_test_config  # noqa: F401  (fixture)

pytestmark = pytest.mark.usefixtures("sane_test_config")

ADF = ScanSettings(source=Source.ADF, mode=ColorMode.GRAY, dpi=50)
# Injected errors use a page smaller than a pipe buffer (64 KB): with a bigger one the test
# backend's reader thread blocks writing, and sane_cancel can then hang for good (seen about
# once in a few hundred bare python-sane scans; none in 1,000 with this size).
SMALL = (20.0, 20.0)


def TestDevice(**options: object) -> SaneBackend:  # noqa: N802  (reads like a class)
    """The real backend plus the test device's own knobs (picture, injected status)."""
    return SaneBackend(extra_options=options)


def scan_all(backend: SaneBackend, settings: ScanSettings) -> list[Image.Image]:
    return list(backend.scan("test:0", settings, threading.Event()))


def test_available_and_lists_the_test_devices() -> None:
    backend = SaneBackend()
    assert backend.available()
    devices = backend.list_devices()
    assert [d.id for d in devices] == ["test:0", "test:1"]
    dev = devices[0]
    assert dev.backend == "sane"
    assert dev.sources == {Source.FLATBED, Source.ADF}
    assert {ColorMode.GRAY, ColorMode.COLOR} <= dev.modes
    assert {150, 200, 300} <= set(dev.resolutions)


def test_flatbed_gives_one_a4_page_at_the_dpi() -> None:
    pages = scan_all(
        TestDevice(test_picture="Color pattern"),
        ScanSettings(source=Source.FLATBED, mode=ColorMode.COLOR, dpi=100),
    )
    assert len(pages) == 1
    page = pages[0]
    assert page.mode == "RGB"
    # 210 x 297 mm at 100 dpi = 827 x 1169 px (±1 px for rounding in the backend)
    assert abs(page.width - 827) <= 1
    assert abs(page.height - 1169) <= 1
    assert page.info["dpi"] == (100, 100)


def test_grey_mode_and_smaller_area() -> None:
    (page,) = scan_all(
        SaneBackend(), ScanSettings(mode=ColorMode.GRAY, dpi=150, area_mm=(85.6, 54.0))
    )
    assert page.mode == "L"
    assert abs(page.width - round(85.6 / 25.4 * 150)) <= 1
    assert abs(page.height - round(54.0 / 25.4 * 150)) <= 1


def test_bw_falls_back_to_grey_when_the_device_has_no_lineart() -> None:
    (page,) = scan_all(SaneBackend(), ScanSettings(mode=ColorMode.BW, dpi=50))
    assert page.mode == "L"


def test_feeder_batch_ends_normally_after_ten_pages() -> None:
    pages = scan_all(TestDevice(test_picture="Grid"), ADF)
    assert len(pages) == 10
    assert all(p.mode == "L" and p.size == pages[0].size for p in pages)


def test_max_pages_stops_the_batch_early() -> None:
    pages = scan_all(SaneBackend(), ScanSettings(source=Source.ADF, dpi=50, max_pages=3))
    assert len(pages) == 3


def test_feeder_empty_before_the_first_page() -> None:
    with pytest.raises(FeederEmpty) as info:
        scan_all(
            TestDevice(read_return_value="SANE_STATUS_NO_DOCS"),
            ScanSettings(source=Source.ADF, dpi=50, area_mm=SMALL),
        )
    assert info.value.message_vi.startswith("Khay nạp giấy đã hết giấy")


@pytest.mark.parametrize(
    ("status", "error"),
    [
        ("SANE_STATUS_JAMMED", PaperJam),
        ("SANE_STATUS_COVER_OPEN", CoverOpen),
        ("SANE_STATUS_DEVICE_BUSY", DeviceBusy),
        ("SANE_STATUS_CANCELLED", Cancelled),
    ],
)
@pytest.mark.parametrize("source", [Source.FLATBED, Source.ADF])
def test_status_maps_to_typed_error(status: str, error: type[ScanError], source: Source) -> None:
    with pytest.raises(error):
        scan_all(
            TestDevice(read_return_value=status),
            ScanSettings(source=source, dpi=50, area_mm=SMALL),
        )


def test_other_failures_are_plain_scan_errors() -> None:
    with pytest.raises(ScanError) as info:
        scan_all(
            TestDevice(read_return_value="SANE_STATUS_IO_ERROR"),
            ScanSettings(dpi=50, area_mm=SMALL),
        )
    assert type(info.value) is ScanError
    assert "Error during device I/O" in str(info.value)


def test_unknown_device_is_no_device() -> None:
    with pytest.raises(NoDevice):
        list(SaneBackend().scan("nosuch:0", ScanSettings(), threading.Event()))


def test_cancel_between_pages_stops_the_batch() -> None:
    cancel = threading.Event()
    got: list[Image.Image] = []

    def consume() -> None:
        for page in SaneBackend().scan("test:0", ADF, cancel):
            got.append(page)
            if len(got) == 3:
                cancel.set()

    with pytest.raises(Cancelled):
        consume()
    assert len(got) == 3


def test_cancel_aborts_a_page_being_read() -> None:
    """sane_cancel from the watcher thread interrupts a slow read; the partial page is dropped."""
    backend = TestDevice(
        read_limit=True, read_limit_size=1000, read_delay=True, read_delay_duration=50_000
    )  # about 25 s for one 100 dpi page unless cancelled
    cancel = threading.Event()
    pages = backend.scan("test:0", ScanSettings(dpi=100), cancel)
    # Set while the scan is (most likely) blocked inside sane_read; if it fires earlier the
    # scan is cancelled before starting, which the elapsed-time check still accepts.
    timer = threading.Timer(0.2, cancel.set)
    started = time.monotonic()
    timer.start()
    try:
        with pytest.raises(Cancelled):
            next(pages)
    finally:
        timer.cancel()
    assert time.monotonic() - started < 10, "the read was not aborted by sane_cancel"


def test_abandoned_iterator_releases_the_device() -> None:
    backend = SaneBackend()
    pages: Iterator[Image.Image] = backend.scan("test:0", ADF, threading.Event())
    next(pages)
    pages.close()  # type: ignore[attr-defined]  # a generator
    # The device is closed and SANE idle: shutdown succeeds at once.
    assert sane_backend.shutdown(timeout_s=0)


def test_a_second_scan_waits_its_turn_then_is_busy() -> None:
    """One SANE scan at a time per process (the test backend hangs on two): a scan started
    while another is suspended mid-batch gets DeviceBusy; the listing falls back to its cache."""
    backend = SaneBackend(busy_wait_s=0.2)
    devices = backend.list_devices()
    first = backend.scan("test:0", ADF, threading.Event())
    next(first)  # the first batch now holds the device lock
    with ThreadPoolExecutor(max_workers=2) as pool:
        second = pool.submit(lambda: list(backend.scan("test:1", ADF, threading.Event())))
        with pytest.raises(DeviceBusy):
            second.result(timeout=60)
        assert pool.submit(backend.list_devices, 0.2).result(timeout=60) == devices
        assert len(list(first)) == 9
        # The first batch is done: scans on pool threads work again, one after the other.
        third = pool.submit(lambda: list(backend.scan("test:1", ADF, threading.Event())))
        assert len(third.result(timeout=60)) == 10


def test_sigpipe_stays_ignored_after_a_scan() -> None:
    """sanei_thread resets SIGPIPE to SIG_DFL after reading a page; a later write to a closed
    socket would kill the process (it did: the eSCL timeout test died with exit code 141)."""
    scan_all(SaneBackend(), ADF)
    assert sane_backend.keep_sigpipe_ignored() in (None, 1)  # 1: it was still SIG_IGN
