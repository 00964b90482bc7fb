"""Perceptual hashes of images, packed as uint64, and their Hamming distances.

pHash (Zauner, "Implementation and Benchmarking of Perceptual Image Hash Functions", 2010, as
implemented by `imagehash.phash`): grey 32x32, 2-D DCT, the 8x8 lowest frequencies compared
with their median -> 64 bits. It survives resizing, JPEG re-compression and small colour
changes, which is how copied artwork usually reaches a listing; it does not survive mirroring,
so mirrored variants are hashed too.

Hashes are cached between runs keyed on `HASH_VERSION`: bump it whenever anything that changes
a hash value changes (this module, decoding, trimming or the imagehash version pin), and the
golden-hash test will say when that happened unintentionally.
"""

from __future__ import annotations

import imagehash
import numpy as np
from PIL import Image, ImageOps

#: Version of the hashing recipe; caches of hashes are valid only for the same version.
HASH_VERSION = 1

#: Order of the variants in `image_hashes`: index 0 original, 1 mirrored left-right.
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


def image_hashes(img: Image.Image) -> np.ndarray:
    """uint64 pHashes of `img` (index 0) and of its left-right mirror (index 1).

    Pass the image already trimmed (`decode.trim_border`), so a logo pasted on a big canvas
    hashes like the logo file. Mirroring is the one dihedral edit sellers routinely make to
    dodge duplicate-image checks; rotations by 90 degrees would make the product lie on its
    side, so they are not worth the extra false matches.
    """
    return np.array([phash64(img), phash64(ImageOps.mirror(img))], dtype=np.uint64)


def hamming(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Bitwise Hamming distance of uint64 hashes, elementwise with numpy broadcasting
    (`hamming(matrix, row[None, :])` compares one image with a whole asset matrix at once)."""
    x = np.bitwise_xor(np.asarray(a, dtype=np.uint64), np.asarray(b, dtype=np.uint64))
    if hasattr(np, "bitwise_count"):  # numpy >= 2
        counts: np.ndarray = np.bitwise_count(x).astype(np.int64)
        return counts
    return _popcount_bytes(x)


def _popcount_bytes(x: np.ndarray) -> np.ndarray:
    """Popcount through a byte lookup table, for numpy < 2 (pyproject allows 1.26)."""
    as_bytes = np.ascontiguousarray(x, dtype=np.uint64).view(np.uint8)
    per_byte = _BYTE_POPCOUNT[as_bytes].reshape(*x.shape, 8)
    counts: np.ndarray = per_byte.sum(axis=-1, dtype=np.int64)
    return counts
