"""Why a sync cycle stopped. Transient errors retry with backoff; the others need a person."""

from __future__ import annotations


class SyncError(Exception):
    """Base of the errors the engine raises on purpose."""

    outcome = "error"


class Transient(SyncError):
    """Network error, timeout, 5xx, 429, captive portal: retry later (``retry_after`` seconds
    at least, when the server said so)."""

    outcome = "transient"

    def __init__(self, detail: str, retry_after: float | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.retry_after = retry_after


class Offline(Transient):
    """No answer at all (connection refused, DNS, timeout)."""

    outcome = "offline"


class CaptivePortal(Transient):
    """Something answered, but not our server (a hotel/ISP login page, a proxy error page)."""

    outcome = "captive_portal"


class DeviceRevoked(SyncError):
    """403 device_revoked: stop syncing, keep every local row, tell the officer."""

    outcome = "revoked"


class UpdateRequired(SyncError):
    """426: this client's protocol is no longer accepted; work continues offline."""

    outcome = "update_required"


class NotEnrolled(SyncError):
    """No device identity in the store: run `motcua enroll` first."""

    outcome = "not_enrolled"


class EnrollRefused(SyncError):
    """The server refused the enrolment code (unknown, used or expired)."""

    outcome = "enroll_refused"


class ProtocolError(SyncError):
    """The server answered something the contract does not allow (a bug on one side)."""

    outcome = "protocol_error"
