"""The dossier state machine, its rules (domain.md §1, §4) and the national status mapping.

Pure functions: they decide, they never write. ``app.dossiers`` applies the decision, its event
and its outbox row in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.errors import IllegalTransition


class State(StrEnum):
    # Filed online (level 3/4) and pulled from the upstream into the desk's inbox: the officer
    # checks it and either receives it (RECEIVED) or refuses it.
    ONLINE_SUBMITTED = "online_submitted"
    RECEIVED = "received"
    IN_PROCESS = "in_process"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    SUPPLEMENT_RECEIVED = "supplement_received"
    FORWARDED = "forwarded"
    RESULT_READY = "result_ready"
    RETURNED = "returned"
    REFUSED = "refused"
    WITHDRAWAL_REQUESTED = "withdrawal_requested"
    STOPPED = "stopped"


# Vietnamese labels used by the CLI and as the source text of the UI's translations.
LABELS_VI: dict[State, str] = {
    State.ONLINE_SUBMITTED: "Nộp trực tuyến, chờ tiếp nhận",
    State.RECEIVED: "Đã tiếp nhận",
    State.IN_PROCESS: "Đang giải quyết",
    State.SUPPLEMENT_REQUESTED: "Chờ bổ sung hồ sơ",
    State.SUPPLEMENT_RECEIVED: "Đã nhận bổ sung",
    State.FORWARDED: "Đã chuyển cơ quan giải quyết",
    State.RESULT_READY: "Có kết quả, chờ trả",
    State.RETURNED: "Đã trả kết quả",
    State.REFUSED: "Từ chối tiếp nhận",
    State.WITHDRAWAL_REQUESTED: "Công dân xin rút hồ sơ",
    State.STOPPED: "Dừng giải quyết",
}

# TrangThaiHoSo of the national portal (domain.md §3.1), applied at the sync boundary.
NATIONAL_STATUS: dict[State, int] = {
    State.ONLINE_SUBMITTED: 1,
    State.RECEIVED: 2,
    State.IN_PROCESS: 4,
    State.SUPPLEMENT_REQUESTED: 5,
    State.SUPPLEMENT_RECEIVED: 4,
    State.FORWARDED: 4,
    State.RESULT_READY: 9,
    State.RETURNED: 10,
    State.REFUSED: 3,
    State.WITHDRAWAL_REQUESTED: 7,
    State.STOPPED: 8,
}

ALLOWED: dict[State, frozenset[State]] = {
    State.ONLINE_SUBMITTED: frozenset({State.RECEIVED, State.REFUSED}),
    State.RECEIVED: frozenset(
        {
            State.IN_PROCESS,
            State.SUPPLEMENT_REQUESTED,
            State.FORWARDED,
            State.REFUSED,
            State.WITHDRAWAL_REQUESTED,
        }
    ),
    State.IN_PROCESS: frozenset(
        {
            State.RESULT_READY,
            State.SUPPLEMENT_REQUESTED,
            State.FORWARDED,
            State.WITHDRAWAL_REQUESTED,
            State.STOPPED,
        }
    ),
    State.SUPPLEMENT_REQUESTED: frozenset(
        {State.SUPPLEMENT_RECEIVED, State.WITHDRAWAL_REQUESTED, State.STOPPED}
    ),
    State.SUPPLEMENT_RECEIVED: frozenset(
        {State.IN_PROCESS, State.FORWARDED, State.RESULT_READY, State.WITHDRAWAL_REQUESTED}
    ),
    State.FORWARDED: frozenset(
        {
            State.RESULT_READY,
            State.SUPPLEMENT_REQUESTED,
            State.WITHDRAWAL_REQUESTED,
            State.STOPPED,
        }
    ),
    State.RESULT_READY: frozenset({State.RETURNED}),
    State.WITHDRAWAL_REQUESTED: frozenset({State.STOPPED}),
    State.RETURNED: frozenset(),
    State.REFUSED: frozenset(),
    State.STOPPED: frozenset(),
}

TERMINAL = frozenset(s for s, targets in ALLOWED.items() if not targets)

# Steps whose reason is printed on a form (Mẫu 02/03/05) or demanded by the rules.
REASON_REQUIRED = frozenset(
    {State.SUPPLEMENT_REQUESTED, State.REFUSED, State.WITHDRAWAL_REQUESTED, State.STOPPED}
)

MAX_SUPPLEMENT_REQUESTS = 1  # asking twice is a prohibited act; QĐ 766 counts it late
MAX_EXTENSIONS = 1


@dataclass(frozen=True)
class DossierFacts:
    """What the rules need to know about a dossier."""

    state: State
    supplement_count: int
    extension_count: int


def parse_state(text: str) -> State:
    try:
        return State(text.strip().lower())
    except ValueError:
        raise IllegalTransition(current="?", target=text, reason="unknown_state") from None


def check_transition(facts: DossierFacts, target: State, reason: str) -> None:
    """Raise IllegalTransition unless ``facts.state -> target`` is allowed with this reason."""
    if target not in ALLOWED[facts.state]:
        why = "terminal" if facts.state in TERMINAL else "not_allowed"
        raise IllegalTransition(facts.state.value, target.value, why)
    if target is State.SUPPLEMENT_REQUESTED and facts.supplement_count >= MAX_SUPPLEMENT_REQUESTS:
        raise IllegalTransition(facts.state.value, target.value, "supplement_once")
    if target in REASON_REQUIRED and not reason.strip():
        raise IllegalTransition(facts.state.value, target.value, "reason_required")


def check_extension(facts: DossierFacts, reason: str) -> None:
    """One extension (Mẫu 04) per dossier, with a reason, while it is still open."""
    if facts.state in TERMINAL or facts.state is State.RESULT_READY:
        raise IllegalTransition(facts.state.value, "extension", "not_open")
    if facts.extension_count >= MAX_EXTENSIONS:
        raise IllegalTransition(facts.state.value, "extension", "extension_once")
    if not reason.strip():
        raise IllegalTransition(facts.state.value, "extension", "reason_required")


def allowed_targets(facts: DossierFacts) -> list[State]:
    """The steps the UI may offer now (a disallowed one is explained by check_transition)."""
    out = []
    for target in sorted(ALLOWED[facts.state], key=list(State).index):
        if target is State.SUPPLEMENT_REQUESTED and facts.supplement_count >= 1:
            continue
        out.append(target)
    return out
