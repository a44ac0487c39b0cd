"""Fixture: python-sane on a private SANE_CONFIG_DIR with only the ``test`` backend, sized for A4.

Use it in a test module with::

    from tests.sane_env import sane_test_config  # noqa: F401  (fixture)
    pytestmark = pytest.mark.usefixtures("sane_test_config")

SANE reads ``SANE_CONFIG_DIR`` at the first ``sane_init`` of the process and keeps that path
(sanei_config caches it; a later exit + init with another directory still reads the first).
The *files* in it are re-read at every init. So there is one directory per test session (under
pytest's base temp), set in ``os.environ`` before SANE is first initialised; each test rewrites
the files and gets a fresh ``sane_init`` (``sane_backend.shutdown()`` before and after). To use other backends for a while (sane-airscan),
rewrite the files with :func:`sane_config_files`. Skips where python-sane or the SANE test
backend is missing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
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


@contextmanager
def sane_config_files(directory: Path, files: dict[str, str]) -> Iterator[None]:
    """Temporarily replaces config files (e.g. ``{"dll.conf": "airscan\\n", "airscan.conf":
    ...}``); SANE is re-initialised on entry and on exit so the change takes effect."""
    saved = {name: (directory / name).read_text() for name in files if (directory / name).exists()}
    assert sane_backend.shutdown(), "a SANE scan is still running"
    for name, text in files.items():
        (directory / name).write_text(text)
    try:
        yield
    finally:
        assert sane_backend.shutdown(), "a SANE scan is still running"
        for name in files:
            if name in saved:
                (directory / name).write_text(saved[name])
            else:
                (directory / name).unlink()


@pytest.fixture
def sane_test_config(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """The private SANE config, freshly written and initialised for this test; yields its
    directory (the same one for the whole session: SANE keeps the first path it saw)."""
    pytest.importorskip("sane")
    if not SYSTEM_TEST_CONF.exists():
        pytest.skip("SANE test backend not installed (apt-get install sane-utils libsane-dev)")
    assert sane_backend.shutdown(), "a SANE scan from an earlier test is still running"
    directory = write_sane_config(tmp_path_factory.getbasetemp() / "sane-config")
    monkeypatch.setenv("SANE_CONFIG_DIR", str(directory))  # before this process's first sane_init
    yield directory
    assert sane_backend.shutdown(), "a SANE scan is still running at the end of the test"
