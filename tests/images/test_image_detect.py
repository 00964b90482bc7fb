"""detect: end to end from drawn artwork to ImageFindings.

Copies are made the way sellers make them: the logo shrunk to half size, pasted in the middle
of a 1500x1500 white canvas and saved as a quality-60 JPEG, or the same mirrored.
(test_image_families.py covers every edit family of issue 5.)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageOps

from listing_audit.config import load_rules
from listing_audit.images import detect
from listing_audit.images.assets import find_assets
from listing_audit.images.detect import (
    AssetIndex,
    build_asset_index,
    detect_images,
    file_features,
    hash_matches,
)
from listing_audit.images.hashes import hamming
from listing_audit.model import ImageRef, Listing

SETTINGS = load_rules().image
#: The bundled rules with keypoint matching switched off: hash matches alone.
HASH_ONLY = replace(SETTINGS, min_inliers=10_000, coloured_min_inliers=10_000, sift=False)


@pytest.fixture
def index(tmp_path: Path, acme_logo: Image.Image, zeta_logo: Image.Image) -> AssetIndex:
    root = tmp_path / "assets"
    (root / "acme-studios").mkdir(parents=True)
    (root / "zeta-arts").mkdir()
    acme_logo.save(root / "acme-studios" / "logo.png")
    zeta_logo.save(root / "zeta-arts" / "rings.png")
    built, skipped = build_asset_index(find_assets([root]), SETTINGS)
    assert skipped == []
    return built


def _min_distance(path: Path, index: AssetIndex) -> list[int]:
    """Closest hash distance (over variants) from a listing image to each asset."""
    hashes = file_features(path, SETTINGS).hashes[np.newaxis].astype(np.uint64)
    (near,) = hash_matches(hashes, index, max_distance=1000)
    return [near[i][0] for i in range(len(index))]


def test_asset_index_shape(index: AssetIndex) -> None:
    assert [a.asset_id for a in index.assets] == ["acme-studios/logo.png", "zeta-arts/rings.png"]
    assert index.hashes.shape == (2, 2) and index.hashes.dtype == np.uint64
    assert index.weights.shape == (2, 128) and index.counts.tolist() == [96, 96]
    assert int(hamming(index.hashes[0], index.hashes[1]).sum()) > 2 * SETTINGS.max_distance
    assert len(index.keypoints) == 2
    # Each asset has four keypoint sets: itself, mirrored, on dark, on dark mirrored.
    assert index.keypoints.entry_asset.tolist() == [0, 0, 0, 0, 1, 1, 1, 1]
    assert index.keypoints.entry_mirrored.tolist() == [False, True, False, True] * 2


def test_copies_match_and_unrelated_images_do_not(
    tmp_path: Path,
    index: AssetIndex,
    acme_logo: Image.Image,
    zeta_logo: Image.Image,
    jpeg_copy: Callable[..., Path],
    unrelated: Callable[[int], Image.Image],
) -> None:
    shots = tmp_path / "shots"
    copy = jpeg_copy(acme_logo, shots / "copy.jpg")
    mirrored = jpeg_copy(acme_logo, shots / "mirrored.jpg", mirror=True)
    zeta_copy = jpeg_copy(zeta_logo, shots / "rings.jpg")
    strangers = []
    for kind in range(4):
        strangers.append(shots / f"own-{kind}.jpg")
        unrelated(kind).save(strangers[-1], quality=80)
    listings = [
        Listing(sku="COPY", images=[ImageRef(copy, "MAIN")]),
        Listing(sku="MIRROR", images=[ImageRef(mirrored, "PT01")]),
        Listing(sku="RINGS", images=[ImageRef(zeta_copy, "MAIN")]),
        Listing(sku="OWN", images=[ImageRef(p, "MAIN") for p in strangers]),
    ]
    findings, skipped, decoded = detect_images(listings, index, SETTINGS)

    assert skipped == [] and decoded == 7
    assert sorted(findings) == [0, 1, 2]  # the OWN listing has no finding

    (hit,) = findings[0]
    assert (hit.rule_id, hit.asset, hit.owner, hit.method, hit.slot) == (
        "I-COPY",
        "acme-studios/logo.png",
        "acme-studios",
        "hash",
        "MAIN",
    )
    assert hit.image == str(copy) and hit.distance <= 10 and hit.score == 0

    (flip,) = findings[1]
    assert (flip.rule_id, flip.asset, flip.method) == (
        "I-COPY-SECONDARY",
        "acme-studios/logo.png",
        "hash-mirror",
    )
    assert flip.distance <= 10

    (rings,) = findings[2]
    assert (rings.asset, rings.owner, rings.method) == ("zeta-arts/rings.png", "zeta-arts", "hash")
    assert rings.distance <= 10

    for path in strangers:
        assert min(_min_distance(path, index)) > SETTINGS.max_distance + 6, path.name


def test_mirrored_copy_needs_the_mirror_variant(
    tmp_path: Path, index: AssetIndex, acme_logo: Image.Image, jpeg_copy: Callable[..., Path]
) -> None:
    """The test artwork is asymmetric: unmirrored, the flipped copy is far from the asset."""
    mirrored = jpeg_copy(acme_logo, tmp_path / "m.jpg", mirror=True)
    original_variant = file_features(mirrored, SETTINGS).hashes[0]
    assert int(hamming(index.hashes[0], original_variant).sum()) > 2 * SETTINGS.max_distance


def test_unreadable_images_are_skipped_once_and_scan_goes_on(
    tmp_path: Path, index: AssetIndex, acme_logo: Image.Image, jpeg_copy: Callable[..., Path]
) -> None:
    broken = tmp_path / "B0BROKEN01.jpg"
    broken.write_text("<html>404 Not Found</html>")
    copy = jpeg_copy(acme_logo, tmp_path / "copy.jpg")
    listings = [
        Listing(sku="A", asin="B0BROKEN01", images=[ImageRef(broken, "MAIN")]),
        Listing(
            sku="B", asin="B0BROKEN01", images=[ImageRef(broken, "MAIN"), ImageRef(copy, "MAIN")]
        ),
    ]
    findings, skipped, decoded = detect_images(listings, index, SETTINGS)
    assert len(skipped) == 1
    assert (skipped[0].file, skipped[0].column) == (str(broken), "image")
    assert "not an image file" in skipped[0].reason
    assert decoded == 1
    assert list(findings) == [1] and findings[1][0].image == str(copy)


def test_each_image_decoded_once_and_one_finding_per_image_and_asset(
    tmp_path: Path,
    index: AssetIndex,
    acme_logo: Image.Image,
    jpeg_copy: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    copy = jpeg_copy(acme_logo, tmp_path / "shared.jpg")
    calls: list[Path] = []

    real_load = detect.load_image

    def counting_load(path: Path, max_pixels: int, **kwargs: object) -> Image.Image:
        calls.append(path)
        return real_load(path, max_pixels, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(detect, "load_image", counting_load)
    listings = [
        # The same file twice in one listing (PT01 and MAIN): one finding, the MAIN one.
        Listing(sku="RED", images=[ImageRef(copy, "PT01"), ImageRef(copy, "MAIN")]),
        Listing(sku="BLUE", images=[ImageRef(copy, "PT02")]),
    ]
    findings, _, decoded = detect_images(listings, index, SETTINGS)
    assert calls == [copy] and decoded == 1
    assert [(f.slot, f.rule_id) for f in findings[0]] == [("MAIN", "I-COPY")]
    assert [(f.slot, f.rule_id) for f in findings[1]] == [("PT02", "I-COPY-SECONDARY")]


def test_max_distance_is_the_threshold(
    tmp_path: Path, index: AssetIndex, acme_logo: Image.Image, jpeg_copy: Callable[..., Path]
) -> None:
    copy = jpeg_copy(acme_logo, tmp_path / "copy.jpg", mirror=True)
    listing = [Listing(sku="S", images=[ImageRef(copy, "MAIN")])]
    found, _, _ = detect_images(listing, index, HASH_ONLY)
    distance = int(found[0][0].distance)
    assert distance > 0  # a lossy mirrored copy is never bit-identical
    # (`tied_max_distance` widens it only for matches whose informative bits all agree.)
    strict = replace(HASH_ONLY, max_distance=distance - 1, tied_max_distance=distance - 1)
    assert detect_images(listing, index, strict)[0] == {}
    exact = replace(HASH_ONLY, max_distance=distance, tied_max_distance=distance)
    assert detect_images(listing, index, exact)[0][0][0].distance == distance


def test_unreadable_asset_is_skipped(tmp_path: Path, acme_logo: Image.Image) -> None:
    root = tmp_path / "assets"
    (root / "acme").mkdir(parents=True)
    acme_logo.save(root / "acme" / "logo.png")
    (root / "acme" / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)
    built, skipped = build_asset_index(find_assets([root]), SETTINGS)
    assert [a.asset_id for a in built.assets] == ["acme/logo.png"]
    assert built.hashes.shape == (1, 2)
    assert [s.file for s in skipped] == [str(root / "acme" / "broken.png")]
    assert skipped[0].reason


def test_no_assets_still_reports_images(tmp_path: Path, acme_logo: Image.Image) -> None:
    empty, skipped = build_asset_index([], SETTINGS)
    assert empty.hashes.shape == (0, 2) and skipped == []
    path = tmp_path / "a.png"
    ImageOps.mirror(acme_logo).save(path)
    findings, skipped, decoded = detect_images(
        [Listing(sku="S", images=[ImageRef(path, "MAIN")])], empty, SETTINGS
    )
    assert (findings, skipped, decoded) == ({}, [], 1)


def test_features_on_a_process_pool_are_the_same(tmp_path: Path, index: AssetIndex) -> None:
    """Above POOL_MIN_IMAGES the files go to several processes; results keep their order."""
    from PIL import ImageDraw

    from listing_audit.images.detect import POOL_MIN_IMAGES, asset_features, listing_features

    paths = []
    for i in range(POOL_MIN_IMAGES + 6):
        img = Image.new("RGB", (120, 120), "white")
        ImageDraw.Draw(img).rectangle(
            (10 + i % 40, 20, 70 + i % 30, 100 - i % 25), fill=(i, 90, 200)
        )
        path = tmp_path / f"img{i}.png"
        img.save(path)
        paths.append(path)
    (tmp_path / "bad.jpg").write_bytes(b"not an image")
    paths.append(tmp_path / "bad.jpg")
    import cv2

    threads = cv2.getNumThreads()
    serial = listing_features(paths, index, SETTINGS, workers=1)
    pooled = listing_features(paths, index, SETTINGS, workers=2)
    # OpenCV ran on one thread in each process of the pool, and has its threads back after.
    assert cv2.getNumThreads() == threads
    assert isinstance(serial[-1], str) and serial[-1] == pooled[-1]
    for a, b in zip(serial[:-1], pooled[:-1], strict=True):
        assert not isinstance(a, str) and not isinstance(b, str)
        assert np.array_equal(a[0], b[0]) and a[1] == b[1]
    as_assets = asset_features(paths, SETTINGS, workers=2)
    assert isinstance(as_assets[-1], str)
    assert all(not isinstance(f, str) and len(f.variants) == 1 for f in as_assets[:-1])


def _plate_emblem() -> Image.Image:
    """Shapes on a flat plate, differing from it in colour but hardly in brightness: the
    colour-aware trim cuts the plate away, a grey copy keeps it."""
    from PIL import ImageDraw

    img = Image.new("RGB", (360, 420), (60, 140, 140))  # grey level 116
    draw = ImageDraw.Draw(img)
    for box in ((40, 60, 150, 200), (210, 60, 320, 200), (60, 250, 300, 360)):
        draw.rounded_rectangle(box, radius=18, fill=(150, 125, 60))  # grey level 125
    return img


def test_a_grey_copy_of_a_plate_emblem_meets_the_assets_other_trim(tmp_path: Path) -> None:
    root = tmp_path / "assets" / "plate-co"
    root.mkdir(parents=True)
    _plate_emblem().save(root / "emblem.png")
    index, _ = build_asset_index(find_assets([tmp_path / "assets"]), HASH_ONLY)
    assert index.row_asset.tolist() == [0, 0]  # its own hash and that of the other trim
    canvas = Image.new("RGB", (1200, 1200), "white")
    canvas.paste(_plate_emblem().resize((540, 630)), (330, 285))
    grey = tmp_path / "grey.jpg"
    canvas.convert("L").convert("RGB").save(grey, quality=85)
    listing = Listing(sku="S1", images=[ImageRef(grey, "MAIN")])
    found, _, _ = detect_images([listing], index, HASH_ONLY, workers=1)
    assert [(f.asset, f.method) for f in found[0]] == [("plate-co/emblem.png", "hash")]


def test_a_turned_copy_of_a_print_is_found_by_its_upright_hash(tmp_path: Path) -> None:
    """Hashes do not survive rotation; a photo or print turned on its canvas is hashed again
    turned upright (method `hash-upright`)."""
    from PIL import ImageDraw

    art = Image.new("RGB", (420, 300), (200, 90, 60))
    draw = ImageDraw.Draw(art)
    for i in range(7):
        draw.rectangle((i * 60, 0, i * 60 + 25, 300), fill=(250, 220, 120))
    draw.ellipse((120, 60, 300, 240), fill=(30, 40, 120))
    root = tmp_path / "assets" / "print-co"
    root.mkdir(parents=True)
    art.save(root / "print.png")
    index, _ = build_asset_index(find_assets([tmp_path / "assets"]), HASH_ONLY)
    canvas = Image.new("RGB", (1200, 1200), "white")
    canvas.paste(art.resize((630, 450)), (285, 375))
    path = tmp_path / "turned.jpg"
    canvas.rotate(6, Image.Resampling.BICUBIC, fillcolor="white").save(path, quality=85)
    listing = Listing(sku="S1", images=[ImageRef(path, "MAIN")])
    found, _, _ = detect_images([listing], index, HASH_ONLY, workers=1)
    assert [(f.asset, f.method) for f in found[0]] == [("print-co/print.png", "hash-upright")]
    # The picture and its mirror image, then both upright (then its regions, when looked for).
    assert file_features(path, replace(SETTINGS, regions=False)).hashes.shape == (4, 2)
    assert file_features(path, SETTINGS).hashes.shape[0] >= 4


def test_a_print_whose_ground_looks_like_letterbox_bars_is_found(tmp_path: Path) -> None:
    """Waves on a ground colour that fills the top and bottom edges: trimmed on its own, the
    asset loses that ground as if it were letterbox bars; a copy on a canvas keeps it. An
    asset without see-through pixels is hashed untrimmed too (`_other_trims`)."""
    from PIL import ImageDraw

    art = Image.new("RGBA", (500, 460), (110, 150, 80, 255))  # opaque, with an alpha channel
    draw = ImageDraw.Draw(art)
    for i, colour in enumerate(((90, 170, 220), (220, 70, 50), (150, 90, 170), (240, 190, 170))):
        y = 90 + i * 90
        draw.line([(x, y + 18 * np.sin(x / 40)) for x in range(0, 501, 10)], fill=colour, width=12)
    draw.regular_polygon((120, 290, 50), 5, fill=(180, 90, 40))
    root = tmp_path / "assets" / "print-co"
    root.mkdir(parents=True)
    art.save(root / "waves.png")
    index, _ = build_asset_index(find_assets([tmp_path / "assets"]), HASH_ONLY)
    canvas = Image.new("RGB", (1000, 1000), "white")
    canvas.paste(art.convert("RGB").resize((600, 552)), (200, 224))
    path = tmp_path / "copy.jpg"
    canvas.save(path, quality=85)
    listing = Listing(sku="S1", images=[ImageRef(path, "MAIN")])
    found, _, _ = detect_images([listing], index, HASH_ONLY, workers=1)
    assert [f.asset for f in found.get(0, [])] == ["print-co/waves.png"]


def _bands_flag() -> Image.Image:
    """Three flat horizontal bands: a flag, with almost no hash information."""
    flag = Image.new("RGB", (900, 600), (0, 114, 206))
    flag.paste((0, 0, 0), (0, 200, 900, 400))
    flag.paste((40, 160, 60), (0, 400, 900, 600))
    return flag


def test_a_plain_asset_is_kept_with_a_warning(tmp_path: Path, acme_logo: Image.Image) -> None:
    """Any picture with the same coarse layout resembles flat bands. The scan keeps such an
    asset and says so."""
    root = tmp_path / "assets" / "flags"
    root.mkdir(parents=True)
    _bands_flag().save(root / "bands.png")
    acme_logo.save(root / "logo.png")
    index, skipped = build_asset_index(find_assets([tmp_path / "assets"]), SETTINGS)
    assert len(index) == 2  # both are still compared
    assert [(Path(s.file).name, s.kept) for s in skipped] == [("bands.png", True)]
    assert skipped[0].reason == detect.PLAIN_ASSET
    assert detect.plain_assets(index) == {0}


def test_a_plain_asset_matches_only_pictures_that_agree_on_its_informative_bits(
    tmp_path: Path,
) -> None:
    root = tmp_path / "assets" / "flags"
    root.mkdir(parents=True)
    _bands_flag().save(root / "bands.png")
    # The flag's other bits are ties, noise even between copies: this copy is 13 bits away,
    # past `max_distance` (12), within `plain_max_distance` (24) for a plain asset.
    index, _ = build_asset_index(find_assets([tmp_path / "assets"]), HASH_ONLY)
    canvas = Image.new("RGB", (1400, 1400), "white")
    canvas.paste(_bands_flag().resize((840, 560)), (280, 420))
    copy = tmp_path / "copy.jpg"
    canvas.save(copy, quality=80)
    # A dark picture, a little lighter at the bottom: the coarse layout of the flag in grey.
    dark = Image.linear_gradient("L").resize((800, 800)).point(lambda v: 25 + v // 12)
    plain = tmp_path / "dark.jpg"
    Image.merge("RGB", (dark.point(lambda v: v // 3), dark.point(lambda v: v // 2), dark)).save(
        plain, quality=85
    )
    listings = [
        Listing(sku=name, images=[ImageRef(path, "MAIN")])
        for name, path in (("copy", copy), ("dark", plain))
    ]
    # The dark picture is 3 bits from the flag, the copy 13; on the flag's 6 informative bits
    # the dark picture differs on 2, the copy on none.
    found, _, _ = detect_images(listings, index, HASH_ONLY, workers=1)
    assert sorted(found) == [0]
    assert found[0][0].method == "hash" and found[0][0].distance == 13
    # Held to `max_distance` like any other asset, the copy would be missed.
    limit = HASH_ONLY.max_distance
    strict = replace(HASH_ONLY, plain_max_distance=limit, tied_max_distance=limit)
    assert detect_images(listings, index, strict, workers=1)[0] == {}


def test_image_stages_use_the_scans_progress_bar_on_a_terminal(
    tmp_path: Path,
    index: AssetIndex,
    acme_logo: Image.Image,
    jpeg_copy: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Images use the one progress helper of the scan (`listing_audit.progress`): a bar on a
    terminal, nothing in a log."""
    from listing_audit import progress
    from listing_audit.images.detect import listing_features

    paths = [jpeg_copy(acme_logo, tmp_path / f"copy-{i}.jpg") for i in range(3)]
    listing_features(paths, index, SETTINGS, workers=1)
    assert capsys.readouterr().err == ""  # not a terminal
    monkeypatch.setattr(progress, "MIN_ITEMS", 1)
    monkeypatch.setattr(progress, "on_terminal", lambda stream=None: True)
    results = listing_features(paths, index, SETTINGS, workers=1)
    assert len(results) == 3 and not any(isinstance(r, str) for r in results)
    assert "Matching listing images" in capsys.readouterr().err


def test_a_trim_that_leaves_no_detail_never_matches_plain_pictures(tmp_path: Path) -> None:
    """An emblem on a plate of about the grey of the shapes on it: trimmed by brightness past
    the plate, it ends on the flat box inside. That box is no way to cut the artwork, and kept
    as one of the asset's rows it matched every plain picture at distance 0 — such as the
    plain colour squares of a listing's swatch images."""
    from PIL import ImageDraw

    emblem = Image.new("RGBA", (360, 360), (0, 0, 0, 0))
    draw = ImageDraw.Draw(emblem)
    draw.rectangle((12, 28, 347, 355), fill=(112, 200, 214, 255))
    draw.line([(18, 98), (96, 52)], fill=(196, 156, 206, 255), width=18)
    draw.line([(262, 52), (340, 98)], fill=(196, 156, 206, 255), width=18)
    draw.rectangle((131, 195, 228, 318), fill=(80, 84, 138, 255))
    root = tmp_path / "assets" / "emblem-co"
    root.mkdir(parents=True)
    emblem.save(root / "emblem.png")
    index, _ = build_asset_index(find_assets([tmp_path / "assets"]), HASH_ONLY)
    listings = []
    for i, colour in enumerate(((80, 84, 138), (30, 30, 30), (200, 60, 60))):
        swatch = tmp_path / f"S{i}.SWCH.jpg"
        Image.new("RGB", (500, 500), colour).save(swatch, quality=90)
        listings.append(Listing(sku=f"S{i}", images=[ImageRef(swatch, "SWCH")]))
    copy = Image.new("RGB", (1000, 1000), "white")
    copy.paste(emblem.resize((600, 600)), (200, 200), emblem.resize((600, 600)))
    copy.save(tmp_path / "copy.jpg", quality=90)
    listings.append(Listing(sku="COPY", images=[ImageRef(tmp_path / "copy.jpg", "MAIN")]))

    found, _, _ = detect_images(listings, index, HASH_ONLY, workers=1)

    assert sorted(found) == [3]  # the copy, and none of the swatches
    assert [f.asset for f in found[3]] == ["emblem-co/emblem.png"]


def test_a_blank_asset_is_left_out_with_its_reason(tmp_path: Path) -> None:
    """A protected image with nothing drawn in it (every pixel transparent, or one flat
    colour) is reported and left out: indexed, its hash is that of every flat picture, and it
    flagged smooth scenes by the dozen. The scan goes on with the other assets."""
    from PIL import ImageDraw

    root = tmp_path / "assets" / "owner"
    root.mkdir(parents=True)
    Image.new("RGBA", (400, 560), (255, 255, 255, 0)).save(root / "hidden-layer.png")
    Image.new("RGB", (300, 300), (20, 60, 160)).save(root / "flat.jpg", quality=95)
    lines = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    ImageDraw.Draw(lines).ellipse((40, 40, 360, 360), outline=(0, 0, 0, 255), width=3)
    lines.save(root / "thin-circle.png")
    index, skipped = build_asset_index(find_assets([tmp_path / "assets"]), HASH_ONLY)

    refused = {Path(s.file).name: s for s in skipped if not s.kept}
    assert sorted(refused) == ["flat.jpg", "hidden-layer.png"]
    assert all("blank" in s.reason for s in refused.values())
    assert [a.asset_id for a in index.assets] == ["owner/thin-circle.png"]

    sky = tmp_path / "SKY.MAIN.jpg"
    Image.new("RGB", (800, 800), (255, 255, 255)).save(sky, quality=90)
    found, _, _ = detect_images(
        [Listing(sku="SKY", images=[ImageRef(sky, "MAIN")])], index, HASH_ONLY, workers=1
    )
    assert found == {}


def _cross_flag(nordic: bool = False) -> Image.Image:
    """A red flag with a white cross, centred (Switzerland's kind) or shifted to the hoist
    (the Nordic kind), on a transparent margin."""
    from PIL import ImageDraw

    flag = Image.new("RGBA", (529, 529), (255, 0, 0, 255))
    draw = ImageDraw.Draw(flag)
    u = 529 / 32
    if nordic:
        draw.rectangle((10 * u, 0, 14 * u, 529), fill="white")
        draw.rectangle((0, 14 * u, 529, 18 * u), fill="white")
    else:
        draw.rectangle((13 * u, 6 * u, 19 * u, 26 * u), fill="white")
        draw.rectangle((6 * u, 13 * u, 26 * u, 19 * u), fill="white")
    out = Image.new("RGBA", (589, 589), (0, 0, 0, 0))
    out.paste(flag, (30, 30))
    return out


def test_a_symmetric_asset_is_matched_past_its_ties_when_its_informative_bits_agree(
    tmp_path: Path,
) -> None:
    """A flag symmetric both ways has many hash bits that are ties (DCT coefficients at the
    median): a small copy of it differs on 15 reliable bits, every one a tie. Past
    `max_distance`, such a match stands up to `tied_max_distance` when every informative bit
    agrees; a flag with its cross elsewhere differs on informative bits and does not."""
    root = tmp_path / "assets" / "ch"
    root.mkdir(parents=True)
    _cross_flag().save(root / "cross.png")
    index, _ = build_asset_index(find_assets([tmp_path / "assets"]), HASH_ONLY)
    listings = []
    for name, flag, side, canvas in (
        ("copy", _cross_flag(), 150, 500),
        ("nordic", _cross_flag(True), 400, 900),
    ):
        picture = Image.new("RGB", (canvas, canvas), "white")
        small = (
            flag.convert("RGB")
            .crop((30, 30, 559, 559))
            .resize((side, side), Image.Resampling.LANCZOS)
        )
        picture.paste(small, ((canvas - side) // 2, (canvas - side) // 2))
        picture.save(tmp_path / f"{name}.jpg", quality=70 if name == "copy" else 85)
        listings.append(Listing(sku=name, images=[ImageRef(tmp_path / f"{name}.jpg", "MAIN")]))

    found, _, _ = detect_images(listings, index, HASH_ONLY, workers=1)

    assert sorted(found) == [0]
    assert HASH_ONLY.max_distance < found[0][0].distance <= HASH_ONLY.tied_max_distance
    strict = replace(HASH_ONLY, tied_max_distance=HASH_ONLY.max_distance)
    assert detect_images(listings, index, strict, workers=1)[0] == {}
