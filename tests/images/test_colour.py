"""colour: hash matches must agree in colour too, where both pictures have colour."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance

from listing_audit.config import load_rules
from listing_audit.images.assets import find_assets
from listing_audit.images.colour import (
    chroma,
    colour_agreement,
    colour_layout,
    layout_under,
    mirrored,
    seen_agreement,
)
from listing_audit.images.detect import build_asset_index, detect_images, file_features
from listing_audit.model import ImageRef, Listing

#: Hash matches alone (keypoint matching off), as the colour check applies to them.
HASH_ONLY = replace(
    load_rules().image, min_inliers=10_000, coloured_min_inliers=10_000, sift=False
)


def _bands(*colours: tuple[int, int, int], width: int = 900, height: int = 600) -> Image.Image:
    """A flag of horizontal bands, top to bottom, with a white disc and a dark wedge at the
    hoist (flat bands alone are left-right symmetric: too little for a hash to hold on to)."""
    img = Image.new("RGB", (width, height))
    step = height // len(colours)
    for i, colour in enumerate(colours):
        img.paste(colour, (0, i * step, width, height if i == len(colours) - 1 else (i + 1) * step))
    draw = ImageDraw.Draw(img)
    draw.polygon([(0, 0), (300, height // 2), (0, height)], fill=(30, 30, 30))
    draw.ellipse((60, height // 2 - 70, 200, height // 2 + 70), fill=(245, 245, 245))
    return img


#: Two tricolours whose bands have about the same grey levels (dark, middle, light) and
#: nothing else in common: a hash, which sees grey, cannot tell them apart.
DARK_RED_GOLD = _bands((40, 40, 110), (200, 40, 40), (250, 200, 40))
NAVY_GREEN_PINK = _bands((20, 70, 20), (40, 140, 120), (250, 170, 250))


def _main_image(art: Image.Image, path: Path) -> Path:
    canvas = Image.new("RGB", (1400, 1400), "white")
    canvas.paste(art.resize((900, 600)), (250, 400))
    canvas.save(path, quality=88)
    return path


def test_layouts_agree_for_the_same_colours_whatever_the_brightness_and_saturation() -> None:
    art = colour_layout(DARK_RED_GOLD)
    for edit in (ImageEnhance.Brightness, ImageEnhance.Color, ImageEnhance.Contrast):
        for factor in (0.6, 1.4):
            edited = colour_layout(edit(DARK_RED_GOLD).enhance(factor))
            agreement = colour_agreement(edited, art)
            assert agreement is not None and agreement > 0.9, (edit.__name__, factor)
    other = colour_agreement(colour_layout(NAVY_GREEN_PINK), art)
    assert other is not None and other < 0.5


def test_grey_pictures_are_not_judged() -> None:
    art = colour_layout(DARK_RED_GOLD)
    assert colour_agreement(colour_layout(DARK_RED_GOLD.convert("L")), art) is None
    assert colour_agreement(art, colour_layout(DARK_RED_GOLD.convert("L"))) is None


def test_a_mirrored_layout_is_the_layout_of_the_mirror_image() -> None:
    art = _bands((200, 40, 40), (40, 40, 200)).transpose(Image.Transpose.ROTATE_90)
    flipped = art.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    agreement = colour_agreement(mirrored(colour_layout(art)), colour_layout(flipped))
    assert agreement is not None and agreement > 0.95
    unflipped = colour_agreement(colour_layout(art), colour_layout(flipped))
    assert unflipped is not None and unflipped < 0


def test_a_look_alike_tricolour_is_not_a_copy_but_edited_copies_are(tmp_path: Path) -> None:
    root = tmp_path / "assets" / "flag-owner"
    root.mkdir(parents=True)
    DARK_RED_GOLD.save(root / "flag.png")
    index, _ = build_asset_index(find_assets([tmp_path / "assets"]), HASH_ONLY)
    assert index.layouts.shape[0] == len(index.row_asset)

    look_alike = _main_image(NAVY_GREEN_PINK, tmp_path / "look-alike.jpg")
    paler = _main_image(ImageEnhance.Color(DARK_RED_GOLD).enhance(0.5), tmp_path / "paler.jpg")
    grey = _main_image(DARK_RED_GOLD.convert("L").convert("RGB"), tmp_path / "grey.jpg")
    # The look-alike is as close as a copy to the hash ...
    features = file_features(look_alike, HASH_ONLY)
    # One colour layout per hash row (the picture, its mirror image; more for its regions).
    assert features.layouts.shape[1:] == (8, 8, 2)
    assert len(features.layouts) == len(features.hashes) >= 2
    listings = [
        Listing(sku=name, images=[ImageRef(path, "MAIN")])
        for name, path in (("alike", look_alike), ("paler", paler), ("grey", grey))
    ]
    loose = replace(HASH_ONLY, min_colour_agreement=-1.0)
    found, _, _ = detect_images(listings, index, loose, workers=1)
    assert sorted(found) == [0, 1, 2]
    # ... and the colour check alone tells it from the copies.
    found, _, _ = detect_images(listings, index, HASH_ONLY, workers=1)
    assert sorted(found) == [1, 2]
    assert [f.method for f in found[1]] == ["hash"]


def test_a_keypoint_match_reads_the_colours_where_its_geometry_puts_the_asset() -> None:
    """`layout_under` samples the listing picture through the fitted transform: the asset at
    half size, 100 px in from the frame's corner, gives back the asset's own layout."""
    asset = DARK_RED_GOLD.resize((480, 320))
    listing = Image.new("RGB", (480, 320), (128, 128, 128))
    listing.paste(asset.resize((240, 160)), (100, 100))
    frame = chroma(listing, (120, 80))  # one sample per 4 frame pixels
    half = np.array([[0.5, 0.0, 100.0], [0.0, 0.5, 100.0]])
    shown, seen = layout_under(frame, 4, (0, 0, 480, 320), (0, 0, 480, 320), half)
    assert seen.all()
    agreement = seen_agreement(shown, seen, colour_layout(asset))
    assert agreement is not None and agreement > 0.95
    other = seen_agreement(shown, seen, colour_layout(NAVY_GREEN_PINK.resize((480, 320))))
    assert other is not None and other < 0.5


def test_cells_of_the_asset_outside_the_listing_picture_are_not_compared() -> None:
    """A copy cropped to the asset's left sixth: what lies beyond the listing picture's content
    box (here other colours) is not read, and the cells it shows agree."""
    asset = DARK_RED_GOLD.resize((480, 320))
    around = NAVY_GREEN_PINK.resize((480, 320))
    around.paste(asset.crop((0, 0, 60, 320)), (0, 0))
    frame = chroma(around, (120, 80))
    same = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    shown, seen = layout_under(frame, 4, (0, 0, 60, 320), (0, 0, 480, 320), same)
    assert seen[:, :1].all() and not seen[:, 2:].any()
    agreement = seen_agreement(shown, seen, colour_layout(asset))
    assert agreement is not None and agreement > 0.95
    assert colour_agreement(colour_layout(around), colour_layout(asset)) < 0.5  # type: ignore[operator]
