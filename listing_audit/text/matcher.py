"""Find brand mentions in listing text, plain or disguised, and say what each one means.

**Index, built once per scan.** Every brand name and alias is folded into word tokens
(`normalise.py`) and stored in a token-level automaton: a dict from a name's first token to the
names starting with it, a dict of compact forms (`rayban`, `hellokitty`, `lululemon`) for names
written run together, split apart or spaced out, the set of prefixes of compact forms (so a
join across words is only tried where it can succeed), and a deletion-neighbourhood index of
the brand words for misspellings (`nearmiss.py`).

**Per unique word, once per scan.** What a listing word may stand for -- itself, its digits read
as letters (`N1ke`), or the brand word it misspells (`Addidas`), guarded by the dictionary -- is
worked out the first time the word is met and cached, so a catalog's repeated words cost one
dict look-up each. Nothing ever compares every brand with every listing.

**Per field.** A walk over the field's tokens finds the names; spaced-out letters (`N.I.K.E`)
are joined and looked up; each mention's written form says how it was disguised; the context
cues around it (`context.py`) and the rules (`rules.py`) name the finding.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..config import Rules, load_rules
from ..model import BrandEntry, Listing, TextFinding
from ..scoring import field_label
from .context import ContextRules, Cue, FieldContext
from .dictionary import is_word
from .nearmiss import DeletionIndex, EditBudget, digit_readings
from .normalise import ACCENT, COMPAT, INVISIBLE, LOOKALIKE, FieldTokens, compact
from .rules import SEVERITY, Mention, cue_of, rule_for

#: Compact forms shorter than this are not matched across token boundaries ("g ap" is not Gap).
MIN_JOINED_CHARS = 5
#: Letters spaced out are read as a brand of at least this many letters ("J.B.L", not "H P").
MIN_SPACED_CHARS = 3
#: A brand written split apart spans at most this many tokens ("lulu lemon", "hello kitty").
MAX_JOIN_TOKENS = 3
#: Words either side of a match quoted as its context.
CONTEXT_WORDS = 6
#: Characters allowed between spaced-out letters ("N i k e", "N.I.K.E", "N - I - K - E").
SPACERS = frozenset(" \t.-_*·•/|~+'")
MAX_SPACER_CHARS = 3

#: How a mention was written, strongest evidence of disguise first.
_KIND_ORDER = (
    "look-alike",
    "invisible",
    "digit-swap",
    "spaced",
    "styled",
    "accent",
    "fuzzy",
    "normalised",
    "alias",
    "exact",
)
_KIND_RANK = {kind: i for i, kind in enumerate(_KIND_ORDER)}


@dataclass(frozen=True, slots=True)
class _Name:
    entry: BrandEntry
    name: str
    tokens: tuple[str, ...]
    compact: str
    is_alias: bool
    #: Accent-kept forms of the name's accented tokens ("pokémon"), to tell them from disguise.
    marked: frozenset[str]
    #: The entry is a common word and this is its own name, not an alias ("apple", not "iPhone").
    common: bool


@dataclass(frozen=True, slots=True)
class _Hit:
    name: _Name
    first: int  # token index
    last: int  # inclusive
    match: str
    distance: int = 0


#: What one listing word may stand for: (brand word, how it was read, edits).
_Forms = tuple[tuple[str, str, int], ...]


@dataclass(frozen=True, slots=True)
class _WordInfo:
    forms: _Forms
    joinable: bool  # a prefix of some compact name: try joining it with the next words
    single: bool = False  # one letter or digit: maybe part of a spaced-out brand ("N i k e")


class BrandMatcher:
    """An index of brand names and aliases; `find(listing)` lists the mentions in a listing."""

    def __init__(
        self,
        entries: list[BrandEntry],
        own_brands: Sequence[str] = (),
        authorized: Sequence[str] = (),
        rules: Rules | None = None,
    ) -> None:
        rules = rules or load_rules()
        fuzzy = rules.table("fuzzy")
        self.context = ContextRules(rules.table("context"))
        self.budget = EditBudget(int(fuzzy["one_edit_from"]), int(fuzzy["two_edits_from"]))
        self.languages = tuple(str(lang) for lang in fuzzy["dictionary_languages"])
        self.word_zipf = float(fuzzy["dictionary_zipf"])

        self._by_first: dict[str, list[_Name]] = defaultdict(list)
        self._by_compact: dict[str, list[_Name]] = defaultdict(list)
        self._vocab: set[str] = set()
        self._prefixes: set[str] = set()
        self._allowed = {compact(n) for n in [*own_brands, *authorized] if compact(n)}
        self._own_entries = [
            BrandEntry(
                brand=n, owner="your own brand", kind="trademark", risk="low", notes="own brand"
            )
            for n in [*own_brands, *authorized]
            if compact(n)
        ]
        fuzzy_words: set[str] = set()
        for entry in [*entries, *self._own_entries]:
            own = entry.notes == "own brand"
            for name, is_alias in [(entry.brand, False), *((a, True) for a in entry.aliases)]:
                folded = FieldTokens(name)
                tokens = tuple(folded.norms)
                if not tokens:
                    continue
                joined = "".join(tokens)
                item = _Name(
                    entry=entry,
                    name=name,
                    tokens=tokens,
                    compact=joined,
                    is_alias=is_alias,
                    marked=frozenset(folded.marked.values()),
                    common=entry.common_word and not is_alias,
                )
                self._by_first[tokens[0]].append(item)
                self._by_compact[joined].append(item)
                self._vocab.update(tokens)
                self._vocab.add(joined)
                if len(tokens) == 1 and len(joined) >= MIN_JOINED_CHARS:
                    # A one-word name may be written split apart ("lulu lemon"); a name of
                    # several words written run together is one word, found by `_by_compact`.
                    self._prefixes.update(joined[:k] for k in range(2, len(joined)))
                if not own and not item.common:
                    # Each word of a name may be misspelled ("Louis Vuiton"); a name of several
                    # words misspelled *and* run together is left to the other checks.
                    fuzzy_words.update(t for t in tokens if t.isalpha())
        self._near = DeletionIndex(sorted(fuzzy_words), self.budget)
        self._words: dict[str, _WordInfo | None] = {}
        self._allowed_entries = (
            {id(e) for e in entries if self._is_allowed(e)} if self._allowed else set()
        )

    # -- per unique word -----------------------------------------------------------------------

    def _info(self, token: str) -> _WordInfo | None:
        """What a listing word may stand for; None for the (many) words that stand for nothing.
        Worked out once per unique word and cached."""
        forms: list[tuple[str, str, int]] = []
        if token in self._vocab:
            forms.append((token, "", 0))
        elif not token.isalpha() and not token.isdigit():
            forms.extend((r, "digit-swap", 0) for r in digit_readings(token) if r in self._vocab)
        elif token.isalpha():
            near = self._near.lookup(token)
            if near and not is_word(token, self.languages, self.word_zipf):
                best = near[0][1]
                forms.extend((w, "fuzzy", d) for w, d in near if d == best)
        joinable = len(token) >= 2 and token in self._prefixes
        if not forms and not joinable and len(token) != 1:
            return None
        return _WordInfo(tuple(forms), joinable, len(token) == 1)

    def _learn(self, fields: list[tuple[str, FieldTokens]]) -> None:
        """Work out what each word not met before may stand for (once per unique word)."""
        words = self._words
        for t in set().union(*(f.norms for _, f in fields)).difference(words):
            words[t] = self._info(t)

    # -- per field -----------------------------------------------------------------------------

    def _continue(
        self, name: _Name, infos: list[_WordInfo | None], i: int
    ) -> tuple[str, int] | None:
        """Whether tokens i+1.. spell the rest of `name`: (how they were read, edits)."""
        kind, edits = "", 0
        for m in range(1, len(name.tokens)):
            info = infos[i + m]
            if info is None:
                return None
            for form, how, d in info.forms:
                if form == name.tokens[m]:
                    if how and (not kind or _KIND_RANK[how] < _KIND_RANK[kind]):
                        kind = how
                    edits += d
                    break
            else:
                return None
        return kind, edits

    def _hits(self, field: FieldTokens, infos: list[_WordInfo | None]) -> list[_Hit]:
        norms = field.norms
        n = len(norms)
        hits: list[_Hit] = []
        run_start = run_end = -2
        # Only the words that may stand for something are visited (compress skips the None).
        for i in itertools.compress(range(n), infos):
            info = infos[i]
            assert info is not None
            if info.single:
                if i != run_end + 1:
                    if run_end - run_start + 1 >= MIN_SPACED_CHARS:
                        hits.extend(self._spaced(field, run_start, run_end))
                    run_start = i
                run_end = i
            for form, how, d in info.forms:
                for name in self._by_first.get(form, ()):
                    k = len(name.tokens)
                    if i + k > n:
                        continue
                    rest = self._continue(name, infos, i) if k > 1 else ("", 0)
                    if rest is None:
                        continue
                    kind = how or rest[0]
                    if how and rest[0] and _KIND_RANK[rest[0]] < _KIND_RANK[how]:
                        kind = rest[0]
                    edits = d + rest[1]
                    if edits > self.budget(len(name.compact)) and edits:
                        continue
                    base = "alias" if name.is_alias else "exact"
                    hits.append(_Hit(name, i, i + k - 1, kind or base, edits))
                # One word standing for a name of several words ("HelloKitty", "Adidas" alone
                # is exact above): written run together, or a disguise of the run-together form.
                for name in self._by_compact.get(form, ()):
                    if len(name.tokens) == 1:
                        continue
                    if not how and len(form) < MIN_JOINED_CHARS:
                        continue
                    hits.append(_Hit(name, i, i, how or "normalised", d))
            if info.joinable:
                joined = norms[i]
                for j in range(i + 1, min(n, i + MAX_JOIN_TOKENS)):
                    joined += norms[j]
                    for name in self._by_compact.get(joined, ()):
                        if len(joined) >= MIN_JOINED_CHARS and name.tokens != tuple(
                            norms[i : j + 1]
                        ):
                            hits.append(_Hit(name, i, j, "normalised"))
                    if joined not in self._prefixes:
                        break
        if run_end - run_start + 1 >= MIN_SPACED_CHARS:
            hits.extend(self._spaced(field, run_start, run_end))
        return hits

    def _spaced(self, field: FieldTokens, first: int, last: int) -> list[_Hit]:
        """A brand spelled out in single letters ("N i k e", "N.I.K.E", "N-1-K-E")."""
        letters = field.norms[first : last + 1]
        joined = "".join(letters)
        readings = [joined, *digit_readings(joined)]
        names = [
            name
            for reading in readings
            for name in self._by_compact.get(reading, ())
            if len(reading) >= MIN_SPACED_CHARS and name.tokens != tuple(letters)
        ]
        if not names:
            return []
        spans, text = field.spans, field.text
        for a, b in zip(spans[first:last], spans[first + 1 : last + 1], strict=True):
            gap = text[a[1] : b[0]]
            if len(gap) > MAX_SPACER_CHARS or not set(gap) <= SPACERS:
                return []
        return [_Hit(name, first, last, "spaced") for name in names]

    def _written_kind(self, field: FieldTokens, hit: _Hit) -> str:
        """The strongest sign of disguise in how the mention was written."""
        kinds = [hit.match]
        if field.flags is not None or field.marked:
            for i in range(hit.first, hit.last + 1):
                flag = field.flag(i)
                if flag & LOOKALIKE:
                    kinds.append("look-alike")
                if flag & INVISIBLE:
                    kinds.append("invisible")
                if flag & COMPAT:
                    kinds.append("styled")
                if flag & ACCENT and field.marked.get(i, "") not in hit.name.marked:
                    kinds.append("accent")
        return min(kinds, key=lambda k: _KIND_RANK[k])

    def _is_allowed(self, entry: BrandEntry) -> bool:
        names = [entry.brand, *entry.aliases]
        return any(compact(n) in self._allowed for n in names)

    def find(self, listing: Listing) -> list[TextFinding]:
        findings: list[TextFinding] = []
        claimed: set[int] = set()  # entries named in the brand field
        compatible: dict[tuple[str, str], str] = {}  # brands claimed compatible -> field
        fields = [(name, FieldTokens(text)) for name, text in listing.text_fields()]
        self._learn(fields)
        known = self._words.__getitem__
        for field_name, field in fields:
            infos = list(map(known, field.norms))
            if not any(infos):
                continue
            hits = self._hits(field, infos)
            if not hits:
                continue
            # The seller's own and authorised brands are never flagged outside search terms; in
            # them, the brand list's entry for an authorised brand stands aside for the seller's.
            hits = [
                h
                for h in hits
                if not (
                    (field_name != "search_terms" and h.name.entry.notes == "own brand")
                    or id(h.name.entry) in self._allowed_entries
                )
            ]
            if not hits:
                continue
            covered = {i for h in hits for i in range(h.first, h.last + 1)}
            context = FieldContext(field, self.context, covered)
            best: dict[int, tuple[tuple[int, int, int], _Hit, Mention, str]] = {}
            for hit in hits:
                mention = self._mention(field_name, field, context, hit, claimed)
                rule_id = rule_for(mention)
                rank = (SEVERITY[rule_id], -(hit.last - hit.first), hit.first)
                key = id(hit.name.entry)
                if key not in best or rank < best[key][0]:
                    best[key] = (rank, hit, mention, rule_id)
            for _, hit, mention, rule_id in sorted(best.values(), key=lambda b: b[1].first):
                finding = self._finding(field_name, field, hit, mention, rule_id)
                if field_name == "brand":
                    claimed.add(id(hit.name.entry))
                if rule_id == "T-COMPATIBLE":
                    compatible.setdefault((finding.brand, finding.owner), field_name)
                findings.append(finding)
        return _carry_compatibility(findings, compatible)

    def _mention(
        self,
        field_name: str,
        field: FieldTokens,
        context: FieldContext,
        hit: _Hit,
        claimed: set[int],
    ) -> Mention:
        common = hit.name.common
        evidence = ""
        if common:
            if id(hit.name.entry) in claimed:
                evidence = "the brand field names it"
            else:
                evidence = context.brand_evidence(hit.first, hit.last)
        compatible = context.compatible(hit.first, hit.last)
        if compatible is None and hit.name.entry.risk == "low":
            # The brand lists rate a mark low risk when it is mostly named to say what a
            # product works with ("Bluetooth speaker", "HDMI cable"): a compatibility claim.
            compatible = Cue("compatible", "", weak=True, model=context.model_after(hit.last))
        return Mention(
            field=field_name,
            entry=hit.name.entry,
            match=self._written_kind(field, hit),
            common=common,
            evidence=evidence,
            counterfeit=context.counterfeit(hit.first, hit.last),
            compatible=compatible,
        )

    def _finding(
        self, field_name: str, field: FieldTokens, hit: _Hit, mention: Mention, rule_id: str
    ) -> TextFinding:
        entry = hit.name.entry
        spans, text = field.spans, field.text
        written = text[spans[hit.first][0] : spans[hit.last][1]]
        lo = max(0, hit.first - CONTEXT_WORDS)
        hi = min(len(spans) - 1, hit.last + CONTEXT_WORDS)
        cue, cue_text = cue_of(rule_id, mention)
        return TextFinding(
            rule_id=rule_id,
            field=field_name,
            brand=entry.brand,
            owner=entry.owner,
            brand_risk=entry.risk,
            brand_kind=entry.kind,
            matched_text=written,
            normalised=" ".join(hit.name.tokens),
            match=mention.match,
            context=text[spans[lo][0] : spans[hi][1]],
            suggestion=" / ".join(entry.generic_terms),
            cue=cue,
            cue_text=cue_text,
            distance=hit.distance,
        )


def _carry_compatibility(
    findings: list[TextFinding], compatible: dict[tuple[str, str], str]
) -> list[TextFinding]:
    """A listing that states compatibility with a brand in one field ("Compatible with iPhone
    15") is talking about the same device when its bullets or description name the brand again
    ("protects the iPhone camera"): those mentions are compatibility claims too. The title and
    the brand field are not: a brand leading the title reads as the seller's."""
    if not compatible:
        return findings
    out: list[TextFinding] = []
    for f in findings:
        where = compatible.get((f.brand, f.owner))
        carried = f.rule_id == "T-PLAIN" and (
            f.field.startswith("bullet_point") or f.field == "description"
        )
        if where is not None and carried:
            f = replace(
                f,
                rule_id="T-COMPATIBLE",
                cue="compatible",
                cue_text=f"compatibility stated in the {field_label(where)}",
            )
        out.append(f)
    return out
