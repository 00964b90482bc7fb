"""Text rules: which rule ID a brand mention falls under, decided by where it stands, how it
was written and the words around it.

Each rule is a named predicate with a docstring saying what it catches, an example and why;
`RULES` tries them in order and the first that holds names the finding. Weights, levels and
actions for each rule ID are in rules/default.toml; the README's "Rule IDs" table lists them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..model import BrandEntry
from .context import Cue

#: Match kinds that are disguises: ways of writing a brand that dodge a plain search for it.
DISGUISES = frozenset({"look-alike", "invisible", "digit-swap", "spaced", "styled", "accent"})


@dataclass(frozen=True, slots=True)
class Mention:
    """Everything the rules look at for one brand mention in one field."""

    field: str
    entry: BrandEntry
    match: str  # exact, alias, normalised, a disguise kind, or fuzzy
    #: The brand is also an ordinary word and is named by that word ("apple", not "iPhone").
    common: bool = False
    #: Why the ordinary word reads as the brand here ("brand field", "written in capitals").
    evidence: str = ""
    counterfeit: Cue | None = None
    compatible: Cue | None = None

    @property
    def copy_claim(self) -> bool:
        """A counterfeit cue that counts: any; for an ordinary word, a weak one ("style",
        "same as") only with brand evidence ("polo style shirt" is no claim; "Same as the
        Stanley cup" in a sentence is)."""
        cue = self.counterfeit
        return cue is not None and not (self.common and cue.weak and not self.evidence)

    @property
    def compatibility(self) -> bool:
        """A compatibility cue that counts: for an ordinary word, "for" needs a model after it
        ("gift for coach" is no claim; "for Ninja BL610" is)."""
        cue = self.compatible
        return cue is not None and not (self.common and cue.weak and not cue.model)

    @property
    def ordinary(self) -> bool:
        """An ordinary word used in its ordinary sense: no evidence, cue or disguise says brand."""
        return (
            self.common
            and not self.evidence
            and self.match not in DISGUISES
            and not self.copy_claim
            and not self.compatibility
        )


def in_search_terms(m: Mention) -> bool:
    """T-SEARCH-TERMS: any brand in the backend search terms, the seller's own included
    ("nike running shoes"). Amazon's search-terms guidance forbids brand names there. A
    brand that is also an ordinary word, with nothing to say it is meant as the brand, is left
    to T-COMMON-WORD ("apple slicer corer")."""
    return m.field == "search_terms" and not m.ordinary


def in_brand_field(m: Mention) -> bool:
    """T-BRAND-FIELD: a protected brand claimed in the listing's brand field (brand "Nike"),
    in any writing. Listing under another company's brand is the surest complaint."""
    return m.field == "brand"


def is_generic(m: Mention) -> bool:
    """T-GENERIC: a genericised trademark used as a common noun ("Velcro straps",
    "crock pot"): a wording fix, with the generic words to use instead."""
    return m.entry.kind == "generic_trademark" and m.field != "search_terms"


def is_copy_claim(m: Mention) -> bool:
    """T-COUNTERFEIT: a copy signal next to the brand ("Nike Style", "Stanley Quencher Dupe",
    "inspired by Louis Vuitton", "1:1 replica"). Offering a product as a dupe of a brand is
    what rights owners' counterfeit complaints cite."""
    return m.copy_claim


def is_disguised(m: Mention) -> bool:
    """T-DISGUISE: the brand written so that a plain search misses it: look-alike letters from
    another script ("Nіke"), invisible characters inside it, digits for letters ("N1ke"),
    spaced or dotted letters ("N.I.K.E"), fullwidth or styled letters ("Ｎｉｋｅ"), or accents it
    does not have ("Nikè"). Disguise is itself evidence of intent."""
    return m.match in DISGUISES


def is_compatibility_claim(m: Mention) -> bool:
    """T-COMPATIBLE: the brand named to say what the product fits ("Compatible with iPhone 15
    Pro", "Replacement Band for Apple Watch"). Nominative use is usually allowed, but the claim
    must be true and the brand must not look like the seller's: a person should review it."""
    return m.compatibility


def is_ordinary_word(m: Mention) -> bool:
    """T-COMMON-WORD: a brand that is also an ordinary word, used as one ("apple slicer",
    "polo shirt", "soccer coach whistle"), with no brand evidence around it."""
    return m.ordinary


def is_misspelled(m: Mention) -> bool:
    """T-MISSPELLED: the brand with a letter doubled, dropped, changed or swapped ("Addidas",
    "Louis Vuiton"). Scored as the plain mention; often a typo, sometimes a dodge."""
    return m.match == "fuzzy"


def always(m: Mention) -> bool:
    """T-PLAIN: a brand or one of its aliases named in the title, a bullet point or the
    description ("Ray-Ban", "rayban", "RAY BAN", "lulu lemon")."""
    return True


RULES: tuple[tuple[str, Callable[[Mention], bool]], ...] = (
    ("T-SEARCH-TERMS", in_search_terms),
    ("T-BRAND-FIELD", in_brand_field),
    ("T-GENERIC", is_generic),
    ("T-COUNTERFEIT", is_copy_claim),
    ("T-DISGUISE", is_disguised),
    ("T-COMPATIBLE", is_compatibility_claim),
    ("T-COMMON-WORD", is_ordinary_word),
    ("T-MISSPELLED", is_misspelled),
    ("T-PLAIN", always),
)

#: When one brand is named several times in a field, the finding reports the most telling
#: mention: a copy claim before a disguise, a plain mention before a compatibility claim.
SEVERITY: dict[str, int] = {
    rule_id: i
    for i, rule_id in enumerate(
        (
            "T-SEARCH-TERMS",
            "T-BRAND-FIELD",
            "T-COUNTERFEIT",
            "T-DISGUISE",
            "T-PLAIN",
            "T-MISSPELLED",
            "T-GENERIC",
            "T-COMPATIBLE",
            "T-COMMON-WORD",
        )
    )
}


def rule_for(m: Mention) -> str:
    """The rule ID of a mention: the first rule in `RULES` that holds."""
    return next(rule_id for rule_id, holds in RULES if holds(m))


def cue_of(rule_id: str, m: Mention) -> tuple[str, str]:
    """(cue kind, cue text) recorded on the finding: what context set its rule and weight."""
    if rule_id == "T-COUNTERFEIT" and m.counterfeit is not None:
        return "counterfeit", m.counterfeit.phrase
    if rule_id == "T-COMPATIBLE" and m.compatible is not None:
        cue = m.compatible
        if cue.model:
            return "compatible-model", f"{cue.phrase} ... {cue.model}".strip(" .")
        return "compatible", cue.phrase  # "" for a low-risk mark named on its own
    if rule_id == "T-COMMON-WORD":
        return "common-word", ""
    return "", m.evidence
