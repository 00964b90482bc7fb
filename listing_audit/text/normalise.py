"""Normalise listing text into comparable tokens that remember where they came from.

A token keeps its character span in the original text, so a finding can quote the words exactly
as the seller wrote them, while matching works on a folded form:

- invisible format characters inside a word (zero-width space, soft hyphen, word joiner...) are
  dropped: `Ni<U+200B>ke` -> `nike`;
- Unicode compatibility forms are folded (NFKC): fullwidth `Ｎｉｋｅ`, circled or mathematical
  letters -> `nike`;
- letters from other scripts that look like Latin ones are replaced by the Latin letter they
  imitate (Unicode TR39 confusables, see `confusables.py`): Cyrillic `Nіke` -> `nike`;
- case is folded and accents are stripped: `NIKÈ` -> `nike`.

Each of these is remembered as a flag on the token, because a brand written that way is a
disguise and is reported as one. Plain ASCII text (most listings) takes a fast path.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import regex

from .confusables import to_latin

#: Token flags: how the word was written, when it was not plain.
ACCENT = 1  # accents the plain word does not have ("Nikè")
COMPAT = 2  # Unicode compatibility forms: fullwidth, circled, mathematical letters
INVISIBLE = 4  # invisible format characters inside the word
LOOKALIKE = 8  # letters from another script that look like Latin ones

# ASCII words in lower-cased ASCII text.
_ASCII_WORD = re.compile(r"[a-z0-9]+")
# A word: letters and digits, with combining marks inside it and invisible format characters
# between its letters (not trailing). Apostrophes and hyphens split words (`L'Oréal` -> l, oreal).
# Circled and squared letters (Ⓝⓘⓚⓔ, 🅽🅸🅺🅴) are symbols to Unicode but letters after NFKC.
_LETTER = r"\p{L}\p{N}\u24B6-\u24E9\U0001F130-\U0001F189"
_WORD = regex.compile(rf"[{_LETTER}](?:[{_LETTER}\p{{M}}]|\p{{Cf}}+(?=[{_LETTER}]))*")
_PLAIN = regex.compile(r"[\p{L}\p{N}]+")


@dataclass(frozen=True, slots=True)
class Token:
    norm: str
    start: int
    end: int
    flags: int = 0
    #: The folded word with its accents kept, when it has accents (to tell `Pokémon` from `Nikè`).
    marked: str = ""


def fold(text: str) -> str:
    """NFKC, casefold, and strip combining accents: the form brands and text are compared in."""
    text = unicodedata.normalize("NFKC", text).casefold()
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=262_144)
def fold_word(raw: str, latin_context: bool = True) -> tuple[str, int, str]:
    """(folded word, flags, accent-kept form or "") for one word as written.

    Look-alike letters from other scripts are read as the Latin letters they imitate when the
    text around the word is written in Latin letters (`latin_context`) or when the word itself
    mixes Latin letters with others (`АМАZОN`); a word in Greek or Cyrillic text keeps its own.
    """
    flags = 0
    visible = "".join(ch for ch in raw if unicodedata.category(ch) != "Cf")
    if len(visible) != len(raw):
        flags |= INVISIBLE
    nfkc = unicodedata.normalize("NFKC", visible)
    if nfkc != unicodedata.normalize("NFC", visible):
        flags |= COMPAT
    if not nfkc.isascii() and (latin_context or any(c.isascii() and c.isalpha() for c in nfkc)):
        latin = to_latin(nfkc)
        if latin != nfkc:
            flags |= LOOKALIKE
            nfkc = latin
    low = unicodedata.normalize("NFC", nfkc.casefold())
    decomposed = unicodedata.normalize("NFD", low)
    base = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    marked = ""
    if len(base) != len(decomposed):
        flags |= ACCENT
        marked = "".join(_PLAIN.findall(low))
    # Folding can turn one character into several (`½` -> `1⁄2`); keep the word whole.
    return "".join(_PLAIN.findall(base)), flags, marked


_ASCII_LETTER = re.compile(r"[A-Za-z]")
_ANY_LETTER = regex.compile(r"\p{L}")


def _latin_context(text: str) -> bool:
    """Whether `text` is mostly written in ASCII letters (a Latin-script listing)."""
    return len(_ASCII_LETTER.findall(text)) * 2 >= len(_ANY_LETTER.findall(text))


class FieldTokens:
    """The tokens of one field: folded forms, spans and flags in parallel lists.

    Plain ASCII text keeps only the folded forms until a span is asked for, which is what makes
    a catalog of clean listings cheap to scan.
    """

    __slots__ = ("text", "norms", "flags", "marked", "_spans")

    def __init__(self, text: str) -> None:
        self.text = text
        self.flags: list[int] | None = None
        self.marked: dict[int, str] = {}
        self._spans: list[tuple[int, int]] | None = None
        if text.isascii():
            self.norms: list[str] = _ASCII_WORD.findall(text.lower())
            return
        latin = _latin_context(text)
        norms: list[str] = []
        spans: list[tuple[int, int]] = []
        flags: list[int] = []
        for m in _WORD.finditer(text):
            norm, flag, marked = fold_word(m.group(), latin)
            if not norm:
                continue
            if marked:
                self.marked[len(norms)] = marked
            norms.append(norm)
            spans.append(m.span())
            flags.append(flag)
        self.norms = norms
        self._spans = spans
        self.flags = flags if any(flags) else None

    @property
    def spans(self) -> list[tuple[int, int]]:
        if self._spans is None:
            self._spans = [m.span() for m in _ASCII_WORD.finditer(self.text.lower())]
        return self._spans

    def flag(self, i: int) -> int:
        return self.flags[i] if self.flags is not None else 0

    def __len__(self) -> int:
        return len(self.norms)


def tokenize(text: str) -> list[Token]:
    """Word tokens of `text` with their spans in `text` itself."""
    field = FieldTokens(text)
    return [
        Token(norm, start, end, field.flag(i), field.marked.get(i, ""))
        for i, (norm, (start, end)) in enumerate(zip(field.norms, field.spans, strict=True))
    ]


def brand_tokens(name: str) -> tuple[str, ...]:
    """The folded word tokens of a brand name (`Ray-Ban` -> ('ray', 'ban'))."""
    return tuple(FieldTokens(name).norms)


def compact(name: str) -> str:
    """A brand name with spaces and punctuation removed (`Ray-Ban` -> `rayban`)."""
    return "".join(brand_tokens(name))
