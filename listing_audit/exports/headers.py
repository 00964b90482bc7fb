"""One table of header aliases: every known spelling of a column, mapped onto canonical fields.

Sources: Amazon's All Listings / Active Listings reports, the legacy inventory flat files, and the
localised report headers collected in shared FORMATS.md. Adding a spelling is a data change here,
never a new code path. Headers are compared after `header_key` (case, spaces, `-` and `_`
ignored).
"""

from __future__ import annotations

import re
import unicodedata

from ..model import CANONICAL_FIELDS

#: canonical field -> spellings seen in real files (besides the canonical name itself).
ALIASES: dict[str, tuple[str, ...]] = {
    "sku": (
        "seller-sku",
        "item_sku",
        "sku",
        "contribution_sku",
        "merchant-sku",
        "出品者SKU",
        "Händler-SKU",
        "sku-vendeur",
        "SKU venditore",
        "SKU del vendedor",
        "卖家 SKU",
        "卖家SKU",
        "sku-sprzedawcy",
    ),
    "asin": ("asin1", "asin", "ASIN 1", "ASIN1"),
    "title": (
        "item-name",
        "item_name",
        "product name",
        "title",
        "商品名",
        "Artikelbezeichnung",
        "nom-produit",
        "Nome dell'articolo",
        "Título del producto",
        "商品名称",
        "nazwa-produktu",
    ),
    "brand": ("brand_name", "brand", "brand name", "manufacturer brand"),
    "bullet_point1": ("bullet_point1", "key product features 1", "bullet point 1"),
    "bullet_point2": ("bullet_point2", "key product features 2", "bullet point 2"),
    "bullet_point3": ("bullet_point3", "key product features 3", "bullet point 3"),
    "bullet_point4": ("bullet_point4", "key product features 4", "bullet point 4"),
    "bullet_point5": ("bullet_point5", "key product features 5", "bullet point 5"),
    "description": (
        "item-description",
        "product_description",
        "description",
        "商品の説明",
        "Artikelbeschreibung",
        "Descrizione dell'articolo",
        "Descripción del producto",
        "商品描述",
    ),
    "search_terms": ("generic_keywords", "search terms", "search_terms", "keywords"),
    "image_urls": (
        "image-url",
        "main_image_url",
        "other_image_url1",
        "other_image_url2",
        "other_image_url3",
        "other_image_url4",
        "other_image_url5",
        "other_image_url6",
        "other_image_url7",
        "other_image_url8",
        "swatch_image_url",
        "image_urls",
        "image url",
    ),
    "marketplace": ("marketplace", "marketplace_id", "marketplace-id"),
    "status": ("status", "ステータス", "Status", "état", "stato", "Estado del producto", "状态"),
}

#: Columns that are not canonical fields but help: `product-id` is the ASIN when
#: `product-id-type` is 1 (FORMATS.md: French and Japanese reports have no `asin1`).
EXTRA_ALIASES: dict[str, tuple[str, ...]] = {
    "product_id": (
        "product-id",
        "商品ID",
        "Produkt-ID",
        "id-produit",
        "Identificativo del prodotto",
        "Identificador del producto",
        "商品编码",
    ),
    "product_id_type": (
        "product-id-type",
        "商品IDタイプ",
        "Produkt-ID-Typ",
        "type-id-produit",
        "Tipo di identificativo del prodotto",
        "Tipo de identificador de producto",
        "商品编码类型",
    ),
    "external_product_id": ("external_product_id",),
    "external_product_id_type": ("external_product_id_type",),
}

#: Columns that may appear several times and are joined (several image URL columns).
MULTI_VALUE = frozenset({"image_urls"})


def header_key(name: str) -> str:
    """Compare headers without case, BOM, accents' composition, spaces, `-` or `_`."""
    name = unicodedata.normalize("NFKC", name).replace("\ufeff", "").strip().casefold()
    return re.sub(r"[\s_\-]+", "", name)


def _build() -> dict[str, str]:
    table: dict[str, str] = {}
    for canonical in CANONICAL_FIELDS:
        table[header_key(canonical)] = canonical
    for mapping in (ALIASES, EXTRA_ALIASES):
        for canonical, spellings in mapping.items():
            for spelling in spellings:
                table.setdefault(header_key(spelling), canonical)
    return table


HEADER_TABLE: dict[str, str] = _build()


def map_header(name: str) -> str | None:
    """The canonical (or extra) field a header names, or None when it is not one we use."""
    return HEADER_TABLE.get(header_key(name))
