"""Typed domain errors. The UI and the CLI turn them into Vietnamese text; nothing here is UI text."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error the domain raises on purpose."""


class InvalidInput(DomainError):
    """A value given by a person or a file is not acceptable. Nothing was written.

    Attributes:
        field: dotted name of the offending field, e.g. ``applicant.id_number``.
        reason: short machine-readable reason, e.g. ``required``, ``format``, ``unknown``.
        detail: a human-readable explanation (Vietnamese), safe to show as is.
    """

    def __init__(self, field: str, reason: str = "invalid", detail: str = "") -> None:
        self.field = field
        self.reason = reason
        self.detail = detail
        super().__init__(f"{field}: {detail or reason}")


class NotFound(DomainError):
    """The thing asked for does not exist."""

    def __init__(self, kind: str, key: object) -> None:
        self.kind = kind
        self.key = key
        super().__init__(f"{kind} not found: {key}")


class NotInitialised(DomainError):
    """The store has no commune settings yet (run `motcua init`)."""


class IllegalTransition(DomainError):
    """A lifecycle step that the dossier's current state does not allow. Nothing was changed."""

    def __init__(self, current: str, target: str, reason: str = "not_allowed") -> None:
        self.current = current
        self.target = target
        self.reason = reason
        super().__init__(f"{current} -> {target}: {reason}")


class SequenceExhausted(DomainError):
    """A device has issued all 999 dossier numbers of a day; numbering never wraps."""

    def __init__(self, day: str, device_no: int) -> None:
        self.day = day
        self.device_no = device_no
        super().__init__(f"device {device_no} has no dossier numbers left for {day}")
