"""Rectangular parts of a listing picture — a flag, a sticker, a sign or a print pasted into a
photo — cut out, turned upright and hashed like whole pictures.

Keypoints (`local.py`) find an asset inside another photo by its corners, and artwork with few
distinct corners escapes them: a Swiss flag's twelve alike corners fail the ratio test, a
plain cross or button draws too few votes. Whole-picture hashes know such artwork well, but
see the photo around it. When the artwork is a filled rectangle (a flag, a badge, a framed
print), its outline in the photo is found by its colour edges and the rectangle inside is
hashed on its own (method `hash-region`), with the same limits and colour check as any
whole-picture hash.

How a region is found: the picture, `WORK_SIZE` px on its long side, gets Canny edges on each
channel of CIELAB (a red flag on a green field of the same grey has a colour edge, not a grey
one); every contour of those edges whose area fills at least `MIN_FILL` of its turned bounding
rectangle, covers `MIN_AREA` to `MAX_AREA` of the picture and is no longer than `MAX_ASPECT`
times its width is a region. The largest `MAX_REGIONS` distinct ones are kept.

Measured on real clip art seed 7 (benchmarks/README.md): the Swiss flags that keypoints and
whole-picture hashes missed inside photos were found by their regions, and no clean image of
2,000 was flagged by a region's hash.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

#: Long side, in pixels, of the picture regions are looked for in and cut from (hashes read
#: 32 x 32 pixels of a region, so this is plenty).
WORK_SIZE = 400
#: A region's contour fills at least this share of its turned bounding rectangle.
MIN_FILL = 0.7
#: A region's rectangle covers this share of the picture at least, and at most.
MIN_AREA = 0.02
MAX_AREA = 0.9
#: Long side / short side of a region at most.
MAX_ASPECT = 4.0
#: Regions kept per picture, largest first.
MAX_REGIONS = 10
#: Canny thresholds on each CIELAB channel (0-255).
EDGE_LOW, EDGE_HIGH = 40, 100
#: Pixels cut off each side of a region: its outline's edge band.
INSET = 2
#: Regions thinner than this (pixels, at `WORK_SIZE`) are not cut.
MIN_SIDE = 16
#: A region whose grey levels spread less than this (standard deviation, 0-255) is one flat
#: colour (a flag's band, a plain box): nothing to hash, and its hash, all ties, only adds
#: chances of a false match.
MIN_CONTRAST = 8.0


def rectangular_regions(rgb: Image.Image) -> list[Image.Image]:
    """The rectangular regions of a (trimmed) RGB picture, each turned upright and cut out,
    largest first (at most `MAX_REGIONS`)."""
    import cv2

    w, h = rgb.size
    scale = WORK_SIZE / max(w, h)
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    small = np.asarray(rgb.resize(size, Image.Resampling.BILINEAR))
    if min(small.shape[:2]) < MIN_SIDE:
        return []
    lab = cv2.cvtColor(np.ascontiguousarray(small), cv2.COLOR_RGB2LAB)
    edges = np.zeros(small.shape[:2], np.uint8)
    for channel in range(3):
        found_edges = cv2.Canny(np.ascontiguousarray(lab[:, :, channel]), EDGE_LOW, EDGE_HIGH)
        edges = np.bitwise_or(edges, np.asarray(found_edges, dtype=np.uint8))
    edges = np.asarray(cv2.dilate(edges, np.ones((3, 3), np.uint8)), dtype=np.uint8)
    contours, _ = cv2.findContours(edges, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    total = float(small.shape[0] * small.shape[1])
    found: list[tuple[float, np.ndarray]] = []
    for contour in contours:
        area = float(cv2.contourArea(contour))
        if area < MIN_AREA * total:
            continue
        rect = cv2.minAreaRect(contour)
        (rw, rh) = rect[1]
        box_area = float(rw * rh)
        if not (0 < box_area <= MAX_AREA * total) or area < MIN_FILL * box_area:
            continue
        if max(rw, rh) > MAX_ASPECT * max(1.0, min(rw, rh)):
            continue
        found.append((box_area, cv2.boxPoints(rect)))
    found.sort(key=lambda item: -item[0])
    kept: list[tuple[float, np.ndarray]] = []
    for box_area, corners in found:
        if any(_same(box_area, corners, other_area, other) for other_area, other in kept):
            continue  # the inner and outer contour of one outline, or a near twin
        kept.append((box_area, corners))
        if len(kept) == MAX_REGIONS:
            break
    regions = [_upright(small, corners) for _, corners in kept]
    return [r for r in regions if r is not None and _contrast(r) >= MIN_CONTRAST]


def _contrast(region: Image.Image) -> float:
    return float(np.asarray(region.convert("L"), dtype=np.float32).std())


def _same(area: float, corners: np.ndarray, other_area: float, other: np.ndarray) -> bool:
    """Whether two regions are one: areas within 15% and centres within 2% of the picture."""
    close = abs(area - other_area) <= 0.15 * max(area, other_area)
    shift = np.abs(corners.mean(axis=0) - other.mean(axis=0)).max()
    return bool(close and shift <= 0.02 * WORK_SIZE)


def _upright(small: np.ndarray, corners: np.ndarray) -> Image.Image | None:
    """The turned rectangle `corners` (4 x 2) of `small`, turned upright and cut out, its
    outline's edge band (`INSET`) cut off. The corner nearest the top left stays there (a
    region is turned by less than 45 degrees), so nothing comes out on its side."""
    import cv2

    s, d = corners.sum(axis=1), corners[:, 1] - corners[:, 0]
    tl, br, tr, bl = (int(i) for i in (s.argmin(), s.argmax(), d.argmin(), d.argmax()))
    if len({tl, br, tr, bl}) < 4:  # turned by 45 degrees: no side is the top
        return None
    top, left = corners[tr] - corners[tl], corners[bl] - corners[tl]
    width, height = float(np.hypot(top[0], top[1])), float(np.hypot(left[0], left[1]))
    if min(width, height) - 2 * INSET < MIN_SIDE:
        return None
    source = np.array([corners[tl], corners[tr], corners[bl]], dtype=np.float32)
    target = np.array(
        [[-INSET, -INSET], [width - INSET, -INSET], [-INSET, height - INSET]], dtype=np.float32
    )
    matrix = cv2.getAffineTransform(source, target)
    out = (round(width) - 2 * INSET, round(height) - 2 * INSET)
    cut = cv2.warpAffine(
        small, matrix, out, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )
    return Image.fromarray(np.ascontiguousarray(cut))
