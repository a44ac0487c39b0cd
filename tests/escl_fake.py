"""A fake eSCL (AirScan) scanner on 127.0.0.1 for tests (scan-print.md §5.3).

Usage::

    from tests.escl_fake import FakeEscl

    with FakeEscl(pages=3) as scanner:          # starts on a free port, stops on exit
        backend = EsclBackend([scanner.url])    # scanner.url == "http://127.0.0.1:<port>/eSCL"
        ...
        assert scanner.jobs[0].deleted

or the pytest fixture ``escl_scanner`` (``from tests.escl_fake import escl_scanner``), which
yields a running ``FakeEscl()`` whose knobs a test changes before scanning.

Knobs (plain attributes, may be changed while the server runs):
    pages:        pages in the feeder for each feeder job (a platen job always has one page).
    busy:         POST ScanJobs answers 503 (the device is busy with another job).
    adf_state:    the ``scan:AdfState`` ScannerStatus reports, e.g. "ScannerAdfEmpty".
    jam_after:    after this many pages of a feeder job NextDocument answers 500 and
                  ``adf_state`` becomes "ScannerAdfJam".
    page_delay_s: the server waits this long before each page (a slow scanner).
    has_adf:      advertise a feeder (and duplex) in the capabilities.

Records: ``jobs`` (one :class:`FakeJob` per accepted POST: parsed settings, pages served,
deleted), ``requests`` (method, path). NextDocument answers in the format the client asked for
(image/png or image/jpeg): sane-airscan rejects anything else. Works for our client and for
sane-airscan (`airscan.conf`: ``"Fake" = <url>, escl`` and ``discovery = disable``).
"""

from __future__ import annotations

import io
import sys
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from PIL import Image, ImageDraw

SCAN_NS = "http://schemas.hp.com/imaging/escl/2011/05/03"
PWG_NS = "http://www.pwg.org/schemas/2010/12/sm"
NS = {"scan": SCAN_NS, "pwg": PWG_NS}
FORMATS = ("image/jpeg", "image/png", "application/pdf")
RESOLUTIONS = (75, 100, 150, 200, 300, 600)
MAX_WIDTH, MAX_HEIGHT = 2550, 4200  # 1/300 inch: 8.5 x 14 in (legal), wider than A4


@dataclass
class FakeJob:
    id: int
    settings: dict[str, str]  # InputSource, ColorMode, XResolution, DocumentFormat, Width, ...
    pages_served: int = 0
    deleted: bool = False

    @property
    def feeder(self) -> bool:
        return self.settings.get("InputSource") == "Feeder"


def _input_caps(modes: tuple[str, ...]) -> str:
    res = "".join(
        f"<scan:DiscreteResolution><scan:XResolution>{r}</scan:XResolution>"
        f"<scan:YResolution>{r}</scan:YResolution></scan:DiscreteResolution>"
        for r in RESOLUTIONS
    )
    fmts = "".join(f"<pwg:DocumentFormat>{f}</pwg:DocumentFormat>" for f in FORMATS)
    fmts += "".join(f"<scan:DocumentFormatExt>{f}</scan:DocumentFormatExt>" for f in FORMATS)
    return (
        "<scan:MinWidth>16</scan:MinWidth>"
        f"<scan:MaxWidth>{MAX_WIDTH}</scan:MaxWidth>"
        "<scan:MinHeight>16</scan:MinHeight>"
        f"<scan:MaxHeight>{MAX_HEIGHT}</scan:MaxHeight>"
        "<scan:MaxScanRegions>1</scan:MaxScanRegions>"
        "<scan:SettingProfiles><scan:SettingProfile>"
        "<scan:ColorModes>"
        + "".join(f"<scan:ColorMode>{m}</scan:ColorMode>" for m in modes)
        + "</scan:ColorModes>"
        f"<scan:DocumentFormats>{fmts}</scan:DocumentFormats>"
        f"<scan:SupportedResolutions><scan:DiscreteResolutions>{res}"
        "</scan:DiscreteResolutions></scan:SupportedResolutions>"
        "</scan:SettingProfile></scan:SettingProfiles>"
        "<scan:SupportedIntents><scan:Intent>Document</scan:Intent>"
        "<scan:Intent>Photo</scan:Intent></scan:SupportedIntents>"
    )


class FakeEscl:
    """A running fake eSCL scanner; see the module docstring for knobs and records."""

    def __init__(
        self,
        *,
        pages: int = 3,
        busy: bool = False,
        adf_state: str = "ScannerAdfLoaded",
        jam_after: int | None = None,
        page_delay_s: float = 0.0,
        has_adf: bool = True,
        modes: tuple[str, ...] = ("BlackAndWhite1", "Grayscale8", "RGB24"),
        make_and_model: str = "Fake eSCL Scanner",
    ) -> None:
        self.pages = pages
        self.busy = busy
        self.adf_state = adf_state
        self.jam_after = jam_after
        self.page_delay_s = page_delay_s
        self.has_adf = has_adf
        self.modes = modes
        self.make_and_model = make_and_model
        self.jobs: list[FakeJob] = []
        self.requests: list[tuple[str, str]] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> FakeEscl:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._stopping.clear()
        self._server = _Server(("127.0.0.1", 0), handler)
        self._thread = threading.Thread(  # short poll: stop() returns within 50 ms
            target=self._server.serve_forever, args=(0.05,), name="fake-escl", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # ends a slow page's wait at once
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join()

    def __enter__(self) -> FakeEscl:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None, "not started"
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/eSCL"

    # -- documents ---------------------------------------------------------------------------

    def capabilities_xml(self) -> bytes:
        adf = ""
        if self.has_adf:
            caps = _input_caps(self.modes)
            adf = (
                f"<scan:Adf><scan:AdfSimplexInputCaps>{caps}</scan:AdfSimplexInputCaps>"
                f"<scan:AdfDuplexInputCaps>{caps}</scan:AdfDuplexInputCaps>"
                "<scan:FeederCapacity>50</scan:FeederCapacity>"
                "<scan:AdfOptions><scan:AdfOption>DetectPaperLoaded</scan:AdfOption>"
                "<scan:AdfOption>Duplex</scan:AdfOption></scan:AdfOptions></scan:Adf>"
            )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<scan:ScannerCapabilities xmlns:scan="{SCAN_NS}" xmlns:pwg="{PWG_NS}">'
            "<pwg:Version>2.63</pwg:Version>"
            f"<pwg:MakeAndModel>{self.make_and_model}</pwg:MakeAndModel>"
            "<pwg:SerialNumber>FAKE0001</pwg:SerialNumber>"
            "<scan:UUID>4509a320-00a0-008f-00b6-002507510eca</scan:UUID>"
            f"<scan:Platen><scan:PlatenInputCaps>{_input_caps(self.modes)}"
            "</scan:PlatenInputCaps></scan:Platen>"
            f"{adf}"
            "</scan:ScannerCapabilities>"
        ).encode()

    def status_xml(self) -> bytes:
        with self._lock:
            active = [j for j in self.jobs if not j.deleted]
        state = "Processing" if self.busy or active else "Idle"
        adf = f"<scan:AdfState>{self.adf_state}</scan:AdfState>" if self.has_adf else ""
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<scan:ScannerStatus xmlns:scan="{SCAN_NS}" xmlns:pwg="{PWG_NS}">'
            f"<pwg:Version>2.63</pwg:Version><pwg:State>{state}</pwg:State>{adf}"
            "</scan:ScannerStatus>"
        ).encode()

    def render_page(self, job: FakeJob) -> tuple[bytes, str]:
        """The next page of ``job``, encoded in the format the client asked for."""
        s = job.settings
        dpi = int(s.get("XResolution", "200"))
        width = int(s.get("Width", "2480")) * dpi // 300
        height = int(s.get("Height", "3508")) * dpi // 300
        mode = {"RGB24": "RGB", "Grayscale8": "L", "BlackAndWhite1": "1"}.get(
            s.get("ColorMode", ""), "L"
        )
        img = Image.new(mode, (max(width, 1), max(height, 1)), "white")
        draw = ImageDraw.Draw(img)
        n = job.pages_served + 1  # a bar whose height tells the pages apart
        draw.rectangle((width // 10, height // 10, width // 5, height // 10 + n * 10), fill="black")
        if mode == "RGB":
            draw.ellipse((width // 2, height // 2, width // 2 + 40, height // 2 + 40), fill="red")
        fmt = s.get("DocumentFormatExt") or s.get("DocumentFormat") or "image/jpeg"
        buf = io.BytesIO()
        if fmt == "image/png":
            img.save(buf, "PNG")
        else:
            fmt = "image/jpeg"
            (img if mode != "1" else img.convert("L")).save(buf, "JPEG", quality=80)
        return buf.getvalue(), fmt


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that gave up (timeout test, cancelled scan) closes the socket mid-reply.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    fake: FakeEscl
    protocol_version = "HTTP/1.1"  # keep-alive, like real devices; every reply has a length

    def log_message(self, format: str, *args: Any) -> None:
        pass  # requests are recorded in fake.requests instead

    def _reply(self, code: int, body: bytes = b"", ctype: str = "text/xml", **headers: str) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(body)

    def _record(self) -> str:
        path = self.path.split("?", 1)[0].rstrip("/")
        with self.fake._lock:
            self.fake.requests.append((self.command, path))
        return path

    def _job(self, path: str) -> FakeJob | None:
        parts = path.split("/")
        try:
            i = parts.index("ScanJobs")
            job_id = int(parts[i + 1])
        except (ValueError, IndexError):
            return None
        with self.fake._lock:
            return next((j for j in self.fake.jobs if j.id == job_id), None)

    def do_GET(self) -> None:
        path = self._record()
        fake = self.fake
        if path == "/eSCL/ScannerCapabilities":
            self._reply(200, fake.capabilities_xml())
        elif path == "/eSCL/ScannerStatus":
            self._reply(200, fake.status_xml())
        elif path.endswith("/NextDocument"):
            self._next_document(path)
        else:
            self._reply(404)

    def _next_document(self, path: str) -> None:
        fake = self.fake
        job = self._job(path)
        if job is None or job.deleted:
            self._reply(404)
            return
        total = fake.pages if job.feeder else 1
        if job.feeder and fake.jam_after is not None and job.pages_served >= fake.jam_after:
            fake.adf_state = "ScannerAdfJam"
            self._reply(500)
            return
        if job.pages_served >= total:
            if job.feeder:
                fake.adf_state = "ScannerAdfEmpty"
            self._reply(404)
            return
        if fake.page_delay_s:
            fake._stopping.wait(fake.page_delay_s)  # the scanner is "scanning"
        body, ctype = fake.render_page(job)
        job.pages_served += 1
        self._reply(200, body, ctype)

    def do_POST(self) -> None:
        path = self._record()
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        fake = self.fake
        if path != "/eSCL/ScanJobs":
            self._reply(404)
            return
        if fake.busy:
            self._reply(503)
            return
        try:
            root = ET.fromstring(body)
        except ET.ParseError:
            self._reply(400)
            return
        settings = {el.tag.split("}")[-1]: (el.text or "").strip() for el in root.iter()}
        with fake._lock:
            job = FakeJob(id=len(fake.jobs) + 1, settings=settings)
            fake.jobs.append(job)
        self._reply(201, Location=f"http://127.0.0.1:{fake.port}/eSCL/ScanJobs/{job.id}")

    def do_DELETE(self) -> None:
        path = self._record()
        job = self._job(path)
        if job is None or job.deleted:
            self._reply(404)
            return
        job.deleted = True
        self._reply(200)


@pytest.fixture
def escl_scanner() -> Iterator[FakeEscl]:
    """A running fake eSCL scanner with default knobs (3 feeder pages, idle, loaded)."""
    with FakeEscl() as scanner:
        yield scanner


__all__ = ["FakeEscl", "FakeJob", "escl_scanner"]
