"""Several files at once: merged by SKU and marketplace, conflicts reported, variations linked."""

from __future__ import annotations

from pathlib import Path

from export_samples import (
    SAMPLES,
    US,
    write_all_listings_report,
    write_flat_txt,
    write_rows,
)

from listing_audit.exports.merge import merge_listings
from listing_audit.exports.reader import read_exports
from listing_audit.model import Listing

REPORT = ["seller-sku", "asin1", "item-name", "quantity", "status"]
FLAT = [
    ["TemplateType=fptcustom", "Version=2021.1008"],
    ["Seller SKU", "Product Name", "Brand Name", "Key Product Features", "Search Terms"],
    ["item_sku", "item_name", "brand_name", "bullet_point1", "generic_keywords"],
]


def test_report_and_flat_file_merge_into_one_listing(tmp_path: Path) -> None:
    report = write_rows(
        tmp_path / "all.txt",
        [REPORT, ["S1", "B0S1000001", "Tumbler 40oz", "7", "Active"]],
    )
    flat = write_rows(
        tmp_path / "cat.txt",
        [*FLAT, ["S1", "Tumbler 40oz", "Acme", "Keeps cold", "tumbler cup"]],
    )
    result = read_exports([report, flat])
    assert result.rows == 2 and result.listings_read == 2 and result.merged == 1
    (listing,) = result.listings
    assert (listing.asin, listing.quantity, listing.status) == ("B0S1000001", "7", "Active")
    assert (listing.brand, listing.bullets[0], listing.search_terms) == (
        "Acme",
        "Keeps cold",
        "tumbler cup",
    )
    assert listing.sources == (f"{report}:2", f"{flat}:4")
    assert not [s for s in result.skipped if "differs" in s.reason]


def test_conflicts_are_reported_with_both_values_and_the_first_file_wins(
    tmp_path: Path,
) -> None:
    report = write_rows(
        tmp_path / "all.txt", [REPORT, ["S1", "B0S1000001", "Live title on Amazon", "7", ""]]
    )
    flat = write_rows(tmp_path / "cat.txt", [*FLAT, ["S1", "Nike style tumbler", "Acme", "", ""]])
    result = read_exports([report, flat])
    (listing,) = result.listings
    assert listing.title == "Live title on Amazon"
    (conflict,) = [s for s in result.skipped if "differs" in s.reason]
    assert conflict.kept and conflict.column == "title" and conflict.row == 4
    assert "'Live title on Amazon'" in conflict.reason
    assert "'Nike style tumbler'" in conflict.reason
    # Given the other way round, the flat file's title is kept and the report's reported.
    swapped = read_exports([flat, report])
    assert swapped.listings[0].title == "Nike style tumbler"


def test_report_rows_fill_every_marketplace_of_a_template_sku(tmp_path: Path) -> None:
    template = SAMPLES["template_xlsx"](tmp_path)
    report = write_rows(
        tmp_path / "all.txt",
        [REPORT, ["TEE-RED-M", "B0TEMPL001", "", "25", "Active"], ["TEE-P", "", "", "", ""]],
    )
    result = read_exports([template, report])
    red = [lst for lst in result.listings if lst.sku == "TEE-RED-M"]
    assert [lst.marketplace for lst in red] == [US, "A1PA6795UKMFR9"]
    assert all(lst.status == "Active" for lst in red)
    assert red[1].asin == "B0TEMPL001"  # filled from the report
    assert result.merged == 2  # both report rows folded into the template's listings
    assert len(result.listings) == result.listings_read - result.merged


def test_duplicate_sku_in_one_file_is_merged_and_said_so(tmp_path: Path) -> None:
    path = write_rows(
        tmp_path / "dup.txt",
        [REPORT, ["S1", "B01", "Mug", "1", ""], ["S1", "B01", "", "", "Active"]],
    )
    result = read_exports([path])
    assert len(result.listings) == 1 and result.listings[0].status == "Active"
    assert any("appears again; merged with row 2" in s.reason for s in result.skipped)


def test_variation_parents_kept_and_children_linked(tmp_path: Path) -> None:
    result = read_exports([write_flat_txt(tmp_path / "flat.txt")])
    skus = {lst.sku: lst for lst in result.listings}
    assert skus["TUMBLER-P"].variation == "parent"
    assert skus["TUMBLER-RED"].parent_sku == "TUMBLER-P"
    assert not [s for s in result.skipped if s.column == "parent_sku"]


def test_child_whose_parent_is_missing_is_reported(tmp_path: Path) -> None:
    path = write_rows(
        tmp_path / "flat.txt",
        [
            ["TemplateType=fptcustom"],
            ["Seller SKU", "Product Name", "Parent SKU"],
            ["item_sku", "item_name", "parent_sku"],
            ["C1", "Red shirt", "P-MISSING"],
            ["C2", "Blue shirt", "P-MISSING"],
        ],
    )
    result = read_exports([path])
    assert all(lst.variation == "child" for lst in result.listings)
    (note,) = [s for s in result.skipped if s.column == "parent_sku"]
    assert "'P-MISSING'" in note.reason and "1 more children" in note.reason


def test_rows_without_sku_are_never_merged() -> None:
    a = Listing(sku="", title="A", source="f", row=2)
    b = Listing(sku="", title="B", source="f", row=3)
    assert [lst.title for lst in merge_listings([a, b]).listings] == ["A", "B"]


def test_bullets_merge_slot_by_slot() -> None:
    a = Listing(sku="S", bullets=("one", ""), source="a", row=2)
    b = Listing(sku="S", bullets=("", "two", "three"), source="b", row=2)
    merged = merge_listings([a, b])
    assert merged.listings[0].bullets == ("one", "two", "three")
    assert merged.notes == []


def test_report_and_inventory_report_merge_unchanged_ids(tmp_path: Path) -> None:
    report = write_all_listings_report(tmp_path / "all.txt")
    result = read_exports([report, report])
    assert [lst.sku for lst in result.listings] == ["00042", "SKU-2", "1.23457E+11"]
    assert result.merged == 3
