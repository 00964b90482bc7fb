"""Reading exports: every row kept, IDs as written, Amazon's headers mapped."""

from __future__ import annotations

from pathlib import Path

import pytest

from listing_audit.errors import InputError
from listing_audit.exports.reader import read_exports

ROWS = [
    {
        "sku": "00042",
        "asin": "B0ABC12345",
        "title": 'Bath Towel 30" x 56", Grey',
        "description": "Soft cotton",
        "status": "Active",
    },
    {
        "sku": "SKU-2",
        "asin": "0316769487",
        "title": "Café Crème mug NA edition",
        "status": "Inactive",
    },
]


@pytest.mark.parametrize("fmt", ["all_listings", "csv", "xlsx"])
def test_every_row_is_read_with_ids_kept_as_text(make_export, fmt: str) -> None:
    result = read_exports([make_export(ROWS, fmt=fmt)])
    assert [listing.sku for listing in result.listings] == ["00042", "SKU-2"]
    assert [listing.asin for listing in result.listings] == ["B0ABC12345", "0316769487"]
    assert result.listings[0].title == 'Bath Towel 30" x 56", Grey'
    assert result.listings[1].title == "Café Crème mug NA edition"
    assert result.rows == 2


def test_all_listings_columns_map_to_canonical_fields(make_export) -> None:
    listing = read_exports([make_export(ROWS)]).listings[0]
    assert listing.description == "Soft cotton"
    assert listing.status == "Active"
    assert listing.row == 2  # the header is line 1
    assert listing.source.endswith(".txt")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_encodings_amazon_uses_are_decoded(make_export, encoding: str) -> None:
    result = read_exports([make_export(ROWS, encoding=encoding)])
    assert result.listings[1].title == "Café Crème mug NA edition"
    assert result.listings[0].sku == "00042"


def test_brand_na_is_not_erased(make_export) -> None:
    rows = [{"sku": "A1", "title": "Mug", "brand": "NA"}, {"sku": "A2", "title": "None"}]
    listings = read_exports([make_export(rows, fmt="csv")]).listings
    assert listings[0].brand == "NA"
    assert listings[1].title == "None"


def test_excel_quoted_tab_file_is_unquoted_but_inch_marks_stay(tmp_path: Path) -> None:
    path = tmp_path / "resaved.txt"
    path.write_text(
        "seller-sku\titem-name\tasin1\r\n"
        '"SKU-1"\t"Towel 30"" x 56"""\tB000000001\r\n'
        'SKU-2\tHe said "go\tB000000002\r\n',
        encoding="utf-8",
    )
    listings = read_exports([path]).listings
    assert listings[0].title == 'Towel 30" x 56"'
    assert listings[1].title == 'He said "go'


def test_asin_falls_back_to_product_id_when_type_is_asin(tmp_path: Path) -> None:
    path = tmp_path / "fr.txt"
    path.write_text(
        "sku-vendeur\tnom-produit\tid-produit\ttype-id-produit\n"
        "S1\tChaussure\tB0FR000001\t1\nS2\tLivre\t9780316769\t2\n",
        encoding="utf-8",
    )
    listings = read_exports([path]).listings
    assert [listing.asin for listing in listings] == ["B0FR000001", None]
    assert listings[0].title == "Chaussure"


def test_japanese_cp932_headers(tmp_path: Path) -> None:
    path = tmp_path / "jp.txt"
    text = "商品名\t出品者SKU\tASIN 1\tステータス\nナイキ風 スニーカー\tJP-1\tB0JP000001\tActive\n"
    path.write_bytes(text.encode("cp932"))
    listing = read_exports([path]).listings[0]
    assert (listing.sku, listing.asin, listing.title) == (
        "JP-1",
        "B0JP000001",
        "ナイキ風 スニーカー",
    )


def test_flat_file_with_three_header_rows_merges_with_report_by_sku(
    make_export, tmp_path: Path
) -> None:
    report = make_export([{"sku": "S1", "asin": "B0S1000001", "title": "Tumbler 40oz"}])
    flat = tmp_path / "flat.txt"
    flat.write_text(
        "TemplateType=fptcustom\tVersion=2024.0101\n"
        "Seller SKU\tBrand Name\tKey Product Features\tSearch Terms\n"
        "item_sku\tbrand_name\tbullet_point1\tgeneric_keywords\n"
        "S1\tAcme\tKeeps cold\ttumbler cup\n",
        encoding="utf-8",
    )
    result = read_exports([report, flat])
    assert len(result.listings) == 1
    listing = result.listings[0]
    assert (listing.asin, listing.brand, listing.bullets[0], listing.search_terms) == (
        "B0S1000001",
        "Acme",
        "Keeps cold",
        "tumbler cup",
    )
    assert result.rows == 2


def test_short_and_long_rows_are_kept_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "ragged.txt"
    path.write_text(
        "seller-sku\titem-name\tasin1\tstatus\n"
        "S1\tShort\n"
        "S2\tLong\tB000000002\tActive\textra\tmore\n",
        encoding="utf-8",
    )
    result = read_exports([path])
    assert [listing.sku for listing in result.listings] == ["S1", "S2"]
    assert {s.row for s in result.skipped} == {2, 3}


def test_row_with_no_identity_is_reported_not_silently_dropped(tmp_path: Path) -> None:
    path = tmp_path / "gaps.txt"
    path.write_text("seller-sku\titem-name\tprice\nS1\tMug\t3\n\t\t4\n", encoding="utf-8")
    result = read_exports([path])
    assert len(result.listings) == 1
    assert result.skipped[0].row == 3


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"\x00\x01\x02garbage\x00" * 50, "binary"),
        (b"price,quantity\n3,4\n", "no header row"),
    ],
)
def test_unusable_files_raise_input_error_naming_the_file(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        read_exports([path])
    assert message in str(info.value)
    assert str(path) in str(info.value)


def test_fake_xlsx_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    path.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(InputError, match="not a zip"):
        read_exports([path])


def test_missing_file_is_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        read_exports([tmp_path / "nope.txt"])
