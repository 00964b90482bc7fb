"""Second proof of a keypoint match: are the asset's edges where the fitted geometry puts them?

RANSAC (`local.verify`) proves that some keypoints agree on one rotation, scale and shift. That
is not proof that the picture shows the asset: letters of one font repeat, so an asset whose
word is set in the font of a "BEST SELLER" banner found 24-44 agreeing keypoints along the
banner's text in clean images (benchmarks/image_accuracy.py, seed 2: 5 of 6 false matches).
This module looks at the pixels instead. The asset is kept as a small grey `Patch` (64 px on its
long side, with its transparency mask); the listing picture is sampled under the fitted
transform at the patch's grid, and the two are compared by their **edges**, part by part: in
each cell of a 4 x 4 grid that holds some of the asset's edges,

    agreement = Re(sum z_a * conj(z_l)) / sqrt(sum |z_a|^2 * sum |z_l|^2)

with z = (gx + i gy)^2 / |g| the grey-level gradient as a complex number with its angle doubled
(Sobel), and the score is the mean over those cells (negative cells count 0). Doubling the
angle makes the measure blind to which side of an edge is darker, so a logo pasted on a dark
photo agrees with the logo on white; normalising makes it blind to brightness and contrast;
averaging cells alike means a missing part of the asset costs its full share. It is 1 when
every edge of the asset reappears in place, and near 0 for unrelated pictures.

Why edges and not grey levels: a logo's flat shapes often share a brightness (brown and blue of
one grey), and inside its transparency mask a grey-level correlation of a plain copy fell to
0.25. Its outline against the background is what identifies it, so the mask is widened by two
pixels to take the outline in. Why cells and not one correlation over the patch: an asset's
word alone, in a banner of the same font, scored 0.67 globally (the word holds most of a
logo's edges) and 0.46 by cells. Measured on the two tuning seeds of the accuracy benchmark
(candidates with at least 14 agreeing keypoints): the best wrong candidate among 4,000 clean
images scored 0.48; copies scored 0.5-1.0 (5th percentile 0.57-0.79 by family, embedded 0.49).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image

from .colour import mirrored

#: Long side, in pixels, of an asset's patch (the picture inside its padding).
PATCH_SIZE = 64
#: Background pixels kept around the patch, so the asset's outline has an edge to compare.
PATCH_PAD = 3
#: Mask widening (pixels each way): the outline's edge lies just outside the opaque pixels.
OUTLINE = 2
#: Share of the asset's (masked) patch that must land inside the listing picture: a crop
#: keeps at least three quarters of the asset, a logo inside a photo all of it.
MIN_VISIBLE = 0.3
#: Alpha above which a patch pixel counts as the asset's (0-255).
OPAQUE = 100
#: The patch is compared in CELLS x CELLS parts (`edge_agreement`); a part counts when it
#: holds at least CELL_SHARE of the asset's edges (a plain corner of the patch does not).
CELLS = 4
CELL_SHARE = 0.02
#: Gaussian smoothing of the listing picture before it is sampled at the patch's grid, in
#: listing pixels per patch pixel: about what the box filter that made the patch does.
SMOOTHING = 0.5


@dataclass(frozen=True, slots=True, eq=False)
class Patch:
    """An asset's picture at patch size: `grey` (h, w) uint8 with `PATCH_PAD` pixels of the
    background it was flattened on around it, `mask` (h, w) bool where the asset is (widened by
    `OUTLINE`), and where it sits in the feature frame: patch pixel (u, v) is frame point
    `origin + (u, v) / scale`; `layout` and `opaque`, the picture's colour layout and where
    it is drawn (`colour.opaque_layout`; None for a patch made without), for the colour check
    of keypoint matches."""

    grey: np.ndarray
    mask: np.ndarray
    scale: float
    origin: tuple[float, float]
    layout: np.ndarray | None = None
    opaque: np.ndarray | None = None

    def mirrored(self) -> Patch:
        """The patch of the mirror image (the feature frame is mirrored about its centre, so
        the content box, origin and scale stay put)."""
        return Patch(
            np.ascontiguousarray(self.grey[:, ::-1]),
            np.ascontiguousarray(self.mask[:, ::-1]),
            self.scale,
            self.origin,
            None if self.layout is None else mirrored(self.layout),
            None if self.opaque is None else mirrored(self.opaque),
        )


def make_patch(
    grey: Image.Image,
    alpha: Image.Image | None,
    content: tuple[int, int, int, int],
    background: int,
    layout: tuple[np.ndarray, np.ndarray | None] | None = None,
) -> Patch:
    """The patch of a trimmed grey picture (`alpha`: its transparency, cropped alike; None when
    it has none) that fills `content` of its feature frame, flattened on grey level
    `background`."""
    import cv2

    w, h = grey.size
    scale = PATCH_SIZE / max(w, h)
    pw, ph = max(1, round(w * scale)), max(1, round(h * scale))
    out = np.full((ph + 2 * PATCH_PAD, pw + 2 * PATCH_PAD), background, dtype=np.uint8)
    inner = (slice(PATCH_PAD, PATCH_PAD + ph), slice(PATCH_PAD, PATCH_PAD + pw))
    out[inner] = np.asarray(grey.resize((pw, ph), Image.Resampling.BOX))
    mask = np.zeros(out.shape, dtype=np.uint8)
    if alpha is None:
        mask[inner] = 1
    else:
        mask[inner] = np.asarray(alpha.resize((pw, ph), Image.Resampling.BOX)) > OPAQUE
    size = 2 * OUTLINE + 1
    widened = cv2.dilate(mask, np.ones((size, size), np.uint8))
    x0, y0, x1, _ = content
    frame_scale = pw / max(1, x1 - x0)
    origin = (x0 - PATCH_PAD / frame_scale, y0 - PATCH_PAD / frame_scale)
    colours, opaque = layout if layout is not None else (None, None)
    return Patch(out, widened.astype(bool), frame_scale, origin, colours, opaque)


def _doubled_gradient(pixels: np.ndarray) -> np.ndarray:
    import cv2

    gx = cv2.Sobel(pixels, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(pixels, cv2.CV_32F, 0, 1, ksize=3)
    z = gx + 1j * gy
    magnitude = np.abs(z)
    out: np.ndarray = np.where(magnitude > 1e-6, z * z / np.maximum(magnitude, 1e-6), 0)
    return out


def edge_agreement(
    patch: Patch,
    frame: np.ndarray,
    content: tuple[int, int, int, int],
    transform: np.ndarray,
) -> float:
    """How well the listing picture's edges repeat the asset's (0-1, see the module docstring)
    when `transform` (2x3, asset feature frame -> listing feature frame) is right. `frame` is
    the listing picture's feature frame and `content` where the picture sits in it. 0 when too
    little of the asset falls inside the picture to judge."""
    import cv2

    h, w = patch.grey.shape
    to_listing = np.empty((2, 3), dtype=np.float64)
    to_listing[:, :2] = transform[:, :2] / patch.scale
    to_listing[:, 2] = transform[:, :2] @ np.asarray(patch.origin) + transform[:, 2]
    step = float(np.hypot(transform[0, 0], transform[1, 0])) / patch.scale
    pixels = frame.astype(np.float32)
    if step * SMOOTHING > 0.5:  # listing pixels per patch pixel: smooth, or sampling aliases
        pixels = np.asarray(cv2.GaussianBlur(pixels, (0, 0), step * SMOOTHING), dtype=np.float32)
    flags = cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP
    warped = cv2.warpAffine(pixels, to_listing, (w, h), flags=flags, borderValue=0)
    inside = np.zeros(frame.shape, dtype=np.uint8)
    x0, y0, x1, y1 = content
    inside[y0:y1, x0:x1] = 1
    valid = cv2.warpAffine(
        inside, to_listing, (w, h), flags=cv2.INTER_NEAREST | cv2.WARP_INVERSE_MAP, borderValue=0
    )
    valid = cv2.erode(valid, np.ones((3, 3), np.uint8)).astype(bool)  # no edge at the cut
    use = valid & patch.mask
    if use.sum() < max(30, MIN_VISIBLE * patch.mask.sum()):
        return 0.0
    za = np.where(use, _doubled_gradient(patch.grey.astype(np.float32)), 0)
    zl = np.where(use, _doubled_gradient(warped), 0)
    # Part by part: each cell of a CELLS x CELLS grid is compared on its own and weighs by the
    # asset's edges in it, so a part of the asset missing from the picture counts as missing
    # in full (one global correlation forgave it: an asset's word alone, in a banner of the
    # same font, scored 0.67 without the asset's shapes).
    energy_a = np.abs(za) ** 2
    energy_l = np.abs(zl) ** 2
    cross = np.real(za * np.conj(zl))
    cells = [
        np.ix_(rows, cols)
        for rows in np.array_split(np.arange(h), CELLS)
        for cols in np.array_split(np.arange(w), CELLS)
    ]
    ea = np.array([energy_a[c].sum() for c in cells])
    el = np.array([energy_l[c].sum() for c in cells])
    cx = np.array([cross[c].sum() for c in cells])
    # Every part with edges of its own counts alike: weighing by edge energy let a word,
    # dense with edges, outweigh the shapes beside it.
    parts = ea > CELL_SHARE * ea.sum()
    if not parts.any():
        return 0.0
    score = np.where(el > 0, cx / np.sqrt(np.maximum(ea * el, 1e-12)), 0.0)
    return float(np.mean(np.clip(score[parts], 0.0, 1.0)))
