"""Recognise an export by its content: where the header row is, which format family it is, and,
when nothing fits, which known format it is nearest to.

Never by file name or column position (FORMATS.md). The header row is the row within the first
rows that names the most known fields and includes a SKU column; templates that say where their
rows are (`settings=...labelRow=4&attributeRow=5&dataRow=7` in A1) are taken at their word.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote

from ..model import CANONICAL_FIELDS
from .columns import ColumnPlan, build_plan
from .headers import header_key, header_language, is_attribute_path, map_header
from .tabs import RawRow

HEAD_ROWS = 30
_MACHINE = re.compile(r"^[a-z0-9_\-:.#\[\]=]+$")
_QUALIFIERS = re.compile(r"\[[^\]]*\]")
LANGUAGE_NAMES = {
    "ja": "Japanese",
    "de": "German",
    "fr": "French",
    "it": "Italian",
    "es": "Spanish",
    "zh": "Chinese",
    "pl": "Polish",
}

ALL_LISTINGS_HEADER = (
    "item-name, item-description, listing-id, seller-sku, price, quantity, open-date, image-url, "
    "item-is-marketplace, product-id-type, zshop-shipping-fee, item-note, item-condition, "
    "zshop-category1, zshop-browse-path, zshop-storefront-feature, asin1, asin2, asin3, "
    "will-ship-internationally, expedited-shipping, zshop-boldface, product-id, "
    "bid-for-featured-placement, add-delete, pending-quantity, fulfillment-channel, "
    "merchant-shipping-group, status"
).split(", ")

INVENTORY_REPORT = "inventory report (All/Active/Inactive Listings)"
OPEN_LISTINGS = "Open Listings report"
LITE_REPORT = "listings report (lite)"
FLAT_FILE = "Category Listings report / flat file (three header rows)"
TEMPLATE = "listing template (attribute paths)"
CANONICAL = "table with the canonical columns"
MAPPED = "table read with --map"
OTHER = "table with recognised columns"

#: What each known format's header looks like, for "nearest known format" messages.
SIGNATURES: dict[str, tuple[str, ...]] = {
    "All Listings report": tuple(ALL_LISTINGS_HEADER),
    OPEN_LISTINGS: ("sku", "asin", "price", "quantity"),
    LITE_REPORT: ("seller-sku", "quantity", "price", "product-id"),
    FLAT_FILE: (
        "feed_product_type",
        "item_sku",
        "brand_name",
        "item_name",
        "external_product_id",
        "external_product_id_type",
        "product_description",
        "bullet_point1",
        "generic_keywords",
        "main_image_url",
        "parent_child",
        "parent_sku",
        "update_delete",
    ),
    TEMPLATE: (
        "contribution_sku#1.value",
        "product_type#1.value",
        "::record_action",
        "item_name#1.value",
        "brand#1.value",
        "bullet_point#1.value",
        "product_description#1.value",
        "generic_keyword#1.value",
        "main_product_image_locator#1.media_location",
    ),
    "CSV/XLSX with the canonical columns": CANONICAL_FIELDS,
}
_LEGACY_NAMES = frozenset(
    header_key(n)
    for n in (
        "item_sku",
        "feed_product_type",
        "update_delete",
        "external_product_id",
        "parent_child",
    )
)
_REPORT_NAMES = frozenset(
    header_key(n) for n in ("item-is-marketplace", "zshop-category1", "zshop-boldface")
)


def parse_settings(cells: list[str]) -> dict[str, str]:
    """The `settings=` string Amazon puts in A1 of its templates, as a dict ({} when absent)."""
    for cell in cells[:12]:
        text = cell.strip()
        if not text.startswith("settings="):
            continue
        body = text[len("settings=") :]
        if "&" not in body and "%26" in body:
            body = unquote(body)
        return dict(parse_qsl(body, keep_blank_values=True))
    return {}


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def is_marker(cells: list[str]) -> bool:
    """A template's first row: `TemplateType=fptcustom`, `Version=...`, or `settings=...`."""
    first = next((c.strip() for c in cells if c.strip()), "")
    return first.startswith(("TemplateType=", "settings=", "Version="))


@dataclass(slots=True)
class Layout:
    """Where a table's header and data are, and what format it is."""

    header_index: int  # index into the head rows
    header_number: int  # row (line) number of the header
    plan: ColumnPlan
    family: str
    settings: dict[str, str] = field(default_factory=dict)
    #: First data row number when the template says so (rows between are Amazon's example).
    data_row: int | None = None
    #: Rows above the header (template markers, label rows), to spot them when repeated.
    above: list[tuple[str, ...]] = field(default_factory=list)
    language: str = ""

    @property
    def width(self) -> int:
        return len(self.plan.header)

    @property
    def is_template(self) -> bool:
        return self.family in (FLAT_FILE, TEMPLATE)


def _row_fields(cells: list[str], column_map: dict[str, str]) -> tuple[set[str], int]:
    fields: set[str] = set()
    machine = 0
    for cell in cells:
        name = cell.strip()
        if not name:
            continue
        mapped = column_map.get(header_key(name)) or map_header(name)
        if mapped:
            fields.add(mapped)
            if _MACHINE.match(name):
                machine += 1
    return fields, machine


def _family(
    header: list[str], plan: ColumnPlan, marked: bool, settings: dict[str, str], language: str
) -> str:
    names = [h.strip() for h in header if h.strip()]
    keys = {header_key(n) for n in names}
    fields = plan.fields
    if plan.attribute_paths and plan.attribute_paths * 3 >= len(names):
        return TEMPLATE
    if marked or settings or keys & _LEGACY_NAMES:
        return FLAT_FILE
    if keys & _REPORT_NAMES or "listing_id" in fields and ({"open_date", "title"} & fields):
        return INVENTORY_REPORT
    if plan.mapped:
        return MAPPED
    if all(n in CANONICAL_FIELDS for n in names):
        return CANONICAL
    if fields <= {"sku", "asin", "price", "quantity", "product_id", "fulfillment"}:
        return OPEN_LISTINGS if "asin" in fields else LITE_REPORT
    if language or fields & {"open_date", "listing_id", "product_id_type", "item_condition"}:
        return INVENTORY_REPORT
    return OTHER


def _language(header: list[str]) -> str:
    counts = Counter(lang for h in header if (lang := header_language(h)))
    return counts.most_common(1)[0][0] if counts else ""


def find_layout(
    head: list[RawRow], column_map: list[tuple[str, str]] | None = None
) -> Layout | None:
    """The header row and plan of a table, or None when no row names a SKU column."""
    by_key = {header_key(h): f for f, h in (column_map or [])}
    settings = parse_settings(head[0].cells) if head else {}
    chosen: int | None = None
    attribute_row = _int(settings.get("attributeRow"))
    if attribute_row is not None:
        index = next((i for i, r in enumerate(head) if r.number == attribute_row), None)
        if index is not None and "sku" in _row_fields(head[index].cells, by_key)[0]:
            chosen = index
    if chosen is None:
        best: tuple[int, int] = (0, 0)
        for index, row in enumerate(head):
            fields, machine = _row_fields(row.cells, by_key)
            if "sku" not in fields:
                continue
            score = (len(fields), machine)
            if score > best:
                best, chosen = score, index
    if chosen is None:
        return None
    header = head[chosen].cells
    plan = build_plan(header, column_map, settings.get("contentLanguageTag", ""))
    above = [tuple(c.strip() for c in r.cells) for r in head[:chosen]]
    marked = any(is_marker(r.cells) for r in head[:chosen])
    language = _language(header)
    family = _family(header, plan, marked, settings, language)
    data_row = _int(settings.get("dataRow"))
    if data_row is not None and data_row <= head[chosen].number:
        data_row = None
    return Layout(
        header_index=chosen,
        header_number=head[chosen].number,
        plan=plan,
        family=family,
        settings=settings,
        data_row=data_row,
        above=[a for a in above if any(a)],
        language=language,
    )


def describe_family(layout: Layout) -> str:
    name = layout.family
    if layout.language:
        name += f", {LANGUAGE_NAMES.get(layout.language, layout.language)} headers"
    return name


# --- When nothing fits -----------------------------------------------------------------------


def _strip_path(name: str) -> str:
    return header_key(_QUALIFIERS.sub("", name)) if is_attribute_path(name) else header_key(name)


def nearest_format(headers: list[str]) -> tuple[str, int, int] | None:
    """(format name, columns of it found, its column count) for the closest known format:
    the one that explains most of the headers seen, then the one most of whose columns are
    there."""
    seen = [h for h in headers if h.strip()]
    best: tuple[tuple[float, float], str, int, int] | None = None
    for name, signature in SIGNATURES.items():
        keys = {_strip_path(h) for h in signature}
        sig_fields = {f for h in signature if (f := map_header(h))}
        explained = [
            h for h in seen if _strip_path(h) in keys or (map_header(h) or "-") in sig_fields
        ]
        found = len({_strip_path(h) for h in explained})
        if not found:
            continue
        score = (len(explained) / len(seen), found / len(keys))
        if best is None or score > best[0]:
            best = (score, name, found, len(signature))
    return None if best is None else best[1:]


def _quote_list(cells: list[str], limit: int = 12) -> str:
    names = [c.strip() for c in cells if c.strip()]
    text = ", ".join(repr(n[:40]) for n in names[:limit])
    if len(names) > limit:
        text += f" and {len(names) - limit} more"
    return text or "nothing"


def best_header_guess(head: list[RawRow]) -> RawRow | None:
    """The row that looks most like a header (even without a SKU column), for messages."""
    best: tuple[int, int] = (0, 0)
    found: RawRow | None = None
    for row in head:
        fields, machine = _row_fields(row.cells, {})
        if (len(fields), machine) > best:
            best, found = (len(fields), machine), row
    if found is None:
        found = next((r for r in head if any(c.strip() for c in r.cells)), None)
    return found


def diagnose(head: list[RawRow]) -> str:
    """What was found, and the nearest known format: the middle of an InputError message."""
    row = best_header_guess(head)
    if row is None:
        return "no rows with any text were found"
    text = (
        "no header row naming a SKU column was found; "
        f"row {row.number} has {_quote_list(row.cells)}"
    )
    near = nearest_format(row.cells)
    if near is None:
        return text + "; it does not look like any listing export"
    name, found, total = near
    return text + f"; nearest known format: {name} ({found} of its {total} columns found)"


EXPECTED_HINT = (
    "give the All Listings / Active Listings report, a Category Listings report or flat file, "
    "or a CSV/XLSX with the columns sku, asin, title, brand, bullet_point1..5, description, "
    'search_terms; for other tools\' exports name the columns, e.g. --map sku="Seller SKU"'
)
