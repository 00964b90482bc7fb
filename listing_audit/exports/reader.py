"""Read listing exports into `Listing`s: find the header row, map columns, keep every row.

The header row is found by its content (the row whose cells name the most known fields within the
first rows), never by position or file name, so a flat file's three header rows and a plain CSV
read alike. Rows that cannot be used are reported with their row number; rows that can be used
are kept even when short or long (the difference is reported).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..model import BULLET_FIELDS, Listing, Skipped
from .headers import MULTI_VALUE, map_header
from .merge import merge_listings
from .tables import RawTable, read_table

HEADER_SEARCH_ROWS = 12
#: Fields that identify a listing: a header row must name at least one of them.
KEY_FIELDS = frozenset({"sku", "asin", "title"})


@dataclass(slots=True)
class ReadResult:
    listings: list[Listing]
    skipped: list[Skipped]
    rows: int  # data rows read across all files, before merging


def _find_header(table: RawTable) -> tuple[int, dict[int, str]] | None:
    """(index of the header row, column index -> field) or None when no row looks like one."""
    best: tuple[int, dict[int, str]] | None = None
    best_score = 0
    for index, row in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        mapping: dict[int, str] = {}
        for col, cell in enumerate(row.cells):
            field = map_header(cell) if cell else None
            if field and (field in MULTI_VALUE or field not in mapping.values()):
                mapping[col] = field
        fields = set(mapping.values())
        if not fields & KEY_FIELDS:
            continue
        score = len(fields)
        if score > best_score:
            best, best_score = (index, mapping), score
    return best


def _value(cells: list[str], col: int) -> str:
    return cells[col].strip() if col < len(cells) else ""


def _listing_from_row(
    cells: list[str], mapping: dict[int, str], source: str, number: int
) -> Listing:
    values: dict[str, str] = {}
    image_urls: list[str] = []
    for col, field in mapping.items():
        value = _value(cells, col)
        if field in MULTI_VALUE:
            image_urls.extend(part for part in value.split("|") if part.strip())
        elif value and not values.get(field):
            values[field] = value
    asin = values.get("asin", "")
    if not asin and values.get("product_id_type", "").strip() in {"1", "ASIN"}:
        asin = values.get("product_id", "")
    if not asin and values.get("external_product_id_type", "").upper() == "ASIN":
        asin = values.get("external_product_id", "")
    return Listing(
        sku=values.get("sku", ""),
        asin=asin.upper() or None,
        title=values.get("title", ""),
        brand=values.get("brand", ""),
        bullets=tuple(values.get(name, "") for name in BULLET_FIELDS),
        description=values.get("description", ""),
        search_terms=values.get("search_terms", ""),
        image_urls=tuple(u.strip() for u in image_urls),
        marketplace=values.get("marketplace", ""),
        status=values.get("status", ""),
        source=source,
        row=number,
    )


def read_table_listings(table: RawTable) -> tuple[list[Listing], list[Skipped]] | None:
    """Listings from one table, or None when the table has no recognisable header."""
    found = _find_header(table)
    if found is None:
        return None
    header_index, mapping = found
    width = len(table.rows[header_index].cells)
    listings: list[Listing] = []
    skipped: list[Skipped] = []
    source = table.path + (f" [{table.sheet}]" if table.sheet else "")
    for row in table.rows[header_index + 1 :]:
        if not any(cell.strip() for cell in row.cells):
            continue
        # Legacy flat files put an example or label row under the attribute names.
        if row.cells and row.cells[0].startswith("TemplateType="):
            continue
        listing = _listing_from_row(row.cells, mapping, source, row.number)
        if not (listing.sku or listing.asin or listing.title):
            skipped.append(
                Skipped(source, "row has no SKU, ASIN or title; left out", row=row.number)
            )
            continue
        n = len(row.cells)
        if n < width and max(mapping) >= n:
            skipped.append(
                Skipped(
                    source,
                    f"row has {n} fields, the header has {width}; "
                    "missing fields read as empty (row kept)",
                    row=row.number,
                )
            )
        elif n > width and any(cell.strip() for cell in row.cells[width:]):
            skipped.append(
                Skipped(
                    source,
                    f"row has {n} fields, the header has {width}; "
                    "the extra fields were ignored (row kept) - check for tabs "
                    "inside a title",
                    row=row.number,
                )
            )
        listings.append(listing)
    return listings, skipped


def read_exports(paths: list[Path], encoding: str | None = None) -> ReadResult:
    """Read every export; raise InputError when a file holds no recognisable listing table."""
    listings: list[Listing] = []
    skipped: list[Skipped] = []
    for path in paths:
        tables = read_table(path, encoding)
        found_any = False
        for table in tables:
            got = read_table_listings(table)
            if got is None:
                continue
            found_any = True
            listings.extend(got[0])
            skipped.extend(got[1])
        if not found_any:
            raise InputError(
                str(path),
                "no header row naming a SKU, ASIN or title column was found",
                "give an All Listings report, a flat file, or a CSV/XLSX with the columns "
                "sku, asin, title, brand, bullet_point1..5, description, search_terms",
            )
    rows = len(listings)
    return ReadResult(merge_listings(listings), skipped, rows)
