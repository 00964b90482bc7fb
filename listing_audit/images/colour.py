"""Colour layout: a second look at whole-picture hash matches, which are blind to colour.

pHash and dHash (`hashes.py`) see a grey picture at 32 x 32 and 9 x 8 pixels. Artwork made of
a few flat bands or blocks of colour is then told apart by its grey levels alone: on real clip
art (benchmarks/image_accuracy.py --art real) the flags of Germany and Armenia, three
horizontal bands dark-mid-light in grey, were 6 bits apart, closer than most true copies.
Their colours have nothing in common.

The layout is the trimmed picture shrunk to `GRID` x `GRID` cells, each cell's colour as a
chroma vector in an opponent space (red-green, yellow-blue; brightness left out). Two layouts
agree by the cosine of their chroma vectors, cell by cell, where both cells are coloured:
brightness, contrast and saturation changes scale chroma but keep its direction, so a copy
edited that way keeps its agreement near 1; a grey copy has no coloured cells and is not
judged (`colour_agreement` returns None).
"""

from __future__ import annotations

import numpy as np
from PIL import Image

#: Cells per side of a colour layout.
GRID = 8
#: Chroma (0-255 scale) an asset's cell needs to count as coloured; an asset with none is grey
#: and its matches are not judged by colour.
MIN_CHROMA = 24.0
#: A listing picture whose most coloured cell is below this is grey (a grey copy: JPEG leaves
#: a few levels of chroma) and is not judged.
MIN_LISTING_CHROMA = 10.0
#: A cell counts as coloured when its chroma is at least this share of the picture's most
#: coloured cell: relative, so a faded (desaturated) copy keeps the cells of its asset.
RELATIVE_CHROMA = 0.25

#: Opponent axes from RGB: red-green and yellow-blue (luminance is left out).
_OPPONENT = np.array([[1.0, -1.0, 0.0], [0.5, 0.5, -1.0]], dtype=np.float32).T


def colour_layout(rgb: Image.Image) -> np.ndarray:
    """(GRID, GRID, 2) float32 chroma of a trimmed picture (`decode.trim_border`), cell by
    cell; a grey picture gives zeros."""
    if rgb.mode != "RGB":
        rgb = rgb.convert("RGB")
    small = rgb.resize((GRID, GRID), Image.Resampling.BOX, reducing_gap=2.0)
    pixels = np.asarray(small, dtype=np.float32)
    out: np.ndarray = (pixels @ _OPPONENT).astype(np.float32)
    return out


def no_layouts() -> np.ndarray:
    """An empty stack of layouts, (0, GRID, GRID, 2)."""
    return np.zeros((0, GRID, GRID, 2), dtype=np.float32)


def mirrored(layout: np.ndarray) -> np.ndarray:
    """The layout of the picture's mirror image."""
    return np.ascontiguousarray(layout[:, ::-1])


def colour_agreement(listing: np.ndarray, asset: np.ndarray) -> float | None:
    """How well the colours of a listing picture agree with an asset's: over the cells
    coloured in both, weighted by the asset's chroma, the cosine of the two chroma vectors (1 =
    same hues, 0 = unrelated, -1 = opposite); 0 when no cell is coloured in both though both
    pictures have colour. None when either picture has too little colour to judge (grey
    artwork, a grey copy).

    Cells where only the asset is coloured do not count: brightening a copy clips its pale
    colours to white, and a banner hides some."""
    na = np.linalg.norm(asset, axis=-1)
    nl = np.linalg.norm(listing, axis=-1)
    if na.max() < MIN_CHROMA or nl.max() < MIN_LISTING_CHROMA:
        return None
    coloured = na >= max(MIN_CHROMA, RELATIVE_CHROMA * float(na.max()))
    both = coloured & (nl >= RELATIVE_CHROMA * float(nl.max()))
    if not both.any():
        return 0.0
    cosine = (listing[both] * asset[both]).sum(axis=-1) / (nl[both] * na[both])
    weight = na[both]
    return float((cosine * weight).sum() / weight.sum())
