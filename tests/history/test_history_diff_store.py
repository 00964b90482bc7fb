"""Scan history (kept scans) and the diff of two scans, as set algebra on finding IDs."""

from __future__ import annotations

import gzip
import json
from dataclasses import replace
from pathlib import Path

import pytest

from listing_audit.errors import InputError
from listing_audit.history.diff import compare, diff_snapshots, snapshot_of_json, summary_line
from listing_audit.history.store import keep_scan, latest_scan, load_scan, scans
from listing_audit.model import (
    AcceptedFinding,
    Decision,
    Listing,
    ListingResult,
    ScanInputs,
    ScanResult,
    TextFinding,
)
from listing_audit.report.json_report import to_dict


def _finding(brand: str, field: str = "title") -> TextFinding:
    return TextFinding("T-PLAIN", field, brand, f"{brand} Inc.", "high", "trademark", brand,
                       brand.lower(), "exact", brand, score=85.0, action="fix")


def _result(listings: list[tuple[str, str, str, list[TextFinding]]]) -> ScanResult:
    results = [
        ListingResult(Listing(sku=sku, asin=asin, title=f"title of {sku}"), findings,
                      risk_level=level, risk_score=85.0 if level != "none" else 0.0)  # type: ignore[arg-type]
        for sku, asin, level, findings in listings
    ]
    return ScanResult("2026-11-29T02:10:00+00:00", results, ScanInputs())


def test_changes_between_two_scans() -> None:
    before = _result([
        ("SK-1", "B0DIFF0001", "high", [_finding("Nike")]),
        ("SK-2", "B0DIFF0002", "medium", [_finding("Acme")]),
        ("SK-3", "B0DIFF0003", "none", []),
        ("SK-OLD", "B0DIFF0009", "low", [_finding("Polo")]),
    ])
    after = _result([
        ("SK-1", "B0DIFF0001", "high", [_finding("Nike"), _finding("Adidas", "description")]),
        ("SK-2", "B0DIFF0002", "none", []),
        ("SK-3", "B0DIFF0003", "high", [_finding("Stanley")]),
        ("SK-NEW", "B0DIFF0010", "none", []),
    ])
    changes = compare(after, to_dict(before), "last-week.json")
    assert changes.baseline == "last-week.json"
    assert changes.baseline_generated_at == "2026-11-29T02:10:00+00:00"
    assert sorted(c.subject for c in changes.new_findings) == ["Adidas", "Stanley"]
    assert sorted(c.subject for c in changes.resolved_findings) == ["Acme", "Polo"]
    assert [(c.sku, c.before, c.now, c.direction) for c in changes.level_changes] == [
        ("SK-3", "none", "high", "up"), ("SK-2", "medium", "none", "down")]
    assert [c.sku for c in changes.new_listings] == ["SK-NEW"]
    assert [c.sku for c in changes.removed_listings] == ["SK-OLD"]
    assert changes.counts() == {"new_findings": 2, "resolved_findings": 2, "level_up": 1,
                                "level_down": 1, "new_listings": 1, "removed_listings": 1}
    assert summary_line(changes).startswith("since 2026-11-29: 2 new findings, 2 resolved")


def test_identical_scans_have_no_changes_and_ids_ignore_scores() -> None:
    one = _result([("SK-1", "B0DIFF0001", "high", [_finding("Nike")])])
    two = _result([("SK-1", "B0DIFF0001", "high", [_finding("Nike")])])
    two.results[0].findings = [replace(_finding("Nike"), score=42.0, context="moved")]
    assert compare(two, to_dict(one), "x").counts() == dict.fromkeys(
        ("new_findings", "resolved_findings", "level_up", "level_down", "new_listings",
         "removed_listings"), 0)


def test_an_accepted_finding_is_neither_new_nor_resolved() -> None:
    before = _result([("SK-1", "B0DIFF0001", "high", [_finding("Nike")])])
    after = _result([("SK-1", "B0DIFF0001", "none", [])])
    finding = _finding("Nike")
    decision = Decision(finding.finding_id("B0DIFF0001"), "Keep - authorized")
    after.results[0].accepted = [AcceptedFinding(finding, decision)]
    changes = compare(after, to_dict(before), "x")
    assert not changes.new_findings and not changes.resolved_findings
    assert [(c.before, c.now) for c in changes.level_changes] == [("high", "none")]
    # ... and the other way round, reading the accepted list of a saved scan.
    back = compare(before, to_dict(after), "x")
    assert not back.new_findings and not back.resolved_findings


def test_one_sku_in_two_marketplaces_stays_two_listings() -> None:
    data = {"listings": [{"sku": "SK-1", "asin": "B0A", "risk_level": "none", "findings": []},
                         {"sku": "SK-1", "asin": "B0A", "risk_level": "high", "findings": []}]}
    snap = snapshot_of_json(data)
    assert list(snap) == ["SK-1", "SK-1#2"]
    assert not diff_snapshots(snap, snapshot_of_json(data), "x").level_changes


def test_kept_scans_are_gzipped_sorted_and_bounded(tmp_path: Path) -> None:
    data = to_dict(_result([("SK-1", "B0DIFF0001", "high", [_finding("Nike")])]))
    folder = tmp_path / "history"
    written = [keep_scan(data, folder, keep=3) for _ in range(5)]
    kept = scans(folder)
    assert kept == written[2:]
    assert latest_scan(folder) == written[-1]
    assert gzip.decompress(written[-1].read_bytes())[:1] == b"{"
    assert load_scan(written[-1])["listings"][0]["sku"] == "SK-1"
    assert latest_scan(tmp_path / "none") is None


def test_a_plain_json_report_is_a_baseline_too(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_text(json.dumps(to_dict(_result([]))), encoding="utf-8")
    assert load_scan(path)["schema"] == "listing-audit/1"


@pytest.mark.parametrize("content", [b"", b"{not json", b'{"schema": "other/1"}', b"\x1f\x8bxx"])
def test_a_bad_baseline_names_the_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "old.json"
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        load_scan(path)
    assert "old.json" in str(caught.value) and "scan --json" in str(caught.value)
