"""Plain data passed between the stages: read -> attach images -> detect -> score -> report.

Every stage takes and returns these dataclasses and nothing else, so each stage can be tested
alone and later stages never reach back into earlier ones.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Level = Literal["high", "medium", "low", "none"]
Action = Literal["remove", "fix", "review", "none"]
LEVELS: tuple[Level, ...] = ("high", "medium", "low", "none")
ACTIONS: tuple[Action, ...] = ("remove", "fix", "review", "none")

#: Canonical text fields, in the order a person reads a listing.
BULLET_FIELDS: tuple[str, ...] = tuple(f"bullet_point{i}" for i in range(1, 6))
TEXT_FIELDS: tuple[str, ...] = ("brand", "title", *BULLET_FIELDS, "description", "search_terms")
#: Every canonical column a reader maps onto (PRODUCT.md).
CANONICAL_FIELDS: tuple[str, ...] = (
    "sku",
    "asin",
    "title",
    "brand",
    *BULLET_FIELDS,
    "description",
    "search_terms",
    "image_urls",
    "marketplace",
    "status",
)


def stable_id(*parts: str) -> str:
    """A short identity that survives re-runs: a hash of *what* was found and *where*.

    No score, position or file path goes in, so retuning weights or moving an image folder keeps
    the identity (the detect-secrets baseline idea)."""
    return hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class ImageRef:
    """One local image file attached to a listing. `slot` is MAIN, PT01..PT08, SWCH or OTHER."""

    path: Path
    slot: str


@dataclass(slots=True)
class Listing:
    """One listing (one SKU in one marketplace) as read from an export, fields as written."""

    sku: str
    asin: str | None = None
    title: str = ""
    brand: str = ""
    bullets: tuple[str, ...] = ()
    description: str = ""
    search_terms: str = ""
    image_urls: tuple[str, ...] = ()
    marketplace: str = ""
    status: str = ""
    source: str = ""
    row: int = 0
    images: list[ImageRef] = field(default_factory=list)

    @property
    def key(self) -> str:
        """The ASIN when there is one, else the SKU, else where the row was read."""
        return self.asin or self.sku or f"{Path(self.source).name}:{self.row}"

    def text_fields(self) -> list[tuple[str, str]]:
        """(field name, text) for every non-empty text field, in reading order."""
        out: list[tuple[str, str]] = []
        if self.brand:
            out.append(("brand", self.brand))
        if self.title:
            out.append(("title", self.title))
        for i, bullet in enumerate(self.bullets, start=1):
            if bullet:
                out.append((f"bullet_point{i}", bullet))
        if self.description:
            out.append(("description", self.description))
        if self.search_terms:
            out.append(("search_terms", self.search_terms))
        return out


@dataclass(frozen=True, slots=True)
class BrandEntry:
    """One protected mark from a brand list. `kind`: trademark, character, generic_trademark."""

    brand: str
    aliases: tuple[str, ...] = ()
    owner: str = ""
    kind: str = "trademark"
    risk: str = "medium"
    notes: str = ""
    source: str = ""
    generic_terms: tuple[str, ...] = ()  # wording to use instead, for generic trademarks
    list_file: str = ""

    @property
    def common_word(self) -> bool:
        """Brands that are also ordinary words ("Apple", "Coach") are marked so in `notes`."""
        return "common word" in self.notes.lower()


@dataclass(frozen=True, slots=True)
class Asset:
    """A protected image. `owner` is the first folder level under the --assets folder."""

    path: Path
    owner: str
    asset_id: str  # path relative to the --assets folder, with forward slashes


@dataclass(frozen=True, slots=True)
class TextFinding:
    """A brand mention in one field of a listing."""

    rule_id: str  # T-PLAIN, T-BRAND-FIELD, T-SEARCH-TERMS, ...
    field: str
    brand: str
    owner: str
    brand_risk: str
    brand_kind: str
    matched_text: str  # as it appears in the listing
    normalised: str  # the normalised form that matched
    match: str  # exact, alias, ...
    context: str  # the words around the match
    suggestion: str = ""  # generic wording to use instead (genericised trademarks)
    score: float = 0.0
    action: Action = "none"
    kind: Literal["text"] = "text"

    def finding_id(self, listing_key: str) -> str:
        return stable_id(self.rule_id, listing_key, self.field, self.normalised)


@dataclass(frozen=True, slots=True)
class ImageFinding:
    """A listing image that matches a protected asset."""

    rule_id: str  # I-COPY, ...
    image: str  # listing image path as given
    slot: str
    asset: str  # asset id (relative path under the assets folder)
    owner: str
    distance: float
    method: str
    score: float = 0.0
    action: Action = "none"
    kind: Literal["image"] = "image"

    def finding_id(self, listing_key: str) -> str:
        return stable_id(self.rule_id, listing_key, self.slot, self.asset)


Finding = TextFinding | ImageFinding


@dataclass(frozen=True, slots=True)
class Skipped:
    """Something that could not be used, and why: one bad row or image never aborts a scan."""

    file: str
    reason: str
    row: int | None = None
    column: str | None = None

    def describe(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column!r}"
        return f"{where}: {self.reason}"


@dataclass(slots=True)
class ListingResult:
    """A listing with its findings and the scorer's verdict."""

    listing: Listing
    findings: list[Finding] = field(default_factory=list)
    risk_score: float = 0.0
    risk_level: Level = "none"
    action: Action = "none"
    reasons: list[str] = field(default_factory=list)
    rank: int = 0


@dataclass(slots=True)
class ScanInputs:
    """What a scan looked at, for the Summary sheet and the appeal's evidence trail."""

    exports: list[str] = field(default_factory=list)
    rows: int = 0
    images: int = 0
    assets: int = 0
    brands: int = 0
    brand_lists: list[str] = field(default_factory=list)
    asset_dirs: list[str] = field(default_factory=list)
    image_dirs: list[str] = field(default_factory=list)
    own_brands: list[str] = field(default_factory=list)
    authorized_brands: list[str] = field(default_factory=list)
    #: asset id -> file path, so a report can show the protected image beside the listing's.
    asset_files: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class InputFile:
    """One file a scan read, fingerprinted so an appeal can cite exactly what was reviewed."""

    kind: str  # export, brand list, rules, asset, image
    path: str
    size: int
    sha256: str


@dataclass(slots=True)
class RunInfo:
    """How a scan was run: when, how long, with which options and which exact files."""

    started_at: str = ""
    duration_s: float = 0.0
    options: dict[str, str] = field(default_factory=dict)
    rules_file: str = ""
    files: list[InputFile] = field(default_factory=list)


@dataclass(slots=True)
class ScanResult:
    """Everything the writers need; ordered by rank."""

    generated_at: str
    results: list[ListingResult]
    inputs: ScanInputs
    skipped: list[Skipped] = field(default_factory=list)
    rules_fingerprint: str = ""
    tool_version: str = ""
    run: RunInfo | None = None

    def by_level(self) -> dict[str, int]:
        counts: dict[str, int] = {level: 0 for level in LEVELS}
        for result in self.results:
            counts[result.risk_level] += 1
        return counts
