"""Every rule's reason has Simplified Chinese wording, not an English fallback."""

from __future__ import annotations

import pytest

from listing_audit.config import load_rules
from listing_audit.model import Complaint, ImageFinding, Listing, ListingResult, TextFinding
from listing_audit.report.i18n import listing_reasons, reason_text
from listing_audit.scoring import reason


def _finding(rule_id: str) -> TextFinding | ImageFinding:
    if rule_id.startswith("I-"):
        return ImageFinding(
            rule_id=rule_id,
            image="img/B0X.MAIN.jpg",
            slot="MAIN",
            asset="owner/logo.png",
            owner="Owner Ltd",
            distance=2.0,
            method="phash",
            inliers=25 if rule_id == "I-EMBEDDED" else 0,
        )
    return TextFinding(
        rule_id=rule_id,
        field="title",
        brand="Nike",
        owner="Nike, Inc.",
        brand_risk="high",
        brand_kind="trademark",
        matched_text="N1ke",
        normalised="nike",
        match="digit-swap",
        context="N1ke dupe shoes",
        suggestion="hook and loop",
        cue="counterfeit",
        cue_text="dupe",
        distance=1,
    )


@pytest.mark.parametrize("rule_id", sorted(load_rules().table("actions")))
def test_every_rule_has_chinese_wording(rule_id: str) -> None:
    finding = _finding(rule_id)
    zh = reason_text(finding, "zh")
    assert zh != reason(finding)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in zh)


def test_complaints_come_first_in_chinese_reasons() -> None:
    result = ListingResult(
        Listing(sku="S", asin="B0X"),
        [_finding("T-PLAIN")],
        complaints=[Complaint(asin="B0X", complaint_id="123", rights_owner="Nike, Inc.")],
    )
    said = listing_reasons(result, "zh")
    assert said[0].startswith("Nike, Inc. 已就此 ASIN 向亚马逊投诉")
    assert "标题提到品牌 Nike" in said[1]
