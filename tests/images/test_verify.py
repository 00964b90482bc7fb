"""verify: a keypoint match stands only when the asset's edges reappear where the fit says."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance, ImageFont

from listing_audit.config import load_rules
from listing_audit.images.features import compute_asset_features, compute_features
from listing_audit.images.local import build_keypoint_index, find_local
from listing_audit.images.verify import PATCH_PAD, PATCH_SIZE, edge_agreement

SETTINGS = load_rules().image
IDENTITY = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])


def test_patch_keeps_the_outline_inside_its_mask(acme_logo: Image.Image) -> None:
    patch = compute_asset_features(acme_logo, 24).keypoints.patch
    assert patch is not None
    assert max(patch.grey.shape) == PATCH_SIZE + 2 * PATCH_PAD
    assert patch.mask.shape == patch.grey.shape
    # The mask covers the logo's shapes and a little of the background around them, never
    # the whole square: the transparent corners between the shapes stay out.
    assert 0.3 < patch.mask.mean() < 0.95
    assert patch.grey[0, 0] == 255  # flattened on white, padded with white


def test_the_asset_agrees_whatever_its_background_and_brightness(acme_logo: Image.Image) -> None:
    asset = compute_asset_features(acme_logo, 24)
    index = build_keypoint_index([[(False, asset.keypoints), *asset.variants]])
    logo = acme_logo.resize((420, 420))
    for background in ((255, 255, 255), (30, 30, 30), (40, 140, 60), (230, 200, 160)):
        picture = Image.new("RGB", (1000, 800), background)
        picture.paste(logo, (400, 250), logo)
        picture = ImageEnhance.Brightness(picture).enhance(0.8)
        (match,) = find_local(compute_features(picture, 24).keypoints, index, SETTINGS)
        assert match.agreement > 0.6, background


def test_other_artwork_in_the_same_place_disagrees(
    acme_logo: Image.Image, zeta_logo: Image.Image
) -> None:
    asset = compute_asset_features(acme_logo, 24).keypoints
    on_green = Image.new("RGB", zeta_logo.size, (40, 140, 60))
    on_green.paste(zeta_logo, (0, 0), zeta_logo)
    query = compute_features(on_green, 24).keypoints
    assert asset.patch is not None and query.frame is not None
    assert edge_agreement(asset.patch, query.frame, query.content, IDENTITY) < 0.3


def _word_logo() -> Image.Image:
    """A logo whose word is set in the same font sales banners use."""
    img = Image.new("RGBA", (520, 360), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    draw.ellipse((20, 20, 200, 170), fill=(30, 90, 200, 255))
    draw.rectangle((300, 30, 480, 140), fill=(200, 120, 20, 255))
    draw.text((30, 220), "SELLERS", fill=(20, 20, 20, 255), font=ImageFont.load_default(size=80))
    return img


def test_a_banner_in_the_logos_font_is_not_the_logo() -> None:
    """The false match RANSAC alone made: keypoints along shared letters agree on one
    geometry, but the logo's shapes are missing, so its edges do not reappear."""
    logo = _word_logo()
    asset = compute_asset_features(logo, 24)
    index = build_keypoint_index([[(False, asset.keypoints), *asset.variants]])

    banner = Image.new("RGB", (1200, 1200), "white")
    draw = ImageDraw.Draw(banner)
    draw.rectangle((150, 400, 1050, 800), fill=(120, 200, 120))  # some product
    draw.text((180, 560), "BEST SELLERS", fill=(20, 20, 20), font=ImageFont.load_default(size=80))
    assert find_local(compute_features(banner, 24).keypoints, index, SETTINGS) == []

    copy = Image.new("RGB", (1200, 1200), "white")
    copy.paste(logo.resize((780, 540)), (210, 330), logo.resize((780, 540)))
    ImageDraw.Draw(copy).rectangle((0, 0, 1200, 420), fill=(220, 20, 30))  # banner over a third
    (match,) = find_local(compute_features(copy, 24).keypoints, index, SETTINGS)
    assert match.agreement >= SETTINGS.min_edge_agreement
