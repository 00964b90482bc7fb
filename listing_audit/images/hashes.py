"""Perceptual hashes of images, packed as uint64, and their Hamming distances.

pHash (Zauner, "Implementation and Benchmarking of Perceptual Image Hash Functions", 2010, as
implemented by `imagehash.phash`): grey 32x32, 2-D DCT, the 8x8 lowest frequencies compared
with their median -> 64 bits. It survives resizing, JPEG re-compression and small colour
changes, which is how copied artwork usually reaches a listing; it does not survive mirroring,
so mirrored variants are hashed too.

One 64-bit hash is fragile where it matters most: a left-right symmetric flat-colour logo has
many DCT coefficients exactly at the median, so a PNG and a quality-95 JPEG of the very same
picture differed by 12 of 64 bits. `global_hashes` therefore packs two hashes (pHash and
dHash, Krawetz, "Kind of Like That", 2013) into 128 bits, and says for each bit whether it is
*reliable*: the 48 bits of each hash whose value is farthest from its decision threshold. The
asset side of a comparison counts only its reliable bits (`asset_weights`), so near-ties in
the asset cannot be flipped by recompression; the listing side needs no mask.

Comparison (`hash_distances`) is a matrix product of +-1 bit vectors, masked on the asset side:
`distance = (reliable bits - a . b) / 2` counts the reliable bits that differ, for every
listing image against every asset in one BLAS call (chunked to bound memory).

Hashes are cached between runs keyed on `HASH_VERSION`: bump it whenever anything that changes
a hash value changes (this module, decoding, trimming or the imagehash version pin), and the
golden-hash test will say when that happened unintentionally.
"""

from __future__ import annotations

from collections.abc import Iterator

import imagehash
import numpy as np
from PIL import Image

#: Version of the hashing recipe; caches of hashes are valid only for the same version.
HASH_VERSION = 2

#: Hashes packed per picture by `global_hashes`, in this order, 64 bits each.
HASH_KINDS: tuple[str, ...] = ("phash", "dhash")
#: Bits of each 64-bit hash that count on the asset side (the most reliable ones).
RELIABLE_BITS = 48
#: Bits per picture variant.
HASH_BITS = 64 * len(HASH_KINDS)

#: Order of the variants (rows) in `global_hashes`: index 0 original, 1 mirrored left-right.
VARIANTS: tuple[str, ...] = ("original", "mirrored")

_BYTE_POPCOUNT = np.array([bin(i).count("1") for i in range(256)], dtype=np.uint8)


def phash64(img: Image.Image) -> int:
    """The 64-bit DCT pHash of `img` as a Python int (bit 63 = first DCT coefficient), the
    same value `int(str(imagehash.phash(img)), 16)` gives."""
    bits = imagehash.phash(img, hash_size=8).hash.flatten()
    value = 0
    for bit in bits:
        value = (value << 1) | int(bool(bit))
    return value


def _pack(bits: np.ndarray) -> int:
    """64 booleans (first = most significant bit) as an int."""
    return int.from_bytes(np.packbits(bits.astype(bool).ravel()).tobytes(), "big")


def _top_mask(margin: np.ndarray) -> int:
    """The `RELIABLE_BITS` largest margins as a 64-bit mask (ties broken by position)."""
    keep = np.zeros(64, dtype=bool)
    keep[np.argsort(-margin.ravel(), kind="stable")[:RELIABLE_BITS]] = True
    return _pack(keep)


def _phash_bits(pixels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """pHash bits and margins of a 32x32 grey array, as `imagehash.phash` computes them: the
    8x8 lowest DCT frequencies compared with their median."""
    import scipy.fftpack  # imported on first use: it adds half a second to start-up

    dct = scipy.fftpack.dct(scipy.fftpack.dct(pixels, axis=0), axis=1)[:8, :8]
    median = np.median(dct)
    return dct > median, np.abs(dct - median)


def _dhash_bits(pixels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """dHash bits and margins of a 8-row, 9-column grey array: is each pixel darker than its
    right-hand neighbour (the gradient's sign)?"""
    diff = pixels[:, 1:] - pixels[:, :-1]
    return diff > 0, np.abs(diff)


#: What carries information in a hash (`asset_hashes`): a pHash coefficient farther from the
#: median than this share of the largest such distance, a dHash gradient of at least this many
#: grey levels.
INFORMATIVE_DCT = 0.01
INFORMATIVE_GRADIENT = 2.0
#: An asset whose hashes carry fewer informative bits than this is "plain": flat bands or one
#: plain shape, which any picture of the same coarse layout resembles (real clip art: the flag
#: of Estonia matched 23 plain dark pictures at 2 bits; a red disc missed its own copies).
MIN_DETAIL_BITS = 16


def global_hashes(grey: Image.Image) -> tuple[np.ndarray, np.ndarray]:
    """(hashes, reliable) of a trimmed grey picture.

    `hashes` is (2, 2) uint64: row 0 the picture, row 1 its left-right mirror image; columns
    pHash and dHash (`HASH_KINDS`). `reliable` is (2,) uint64: per bit of row 0, whether it is
    one of the `RELIABLE_BITS` farthest from its threshold. Both hashes start from one 32x32
    Lanczos thumbnail (`reducing_gap` first box-reduces big pictures: the thumbnail is the
    same to a grey level or two, three times faster), so the mirror image costs two DCTs and
    no resampling.
    """
    hashes, reliable, _ = asset_hashes(grey)
    return hashes, reliable


def asset_hashes(grey: Image.Image) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`global_hashes` and, from the same margins, `informative`: (2,) uint64, which bits of
    row 0 carry information at all. Left-right uniform bands have no left-right gradient and
    few non-zero DCT coefficients; their other bits are ties that every picture of the same
    layout repeats."""
    if grey.mode != "L":
        grey = grey.convert("L")
    thumb = grey.resize((32, 32), Image.Resampling.LANCZOS, reducing_gap=3.0)
    pixels = np.asarray(thumb, dtype=np.float64)
    small = np.asarray(thumb.resize((9, 8), Image.Resampling.BILINEAR), dtype=np.float64)
    p_bits, p_margin = _phash_bits(pixels)
    d_bits, d_margin = _dhash_bits(small)
    rows = [(_pack(p_bits), _pack(d_bits))]
    p_bits, _ = _phash_bits(pixels[:, ::-1])  # the mirror image
    d_bits, _ = _dhash_bits(small[:, ::-1])
    rows.append((_pack(p_bits), _pack(d_bits)))
    reliable = [_top_mask(p_margin), _top_mask(d_margin)]
    top = float(p_margin.max())
    dct = p_margin > INFORMATIVE_DCT * top if top > 0 else np.zeros_like(p_margin, dtype=bool)
    informative = [_pack(dct), _pack(d_margin >= INFORMATIVE_GRADIENT)]
    return (
        np.array(rows, dtype=np.uint64),
        np.array(reliable, dtype=np.uint64),
        np.array(informative, dtype=np.uint64),
    )


def _bits(words: np.ndarray) -> np.ndarray:
    """(..., k) uint64 -> (..., 64 k) uint8 bits, most significant first."""
    as_bytes = np.ascontiguousarray(words, dtype=">u8").view(np.uint8)
    return np.unpackbits(as_bytes, axis=-1)


def listing_signs(hashes: np.ndarray) -> np.ndarray:
    """(n, k) uint64 hashes -> (n, 64 k) float32 of +-1, one row per picture variant."""
    return _bits(hashes).astype(np.float32) * 2.0 - 1.0


def asset_weights(hashes: np.ndarray, reliable: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(weights, counts) for assets: +-1 on reliable bits, 0 elsewhere, and the number of
    reliable bits per asset (`hash_distances` needs both)."""
    mask = _bits(reliable).astype(np.float32)
    weights = (_bits(hashes).astype(np.float32) * 2.0 - 1.0) * mask
    return np.ascontiguousarray(weights), mask.sum(axis=1)


def hash_distances(
    signs: np.ndarray, weights: np.ndarray, counts: np.ndarray, chunk: int = 4096
) -> Iterator[tuple[int, np.ndarray]]:
    """Masked Hamming distances of every listing variant row against every asset, in chunks
    of `chunk` rows: yields (first row, (rows, n_assets) float32 distances).

    For +-1 vectors a, b and a 0/1 mask m on a's side, the number of masked bits that differ is
    (sum(m) - (m a) . b) / 2, so one matrix product compares a chunk of listing pictures with
    every asset. `hash_pairs` is the same with a threshold, without the full matrices."""
    for start in range(0, signs.shape[0], chunk):
        block = signs[start : start + chunk] @ weights.T
        yield start, (counts[np.newaxis, :] - block) * 0.5


def hash_pairs(
    signs: np.ndarray,
    weights: np.ndarray,
    counts: np.ndarray,
    max_distance: float | np.ndarray,
    chunk: int = 2048,
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """(rows, assets, distances) of every pair within `max_distance` (one limit, or one per
    row of `weights`), chunk by chunk.

    distance <= T is dot >= sum(m) - 2 T, so each chunk is one matrix product into a reused
    buffer and one comparison; distances are computed for the hits only (measured:
    benchmarks/image_speed.py, 200,000 pictures x 2 variants against 20,000 assets)."""
    need = (counts - 2.0 * max_distance).astype(np.float32)[np.newaxis, :]
    buffer = np.empty((min(chunk, signs.shape[0]), weights.shape[0]), dtype=np.float32)
    transposed = np.ascontiguousarray(weights.T)
    for start in range(0, signs.shape[0], chunk):
        rows = signs[start : start + chunk]
        block = buffer[: rows.shape[0]]
        np.matmul(rows, transposed, out=block)
        hit_rows, hit_cols = np.nonzero(block >= need)
        distances = (counts[hit_cols] - block[hit_rows, hit_cols]) * 0.5
        yield hit_rows + start, hit_cols, distances


def hamming(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Bitwise Hamming distance of uint64 hashes, elementwise with numpy broadcasting
    (`hamming(matrix, row[None, :])` compares one image with a whole asset matrix at once)."""
    x = np.bitwise_xor(np.asarray(a, dtype=np.uint64), np.asarray(b, dtype=np.uint64))
    if hasattr(np, "bitwise_count"):  # numpy >= 2
        counts: np.ndarray = np.bitwise_count(x).astype(np.int64)
        return counts
    return _popcount_bytes(x)


def detail_bits(informative: np.ndarray) -> np.ndarray:
    """How many bits of a picture's hashes carry information (`asset_hashes`' `informative`,
    (..., 2) uint64), over its hash kinds: under `MIN_DETAIL_BITS` the picture is plain."""
    counts: np.ndarray = hamming(informative, np.zeros(1, dtype=np.uint64)).sum(axis=-1)
    return counts


def _popcount_bytes(x: np.ndarray) -> np.ndarray:
    """Popcount through a byte lookup table, for numpy < 2 (pyproject allows 1.26)."""
    as_bytes = np.ascontiguousarray(x, dtype=np.uint64).view(np.uint8)
    per_byte = _BYTE_POPCOUNT[as_bytes].reshape(*x.shape, 8)
    counts: np.ndarray = per_byte.sum(axis=-1, dtype=np.int64)
    return counts
