"""What the engine needs from the domain to apply pulled data (implemented by app.sync_apply).

sync/ must not import app/, so the engine defines this interface and the app injects it. Every
method runs inside the engine's write transaction for the page (cursor in the same
transaction, rule 6) and must not commit.
"""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy.orm import Session

from sync import wire


class Applier(Protocol):
    def apply_dossier(self, session: Session, doc: wire.DossierDoc) -> None:
        """Upsert a dossier as the upstream holds it; the server copy replaces the local one."""
        ...

    def delete_dossier(self, session: Session, dossier_id: str) -> None: ...

    def apply_catalogue(self, session: Session, data: dict[str, Any]) -> None:
        """Import a catalogue version (received dossiers keep theirs)."""
        ...

    def apply_calendar_day(self, session: Session, data: wire.CalendarDayDoc) -> None: ...

    def delete_calendar_day(self, session: Session, day: str) -> None: ...

    def reset_scope(self, session: Session, scope: str) -> None:
        """A 410 reset of ``scope`` starts: the feed will be downloaded again from the start.
        Must not touch the outbox."""
        ...
