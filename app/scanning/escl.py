"""eSCL (AirScan) network scanners: a small HTTP client of our own (scan-print.md §3–§4).

Most current HP/Canon/Epson/Brother MFPs speak eSCL, on Windows and Linux alike, so no vendor
driver is needed. The protocol is five calls: GET ScannerCapabilities, GET ScannerStatus,
POST ScanJobs (201 + Location), GET {job}/NextDocument until 404, DELETE {job}.

Devices are configured by URL (e.g. ``http://192.168.1.20/eSCL``); that URL is the device id.
Zeroconf discovery (``_uscan._tcp``) is not implemented. Every request has a timeout.
"""

from __future__ import annotations

import logging
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit
from xml.sax.saxutils import escape

import requests
from PIL import Image

from app.scanning.types import (
    Cancelled,
    ColorMode,
    CoverOpen,
    Device,
    DeviceBusy,
    DeviceOffline,
    FeederEmpty,
    PaperJam,
    ScanError,
    ScanSettings,
    Source,
    decode_page,
)

log = logging.getLogger(__name__)

SCAN_NS = "http://schemas.hp.com/imaging/escl/2011/05/03"
PWG_NS = "http://www.pwg.org/schemas/2010/12/sm"
_NS = {"scan": SCAN_NS, "pwg": PWG_NS}

ESCL_MODES = {
    "BlackAndWhite1": ColorMode.BW,
    "Grayscale8": ColorMode.GRAY,
    "RGB24": ColorMode.COLOR,
}
_MODE_TO_ESCL = {mode: name for name, mode in ESCL_MODES.items()}
_STANDARD_DPI = (75, 100, 150, 200, 300, 400, 600)
THIRDS = 300  # eSCL regions are in escl:ThreeHundredthsOfInches

# AdfState values that stop a job (Mopria eSCL spec); the rest mean "loaded" or "processing".
_ADF_ERRORS: dict[str, type[ScanError]] = {
    "ScannerAdfEmpty": FeederEmpty,
    "ScannerAdfJam": PaperJam,
    "ScannerAdfMispick": PaperJam,
    "ScannerAdfMultipickDetected": PaperJam,
    "ScannerAdfHatchOpen": CoverOpen,
}


@dataclass(frozen=True)
class InputCaps:
    """What one input source (platen, feeder, duplex feeder) can do."""

    modes: frozenset[ColorMode] = frozenset()
    resolutions: tuple[int, ...] = ()
    formats: tuple[str, ...] = ()
    max_width: int | None = None  # 1/300 inch
    max_height: int | None = None


@dataclass(frozen=True)
class EsclCapabilities:
    version: str = "2.0"
    make_and_model: str = ""
    inputs: dict[Source, InputCaps] = field(default_factory=dict)


@dataclass(frozen=True)
class EsclStatus:
    state: str = ""  # pwg:State: Idle, Processing, Testing, Stopped, Down
    adf_state: str = ""  # scan:AdfState, e.g. ScannerAdfLoaded, ScannerAdfEmpty


def _text(el: ET.Element | None, path: str) -> str:
    if el is None:
        return ""
    found = el.find(path, _NS)
    return (found.text or "").strip() if found is not None else ""


def _int(el: ET.Element, path: str) -> int | None:
    try:
        return int(_text(el, path))
    except ValueError:
        return None


def _parse_input_caps(el: ET.Element) -> InputCaps:
    names = {(m.text or "").strip() for m in el.iterfind(".//scan:ColorMode", _NS)}
    modes = {ESCL_MODES[n] for n in names if n in ESCL_MODES}  # RGB48, Grayscale16: not offered
    formats = []
    for tag in (".//pwg:DocumentFormat", ".//scan:DocumentFormatExt"):
        for f in el.iterfind(tag, _NS):
            if f.text and f.text.strip() not in formats:
                formats.append(f.text.strip())
    res: set[int] = set()
    for d in el.iterfind(".//scan:DiscreteResolution", _NS):
        x = _int(d, "scan:XResolution")
        if x:
            res.add(x)
    for r in el.iterfind(".//scan:ResolutionRange", _NS):
        lo, hi = (
            _int(r, "scan:XResolutionRange/scan:Min"),
            _int(r, "scan:XResolutionRange/scan:Max"),
        )
        if lo is not None and hi is not None:
            res.update(d for d in _STANDARD_DPI if lo <= d <= hi)
    return InputCaps(
        modes=frozenset(modes),
        resolutions=tuple(sorted(res)),
        formats=tuple(formats),
        max_width=_int(el, "scan:MaxWidth"),
        max_height=_int(el, "scan:MaxHeight"),
    )


def parse_capabilities(xml: bytes) -> EsclCapabilities:
    """Parses ``ScannerCapabilities``; unknown colour modes (RGB48, Grayscale16) are ignored."""
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as exc:
        raise ScanError(f"eSCL: bad ScannerCapabilities XML: {exc}") from exc
    inputs: dict[Source, InputCaps] = {}
    platen = root.find("scan:Platen/scan:PlatenInputCaps", _NS)
    if platen is not None:
        inputs[Source.FLATBED] = _parse_input_caps(platen)
    adf = root.find("scan:Adf", _NS)
    if adf is not None:
        simplex = adf.find("scan:AdfSimplexInputCaps", _NS)
        duplex = adf.find("scan:AdfDuplexInputCaps", _NS)
        options = {(o.text or "").strip() for o in adf.iterfind(".//scan:AdfOption", _NS)}
        if simplex is not None:
            inputs[Source.ADF] = _parse_input_caps(simplex)
        if duplex is not None:
            inputs[Source.ADF_DUPLEX] = _parse_input_caps(duplex)
        elif "Duplex" in options and simplex is not None:
            inputs[Source.ADF_DUPLEX] = inputs[Source.ADF]
    return EsclCapabilities(
        version=_text(root, "pwg:Version") or "2.0",
        make_and_model=_text(root, "pwg:MakeAndModel"),
        inputs=inputs,
    )


def parse_status(xml: bytes) -> EsclStatus:
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as exc:
        raise ScanError(f"eSCL: bad ScannerStatus XML: {exc}") from exc
    return EsclStatus(state=_text(root, "pwg:State"), adf_state=_text(root, "scan:AdfState"))


def choose_format(caps: InputCaps, mode: ColorMode) -> str:
    """PNG for black and white (lossless, binarised later), JPEG otherwise (10× less traffic)."""
    order = ("image/png", "image/jpeg") if mode is ColorMode.BW else ("image/jpeg", "image/png")
    for fmt in order:
        if fmt in caps.formats or not caps.formats:
            return fmt
    raise ScanError(f"eSCL: neither JPEG nor PNG offered ({', '.join(caps.formats)})")


def choose_mode(caps: InputCaps, mode: ColorMode) -> str:
    """The eSCL colour mode; without BlackAndWhite1 scan grey and let the pipeline binarise."""
    fallbacks = {
        ColorMode.BW: (ColorMode.BW, ColorMode.GRAY, ColorMode.COLOR),
        ColorMode.GRAY: (ColorMode.GRAY, ColorMode.COLOR),
        ColorMode.COLOR: (ColorMode.COLOR, ColorMode.GRAY),
    }[mode]
    for m in fallbacks:
        if m in caps.modes or not caps.modes:
            return _MODE_TO_ESCL[m]
    raise ScanError(f"eSCL: no usable colour mode in {sorted(caps.modes)}")


def choose_resolution(caps: InputCaps, dpi: int) -> int:
    if not caps.resolutions:
        return dpi
    return min(caps.resolutions, key=lambda r: (abs(r - dpi), -r))


def scan_settings_xml(
    settings: ScanSettings, caps: EsclCapabilities, document_format: str | None = None
) -> bytes:
    """The ``ScanSettings`` document POSTed to ScanJobs."""
    source_caps = caps.inputs.get(settings.source, InputCaps())
    mode = choose_mode(source_caps, settings.mode)
    dpi = choose_resolution(source_caps, settings.dpi)
    fmt = document_format or choose_format(source_caps, settings.mode)
    width = round(settings.area_mm[0] / 25.4 * THIRDS)
    height = round(settings.area_mm[1] / 25.4 * THIRDS)
    if source_caps.max_width:
        width = min(width, source_caps.max_width)
    if source_caps.max_height:
        height = min(height, source_caps.max_height)
    source = "Platen" if settings.source is Source.FLATBED else "Feeder"
    duplex = "<scan:Duplex>true</scan:Duplex>" if settings.source is Source.ADF_DUPLEX else ""
    ext = ""
    if _version(caps.version) >= (2, 1):
        ext = f"<scan:DocumentFormatExt>{escape(fmt)}</scan:DocumentFormatExt>"
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<scan:ScanSettings xmlns:scan="{SCAN_NS}" xmlns:pwg="{PWG_NS}">'
        f"<pwg:Version>{escape(caps.version)}</pwg:Version>"
        "<scan:Intent>Document</scan:Intent>"
        '<pwg:ScanRegions pwg:MustHonor="false"><pwg:ScanRegion>'
        "<pwg:ContentRegionUnits>escl:ThreeHundredthsOfInches</pwg:ContentRegionUnits>"
        f"<pwg:XOffset>0</pwg:XOffset><pwg:YOffset>0</pwg:YOffset>"
        f"<pwg:Width>{width}</pwg:Width><pwg:Height>{height}</pwg:Height>"
        "</pwg:ScanRegion></pwg:ScanRegions>"
        f"<pwg:InputSource>{source}</pwg:InputSource>{duplex}"
        f"<scan:ColorMode>{mode}</scan:ColorMode>"
        f"<scan:XResolution>{dpi}</scan:XResolution><scan:YResolution>{dpi}</scan:YResolution>"
        f"<pwg:DocumentFormat>{escape(fmt)}</pwg:DocumentFormat>{ext}"
        "</scan:ScanSettings>"
    ).encode()


def _version(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(p) for p in text.split("."))
    except ValueError:
        return (2, 0)


class EsclBackend:
    """eSCL scanners configured by URL. Safe to use from any worker thread."""

    name = "escl"

    def __init__(
        self,
        urls: Sequence[str] = (),
        *,
        timeout_s: float = 10.0,
        page_timeout_s: float = 120.0,
        busy_retries: int = 3,
        retry_delay_s: float = 1.0,
        session_factory: Callable[[], requests.Session] = requests.Session,
    ) -> None:
        """``timeout_s`` bounds every request except NextDocument, which waits for the page to
        be scanned (``page_timeout_s``). A NextDocument 503 ("not ready") is retried
        ``busy_retries`` times ``retry_delay_s`` apart before :class:`DeviceBusy`."""
        self.urls = [normalise_url(u) for u in urls]
        self.timeout_s = timeout_s
        self.page_timeout_s = page_timeout_s
        self.busy_retries = busy_retries
        self.retry_delay_s = retry_delay_s
        self._session_factory = session_factory

    def available(self) -> bool:
        return True  # plain HTTP: every platform

    def list_devices(self, timeout_s: float = 5) -> list[Device]:
        """The configured URLs that answer; unreachable ones are logged and left out."""
        devices = []
        for url in self.urls:
            try:
                devices.append(self.probe(url, timeout_s))
            except ScanError as exc:
                log.info("eSCL scanner %s not available: %s", url, exc)
        return devices

    def probe(self, url: str, timeout_s: float | None = None) -> Device:
        """Reads the capabilities of the scanner at ``url`` (for "add scanner by address").

        Raises:
            DeviceOffline: nothing answers at the URL.
            ScanError: it answers but not as an eSCL scanner.
        """
        url = normalise_url(url)
        with self._session_factory() as http:
            caps = self._capabilities(http, url, timeout_s or self.timeout_s)
        return device_from_capabilities(url, caps)

    def _request(
        self,
        http: requests.Session,
        method: str,
        url: str,
        timeout_s: float,
        data: bytes | None = None,
    ) -> requests.Response:
        headers = {"Content-Type": "text/xml"} if data is not None else None
        try:  # (connect, read): a dead host fails within 10 s even for a slow page
            return http.request(
                method, url, data=data, headers=headers, timeout=(min(timeout_s, 10.0), timeout_s)
            )
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise DeviceOffline(f"eSCL {method} {url}: {exc}") from exc
        except requests.RequestException as exc:
            raise ScanError(f"eSCL {method} {url}: {exc}") from exc

    def _capabilities(self, http: requests.Session, url: str, timeout_s: float) -> EsclCapabilities:
        r = self._request(http, "GET", f"{url}/ScannerCapabilities", timeout_s)
        _raise_for_status(r, "ScannerCapabilities")
        return parse_capabilities(r.content)

    def _status(self, http: requests.Session, url: str) -> EsclStatus | None:
        """The scanner status, or None when it cannot be read (it only refines errors)."""
        try:
            r = self._request(http, "GET", f"{url}/ScannerStatus", self.timeout_s)
            if r.status_code != 200:
                return None
            return parse_status(r.content)
        except ScanError as exc:
            log.info("eSCL status unavailable: %s", exc)
            return None

    def scan(
        self, device_id: str, settings: ScanSettings, cancel: threading.Event
    ) -> Iterator[Image.Image]:
        """Pages one by one until NextDocument answers 404; the job is always DELETEd.

        ``cancel`` is checked between pages (a NextDocument request in flight is not
        interrupted; it is bounded by ``page_timeout_s``).
        """
        return self._scan(normalise_url(device_id), settings, cancel)

    def _scan(
        self, url: str, settings: ScanSettings, cancel: threading.Event
    ) -> Iterator[Image.Image]:
        feeder = settings.source is not Source.FLATBED
        with self._session_factory() as http:
            if cancel.is_set():
                raise Cancelled()
            caps = self._capabilities(http, url, self.timeout_s)
            if settings.source not in caps.inputs:
                raise ScanError(f"eSCL: {url} has no {settings.source.value} input")
            if feeder:
                _raise_for_adf(self._status(http, url), pages_done=0)
            body = scan_settings_xml(settings, caps)
            dpi = choose_resolution(caps.inputs[settings.source], settings.dpi)
            r = self._request(http, "POST", f"{url}/ScanJobs", self.timeout_s, data=body)
            if r.status_code != 201 or not r.headers.get("Location"):
                if feeder and r.status_code != 503:
                    _raise_for_adf(self._status(http, url), pages_done=0)
                _raise_for_status(r, "ScanJobs")
                raise ScanError(f"eSCL ScanJobs: HTTP {r.status_code} without a job Location")
            job = job_url(url, r.headers["Location"])
            try:
                yield from self._pages(http, url, job, settings, dpi, cancel)
            finally:
                try:  # ends the job on the device (a cancelled batch, or simply tidy)
                    http.delete(job, timeout=min(self.timeout_s, 5.0))
                except requests.RequestException as exc:
                    log.info("eSCL DELETE %s failed: %s", job, exc)

    def _pages(
        self,
        http: requests.Session,
        url: str,
        job: str,
        settings: ScanSettings,
        dpi: int,
        cancel: threading.Event,
    ) -> Iterator[Image.Image]:
        feeder = settings.source is not Source.FLATBED
        limit = settings.max_pages if feeder else 1
        done = 0
        busy = 0
        while limit is None or done < limit:
            if cancel.is_set():
                raise Cancelled()
            r = self._request(http, "GET", f"{job}/NextDocument", self.page_timeout_s)
            if r.status_code == 200:
                busy = 0
                done += 1
                yield decode_page(r.content, dpi, "eSCL")
                continue
            if r.status_code == 404:  # the job has no more pages
                if done == 0:
                    if feeder:
                        _raise_for_adf(self._status(http, url), pages_done=0)
                        raise FeederEmpty("eSCL: the feeder produced no page")
                    raise ScanError("eSCL: the scanner produced no page")
                return
            if r.status_code == 503 and busy < self.busy_retries:
                busy += 1  # "not ready yet" on some devices
                if cancel.wait(self.retry_delay_s):
                    raise Cancelled()
                continue
            if feeder:
                status = self._status(http, url)
                if done > 0 and status is not None and status.adf_state == "ScannerAdfEmpty":
                    return  # the batch ended with an error reply instead of 404
                _raise_for_adf(status, pages_done=done)
            _raise_for_status(r, "NextDocument")
            raise ScanError(f"eSCL NextDocument: HTTP {r.status_code}")


def _raise_for_status(r: requests.Response, what: str) -> None:
    if r.status_code == 503:
        raise DeviceBusy(f"eSCL {what}: HTTP 503")
    if r.status_code >= 400:
        raise ScanError(f"eSCL {what}: HTTP {r.status_code}")


def _raise_for_adf(status: EsclStatus | None, *, pages_done: int) -> None:
    if status is None:
        return
    cls = _ADF_ERRORS.get(status.adf_state)
    if cls is None or (cls is FeederEmpty and pages_done > 0):
        return
    raise cls(f"eSCL AdfState {status.adf_state}")


def normalise_url(url: str) -> str:
    """``http://host:port/eSCL`` without a trailing slash; the scheme defaults to http."""
    url = url.strip().rstrip("/")
    if "://" not in url:
        url = f"http://{url}"
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ScanError(f"eSCL: not a scanner address: {url!r}")
    return url


def job_url(base: str, location: str) -> str:
    """The job URL from a Location header. Only its path is used: devices often answer with a
    host name the desk PC cannot resolve, while the configured address is known to work."""
    path = urlsplit(location).path
    root = urlsplit(base)
    return urljoin(f"{root.scheme}://{root.netloc}/", path.lstrip("/")).rstrip("/")


def device_from_capabilities(url: str, caps: EsclCapabilities) -> Device:
    modes: set[ColorMode] = set()
    resolutions: set[int] = set()
    for c in caps.inputs.values():
        modes |= c.modes
        resolutions.update(c.resolutions)
    if ColorMode.GRAY in modes:
        modes.add(ColorMode.BW)  # binarised from grey by the page pipeline
    host = urlsplit(url).hostname or url
    label = f"{caps.make_and_model} ({host})" if caps.make_and_model else url
    return Device(
        backend="escl",
        id=url,
        label=label,
        sources=frozenset(caps.inputs) or frozenset({Source.FLATBED}),
        modes=frozenset(modes) or frozenset({ColorMode.GRAY, ColorMode.COLOR}),
        resolutions=tuple(sorted(resolutions)) or (150, 200, 300),
    )
