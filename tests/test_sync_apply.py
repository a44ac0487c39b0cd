"""The desk's applier: pulled dossiers, online submissions, catalogue and calendar updates."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import select

from app.calendar_store import load_calendar
from app.catalogue import current_procedure, shipped_catalogue_path
from app.dossiers import search, show
from app.sync_apply import DeskApplier
from db.engine import Store
from db.models import CalendarOverride, Dossier, DossierAlias, DossierEvent, Procedure
from sync import wire
from tests.conftest import fixed_clock

DOSSIER_ID = "019a0000-0000-7000-8000-000000000001"


def make_doc(**over: Any) -> wire.DossierDoc:
    doc: dict[str, Any] = {
        "id": DOSSIER_ID,
        "code": "000.17.22.H56-261125-0001",
        "procedure": "1.001193@2026.11.1",
        "channel": "online",
        "state": "online_submitted",
        "received_at": "2026-11-25T08:00:00+07:00",
        "due_at": "2026-11-25T17:00:00+07:00",
        "original_due_at": "2026-11-25T17:00:00+07:00",
        "paused_at": None,
        "finished_at": None,
        "supplement_count": 0,
        "extension_count": 0,
        "extension_reason": "",
        "calendar_version": "cal-x",
        "recompute_flag": True,
        "result_delivery": "desk",
        "postal_address": "",
        "sets": 1,
        "fee_total": 0,
        "note": "",
        "received_by": "dvcqg",
        "device_no": 0,
        "version": 1,
        "applicant": {
            "id": "019a0000-0000-7000-8000-0000000000a1",
            "name": "Lò Thị Mến",
            "id_number": "011195001234",
            "birth_date": "1995-01-02",
            "phone": "0987654321",
            "email": "",
            "address": "Bản Mển",
        },
        "documents": [
            {
                "id": "019a0000-0000-7000-8000-0000000000d1",
                "position": 0,
                "code": "TP01",
                "name": "Tờ khai",
                "copy_type": "original",
                "copies": 1,
                "required": True,
                "received": True,
                "digitised": False,
                "reused": False,
                "scan_profile": "text",
            }
        ],
        "events": [
            {
                "id": "019a0000-0000-7000-8000-0000000000e1",
                "seq": 1,
                "kind": "received",
                "from_state": None,
                "to_state": "online_submitted",
                "at": "2026-11-25T08:00:00+07:00",
                "actor": "dvcqg",
                "reason": "",
                "detail": {},
            }
        ],
        "attachments": [],
        "aliases": [{"system": "dvcqg", "code": "G22.99-261125-000123"}],
    }
    doc.update(over)
    return doc  # type: ignore[return-value]


def test_online_submission_lands_in_the_inbox_and_is_searchable(store: Store) -> None:
    applier = DeskApplier(fixed_clock)
    with store.write.begin() as s:
        applier.apply_dossier(s, make_doc())
    rows = search(store, "lo thi men")
    assert [r.id for r in rows] == [DOSSIER_ID]
    assert rows[0].state == "online_submitted"
    v = show(store, "000.17.22.H56-261125-0001")
    assert v.channel == "online"
    with store.read() as s:
        d = s.get(Dossier, DOSSIER_ID)
        assert d is not None
        assert d.recompute_flag
        assert d.server_version == 1
        assert d.local_no >= 1
        alias = s.scalars(select(DossierAlias)).one()
        assert alias.code == "G22.99-261125-000123"


def test_server_copy_replaces_the_local_one_by_id(store: Store) -> None:
    applier = DeskApplier(fixed_clock)
    with store.write.begin() as s:
        applier.apply_dossier(s, make_doc())
    second = make_doc(
        state="received",
        version=2,
        events=[
            *make_doc()["events"],
            {
                "id": "019a0000-0000-7000-8000-0000000000e2",
                "seq": 2,
                "kind": "transition",
                "from_state": "online_submitted",
                "to_state": "received",
                "at": "2026-11-25T09:00:00+07:00",
                "actor": "canbo",
                "reason": "",
                "detail": {},
            },
        ],
    )
    with store.write.begin() as s:
        applier.apply_dossier(s, second)
        local_no = s.get(Dossier, DOSSIER_ID).local_no  # type: ignore[union-attr]
    with store.write.begin() as s:
        applier.apply_dossier(s, second)  # idempotent
    with store.read() as s:
        d = s.get(Dossier, DOSSIER_ID)
        assert d is not None
        assert d.state == "received"
        assert d.version == 2
        assert d.local_no == local_no
        events = s.scalars(select(DossierEvent).where(DossierEvent.dossier_id == DOSSIER_ID))
        assert sorted(e.seq for e in events) == [1, 2]
    assert len(search(store, "men")) == 1


def test_unknown_procedure_version_falls_back_to_the_code(store: Store) -> None:
    with store.write.begin() as s:
        DeskApplier(fixed_clock).apply_dossier(s, make_doc(procedure="1.001193@2099.1"))
        d = s.get(Dossier, DOSSIER_ID)
        assert d is not None
        assert d.procedure.code == "1.001193"


def test_catalogue_update_adds_a_version_and_keeps_received_dossiers(store: Store) -> None:
    applier = DeskApplier(fixed_clock)
    with store.write.begin() as s:
        applier.apply_dossier(s, make_doc())
        old_proc = s.get(Dossier, DOSSIER_ID).procedure_id  # type: ignore[union-attr]
        cat = json.loads(shipped_catalogue_path().read_text(encoding="utf-8"))
        cat["catalog_version"] = "2027.1.1"
        cat["procedures"][0]["name"] = "Đăng ký khai sinh (mới)"
        applier.apply_catalogue(s, cat)
    with store.read() as s:
        cur = current_procedure(s, "1.001193")
        assert cur.catalog_version == "2027.1.1"
        assert s.get(Dossier, DOSSIER_ID).procedure_id == old_proc  # type: ignore[union-attr]
        assert s.get(Procedure, old_proc).catalog_version == "2026.11.1"  # type: ignore[union-attr]


def test_calendar_day_from_upstream(store: Store) -> None:
    applier = DeskApplier(fixed_clock)
    with store.write.begin() as s:
        applier.apply_calendar_day(
            s, {"day": "2026-12-28", "working": False, "name": "Nghỉ bù", "source": "UBND tỉnh"}
        )
    with store.read() as s:
        row = s.get(CalendarOverride, date(2026, 12, 28))
        assert row is not None
        assert not row.working
        assert row.source == "UBND tỉnh"
        assert not load_calendar(s).is_working_day(date(2026, 12, 28))
    with store.write.begin() as s:
        applier.delete_calendar_day(s, "2026-12-28")
    with store.read() as s:
        assert s.get(CalendarOverride, date(2026, 12, 28)) is None
