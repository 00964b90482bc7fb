"""This scan against an earlier one: set algebra on finding IDs (the detect-secrets baseline).

A finding ID hashes the rule, the listing (ASIN, else SKU), the field or image slot and the
normalised term or asset — no score, path or position (STYLE.md) — so retuning weights or moving
an image folder changes no ID, and

- **new findings** are IDs in this scan and not in the earlier one,
- **resolved findings** are IDs in the earlier scan and not in this one,

counting accepted findings (a team decision) as present in both. Listings are matched by SKU
(a listing is one SKU; rows without a SKU by ASIN, else by file and row): **new** and **removed**
listings, and listings whose **level went up or down**.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import (
    LEVELS,
    Changes,
    Finding,
    FindingChange,
    ImageFinding,
    ListingChange,
    ListingResult,
    ScanResult,
)


@dataclass(slots=True)
class _Finding:
    rule_id: str
    subject: str
    where: str
    text: str


@dataclass(slots=True)
class _Listing:
    sku: str
    asin: str
    title: str
    level: str
    score: float | None
    findings: dict[str, _Finding] = field(default_factory=dict)


def _identity(sku: str, asin: str, source: str, row: object, taken: dict[str, Any]) -> str:
    base = sku or asin or f"{Path(source).name}:{row}"
    key, n = base, 1
    while key in taken:  # the same SKU twice in one scan (several marketplaces)
        n += 1
        key = f"{base}#{n}"
    return key


def _from_finding(finding: Finding) -> _Finding:
    if isinstance(finding, ImageFinding):
        return _Finding(finding.rule_id, finding.asset, finding.slot, finding.image)
    return _Finding(finding.rule_id, finding.brand, finding.field, finding.matched_text)


def _from_dict(item: dict[str, Any]) -> _Finding:
    if item.get("kind") == "image":
        return _Finding(str(item.get("rule_id", "")), str(item.get("asset", "")),
                        str(item.get("slot", "")), str(item.get("image", "")))
    return _Finding(str(item.get("rule_id", "")), str(item.get("brand", "")),
                    str(item.get("field", "")), str(item.get("matched_text", "")))


def snapshot_of_result(result: ScanResult) -> dict[str, _Listing]:
    """Listings of a scan just made, with their finding IDs (accepted ones included)."""
    out: dict[str, _Listing] = {}
    for r in result.results:
        out[_identity(r.listing.sku, r.listing.asin or "", r.listing.source, r.listing.row,
                      out)] = _listing_of(r)
    return out


def _listing_of(r: ListingResult) -> _Listing:
    listing = r.listing
    snap = _Listing(listing.sku, listing.asin or "", listing.title, r.risk_level, r.risk_score)
    for finding in [*r.findings, *(a.finding for a in r.accepted)]:
        snap.findings[finding.finding_id(listing.key)] = _from_finding(finding)
    return snap


def snapshot_of_json(data: dict[str, Any]) -> dict[str, _Listing]:
    """Listings of a saved scan (`listing-audit/1`), with their finding IDs.

    Findings saved without an `id` (a report written by hand) cannot be compared and are left
    out; the listing and its level still are."""
    out: dict[str, _Listing] = {}
    for item in data.get("listings", []):
        if not isinstance(item, dict):
            continue
        sku, asin = str(item.get("sku") or ""), str(item.get("asin") or "")
        score = item.get("risk_score")
        snap = _Listing(sku, asin, str(item.get("title") or ""),
                        str(item.get("risk_level") or "none"),
                        float(score) if isinstance(score, (int, float)) else None)
        found = [*item.get("findings", []), *item.get("accepted", [])]
        for f in found:
            if isinstance(f, dict) and f.get("id"):
                snap.findings[str(f["id"])] = _from_dict(f)
        out[_identity(sku, asin, str(item.get("source") or ""), item.get("row"), out)] = snap
    return out


def _change(fid: str, listing: _Listing, f: _Finding) -> FindingChange:
    return FindingChange(fid, listing.sku, listing.asin, listing.title, f.rule_id, f.subject,
                         f.where, f.text, listing.level)


def diff_snapshots(
    before: dict[str, _Listing],
    after: dict[str, _Listing],
    baseline: str,
    baseline_generated_at: str = "",
) -> Changes:
    """What changed from `before` to `after`, in `after`'s order (rank order) where it can."""
    changes = Changes(baseline=baseline, baseline_generated_at=baseline_generated_at)
    ids_before = {fid for snap in before.values() for fid in snap.findings}
    ids_after = {fid for snap in after.values() for fid in snap.findings}
    for key, snap in after.items():
        old = before.get(key)
        if old is None:
            changes.new_listings.append(
                ListingChange(snap.sku, snap.asin, snap.title, "", snap.level, None, snap.score)
            )
        elif old.level != snap.level and snap.level in LEVELS and old.level in LEVELS:
            changes.level_changes.append(
                ListingChange(snap.sku, snap.asin, snap.title, old.level, snap.level,
                              old.score, snap.score)
            )
        for fid, f in snap.findings.items():
            if fid not in ids_before:
                changes.new_findings.append(_change(fid, snap, f))
    for key, old in before.items():
        if key not in after:
            changes.removed_listings.append(
                ListingChange(old.sku, old.asin, old.title, old.level, "", old.score, None)
            )
        for fid, f in old.findings.items():
            if fid not in ids_after:
                changes.resolved_findings.append(_change(fid, old, f))
    # One finding ID can sit on several SKUs of one ASIN: report it once.
    changes.new_findings = list({c.finding_id: c for c in changes.new_findings}.values())
    changes.resolved_findings = list(
        {c.finding_id: c for c in changes.resolved_findings}.values()
    )
    changes.level_changes.sort(key=lambda c: c.direction != "up")  # stable: rank order kept
    return changes


def compare(result: ScanResult, baseline: dict[str, Any], baseline_path: str) -> Changes:
    """`result` against a saved earlier scan."""
    return diff_snapshots(
        snapshot_of_json(baseline),
        snapshot_of_result(result),
        baseline_path,
        str(baseline.get("generated_at") or ""),
    )


def summary_line(changes: Changes | None) -> str:
    """`since 2026-11-22: 3 new findings, 1 resolved, 2 listings up, ...` ("" with no changes)."""
    if changes is None:
        return ""
    counts = changes.counts()
    parts = [
        f"{counts['new_findings']} new findings",
        f"{counts['resolved_findings']} resolved",
    ]
    if counts["level_up"]:
        parts.append(f"{counts['level_up']} listings up a level")
    if counts["level_down"]:
        parts.append(f"{counts['level_down']} listings down a level")
    if counts["new_listings"]:
        parts.append(f"{counts['new_listings']} new listings")
    if counts["removed_listings"]:
        parts.append(f"{counts['removed_listings']} removed")
    when = changes.baseline_generated_at[:10] or "the earlier scan"
    return f"since {when}: " + ", ".join(parts)
