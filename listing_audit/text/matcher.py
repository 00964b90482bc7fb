"""Find brand mentions in listing text: whole words, any case or punctuation, run together or split.

The brand list is indexed once: a dict from each name's first folded token to the names starting
with it, and a dict of compact forms (`rayban`, `hellokitty`, `lululemon`) for names written run
together or split apart. Matching a field is then a walk over its tokens with dict look-ups, never
a loop over every brand.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import BrandEntry, Listing, TextFinding
from .normalise import Token, brand_tokens, compact, tokenize

#: Compact forms shorter than this are not matched across token boundaries ("g ap" is not Gap).
MIN_JOINED_CHARS = 5
#: A brand written split apart spans at most this many tokens ("lulu lemon", "hello kitty").
MAX_JOIN_TOKENS = 3
#: Words either side of a match quoted as its context.
CONTEXT_WORDS = 6


@dataclass(frozen=True, slots=True)
class _Name:
    entry: BrandEntry
    name: str
    tokens: tuple[str, ...]
    is_alias: bool


@dataclass(frozen=True, slots=True)
class _Hit:
    name: _Name
    first: int  # token index
    last: int  # inclusive
    match: str


class BrandMatcher:
    """An index of brand names and aliases; `find(listing)` lists the mentions in a listing."""

    def __init__(
        self,
        entries: list[BrandEntry],
        own_brands: Sequence[str] = (),
        authorized: Sequence[str] = (),
    ) -> None:
        self._by_first: dict[str, list[_Name]] = defaultdict(list)
        self._by_compact: dict[str, list[_Name]] = defaultdict(list)
        self._allowed = {compact(n) for n in [*own_brands, *authorized] if compact(n)}
        self._own_entries = [
            BrandEntry(
                brand=n, owner="your own brand", kind="trademark", risk="low", notes="own brand"
            )
            for n in [*own_brands, *authorized]
            if compact(n)
        ]
        for entry in [*entries, *self._own_entries]:
            for name, is_alias in [(entry.brand, False), *((a, True) for a in entry.aliases)]:
                tokens = brand_tokens(name)
                if not tokens:
                    continue
                item = _Name(entry, name, tokens, is_alias)
                self._by_first[tokens[0]].append(item)
                joined = "".join(tokens)
                if len(joined) >= MIN_JOINED_CHARS:
                    self._by_compact[joined].append(item)

    def _is_allowed(self, entry: BrandEntry) -> bool:
        names = [entry.brand, *entry.aliases]
        return any(compact(n) in self._allowed for n in names)

    def _hits(self, tokens: list[Token]) -> list[_Hit]:
        hits: list[_Hit] = []
        norms = [t.norm for t in tokens]
        n = len(norms)
        for i in range(n):
            for name in self._by_first.get(norms[i], ()):
                k = len(name.tokens)
                if tuple(norms[i : i + k]) == name.tokens:
                    hits.append(_Hit(name, i, i + k - 1, "alias" if name.is_alias else "exact"))
            joined = ""
            for j in range(i, min(n, i + MAX_JOIN_TOKENS)):
                joined += norms[j]
                for name in self._by_compact.get(joined, ()):
                    if name.tokens == tuple(norms[i : j + 1]):
                        continue  # already an exact hit
                    hits.append(_Hit(name, i, j, "normalised"))
        return hits

    def find(self, listing: Listing) -> list[TextFinding]:
        findings: list[TextFinding] = []
        for field, text in listing.text_fields():
            tokens = tokenize(text)
            best: dict[int, _Hit] = {}
            for hit in self._hits(tokens):
                entry = hit.name.entry
                if entry.notes == "own brand" and field != "search_terms":
                    continue
                if field != "search_terms" and self._is_allowed(entry):
                    continue
                key = id(entry)
                old = best.get(key)
                if old is None or (hit.last - hit.first) > (old.last - old.first):
                    best[key] = hit
            seen: set[tuple[str, str]] = set()
            for hit in sorted(best.values(), key=lambda h: h.first):
                finding = _finding(field, text, tokens, hit)
                ident = (finding.brand, finding.normalised)
                if ident not in seen:
                    seen.add(ident)
                    findings.append(finding)
        return findings


def _rule(field: str, entry: BrandEntry, written: str) -> tuple[str, str | None]:
    """(rule ID, match kind override) for a mention, by where it stands and what it is."""
    if field == "search_terms":
        return "T-SEARCH-TERMS", None
    if entry.kind == "generic_trademark":
        return "T-GENERIC", None
    if field == "brand":
        return "T-BRAND-FIELD", None
    if entry.common_word and written == written.lower():
        return "T-COMMON-WORD", "common-word"
    return "T-PLAIN", None


def _finding(field: str, text: str, tokens: list[Token], hit: _Hit) -> TextFinding:
    entry = hit.name.entry
    written = text[tokens[hit.first].start : tokens[hit.last].end]
    lo = max(0, hit.first - CONTEXT_WORDS)
    hi = min(len(tokens) - 1, hit.last + CONTEXT_WORDS)
    context = text[tokens[lo].start : tokens[hi].end]
    rule_id, match_override = _rule(field, entry, written)
    return TextFinding(
        rule_id=rule_id,
        field=field,
        brand=entry.brand,
        owner=entry.owner,
        brand_risk=entry.risk,
        brand_kind=entry.kind,
        matched_text=written,
        normalised=" ".join(hit.name.tokens),
        match=match_override or hit.match,
        context=context,
        suggestion=" / ".join(entry.generic_terms),
    )
