"""local: the keypoint searchers (ORB's binary index, SIFT's Euclidean one) are built once per
scan and shipped to the pool as bytes; voting, the ratio test and verification."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from PIL import Image

from listing_audit.config import load_rules
from listing_audit.images import local
from listing_audit.images.features import Keypoints, compute_asset_features, compute_features

SETTINGS = load_rules().image


def _decoys(
    count: int, rows: int, seed: int, width: int = 32
) -> list[list[tuple[bool, Keypoints]]]:
    """Keypoint sets of `count` made-up assets (random descriptors, `width` bytes: 32 as ORB's,
    128 as SIFT's), enough to need the inverted file (more than `FLAT_LIMIT` rows) that the pool
    ships."""
    rng = np.random.default_rng(seed)
    sets = []
    for _ in range(count):
        points = rng.uniform(10, 470, (rows, 2)).astype(np.float32)
        descriptors = rng.integers(0, 256 if width == 32 else 40, (rows, width), dtype=np.uint8)
        sets.append([(False, Keypoints(points, descriptors, (480, 480), (0, 0, 480, 480)))])
    return sets


def test_a_searcher_shipped_as_bytes_finds_what_one_built_here_finds(
    acme_logo: Image.Image,
) -> None:
    asset = compute_asset_features(acme_logo, 24)
    sets = [[(False, asset.keypoints), *asset.variants], *_decoys(60, 400, seed=1)]
    index = local.build_keypoint_index(sets)
    assert index.descriptors.shape[0] > local.FLAT_LIMIT
    scene = Image.new("RGB", (1200, 900), (70, 110, 160))
    scene.paste(acme_logo.resize((450, 450)), (600, 300), acme_logo.resize((450, 450)))
    query = compute_features(scene, 24).keypoints

    data = local.prepare_searcher(index)  # as the parent of the pool does
    here = local.find_local(query, index, SETTINGS)
    # A copy of the index, as a pool process gets it, with the searcher adopted from bytes.
    shipped = replace(index)
    local.adopt_searcher(shipped, data)
    assert local._SEARCHERS[local.HAMMING][0] is shipped
    there = local.find_local(query, shipped, SETTINGS)

    assert [m.asset for m in here] == [0]
    assert there == here


def test_sift_keypoints_find_the_logo_through_their_own_shipped_inverted_file(
    acme_logo: Image.Image,
) -> None:
    asset = compute_asset_features(acme_logo, 24, sift=True)
    assert asset.sift and all(k.descriptors.shape[1] == 128 for _, k in asset.sift)
    assert [mirrored for mirrored, _ in asset.sift] == [False, True, False, True]
    sets = [list(asset.sift), *_decoys(60, 400, seed=2, width=128)]
    index = local.build_keypoint_index(sets, local.EUCLIDEAN)
    assert index.descriptors.shape[0] > local.FLAT_LIMIT
    ((_, query),) = compute_features(_scene_with(acme_logo), 24, sift=True).sift

    data = local.prepare_searcher(index)
    here = local.find_local(query, index, SETTINGS)
    shipped = replace(index)
    local.adopt_searcher(shipped, data)
    assert local._SEARCHERS[local.EUCLIDEAN][0] is shipped
    there = local.find_local(query, shipped, SETTINGS)

    assert [(m.asset, m.sift, m.mirrored) for m in here] == [(0, True, False)]
    assert here[0].inliers >= SETTINGS.sift_min_inliers and here[0].agreement > 0.5
    assert there == here
    # Without SIFT in the rules, no SIFT keypoints are computed at all.
    assert compute_features(_scene_with(acme_logo), 24).sift == ()


def test_sift_limits_are_their_own() -> None:
    strict = replace(SETTINGS, min_inliers=99, coloured_min_inliers=98)
    assert local.inlier_limits(strict, local.HAMMING) == (99, 98)
    assert local.inlier_limits(strict, local.EUCLIDEAN) == (SETTINGS.sift_min_inliers,) * 2


def _scene_with(logo: Image.Image) -> Image.Image:
    """A lifestyle-like picture: the logo at a third of a grey-blue scene, off centre."""
    scene = Image.new("RGB", (1200, 900), (70, 110, 160))
    small = logo.resize((420, 420))
    scene.paste(small, (650, 300), small)
    return scene


def _swap_hues(logo: Image.Image) -> Image.Image:
    """The same drawing in other colours: red, green and blue channels rotated."""
    r, g, b, a = logo.split()
    return Image.merge("RGBA", (g, b, r, a))


def test_a_keypoint_match_needs_the_assets_colours_where_it_puts_the_asset(
    acme_logo: Image.Image,
) -> None:
    """ORB sees grey: the logo redrawn in other colours matches its keypoints, and is refused
    by its colours; the logo itself, and a grey print of it, are found."""
    asset = compute_asset_features(acme_logo, 24)
    index = local.build_keypoint_index([[(False, asset.keypoints), *asset.variants]])

    def found(picture: Image.Image) -> list[local.LocalMatch]:
        return local.find_local(compute_features(picture, 24).keypoints, index, SETTINGS)

    same = found(_scene_with(acme_logo))
    assert [m.asset for m in same] == [0]
    assert same[0].colour is not None and same[0].colour > 0.9

    recoloured = _scene_with(_swap_hues(acme_logo))
    blind = replace(SETTINGS, min_colour_agreement=-1.0)
    seen = local.find_local(compute_features(recoloured, 24).keypoints, index, blind)
    assert [m.asset for m in seen] == [0]  # the drawing's keypoints and edges agree ...
    assert seen[0].colour is not None and seen[0].colour < SETTINGS.min_colour_agreement
    assert found(recoloured) == []  # ... its colours do not

    grey = found(_scene_with(acme_logo).convert("L").convert("RGB"))
    assert [m.asset for m in grey] == [0] and grey[0].colour is None  # grey: not judged


def test_fewer_keypoints_do_when_edges_and_colours_both_confirm(acme_logo: Image.Image) -> None:
    """Below `min_inliers`, down to `coloured_min_inliers`, a match needs strong edge and
    colour agreement: the logo itself still passes; a grey print (colour not judged) and the
    logo in other colours do not."""
    asset = compute_asset_features(acme_logo, 24)
    index = local.build_keypoint_index([[(False, asset.keypoints), *asset.variants]])
    scene = _scene_with(acme_logo)
    # Every match has too few keypoints for the first tier, and colour alone refuses none.
    tier = replace(SETTINGS, min_inliers=10_000, coloured_min_inliers=4, min_colour_agreement=-1.0)

    def found(picture: Image.Image) -> list[local.LocalMatch]:
        return local.find_local(compute_features(picture, 24).keypoints, index, tier)

    assert [m.asset for m in found(scene)] == [0]
    assert found(scene.convert("L").convert("RGB")) == []
    assert found(_scene_with(_swap_hues(acme_logo))) == []
    no_tier = replace(tier, coloured_min_inliers=10_000)
    assert local.find_local(compute_features(scene, 24).keypoints, index, no_tier) == []


def _keypoints(points: list[tuple[float, float]], descriptors: np.ndarray) -> Keypoints:
    return Keypoints(np.array(points, dtype=np.float32), descriptors, (480, 480), (0, 0, 480, 480))


def test_the_ratio_test_ignores_a_corners_twin_at_the_same_place() -> None:
    """ORB finds one corner at several pyramid levels with nearly the same descriptor. A
    listing keypoint on that corner is not ambiguous; one whose descriptor fits two places of
    the asset equally well is."""
    rng = np.random.default_rng(3)
    corner = rng.integers(0, 256, 32, dtype=np.uint8)
    twin = corner.copy()
    twin[0] ^= 0b11  # 2 bits apart: the same corner one pyramid level up
    others = rng.integers(0, 256, (6, 32), dtype=np.uint8)
    asset = _keypoints(
        [(100, 100), (102, 101), *[(300 + 20 * i, 350) for i in range(6)]],
        np.vstack([corner, twin, others]),
    )
    seen = corner.copy()
    seen[0] ^= 0b01  # 1 bit from the corner and 1 from its twin
    query = _keypoints([(50, 60), (400, 400)], np.vstack([seen, others[0]]))

    src, dst = local._ratio_matches(query, asset, SETTINGS.ratio)

    # The corner is matched (to it or its twin) despite the twin.
    assert len(src) == 2 and np.abs(src[0] - (101, 100)).max() <= 1
    assert src[1].tolist() == [300, 350]
    assert dst.tolist() == [[50, 60], [400, 400]]

    # The same descriptor at a second place of the asset (a repeated detail) stays ambiguous.
    repeated = _keypoints(
        [(100, 100), (300, 100), *[(300 + 20 * i, 350) for i in range(6)]],
        np.vstack([corner, twin, others]),
    )
    src, _ = local._ratio_matches(query, repeated, SETTINGS.ratio)
    assert src.tolist() == [[300, 350]]
