"""A labelled corpus of listings for measuring the text detector, generated from a seed.

Every case is one listing with what a careful person would expect of it: which brand it names
(if any), which rule IDs are right for it, the range of risk levels that is right, and the
actions allowed. Families cover what issue 4 asks the detector to catch and to leave alone:

real mentions -- plain, alias, each disguise (look-alike, invisible, digit-swap, spaced, styled,
accent, misspelled), counterfeit cue, compatibility cue, brand field, search terms, generic
trademark, common-word brand with brand evidence;
must not flag -- near-miss words (bike/hike/like vs Nike... and every frequent dictionary word
one edit from a brand word), common-word brands in their ordinary sense, the seller's own and
authorised brands, and clean listings.

The brands are the bundled lists (`brand_lists/`), so the many brands that are also ordinary
words are in play, as in real catalogs. The corpus is separate from the unit tests and has its
own seed: tune on one seed, report on another.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from listing_audit.model import BrandEntry, Listing
from listing_audit.text.normalise import brand_tokens

TUNING_SEED = 1
HELD_OUT_SEED = 20261129

OWN_BRANDS = ("Brightwave", "Lumora Home")
AUTHORIZED = ("Bose",)

LEVEL_ORDER = ("none", "low", "medium", "high")

# -- vocabulary ---------------------------------------------------------------------------------

PRODUCTS = """
water bottle|coffee mug|travel tumbler|phone case|screen protector|charging cable|wireless
charger|desk lamp|yoga mat|running shoes|hiking boots|rain jacket|winter gloves|crew socks|
baseball cap|backpack|tote bag|wallet|sunglasses|wrist watch band|bluetooth speaker|earbuds|
headphones|keyboard|mouse pad|laptop stand|notebook|gel pens|sticker pack|wall hooks|picture
frame|throw pillow|bath towel|bed sheets|shower curtain|kitchen scale|cutting board|chef knife|
frying pan|stock pot|spatula set|mixing bowls|food storage containers|ice cube tray|lunch box|
dog leash|cat toy|bird feeder|garden hose nozzle|plant pots|led strip lights|night light|
building blocks|plush toy|puzzle|board game|craft kit|paint brushes|makeup brush set|hair clips|
nail file|jewelry box|earrings|necklace|bracelet|key chain|car phone mount|seat cover|tire
inflator|tool box|screwdriver set|tape measure|work gloves|storage bins|shoe rack|coat hanger|
umbrella|beach towel|camping lantern|sleeping bag|fishing lure|bike light|jump rope|dumbbells|
resistance bands|foam roller|protein shaker|pill organizer|heating pad|face mask|hand cream
""".replace("\n", " ")
ADJECTIVES = """stainless steel|insulated|leak proof|portable|adjustable|lightweight|waterproof|
rechargeable|heavy duty|non slip|eco friendly|reusable|foldable|ergonomic|premium|soft|durable|
compact|large|small|extra thick|breathable|quick dry|cotton|silicone|bamboo|wooden|ceramic|
glass|leather|vintage|modern|cute|funny|colorful|black|white|grey|navy blue|pink|green""".replace(
    "\n", " "
)
PHRASES = """perfect gift for men and women|easy to clean and dishwasher safe|fits in most bags|
includes a carrying pouch|backed by our one year warranty|made from food grade materials|
designed for everyday use|great for travel, camping and the office|keeps drinks cold for
24 hours|available in six colours|simple installation with no tools needed|ideal for kids and
adults|a thoughtful present for birthdays and holidays|strong grip and smooth finish|
protects against scratches and drops|saves space in small apartments|soft touch and
comfortable to hold|tested to last for years of daily use""".replace("\n", " ")

# Brands that are also ordinary words, used in their ordinary sense (issue 4's own examples
# first). {w} is the word, in lower case.
GENERIC_USES = {
    "apple": ["apple slicer and corer", "{W} Slicer Stainless Steel", "dried apple chips"],
    "polo": ["polo shirt for men", "{W} Shirts for Men Cotton", "water polo ball"],
    "ninja": ["ninja costume for kids", "{W} Costume Halloween", "ninja throwing star toy"],
    "guess": ["guess the number game", "{W} Who Game for Kids", "guess the word cards"],
    "coach": ["soccer coach whistle", "Gift for {W}", "coach clipboard for basketball"],
    "orange": ["orange peeler tool", "{W} Throw Pillow Cover", "bright orange safety vest"],
    "ring": ["ring light with tripod", "Ring Holder for Phone Grip", "onion ring cutter"],
    "echo": ["echo chamber foam panel", "{W} Chamber Sound Panel", "echo wall decal"],
    "target": ["target practice stand", "Archery {W} Face", "dart target board"],
    "shell": ["shell necklace beach", "{W} Shaped Soap Dish", "sea shell craft kit"],
    "dove": ["dove wedding decoration", "White {W} Figurine", "mourning dove bird feeder"],
    "tide": ["tide chart poster", "Low {W} Beach Print", "tide pool explorer kit"],
    "gap": ["gap filler for car seat", "Door {W} Draft Stopper", "mind the gap sign"],
    "crest": ["crest embroidered patch", "Family {W} Wall Plaque", "wave crest art print"],
    "marvel": ["marvel at the stars telescope", "You Will {W} Notebook", "nature marvel book"],
    "jaguar": ["jaguar print scarf", "{W} Plush Animal", "jaguar figurine"],
    "mustang": ["mustang horse figurine", "Wild {W} Poster", "mustang horse painting"],
    "yeti": ["yeti plush toy", "Abominable {W} Costume", "yeti christmas ornament"],
    "tile": ["tile cutter tool", "Floor {W} Spacers", "ceramic tile stickers"],
    "frozen": ["frozen yogurt maker", "{W} Treat Molds", "frozen drink cups"],
    "pandora": ["pandora box puzzle", "{W} Box Trinket", "pandora myth book"],
}


def _split(text: str) -> list[str]:
    return [p.strip() for p in text.split("|") if p.strip()]


@dataclass(slots=True)
class Case:
    family: str
    listing: Listing
    brand: str = ""  # the brand expected (real mentions)
    rules: frozenset[str] = frozenset()  # acceptable rule IDs for that brand
    min_level: str = "none"
    max_level: str = "high"
    actions: frozenset[str] = frozenset()  # allowed listing actions (empty: any)
    must_not_flag: bool = False
    note: str = ""
    extra: dict[str, str] = field(default_factory=dict)


@lru_cache(maxsize=100_000)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return max(zipf_frequency(word, lang) for lang in ("en", "de", "fr", "es", "it"))


# -- disguises ----------------------------------------------------------------------------------

LOOKALIKE = {
    "a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х", "y": "у", "i": "і", "s": "ѕ",
    "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "I": "І", "K": "К", "M": "М", "N": "Ν",
    "O": "О", "P": "Р", "T": "Т", "X": "Х", "Y": "Υ", "Z": "Ζ",
}  # fmt: skip
DIGITS = {"o": "0", "i": "1", "l": "1", "e": "3", "a": "4", "s": "5", "t": "7", "b": "8", "g": "9"}
INVISIBLES = ["\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\ufeff"]
ACCENTS = {"a": "àáâä", "e": "èéêë", "i": "ìíîï", "o": "òóôö", "u": "ùúûü", "n": "ñ", "c": "ç"}


def lookalike(word: str, rng: random.Random) -> str | None:
    spots = [i for i, ch in enumerate(word) if ch in LOOKALIKE]
    if not spots:
        return None
    chars = list(word)
    for i in rng.sample(spots, min(len(spots), rng.choice([1, 1, 2]))):
        chars[i] = LOOKALIKE[chars[i]]
    return "".join(chars)


def digit_swap(word: str, rng: random.Random) -> str | None:
    spots = [i for i, ch in enumerate(word) if ch.lower() in DIGITS and 0 < i < len(word) - 1]
    if not spots:
        return None
    chars = list(word)
    i = rng.choice(spots)
    chars[i] = DIGITS[chars[i].lower()]
    return "".join(chars)


def invisible(word: str, rng: random.Random) -> str | None:
    if len(word) < 2:
        return None
    i = rng.randrange(1, len(word))
    return word[:i] + rng.choice(INVISIBLES) + word[i:]


def spaced(word: str, rng: random.Random) -> str | None:
    sep = rng.choice([" ", ".", "-", ". ", " - ", "*"])
    letters = word.upper() if rng.random() < 0.6 else word
    return sep.join(letters)


def styled(word: str, rng: random.Random) -> str | None:
    style = rng.choice(["fullwidth", "fullwidth", "bold", "circled"])
    out = []
    for ch in word:
        if not ch.isascii() or not ch.isalnum():
            out.append(ch)
        elif style == "fullwidth":
            out.append(chr(ord(ch) + 0xFEE0))
        elif style == "bold" and ch.isalpha():
            base = 0x1D400 if ch.isupper() else 0x1D41A
            out.append(chr(base + ord(ch.lower()) - ord("a")))
        elif style == "circled" and ch.isalpha():
            base = 0x24B6 if ch.isupper() else 0x24D0
            out.append(chr(base + ord(ch.lower()) - ord("a")))
        else:
            out.append(ch)
    return "".join(out)


def accent(word: str, rng: random.Random) -> str | None:
    spots = [i for i, ch in enumerate(word) if ch.lower() in ACCENTS]
    if not spots:
        return None
    i = rng.choice(spots)
    ch = rng.choice(ACCENTS[word[i].lower()])
    chars = list(word)
    chars[i] = ch.upper() if word[i].isupper() else ch
    return unicodedata.normalize("NFC", "".join(chars))


def misspell(word: str, rng: random.Random) -> str | None:
    """One doubled, dropped, changed or swapped letter, never an ordinary word."""
    for _ in range(20):
        i = rng.randrange(len(word))
        kind = rng.choice(["double", "drop", "change", "swap"])
        if kind == "double":
            out = word[: i + 1] + word[i] + word[i + 1 :]
        elif kind == "drop":
            out = word[:i] + word[i + 1 :]
        elif kind == "change":
            letter = rng.choice("aeiounrstlm")
            if word[i].lower() == letter:
                continue
            out = word[:i] + (letter.upper() if word[i].isupper() else letter) + word[i + 1 :]
        else:
            if i + 1 >= len(word) or word[i] == word[i + 1]:
                continue
            out = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        if out.lower() != word.lower() and _zipf(out.lower()) < 2.5:
            return out
    return None


DISGUISES = {
    "look-alike": lookalike,
    "invisible": invisible,
    "digit-swap": digit_swap,
    "spaced": spaced,
    "styled": styled,
    "accent": accent,
    "misspelled": misspell,
}

# -- the generator ------------------------------------------------------------------------------


class CorpusGenerator:
    """Makes the cases of every family from a seed and the brand entries in use."""

    def __init__(self, entries: list[BrandEntry], seed: int) -> None:
        self.rng = random.Random(seed)
        self.entries = entries
        self.products = _split(PRODUCTS)
        self.adjectives = _split(ADJECTIVES)
        self.phrases = _split(PHRASES)
        authorised = {a.casefold() for a in AUTHORIZED}
        usable = [e for e in entries if e.brand.casefold() not in authorised]
        self.trademarks = [e for e in usable if e.kind != "generic_trademark"]
        self.distinct = [e for e in self.trademarks if not e.common_word]
        self.common = [e for e in self.trademarks if e.common_word and " " not in e.brand]
        self.generic = [e for e in usable if e.kind == "generic_trademark"]
        self.single = [
            e
            for e in self.distinct
            if len(brand_tokens(e.brand)) == 1 and e.brand.isascii() and e.brand.isalpha()
        ]
        self.with_model_alias = [e for e in self.distinct if e.aliases]
        self._vocab = self._brand_vocab()
        self.fillers = self._filler_words()

    def _brand_vocab(self) -> set[str]:
        words: set[str] = set()
        for e in self.entries:
            for name in (e.brand, *e.aliases):
                tokens = brand_tokens(name)
                if e.common_word and name == e.brand:
                    continue
                words.update(tokens)
                words.add("".join(tokens))
        return words

    def _filler_words(self) -> list[str]:
        """Frequent English words that name no brand (common-word brands are left in). The
        words of the rules' phrase lists are left out, so that a clean listing's random words
        do not make up a counterfeit or compatibility claim by chance ("visa ... fake")."""
        from wordfreq import top_n_list

        from listing_audit.config import load_rules

        context = load_rules().table("context")
        cue_words = {
            w
            for key in ("counterfeit_near", "counterfeit_before", "counterfeit_after",
                        "compatible_before", "evidence_before", "evidence_after")
            for phrase in context[key]
            for w in phrase.casefold().replace("-", " ").split()
        }  # fmt: skip
        out = []
        for w in top_n_list("en", 6000):
            if w.isalpha() and len(w) > 2 and w not in self._vocab and w not in cue_words:
                out.append(w)
        return out

    # -- pieces ------------------------------------------------------------------------------

    def product(self) -> str:
        adjective, product = self.rng.choice(self.adjectives), self.rng.choice(self.products)
        return f"{adjective.title()} {product.title()}"

    def sentence(self) -> str:
        rng = self.rng
        words = rng.sample(self.fillers, rng.randint(3, 7))
        return f"{rng.choice(self.phrases).capitalize()}, {' '.join(words)}."

    def listing(self, sku: str, **fields: str) -> Listing:
        rng = self.rng
        bullets = tuple(self.sentence() for _ in range(rng.randint(2, 5)))
        base = {
            "title": f"{self.product()}, {rng.choice(self.adjectives).title()}",
            "brand": rng.choice(OWN_BRANDS) if rng.random() < 0.5 else "",
            "bullets": bullets,
            "description": " ".join(self.sentence() for _ in range(rng.randint(1, 3))),
            "search_terms": " ".join(rng.sample(self.fillers, 6)).lower(),
        }
        if "bullets" in fields:
            base["bullets"] = (fields.pop("bullets"), *bullets[1:])
        base.update(fields)
        return Listing(sku=sku, **base)  # type: ignore[arg-type]

    def title_with(self, mention: str) -> str:
        rng = self.rng
        shape = rng.randrange(3)
        if shape == 0:
            return f"{mention} {self.product()}"
        if shape == 1:
            return f"{self.product()} {mention} Edition, {rng.choice(self.adjectives).title()}"
        return f"{rng.choice(self.adjectives).title()} {mention} {self.product()}"

    # -- families ----------------------------------------------------------------------------

    def cases(self, per_family: int) -> Iterator[Case]:
        makers = [
            self.plain,
            self.alias,
            *[self._disguise(kind) for kind in DISGUISES],
            self.counterfeit,
            self.compatible,
            self.brand_field,
            self.search_terms,
            self.generic_trademark,
            self.common_with_evidence,
            self.near_miss,
            self.common_generic_use,
            self.own_brand,
            self.clean,
        ]
        for make in makers:
            n = 0
            while n < per_family:
                case = make(n)
                if case is not None:
                    n += 1
                    yield case

    def plain(self, n: int) -> Case:
        e = self.rng.choice(self.distinct)
        sku = f"PLAIN-{n}"
        return Case("plain", self.listing(sku, title=self.title_with(e.brand)), e.brand,
                    frozenset({"T-PLAIN"}), min_level="plain")  # fmt: skip

    def alias(self, n: int) -> Case:
        e = self.rng.choice(self.with_model_alias)
        a = self.rng.choice(e.aliases)
        return Case("alias", self.listing(f"ALIAS-{n}", title=self.title_with(a)), e.brand,
                    frozenset({"T-PLAIN"}), min_level="plain")  # fmt: skip

    def _disguise(self, kind: str):  # type: ignore[no-untyped-def]
        make = DISGUISES[kind]
        rule = "T-MISSPELLED" if kind == "misspelled" else "T-DISGUISE"

        def case(n: int) -> Case | None:
            pool = self.single
            if kind == "misspelled":
                pool = [e for e in pool if len(e.brand) >= 5]
            e = self.rng.choice(pool)
            written = make(e.brand, self.rng)
            if written is None:
                return None
            title = self.title_with(written)
            return Case(kind, self.listing(f"{kind.upper()}-{n}", title=title), e.brand,
                        frozenset({rule}), min_level="plain", note=written)  # fmt: skip

        return case

    def counterfeit(self, n: int) -> Case:
        rng = self.rng
        strong = ["{b} Dupe", "Inspired by {b}", "1:1 {b} Replica", "AAA Quality {b}",
                  "Fake {b}", "{b} Look-Alike", "{b} Knockoff", "{b} Inspired"]  # fmt: skip
        weak = ["{b} Style", "Same as {b}", "Better than {b}", "Better Sound than {b}",
                "Equivalent to {b}", "{b} Look"]  # fmt: skip
        if rng.random() < 0.3:
            e = rng.choice(self.common)
            pattern = rng.choice(strong)
        else:
            e = rng.choice(self.distinct)
            pattern = rng.choice(strong + weak)
        title = self.title_with(pattern.format(b=e.brand))
        return Case("counterfeit", self.listing(f"FAKE-{n}", title=title), e.brand,
                    frozenset({"T-COUNTERFEIT"}), min_level="high",
                    actions=frozenset({"remove"}))  # fmt: skip

    def compatible(self, n: int) -> Case:
        rng = self.rng
        cues = ["Compatible with", "Replacement for", "Fits", "Works with", "Designed for",
                "for", "Compatible for", "Suitable for"]  # fmt: skip
        models = ["", "15 Pro", "Series 9", "X200", "Gen 3", "2nd Gen", "Mini", "Pro Max", "A1234"]
        if rng.random() < 0.2:
            e = rng.choice(self.common)
            cue = rng.choice(cues)
            model = rng.choice(models[1:]) if cue == "for" else rng.choice(models)
        else:
            e = rng.choice(self.distinct)
            cue, model = rng.choice(cues), rng.choice(models)
        mention = f"{cue} {e.brand} {model}".strip()
        title = f"{self.product()} {mention}"
        if rng.random() < 0.5:
            title = f"{title}, {rng.choice(self.adjectives).title()}"
        return Case("compatible", self.listing(f"COMPAT-{n}", title=title), e.brand,
                    frozenset({"T-COMPATIBLE"}), min_level="low", max_level="medium",
                    actions=frozenset({"review"}))  # fmt: skip

    def brand_field(self, n: int) -> Case:
        e = self.rng.choice(self.trademarks)
        return Case("brand field", self.listing(f"BRAND-{n}", brand=e.brand), e.brand,
                    frozenset({"T-BRAND-FIELD"}), min_level="high",
                    actions=frozenset({"remove"}))  # fmt: skip

    def search_terms(self, n: int) -> Case:
        rng = self.rng
        if rng.random() < 0.25:
            name = brand = rng.choice(OWN_BRANDS)
        else:
            e = rng.choice(self.distinct + self.generic)
            name = brand = e.brand
        words = rng.sample(self.fillers, 5)
        words.insert(rng.randrange(6), name.lower())
        return Case("search terms", self.listing(f"TERMS-{n}", search_terms=" ".join(words)),
                    brand, frozenset({"T-SEARCH-TERMS"}), min_level="medium",
                    actions=frozenset({"fix"}))  # fmt: skip

    def generic_trademark(self, n: int) -> Case:
        rng = self.rng
        e = rng.choice(self.generic)
        written = e.brand if rng.random() < 0.5 else e.brand.lower()
        title = f"{self.product()} with {written} {rng.choice(['Closure', 'Set', 'Pack'])}"
        return Case("generic trademark", self.listing(f"GENERIC-{n}", title=title), e.brand,
                    frozenset({"T-GENERIC"}), min_level="low", max_level="medium",
                    actions=frozenset({"fix"}))  # fmt: skip

    def common_with_evidence(self, n: int) -> Case:
        rng = self.rng
        e = rng.choice(self.common)
        b = e.brand
        how = rng.randrange(4)
        if how == 0:
            listing = self.listing(f"EVID-{n}", brand=b, title=f"{b} {self.product()}")
            rules = {"T-BRAND-FIELD", "T-PLAIN"}
        elif how == 1:
            listing = self.listing(f"EVID-{n}", title=f"{b.upper()} {self.product().lower()}")
            rules = {"T-PLAIN"}
        elif how == 2:
            listing = self.listing(f"EVID-{n}", title=f"{self.product()} by {b}")
            rules = {"T-PLAIN"}
        else:
            listing = self.listing(f"EVID-{n}", title=f"{b}® {self.product()}")
            rules = {"T-PLAIN"}
        return Case("common word + evidence", listing, b, frozenset(rules), min_level="plain")

    def near_miss(self, n: int) -> Case:
        rng = self.rng
        word = rng.choice(self.near_words)
        shape = rng.randrange(3)
        if shape == 0:
            title = f"{word.title()} {self.product()}"
        elif shape == 1:
            title = f"{self.product()} for {word}"
        else:
            title = f"{self.product()} {word} {rng.choice(self.products)}"
        return Case("near-miss words", self.listing(f"NEAR-{n}", title=title, brand=""),
                    must_not_flag=True, note=word)  # fmt: skip

    @property
    def near_words(self) -> list[str]:
        if not hasattr(self, "_near_words"):
            self._near_words = sorted(near_miss_words(self.entries, self._vocab))
        return self._near_words

    def common_generic_use(self, n: int) -> Case:
        rng = self.rng
        word = rng.choice(sorted(GENERIC_USES))
        phrase = rng.choice(GENERIC_USES[word]).replace("{W}", word.title())
        where = rng.randrange(3)
        if where == 0:
            listing = self.listing(f"COMMON-{n}", title=phrase.title() if rng.random() < 0.5
                                   else phrase, brand=rng.choice(["", *OWN_BRANDS]))
        elif where == 1:
            listing = self.listing(f"COMMON-{n}", bullets=f"Great {phrase}, easy to use.")
        else:
            listing = self.listing(f"COMMON-{n}", search_terms=f"{phrase.lower()} kitchen gift")
        return Case("common word, ordinary sense", listing, must_not_flag=True, note=phrase)

    def own_brand(self, n: int) -> Case:
        rng = self.rng
        own = rng.choice([*OWN_BRANDS, *AUTHORIZED])
        in_terms = rng.random() < 0.4
        listing = self.listing(
            f"OWN-{n}",
            brand=own,
            title=f"{own} {self.product()}",
            bullets=f"Every {own} product is tested by hand.",
            search_terms=f"{own.lower()} gift ideas" if in_terms else "gift ideas for her",
        )
        family = "own brand in search terms" if in_terms else "own brand"
        return Case(family, listing, own, frozenset({"T-SEARCH-TERMS"}) if in_terms
                    else frozenset(), must_not_flag=not in_terms,
                    min_level="medium" if in_terms else "none",
                    max_level="medium" if in_terms else "none",
                    extra={"own": own})  # fmt: skip

    def clean(self, n: int) -> Case:
        return Case("clean listings", self.listing(f"CLEAN-{n}"), must_not_flag=True)


NEAR_MISS_PAIRS = {
    "Nike": ["bike", "hike", "like", "mike", "nice", "nine"],
    "Bose": ["rose", "hose", "nose", "dose", "pose", "lose"],
    "LEGO": ["logo", "leg", "lego-style", "ego"],
    "Vans": ["pans", "fans", "vane", "cans", "van"],
    "UGG": ["egg", "ugh", "mug"],
    "Gucci": ["gucchi-free"],
}


def near_miss_words(entries: list[BrandEntry], vocab: set[str]) -> set[str]:
    """Issue 4's near-miss words, and every frequent dictionary word one or two letters from a
    brand word (the words a careless fuzzy matcher would flag)."""
    from wordfreq import top_n_list

    from listing_audit.text.nearmiss import DeletionIndex, EditBudget

    words = {w for ws in NEAR_MISS_PAIRS.values() for w in ws if "-" not in w}
    brand_words = sorted(w for w in vocab if w.isalpha() and len(w) >= 4)
    index = DeletionIndex(brand_words, EditBudget(one_edit_from=4))
    for w in top_n_list("en", 40_000):
        if w.isalpha() and w not in vocab and len(w) >= 3 and _zipf(w) >= 3.0 and index.lookup(w):
            words.add(w)
    return words
