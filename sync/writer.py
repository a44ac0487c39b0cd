"""Where the sync engine's store writes run: an injectable :class:`Writer`.

The desk has ONE writer thread for its database (``ui.tasks.TaskRunner.db_pool``). The sync
engine does its network work on its own worker thread, but every write transaction it opens
goes through a ``Writer``: ``writer(fn)`` runs ``fn(session)`` inside one
``with store.write.begin() as session`` block and returns its result (an exception raised by
``fn`` rolls the transaction back and propagates to the caller). The desk injects a writer that
runs that block on its writer thread and waits for it (``app.sync_service.writer_via``);
headless runs (``motcua sync``, tests) use :func:`inline_writer`, which runs it in the calling
thread.

``fn`` must not let ORM objects escape (return plain values) and must not block on anything
but the database: the desk's writer thread is shared with every user action.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

from sqlalchemy.orm import Session

from db.engine import Store

T = TypeVar("T")


class Writer(Protocol):
    """Runs ``fn`` inside one write transaction of the store and returns its result."""

    def __call__(self, fn: Callable[[Session], T]) -> T: ...


class InlineWriter:
    """The default writer: the transaction runs in the calling thread."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def __call__(self, fn: Callable[[Session], T]) -> T:
        with self.store.write.begin() as session:
            return fn(session)


def inline_writer(store: Store) -> Writer:
    return InlineWriter(store)
