"""The shared cache: safe bytes, keyed by content and algorithm version, shared by processes,
rebuilt when damaged, bounded and prunable; and the images stage served from it."""

from __future__ import annotations

import dataclasses
import json
import logging
import multiprocessing as mp
import sqlite3
import struct
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from listing_audit.cache import (
    CacheDecodeError,
    CachedImages,
    CacheLimits,
    FeatureCache,
    algorithm_version,
    decode,
    encode,
)
from listing_audit.config import load_rules
from listing_audit.images import features as image_features
from listing_audit.images.assets import find_assets
from listing_audit.images.detect import build_asset_index, detect_images
from listing_audit.images.features import ImageFeatures
from listing_audit.images.local import LocalMatch
from listing_audit.model import ImageRef, Listing

SETTINGS = load_rules().image


# ---- stored bytes --------------------------------------------------------------------------


def _same(a: object, b: object) -> bool:
    """Equal all the way down: arrays by value and dtype, dataclasses field by field."""
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.dtype == b.dtype and np.array_equal(a, b)
    if dataclasses.is_dataclass(a) and not isinstance(a, type):
        return type(a) is type(b) and all(
            _same(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a)
        )
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(
            _same(x, y) for x, y in zip(a, b, strict=True))  # type: ignore[arg-type]
    return a == b


def test_features_round_trip_exactly(tmp_path: Path) -> None:
    """Whatever the images package's features are (its seam: `compute_features`), they come
    back from the cache exactly."""
    img = Image.new("RGB", (320, 240), "white")
    ImageDraw.Draw(img).ellipse((40, 30, 280, 210), fill=(200, 40, 40))
    ImageDraw.Draw(img).rectangle((60, 60, 140, 190), fill=(20, 40, 160))
    features = image_features.compute_features(img, SETTINGS.trim_tolerance)
    back = decode(encode(features))
    assert isinstance(back, ImageFeatures)
    assert _same(back, features)
    assert not _same(back, image_features.compute_features(img.rotate(90), 24))


def test_listing_results_round_trip() -> None:
    value = (np.arange(4, dtype=np.uint64).reshape(2, 2),
             [LocalMatch(asset=3, mirrored=True, inliers=20, matched=31, coverage=0.25)])
    assert decode(encode(value))[1] == value[1]
    assert np.array_equal(decode(encode(value))[0], value[0])


def test_bytes_cannot_build_anything_but_our_dataclasses() -> None:
    """Not pickle: a crafted entry naming another module's class is refused."""
    meta = json.dumps({"$dc": "subprocess:Popen", "f": {"args": "echo hi"}}).encode()
    crafted = b"LAC1" + struct.pack("<I", len(meta)) + meta
    with pytest.raises(CacheDecodeError):
        decode(crafted)
    with pytest.raises(CacheDecodeError):
        decode(b"garbage that is not an entry")


def test_an_entry_whose_dataclass_changed_shape_is_a_miss() -> None:
    meta = json.dumps({"$dc": "listing_audit.images.local:LocalMatch",
                       "f": {"asset": 1, "no_such_field": 2}}).encode()
    with pytest.raises(CacheDecodeError):
        decode(b"LAC1" + struct.pack("<I", len(meta)) + meta)


def test_version_is_read_from_the_images_package() -> None:
    assert algorithm_version() == str(image_features.FEATURE_VERSION)


# ---- the database ---------------------------------------------------------------------------


def test_put_and_get_by_content_and_recipe(tmp_path: Path) -> None:
    with FeatureCache(tmp_path / "c") as cache:
        cache.put_many("image", "2", "recipe-a", [("aa", b"one"), ("bb", b"two")])
        assert cache.get_many("image", "recipe-a", ["aa", "bb", "cc"]) == {"aa": b"one",
                                                                           "bb": b"two"}
        assert cache.get_many("image", "recipe-b", ["aa"]) == {}  # another recipe: a miss
        assert cache.get_many("asset", "recipe-a", ["aa"]) == {}
    conn = sqlite3.connect(tmp_path / "c" / "cache.sqlite")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@pytest.mark.parametrize("damage", ["garbage", "torn"])
def test_a_damaged_file_is_rebuilt_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, damage: str
) -> None:
    folder = tmp_path / "c"
    with FeatureCache(folder) as cache:
        cache.put_many("image", "2", "r", [(f"{i:04d}", bytes(5000)) for i in range(200)])
    db = folder / "cache.sqlite"
    if damage == "garbage":
        db.write_bytes(b"this is not a database at all" * 100)
    else:  # keep the header, overwrite pages in the middle
        data = bytearray(db.read_bytes())
        data[4096 * 3 : 4096 * 8] = b"\xff" * (4096 * 5)
        db.write_bytes(bytes(data))
    with caplog.at_level(logging.WARNING, logger="listing_audit.cache"):
        with FeatureCache(folder) as cache:
            found = cache.get_many("image", "r", [f"{i:04d}" for i in range(200)])
            cache.put_many("image", "2", "r", [("new", b"x")])
            again = cache.get_many("image", "r", ["new"])
    assert found == {}  # nothing is served from a damaged file
    assert again == {"new": b"x"}  # and the rebuilt one works at once
    assert cache.stats.rebuilt and not cache.stats.problem
    assert "rebuilt" in caplog.text


def test_an_unusable_folder_means_no_cache_not_a_failed_scan(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be")
    with caplog.at_level(logging.WARNING):
        cache = FeatureCache(blocker / "cache")
        assert cache.get_many("image", "r", ["a"]) == {}
        assert cache.put_many("image", "2", "r", [("a", b"x")]) == 0
    assert "without the cache" in caplog.text
    assert cache.stats.problem


def test_least_recently_used_entries_go_first_when_over_the_limit(tmp_path: Path) -> None:
    with FeatureCache(tmp_path / "c", CacheLimits(max_mb=1.0, max_entries=1_000)) as cache:
        for i in range(12):  # 12 x 100 KB: over 1 MB
            cache.put_many("image", "2", "r", [(f"k{i:02d}", bytes(100_000))])
            time.sleep(0.002)
        cache.get_many("image", "r", ["k00"])  # used again: now the most recent
        removed = cache.enforce_limits()
        left = cache.get_many("image", "r", [f"k{i:02d}" for i in range(12)])
    assert removed >= 3
    assert "k00" in left and "k01" not in left and "k11" in left
    assert sum(len(v) for v in left.values()) <= 0.9 * 1024 * 1024


def test_prune_drops_old_versions_unused_entries_and_compacts(tmp_path: Path) -> None:
    with FeatureCache(tmp_path / "c") as cache:
        cache.put_many("image", "1", "old", [(f"o{i}", bytes(50_000)) for i in range(20)])
        cache.put_many("image", "2", "new", [("n1", b"x"), ("n2", b"y")])
        before = cache.info("2")
        assert [(k.version, k.current) for k in before.kinds] == [("1", False), ("2", True)]
        done = cache.prune("2")
        assert done.removed == 20 and done.entries == 2
        assert done.file_bytes_after < done.file_bytes_before
        assert cache.prune("2", older_than_days=0).entries == 0
        cache.put_many("asset", "2", "r", [("a", b"x")])
        assert cache.prune("2", everything=True).entries == 0


def _hammer(folder: str, worker: int, rounds: int) -> int:
    """One process: read-then-write rounds on one shared cache (HAZARDS.md, Shared cache)."""
    cache = FeatureCache(Path(folder))
    for i in range(rounds):
        key = f"w{worker}-{i}"
        cache.put_many("image", "2", "shared", [(key, key.encode() * 100)])
        cache.get_many("image", "shared", [key, f"w{(worker + 1) % 4}-{i}"])
    cache.close()
    return 0 if not cache.stats.problem else 1


def test_four_processes_share_one_cache_without_losing_a_write(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    rounds = 60
    ctx = mp.get_context("spawn")
    with ctx.Pool(4) as pool:
        codes = pool.starmap(_hammer, [(str(folder), w, rounds) for w in range(4)])
    assert codes == [0, 0, 0, 0]
    with FeatureCache(folder) as cache:
        keys = [f"w{w}-{i}" for w in range(4) for i in range(rounds)]
        found = cache.get_many("image", "shared", keys)
    assert len(found) == 4 * rounds
    assert all(found[k] == k.encode() * 100 for k in keys)


# ---- the images stage from the cache --------------------------------------------------------


def _logo() -> Image.Image:
    img = Image.new("RGBA", (300, 300), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.ellipse((20, 20, 280, 280), fill=(30, 90, 200, 255))
    d.polygon([(40, 230), (110, 30), (260, 180)], fill=(250, 210, 30, 255))
    d.rectangle((150, 150, 270, 200), fill=(200, 30, 40, 255))
    return img


@dataclass
class Pictures:
    assets: Path
    images: Path
    listings: list[Listing]


@pytest.fixture
def pictures(tmp_path: Path) -> Pictures:
    assets = tmp_path / "assets" / "owner"
    assets.mkdir(parents=True)
    _logo().save(assets / "logo.png")
    images = tmp_path / "images"
    images.mkdir()
    canvas = Image.new("RGB", (800, 800), "white")
    logo = _logo().resize((400, 400))
    canvas.paste(logo, (200, 200), logo)
    canvas.save(images / "copy.jpg", quality=85)
    plain = Image.new("RGB", (600, 600), "white")
    ImageDraw.Draw(plain).rounded_rectangle((150, 100, 450, 500), radius=40, fill=(90, 140, 90))
    plain.save(images / "plain.jpg", quality=85)
    (images / "broken.jpg").write_bytes(b"not a picture")
    listings = [
        Listing(sku=name, asin=f"B0CACHE{i:03d}", images=[ImageRef(images / name, "MAIN")])
        for i, name in enumerate(("copy.jpg", "plain.jpg", "broken.jpg"))
    ]
    return Pictures(tmp_path / "assets", images, listings)


def _detect(pictures: Pictures, cached: CachedImages | None) -> tuple[object, list[str], int]:
    index, _ = build_asset_index(find_assets([pictures.assets]), SETTINGS, 1,
                                 compute=cached.asset_features if cached else None)
    found, skipped, checked = detect_images(pictures.listings, index, SETTINGS, 1,
                                            compute=cached.listing_features if cached else None)
    summary = {k: [(f.rule_id, f.asset, f.distance, f.method) for f in v] for k, v in found.items()}
    return summary, sorted(s.file for s in skipped), checked


def test_second_run_reuses_everything_and_finds_the_same(pictures: Pictures,
                                                          tmp_path: Path) -> None:
    plain = _detect(pictures, None)
    first_cache = FeatureCache(tmp_path / "c")
    first = _detect(pictures, CachedImages(first_cache))
    second_cache = FeatureCache(tmp_path / "c")
    second = _detect(pictures, CachedImages(second_cache))
    assert plain == first == second
    assert plain[0]  # the copy was found at all
    assert first_cache.stats.hits.total() == 0
    # Both readable images and the asset come back; the unreadable file is never stored.
    assert second_cache.stats.hits == {"image": 2, "asset": 1}
    assert (second_cache.stats.misses["image"], second_cache.stats.misses["asset"]) == (1, 0)
    assert any("broken.jpg" in s for s in second[1])


def test_keyed_by_content_not_by_path(pictures: Pictures, tmp_path: Path) -> None:
    _detect(pictures, CachedImages(FeatureCache(tmp_path / "c")))
    moved = pictures.images.rename(tmp_path / "renamed-folder")
    for listing in pictures.listings:
        listing.images = [ImageRef(moved / r.path.name, r.slot) for r in listing.images]
    cache = FeatureCache(tmp_path / "c")
    _detect(pictures, CachedImages(cache))
    assert cache.stats.hits["image"] == 2  # moved files are the same files
    # A changed file is a different file: computed again.
    Image.new("RGB", (500, 500), (10, 200, 10)).save(moved / "plain.jpg")
    cache = FeatureCache(tmp_path / "c")
    _detect(pictures, CachedImages(cache))
    assert cache.stats.hits["image"] == 1 and cache.stats.misses["image"] == 2


def test_a_new_asset_means_matching_again_but_old_assets_come_from_the_cache(
    pictures: Pictures, tmp_path: Path
) -> None:
    _detect(pictures, CachedImages(FeatureCache(tmp_path / "c")))
    extra = Image.new("RGBA", (300, 300), (0, 0, 0, 0))
    ImageDraw.Draw(extra).rectangle((30, 30, 200, 120), fill=(120, 0, 200, 255))
    ImageDraw.Draw(extra).ellipse((100, 100, 280, 280), fill=(0, 160, 60, 255))
    extra.save(pictures.assets / "owner" / "second.png")
    cache = FeatureCache(tmp_path / "c")
    _detect(pictures, CachedImages(cache))
    assert cache.stats.hits["asset"] == 1 and cache.stats.misses["asset"] == 1
    assert cache.stats.hits["image"] == 0  # the asset set changed: listing images re-matched
