"""Image pipeline speed, side by side with the naive loop, and the large comparison.

    python benchmarks/image_speed.py                 # 300 images of 1500 px, 50 assets
    python benchmarks/image_speed.py --images 100    # quicker
    python benchmarks/image_speed.py --compare-only  # only 200,000 x 20,000 hash comparison
    python benchmarks/image_speed.py --compare-only --compare-variants 4   # 4 hash rows an image

The naive loop is what a first attempt looks like: `imagehash.phash(Image.open(p))` for every
file, then `h1 - h2` in Python for every (image, asset) pair. The real pipeline decodes in JPEG
draft mode, trims the background, computes pHash + dHash of the picture and of its mirror image,
ORB and SIFT keypoints, and compares with a matrix product and two keypoint indexes. Both run on
the same generated 1500 px JPEGs, in one process (per core), then the real one on a process pool.
The real pipeline runs twice in one process, with the bundled rules and with `sift = false`
and `regions = false`, to show what SIFT keypoints and rectangular regions cost.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import cv2
import imagehash
import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))

import image_corpus  # noqa: E402

from listing_audit.config import load_rules  # noqa: E402
from listing_audit.images.assets import find_assets  # noqa: E402
from listing_audit.images.decode import load_image, trim_border  # noqa: E402
from listing_audit.images.detect import (  # noqa: E402
    AssetIndex,
    build_asset_index,
    distance_limits,
    file_features,
    hash_matches,
    listing_features,
)
from listing_audit.images.hashes import asset_weights, global_hashes  # noqa: E402
from listing_audit.images.local import build_keypoint_index  # noqa: E402


def make_images(folder: Path, count: int, assets: int, seed: int) -> tuple[Path, list[Path]]:
    """`count` 1500 px JPEG listing images (artwork on white, product shots, photos) and an
    assets folder of `assets` drawings."""
    rnd = random.Random(seed)
    asset_dir = folder / "assets" / "owner"
    asset_dir.mkdir(parents=True)
    arts = []
    for i in range(assets):
        art = image_corpus.DRAWERS[image_corpus.ART_KINDS[i % 5]](rnd)
        art.save(asset_dir / f"art-{i:03d}.png")
        arts.append(art)
    paths = []
    for i in range(count):
        kind = i % 3
        if kind == 0:
            img = image_corpus.main_image(arts[i % len(arts)], rnd, size=1500)
        elif kind == 1:
            img = image_corpus.draw_product(rnd).resize((1500, 1500))
        else:
            img = image_corpus.embed(arts[i % len(arts)], rnd, (0.25, 0.5)).resize((1500, 1500))
        path = folder / f"img-{i:04d}.jpg"
        img.save(path, quality=90)
        paths.append(path)
    return folder / "assets", paths


def naive(paths: list[Path], asset_paths: list[Path]) -> tuple[float, float]:
    """Seconds to hash every image, and to compare every pair in Python."""
    started = time.perf_counter()
    hashes = [imagehash.phash(Image.open(p)) for p in paths]
    assets = [imagehash.phash(Image.open(p)) for p in asset_paths]
    hashed = time.perf_counter() - started
    started = time.perf_counter()
    hits = 0
    for h in hashes:
        for a in assets:
            if h - a <= 10:
                hits += 1
    return hashed, time.perf_counter() - started


def hashes_only(paths: list[Path], settings) -> float:
    """Seconds for decode (draft) + trim + pHash/dHash with mirror: the hash stage alone."""
    started = time.perf_counter()
    for p in paths:
        global_hashes(
            trim_border(load_image(p, settings.max_pixels), settings.trim_tolerance).convert("L")
        )
    return time.perf_counter() - started


def all_features(paths: list[Path], settings) -> float:
    """Seconds for everything per image: the hashes and the keypoints `settings` ask for."""
    started = time.perf_counter()
    for p in paths:
        file_features(p, settings)
    return time.perf_counter() - started


def compare(n_images: int, n_assets: int, settings, variants: int = 2, seed: int = 0) -> float:
    """Seconds to compare `n_images` listing images (`variants` hash rows each: the picture and
    its mirror image, more when it is turned or has rectangular regions) with `n_assets`
    assets, on random hashes (what matters is the arithmetic, not the values)."""
    rng = np.random.default_rng(seed)
    listing = rng.integers(0, 2**63, size=(n_images, variants, 2), dtype=np.uint64)
    hashes = rng.integers(0, 2**63, size=(n_assets, 2), dtype=np.uint64)
    reliable = rng.integers(0, 2**63, size=(n_assets, 2), dtype=np.uint64)
    weights, counts = asset_weights(hashes, reliable)
    index = AssetIndex(
        tuple([None] * n_assets),  # type: ignore[list-item]
        hashes,
        reliable,
        build_keypoint_index([]),
        weights,
        counts,
        np.arange(n_assets),  # one hash row per asset
    )
    # The limits a scan uses: `max_distance`, widened to `tied_max_distance` for matches whose
    # informative bits agree (judged afterwards, on the few pairs found).
    limits = distance_limits(index, settings, set())
    started = time.perf_counter()
    found = hash_matches(listing, index, limits)
    elapsed = time.perf_counter() - started
    print(f"  ({sum(len(f) for f in found)} pairs within {float(limits.max()):g} bits)")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--images", type=int, default=300)
    parser.add_argument("--assets", type=int, default=50)
    parser.add_argument("--workers", type=int, default=None, help="pool size (default: all cores)")
    parser.add_argument("--compare-images", type=int, default=200_000)
    parser.add_argument("--compare-assets", type=int, default=20_000)
    parser.add_argument("--compare-only", action="store_true")
    parser.add_argument(
        "--compare-variants",
        type=int,
        default=None,
        help="hash rows per listing image in the comparison (default: 2, or with the timed "
        "images, the most rows they had on average, rounded up)",
    )
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    settings = load_rules().image
    variants = args.compare_variants or 2
    # "One process" means one core: OpenCV would otherwise spread SIFT over every core.
    cv2.setNumThreads(1)

    if not args.compare_only:
        with tempfile.TemporaryDirectory() as tmp:
            asset_dir, paths = make_images(Path(tmp), args.images, args.assets, args.seed)
            asset_paths = sorted(asset_dir.rglob("*.png"))
            n = len(paths)
            for p in paths[:10]:  # warm the page cache and the imports
                file_features(p, settings)
                imagehash.phash(Image.open(p))
            naive_hash, naive_compare = naive(paths, asset_paths)
            real_hash = hashes_only(paths, settings)
            orb_only = replace(settings, sift=False, regions=False)
            orb_all = all_features(paths, orb_only)
            real_all = all_features(paths, settings)
            index, _ = build_asset_index(find_assets([asset_dir]), settings, 1)
            started = time.perf_counter()
            listing_features(paths[:1], index, settings, workers=1)  # builds the indexes
            built = time.perf_counter() - started
            started = time.perf_counter()
            listing_features(paths, index, orb_only, workers=1)
            orb_scan = time.perf_counter() - started
            started = time.perf_counter()
            listing_features(paths, index, settings, workers=1)
            real_scan = time.perf_counter() - started
            started = time.perf_counter()
            results = listing_features(paths, index, settings, workers=args.workers)
            pooled = time.perf_counter() - started
            hash_rows = [len(r[0]) for r in results if not isinstance(r, str)]
            if args.compare_variants is None:
                variants = max(2, int(np.ceil(np.mean(hash_rows))))
            print(
                f"{n} JPEG images of 1500 x 1500 px, {len(asset_paths)} assets; "
                "one process unless said"
            )
            rows = [
                ("naive: imagehash.phash(Image.open(p))", naive_hash),
                ("real: decode + trim + pHash/dHash x2 (hashes)", real_hash),
                ("real: + ORB keypoints (sift, regions = false)", orb_all),
                ("real: + SIFT keypoints, regions (all features)", real_all),
                ("real: ORB features + ORB matching", orb_scan),
                ("real: all features + keypoint matching", real_scan),
                (f"real: all of it on a pool ({args.workers or 'all'} workers)", pooled),
            ]
            for label, seconds in rows:
                print(
                    f"  {label:<52}{seconds / n * 1000:>7.1f} ms/image {n / seconds:>7.0f} images/s"
                    f"  {naive_hash / seconds:>5.1f}x naive"
                )
            print(f"  (keypoint indexes of the assets built once per scan in {built:.2f} s)")
            print(
                f"  hash rows per listing image: {np.mean(hash_rows):.2f} on average (2 the "
                f"picture and its mirror image; more when turned or with rectangular regions), "
                f"at most {max(hash_rows)}"
            )
            pairs = n * len(asset_paths)
            print(
                f"  naive pairwise h1 - h2 in Python: {pairs} pairs in {naive_compare:.3f} s "
                f"({pairs / naive_compare / 1e6:.2f} M pairs/s)"
            )

    print(
        f"comparison: {args.compare_images:,} images x {args.compare_assets:,} assets, "
        f"{variants} hash rows an image"
    )
    seconds = compare(args.compare_images, args.compare_assets, settings, variants)
    pairs = args.compare_images * args.compare_assets
    print(
        f"  {seconds:.1f} s ({pairs / seconds / 1e6:.0f} M image-asset pairs/s, every row); "
        f"naive Python at the rate above would take hours"
    )


if __name__ == "__main__":
    main()
