"""Attaching scanned PDFs to checklist items, listing, viewing, reuse across dossiers of the same
citizen, and refusing bad input without writing anything."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from contextlib import closing
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw

from app.attachments import (
    attach_pdf,
    attachment_path,
    blob_store,
    find_document,
    find_reusable,
    list_attachments,
    reuse_attachment,
)
from app.datadir import db_path
from app.errors import InvalidInput, NotFound
from app.intake import parse_intake, receive_dossier
from app.scanning.pipeline import assemble_pdf, encode
from app.scanning.profiles import Profile
from db.engine import Store
from tests.conftest import FIXED_NOW, fixed_clock, intake_json, table_counts

CCCD = "010095001234"


def _pdf(label: str) -> bytes:
    img = Image.new("L", (210, 297), 250)
    ImageDraw.Draw(img).text((20, 20), label, fill=0)
    return assemble_pdf([encode(img, 25, Profile.GREY)])


def _receive(store: Store, id_number: str = CCCD, name: str = "Giàng A Páo") -> str:
    req = parse_intake(
        intake_json(applicant={"name": name, "id_number": id_number, "phone": "0912345678"})
    )
    return receive_dossier(store, req, actor="cb1", clock=fixed_clock).code


def _doc(store: Store, code: str, ref: str) -> str:
    return find_document(store, code, ref).id


def _sql(data_dir: Path, query: str, *args: Any) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(db_path(data_dir))) as c:
        return c.execute(query, args).fetchall()


def test_attach_writes_file_rows_flag_and_outbox(store: Store, data_dir: Path) -> None:
    code = _receive(store)
    doc_id = _doc(store, code, "TP02")
    pdf = _pdf("giay chung sinh")
    sha = hashlib.sha256(pdf).hexdigest()

    row = attach_pdf(store, code, doc_id, pdf, 1, "seal", actor="cb1", clock=fixed_clock)

    assert row.file_name == f"{code}_TP02_1.pdf"
    assert (row.sha256, row.size, row.pages, row.profile) == (sha, len(pdf), 1, "seal")
    assert row.document_code == "TP02"
    assert row.reused_from is None
    path = attachment_path(store, row.id)
    assert path == data_dir / f"blobs/{sha[:2]}/{sha[2:4]}/{sha}"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == sha
    assert _sql(data_dir, "SELECT size, mime, path, up_state FROM blob") == [
        (len(pdf), "application/pdf", f"blobs/{sha[:2]}/{sha[2:4]}/{sha}", "queued")
    ]
    assert _sql(data_dir, "SELECT doc_code FROM dossier_document WHERE digitised = 1") == [
        ("TP02",)
    ]
    ((entity_type, entity_id, payload, refs, base),) = _sql(
        data_dir,
        "SELECT entity_type, entity_id, payload, blob_refs, base_version FROM outbox"
        " WHERE op = 'attachment.add'",
    )
    dossier_id = _sql(data_dir, "SELECT id FROM dossier WHERE code = ?", code)[0][0]
    assert (entity_type, entity_id, base) == ("dossier", dossier_id, None)
    assert json.loads(payload) == {
        "attachment_id": row.id,
        "document_id": doc_id,
        "document_code": "TP02",
        "role": "component",
        "file_name": row.file_name,
        "pages": 1,
        "profile": "seal",
        "reused_from": None,
    }
    assert json.loads(refs) == [
        {"sha256": sha, "size": len(pdf), "mime": "application/pdf", "role": "component"}
    ]
    assert _sql(data_dir, "SELECT action FROM audit_log WHERE action LIKE 'attachment.%'") == [
        ("attachment.add",)
    ]


def test_numbering_listing_supersede_and_one_blob_per_content(store: Store) -> None:
    code = _receive(store)
    tp01, tp02 = _doc(store, code, "TP01"), _doc(store, code, "2")
    first = attach_pdf(store, code, tp01, _pdf("a"), 1, "text", actor="cb1")
    second = attach_pdf(store, code, tp01, _pdf("b"), 1, "text", actor="cb1")
    same = attach_pdf(store, code, tp02, _pdf("a"), 1, "text", actor="cb1")
    assert first.file_name == f"{code}_TP01_1.pdf"
    assert second.file_name == f"{code}_TP01_2.pdf"
    assert same.sha256 == first.sha256
    assert len(list(blob_store(store).all_hashes())) == 2
    rows = list_attachments(store, code)
    assert [r.id for r in rows] == [first.id, second.id, same.id]  # checklist order

    rescan = attach_pdf(store, code, tp01, _pdf("c"), 2, "text", actor="cb1", supersede=True)
    assert rescan.file_name.endswith("_TP01_3.pdf")
    assert [r.id for r in list_attachments(store, code)] == [rescan.id, same.id]
    old = {r.id: r for r in list_attachments(store, code, include_superseded=True)}
    assert old[first.id].superseded_by == rescan.id
    assert old[second.id].superseded_by == rescan.id


@pytest.mark.parametrize(
    ("case", "field"),
    [
        ("empty", "pdf"),
        ("not_pdf", "pdf"),
        ("truncated", "pdf"),
        ("pages", "pages"),
        ("profile", "profile"),
        ("unknown_document", "document_id"),
        ("other_dossier", "document_id"),
        ("no_code", "code"),
    ],
)
def test_bad_input_writes_nothing(store: Store, data_dir: Path, case: str, field: str) -> None:
    code = _receive(store)
    other = _receive(store, id_number="001195012345", name="Lò Thị Mỷ")
    doc_id = _doc(store, code, "TP01")
    good = _pdf("x")
    args: dict[str, Any] = {
        "code": code,
        "document_id": doc_id,
        "pdf": good,
        "pages": 1,
        "profile": "text",
    }
    if case == "empty":
        args["pdf"] = b""
    elif case == "not_pdf":
        args["pdf"] = b"\x89PNG\r\n" + good
    elif case == "truncated":
        args["pdf"] = good[: len(good) // 2]
    elif case == "pages":
        args["pages"] = 0
    elif case == "profile":
        args["profile"] = "colour"
    elif case == "unknown_document":
        args["document_id"] = "no-such-id"
    elif case == "other_dossier":
        args["document_id"] = _doc(store, other, "TP01")
    elif case == "no_code":
        args["code"] = "  "
    before = table_counts(data_dir)
    with pytest.raises(InvalidInput) as exc:
        attach_pdf(
            store,
            args["code"],
            args["document_id"],
            args["pdf"],
            args["pages"],
            args["profile"],
            actor="cb1",
        )
    assert exc.value.field == field
    assert table_counts(data_dir) == before
    assert not (data_dir / "blobs").exists()  # not even the file


def test_unknown_dossier_is_not_found(store: Store, data_dir: Path) -> None:
    before = table_counts(data_dir)
    with pytest.raises(NotFound):
        attach_pdf(store, "000.17.22.H56-261125-9999", "x", _pdf("x"), 1, "text", actor="cb1")
    with pytest.raises(NotFound):
        attachment_path(store, "no-such-attachment")
    assert table_counts(data_dir) == before


def test_find_document_by_code_or_number(store: Store) -> None:
    code = _receive(store)
    assert _doc(store, code, "tp03") == _doc(store, code, "3") != _doc(store, code, "2")
    with pytest.raises(InvalidInput) as exc:
        find_document(store, code, "TP99")
    assert exc.value.field == "document"


def test_reuse_offers_earlier_documents_of_the_same_cccd(store: Store, data_dir: Path) -> None:
    earlier = _receive(store)
    stranger = _receive(store, id_number="001195012345", name="Lò Thị Mỷ")
    # Every step has its own explicit time, so "newest first" does not depend on today's date.
    src = attach_pdf(
        store,
        earlier,
        _doc(store, earlier, "TP03"),
        _pdf("cccd"),
        1,
        "seal",
        actor="cb1",
        clock=lambda: FIXED_NOW - timedelta(days=30),
    )
    attach_pdf(
        store,
        stranger,
        _doc(store, stranger, "TP03"),
        _pdf("other"),
        1,
        "seal",
        actor="cb1",
        clock=lambda: FIXED_NOW - timedelta(days=20),
    )
    now = _receive(store, id_number="0100 9500 1234")  # same person, typed with spaces

    offers = find_reusable(store, "010095001234", exclude_code=now)
    assert [(o.attachment_id, o.dossier_code, o.document_code) for o in offers] == [
        (src.id, earlier, "TP03")
    ]
    assert offers[0].document_name.startswith("Giấy tờ tùy thân")
    assert find_reusable(store, "") == []
    blobs_before = sorted(blob_store(store).all_hashes())

    target = _doc(store, now, "TP03")
    row = reuse_attachment(store, now, target, src.id, actor="cb2", clock=fixed_clock)

    assert row.reused_from == src.id
    assert row.sha256 == src.sha256
    assert row.file_name == f"{now}_TP03_1.pdf"
    assert sorted(blob_store(store).all_hashes()) == blobs_before  # no copy
    assert _sql(
        data_dir, "SELECT digitised, reused FROM dossier_document WHERE id = ?", target
    ) == [(1, 1)]
    ((payload, refs),) = _sql(
        data_dir,
        "SELECT payload, blob_refs FROM outbox WHERE op = 'attachment.add'"
        " AND json_extract(payload, '$.attachment_id') = ?",
        row.id,
    )
    assert json.loads(payload)["reused_from"] == src.id
    assert json.loads(refs)[0]["sha256"] == src.sha256
    # The new dossier's copy is offered to later dossiers only once per content.
    later = find_reusable(store, CCCD)
    assert [o.attachment_id for o in later] == [row.id]


def test_reuse_refuses_another_persons_file_and_own_file(store: Store, data_dir: Path) -> None:
    mine = _receive(store)
    theirs = _receive(store, id_number="001195012345", name="Lò Thị Mỷ")
    foreign = attach_pdf(
        store, theirs, _doc(store, theirs, "TP03"), _pdf("t"), 1, "seal", actor="cb1"
    )
    own = attach_pdf(store, mine, _doc(store, mine, "TP03"), _pdf("m"), 1, "seal", actor="cb1")
    target = _doc(store, mine, "TP02")
    before = table_counts(data_dir)
    for source, reason in (
        (foreign.id, "other_person"),
        (own.id, "same_dossier"),
        ("nope", "unknown"),
    ):
        with pytest.raises(InvalidInput) as exc:
            reuse_attachment(store, mine, target, source, actor="cb1")
        assert (exc.value.field, exc.value.reason) == ("source_attachment_id", reason)
    assert table_counts(data_dir) == before
