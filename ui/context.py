"""What every window and dialog of the desk needs: the store, the task runner, who is working."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

from app.accounts import UserInfo
from app.clock import Clock, system_clock
from app.datadir import Store
from app.settings import AgencyInfo
from ui.tasks import TaskRunner


class ContextSignals(QObject):
    """Signals:
    dossiers_changed(list): codes of dossiers a write just changed (lists refresh, views reload).
    user_changed(): someone logged in, logged out or the desk locked.
    synced(object): a background sync cycle changed local data (pulled changes or a refused
        change); the argument is its report. Lists refresh, open dossiers re-read their state
        and conflicts. Not emitted for local writes, so it never triggers another cycle.
    """

    dossiers_changed = Signal(list)
    user_changed = Signal()
    synced = Signal(object)


@dataclass
class AppContext:
    """Composition root handed to windows and dialogs.

    Rules: writes go through ``runner.run_db`` (the one writer thread); reads may use
    ``runner.run_io`` with their own ``store.read()`` session; widgets never touch the store
    on the GUI thread.
    """

    store: Store
    runner: TaskRunner
    agency: AgencyInfo
    user: UserInfo | None = None
    clock: Clock = system_clock
    signals: ContextSignals = field(default_factory=ContextSignals)

    @property
    def actor(self) -> str:
        """Recorded on every dossier and event."""
        return self.user.username if self.user else "?"
