"""scoring.score_image and reason for image findings: hash and keypoint matches."""

from __future__ import annotations

import pytest

from listing_audit.config import load_rules
from listing_audit.model import ImageFinding
from listing_audit.scoring import reason, score_image

RULES = load_rules()
IMAGE = RULES.table("image")


def finding(rule: str, slot: str, distance: float, method: str, inliers: int = 0) -> ImageFinding:
    return ImageFinding(
        rule_id=rule,
        image="photos/B0X.PT01.jpg",
        slot=slot,
        asset="acme/logo.png",
        owner="acme",
        distance=distance,
        method=method,
        inliers=inliers,
    )


def test_hash_match_scores_by_distance() -> None:
    exact = score_image(finding("I-COPY", "MAIN", 0, "hash"), RULES)
    edge = score_image(finding("I-COPY", "MAIN", IMAGE["max_distance"], "hash"), RULES)
    assert (exact, edge) == (IMAGE["max_score"], IMAGE["min_score"])


def test_keypoint_match_scores_by_inliers_and_main_weighs_more() -> None:
    low = finding("I-EMBEDDED", "PT01", 0.5, "orb-ransac", IMAGE["min_inliers"])
    strong = finding("I-EMBEDDED", "PT01", 0.1, "orb-ransac", IMAGE["strong_inliers"] * 2)
    main = finding("I-EMBEDDED", "MAIN", 0.1, "orb-ransac", IMAGE["strong_inliers"])
    assert score_image(low, RULES) == pytest.approx(IMAGE["min_score"] * IMAGE["other_slot_weight"])
    assert score_image(strong, RULES) == pytest.approx(
        IMAGE["max_score"] * IMAGE["other_slot_weight"]
    )
    assert score_image(main, RULES) == IMAGE["max_score"] > score_image(strong, RULES)


def test_sift_matches_score_from_their_own_least_inliers() -> None:
    least = IMAGE["sift_min_inliers"]
    assert least < IMAGE["min_inliers"]
    sift = finding("I-EMBEDDED", "MAIN", 0.3, "sift-ransac", IMAGE["min_inliers"])
    orb = finding("I-EMBEDDED", "MAIN", 0.3, "orb-ransac", IMAGE["min_inliers"])
    assert score_image(orb, RULES) == IMAGE["min_score"] < score_image(sift, RULES)
    weakest = finding("I-EMBEDDED", "MAIN", 0.3, "sift-ransac-mirror", least)
    assert score_image(weakest, RULES) == IMAGE["min_score"]


def test_reasons_name_method_and_evidence() -> None:
    assert reason(finding("I-COPY", "MAIN", 3, "hash-mirror")) == (
        "MAIN image B0X.PT01.jpg matches the protected image acme/logo.png (acme) "
        "(hash-mirror, distance 3)"
    )
    assert reason(finding("I-EMBEDDED", "PT01", 0.2, "orb-ransac", 42)) == (
        "PT01 image B0X.PT01.jpg shows the protected image acme/logo.png (acme) inside it "
        "(orb-ransac, 42 matching keypoints, 80% of its edges in place)"
    )
