"""The day's desk lists and reminder marks."""

from __future__ import annotations

from datetime import UTC, datetime

from app.desk import DeskList, counts, find_applicant, list_ids, rows_by_local_no
from app.dossiers import transition
from app.intake import parse_intake, receive_dossier
from app.lifecycle import State
from db.engine import Store
from tests.conftest import fixed_clock, intake_json


def receive(store: Store, procedure: str, received: str, cccd: str = "010095001234") -> str:
    req = parse_intake(
        intake_json(
            procedure=procedure,
            received_at=received,
            applicant={"name": "Giàng A Páo", "id_number": cccd},
        )
    )
    return receive_dossier(store, req, actor="cb", clock=fixed_clock).code


def at_local(y: int, m: int, d: int, hh: int, mm: int) -> datetime:
    return datetime(y, m, d, hh - 7, mm, tzinfo=UTC)


def test_lists_and_flags(store: Store) -> None:
    same_day = receive(store, "1.001193", "2026-11-25 09:00")  # due 25/11 17:00
    three_days = receive(store, "1.004873", "2026-11-25 09:00")  # due 30/11 09:00
    old = receive(store, "1.004873", "2026-11-16 09:00")  # due 19/11 09:00: overdue
    waiting = receive(store, "1.004873", "2026-11-23 08:00")
    transition(
        store,
        waiting,
        State.SUPPLEMENT_REQUESTED,
        actor="cb",
        reason="Thiếu giấy",
        detail={"missing": ["Tờ khai"]},
        clock=fixed_clock,
    )
    now = lambda: at_local(2026, 11, 25, 10, 0)  # noqa: E731

    c = counts(store, clock=now)
    assert c[DeskList.DUE_TODAY] == 1
    assert c[DeskList.OVERDUE] == 1
    assert c[DeskList.SUPPLEMENT] == 1
    assert c[DeskList.RECEIVED_TODAY] == 2
    assert c[DeskList.UNSYNCED] == 4
    assert c[DeskList.ALL] == 4

    ids, t = list_ids(store, DeskList.OVERDUE, clock=now)
    rows = rows_by_local_no(store, ids)
    assert [rows[n].code for n in ids] == [old]
    assert t.flag(rows[ids[0]]) == "overdue"
    # Due soon = due within 2 working days (the default setting) of Wed 25/11 10:00, i.e. by
    # Fri 27/11 10:00: only the same-day dossier; the 3-day one is due Mon 30/11 09:00.
    soon_ids, t = list_ids(store, DeskList.DUE_SOON, clock=now)
    soon = {rows_by_local_no(store, soon_ids)[n].code for n in soon_ids}
    assert soon == {same_day}
    all_rows = rows_by_local_no(store, list_ids(store, DeskList.ALL, clock=now)[0])
    flags = {r.code: t.flag(r) for r in all_rows.values()}
    assert flags == {same_day: "due_soon", three_days: None, old: "overdue", waiting: None}


def test_find_applicant_for_reuse(store: Store) -> None:
    receive(store, "1.001193", "2026-11-25 09:00", cccd="038090004321")
    known = find_applicant(store, "038 090 004 321")
    assert known is not None
    assert (known.name, known.dossier_count) == ("Giàng A Páo", 1)
    assert find_applicant(store, "001195012345") is None
    assert find_applicant(store, "12") is None
