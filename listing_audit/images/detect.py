"""Find listing images that copy a protected asset, or show it inside another picture.

Two detectors run on every listing image, both on features computed once per distinct file
(`features.compute_features`, in a process pool):

- **Whole-picture hashes** (`hashes.py`): pHash + dHash of the trimmed picture and of its
  mirror image, compared with every asset at once as one masked matrix product (`hash_distances`).
  An asset within `ImageSettings.max_distance` differing reliable bits is a copy: resized,
  recompressed, grey, brightened, mirrored, letterboxed — when, as hashes see grey only, the
  colours of the two pictures agree too wherever both have colour (`colour.py`). Rule `I-COPY`
  for the MAIN image (the one search results show), `I-COPY-SECONDARY` for the others; method
  `hash` or `hash-mirror`.
- **Keypoints** (`local.py`): ORB keypoints vote for candidate assets in one index of all
  asset keypoints, and each candidate is verified with a RANSAC similarity fit. This finds the
  asset rotated, cropped, under a banner, or as an element inside another photo. When the
  asset's outline covers at least `copy_min_coverage` of the listing image it is a copy (rules
  as above), otherwise `I-EMBEDDED`; method `orb-ransac` or `orb-ransac-mirror`. The asset's
  edges and colours must reappear where the fitted geometry puts it.

One finding per (image, asset): a hash match is reported in preference to a keypoint match
of the same pair. Scores are left at 0 for the scorer.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import numpy as np

from ..config import ImageSettings
from ..model import Asset, ImageFinding, Listing, Skipped
from ..progress import progress
from .colour import colour_agreement, no_layouts
from .decode import BLANK_ASSET, ImageDecodeError, is_blank, load_image
from .features import ImageFeatures, Keypoints, compute_asset_features, compute_features
from .hashes import MIN_DETAIL_BITS, asset_weights, detail_bits, hash_pairs, listing_signs
from .local import (
    EUCLIDEAN,
    HAMMING,
    KeypointIndex,
    LocalMatch,
    adopt_searcher,
    build_keypoint_index,
    find_local,
    prepare_searcher,
)

#: Method names of hash matches, by listing variant (0 the picture, 1 its mirror image, 2 and
#: 3 the same turned upright when the picture is a turned rectangle: `decode.straighten`; then,
#: two a region, its rectangular regions: `regions.py`). `method_of` reads it.
METHODS: tuple[str, ...] = (
    "hash",
    "hash-mirror",
    "hash-upright",
    "hash-upright-mirror",
    "hash-region",
    "hash-region-mirror",
)


def method_of(variant: int, first_region: int) -> str:
    """The method name of a hash match with listing variant `variant` of a picture whose
    regions' rows start at `first_region` (`ImageFeatures.first_region`)."""
    if variant < first_region:
        return METHODS[variant]
    return METHODS[4 + (variant - first_region) % 2]


def _rank(distance: int, variant: int, first_region: int) -> tuple[bool, int, int]:
    """Which hash match of one (image, asset) pair is kept: the whole picture's before any of
    its regions' (a copy is a copy, not an element inside itself), then the closest, then the
    lower-numbered variant."""
    return variant >= first_region, distance, variant


#: Method names of keypoint matches, by asset variant (0 the asset, 1 its mirror image) and
#: detector (ORB, then SIFT).
LOCAL_METHODS: tuple[str, ...] = (
    "orb-ransac",
    "orb-ransac-mirror",
    "sift-ransac",
    "sift-ransac-mirror",
)

#: The warning for a protected image too plain for its whole picture to identify it.
PLAIN_ASSET = (
    "protected image with almost no detail (flat bands or one plain shape): any picture of the "
    "same coarse layout resembles it, so its whole-picture matches may be false and its copies "
    "missed; check its findings by eye, or add a more detailed image of it"
)

#: Below this many images a process pool costs more to start than it saves.
POOL_MIN_IMAGES = 64


@dataclass(frozen=True, slots=True, eq=False)
class AssetIndex:
    """Protected assets and what they are compared by. (`eq=False`: numpy arrays have no
    truth value, and identity is enough.)

    - `hashes`: (n, 2) uint64 pHash and dHash of each trimmed asset, unmirrored;
    - `reliable`: (n, 2) uint64, the reliable bits of each (`hashes.RELIABLE_BITS` per hash);
    - `weights`, `counts`: the same as `hashes.asset_weights` gives, ready for comparison,
      one row per hash of an asset: its own, then those of its other trims
      (`ImageFeatures.alternates`);
    - `row_asset`: the asset of each row of `weights`;
    - `layouts`: the colour layout of each row of `weights` (`colour.colour_layout`);
    - `informative`: (n, 2) uint64, which hash bits of each asset carry information
      (`hashes.asset_hashes`); a plain asset's matches must agree on all of them;
    - `keypoints`: the ORB keypoints of every asset and its mirror image (`local.KeypointIndex`);
    - `sift`: the same with SIFT keypoints, empty when the rules leave SIFT out.
    """

    assets: tuple[Asset, ...]
    hashes: np.ndarray = field(default_factory=lambda: np.zeros((0, 2), dtype=np.uint64))
    reliable: np.ndarray = field(default_factory=lambda: np.zeros((0, 2), dtype=np.uint64))
    keypoints: KeypointIndex = field(default_factory=lambda: build_keypoint_index([]))
    weights: np.ndarray = field(default_factory=lambda: np.zeros((0, 128), dtype=np.float32))
    counts: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))
    row_asset: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    layouts: np.ndarray = field(default_factory=no_layouts)
    informative: np.ndarray = field(default_factory=lambda: np.zeros((0, 2), dtype=np.uint64))
    sift: KeypointIndex = field(default_factory=lambda: build_keypoint_index([], EUCLIDEAN))

    def __len__(self) -> int:
        return len(self.assets)

    def keypoint_indexes(self) -> tuple[KeypointIndex, ...]:
        """The keypoint indexes that hold any keypoints (ORB's, and SIFT's when built)."""
        return tuple(k for k in (self.keypoints, self.sift) if len(k) and len(k.descriptors))


def make_asset_index(assets: list[Asset], features: list[ImageFeatures]) -> AssetIndex:
    """An `AssetIndex` from assets and their features (`compute_asset_features`)."""
    if not assets:
        return AssetIndex(())
    hashes = np.stack([f.hashes[0] for f in features]).astype(np.uint64)
    reliable = np.stack([f.reliable for f in features]).astype(np.uint64)
    rows = np.concatenate([np.vstack([f.hashes[:1], f.alternates]) for f in features])
    masks = np.concatenate(
        [np.vstack([f.reliable[np.newaxis], f.alternate_reliable]) for f in features]
    )
    row_asset = np.concatenate(
        [np.full(1 + len(f.alternates), i, dtype=np.int64) for i, f in enumerate(features)]
    )
    weights, counts = asset_weights(rows.astype(np.uint64), masks.astype(np.uint64))
    sets: list[list[tuple[bool, Keypoints]]] = [
        [(False, f.keypoints), *f.variants] for f in features
    ]
    sift_sets: list[list[tuple[bool, Keypoints]]] = [list(f.sift) for f in features]
    layouts = np.concatenate([f.layouts for f in features]).astype(np.float32)
    if len(layouts) != len(row_asset):
        raise ValueError("an asset's colour layouts do not match its hash rows")
    return AssetIndex(
        tuple(assets),
        hashes,
        reliable,
        build_keypoint_index(sets),
        weights,
        counts,
        row_asset,
        layouts,
        np.stack([f.informative for f in features]).astype(np.uint64),
        build_keypoint_index(sift_sets, EUCLIDEAN),
    )


def file_features(path: Path, settings: ImageSettings, asset: bool = False) -> ImageFeatures:
    """Decode one file and compute its features (as an asset: `compute_asset_features`);
    raises `ImageDecodeError`. A cache of features keyed on file content, `asset` and
    `features.FEATURE_VERSION` wraps this function."""
    if asset:
        img = load_image(path, settings.max_pixels, keep_alpha=True)
        if is_blank(img, settings.trim_tolerance):
            raise ImageDecodeError(BLANK_ASSET)
        return compute_asset_features(img, settings.trim_tolerance, settings.sift)
    img = load_image(path, settings.max_pixels)
    return compute_features(img, settings.trim_tolerance, settings.sift, settings.regions)


# ---- work done in the process pool ------------------------------------------------------------

#: The keypoint indexes and settings of the current scan, set in each worker by `_init_worker`.
_WORKER: dict[str, object] = {}

T = TypeVar("T")


def _init_worker(
    keypoints: tuple[KeypointIndex, ...],
    settings: ImageSettings,
    searchers: tuple[np.ndarray, ...] = (),
) -> None:
    _WORKER.clear()
    _WORKER.update(keypoints=keypoints, settings=settings)
    for index, searcher in zip(keypoints, searchers, strict=False):
        adopt_searcher(index, searcher)


def _asset_job(path: Path) -> ImageFeatures | str:
    settings = _WORKER["settings"]
    assert isinstance(settings, ImageSettings)
    try:
        return file_features(path, settings, asset=True)
    except ImageDecodeError as exc:
        return exc.reason


#: What matching needs of one listing image: its hashes (variants, 2), its verified keypoint
#: matches, its colour layouts (variants, GRID, GRID, 2) and the first of its variants that is
#: a region of it (`ImageFeatures.first_region`).
ListingResult = tuple[np.ndarray, list[LocalMatch], np.ndarray, int]


def _listing_job(path: Path) -> ListingResult | str:
    """Hashes, verified keypoint matches and colour layouts of one listing image, or why it
    is unreadable."""
    settings, indexes = _WORKER["settings"], _WORKER["keypoints"]
    assert isinstance(settings, ImageSettings) and isinstance(indexes, tuple)
    try:
        features = file_features(path, settings)
    except ImageDecodeError as exc:
        return exc.reason
    local: list[LocalMatch] = []
    for index in indexes:
        if index.metric == HAMMING:
            local += find_local(features.keypoints, index, settings)
        elif features.sift:
            local += find_local(features.sift[0][1], index, settings)
    return features.hashes, local, features.layouts, features.first_region


def _run(
    job: Callable[[Path], T],
    paths: list[Path],
    settings: ImageSettings,
    keypoints: tuple[KeypointIndex, ...],
    workers: int | None,
    label: str,
) -> list[T]:
    """`job` over `paths`, in order, on `workers` processes (default: all cores).

    Decoding dominates, and each file is independent, so a pool of processes scales it with
    the cores; small batches stay in this process. Progress shows on a terminal only."""
    count = workers or os.cpu_count() or 1
    out: list[T] = []
    if count <= 1 or len(paths) < POOL_MIN_IMAGES:
        _init_worker(keypoints, settings)
        try:
            with progress((job(path) for path in paths), label, length=len(paths)) as results:
                out.extend(results)
        finally:
            _WORKER.clear()
    else:
        # The keypoint searchers are built once, here, with every core, and shipped as bytes.
        searchers = tuple(prepare_searcher(index) for index in keypoints)
        with (
            _one_opencv_thread(),
            ProcessPoolExecutor(
                max_workers=count,
                initializer=_init_worker,
                initargs=(keypoints, settings, searchers),
            ) as pool,
            progress(pool.map(job, paths, chunksize=8), label, length=len(paths)) as results,
        ):
            out.extend(results)
    return out


@contextmanager
def _one_opencv_thread() -> Iterator[None]:
    """OpenCV held to one thread while a process pool runs: the pool's processes are the
    parallelism, and SIFT in each would otherwise take every core. Set here, before the
    processes fork, never in them: `cv2.setNumThreads` in a forked process waits for OpenCV's
    thread pool, which did not come along, and the scan hangs."""
    import cv2

    before = cv2.getNumThreads()
    cv2.setNumThreads(1)
    try:
        yield
    finally:
        cv2.setNumThreads(before)


def asset_features(
    paths: list[Path], settings: ImageSettings, workers: int | None = None
) -> list[ImageFeatures | str]:
    """Features of each asset file (`compute_asset_features`), or why it is unreadable."""
    return _run(_asset_job, paths, settings, (), workers, "Reading protected images")


def listing_features(
    paths: list[Path], index: AssetIndex, settings: ImageSettings, workers: int | None = None
) -> list[ListingResult | str]:
    """(hashes, keypoint matches, colour layouts) of each listing image file, or why it is
    unreadable."""
    indexes = index.keypoint_indexes()
    return _run(_listing_job, paths, settings, indexes, workers, "Matching listing images")


AssetFeaturesFn = Callable[[list[Path], ImageSettings, int | None], list[ImageFeatures | str]]
ListingFeaturesFn = Callable[
    [list[Path], AssetIndex, ImageSettings, int | None],
    list[ListingResult | str],
]


def build_asset_index(
    assets: list[Asset],
    settings: ImageSettings,
    workers: int | None = None,
    compute: AssetFeaturesFn | None = None,
) -> tuple[AssetIndex, list[Skipped]]:
    """Compute every asset's features; an unreadable one is reported as `Skipped` and left out,
    a plain one (`hashes.MIN_DETAIL_BITS`) kept with a warning (`Skipped(kept=True)`).

    `compute` stands in for `asset_features` (same signature), e.g. the shared cache's."""
    kept: list[Asset] = []
    features: list[ImageFeatures] = []
    skipped: list[Skipped] = []
    results = (compute or asset_features)([a.path for a in assets], settings, workers)
    for asset, result in zip(assets, results, strict=True):
        if isinstance(result, str):
            skipped.append(Skipped(file=str(asset.path), reason=result))
        else:
            kept.append(asset)
            features.append(result)
    index = make_asset_index(kept, features)
    for position in sorted(plain_assets(index)):
        skipped.append(Skipped(file=str(kept[position].path), reason=PLAIN_ASSET, kept=True))
    return index, skipped


# ---- comparison --------------------------------------------------------------------------------


def hash_matches(
    hashes: np.ndarray | list[np.ndarray],
    index: AssetIndex,
    max_distance: float | np.ndarray,
    first_region: list[int] | None = None,
) -> list[dict[int, tuple[int, int]]]:
    """For each listing image — `hashes[i]`: (variants, 2) uint64, a (n, variants, 2) array
    when every image has as many — {asset position: (distance, variant)} of the assets within
    `max_distance` (one limit, or one per row of `index.weights`: `distance_limits`); the
    whole picture's variants win over its regions' (`_rank`; `first_region[i]`, the first
    region row of image i, none when not given), then the closest, then the lower-numbered
    one."""
    found: list[dict[int, tuple[int, int]]] = [{} for _ in range(len(hashes))]
    if len(index) == 0 or len(hashes) == 0:
        return found
    if isinstance(hashes, np.ndarray):  # one block: no copying image by image
        rows = hashes.reshape(-1, hashes.shape[-1]).astype(np.uint64)
        sizes = [hashes.shape[1]] * hashes.shape[0]
    else:
        rows = np.concatenate([np.asarray(h, dtype=np.uint64) for h in hashes])
        sizes = [len(h) for h in hashes]
    image_of = np.repeat(np.arange(len(hashes)), sizes)
    variant_of = np.concatenate([np.arange(n) for n in sizes])
    signs = listing_signs(rows)
    for hit_rows, cols, distances in hash_pairs(signs, index.weights, index.counts, max_distance):
        triples = zip(
            hit_rows.tolist(), index.row_asset[cols].tolist(), distances.tolist(), strict=True
        )
        for row, asset, value in triples:
            image, variant = int(image_of[row]), int(variant_of[row])
            distance = int(round(value))
            old = found[image].get(asset)
            start = sizes[image] if first_region is None else first_region[image]
            if old is None or _rank(distance, variant, start) < _rank(*old, start):
                found[image][asset] = (distance, variant)
    return found


def colour_check(
    layouts: np.ndarray, index: AssetIndex, min_agreement: float
) -> Callable[[int, int], bool]:
    """Whether a hash match of a listing picture (`layouts`: its colour layouts, one per hash
    variant) with an asset stands on colour: the colours agree (`colour.colour_agreement`) at
    least `min_agreement` with one of the asset's trims, or there is too little colour to
    judge (a grey copy)."""

    def agrees(asset: int, variant: int) -> bool:
        # An asset's rows are contiguous, in asset order (`make_asset_index`).
        first, end = np.searchsorted(index.row_asset, (asset, asset + 1))
        scores = [
            colour_agreement(layouts[variant], asset_layout)
            for asset_layout in index.layouts[first:end]
        ]
        judged = [s for s in scores if s is not None]
        return not judged or max(judged) >= min_agreement

    return agrees


def distance_limits(index: AssetIndex, settings: ImageSettings, plain: set[int]) -> np.ndarray:
    """The hash distance limit of each row of `index.weights`: the widest distance a match may
    have and still stand — `max_distance`, or `tied_max_distance` when that is wider, and for
    the rows of a plain asset (`plain_assets`) `plain_max_distance` when that is wider still.
    Past `max_distance`, whether the informative bits agree is `detail_check`'s to say."""
    widest = max(settings.max_distance, settings.tied_max_distance)
    limits = np.full(len(index.row_asset), float(widest), dtype=np.float32)
    if plain:
        limits[np.isin(index.row_asset, sorted(plain))] = max(widest, settings.plain_max_distance)
    return limits


def plain_assets(index: AssetIndex) -> set[int]:
    """Positions of the assets with fewer than `hashes.MIN_DETAIL_BITS` informative bits."""
    if len(index.informative) == 0:
        return set()
    return {int(i) for i in np.flatnonzero(detail_bits(index.informative) < MIN_DETAIL_BITS)}


def detail_check(
    hashes: np.ndarray, index: AssetIndex, plain: set[int], max_distance: int
) -> Callable[[int, tuple[int, int]], bool]:
    """Whether a hash match (distance, variant) of a listing picture (`hashes`: its rows, one
    per variant) with an asset stands on the asset's informative bits.

    A plain asset (in `plain`, fewer than `hashes.MIN_DETAIL_BITS` informative bits: flat
    bands) is matched only when the picture agrees on every informative bit. Its other
    "reliable" bits are ties that any picture of the same coarse layout repeats: the flag of
    Estonia matched 23 plain dark pictures at 2 bits on real clip art, which differed from it
    on 2-5 of its 8 informative bits; the 45 copies of a rainbow flag (7 informative bits) on
    0. As the other bits carry so little, its matches may differ on up to
    `ImageSettings.plain_max_distance` of its reliable bits (`distance_limits`).

    Any other asset's match past `max_distance` (up to `ImageSettings.tied_max_distance`)
    stands when the picture agrees on every informative bit among the asset's reliable ones:
    the rest are ties, which resizing or a letterbox flips (a symmetric cross, 52 of 96
    reliable bits informative, 13-19 bits from its own copies). Judged against the asset's
    own trim (row 0)."""

    def agrees(asset: int, match: tuple[int, int]) -> bool:
        distance, variant = match
        if asset not in plain and distance <= max_distance:
            return True
        informative = index.informative[asset]
        if asset not in plain:
            informative = np.bitwise_and(informative, index.reliable[asset])
        differ = np.bitwise_and(np.bitwise_xor(hashes[variant], index.hashes[asset]), informative)
        return not differ.any()

    return agrees


def hash_check(
    hashes: np.ndarray,
    first_region: int,
    index: AssetIndex,
    plain: set[int],
    settings: ImageSettings,
) -> Callable[[int, tuple[int, int]], bool]:
    """Whether a hash match (distance, variant) of a listing picture with an asset stands on
    its bits: for the whole picture as `detail_check` says; for one of its regions (variants
    from `first_region` on) within `region_max_distance`, with no wider tier, and never with a
    plain asset. A picture has up to `regions.MAX_REGIONS` regions, each a chance of a false
    match, and any band or box of a clean picture is like a plain flag: with the tied tier,
    regions of clean images on drawn seed 2 matched a symmetric emblem at 13 and 16 bits."""
    whole = detail_check(hashes, index, plain, settings.max_distance)

    def stands(asset: int, match: tuple[int, int]) -> bool:
        if match[1] < first_region:
            return whole(asset, match)
        return asset not in plain and match[0] <= settings.region_max_distance

    return stands


def _findings_for(
    path: Path,
    slot: str,
    hashed: dict[int, tuple[int, int]],
    local: list[LocalMatch],
    index: AssetIndex,
    settings: ImageSettings,
    first_region: int,
) -> Iterable[ImageFinding]:
    main = slot == "MAIN"
    copy_rule = "I-COPY" if main else "I-COPY-SECONDARY"
    for asset_pos, (distance, variant) in hashed.items():
        asset = index.assets[asset_pos]
        yield ImageFinding(
            # A region's match is the asset shown as a part of the picture.
            rule_id=copy_rule if variant < first_region else "I-EMBEDDED",
            image=str(path),
            slot=slot,
            asset=asset.asset_id,
            owner=asset.owner,
            distance=float(distance),
            method=method_of(variant, first_region),
        )
    for match in local:
        if match.asset in hashed:
            continue
        asset = index.assets[match.asset]
        yield ImageFinding(
            rule_id=copy_rule if match.coverage >= settings.copy_min_coverage else "I-EMBEDDED",
            image=str(path),
            slot=slot,
            asset=asset.asset_id,
            owner=asset.owner,
            distance=round(1.0 - match.agreement, 3),
            method=LOCAL_METHODS[2 * int(match.sift) + int(match.mirrored)],
            inliers=match.inliers,
        )


def detect_images(
    listings: list[Listing],
    index: AssetIndex,
    settings: ImageSettings,
    workers: int | None = None,
    compute: ListingFeaturesFn | None = None,
) -> tuple[dict[int, list[ImageFinding]], list[Skipped], int]:
    """Compare every image attached to `listings` with every asset.

    Returns (findings by position in `listings`, skipped images, number of distinct listing
    images decoded). Each distinct file is decoded once even when several listings share it;
    an unreadable one is skipped once (column "image") and the scan goes on. Per listing, one
    finding per (image, asset), MAIN slot first when one file fills two slots. Findings are
    ordered by distance, then image, then asset. Images are decoded even with no assets, so
    unreadable files are still reported; a caller that wants speed with no assets need not
    call this. `compute` stands in for `listing_features` (same signature), e.g. the shared
    cache's.
    """
    paths = list(dict.fromkeys(ref.path for listing in listings for ref in listing.images))
    results = (compute or listing_features)(paths, index, settings, workers)
    skipped: list[Skipped] = []
    readable: list[int] = []
    for i, (path, result) in enumerate(zip(paths, results, strict=True)):
        if isinstance(result, str):
            skipped.append(Skipped(file=str(path), reason=result, column="image"))
        else:
            readable.append(i)
    hashes = [np.asarray(results[i][0], dtype=np.uint64) for i in readable]
    starts = [int(results[i][3]) for i in readable]
    plain = plain_assets(index)
    near = hash_matches(hashes, index, distance_limits(index, settings, plain), starts)
    by_path: dict[Path, tuple[dict[int, tuple[int, int]], list[LocalMatch], int]] = {
        path: ({}, [], 2) for path in paths
    }
    for i, matches in zip(readable, near, strict=True):
        result = results[i]
        assert not isinstance(result, str)
        colours_agree = colour_check(result[2], index, settings.min_colour_agreement)
        rows = np.asarray(result[0], dtype=np.uint64)
        stands = hash_check(rows, int(result[3]), index, plain, settings)
        kept = {a: m for a, m in matches.items() if colours_agree(a, m[1]) and stands(a, m)}
        by_path[paths[i]] = (kept, result[1], int(result[3]))

    findings: dict[int, list[ImageFinding]] = {}
    for position, listing in enumerate(listings):
        best: dict[tuple[str, str], ImageFinding] = {}
        for ref in listing.images:
            hashed, local, start = by_path[ref.path]
            found = _findings_for(ref.path, ref.slot, hashed, local, index, settings, start)
            for finding in found:
                key = (finding.image, finding.asset)
                if key not in best or _better(finding, best[key]):
                    best[key] = finding
        if best:
            findings[position] = sorted(best.values(), key=lambda f: (f.distance, f.image, f.asset))
    return findings, skipped, len(readable)


def _better(new: ImageFinding, old: ImageFinding) -> bool:
    """Closer wins; on a tie the MAIN slot wins, as it is the picture search results show."""
    return (new.distance, new.slot != "MAIN") < (old.distance, old.slot != "MAIN")
