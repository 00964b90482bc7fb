"""Factories that generate inputs in tmp_path: exports in their real formats, brand lists."""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from listing_audit.model import CANONICAL_FIELDS

ALL_LISTINGS_HEADER = [
    "item-name",
    "item-description",
    "listing-id",
    "seller-sku",
    "price",
    "quantity",
    "open-date",
    "image-url",
    "item-is-marketplace",
    "product-id-type",
    "zshop-shipping-fee",
    "item-note",
    "item-condition",
    "zshop-category1",
    "zshop-browse-path",
    "zshop-storefront-feature",
    "asin1",
    "asin2",
    "asin3",
    "will-ship-internationally",
    "expedited-shipping",
    "zshop-boldface",
    "product-id",
    "bid-for-featured-placement",
    "add-delete",
    "pending-quantity",
    "fulfillment-channel",
    "merchant-shipping-group",
    "status",
]

# Canonical field -> All Listings report column.
_TO_ALL_LISTINGS = {
    "title": "item-name",
    "description": "item-description",
    "sku": "seller-sku",
    "asin": "asin1",
    "image_urls": "image-url",
    "status": "status",
}

MakeExport = Callable[..., Path]


def write_all_listings(
    path: Path, rows: Sequence[dict[str, str]], encoding: str = "utf-8", newline: str = "\n"
) -> Path:
    """An All Listings report as Amazon writes it: tab-delimited, unquoted, header first."""
    lines = ["\t".join(ALL_LISTINGS_HEADER)]
    for row in rows:
        values = dict.fromkeys(ALL_LISTINGS_HEADER, "")
        for key, value in row.items():
            values[_TO_ALL_LISTINGS.get(key, key)] = value
        lines.append("\t".join(values[h] for h in ALL_LISTINGS_HEADER))
    path.write_bytes((newline.join(lines) + newline).encode(encoding))
    return path


def write_canonical_csv(
    path: Path, rows: Sequence[dict[str, str]], encoding: str = "utf-8"
) -> Path:
    with path.open("w", newline="", encoding=encoding) as fh:
        writer = csv.DictWriter(fh, fieldnames=list(CANONICAL_FIELDS))
        writer.writeheader()
        for row in rows:
            writer.writerow({k: row.get(k, "") for k in CANONICAL_FIELDS})
    return path


def write_canonical_xlsx(path: Path, rows: Sequence[dict[str, str]]) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Listings"
    sheet.append(list(CANONICAL_FIELDS))
    for row in rows:
        sheet.append([row.get(k, "") for k in CANONICAL_FIELDS])
    book.save(path)
    return path


@pytest.fixture
def make_export(tmp_path: Path) -> MakeExport:
    """make_export(rows, fmt="all_listings"|"csv"|"xlsx", encoding=..., name=...) -> path."""

    def make(
        rows: Sequence[dict[str, str]],
        fmt: str = "all_listings",
        encoding: str = "utf-8",
        name: str | None = None,
    ) -> Path:
        suffix = {"all_listings": ".txt", "csv": ".csv", "xlsx": ".xlsx"}[fmt]
        path = tmp_path / (name or f"export_{fmt}{suffix}")
        if fmt == "all_listings":
            return write_all_listings(path, rows, encoding)
        if fmt == "csv":
            return write_canonical_csv(path, rows, encoding)
        return write_canonical_xlsx(path, rows)

    return make


BRAND_HEADER = ["brand", "aliases", "owner", "kind", "risk", "notes", "source"]


def write_brand_list(path: Path, rows: Sequence[Sequence[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(BRAND_HEADER)
        for row in rows:
            writer.writerow(list(row) + [""] * (len(BRAND_HEADER) - len(row)))
    return path


@pytest.fixture(scope="session")
def brand_list_writer() -> Callable[[Path, Sequence[Sequence[str]]], Path]:
    """`write_brand_list` for fixtures of wider scope than a test (no tmp_path there)."""
    return write_brand_list


@pytest.fixture
def make_brand_list(tmp_path: Path) -> Callable[..., Path]:
    """make_brand_list([(brand, aliases, owner, kind, risk, notes), ...]) -> path."""

    def make(rows: Sequence[Sequence[str]], name: str = "brands.csv") -> Path:
        return write_brand_list(tmp_path / name, rows)

    return make
