"""Text normalisation for stored values (:func:`nfc`) and for diacritic-insensitive search (:func:`fold`).

``fold`` is the search key: ``fold("Nguyễn Thị Ánh") == "nguyen thi anh"``. It must give the same
key whether the text arrived precomposed (NFC, what keyboards on Windows produce) or decomposed
(NFD, what some macOS/web sources produce), so both the stored key and the query go through it.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold", "nfc"]

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def nfc(text: str) -> str:
    """NFC-normalise, strip, and collapse every run of whitespace (any Unicode space) to one space."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def _fold_char_stream(text: str) -> str:
    """Fold without collapsing: every character maps to letters/digits or spaces on its own.

    Steps: compatibility decomposition (so NFC and NFD input agree, and full-width digits become
    ASCII), case folding, removal of combining marks (tones and vowel marks), đ -> d, and every
    remaining character outside ``[a-z0-9]`` becomes a space. Each step works character by
    character, which is what lets :data:`_TABLE` be built from this function one character at a
    time and still agree with it on whole strings.
    """
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NOT_ALNUM.sub(lambda m: " " * len(m.group()), bare.replace("đ", "d"))


def _fold_slow(text: str) -> str:
    """Reference implementation of :func:`fold`; also the fallback for unusual characters."""
    return " ".join(_fold_char_stream(text).split())


def _build_table() -> dict[int, str]:
    """Translation table for every character the fast path knows, derived from the slow path.

    Covers ASCII, Latin-1, Latin Extended-A/B (includes ơ, ư, đ), Latin Extended Additional (the
    precomposed Vietnamese letters with tones), the combining diacritics (so NFD input stays on the
    fast path) and the common Unicode spaces/punctuation.
    """
    ranges = [
        range(0x0000, 0x0250),  # ASCII, Latin-1, Latin Extended-A and -B
        range(0x0300, 0x0370),  # combining diacritical marks
        range(0x1E00, 0x1F00),  # Latin Extended Additional (ạ, ả, ấ, ... ỹ)
        range(0x2000, 0x2070),  # general punctuation and spaces
    ]
    table: dict[int, str] = {}
    for block in ranges:
        for cp in block:
            folded = _fold_char_stream(chr(cp))
            if folded.isascii():
                table[cp] = folded
    return table


_TABLE = _build_table()


def fold(text: str) -> str:
    """Diacritic- and case-insensitive search key: lowercase ASCII words of ``[a-z0-9]``.

    >>> fold("Nguyễn Thị Ánh")
    'nguyen thi anh'
    >>> fold("000.17.22.H56-261124-1001")
    '000 17 22 h56 261124 1001'

    Fast path: one ``str.translate`` with a precomputed table. Characters outside the table are
    left untouched by ``translate``, so a non-ASCII result means the text needs the full
    Unicode path.
    """
    mapped = text.translate(_TABLE)
    if mapped.isascii():
        return " ".join(mapped.split())
    return _fold_slow(text)
