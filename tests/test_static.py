"""The static checks are part of the test command: ruff, strict mypy, the layer contracts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _run(*cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)


def test_ruff() -> None:
    r = _run(str(BIN / "ruff"), "check", ".")
    assert r.returncode == 0, r.stdout + r.stderr
    r = _run(str(BIN / "ruff"), "format", "--check", ".")
    assert r.returncode == 0, r.stdout + r.stderr


def test_mypy_strict_on_app_db_sync() -> None:
    r = _run(str(BIN / "mypy"))  # files and strictness come from pyproject.toml
    assert r.returncode == 0, r.stdout + r.stderr


def test_import_contracts() -> None:
    r = _run(str(BIN / "lint-imports"))
    assert r.returncode == 0, r.stdout + r.stderr


@pytest.mark.parametrize("package", ["app", "db", "sync"])
def test_no_qt_in_lower_layers_at_runtime(package: str) -> None:
    """Importing every module of a lower layer must not load PySide6 (belt and braces)."""
    code = (
        "import importlib, pkgutil, sys\n"
        f"import {package}\n"
        f"for m in pkgutil.walk_packages({package}.__path__, '{package}.'):\n"
        "    if '.migrations' not in m.name: importlib.import_module(m.name)\n"
        "print('PySide6' in sys.modules)\n"
    )
    r = _run(sys.executable, "-c", code)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "False"
