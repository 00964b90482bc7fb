"""Files that delete the listings marked Remove, in bulk (FORMATS.md, "Deleting listings in bulk").

Two ways Amazon accepts, because sellers use both:

- the **Inventory Loader** file (Seller Central, Add Products via Upload, "Inventory Files"):
  tab-delimited, one header row; subsets of its columns are accepted, so it holds `sku` and
  `add-delete`. The delete code is `x` (seen in use); `d` is another delete code whose
  difference is not documented, so it is an option (`appeal --delete-code d`), not a guess.
- the **category flat file** alternative: the rows' `item_sku` with `update_delete` = `Delete`,
  to paste into the two columns of the same names in the seller's own category template (the
  template's header rows are specific to its category, so they are not made up here).

SKUs are written exactly as the exports have them: a changed SKU would delete nothing, or
something else. A SKU that cannot stand in a tab-delimited line (a tab or a line break in it)
is left out and reported rather than mangled.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..report.safe import atomic_write
from .review import Reviewed

INVENTORY_LOADER_HEADER: tuple[str, str] = ("sku", "add-delete")
FLAT_FILE_HEADER: tuple[str, str] = ("item_sku", "update_delete")
DELETE_CODES: tuple[str, ...] = ("x", "d")
DEFAULT_DELETE_CODE = "x"
FLAT_FILE_DELETE = "Delete"
#: A tab or line break would split the row; a control character or an undecodable byte (a lone
#: surrogate) would not match the SKU on Amazon's side.
_NOT_IN_A_LINE = re.compile("[\t\r\n\x00-\x1f\x7f\ud800-\udfff]")


@dataclass(slots=True)
class DeleteRows:
    """The SKUs to delete, and the listings that could not be put in the file."""

    skus: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)


def delete_rows(listings: Sequence[Reviewed]) -> DeleteRows:
    """One row per SKU, in the listings' order, each SKU once."""
    rows = DeleteRows()
    seen: set[str] = set()
    for listing in listings:
        sku = listing.sku
        if not sku.strip():
            rows.left_out.append(
                f"{listing.asin or listing.source}: no SKU in the export, so it cannot be "
                "deleted by file; delete it in Seller Central (Manage Inventory)"
            )
        elif _NOT_IN_A_LINE.search(sku):
            rows.left_out.append(
                f"SKU {sku!r} ({listing.asin}): holds a tab, line break, control character or "
                "undecodable byte and cannot stand in a tab-delimited file; delete it in "
                "Seller Central"
            )
        elif sku not in seen:
            seen.add(sku)
            rows.skus.append(sku)
    return rows


def _tab_file(header: tuple[str, str], rows: list[tuple[str, str]]) -> bytes:
    lines = ["\t".join(header), *("\t".join(row) for row in rows)]
    # UTF-8 without a byte-order mark: a BOM would become part of the first header name.
    return ("\r\n".join(lines) + "\r\n").encode("utf-8", errors="strict")


def _write(path: Path, data: bytes) -> None:
    def save(tmp: Path) -> None:
        tmp.write_bytes(data)

    atomic_write(path, save)


def write_inventory_loader(skus: Sequence[str], path: Path, code: str = DEFAULT_DELETE_CODE) -> (
    None
):
    """`sku<TAB>add-delete` and one `SKU<TAB>x` row per listing to delete."""
    if code not in DELETE_CODES:
        raise ValueError(f"delete code {code!r} is not one of {DELETE_CODES}")
    _write(Path(path), _tab_file(INVENTORY_LOADER_HEADER, [(sku, code) for sku in skus]))


def write_flat_file(skus: Sequence[str], path: Path) -> None:
    """`item_sku<TAB>update_delete` and one `SKU<TAB>Delete` row per listing to delete."""
    _write(Path(path), _tab_file(FLAT_FILE_HEADER, [(sku, FLAT_FILE_DELETE) for sku in skus]))
