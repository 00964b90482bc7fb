"""One table of header aliases: every known spelling of a column, mapped onto the fields we read.

Sources: Amazon's All Listings / Active Listings / Open Listings reports, the legacy inventory flat
files (three header rows), the newer attribute-path templates, and the localised report headers
collected in shared FORMATS.md (Japanese, German, French, Italian, Spanish, Chinese; Turkish writes
the English name with Turkish in brackets; Polish uses hyphenated Polish). Adding a spelling is a
data change here, never a new code path. Headers are compared after `header_key` (case, BOM,
spaces, `-` and `_` ignored).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..model import CANONICAL_FIELDS

#: Fields a reader fills besides the canonical ones (PRODUCT.md), and fields that only help to
#: recognise a format or to find the ASIN (`product_id` is the ASIN when `product_id_type` is 1).
EXTRA_FIELDS: tuple[str, ...] = (
    "quantity",
    "fulfillment",
    "parent_sku",
    "variation",
    "product_id",
    "product_id_type",
    "external_product_id",
    "external_product_id_type",
)
#: Recognised so that a header row scores as one, never copied into a listing.
INFO_FIELDS: tuple[str, ...] = (
    "listing_id",
    "price",
    "open_date",
    "item_condition",
    "product_type",
    "record_action",
    "relationship_type",
    "variation_theme",
)

#: Fields whose columns are joined rather than chosen: several image URL columns, the search
#: terms spread over `generic_keywords`, `platinum_keywords1..5`, `generic_keyword#1..#n`...
MULTI_VALUE = frozenset({"image_urls", "search_terms"})

#: canonical field -> English spellings seen in real files (besides the field name itself).
ALIASES: dict[str, tuple[str, ...]] = {
    "sku": ("seller-sku", "item_sku", "contribution_sku", "merchant-sku", "seller sku"),
    "asin": ("asin1", "asin", "merchant_suggested_asin"),
    "title": ("item-name", "item_name", "product name", "title", "product title", "::title"),
    "brand": ("brand_name", "brand", "brand name", "manufacturer brand"),
    "description": ("item-description", "product_description", "description"),
    "search_terms": (
        "generic_keywords",
        "generic_keyword",
        *(f"generic_keywords{i}" for i in range(1, 6)),
        "search terms",
        "keywords",
        "target_audience_keywords",
        "subject_keyword",
        *(f"platinum_keywords{i}" for i in range(1, 6)),
        "platinum_keywords",
    ),
    "image_urls": (
        "image-url",
        "main_image_url",
        *(f"other_image_url{i}" for i in range(1, 9)),
        "swatch_image_url",
        "image url",
        "main_product_image_locator",
        *(f"other_product_image_locator_{i}" for i in range(1, 9)),
        "swatch_product_image_locator",
    ),
    "marketplace": ("marketplace", "marketplace_id", "marketplace-id"),
    "status": ("status", "::listing_status", "listing_status"),
    "quantity": ("quantity", "qty"),
    "fulfillment": ("fulfillment-channel", "fulfillment_channel_code", "fulfillment_channel"),
    "parent_sku": ("parent_sku", "parent-sku", "parent sku"),
    "variation": ("parent_child", "parentage_level", "parentage", "parent-child"),
    "product_id": ("product-id", "product id"),
    "product_id_type": ("product-id-type", "product id type"),
    "external_product_id": (
        "external_product_id",
        "externally_assigned_product_identifier",
        "amzn1.volt.ca.product_id_value",
    ),
    "external_product_id_type": (
        "external_product_id_type",
        "amzn1.volt.ca.product_id_type",
    ),
    "listing_id": ("listing-id",),
    "price": ("price", "standard_price", "your price"),
    "open_date": ("open-date",),
    "item_condition": ("item-condition", "condition_type"),
    "product_type": ("feed_product_type", "product_type", "product type"),
    "record_action": ("update_delete", "::record_action", "add-delete", "update delete"),
    "relationship_type": ("relationship_type", "child_parent_sku_relationship"),
    "variation_theme": ("variation_theme",),
}
for _i in range(1, 11):
    ALIASES[f"bullet_point{_i}"] = (
        f"bullet_point{_i}",
        f"key product features {_i}",
        f"bullet point {_i}",
    )

#: Localised report headers, by language (FORMATS.md's table). Each language gets a test.
LOCALISED: dict[str, dict[str, tuple[str, ...]]] = {
    "ja": {
        "title": ("商品名",),
        "description": ("商品の説明",),
        "listing_id": ("出品ID",),
        "sku": ("出品者SKU",),
        "price": ("価格",),
        "quantity": ("数量",),
        "open_date": ("出品日",),
        "product_id_type": ("商品IDタイプ",),
        "product_id": ("商品ID",),
        "asin": ("ASIN 1",),
        "item_condition": ("コンディション",),
        "fulfillment": ("フルフィルメント・チャンネル",),
        "status": ("ステータス",),
    },
    "de": {
        "title": ("Artikelbezeichnung",),
        "description": ("Artikelbeschreibung",),
        "listing_id": ("Angebotsnummer",),
        "sku": ("Händler-SKU",),
        "price": ("Preis",),
        "quantity": ("Menge",),
        "open_date": ("Erstellungsdatum",),
        "product_id_type": ("Produkt-ID-Typ",),
        "product_id": ("Produkt-ID",),
        "item_condition": ("Artikelzustand",),
        "fulfillment": ("Versender",),
        "status": ("Status",),
    },
    "fr": {
        "title": ("nom-produit",),
        "listing_id": ("id-offre",),
        "sku": ("sku-vendeur",),
        "price": ("prix",),
        "quantity": ("quantité",),
        "open_date": ("date-ouverture",),
        "product_id_type": ("type-id-produit",),
        "product_id": ("id-produit",),
        "item_condition": ("état-produit",),
        "fulfillment": ("canal-traitement",),
        "status": ("état",),
    },
    "it": {
        "title": ("Nome dell'articolo",),
        "description": ("Descrizione dell'articolo",),
        "listing_id": ("Numero offerta",),
        "sku": ("SKU venditore",),
        "price": ("Prezzo",),
        "quantity": ("Quantità",),
        "open_date": ("Data di creazione",),
        "product_id_type": ("Tipo di identificativo del prodotto",),
        "product_id": ("Identificativo del prodotto",),
        "asin": ("ASIN 1",),
        "item_condition": ("Condizione dell'articolo",),
        "fulfillment": ("Canale di gestione",),
        "status": ("stato",),
    },
    "es": {
        "title": ("Título del producto",),
        "description": ("Descripción del producto",),
        "listing_id": ("Identificador del listing",),
        "sku": ("SKU del vendedor",),
        "price": ("Precio",),
        "quantity": ("Cantidad",),
        "open_date": ("Fecha de creación",),
        "product_id_type": ("Tipo de identificador de producto",),
        "product_id": ("Identificador del producto",),
        "fulfillment": ("Canal de gestión logística",),
        "status": ("Estado del producto",),
    },
    "zh": {
        "title": ("商品名称",),
        "description": ("商品描述",),
        "sku": ("卖家 SKU", "卖家SKU"),
        "price": ("价格",),
        "quantity": ("数量",),
        "open_date": ("开售日期",),
        "product_id_type": ("商品编码类型",),
        "product_id": ("商品编码",),
        "asin": ("ASIN1",),
        "item_condition": ("商品状况",),
        "fulfillment": ("配送渠道",),
        "status": ("状态",),
    },
    # Polish: FORMATS.md names `nazwa-produktu` and `sku-sprzedawcy`; the others follow the same
    # pattern and are unverified [check] - harmless when absent.
    "pl": {
        "title": ("nazwa-produktu",),
        "description": ("opis-produktu",),
        "sku": ("sku-sprzedawcy",),
        "price": ("cena",),
        "quantity": ("ilość",),
        "product_id": ("identyfikator-produktu",),
        "product_id_type": ("typ-identyfikatora-produktu",),
    },
}

#: Attribute-path leaves that carry the value we read; other leaves (`unit`, `language_tag`...)
#: are not listing text.
VALUE_LEAVES = frozenset(
    {
        "value",
        "media_location",
        "parent_sku",
        "quantity",
        "fulfillment_channel_code",
        "type",
    }
)


def header_key(name: str) -> str:
    """Compare headers without case, BOM, width variants, spaces, `-` or `_`."""
    name = unicodedata.normalize("NFKC", name).replace("\ufeff", "").strip().casefold()
    return re.sub(r"[\s_\-]+", "", name)


def _build() -> tuple[dict[str, str], dict[str, str]]:
    table: dict[str, str] = {}
    language: dict[str, str] = {}
    for field in (*CANONICAL_FIELDS, *EXTRA_FIELDS, *INFO_FIELDS):
        table[header_key(field)] = field
    for field, spellings in ALIASES.items():
        for spelling in spellings:
            table.setdefault(header_key(spelling), field)
    english = set(table)
    for lang, fields in LOCALISED.items():
        for field, spellings in fields.items():
            for spelling in spellings:
                key = header_key(spelling)
                table.setdefault(key, field)
                if key not in english:
                    language.setdefault(key, lang)
    return table, language


HEADER_TABLE, HEADER_LANGUAGE = _build()
_BRACKETS = re.compile(r"^(.*?)\s*[(\[（【](.*?)[)\]）】]\s*$")


def _lookup(name: str) -> str | None:
    key = header_key(name)
    found = HEADER_TABLE.get(key)
    if found is None and key:
        # Turkish reports write `item-name (ürün adı)`: try each side of the brackets.
        m = _BRACKETS.match(name.strip())
        if m:
            found = HEADER_TABLE.get(header_key(m.group(1))) or HEADER_TABLE.get(
                header_key(m.group(2))
            )
    return found


def header_language(name: str) -> str | None:
    """The language a localised header is written in (`ja`, `de`...), else None."""
    return HEADER_LANGUAGE.get(header_key(name))


@dataclass(frozen=True, slots=True)
class AttributePath:
    """`item_name[marketplace_id=ATVPDKIKX0DER][language_tag=en_US]#1.value`, taken apart."""

    name: str  # item_name
    marketplace: str = ""  # ATVPDKIKX0DER
    language: str = ""  # en_US
    index: int = 1  # the #n: 1-based value index (bullet_point#3 is the third bullet)
    leaf: str = ""  # value, media_location, parent_sku...


_PATH = re.compile(r"^([^\[#]+)((?:\[[^\]]*\])*)(?:#(\d+))?(?:\.(.+))?$")
_QUALIFIER = re.compile(r"\[([^\]=]+)=([^\]]*)\]")


def is_attribute_path(header: str) -> bool:
    """True for headers in the newer templates' grammar (FORMATS.md), false for `item_sku`."""
    h = header.strip()
    return h.startswith("::") or "#" in h or ("[" in h and "=" in h) or h.startswith("amzn1.")


def parse_attribute_path(header: str) -> AttributePath | None:
    h = header.strip()
    if not is_attribute_path(h):
        return None
    m = _PATH.match(h)
    if m is None:
        return None
    name, qualifiers, index, leaf = m.groups()
    quals = dict(_QUALIFIER.findall(qualifiers or ""))
    marketplace = quals.get("marketplace_id", "").strip()
    marketplace = marketplace.removeprefix("amzn1.mp.o.")
    leaf = leaf or ""
    # `name.leaf` without #n (`amzn1.volt.ca.product_id_value`) keeps its dots in the name.
    if index is None and leaf:
        name, leaf = f"{name}.{leaf}", ""
    return AttributePath(
        name=name.strip(),
        marketplace=marketplace,
        language=quals.get("language_tag", "").strip(),
        index=int(index) if index else 1,
        leaf=leaf,
    )


def _map_attribute_path(path: AttributePath) -> str | None:
    last_leaf = path.leaf.rsplit(".", 1)[-1].split("#")[0] if path.leaf else ""
    if path.leaf and last_leaf not in VALUE_LEAVES:
        return None
    if path.name == "bullet_point":
        return f"bullet_point{path.index}"
    if path.name == "fulfillment_availability":
        return {"quantity": "quantity", "fulfillment_channel_code": "fulfillment"}.get(last_leaf)
    if path.name == "child_parent_sku_relationship":
        return "parent_sku" if last_leaf == "parent_sku" else None
    if path.name == "externally_assigned_product_identifier" and last_leaf == "type":
        return "external_product_id_type"
    if last_leaf == "type":
        return None
    return HEADER_TABLE.get(header_key(path.name))


def map_header(name: str) -> str | None:
    """The field a header names (canonical, extra or info), or None when it is not one we use."""
    path = parse_attribute_path(name)
    if path is not None:
        return _map_attribute_path(path) or _lookup(name)
    return _lookup(name)


def known_spellings() -> list[str]:
    """Every header spelling the table knows, for 'did you mean' suggestions."""
    out = [*CANONICAL_FIELDS, *(s for spellings in ALIASES.values() for s in spellings)]
    for fields in LOCALISED.values():
        out.extend(s for spellings in fields.values() for s in spellings)
    return list(dict.fromkeys(out))
