"""Receiving a dossier: everything in one transaction, bad input changes nothing."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.clock import format_local_minute
from app.errors import InvalidInput, NotFound
from app.intake import parse_intake, receive_dossier
from db.engine import Store
from db.models import Dossier, DossierEvent, Outbox
from tests.conftest import AGENCY, fixed_clock, intake_json, table_counts


def receive(store: Store, **over: Any) -> Any:
    return receive_dossier(
        store, parse_intake(intake_json(**over)), actor="cb.lan", clock=fixed_clock
    )


def test_receive_writes_dossier_checklist_event_and_outbox(store: Store) -> None:
    receipt = receive(store, documents=[{"code": "TP01", "copies": 1}])
    assert re.fullmatch(rf"{re.escape(AGENCY)}-261125-1001", receipt.code)
    # Khai sinh is same-day with a 15:00 cut-off: received 09:15 -> due 17:00 the same day.
    assert format_local_minute(receipt.due_at) == "2026-11-25 17:00"
    with store.read() as s:
        d = s.scalars(select(Dossier)).one()
        assert d.state == "received"
        assert d.received_by == "cb.lan"
        assert len(d.id) == 36
        assert d.id[14] == "7"
        assert [doc.received for doc in d.documents if doc.doc_code == "TP01"] == [True]
        events = s.scalars(select(DossierEvent)).all()
        assert [(e.kind, e.from_state, e.to_state, e.actor) for e in events] == [
            ("received", None, "received", "cb.lan")
        ]
        outbox = s.scalars(select(Outbox)).all()
        assert [(o.op, o.entity_id, o.state) for o in outbox] == [
            ("dossier.create", d.id, "pending")
        ]
        assert outbox[0].payload["code"] == receipt.code
        assert outbox[0].payload["applicant"]["name"] == "Giàng A Páo"


def test_codes_run_per_day(store: Store) -> None:
    codes = [receive(store).code for _ in range(3)]
    assert [c[-4:] for c in codes] == ["1001", "1002", "1003"]


def test_same_cccd_reuses_the_applicant(store: Store) -> None:
    receive(store)
    receive(
        store, applicant={"name": "Giàng A Páo", "id_number": "010095001234", "phone": "0987654321"}
    )
    with store.read() as s:
        ds = s.scalars(select(Dossier)).all()
        assert len({d.applicant_id for d in ds}) == 1
        assert ds[0].applicant.phone == "0987654321"


def test_text_is_stored_nfc(store: Store) -> None:
    import unicodedata

    nfd_name = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")
    receive(store, applicant={"name": nfd_name, "id_number": "001195012345"})
    with store.read() as s:
        name = s.scalars(select(Dossier)).one().applicant.name
    assert name == unicodedata.normalize("NFC", "Nguyễn Thị Ánh")


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"procedure": ""}, "procedure"),
        ({"received_at": "25/11/2026 09:15"}, "received_at"),
        ({"received_at": "2026-13-01 09:15"}, "received_at"),
        ({"channel": "fax"}, "channel"),
        ({"applicant": {"name": "  "}}, "applicant.name"),
        ({"applicant": {"name": "A", "id_number": "099095001234"}}, "applicant.id_number"),
        ({"applicant": {"name": "A", "id_number": "12345"}}, "applicant.id_number"),
        ({"applicant": {"name": "A", "phone": "12ab"}}, "applicant.phone"),
        ({"applicant": {"name": "A", "birth_date": "1/1/1990"}}, "applicant.birth_date"),
        ({"documents": [{"code": "TP01", "copy_type": "fax"}]}, "documents[0].copy_type"),
        ({"documents": [{"code": "TP01", "copies": 0}]}, "documents[0].copies"),
        ({"documents": [{}]}, "documents[0].code"),
        ({"result_delivery": "drone"}, "result_delivery"),
        ({"received_at": "2030-01-01 08:00"}, "received_at"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(
    store: Store, data_dir: Path, over: dict[str, Any], field: str
) -> None:
    before = table_counts(data_dir)
    with pytest.raises(InvalidInput) as err:
        receive(store, **over)
    assert err.value.field == field
    assert table_counts(data_dir) == before


def test_unknown_document_code_in_store_writes_nothing(store: Store, data_dir: Path) -> None:
    before = table_counts(data_dir)
    with pytest.raises(InvalidInput) as err:
        receive(store, documents=[{"code": "NOPE"}])
    assert err.value.field == "documents[0].code"
    assert table_counts(data_dir) == before


def test_unknown_procedure_writes_nothing(store: Store, data_dir: Path) -> None:
    before = table_counts(data_dir)
    with pytest.raises(NotFound):
        receive(store, procedure="9.999999")
    assert table_counts(data_dir) == before


def test_fee_is_recorded_only_when_it_is_one_fixed_amount(store: Store) -> None:
    from app.dossiers import show

    tiers = receive(store, procedure="2.000815")  # chứng thực bản sao: per-page tiers and a cap
    single = receive(store, procedure="2.000884")  # chứng thực chữ ký: 10.000 đ per case
    assert show(store, tiers.code).fee_total is None
    assert show(store, single.code).fee_total == 10000
