"""The scanner registry: available backends, device listing that never raises, lookups."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator

import pytest
from PIL import Image

from app.scanning import registry
from app.scanning.escl import EsclBackend
from app.scanning.fake import DEVICE_ID, FakeBackend
from app.scanning.types import Device, NoDevice, ScanError, ScanSettings


@pytest.fixture(autouse=True)
def _fresh_registry() -> Iterator[None]:
    registry.reset()
    yield
    registry.reset()


class Broken(FakeBackend):
    def list_devices(self, timeout_s: float = 5) -> list[Device]:
        raise ScanError("driver crashed")


class Unavailable(FakeBackend):
    def available(self) -> bool:
        return False


def only(*backends: FakeBackend) -> None:
    for name in [b.name for b in registry.backends()]:
        registry.unregister(name)
    for b in backends:
        registry.register(b)


def test_defaults_on_this_platform() -> None:
    names = [b.name for b in registry.backends()]
    assert "wia" not in names  # not Windows
    assert names[-2:] == ["escl", "file"]
    assert ("sane" in names) == registry.SaneBackend().available()
    with pytest.raises(NoDevice):
        registry.backend_for("wia")


def test_list_all_devices_skips_a_failing_backend(caplog: pytest.LogCaptureFixture) -> None:
    only(Broken(name="broken"), FakeBackend(), Unavailable(name="absent"))
    with caplog.at_level(logging.WARNING, logger="app.scanning.registry"):
        devices = registry.list_all_devices(timeout_s=1)
    assert [(d.backend, d.id) for d in devices] == [("fake", DEVICE_ID)]
    assert "broken" in caplog.text
    assert [b.name for b in registry.backends()] == ["broken", "fake"]


def test_backend_for_and_open_device() -> None:
    fake = FakeBackend([Image.new("L", (10, 10), 7)])
    registry.register(fake)
    assert registry.backend_for("fake") is fake
    device = registry.open_device("fake", DEVICE_ID)
    (page,) = device.scan(ScanSettings(), threading.Event())
    assert page.getpixel((0, 0)) == 7
    with pytest.raises(NoDevice):
        registry.open_device("twain", "x")


def test_register_replaces_by_name_and_escl_urls() -> None:
    registry.set_escl_urls(["192.168.1.20/eSCL/"])
    backend = registry.backend_for("escl")
    assert isinstance(backend, EsclBackend)
    assert backend.urls == ["http://192.168.1.20/eSCL"]
    assert [b.name for b in registry.backends()].count("escl") == 1
    registry.unregister("escl")
    with pytest.raises(NoDevice):
        registry.backend_for("escl")
