"""Finding a procedure by typing: part of its name (diacritics optional), its code, or initials.

Qt-free apart from nothing at all: the dialog feeds :meth:`ProcedureIndex.search` the text of the
procedure field on every keystroke (46 procedures: well under a millisecond).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from app.catalogue import ProcedureRow
from app.textnorm import fold

# What a commune desk receives most (domain.md §8): offered first, and first among equal matches.
COMMON_CODES: tuple[str, ...] = (
    "1.001193",  # Đăng ký khai sinh
    "2.000815",  # Chứng thực bản sao từ bản chính
    "2.000884",  # Chứng thực chữ ký
    "1.000656",  # Đăng ký khai tử
    "1.000894",  # Đăng ký kết hôn
    "1.004873",  # Cấp Giấy xác nhận tình trạng hôn nhân
    "2.000635",  # Cấp bản sao Trích lục hộ tịch
)

_NOT_CODE = re.compile(r"[^0-9a-z.]")


@dataclass(frozen=True)
class _Entry:
    row: ProcedureRow
    name: str  # folded
    words: tuple[str, ...]
    initials: str
    code: str  # lower case
    digits: str
    common: int  # position in COMMON_CODES, len(COMMON_CODES) when not common


class ProcedureIndex:
    """The current catalogue, ready to be searched as the officer types."""

    def __init__(self, rows: Sequence[ProcedureRow]) -> None:
        rank = {code: i for i, code in enumerate(COMMON_CODES)}
        entries = []
        for row in rows:
            name = fold(row.name)
            words = tuple(name.split())
            entries.append(
                _Entry(
                    row=row,
                    name=name,
                    words=words,
                    initials="".join(w[0] for w in words),
                    code=row.code.lower(),
                    digits="".join(ch for ch in row.code if ch.isdigit()),
                    common=rank.get(row.code, len(COMMON_CODES)),
                )
            )
        # Empty query: the common ones first, then the catalogue's order (field, code).
        self._entries = sorted(entries, key=lambda e: e.common)
        self._by_code = {r.code: r for r in rows}
        self.rows = list(rows)

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, code: str) -> ProcedureRow | None:
        return self._by_code.get(code)

    def search(self, query: str) -> list[ProcedureRow]:
        """Matches, best first: exact code, code part, words starting with what was typed,
        words containing it, initials ("dkks" = Đăng ký khai sinh); common ones first among
        equals, then shorter names."""
        tokens = fold(query).split()
        if not tokens:
            return [e.row for e in self._entries]
        code_q = _NOT_CODE.sub("", query.lower())
        digits_q = "".join(ch for ch in query if ch.isdigit())
        scored: list[tuple[int, int, int, ProcedureRow]] = []
        for e in self._entries:
            grade = self._grade(e, tokens, code_q, digits_q)
            if grade is not None:
                scored.append((grade, e.common, len(e.row.name), e.row))
        scored.sort(key=lambda s: s[:3])
        return [s[3] for s in scored]

    @staticmethod
    def _grade(e: _Entry, tokens: list[str], code_q: str, digits_q: str) -> int | None:
        if code_q and code_q == e.code:
            return 0
        if (len(code_q) >= 3 and code_q in e.code) or (len(digits_q) >= 3 and digits_q in e.digits):
            return 1
        if all(any(w.startswith(t) for w in e.words) for t in tokens):
            return 2
        if all(t in e.name for t in tokens):
            return 3
        if len(tokens) == 1 and len(tokens[0]) >= 2 and tokens[0] in e.initials:
            return 4
        return None
