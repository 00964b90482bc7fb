"""Find a protected asset *inside* a listing image: keypoint voting, then geometric proof.

Whole-image hashes cannot see a logo that covers a quarter of a lifestyle photo, a copy cropped
by a quarter or under a banner: the rest of the picture outweighs it. Local features can
(Lowe, "Distinctive image features from scale-invariant keypoints", IJCV 2004: ratio test and
geometric verification; here with ORB keypoints, `features.py`):

1. **Index once.** Every asset's keypoint descriptors, of the asset and of its mirror image,
   go into one nearest-neighbour index (faiss; exact search up to `FLAT_LIMIT` rows, an
   inverted file above that): one for ORB's binary descriptors (Hamming distance), one for
   SIFT's (`features.sift_keypoints`, Euclidean distance), each a `KeypointIndex`.
2. **Vote.** Each keypoint of the listing image looks up its two nearest asset keypoints; it
   votes for the nearest one's asset when that is clearly closer (Lowe's ratio) than the
   nearest keypoint of any *other* asset. Only the few assets with the most votes go on.
3. **Verify.** The listing image's keypoints are matched with that one asset's (ratio test
   against the nearest keypoint at another place of the asset, `_ratio_matches`) and a
   similarity transform (rotation, scale, shift) is fitted with RANSAC. The match stands
   when enough keypoints agree (`ImageSettings.min_inliers`), they are spread over the asset
   rather than bunched on one detail (`min_spread`), the asset's outline, mapped into the
   listing image, covers a sane share of it, and the listing picture repeats the asset's
   edges (`verify.edge_agreement`) and colours (`colour.layout_under`) there.

   Why a similarity and not a full homography: copies are resized, turned and cropped, not
   put in perspective; with 4 degrees of freedom instead of 8, a fit on keypoints bunched on
   a logo's word still maps its outline correctly (a homography on the same 18 inliers
   threw a corner off the picture), and chance agreements among a clean image's keypoints
   are rarer. RANSAC's threshold (6 px in a 480 px frame) absorbs mild perspective.

Voting costs one index search per listing image instead of one match per image-asset pair (the
issue measured 20-30 ms per pair), so the cost hardly grows with the number of assets.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..config import ImageSettings
from .colour import layout_under, seen_agreement
from .features import CHROMA_STEP, Keypoints
from .verify import edge_agreement

#: Up to this many asset keypoints the index searches exhaustively; above, an inverted file
#: (`faiss.IndexBinaryIVF`, sqrt(rows) cells, the `PROBES` nearest probed) searches a few.
#: Measured with 50 assets (100,000 rows, benchmarks/image_speed.py): exhaustive search took
#: about 65 ms per listing image, four times decoding and feature extraction together.
#: Probing 8 cells instead of 16 found the same copies and clean images on the accuracy
#: benchmark (seed 2, every family) and cut matching from 29 to 23 ms per image.
FLAT_LIMIT = 20_000
PROBES = 8
#: Share of the listing image the asset's mapped outline must cover at least (a logo in a
#: corner covers more; a fit squeezing many keypoints into a speck is degenerate).
MIN_COVERAGE = 0.04
#: Scale of the fitted transform (listing frame / asset frame) outside which a fit is absurd.
MIN_SCALE, MAX_SCALE = 0.05, 20.0
#: Hamming distance (of 256 bits) above which two ORB descriptors never match.
MAX_DESCRIPTOR_DISTANCE = 80
#: Descriptor metrics: ORB's binary descriptors (32 bytes, Hamming distance) and RootSIFT's
#: (128 bytes, Euclidean distance; `features.sift_keypoints`).
HAMMING, EUCLIDEAN = "hamming", "euclidean"
WIDTH = {HAMMING: 32, EUCLIDEAN: 128}


@dataclass(frozen=True, slots=True)
class LocalMatch:
    """A verified keypoint match of a listing image with one asset.

    `asset` is the asset's position in the index, `mirrored` whether it matched the asset's
    mirror image, `inliers` the keypoints that agree with the fitted transform out of
    `matched` that passed the ratio test, `coverage` the share of the (trimmed) listing
    image that the asset's outline covers once mapped into it, and `agreement` how well the
    listing picture repeats the asset's edges there (`verify.edge_agreement`, 0-1) and
    `colour` how well its colours there agree with the asset's (`colour.colour_agreement`;
    None when either has too little colour to judge); `sift` whether SIFT keypoints found it
    (else ORB's)."""

    asset: int
    mirrored: bool
    inliers: int
    matched: int
    coverage: float
    agreement: float = 0.0
    colour: float | None = None
    sift: bool = False


@dataclass(frozen=True, slots=True, eq=False)
class KeypointIndex:
    """Keypoint sets of every asset (the asset, its mirror image, on a dark background...):
    `entries[e]` belongs to asset `entry_asset[e]`, mirrored when `entry_mirrored[e]`;
    `metric` says how their descriptors compare (`HAMMING` for ORB, `EUCLIDEAN` for SIFT)."""

    entries: tuple[Keypoints, ...]
    entry_asset: np.ndarray  # (entries,) int32
    entry_mirrored: np.ndarray  # (entries,) bool
    descriptors: np.ndarray  # (rows, WIDTH[metric]) uint8, all entries stacked
    owners: np.ndarray  # (rows,) int32: the asset of each row
    assets: int
    metric: str = HAMMING

    def __len__(self) -> int:
        return self.assets


def build_keypoint_index(
    assets: list[list[tuple[bool, Keypoints]]], metric: str = HAMMING
) -> KeypointIndex:
    """Stack the (mirrored, keypoints) sets of every asset, in asset order."""
    entries: list[Keypoints] = []
    entry_asset: list[int] = []
    mirrored: list[bool] = []
    for position, sets in enumerate(assets):
        for flag, keypoints in sets:
            entries.append(keypoints)
            entry_asset.append(position)
            mirrored.append(flag)
    descriptors = [e.descriptors for e in entries]
    owners = [np.full(len(e), entry_asset[i], dtype=np.int32) for i, e in enumerate(entries)]
    stacked = np.concatenate(descriptors) if descriptors else np.zeros((0, WIDTH[metric]), np.uint8)
    owner = np.concatenate(owners) if owners else np.zeros(0, np.int32)
    return KeypointIndex(
        tuple(entries),
        np.array(entry_asset, dtype=np.int32),
        np.array(mirrored, dtype=bool),
        np.ascontiguousarray(stacked),
        owner,
        len(assets),
        metric,
    )


#: Rounds of k-means that place the inverted file's cells (faiss defaults to 25). Ten found
#: the same copies on the accuracy benchmark and train in well under half the time, which
#: dominates building the index: about 12 s for 1,000,000 rows (some 500 assets) with 25.
TRAIN_ROUNDS = 10


class _Searcher:
    """The faiss index over a `KeypointIndex`. Built once per scan with every core
    (`prepare_searcher`) and handed to the pool's processes as bytes (`adopt_searcher`):
    faiss objects cannot be pickled, and each process training its own repeated the most
    expensive step once per core."""

    def __init__(self, index: KeypointIndex, data: np.ndarray | None = None) -> None:
        import faiss

        rows = index.descriptors.shape[0]
        self.metric = index.metric
        self.binary = index.metric == HAMMING
        self.faiss: Any
        if data is not None:
            load = faiss.deserialize_index_binary if self.binary else faiss.deserialize_index
            self.faiss = load(data)
        elif rows > FLAT_LIMIT:
            faiss.omp_set_num_threads(os.cpu_count() or 1)  # training uses every core
            cells = int(np.sqrt(rows))
            ivf = _inverted_file(index.metric, cells)
            ivf.cp.niter = TRAIN_ROUNDS
            # k-means on a sample of 40 rows per cell: training on every row took 33 s for
            # 100,000 rows, the sample takes well under a second and the cells barely differ.
            step = max(1, rows // (40 * cells))
            ivf.train(_faiss_rows(index.descriptors[::step], self.metric))
            ivf.add(_faiss_rows(index.descriptors, self.metric))
            self.faiss = ivf
        else:
            self.faiss = _flat(index.metric)
            if rows:
                self.faiss.add(_faiss_rows(index.descriptors, self.metric))
        if isinstance(self.faiss, (faiss.IndexBinaryIVF, faiss.IndexIVF)):
            self.faiss.nprobe = PROBES  # not kept when serialised
        faiss.omp_set_num_threads(1)  # searching: parallelism comes from the process pool
        self.rows = rows

    def search(self, descriptors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(distances, labels) of the `k` nearest rows (`_search`)."""
        return _search(self.faiss, descriptors, k, self.metric)


def _faiss_rows(descriptors: np.ndarray, metric: str) -> np.ndarray:
    """Descriptors as faiss takes them: bytes for a binary index, float32 otherwise."""
    return np.ascontiguousarray(descriptors, dtype=np.uint8 if metric == HAMMING else np.float32)


def _search(
    index: Any, descriptors: np.ndarray, k: int, metric: str
) -> tuple[np.ndarray, np.ndarray]:
    """(distances, labels) of the `k` nearest rows of a faiss index: Hamming distances, or
    Euclidean ones (faiss gives their squares)."""
    distances, labels = index.search(_faiss_rows(descriptors, metric), k)
    if metric != HAMMING:
        distances = np.sqrt(np.maximum(distances, 0.0))
    return distances, labels


def _flat(metric: str) -> Any:
    """An exhaustive faiss index for descriptors of `metric`."""
    import faiss

    if metric == HAMMING:
        return faiss.IndexBinaryFlat(256)
    return faiss.IndexFlatL2(WIDTH[metric])


def _inverted_file(metric: str, cells: int) -> Any:
    """An inverted file of `cells` cells for descriptors of `metric`; SIFT rows are kept as
    their bytes (faiss's 8-bit direct scalar quantiser: exact for them, a quarter of float32's
    memory)."""
    import faiss

    if metric == HAMMING:
        return faiss.IndexBinaryIVF(faiss.IndexBinaryFlat(256), 256, cells)
    width = WIDTH[metric]
    return faiss.IndexIVFScalarQuantizer(
        faiss.IndexFlatL2(width), width, cells, faiss.ScalarQuantizer.QT_8bit_direct
    )


#: The searcher of the index in use in this process, with the index itself: holding the index
#: keeps its id from being reused by a new index while the old searcher is still here (an id
#: is only unique among live objects; a test suite building index after index met a stale
#: searcher that way).
_SEARCHERS: dict[str, tuple[KeypointIndex, _Searcher]] = {}


def _searcher(index: KeypointIndex, data: np.ndarray | None = None) -> _Searcher:
    held = _SEARCHERS.get(index.metric)
    if held is not None and held[0] is index:
        return held[1]
    found = _Searcher(index, data)  # one index per metric and process at a time
    _SEARCHERS[index.metric] = (index, found)
    return found


def prepare_searcher(index: KeypointIndex) -> np.ndarray:
    """The index's faiss searcher, built here (and kept for this process), as bytes for
    `adopt_searcher` in other processes."""
    import faiss

    searcher = _searcher(index)
    save = faiss.serialize_index_binary if searcher.binary else faiss.serialize_index
    data: np.ndarray = save(searcher.faiss)
    return data


def adopt_searcher(index: KeypointIndex, data: np.ndarray) -> None:
    """Use the searcher `prepare_searcher` built elsewhere for `index` in this process."""
    _searcher(index, data)


def candidates(query: Keypoints, index: KeypointIndex, settings: ImageSettings) -> list[int]:
    """Assets most voted for by the listing image's keypoints, best first (at most
    `settings.local_candidates`, each with at least `settings.min_votes` votes)."""
    if len(query) == 0 or index.descriptors.shape[0] == 0:
        return []
    k = min(8, index.descriptors.shape[0])
    distances, labels = _searcher(index).search(query.descriptors, k)
    valid = labels >= 0
    assets = np.where(valid, index.owners[np.clip(labels, 0, None)], -1)
    best_asset = assets[:, 0]
    # Distance to the nearest keypoint of another asset (the last column when none is found).
    other = (assets != best_asset[:, None]) & valid
    first_other = np.where(other.any(axis=1), other.argmax(axis=1), k - 1)
    d_other = distances[np.arange(len(distances)), first_other].astype(np.float64)
    d_best = distances[:, 0].astype(np.float64)
    votes = (
        valid[:, 0]
        & (d_best <= _max_distance(index.metric))
        & ((d_best < settings.ratio * d_other) | ~other.any(axis=1))
    )
    if not votes.any():
        return []
    counts = np.bincount(best_asset[votes], minlength=len(index))
    order = np.argsort(-counts, kind="stable")[: settings.local_candidates]
    return [int(a) for a in order if counts[a] >= settings.min_votes]


#: Lowe's ratio test compares a listing keypoint's nearest asset keypoint with the nearest one
#: at *another place* of the asset, at least `TWIN_RADIUS` pixels (feature frame) away, looked
#: for among the `NEIGHBOURS` nearest (the "first geometrically inconsistent nearest neighbour"
#: of Mishkin, Matas and Perdoch, "MODS", CVIU 2015). ORB finds one corner at several pyramid
#: levels with nearly the same descriptor: on 20 real clip-art assets, 49% of keypoints had
#: their nearest other descriptor within 6 px. Compared with that twin, the plain test refused
#: the corner itself; on real clip art seed 2 (tuning), embedded logos found went 44 -> 48 of
#: 60 (benchmarks/README.md).
NEIGHBOURS = 5
TWIN_RADIUS = 6.0


def _max_distance(metric: str) -> float:
    """Descriptor distance above which two keypoints never match: ORB's `MAX_DESCRIPTOR_DISTANCE`;
    none for SIFT, whose ratio test alone decides (Lowe 2004)."""
    return MAX_DESCRIPTOR_DISTANCE if metric == HAMMING else np.inf


def _ratio_matches(
    query: Keypoints, asset: Keypoints, ratio: float, metric: str = HAMMING
) -> tuple[np.ndarray, np.ndarray]:
    """(asset points, listing points) of the pairs that pass Lowe's ratio test, against the
    nearest asset keypoint at another place (`TWIN_RADIUS`).

    Exhaustive search with a throwaway faiss index: 0.4 ms for 500 x 400 descriptors where
    OpenCV's `BFMatcher.knnMatch` took 0.9 ms and a Python loop over its match objects more."""
    if len(asset) < 2 or len(query) < 2:
        return np.zeros((0, 2), np.float32), np.zeros((0, 2), np.float32)
    flat = _flat(metric)
    flat.add(_faiss_rows(asset.descriptors, metric))
    k = min(NEIGHBOURS, len(asset))
    distances, labels = _search(flat, query.descriptors, k, metric)
    points = asset.points
    nearest_at = points[np.clip(labels[:, 0], 0, None)]
    # Distance to the nearest keypoint elsewhere; none among the k nearest: no rival.
    rival = np.full(len(distances), np.inf)
    for j in range(1, k):
        elsewhere = (labels[:, j] >= 0) & np.isinf(rival)
        offset = points[np.clip(labels[:, j], 0, None)] - nearest_at
        elsewhere &= np.hypot(offset[:, 0], offset[:, 1]) > TWIN_RADIUS
        rival[elsewhere] = distances[elsewhere, j]
    nearest = distances[:, 0].astype(np.float64)
    keep = (labels[:, 0] >= 0) & (nearest <= _max_distance(metric)) & (nearest < ratio * rival)
    src = points[labels[keep, 0]]
    dst = query.points[np.flatnonzero(keep)]
    return (
        np.ascontiguousarray(src, dtype=np.float32).reshape(-1, 2),
        np.ascontiguousarray(dst, dtype=np.float32).reshape(-1, 2),
    )


def _box_corners(box: tuple[int, int, int, int]) -> np.ndarray:
    x0, y0, x1, y1 = box
    return np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], dtype=np.float32)


def _hull_area(points: np.ndarray) -> float:
    import cv2

    if len(points) < 3:
        return 0.0
    return float(cv2.contourArea(cv2.convexHull(points.reshape(-1, 1, 2))))


def inlier_limits(settings: ImageSettings, metric: str) -> tuple[int, int]:
    """(min_inliers, coloured_min_inliers) for keypoints of `metric`. SIFT's descriptors tell
    parts apart better than ORB's, so fewer agreeing SIFT keypoints prove as much; SIFT has no
    second tier: on the tuning corpora, SIFT matches with 5-11 agreeing keypoints whose edges
    and colours both confirmed strongly added no copy (`image_accuracy.py --sift-sweep`)."""
    if metric == HAMMING:
        return settings.min_inliers, settings.coloured_min_inliers
    return settings.sift_min_inliers, settings.sift_min_inliers


def verify(
    query: Keypoints, asset: Keypoints, settings: ImageSettings, metric: str = HAMMING
) -> tuple[int, int, float, float, float | None] | None:
    """(inliers, matched, coverage, agreement, colour) when the asset is found in the listing
    image — enough keypoints agree on one geometry and, where both pictures' pixels are at
    hand (the asset's `patch`, the listing picture's `frame` and `colour`), the asset's edges
    reappear where that geometry puts them and its colours agree there — else None.

    Between `coloured_min_inliers` and `min_inliers` agreeing keypoints, a match stands only
    when both pixel checks confirm it strongly (`coloured_min_edge_agreement`,
    `coloured_min_colour_agreement`, colour judged): a small logo in a busy scene keeps few
    keypoints, and its edges and colours in place are evidence independent of them."""
    import cv2

    min_inliers, coloured_min_inliers = inlier_limits(settings, metric)
    src, dst = _ratio_matches(query, asset, settings.ratio, metric)
    if len(src) < max(4, min(min_inliers, coloured_min_inliers)):
        return None
    transform, mask = cv2.estimateAffinePartial2D(
        src,
        dst,
        method=cv2.RANSAC,
        ransacReprojThreshold=settings.ransac_threshold,
        maxIters=2000,
        confidence=0.995,
    )
    if transform is None or mask is None:
        return None
    keep = mask.ravel().astype(bool)
    inliers = int(keep.sum())
    # Fewer keypoints than `min_inliers` may do when the pixel checks below confirm strongly.
    few = inliers < min_inliers
    if few and inliers < coloured_min_inliers:
        return None
    scale = float(np.hypot(transform[0, 0], transform[1, 0]))
    if not (MIN_SCALE <= scale <= MAX_SCALE):
        return None
    outline = _box_corners(asset.content)
    quad = cv2.transform(outline.reshape(-1, 1, 2), transform).reshape(-1, 2)
    x0, y0, x1, y1 = asset.content
    if _hull_area(src[keep]) < settings.min_spread * (x1 - x0) * (y1 - y0):
        return None
    target = _box_corners(query.content)
    overlap, _ = cv2.intersectConvexConvex(quad, target)
    qx0, qy0, qx1, qy1 = query.content
    coverage = float(overlap) / max(1.0, float((qx1 - qx0) * (qy1 - qy0)))
    if coverage < MIN_COVERAGE:  # many keypoints mapped into a speck: a degenerate fit
        return None
    patch = asset.patch
    agreement = 1.0
    if patch is not None and query.frame is not None:
        agreement = edge_agreement(patch, query.frame, query.content, transform)
        if agreement < settings.min_edge_agreement:
            return None
    elif few:  # the second tier needs both pixel checks
        return None
    if few and agreement < settings.coloured_min_edge_agreement:
        return None
    colour = None
    if patch is not None and patch.layout is not None and query.colour is not None:
        shown, seen = layout_under(
            query.colour, CHROMA_STEP, query.content, asset.content, transform, patch.opaque
        )
        colour = seen_agreement(shown, seen, patch.layout)
        if colour is not None:
            colour = round(colour, 3)
            if colour < settings.min_colour_agreement:
                return None
    if few and (colour is None or colour < settings.coloured_min_colour_agreement):
        return None
    return inliers, len(src), min(1.0, coverage), round(agreement, 3), colour


def find_local(query: Keypoints, index: KeypointIndex, settings: ImageSettings) -> list[LocalMatch]:
    """Every asset verified in the listing image (`candidates`, then `verify` on each of the
    asset's keypoint sets; the one with most inliers is kept)."""
    found: list[LocalMatch] = []
    sift = index.metric != HAMMING
    for asset in candidates(query, index, settings):
        best: LocalMatch | None = None
        for entry in np.flatnonzero(index.entry_asset == asset).tolist():
            result = verify(query, index.entries[entry], settings, index.metric)
            if result is not None and (best is None or result[0] > best.inliers):
                best = LocalMatch(asset, bool(index.entry_mirrored[entry]), *result, sift=sift)
        if best is not None:
            found.append(best)
    return found
