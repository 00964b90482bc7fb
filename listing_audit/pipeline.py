"""scan(config) -> ScanResult: the one place where the stages are wired together.

read exports -> attach images -> detect text -> detect images -> score -> rank. Writers are
called by the CLI on the result; no stage reaches back into an earlier one.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from . import __version__
from .config import default_rules_path, load_rules
from .exports.reader import read_exports
from .fingerprint import fingerprint_files
from .images.assets import find_assets
from .images.detect import build_asset_index, detect_images
from .images.locate import attach_images
from .model import Finding, Listing, ListingResult, RunInfo, ScanInputs, ScanResult
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
    workers: int | None = None
    #: The options as the user gave them, recorded on the Run info sheet.
    options: dict[str, str] = field(default_factory=dict)


def _run_info(config: ScanConfig, started: datetime, clock: float, brand_files: list[str],
              assets: list[Path], listings: list[Listing]) -> RunInfo:
    """When, how long, which options and the SHA-256 of every file the scan read."""
    rules_files = [default_rules_path(), *([config.rules_path] if config.rules_path else [])]
    images = dict.fromkeys(ref.path for listing in listings for ref in listing.images)
    files = fingerprint_files([
        *(("export", p) for p in config.exports),
        *(("rules", p) for p in rules_files),
        *(("brand list", Path(p)) for p in brand_files),
        *(("asset", p) for p in assets),
        *(("image", p) for p in images),
    ])
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
    brand_paths = ([data_dir("brand_lists")] if config.default_brands else []) + list(
        config.brand_paths
    )
    book = load_brand_lists(brand_paths)
    read = read_exports(config.exports, config.encoding)
    listings = read.listings
    skipped = [*book.skipped, *read.skipped]
    log.info("read %d listings from %d files", len(listings), len(config.exports))

    attached = attach_images(listings, config.image_dirs) if config.image_dirs else 0

    matcher = BrandMatcher(book.entries, config.own_brands, config.authorized)
    findings: list[list[Finding]] = [list(matcher.find(listing)) for listing in listings]

    settings = rules.image
    assets = find_assets(config.asset_dirs) if config.asset_dirs else []
    images_checked = 0
    if assets:
        index, asset_skips = build_asset_index(assets, settings)
        image_findings, image_skips, images_checked = detect_images(
            listings, index, settings, config.workers
        )
        skipped += asset_skips + image_skips
        for position, found in image_findings.items():
            findings[position].extend(found)

    results = [
        score_listing(ListingResult(listing=listing, findings=found), rules)
        for listing, found in zip(listings, findings, strict=True)
    ]
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
        asset_files={a.asset_id: str(a.path) for a in assets},
    )
    log.debug("compared %d listing images", images_checked)
    ranked = rank(results)
    run = _run_info(config, started, clock, book.files, [a.path for a in assets], listings)
    return ScanResult(
        generated_at=started.isoformat(timespec="seconds"),
        results=ranked,
        inputs=inputs,
        skipped=skipped,
        rules_fingerprint=rules.fingerprint,
        tool_version=__version__,
        run=run,
    )
