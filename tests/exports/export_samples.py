"""Writers for every export shape, byte for byte as Seller Central (or Excel) writes them.

Each writer takes rows as dicts keyed by the file's own header names, so a test reads like the
file it checks. Shapes follow shared FORMATS.md: Amazon's reports are tab-delimited and unquoted;
Excel re-saves quote fields holding tabs, quotes or line breaks, end lines with CRLF and may add
a BOM; legacy flat files have three header rows; newer templates carry a `settings=` cell in A1,
labels on row 4, attribute paths on row 5, Amazon's example on row 6 and data from row 7.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from pathlib import Path

import openpyxl

from listing_audit.exports.formats import ALL_LISTINGS_HEADER

ACTIVE_LISTINGS_HEADER = [
    *ALL_LISTINGS_HEADER[: ALL_LISTINGS_HEADER.index("fulfillment-channel") + 1],
    "Business Price",
    "Quantity Price Type",
    *(f"Quantity {kind} {i}" for i in range(1, 6) for kind in ("Lower Bound", "Price")),
    "merchant-shipping-group",
    "Progressive Price Type",
    *(f"Progressive {kind} {i}" for i in range(1, 4) for kind in ("Lower Bound", "Price")),
    "Minimum order quantity",
    "Sell remainder",
]
OPEN_LISTINGS_HEADER = ["sku", "asin", "price", "quantity", "Business Price", "Quantity Price Type"]

US, CA, DE = "ATVPDKIKX0DER", "A2EUQ1WTGCTBG2", "A1PA6795UKMFR9"


def write_rows(
    path: Path,
    rows: Sequence[Sequence[str]],
    *,
    encoding: str = "utf-8",
    newline: str = "\n",
    delimiter: str = "\t",
    excel: bool = False,
    bom: bytes = b"",
    final_newline: bool = True,
) -> Path:
    """Rows of cells -> bytes on disk. `excel=True` quotes like Excel's "Text (Tab delimited)" /
    "CSV" save: a cell is wrapped in quotes, inner quotes doubled, only when it holds the
    delimiter, a quote or a line break. Otherwise raw, as Amazon writes its reports."""

    def cell(value: str) -> str:
        if excel and any(ch in value for ch in f'{delimiter}"\n\r'):
            return '"' + value.replace('"', '""') + '"'
        return value

    text = newline.join(delimiter.join(cell(v) for v in row) for row in rows)
    if final_newline:
        text += newline
    path.write_bytes(bom + text.encode(encoding))
    return path


def by_header(header: Sequence[str], rows: Sequence[dict[str, str]]) -> list[list[str]]:
    """Header row + one list per row, columns in the header's order (missing cells empty)."""
    return [list(header), *([row.get(h, "") for h in header] for row in rows)]


def make_macro_enabled(xlsx: bytes) -> bytes:
    """An openpyxl workbook turned into a real .xlsm package (macro content type + VBA part)."""
    src = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                ).replace(
                    b"<Default ",
                    b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
                    b"<Default ",
                    1,
                )
            if info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/'
                    b'relationships/vbaProject" Target="vbaProject.bin"/></Relationships>',
                )
            archive.writestr(info, data)
        archive.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0" + b"\0" * 508)
    return out.getvalue()


# --- Legacy flat file (Category Listings report) --------------------------------------------

FLAT_LABELS = {
    "feed_product_type": "Product Type",
    "item_sku": "Seller SKU",
    "brand_name": "Brand Name",
    "item_name": "Product Name",
    "external_product_id": "Product ID",
    "external_product_id_type": "Product ID Type",
    "product_description": "Product Description",
    **{f"bullet_point{i}": "Key Product Features" for i in range(1, 6)},
    "generic_keywords": "Search Terms",
    "main_image_url": "Main Image URL",
    "other_image_url1": "Other Image URL1",
    "other_image_url2": "Other Image URL2",
    "parent_child": "Parentage",
    "parent_sku": "Parent SKU",
    "relationship_type": "Relationship Type",
    "variation_theme": "Variation Theme",
    "quantity": "Quantity",
    "update_delete": "Update Delete",
}
FLAT_HEADER = list(FLAT_LABELS)
FLAT_MARKER = [
    "TemplateType=fptcustom",
    "Version=2021.1008",
    "TemplateSignature=SE9NRQ==",
    "The top 3 rows are for Amazon use only. Do not modify or delete the top 3 rows.",
]

FLAT_ROWS = [
    {
        "feed_product_type": "home",
        "item_sku": "TUMBLER-P",
        "brand_name": "Brightwave",
        "item_name": "Brightwave Tumbler 40oz",
        "parent_child": "Parent",
        "variation_theme": "Color",
        "update_delete": "Update",
    },
    {
        "feed_product_type": "home",
        "item_sku": "TUMBLER-RED",
        "brand_name": "Brightwave",
        "item_name": "Brightwave Tumbler 40oz, Red - Stanley Quencher Dupe",
        "external_product_id": "B0FLAT0001",
        "external_product_id_type": "ASIN",
        "product_description": "Keeps drinks cold. Dishwasher safe.",
        "bullet_point1": "Fits cup holders",
        "bullet_point2": 'Lid seals 100%, 30" straw',
        "bullet_point5": "NA",
        "generic_keywords": "stanley cup tumbler",
        "main_image_url": "https://m.media-amazon.com/images/I/61abcRED.jpg",
        "other_image_url1": "https://m.media-amazon.com/images/I/61abcRED2._AC_SL1500_.jpg",
        "parent_child": "Child",
        "parent_sku": "TUMBLER-P",
        "relationship_type": "Variation",
        "variation_theme": "Color",
        "quantity": "12",
        "update_delete": "Update",
    },
    {
        "feed_product_type": "home",
        "item_sku": "00042",
        "brand_name": "Brightwave",
        "item_name": "Café Crème Mug 12oz",
        "external_product_id": "885909950805",
        "external_product_id_type": "UPC",
        "update_delete": "PartialUpdate",
    },
]


def write_flat_txt(
    path: Path, rows: Sequence[dict[str, str]] = FLAT_ROWS, encoding: str = "cp1252"
) -> Path:
    """The tab-delimited .txt of a Category Listings report: three header rows, data from 4."""
    labels = [FLAT_LABELS[h] for h in FLAT_HEADER]
    table = [FLAT_MARKER, labels, *by_header(FLAT_HEADER, rows)]
    return write_rows(path, table, encoding=encoding, newline="\r\n")


def _sheet(book: openpyxl.Workbook, title: str, rows: Sequence[Sequence[object]]) -> None:
    sheet = book.create_sheet(title)
    for row in rows:
        sheet.append(list(row))


def write_flat_workbook(path: Path, rows: Sequence[dict[str, str]] = FLAT_ROWS) -> Path:
    """An inventory flat file workbook: the data sheet `Template` among Amazon's other sheets,
    including an `Example` sheet with the same header rows and a made-up listing."""
    book = openpyxl.Workbook()
    assert book.active is not None
    book.remove(book.active)
    _sheet(book, "Instructions", [["Welcome to the Inventory Template"], ["Step 1: ..."]])
    _sheet(book, "Images", [["Image requirements"], ["item_sku", "main_image_url"]])
    labels = [FLAT_LABELS[h] for h in FLAT_HEADER]
    example = {"item_sku": "ABC-EXAMPLE", "item_name": "Example Brand Shirt", "brand_name": "X"}
    _sheet(book, "Example", [FLAT_MARKER, labels, *by_header(FLAT_HEADER, [example])])
    _sheet(
        book,
        "Data Definitions",
        [
            ["Group Name", "Field Name", "Local Label Name", "Definition", "Example", "Required?"],
            ["Required", "item_sku", "Seller SKU", "A unique identifier", "101MN", "Required"],
            ["Required", "item_name", "Product Name", "A short title", "Shirt", "Required"],
        ],
    )
    template = book.create_sheet("Template")
    template.append(FLAT_MARKER)
    template.append(labels)
    template.append(FLAT_HEADER)
    for row in rows:
        values: list[object] = [row.get(h, "") or None for h in FLAT_HEADER]
        template.append(values)
    # Excel turned SKU 00042 into the number 42 with the format 00000, and the UPC into a number.
    for cells in template.iter_rows(min_row=4):
        sku = cells[FLAT_HEADER.index("item_sku")]
        if sku.value == "00042":
            sku.value = 42
            sku.number_format = "00000"
        upc = cells[FLAT_HEADER.index("external_product_id")]
        if upc.value == "885909950805":
            upc.value = 885909950805
    _sheet(book, "Valid Values", [["feed_product_type", "home", "kitchen"]])
    buf = io.BytesIO()
    book.save(buf)
    data = buf.getvalue()
    path.write_bytes(make_macro_enabled(data) if path.suffix == ".xlsm" else data)
    return path


# --- Newer listing template (attribute paths) -----------------------------------------------

SETTINGS = (
    "settings=contentLanguageTag=en_US&feedType=113&headerLanguageTag=en_US"
    "&isEdit=false&isProcessingSummary=false&labelRow=4&primaryMarketplaceId=amzn1.mp.o."
    f"{US}&ptds=U0hJUlQ%3D&reportProvenance=false&templateIdentifier=0f1e2d3c&attributeRow=5"
    "&dataRow=7"
)


def q(name: str, market: str, lang: str = "", leaf: str = "value", index: int = 1) -> str:
    quals = f"[marketplace_id={market}]" + (f"[language_tag={lang}]" if lang else "")
    return f"{name}{quals}#{index}.{leaf}"


TEMPLATE_HEADER = [
    "contribution_sku#1.value",
    "product_type#1.value",
    "::record_action",
    q("item_name", US, "en_US"),
    q("brand", US, "en_US"),
    q("bullet_point", US, "en_US", index=1),
    q("bullet_point", US, "en_US", index=2),
    q("bullet_point", US, "en_US", index=3),
    q("product_description", US, "en_US"),
    q("generic_keyword", US, "en_US"),
    q("main_product_image_locator", US, leaf="media_location"),
    q("other_product_image_locator_1", US, leaf="media_location"),
    q("merchant_suggested_asin", US),
    q("externally_assigned_product_identifier", US),
    q("externally_assigned_product_identifier", US, leaf="type"),
    q("parentage_level", US),
    q("child_parent_sku_relationship", US, leaf="child_relationship_type"),
    q("child_parent_sku_relationship", US, leaf="parent_sku"),
    "fulfillment_availability#1.fulfillment_channel_code",
    "fulfillment_availability#1.quantity",
    f"purchasable_offer[marketplace_id={US}][audience=ALL]#1.our_price#1.schedule#1.value_with_tax",
    q("item_name", CA, "en_CA"),
    q("item_name", CA, "fr_CA"),
    q("bullet_point", CA, "fr_CA", index=1),
    q("item_name", DE, "de_DE"),
    q("generic_keyword", DE, "de_DE"),
]
TEMPLATE_LABELS = [
    "SKU",
    "Product Type",
    "Listing Action",
    "Item Name (en_US)",
    "Brand Name",
    "Bullet Point",
    "Bullet Point",
    "Bullet Point",
    "Product Description",
    "Generic Keyword",
    "Main Image URL",
    "Other Image URL",
    "Merchant Suggested ASIN",
    "External Product ID",
    "External Product ID Type",
    "Parentage Level",
    "Child Relationship Type",
    "Parent SKU",
    "Fulfillment Channel Code (US)",
    "Quantity (US)",
    "Your Price USD (Sell on Amazon, US)",
    "Item Name (en_CA)",
    "Item Name (fr_CA)",
    "Bullet Point (fr_CA)",
    "Item Name (de_DE)",
    "Generic Keyword (de_DE)",
]
TEMPLATE_EXAMPLE = {
    "contribution_sku#1.value": "ABC123",
    "product_type#1.value": "SHIRT",
    "::record_action": "Create or Replace (Full Update)",
    q("item_name", US, "en_US"): "Example Shirt",
}
H = {name: i for i, name in enumerate(TEMPLATE_HEADER)}
TEMPLATE_ROWS: list[dict[str, str]] = [
    {
        "contribution_sku#1.value": "TEE-P",
        "product_type#1.value": "SHIRT",
        "::record_action": "Create or Replace (Full Update)",
        q("item_name", US, "en_US"): "Acme Cotton Tee",
        q("brand", US, "en_US"): "Acme",
        q("parentage_level", US): "Parent",
        q("item_name", CA, "en_CA"): "Acme Cotton Tee (Canada)",
        q("item_name", CA, "fr_CA"): "T-shirt en coton Acme",
        q("bullet_point", CA, "fr_CA", index=1): "Coton doux",
    },
    {
        "contribution_sku#1.value": "TEE-RED-M",
        "product_type#1.value": "SHIRT",
        "::record_action": "Create or Replace (Full Update)",
        q("item_name", US, "en_US"): "Acme Cotton Tee, Red, M - Nike Style",
        q("brand", US, "en_US"): "Acme",
        q("bullet_point", US, "en_US", index=1): "100% cotton",
        q("bullet_point", US, "en_US", index=3): "Machine wash",
        q("product_description", US, "en_US"): "A soft tee.",
        q("generic_keyword", US, "en_US"): "tee shirt nike",
        q("main_product_image_locator", US, leaf="media_location"): (
            "https://m.media-amazon.com/images/I/71teeRED.jpg"
        ),
        q("other_product_image_locator_1", US, leaf="media_location"): (
            "https://m.media-amazon.com/images/I/71teeRED2.jpg"
        ),
        q("merchant_suggested_asin", US): "B0TEMPL001",
        q("parentage_level", US): "Child",
        q("child_parent_sku_relationship", US, leaf="child_relationship_type"): "Variation",
        q("child_parent_sku_relationship", US, leaf="parent_sku"): "TEE-P",
        "fulfillment_availability#1.fulfillment_channel_code": "DEFAULT",
        "fulfillment_availability#1.quantity": "25",
        TEMPLATE_HEADER[20]: "19.99",
        q("item_name", DE, "de_DE"): "Acme Baumwoll-T-Shirt, Rot, M",
        q("generic_keyword", DE, "de_DE"): "tshirt baumwolle",
    },
    {
        "contribution_sku#1.value": "OLD-1",
        "product_type#1.value": "SHIRT",
        "::record_action": "Delete",
    },
    {
        "contribution_sku#1.value": "TEE-BLU-M",
        "product_type#1.value": "SHIRT",
        q("item_name", US, "en_US"): "Acme Cotton Tee, Blue, M",
        q("externally_assigned_product_identifier", US): "8.85E+11",
        q("externally_assigned_product_identifier", US, leaf="type"): "UPC",
    },
    {TEMPLATE_HEADER[20]: "5.00"},  # a price with nothing to identify the listing: a bad row
]


def write_template_workbook(
    path: Path, rows: Sequence[dict[str, str]] = TEMPLATE_ROWS, settings: bool = True
) -> Path:
    """The newer template: sheet `Template` with settings= in A1, groups on row 3, labels on
    row 4, attribute paths on row 5, Amazon's example on row 6, data from row 7; other sheets
    around it. A blank row is left between the data rows, as sellers do."""
    book = openpyxl.Workbook()
    assert book.active is not None
    book.remove(book.active)
    _sheet(book, "Instructions", [["How to use this template"]])
    template = book.create_sheet("Template")
    template.append([SETTINGS if settings else "", "The top 3 rows are for Amazon use only."])
    template.append([])
    template.append(["Offer Identity", "", "", "Product Details"])
    template.append(TEMPLATE_LABELS)
    template.append(TEMPLATE_HEADER)
    template.append([TEMPLATE_EXAMPLE.get(h, "") or None for h in TEMPLATE_HEADER])
    for i, row in enumerate(rows):
        if i == 2:
            template.append([])
        template.append([row.get(h, "") or None for h in TEMPLATE_HEADER])
    _sheet(book, "Valid Values", [["Product Type", "SHIRT"]])
    _sheet(book, "Dropdown Lists", [["SHIRT"]])
    buf = io.BytesIO()
    book.save(buf)
    data = buf.getvalue()
    path.write_bytes(make_macro_enabled(data) if path.suffix == ".xlsm" else data)
    return path


# --- Inventory reports, localised ------------------------------------------------------------

#: language -> (header, rows by header, encoding, BOM). FORMATS.md's table; Turkish writes the
#: English name with Turkish in brackets, Polish is hyphenated Polish.
LOCALISED_REPORTS: dict[str, tuple[list[str], list[dict[str, str]], str, bytes]] = {
    "ja": (
        [
            "商品名",
            "出品ID",
            "出品者SKU",
            "価格",
            "数量",
            "出品日",
            "商品IDタイプ",
            "コンディション説明",
            "コンディション",
            "商品ID",
            "フルフィルメント・チャンネル",
            "ステータス",
        ],
        [
            {
                "商品名": "ナイキ風 スニーカー メンズ",
                "出品者SKU": "JP-0001",
                "商品IDタイプ": "1",
                "商品ID": "B0JP000001",
                "数量": "3",
                "フルフィルメント・チャンネル": "AMAZON_JP",
                "ステータス": "Active",
                "出品日": "2023/01/07 07:35:42 JST",
            },
            {
                "商品名": "シリコン スパチュラ 4本セット",
                "出品者SKU": "00077",
                "商品IDタイプ": "4",
                "商品ID": "4901234567894",
                "数量": "0",
                "フルフィルメント・チャンネル": "DEFAULT",
                "ステータス": "Inactive",
            },
        ],
        "cp932",
        b"",
    ),
    "de": (
        [
            "Artikelbezeichnung",
            "Artikelbeschreibung",
            "Angebotsnummer",
            "Händler-SKU",
            "Preis",
            "Menge",
            "Erstellungsdatum",
            "Produkt-ID-Typ",
            "Artikelzustand",
            "Produkt-ID",
            "Versender",
            "Status",
        ],
        [
            {
                "Artikelbezeichnung": "Trinkflasche Edelstahl, Größe L – wie Stanley",
                "Artikelbeschreibung": "Hält 24 Stunden kühl",
                "Händler-SKU": "DE-FL-01",
                "Produkt-ID-Typ": "1",
                "Produkt-ID": "B0DE000001",
                "Menge": "5",
                "Versender": "AMAZON_EU",
                "Status": "Active",
            },
            {
                "Artikelbezeichnung": "Brotdose für Kinder",
                "Händler-SKU": "DE-BD-02",
                "Produkt-ID-Typ": "1",
                "Produkt-ID": "B0DE000002",
                "Status": "Active",
            },
        ],
        "cp1252",
        b"",
    ),
    "fr": (
        [
            "nom-produit",
            "id-offre",
            "sku-vendeur",
            "prix",
            "quantité",
            "date-ouverture",
            "type-id-produit",
            "état-produit",
            "id-produit",
            "canal-traitement",
            "état",
        ],
        [
            {
                "nom-produit": "Coque pour iPhone 15, « transparente »",
                "sku-vendeur": "FR-CQ-1",
                "type-id-produit": "1",
                "id-produit": "B0FR000001",
                "quantité": "7",
                "canal-traitement": "DEFAULT",
                "état": "Active",
            },
            {
                "nom-produit": "Livre de cuisine",
                "sku-vendeur": "FR-LV-2",
                "type-id-produit": "2",
                "id-produit": "2070368228",
                "état": "Active",
            },
        ],
        "cp1252",
        b"",
    ),
    "it": (
        [
            "Nome dell'articolo",
            "Descrizione dell'articolo",
            "Numero offerta",
            "SKU venditore",
            "Prezzo",
            "Quantità",
            "Data di creazione",
            "Tipo di identificativo del prodotto",
            "Condizione dell'articolo",
            "Identificativo del prodotto",
            "ASIN 1",
            "Canale di gestione",
            "stato",
        ],
        [
            {
                "Nome dell'articolo": "Borraccia termica, perché no",
                "SKU venditore": "IT-BR-1",
                "ASIN 1": "B0IT000001",
                "Descrizione dell'articolo": "Acciaio inox",
                "Quantità": "2",
                "Canale di gestione": "DEFAULT",
                "stato": "Active",
            },
        ],
        "utf-8",
        b"",
    ),
    "es": (
        [
            "Título del producto",
            "Descripción del producto",
            "Identificador del listing",
            "SKU del vendedor",
            "Precio",
            "Cantidad",
            "Fecha de creación",
            "Tipo de identificador de producto",
            "Identificador del producto",
            "Canal de gestión logística",
            "Estado del producto",
        ],
        [
            {
                "Título del producto": "Funda para teléfono, diseño niño",
                "SKU del vendedor": "ES-FN-1",
                "Tipo de identificador de producto": "1",
                "Identificador del producto": "B0ES000001",
                "Cantidad": "4",
                "Canal de gestión logística": "AMAZON_EU",
                "Estado del producto": "Active",
            },
        ],
        "utf-8",
        b"\xef\xbb\xbf",
    ),
    "zh": (
        [
            "商品名称",
            "商品描述",
            "卖家 SKU",
            "价格",
            "数量",
            "开售日期",
            "商品编码类型",
            "商品状况",
            "商品编码",
            "ASIN1",
            "配送渠道",
            "状态",
        ],
        [
            {
                "商品名称": "不锈钢保温杯 500毫升 星巴克同款",
                "商品描述": "保冷24小时",
                "卖家 SKU": "CN-BW-01",
                "ASIN1": "B0CN000001",
                "数量": "9",
                "配送渠道": "DEFAULT",
                "状态": "Active",
            },
        ],
        "gb18030",
        b"",
    ),
    "tr": (
        [
            "item-name (ürün adı)",
            "item-description (ürün açıklaması)",
            "listing-id (teklif no)",
            "seller-sku (satıcı sku)",
            "price (fiyat)",
            "quantity (miktar)",
            "asin1 (asin1)",
            "fulfillment-channel (gönderim kanalı)",
            "status (durum)",
        ],
        [
            {
                "item-name (ürün adı)": "Çelik su şişesi, 1 litre",
                "seller-sku (satıcı sku)": "TR-SU-1",
                "asin1 (asin1)": "B0TR000001",
                "quantity (miktar)": "1",
                "fulfillment-channel (gönderim kanalı)": "DEFAULT",
                "status (durum)": "Active",
            },
        ],
        "utf-8",
        b"",
    ),
    "pl": (
        ["nazwa-produktu", "opis-produktu", "sku-sprzedawcy", "cena", "ilość", "asin1", "status"],
        [
            {
                "nazwa-produktu": "Butelka na wodę, źródlana",
                "opis-produktu": "Stal nierdzewna",
                "sku-sprzedawcy": "PL-BT-1",
                "asin1": "B0PL000001",
                "ilość": "6",
                "status": "Active",
            },
        ],
        "utf-8",
        b"",
    ),
}


def write_localised(path: Path, language: str) -> Path:
    header, rows, encoding, bom = LOCALISED_REPORTS[language]
    return write_rows(path, by_header(header, rows), encoding=encoding, bom=bom)


# --- Every generated sample, for the tests that hold for all of them -------------------------

ALL_LISTINGS_ROWS = [
    {
        "item-name": 'Bath Towel 30" x 56", Grey',
        "item-description": 'Soft cotton. He said "go',
        "listing-id": "0107QHIDPCS",
        "seller-sku": "00042",
        "price": "12.99",
        "quantity": "10",
        "open-date": "2016-07-08 10:12:40 PST",
        "item-is-marketplace": "y",
        "product-id-type": "1",
        "item-condition": "11",
        "asin1": "B0ABC12345",
        "product-id": "B0ABC12345",
        "pending-quantity": "0",
        "fulfillment-channel": "AMAZON_NA",
        "merchant-shipping-group": "Migrated Template",
        "status": "Active",
    },
    {
        "item-name": '"Best" Coffee Mug NA edition',
        "listing-id": "0107QHIDPCT",
        "seller-sku": "SKU-2",
        "price": "5",
        "quantity": "0",
        "product-id-type": "2",
        "asin1": "0316769487",
        "product-id": "0316769487",
        "fulfillment-channel": "DEFAULT",
        "status": "Inactive",
    },
    {
        "item-name": "Phone Case for iPhone 15",
        "seller-sku": "1.23457E+11",
        "product-id-type": "3",
        "product-id": "8.85E+11",
        "fulfillment-channel": "DEFAULT",
        "status": "Incomplete",
    },
]


def write_all_listings_report(path: Path, encoding: str = "utf-8", newline: str = "\n") -> Path:
    return write_rows(
        path, by_header(ALL_LISTINGS_HEADER, ALL_LISTINGS_ROWS), encoding=encoding, newline=newline
    )


def write_excel_resaved(path: Path) -> Path:
    """The All Listings report after Excel's "Unicode Text" save: UTF-16 LE with BOM, CRLF,
    fields with tabs, quotes or line breaks quoted."""
    rows = [dict(r) for r in ALL_LISTINGS_ROWS]
    rows[0]["item-description"] = 'Soft cotton.\nMachine wash\tcold. He said "go'
    rows[1]["item-description"] = "Line one\r\nLine two\n\nLine four"
    return write_rows(
        path,
        by_header(ALL_LISTINGS_HEADER, rows),
        encoding="utf-16-le",
        bom=b"\xff\xfe",
        newline="\r\n",
        excel=True,
    )


SAMPLES = {
    "all_listings_utf8": lambda d: write_all_listings_report(d / "All+Listings+Report.txt"),
    "all_listings_cp1252_crlf": lambda d: write_rows(
        d / "all_api.txt",
        by_header(
            ALL_LISTINGS_HEADER,
            [*ALL_LISTINGS_ROWS, {"item-name": "Café Crème Mug", "seller-sku": "SKU-É"}],
        ),
        encoding="cp1252",
        newline="\r\n",
    ),
    "active_listings": lambda d: write_rows(
        d / "Active+Listings+Report.txt",
        by_header(ACTIVE_LISTINGS_HEADER, ALL_LISTINGS_ROWS[:2]),
        bom=b"\xef\xbb\xbf",
    ),
    "open_listings": lambda d: write_rows(
        d / "open.txt",
        by_header(
            OPEN_LISTINGS_HEADER,
            [{"sku": "00042", "asin": "B0ABC12345", "price": "12.99", "quantity": "10"}],
        ),
    ),
    "lite": lambda d: write_rows(
        d / "lite.txt",
        [["seller-sku", "quantity", "price", "product-id"], ["00042", "10", "12.99", "B0ABC12345"]],
    ),
    "liter": lambda d: write_rows(d / "liter.txt", [["seller-sku", "quantity"], ["00042", "10"]]),
    "excel_resaved_utf16": lambda d: write_excel_resaved(d / "All+Listings+Report.txt"),
    "flat_txt": lambda d: write_flat_txt(d / "Category+Listings+Report.txt"),
    "flat_xlsx": lambda d: write_flat_workbook(d / "flat.xlsx"),
    "flat_xlsm": lambda d: write_flat_workbook(d / "flat.xlsm"),
    "template_xlsx": lambda d: write_template_workbook(d / "template.xlsx"),
    "template_xlsm": lambda d: write_template_workbook(d / "template.xlsm"),
    "template_no_settings": lambda d: write_template_workbook(
        d / "nosettings.xlsx", settings=False
    ),
    **{
        f"localised_{lang}": (lambda d, lang=lang: write_localised(d / f"report_{lang}.txt", lang))
        for lang in LOCALISED_REPORTS
    },
}
