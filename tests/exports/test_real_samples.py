"""Real exports from ../shared/sample_exports_real (skipped when that folder is absent)."""

from __future__ import annotations

from pathlib import Path

from listing_audit.exports.formats import INVENTORY_REPORT
from listing_audit.exports.reader import read_exports


def test_uk_all_listings_report_field_by_field(shared_samples: Path) -> None:
    path = shared_samples / "merchant_listings_all_data_uk_zynk_docs.txt"
    result = read_exports([path])
    (info,) = result.files
    assert info.format == INVENTORY_REPORT
    assert (info.lines, info.header_rows, info.rows, info.bad_rows) == (4, 1, 3, 0)
    assert result.skipped == []
    got = [
        (lst.sku, lst.asin, lst.title, lst.status, lst.quantity, lst.fulfillment, lst.row)
        for lst in result.listings
    ]
    assert got == [
        ("1234567", "B01I53BE4O", "Vest", "Active", "1", "DEFAULT", 2),
        ("35-GFRR-W3VC", "B004ADOCTI", "Survive The Vibe [Audio CD]", "Active", "1", "DEFAULT", 3),
        ("ATV2", "B0041IZHVO", "Apple TV 2, MC572FD_A", "Inactive", "1", "DEFAULT", 4),
    ]
    for listing in result.listings:
        assert listing.description == "" and listing.image_urls == ()
        assert listing.marketplace == "" and listing.variation == ""


def test_every_real_sample_reads_and_reconciles(shared_samples: Path) -> None:
    exports = [p for p in sorted(shared_samples.iterdir()) if p.suffix in {".txt", ".xlsx"}]
    assert exports
    for path in exports:
        result = read_exports([path])
        (info,) = result.files
        assert info.reconciles(), path
        assert info.rows == info.rows_kept + info.bad_rows
