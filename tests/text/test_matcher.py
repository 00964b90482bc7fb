"""Brand mentions: tables of listing text, brand list, and the rule IDs and match kinds expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from listing_audit.config import load_rules
from listing_audit.model import Listing, ListingResult, TextFinding
from listing_audit.scoring import score_listing
from listing_audit.text.brands import load_brand_lists
from listing_audit.text.matcher import BrandMatcher

BRANDS = [
    ("Nike", "Air Jordan|Air Max", "Nike, Inc.", "trademark", "high"),
    ("Adidas", "", "adidas AG", "trademark", "high"),
    ("Ray-Ban", "Wayfarer", "Luxottica Group S.p.A.", "trademark", "high"),
    ("Hello Kitty", "", "Sanrio Co., Ltd.", "character", "high"),
    ("Lululemon", "", "Lululemon Athletica Canada Inc.", "trademark", "high"),
    ("Louis Vuitton", "Neverfull", "Louis Vuitton Malletier", "trademark", "high"),
    ("Apple", "iPhone|AirPods|Apple Watch", "Apple Inc.", "trademark", "high", "common word"),
    ("Amazon", "Kindle", "Amazon Technologies, Inc.", "trademark", "high", "common word"),
    ("Polo", "", "Ralph Lauren Corporation", "trademark", "high", "common word"),
    ("Ninja", "", "SharkNinja Operating LLC", "trademark", "medium", "common word"),
    ("Guess", "", "Guess?, Inc.", "trademark", "medium", "common word"),
    ("Coach", "", "Tapestry, Inc.", "trademark", "high", "common word"),
    ("Velcro", "", "Velcro IP Holdings LLC", "generic_trademark", "low"),
    ("Bose", "", "Bose Corporation", "trademark", "medium"),
    ("LEGO", "", "The LEGO Group", "trademark", "high"),
    ("Vans", "", "Vans (VF Corporation)", "trademark", "high"),
    ("UGG", "", "Deckers Outdoor Corporation", "trademark", "high"),
    ("JBL", "", "Harman International Industries", "trademark", "medium"),
    ("Stanley", "Quencher", "Pacific Market International", "trademark", "high"),
    ("Crocs", "", "Crocs, Inc.", "trademark", "high"),
    ("Prada", "", "Prada S.p.A.", "trademark", "high"),
    ("Pokémon", "Pikachu", "Nintendo / The Pokémon Company", "character", "high"),
    ("Bluetooth", "", "Bluetooth SIG, Inc.", "trademark", "low"),
]

Found = tuple[str, str, str, str]  # rule ID, brand, text as written, match kind


@pytest.fixture(scope="module")
def matcher(tmp_path_factory: pytest.TempPathFactory, brand_list_writer) -> BrandMatcher:  # type: ignore[no-untyped-def]
    path = brand_list_writer(tmp_path_factory.mktemp("brands") / "brands.csv", BRANDS)
    book = load_brand_lists([path])
    return BrandMatcher(book.entries, own_brands=["Brightwave"], authorized=["Bose"])


def _find(matcher: BrandMatcher, **fields: str) -> list[Found]:
    listing = Listing(sku="S1", **fields)  # type: ignore[arg-type]
    return [(f.rule_id, f.brand, f.matched_text, f.match) for f in matcher.find(listing)]


def _verdict(matcher: BrandMatcher, **fields: str) -> tuple[str, str]:
    listing = Listing(sku="S1", **fields)  # type: ignore[arg-type]
    result = score_listing(ListingResult(listing, list(matcher.find(listing))), load_rules())
    return result.risk_level, result.action


# -- what it must catch -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # Plain mentions: any case, punctuation, run together or split apart, aliases.
        ("NIKE running shoes", [("T-PLAIN", "Nike", "NIKE", "exact")]),
        ("Ray-Ban sunglasses", [("T-PLAIN", "Ray-Ban", "Ray-Ban", "exact")]),
        ("RAY BAN sunglasses", [("T-PLAIN", "Ray-Ban", "RAY BAN", "exact")]),
        ("rayban sunglasses", [("T-PLAIN", "Ray-Ban", "rayban", "normalised")]),
        ("HelloKitty lamp", [("T-PLAIN", "Hello Kitty", "HelloKitty", "normalised")]),
        ("lulu lemon leggings", [("T-PLAIN", "Lululemon", "lulu lemon", "normalised")]),
        ("Air Jordan 1 sneakers", [("T-PLAIN", "Nike", "Air Jordan", "alias")]),
        ("iPhone 15 case", [("T-PLAIN", "Apple", "iPhone", "alias")]),
        ("Pokemon cards binder", [("T-PLAIN", "Pokémon", "Pokemon", "exact")]),
        ("Pokémon cards binder", [("T-PLAIN", "Pokémon", "Pokémon", "exact")]),
        # Disguises: every kind is its own match kind under T-DISGUISE.
        ("Nіke shoes", [("T-DISGUISE", "Nike", "Nіke", "look-alike")]),  # Cyrillic і
        ("ΝΙΚΕ shoes", [("T-DISGUISE", "Nike", "ΝΙΚΕ", "look-alike")]),  # Greek capitals
        ("АМАZОN gift card", [("T-DISGUISE", "Amazon", "АМАZОN", "look-alike")]),
        ("Ni\u200bke shoes", [("T-DISGUISE", "Nike", "Ni\u200bke", "invisible")]),
        ("Ni\u00adke shoes", [("T-DISGUISE", "Nike", "Ni\u00adke", "invisible")]),
        ("N1ke shoes", [("T-DISGUISE", "Nike", "N1ke", "digit-swap")]),
        ("AMAZ0N gift card", [("T-DISGUISE", "Amazon", "AMAZ0N", "digit-swap")]),
        ("Ad1da5 track pants", [("T-DISGUISE", "Adidas", "Ad1da5", "digit-swap")]),
        ("N i k e shoes", [("T-DISGUISE", "Nike", "N i k e", "spaced")]),
        ("N.I.K.E shoes", [("T-DISGUISE", "Nike", "N.I.K.E", "spaced")]),
        ("N-I-K-E shoes", [("T-DISGUISE", "Nike", "N-I-K-E", "spaced")]),
        ("J B L speaker", [("T-DISGUISE", "JBL", "J B L", "spaced")]),
        ("Ｎｉｋｅ shoes", [("T-DISGUISE", "Nike", "Ｎｉｋｅ", "styled")]),
        ("Ⓝⓘⓚⓔ shoes", [("T-DISGUISE", "Nike", "Ⓝⓘⓚⓔ", "styled")]),
        ("Nikè shoes", [("T-DISGUISE", "Nike", "Nikè", "accent")]),
        ("Addidas sneakers", [("T-MISSPELLED", "Adidas", "Addidas", "fuzzy")]),
        ("Adiads sneakers", [("T-MISSPELLED", "Adidas", "Adiads", "fuzzy")]),
        ("Adias sneakers", [("T-MISSPELLED", "Adidas", "Adias", "fuzzy")]),
        ("Louis Vuiton bag", [("T-MISSPELLED", "Louis Vuitton", "Louis Vuiton", "fuzzy")]),
        # Context: counterfeit signals, compatibility, generic trademarks.
        ("Men's Running Shoes Nike Style", [("T-COUNTERFEIT", "Nike", "Nike", "exact")]),
        (
            "Tumbler with Straw, Stanley Quencher Dupe",
            [("T-COUNTERFEIT", "Stanley", "Stanley", "exact")],
        ),
        (
            "Louis Vuitton Inspired Wallet",
            [("T-COUNTERFEIT", "Louis Vuitton", "Louis Vuitton", "exact")],
        ),
        (
            "Wallet inspired by Louis Vuitton",
            [("T-COUNTERFEIT", "Louis Vuitton", "Louis Vuitton", "exact")],
        ),
        ("Speaker, better sound than JBL", [("T-COUNTERFEIT", "JBL", "JBL", "exact")]),
        ("1:1 Nike replica sneakers", [("T-COUNTERFEIT", "Nike", "Nike", "exact")]),
        ("AAA quality Prada bag", [("T-COUNTERFEIT", "Prada", "Prada", "exact")]),
        ("Same as the Stanley cup", [("T-COUNTERFEIT", "Stanley", "Stanley", "exact")]),
        (
            "Polarized Sunglasses, RayBan Wayfarer Look",
            [("T-COUNTERFEIT", "Ray-Ban", "RayBan", "normalised")],
        ),
        ("N1ke Style shoes", [("T-COUNTERFEIT", "Nike", "N1ke", "digit-swap")]),
        (
            "Clear Case Compatible with iPhone 15 Pro",
            [("T-COMPATIBLE", "Apple", "iPhone", "alias")],
        ),
        ("Building Blocks Compatible with LEGO", [("T-COMPATIBLE", "LEGO", "LEGO", "exact")]),
        (
            "Replacement Band for Apple Watch Series 9",
            [("T-COMPATIBLE", "Apple", "Apple Watch", "alias")],
        ),
        ("Ear Tips for AirPods Pro", [("T-COMPATIBLE", "Apple", "AirPods", "alias")]),
        ("Blender Blades for Ninja BL610", [("T-COMPATIBLE", "Ninja", "Ninja", "exact")]),
        ("Portable Bluetooth Speaker", [("T-COMPATIBLE", "Bluetooth", "Bluetooth", "exact")]),
        ("Velcro straps 50 pack", [("T-GENERIC", "Velcro", "Velcro", "exact")]),
        ("velcro straps 50 pack", [("T-GENERIC", "Velcro", "velcro", "exact")]),
        # Brands that are also ordinary words rise with brand evidence.
        ("APPLE slicer for kids", [("T-PLAIN", "Apple", "APPLE", "exact")]),
        ("Leather handbag by Coach", [("T-PLAIN", "Coach", "Coach", "exact")]),
        ("Coach® signature tote", [("T-PLAIN", "Coach", "Coach", "exact")]),
        (
            "New kitchen gadget from the famous Ninja brand",
            [("T-PLAIN", "Ninja", "Ninja", "exact")],
        ),
        ("Ninja BL610 blender jar", [("T-PLAIN", "Ninja", "Ninja", "exact")]),
        ("Polo dupe shirt", [("T-COUNTERFEIT", "Polo", "Polo", "exact")]),
        # A disguise is evidence of its own, even for an ordinary word.
        ("4pple slicer", [("T-DISGUISE", "Apple", "4pple", "digit-swap")]),
        ("4pple watch band", [("T-DISGUISE", "Apple", "4pple watch", "digit-swap")]),
    ],
)
def test_title_mentions(matcher: BrandMatcher, title: str, expected: list[Found]) -> None:
    assert _find(matcher, title=title) == expected


# -- what it must not flag ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    [
        # Ordinary words near a brand: short brands take no edits, real words are never brands.
        "bike hike like", "mike nice nine", "rose garden hose", "nose dose pose",
        "logo sticker pack", "leg warmers", "pans and fans", "cans of paint", "egg cooker",
        "ugh mug", "ceramic crocks set", "prado museum print", "crock pot liners",
        # Whole words only.
        "Nikes", "Vansuit", "Bosed",
        # Model numbers and sizes are not digit swaps.
        "PS5 controller stand", "X100 camera strap", "4K HDMI cable 6ft", "Size 10 shoes",
        # Brightwave is the seller's own brand, Bose is authorised.
        "Brightwave mug", "Bose QuietComfort ear pads",
    ],
)  # fmt: skip
def test_ordinary_words_are_left_alone(matcher: BrandMatcher, title: str) -> None:
    assert _find(matcher, title=title) == []


@pytest.mark.parametrize(
    "title",
    [
        "apple slicer and corer",
        "Apple Slicer Stainless Steel",
        "polo shirt for men",
        "Polo Shirts for Men, Cotton",
        "ninja costume for kids",
        "guess the number game",
        "soccer coach whistle",
        "Whistle gift for coach",
        "Polo style knit shirt",
    ],
)
def test_common_words_in_their_ordinary_sense_are_at_most_low_review(
    matcher: BrandMatcher, title: str
) -> None:
    found = _find(matcher, title=title)
    assert [f[0] for f in found] == ["T-COMMON-WORD"]
    assert _verdict(matcher, title=title) == ("low", "review")


# -- levels and actions ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "level", "action"),
    [
        ({"title": "Nike running shoes"}, "high", "fix"),
        ({"title": "N1ke running shoes"}, "high", "remove"),
        ({"title": "Nіke running shoes"}, "high", "remove"),
        ({"title": "N.I.K.E running shoes"}, "high", "remove"),
        ({"title": "Addidas running shoes"}, "high", "fix"),
        ({"description": "Nike running shoes"}, "medium", "fix"),
        ({"description": "N1ke running shoes"}, "medium", "fix"),  # as high as plain, no less
        ({"title": "Nike Style Running Shoes"}, "high", "remove"),
        ({"description": "A Prada dupe for less"}, "high", "remove"),
        ({"title": "Bose dupe speaker"}, "none", "none"),  # Bose is authorised here
        ({"title": "Clear Case Compatible with iPhone 15 Pro"}, "low", "review"),
        ({"title": "Building Blocks Compatible with LEGO"}, "medium", "review"),
        (
            {
                "title": "Clear Case Compatible with iPhone 15 Pro",
                "description": "Fits iPhone 15 Pro only. Protects the iPhone camera.",
            },
            "medium",
            "review",
        ),
        ({"brand": "Nike", "title": "Running shoes"}, "high", "remove"),
        ({"brand": "Bluetooth", "title": "Speaker"}, "high", "remove"),
        ({"search_terms": "nike running shoes"}, "medium", "fix"),
        ({"search_terms": "brightwave mug"}, "medium", "fix"),
        ({"search_terms": "apple slicer corer"}, "low", "review"),
        ({"title": "Velcro Cable Ties 50 Pack"}, "medium", "fix"),
        ({"description": "with velcro straps"}, "medium", "fix"),
        ({"title": "Brightwave mug", "brand": "Brightwave"}, "none", "none"),
    ],
)
def test_levels_and_actions(
    matcher: BrandMatcher, fields: dict[str, str], level: str, action: str
) -> None:
    assert _verdict(matcher, **fields) == (level, action)


# -- each field and the evidence on every finding ----------------------------------------------


def test_each_field_is_checked_with_its_rule(matcher: BrandMatcher) -> None:
    found = _find(
        matcher,
        brand="Nike",
        bullets=("", "Sound like JBL", "", "", ""),  # type: ignore[arg-type]
        description="Not Hello Kitty",
        search_terms="nike shoes brightwave bose",
    )
    assert ("T-BRAND-FIELD", "Nike", "Nike", "exact") in found
    assert ("T-PLAIN", "JBL", "JBL", "exact") in found
    assert ("T-PLAIN", "Hello Kitty", "Hello Kitty", "exact") in found
    assert ("T-SEARCH-TERMS", "Nike", "nike", "exact") in found
    # The seller's own and authorised brands are fine everywhere but in search terms.
    assert ("T-SEARCH-TERMS", "Brightwave", "brightwave", "exact") in found
    assert ("T-SEARCH-TERMS", "Bose", "bose", "exact") in found
    assert len(found) == 6


def test_a_brand_in_the_brand_field_is_evidence_for_a_common_word(
    matcher: BrandMatcher,
) -> None:
    found = _find(matcher, brand="Polo", title="polo shirt for men")
    assert found == [
        ("T-BRAND-FIELD", "Polo", "Polo", "exact"),
        ("T-PLAIN", "Polo", "polo", "exact"),
    ]


def test_own_and_authorized_brands_are_not_flagged(make_brand_list) -> None:
    book = load_brand_lists([make_brand_list(BRANDS)])
    matcher = BrandMatcher(book.entries, own_brands=["Nike"], authorized=["Bose"])
    assert _find(matcher, brand="Nike", title="Nike shoes with Bose speaker, N1ke") == []


def test_finding_carries_its_evidence(matcher: BrandMatcher) -> None:
    listing = Listing(sku="S1", title="Premium leather wallet Louis Vuiton edition for girls")
    (finding,) = matcher.find(listing)
    assert isinstance(finding, TextFinding)
    assert (finding.field, finding.brand, finding.owner) == (
        "title",
        "Louis Vuitton",
        "Louis Vuitton Malletier",
    )
    assert finding.matched_text == "Louis Vuiton"
    assert finding.normalised == "louis vuitton"
    assert (finding.match, finding.distance) == ("fuzzy", 1)
    assert "wallet Louis Vuiton edition" in finding.context


def test_cues_are_recorded(matcher: BrandMatcher) -> None:
    (fake,) = matcher.find(Listing(sku="S1", title="Stanley Quencher Dupe"))
    assert (fake.cue, fake.cue_text) == ("counterfeit", "Dupe")
    (fits,) = matcher.find(Listing(sku="S1", title="Compatible with iPhone 15 Pro"))
    assert (fits.cue, fits.cue_text) == ("compatible-model", "Compatible with ... 15 Pro")
    (ordinary,) = matcher.find(Listing(sku="S1", title="apple slicer"))
    assert ordinary.cue == "common-word"
    (caps,) = matcher.find(Listing(sku="S1", title="APPLE slicer"))
    assert caps.cue_text == "written in capitals as 'APPLE'"


def test_one_finding_per_brand_and_field_the_most_telling(matcher: BrandMatcher) -> None:
    assert len(_find(matcher, title="Nike shoes, NIKE socks, nike hat")) == 1
    assert _find(matcher, title="Nike socks, Nike Style shoes") == [
        ("T-COUNTERFEIT", "Nike", "Nike", "exact")
    ]


def test_rules_file_phrases_are_used(tmp_path: Path, make_brand_list) -> None:
    rules_file = tmp_path / "rules.toml"
    rules_file.write_text('[context]\ncounterfeit_after = ["vibes"]\n', encoding="utf-8")
    book = load_brand_lists([make_brand_list(BRANDS)])
    matcher = BrandMatcher(book.entries, rules=load_rules(rules_file))
    assert _find(matcher, title="Nike vibes sneakers") == [
        ("T-COUNTERFEIT", "Nike", "Nike", "exact")
    ]
    assert _find(matcher, title="Nike style sneakers") == [("T-PLAIN", "Nike", "Nike", "exact")]


# -- brand lists -------------------------------------------------------------------------------


def test_bad_brand_rows_are_reported_not_loaded(make_brand_list) -> None:
    path = make_brand_list(
        [
            ("", "", "x", "trademark", "high"),
            ("X", "", "x", "trademark", "high"),
            ("Acme", "", "Acme Ltd", "logo", "high"),
            ("Zeta", "", "Zeta Ltd", "trademark", "extreme"),
            ("Good", "", "Good Ltd", "trademark", "low"),
        ]
    )
    book = load_brand_lists([path])
    assert [e.brand for e in book.entries] == ["Good"]
    assert [(s.row, s.column) for s in book.skipped] == [
        (2, "brand"),
        (3, "brand"),
        (4, "kind"),
        (5, "risk"),
    ]


def test_txt_brand_list_one_per_line(tmp_path: Path) -> None:
    path = tmp_path / "mine.txt"
    path.write_text("# our watch list\nAcme Rockets\n\nZeta\n", encoding="utf-8")
    book = load_brand_lists([path])
    assert [e.brand for e in book.entries] == ["Acme Rockets", "Zeta"]


def test_brand_list_without_required_columns_is_config_error(tmp_path: Path) -> None:
    from listing_audit.errors import ConfigError

    path = tmp_path / "b.csv"
    path.write_text("name,owner\nNike,Nike\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="aliases"):
        load_brand_lists([path])
