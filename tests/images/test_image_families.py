"""Every edit family of issue 5, one example each: which rule and method find it.

The copy is the acme logo on a 1500 px white canvas (900 px wide: a main image), then edited;
benchmarks/image_accuracy.py measures the same families at scale.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageEnhance, ImageFont, ImageOps

from listing_audit.config import load_rules
from listing_audit.images.detect import AssetIndex, detect_images
from listing_audit.model import ImageRef, Listing

SETTINGS = load_rules().image
Canvas = Callable[..., Image.Image]


def _scene(size: tuple[int, int] = (1200, 900)) -> Image.Image:
    """A photo-like background: soft colour fields and a few objects."""
    rng = np.random.default_rng(5)
    coarse = rng.integers(0, 256, size=(5, 5, 3), dtype=np.uint8)
    img = Image.fromarray(coarse).resize(size, Image.Resampling.BICUBIC)
    draw = ImageDraw.Draw(img)
    draw.rectangle((50, 600, 400, 850), fill=(120, 90, 60))
    draw.ellipse((800, 80, 1100, 300), fill=(40, 140, 200))
    return img


def _embedded(art: Image.Image) -> Image.Image:
    """The logo covering about 45% of a lifestyle photo, turned slightly."""
    scene = _scene()
    small = art.resize((800, 800), Image.Resampling.LANCZOS).rotate(
        6, Image.Resampling.BICUBIC, expand=True
    )
    scene.paste(small, (420, 100), small)
    return scene


def _banner(img: Image.Image) -> Image.Image:
    out = img.copy()
    draw = ImageDraw.Draw(out)
    draw.rectangle((0, 0, out.width, out.height // 7), fill=(220, 20, 30))
    font = ImageFont.load_default(size=out.height // 12)
    draw.text((60, 20), "BEST SELLER -30%", fill="white", font=font)
    return out


def _letterbox(img: Image.Image) -> Image.Image:
    out = Image.new("RGB", (img.width * 16 // 9, img.height), (0, 0, 0))
    out.paste(img, ((out.width - img.width) // 2, 0))
    return out


Edit = Callable[[Image.Image], Image.Image]
COPY = "I-COPY"
#: Found by keypoints: a copy when the asset covers half the (trimmed) picture, else embedded.
ANY = "I-COPY I-EMBEDDED"
#: (family, edit of the main image, JPEG quality, rules allowed, method prefix)
FAMILIES: list[tuple[str, Edit, int, str, str]] = [
    (
        "resize-down",
        lambda im: im.resize((500, 500), Image.Resampling.LANCZOS),
        85,
        "I-COPY",
        "hash",
    ),
    (
        "resize-up",
        lambda im: im.resize((2400, 2400), Image.Resampling.BICUBIC),
        85,
        "I-COPY",
        "hash",
    ),
    ("jpeg-low", lambda im: im, 20, "I-COPY", "hash"),
    ("grey", lambda im: im.convert("L").convert("RGB"), 85, "I-COPY", "hash"),
    ("brightness", lambda im: ImageEnhance.Brightness(im).enhance(0.7), 85, "I-COPY", "hash"),
    ("contrast", lambda im: ImageEnhance.Contrast(im).enhance(0.6), 85, "I-COPY", "hash"),
    ("saturation", lambda im: ImageEnhance.Color(im).enhance(0.3), 85, "I-COPY", "hash"),
    ("mirror", ImageOps.mirror, 85, "I-COPY", "hash-mirror"),
    (
        "rotate",
        lambda im: im.rotate(7, Image.Resampling.BICUBIC, fillcolor="white"),
        85,
        ANY,
        "",
    ),
    ("crop", lambda im: im.crop((300, 300, 1200, 1050)), 85, ANY, ""),
    (
        "crop-mirrored",
        lambda im: ImageOps.mirror(im.crop((300, 300, 1200, 1050))),
        85,
        ANY,
        "",
    ),
    ("letterbox", _letterbox, 85, COPY, "hash"),
    ("overlay", _banner, 85, ANY, ""),
]


@pytest.mark.parametrize(
    ("family", "edit", "quality", "rule", "method"), FAMILIES, ids=[f[0] for f in FAMILIES]
)
def test_edited_copy_is_found(
    tmp_path: Path,
    logo_index: AssetIndex,
    acme_logo: Image.Image,
    canvas: Canvas,
    family: str,
    edit: Edit,
    quality: int,
    rule: str,
    method: str,
) -> None:
    path = tmp_path / f"{family}.jpg"
    edit(canvas(acme_logo, 3.0)).save(path, quality=quality)
    listing = Listing(sku="S", images=[ImageRef(path, "MAIN")])
    findings, skipped, _ = detect_images([listing], logo_index, SETTINGS)
    assert skipped == []
    assert [f.asset for f in findings.get(0, [])] == ["acme-studios/logo.png"], family
    (hit,) = findings[0]
    assert hit.rule_id in rule.split() and hit.method.startswith(method), hit


def test_embedded_logo_is_found_by_keypoints(
    tmp_path: Path, logo_index: AssetIndex, zeta_logo: Image.Image
) -> None:
    path = tmp_path / "lifestyle.jpg"
    _embedded(zeta_logo).save(path, quality=85)
    listings = [Listing(sku="A", images=[ImageRef(path, "PT02")])]
    # ORB alone finds it; with SIFT too, the match whose edges agree best is reported.
    orb_only = replace(SETTINGS, sift=False)
    for settings, methods in (
        (orb_only, {"orb-ransac"}),
        (SETTINGS, {"orb-ransac", "sift-ransac"}),
    ):
        findings, _, _ = detect_images(listings, logo_index, settings)
        (hit,) = findings[0]
        assert (hit.rule_id, hit.asset, hit.slot) == ("I-EMBEDDED", "zeta-arts/rings.png", "PT02")
        assert hit.method in methods
        limit = SETTINGS.min_inliers if hit.method == "orb-ransac" else SETTINGS.sift_min_inliers
        assert hit.inliers >= limit and 0 <= hit.distance < 1


def test_scenes_and_other_pictures_are_not_flagged(
    tmp_path: Path,
    logo_index: AssetIndex,
    canvas: Canvas,
    unrelated: Callable[[int], Image.Image],
) -> None:
    pictures = [_scene(), _banner(canvas(unrelated(2))), *map(unrelated, range(4))]
    listings = []
    for i, img in enumerate(pictures):
        path = tmp_path / f"own-{i}.jpg"
        img.save(path, quality=85)
        listings.append(Listing(sku=f"S{i}", images=[ImageRef(path, "MAIN")]))
    findings, skipped, decoded = detect_images(listings, logo_index, SETTINGS)
    assert (findings, skipped, decoded) == ({}, [], len(pictures))
