"""Find listing images that copy a protected asset: pHash + Hamming distance, vectorised.

Every asset is decoded, trimmed and hashed once into a (n_assets, 1) uint64 matrix. Every
distinct listing image is decoded, trimmed and hashed once per run into its two variants
(original, mirrored; `hashes.VARIANTS`), and compared with the whole matrix in one XOR +
popcount. Only the listing side is mirrored: that alone catches a mirrored copy, and a
mirrored asset compared with a mirrored listing image is the same pair seen in a mirror.

An asset matches when the smaller of the two distances is at most `ImageSettings.max_distance`
(10 of 64 bits by default; measured in tests/images: half-size JPEG-q60 copies of a
logo, plain or mirrored, at 2 bits; unrelated drawings and the other logo at 24-36 bits).
Rule IDs: `I-COPY` for the MAIN image (the one search results show), `I-COPY-SECONDARY` for
the others. Scores are left at 0 for the scorer.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import numpy as np

from ..config import ImageSettings
from ..model import Asset, ImageFinding, Listing, Skipped
from .decode import ImageDecodeError, load_image, trim_border
from .hashes import hamming, image_hashes, phash64

#: Method names, by listing variant index (see `hashes.VARIANTS`).
METHODS: tuple[str, ...] = ("phash", "phash-mirror")


@dataclass(frozen=True, slots=True, eq=False)
class AssetIndex:
    """Protected assets and their hashes: `hashes[i, 0]` is the pHash of `assets[i]`, trimmed,
    unmirrored. (`eq=False`: numpy arrays have no truth value, and identity is enough.)"""

    assets: tuple[Asset, ...]
    hashes: np.ndarray = field(default_factory=lambda: np.zeros((0, 1), dtype=np.uint64))

    def __len__(self) -> int:
        return len(self.assets)


def _hash_file(path: Path, settings: ImageSettings) -> np.ndarray:
    """Decode, trim and hash one file: (original, mirrored) pHashes. Raises ImageDecodeError."""
    img = trim_border(load_image(path, settings.max_pixels), settings.trim_tolerance)
    return image_hashes(img)


def build_asset_index(
    assets: list[Asset], settings: ImageSettings
) -> tuple[AssetIndex, list[Skipped]]:
    """Hash every asset; an unreadable one is reported as `Skipped` and left out."""
    kept: list[Asset] = []
    rows: list[int] = []
    skipped: list[Skipped] = []
    for asset in assets:
        try:
            img = load_image(asset.path, settings.max_pixels)
        except ImageDecodeError as exc:
            skipped.append(Skipped(file=str(asset.path), reason=exc.reason))
            continue
        kept.append(asset)
        rows.append(phash64(trim_border(img, settings.trim_tolerance)))
    matrix = np.array(rows, dtype=np.uint64).reshape(len(rows), 1)
    return AssetIndex(tuple(kept), matrix), skipped


def _matches(
    variants: np.ndarray, index: AssetIndex, max_distance: int
) -> list[tuple[int, int, int]]:
    """(asset position, distance, variant) for every asset within `max_distance`."""
    if len(index) == 0:
        return []
    distances = hamming(index.hashes, variants[np.newaxis, :])  # (n_assets, n_variants)
    best_variant = distances.argmin(axis=1)  # ties go to the original (index 0)
    best = distances[np.arange(len(index)), best_variant]
    hits = np.flatnonzero(best <= max_distance)
    return [(int(i), int(best[i]), int(best_variant[i])) for i in hits]


def _hash_one(path: Path, settings: ImageSettings) -> np.ndarray | str:
    """Hashes of one file, or the reason it could not be read (picklable for a process pool)."""
    try:
        return _hash_file(path, settings)
    except ImageDecodeError as exc:
        return exc.reason


#: Below this many images a process pool costs more to start than it saves.
POOL_MIN_IMAGES = 64


def hash_files(
    paths: list[Path], settings: ImageSettings, workers: int | None = None
) -> list[np.ndarray | str]:
    """Hash every file, in order, on `workers` processes (default: all cores).

    Decoding dominates the cost of image matching, and each file is independent, so a pool of
    processes scales it with the cores; small batches stay in this process."""
    count = workers or os.cpu_count() or 1
    if count <= 1 or len(paths) < POOL_MIN_IMAGES:
        return [_hash_one(path, settings) for path in paths]
    with ProcessPoolExecutor(max_workers=count) as pool:
        return list(pool.map(partial(_hash_one, settings=settings), paths, chunksize=16))


def detect_images(
    listings: list[Listing],
    index: AssetIndex,
    settings: ImageSettings,
    workers: int | None = None,
) -> tuple[dict[int, list[ImageFinding]], list[Skipped], int]:
    """Compare every image attached to `listings` with every asset.

    Returns (findings by position in `listings`, skipped images, number of distinct listing
    images decoded). Each distinct file is decoded once even when several listings share it;
    an unreadable one is skipped once (column "image") and the scan goes on. Per listing, one
    finding per (image, asset): the closest, MAIN slot first on a tie. Findings are ordered by
    distance, then image, then asset. Images are decoded even with no assets, so unreadable
    files are still reported; a caller that wants speed with no assets need not call this.
    """
    paths = list(dict.fromkeys(ref.path for listing in listings for ref in listing.images))
    matches_by_path: dict[Path, list[tuple[int, int, int]]] = {}
    skipped: list[Skipped] = []
    for path, hashed in zip(paths, hash_files(paths, settings, workers), strict=True):
        if isinstance(hashed, str):
            skipped.append(Skipped(file=str(path), reason=hashed, column="image"))
            matches_by_path[path] = []
        else:
            matches_by_path[path] = _matches(hashed, index, settings.max_distance)
    decoded = len(paths) - len(skipped)
    findings: dict[int, list[ImageFinding]] = {}
    for position, listing in enumerate(listings):
        best: dict[tuple[str, str], ImageFinding] = {}
        for ref in listing.images:
            for asset_pos, distance, variant in matches_by_path[ref.path]:
                asset = index.assets[asset_pos]
                finding = ImageFinding(
                    rule_id="I-COPY" if ref.slot == "MAIN" else "I-COPY-SECONDARY",
                    image=str(ref.path),
                    slot=ref.slot,
                    asset=asset.asset_id,
                    owner=asset.owner,
                    distance=float(distance),
                    method=METHODS[variant],
                )
                key = (finding.image, finding.asset)
                if key not in best or _better(finding, best[key]):
                    best[key] = finding
        if best:
            findings[position] = sorted(best.values(), key=lambda f: (f.distance, f.image, f.asset))
    return findings, skipped, decoded


def _better(new: ImageFinding, old: ImageFinding) -> bool:
    """Closer wins; on a tie the MAIN slot wins, as it is the picture search results show."""
    return (new.distance, new.slot != "MAIN") < (old.distance, old.slot != "MAIN")
