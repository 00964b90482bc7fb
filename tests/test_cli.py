"""The command line end to end, on a catalog, images and assets generated here."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from PIL import Image, ImageDraw

from listing_audit.cli import cli

CATALOG = [
    {
        "sku": "00017",
        "asin": "B0CLI00001",
        "title": "Acme Rocket Skates for Kids",
        "brand": "Zephyr",
        "status": "Active",
    },
    {
        "sku": "SK-2",
        "asin": "B0CLI00002",
        "title": "Garden Hose 50ft",
        "brand": "Zephyr",
        "search_terms": "hose zephyr",
        "status": "Active",
    },
    {
        "sku": "SK-3",
        "asin": "B0CLI00003",
        "title": "Plain Travel Mug",
        "brand": "Acme",
        "status": "Active",
    },
    {
        "sku": "SK-4",
        "asin": "B0CLI00004",
        "title": "Sticker Pack",
        "brand": "Zephyr",
        "status": "Inactive",
    },
    {"sku": "SK-5", "asin": "", "title": "Draft listing without ASIN", "status": "Incomplete"},
]


def _logo() -> Image.Image:
    img = Image.new("RGBA", (300, 300), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    # Asymmetric on purpose: pHash bits of a mirror-symmetric flat logo sit on the median and
    # flip under JPEG noise (measured: 12 of 64 bits for a symmetric one; see issue 5).
    d.ellipse((20, 20, 280, 280), fill=(30, 90, 200, 255))
    d.polygon([(40, 230), (110, 30), (260, 180)], fill=(250, 210, 30, 255))
    d.rectangle((150, 150, 270, 200), fill=(200, 30, 40, 255))
    return img


def _plain_product() -> Image.Image:
    img = Image.new("RGB", (800, 800), "white")
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((250, 150, 550, 650), radius=60, fill=(90, 140, 90))
    d.rectangle((300, 100, 500, 160), fill=(40, 40, 40))
    return img


@pytest.fixture
def workspace(tmp_path: Path, make_export, make_brand_list) -> Path:
    make_export(CATALOG, fmt="csv", name="catalog.csv")
    make_brand_list(
        [
            ("Acme", "Acme Rocket", "Acme Corporation", "trademark", "high"),
            ("Hose Co", "", "Hose Co Ltd", "trademark", "low"),
        ],
        name="brands.csv",
    )
    assets = tmp_path / "assets" / "logo-owner"
    assets.mkdir(parents=True)
    _logo().save(assets / "star-logo.png")
    images = tmp_path / "images"
    images.mkdir()
    canvas = Image.new("RGB", (1200, 1200), "white")
    logo = _logo().resize((600, 600))
    canvas.paste(logo, (300, 300), logo)
    canvas.save(images / "B0CLI00004.MAIN.jpg", quality=70)
    _plain_product().save(images / "SK-3.jpg")
    (images / "B0CLI00002.MAIN.jpg").write_bytes(b"this is not a picture")
    return tmp_path


def _scan(workspace: Path, *extra: str) -> tuple[int, str, dict]:
    runner = CliRunner()
    args = [
        "scan",
        str(workspace / "catalog.csv"),
        "--images",
        str(workspace / "images"),
        "--assets",
        str(workspace / "assets"),
        "--brands",
        str(workspace / "brands.csv"),
        "--no-default-brands",
        "--own-brand",
        "Zephyr",
        "--json",
        str(workspace / "r.json"),
        "--out",
        str(workspace / "r.xlsx"),
        *extra,
    ]
    done = runner.invoke(cli, args)
    data = (
        json.loads((workspace / "r.json").read_text(encoding="utf-8"))
        if (workspace / "r.json").exists()
        else {}
    )
    return done.exit_code, done.output, data


def test_scan_writes_both_reports_with_every_listing_once(workspace: Path) -> None:
    code, output, data = _scan(workspace)
    assert code == 0, output
    assert data["schema"] == "listing-audit/1"
    assert sorted(item["sku"] for item in data["listings"]) == sorted(r["sku"] for r in CATALOG)
    assert data["summary"]["listings"] == len(CATALOG)
    by_sku = {item["sku"]: item for item in data["listings"]}
    # Text: a protected brand in the title; the own brand in search terms.
    assert by_sku["00017"]["risk_level"] == "high"
    assert by_sku["00017"]["findings"][0]["matched_text"] == "Acme Rocket"
    assert by_sku["SK-3"]["findings"][0]["field"] == "brand"
    assert any(
        f["brand"] == "Zephyr" and f["field"] == "search_terms" for f in by_sku["SK-2"]["findings"]
    )
    # Image: the protected logo placed on a white canvas as the MAIN image.
    image_findings = [f for f in by_sku["SK-4"]["findings"] if f["kind"] == "image"]
    assert image_findings and image_findings[0]["owner"] == "logo-owner"
    assert by_sku["SK-4"]["action"] == "remove"
    # The plain product photo is not a match; the unreadable image is reported, not fatal.
    assert not [f for f in by_sku["SK-3"]["findings"] if f["kind"] == "image"]
    assert any("B0CLI00002.MAIN.jpg" in s["file"] for s in data["skipped"])
    assert [item["rank"] for item in data["listings"]] == list(range(1, len(CATALOG) + 1))
    assert "Scanned 5 listings" in output

    book = openpyxl.load_workbook(workspace / "r.xlsx")
    assert {"Summary", "Flagged ASINs", "Findings", "All listings"} <= set(book.sheetnames)
    all_rows = list(book["All listings"].iter_rows(min_row=2, values_only=True))
    assert len(all_rows) == len(CATALOG)


def test_fail_on_high_exits_1(workspace: Path) -> None:
    code, _, _ = _scan(workspace, "--fail-on", "high")
    assert code == 1


def test_fail_on_never_is_default(workspace: Path) -> None:
    assert _scan(workspace)[0] == 0


def test_missing_export_exits_2_with_message(tmp_path: Path) -> None:
    done = CliRunner().invoke(
        cli, ["scan", str(tmp_path / "nope.txt"), "--json", str(tmp_path / "r.json")]
    )
    assert done.exit_code == 2
    assert "nope.txt" in done.output and "not found" in done.output
    assert "Traceback" not in done.output


def test_unwritable_output_folder_fails_before_scanning(workspace: Path) -> None:
    done = CliRunner().invoke(
        cli,
        [
            "scan",
            str(workspace / "catalog.csv"),
            "--out",
            str(workspace / "no" / "such" / "dir" / "r.xlsx"),
        ],
    )
    assert done.exit_code == 2
    assert "r.xlsx" in done.output or "dir" in done.output


def test_bad_rules_file_exits_2(workspace: Path) -> None:
    rules = workspace / "rules.toml"
    rules.write_text("[levels]\nhihg = 3\n", encoding="utf-8")
    code, output, _ = _scan(workspace, "--rules", str(rules))
    assert code == 2
    assert "did you mean 'levels.high'" in output


def test_missing_images_folder_exits_2(workspace: Path) -> None:
    done = CliRunner().invoke(
        cli, ["scan", str(workspace / "catalog.csv"), "--images", str(workspace / "nowhere")]
    )
    assert done.exit_code == 2
    assert "--images folder not found" in done.output


def test_demo_runs_on_bundled_samples(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(cli, ["demo"])
    assert done.exit_code == 0, done.output
    assert (tmp_path / "listing-audit-demo.xlsx").stat().st_size > 0
    data = json.loads((tmp_path / "listing-audit-demo.json").read_text(encoding="utf-8"))
    levels = {item["sku"]: item["risk_level"] for item in data["listings"]}
    assert levels["BW-SHOE-01"] == "high"  # Nike claimed in the brand field
    assert levels["BW-TOY-37"] == "high"  # protected character as the MAIN image
    assert levels["BW-MUG-14"] in {"medium", "low"}  # own brand in search terms only
    assert levels["BW-SPAT-15"] == "none"
    assert len(levels) == 36


def test_python_dash_m_works() -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "listing_audit", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "listing-audit" in done.stdout
