"""Helpers of the weekly-scan tests: pictures drawn with Pillow, a small project (catalog,
brand list, listing images, one protected logo) and `run_scan`, which runs the real command."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result
from PIL import Image, ImageDraw

from listing_audit.cli import cli

CATALOG: list[dict[str, str]] = [
    {"sku": "SK-ACME", "asin": "B0WEEK0001", "title": "Acme Rocket Skates for Kids",
     "brand": "Brightwave", "status": "Active"},
    {"sku": "SK-LOGO", "asin": "B0WEEK0002", "title": "Sticker Pack", "brand": "Brightwave",
     "status": "Active"},
    {"sku": "SK-MUG", "asin": "B0WEEK0003", "title": "Plain Travel Mug", "brand": "Brightwave",
     "status": "Active"},
    {"sku": "SK-HOSE", "asin": "B0WEEK0004", "title": "Garden Hose by Hose Co",
     "brand": "Brightwave", "status": "Active"},
]


def draw_logo() -> Image.Image:
    """Busy and asymmetric, so its hashes are reliable (see tests/images/conftest.py)."""
    img = Image.new("RGBA", (300, 300), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.ellipse((20, 20, 280, 280), fill=(30, 90, 200, 255))
    d.polygon([(40, 230), (110, 30), (260, 180)], fill=(250, 210, 30, 255))
    d.rectangle((150, 150, 270, 200), fill=(200, 30, 40, 255))
    return img


def logo_on_canvas(size: int = 900) -> Image.Image:
    canvas = Image.new("RGB", (size, size), "white")
    logo = draw_logo().resize((size // 2, size // 2))
    canvas.paste(logo, (size // 4, size // 4), logo)
    return canvas


def plain_product(shade: int = 90) -> Image.Image:
    img = Image.new("RGB", (600, 600), "white")
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((180, 100, 420, 500), radius=50, fill=(shade, 140, 90))
    d.rectangle((220, 60, 380, 110), fill=(40, 40, 40))
    return img


@dataclass
class Project:
    root: Path
    catalog: Path
    brands: Path
    images: Path
    assets: Path

    def write_catalog(self, rows: list[dict[str, str]]) -> None:
        import csv

        from listing_audit.model import CANONICAL_FIELDS

        with self.catalog.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(CANONICAL_FIELDS))
            writer.writeheader()
            for row in rows:
                writer.writerow({k: row.get(k, "") for k in CANONICAL_FIELDS})

    def args(self, *extra: str) -> list[str]:
        return [
            "scan", str(self.catalog),
            "--images", str(self.images),
            "--assets", str(self.assets),
            "--brands", str(self.brands),
            "--no-default-brands",
            "--own-brand", "Brightwave",
            "--workers", "1",
            *extra,
        ]


@dataclass
class Scan:
    code: int
    output: str
    data: dict[str, Any]
    result: Result


def run_scan(project: Project, name: str, *extra: str) -> Scan:
    """`listing-audit scan` on the project, writing `name`.xlsx and `name`.json in its root."""
    out, js = project.root / f"{name}.xlsx", project.root / f"{name}.json"
    done = CliRunner().invoke(cli, project.args("--out", str(out), "--json", str(js), *extra))
    data = json.loads(js.read_text(encoding="utf-8")) if js.exists() else {}
    return Scan(done.exit_code, done.output, data, done)


def by_sku(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["sku"]: item for item in data["listings"]}
