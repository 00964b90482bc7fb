"""Context cues: the words around a brand that change what the mention means.

- A counterfeit signal next to a brand ("Nike Style", "Stanley Quencher Dupe", "inspired by
  Louis Vuitton", "1:1", "AAA quality") makes the mention a copy claim.
- A compatibility phrase just before it ("compatible with", "replacement for", "fits", "for")
  makes it a truthful statement of what the product works with, stronger when a model follows
  ("for iPhone 15 Pro").
- For a brand that is also an ordinary word ("apple", "coach", "polo"), the signs that the
  brand is meant: written in capitals where the text around is not, "by Coach", "Apple brand",
  ®/™, or a model name after it ("Ninja BL610").

Every phrase list is in rules/default.toml ([context]); nothing here is a phrase of its own.
Phrases are found with one regular expression per list, and only in fields that name a brand.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .normalise import FieldTokens

# Punctuation that ends the sentence or clause a cue and its brand must share. A full stop
# inside a number ("11.5") does not count.
_BARRIER = re.compile(r"[;!?|•()\[\]{}\n\r\t]|\.(?!\d)")
_BARRIER_AFTER = re.compile(r"[;!?|•()\[\]{}\n\r\t,:/]|\.(?!\d)")
_MARK_AFTER = re.compile(r"\s*(?:®|™|\((?:r|tm)\))", re.IGNORECASE)
_SENTENCE_END = frozenset(".!?:\n")
_LETTERS = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True, slots=True)
class Cue:
    """A phrase found next to a brand: its kind, the words as written, and whether it is weak."""

    kind: str  # counterfeit | compatible
    phrase: str
    weak: bool
    model: str = ""  # the model named after the brand, for a compatibility claim


@dataclass(frozen=True, slots=True)
class _Found:
    first: int  # token index
    last: int
    start: int  # character span
    end: int
    weak: bool


def _phrase_pattern(phrase: str) -> str:
    parts = [p for p in re.split(r"[\s\-]+", phrase.strip()) if p]
    return r"[\s\-]+".join(r"[^\W_]+" if p == "*" else re.escape(p) for p in parts)


class _PhraseList:
    """One list of phrases compiled into a single expression; `weak` phrases are remembered."""

    def __init__(self, phrases: Iterable[str], weak: Iterable[str] = ()) -> None:
        unique = sorted({p.strip().casefold() for p in phrases if p.strip()}, key=len)[::-1]
        # The folded first word of every phrase: a field without any of them is not searched.
        firsts = [FieldTokens(p.split()[0]).norms[:1] for p in unique]
        self._firsts = (
            frozenset(f[0] for f in firsts if f) if all(firsts) and "*" not in unique else None
        )
        weak_set = {w.strip().casefold() for w in weak}
        self._weak = [p in weak_set for p in unique]
        body = "|".join(f"(?P<p{i}>{_phrase_pattern(p)})" for i, p in enumerate(unique))
        self._re = (
            re.compile(rf"(?<![^\W_])(?:{body})(?![^\W_])", re.IGNORECASE) if unique else None
        )

    def find(self, field: FieldTokens, starts: Sequence[int], ends: Sequence[int]) -> list[_Found]:
        if self._re is None:
            return []
        if self._firsts is not None and self._firsts.isdisjoint(field.norms):
            return []
        found: list[_Found] = []
        for m in self._re.finditer(field.text):
            first = bisect.bisect_left(ends, m.start() + 1)
            last = bisect.bisect_right(starts, m.end() - 1) - 1
            if first > last:
                continue
            index = int((m.lastgroup or "p0")[1:])
            found.append(_Found(first, last, m.start(), m.end(), self._weak[index]))
        return found


class ContextRules:
    """The [context] phrase lists of the rules, compiled once per scan."""

    def __init__(self, table: dict[str, Any]) -> None:
        weak = list(table.get("counterfeit_weak", []))
        self.near = _PhraseList(table.get("counterfeit_near", []), weak)
        self.before = _PhraseList(table.get("counterfeit_before", []), weak)
        self.after = _PhraseList(table.get("counterfeit_after", []), weak)
        self.compatible = _PhraseList(
            table.get("compatible_before", []), table.get("compatible_weak", [])
        )
        self.fillers = frozenset(w.casefold() for w in table.get("fillers", []))
        self.model_words = frozenset(w.casefold() for w in table.get("model_words", []))
        self.units = frozenset(w.casefold() for w in table.get("units", []))
        unit_alt = "|".join(sorted((re.escape(u) for u in self.units), key=len, reverse=True))
        self._size = re.compile(rf"\d+(?:{unit_alt})?|\d+(?:x\d+)+") if unit_alt else None
        self.evidence_before = frozenset(w.casefold() for w in table.get("evidence_before", []))
        self.evidence_after = frozenset(w.casefold() for w in table.get("evidence_after", []))
        self.window = int(table.get("window", 5))
        self.max_gap = int(table.get("max_gap", 4))
        self.after_gap = int(table.get("after_gap", 1))

    def is_model(self, token: str, following: str | None) -> bool:
        """Whether `token` names a model: a model word, a bare number that is not a count or
        size ("15", not "50 pack"), or a letters-and-digits code that is not a size ("BL610",
        not "40oz")."""
        if token in self.model_words:
            return True
        if token.isdigit():
            return following is None or following not in self.units
        if not any(ch.isdigit() for ch in token):
            return False
        if following in self.model_words:
            return True  # "2nd Gen", "3rd Generation"
        return self._size is None or not self._size.fullmatch(token)


class FieldContext:
    """The cues of one field, found once and asked about each brand mention in it."""

    def __init__(self, field: FieldTokens, rules: ContextRules, covered: set[int]) -> None:
        self.field = field
        self.rules = rules
        self.covered = covered
        spans = field.spans
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]
        self._near = rules.near.find(field, self.starts, self.ends)
        self._before = rules.before.find(field, self.starts, self.ends)
        self._after = rules.after.find(field, self.starts, self.ends)
        self._compatible = rules.compatible.find(field, self.starts, self.ends)
        self._words: list[tuple[int, str]] | None = None

    def _case_ratios(self, start: int, end: int) -> tuple[float, float]:
        """(share of words in capitals, share capitalised) in the field, leaving out the words
        at start..end: is the field written in capitals, Title Case, or sentence case?"""
        if self._words is None:
            self._words = [(m.start(), m.group()) for m in _LETTERS.finditer(self.field.text)]
        words = [w for s, w in self._words if not start <= s < end]
        if not words:
            return 0.0, 0.0
        return (
            sum(w.isupper() for w in words) / len(words),
            sum(w[0].isupper() for w in words) / len(words),
        )

    # -- helpers -------------------------------------------------------------------------------

    def _free_gap(self, first: int, last: int) -> list[int]:
        """Token indices in [first, last] that are not fillers, brand words or model words."""
        norms = self.field.norms
        free = []
        for i in range(first, last + 1):
            if i in self.covered or norms[i] in self.rules.fillers:
                continue
            nxt = norms[i + 1] if i + 1 < len(norms) else None
            if self.rules.is_model(norms[i], nxt):
                continue
            free.append(i)
        return free

    def _written(self, start: int, end: int) -> str:
        return " ".join(self.field.text[start:end].split())

    # -- cues ----------------------------------------------------------------------------------

    def counterfeit(self, first: int, last: int) -> Cue | None:
        """The copy signal next to the mention spanning tokens first..last, strongest first."""
        text = self.field.text
        hit_start, hit_end = self.starts[first], self.ends[last]
        found: list[Cue] = []
        for f in self._near:
            if f.last < first and first - f.last <= self.rules.window:
                if not _BARRIER.search(text, f.end, hit_start):
                    found.append(Cue("counterfeit", self._written(f.start, f.end), f.weak))
            elif f.first > last and f.first - last <= self.rules.window:
                if not _BARRIER.search(text, hit_end, f.start):
                    found.append(Cue("counterfeit", self._written(f.start, f.end), f.weak))
        for f in self._before:
            if f.last < first and f.last >= first - 1 - self.rules.max_gap:
                gap_ok = not self._free_gap(f.last + 1, first - 1)
                if gap_ok and not _BARRIER.search(text, f.end, hit_start):
                    found.append(Cue("counterfeit", self._written(f.start, f.end), f.weak))
        for f in self._after:
            if f.first > last and f.first <= last + 1 + self.rules.after_gap + 2:
                free = self._free_gap(last + 1, f.first - 1)
                if len(free) <= self.rules.after_gap and not _BARRIER_AFTER.search(
                    text, hit_end, f.start
                ):
                    found.append(Cue("counterfeit", self._written(f.start, f.end), f.weak))
        found.sort(key=lambda c: c.weak)
        return found[0] if found else None

    def compatible(self, first: int, last: int) -> Cue | None:
        """The compatibility phrase just before the mention, with the model named after it."""
        text = self.field.text
        hit_start = self.starts[first]
        best: Cue | None = None
        for f in self._compatible:
            if not (f.last < first and f.last >= first - 1 - self.rules.max_gap):
                continue
            if self._free_gap(f.last + 1, first - 1) or _BARRIER.search(text, f.end, hit_start):
                continue
            cue = Cue("compatible", self._written(f.start, f.end), f.weak, self.model_after(last))
            if best is None or (best.weak and not cue.weak):
                best = cue
        return best

    def model_after(self, last: int) -> str:
        """The model named right after a mention ("15 Pro", "Series 9", "BL610"), or ""."""
        norms = self.field.norms
        i = last + 1
        if i >= len(norms):
            return ""
        if _BARRIER_AFTER.search(self.field.text, self.ends[last], self.starts[i]):
            return ""
        end = i
        while end < len(norms) and end < i + 3:
            nxt = norms[end + 1] if end + 1 < len(norms) else None
            if end in self.covered or self.rules.is_model(norms[end], nxt):
                end += 1
                continue
            break
        if end == i:
            return ""
        return self._written(self.starts[i], self.ends[end - 1])

    def brand_evidence(self, first: int, last: int) -> str:
        """Why a brand that is also an ordinary word reads as the brand here, or ""."""
        text = self.field.text
        start, end = self.starts[first], self.ends[last]
        written = text[start:end]
        letters = [ch for ch in written if ch.isalpha()]
        if _MARK_AFTER.match(text, end):
            return f"'{written}' is marked as a trademark"
        norms = self.field.norms
        if last + 1 < len(norms) and norms[last + 1] in self.rules.evidence_after:
            return f"'{self._written(start, self.ends[last + 1])}'"
        if first > 0 and norms[first - 1] in self.rules.evidence_before and written[:1].isupper():
            return f"'{self._written(self.starts[first - 1], end)}'"
        upper_ratio, capital_ratio = self._case_ratios(start, end)
        if len(letters) >= 2 and written.isupper() and upper_ratio < 0.5:
            return f"written in capitals as '{written}'"
        if written[:1].isupper() and capital_ratio <= 0.35:
            before = text[:start].rstrip()
            if before and before[-1] not in _SENTENCE_END:
                return f"capitalised as a name, '{written}'"
        model = self.model_after(last)
        if any(ch.isdigit() for ch in model):
            return f"a model name follows, '{self._written(start, self.ends[last])} {model}'"
        return ""
