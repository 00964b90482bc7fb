"""The whole path on the command line: notice -> complaints file -> sweep -> appeal pack.

One module-scoped run of each command keeps this fast; each test then reads what it needs.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from appeal_shop import HOSTILE_TITLE, scan_args, write_shop
from click.testing import CliRunner

from listing_audit.cli import cli


@dataclass
class Flow:
    shop: Path
    plain: dict[str, Any]  # scan without --complaints
    swept: dict[str, Any]  # scan with --complaints
    appeal: Path
    outputs: dict[str, str]


def _invoke(args: list[str]) -> tuple[int, str]:
    done = CliRunner().invoke(cli, args)
    return done.exit_code, done.output


@pytest.fixture(scope="module")
def flow(tmp_path_factory: pytest.TempPathFactory) -> Flow:
    shop = write_shop(tmp_path_factory.mktemp("shop"))
    outputs: dict[str, str] = {}

    code, outputs["import"] = _invoke(
        ["complaints", "import", str(shop / "notice.txt"), "--out", str(shop / "complaints.csv")]
    )
    assert code == 0, outputs["import"]
    code, outputs["plain"] = _invoke(scan_args(shop, "plain.json"))
    assert code == 0, outputs["plain"]
    code, outputs["swept"] = _invoke(
        scan_args(shop, "swept.json", "--complaints", str(shop / "complaints.csv"),
                  "--out", str(shop / "swept.xlsx"))
    )
    assert code == 0, outputs["swept"]
    code, outputs["appeal"] = _invoke([
        "appeal", "--json", str(shop / "swept.json"), "--complaints",
        str(shop / "complaints.csv"), "--out", str(shop / "appeal"),
    ])
    assert code == 0, outputs["appeal"]
    return Flow(
        shop=shop,
        plain=json.loads((shop / "plain.json").read_text(encoding="utf-8")),
        swept=json.loads((shop / "swept.json").read_text(encoding="utf-8")),
        appeal=shop / "appeal",
        outputs=outputs,
    )


def _by_sku(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["sku"]: item for item in report["listings"]}


def test_complaints_file_holds_the_notice_fields(flow: Flow) -> None:
    with (flow.shop / "complaints.csv").open(encoding="utf-8-sig", newline="") as fh:
        (row,) = list(csv.DictReader(fh))
    assert row["asin"] == "B0APL00001"
    assert row["complaint_id"] == "4455667788"
    assert row["date"] == "2025-12-01"
    assert row["infringement_type"] == "trademark"
    assert row["rights_owner"] == "Zephyr Holdings Ltd"
    assert row["rights_owner_email"] == "legal@zephyr.example"
    assert row["brand_or_work"] == "Zephyrco"
    assert row["missing"] == ""
    assert "1 complaints on 1 ASINs" in flow.outputs["import"]


def test_complained_asin_ranks_first(flow: Flow) -> None:
    first = flow.swept["listings"][0]
    assert first["asin"] == "B0APL00001" and first["rank"] == 1
    assert first["risk_level"] == "high" and first["action"] == "remove"
    assert first["reasons"][0].startswith("Zephyr Holdings Ltd complained to Amazon")
    # Without the complaint the same listing is not even flagged: its brand is on no list.
    assert _by_sku(flow.plain)["ZP-1"]["risk_level"] == "none"


def test_sweep_finds_the_other_listings_of_the_complained_brand(flow: Flow) -> None:
    plain, swept = _by_sku(flow.plain), _by_sku(flow.swept)
    # Same brand, written apart: found only because the complaint put it on the watch list.
    assert plain["ZP-2"]["risk_level"] == "none"
    assert swept["ZP-2"]["risk_level"] == "high"
    assert any(f.get("brand") == "Zephyrco" for f in swept["ZP-2"]["findings"])
    # Same picture as the complained listing (resized): found through its pictures.
    assert plain["ZP-3"]["risk_level"] == "none"
    pictures = [f for f in swept["ZP-3"]["findings"] if f["kind"] == "image"]
    assert pictures and pictures[0]["asset"] == "complaint:B0APL00001/B0APL00001.MAIN.jpg"
    assert pictures[0]["owner"] == "Zephyr Holdings Ltd"
    # The complained listing does not match its own picture, and the lantern matches nothing.
    assert not [f for f in swept["ZP-1"]["findings"] if f["kind"] == "image"]
    assert not [f for f in swept["PL-1"]["findings"] if f["kind"] == "image"]
    assert flow.swept["inputs"]["complaints"] == 1
    assert flow.swept["inputs"]["complaint_images"] == 1
    kinds = {f["kind"] for f in flow.swept["run"]["files"]}
    assert "complaints" in kinds


def _plan(flow: Flow, suffix: str = "") -> str:
    return (flow.appeal / f"plan-of-action{suffix}.md").read_text(encoding="utf-8")


def test_plan_of_action_carries_the_real_figures_and_asins(flow: Flow) -> None:
    plan = _plan(flow)
    inputs = flow.swept["inputs"]
    date = flow.swept["run"]["started_at"][:10]
    assert f"On {date} we reviewed our whole catalog: 7 listings (7 ASINs)" in plan
    assert "from 1 Seller Central export file (7 rows)" in plan
    assert f"against {inputs['brands']} protected brand entries from 1 brand list." in plan
    assert f"We compared {inputs['images']} product images with 0 protected images" in plan
    assert "pictures of the complained listings (1)" in plan
    assert "complaint 4455667788 of 2025-12-01 on ASIN B0APL00001 (trademark)" in plan
    assert "Zephyr Holdings Ltd (legal@zephyr.example)" in plan
    removed = re.search(r"We deleted (\d+) listings .*?\((.*?)\)", plan)
    assert removed is not None
    removed_asins = set(removed.group(2).split(", "))
    expected_removed = {i["asin"] for i in flow.swept["listings"] if i["action"] == "remove"}
    assert removed_asins == expected_removed
    assert {"B0APL00001", "B0APL00002", "B0APL00004"} <= removed_asins
    fixed = re.search(r"We corrected (\d+) listings?, .*?\((.*?)\)", plan)
    assert fixed is not None
    assert set(fixed.group(2).split(", ")) == {
        i["asin"] for i in flow.swept["listings"] if i["action"] == "fix"
    }
    # The root cause quotes what the scan found in the complained listing.
    assert "ASIN B0APL00001 (Zephyrco Garden Gnome, Hand Painted), complaint 4455667788" in plan


def test_plan_of_action_leaves_placeholders_for_what_only_the_seller_knows(flow: Flow) -> None:
    plan = _plan(flow)
    for placeholder in (
        "[FILL IN: date you contacted the rights owner]",
        "[FILL IN: their reply, or that no reply has been received yet]",
        "[FILL IN: staff training plan",
        "[FILL IN: date the listings were deleted]",
        "[FILL IN: your name and role]",
    ):
        assert placeholder in plan
    # The three parts Amazon asks for.
    assert plan.index("## 1. Root cause") < plan.index("## 2. Actions taken") < plan.index(
        "## 3. Preventive measures"
    )
    # No decisions were given: the text says the outcomes are the scan's recommendations.
    assert "No team decisions were given" in plan


def test_listing_text_is_escaped_in_markdown(flow: Flow) -> None:
    plan = _plan(flow)
    assert "[click](http://evil.example)" not in plan
    assert "<b>" not in plan


def test_docx_opens_and_says_the_same(flow: Flow) -> None:
    document = docx.Document(str(flow.appeal / "plan-of-action.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert document.paragraphs[0].text == "Plan of action"
    assert "[FILL IN: date you contacted the rights owner]" in text
    assert "7 listings (7 ASINs)" in text
    highlighted = [
        run for p in document.paragraphs for run in p.runs if run.font.highlight_color
    ]
    assert highlighted and all(run.text.startswith("[FILL IN") for run in highlighted)


def test_chinese_version_exists_beside_it(flow: Flow) -> None:
    plan = _plan(flow, ".zh")
    assert "根本原因" in plan and "已采取的措施" in plan and "预防措施" in plan
    assert "[FILL IN 请填写：联系权利人的日期]" in plan
    assert "7 个商品（7 个 ASIN）" in plan
    document = docx.Document(str(flow.appeal / "plan-of-action.zh.docx"))
    assert "行动计划" in document.paragraphs[0].text


def test_evidence_lists_every_asin_with_outcome_and_date(flow: Flow) -> None:
    book = openpyxl.load_workbook(flow.appeal / "evidence.xlsx")
    assert book.sheetnames == [
        "Review", "Reviewed listings", "Complaint check", "Files reviewed", "Skipped"
    ]
    rows = list(book["Reviewed listings"].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    column = {name: i for i, name in enumerate(header)}
    assert sorted(r[column["ASIN"]] for r in body) == sorted(
        i["asin"] for i in flow.swept["listings"]
    )
    date = flow.swept["run"]["started_at"][:10]
    assert {r[column["Reviewed on"]] for r in body} == {date}
    outcome = {r[column["SKU"]]: r[column["Outcome"]] for r in body}
    assert outcome["ZP-1"] == "Removed" and outcome["AC-2"] == "Fixed"
    assert outcome["PL-1"] == "No issue found" and outcome["HC-1"] == "To review"
    # Listing text is a text cell, never a formula.
    title = next(r[column["Title"]] for r in body if r[column["SKU"]] == "PL-1")
    assert title == HOSTILE_TITLE
    cell = next(
        row[column["Title"]] for row in book["Reviewed listings"].iter_rows()
        if row[column["SKU"]].value == "PL-1"
    )
    assert cell.data_type == "s"

    check = list(book["Complaint check"].iter_rows(values_only=True))
    names = {name: i for i, name in enumerate(check[0])}
    (complaint,) = check[1:]
    assert complaint[names["ASIN"]] == "B0APL00001"
    assert complaint[names["In the scan"]] == "yes"
    assert str(complaint[names["Found by the scan's checks"]]).startswith("yes")
    assert complaint[names["Outcome"]] == "Removed"
    assert set(str(complaint[names["Their ASINs"]]).split(", ")) == {"B0APL00002", "B0APL00003"}

    files = list(book["Files reviewed"].iter_rows(values_only=True))
    assert any(row[0] == "export" and len(str(row[3])) == 64 for row in files[1:])


def test_inventory_loader_file_deletes_the_listings_to_remove(flow: Flow) -> None:
    data = (flow.appeal / "inventory-loader-delete.txt").read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8").split("\r\n")
    remove = [i["sku"] for i in flow.swept["listings"] if i["action"] == "remove"]
    assert lines == ["sku\tadd-delete", *(f"{sku}\tx" for sku in remove), ""]
    flat = (flow.appeal / "category-flat-file-delete.txt").read_bytes().decode("utf-8")
    assert flat.split("\r\n") == [
        "item_sku\tupdate_delete", *(f"{sku}\tDelete" for sku in remove), ""
    ]


def test_decisions_choose_what_is_deleted_and_the_delete_code(flow: Flow, tmp_path: Path) -> None:
    decisions = tmp_path / "decisions.csv"
    decisions.write_text(
        "asin,sku,finding_id,decision\n"
        "B0APL00001,,f1,Remove\n"
        "B0APL00002,,f2,Keep - false alarm\n"
        ",AC-1,f3,Keep - authorized\n"
        ",AC-2,f4,Remove\n"
        "B0APL00006,,f5,Done\n",
        encoding="utf-8",
    )
    out = tmp_path / "pack"
    code, output = _invoke([
        "appeal", "--json", str(flow.shop / "swept.json"), "--complaints",
        str(flow.shop / "complaints.csv"), "--decisions", str(decisions), "--out", str(out),
        "--delete-code", "d",
    ])
    assert code == 0, output
    lines = (out / "inventory-loader-delete.txt").read_bytes().decode("utf-8").split("\r\n")
    assert lines == ["sku\tadd-delete", "ZP-1\td", "AC-2\td", ""]
    plan = (out / "plan-of-action.md").read_text(encoding="utf-8")
    assert "Outcomes are your team's decisions from" in plan
    assert "were checked and kept because we are authorized" in plan
    assert "[FILL IN: the authorization documents" in plan
    assert "B0APL00002) were checked and kept because the match was not" in plan
    # ZP-3 was marked remove by the scan but has no decision: not deleted, and said so.
    assert "have no team decision" in output


def test_decisions_can_come_from_the_report_workbook(flow: Flow, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(flow.shop / "swept.xlsx")
    sheet = book["Flagged ASINs"]
    header = [c.value for c in sheet[1]]
    asin_at, decision_at = header.index("ASIN"), header.index("Decision")
    for row in sheet.iter_rows(min_row=2):
        row[decision_at].value = "Remove" if row[asin_at].value == "B0APL00004" else None
    book.save(tmp_path / "reviewed.xlsx")
    out = tmp_path / "pack"
    code, output = _invoke([
        "appeal", "--json", str(flow.shop / "swept.json"), "--decisions",
        str(tmp_path / "reviewed.xlsx"), "--out", str(out),
    ])
    assert code == 0, output
    lines = (out / "inventory-loader-delete.txt").read_bytes().decode("utf-8").split("\r\n")
    assert lines == ["sku\tadd-delete", "AC-1\tx", ""]
