"""Keeping the diacritic-insensitive FTS5 index in step with dossiers (same transaction).

The index row's rowid is the dossier's ``local_no``, so updates touch one row by key.
"""

from __future__ import annotations

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from app.textnorm import fold
from db.models import Applicant, Dossier, Procedure


def next_local_no(session: Session) -> int:
    return int(session.scalar(select(func.coalesce(func.max(Dossier.local_no), 0))) or 0) + 1


def search_body(dossier: Dossier, applicant: Applicant, procedure: Procedure) -> str:
    parts = (
        dossier.code,
        applicant.name,
        applicant.id_number,
        applicant.phone,
        applicant.address,
        procedure.code,
        procedure.name,
    )
    return fold(" ".join(p for p in parts if p))


def index_dossier(
    session: Session, dossier: Dossier, applicant: Applicant, procedure: Procedure
) -> None:
    session.execute(text("DELETE FROM dossier_fts WHERE rowid = :n"), {"n": dossier.local_no})
    session.execute(
        text("INSERT INTO dossier_fts(rowid, body) VALUES (:n, :body)"),
        {"n": dossier.local_no, "body": search_body(dossier, applicant, procedure)},
    )


def match_expression(query: str) -> str | None:
    """'giang a pao' -> '"giang"* "a"* "pao"*' (every word, as a prefix, all required)."""
    tokens = fold(query).split()
    if not tokens:
        return None
    return " ".join(f'"{t}"*' for t in tokens)
