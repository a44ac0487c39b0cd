"""The PyInstaller bundle (LEAN=1) builds and passes its self-test (slow: about 30 s)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NAME = "motcua-desk"

pytestmark = [
    pytest.mark.frozen,
    pytest.mark.skipif(
        not (os.environ.get("MOTCUA_FROZEN") or os.environ.get("CI")),
        reason="builds the PyInstaller bundle (~30 s): set MOTCUA_FROZEN=1 (CI sets CI)",
    ),
]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("frozen")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "ERROR",
            "--distpath",
            str(out / "dist"),
            "--workpath",
            str(out / "work"),
            str(ROOT / "build.spec"),
        ],
        cwd=ROOT,
        env={**os.environ, "LEAN": "1"},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out / "dist" / NAME


def test_selftest_prints_ok(bundle: Path) -> None:
    exe = bundle / (f"{NAME}.exe" if sys.platform == "win32" else NAME)
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    proc = subprocess.run(
        [str(exe), "--selftest"],
        cwd=bundle.parent,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "OK" in proc.stdout
    assert re.fullmatch(
        r"OK platform=\S+ due=2026-11-30 09:30 pdf=\d+B backends=sane,escl,file ed25519=ok startup=\d+\n",
        proc.stdout,
    )


def test_bundle_layout(bundle: Path) -> None:
    internal = bundle / "_internal"
    versions = internal / "db" / "migrations" / "versions"
    # Alembic loads revisions by path: they must be plain .py files next to env.py.
    assert (internal / "db" / "migrations" / "env.py").is_file()
    shipped = {p.name for p in versions.glob("*.py")}
    in_tree = {p.name for p in (ROOT / "db" / "migrations" / "versions").glob("*.py")}
    assert shipped == in_tree
    for rel in (
        "resources/catalogue/procedures.json",
        "resources/calendar/makeup_days.json",
        "resources/identity/cccd_province_codes.json",
        "resources/translations/motcua_en.qm",
        "holidays/locale/vi/LC_MESSAGES/VN.mo",
    ):
        assert (internal / rel).is_file(), rel
    assert not list((internal / "resources" / "translations").glob("*.ts"))
    libs = {p.name.split(".")[0] for p in internal.rglob("*Qt6*") if p.is_file()}
    if sys.platform.startswith("linux"):
        assert "libQt6DBus" in libs  # libQt6Gui links it: never dropped
        assert not {"libQt6Quick", "libQt6Qml", "libQt6WaylandClient"} & libs
