"""Text normalisation and the diacritic-insensitive search key."""

from __future__ import annotations

import re
import string
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.textnorm import _fold_slow, fold, nfc

# Every precomposed Vietnamese letter, written out: 12 vowels a ă â e ê i o ô ơ u ư y with
# 5 tones (sắc, huyền, hỏi, ngã, nặng) and the toneless ă â ê ô ơ ư, plus đ — 67 lower-case and
# 67 upper-case letters = 134. Each row: what the letters must fold to, the letters.
VIETNAMESE_LOWER: list[tuple[str, str]] = [
    ("a", "áàảãạ"),
    ("a", "ăắằẳẵặ"),
    ("a", "âấầẩẫậ"),
    ("e", "éèẻẽẹ"),
    ("e", "êếềểễệ"),
    ("i", "íìỉĩị"),
    ("o", "óòỏõọ"),
    ("o", "ôốồổỗộ"),
    ("o", "ơớờởỡợ"),
    ("u", "úùủũụ"),
    ("u", "ưứừửữự"),
    ("y", "ýỳỷỹỵ"),
    ("d", "đ"),
]
VIETNAMESE_UPPER: list[tuple[str, str]] = [
    ("a", "ÁÀẢÃẠ"),
    ("a", "ĂẮẰẲẴẶ"),
    ("a", "ÂẤẦẨẪẬ"),
    ("e", "ÉÈẺẼẸ"),
    ("e", "ÊẾỀỂỄỆ"),
    ("i", "ÍÌỈĨỊ"),
    ("o", "ÓÒỎÕỌ"),
    ("o", "ÔỐỒỔỖỘ"),
    ("o", "ƠỚỜỞỠỢ"),
    ("u", "ÚÙỦŨỤ"),
    ("u", "ƯỨỪỬỮỰ"),
    ("y", "ÝỲỶỸỴ"),
    ("d", "Đ"),
]
LETTERS: list[tuple[str, str]] = [
    (letter, base)
    for table in (VIETNAMESE_LOWER, VIETNAMESE_UPPER)
    for base, letters in table
    for letter in letters
]

TONES = "\u0301\u0300\u0309\u0303\u0323"  # sắc, huyền, hỏi, ngã, nặng
VOWEL_MARKS = {
    "ă": "a\u0306",
    "â": "a\u0302",
    "ê": "e\u0302",
    "ô": "o\u0302",
    "ơ": "o\u031b",
    "ư": "u\u031b",
}


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def nfc_only(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# --- the letter table -------------------------------------------------------------------------


def test_letter_table_is_complete_and_precomposed() -> None:
    letters = [letter for letter, _ in LETTERS]
    assert len(letters) == 134
    assert len(set(letters)) == 134
    for letter in letters:
        assert len(letter) == 1
        assert letter == nfc_only(letter)
    lower = "".join(letters for _, letters in VIETNAMESE_LOWER)
    upper = "".join(letters for _, letters in VIETNAMESE_UPPER)
    assert lower.upper() == upper
    assert upper.lower() == lower


def test_letter_table_matches_the_composition_rules() -> None:
    # the same 67 lower-case letters, built from base letter + marks
    built = {"đ"}
    for vowel in ["a", "e", "i", "o", "u", "y", *VOWEL_MARKS]:
        decomposed = VOWEL_MARKS.get(vowel, vowel)
        if vowel in VOWEL_MARKS:
            built.add(nfc_only(decomposed))
        built.update(nfc_only(decomposed + tone) for tone in TONES)
    assert built == set("".join(letters for _, letters in VIETNAMESE_LOWER))


@pytest.mark.parametrize(("letter", "base"), LETTERS)
def test_every_vietnamese_letter_folds_to_its_base(letter: str, base: str) -> None:
    assert fold(letter) == base
    assert fold(nfd(letter)) == base
    assert fold(f"x{letter}x") == f"x{base}x"
    assert _fold_slow(letter) == base


# --- examples ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Nguyễn Thị Ánh", "nguyen thi anh"),
        ("Đặng", "dang"),
        ("đặng", "dang"),
        ("Giàng A Páo", "giang a pao"),
        ("000.17.22.H56-261124-1001", "000 17 22 h56 261124 1001"),
        ("  TRẦN   thị\tBÍCH\u00a0Ngọc  ", "tran thi bich ngoc"),
        ("Hồ Chí Minh, Q.1", "ho chi minh q 1"),
        ("Nguyễn-Văn_An/2", "nguyen van an 2"),
        ("", ""),
        ("  ,.;  ", ""),
        ("Thừa Thiên – Huế", "thua thien hue"),
        ("Bà Rịa - Vũng Tàu", "ba ria vung tau"),
        ("\uff10\uff11 Café", "01 cafe"),  # full-width digits
        ("Straße", "strasse"),
        ("Lò Văn Páo 😀 ký", "lo van pao ky"),
    ],
)
def test_fold_examples(text: str, key: str) -> None:
    assert fold(text) == key
    assert fold(nfd(text)) == key
    assert _fold_slow(text) == key


def test_fold_decomposed_input() -> None:
    decomposed = nfd("Nguyễn Thị Ánh")
    assert decomposed != "Nguyễn Thị Ánh"
    assert fold(decomposed) == "nguyen thi anh"
    # marks in a non-canonical order (nặng before circumflex) still fold the same
    assert fold("Nguo\u0323\u0302c") == fold("Nguo\u0302\u0323c") == fold("Nguộc") == "nguoc"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  Nguyễn   Thị\tÁnh \n", "Nguyễn Thị Ánh"),
        ("Nguye\u0302\u0303n", "Nguyễn"),
        ("a\u00a0\u2003b", "a b"),
        ("", ""),
        ("   ", ""),
        ("000.17.22.H56-261124-1001", "000.17.22.H56-261124-1001"),
    ],
)
def test_nfc_examples(text: str, expected: str) -> None:
    assert nfc(text) == expected


# --- properties -------------------------------------------------------------------------------

_VIETNAMESE = "".join(letter for letter, _ in LETTERS)
_ALPHABET = _VIETNAMESE + string.ascii_letters + string.digits + string.punctuation + " \t\n\u00a0"
_COMBINING = "\u0300\u0301\u0302\u0303\u0306\u0309\u031b\u0323"
texts = st.text(
    alphabet=st.sampled_from(_ALPHABET) | st.sampled_from(_COMBINING) | st.characters(),
    max_size=40,
)
_KEY = re.compile(r"(?:[a-z0-9]+(?: [a-z0-9]+)*)?")


@given(texts)
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@given(texts)
def test_fold_ignores_normal_form(text: str) -> None:
    assert fold(nfd(text)) == fold(nfc_only(text)) == fold(text)


@given(texts)
def test_fold_output_shape(text: str) -> None:
    assert _KEY.fullmatch(fold(text))


@given(texts)
def test_fast_path_agrees_with_reference(text: str) -> None:
    assert fold(text) == _fold_slow(text)


@given(texts)
def test_nfc_is_idempotent_and_normalised(text: str) -> None:
    once = nfc(text)
    assert nfc(once) == once
    assert once == nfc_only(once)
    assert once == once.strip()
    assert "  " not in once
    assert fold(once) == fold(text)
