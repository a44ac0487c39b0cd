"""Sync test kit (sync-protocol.md §4): fault proxy, invariants I1–I7, cluster, in-process transport.

- :mod:`tests.synckit.faultproxy`: asyncio TCP proxy on 127.0.0.1 with injectable faults.
- :mod:`tests.synckit.cluster`: a real server (PostgreSQL or SQLite) plus enrolled desks that
  sync as subprocesses through their own proxies.
- :mod:`tests.synckit.invariants`: I1–I7 read from the server database and every desk's SQLite.
- :mod:`tests.synckit.inprocess`: a :class:`sync.transport.Transport` over starlette's
  TestClient with fault injection, for the Hypothesis state machine.

See docs/sync-testing.md.
"""

from __future__ import annotations

import time
from collections.abc import Callable


def wait_until(pred: Callable[[], object], timeout: float = 30.0, what: str = "") -> None:
    """Poll ``pred`` until it is truthy; AssertionError after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        if pred():
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what or pred}")
        time.sleep(0.01)
