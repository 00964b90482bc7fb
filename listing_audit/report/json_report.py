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
    Finding,
    ImageFinding,
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
        **common,
    }


def listing_dict(result: ListingResult) -> dict[str, Any]:
    """One listing with its verdict; where it came from is kept for the appeal's evidence."""
    listing = result.listing
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
