"""Where the read-only data files shipped with the application live.

In a source checkout (and an installed wheel run from the tree) the data is in
``<repo root>/resources``, the repo root being the parent of the ``app`` package. In a
PyInstaller bundle the data is collected next to the frozen modules: ``sys._MEIPASS`` (one-file
and one-dir builds), which for one-dir builds of PyInstaller >= 6 is
``Path(sys.executable).parent / "_internal"``.
"""

from __future__ import annotations

import sys
from pathlib import Path

_REPO_ROOT = Path(__file__).resolve().parent.parent


def _root() -> Path:
    if getattr(sys, "frozen", False):
        meipass = getattr(sys, "_MEIPASS", None)
        if isinstance(meipass, str) and meipass:
            return Path(meipass)
        internal = Path(sys.executable).resolve().parent / "_internal"
        if internal.is_dir():
            return internal
        return Path(sys.executable).resolve().parent
    return _REPO_ROOT


def resource_path(*parts: str) -> Path:
    """``<root>/resources/<parts...>``; the file is not required to exist."""
    return _root().joinpath("resources", *parts)
