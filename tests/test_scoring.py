"""Scoring: weights from the rules, diminishing returns, levels, actions and reasons."""

from __future__ import annotations

import pytest

from listing_audit.config import load_rules
from listing_audit.model import ImageFinding, Listing, ListingResult, TextFinding
from listing_audit.scoring import combine, rank, score_listing


def text(
    rule: str = "T-PLAIN",
    field: str = "title",
    risk: str = "high",
    match: str = "exact",
    kind: str = "trademark",
) -> TextFinding:
    return TextFinding(
        rule_id=rule,
        field=field,
        brand="Nike",
        owner="Nike, Inc.",
        brand_risk=risk,
        brand_kind=kind,
        matched_text="Nike",
        normalised="nike",
        match=match,
        context="Nike shoes",
    )


def image(slot: str = "MAIN", distance: float = 0.0) -> ImageFinding:
    return ImageFinding(
        rule_id="I-COPY" if slot == "MAIN" else "I-COPY-SECONDARY",
        image="a.jpg",
        slot=slot,
        asset="owner/logo.png",
        owner="owner",
        distance=distance,
        method="phash",
    )


def scored(*findings: TextFinding | ImageFinding, sku: str = "S1") -> ListingResult:
    return score_listing(ListingResult(Listing(sku=sku), list(findings)), load_rules())


def test_combine_has_diminishing_returns() -> None:
    assert combine([]) == 0.0
    assert combine([50.0]) == 50.0
    assert combine([50.0, 50.0]) == 75.0
    assert combine([100.0, 100.0]) == 100.0


def test_brand_field_claim_is_high_and_remove() -> None:
    result = scored(text(rule="T-BRAND-FIELD", field="brand"))
    assert (result.risk_score, result.risk_level, result.action) == (100.0, "high", "remove")
    assert result.reasons == ["brand field claims Nike (Nike, Inc.), which is not your brand"]


def test_title_mention_weighs_less_than_brand_field() -> None:
    title = scored(text())
    assert title.risk_score == 85.0
    assert title.risk_level == "high"
    assert title.action == "fix"
    assert title.reasons == ["title names the brand Nike (Nike, Inc.) as 'Nike'"]


def test_search_terms_are_medium_fix() -> None:
    result = scored(text(rule="T-SEARCH-TERMS", field="search_terms"))
    assert (result.risk_level, result.action) == ("medium", "fix")
    assert "Amazon does not allow brand names there" in result.reasons[0]


def test_common_word_use_is_low_review() -> None:
    result = scored(text(rule="T-COMMON-WORD", match="common-word", risk="medium"))
    assert (result.risk_level, result.action) == ("low", "review")


def test_main_image_copy_outranks_secondary() -> None:
    main, secondary = scored(image("MAIN", 0)), scored(image("PT01", 0))
    assert main.risk_score > secondary.risk_score
    assert (main.risk_level, main.action) == ("high", "remove")
    assert scored(image("MAIN", 0)).risk_score > scored(image("MAIN", 8)).risk_score


def test_no_findings_is_none() -> None:
    result = scored()
    assert (result.risk_score, result.risk_level, result.action, result.reasons) == (
        0.0,
        "none",
        "none",
        [],
    )


def test_rank_orders_by_score_then_strongest_finding() -> None:
    a = scored(
        text(field="description", risk="medium"),
        text(field="bullet_point1", risk="medium"),
        sku="A",
    )
    b = scored(text(), sku="B")
    c = scored(sku="C")
    ordered = rank([c, a, b])
    assert [r.listing.sku for r in ordered] == ["B", "A", "C"]
    assert [r.rank for r in ordered] == [1, 2, 3]


@pytest.mark.parametrize("field", ["bullet_point1", "bullet_point5"])
def test_bullets_share_a_weight(field: str) -> None:
    assert scored(text(field=field)).risk_score == scored(text(field="bullet_point3")).risk_score


def test_search_terms_are_at_least_medium_even_for_the_own_brand() -> None:
    result = scored(text(rule="T-SEARCH-TERMS", field="search_terms", risk="low"))
    assert (result.risk_score, result.risk_level, result.action) == (40.0, "medium", "fix")


def test_common_words_stay_low_however_often_they_appear() -> None:
    many = [
        text(rule="T-COMMON-WORD", field=f, match="common-word", risk="high")
        for f in ("title", "description", "bullet_point1", "bullet_point2")
    ]
    result = scored(*many)
    assert result.risk_level == "low"
    assert result.risk_score < 40.0
    assert result.action == "review"


def test_a_real_mention_lifts_the_cap_of_a_common_word() -> None:
    result = scored(
        text(rule="T-COMMON-WORD", match="common-word"), text(field="brand", rule="T-BRAND-FIELD")
    )
    assert result.risk_level == "high"


def test_generic_trademark_is_at_most_medium_fix() -> None:
    result = scored(
        text(rule="T-GENERIC", kind="generic_trademark", risk="high"),
        text(rule="T-GENERIC", kind="generic_trademark", risk="high", field="description"),
    )
    assert (result.risk_level, result.action) == ("medium", "fix")
    assert result.risk_score < 70.0


def test_skus_sharing_an_asin_share_one_rank() -> None:
    def on_page(asin: str, sku: str, *findings: TextFinding) -> ListingResult:
        return score_listing(ListingResult(Listing(sku=sku, asin=asin), list(findings)),
                             load_rules())

    low = on_page("B0PAGE0001", "A-2", text(field="description", risk="low"))
    high = on_page("B0PAGE0001", "A-1", text(field="brand", rule="T-BRAND-FIELD"))
    other = on_page("B0PAGE0002", "B-1", text(risk="medium"))
    ordered = rank([low, other, high])
    assert [(r.listing.sku, r.rank) for r in ordered] == [("A-1", 1), ("A-2", 1), ("B-1", 2)]
