"""The workbook as a team uses it, built by the real pipeline from generated inputs:
one row per product page, highlighted titles, thumbnails, run evidence, Chinese, CSV, explain."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.cell.rich_text import CellRichText, TextBlock
from PIL import Image, ImageDraw

from listing_audit.cli import cli

ROWS = [
    {
        "sku": "PAGE-A1",
        "asin": "B0TEAM0001",
        "title": "Zeta Rocket Boots for hiking",
        "brand": "Mine",
    },
    {"sku": "PAGE-A2", "asin": "B0TEAM0001", "title": "Rocket boots, black", "brand": "Mine"},
    {
        "sku": "EVIL-1",
        "asin": "B0TEAM0002",
        "title": "=cmd|' /C calc'!A0 Zeta socks",
        "brand": "Mine",
    },
    {"sku": "CLEAN-1", "asin": "B0TEAM0003", "title": "Plain cotton socks", "brand": "Mine"},
    {"sku": "PIC-1", "asin": "B0TEAM0004", "title": "Sticker pack", "brand": "Mine"},
]


def _art() -> Image.Image:
    img = Image.new("RGBA", (240, 240), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.ellipse((10, 10, 230, 230), fill=(200, 40, 40, 255))
    d.polygon([(30, 200), (90, 20), (220, 150)], fill=(30, 30, 160, 255))
    d.rectangle((120, 130, 215, 170), fill=(240, 200, 20, 255))
    return img


@pytest.fixture
def scanned(tmp_path: Path, make_export, make_brand_list) -> Path:
    make_export(ROWS, fmt="csv", name="catalog.csv")
    make_brand_list([("Zeta", "Zeta Rocket", "Zeta Holdings", "trademark", "high")])
    (tmp_path / "assets" / "zeta-holdings").mkdir(parents=True)
    _art().save(tmp_path / "assets" / "zeta-holdings" / "mark.png")
    (tmp_path / "images").mkdir()
    canvas = Image.new("RGB", (900, 900), "white")
    art = _art().resize((450, 450))
    canvas.paste(art, (225, 225), art)
    canvas.save(tmp_path / "images" / "B0TEAM0004.MAIN.jpg", quality=85)
    (tmp_path / "images" / "CLEAN-1.PT01.jpg").write_bytes(b"\xff\xd8\xff truncated")
    return tmp_path


def _scan(ws: Path, *extra: str) -> None:
    done = CliRunner().invoke(
        cli,
        [
            "scan",
            str(ws / "catalog.csv"),
            "--brands",
            str(ws / "brands.csv"),
            "--no-default-brands",
            "--own-brand",
            "Mine",
            "--images",
            str(ws / "images"),
            "--assets",
            str(ws / "assets"),
            "--out",
            str(ws / "r.xlsx"),
            "--json",
            str(ws / "r.json"),
            "--csv",
            str(ws / "r.csv"),
            *extra,
        ],
    )
    assert done.exit_code == 0, done.output


def _table(ws: openpyxl.worksheet.worksheet.Worksheet) -> list[dict[str, object]]:
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=False)) for row in rows[1:]]


def test_skus_sharing_an_asin_are_one_row_and_one_rank(scanned: Path) -> None:
    _scan(scanned)
    flagged = _table(openpyxl.load_workbook(scanned / "r.xlsx")["Flagged ASINs"])
    page = [row for row in flagged if row["ASIN"] == "B0TEAM0001"]
    assert len(page) == 1
    assert page[0]["SKUs"] == "PAGE-A1, PAGE-A2"
    data = json.loads((scanned / "r.json").read_text(encoding="utf-8"))
    ranks = {item["sku"]: item["rank"] for item in data["listings"]}
    assert ranks["PAGE-A1"] == ranks["PAGE-A2"]
    assert len(data["listings"]) == len(ROWS)


def test_title_words_that_matched_are_highlighted(scanned: Path) -> None:
    _scan(scanned)
    sheet = openpyxl.load_workbook(scanned / "r.xlsx", rich_text=True)["Flagged ASINs"]
    cell = next(row[3] for row in sheet.iter_rows(min_row=2) if row[1].value == "B0TEAM0001")
    assert isinstance(cell.value, CellRichText)
    bold = [part.text for part in cell.value if isinstance(part, TextBlock) and part.font.b]
    assert bold == ["Zeta Rocket"]
    assert str(cell.value) == "Zeta Rocket Boots for hiking"


def test_image_matches_show_both_pictures(scanned: Path) -> None:
    _scan(scanned)
    sheet = openpyxl.load_workbook(scanned / "r.xlsx")["Image matches"]
    rows = _table(sheet)
    assert [(r["ASIN"], r["Asset"], r["Slot"]) for r in rows] == [
        ("B0TEAM0004", "zeta-holdings/mark.png", "MAIN")
    ]
    assert len(sheet._images) == 2  # the listing image and the asset, side by side


def test_run_info_cites_every_input_with_its_sha256(scanned: Path) -> None:
    _scan(scanned)
    rows = list(openpyxl.load_workbook(scanned / "r.xlsx")["Run info"].iter_rows(values_only=True))
    digests = {row[1]: row[3] for row in rows if row[0] in {"export", "asset", "image"}}
    export = scanned / "catalog.csv"
    assert digests[str(export)] == hashlib.sha256(export.read_bytes()).hexdigest()
    assert str(scanned / "assets" / "zeta-holdings" / "mark.png") in digests
    options = {row[0]: row[1] for row in rows if str(row[0]).startswith("Option ")}
    assert options["Option own_brands"] == "Mine"


def test_unreadable_image_is_named_on_its_listing_row(scanned: Path) -> None:
    _scan(scanned)
    listings = _table(openpyxl.load_workbook(scanned / "r.xlsx")["All listings"])
    clean = next(row for row in listings if row["SKU"] == "CLEAN-1")
    assert "CLEAN-1.PT01.jpg" in str(clean["Problems"])


def test_csv_holds_flagged_rows_in_rank_order_and_no_formulas(scanned: Path) -> None:
    _scan(scanned)
    raw = (scanned / "r.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert "CLEAN-1" not in {r["SKU"] for r in rows}
    assert [int(r["Rank"]) for r in rows] == sorted(int(r["Rank"]) for r in rows)
    evil = next(r for r in rows if r["SKU"] == "EVIL-1")
    assert evil["Title"].startswith("'=")


def test_chinese_workbook(scanned: Path) -> None:
    _scan(scanned, "--lang", "zh")
    book = openpyxl.load_workbook(scanned / "r.xlsx")
    assert book.sheetnames[:2] == ["摘要", "需处理的ASIN"]
    flagged = _table(book["需处理的ASIN"])
    page = next(row for row in flagged if row["ASIN"] == "B0TEAM0001")
    assert page["风险等级"] == "高"
    assert "标题提到品牌 Zeta" in str(page["原因"])


def test_explain_prints_the_score_step_by_step(scanned: Path) -> None:
    _scan(scanned)
    done = CliRunner().invoke(cli, ["explain", "B0TEAM0001", "--json", str(scanned / "r.json")])
    assert done.exit_code == 0, done.output
    assert "PAGE-A1" in done.output and "PAGE-A2" in done.output
    assert "weights: 100 x 1 (brand risk high) x 0.85 (field title)" in done.output
    assert "Combined: 100 x (1 - " in done.output
    missing = CliRunner().invoke(cli, ["explain", "B0TEAM0009", "--json", str(scanned / "r.json")])
    assert missing.exit_code == 2
    assert "did you mean" in missing.output


def test_rows_the_reader_left_out_are_on_all_listings_with_their_reason(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.txt"
    catalog.write_text("seller-sku\titem-name\tasin1\tprice\nS1\tMug\tB0LEFT0001\t3\n"
                       "\t\t\t4\n", encoding="utf-8")
    done = CliRunner().invoke(cli, ["scan", str(catalog), "--out", str(tmp_path / "r.xlsx")])
    assert done.exit_code == 0, done.output
    rows = _table(openpyxl.load_workbook(tmp_path / "r.xlsx")["All listings"])
    assert [r["SKU"] for r in rows if r["Level"] != "skipped"] == ["S1"]
    left = [r for r in rows if r["Level"] == "skipped"]
    assert len(left) == 1 and left[0]["Row"] == 3 and left[0]["Problems"]
