"""`complaints import`, the complaints file, and what a scan does with complaints."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from listing_audit.appeal.complaints import COLUMNS, read_complaints
from listing_audit.appeal.watch import owner_name, watch_entries
from listing_audit.cli import cli
from listing_audit.config import load_rules
from listing_audit.errors import ConfigError, InputError
from listing_audit.model import BrandEntry, Complaint, Listing, ListingResult, TextFinding
from listing_audit.scoring import rank, score_listing

EMAIL = """\
Date: Tue, 4 Nov 2025 10:23:11 +0000
ASIN: B0MERGE001
Title: =HYPERLINK("http://evil.example","Sale")
Infringement type: Trademark
Complaint ID: 1000000001
Rights owner: Acme Corporation
"""
# The same complaint as copied from Account Health: adds the e-mail, disagrees on the owner.
ACCOUNT_HEALTH = (
    "ASIN\tComplaint ID\tRights owner\tRights owner email\n"
    "B0MERGE001\t1000000001\tAcme Corp.\tlegal@acme.example\n"
)


def _import(*args: str) -> tuple[int, str]:
    done = CliRunner().invoke(cli, ["complaints", "import", *args])
    return done.exit_code, done.output


def test_import_merges_the_same_complaint_from_two_sources(tmp_path: Path) -> None:
    (tmp_path / "mail.txt").write_text(EMAIL, encoding="utf-8")
    (tmp_path / "health.txt").write_text(ACCOUNT_HEALTH, encoding="utf-8")
    out = tmp_path / "complaints.csv"
    code, output = _import(str(tmp_path / "mail.txt"), str(tmp_path / "health.txt"), "--out",
                           str(out))
    # Written, with the disagreement (and the missing brand) reported: exit 1.
    assert code == 1, output
    assert "differs from 'Acme Corporation'" in output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == list(COLUMNS)
    (row,) = rows
    assert row["rights_owner"] == "Acme Corporation"
    assert row["rights_owner_email"] == "legal@acme.example"
    assert row["missing"] == "brand or work named"
    assert row["source"] == f"{tmp_path / 'mail.txt'}; {tmp_path / 'health.txt'}"
    # Notice text that a spreadsheet would run is written as text, and read back as written.
    assert row["title"].startswith("'=HYPERLINK")
    (complaint,), skipped = read_complaints(out)
    assert complaint.title == '=HYPERLINK("http://evil.example","Sale")' and skipped == []


def test_import_exit_codes(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(
        "ASIN: B0GOOD0001\nComplaint ID: 2000000002\nDate: 2025-11-02\nInfringement type: "
        "Patent\nRights owner: Gadget Co\nRights owner email: ip@gadget.example\n"
        "Patent number: US 10,000,001\nBrand: Gadget\n",
        encoding="utf-8",
    )
    code, output = _import(str(good), "--out", str(tmp_path / "c.csv"))
    assert code == 0, output
    bad = tmp_path / "bad.txt"
    bad.write_text("Complaint ID: 3000000003\nRights owner: Nobody\n", encoding="utf-8")
    code, output = _import(str(bad), "--out", str(tmp_path / "d.csv"))
    assert code == 2
    assert "bad.txt" in output and "without an ASIN" in output
    assert not (tmp_path / "d.csv").exists()
    code, output = _import(str(tmp_path / "missing.txt"), str(good), "--out",
                           str(tmp_path / "e.csv"))
    assert code == 1 and "missing.txt" in output and "not found" in output
    assert (tmp_path / "e.csv").exists()


def test_hand_made_complaints_file_needs_only_an_asin_column(tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text("ASIN,Infringement type\nb0hand0001,Copyright\nnot-an-asin,x\n",
                    encoding="utf-8")
    complaints, skipped = read_complaints(path)
    assert [(c.asin, c.infringement_type) for c in complaints] == [("B0HAND0001", "copyright")]
    (problem,) = skipped
    assert problem.row == 3 and problem.column == "asin"
    (tmp_path / "other.csv").write_text("sku,title\nA,B\n", encoding="utf-8")
    with pytest.raises(InputError, match="no `asin` column"):
        read_complaints(tmp_path / "other.csv")


def test_scan_with_a_missing_complaints_file_exits_2(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text("sku,asin,title\nS1,B0SCAN0001,Mug\n", encoding="utf-8")
    done = CliRunner().invoke(cli, [
        "scan", str(tmp_path / "c.csv"), "--no-default-brands", "--json",
        str(tmp_path / "r.json"), "--complaints", str(tmp_path / "nope.csv"),
    ])
    assert done.exit_code == 2
    assert "nope.csv" in done.output and "complaints file not found" in done.output


@pytest.mark.parametrize(
    ("owner", "name"),
    [
        ("Nike, Inc.", "Nike"),
        ("Luxottica Group S.p.A.", "Luxottica"),
        ("Sanrio Co., Ltd.", "Sanrio"),
        ("Stanley Black & Decker, Inc. (drinkware licensed)", "Stanley Black & Decker"),
        ("株式会社サンリオ", "サンリオ"),
    ],
)
def test_owner_names(owner: str, name: str) -> None:
    assert owner_name(owner) == name


def test_watch_list_raises_named_entries_and_adds_unknown_ones() -> None:
    entries = [
        BrandEntry("Nike", ("Air Max",), "Nike, Inc.", risk="medium"),
        BrandEntry("Jordan", (), "Nike, Inc.", risk="low"),
        BrandEntry("Ray-Ban", (), "Luxottica", risk="medium"),
    ]
    complaints = [
        Complaint("B0WATCH001", rights_owner="Nike Inc", brand_or_work="Nike"),
        Complaint("B0WATCH002", complaint_id="9", rights_owner="Pixel Studio GmbH",
                  brand_or_work="Moonlight Kitty (Reg. No. 123)", infringement_type="copyright"),
    ]
    out, touched = watch_entries(entries, complaints, "high", "complaints.csv")
    by_brand = {e.brand: e for e in out}
    assert by_brand["Nike"].risk == "high" and by_brand["Jordan"].risk == "high"
    assert by_brand["Ray-Ban"].risk == "medium"
    assert by_brand["Moonlight Kitty"].kind == "character"
    assert by_brand["Moonlight Kitty"].owner == "Pixel Studio GmbH"
    assert by_brand["Pixel Studio"].risk == "high"
    assert touched == 4
    with pytest.raises(ConfigError):
        watch_entries(entries, complaints, "urgent", "complaints.csv")


def _result(sku: str, asin: str, score: float, complaints: list[Complaint]) -> ListingResult:
    finding = TextFinding("T-PLAIN", "title", "Acme", "Acme Co", "high", "trademark", "Acme",
                          "acme", "exact", "Acme")
    findings = [finding] if score else []
    result = ListingResult(Listing(sku=sku, asin=asin), findings=list(findings),
                           complaints=complaints)
    return score_listing(result, load_rules())


def test_complaint_factor_lifts_the_listing_and_ranks_it_first() -> None:
    complaint = Complaint("B0RANK0002", complaint_id="77", infringement_type="copyright",
                          rights_owner="Pixel Studio", date="2025-11-01")
    plain = _result("A", "B0RANK0001", 85, [])
    complained = _result("B", "B0RANK0002", 0, [complaint])
    assert complained.risk_level == "high" and complained.action == "remove"
    assert complained.risk_score == 100.0
    assert complained.reasons == [
        "Pixel Studio complained to Amazon about this ASIN (complaint 77, copyright, 2025-11-01)"
    ]
    ordered = rank([plain, complained])
    assert [r.listing.sku for r in ordered] == ["B", "A"]
    assert [r.rank for r in ordered] == [1, 2]


def test_complaint_factor_follows_the_rules(tmp_path: Path) -> None:
    rules_file = tmp_path / "rules.toml"
    rules_file.write_text('[complaint]\nweight = 10\nlevel = "medium"\naction = "fix"\n',
                          encoding="utf-8")
    rules = load_rules(rules_file)
    result = ListingResult(Listing(sku="S", asin="B0RULE0001"),
                           complaints=[Complaint("B0RULE0001")])
    scored = score_listing(result, rules)
    assert scored.risk_level == "medium" and scored.action == "fix"
    assert scored.risk_score == rules.table("levels")["medium"]
    bad = replace(result, complaints=[Complaint("B0RULE0001")])
    rules.table("complaint")["level"] = "severe"
    with pytest.raises(ConfigError):
        score_listing(bad, rules)
