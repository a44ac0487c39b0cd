"""A scanner that is not there: for tests, the demo and UI work without hardware.

It yields the pages it was given, or generated sample pages (app/scanning/samples.py: a
Vietnamese text page, a page with a red seal and a photo, a blank page, a text page skewed by
2°). Errors and a per-page delay can be injected, so every state of the scan dialog can be
reached (jam on page 3, empty feeder, busy device, a slow scanner to cancel).

Semantics, like a real device: a flatbed scan gives one page (the next page of the list each
time, round-robin); a feeder scan gives all pages in order; an empty list means an empty
feeder (:class:`FeederEmpty`) or, on the flatbed, a white page.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence

from PIL import Image

from app.scanning.types import (
    Cancelled,
    ColorMode,
    Device,
    FeederEmpty,
    NoDevice,
    ScanError,
    ScanSettings,
    Source,
)

DEVICE_ID = "fake:0"
DEFAULT_DEVICE = Device(
    backend="fake",
    id=DEVICE_ID,
    label="Máy quét giả lập (thử nghiệm)",
    sources=frozenset(Source),
    modes=frozenset(ColorMode),
    resolutions=(100, 150, 200, 300),
)

PageMaker = Callable[[int], Image.Image]  # dpi -> page


def sample_pages() -> list[PageMaker]:
    """The generated sample document: text, seal + photo, blank back side, skewed text."""
    from app.scanning import samples  # lazy: drawing needs fonts and numpy

    return [
        samples.text_page,
        samples.seal_page,
        samples.blank_page,
        lambda dpi: samples.text_page(dpi, skew_deg=2.0),
    ]


class FakeBackend:
    """Scriptable fake scanner. Attributes may be changed between scans (e.g. clear ``error``
    after the "jam" to let the next scan succeed).

    Attributes:
        pages: the pages to yield, or None for generated sample pages at the requested dpi.
        error: raised instead of delivering page number ``error_after`` (0: before page 1).
        error_after: how many pages are delivered before ``error`` is raised.
        delay_s: wait before each page (interrupted at once by the cancel event).
        calls: (device id, settings) of every scan() call, for assertions.
    """

    def __init__(
        self,
        pages: Sequence[Image.Image] | None = None,
        *,
        error: ScanError | type[ScanError] | None = None,
        error_after: int = 0,
        delay_s: float = 0.0,
        devices: Sequence[Device] = (DEFAULT_DEVICE,),
        name: str = "fake",
    ) -> None:
        self.name = name
        self.pages = list(pages) if pages is not None else None
        self.error = error
        self.error_after = error_after
        self.delay_s = delay_s
        self.devices = list(devices)
        self.calls: list[tuple[str, ScanSettings]] = []
        self._next_flatbed = 0
        self._lock = threading.Lock()

    def available(self) -> bool:
        return True

    def list_devices(self, timeout_s: float = 5) -> list[Device]:
        return list(self.devices)

    def scan(
        self, device_id: str, settings: ScanSettings, cancel: threading.Event
    ) -> Iterator[Image.Image]:
        with self._lock:
            self.calls.append((device_id, settings))
        if all(d.id != device_id for d in self.devices):
            raise NoDevice(f"fake: no device {device_id!r}")
        return self._scan(settings, cancel)

    def _makers(self, settings: ScanSettings) -> list[PageMaker]:
        if self.pages is None:
            return [_converted(m, settings.mode) for m in sample_pages()]
        return [_given(p) for p in self.pages]

    def _scan(self, settings: ScanSettings, cancel: threading.Event) -> Iterator[Image.Image]:
        makers = self._makers(settings)
        if settings.source is Source.FLATBED:
            if makers:
                with self._lock:
                    makers = [makers[self._next_flatbed % len(makers)]]
                    self._next_flatbed += 1
            else:
                makers = [lambda dpi: _white(settings, dpi)]
        elif settings.max_pages is not None:
            makers = makers[: settings.max_pages]
        for n, make in enumerate(makers):
            self._before_page(n, cancel)
            page = make(settings.dpi)
            page.info.setdefault("dpi", (settings.dpi, settings.dpi))
            yield page
        self._before_page(len(makers), cancel, end=True)
        if not makers:
            raise FeederEmpty("fake: no pages in the feeder")

    def _before_page(self, n: int, cancel: threading.Event, *, end: bool = False) -> None:
        if self.error is not None and n == self.error_after:
            raise self.error if isinstance(self.error, ScanError) else self.error("fake")
        if end:
            return
        if cancel.is_set():
            raise Cancelled()
        if self.delay_s and cancel.wait(self.delay_s):
            raise Cancelled()


def _given(page: Image.Image) -> PageMaker:
    return lambda _dpi: page.copy()  # the consumer may modify its page


def _converted(make: PageMaker, mode: ColorMode) -> PageMaker:
    """Samples are RGB; a grey or black-and-white scan comes back grey, like from a scanner."""
    if mode is ColorMode.COLOR:
        return make
    return lambda dpi: make(dpi).convert("L")


def _white(settings: ScanSettings, dpi: int) -> Image.Image:
    """What a flatbed gives with nothing on the glass."""
    size = (round(settings.area_mm[0] / 25.4 * dpi), round(settings.area_mm[1] / 25.4 * dpi))
    return Image.new("RGB" if settings.mode is ColorMode.COLOR else "L", size, "white")
