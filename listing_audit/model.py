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
    #: Language of the text fields (`en_US`), from an attribute-path template; "" when unknown.
    language: str = ""
    #: Variation role: "parent", "child" or "" (a standalone listing). Parents are kept and marked.
    variation: str = ""
    #: The parent's SKU when this listing is a variation child.
    parent_sku: str = ""
    #: Quantity and fulfillment channel (DEFAULT = merchant, AMAZON_NA/EU/JP = FBA), as written.
    quantity: str = ""
    fulfillment: str = ""
    #: `file:row` of every row merged into this listing; empty when it was read from one row.
    sources: tuple[str, ...] = ()

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
    #: The context cue that set the rule: counterfeit, compatible, compatible-model, common-word
    #: (an ordinary word with no brand evidence), or "" when none did.
    cue: str = ""
    #: What the cue or the brand evidence was, in the listing's words ("'Dupe' after the brand").
    cue_text: str = ""
    #: Letters changed, added, dropped or swapped, for a `fuzzy` match (a misspelling).
    distance: int = 0

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
    # Keypoint matches (method orb-ransac...): keypoints agreeing with the fitted geometry;
    # `distance` is then 1 - the edge agreement of the asset placed by that geometry (0 =
    # every edge of the asset in place; images/verify.py).
    inliers: int = 0

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
    #: True for a warning about something that was still used (a row kept with a mangled ID,
    #: a merge conflict); False when the row or item was left out.
    kept: bool = False

    def describe(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column!r}"
        return f"{where}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Complaint:
    """One complained ASIN from a rights owner's notice, as `complaints import` read it.

    Fields are as written in the notice; an empty string means the notice did not say (the
    reader never fills a field by guessing). `infringement_type` is trademark, copyright,
    patent or counterfeit when the notice's wording was recognised, else empty.
    """

    asin: str
    complaint_id: str = ""
    date: str = ""  # ISO 8601 date when the notice's date was unambiguous
    infringement_type: str = ""
    rights_owner: str = ""
    rights_owner_email: str = ""
    brand_or_work: str = ""
    right_asserted: str = ""
    title: str = ""
    source: str = ""


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
    #: Rights owners' complaints about this listing's ASIN (scan --complaints).
    complaints: list[Complaint] = field(default_factory=list)
    #: Findings the team accepted (`Keep - authorized` / `Keep - false alarm` in the decisions
    #: file, history/decisions.py): shown as accepted, not counted in the score or level.
    accepted: list[AcceptedFinding] = field(default_factory=list)


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
    #: Complained ASINs read from --complaints, and how many of their images joined the assets.
    complaints: int = 0
    complaint_images: int = 0


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
    #: What the shared cache saved (`--cache`), in words; "" when no cache was used.
    cache: str = ""


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
    #: What changed since the earlier scan (`--baseline` or the history); None with no earlier scan.
    changes: Changes | None = None
    #: How the team's decisions file was applied (`--decisions`); None when none was given.
    decisions: DecisionsApplied | None = None

    def by_level(self) -> dict[str, int]:
        counts: dict[str, int] = {level: 0 for level in LEVELS}
        for result in self.results:
            counts[result.risk_level] += 1
        return counts


# ---- weekly scans: decisions and changes (history/) ------------------------------------------

#: Decisions that accept a finding: it is shown as accepted and not counted in the level.
ACCEPTING_DECISIONS: tuple[str, ...] = ("Keep - authorized", "Keep - false alarm")


@dataclass(frozen=True, slots=True)
class Decision:
    """The team's decision on one finding, as a decisions file records it (history/decisions.py
    documents every column). `decided_at` and `expires` are ISO dates; `expires` "" never."""

    finding_id: str
    decision: str  # Remove, Fix, Keep - authorized, Keep - false alarm, Done
    asin: str = ""
    sku: str = ""
    assignee: str = ""
    notes: str = ""
    decided_at: str = ""
    expires: str = ""
    #: Fingerprint of what the finding showed when decided (the words, or the image's bytes):
    #: when it differs, the finding has changed and the decision no longer holds.
    evidence: str = ""
    rule_id: str = ""
    subject: str = ""
    source: str = ""

    @property
    def accepts(self) -> bool:
        return self.decision in ACCEPTING_DECISIONS


@dataclass(frozen=True, slots=True)
class AcceptedFinding:
    """A finding a decision accepted: still reported, no longer counted."""

    finding: Finding
    decision: Decision


@dataclass(slots=True)
class DecisionsApplied:
    """What a scan did with the decisions file: how many findings it accepted, and the
    decisions that no longer hold (expired, or the finding changed since)."""

    file: str
    loaded: int = 0
    applied: int = 0
    expired: list[Decision] = field(default_factory=list)
    changed: list[Decision] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class FindingChange:
    """A finding that is new since the earlier scan, or resolved (gone) since it."""

    finding_id: str
    sku: str
    asin: str
    title: str
    rule_id: str
    subject: str  # the brand or the protected asset
    where: str  # field or image slot
    text: str  # the words as written, or the image file
    level: str  # the listing's level in the scan the finding is in


@dataclass(frozen=True, slots=True)
class ListingChange:
    """A listing that is new, removed, or whose level went up or down since the earlier scan."""

    sku: str
    asin: str
    title: str
    before: str  # level in the earlier scan ("" for a new listing)
    now: str  # level in this scan ("" for a removed listing)
    score_before: float | None = None
    score_now: float | None = None

    @property
    def direction(self) -> str:
        order = ("none", "low", "medium", "high")
        if not self.before or not self.now or self.before == self.now:
            return ""
        return "up" if order.index(self.now) > order.index(self.before) else "down"


@dataclass(slots=True)
class Changes:
    """This scan against an earlier one, by finding ID and listing (set algebra on IDs)."""

    baseline: str  # the earlier scan's file
    baseline_generated_at: str = ""
    new_findings: list[FindingChange] = field(default_factory=list)
    resolved_findings: list[FindingChange] = field(default_factory=list)
    level_changes: list[ListingChange] = field(default_factory=list)
    new_listings: list[ListingChange] = field(default_factory=list)
    removed_listings: list[ListingChange] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "new_findings": len(self.new_findings),
            "resolved_findings": len(self.resolved_findings),
            "level_up": sum(1 for c in self.level_changes if c.direction == "up"),
            "level_down": sum(1 for c in self.level_changes if c.direction == "down"),
            "new_listings": len(self.new_listings),
            "removed_listings": len(self.removed_listings),
        }
