"""Merge rows that describe the same SKU (in the same marketplace) across several exports.

A seller often has the All Listings report (ASIN, status) and a flat file (brand, bullets, search
terms) for the same SKUs; one listing with every field is what the detectors need. The first
non-empty value wins, in the order the files were given; rows without a SKU are never merged.
"""

from __future__ import annotations

from dataclasses import replace

from ..model import Listing


def _fill(base: Listing, other: Listing) -> Listing:
    bullets = tuple(
        a or b for a, b in zip(base.bullets or ("",) * 5, other.bullets or ("",) * 5, strict=False)
    )
    return replace(
        base,
        asin=base.asin or other.asin,
        title=base.title or other.title,
        brand=base.brand or other.brand,
        bullets=bullets,
        description=base.description or other.description,
        search_terms=base.search_terms or other.search_terms,
        image_urls=base.image_urls + tuple(u for u in other.image_urls if u not in base.image_urls),
        status=base.status or other.status,
    )


def merge_listings(listings: list[Listing]) -> list[Listing]:
    merged: dict[tuple[str, str], Listing] = {}
    out: list[Listing] = []
    positions: dict[tuple[str, str], int] = {}
    for listing in listings:
        if not listing.sku:
            out.append(listing)
            continue
        key = (listing.sku, listing.marketplace)
        if key in merged:
            merged[key] = _fill(merged[key], listing)
            out[positions[key]] = merged[key]
        else:
            merged[key] = listing
            positions[key] = len(out)
            out.append(listing)
    return out
