"""The machine-readable result, schema `listing-audit/1` (PRODUCT.md, "What comes out").

Pipelines, dashboards and the next week's scan read this file, so the schema's keys never
change meaning and are never dropped; extra keys (finding IDs, rule IDs, what was scanned) are
added beside them. Every listing appears exactly once, flagged or not, in rank order.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections import Counter
from pathlib import Path
from typing import Any

from listing_audit.model import (
    ACTIONS,
    AcceptedFinding,
    Changes,
    Decision,
    DecisionsApplied,
    Finding,
    FindingChange,
    ImageFinding,
    ListingChange,
    ListingResult,
    ScanResult,
    Skipped,
)
from listing_audit.report.safe import atomic_write

SCHEMA = "listing-audit/1"


def _number(value: float, digits: int) -> float | None:
    """Rounded for people reading the file; NaN or infinity (not JSON) becomes null."""
    number = float(value)
    if not math.isfinite(number):
        return None
    return round(number, digits)


def finding_dict(finding: Finding, listing_key: str) -> dict[str, Any]:
    """One finding: the schema's keys first, then `id`, `rule_id` and the kind's extras."""
    common = {
        "id": finding.finding_id(listing_key),
        "rule_id": finding.rule_id,
        "action": finding.action,
    }
    if isinstance(finding, ImageFinding):
        return {
            "kind": "image",
            "image": finding.image,
            "asset": finding.asset,
            "owner": finding.owner,
            "distance": _number(finding.distance, 4),
            "method": finding.method,
            "score": _number(finding.score, 2),
            "slot": finding.slot,
            "inliers": finding.inliers,
            **common,
        }
    return {
        "kind": "text",
        "field": finding.field,
        "brand": finding.brand,
        "owner": finding.owner,
        "matched_text": finding.matched_text,
        "match": finding.match,
        "context": finding.context,
        "score": _number(finding.score, 2),
        "normalised": finding.normalised,
        "brand_risk": finding.brand_risk,
        "brand_kind": finding.brand_kind,
        "cue": finding.cue,
        "cue_text": finding.cue_text,
        "edit_distance": finding.distance,
        **common,
    }


def decision_dict(decision: Decision) -> dict[str, Any]:
    """A team decision, as the decisions file records it (history/decisions.py)."""
    return {
        "finding_id": decision.finding_id,
        "decision": decision.decision,
        "asin": decision.asin,
        "sku": decision.sku,
        "assignee": decision.assignee,
        "notes": decision.notes,
        "decided_at": decision.decided_at,
        "expires": decision.expires,
    }


def accepted_dict(accepted: AcceptedFinding, listing_key: str) -> dict[str, Any]:
    """An accepted finding: the finding as usual, and the decision that accepted it."""
    return {
        **finding_dict(accepted.finding, listing_key),
        "decision": decision_dict(accepted.decision),
    }


def _finding_change(change: FindingChange) -> dict[str, Any]:
    return {
        "id": change.finding_id,
        "sku": change.sku,
        "asin": change.asin or None,
        "title": change.title,
        "rule_id": change.rule_id,
        "subject": change.subject,
        "where": change.where,
        "text": change.text,
        "level": change.level,
    }


def _listing_change(change: ListingChange) -> dict[str, Any]:
    return {
        "sku": change.sku,
        "asin": change.asin or None,
        "title": change.title,
        "before": change.before or None,
        "now": change.now or None,
        "direction": change.direction or None,
        "score_before": None if change.score_before is None else _number(change.score_before, 1),
        "score_now": None if change.score_now is None else _number(change.score_now, 1),
    }


def changes_dict(changes: Changes | None) -> dict[str, Any] | None:
    """The `changes` block: this scan against the earlier one (null when there was none)."""
    if changes is None:
        return None
    return {
        "baseline": changes.baseline,
        "baseline_generated_at": changes.baseline_generated_at,
        "counts": changes.counts(),
        "new_findings": [_finding_change(c) for c in changes.new_findings],
        "resolved_findings": [_finding_change(c) for c in changes.resolved_findings],
        "level_changes": [_listing_change(c) for c in changes.level_changes],
        "new_listings": [_listing_change(c) for c in changes.new_listings],
        "removed_listings": [_listing_change(c) for c in changes.removed_listings],
    }


def decisions_applied_dict(applied: DecisionsApplied | None) -> dict[str, Any] | None:
    """How the decisions file was applied: findings accepted, decisions that no longer hold."""
    if applied is None:
        return None
    return {
        "file": applied.file,
        "loaded": applied.loaded,
        "accepted_findings": applied.applied,
        "expired": [decision_dict(d) for d in applied.expired],
        "finding_changed": [decision_dict(d) for d in applied.changed],
    }


def listing_dict(result: ListingResult) -> dict[str, Any]:
    """One listing with its verdict; where it came from is kept for the appeal's evidence."""
    listing = result.listing
    extra: dict[str, Any] = {}
    if result.accepted:  # findings the team's decisions accepted: shown, not counted
        extra["accepted"] = [accepted_dict(a, listing.key) for a in result.accepted]
    return {
        "sku": listing.sku,
        "asin": listing.asin or None,
        "title": listing.title,
        "rank": result.rank,
        "risk_score": _number(result.risk_score, 1),
        "risk_level": result.risk_level,
        "action": result.action,
        "reasons": list(result.reasons),
        "findings": [finding_dict(f, listing.key) for f in result.findings],
        "marketplace": listing.marketplace,
        "status": listing.status,
        "source": listing.source,
        "row": listing.row,
        **extra,
    }


def skipped_dict(item: Skipped) -> dict[str, Any]:
    return {"file": item.file, "row": item.row, "column": item.column, "reason": item.reason}


def to_dict(result: ScanResult) -> dict[str, Any]:
    """The whole report as plain JSON-ready data, listings in `result.results` (rank) order."""
    by_action = Counter(r.action for r in result.results)
    return {
        "schema": SCHEMA,
        "generated_at": result.generated_at,
        "summary": {
            "listings": len(result.results),
            "by_level": result.by_level(),
            "by_action": {action: by_action.get(action, 0) for action in ACTIONS},
            "findings": sum(len(r.findings) for r in result.results),
            "skipped": len(result.skipped),
        },
        "listings": [listing_dict(r) for r in result.results],
        "tool_version": result.tool_version,
        "rules_fingerprint": result.rules_fingerprint,
        "inputs": dataclasses.asdict(result.inputs),
        "skipped": [skipped_dict(s) for s in result.skipped],
        "run": dataclasses.asdict(result.run) if result.run is not None else None,
        "changes": changes_dict(result.changes),
        "decisions": decisions_applied_dict(result.decisions),
    }


def write(result: ScanResult, path: Path) -> None:
    """Write the JSON report atomically, UTF-8 and readable (Chinese and Japanese text as is).

    Text a reader could not decode (lone surrogates) is written as a `\\udcXX` JSON escape
    rather than failing the whole report or losing the evidence.
    """
    text = json.dumps(to_dict(result), indent=2, ensure_ascii=False) + "\n"
    data = text.encode("utf-8", errors="backslashreplace")

    def save(tmp: Path) -> None:
        tmp.write_bytes(data)

    atomic_write(Path(path), save)
