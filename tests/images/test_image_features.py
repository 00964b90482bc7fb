"""features: what one decoded picture yields, for listing images and for assets."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

from listing_audit.config import load_rules
from listing_audit.images.decode import load_image
from listing_audit.images.features import (
    FEATURE_PAD,
    FEATURE_SIZE,
    FEATURE_VERSION,
    compute_asset_features,
    compute_features,
)
from listing_audit.images.hashes import HASH_VERSION
from listing_audit.images.local import build_keypoint_index, candidates, find_local

SETTINGS = load_rules().image


def test_listing_features(acme_logo: Image.Image) -> None:
    flat = Image.new("RGB", (900, 700), "white")
    flat.paste(acme_logo, (300, 200), acme_logo)
    found = compute_features(flat, SETTINGS.trim_tolerance)
    assert found.hashes.shape == (2, 2) and found.hashes.dtype == np.uint64
    assert found.reliable.shape == (2,) and found.variants == ()
    kp = found.keypoints
    assert 100 <= len(kp) <= 500
    assert kp.points.shape == (len(kp), 2) and kp.descriptors.shape == (len(kp), 32)
    # The trimmed logo (its drawing is 290 x 280 px) is scaled to FEATURE_SIZE on its long
    # side, inside a white frame.
    x0, y0, x1, y1 = kp.content
    assert (x0, y0, x1) == (FEATURE_PAD, FEATURE_PAD, FEATURE_PAD + FEATURE_SIZE)
    assert 440 < y1 - y0 < FEATURE_SIZE
    assert kp.size == (x1 + FEATURE_PAD, y1 + FEATURE_PAD)
    assert FEATURE_VERSION // 100 == HASH_VERSION


def test_asset_features_add_mirror_and_dark_variants(
    tmp_path: Path, acme_logo: Image.Image
) -> None:
    acme_logo.save(tmp_path / "logo.png")
    rgba = load_image(tmp_path / "logo.png", SETTINGS.max_pixels, keep_alpha=True)
    assert rgba.mode == "RGBA"
    assert load_image(tmp_path / "logo.png", SETTINGS.max_pixels).mode == "RGB"
    found = compute_asset_features(rgba, SETTINGS.trim_tolerance)
    assert [mirrored for mirrored, _ in found.variants] == [True, False, True]
    assert all(len(kp) > 50 for _, kp in found.variants)
    on_white = compute_features(load_image(tmp_path / "logo.png", SETTINGS.max_pixels), 24)
    assert np.array_equal(found.hashes, on_white.hashes)
    opaque = compute_asset_features(Image.new("RGB", (64, 64), "red"), 24)
    assert [m for m, _ in opaque.variants] == [True]  # no transparency: no dark variant


def test_tiny_and_blank_pictures_have_no_keypoints() -> None:
    assert len(compute_features(Image.new("RGB", (10, 300), "black"), 24).keypoints) == 0
    assert len(compute_features(Image.new("RGB", (300, 300), "white"), 24).keypoints) == 0


def test_keypoint_index_votes_for_the_right_asset(
    acme_logo: Image.Image, zeta_logo: Image.Image
) -> None:
    assets = [compute_asset_features(art, 24) for art in (acme_logo, zeta_logo)]
    index = build_keypoint_index([[(False, a.keypoints), *a.variants] for a in assets])
    assert len(index) == 2 and index.descriptors.shape[0] == index.owners.shape[0]
    turned = ImageOps.mirror(zeta_logo).rotate(20, Image.Resampling.BICUBIC, expand=True)
    canvas = Image.new("RGB", (800, 800), (90, 160, 90))
    canvas.paste(turned, (200, 150), turned)
    query = compute_features(canvas, 24).keypoints
    assert candidates(query, index, SETTINGS)[0] == 1
    (match,) = find_local(query, index, SETTINGS)
    assert (match.asset, match.mirrored) == (1, True)
    assert match.inliers >= SETTINGS.min_inliers and 0 < match.coverage < 1
    empty = build_keypoint_index([])
    assert len(empty) == 0 and find_local(query, empty, SETTINGS) == []
