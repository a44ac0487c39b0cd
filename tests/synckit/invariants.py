"""Invariants I1–I7 of sync-protocol.md §4.1, read from the server database and each desk's SQLite.

Call after faults are healed, queues drained and every desk has pulled once more
(``Cluster.drain_all``). Each check raises AssertionError naming the invariant and the rows.

I3's reference model is a plain-Python workflow (:data:`ALLOWED`, written out here from
domain.md rather than imported from app.lifecycle, so a bug there is not copied into the oracle)
fed the applied mutations in server order (the version each produced).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from server.models import AppliedMutation, Blob, ChangeLog, Device, Dossier, ScopeCounter
from sync.wire import GLOBAL_SCOPE, commune_scope, parse_cursor

# The commune/district workflow (domain.md §1), independent of app.lifecycle.
ALLOWED: dict[str, set[str]] = {
    "online_submitted": {"received", "refused"},
    "received": {
        "in_process",
        "supplement_requested",
        "forwarded",
        "refused",
        "withdrawal_requested",
    },
    "in_process": {
        "result_ready",
        "supplement_requested",
        "forwarded",
        "withdrawal_requested",
        "stopped",
    },
    "supplement_requested": {"supplement_received", "withdrawal_requested", "stopped"},
    "supplement_received": {"in_process", "forwarded", "result_ready", "withdrawal_requested"},
    "forwarded": {"result_ready", "supplement_requested", "withdrawal_requested", "stopped"},
    "result_ready": {"returned"},
    "withdrawal_requested": {"stopped"},
    "returned": set(),
    "refused": set(),
    "stopped": set(),
}


@dataclass(frozen=True)
class DeskRef:
    name: str
    agency: str
    data_dir: Path


def _desk_db(data_dir: Path) -> Path:
    from app.datadir import db_path

    return db_path(data_dir)


def _rows(path: Path, query: str, *args: Any) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as c:
        return c.execute(query, args).fetchall()


class World:
    """A snapshot of the server and the desks, loaded once for all checks."""

    def __init__(self, db_url: str, server_dir: Path, desks: Sequence[Any]) -> None:
        self.server_dir = server_dir
        self.desks = [DeskRef(d.name, d.agency, Path(d.data_dir)) for d in desks]
        engine = create_engine(db_url)
        try:
            with Session(engine) as s:
                self.applied = {
                    m.mutation_id: (
                        m.device_id,
                        m.device_seq,
                        m.entity_id,
                        m.op,
                        m.status,
                        m.result_json,
                    )
                    for m in s.scalars(select(AppliedMutation))
                }
                self.dossiers = {
                    d.id: (d.agency, d.code, d.state, d.version, d.doc)
                    for d in s.scalars(select(Dossier))
                }
                self.blobs = {b.sha256: (b.size, b.complete) for b in s.scalars(select(Blob))}
                self.changes: dict[str, list[tuple[int, str, str, int, dict[str, Any]]]] = {}
                for c in s.scalars(select(ChangeLog).order_by(ChangeLog.scope, ChangeLog.seq)):
                    self.changes.setdefault(c.scope, []).append(
                        (c.seq, c.entity_type, c.entity_id, c.version, c.data)
                    )
                self.counters = {c.scope: c.last_seq for c in s.scalars(select(ScopeCounter))}
                self.devices = {
                    d.id: (d.agency, d.device_no, d.last_seq) for d in s.scalars(select(Device))
                }
        finally:
            engine.dispose()
        # Only the communes of these desks: a test may leave other communes behind on a shared
        # server (their dossiers and mutations are not this world's).
        agencies = {d.agency for d in self.desks}
        self.dossiers = {k: v for k, v in self.dossiers.items() if v[0] in agencies}
        self.applied = {
            k: v for k, v in self.applied.items() if self.devices.get(v[0], ("",))[0] in agencies
        }
        self.changes = {
            k: v
            for k, v in self.changes.items()
            if k == GLOBAL_SCOPE or k.split(":", 1)[-1] in agencies
        }
        self.outbox: dict[str, list[tuple[Any, ...]]] = {}
        for d in self.desks:
            self.outbox[d.name] = _rows(
                _desk_db(d.data_dir),
                "SELECT device_seq, mutation_id, entity_id, op, payload, state, blob_refs"
                " FROM outbox ORDER BY device_seq",
            )

    def desk_sql(self, desk: DeskRef, query: str, *args: Any) -> list[tuple[Any, ...]]:
        return _rows(_desk_db(desk.data_dir), query, *args)


# --- I1 ---------------------------------------------------------------------------------------


def check_i1_no_loss(w: World) -> None:
    for d in w.desks:
        for seq, mid, _eid, op, _p, state, _b in w.outbox[d.name]:
            assert mid in w.applied, (
                f"I1 {d.name}: mutation {seq} {op} {mid} never reached the server"
            )
            status = w.applied[mid][4]
            assert state in ("applied", "rejected"), f"I1 {d.name}: {seq} {op} left {state!r}"
            want = "rejected" if status == "rejected" else "applied"
            assert state == want, (
                f"I1 {d.name}: {seq} {op} is {state!r} locally, {status!r} upstream"
            )


# --- I2 ---------------------------------------------------------------------------------------


def check_i2_no_duplication(w: World, online_ids: Iterable[str] = ()) -> None:
    seen: dict[tuple[str, int], str] = {}
    for mid, (dev, seq, *_rest) in w.applied.items():
        assert (dev, seq) not in seen, f"I2: device {dev} seq {seq} applied twice ({mid})"
        seen[(dev, seq)] = mid
    created = {
        eid
        for d in w.desks
        for _s, mid, eid, op, _p, state, _b in w.outbox[d.name]
        if op == "dossier.create"
        and w.applied.get(mid, ("",) * 5)[4] in ("applied", "applied_noop")
    }
    server_ids = set(w.dossiers) - set(online_ids)
    assert server_ids == created, (
        f"I2: server dossiers {len(server_ids)} != created {len(created)}: "
        f"extra {sorted(server_ids - created)[:3]} missing {sorted(created - server_ids)[:3]}"
    )
    codes = [v[1] for v in w.dossiers.values()]
    assert len(codes) == len(set(codes)), "I2: duplicate dossier codes on the server"
    for d in w.desks:
        local = [r[0] for r in w.desk_sql(d, "SELECT code FROM dossier")]
        assert len(local) == len(set(local)), f"I2 {d.name}: duplicate codes"
        assert not [c for c in local if "~" in c], f"I2 {d.name}: a code clash was renamed: {local}"


# --- I3 ---------------------------------------------------------------------------------------


def _event_id(payload: dict[str, Any], mid: str) -> str:
    e = payload.get("event_id")
    return e if isinstance(e, str) and e else mid


def check_i3_exact_effect(w: World) -> None:
    """Replay applied mutations (and district steps, read from the feed) per dossier in
    version order through the reference workflow; compare with the server document."""
    payloads: dict[str, tuple[str, dict[str, Any]]] = {}
    for d in w.desks:
        for _s, mid, _eid, op, p, _st, _b in w.outbox[d.name]:
            payloads[mid] = (op, json.loads(p) if isinstance(p, str) else p)
    steps: dict[str, dict[int, tuple[str, Any]]] = {}
    for mid, (_dev, _seq, eid, _op, status, result) in w.applied.items():
        if status != "applied":
            continue
        version = json.loads(result)["version"]
        assert mid in payloads, f"I3: applied mutation {mid} has no desk outbox row"
        slot = steps.setdefault(eid, {})
        assert version not in slot, f"I3: {eid} version {version} produced twice"
        slot[version] = ("m", (mid, *payloads[mid]))
    for scope, rows in w.changes.items():
        if scope == GLOBAL_SCOPE:
            continue
        for _seq, etype, eid, version, data in rows:
            if etype != "dossier" or version in steps.get(eid, {}):
                continue
            last = data["events"][-1] if data.get("events") else None
            steps.setdefault(eid, {})[version] = ("feed", (data, last))
    for eid, (_agency, code, state, version, doc) in w.dossiers.items():
        slot = steps.get(eid, {})
        assert sorted(slot) == list(range(1, version + 1)), (
            f"I3 {code}: versions {sorted(slot)} do not cover 1..{version}"
        )
        m_state: str | None = None
        events: list[str] = []
        attachments: set[str] = set()
        extensions = supplements = 0
        for v in range(1, version + 1):
            kind, item = slot[v]
            if kind == "feed":
                data, last = item
                if v == 1:  # created upstream (online submission)
                    m_state = data["state"]
                    events = [e["id"] for e in data["events"]]
                    continue
                assert last is not None, f"I3 {code} v{v}: no event"
                assert last["kind"] == "district", f"I3 {code} v{v}: {last}"
                assert m_state is not None
                assert last["to_state"] in ALLOWED[m_state], (
                    f"I3 {code}: district {m_state}->{last['to_state']}"
                )
                if last["to_state"] == "supplement_requested":
                    supplements += 1
                m_state = last["to_state"]
                events.append(last["id"])
                if last["detail"].get("attachment_id"):  # mark-processed: the result file
                    attachments.add(last["detail"]["attachment_id"])
                continue
            mid, op, payload = item
            if op == "dossier.create":
                assert v == 1, f"I3 {code}: create at version {v}"
                m_state = payload["state"]
                events = [_event_id(payload, mid)]
            elif op == "dossier.transition":
                assert m_state is not None
                to = payload["to"]
                assert to in ALLOWED[m_state], f"I3 {code}: applied illegal {m_state} -> {to}"
                if to == "supplement_requested":
                    supplements += 1
                m_state = to
                events.append(_event_id(payload, mid))
            elif op == "dossier.extend":
                extensions += 1
                events.append(_event_id(payload, mid))
            elif op == "attachment.add":
                attachments.add(payload.get("attachment_id") or payload["id"])
            else:
                raise AssertionError(f"I3 {code}: unexpected op {op}")
        assert state == doc["state"] == m_state, f"I3 {code}: server {state}, model {m_state}"
        assert doc["version"] == version
        assert [e["id"] for e in doc["events"]] == events, f"I3 {code}: events differ"
        assert {a["id"] for a in doc["attachments"]} == attachments, f"I3 {code}: attachments"
        assert doc["extension_count"] == extensions, f"I3 {code}: extensions"
        assert doc["supplement_count"] == supplements, f"I3 {code}: supplements"


# --- I4 ---------------------------------------------------------------------------------------


def _row_hash(state: str, code: str, version: int, events: list[Any], atts: list[Any]) -> str:
    data = json.dumps([state, code, version, events, sorted(atts)], ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def server_scope_hashes(w: World, agency: str) -> dict[str, str]:
    out = {}
    for eid, (ag, code, state, version, doc) in w.dossiers.items():
        if ag != agency:
            continue
        events = [[e["id"], e["to_state"]] for e in sorted(doc["events"], key=lambda e: e["seq"])]
        atts = [[a["id"], a["sha256"]] for a in doc["attachments"]]
        out[eid] = _row_hash(state, code, version, events, atts)
    return out


def desk_hashes(w: World, d: DeskRef) -> dict[str, str]:
    out = {}
    for eid, code, state, version in w.desk_sql(d, "SELECT id, code, state, version FROM dossier"):
        events = [
            [i, t]
            for i, t in w.desk_sql(
                d, "SELECT id, to_state FROM dossier_event WHERE dossier_id = ? ORDER BY seq", eid
            )
        ]
        atts = [
            [i, s]
            for i, s in w.desk_sql(d, "SELECT id, sha256 FROM attachment WHERE dossier_id = ?", eid)
        ]
        out[eid] = _row_hash(state, code, version, events, atts)
    return out


def check_i4_convergence(w: World) -> int:
    """Returns the number of dossiers compared."""
    compared = 0
    for d in w.desks:
        server = server_scope_hashes(w, d.agency)
        local = desk_hashes(w, d)
        assert set(local) == set(server), (
            f"I4 {d.name}: dossiers differ: only local {sorted(set(local) - set(server))[:3]}, "
            f"only server {sorted(set(server) - set(local))[:3]}"
        )
        differ = [eid for eid in server if server[eid] != local[eid]]
        if differ:
            eid = differ[0]
            srv = w.dossiers[eid]
            loc = w.desk_sql(d, "SELECT code, state, version FROM dossier WHERE id = ?", eid)
            raise AssertionError(
                f"I4 {d.name}: {len(differ)} dossier(s) differ, e.g. {srv[1]}: server "
                f"{srv[2]} v{srv[3]}, desk {loc}"
            )
        shadows = w.desk_sql(d, "SELECT entity_id FROM sync_shadow")
        assert shadows == [], f"I4 {d.name}: shadow rows left {shadows}"
        compared += len(server)
    return compared


# --- I5 ---------------------------------------------------------------------------------------


def check_i5_blobs(w: World) -> int:
    """Returns the number of blobs compared with the server's copy."""
    refs: set[str] = set()
    for d in w.desks:
        for *_x, blob_refs in w.outbox[d.name]:
            refs |= {r["sha256"] for r in json.loads(blob_refs or "[]")}
        for sha, state, rel in w.desk_sql(d, "SELECT sha256, up_state, path FROM blob"):
            path = d.data_dir / rel
            if path.exists():
                with path.open("rb") as f:
                    assert hashlib.file_digest(f, "sha256").hexdigest() == sha, (
                        f"I5 {d.name}: {sha} corrupt"
                    )
            assert state == "done", f"I5 {d.name}: blob {sha[:12]} still {state}"
        refs |= {r[0] for r in w.desk_sql(d, "SELECT sha256 FROM attachment")}
    for sha in refs:
        assert sha in w.blobs, f"I5: blob {sha[:12]} missing upstream"
        assert w.blobs[sha][1], f"I5: blob {sha[:12]} incomplete upstream"
        path = w.server_dir / "blobs" / sha
        with path.open("rb") as f:
            got = hashlib.file_digest(f, "sha256").hexdigest()
        assert got == sha, f"I5: server blob {sha[:12]} hashes to {got[:12]}"
        assert path.stat().st_size == w.blobs[sha][0]
    partial = w.server_dir / "partial"
    left = sorted(p.name for p in partial.iterdir()) if partial.exists() else []
    assert not [n for n in left if n.split(".")[0] in refs], f"I5: stale partials {left}"
    return len(refs)


# --- I6 ---------------------------------------------------------------------------------------


def check_i6_conflicts(w: World) -> None:
    for d in w.desks:
        rejected = {r[1] for r in w.outbox[d.name] if r[5] == "rejected"}
        conflicts = {r[0] for r in w.desk_sql(d, "SELECT mutation_id FROM conflict")}
        assert rejected == conflicts, (
            f"I6 {d.name}: rejected without conflict {rejected - conflicts}, "
            f"conflict without rejection {conflicts - rejected}"
        )


# --- I7 ---------------------------------------------------------------------------------------


def check_i7_feed(w: World) -> int:
    """Returns the number of commune feed entries checked."""
    entries = 0
    for scope, rows in w.changes.items():
        seqs = [r[0] for r in rows]
        assert seqs == list(range(1, len(seqs) + 1)), f"I7: {scope} seqs not contiguous"
        assert w.counters.get(scope, 0) == len(seqs), f"I7: {scope} counter {w.counters.get(scope)}"
        entries += len(seqs) if scope != GLOBAL_SCOPE else 0
    for d in w.desks:
        gaps = w.desk_sql(d, "SELECT detail FROM sync_log WHERE event = 'feed_gap'")
        assert gaps == [], f"I7 {d.name}: feed gaps {gaps}"
        for scope in (commune_scope(d.agency), GLOBAL_SCOPE):
            row = w.desk_sql(d, "SELECT cursor FROM sync_cursor WHERE scope = ?", scope)
            assert row, f"I7 {d.name}: no cursor for {scope}"
            _epoch, seq = parse_cursor(row[0][0])
            assert seq == w.counters.get(scope, 0), f"I7 {d.name}: {scope} at {seq}"
    return entries


def check_all(
    cluster: Any,
    online_ids: Iterable[str] = (),
    desks: Sequence[Any] | None = None,
    *,
    require_data: bool = True,
) -> World:
    """I1–I7 on a :class:`~tests.synckit.cluster.Cluster` (or anything with db_url,
    server_dir and desks). ``desks``: only these desks and their communes (a test on a shared
    server checks its own world; the desks must all have drained and pulled last).

    Every check holds trivially over an empty world, so by default the desks must have pushed
    something and I4/I7 must have compared something; ``require_data=False`` for generated
    programs that may do nothing (the state machine). Either way, a world with a scan pushed
    must have had I5 compare at least one blob."""
    w = World(cluster.db_url, Path(cluster.server_dir), cluster.desks if desks is None else desks)
    online_ids = [*online_ids, *getattr(cluster, "online_ids", [])]
    check_i1_no_loss(w)
    check_i2_no_duplication(w, online_ids)
    check_i3_exact_effect(w)
    dossiers = check_i4_convergence(w)
    blobs = check_i5_blobs(w)
    check_i6_conflicts(w)
    entries = check_i7_feed(w)
    rows = [r for d in w.desks for r in w.outbox[d.name]]
    if require_data:
        assert rows, "no desk pushed anything: I1–I7 would hold vacuously"
        assert dossiers > 0, "I4 compared no dossier"
        assert entries > 0, "I7 checked no commune feed entry"
    if any(r[3] == "attachment.add" for r in rows):
        assert blobs > 0, "I5 compared no blob although a scan was pushed"
    return w
