"""Near misses: misspelled brand words (`Addidas`, `Gucchi`, `Vuiton`) and digit-for-letter swaps
(`N1ke`, `AMAZ0N`), found without comparing every word with every brand.

**Misspellings.** The brand words are indexed once by their deletion neighbourhood (the
SymSpell idea, Wolf Garbe 2012): every brand word is stored under itself and under each string
made by deleting up to `budget` letters. A listing word is then looked up under its own
deletions; two words within the edit budget always share an entry, so the candidates come from
a handful of dictionary look-ups, and each is confirmed with the optimal-string-alignment
distance (a doubled, dropped, changed, or swapped pair of letters each cost one edit).

Edits are allowed by the brand word's length (no edits for short words: `bike` is not `Nike`),
and a listing word that is itself a word of the language is never read as a misspelled brand
(`crocks` is not `Crocs`, `prado` is not `Prada`): see `dictionary.py`.

**Digit swaps.** A word that mixes letters and digits (`N1ke`, `AD1DA5`) is read with each digit
turned into the letter it stands for; model numbers (`iPhone 15`, `PS5`, `X100`) are left as
they are, because the result must be a brand word, the word needs at least as many letters
as digits, and a three-character word only counts with its digit inside (`K1A`, not `PS5`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz.distance import OSA

#: Digits that stand in for letters (leetspeak); `1` may be an `i` or an `l`.
DIGIT_LETTERS: dict[str, str] = {
    "0": "o",
    "1": "il",
    "2": "z",
    "3": "e",
    "4": "a",
    "5": "s",
    "6": "gb",
    "7": "t",
    "8": "b",
    "9": "g",
}
#: At most this many readings of one word are tried (a word of many ambiguous digits).
MAX_DIGIT_READINGS = 32
_NUMBER_AND_WORD = re.compile(r"\d{2,}[a-z]+|[a-z]+\d{2,}")


@dataclass(frozen=True, slots=True)
class EditBudget:
    """How many edits a brand word of a given length may take before it stops being that word."""

    one_edit_from: int = 5
    two_edits_from: int = 0  # 0: never

    def __call__(self, length: int) -> int:
        if self.two_edits_from and length >= self.two_edits_from:
            return 2
        if length >= self.one_edit_from:
            return 1
        return 0


def _deletions(word: str, depth: int) -> set[str]:
    out: set[str] = set()
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        out |= frontier
    return out


class DeletionIndex:
    """Brand words indexed by their deletion neighbourhoods, for near-miss look-ups."""

    def __init__(self, words: Iterable[str], budget: EditBudget) -> None:
        self.budget = budget
        self._index: dict[str, str | list[str]] = {}
        self.words: set[str] = set()
        for word in words:
            depth = budget(len(word))
            if depth == 0 or word in self.words:
                continue
            self.words.add(word)
            for key in (word, *_deletions(word, depth)):
                old = self._index.get(key)
                if old is None:
                    self._index[key] = word
                elif isinstance(old, str):
                    self._index[key] = [old, word]
                else:
                    old.append(word)

    def __len__(self) -> int:
        return len(self._index)

    def lookup(self, token: str) -> list[tuple[str, int]]:
        """Brand words within their edit budget of `token`, closest first: (word, distance)."""
        if len(token) < self.budget.one_edit_from - 1:
            return []
        two = self.budget.two_edits_from
        depth = 2 if two and len(token) >= two - 2 else 1
        seen: set[str] = set()
        found: list[tuple[str, int]] = []
        for key in (token, *_deletions(token, depth)):
            hit = self._index.get(key)
            if hit is None:
                continue
            for word in (hit,) if isinstance(hit, str) else hit:
                if word in seen or word == token:
                    continue
                seen.add(word)
                limit = self.budget(len(word))
                distance = OSA.distance(token, word, score_cutoff=limit)
                if distance <= limit:
                    found.append((word, distance))
        found.sort(key=lambda item: (item[1], item[0]))
        return found


def digit_readings(token: str) -> list[str]:
    """The ways to read a letters-and-digits word with its digits as letters (`n1ke` -> nike,
    nlke). Empty for words that look like model numbers or sizes: fewer letters than digits,
    no letters at all, three characters ending in a digit, or a number of two digits or more
    written onto a word ("40oz", "iphone15")."""
    digits = sum(ch.isdigit() for ch in token)
    letters = len(token) - digits
    if digits == 0 or letters == 0 or letters < digits or len(token) < 3:
        return []
    if len(token) == 3 and not (token[0].isalpha() and token[2].isalpha()):
        return []  # "PS5", "3DS": a short code, unless the digit sits inside ("K1A")
    if _NUMBER_AND_WORD.fullmatch(token):
        return []  # "40oz", "iphone15": a number written onto a word
    if not all(ch.isalpha() or ch in DIGIT_LETTERS for ch in token):
        return []
    choices = [DIGIT_LETTERS.get(ch, ch) for ch in token]
    return ["".join(p) for p in itertools.islice(itertools.product(*choices), MAX_DIGIT_READINGS)]
