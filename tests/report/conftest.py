"""A hand-built scan result with the awkward cases every writer must survive.

Rank 1 is high with a text and an image finding (and a control character in the description
that the text finding quotes); rank 2 is medium with a title that is a formula; rank 3 is low;
rank 4 is clean, titled `#N/A`, with SKU `00042` and no ASIN-shaped value to link.
"""

from __future__ import annotations

import pytest

from listing_audit.model import (
    ImageFinding,
    Listing,
    ListingResult,
    ScanInputs,
    ScanResult,
    Skipped,
    TextFinding,
)

FORMULA_TITLE = '=HYPERLINK("http://evil.example/x","click me")'
BELL_DESCRIPTION = "Fits like Nike\x07 shoes, great for running"


def text_finding(**changes: object) -> TextFinding:
    values: dict[str, object] = {
        "rule_id": "T-PLAIN",
        "field": "description",
        "brand": "Nike",
        "owner": "Nike, Inc.",
        "brand_risk": "high",
        "brand_kind": "trademark",
        "matched_text": "Nike",
        "normalised": "nike",
        "match": "exact",
        "context": BELL_DESCRIPTION,
        "score": 61.25,
        "action": "remove",
    }
    values.update(changes)
    return TextFinding(**values)  # type: ignore[arg-type]


def image_finding(**changes: object) -> ImageFinding:
    values: dict[str, object] = {
        "rule_id": "I-COPY",
        "image": "images/B0HIGH0001.MAIN.jpg",
        "slot": "MAIN",
        "asset": "acme-studios/logo.png",
        "owner": "acme-studios",
        "distance": 3.0,
        "method": "phash",
        "score": 40.0,
        "action": "remove",
    }
    values.update(changes)
    return ImageFinding(**values)  # type: ignore[arg-type]


def make_result() -> ScanResult:
    high = ListingResult(
        listing=Listing(
            sku="SKU-HIGH",
            asin="B0HIGH0001",
            title="Running shoes 跑步鞋",
            description=BELL_DESCRIPTION,
            marketplace="A1PA6795UKMFR9",  # amazon.de
            status="Active",
            source="all_listings_de.txt",
            row=2,
        ),
        findings=[text_finding(), image_finding()],
        risk_score=87.6543,
        risk_level="high",
        action="remove",
        reasons=["Brand 'Nike' (Nike, Inc.) in description", "Main image matches acme logo"],
        rank=1,
    )
    medium = ListingResult(
        listing=Listing(
            sku="SKU-MED",
            asin="B0MEDIUM02",
            title=FORMULA_TITLE,
            status="Active",
            source="all_listings_us.txt",
            row=3,
        ),
        findings=[
            text_finding(
                field="title",
                brand="Disney",
                owner="Disney Enterprises",
                matched_text="=Disney",
                normalised="disney",
                context=FORMULA_TITLE,
                score=45.0,
                action="fix",
            )
        ],
        risk_score=45.0,
        risk_level="medium",
        action="fix",
        reasons=["Brand 'Disney' in title"],
        rank=2,
    )
    low = ListingResult(
        listing=Listing(sku="SKU-LOW", asin="B0LOWLOW03", title="Generic mug", marketplace="zz"),
        findings=[
            text_finding(
                rule_id="T-SEARCH-TERMS",
                field="search_terms",
                matched_text="nike",
                context="mug nike cup",
                score=12.0,
                action="review",
            )
        ],
        risk_score=12.0,
        risk_level="low",
        action="review",
        reasons=["Brand 'Nike' in search terms"],
        rank=3,
    )
    clean = ListingResult(
        listing=Listing(sku="00042", asin=None, title="#N/A", source="inventory.csv", row=5),
        rank=4,
    )
    return ScanResult(
        generated_at="2025-01-31T09:30:00+00:00",
        results=[high, medium, low, clean],
        inputs=ScanInputs(
            exports=["all_listings_de.txt", "all_listings_us.txt", "inventory.csv"],
            rows=5,
            images=12,
            assets=3,
            brands=250,
            brand_lists=["brand_lists/default.csv"],
            own_brands=["MyBrand"],
            authorized_brands=["Acme"],
        ),
        skipped=[Skipped(file="inventory.csv", row=4, column="asin", reason="empty SKU")],
        rules_fingerprint="abc123",
        tool_version="0.1.0",
    )


@pytest.fixture
def scan_result() -> ScanResult:
    return make_result()
