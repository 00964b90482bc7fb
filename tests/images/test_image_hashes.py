"""hashes: pinned golden values, mirror variant, vectorised Hamming distance."""

from __future__ import annotations

import imagehash
import numpy as np
from PIL import Image, ImageDraw, ImageOps

from listing_audit.images.hashes import (
    HASH_VERSION,
    _popcount_bytes,
    hamming,
    image_hashes,
    phash64,
)

#: Pinned for HASH_VERSION 1. If this test fails after a Pillow, numpy, scipy or imagehash
#: upgrade, cached hashes are stale: bump HASH_VERSION, then update these values.
GOLDEN_PHASH = 0xEA1E2D92B54B94E4
GOLDEN_PHASH_MIRRORED = 0xBF4A78C7E01E81B1


def golden_image() -> Image.Image:
    """Fixed gradient + shapes, no text (font rendering differs between FreeType builds)."""
    y, x = np.mgrid[0:128, 0:128]
    arr = np.stack([x * 2, y * 2, (x + y) % 256], axis=2).astype(np.uint8)
    img = Image.fromarray(arr)
    draw = ImageDraw.Draw(img)
    draw.rectangle((10, 70, 50, 120), fill=(255, 255, 255))
    draw.ellipse((70, 10, 120, 60), fill=(0, 0, 0))
    draw.polygon([(60, 120), (120, 80), (100, 125)], fill=(255, 0, 0))
    return img


def test_golden_phash() -> None:
    assert HASH_VERSION == 1  # the golden values below belong to this version
    assert phash64(golden_image()) == GOLDEN_PHASH


def test_phash64_is_imagehash_phash_as_int() -> None:
    img = golden_image()
    assert phash64(img) == int(str(imagehash.phash(img, hash_size=8)), 16)
    assert 0 <= phash64(img) < 2**64


def test_image_hashes_variants() -> None:
    img = golden_image()
    hashes = image_hashes(img)
    assert hashes.dtype == np.uint64 and hashes.shape == (2,)
    assert int(hashes[0]) == GOLDEN_PHASH
    assert int(hashes[1]) == GOLDEN_PHASH_MIRRORED == phash64(ImageOps.mirror(img))


def test_hamming_values_and_broadcasting() -> None:
    a = np.array([0, 2**64 - 1, 0b1011], dtype=np.uint64)
    b = np.array([0, 0, 0b0110], dtype=np.uint64)
    assert hamming(a, b).tolist() == [0, 64, 3]
    matrix = np.array([[0], [0xFF], [2**63]], dtype=np.uint64)  # (n_assets, 1)
    variants = np.array([0x0F, 2**63 + 1], dtype=np.uint64)  # (n_variants,)
    assert hamming(matrix, variants[np.newaxis, :]).tolist() == [[4, 2], [4, 8], [5, 1]]


def test_byte_table_popcount_matches_numpy() -> None:
    rng = np.random.default_rng(3)
    x = rng.integers(0, 2**64, size=(50, 3), dtype=np.uint64)
    assert np.array_equal(_popcount_bytes(x), np.bitwise_count(x).astype(np.int64))
