"""Writing a rendered PDF to disk atomically: a reader (the printer spooler, a PDF viewer, a
sync of the folder) never sees half a file, and a failed write leaves the old file in place."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from app.errors import InvalidInput


def write_pdf(path: Path, data: bytes, *, field: str = "out") -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder + rename."""
    target = path.expanduser()
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise InvalidInput(field, "is_dir", f"{field}: {target} là một thư mục, cần tên tệp PDF")
    if not folder.is_dir():
        raise InvalidInput(field, "no_folder", f"{field}: thư mục {folder} không tồn tại")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise InvalidInput(
            field, "unwritable", f"{field}: không ghi được vào {folder}: {exc}"
        ) from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            if hasattr(os, "fchmod"):  # mkstemp makes 0600; a printed form is not a secret
                os.fchmod(fh.fileno(), 0o644)
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise InvalidInput(
            field, "unwritable", f"{field}: không ghi được {target}: {exc}"
        ) from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return target
