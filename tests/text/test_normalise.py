"""Normalisation, look-alike letters, near misses and the dictionary guard, as examples of use."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from listing_audit.text.confusables import to_latin
from listing_audit.text.dictionary import is_word
from listing_audit.text.nearmiss import DeletionIndex, EditBudget, digit_readings
from listing_audit.text.normalise import (
    ACCENT,
    COMPAT,
    INVISIBLE,
    LOOKALIKE,
    brand_tokens,
    compact,
    tokenize,
)


@pytest.mark.parametrize(
    ("text", "norm", "flags"),
    [
        ("Nike", "nike", 0),
        ("NIKE", "nike", 0),
        ("Nіke", "nike", LOOKALIKE),  # Cyrillic і
        ("АМАZОN", "amazon", LOOKALIKE),  # Cyrillic А, М, О among Latin letters
        ("Ni\u200bke", "nike", INVISIBLE),
        ("Ni\u2060ke", "nike", INVISIBLE),
        ("Ｎｉｋｅ", "nike", COMPAT),
        ("𝐍𝐢𝐤𝐞", "nike", COMPAT),
        ("Ⓝⓘⓚⓔ", "nike", COMPAT),
        ("Nikè", "nike", ACCENT),
        ("Ni\u0301ke", "nike", ACCENT),  # a combining accent inside the word
        ("Pokémon", "pokemon", ACCENT),
    ],
)
def test_a_word_is_folded_and_remembers_how_it_was_written(
    text: str, norm: str, flags: int
) -> None:
    (token,) = tokenize(text)
    assert (token.norm, token.flags) == (norm, flags)
    assert text[token.start : token.end] == text


def test_greek_and_cyrillic_text_keeps_its_own_letters() -> None:
    assert [t.norm for t in tokenize("ΚΑΙ ΤΟ")] == ["και", "το"]
    assert [t.norm for t in tokenize("Кошка и собака")] == ["кошка", "и", "собака"]


def test_brand_names_fold_like_text() -> None:
    assert brand_tokens("Ray-Ban") == ("ray", "ban")
    assert compact("L'Oréal Paris") == "lorealparis"
    assert compact("M&M's") == "mms"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_token_spans_always_point_into_the_text(text: str) -> None:
    for token in tokenize(text):
        assert 0 <= token.start < token.end <= len(text)
        assert token.norm
        assert token.norm == token.norm.casefold()


def test_look_alike_letters_read_as_latin() -> None:
    assert to_latin("Nіke") == "Nike"
    assert to_latin("ΝΙΚΕ") == "NIKE"  # Greek capitals; TR39's `l` prototype read as `I`
    assert to_latin("ѕаmѕung") == "samsung"


# -- near misses -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("addidas", [("adidas", 1)]),  # doubled letter
        ("adias", [("adidas", 1)]),  # dropped letter
        ("adodas", [("adidas", 1)]),  # changed letter
        ("aiddas", [("adidas", 1)]),  # swapped letters
        ("adidas", []),  # the word itself is an exact match, not a near miss
        ("bike", []),  # nike is too short for edits
        ("abidjan", []),
    ],
)
def test_deletion_index_finds_one_edit(word: str, expected: list[tuple[str, int]]) -> None:
    index = DeletionIndex(["adidas", "nike", "vuitton"], EditBudget())
    assert index.lookup(word) == expected


def test_edit_budget_depends_on_length() -> None:
    budget = EditBudget(one_edit_from=5, two_edits_from=12)
    assert [budget(n) for n in (3, 4, 5, 11, 12)] == [0, 0, 1, 1, 2]
    assert EditBudget()(30) == 1  # two edits are off by default
    two = DeletionIndex(["swarovskicrystal"], budget)
    assert two.lookup("swarovskycristal") == [("swarovskicrystal", 2)]


@pytest.mark.parametrize(
    ("word", "readings"),
    [
        ("n1ke", ["nike", "nlke"]),
        ("amaz0n", ["amazon"]),
        ("k1a", ["kia", "kla"]),
        ("ps5", []),  # a short code ending in a digit
        ("x100", []),  # more digits than letters
        ("15", []),
        ("40oz", []),
    ],
)
def test_digit_readings(word: str, readings: list[str]) -> None:
    assert digit_readings(word) == readings


@pytest.mark.parametrize(
    ("word", "ordinary"),
    [("bike", True), ("crocks", True), ("prado", True), ("addidas", False), ("vuiton", False)],
)
def test_dictionary_guard(word: str, ordinary: bool) -> None:
    assert is_word(word, ("en", "de", "fr", "es", "it"), 1.5) is ordinary
    assert not is_word(word, (), 1.5)
