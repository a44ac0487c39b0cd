"""server.testing.start_server: a real uvicorn subprocess for integration tests."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from server.testing import create_agency, create_enrolment_code, start_server, stop_server
from sync.wire import SERVICE_MARKER
from tests.server.helpers import AGENCY_A


def test_start_server_waits_for_health_and_serves_enrolment(db_url: str, tmp_path: Path) -> None:
    create_agency(db_url, AGENCY_A, "Xã Pà Cò")
    create_agency(db_url, AGENCY_A, "Xã Pà Cò")  # idempotent
    code = create_enrolment_code(db_url, AGENCY_A, "PC 1")
    base_url, process = start_server(db_url, tmp_path / "data")
    try:
        with urllib.request.urlopen(f"{base_url}/v1/health", timeout=5) as resp:
            health = json.loads(resp.read())
        assert health["service"] == SERVICE_MARKER
        request = urllib.request.Request(
            f"{base_url}/v1/devices/enroll",
            data=json.dumps({"code": code, "public_key": "x"}).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(request, timeout=5)
        assert err.value.code == 400
        assert json.loads(err.value.read())["error"] == "malformed"
        err.value.close()
    finally:
        stop_server(process)
    assert process.returncode is not None
