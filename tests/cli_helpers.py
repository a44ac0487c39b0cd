"""Running the installed `motcua` entry point as a separate process, as support staff would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path


def motcua_exe() -> str:
    beside = Path(sys.executable).with_name("motcua")
    found = str(beside) if beside.exists() else shutil.which("motcua")
    assert found, "the motcua entry point is not installed (pip install -e .)"
    return found


def run(
    *args: str,
    data_dir: Path | None = None,
    env: dict[str, str] | None = None,
    stdin: str | None = None,
) -> subprocess.CompletedProcess[str]:
    cmd = [motcua_exe(), *args]
    if data_dir is not None:
        cmd += ["--data-dir", str(data_dir)]
    full_env = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    return subprocess.run(
        cmd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=full_env,
        input=stdin,
        timeout=120,
        check=False,
    )
