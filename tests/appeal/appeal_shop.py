"""Helpers for tests/appeal (imported by name; pytest puts this folder on sys.path).

A small seller catalog with one complained listing, and a notice about it, made in tmp_path.

The catalog (scanned with `--no-default-brands` and one tiny brand list, so it is fast):

| SKU | ASIN | what is in it |
|---|---|---|
| ZP-1 | B0APL00001 | the complained listing: "Zephyrco" in its title, a gnome picture |
| ZP-2 | B0APL00002 | "ZEPHYR CO" written apart: the same brand, found only via the complaint |
| ZP-3 | B0APL00003 | no brand words, but the complained listing's gnome picture (resized) |
| AC-1 | B0APL00004 | "Acme" claimed in the brand field: remove |
| AC-2 | B0APL00005 | "Acme Rocket" in the title: fix |
| HC-1 | B0APL00006 | a low-risk brand in the title: review |
| PL-1 | B0APL00007 | clean, with a hostile title (formula, Markdown link, HTML) |
"""

from __future__ import annotations

import csv
from pathlib import Path

from PIL import Image, ImageDraw

from listing_audit.model import CANONICAL_FIELDS

HOSTILE_TITLE = '=HYPERLINK("http://evil.example") [click](http://evil.example) <b>Mug</b>'
CATALOG: list[dict[str, str]] = [
    {"sku": "ZP-1", "asin": "B0APL00001", "title": "Zephyrco Garden Gnome, Hand Painted"},
    {"sku": "ZP-2", "asin": "B0APL00002", "title": "Garden Statue in ZEPHYR CO Style"},
    {"sku": "ZP-3", "asin": "B0APL00003", "title": "Outdoor Lantern for Patio"},
    {"sku": "AC-1", "asin": "B0APL00004", "title": "Rocket Skates", "brand": "Acme"},
    {"sku": "AC-2", "asin": "B0APL00005", "title": "Skates like Acme Rocket"},
    {"sku": "HC-1", "asin": "B0APL00006", "title": "Garden Hose by Hose Co"},
    {"sku": "PL-1", "asin": "B0APL00007", "title": HOSTILE_TITLE},
]
BRANDS = [
    ("Acme", "Acme Rocket", "Acme Corporation", "trademark", "high"),
    ("Hose Co", "", "Hose Co Ltd", "trademark", "low"),
]
NOTICE = """\
From: Amazon <notice-dispute@amazon.com>
Date: Mon, 1 Dec 2025 09:00:00 +0000
Subject: Notice: Policy Warning

ASIN: B0APL00001
Title: Zephyrco Garden Gnome, Hand Painted
Infringement type: Trademark
Complaint ID: 4455667788
Rights owner: Zephyr Holdings Ltd
Rights owner email: legal@zephyr.example
Brand: Zephyrco
"""


def gnome() -> Image.Image:
    """An asymmetric drawing: flat symmetric shapes make unstable perceptual hashes."""
    img = Image.new("RGB", (600, 600), "white")
    d = ImageDraw.Draw(img)
    d.polygon([(300, 40), (180, 300), (420, 300)], fill=(200, 30, 40))
    d.ellipse((190, 260, 410, 480), fill=(240, 200, 160))
    d.rectangle((200, 470, 470, 560), fill=(30, 90, 200))
    d.ellipse((120, 90, 200, 170), fill=(250, 210, 30))
    return img


def lantern() -> Image.Image:
    img = Image.new("RGB", (600, 600), "white")
    d = ImageDraw.Draw(img)
    d.rectangle((220, 120, 380, 500), fill=(40, 40, 40))
    d.rectangle((250, 160, 350, 460), fill=(250, 230, 150))
    d.rectangle((270, 60, 330, 120), fill=(90, 90, 90))
    return img


def write_catalog(folder: Path) -> Path:
    path = folder / "catalog.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(CANONICAL_FIELDS))
        writer.writeheader()
        for row in CATALOG:
            writer.writerow({k: row.get(k, "") for k in CANONICAL_FIELDS})
    return path


def write_brands(folder: Path) -> Path:
    path = folder / "brands.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["brand", "aliases", "owner", "kind", "risk"])
        writer.writerows(BRANDS)
    return path


def write_shop(folder: Path) -> Path:
    """catalog.csv, brands.csv, images/ and notice.txt in `folder`."""
    write_catalog(folder)
    write_brands(folder)
    images = folder / "images"
    images.mkdir()
    gnome().save(images / "B0APL00001.MAIN.jpg", quality=90)
    gnome().resize((500, 500)).save(images / "B0APL00003.MAIN.jpg", quality=75)
    lantern().save(images / "B0APL00003.PT01.jpg", quality=90)
    lantern().save(images / "B0APL00007.MAIN.jpg", quality=90)
    (folder / "notice.txt").write_text(NOTICE, encoding="utf-8")
    return folder


def scan_args(shop: Path, json_name: str, *extra: str) -> list[str]:
    return [
        "scan",
        str(shop / "catalog.csv"),
        "--images",
        str(shop / "images"),
        "--brands",
        str(shop / "brands.csv"),
        "--no-default-brands",
        "--workers",
        "1",
        "--json",
        str(shop / json_name),
        *extra,
    ]

