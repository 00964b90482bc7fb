"""Everything image matching needs from one decoded picture, computed in one place.

`compute_features(img)` is the seam a cache of features (keyed on file content and
`FEATURE_VERSION`) plugs into: a listing image or an asset goes through the same steps —

1. `decode.trim_border`: the background border (white canvas, letterbox bars) is cut away, so a
   logo pasted on a big canvas is compared as the logo;
2. global hashes of the trimmed picture and of its mirror image (`hashes.global_hashes`): 128
   bits each, with a reliability mask per bit for when the picture is an asset;
3. ORB keypoints and binary descriptors (Rublee et al., "ORB: an efficient alternative to SIFT
   or SURF", ICCV 2011) of the trimmed picture scaled to `FEATURE_SIZE` on its long side, for
   finding the asset inside another photo, rotated, cropped or under a banner.

4. SIFT keypoints (Lowe, IJCV 2004) of the same feature frame, as RootSIFT descriptors
   (Arandjelovic and Zisserman, "Three things everyone should know to improve object
   retrieval", CVPR 2012) stored as bytes, when the rules ask for them (`ImageSettings.sift`);
5. for a listing picture, hashes of its rectangular regions (a flag or print inside a photo,
   `regions.py`), when the rules ask for them (`ImageSettings.regions`).

Why both. ORB takes about 3 ms on a 544 px frame, SIFT 30-50 ms, and draft decoding takes 4:
ORB alone keeps the whole pipeline near the naive hash loop's speed. But ORB's binary
descriptors tell a clip-art logo in a busy wallpaper from the wallpaper poorly: on real clip
art seed 3, matched against the right asset alone (no voting, no pixel checks), embedded copies
kept >= 14 agreeing ORB keypoints in 75% of cases while 89 of 400 hard clean images reached 14
against some asset (0 only at 24, where 63% of copies remain); with SIFT, 85% of copies kept
>= 10 and 3 of the 400 clean images did (benchmarks/README.md). A half-size frame (SIFT
doubles its input first, which is most of its cost) lost a third of those copies. ORB and SIFT
find partly different copies, so both run, and the matches of either go through the same
pixel checks. ORB and SIFT are not invariant to mirroring: the asset side stores the keypoints
of its mirror image too (`compute_asset_features`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np
from PIL import Image, ImageOps

from .colour import chroma, colour_layout, mirrored, no_layouts, opaque_layout
from .decode import straighten, to_rgb, trim_border, trim_box
from .hashes import HASH_VERSION, MIN_DETAIL_BITS, asset_hashes, detail_bits, global_hashes
from .regions import rectangular_regions
from .verify import Patch, make_patch

if TYPE_CHECKING:  # OpenCV is imported on first use: it adds to every start-up otherwise
    import cv2

#: Version of the whole recipe (decode, trim, hashes, keypoints, patches). A cache of features
#: is valid only for the same version (cached matches of listing images too): bump the last
#: two digits when keypoints, patches or keypoint matching change; a new `HASH_VERSION` bumps
#: it too.
FEATURE_VERSION = HASH_VERSION * 100 + 15

#: Long side, in pixels, of the picture keypoints are found in.
FEATURE_SIZE = 480
#: At most this many keypoints per picture (the strongest by FAST/Harris response).
MAX_KEYPOINTS = 500
#: White frame added around the trimmed picture before keypoints are found: ORB ignores the
#: outer 31 pixels, where a trimmed logo's edges are.
FEATURE_PAD = 32
#: Pictures thinner than this (trimmed, or in the feature frame) get no keypoints.
MIN_FEATURE_SIDE = 24
#: Backgrounds an asset with transparency is flattened on (`compute_asset_features`).
WHITE: tuple[int, int, int] = (255, 255, 255)
DARK_BACKGROUND: tuple[int, int, int] = (40, 40, 40)
#: Frame pixels per sample of a listing picture's chroma frame (`Keypoints.colour`): colour
#: is compared in 8 x 8 cells of the asset, so a coarse frame is enough.
CHROMA_STEP = 4
#: FAST corner threshold (grey levels); OpenCV's default of 20 misses the corners of pale
#: artwork after the contrast stretch of a faded copy.
FAST_THRESHOLD = 12


@dataclass(frozen=True, slots=True, eq=False)
class Keypoints:
    """ORB keypoints of one picture: `points` (n, 2) float32 positions in the feature frame,
    `descriptors` (n, 32) uint8, row for row; `size` (width, height) of the feature frame;
    `content` (x0, y0, x1, y1), where the trimmed picture sits in that frame.

    What a match is checked against (`verify.edge_agreement`): an asset's keypoints carry its
    `patch`; a listing picture's carry its `frame` (the feature frame's pixels), used while the
    picture is matched and never stored, with its `colour`: the frame's chroma
    (`colour.chroma`), one sample per `CHROMA_STEP` pixels, for the colour check."""

    points: np.ndarray
    descriptors: np.ndarray
    size: tuple[int, int]
    content: tuple[int, int, int, int]
    patch: Patch | None = None
    frame: np.ndarray | None = None
    colour: np.ndarray | None = None

    def __len__(self) -> int:
        return int(self.points.shape[0])


@dataclass(frozen=True, slots=True, eq=False)
class ImageFeatures:
    """Features of one picture.

    - `hashes`: (2, 2) uint64 — row 0 the trimmed picture, row 1 its mirror image; columns
      `hashes.HASH_KINDS`. A listing picture whose content is a turned rectangle
      (`decode.straighten`) has (4, 2): rows 2 and 3 the same for it turned upright; rows
      `first_region` on, two a region, its rectangular regions (`regions.py`);
    - `reliable`: (2,) uint64 — which bits of row 0 are reliable (used when it is an asset);
    - `keypoints`: ORB keypoints of the trimmed picture;
    - `variants`: for assets only (`compute_asset_features`), more keypoint sets as
      (mirrored, keypoints): the mirror image and, for a picture with transparency, the
      picture and its mirror image flattened on a dark background;
    - `alternates`, `alternate_reliable`: for assets only, (k, 2) uint64 hashes and reliable
      bits of other plausible trims of the same picture (`_other_trims`), k = 0 when every
      trim agrees;
    - `layouts`: (rows, GRID, GRID, 2) float32 colour layouts (`colour.colour_layout`), row
      for row with what is compared: a listing picture's `hashes` rows; an asset's own trim
      then its `alternates`;
    - `informative`: for assets, (2,) uint64, which bits of row 0 carry information at all
      (`hashes.asset_hashes`). Under `hashes.MIN_DETAIL_BITS` of them the asset is plain: the
      scan says so, and its hash matches must agree on every one (`detect.plain_assets`);
    - `sift`: SIFT keypoint sets as (mirrored, keypoints) when the rules ask for them: a
      listing picture's one, an asset's the same sets as `keypoints` and `variants`;
    - `first_region`: the first row of `hashes` that is a region of the picture
      (`regions.py`), `len(hashes)` when it has none.
    """

    hashes: np.ndarray
    reliable: np.ndarray
    keypoints: Keypoints
    variants: tuple[tuple[bool, Keypoints], ...] = ()
    alternates: np.ndarray = field(default_factory=lambda: np.zeros((0, 2), dtype=np.uint64))
    alternate_reliable: np.ndarray = field(
        default_factory=lambda: np.zeros((0, 2), dtype=np.uint64)
    )
    layouts: np.ndarray = field(default_factory=no_layouts)
    informative: np.ndarray = field(
        default_factory=lambda: np.full(2, np.iinfo(np.uint64).max, dtype=np.uint64)
    )
    sift: tuple[tuple[bool, Keypoints], ...] = ()
    first_region: int = 2


_ORB: list[Any] = []
_SIFT: list[Any] = []
#: At most this many SIFT keypoints per picture; SIFT's own contrast limit usually keeps fewer
#: (about 150 on a clip-art main image).
MAX_SIFT_KEYPOINTS = 500
#: RootSIFT components (0-1) are stored as bytes, times this.
SIFT_SCALE = 255.0


def _orb() -> cv2.ORB:
    """One detector per process (OpenCV objects cannot be pickled into a pool)."""
    import cv2

    if not _ORB:
        _ORB.append(
            cv2.ORB.create(
                nfeatures=MAX_KEYPOINTS, scaleFactor=1.2, nlevels=8, fastThreshold=FAST_THRESHOLD
            )
        )
    orb: cv2.ORB = _ORB[0]
    return orb


def _sift() -> cv2.SIFT:
    """One SIFT detector per process, like `_orb`."""
    import cv2

    if not _SIFT:
        _SIFT.append(cv2.SIFT.create(nfeatures=MAX_SIFT_KEYPOINTS))
    sift: cv2.SIFT = _SIFT[0]
    return sift


def sift_keypoints(frame: np.ndarray, content: tuple[int, int, int, int]) -> Keypoints:
    """SIFT keypoints of a feature frame (`feature_frame`) with RootSIFT descriptors, (n, 128)
    uint8: each descriptor L1-normalised, square-rooted (so that Euclidean distance compares
    them as the Hellinger kernel does) and scaled by `SIFT_SCALE`."""
    size = (int(frame.shape[1]), int(frame.shape[0]))
    kps, desc = _sift().detectAndCompute(frame, None)
    if desc is None or not kps:
        return Keypoints(np.zeros((0, 2), np.float32), np.zeros((0, 128), np.uint8), size, content)
    points = np.array([kp.pt for kp in kps], dtype=np.float32).reshape(-1, 2)
    root = np.sqrt(desc / np.maximum(desc.sum(axis=1, keepdims=True), 1e-7))
    stored = np.clip(np.rint(root * SIFT_SCALE), 0, 255).astype(np.uint8)
    return Keypoints(points, np.ascontiguousarray(stored), size, content)


def compute_features(
    img: Image.Image, trim_tolerance: int, sift: bool = False, regions: bool = False
) -> ImageFeatures:
    """All features of a decoded RGB listing picture (`decode.load_image`), trimmed first; its
    keypoints keep the feature frame for verifying matches. SIFT keypoints too with `sift`;
    with `regions`, hashes of its rectangular regions too (`regions.rectangular_regions`),
    two rows (the region and its mirror image) a region, from row `first_region` on."""
    trimmed = trim_border(img, trim_tolerance)
    grey = trimmed.convert("L")
    hashes, reliable = global_hashes(grey)
    layout = colour_layout(trimmed)
    layouts = [layout, mirrored(layout)]
    upright = straighten(trimmed, trim_tolerance)
    if upright is not None:  # a turned photo or print: its upright version is hashed too
        upright = trim_border(upright, trim_tolerance)  # as its asset was trimmed
        hashes = np.vstack([hashes, global_hashes(upright.convert("L"))[0]])
        turned = colour_layout(upright)
        layouts += [turned, mirrored(turned)]
    first_region = len(hashes)
    rows = [hashes]
    for part in rectangular_regions(trimmed) if regions else []:
        rows.append(global_hashes(part.convert("L"))[0])
        seen = colour_layout(part)
        layouts += [seen, mirrored(seen)]
    hashes = np.vstack(rows)
    frame, content = feature_frame(grey)
    keypoints = orb_keypoints(frame, content)
    colour = chroma_frame(trimmed, frame.shape, content)
    extra: tuple[tuple[bool, Keypoints], ...] = ()
    if sift:
        extra = ((False, replace(sift_keypoints(frame, content), frame=frame, colour=colour)),)
    return ImageFeatures(
        hashes,
        reliable,
        replace(keypoints, frame=frame, colour=colour),
        layouts=np.stack(layouts),
        sift=extra,
        first_region=first_region,
    )


def chroma_frame(
    trimmed: Image.Image, shape: tuple[int, ...], content: tuple[int, int, int, int]
) -> np.ndarray:
    """The chroma (`colour.chroma`) of a feature frame of `shape` whose `content` box holds
    `trimmed`, one sample per `CHROMA_STEP` frame pixels; the white frame around is grey."""
    h, w = (-(-int(v) // CHROMA_STEP) for v in shape[:2])
    out = np.zeros((h, w, 2), dtype=np.float32)
    x0, y0, x1, y1 = (round(v / CHROMA_STEP) for v in content)
    if x1 > x0 and y1 > y0:
        out[y0:y1, x0:x1] = chroma(trimmed, (x1 - x0, y1 - y0))
    return out


def compute_asset_features(
    img: Image.Image, trim_tolerance: int, sift: bool = False
) -> ImageFeatures:
    """Features of an asset (`decode.load_image(..., keep_alpha=True)`): hashes and keypoints
    of the asset on white, trimmed like a listing picture, plus keypoints of the mirror image
    and, when the asset has transparency, of the asset flattened on a dark background and its
    mirror image. Every keypoint set carries its `verify.Patch`.

    Why dark: an ORB descriptor compares pairs of pixels around a keypoint, and at a logo's
    edge half of them are background. A transparent logo printed on a dark T-shirt or pasted
    into a dark photo flips those comparisons, and its keypoints stop matching the logo on
    white. Indexing the dark version too costs index size, not listing-image time.

    With `sift`, the same sets of SIFT keypoints (`ImageFeatures.sift`), with the same patches.
    """
    has_alpha = img.mode == "RGBA"
    # Transparency that is there, not just an alpha channel: an opaque RGBA print is full-bleed.
    see_through = has_alpha and int(np.asarray(img.getchannel("A")).min()) < 255
    backgrounds = [WHITE, DARK_BACKGROUND] if has_alpha else [WHITE]
    sets: list[tuple[bool, Keypoints]] = []
    sift_sets: list[tuple[bool, Keypoints]] = []
    hashes = reliable = None
    informative = np.full(2, np.iinfo(np.uint64).max, dtype=np.uint64)
    extra: tuple[np.ndarray, np.ndarray, np.ndarray] = (
        np.zeros((0, 2), dtype=np.uint64),
        np.zeros((0, 2), dtype=np.uint64),
        no_layouts(),
    )
    own_layout = None
    for background in backgrounds:
        flat = to_rgb(img, background) if has_alpha else img
        box = trim_box(flat, trim_tolerance) or (0, 0, *flat.size)
        cut = flat.crop(box)
        grey = cut.convert("L")
        alpha = img.getchannel("A").crop(box) if has_alpha else None
        drawn = opaque_layout(cut, alpha)
        if hashes is None:
            hashes, reliable, informative = asset_hashes(grey)
            # A listing picture's layout is of the whole picture, blank parts included.
            own_layout = colour_layout(cut) if alpha is not None else drawn[0]
            detail = int(detail_bits(informative))
            extra = _other_trims(flat, box, trim_tolerance, not see_through, detail)
        frame, content = feature_frame(grey)
        level = round(0.299 * background[0] + 0.587 * background[1] + 0.114 * background[2])
        patch = make_patch(grey, alpha, content, level, drawn)
        sets.append((False, replace(orb_keypoints(frame, content), patch=patch)))
        flipped, flipped_patch = np.ascontiguousarray(frame[:, ::-1]), patch.mirrored()
        sets.append((True, replace(orb_keypoints(flipped, content), patch=flipped_patch)))
        if sift:
            sift_sets.append((False, replace(sift_keypoints(frame, content), patch=patch)))
            mirror = sift_keypoints(flipped, content)
            sift_sets.append((True, replace(mirror, patch=flipped_patch)))
    assert hashes is not None and reliable is not None and own_layout is not None
    alternates, alternate_reliable, other_layouts = extra
    return ImageFeatures(
        hashes,
        reliable,
        sets[0][1],
        tuple(sets[1:]),
        alternates,
        alternate_reliable,
        np.concatenate([own_layout[np.newaxis], other_layouts]),
        informative,
        tuple(sift_sets),
    )


def _other_trims(
    flat: Image.Image,
    box: tuple[int, int, int, int],
    trim_tolerance: int,
    opaque: bool,
    detail: int = MIN_DETAIL_BITS,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(hashes, reliable) rows, (k, 2) each, and colour layouts, (k, GRID, GRID, 2), of an
    asset's other plausible trims (`box` is the
    one a listing picture gets): by brightness alone, on past a canvas into a plate, and, for
    an asset without transparency, none at all (its flat edge may be artwork: a print's
    ground). A copy is trimmed one way; whichever way, one of its asset's rows was cut alike.

    A trim that leaves less detail than `MIN_DETAIL_BITS` informative bits (or than the
    asset's own trim, `detail`, when that is plain itself) is not a way to cut the artwork
    but a way to lose it: trimming by brightness past a plate of the same grey as the shapes
    on it ended on one flat box inside, whose hash, a tie on every bit but one, matched every
    flat picture at distance 0 (a drawn emblem in a library of 1,000: 27 of 2,000 clean
    images of real clip-art seed 3)."""
    full = (0, 0, *flat.size)
    boxes = [
        trim_box(flat, trim_tolerance, colour=False) or full,
        trim_box(flat, trim_tolerance, past_canvas=True) or full,
        trim_box(flat, trim_tolerance, colour=False, past_canvas=True) or full,
    ]
    if opaque:
        boxes.append(full)
    rows: list[np.ndarray] = []
    masks: list[np.ndarray] = []
    layouts: list[np.ndarray] = []
    for other in dict.fromkeys(b for b in boxes if b != box):
        cut = flat.crop(other)
        hashes, reliable, informative = asset_hashes(cut.convert("L"))
        if int(detail_bits(informative)) < min(MIN_DETAIL_BITS, detail):
            continue
        rows.append(hashes[0])
        masks.append(reliable)
        layouts.append(colour_layout(cut))
    if not rows:
        empty = np.zeros((0, 2), dtype=np.uint64)
        return empty, empty.copy(), no_layouts()
    return np.stack(rows), np.stack(masks), np.stack(layouts)


def feature_frame(grey: Image.Image) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """The trimmed grey picture scaled to `FEATURE_SIZE` on its long side, contrast stretched
    (1% clipped at each end, so a faded or darkened copy yields the same corners), inside a
    white frame of `FEATURE_PAD` pixels; and where the picture sits in it."""
    w, h = grey.size
    scale = FEATURE_SIZE / max(w, h)
    fw, fh = max(1, round(w * scale)), max(1, round(h * scale))
    frame = np.full((fh + 2 * FEATURE_PAD, fw + 2 * FEATURE_PAD), 255, dtype=np.uint8)
    content = (FEATURE_PAD, FEATURE_PAD, FEATURE_PAD + fw, FEATURE_PAD + fh)
    if min(w, h) >= MIN_FEATURE_SIDE and min(fw, fh) >= MIN_FEATURE_SIDE:
        small = grey.resize((fw, fh), Image.Resampling.BILINEAR, reducing_gap=2.0)
        frame[FEATURE_PAD : FEATURE_PAD + fh, FEATURE_PAD : FEATURE_PAD + fw] = np.asarray(
            ImageOps.autocontrast(small, cutoff=1)
        )
    return frame, content


def orb_keypoints(frame: np.ndarray, content: tuple[int, int, int, int]) -> Keypoints:
    """ORB keypoints and descriptors of a feature frame (`feature_frame`)."""
    size = (int(frame.shape[1]), int(frame.shape[0]))
    kps, desc = _orb().detectAndCompute(frame, None)
    if desc is None or not kps:
        return Keypoints(np.zeros((0, 2), np.float32), np.zeros((0, 32), np.uint8), size, content)
    points = np.array([kp.pt for kp in kps], dtype=np.float32).reshape(-1, 2)
    return Keypoints(points, np.ascontiguousarray(desc, dtype=np.uint8), size, content)
