"""The weekly-scan project fixture (see weekly_helpers.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from weekly_helpers import CATALOG, Project, draw_logo, logo_on_canvas, plain_product


@pytest.fixture
def project(tmp_path: Path, make_brand_list: Callable[..., Path]) -> Project:
    root = tmp_path
    brands = make_brand_list(
        [
            ("Acme", "Acme Rocket", "Acme Corporation", "trademark", "high"),
            ("Hose Co", "", "Hose Co Ltd", "trademark", "medium"),
        ],
        name="brands.csv",
    )
    assets = root / "assets" / "logo-owner"
    assets.mkdir(parents=True)
    draw_logo().save(assets / "star-logo.png")
    images = root / "images"
    images.mkdir()
    logo_on_canvas().save(images / "B0WEEK0002.MAIN.jpg", quality=85)
    plain_product().save(images / "B0WEEK0003.MAIN.jpg", quality=85)
    plain_product(160).save(images / "B0WEEK0001.MAIN.jpg", quality=85)
    p = Project(root, root / "catalog.csv", brands, images, root / "assets")
    p.write_catalog(CATALOG)
    return p
