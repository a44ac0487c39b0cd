"""Fixture: python-sane on a private SANE_CONFIG_DIR with only the ``test`` backend, sized for A4.

Import the fixture into a test module (``from tests.sane_env import sane_test_config``) or list
this module in ``pytest_plugins``. The config is written before SANE is (re)initialised, because
``sane_init`` reads ``SANE_CONFIG_DIR`` once (dev-environment.md §6); SANE is shut down again
afterwards so the next test or config starts clean. Skips where python-sane or the SANE test
backend is missing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.scanning import sane_backend

SYSTEM_TEST_CONF = Path("/etc/sane.d/test.conf")
# The test device's geometry maximum is 200 mm: widen it so A4 fits (scan-print.md §5.1).
A4 = {"geometry_max": "300.0", "br_x": "210.0", "br_y": "297.0", "resolution": "200.0"}


def write_sane_config(directory: Path) -> Path:
    """Writes dll.conf (only ``test``) and an A4 test.conf into ``directory``."""
    conf = SYSTEM_TEST_CONF.read_text()
    for key, value in A4.items():
        conf, n = re.subn(rf"^{key} .*$", f"{key} {value}", conf, flags=re.MULTILINE)
        assert n == 1, f"{key} not found in {SYSTEM_TEST_CONF}"
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "dll.conf").write_text("test\n")
    (directory / "test.conf").write_text(conf)
    return directory


@pytest.fixture
def sane_test_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private SANE config in ``os.environ``; yields its directory."""
    pytest.importorskip("sane")
    if not SYSTEM_TEST_CONF.exists():
        pytest.skip("SANE test backend not installed (apt-get install sane-utils libsane-dev)")
    assert sane_backend.shutdown(), "a SANE scan from an earlier test is still running"
    monkeypatch.setenv("SANE_CONFIG_DIR", str(write_sane_config(tmp_path / "sane")))
    yield tmp_path / "sane"
    assert sane_backend.shutdown(), "a SANE scan is still running at the end of the test"
