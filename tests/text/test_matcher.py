"""Brand mentions: a table of listing text, brand list and the rule IDs expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from listing_audit.model import Listing
from listing_audit.text.brands import load_brand_lists
from listing_audit.text.matcher import BrandMatcher

BRANDS = [
    ("Nike", "Air Jordan|Air Max", "Nike, Inc.", "trademark", "high"),
    ("Ray-Ban", "Wayfarer", "Luxottica Group S.p.A.", "trademark", "high"),
    ("Hello Kitty", "", "Sanrio Co., Ltd.", "character", "high"),
    ("Lululemon", "", "Lululemon Athletica Canada Inc.", "trademark", "high"),
    ("Apple", "iPhone|AirPods", "Apple Inc.", "trademark", "high", "common word"),
    ("Velcro", "", "Velcro IP Holdings LLC", "generic_trademark", "low"),
    ("Bose", "", "Bose Corporation", "trademark", "medium"),
]


@pytest.fixture
def matcher(make_brand_list) -> BrandMatcher:
    book = load_brand_lists([make_brand_list(BRANDS)])
    return BrandMatcher(book.entries, own_brands=["Brightwave"])


def _find(matcher: BrandMatcher, **fields: str) -> list[tuple[str, str, str, str, str]]:
    listing = Listing(sku="S1", **fields)  # type: ignore[arg-type]
    return [(f.rule_id, f.field, f.brand, f.matched_text, f.match) for f in matcher.find(listing)]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("NIKE running shoes", [("T-PLAIN", "title", "Nike", "NIKE", "exact")]),
        ("Ray-Ban sunglasses", [("T-PLAIN", "title", "Ray-Ban", "Ray-Ban", "exact")]),
        ("RAY BAN sunglasses", [("T-PLAIN", "title", "Ray-Ban", "RAY BAN", "exact")]),
        ("rayban sunglasses", [("T-PLAIN", "title", "Ray-Ban", "rayban", "normalised")]),
        ("HelloKitty lamp", [("T-PLAIN", "title", "Hello Kitty", "HelloKitty", "normalised")]),
        ("lulu lemon leggings", [("T-PLAIN", "title", "Lululemon", "lulu lemon", "normalised")]),
        ("Air Jordan 1 sneakers", [("T-PLAIN", "title", "Nike", "Air Jordan", "alias")]),
        ("Nikè shoes", [("T-PLAIN", "title", "Nike", "Nikè", "exact")]),
        ("Ｎｉｋｅ shoes", [("T-PLAIN", "title", "Nike", "Ｎｉｋｅ", "exact")]),
        ("Case for iPhone 15", [("T-PLAIN", "title", "Apple", "iPhone", "alias")]),
        ("apple slicer and corer", [("T-COMMON-WORD", "title", "Apple", "apple", "common-word")]),
        ("Velcro straps 50 pack", [("T-GENERIC", "title", "Velcro", "Velcro", "exact")]),
        # Whole words only: ordinary words that contain or resemble a brand are left alone.
        ("bike hike like", []),
        ("rose garden hose", []),
        ("Brightwave mug", []),
        ("Nikes", []),
    ],
)
def test_title_mentions(matcher: BrandMatcher, title: str, expected: list[tuple[str, ...]]) -> None:
    assert _find(matcher, title=title) == expected


def test_each_field_is_checked_with_its_rule(matcher: BrandMatcher) -> None:
    found = _find(
        matcher,
        brand="Nike",
        bullets=("", "Sound like Bose", "", "", ""),
        description="Not Hello Kitty",
        search_terms="nike shoes brightwave",
    )
    assert ("T-BRAND-FIELD", "brand", "Nike", "Nike", "exact") in found
    assert ("T-PLAIN", "bullet_point2", "Bose", "Bose", "exact") in found
    assert ("T-PLAIN", "description", "Hello Kitty", "Hello Kitty", "exact") in found
    assert ("T-SEARCH-TERMS", "search_terms", "Nike", "nike", "exact") in found
    # The seller's own brand is fine everywhere but in search terms, where Amazon forbids it.
    assert ("T-SEARCH-TERMS", "search_terms", "Brightwave", "brightwave", "exact") in found
    assert len(found) == 5


def test_own_and_authorized_brands_are_not_flagged(make_brand_list) -> None:
    book = load_brand_lists([make_brand_list(BRANDS)])
    matcher = BrandMatcher(book.entries, own_brands=["Nike"], authorized=["Bose"])
    assert _find(matcher, brand="Nike", title="Nike shoes with Bose speaker") == []


def test_finding_quotes_context_and_owner(matcher: BrandMatcher) -> None:
    listing = Listing(sku="S1", title="Premium leather wallet Hello Kitty edition for girls")
    (finding,) = matcher.find(listing)
    assert finding.owner == "Sanrio Co., Ltd."
    assert finding.normalised == "hello kitty"
    assert "wallet Hello Kitty edition" in finding.context


def test_one_finding_per_brand_and_field(matcher: BrandMatcher) -> None:
    assert len(_find(matcher, title="Nike shoes, NIKE socks, nike hat")) == 1


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
