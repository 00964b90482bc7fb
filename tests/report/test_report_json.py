"""The JSON report keeps schema `listing-audit/1` (PRODUCT.md) and lists every listing once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from listing_audit.errors import OutputError
from listing_audit.model import ScanResult
from listing_audit.report import json_report

LISTING_KEYS = {
    "sku",
    "asin",
    "title",
    "rank",
    "risk_score",
    "risk_level",
    "action",
    "reasons",
    "findings",
}
TEXT_KEYS = {"kind", "field", "brand", "owner", "matched_text", "match", "context", "score"}
IMAGE_KEYS = {"kind", "image", "asset", "owner", "distance", "method", "score"}


def test_top_level_has_the_schema_keys_and_the_extras(scan_result: ScanResult) -> None:
    data = json_report.to_dict(scan_result)
    assert data["schema"] == "listing-audit/1"
    assert data["generated_at"] == "2025-01-31T09:30:00+00:00"
    assert data["summary"]["listings"] == 4
    assert data["summary"]["by_level"] == {"high": 1, "medium": 1, "low": 1, "none": 1}
    assert data["tool_version"] == "0.1.0"
    assert data["rules_fingerprint"] == "abc123"
    assert data["inputs"]["exports"] == scan_result.inputs.exports
    assert data["inputs"]["brands"] == 250
    assert data["skipped"] == [
        {"file": "inventory.csv", "row": 4, "column": "asin", "reason": "empty SKU"}
    ]


def test_every_listing_appears_exactly_once_in_rank_order(scan_result: ScanResult) -> None:
    listings = json_report.to_dict(scan_result)["listings"]
    assert [entry["sku"] for entry in listings] == ["SKU-HIGH", "SKU-MED", "SKU-LOW", "00042"]
    assert [entry["rank"] for entry in listings] == [1, 2, 3, 4]


def test_listing_and_finding_entries_carry_the_schema_keys(scan_result: ScanResult) -> None:
    listings = json_report.to_dict(scan_result)["listings"]
    for entry in listings:
        assert LISTING_KEYS <= entry.keys()
    high_findings = listings[0]["findings"]
    assert [f["kind"] for f in high_findings] == ["text", "image"]
    assert TEXT_KEYS <= high_findings[0].keys()
    assert IMAGE_KEYS <= high_findings[1].keys()


def test_values_are_as_found(scan_result: ScanResult) -> None:
    listings = json_report.to_dict(scan_result)["listings"]
    high, _, _, clean = listings
    assert high["risk_score"] == 87.7
    assert high["risk_level"] == "high"
    assert high["action"] == "remove"
    assert high["reasons"] == scan_result.results[0].reasons
    text, image = high["findings"]
    assert text["brand"] == "Nike"
    assert text["matched_text"] == "Nike"
    assert text["rule_id"] == "T-PLAIN"
    assert text["id"] == scan_result.results[0].findings[0].finding_id("B0HIGH0001")
    assert image["asset"] == "acme-studios/logo.png"
    assert image["distance"] == 3.0
    assert image["slot"] == "MAIN"
    assert clean["asin"] is None
    assert clean["sku"] == "00042"
    assert clean["findings"] == []


def test_write_is_utf8_readable_and_round_trips(tmp_path: Path, scan_result: ScanResult) -> None:
    path = tmp_path / "findings.json"
    json_report.write(scan_result, path)
    raw = path.read_bytes()
    assert "跑步鞋".encode() in raw  # not \\u escapes
    assert b'\n  "schema"' in raw  # indented
    assert json.loads(raw.decode("utf-8")) == json_report.to_dict(scan_result)
    assert [p.name for p in tmp_path.iterdir()] == ["findings.json"]


def test_not_a_number_score_becomes_null_and_the_file_stays_valid_json(
    tmp_path: Path, scan_result: ScanResult
) -> None:
    scan_result.results[0].risk_score = float("nan")
    path = tmp_path / "findings.json"
    json_report.write(scan_result, path)

    def refuse(name: str) -> None:
        raise AssertionError(f"{name} is not JSON")

    data = json.loads(path.read_text(encoding="utf-8"), parse_constant=refuse)
    assert data["listings"][0]["risk_score"] is None


def test_undecodable_text_is_written_as_an_escape_not_an_error(
    tmp_path: Path, scan_result: ScanResult
) -> None:
    scan_result.results[0].listing.title = "bad byte \udcff here"
    path = tmp_path / "findings.json"
    json_report.write(scan_result, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["listings"][0]["title"] == "bad byte \udcff here"


def test_write_into_a_missing_folder_is_an_output_error(
    tmp_path: Path, scan_result: ScanResult
) -> None:
    with pytest.raises(OutputError):
        json_report.write(scan_result, tmp_path / "nope" / "findings.json")
