"""regions: a flag or print pasted, turned, into a photo is cut out upright and hashed alone."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from listing_audit.config import load_rules
from listing_audit.images.assets import find_assets
from listing_audit.images.detect import AssetIndex, build_asset_index, detect_images
from listing_audit.images.regions import rectangular_regions
from listing_audit.model import ImageRef, Listing

#: Whole-picture hashes only: no keypoints of either kind, so what is found is found by hash.
HASHES = replace(load_rules().image, min_inliers=10_000, coloured_min_inliers=10_000, sift=False)


def _flag() -> Image.Image:
    """A red flag with an off-centre white cross and a blue corner: few corners for keypoints,
    plenty for a hash."""
    flag = Image.new("RGB", (450, 300), (210, 30, 40))
    draw = ImageDraw.Draw(flag)
    draw.rectangle((120, 0, 180, 300), fill="white")
    draw.rectangle((0, 120, 450, 180), fill="white")
    draw.rectangle((0, 0, 90, 90), fill=(30, 40, 160))
    return flag


def _scene(seed: int) -> Image.Image:
    """A photo-like background: a gradient with blobs of colour on its left half."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:900, 0:1200]
    base = np.stack([x / 1200 * 180 + 40, y / 900 * 120 + 60, 160 - x / 1200 * 100], axis=-1)
    scene = Image.fromarray(base.astype(np.uint8))
    draw = ImageDraw.Draw(scene)
    for _ in range(6):
        cx, cy, r = rng.integers(0, 400), rng.integers(0, 900), rng.integers(60, 160)
        colour = tuple(int(v) for v in rng.integers(0, 256, 3))
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=colour)
    return scene


def _with_flag(scene: Image.Image, angle: float) -> Image.Image:
    turned = _flag().convert("RGBA").rotate(angle, Image.Resampling.BICUBIC, expand=True)
    out = scene.copy()
    out.paste(turned, (620, 250), turned)
    return out


def test_a_turned_flag_in_a_photo_comes_out_upright() -> None:
    regions = rectangular_regions(_with_flag(_scene(1), 6.0))
    assert regions
    # The largest region is the flag: its shape, and red with a white cross, not the scene.
    flag = np.asarray(regions[0], dtype=np.float32)
    height, width = flag.shape[:2]
    assert abs(width / height - 1.5) < 0.1
    assert flag[..., 0].mean() > 150 > flag[..., 2].mean()


def test_a_flat_band_is_no_region() -> None:
    """A plain rectangle has nothing to hash: its hash, all ties, would only add false chances."""
    picture = Image.new("RGB", (1200, 900), (90, 140, 60))
    ImageDraw.Draw(picture).rectangle((300, 200, 800, 600), fill=(200, 40, 40))
    assert rectangular_regions(picture) == []


@pytest.fixture
def flag_index(tmp_path: Path) -> AssetIndex:
    """The flag as the one protected image of `flag-owner`."""
    root = tmp_path / "assets" / "flag-owner"
    root.mkdir(parents=True)
    _flag().save(root / "flag.png")
    index, _ = build_asset_index(find_assets([tmp_path / "assets"]), HASHES)
    return index


def test_a_flag_inside_a_photo_is_found_by_its_regions_hash(
    tmp_path: Path, flag_index: AssetIndex
) -> None:
    index = flag_index
    listings = []
    for i, picture in enumerate([_with_flag(_scene(2), 5.0), _scene(3), _scene(4)]):
        path = tmp_path / f"photo-{i}.jpg"
        picture.save(path, quality=85)
        listings.append(Listing(sku=f"S{i}", images=[ImageRef(path, "PT01")]))

    found, skipped, _ = detect_images(listings, index, HASHES, workers=1)
    assert skipped == [] and sorted(found) == [0]  # the plain scenes are not flagged
    hits = [(f.asset, f.method, f.rule_id) for f in found[0]]
    assert hits == [("flag-owner/flag.png", "hash-region", "I-EMBEDDED")]
    assert found[0][0].distance <= HASHES.max_distance
    # The whole photo's hash does not see the flag: without regions it is missed.
    without, _, _ = detect_images(listings, index, replace(HASHES, regions=False), workers=1)
    assert without == {}


def test_a_copy_on_a_canvas_stays_a_copy_though_its_region_matches_too(
    tmp_path: Path, flag_index: AssetIndex
) -> None:
    canvas = Image.new("RGB", (1200, 1200), "white")
    canvas.paste(_flag().resize((900, 600)), (150, 300))
    path = tmp_path / "main.jpg"
    canvas.save(path, quality=85)
    listing = Listing(sku="M", images=[ImageRef(path, "MAIN")])
    found, _, _ = detect_images([listing], flag_index, HASHES)
    assert [(f.method, f.rule_id) for f in found[0]] == [("hash", "I-COPY")]
