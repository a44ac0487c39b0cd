"""Where the store lives, and opening it: migrate first (with a backup), then hand out sessions."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from app import __version__
from db.engine import DB_FILENAME, Store, open_store
from db.migrate import upgrade_to_head

__all__ = ["ENV_VAR", "Store", "db_path", "default_data_dir", "open_data_dir"]  # Store: for ui/

ENV_VAR = "MOTCUA_DATA_DIR"


def default_data_dir() -> Path:
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    if sys.platform == "win32":  # a local disk: WAL does not work on network shares
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
        return base / "MotCua"
    return Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "motcua"


def db_path(data_dir: Path) -> Path:
    return data_dir / DB_FILENAME


def open_data_dir(data_dir: Path) -> Store:
    """Create the directory if needed, migrate the database to head, open it."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = db_path(data_dir)
    upgrade_to_head(path, __version__)
    return open_store(path)
