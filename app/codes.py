"""Dossier codes `<agency>-<yyMMdd>-<NNNN>`, unique without a connection.

Device d owns NNNN = d·1000 + n, n = 1…999 per day (sync-protocol.md §3.2). The counter row is
updated in the dossier's own transaction (BEGIN IMMEDIATE), so a code is either committed with
its dossier or never existed; a crash cannot hand the same code out twice.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from app.errors import SequenceExhausted
from db.models import DossierCounter

MAX_PER_DAY = 999


def format_code(agency_code: str, day: date, device_no: int, n: int) -> str:
    return f"{agency_code}-{day:%y%m%d}-{device_no * 1000 + n:04d}"


def mint_code(session: Session, agency_code: str, device_no: int, day: date) -> str:
    counter = session.get(DossierCounter, (day, device_no))
    if counter is None:
        counter = DossierCounter(day=day, device_no=device_no, last_n=0)
        session.add(counter)
    if counter.last_n >= MAX_PER_DAY:
        raise SequenceExhausted(day.isoformat(), device_no)
    counter.last_n += 1
    return format_code(agency_code, day, device_no, counter.last_n)
