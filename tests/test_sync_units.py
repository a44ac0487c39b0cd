"""Pure parts of the sync client: backoff, cursor, clock offset, encoding, keys, crash points."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import random
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from db import blobfiles
from sync import wire
from sync.backoff import Backoff, parse_retry_after
from sync.clock import offset_ms, parse_time
from sync.keys import generate_key_pair, sign_nonce
from sync.transport import Headers, Response, encode_json


def test_backoff_full_jitter_is_capped_and_resets() -> None:
    b = Backoff(rng=random.Random(7))
    ceilings = []
    for _ in range(12):
        ceilings.append(b.ceiling())
        d = b.next_delay()
        assert 0 <= d <= ceilings[-1]
    assert ceilings[:5] == [2.0, 4.0, 8.0, 16.0, 32.0]
    assert ceilings[-1] == 300.0
    b.reset()
    assert b.ceiling() == 2.0


def test_backoff_honours_retry_after_as_a_floor() -> None:
    b = Backoff(rng=random.Random(1))
    assert b.next_delay(retry_after=120.0) >= 120.0
    assert parse_retry_after("30") == 30.0
    assert parse_retry_after("garbage") is None
    assert parse_retry_after(None) is None


def test_cursor_round_trip_and_start() -> None:
    assert wire.parse_cursor("") == ("", 0)
    assert wire.parse_cursor(wire.make_cursor("ep.och", 42)) == ("ep.och", 42)
    with pytest.raises(ValueError, match="bad cursor"):
        wire.parse_cursor("nodot")


def test_clock_offset_uses_the_midpoint() -> None:
    t0 = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
    t1 = t0 + timedelta(seconds=2)
    server = t0 + timedelta(seconds=1, minutes=10)
    assert offset_ms(server, t0, t1) == 600_000
    assert parse_time("2026-11-25T09:00:00").tzinfo is not None


def test_json_bodies_are_gzipped_deterministically() -> None:
    obj = {"batch": [{"text": "Nguyễn Thị Ánh"}] * 50}
    raw1, h1 = encode_json(obj)
    raw2, _ = encode_json(obj)
    assert raw1 == raw2
    assert h1["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(raw1)) == obj
    small, h = encode_json({"a": 1})
    assert "Content-Encoding" not in h
    assert json.loads(small) == {"a": 1}


def test_response_helpers() -> None:
    r = Response(200, Headers({"Retry-After": "5"}), b"<html></html>")
    assert r.json_object() is None
    assert r.headers.get_ci("retry-after") == "5"
    assert Response(200, Headers(), b'{"a": 1}').json_object() == {"a": 1}


def test_ed25519_signature_verifies() -> None:
    private, public = generate_key_pair()
    sig = base64.b64decode(sign_nonce(private, "nonce-ă"))
    key = serialization.load_pem_public_key(public.encode())
    assert isinstance(key, Ed25519PublicKey)
    key.verify(sig, "nonce-ă".encode())


def test_crash_point_exits_137_only_when_named() -> None:
    code = "from sync.crashpoints import crash_point\ncrash_point('blob_rename')\nprint('alive')"
    env_off = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert env_off.stdout.strip() == "alive"
    env_on = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        env={"SYNC_CRASH_AT": "blob_rename", "PATH": ""},
    )
    assert env_on.returncode == 137
    assert env_on.stdout == ""


def test_blob_install_is_all_or_nothing(tmp_path: Path) -> None:
    """db/blobfiles.py, shared by the scan store and the download lane: a crash before the
    rename leaves no blob; after it the blob is complete under blobs/ab/cd/<sha>."""
    content = b"ket qua " * 1000
    sha = hashlib.sha256(content).hexdigest()
    final = blobfiles.make_parent(tmp_path, sha)
    assert final == tmp_path / "blobs" / sha[:2] / sha[2:4] / sha
    assert final.parent.is_dir()
    tmp = blobfiles.temp_path(final)
    tmp.write_bytes(content)

    def crash() -> None:
        raise RuntimeError("crash")

    with pytest.raises(RuntimeError):
        blobfiles.install(tmp, final, before_rename=crash)
    assert not final.exists()
    assert tmp.exists()
    blobfiles.install(tmp, final)
    assert not tmp.exists()
    assert blobfiles.verify(final, sha)
