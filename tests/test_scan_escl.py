"""EsclBackend against the fake eSCL scanner (tests/escl_fake.py), and SANE reaching the same
fake through sane-airscan when that backend is installed."""

from __future__ import annotations

import glob
import os
import socket
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from app.scanning import sane_backend
from app.scanning.escl import (
    EsclBackend,
    EsclCapabilities,
    InputCaps,
    job_url,
    normalise_url,
    parse_capabilities,
    parse_status,
    scan_settings_xml,
)
from app.scanning.types import (
    Cancelled,
    ColorMode,
    CoverOpen,
    DeviceBusy,
    DeviceOffline,
    FeederEmpty,
    PaperJam,
    ScanError,
    ScanSettings,
    Source,
)
from tests.escl_fake import PWG_NS, SCAN_NS, FakeEscl
from tests.sane_env import sane_config_files, sane_test_config  # noqa: F401

FEEDER = ScanSettings(source=Source.ADF, mode=ColorMode.GRAY, dpi=75)


def scan_all(url: str, settings: ScanSettings, **kw: float) -> list[Image.Image]:
    return list(EsclBackend(**kw).scan(url, settings, threading.Event()))  # type: ignore[arg-type]


def test_capabilities_are_parsed() -> None:
    with FakeEscl(modes=("Grayscale8", "RGB24", "RGB48")) as fake:
        caps = parse_capabilities(fake.capabilities_xml())
    assert caps.make_and_model == "Fake eSCL Scanner"
    assert set(caps.inputs) == {Source.FLATBED, Source.ADF, Source.ADF_DUPLEX}
    platen = caps.inputs[Source.FLATBED]
    assert platen.modes == {ColorMode.GRAY, ColorMode.COLOR}  # RGB48 is not offered
    assert platen.resolutions == (75, 100, 150, 200, 300, 600)
    assert {"image/jpeg", "image/png"} <= set(platen.formats)
    assert (platen.max_width, platen.max_height) == (2550, 4200)


def test_resolution_ranges_and_duplex_option() -> None:
    xml = f"""<scan:ScannerCapabilities xmlns:scan="{SCAN_NS}" xmlns:pwg="{PWG_NS}">
      <pwg:Version>2.0</pwg:Version>
      <scan:Adf><scan:AdfSimplexInputCaps><scan:SettingProfiles><scan:SettingProfile>
        <scan:ColorModes><scan:ColorMode>Grayscale8</scan:ColorMode></scan:ColorModes>
        <scan:SupportedResolutions><scan:ResolutionRange>
          <scan:XResolutionRange><scan:Min>100</scan:Min><scan:Max>300</scan:Max>
          <scan:Step>1</scan:Step></scan:XResolutionRange>
        </scan:ResolutionRange></scan:SupportedResolutions>
      </scan:SettingProfile></scan:SettingProfiles></scan:AdfSimplexInputCaps>
      <scan:AdfOptions><scan:AdfOption>Duplex</scan:AdfOption></scan:AdfOptions></scan:Adf>
    </scan:ScannerCapabilities>""".encode()
    caps = parse_capabilities(xml)
    assert set(caps.inputs) == {Source.ADF, Source.ADF_DUPLEX}
    assert caps.inputs[Source.ADF].resolutions == (100, 150, 200, 300)


def test_status_is_parsed() -> None:
    with FakeEscl(adf_state="ScannerAdfJam") as fake:
        status = parse_status(fake.status_xml())
    assert (status.state, status.adf_state) == ("Idle", "ScannerAdfJam")


def test_scan_settings_document() -> None:
    caps = EsclCapabilities(
        version="2.63",
        inputs={
            Source.ADF: InputCaps(
                modes=frozenset({ColorMode.GRAY, ColorMode.COLOR}),
                resolutions=(150, 300),
                formats=("image/jpeg", "image/png"),
                max_width=2550,
                max_height=3300,
            )
        },
    )
    xml = scan_settings_xml(ScanSettings(source=Source.ADF, mode=ColorMode.BW, dpi=200), caps)
    root = ET.fromstring(xml)
    v = {el.tag.split("}")[-1]: (el.text or "") for el in root.iter()}
    assert v["InputSource"] == "Feeder"
    assert v["ContentRegionUnits"] == "escl:ThreeHundredthsOfInches"
    assert v["Width"] == "2480"  # 210 mm
    assert v["Height"] == "3300"  # 297 mm = 3508, clamped to the device's letter-size maximum
    assert v["ColorMode"] == "Grayscale8"  # no BlackAndWhite1: grey, binarised later
    assert v["XResolution"] == v["YResolution"] == "150"  # nearest offered
    assert v["DocumentFormat"] == v["DocumentFormatExt"] == "image/png"
    assert "Duplex" not in v


def test_urls() -> None:
    assert normalise_url(" 192.168.1.20/eSCL/ ") == "http://192.168.1.20/eSCL"
    with pytest.raises(ScanError):
        normalise_url("ftp://x/eSCL")
    # Only the path of Location counts: devices often name a host the PC cannot resolve.
    assert (
        job_url("http://10.0.0.5:8080/eSCL", "http://NPI12345.local/eSCL/ScanJobs/7/")
        == "http://10.0.0.5:8080/eSCL/ScanJobs/7"
    )
    assert job_url("http://10.0.0.5/eSCL", "/eSCL/ScanJobs/8") == "http://10.0.0.5/eSCL/ScanJobs/8"


def test_list_devices_skips_unreachable_urls(scanner: FakeEscl, closed_port: int) -> None:
    backend = EsclBackend([scanner.url, f"http://127.0.0.1:{closed_port}/eSCL"], timeout_s=2)
    (dev,) = backend.list_devices()
    assert dev.backend == "escl"
    assert dev.id == scanner.url
    assert dev.label == "Fake eSCL Scanner (127.0.0.1)"
    assert dev.sources == {Source.FLATBED, Source.ADF, Source.ADF_DUPLEX}
    assert dev.modes == {ColorMode.BW, ColorMode.GRAY, ColorMode.COLOR}
    assert 200 in dev.resolutions


def test_flatbed_colour_jpeg(scanner: FakeEscl) -> None:
    settings = ScanSettings(source=Source.FLATBED, mode=ColorMode.COLOR, dpi=100)
    (page,) = scan_all(scanner.url, settings)
    assert page.mode == "RGB"
    assert page.size == (826, 1169)  # 2480 x 3508 thirds at 100 dpi, as the fake computes
    assert page.info["dpi"] == (100, 100)
    (job,) = scanner.jobs
    assert job.settings["InputSource"] == "Platen"
    assert job.settings["ColorMode"] == "RGB24"
    assert job.settings["DocumentFormatExt"] == "image/jpeg"
    assert job.deleted


def test_bw_asks_for_png(scanner: FakeEscl) -> None:
    (page,) = scan_all(scanner.url, ScanSettings(mode=ColorMode.BW, dpi=75))
    assert scanner.jobs[0].settings["DocumentFormat"] == "image/png"
    assert scanner.jobs[0].settings["ColorMode"] == "BlackAndWhite1"
    assert page.mode == "1"


def test_feeder_batch_until_404(scanner: FakeEscl) -> None:
    scanner.pages = 5
    pages = scan_all(scanner.url, FEEDER)
    assert len(pages) == 5
    assert all(p.mode == "L" for p in pages)
    assert pages[0].tobytes() != pages[1].tobytes()  # distinct pages, in order
    (job,) = scanner.jobs
    assert job.settings["InputSource"] == "Feeder"
    assert job.settings["ColorMode"] == "Grayscale8"
    assert job.deleted
    methods = [m for m, p in scanner.requests if "NextDocument" in p]
    assert len(methods) == 6  # five pages, then the 404


def test_duplex_and_max_pages(scanner: FakeEscl) -> None:
    settings = ScanSettings(source=Source.ADF_DUPLEX, dpi=75, max_pages=2)
    assert len(scan_all(scanner.url, settings)) == 2
    (job,) = scanner.jobs
    assert job.settings["Duplex"] == "true"
    assert job.deleted


def test_busy_is_device_busy(scanner: FakeEscl) -> None:
    scanner.busy = True
    with pytest.raises(DeviceBusy) as info:
        scan_all(scanner.url, ScanSettings(dpi=75))
    assert info.value.code == "busy"
    assert scanner.jobs == []


@pytest.mark.parametrize(
    ("adf_state", "error"),
    [
        ("ScannerAdfEmpty", FeederEmpty),
        ("ScannerAdfJam", PaperJam),
        ("ScannerAdfHatchOpen", CoverOpen),
    ],
)
def test_adf_state_before_the_job(
    scanner: FakeEscl, adf_state: str, error: type[ScanError]
) -> None:
    scanner.adf_state = adf_state
    with pytest.raises(error):
        scan_all(scanner.url, FEEDER)
    assert scanner.jobs == []  # refused before any job was created


def test_adf_state_does_not_matter_for_the_platen(scanner: FakeEscl) -> None:
    scanner.adf_state = "ScannerAdfEmpty"
    assert len(scan_all(scanner.url, ScanSettings(dpi=75))) == 1


def test_empty_feeder_without_status_is_feeder_empty(scanner: FakeEscl) -> None:
    scanner.pages = 0  # the job is accepted but yields nothing
    with pytest.raises(FeederEmpty):
        scan_all(scanner.url, FEEDER)
    assert scanner.jobs[0].deleted


def test_jam_mid_batch(scanner: FakeEscl) -> None:
    scanner.pages, scanner.jam_after = 5, 2
    got: list[Image.Image] = []

    def consume() -> None:
        got.extend(EsclBackend().scan(scanner.url, FEEDER, threading.Event()))

    with pytest.raises(PaperJam):
        consume()
    assert len(got) == 2
    assert scanner.jobs[0].deleted


def test_offline_when_nothing_listens(closed_port: int) -> None:
    url = f"http://127.0.0.1:{closed_port}/eSCL"
    with pytest.raises(DeviceOffline) as info:
        scan_all(url, ScanSettings(), timeout_s=2)
    assert info.value.message_vi.startswith("Không kết nối được máy quét")
    with pytest.raises(DeviceOffline):
        EsclBackend(timeout_s=2).probe(url)


def test_offline_on_timeout(scanner: FakeEscl) -> None:
    scanner.page_delay_s = 2.0
    with pytest.raises(DeviceOffline):
        scan_all(scanner.url, ScanSettings(dpi=75), page_timeout_s=0.3)


def test_cancel_deletes_the_job(scanner: FakeEscl) -> None:
    scanner.pages = 5
    cancel = threading.Event()
    got: list[Image.Image] = []

    def consume() -> None:
        for page in EsclBackend().scan(scanner.url, FEEDER, cancel):
            got.append(page)
            cancel.set()

    with pytest.raises(Cancelled):
        consume()
    assert len(got) == 1
    (job,) = scanner.jobs
    assert job.deleted
    assert job.pages_served == 1
    assert scanner.requests[-1] == ("DELETE", "/eSCL/ScanJobs/1")


def test_cancel_before_start_sends_nothing(scanner: FakeEscl) -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        list(EsclBackend().scan(scanner.url, FEEDER, cancel))
    assert scanner.requests == []


AIRSCAN = glob.glob("/usr/lib/*/sane/libsane-airscan.so*") + glob.glob(
    "/usr/lib/sane/libsane-airscan.so*"
)


@pytest.mark.skipif(not AIRSCAN, reason="sane-airscan not installed")
@pytest.mark.usefixtures("sane_test_config")
def test_sane_reaches_the_fake_through_airscan(scanner: FakeEscl) -> None:
    airscan = {
        "dll.conf": "airscan\n",
        "airscan.conf": f'[devices]\n"Fake eSCL" = {scanner.url}, escl\n'
        "[options]\ndiscovery = disable\n",
    }
    with sane_config_files(Path(os.environ["SANE_CONFIG_DIR"]), airscan):
        backend = sane_backend.SaneBackend()
        (dev,) = backend.list_devices()
        assert dev.id.startswith("airscan:")
        assert Source.ADF in dev.sources
        settings = ScanSettings(source=Source.ADF, dpi=100)
        pages = list(backend.scan(dev.id, settings, threading.Event()))
        assert len(pages) == 3
        assert all(p.mode == "L" for p in pages)
        settings = ScanSettings(mode=ColorMode.COLOR, dpi=75)
        (page,) = backend.scan(dev.id, settings, threading.Event())
        assert page.mode == "RGB"
    assert [j.settings["InputSource"] for j in scanner.jobs] == ["Feeder", "Platen"]


@pytest.fixture
def scanner() -> Iterator[FakeEscl]:
    with FakeEscl() as fake:
        yield fake


@pytest.fixture
def closed_port() -> int:
    """A local port nobody listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
