"""Normalise listing text into comparable tokens that remember where they came from.

A token keeps its character span in the original text, so a finding can quote the words exactly
as the seller wrote them while matching works on a folded form: Unicode compatibility forms
(NFKC: fullwidth letters), case (casefold) and accents (`Nikè` -> `nike`) are folded away.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Letters and digits; apostrophes and hyphens split words (`L'Oréal` -> `l`, `oreal`).
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Token:
    norm: str
    start: int
    end: int


def fold(text: str) -> str:
    """NFKC, casefold, and strip combining accents: the form brands and text are compared in."""
    text = unicodedata.normalize("NFKC", text).casefold()
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokenize(text: str) -> list[Token]:
    """Word tokens of `text` with their spans in `text` itself."""
    tokens: list[Token] = []
    for m in _WORD.finditer(text):
        norm = fold(m.group())
        # Folding can split one word (`ﬁ` -> `fi` stays one; `Å` stays one); keep it whole.
        norm = "".join(part for part in _WORD.findall(norm))
        if norm:
            tokens.append(Token(norm, m.start(), m.end()))
    return tokens


def brand_tokens(name: str) -> tuple[str, ...]:
    """The folded word tokens of a brand name (`Ray-Ban` -> ('ray', 'ban'))."""
    return tuple(t.norm for t in tokenize(name))


def compact(name: str) -> str:
    """A brand name with spaces and punctuation removed (`Ray-Ban` -> `rayban`)."""
    return "".join(brand_tokens(name))
