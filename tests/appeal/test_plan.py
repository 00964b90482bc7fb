"""The plan of action and the delete files, from a saved scan written by the test.

The scan JSON here is small and hand-made, so each test can say exactly which figure must
appear where, and that nothing the scan did not say appears at all.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from listing_audit.appeal.delete_files import delete_rows, write_inventory_loader
from listing_audit.appeal.document import Block, Run, fill, to_markdown
from listing_audit.appeal.pack import write_appeal
from listing_audit.appeal.plan import MAX_LISTED, plan_of_action
from listing_audit.appeal.review import build_review, outcome_for
from listing_audit.errors import InputError
from listing_audit.model import Complaint


def _listing(sku: str, asin: str | None, action: str, level: str, **extra: Any) -> dict[str, Any]:
    return {
        "sku": sku, "asin": asin, "title": extra.pop("title", f"Title {sku}"), "rank": 1,
        "risk_score": 80.0 if level != "none" else 0.0, "risk_level": level, "action": action,
        "reasons": extra.pop("reasons", []), "findings": extra.pop("findings", []),
        "marketplace": "", "status": "Active", "source": "export.txt", "row": 2, **extra,
    }


def _scan(tmp_path: Path, listings: list[dict[str, Any]], **inputs: Any) -> Path:
    data = {
        "schema": "listing-audit/1",
        "generated_at": "2026-03-02T08:00:00+00:00",
        "summary": {"listings": len(listings)},
        "listings": listings,
        "tool_version": "9.9.9",
        "rules_fingerprint": "abc123",
        "inputs": {
            "exports": ["a.txt", "b.txt"], "rows": 12, "images": 0, "assets": 0, "brands": 321,
            "brand_lists": ["x.csv"], **inputs,
        },
        "skipped": [],
        "run": {"started_at": "2026-03-02T07:59:00+00:00", "options": {}, "files": []},
    }
    path = tmp_path / "scan.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


FINDING = {
    "kind": "text", "field": "title", "brand": "Acme", "owner": "Acme Co",
    "matched_text": "Acme", "match": "exact", "context": "Acme skates", "score": 85.0,
    "normalised": "acme", "brand_risk": "high", "brand_kind": "trademark", "id": "f1",
    "rule_id": "T-PLAIN", "action": "fix",
}


def test_no_complaints_no_images_means_placeholders_not_inventions(tmp_path: Path) -> None:
    scan = _scan(tmp_path, [
        _listing("S1", "B0PLAN0001", "remove", "high"),
        _listing("S2", "B0PLAN0002", "none", "none"),
    ])
    plan = to_markdown(plan_of_action(build_review(scan)))
    assert "On 2026-03-02 we reviewed our whole catalog: 2 listings (2 ASINs)" in plan
    assert "from 2 Seller Central export files (12 rows)" in plan
    assert "against 321 protected brand entries from 1 brand list." in plan
    assert "Product images were not part of this review: [FILL IN: how you checked" in plan
    assert "[FILL IN: complaint ID(s), date(s) and ASIN(s) from Amazon's notice]" in plan
    assert "[FILL IN: rights owner's name]" in plan and "[FILL IN: rights owner's e-mail]" in plan
    assert "No listing had to be corrected." in plan
    assert "We deleted 1 listing that infringed or could infringe (B0PLAN0001)" in plan
    assert "No complaints file was given" in plan
    # Nothing the scan did not hold: no watch-list claim, no owner, no images compared.
    assert "watch list at high risk" not in plan
    assert "We compared" not in plan


def test_complaint_the_scan_found_nothing_in_and_one_not_in_the_scan(tmp_path: Path) -> None:
    scan = _scan(tmp_path, [_listing("S1", "B0PLAN0001", "none", "none", title="Plain Mug")],
                 images=4, assets=2)
    complaints = [
        Complaint("B0PLAN0001", complaint_id="11", rights_owner="Owner One"),
        Complaint("B0GONE0001", complaint_id="12", rights_owner="Owner One"),
    ]
    review = build_review(scan, complaints)
    plan = to_markdown(plan_of_action(review))
    assert (
        "ASIN B0PLAN0001 (Plain Mug), complaint 11: our checks of this listing's text and "
        "images against 321 brand entries and 2 protected images found no match. "
        "[FILL IN: what the rights owner says infringes, once they reply]"
    ) in plan
    assert "ASIN B0GONE0001, complaint 12: this listing was not in the exports we reviewed." in plan
    assert "complained ASIN B0GONE0001 is not in the scan" in plan
    assert "We compared 4 product images with 2 protected images" in plan
    assert "We contacted the rights owner Owner One ([FILL IN: rights owner's e-mail])" in plan
    # The owner is contacted once, however many complaints they made.
    assert plan.count("We contacted the rights owner") == 1


def test_long_asin_lists_point_to_the_evidence(tmp_path: Path) -> None:
    listings = [_listing(f"S{i}", f"B0LONG{i:04d}", "fix", "medium") for i in range(MAX_LISTED + 5)]
    plan = to_markdown(plan_of_action(build_review(_scan(tmp_path, listings))))
    assert f"We corrected {MAX_LISTED + 5} listings" in plan
    assert "and 5 more (see evidence.xlsx)" in plan
    assert f"B0LONG{MAX_LISTED:04d}" not in plan


def test_chinese_root_cause_is_worded_in_chinese(tmp_path: Path) -> None:
    scan = _scan(tmp_path, [_listing("S1", "B0PLAN0001", "fix", "high", findings=[FINDING],
                                     reasons=["title names the brand Acme (Acme Co) as 'Acme'"])])
    review = build_review(scan, [Complaint("B0PLAN0001", complaint_id="5")])
    zh = to_markdown(plan_of_action(review, "zh"))
    assert "标题提到品牌 Acme（Acme Co）（写作“Acme”）" in zh
    en = to_markdown(plan_of_action(review, "en"))
    assert "our review found that the title names the brand Acme (Acme Co) as 'Acme'." in en


@pytest.mark.parametrize(
    ("decision", "action", "outcome"),
    [
        ("Remove", "fix", "removed"),
        ("Fix", "remove", "fixed"),
        ("Keep - authorized", "remove", "kept_authorized"),
        ("Keep - false alarm", "fix", "kept_false_alarm"),
        ("Done", "remove", "removed"),
        ("Done", "review", "done"),
        ("", "review", "to_review"),
        ("", "none", "clean"),
    ],
)
def test_outcomes(decision: str, action: str, outcome: str) -> None:
    assert outcome_for(decision, action) == outcome


def test_markdown_escapes_listing_text_but_not_placeholders() -> None:
    text = to_markdown([
        Block("paragraph", [Run("title: "), Run("[x](http://e) <i>*y*</i> # | ~"), fill("date")])
    ])
    assert text == "title: \\[x\\](http://e) \\<i\\>\\*y\\*\\</i\\> \\# \\| \\~[FILL IN: date]\n"


def test_delete_rows_keep_skus_exact_and_report_unusable_ones(tmp_path: Path) -> None:
    scan = _scan(tmp_path, [
        _listing("=SKU-1", "B0DEL00001", "remove", "high"),
        _listing("bad\tsku", "B0DEL00002", "remove", "high"),
        _listing("", "B0DEL00003", "remove", "high"),
        _listing("=SKU-1", "B0DEL00001", "remove", "high"),
    ])
    rows = delete_rows(build_review(scan).listings)
    assert rows.skus == ["=SKU-1"]
    assert len(rows.left_out) == 2 and "B0DEL00003" in rows.left_out[1]
    write_inventory_loader(rows.skus, tmp_path / "il.txt", "x")
    assert (tmp_path / "il.txt").read_bytes() == b"sku\tadd-delete\r\n=SKU-1\tx\r\n"
    with pytest.raises(ValueError):
        write_inventory_loader(rows.skus, tmp_path / "il.txt", "z")


def test_appeal_refuses_a_file_that_is_not_a_scan(tmp_path: Path) -> None:
    (tmp_path / "x.json").write_text('{"hello": 1}', encoding="utf-8")
    with pytest.raises(InputError):
        write_appeal(tmp_path / "x.json", tmp_path / "out")
    (tmp_path / "blocker").write_text("", encoding="utf-8")
    scan = _scan(tmp_path, [_listing("S1", "B0PLAN0001", "none", "none")])
    with pytest.raises(Exception, match="is a file, not a folder"):
        write_appeal(scan, tmp_path / "blocker")
