"""scan(config) -> ScanResult: the one place where the stages are wired together.

read exports -> attach images -> detect text -> detect images -> score -> rank. Writers are
called by the CLI on the result; no stage reaches back into an earlier one.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from . import __version__
from .appeal import watch
from .cache import CachedImages, CacheLimits, FeatureCache
from .config import default_rules_path, load_rules
from .exports.reader import read_exports
from .fingerprint import fingerprint_files
from .history.decisions import apply_decisions, load_decisions
from .history.diff import compare
from .history.store import latest_scan, load_scan
from .images.assets import find_assets
from .images.detect import build_asset_index, detect_images
from .images.locate import attach_images
from .model import (
    Complaint,
    Finding,
    Listing,
    ListingResult,
    RunInfo,
    ScanInputs,
    ScanResult,
    Skipped,
)
from .progress import progress
from .resources import data_dir
from .scoring import rank, score_listing
from .text.brands import load_brand_lists
from .text.matcher import BrandMatcher

log = logging.getLogger(__name__)


@dataclass(slots=True)
class ScanConfig:
    """Everything one scan needs, as given on the command line (or, later, a config file)."""

    exports: list[Path]
    image_dirs: list[Path] = field(default_factory=list)
    asset_dirs: list[Path] = field(default_factory=list)
    brand_paths: list[Path] = field(default_factory=list)
    default_brands: bool = True
    own_brands: list[str] = field(default_factory=list)
    authorized: list[str] = field(default_factory=list)
    rules_path: Path | None = None
    encoding: str | None = None
    #: (field, header) pairs from `--map FIELD=HEADER`, for exports of other seller tools.
    column_map: list[tuple[str, str]] = field(default_factory=list)
    workers: int | None = None
    #: A complaints file (`complaints import`): complained ASINs rank first, and the brands and
    #: rights owners named join the watch list at high risk.
    complaints: Path | None = None
    #: The options as the user gave them, recorded on the Run info sheet.
    options: dict[str, str] = field(default_factory=dict)
    #: The shared cache folder (`--cache`): image work is reused by file content. None: off.
    cache_dir: Path | None = None
    cache_limits: CacheLimits | None = None
    #: The earlier scan to compare with (`--baseline`); else the newest in `history_dir`.
    baseline: Path | None = None
    history_dir: Path | None = None
    #: The team's decisions file (`--decisions`, history/decisions.py).
    decisions: Path | None = None
    #: The day decisions are checked for expiry (default: today).
    today: date | None = None


def _run_info(
    config: ScanConfig,
    started: datetime,
    clock: float,
    brand_files: list[str],
    assets: list[Path],
    listings: list[Listing],
    known: dict[Path, str] | None = None,
) -> RunInfo:
    """When, how long, which options and the SHA-256 of every file the scan read."""
    rules_files = [default_rules_path(), *([config.rules_path] if config.rules_path else [])]
    images = dict.fromkeys(ref.path for listing in listings for ref in listing.images)
    files = fingerprint_files(
        [
            *(("export", p) for p in config.exports),
            *(("rules", p) for p in rules_files),
            *(("complaints", p) for p in ([config.complaints] if config.complaints else [])),
            *(("decisions", p) for p in ([config.decisions] if config.decisions else [])),
            *(("baseline", p) for p in ([config.baseline] if config.baseline else [])),
            *(("brand list", Path(p)) for p in brand_files),
            *(("asset", p) for p in assets),
            *(("image", p) for p in images),
        ],
        known=known,
    )
    return RunInfo(
        started_at=started.isoformat(timespec="seconds"),
        duration_s=round(time.perf_counter() - clock, 2),
        options=dict(config.options),
        rules_file=str(config.rules_path or default_rules_path()),
        files=files,
    )


def scan(config: ScanConfig) -> ScanResult:
    started, clock = datetime.now(UTC), time.perf_counter()
    rules = load_rules(config.rules_path)
    # Whole-run inputs are read first: a bad decisions file or baseline stops before any work.
    decisions = load_decisions(config.decisions) if config.decisions else None
    baseline_path = config.baseline or (
        latest_scan(config.history_dir) if config.history_dir else None
    )
    baseline = load_scan(baseline_path) if baseline_path else None
    complaints: list[Complaint] = []
    complaint_skips: list[Skipped] = []
    if config.complaints:  # read first: a missing complaints file stops the scan at once
        # Imported here: scans without complaints do not need the notice reader.
        from .appeal.complaints import read_complaints

        complaints, complaint_skips = read_complaints(config.complaints)
    brand_paths = ([data_dir("brand_lists")] if config.default_brands else []) + list(
        config.brand_paths
    )
    book = load_brand_lists(brand_paths)
    read = read_exports(config.exports, config.encoding, config.column_map)
    listings = read.listings
    skipped = [*book.skipped, *read.skipped, *complaint_skips]
    if complaints:
        book.entries, _ = watch.watch_entries(
            book.entries, complaints, rules.table("complaint")["brand_risk"], str(config.complaints)
        )
        skipped += watch.not_in_catalog(complaints, listings, str(config.complaints))
    log.info("read %d listings from %d files", len(listings), len(config.exports))

    attached = attach_images(listings, config.image_dirs) if config.image_dirs else 0

    matcher = BrandMatcher(book.entries, config.own_brands, config.authorized, rules)
    with progress(listings, "Matching brands") as items:
        findings: list[list[Finding]] = [list(matcher.find(listing)) for listing in items]

    settings = rules.image
    assets = find_assets(config.asset_dirs) if config.asset_dirs else []
    complained_pictures = watch.complaint_assets(complaints, listings)
    images_checked = 0
    cache = FeatureCache(config.cache_dir, config.cache_limits) if config.cache_dir else None
    cached = CachedImages(cache) if cache is not None else None
    try:
        if assets or complained_pictures:
            index, asset_skips = build_asset_index(
                [*assets, *complained_pictures],
                settings,
                config.workers,
                compute=cached.asset_features if cached else None,
            )
            image_findings, image_skips, images_checked = detect_images(
                listings,
                index,
                settings,
                config.workers,
                compute=cached.listing_features if cached else None,
            )
            skipped += asset_skips + image_skips
            for position, found in image_findings.items():
                findings[position].extend(
                    f for f in found if not watch.is_own_picture(f, listings[position])
                )
    finally:
        if cache is not None:
            cache.enforce_limits()
            cache.close()

    complained = watch.by_asin(complaints)
    results = [
        score_listing(
            ListingResult(
                listing=listing,
                findings=found,
                complaints=complained.get((listing.asin or "").upper(), []),
            ),
            rules,
        )
        for listing, found in zip(listings, findings, strict=True)
    ]
    applied = (
        apply_decisions(
            results, decisions, rules, config.today or date.today(), str(config.decisions)
        )
        if decisions is not None
        else None
    )
    inputs = ScanInputs(
        exports=[str(p) for p in config.exports],
        rows=read.rows,
        images=attached,
        assets=len(assets),
        brands=len(book.entries),
        brand_lists=book.files,
        asset_dirs=[str(p) for p in config.asset_dirs],
        image_dirs=[str(p) for p in config.image_dirs],
        own_brands=list(config.own_brands),
        authorized_brands=list(config.authorized),
        asset_files={a.asset_id: str(a.path) for a in [*assets, *complained_pictures]},
        complaints=len(complained),
        complaint_images=len(complained_pictures),
    )
    log.debug("compared %d listing images", images_checked)
    ranked = rank(results)
    run = _run_info(
        config,
        started,
        clock,
        book.files,
        [a.path for a in assets],
        listings,
        cached.digests if cached else None,
    )
    if cache is not None:
        run.cache = f"{cache.stats.describe()} ({cache.path})"
    result = ScanResult(
        generated_at=started.isoformat(timespec="seconds"),
        results=ranked,
        inputs=inputs,
        skipped=skipped,
        rules_fingerprint=rules.fingerprint,
        tool_version=__version__,
        run=run,
        decisions=applied,
    )
    if baseline is not None and baseline_path is not None:
        result.changes = compare(result, baseline, str(baseline_path))
    return result
