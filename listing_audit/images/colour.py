"""Colour layout: a second look at hash and keypoint matches, which are blind to colour.

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

Keypoints (ORB) see grey too, and a keypoint match proves only that some part of the drawing
repeats: on real clip art the flag of New Zealand matched the red ensign of Ontario by its
Union Jack (edge agreement 0.59), and a document icon matched another page of its template
(0.54). For a keypoint match the asset's layout is compared with what the listing picture
shows *where the fitted geometry puts the asset* (`layout_under`), over the asset's drawn
pixels only when it has transparency (`opaque_layout`: a line drawing pasted into a scene
shows the scene between its lines). Measured on real clip art seeds 1 and 2 (`--tune`): every
copy matched by keypoints that could be judged scored 0.79-1.0 (embedded 0.94-1.0 once blank
parts were left out; 0.34 before), the wrong matches of seed 1 0.18-0.38.
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


def chroma(rgb: Image.Image, size: tuple[int, int]) -> np.ndarray:
    """(height, width, 2) float32 chroma of a picture shrunk to `size` (width, height)."""
    if rgb.mode != "RGB":
        rgb = rgb.convert("RGB")
    small = rgb.resize(size, Image.Resampling.BOX, reducing_gap=2.0)
    out: np.ndarray = (np.asarray(small, dtype=np.float32) @ _OPPONENT).astype(np.float32)
    return out


def colour_layout(rgb: Image.Image) -> np.ndarray:
    """(GRID, GRID, 2) float32 chroma of a trimmed picture (`decode.trim_border`), cell by
    cell; a grey picture gives zeros."""
    return chroma(rgb, (GRID, GRID))


#: Samples per layout cell, each way, when a layout is read through a keypoint match's
#: geometry (`layout_under`).
SAMPLES = 4
#: Alpha (0-255) above which an asset's sample counts as drawn (`opaque_layout`): nearly
#: opaque, as a sample that is partly blank shows the scene there. With 100, the thin outlines
#: and lettering of a cartoon pasted into wallpapers scored 0.43-0.81 against its own copies
#: (3 of 60 copies lost on real clip art seed 3); with 250, 0.85 and up.
DRAWN_ALPHA = 250


def opaque_layout(
    rgb: Image.Image, alpha: Image.Image | None
) -> tuple[np.ndarray, np.ndarray | None]:
    """The colour layout of an asset's trimmed picture for keypoint matches, and where it is
    drawn: with transparency (`alpha`, cropped alike), each cell is the mean chroma of its drawn
    samples only (GRID x SAMPLES a side; `opaque` says which), so a thin line drawing's cells
    are the colour of its lines, not of lines diluted by the blank around them, which a scene
    it is pasted into fills with its own colours. Without transparency: `colour_layout`, None."""
    if alpha is None:
        return colour_layout(rgb), None
    n = GRID * SAMPLES
    samples = chroma(rgb, (n, n))
    opaque = np.asarray(alpha.resize((n, n), Image.Resampling.BOX)) > DRAWN_ALPHA
    return _cell_means(samples, opaque.astype(np.float32)), opaque


def _cell_means(samples: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """(GRID, GRID, 2) weighted means of (GRID*SAMPLES)^2 chroma samples, 0 where a cell
    weighs nothing."""
    w = weights.reshape(GRID, SAMPLES, GRID, SAMPLES)
    total = (samples.reshape(GRID, SAMPLES, GRID, SAMPLES, 2) * w[..., np.newaxis]).sum(axis=(1, 3))
    mass = w.sum(axis=(1, 3))[..., np.newaxis]
    out: np.ndarray = np.where(mass > 0, total / np.maximum(mass, 1e-6), 0.0).astype(np.float32)
    return out


def layout_under(
    frame_chroma: np.ndarray,
    step: float,
    content: tuple[int, int, int, int],
    asset_content: tuple[int, int, int, int],
    transform: np.ndarray,
    opaque: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The colour layout of what a listing picture shows where a keypoint match puts the
    asset: cell (i, j) of the asset's trimmed picture (`asset_content` in its feature frame)
    is mapped by `transform` (2x3, asset frame -> listing frame) onto `frame_chroma`, the
    listing's feature frame in chroma at one sample per `step` frame pixels, and averaged
    there — over the asset's drawn samples only when `opaque` (from `opaque_layout`) says
    which. Also returns which cells fall mostly inside the listing picture (`content`): the
    others come out grey, and only the seen ones are compared (`seen_agreement`)."""
    import cv2

    x0, y0, x1, y1 = asset_content
    n = GRID * SAMPLES
    # Sample (u, v) of the n x n grid -> asset frame point -> listing frame -> chroma frame.
    to_asset = np.array(
        [
            [(x1 - x0) / n, 0.0, x0 + 0.5 * (x1 - x0) / n],
            [0.0, (y1 - y0) / n, y0 + 0.5 * (y1 - y0) / n],
        ]
    )
    to_frame = transform[:, :2] @ to_asset
    to_frame[:, 2] += transform[:, 2]
    # Chroma sample k covers frame pixels [k * step, (k + 1) * step): its centre is at
    # (k + 0.5) * step.
    to_chroma = to_frame / step
    to_chroma[:, 2] -= 0.5
    flags = cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP
    sampled = cv2.warpAffine(frame_chroma, to_chroma, (n, n), flags=flags, borderValue=0)
    inside = np.zeros(frame_chroma.shape[:2], dtype=np.float32)
    cx0, cy0, cx1, cy1 = (round(v / step) for v in content)
    inside[cy0:cy1, cx0:cx1] = 1.0
    valid = cv2.warpAffine(inside, to_chroma, (n, n), flags=flags, borderValue=0)
    weights = np.ones((n, n), np.float32) if opaque is None else opaque.astype(np.float32)
    cells = _cell_means(sampled, weights)
    mass = weights.reshape(GRID, SAMPLES, GRID, SAMPLES).sum(axis=(1, 3))
    inside_mass = (valid * weights).reshape(GRID, SAMPLES, GRID, SAMPLES).sum(axis=(1, 3))
    seen = (mass > 0) & (inside_mass >= 0.5 * mass)
    out: np.ndarray = np.where(seen[..., np.newaxis], cells, 0.0).astype(np.float32)
    return out, seen


def seen_agreement(listing: np.ndarray, seen: np.ndarray, asset: np.ndarray) -> float | None:
    """`colour_agreement` over the cells of the asset that the listing picture shows (`seen`,
    from `layout_under`): a copy cropped down to the asset's grey parts is not judged."""
    return colour_agreement(listing, np.where(seen[..., np.newaxis], asset, 0.0))


def no_layouts() -> np.ndarray:
    """An empty stack of layouts, (0, GRID, GRID, 2)."""
    return np.zeros((0, GRID, GRID, 2), dtype=np.float32)


def mirrored(layout: np.ndarray) -> np.ndarray:
    """The layout (or any per-cell grid, such as `opaque_layout`'s drawn samples) of the
    picture's mirror image."""
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
