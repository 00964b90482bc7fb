"""Merge rows that describe the same SKU in the same marketplace, across several exports.

A seller often has the All Listings report (ASIN, status, quantity) and a Category Listings report
or flat file (brand, bullets, search terms) for the same SKUs; one listing with every field is
what the detectors need. Rules:

- The key is (SKU, marketplace, language). A row without a marketplace (inventory reports and
  legacy flat files carry none) belongs to every marketplace its SKU is listed in: it fills each.
- Empty fields are filled from the other row. When both rows hold different values, the value of
  the file given first is kept and the conflict is reported with both values - never resolved
  silently (issue 3).
- Rows without a SKU are never merged.
- Variation parents are kept and marked; a child whose parent SKU is in none of the files read is
  reported, so a parent's title (which shoppers see) is not missed unknowingly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Listing, Skipped

#: Fields compared and filled, in the order a seller reads them.
SCALAR_FIELDS: tuple[str, ...] = (
    "asin",
    "title",
    "brand",
    "description",
    "search_terms",
    "status",
    "quantity",
    "fulfillment",
    "variation",
    "parent_sku",
)
_SHOW = 80
#: SKUs repeated within one file are listed up to this many, then counted.
REPEAT_CAP = 50


@dataclass(slots=True)
class MergeResult:
    listings: list[Listing]
    merged: int = 0  # listings folded into another one
    notes: list[Skipped] = field(default_factory=list)


def _short(text: str) -> str:
    return repr(text if len(text) <= _SHOW else text[: _SHOW - 1] + "…")


def _where(listing: Listing) -> str:
    return f"{Path(listing.source).name} row {listing.row}"


def _same(name: str, a: str, b: str) -> bool:
    if name == "asin":
        return a.strip().upper() == b.strip().upper()
    return " ".join(a.split()) == " ".join(b.split())


def _fold(base: Listing, other: Listing, notes: list[Skipped], prefer_other: bool) -> None:
    """Fill `base` from `other` in place; report fields where both hold different values.
    `prefer_other` keeps other's value on a conflict (it came from a file given earlier)."""
    label = f"SKU {base.sku!r}" + (f" ({base.marketplace})" if base.marketplace else "")
    first, second = (other, base) if prefer_other else (base, other)

    def conflict(name: str, kept: str, dropped: str) -> None:
        notes.append(
            Skipped(
                file=second.source,
                row=second.row,
                column=name,
                reason=(
                    f"{label}: {name} differs from {_where(first)}; kept {_short(kept)} "
                    f"from there, this row has {_short(dropped)}"
                ),
                kept=True,
            )
        )

    for name in SCALAR_FIELDS:
        mine, theirs = getattr(base, name) or "", getattr(other, name) or ""
        if not theirs:
            continue
        if not mine:
            setattr(base, name, theirs)
        elif not _same(name, mine, theirs):
            kept, dropped = (theirs, mine) if prefer_other else (mine, theirs)
            setattr(base, name, kept)
            conflict(name, kept, dropped)
    size = max(len(base.bullets), len(other.bullets))
    mine_b = base.bullets + ("",) * (size - len(base.bullets))
    theirs_b = other.bullets + ("",) * (size - len(other.bullets))
    bullets: list[str] = []
    for i, (a, b) in enumerate(zip(mine_b, theirs_b, strict=True), start=1):
        if a and b and not _same("bullet", a, b):
            kept, dropped = (b, a) if prefer_other else (a, b)
            conflict(f"bullet_point{i}", kept, dropped)
            bullets.append(kept)
        else:
            bullets.append(a or b)
    base.bullets = tuple(bullets)
    first_urls, second_urls = (
        (other.image_urls, base.image_urls) if prefer_other else (base.image_urls, other.image_urls)
    )
    base.image_urls = tuple(dict.fromkeys((*first_urls, *second_urls)))
    if prefer_other:
        base.source, base.row = other.source, other.row
    base.sources = tuple(
        dict.fromkeys(
            (
                *(base.sources or (f"{base.source}:{base.row}",)),
                *(other.sources or (f"{other.source}:{other.row}",)),
            )
        )
    )


def merge_listings(listings: Iterable[Listing]) -> MergeResult:
    """Listings in the order first seen, one per SKU and marketplace; see the module docstring."""
    out: list[Listing | None] = []
    order: list[int] = []  # position in the input, to know which file came first
    by_key: dict[tuple[str, str, str], int] = {}
    result = MergeResult([])
    repeats = 0
    repeated_in = ""
    for position, listing in enumerate(listings):
        if not listing.sku:
            out.append(listing)
            order.append(position)
            continue
        key = (listing.sku, listing.marketplace, listing.language)
        index = by_key.get(key)
        if index is None:
            by_key[key] = len(out)
            out.append(listing)
            order.append(position)
            continue
        base = out[index]
        assert base is not None
        if base.source == listing.source:
            repeats += 1
            repeated_in = listing.source
            if repeats <= REPEAT_CAP:
                result.notes.append(
                    Skipped(
                        file=listing.source,
                        row=listing.row,
                        column="sku",
                        reason=f"SKU {listing.sku!r} appears again; merged with row {base.row}",
                        kept=True,
                    )
                )
        _fold(base, listing, result.notes, prefer_other=False)
        result.merged += 1
    if repeats > REPEAT_CAP:
        result.notes.append(
            Skipped(
                file=repeated_in,
                reason=f"{repeats - REPEAT_CAP:,} more SKUs appear again in the same file (the "
                "same file given twice?); merged",
                kept=True,
            )
        )
    # A row without marketplace fills every marketplace of its SKU.
    marked: dict[str, list[int]] = {}
    for (sku, market, language), index in by_key.items():
        if market or language:
            marked.setdefault(sku, []).append(index)
    for (sku, market, language), index in by_key.items():
        if market or language or sku not in marked:
            continue
        plain = out[index]
        assert plain is not None
        for target in marked[sku]:
            base = out[target]
            assert base is not None
            _fold(base, plain, result.notes, prefer_other=order[index] < order[target])
        out[index] = None
        result.merged += 1
    result.listings = [listing for listing in out if listing is not None]
    _link_variations(result)
    return result


def _link_variations(result: MergeResult) -> None:
    skus = {listing.sku for listing in result.listings if listing.sku}
    missing: dict[str, list[Listing]] = {}
    for listing in result.listings:
        if listing.parent_sku and not listing.variation:
            listing.variation = "child"
        if listing.parent_sku and listing.parent_sku not in skus:
            missing.setdefault(listing.parent_sku, []).append(listing)
    for parent, children in missing.items():
        first = children[0]
        more = f" (and {len(children) - 1} more children)" if len(children) > 1 else ""
        result.notes.append(
            Skipped(
                file=first.source,
                row=first.row,
                column="parent_sku",
                reason=(
                    f"parent SKU {parent!r} of {first.sku!r}{more} is in none of the files read; "
                    "its title and bullets were not checked - add the file that lists it"
                ),
                kept=True,
            )
        )
