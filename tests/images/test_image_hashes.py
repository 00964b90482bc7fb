"""hashes: pinned golden values, mirror variant, vectorised Hamming distance."""

from __future__ import annotations

import imagehash
import numpy as np
from PIL import Image, ImageDraw, ImageOps

from listing_audit.images.hashes import (
    HASH_VERSION,
    RELIABLE_BITS,
    _popcount_bytes,
    asset_weights,
    global_hashes,
    hamming,
    hash_distances,
    listing_signs,
    phash64,
)

#: Pinned for HASH_VERSION 2. If this test fails after a Pillow, numpy, scipy or imagehash
#: upgrade, cached hashes are stale: bump HASH_VERSION, then update these values.
GOLDEN_PHASH = 0xEA1E2D92B54B94E4
GOLDEN_PHASH_MIRRORED = 0xBF4A78C7E01E81B1
GOLDEN_DHASH = 0xF3F3E3F3CFCDC3C3
GOLDEN_DHASH_MIRRORED = 0x303038300C4C3C3C
GOLDEN_RELIABLE = (0xFDFCF8FCF7FC9DFA, 0x776D6DEFB3BBBFBF)


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
    assert HASH_VERSION == 2  # the golden values below belong to this version
    assert phash64(golden_image()) == GOLDEN_PHASH


def test_phash64_is_imagehash_phash_as_int() -> None:
    img = golden_image()
    assert phash64(img) == int(str(imagehash.phash(img, hash_size=8)), 16)
    assert 0 <= phash64(img) < 2**64


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


# ---- global_hashes: pHash + dHash, mirror variant, reliable bits ---------------------------------


def test_golden_global_hashes() -> None:
    hashes, reliable = global_hashes(golden_image())
    assert hashes.dtype == np.uint64 and hashes.shape == (2, 2)
    assert [int(h) for h in hashes.ravel()] == [
        GOLDEN_PHASH,  # a 128 px picture is not box-reduced first: the imagehash value
        GOLDEN_DHASH,
        GOLDEN_PHASH_MIRRORED,
        GOLDEN_DHASH_MIRRORED,
    ]
    assert tuple(int(r) for r in reliable) == GOLDEN_RELIABLE
    assert [bin(int(r)).count("1") for r in reliable] == [RELIABLE_BITS, RELIABLE_BITS]


def test_mirror_row_is_the_hash_of_the_mirror_image() -> None:
    img = golden_image()
    hashes, _ = global_hashes(img)
    mirrored, _ = global_hashes(ImageOps.mirror(img))
    assert int(hamming(hashes[1], mirrored[0]).sum()) <= 2  # Lanczos is symmetric, to rounding


def test_symmetric_flat_logo_png_and_jpeg_agree_on_reliable_bits(tmp_path) -> None:
    """The measured weakness: many pHash coefficients of a symmetric flat-colour logo sit at
    the median, so recompression flips them. Counting only the asset's reliable bits keeps
    the PNG and a quality-95 JPEG of the same picture close."""
    img = Image.new("RGB", (300, 300), "white")
    draw = ImageDraw.Draw(img)
    draw.ellipse((40, 40, 260, 260), fill=(200, 30, 30))
    draw.rectangle((110, 90, 190, 210), fill=(255, 255, 255))
    draw.polygon([(150, 20), (180, 70), (120, 70)], fill=(20, 20, 120))
    img.save(tmp_path / "logo.jpg", quality=95)
    jpeg = Image.open(tmp_path / "logo.jpg").convert("L")
    asset, reliable = global_hashes(img.convert("L"))
    copy, _ = global_hashes(jpeg)
    weights, counts = asset_weights(asset[:1], reliable[np.newaxis, :])
    ((_, distances),) = hash_distances(listing_signs(copy), weights, counts)
    assert distances[0, 0] <= 6


def test_hash_distances_is_masked_hamming() -> None:
    rng = np.random.default_rng(11)
    listing = rng.integers(0, 2**64, size=(7, 2), dtype=np.uint64)
    assets = rng.integers(0, 2**64, size=(5, 2), dtype=np.uint64)
    masks = rng.integers(0, 2**64, size=(5, 2), dtype=np.uint64)
    weights, counts = asset_weights(assets, masks)
    blocks = list(hash_distances(listing_signs(listing), weights, counts, chunk=3))
    assert [start for start, _ in blocks] == [0, 3, 6]
    got = np.concatenate([d for _, d in blocks])
    expected = hamming(
        (listing[:, np.newaxis, :] ^ assets[np.newaxis, :, :]) & masks[np.newaxis, :, :], 0
    ).sum(axis=2)
    assert np.array_equal(got, expected)
