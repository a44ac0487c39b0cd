"""Named points where a test can kill the process (SIGKILL) to prove a step is atomic.

Inert unless MOTCUA_CRASH_AT names the point; reading one environment variable costs nothing
next to the fsync of the transaction around it.
"""

from __future__ import annotations

import os
import signal


def crash_point(name: str) -> None:
    if os.environ.get("MOTCUA_CRASH_AT") == name:
        kill = getattr(signal, "SIGKILL", None)
        if kill is None:  # Windows: no SIGKILL; _exit skips every cleanup just the same
            os._exit(137)
        os.kill(os.getpid(), kill)
