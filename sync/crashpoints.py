"""Named points where the fault harness kills the sync client (sync-protocol.md §4.2).

Inert unless ``SYNC_CRASH_AT`` names the point. ``os._exit(137)`` skips every cleanup, like a
SIGKILL: no ``finally``, no rollback, no flush, so a test sees exactly what a power cut leaves.
"""

from __future__ import annotations

import os

ENV_VAR = "SYNC_CRASH_AT"

POINTS = (
    "after_outbox_commit",  # the batch was marked 'sent' and committed; nothing sent yet
    "after_request_sent",  # the push request returned; its response is not read yet
    "after_response_before_local_commit",  # results parsed, the recording transaction open
    "mid_pull_page_apply",  # half a pull page applied inside its (uncommitted) transaction
    "after_chunk_sent",  # a blob chunk was accepted upstream; its offset is not recorded yet
    "blob_rename",  # a downloaded blob is complete and verified; not yet renamed into place
)


def crash_point(name: str) -> None:
    if os.environ.get(ENV_VAR) == name:
        os._exit(137)
