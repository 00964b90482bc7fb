"""Every export a seller downloads, generated in its real shape, read field by field."""

from __future__ import annotations

from pathlib import Path

import pytest
from export_samples import (
    CA,
    DE,
    LOCALISED_REPORTS,
    SAMPLES,
    US,
    write_all_listings_report,
    write_rows,
)

from listing_audit.exports.formats import FLAT_FILE, INVENTORY_REPORT, TEMPLATE
from listing_audit.exports.reader import ReadResult, read_exports
from listing_audit.model import Listing


def read(tmp_path: Path, sample: str) -> ReadResult:
    return read_exports([SAMPLES[sample](tmp_path)])


def by_sku(result: ReadResult) -> dict[str, Listing]:
    return {listing.sku: listing for listing in result.listings}


def warnings(result: ReadResult) -> list[str]:
    return [s.reason for s in result.skipped if s.kept]


# --- Inventory reports ----------------------------------------------------------------------


def test_all_listings_report_as_amazon_writes_it(tmp_path: Path) -> None:
    result = read(tmp_path, "all_listings_utf8")
    assert result.files[0].format == INVENTORY_REPORT
    assert result.files[0].encoding == "UTF-8"
    towel, mug, case = result.listings
    # Raw quotes are text: inch marks, a stray quote, a title that starts with a quote.
    assert towel.title == 'Bath Towel 30" x 56", Grey'
    assert towel.description == 'Soft cotton. He said "go'
    assert mug.title == '"Best" Coffee Mug NA edition'
    # IDs exactly as written: leading zeros, an ISBN-10 ASIN, an Excel-mangled SKU.
    assert (towel.sku, towel.asin) == ("00042", "B0ABC12345")
    assert (mug.sku, mug.asin) == ("SKU-2", "0316769487")
    assert case.sku == "1.23457E+11" and case.asin is None
    assert (towel.status, mug.status, case.status) == ("Active", "Inactive", "Incomplete")
    assert (towel.quantity, towel.fulfillment) == ("10", "AMAZON_NA")
    assert (towel.row, mug.row, case.row) == (2, 3, 4)
    assert towel.marketplace == "" and towel.variation == ""


def test_excel_mangled_ids_are_warnings_naming_row_and_column(tmp_path: Path) -> None:
    result = read(tmp_path, "all_listings_utf8")
    mangled = [s for s in result.skipped if "scientific notation" in s.reason]
    assert {(s.row, s.column) for s in mangled} == {(4, "seller-sku"), (4, "product-id")}
    assert all(s.kept for s in mangled)
    assert len(result.listings) == 3  # the row itself is kept


def test_api_download_in_windows_1252_with_crlf(tmp_path: Path) -> None:
    result = read(tmp_path, "all_listings_cp1252_crlf")
    assert result.files[0].encoding == "Windows-1252"
    last = result.listings[-1]
    assert (last.sku, last.title) == ("SKU-É", "Café Crème Mug")
    assert result.listings[0].title == 'Bath Towel 30" x 56", Grey'  # no stray \r anywhere
    assert all(not lst.status.endswith("\r") for lst in result.listings)


def test_active_listings_with_business_pricing_block_and_bom(tmp_path: Path) -> None:
    result = read(tmp_path, "active_listings")
    assert result.files[0].encoding == "UTF-8 with BOM"
    towel, mug = result.listings
    assert (towel.sku, towel.asin, towel.title) == ("00042", "B0ABC12345", towel.title)
    assert towel.status == ""  # the Active Listings report has no status column
    assert mug.asin == "0316769487"


def test_open_listings_and_lite_reports_bring_sku_and_asin(tmp_path: Path) -> None:
    for sample in ("open_listings", "lite"):
        listing = read(tmp_path, sample).listings[0]
        assert (listing.sku, listing.asin, listing.quantity) == ("00042", "B0ABC12345", "10")
    liter = read(tmp_path, "liter").listings[0]
    assert (liter.sku, liter.asin, liter.quantity) == ("00042", None, "10")


def test_excel_resaved_report_utf16_quoted_fields_with_tabs_and_newlines(tmp_path: Path) -> None:
    result = read(tmp_path, "excel_resaved_utf16")
    info = result.files[0]
    assert info.encoding.startswith("UTF-16")
    assert info.rows == 3 and info.continuation_lines == 4
    towel, mug, case = result.listings
    assert towel.title == 'Bath Towel 30" x 56", Grey'
    assert towel.description == 'Soft cotton.\nMachine wash\tcold. He said "go'
    assert mug.title == '"Best" Coffee Mug NA edition'
    assert mug.description == "Line one\r\nLine two\n\nLine four"
    assert (case.sku, case.row) == ("1.23457E+11", 8)  # rows 2-3 and 4-7 hold line breaks
    assert [lst.status for lst in result.listings] == ["Active", "Inactive", "Incomplete"]


@pytest.mark.parametrize("language", sorted(LOCALISED_REPORTS))
def test_localised_report_headers(tmp_path: Path, language: str) -> None:
    header, rows, encoding, _ = LOCALISED_REPORTS[language]
    result = read(tmp_path, f"localised_{language}")
    assert len(result.listings) == len(rows)
    assert result.files[0].format.startswith(INVENTORY_REPORT)
    for listing, row in zip(result.listings, rows, strict=True):
        values = list(row.values())
        assert listing.sku in values
        assert listing.title == values[0]
        assert listing.status in ("Active", "Inactive")
    if language not in {"tr"}:  # Turkish headers are English with Turkish in brackets
        assert result.files[0].format.endswith("headers")


def test_japanese_report_cp932_asin_from_product_id(tmp_path: Path) -> None:
    result = read(tmp_path, "localised_ja")
    assert result.files[0].encoding == "Shift_JIS (CP932)"
    assert "Japanese" in result.files[0].format
    nike, spatula = result.listings
    assert (nike.sku, nike.asin, nike.title) == (
        "JP-0001",
        "B0JP000001",
        "ナイキ風 スニーカー メンズ",
    )
    assert (nike.quantity, nike.fulfillment) == ("3", "AMAZON_JP")
    assert (spatula.sku, spatula.asin) == ("00077", None)  # product-id type 4 is an EAN


def test_chinese_report_gb18030(tmp_path: Path) -> None:
    result = read(tmp_path, "localised_zh")
    assert result.files[0].encoding == "GB18030"
    listing = result.listings[0]
    assert (listing.sku, listing.asin) == ("CN-BW-01", "B0CN000001")
    assert listing.title == "不锈钢保温杯 500毫升 星巴克同款"
    assert listing.description == "保冷24小时"


def test_german_and_french_reports_in_windows_1252(tmp_path: Path) -> None:
    german = read(tmp_path, "localised_de")
    assert german.files[0].encoding == "Windows-1252"
    first = german.listings[0]
    assert first.title == "Trinkflasche Edelstahl, Größe L – wie Stanley"
    assert (first.sku, first.asin, first.fulfillment) == ("DE-FL-01", "B0DE000001", "AMAZON_EU")
    french = read(tmp_path, "localised_fr")
    coque, livre = french.listings
    assert coque.title == "Coque pour iPhone 15, « transparente »"
    assert (coque.asin, livre.asin) == ("B0FR000001", None)  # type 2 is an ISBN, not an ASIN


# --- Flat files and templates ---------------------------------------------------------------


@pytest.mark.parametrize("sample", ["flat_txt", "flat_xlsx", "flat_xlsm"])
def test_flat_file_three_header_rows(tmp_path: Path, sample: str) -> None:
    result = read(tmp_path, sample)
    info = result.files[0]
    assert info.format == FLAT_FILE
    assert info.header_rows == 3 and info.rows == 3
    if sample != "flat_txt":
        assert info.sheets == ["Template"]  # not Instructions, Example, Data Definitions...
    listings = by_sku(result)
    assert set(listings) == {"TUMBLER-P", "TUMBLER-RED", "00042"}  # no ABC-EXAMPLE
    parent, red, mug = listings["TUMBLER-P"], listings["TUMBLER-RED"], listings["00042"]
    assert (parent.variation, parent.parent_sku) == ("parent", "")
    assert (red.variation, red.parent_sku) == ("child", "TUMBLER-P")
    assert red.asin == "B0FLAT0001"  # external_product_id with type ASIN
    assert red.title == "Brightwave Tumbler 40oz, Red - Stanley Quencher Dupe"
    assert red.brand == "Brightwave"
    assert red.bullets == ("Fits cup holders", 'Lid seals 100%, 30" straw', "", "", "NA")
    assert red.search_terms == "stanley cup tumbler"
    assert red.description == "Keeps drinks cold. Dishwasher safe."
    assert red.image_urls == (
        "https://m.media-amazon.com/images/I/61abcRED.jpg",
        "https://m.media-amazon.com/images/I/61abcRED2._AC_SL1500_.jpg",
    )
    assert red.quantity == "12"
    assert mug.title == "Café Crème Mug 12oz"
    assert mug.asin is None  # a UPC is not an ASIN


def test_flat_workbook_keeps_zero_padded_sku_stored_as_number(tmp_path: Path) -> None:
    result = read(tmp_path, "flat_xlsx")
    assert "00042" in by_sku(result)


@pytest.mark.parametrize("sample", ["template_xlsx", "template_xlsm", "template_no_settings"])
def test_attribute_path_template_one_listing_per_sku_and_marketplace(
    tmp_path: Path, sample: str
) -> None:
    result = read(tmp_path, sample)
    info = result.files[0]
    assert info.format == TEMPLATE and info.sheets == ["Template"]
    keys = [(lst.sku, lst.marketplace, lst.language) for lst in result.listings]
    assert keys == [
        ("TEE-P", US, "en_US"),
        ("TEE-P", CA, "en_CA"),
        ("TEE-P", CA, "fr_CA"),
        ("TEE-RED-M", US, "en_US"),
        ("TEE-RED-M", DE, "de_DE"),
        ("OLD-1", US if sample != "template_no_settings" else "", ""),
        ("TEE-BLU-M", US, "en_US"),
    ]
    # Amazon's example row (SKU ABC123) is never a listing.
    assert all(lst.sku != "ABC123" for lst in result.listings)
    parent_us, parent_en_ca, parent_fr_ca, red_us, red_de, _, _ = result.listings
    assert parent_us.variation == "parent" and parent_us.brand == "Acme"
    assert parent_en_ca.title == "Acme Cotton Tee (Canada)"
    assert parent_fr_ca.title == "T-shirt en coton Acme"
    assert parent_fr_ca.bullets[0] == "Coton doux"
    assert red_us.title == "Acme Cotton Tee, Red, M - Nike Style"
    assert red_us.asin == "B0TEMPL001"
    assert red_us.bullets == ("100% cotton", "", "Machine wash")
    assert red_us.description == "A soft tee."
    assert red_us.search_terms == "tee shirt nike"
    assert red_us.image_urls == (
        "https://m.media-amazon.com/images/I/71teeRED.jpg",
        "https://m.media-amazon.com/images/I/71teeRED2.jpg",
    )
    assert (red_us.variation, red_us.parent_sku) == ("child", "TEE-P")
    assert (red_us.quantity, red_us.fulfillment) == ("25", "DEFAULT")
    assert red_de.title == "Acme Baumwoll-T-Shirt, Rot, M"
    assert red_de.search_terms == "tshirt baumwolle"
    assert red_de.asin is None  # the suggested ASIN was given for amazon.com only
    # The price-only row identifies nothing: reported as a bad row, counted.
    assert info.bad_rows == 1
    bad = [s for s in result.skipped if not s.kept]
    assert [s.row for s in bad] == [12]
    mangled = [s for s in result.skipped if "scientific notation" in s.reason]
    assert mangled and mangled[0].row == 11
    assert "externally_assigned_product_identifier" in (mangled[0].column or "")


def test_template_settings_say_where_the_rows_are(tmp_path: Path) -> None:
    info = read(tmp_path, "template_xlsx").files[0]
    # Rows 1-5 (settings, blank, groups, labels, attribute paths) and the example on row 6.
    assert info.header_rows == 6
    assert info.rows == 5 and info.ignored == 1  # one blank row between the data rows


# --- Plain tables ----------------------------------------------------------------------------

CANONICAL_ROWS = [
    {
        "sku": "00042",
        "asin": "0316769487",
        "title": "Café Crème mug NA edition",
        "brand": "NA",
        "bullet_point1": "Holds 12 oz",
        "bullet_point5": "None",
        "description": 'Mug 4" tall',
        "search_terms": "mug cup",
        "image_urls": "https://example.com/a.jpg|https://example.com/b.jpg",
        "marketplace": "ATVPDKIKX0DER",
        "status": "Active",
    },
]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_canonical_csv_and_xlsx(make_export, fmt: str) -> None:
    result = read_exports([make_export(CANONICAL_ROWS, fmt=fmt)])
    listing = result.listings[0]
    assert (listing.sku, listing.asin, listing.brand) == ("00042", "0316769487", "NA")
    assert listing.title == "Café Crème mug NA edition"
    assert listing.bullets == ("Holds 12 oz", "", "", "", "None")
    assert listing.description == 'Mug 4" tall'
    assert listing.image_urls == ("https://example.com/a.jpg", "https://example.com/b.jpg")
    assert (listing.marketplace, listing.status) == ("ATVPDKIKX0DER", "Active")


def test_canonical_tsv(tmp_path: Path) -> None:
    header = ["sku", "asin", "title", "brand", "search_terms"]
    path = write_rows(tmp_path / "c.tsv", [header, ["00042", "B0ABC12345", "Mug", "NA", "cup"]])
    listing = read_exports([path]).listings[0]
    assert (listing.sku, listing.brand, listing.search_terms) == ("00042", "NA", "cup")


def test_semicolon_csv_from_european_excel(tmp_path: Path) -> None:
    rows = [
        ["sku", "title", "description", "brand"],
        ["DE-1", "Flasche; 1 Liter", 'Zeile eins\r\nZeile "zwei"', "Größe"],
        ["DE-2", "Dose", "", ""],
    ]
    path = write_rows(
        tmp_path / "de.csv", rows, encoding="cp1252", delimiter=";", excel=True, newline="\r\n"
    )
    result = read_exports([path])
    first, second = result.listings
    assert first.title == "Flasche; 1 Liter"
    assert first.description == 'Zeile eins\r\nZeile "zwei"'
    assert first.brand == "Größe"
    assert (second.sku, second.row) == ("DE-2", 4)
    assert result.files[0].continuation_lines == 1


def test_header_repeated_mid_file_is_skipped_and_counted(tmp_path: Path) -> None:
    first = write_all_listings_report(tmp_path / "a.txt").read_text(encoding="utf-8")
    joined = tmp_path / "joined.txt"
    joined.write_text(first + first, encoding="utf-8")  # two reports pasted together
    result = read_exports([joined])
    info = result.files[0]
    assert info.rows == 6 and info.ignored == 1
    assert any("repeats the header" in w for w in warnings(result))
    assert len(result.listings) == 3  # the same SKUs merged...
    assert any("appears again" in w for w in warnings(result))  # ...and said so


def test_blank_lines_trailing_delimiters_and_duplicated_headers(tmp_path: Path) -> None:
    path = tmp_path / "messy.txt"
    path.write_text(
        "seller-sku\titem-name\titem-name\tasin1\t\n"
        "\n"
        "S1\t\tSecond title\tB000000001\t\n"
        "   \n"
        "S2\tFirst\tOther\tB000000002\t\t\n",
        encoding="utf-8",
    )
    result = read_exports([path])
    s1, s2 = result.listings
    assert (s1.title, s2.title) == ("Second title", "First")  # first non-empty value
    assert result.files[0].ignored == 2
    assert any("written more than once" in w for w in warnings(result))
    assert not any("fields, the header has" in w for w in warnings(result))


def test_old_mac_excel_file_with_cr_line_ends(tmp_path: Path) -> None:
    path = write_rows(
        tmp_path / "mac.txt",
        [["seller-sku", "item-name", "asin1"], ["S1", "Mug", "B01"], ["S2", "Cup", "B02"]],
        encoding="mac_roman",
        newline="\r",
    )
    result = read_exports([path])
    assert [(lst.sku, lst.title) for lst in result.listings] == [("S1", "Mug"), ("S2", "Cup")]
    assert result.files[0].lines == 3
